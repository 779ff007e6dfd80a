# Revocation from a time, and corrections.  A kiosk revoked from now keeps
# the ballots accepted before: the audit passes and reports them, and
# they are counted and published.  A revocation back-dated past accepted
# batches fails audit check 2; publish --exclude-revoked then goes ahead
# without that kiosk and says so in the publication.  Nothing of a revoked
# kiosk is accepted after its time.  kiosk amend corrects the commune or
# village of a kiosk with no accepted batch, and only of such a kiosk.
# A revocation time past 2038 holds (a 64-bit column on both backends).
# Run on SQLite and on PostgreSQL (tests/run.sh).
. "$TOP/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
. "$TOP/tests/e2e/lib-audit.sh"

two_kiosks	# poll ntm-a, a1 (12 ballots, closed) and a2 (11, open)
close_kiosk a2 ntm-a
A1=$(keynum a1)
A2=$(keynum a2)

# Revoked from now: its 12 ballots, accepted before, are kept.
"$PROV" kiosk revoke --dir "$T/prov" --from now "$A1" >"$T/out"
grep -q "revoked from [0-9][0-9]/[0-9][0-9]/20[0-9][0-9] [0-9][0-9]:[0-9][0-9] (UTC+7)" "$T/out" || fail "revoke: $(cat "$T/out")"
"$PROV" kiosk list --dir "$T/prov" | grep "^$A1" | grep -q "REVOKED from" || fail "list does not show the revocation"
"$PROV" audit --dir "$T/prov" --poll ntm-a >"$T/audit" || { cat "$T/audit"; fail "audit fails a kiosk revoked after its batches"; }
grep -q "note: kiosk $A1 .*REVOKED from .*its 12 ballots, all accepted before then, are kept" "$T/audit" || { cat "$T/audit"; fail "audit does not report the kept ballots"; }
"$PROV" tally --dir "$T/prov" --poll ntm-a --format csv -o "$T/t.csv"
python3 - "$T/t.csv" <<'PY' || fail "the kept ballots are not counted"
import csv, sys
r = {(x["level"], x["village_id"]): x for x in csv.DictReader(open(sys.argv[1]))}
assert r[("commune", "")]["ballots"] == "23", r[("commune", "")]
assert r[("village", "ban-mot")]["ballots"] == "12"
PY
"$PROV" publish --dir "$T/prov" --poll ntm-a --out "$T/pub" >/dev/null || fail "publish with a kiosk revoked after its batches"
awk -F '\t' -v k="$A1" '$1 == k && $7 == "revoked" && $8 ~ /^20[0-9-]+T[0-9:]+Z$/ { f = 1 } END { exit !f }' "$T/pub/kiosks.txt" ||
    { cat "$T/pub/kiosks.txt"; fail "kiosks.txt does not show the revocation and its time"; }
grep -q "^# none" "$T/pub/excluded.txt" || fail "excluded.txt should name no kiosk"
ok "revoked from now: the ballots accepted before are kept, audited, counted and published"

# Nothing of a revoked kiosk is accepted after its time.
make_kiosk a3 ntm-a 14001 "Bản Hai"
"$CASTLOOP" "$T/k-a3" 10 >/dev/null
"$PROV" kiosk revoke --dir "$T/prov" "$(keynum a3)" >/dev/null
mkdir "$T/s3"
"$KIOSK" export --dir "$T/k-a3" --to "$T/s3" >/dev/null
expect_fail 1 "$PROV" import --dir "$T/prov" "$T"/s3/ykien-*
expect_msg "revoked"
ok "a batch sent after the revocation is refused"

