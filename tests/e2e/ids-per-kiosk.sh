# Ids per kiosk (THREAT-MODEL.md, "Ids per kiosk"): a registered kiosk of
# another commune that lies -- it signs ballots of its own poll with a
# victim's batch id and ballot ids and uploads them first -- takes nothing
# from the victim.  The victim's batches are still stored, the audit of its
# poll passes, publish works, and the collision is logged.  A store of
# schema 5 migrates to 6 (batch times per (poll, kiosk, batch)), and then
# a kiosk may use one batch id in two polls.  Then an old (version 2)
# SQLite province store migrates with its rows kept.  Run on SQLite and
# on PostgreSQL (tests/run.sh); the version 2 store is SQLite's alone.
. "$TOP/tests/e2e/lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 shell not installed (apt-get install sqlite3)"
command -v python3 >/dev/null || skip "python3 not installed"
command -v curl >/dev/null || skip "curl not installed"
. "$TOP/tests/e2e/lib-audit.sh"
FORGE="$B/tools/forge"

make_poll ntm-a 14001 "ban-mot:Bản Một"
make_poll ntm-b 14002 "ban-ba:Bản Ba"
make_kiosk victim ntm-a 14001 "Bản Một"
make_kiosk liar ntm-b 14002 "Bản Ba"
"$CASTLOOP" "$T/k-victim" 12 >/dev/null
YKIEN_PIN_OFFICIAL=246813 "$KIOSK" poll close --dir "$T/k-victim" ntm-a >/dev/null
mkdir -p "$T/stick"
"$KIOSK" export --dir "$T/k-victim" --to "$T/stick" >/dev/null
mv "$T/stick"/ykien-* "$T/usb"
set -- "$T/usb"/batch-*.bin
[ -f "$1" ] || fail "the victim's export holds no batch: $(ls "$T/usb")"

# start_serve: a collector on the province at a port the kernel picks.
start_serve() {
	"$PROV" serve --dir "$T/prov" --listen 127.0.0.1:0 >"$T/serve.out" \
	    2>"$T/serve.log" &
	SPID=$!
	cleanup_hooks="stop_serve"
	i=0
	until grep -q '^listening on' "$T/serve.out" 2>/dev/null; do
		i=$((i + 1)); [ $i -lt 200 ] || fail "collector did not start"
		sleep 0.05
	done
	URL="http://127.0.0.1:$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$T/serve.out")"
}
stop_serve() { kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; cleanup_hooks=""; }
# post FILE: POST a batch, print the status.
post() {
	curl -s -o /dev/null -w '%{http_code}' --data-binary "@$1" \
	    -H 'Content-Type: application/octet-stream' "$URL/v1/batches"
}

# The liar reads the victim's stick and uploads copies first.
start_serve
n=0
for f in "$@"; do
	n=$((n + 1))
	"$FORGE" "$T/k-liar" copy "$T/lie-$n.bin" "$f"
	st=$(post "$T/lie-$n.bin")
	[ "$st" = 201 ] || fail "the liar's copy was not stored as its own ($st)"
done
stop_serve
grep -q "ID-COLLISION" "$T/serve.log" && fail "a first upload is no collision"

# The victim's batches, imported after, are stored in full.
"$PROV" import --dir "$T/prov" "$T/usb" >"$T/import.out" 2>"$T/import.err" ||
    { cat "$T/import.out" "$T/import.err"; fail "the victim's import was refused"; }
[ "$(grep -c ': stored, ' "$T/import.out")" -eq $# ] ||
    { cat "$T/import.out" "$T/import.err"; fail "not every victim batch stored"; }
grep -q "also sent by another kiosk" "$T/import.err" ||
    fail "the collision was not logged: $(cat "$T/import.err")"
ok "the liar's copies stored as its own; the victim's $# batches too; collision logged"

"$PROV" audit --dir "$T/prov" --poll ntm-a >"$T/audit" ||
    { cat "$T/audit"; fail "the victim's poll fails the audit"; }
grep -q "RESULT: PASS" "$T/audit" || fail "no PASS verdict"
"$PROV" publish --dir "$T/prov" --poll ntm-a --out "$T/pub" >/dev/null ||
    fail "publish refused the victim's poll"
ok "the victim's poll audits and publishes"

# A liar in the victim's own poll (same commune) blocks no one either.
make_kiosk liar2 ntm-a 14001 "Bản Một"
"$FORGE" "$T/k-liar2" copy "$T/lie2.bin" "$1"
start_serve
st=$(post "$T/lie2.bin")
[ "$st" = 201 ] || fail "a same-poll copy: $st"
st=$(post "$1")
[ "$st" = 200 ] || fail "the victim's batch again: $st, not 200 already-held"
stop_serve
grep -q "ID-COLLISION" "$T/serve.log" || fail "the collector did not log the collision"
"$PROV" audit --dir "$T/prov" --poll ntm-a >"$T/audit" || true
grep -q "ids were sent by more than one kiosk" "$T/audit" ||
    { cat "$T/audit"; fail "audit does not note the shared ids"; }
grep -q '^\[5\] PASS' "$T/audit" || { cat "$T/audit"; fail "check 5 blames the victim"; }
grep "MISSING BALLOTS" "$T/audit" | grep -q "$(keynum victim)" &&
    fail "the victim is missing ballots"
ok "a same-poll liar: collision logged and noted, the victim untouched"

# --- Schema 5 to 6: batch times keyed by (poll, kiosk, batch) ----------
# The store taken back to schema 5 (batch_times by (kiosk, batch), the
# revocation time an INTEGER: 32 bits on PostgreSQL), then migrated.
V5="CREATE TABLE bt5(kiosk BLOB NOT NULL, batch BLOB NOT NULL,
  accepted BIGINT NOT NULL, PRIMARY KEY(kiosk, batch)) WITHOUT ROWID;
