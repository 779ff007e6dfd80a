# The tally counts without re-verifying, and stays honest about it: the
# counts kept at intake give the figures; they are "UNAUDITED" until
# `audit` has re-verified every ballot, found the counts equal to its
# recount and recorded a signed result naming the store's digest.  A
# tampered count, or a new batch, makes them unaudited again; the audit
# catches the tampering, and tally --audit refuses to give figures.
. tests/e2e/collector.lib

province "$T/prov"
kiosk "$T/k1" "$T/prov"
kiosk "$T/k2" "$T/prov"
serve "$T/prov"
"$CAST" "$T/k1" 31
"$CAST" "$T/k2" 17
for k in k1 k2; do
	"$K" poll close --dir "$T/$k" demo-2026 >/dev/null
	"$K" upload --dir "$T/$k" --url "$URL" >/dev/null || fail "$k: upload"
done
# --preliminary: the demo poll runs till the end of the year.
tally() { "$P" tally --dir "$T/prov" --poll demo-2026 --no-suppress --preliminary "$@"; }
n=$(sql "$T/prov/province.db" "SELECT n FROM counts WHERE q = -1" | awk '{ s += $1 } END { print s }')
[ "$n" -eq 48 ] || fail "counts kept at intake: $n ballots"

# Before any audit: figures, said to be unaudited.
tally --format csv >"$T/t0.csv" 2>"$T/err" || fail "tally: $(cat "$T/err")"
grep -q "UNAUDITED" "$T/err" || fail "not said to be unaudited"
tally >"$T/t0.txt" 2>/dev/null
head -n 1 "$T/t0.txt" | grep -q "^UNAUDITED" || fail "text tally lacks the banner"

# The audit passes, checks the counts and records its result.
"$P" audit --dir "$T/prov" --poll demo-2026 >"$T/audit" ||
    { cat "$T/audit"; fail "audit"; }
grep -q "^\[counts\] PASS" "$T/audit" || fail "counts check"
grep -q "^audit recorded" "$T/audit" || { cat "$T/audit"; fail "not recorded"; }
[ "$(sql "$T/prov/province.db" "SELECT count(*) FROM audits")" -eq 1 ] || fail "audits row"
tally --format csv >"$T/t1.csv" 2>"$T/err" || fail "tally after audit"
grep -q "UNAUDITED" "$T/err" && fail "audited figures said to be unaudited"
cmp -s "$T/t0.csv" "$T/t1.csv" || fail "figures changed with the audit"
# The recorded result checks with signify-openbsd, with no ykien code.
if command -v signify-openbsd >/dev/null; then
	col=result
	[ -f "$T/prov/db.url" ] && col="convert_from(result, 'UTF8')"
	sql "$T/prov/province.db" "SELECT $col FROM audits" >"$T/result.txt"
	sql "$T/prov/province.db" "SELECT sig FROM audits" >"$T/result.txt.sig"
	# psql and sqlite3 add a newline after each value; the result ends
	# with one of its own.
	python3 -c 'import sys; p=sys.argv[1]; b=open(p,"rb").read(); open(p,"wb").write(b[:-1])' "$T/result.txt"
	signify-openbsd -V -q -p "$T/prov/province.pub" -x "$T/result.txt.sig" \
	    -m "$T/result.txt" || fail "the recorded result does not verify"
	grep -q "^digest $(digest "$T/prov")$" "$T/result.txt" || fail "result names another digest"
fi
echo "ok: audited counts: tally without re-verifying"

