# Small-count suppression against a differencing attack, end to end: two
# polls (communes) with villages under k = 10, real kiosks, a real close,
# USB export and import, then `tally --poll A --poll B` in CSV and JSON.
# The attacker takes every published number: every pair of rows where one
# unit holds the other, every parent minus its published children, and
# (exhaustively) every set of kiosks whose sum the published rows
# determine.  None may come to between 1 and k-1 ballots.  Then publish
# must leave out the closing records and sheets of the withheld kiosks.
. "$TOP/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
. "$TOP/tests/e2e/lib-audit.sh"

make_poll ntm-a 14001 "ban-mot:Bản Một" "ban-hai:Bản Hai" "ban-bay:Bản Bảy"
make_poll ntm-b 14002 "ban-ba:Bản Ba"
# name poll commune village ballots
set -- a1:ntm-a:14001:ban-mot:12 a2:ntm-a:14001:ban-hai:4 \
    a3:ntm-a:14001:ban-bay:11 a4:ntm-a:14001:ban-bay:10 b1:ntm-b:14002:ban-ba:3
for s in "$@"; do
	IFS=: read -r n p c v cnt <<EOF
$s
EOF
	make_kiosk "$n" "$p" "$c" "$v"
	"$CASTLOOP" "$T/k-$n" "$cnt" >/dev/null
	close_kiosk "$n" "$p"
	echo "$n $p $v $cnt $(keynum "$n")" >>"$T/kiosks"
done
ok "five kiosks closed and imported (12, 4, 11+10, 3 ballots)"

"$PROV" tally --dir "$T/prov" --poll ntm-a --poll ntm-b --format csv -o "$T/t.csv"
"$PROV" tally --dir "$T/prov" --poll ntm-a --poll ntm-b --format json -o "$T/t.json"
"$PROV" tally --dir "$T/prov" --poll ntm-a --poll ntm-b >"$T/t.txt"
"$PROV" tally --dir "$T/prov" --poll ntm-a --poll ntm-b --format html -o "$T/t.html"

python3 - "$T/t.csv" "$T/t.json" "$T/kiosks" 10 <<'PY' || fail "differencing attack"
import csv, json, sys, itertools
from fractions import Fraction
tcsv, tjson, kfile, k = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
kiosks = [l.split() for l in open(kfile)]          # name poll village n key
def members(level, poll, vid):
    return frozenset(i for i, (n, p, v, c, key) in enumerate(kiosks)
        if level == "province" or (p == poll and (level == "commune" or v == vid)))
# Published rows: unit -> {question: counts by option (no opinion first)}
rows, units = {}, {}
for r in csv.DictReader(open(tcsv)):
    u = (r["level"], r["poll"], r["village_id"])
    units[u] = members(*u)
    if r["suppressed"] == "1":
        for f in ("ballots", "opt1", "satisfied", "rate_percent", "verdict"):
            assert r[f] == "", ("withheld row shows " + f, r)
        continue
    vec = [int(r["no_opinion"] or 0)] + [int(r["opt%d" % o]) for o in range(1, 11) if r["opt%d" % o] != ""]
    rows.setdefault(u, {})[r["question"]] = vec
pub = {u: units[u] for u in rows}
assert any(u not in pub for u in units), "nothing withheld: the test lost its point"
small = lambda n: 0 < n < k
checked = 0
# 1. every pair where one unit holds the other
for x, y in itertools.permutations(rows, 2):
    if pub[y] < pub[x]:
        for q in rows[x]:
            d = [a - b for a, b in zip(rows[x][q], rows[y][q])]
            assert not small(sum(d)), ("pair", x, y, q, d)
            checked += 1
# 2. every parent minus its published children
for x in rows:
    kids = [y for y in rows if pub[y] < pub[x] and not any(pub[y] < pub[z] < pub[x] for z in rows)]
    for q in rows[x]:
        d = list(rows[x][q])
        for y in kids:
            d = [a - b for a, b in zip(d, rows[y][q])]
        assert not small(sum(d)), ("parent minus children", x, kids, q, d)
        checked += 1
# 3. exhaustive: every set of kiosks whose sum is in the span of the rows
n = len(kiosks)
basis = []
def reduce(v):
    v = list(v)
    for piv, b in basis:
        if v[piv]:
            f = v[piv] / b[piv]
            v = [a - f * c for a, c in zip(v, b)]
    return v