# Back-dated past its accepted batches: check 2 fails, naming the kiosk.
clone_store "$T/prov" "$T/p2"
"$PROV" kiosk revoke --dir "$T/p2" --from 01/01/2026 "$A2" >/dev/null
expect_fail 1 "$PROV" audit --dir "$T/p2" --poll ntm-a
grep -q "^\[2\] FAIL" "$T/out" || { cat "$T/out"; fail "check 2 passes late ballots"; }
grep -q "kiosk $A2 .*REVOKED from 01/01/2026 00:00 (UTC+7): 11 ballots in 1 batches accepted at or after it" "$T/out" || { cat "$T/out"; fail "late ballots not named"; }
expect_fail 1 "$PROV" publish --dir "$T/p2" --poll ntm-a --out "$T/pub2"
[ ! -e "$T/pub2/results.csv" ] || fail "published despite the failed audit"
# Revoking again cannot move the time later.
"$PROV" kiosk revoke --dir "$T/p2" --from 01/06/2026 "$A2" >/dev/null
"$PROV" kiosk list --dir "$T/p2" | grep "^$A2" | grep -q "REVOKED from 01/01/2026 00:00" || fail "a second revocation moved the time later"
"$PROV" publish --dir "$T/p2" --poll ntm-a --out "$T/pub2" --exclude-revoked >/dev/null || fail "publish --exclude-revoked"
(cd "$T/pub2" && signify-openbsd -Cq -p province.pub -x SHA256.sig) 2>/dev/null || ! command -v signify-openbsd >/dev/null || fail "excluded.txt not covered by SHA256.sig"
for k in "$A1" "$A2"; do
	grep -q "^$k	.*its key was revoked from .*--exclude-revoked: none of its ballots is counted" "$T/pub2/excluded.txt" ||
	    { cat "$T/pub2/excluded.txt"; fail "excluded.txt does not say kiosk $k was left out and why"; }
done
grep -q "left out with its 11 ballots (--exclude-revoked)" "$T/pub2/audit.txt" || fail "the published audit does not say what was left out"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["ballots_not_counted"] == 23, d["ballots_not_counted"]' "$T/pub2/results.json" ||
    fail "results.json does not count the left-out ballots as not counted"
ok "back-dated: check 2 fails; --exclude-revoked publishes without the kiosk and says why"

# amend: a commune typo at kiosk add, corrected before any batch.
"$KIOSK" init --dir "$T/k-a4" --province-key "$T/prov/province.pub" --commune 14001 --village "Bản Hai" >/dev/null
"$PROV" kiosk add --dir "$T/prov" --key "$T/k-a4/kiosk.pub" --commune 14011 --village "Bản Hia" >/dev/null
"$PROV" kiosk amend --dir "$T/prov" --key "$T/k-a4/kiosk.pub" --commune 14001 --village "Bản Hai" >"$T/out" || fail "amend"
grep -q "commune 14001, village Bản Hai (was 14011, Bản Hia)" "$T/out" || fail "amend: $(cat "$T/out")"
"$PROV" kiosk list --dir "$T/prov" | grep "^$(keynum a4)" | grep -q "14001  Bản Hai" || fail "amend did not change the registry"
expect_fail 1 "$PROV" kiosk amend --dir "$T/prov" --village "Bản Ba" "$A2"
expect_msg "has 1 accepted batch"
expect_fail 1 "$PROV" kiosk amend --dir "$T/prov" --village "Bản Ba" "$(keynum a3)"
expect_msg "no unrevoked kiosk"
expect_fail 2 "$PROV" kiosk amend --dir "$T/prov" --commune 1400 "$A2"
ok "amend corrects a kiosk with no batch; refuses one with batches or revoked"

# Past 2038: the revocation time is 64 bits on both backends (migration 6).
"$PROV" kiosk revoke --dir "$T/prov" --from 01/01/2040 "$(keynum a4)" >/dev/null || fail "revoke from 2040"
"$PROV" kiosk list --dir "$T/prov" | grep "^$(keynum a4)" | grep -q "REVOKED from 01/01/2040 00:00" ||
    { "$PROV" kiosk list --dir "$T/prov"; fail "a revocation from 2040 was not kept"; }
ok "a revocation from 2040 is kept"
