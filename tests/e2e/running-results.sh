# No running results: tally and publish refuse a poll that is not over
# (its end date not past, or a registered kiosk of its commune without a
# closing record).  tally --preliminary counts anyway: logged, and marked
# in every format; publish refuses it and never writes a thing.
. "$TOP/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
. "$TOP/tests/e2e/lib-audit.sh"

two_kiosks	# poll ntm-a, a1 (12 ballots, closed) and a2 (11, open)
# Kiosk a2 is still open: a running result would be per village.
expect_fail 1 "$PROV" tally --dir "$T/prov" --poll ntm-a
expect_msg "1 registered kiosk of commune 14001 has no valid closing record"
expect_msg "--preliminary"
expect_fail 1 "$PROV" publish --dir "$T/prov" --poll ntm-a --out "$T/pub"
expect_msg "nothing published"
[ ! -e "$T/pub/results.csv" ] || fail "publish wrote results of an open poll"
ok "tally and publish refuse while a kiosk of the commune has not closed"

# --preliminary: logged and marked everywhere; never published.
for f in text csv json html; do
	"$PROV" tally --dir "$T/prov" --poll ntm-a --preliminary --format $f -o "$T/pre.$f" 2>"$T/err" ||
	    { cat "$T/err"; fail "tally --preliminary --format $f"; }
	grep -q PRELIMINARY "$T/err" || fail "no warning on stderr"
done
[ "$(grep -c "preliminary tally of ntm-a: poll ntm-a: 1 registered kiosk" "$T/prov/preliminary.log")" -eq 4 ] ||
    { cat "$T/prov/preliminary.log"; fail "preliminary tallies not logged"; }
[ "$(grep -c "PRELIMINARY" "$T/pre.text")" -eq 2 ] || fail "text not marked at both ends"
grep -q 'class="prelim"' "$T/pre.html" && grep -q "position:fixed" "$T/pre.html" || fail "html not marked on every page"
python3 - "$T/pre.csv" "$T/pre.json" <<'PY' || fail "csv or json not marked"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert rows and all(r["status"] == "preliminary" for r in rows), rows[0]
assert json.load(open(sys.argv[2]))["status"] == "preliminary"
PY
expect_fail 2 "$PROV" publish --dir "$T/prov" --poll ntm-a --out "$T/pub" --preliminary
expect_msg "never published"
[ ! -e "$T/pub" ] || fail "publish --preliminary wrote something"
ok "--preliminary is logged, marked in text, csv, json and html, and never published"

# Once every kiosk has closed: final, and marked so.
close_kiosk a2 ntm-a
"$PROV" tally --dir "$T/prov" --poll ntm-a --format csv -o "$T/final.csv"
python3 -c 'import csv, sys; assert all(r["status"] == "final" for r in csv.DictReader(open(sys.argv[1])))' "$T/final.csv" || fail "final tally not marked final"
ok "every kiosk closed and the end date past: the tally is final"

# A poll whose end date is not past (it ends at the end of that day, UTC+7).
python3 - "$T/ntm-a.json" "$T/ntm-z.json" <<'PY'
import json, sys, datetime
p = json.load(open(sys.argv[1]))
p["id"] = "ntm-z"
p["commune"]["code"] = "14009"
today = (datetime.datetime.utcnow() + datetime.timedelta(hours=7)).date()
p["period"] = {"opens": "2026-01-01", "closes": today.isoformat()}
json.dump(p, open(sys.argv[2], "w"), ensure_ascii=False)
PY
"$PROV" poll sign --dir "$T/prov" "$T/ntm-z.json" >/dev/null
"$PROV" poll add --dir "$T/prov" "$T/ntm-z.json" >/dev/null
expect_fail 1 "$PROV" tally --dir "$T/prov" --poll ntm-z
expect_msg "no results before its end date"
expect_fail 1 "$PROV" tally --dir "$T/prov" --poll ntm-a --poll ntm-z
expect_msg "no results before its end date"
expect_fail 1 "$PROV" publish --dir "$T/prov" --poll ntm-z --out "$T/pub-z"
expect_msg "no results before its end date"
ok "a poll on or before its end date is refused, alone or with another"
