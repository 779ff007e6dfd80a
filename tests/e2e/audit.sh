# The province's audit and tally, end to end with the real binaries: two
# communes, five kiosks (two in one village), ballots cast, polls closed
# with the officials' PIN, carried by USB export and imported.  The tally
# must equal an independent count made with the sqlite3 shell over the
# province database and compared by a Python script; the audit must pass
# the clean polls, and each tampering below must fail its numbered check
# and name the kiosk.
. "$TOP/tests/e2e/lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 shell not installed (apt-get install sqlite3)"
command -v python3 >/dev/null || skip "python3 not installed"
. "$TOP/tests/e2e/lib-audit.sh"

make_poll ntm-a 14001 "ban-mot:Bản Một" "ban-hai:Bản Hai"
make_poll ntm-b 14002 "ban-ba:Bản Ba"
make_kiosk a1 ntm-a 14001 "Bản Một"
make_kiosk a2 ntm-a 14001 "Bản Hai"
make_kiosk b1 ntm-b 14002 "Bản Ba"
make_kiosk b2 ntm-b 14002 "ban-ba"
"$CASTLOOP" "$T/k-a1" 12 >"$T/receipts-a1"
"$CASTLOOP" "$T/k-a2" 15 >/dev/null
"$CASTLOOP" "$T/k-b1" 11 >/dev/null
"$CASTLOOP" "$T/k-b2" 6 >/dev/null
# A clone of kiosk a1 before it closes: it can sign one ballot too many.
cp -a "$T/k-a1" "$T/k-a1-clone"
for k in a1:ntm-a a2:ntm-a b1:ntm-b b2:ntm-b; do
	close_kiosk "${k%%:*}" "${k#*:}"
done
grep -q "closing-ntm-a.bin: stored" "$T/import-a1.out" || fail "closing record not stored: $(cat "$T/import-a1.out")"
grep -q "events.bin: stored" "$T/import-a1.out" || fail "event log not stored"
ok "provisioned, cast, closed, exported, imported"

# Importing again is harmless.
"$PROV" import --dir "$T/prov" "$T/usb-a1" >"$T/out" || fail "re-import"
grep -q "closing-ntm-a.bin: already held" "$T/out" || fail "re-import: $(cat "$T/out")"

"$PROV" audit --dir "$T/prov" --poll ntm-a >"$T/audit" || { cat "$T/audit"; fail "clean poll ntm-a fails the audit"; }
grep -q "RESULT: PASS" "$T/audit" || fail "no PASS verdict"
[ "$(grep -c '^\[[1-8]\] PASS' "$T/audit")" -eq 8 ] || fail "not 8 PASS lines"
"$PROV" audit --dir "$T/prov" --poll ntm-b --threads 1 >/dev/null || fail "clean poll ntm-b fails"
ok "clean polls pass all 8 checks"

