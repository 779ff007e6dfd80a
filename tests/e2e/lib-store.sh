# The province store of a test, on either backend (sourced by lib.sh and
# collector.lib, not run).  With YKIEN_TEST_DB=postgresql (tests/run.sh's
# second pass) every province store of the test lives in a throwaway
# PostgreSQL cluster (lib-pg.sh); the sourcing script's cleanup calls
# pg_stop.
if [ "${YKIEN_TEST_DB:-sqlite}" = postgresql ]; then
	. "$TOP/tests/e2e/lib-pg.sh"
	pg_start
fi
# fresh_store DIR: on PostgreSQL, a new database for the state directory
# DIR (named in DIR/db.url); on SQLite nothing (DIR/province.db).
fresh_store() {
	[ -n "${PG_DIR:-}" ] || return 0
	pg_newdb >"$1/db.url"
}
# clone_store FROM TO: a copy of state directory FROM, its store included
# (on PostgreSQL a new database made from FROM's: cp alone would share it).
clone_store() {
	cp -a "$1" "$2"
	[ -f "$1/db.url" ] || return 0
	pg_newdb "$(cat "$1/db.url")" >"$2/db.url"
}
# sql DB QUERY: one query with the sqlite3 shell (read only), or with psql
# when DB is a province.db whose directory names a PostgreSQL store.
sql() {
	if [ "${1##*/}" = province.db ] && [ -f "${1%/*}/db.url" ]; then
		pg_sql "$(cat "${1%/*}/db.url")" "$2"
	else
		sqlite3 -readonly "$1" "$2"
	fi
}
# sqlw DB STATEMENT: like sql, but may write (tests that tamper).
sqlw() {
	if [ "${1##*/}" = province.db ] && [ -f "${1%/*}/db.url" ]; then
		pg_sql "$(cat "${1%/*}/db.url")" "$2"
	else
		sqlite3 "$1" "$2"
	fi
}
