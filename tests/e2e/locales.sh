#!/bin/sh
# The catalogs: each .po passes msgfmt --check and has every message of
# the template; each language drafted here (Thái, Mông) says in its header
# that it is a draft for native review, so nobody takes it for reviewed.
# Coverage per language is printed as N/TOTAL (make check prints it too):
# Vietnamese must be complete, a draft may lag (its gaps show in vi).
set -u
TOP=${TOP:-$(pwd)}
cd "$TOP" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v msgfmt >/dev/null || { echo "msgfmt is not installed (gettext)" >&2; exit 77; }
for po in locales/*.po; do
	stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1) || fail "$po: $stats"
	# Coverage as N/TOTAL: a draft may lag behind a new string (the kiosk
	# shows it in Vietnamese), Vietnamese may not, and nothing is fuzzy.
	total=$(grep -c '^msgid ' locales/ykien.pot); total=$((total - 1))
	done_n=$(msgattrib --translated --no-fuzzy --no-obsolete "$po" | grep -c '^msgid ')
	done_n=$((done_n - 1))
	echo "$po: $done_n/$total translated ($stats)"
	case "$stats" in *fuzzy*) fail "$po: fuzzy translations: $stats" ;; esac
	[ "$po" != locales/vi.po ] || [ "$done_n" -eq "$total" ] ||
	    fail "$po: Vietnamese must translate every string ($done_n/$total)"
	msgcmp --use-untranslated "$po" locales/ykien.pot 2>"$TOP/.msgcmp.$$" ||
	    { r=$(cat "$TOP/.msgcmp.$$"); rm -f "$TOP/.msgcmp.$$"; fail "$po: not in step with ykien.pot: $r"; }
	rm -f "$TOP/.msgcmp.$$"
	case "$po" in
	locales/vi.po|locales/en.po) continue ;;
	esac
	grep -q '^"Review-Status: draft, needs native review\\n"$' "$po" ||
	    fail "$po: a drafted language must say 'Review-Status: draft, needs native review'"
	grep -q '^# TRANSLATORS: DRAFT' "$po" || fail "$po: no translator comment saying it is a draft"
done
# Every number, key, format and command of a message survives in each
# translation ("1 = ...", "*", "F12", "%s/closing-%s.txt", "--printer"):
# a reviewer's edit that drops one fails here, not on a kiosk.
if command -v python3 >/dev/null; then
	python3 - locales/*.po <<'PY' || fail "a translation lost a key, number or command (above)"
import re, sys
TOK = re.compile(r"%[-+ #0-9.]*(?:ll|l|h)?[a-zA-Z]|\b\d+\b|ykien-kiosk(?: [a-z]+)*|"
                 r"--[a-z-]+|\bF12\b|\*|\.txt(?:\.sig)?|\b(?:USB|PIN|QR|MiB)\b|"
                 r"cups-client|lpstat -p|statvfs|<<|\^|\[|\]")
def unq(s):
    return s.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
bad = 0
for f in sys.argv[1:]:
    for block in re.split(r"\n\s*\n", open(f, encoding="utf-8").read()):
        m = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', block, re.M)
        if not m:
            continue
        mid, mstr = ("".join(unq(x) for x in re.findall(r'"(.*)"', g)) for g in m.groups())
        if not mid or not mstr:
            continue
        for t in set(TOK.findall(mid)):
            if mstr.count(t) < mid.count(t):
                print(f"{f}: {t!r} lost in {mstr!r}"); bad += 1
sys.exit(1 if bad else 0)
PY
fi
# The template is the sources' strings: a new _("...") not yet in it fails.
if command -v xgettext >/dev/null; then
	tmp=$(mktemp)
	xgettext --from-code=UTF-8 -k_ -kN_ --add-comments=TRANSLATORS --no-location \
	    --sort-output -o "$tmp" src/*.c || fail "xgettext"
	a=$(grep '^msgid' "$tmp" | sort); b=$(grep '^msgid' locales/ykien.pot | sort)
	rm -f "$tmp"
	[ "$a" = "$b" ] || fail "locales/ykien.pot is stale: regenerate it with xgettext"
fi
echo ok
