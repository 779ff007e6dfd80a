/*
 * store-sql: what the kiosk store (store.c) and the province store
 * (pstore.c) share on top of SQLite: opening a connection with
 * its pragmas and migrations, preparing and running statements, and
 * turning SQLite's result codes into YK_E* codes with a cause.  The
 * contracts are in store-int.h.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/store.h"
#include "ykien/util.h"
#include "store-int.h"

int
store_err(struct store *s, int rc, const char *what, char **cause)
{
	int	code;

	switch (rc & 0xff) {
	case SQLITE_FULL:
		code = YK_EFULL;
		break;
	case SQLITE_CONSTRAINT:
		code = YK_EDUP;
		break;
	case SQLITE_NOMEM:
		code = YK_ENOMEM;
		break;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		code = YK_EINVAL;
		break;
	default:
		code = YK_EIO;
		break;
	}
	return util_fail(cause, code, "%s: %s: %s", s->path, what,
	    s->db != NULL ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
}

int
store_prepare(struct store *s, const char *sql, sqlite3_stmt **st,
    char **cause)
{
	int	rc;

	*st = NULL;
	if ((rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL)) != SQLITE_OK)
		return store_err(s, rc, "prepare", cause);
	return 0;
}

int
store_exec(struct store *s, const char *sql, char **cause)
{
	int	rc;

	if ((rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL)) != SQLITE_OK)
		return store_err(s, rc, sql, cause);
	return 0;
}

int
store_count(struct store *s, const char *sql, const char *arg,
    long long *n, const char *what, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	*n = 0;
	if ((rc = store_prepare(s, sql, &st, cause)) != 0)
		return rc;
	if (arg != NULL)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_err(s, rc, what, cause);
	return 0;
}

int
store_done(struct store *s, sqlite3_stmt *st, const char *what, char **cause)
{
	int	rc;

	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_err(s, rc, what, cause);
	return 0;
}

int
store_walk_end(struct store *s, sqlite3_stmt *st, int r, int rc,
    const char *what, char **cause)
{
	sqlite3_finalize(st);
	if (r != 0)
		return r;
	if (rc != SQLITE_DONE)
		return store_err(s, rc, what, cause);
	return 0;
}

void
store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		(void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int
store_schema_version(struct store *s, int *version)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (store_prepare(s, "PRAGMA user_version", &st, NULL) != 0)
		return YK_EIO;
	rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : YK_EIO;
}

static int
migrate(struct store *s, const char *const *steps, int n, char **cause)
{
	int	 v, rc;

	if ((rc = store_schema_version(s, &v)) != 0)
		return store_err(s, rc, "user_version", cause);
	if (v > n)
		return util_fail(cause, YK_EINVAL, "%s: schema version %d is "
		    "newer than this program (%d); upgrade ykien", s->path, v,
		    n);
	for (; v < n; v++) {
		if ((rc = store_exec(s, "BEGIN IMMEDIATE", cause)) != 0 ||
		    (rc = store_exec(s, steps[v + 1], cause)) != 0 ||
		    (rc = store_exec(s, "COMMIT", cause)) != 0) {
			store_rollback(s);
			return rc;
		}
	}
	return 0;
}

int
store_connect(struct store *s, int flags, const char *vfs,
    const char *pragmas, const char *const *steps, int n, char **cause)
{
	int	rc;

	if ((rc = sqlite3_open_v2(s->path, &s->db, flags, vfs)) != SQLITE_OK)
		return store_err(s, rc, "open", cause);
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 10000);
	if ((rc = store_exec(s, pragmas, cause)) != 0)
		return rc;
	return migrate(s, steps, n, cause);
}

int
store_disconnect(struct store *s)
{
	int	rc = 0;

	if (s->db != NULL && sqlite3_close(s->db) != SQLITE_OK)
		rc = YK_EIO;
	s->db = NULL;
	free(s->path);
	s->path = NULL;
	return rc;
}
