# OPERATIONS.md's PostgreSQL replica and failover, done for real: a
# streaming replica made with pg_basebackup -R from a primary that
# collectors write to.  The replica serves status and tally
# (read only) with the primary's very digest and figures; a command that
# must write (registering a kiosk) is refused there with a clear
# error and changes nothing.  Then the primary dies (immediate stop), the
# replica is promoted by hand, a collector on it takes the next batches,
# and nothing acknowledged before the failover is missing.  On the way, a
# pg_dump backup restored into an empty database has the same digest.
YKIEN_TEST_DB=postgresql
. tests/e2e/collector.lib
[ -x "$PG_BIN/pg_basebackup" ] || { echo "skipped: no pg_basebackup in $PG_BIN" >&2; exit 77; }

province "$T/prov"
kiosk "$T/k1" "$T/prov"
serve "$T/prov"; A_PID=$SPID
"$CAST" "$T/k1" 40
"$K" upload --dir "$T/k1" --url "$URL" | grep -q "(30 ballots)" || fail "upload"
PRIMARY=$(cat "$T/prov/db.url")

# The replica: its own data directory and socket directory.
R="$PG_DIR/replica"
mkdir -p "$R/sock" && chown nobody "$R" "$R/sock" 2>/dev/null || true
pg_as "$PG_BIN/pg_basebackup" -h "$PG_DIR" -U ykien -D "$R/data" -X stream -R --checkpoint=fast \
    >"$R/basebackup.log" 2>&1 || fail "pg_basebackup: $(tail -n 2 "$R/basebackup.log")"
pg_as "$PG_BIN/pg_ctl" -D "$R/data" -l "$R/log" -w -t 30 \
    -o "-c listen_addresses= -k $R/sock $PG_FAST" start >/dev/null 2>&1 ||
    fail "the replica did not start: $(tail -n 3 "$R/log")"
stop_replica() { pg_as "$PG_BIN/pg_ctl" -D "$R/data" -m immediate stop >/dev/null 2>&1 || true; }
REPLICA=$(echo "$PRIMARY" | sed "s|host=$PG_DIR|host=$R/sock|")
[ "$REPLICA" != "$PRIMARY" ] || fail "replica URL"
[ "$(pg_sql "$REPLICA" "SELECT pg_is_in_recovery()")" = t ] || { stop_replica; fail "not a standby"; }

# caught_up: the replica has replayed everything the primary wrote.
caught_up() {
	lsn=$(pg_sql "$PRIMARY" "SELECT pg_current_wal_lsn()")
	i=0
	until [ "$(pg_sql "$REPLICA" "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ]; do
		i=$((i + 1)); [ $i -lt 400 ] || return 1
		sleep 0.05
	done
}
"$P" audit --dir "$T/prov" --poll demo-2026 >"$T/audit.out" 2>&1 || true	# records a result, on the primary
caught_up || { stop_replica; fail "the replica did not catch up"; }

d_p=$(digest "$T/prov")
d_r=$(YKIEN_DB="$REPLICA" digest "$T/prov")
[ -n "$d_p" ] && [ "$d_p" = "$d_r" ] || { stop_replica; fail "digests: primary $d_p, replica $d_r"; }
"$P" tally --dir "$T/prov" --poll demo-2026 --preliminary --format csv >"$T/tally-p" 2>"$T/tally-p.err" || true
YKIEN_DB="$REPLICA" "$P" tally --dir "$T/prov" --poll demo-2026 --preliminary --format csv >"$T/tally-r" 2>"$T/tally-r.err" || true
[ -s "$T/tally-p" ] || { stop_replica; fail "no tally on the primary: $(cat "$T/tally-p.err")"; }
cmp -s "$T/tally-p" "$T/tally-r" || { stop_replica; fail "the replica's tally differs"; }

# A write on the replica (registering a kiosk): refused, said clearly,
# nothing changed.
"$K" init --dir "$T/k2" --province-key "$T/prov/province.pub" --commune 14001 \
    --village "Bản Mẫu" >/dev/null
n0=$(YKIEN_DB="$REPLICA" "$P" kiosk list --dir "$T/prov" | wc -l)
set +e
YKIEN_DB="$REPLICA" "$P" kiosk add --dir "$T/prov" --key "$T/k2/kiosk.pub" \
    --commune 14001 --village "Bản Mẫu" >"$T/ra.out" 2>"$T/ra.err"
rc=$?
set -e
[ $rc -ne 0 ] || { stop_replica; fail "a kiosk was registered on a replica"; }
grep -q "read-only replica: run the command against the primary" "$T/ra.err" || { stop_replica; fail "kiosk add on the replica (exit $rc): $(cat "$T/ra.err")"; }
[ "$(YKIEN_DB="$REPLICA" "$P" kiosk list --dir "$T/prov" | wc -l)" -eq "$n0" ] ||
    { stop_replica; fail "the replica's registry changed"; }
echo "ok: the replica serves status and tally with the primary's digest; refuses a write"

# The hourly backup of OPERATIONS.md: pg_dump --format=custom, restored
# into an empty database, holds the same digest.
pg_as "$PG_BIN/pg_dump" --format=custom --file="$PG_DIR/backup.dump" "$PRIMARY" 2>"$T/dump.err" ||
    { stop_replica; fail "pg_dump: $(cat "$T/dump.err")"; }
pg_sql "$(pg_url postgres)" "CREATE DATABASE restored TEMPLATE template0 LOCALE 'C.UTF-8'" >/dev/null
pg_as "$PG_BIN/pg_restore" --no-owner -d "$(pg_url restored)" "$PG_DIR/backup.dump" 2>"$T/restore.err" ||
    { stop_replica; fail "pg_restore: $(cat "$T/restore.err")"; }
d_b=$(YKIEN_DB="$(pg_url restored)" digest "$T/prov")
[ "$d_b" = "$d_p" ] || { stop_replica; fail "the restored backup's digest $d_b is not $d_p"; }
echo "ok: a pg_dump backup restores to the same digest"

# Failover: the primary dies, the replica is promoted, collectors move.
stop "$A_PID"
pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1
pg_as "$PG_BIN/pg_ctl" -D "$R/data" -w -t 30 promote >/dev/null 2>&1 ||
    { stop_replica; fail "promote"; }
[ "$(pg_sql "$REPLICA" "SELECT pg_is_in_recovery()")" = f ] || { stop_replica; fail "still a standby"; }
echo "$REPLICA" >"$T/prov/db.url"
serve "$T/prov"
"$CAST" "$T/k1" 20
"$K" upload --dir "$T/k1" --url "$URL" | grep -q "(20 ballots)" || { stop_replica; fail "upload after failover"; }
exactly_once "$T/k1" || { stop_replica; exit 1; }
stop "$SPID"
stop_replica
echo "ok: promoted replica took the next batches; nothing acknowledged was lost"
