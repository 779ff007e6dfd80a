/*
 * store-db: the SQLite backend of the province store's driver (src/db.h).
 * It is part of the store module, the only code that sees <sqlite3.h>,
 * and uses the store's helpers (store-int.h) for errors.  The province
 * wants concurrent readers (WAL) and durable commits (synchronous=FULL);
 * the kiosk's own pragmas, which hide the order of voting, are in store.c.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/store.h"
#include "ykien/util.h"
#include "db.h"
#include "store-int.h"

struct sdb {
	struct db	 db;		/* first: db.h's cast */
	struct store	 s;
};

struct sdb_stmt {
	struct db	*db;		/* first: db.c's cast */
	sqlite3_stmt	*st;
	struct sdb	*c;
	long long	 changes;
};

static const struct db_ops sqlite_ops;

static int
sdb_close(struct db *db)
{
	struct sdb	*c = (struct sdb *)db;
	int		 rc = store_disconnect(&c->s);

	free(c);
	return rc;
}

static int
sdb_exec(struct db *db, const char *sql, char **cause)
{
	return store_exec(&((struct sdb *)db)->s, sql, cause);
}

static int
sdb_begin(struct db *db, int mode, char **cause)
{
	return store_exec(&((struct sdb *)db)->s, mode == DB_WRITE ?
	    "BEGIN IMMEDIATE" : "BEGIN", cause);
}

/*
 * Each step runs in a write transaction and sets its own user_version;
 * the write lock keeps two processes from migrating twice.
 */
static int
sdb_migrate(struct db *db, const char *const *steps, int n, char **cause)
{
	struct store	*s = &((struct sdb *)db)->s;
	int		 v, rc;

	for (;;) {
		if ((rc = store_exec(s, "BEGIN IMMEDIATE", cause)) != 0)
			return rc;
		if ((rc = store_schema_version(s, &v)) != 0) {
			store_rollback(s);
			return store_err(s, SQLITE_IOERR, "user_version", cause);
		}
		if (v > n) {
			store_rollback(s);
			return util_fail(cause, YK_EINVAL, "%s: schema version "
			    "%d is newer than this program (%d); upgrade ykien",
			    s->path, v, n);
		}
		if (v == n)
			break;
		if ((rc = store_exec(s, steps[v + 1], cause)) != 0 ||
		    (rc = store_exec(s, "COMMIT", cause)) != 0) {
			store_rollback(s);
			return rc;
		}
	}
	store_rollback(s);
	return 0;
}

static int
sdb_prepare(struct db *db, const char *sql, int stream, struct db_stmt **out,
    char **cause)
{
	struct sdb	*c = (struct sdb *)db;
	struct sdb_stmt	*st;
	int		 rc;

	*out = NULL;
	if ((st = util_calloc(1, sizeof *st)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	st->db = db;
	st->c = c;
	if ((rc = store_prepare(&c->s, sql, &st->st, cause)) != 0) {
		free(st);
		return rc;
	}
	*out = (struct db_stmt *)st;
	return 0;
}

static void
sdb_bind(struct db_stmt *dst, int i, int type, const void *p, size_t len,
    long long v)
{
	struct sdb_stmt	*st = (struct sdb_stmt *)dst;

	if (type == DB_INT)
		sqlite3_bind_int64(st->st, i, v);
	else if (type == DB_TEXT)
		sqlite3_bind_text(st->st, i, p, (int)len, SQLITE_TRANSIENT);
	else
		sqlite3_bind_blob(st->st, i, p, (int)len, SQLITE_TRANSIENT);
}

static int
sdb_step(struct db_stmt *dst, char **cause)
{
	struct sdb_stmt	*st = (struct sdb_stmt *)dst;
	int		 rc = sqlite3_step(st->st);

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE) {
		st->changes = sqlite3_changes(st->c->s.db);
		return DB_DONE;
	}
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return util_fail(cause, YK_ELOCKED, "%s: busy: %s",
		    st->c->s.path, sqlite3_errmsg(st->c->s.db));
	return store_err(&st->c->s, rc, "step", cause);
}

static void
sdb_reset(struct db_stmt *dst)
{
	struct sdb_stmt	*st = (struct sdb_stmt *)dst;

	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
}

static int
sdb_col_type(struct db_stmt *dst, int c)
{
	return sqlite3_column_type(((struct sdb_stmt *)dst)->st, c);
}

static const void *
sdb_col_blob(struct db_stmt *dst, int c, size_t *len)
{
	sqlite3_stmt	*st = ((struct sdb_stmt *)dst)->st;
	const void	*p;

	/* Text (and numbers as text) comes NUL-terminated this way. */
	if (sqlite3_column_type(st, c) == SQLITE_BLOB)
		p = sqlite3_column_blob(st, c);
	else
		p = sqlite3_column_text(st, c);
	*len = (size_t)sqlite3_column_bytes(st, c);
	return p;
}

static long long
sdb_col_int(struct db_stmt *dst, int c)
{
	return sqlite3_column_int64(((struct sdb_stmt *)dst)->st, c);
}

static int
sdb_col_count(struct db_stmt *dst)
{
	return sqlite3_column_count(((struct sdb_stmt *)dst)->st);
}

static long long
sdb_changes(struct db_stmt *dst)
{
	return ((struct sdb_stmt *)dst)->changes;
}

static void
sdb_finalize(struct db_stmt *dst)
{
	struct sdb_stmt	*st = (struct sdb_stmt *)dst;

	sqlite3_finalize(st->st);
	free(st);
}

/* No network: each step has already run (db.h). */
static int
sdb_queue_begin(struct db *db, char **cause)
{
	return 0;
}

static int
sdb_queue_end(struct db *db, long *failed, char **cause)
{
	return 0;
}

static const struct db_ops sqlite_ops = {
	"sqlite", sdb_close, sdb_exec, sdb_begin, sdb_migrate, sdb_prepare,
	sdb_bind, sdb_step, sdb_reset, sdb_col_type, sdb_col_blob,
	sdb_col_int, sdb_col_count, sdb_changes, sdb_finalize,
	sdb_queue_begin, sdb_queue_end,
};

int
db_sqlite_open(const char *path, struct db **out, char **cause)
{
	static const char pragmas[] =
	    "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA temp_store = MEMORY;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA cell_size_check = ON;";
	struct sdb	*c;
	int		 rc;

	if (!util_exists(path) &&
	    (rc = util_write_excl(path, "", 0, 0600, cause)) != 0 &&
	    rc != YK_EEXIST)
		return rc;
	if ((c = util_calloc(1, sizeof *c)) == NULL ||
	    (c->s.path = strdup(path)) == NULL) {
		free(c);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	c->db.ops = &sqlite_ops;
	c->db.where = c->s.path;
	/* Migrations run later, through db_open, under the write lock. */
	if ((rc = sqlite3_open_v2(path, &c->s.db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_FULLMUTEX, NULL)) != SQLITE_OK) {
		rc = store_err(&c->s, rc, "open", cause);
		sdb_close(&c->db);
		return rc;
	}
	sqlite3_extended_result_codes(c->s.db, 1);
	sqlite3_busy_timeout(c->s.db, 10000);
	if ((rc = store_exec(&c->s, pragmas, cause)) != 0) {
		sdb_close(&c->db);
		return rc;
	}
	*out = &c->db;
	return 0;
}
