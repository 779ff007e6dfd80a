#!/bin/sh
# The province store on PostgreSQL 15, beside the SQLite figures: a
# throwaway cluster with the durable defaults (fsync, synchronous_commit,
# full_page_writes all on), on a unix socket.
#   ingest pg: bench/ingest.sh, the collector's store on PostgreSQL.
#   migrate-store: the audit bench's SQLite province copied into it.
#   tally pg: `ykien-province tally` on it beside one raw GROUP BY in psql
#          over the same rows (bench-gen groupby POLL pg): goal <= 2x.
# Where PostgreSQL cannot start, one row says why.
# Environment from bench/run.sh: B, W, QUICK.
set -eu
TOP=$(pwd)
P="$B/ykien-province"
POLL=son-la-ntm-2026-14001
PG_OPTS=""
. "$TOP/tests/e2e/lib-pg.sh"
pg_skip() { printf '%-34s %12s  (%s)\n' "postgresql" skipped "$*"; exit 0; }
trap pg_stop EXIT
pg_start
# Ingest: bench/ingest.sh with the collector's store on PostgreSQL.
INGEST_DB=$(pg_newdb) INGEST_TAG=pg sh bench/ingest.sh

# Tally: the audit bench's province, moved to PostgreSQL.
A="$W/pg-tally"
rm -rf "$A"
cp -r "$W/audit" "$A"
rm -f "$A/db.url"
DB=$(pg_newdb)
t0=$(date +%s%N)
"$P" migrate-store --dir "$A" --to "$DB" --switch >"$W/pg-migrate.out" ||
    { cat "$W/pg-migrate.out" >&2; exit 1; }
t1=$(date +%s%N)
N=$(sed -n 's/^  ballots  *\([0-9]*\) .*/\1/p' "$W/pg-migrate.out")
"$B/tools/bench-gen" groupby "$W/ntm.json" pg >"$W/groupby-pg.sql"
pg_sql "$DB" "VACUUM ANALYZE" >/dev/null
t2=$(date +%s%N)
"$P" tally --dir "$A" --poll "$POLL" --format csv --preliminary >"$W/tally-pg.out" 2>"$W/tally-pg.err"
t3=$(date +%s%N)
psql -X -q -A -t "$DB" -f "$W/groupby-pg.sql" >"$W/groupby-pg.out"
t4=$(date +%s%N)
[ "$(wc -l <"$W/groupby-pg.out")" -ge 1 ] || { echo "pg groupby: no rows" >&2; exit 1; }
ms() { echo $((($2 - $1) / 1000000)); }
awk -v n="$N" -v m="$(ms "$t0" "$t1")" -v t="$(ms "$t2" "$t3")" \
    -v g="$(ms "$t3" "$t4")" 'BEGIN {
	printf "%-34s %9.0f /s %-30s %8s  %s\n", \
	    sprintf("migrate-store %d ballots (%.1f s)", n, m / 1000), \
	    n / (m / 1000), "SQLite to PostgreSQL", "-", "-"
	printf "%-34s %9.0f ms %-30s %8s  %s\n", \
	    sprintf("tally pg %d ballots", n), t, \
	    sprintf("raw GROUP BY pg %.0f ms", g), \
	    sprintf("%.2fx", g > 0 ? t / g : 0), "<= 2x"
}'
