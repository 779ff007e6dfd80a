/*
 * db: the province store's choice of backend by URL, and the calls every
 * backend shares (contract in src/db.h).  Each call goes through the
 * backend's table; nothing here knows SQLite or PostgreSQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/util.h"
#include "db.h"

int
db_open(const char *url, const char *const *steps, int n, struct db **out,
    char **cause)
{
	struct db	*db = NULL;
	int		 rc;

	*out = NULL;
	if (strncmp(url, "postgresql://", 13) == 0 ||
	    strncmp(url, "postgres://", 11) == 0)
		rc = db_pg_open(url, &db, cause);
	else if (strncmp(url, "sqlite:", 7) == 0)
		rc = db_sqlite_open(url + 7, &db, cause);
	else if (strstr(url, "://") != NULL)
		return util_fail(cause, YK_EINVAL, "%s: unknown database URL "
		    "(use sqlite:PATH or postgresql://HOST/DBNAME)", url);
	else
		rc = db_sqlite_open(url, &db, cause);
	if (rc != 0)
		return rc;
	if ((rc = db->ops->migrate(db, steps, n, cause)) != 0) {
		db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

int
db_close(struct db *db)
{
	if (db == NULL)
		return 0;
	db_rollback(db);
	return db->ops->close(db);
}

const char *
db_backend(struct db *db)
{
	return db->ops->name;
}

int
db_exec(struct db *db, const char *sql, char **cause)
{
	return db->ops->exec(db, sql, cause);
}

int
db_begin(struct db *db, int mode, char **cause)
{
	int	rc;

	if ((rc = db->ops->begin(db, mode, cause)) == 0)
		db->intx = 1;
	return rc;
}

int
db_commit(struct db *db, char **cause)
{
	int	rc = db->ops->exec(db, "COMMIT", cause);

	if (rc == 0)
		db->intx = 0;
	return rc;
}

void
db_rollback(struct db *db)
{
	if (db->intx)
		(void)db->ops->exec(db, "ROLLBACK", NULL);
	db->intx = 0;
}

int
db_prepare(struct db *db, const char *sql, struct db_stmt **st,
    char **cause)
{
	return db->ops->prepare(db, sql, 0, st, cause);
}

int
db_prepare_stream(struct db *db, const char *sql, struct db_stmt **st,
    char **cause)
{
	return db->ops->prepare(db, sql, 1, st, cause);
}

/* The statement's connection: every backend's statement starts with it. */
static const struct db_ops *
ops(struct db_stmt *st)
{
	return (*(struct db **)st)->ops;
}

void
db_bind_blob(struct db_stmt *st, int i, const void *p, size_t len)
{
	ops(st)->bind(st, i, DB_BLOB, p, len, 0);
}

void
db_bind_text(struct db_stmt *st, int i, const char *s)
{
	ops(st)->bind(st, i, DB_TEXT, s, strlen(s), 0);
}

void
db_bind_int(struct db_stmt *st, int i, long long v)
{
	ops(st)->bind(st, i, DB_INT, NULL, 0, v);
}

int
db_step(struct db_stmt *st, char **cause)
{
	return ops(st)->step(st, cause);
}

void
db_reset(struct db_stmt *st)
{
	ops(st)->reset(st);
}

int
db_col_type(struct db_stmt *st, int c)
{
	return ops(st)->col_type(st, c);
}

const void *
db_col_blob(struct db_stmt *st, int c, size_t *len)
{
	return ops(st)->col_blob(st, c, len);
}

const char *
db_col_text(struct db_stmt *st, int c)
{
	size_t		 len;
	const char	*t = ops(st)->col_blob(st, c, &len);

	/* Both backends keep a NUL after every value they hand out. */
	return t != NULL ? t : "";
}

long long
db_col_int(struct db_stmt *st, int c)
{
	return ops(st)->col_int(st, c);
}

int
db_col_count(struct db_stmt *st)
{
	return ops(st)->col_count(st);
}

long long
db_changes(struct db_stmt *st)
{
	return ops(st)->changes(st);
}

void
db_finalize(struct db_stmt *st)
{
	if (st != NULL)
		ops(st)->finalize(st);
}

int
db_queue_begin(struct db *db, char **cause)
{
	return db->ops->queue_begin(db, cause);
}

int
db_queue_end(struct db *db, long *failed, char **cause)
{
	*failed = -1;
	return db->ops->queue_end(db, failed, cause);
}

char *
db_rows_sql(const char *head, int cols, int rows, const char *tail)
{
	char	*sql, *p;
	size_t	 len;
	int	 r, c;

	/* A row is at most ",(" then "?" and ", ?" per column, then ")". */
	len = strlen(head) + sizeof " VALUES " + (size_t)rows *
	    (3 + 3 * (size_t)cols) + strlen(tail);
	if ((sql = malloc(len)) == NULL)
		return NULL;
	p = sql + snprintf(sql, len, "%s VALUES ", head);
	for (r = 0; r < rows; r++) {
		if (r > 0)
			*p++ = ',';
		*p++ = '(';
		for (c = 0; c < cols; c++) {
			if (c > 0) {
				*p++ = ',';
				*p++ = ' ';
			}
			*p++ = '?';
		}
		*p++ = ')';
	}
	snprintf(p, len - (size_t)(p - sql), "%s", tail);
	return sql;
}

int
db_run(struct db *db, const char *sql, const char *arg, long long *n,
    char **cause)
{
	struct db_stmt	*st;
	int		 rc;

	if (n != NULL)
		*n = 0;
	if ((rc = db_prepare(db, sql, &st, cause)) != 0)
		return rc;
	if (arg != NULL)
		db_bind_text(st, 1, arg);
	rc = db_step(st, cause);
	if (rc == DB_ROW && n != NULL)
		*n = db_col_int(st, 0);
	db_finalize(st);
	return rc < 0 ? rc : 0;
}