for u in pub:
    v = reduce([Fraction(int(i in pub[u])) for i in range(n)])
    nz = [i for i in range(n) if v[i]]
    if nz:
        basis = [(p, [a - (b[nz[0]] / v[nz[0]]) * c for a, c in zip(b, v)]) for p, b in basis]
        basis.append((nz[0], v))
for s in range(1, 1 << n):
    total = sum(int(kiosks[i][3]) for i in range(n) if s >> i & 1)
    if small(total) and not any(reduce([Fraction(s >> i & 1) for i in range(n)])):
        sys.exit("kiosks %s (%d ballots) can be worked out" % ([kiosks[i][0] for i in range(n) if s >> i & 1], total))
    checked += 1
# The JSON says the same, and a withheld row has no verdict.
for r in json.load(open(tjson))["rows"]:
    if r["suppressed"]:
        assert "verdict" not in r and "ballots" not in r and "questions" not in r, r
print("differencing attack: %d differences tried, no count under %d found" % (checked, k))
PY
ok "no count under k can be worked out from the two-poll tally"
grep -q "withheld" "$T/t.txt" || fail "text tally does not say what is withheld"
grep -q "withheld" "$T/t.html" || fail "html tally does not say what is withheld"
if grep -q "ĐẠT" "$T/t.txt" && ! grep -q "Xã / commune" "$T/t.txt"; then fail "verdict on a withheld row"; fi

# The sheets posted by kiosks under k: ballot count and set hash, no totals.
for n in a2 b1; do
	sheet="$T/k-$n/closing-$(sed -n "s/^$n \([^ ]*\) .*/\1/p" "$T/kiosks").txt"
	grep -q "^ *Số phiếu: [34]$" "$sheet" || fail "sheet of $n lacks its ballot count"
	grep -q "Mã băm tập phiếu" "$sheet" || fail "sheet of $n lacks the set hash"
	if grep -q "^ *Câu [0-9]" "$sheet"; then fail "sheet of $n (under k) shows a question's totals"; fi
done
grep -q "^ *Câu 1:" "$T/k-a1/closing-ntm-a.txt" || fail "sheet of a1 (12 ballots) lacks its totals"
YKIEN_PIN_OFFICIAL=246813 "$KIOSK" closing --dir "$T/k-b1" --qr --poll ntm-b >"$T/qr" 2>&1 || { cat "$T/qr"; fail "closing --qr"; }
grep -Eq "^YKIEN1 CLOSING ntm-b [0-9a-f]{16} 3 [0-9a-f]{64} - [0-9a-f]{64}$" "$T/qr" || fail "QR of b1 under k: $(cat "$T/qr")"
ok "sheets and QR codes under k show the count and set hash, no totals"

# Publish: the withheld kiosks' records and sheets stay out.
"$PROV" publish --dir "$T/prov" --poll ntm-a --out "$T/pub" >/dev/null || { "$PROV" audit --dir "$T/prov" --poll ntm-a; fail "publish"; }
while read -r n p v cnt key; do
	[ "$p" = ntm-a ] || continue
	case $n in
	a1)	[ ! -e "$T/pub/closing-ntm-a-$key.bin" ] && [ ! -e "$T/pub/closing-ntm-a-$key.txt" ] ||
		    fail "withheld kiosk $n: its closing record or sheet is published"
		grep -q "^ballots: $cnt$" "$T/pub/closing-ntm-a-$key.withheld.txt" ||
		    fail "withheld kiosk $n: no note with its ballot count";;
	a2)	# under k: the short sheet it posted is published, the record not
		[ ! -e "$T/pub/closing-ntm-a-$key.bin" ] || fail "record of kiosk $n (4 ballots) published"
		cmp -s "$T/usb-$n/closing-ntm-a.txt" "$T/pub/closing-ntm-a-$key.txt" || fail "short sheet of $n not published as posted"
		if command -v signify-openbsd >/dev/null; then
			signify-openbsd -Vq -p "$T/pub/kiosk-$key.pub" -x "$T/pub/closing-ntm-a-$key.txt.sig" \
			    -m "$T/pub/closing-ntm-a-$key.txt" || fail "short sheet signature"
		fi;;
	*)	[ -e "$T/pub/closing-ntm-a-$key.bin" ] || fail "kiosk $n: record not published";;
	esac
done <"$T/kiosks"
ok "publish leaves out the withheld kiosks' records and sheets"