# --- The tally against an independent count -------------------------
"$PROV" tally --dir "$T/prov" --poll ntm-a --poll ntm-b --format csv -o "$T/tally.csv"
for p in ntm-a ntm-b; do
	n=${#p}
	# Ballot layout (docs/PROTOCOL.md): the kiosk key number starts at
	# byte 72+len(poll id), the answers at 83+len (1-based), after
	# flags and the u16 count.
	sqlite3 -csv "$T/prov/province.db" "
	    SELECT '$p', k.village, q.i, hex(substr(b.blob, 82 + $n + q.i, 1)), count(*)
	    FROM ballots b JOIN kiosks k ON k.keynum = substr(b.blob, 72 + $n, 8),
	         (SELECT 1 AS i UNION SELECT 2 UNION SELECT 3 UNION SELECT 4) q
	    WHERE b.poll = '$p' GROUP BY 1, 2, 3, 4"
done >"$T/independent.csv"
python3 - "$T/tally.csv" "$T/independent.csv" "$T/k-b2" <<'PY' || fail "tally differs from the independent count"
import csv, sys, collections
tally, indep = sys.argv[1], sys.argv[2]
qids = ["giao-thong", "dien", "uu-tien", "chung"]
names = {"ban-ba": "Bản Ba"}          # kiosk b2 registered by village id
want = collections.Counter()
for poll, village, q, ans, n in csv.reader(open(indep)):
    village = names.get(village, village)
    for unit in (("village", poll, village), ("commune", poll, ""), ("province", "", "")):
        want[unit + (qids[int(q) - 1], int(ans, 16))] += int(n)
got = collections.Counter()
for r in csv.DictReader(open(tally)):
    assert r["suppressed"] == "0", r
    unit = (r["level"], r["poll"], r["unit"] if r["level"] == "village" else "")
    for o in range(0, 11):
        v = r["no_opinion"] if o == 0 else r["opt%d" % o]
        if v not in ("", "0"):
            got[unit + (r["question"], o)] += int(v)
    # satisfied and rate from the counts, by the documented rule
    if r["kind"] == "satisfaction":
        assert int(r["satisfied"]) == int(r["opt1"]), r
    if r["kind"] == "scale":
        assert int(r["satisfied"]) == int(r["opt4"]) + int(r["opt5"]), r
    if r["rate_percent"]:
        assert abs(float(r["rate_percent"]) - 100.0 * int(r["satisfied"]) / int(r["answered"])) < 0.051, r
if got != want:
    for key in sorted(set(got) | set(want)):
        if got[key] != want[key]:
            print("differs:", key, "tally", got[key], "independent", want[key])
    sys.exit(1)
print("tally equals the independent count:", sum(v for k, v in want.items() if k[0] == "province") // 4, "ballots")
PY
ok "tally equals an independent sqlite3 count"
"$PROV" tally --dir "$T/prov" --poll ntm-a --poll ntm-b >"$T/tally.txt"
python3 -c 'import sys; w = [l for l in open(sys.argv[1], encoding="utf-8") if len(l.rstrip("\n")) > 80]; print("".join(w)); sys.exit(1 if w else 0)' "$T/tally.txt" || fail "text tally wider than 80 columns"
grep -q "Bản Ba" "$T/tally.txt" || fail "village missing from the text tally"
"$PROV" tally --dir "$T/prov" --poll ntm-a --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["rows"][-1]["level"]=="province"' || fail "json"
"$PROV" tally --dir "$T/prov" --poll ntm-a --format html -o "$T/tally.html"
grep -q "<svg" "$T/tally.html" && grep -q "@page" "$T/tally.html" || fail "html lacks charts or print style"
if grep -Eq "(src|href)=\"(https?:)?//" "$T/tally.html"; then fail "html loads something from outside"; fi
ok "text fits 80 columns; json, html"

# --- Tampering: each must fail its own check and name the kiosk -------
A1=$(keynum a1)
B1=$(keynum b1)
fresh() { rm -rf "$T/p2"; cp -a "$T/prov" "$T/p2"; }
# audit_fails CHECK KEYNUM POLL: the numbered check fails, naming KEYNUM.
audit_fails() {
	expect_fail 1 "$PROV" audit --dir "$T/p2" --poll "$3"
	cp "$T/out" "$T/last-audit"
	grep -q "^\[$1\] FAIL" "$T/out" || { cat "$T/out"; fail "check $1 did not fail"; }
	sed -n "/^\[$1\] FAIL/,/^\[/p" "$T/out" | grep -q "$2" || { cat "$T/out"; fail "check $1 does not name kiosk $2"; }
}

fresh	# an altered ballot: one answer byte changed
sqlite3 "$T/p2/province.db" "UPDATE ballots SET blob = substr(blob, 1, 87) ||
    CASE WHEN substr(blob, 88, 1) = X'01' THEN X'02' ELSE X'01' END || substr(blob, 89)
    WHERE id = (SELECT id FROM ballots WHERE poll = 'ntm-a' AND kiosk = X'$A1' LIMIT 1)"
audit_fails 3 "$A1" ntm-a
ok "altered ballot: check 3 fails, names the kiosk"

fresh	# a dropped ballot
sqlite3 "$T/p2/province.db" "DELETE FROM ballots WHERE id = (SELECT id FROM ballots WHERE poll = 'ntm-a' AND kiosk = X'$A1' LIMIT 1)"
audit_fails 7 "$A1" ntm-a
grep -q "MISSING BALLOTS" "$T/last-audit" || fail "dropped ballot not called missing"
ok "dropped ballot: check 7 fails, names the kiosk"

fresh	# an injected ballot: validly signed by a clone of kiosk a1
"$CASTLOOP" "$T/k-a1-clone" 1 >/dev/null
sqlite3 "$T/p2/province.db" "ATTACH '$T/k-a1-clone/kiosk.db' AS c;
    INSERT INTO ballots(id, poll, kiosk, batch, blob)
    SELECT id, 'ntm-a', X'$A1', X'00', blob FROM c.ballots WHERE id NOT IN (SELECT id FROM main.ballots)"
audit_fails 7 "$A1" ntm-a
grep -q "EXTRA BALLOTS" "$T/last-audit" || fail "injected ballot not called extra"
ok "injected ballot: check 7 fails, names the kiosk"

fresh	# a closing record, validly signed, whose totals do not match
"$B/tools/forge-closing" "$T/k-b1" ntm-b "$T/forged.bin"
sqlite3 "$T/p2/province.db" "UPDATE closings SET record = readfile('$T/forged.bin') WHERE kiosk = X'$B1'"
audit_fails 7 "$B1" ntm-b
grep -q "totals differ" "$T/last-audit" || fail "totals mismatch not named"
grep -q "^\[6\] PASS" "$T/last-audit" || fail "the forged record's signature should verify"
ok "closing record with wrong totals: check 7 fails, names the kiosk"

fresh	# a closing record changed after signing
sqlite3 "$T/p2/province.db" "UPDATE closings SET record = substr(record, 1, 60) || X'ff' || substr(record, 62) WHERE kiosk = X'$B1'"
audit_fails 6 "$B1" ntm-b
ok "altered closing record: check 6 fails, names the kiosk"

fresh	# a kiosk revoked from a time before its batches were accepted
"$PROV" kiosk revoke --dir "$T/p2" --from 01/01/2026 "$A1" >/dev/null
audit_fails 2 "$A1" ntm-a
ok "kiosk revoked before its batches: check 2 fails, names the kiosk"

fresh	# a broken event chain: one event's type edited
sqlite3 "$T/p2/province.db" "UPDATE eventlogs SET log = CAST(replace(CAST(log AS TEXT), 'poll-open', 'poll-opex') AS BLOB) WHERE kiosk = X'$B1'"
audit_fails 8 "$B1" ntm-b
grep -q "CHAIN BROKEN" "$T/last-audit" || fail "chain not called broken"
ok "broken event chain: check 8 fails, names the kiosk"

fresh	# a duplicated ballot under another row id
sqlite3 "$T/p2/province.db" "INSERT INTO ballots(id, poll, kiosk, batch, blob)
    SELECT X'00112233445566778899aabbccddeeff', poll, kiosk, batch, blob FROM ballots WHERE poll = 'ntm-b' LIMIT 1"
expect_fail 1 "$PROV" audit --dir "$T/p2" --poll ntm-b
grep -q "^\[5\] FAIL" "$T/out" || { cat "$T/out"; fail "duplicate id not found"; }
ok "duplicated ballot: check 5 fails"

# Import refuses a tampered record and an event log that forks.
"$B/tools/forge-closing" "$T/k-a2" ntm-a "$T/usb-a2/closing-ntm-a.bin"
expect_fail 1 "$PROV" import --dir "$T/prov" "$T/usb-a2"
expect_msg "SHA-256 does not match the MANIFEST"
echo "all audit and tally checks passed"