INSERT INTO bt5 SELECT kiosk, batch, accepted FROM batch_times;
DROP TABLE batch_times; ALTER TABLE bt5 RENAME TO batch_times;
CREATE TABLE k5(keynum BLOB PRIMARY KEY, pk BLOB NOT NULL, commune TEXT NOT NULL,
  village TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
INSERT INTO k5 SELECT * FROM kiosks; DROP TABLE kiosks; ALTER TABLE k5 RENAME TO kiosks;
PRAGMA user_version = 5;"
if [ -f "$T/prov/db.url" ]; then
	V5=$(echo "$V5" | sed -e 's/ WITHOUT ROWID//' -e 's/BLOB/BYTEA/g' \
	    -e 's/PRAGMA user_version =/UPDATE ykien_schema SET version =/')
fi
btimes() { sql "$T/prov/province.db" "SELECT lower(hex(kiosk)) || ' ' || lower(hex(batch)) || ' ' || accepted FROM batch_times ORDER BY 1"; }
t_before=$(btimes)
nb=$(sql "$T/prov/province.db" "SELECT count(*) FROM batches")
sqlw "$T/prov/province.db" "$V5" >/dev/null
"$PROV" status --dir "$T/prov" >/dev/null || fail "status on a schema 5 store"
[ "$(btimes)" = "$t_before" ] || fail "batch times changed in migration 6"
n=$(sql "$T/prov/province.db" "SELECT count(*) FROM batch_times t JOIN batches b
    ON b.poll = t.poll AND b.kiosk = t.kiosk AND b.id = t.batch")
[ "$n" -eq "$nb" ] || fail "migration 6: $n of $nb batches have their time under their poll"
ok "a schema 5 store migrates: every batch time kept, now under its poll"

# One kiosk, one batch id, two polls of its commune: both stored.
make_poll ntm-c 14001 "ban-mot:Bản Một"
"$KIOSK" poll load --dir "$T/k-victim" "$T/ntm-c.json" >/dev/null
"$KIOSK" poll test --dir "$T/k-victim" ntm-c >/dev/null
"$KIOSK" poll open --dir "$T/k-victim" ntm-c >/dev/null
"$FORGE" "$T/k-victim" copy "$T/again.bin" "$1"
start_serve
st=$(post "$T/again.bin")
stop_serve
[ "$st" = 201 ] || fail "a kiosk's batch id used again in another poll: $st, not 201"
n=$(sql "$T/prov/province.db" "SELECT count(DISTINCT poll) FROM batch_times WHERE
    lower(hex(kiosk)) = '$(keynum victim)'")
[ "$n" -eq 2 ] || fail "the victim's batch times cover $n polls, not 2"
ok "a kiosk's batch id in a second poll is stored, its time under that poll"

# --- Schema 6 to 7: a batch's ballots side by side ----------------------
# The ballots taken back to schema 6 (keyed by (poll, kiosk, id), with
# three indexes), then migrated: every row kept, an id still once per
# kiosk and poll, and an id another kiosk sent still found.
V6="CREATE TABLE b6(id BLOB NOT NULL, poll TEXT NOT NULL, kiosk BLOB NOT NULL,
  batch BLOB NOT NULL, blob BLOB NOT NULL, PRIMARY KEY(poll, kiosk, id)) WITHOUT ROWID;
INSERT INTO b6 SELECT id, poll, kiosk, batch, blob FROM ballots;
DROP TABLE ballots; ALTER TABLE b6 RENAME TO ballots;
CREATE INDEX ballots_poll ON ballots(poll, id);
CREATE INDEX ballots_id ON ballots(id);
CREATE INDEX ballots_batch ON ballots(batch, id);
PRAGMA user_version = 6;"
if [ -f "$T/prov/db.url" ]; then
	V6=$(echo "$V6" | sed -e 's/ WITHOUT ROWID//' -e 's/BLOB/BYTEA/g' \
	    -e 's/PRAGMA user_version =/UPDATE ykien_schema SET version =/')
fi
rows() { sql "$T/prov/province.db" "SELECT poll || ' ' || lower(hex(kiosk)) || ' ' ||
    lower(hex(batch)) || ' ' || lower(hex(id)) || ' ' || lower(hex(blob)) FROM ballots ORDER BY 1"; }
sqlw "$T/prov/province.db" "$V6" >/dev/null
r_before=$(rows)
[ "$(echo "$r_before" | wc -l)" -gt 12 ] || fail "schema 6: too few ballots to test"
"$PROV" status --dir "$T/prov" >/dev/null || fail "status on a schema 6 store"
[ "$(rows)" = "$r_before" ] || fail "ballots changed in migration 7"
"$FORGE" "$T/k-victim" dupballot "$T/vdup.bin"
"$FORGE" "$T/k-liar" copy "$T/lie-c.bin" "$T/vdup.bin"
: >"$T/serve.log"
start_serve
st=$(post "$T/vdup.bin")
[ "$st" = 201 ] || fail "migration 7: a new batch: $st"
st=$(post "$T/vdup.bin.2")
[ "$st" = 409 ] || fail "migration 7: a kiosk's ballot id again in another batch: $st, not 409"
grep -q "ID-COLLISION" "$T/serve.log" && fail "migration 7: a collision where there is none"
st=$(post "$T/lie-c.bin")
stop_serve
[ "$st" = 201 ] || fail "migration 7: the liar's copy: $st"
grep -q "ID-COLLISION" "$T/serve.log" || fail "migration 7: the collision was not logged"
"$PROV" audit --dir "$T/prov" --poll ntm-c >"$T/audit" || true
grep -q '^\[5\] PASS' "$T/audit" || { cat "$T/audit"; fail "migration 7: check 5"; }
ok "a schema 6 store migrates to ballots by batch: rows kept, duplicates refused, collisions found"

# --- Migration of a version 2 province store ----------------------------
[ ! -f "$T/prov/db.url" ] || exit 0	# a version 2 store is an SQLite file
mkdir "$T/old"
cp "$T/prov/province.pub" "$T/old/"
sqlite3 "$T/old/province.db" "
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE kiosks(keynum BLOB PRIMARY KEY, pk BLOB NOT NULL, commune TEXT NOT NULL, village TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE polls(id TEXT PRIMARY KEY, hash BLOB NOT NULL, commune TEXT NOT NULL, raw BLOB NOT NULL, sig TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE batches(id BLOB PRIMARY KEY, hash BLOB NOT NULL, kiosk BLOB NOT NULL, poll TEXT NOT NULL, n INTEGER NOT NULL, blob BLOB NOT NULL, ack BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE ballots(id BLOB PRIMARY KEY, poll TEXT NOT NULL, kiosk BLOB NOT NULL, batch BLOB NOT NULL, blob BLOB NOT NULL) WITHOUT ROWID;
CREATE INDEX ballots_poll ON ballots(poll, id);
CREATE TABLE closings(kiosk BLOB NOT NULL, poll TEXT NOT NULL, record BLOB NOT NULL, sheet BLOB, sheet_sig TEXT, PRIMARY KEY(kiosk, poll)) WITHOUT ROWID;
CREATE TABLE eventlogs(kiosk BLOB PRIMARY KEY, log BLOB NOT NULL, n INTEGER NOT NULL) WITHOUT ROWID;
ATTACH '$T/prov/province.db' AS cur;
INSERT INTO kiosks SELECT * FROM cur.kiosks;
INSERT INTO polls SELECT * FROM cur.polls;
INSERT INTO batches SELECT id, hash, kiosk, poll, n, blob, ack FROM cur.batches WHERE poll = 'ntm-a' AND kiosk = x'$(keynum victim)';
INSERT INTO ballots SELECT id, poll, kiosk, batch, blob FROM cur.ballots WHERE poll = 'ntm-a' AND kiosk = x'$(keynum victim)';
INSERT INTO closings SELECT * FROM cur.closings;
INSERT INTO eventlogs SELECT * FROM cur.eventlogs;
PRAGMA user_version = 2;"
before=$(sqlite3 "$T/old/province.db" "SELECT count(*), hex(sha3_query('SELECT id, blob FROM ballots ORDER BY id')) FROM ballots" 2>/dev/null ||
    sqlite3 "$T/old/province.db" "SELECT count(*) FROM ballots")
"$PROV" status --dir "$T/old" >/dev/null || fail "status on a version 2 store"
[ "$(sqlite3 "$T/old/province.db" "PRAGMA user_version")" -ge 3 ] || fail "not migrated"
after=$(sqlite3 "$T/old/province.db" "SELECT count(*), hex(sha3_query('SELECT id, blob FROM ballots ORDER BY id')) FROM ballots" 2>/dev/null ||
    sqlite3 "$T/old/province.db" "SELECT count(*) FROM ballots")
[ "$before" = "$after" ] || fail "ballots changed in the migration: $before / $after"
[ "$(sqlite3 "$T/old/province.db" "SELECT count(*) FROM ballots")" -eq 12 ] || fail "not 12 ballots after migration"
"$PROV" audit --dir "$T/old" --poll ntm-a >"$T/audit" ||
    { cat "$T/audit"; fail "the migrated store fails the audit"; }
ok "a version 2 store migrates to per-kiosk ids, its 12 ballots kept, audit passes"
