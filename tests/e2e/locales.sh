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
# Tai Viet in the Thái catalog and the shipped polls' Thái texts is in
# Unicode's order: a prepended vowel (e, o, ue-a, aue, ay) comes before its
# consonant, and every vowel sign or tone mark sits on a letter.
if command -v python3 >/dev/null; then
	cat >"$TOP/.tv.$$.py" <<'PY'
import json, re, sys, unicodedata
PRE = "\uaab5\uaab6\uaab9\uaabb\uaabc"
def tai(c): return "\uaa80" <= c <= "\uaadf"
def cons(c): return "\uaa80" <= c <= "\uaaaf"
def check(where, s):
    bad = 0
    for i, c in enumerate(s):
        nxt = s[i + 1] if i + 1 < len(s) else ""
        prv = s[i - 1] if i else ""
        if c in PRE and not cons(nxt):
            print(f"{where}: {c!r} (U+{ord(c):04X}) not before a consonant: {s}"); bad += 1
        if tai(c) and unicodedata.category(c) == "Mn" and not tai(prv):
            print(f"{where}: mark U+{ord(c):04X} on no letter: {s}"); bad += 1
    return bad
bad = 0
po = open(sys.argv[1], encoding="utf-8").read()
for n, line in enumerate(po.splitlines(), 1):
    if not line.startswith("#"):
        bad += check(f"{sys.argv[1]}:{n}", line)
def walk(o, where):
    global bad
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "blt" and isinstance(v, str):
                bad += check(where, v)
            else:
                walk(v, f"{where}.{k}")
    elif isinstance(o, list):
        for i, v in enumerate(o):
            walk(v, f"{where}[{i}]")
for f in sys.argv[2:]:
    walk(json.load(open(f, encoding="utf-8")), f)
# A check that finds nothing wrong must still have seen Tai Viet.
sys.exit(1 if bad or not re.search("[\uaa80-\uaadf]", po) else 0)
PY
	python3 "$TOP/.tv.$$.py" locales/blt.po kiosk-config/polls/*.json ||
	    { rm -f "$TOP/.tv.$$"*; fail "Tai Viet out of order (above)"; }
	# The check sees a vowel typed after its consonant (ko, then ue-a).
	printf 'msgstr "\352\252\200\352\252\271"\n' >"$TOP/.tv.$$.po"
	python3 "$TOP/.tv.$$.py" "$TOP/.tv.$$.po" >/dev/null &&
	    { rm -f "$TOP/.tv.$$"*; fail "a misordered Tai Viet vowel went unseen"; }
	rm -f "$TOP/.tv.$$"*
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