# Tamper with a count: unaudited again; the audit says where; --audit refuses.
sqlw "$T/prov/province.db" "UPDATE counts SET n = n + 5 WHERE q = 0 AND opt = 1"
tally --format csv >"$T/t2.csv" 2>"$T/err" || fail "tally after tampering"
grep -q "UNAUDITED" "$T/err" || fail "tampered counts not said to be unaudited"
cmp -s "$T/t0.csv" "$T/t2.csv" && fail "tampering did not show in the counts"
expect() { set +e; "$@" >"$T/out" 2>"$T/err"; rc=$?; set -e; }
expect "$P" audit --dir "$T/prov" --poll demo-2026
[ $rc -eq 1 ] || fail "audit of tampered counts: exit $rc"
grep -q "^\[counts\] FAIL" "$T/out" || fail "counts check did not fail"
grep -q "question 1, option 1: .* at intake" "$T/out" || { cat "$T/out"; fail "difference not named"; }
expect tally --audit --format csv
[ $rc -eq 1 ] || fail "tally --audit on tampered counts: exit $rc"
grep -q "no figures until it passes" "$T/err" || fail "tally --audit: $(cat "$T/err")"
# Undone, the store is again the one the audit signed.
sqlw "$T/prov/province.db" "UPDATE counts SET n = n - 5 WHERE q = 0 AND opt = 1"
tally --format csv >"$T/t3.csv" 2>"$T/err"
grep -q "UNAUDITED" "$T/err" && fail "restored store still unaudited"
echo "ok: tampered counts caught"

# A new batch changes the store: unaudited until tally --audit.
"$K" poll open --dir "$T/k1" demo-2026 >/dev/null 2>&1 || true
kiosk "$T/k3" "$T/prov"
# 25: a batch leaves with k (10) still waiting behind it.
"$CAST" "$T/k3" 25
"$K" upload --dir "$T/k3" --url "$URL" >/dev/null || fail "k3: upload"
tally --format csv >/dev/null 2>"$T/err"
grep -q "store changed after the last audit" "$T/err" || fail "new batch: $(cat "$T/err")"
expect tally --audit --format csv
# k3 has no closing record yet: the audit fails its check 7, no figures.
[ $rc -eq 1 ] || fail "tally --audit with a kiosk not closed: exit $rc"
"$K" poll close --dir "$T/k3" demo-2026 >/dev/null
"$K" upload --dir "$T/k3" --url "$URL" >/dev/null
tally --audit --format csv >"$T/t4.csv" 2>"$T/err" || fail "tally --audit: $(cat "$T/err")"
grep -q "^audit recorded" "$T/err" || fail "tally --audit did not record"
tally --format csv >"$T/t5.csv" 2>"$T/err"
grep -q "UNAUDITED" "$T/err" && fail "still unaudited after tally --audit"
cmp -s "$T/t4.csv" "$T/t5.csv" || fail "counts and recount differ"
echo "ok: a new batch: unaudited until audited again"

# A store from before counts at intake (schema 4): migration 5 gives it
# empty counts; the audit fills them from its recount, the next records.
# The ballots as schema 4 had them: keyed by (poll, kiosk, id), two indexes.
V4="DROP TABLE counts; DROP TABLE audits;
CREATE TABLE b4(id BLOB NOT NULL, poll TEXT NOT NULL, kiosk BLOB NOT NULL,
  batch BLOB NOT NULL, blob BLOB NOT NULL, PRIMARY KEY(poll, kiosk, id)) WITHOUT ROWID;
INSERT INTO b4 SELECT id, poll, kiosk, batch, blob FROM ballots;
DROP TABLE ballots; ALTER TABLE b4 RENAME TO ballots;
CREATE INDEX ballots_poll ON ballots(poll, id);
CREATE INDEX ballots_id ON ballots(id);
PRAGMA user_version = 4;"
if [ -f "$T/prov/db.url" ]; then
	V4=$(echo "$V4" | sed -e 's/ WITHOUT ROWID//' -e 's/BLOB/BYTEA/g' \
	    -e 's/PRAGMA user_version =/UPDATE ykien_schema SET version =/')
fi
sqlw "$T/prov/province.db" "$V4"
expect "$P" audit --dir "$T/prov" --poll demo-2026
[ $rc -eq 0 ] || { cat "$T/out"; fail "audit of a migrated store: exit $rc"; }
grep -q "given the recount's" "$T/out" || fail "counts not filled"
"$P" audit --dir "$T/prov" --poll demo-2026 | grep -q "^audit recorded" ||
    fail "second audit of a migrated store did not record"
tally --format csv >"$T/t6.csv" 2>"$T/err"
grep -q "UNAUDITED" "$T/err" && fail "migrated store still unaudited"
cmp -s "$T/t5.csv" "$T/t6.csv" || fail "figures changed across the migration"
echo "ok"
