# A throwaway PostgreSQL 15 cluster for one test (sourced, not run).
#
#	pg_start		initdb + pg_ctl in a fresh temporary directory,
#				unix socket only (no TCP port to collide on);
#				exits 77 saying why when it cannot start
#	pg_newdb		a new empty database (C.UTF-8, byte order);
#				prints its URL
#	pg_sql URL QUERY	one query with psql, unaligned, no headers
#	pg_stop			stop the server and remove its files
#
# The server runs as the invoking user, or as nobody when that is root
# (initdb refuses root).  It is for tests only: fsync off, no WAL
# archiving.  The sourcing script must call pg_stop on exit (collector.lib
# and lib.sh do).
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DIR=""
# Tests trade durability for speed; make bench sets PG_OPTS="" (durable).
PG_FAST="-c fsync=off -c full_page_writes=off -c synchronous_commit=off"

pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}

pg_skip() { echo "skipped: $*" >&2; exit 77; }

pg_start() {
	[ -x "$PG_BIN/initdb" ] || pg_skip "no PostgreSQL 15 server in $PG_BIN (apt-get install postgresql)"
	command -v psql >/dev/null || pg_skip "no psql (apt-get install postgresql-client)"
	if [ "$(id -u)" = 0 ] && ! command -v runuser >/dev/null; then
		pg_skip "running as root without runuser: cannot start PostgreSQL as another user"
	fi
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ykien-pg.XXXXXX")
	[ "$(id -u)" = 0 ] && chown nobody "$PG_DIR"
	if ! pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" --no-sync -A trust \
	    -U ykien -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1; then
		r=$(tail -n 1 "$PG_DIR/initdb.log")
		rm -rf "$PG_DIR"
		PG_DIR=""
		pg_skip "initdb failed: $r"
	fi
	if ! pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 30 \
	    -o "-c listen_addresses= -k $PG_DIR -c max_connections=60 ${PG_OPTS-$PG_FAST}" \
	    start >/dev/null 2>&1; then
		r=$(tail -n 1 "$PG_DIR/log" 2>/dev/null)
		pg_stop
		pg_skip "PostgreSQL did not start: $r"
	fi
	PG_BASE="postgresql:///?host=$PG_DIR&user=ykien"
}

pg_url() { echo "postgresql:///$1?host=$PG_DIR&user=ykien"; }

pg_sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$1" -c "$2"; }

# pg_newdb [URL]: a fresh database, or a copy of the one at URL (no one
# connected to it); hex() as in SQLite, so that the tests' queries run
# unchanged on both stores.
pg_newdb() {
	# A file, not a variable: this runs in a $(...) subshell.
	n=$(( $(cat "$PG_DIR/count" 2>/dev/null || echo 0) + 1 ))
	echo "$n" >"$PG_DIR/count"
	name="ykien$n"
	if [ $# -gt 0 ]; then
		from=$(echo "$1" | sed 's|^postgresql:///\([^?]*\)?.*|\1|')
		pg_sql "$(pg_url postgres)" "CREATE DATABASE $name TEMPLATE $from" >/dev/null
		pg_url "$name"
		return
	fi
	pg_sql "$(pg_url postgres)" "CREATE DATABASE $name TEMPLATE template0 LOCALE 'C.UTF-8'" >/dev/null
	pg_sql "$(pg_url "$name")" "CREATE FUNCTION hex(bytea) RETURNS text
	    AS \$\$ SELECT upper(encode(\$1, 'hex')) \$\$ LANGUAGE sql IMMUTABLE" >/dev/null
	pg_url "$name"
}

pg_stop() {
	[ -n "$PG_DIR" ] || return 0
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$PG_DIR"
	PG_DIR=""
}
