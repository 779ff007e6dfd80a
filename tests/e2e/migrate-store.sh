# migrate-store: a province moves its store from SQLite to PostgreSQL.
# Ballots, a closing record and an event log arrive over the network into
# SQLite; the copy into a throwaway PostgreSQL cluster has the same digest
# and row counts, and status, audit and tally print the same on both.  A
# copy into a store that is not empty is refused; the way back to a new
# SQLite file gives the same digest again.
. tests/e2e/collector.lib
. tests/e2e/lib-pg.sh

province "$T/prov"
kiosk "$T/k1" "$T/prov"
kiosk "$T/k2" "$T/prov"
serve "$T/prov"
"$CAST" "$T/k1" 23
"$CAST" "$T/k2" 14
# Both closed: every ballot leaves (an open poll keeps k back).
"$K" poll close --dir "$T/k1" demo-2026 >/dev/null
"$K" poll close --dir "$T/k2" demo-2026 >/dev/null
for k in k1 k2; do
	"$K" upload --dir "$T/$k" --url "$URL" >/dev/null || fail "$k: upload"
done
stop "$SPID"
[ -f "$T/prov/province.db" ] || fail "not on SQLite to begin with"

status() { "$P" status --dir "$T/prov" --digest; }
# --preliminary: the demo poll runs till the end of the year.
tally() { "$P" tally --dir "$T/prov" --poll demo-2026 --format csv --no-suppress --preliminary; }
status >"$T/status.sqlite"
tally >"$T/tally.sqlite"
"$P" audit --dir "$T/prov" --poll demo-2026 | sed 's/ in [0-9.]* s.*//' >"$T/audit.sqlite"

pg_start
DB=$(pg_newdb)
"$P" migrate-store --dir "$T/prov" --to "$DB" --switch >"$T/out" ||
    { cat "$T/out"; fail "migrate-store"; }
cat "$T/out"
grep -q "the copy is identical" "$T/out" || fail "no verdict"
a=$(sed -n 's/^digest before //p' "$T/out")
b=$(sed -n 's/^digest after  //p' "$T/out")
[ -n "$a" ] && [ "$a" = "$b" ] || fail "digests differ: $a $b"
grep -q "DIFFERENT" "$T/out" && fail "row counts differ"
grep -q "^  closings  *2  *2$" "$T/out" || fail "closing records not copied"
grep -q "^  eventlogs  *2  *2$" "$T/out" || fail "event log not copied"
[ "$(cat "$T/prov/db.url")" = "$DB" ] || fail "--switch did not name the new store"

# Every command now reads PostgreSQL, and prints what it printed before.
status >"$T/status.pg"
cmp -s "$T/status.sqlite" "$T/status.pg" ||
    { diff "$T/status.sqlite" "$T/status.pg"; fail "status differs"; }
grep -q "^digest $a$" "$T/status.pg" || fail "status digest is not the copy's"
tally >"$T/tally.pg"
cmp -s "$T/tally.sqlite" "$T/tally.pg" || fail "tally differs"
"$P" audit --dir "$T/prov" --poll demo-2026 | sed 's/ in [0-9.]* s.*//' >"$T/audit.pg"
cmp -s "$T/audit.sqlite" "$T/audit.pg" ||
    { diff "$T/audit.sqlite" "$T/audit.pg"; fail "audit differs"; }
n=$(sql "$T/prov/province.db" "SELECT count(*) FROM ballots")
[ "$n" -eq 37 ] || fail "PostgreSQL holds $n ballots"

# Not into a store that holds rows; the original is untouched.
expect_refused() {
	set +e
	"$P" migrate-store --dir "$T/prov" --db "sqlite:$T/prov/province.db" \
	    --to "$DB" >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	[ $rc -eq 1 ] || fail "copy into a full store: exit $rc"
	grep -q "already holds" "$T/err" || fail "message: $(cat "$T/err")"
}
expect_refused

# And back, into a new SQLite file: the same digest.
"$P" migrate-store --dir "$T/prov" --to "sqlite:$T/back.db" >"$T/out" ||
    { cat "$T/out"; fail "back to SQLite"; }
[ "$(sed -n 's/^digest after  //p' "$T/out")" = "$a" ] || fail "digest after the way back"
echo "ok"
