/*
 * db.h: the province store's database driver (not a public header).  The
 * province store (pstore.c, pstore-audit.c, pstore-*.c) is written once, in
 * portable SQL, against this small interface; two backends implement it:
 *
 *	sqlite:PATH		src/store-db.c (the store module, <sqlite3.h>)
 *	postgresql://...	src/db-pg.c (the only file that sees <libpq-fe.h>)
 *
 * The SQL both accept: '?' or '?N' placeholders (db-pg.c makes them $N),
 * BLOB columns (BYTEA on PostgreSQL), "WITHOUT ROWID" (dropped there),
 * INSERT ... ON CONFLICT, CAST(x AS BIGINT).  Nothing else is translated,
 * so a statement that runs on one backend and not the other is a bug that
 * the PostgreSQL runs of the end-to-end tests catch.
 *
 * Values read back have SQLite's five types and, for the digest, SQLite's
 * bytes: an integer reads as its decimal text.  So a digest over the same
 * rows is the same on both backends (migrate-store relies on it).
 *
 * A connection is not thread-safe: callers serialise (collect.c holds its
 * mutex).  One statement is stepped at a time per connection, except that
 * a statement that was not streamed (the default: its rows are fetched
 * whole at the first step) may be open while another runs.
 */
#ifndef YKIEN_DB_H
#define YKIEN_DB_H

#include <stddef.h>
#include <stdint.h>

/* Value types: SQLite's numbers, which the digest hashes. */
#define DB_INT		1
#define DB_FLOAT	2
#define DB_TEXT		3
#define DB_BLOB		4
#define DB_NULL		5

/* db_step results (errors are negative YK_E* codes). */
#define DB_DONE		0
#define DB_ROW		1

/* db_begin modes. */
#define DB_READ		0	/* one consistent snapshot */
#define DB_WRITE	1	/* will write; serialised against writers */

struct db;
struct db_stmt;

struct db_ops {
	const char *name;
	int	(*close)(struct db *);
	int	(*exec)(struct db *, const char *sql, char **cause);
	int	(*begin)(struct db *, int mode, char **cause);
	int	(*migrate)(struct db *, const char *const *steps, int n,
		    char **cause);
	int	(*prepare)(struct db *, const char *sql, int stream,
		    struct db_stmt **, char **cause);
	void	(*bind)(struct db_stmt *, int i, int type, const void *p,
		    size_t len, long long v);
	int	(*step)(struct db_stmt *, char **cause);
	void	(*reset)(struct db_stmt *);
	int	(*col_type)(struct db_stmt *, int c);
	const void *(*col_blob)(struct db_stmt *, int c, size_t *len);
	long long (*col_int)(struct db_stmt *, int c);
	int	(*col_count)(struct db_stmt *);
	long long (*changes)(struct db_stmt *);
	void	(*finalize)(struct db_stmt *);
	int	(*queue_begin)(struct db *, char **cause);
	int	(*queue_end)(struct db *, long *failed, char **cause);
};

/* Every backend's connection starts with this. */
struct db {
	const struct db_ops	*ops;
	char			*where;		/* for messages; no password */
	int			 intx;		/* inside db_begin .. commit */
};

/*
 * Open the database named by url ("sqlite:PATH", a bare PATH, or
 * "postgresql://..." / "postgres://..."), creating an SQLite file (mode
 * 0600) if missing, and bring its schema to version n with steps (steps[v]
 * takes version v - 1 to v; entry 0 unused).  Versions are kept by the
 * backend (SQLite's user_version; a one-row table on PostgreSQL) and run
 * under a lock, so two collectors starting together migrate once.
 */
int	 db_open(const char *url, const char *const *steps, int n,
	    struct db **out, char **cause);
/* db_close(NULL) is a no-op.  0 or YK_EIO. */
int	 db_close(struct db *);
/* The backend's name: "sqlite" or "postgresql". */
const char *db_backend(struct db *);

int	 db_exec(struct db *, const char *sql, char **cause);
int	 db_begin(struct db *, int mode, char **cause);
int	 db_commit(struct db *, char **cause);
/* Roll back the open transaction, if any; errors are ignored. */
void	 db_rollback(struct db *);

/*
 * Prepare sql.  stream != 0 asks for rows one at a time (a scan of every
 * ballot); no other statement may run on the connection until it is
 * finalized.  *st is NULL on failure.
 */
int	 db_prepare(struct db *, const char *sql, struct db_stmt **st,
	    char **cause);
int	 db_prepare_stream(struct db *, const char *sql, struct db_stmt **st,
	    char **cause);
/* Parameters are numbered from 1; values are copied or must outlive step. */
void	 db_bind_blob(struct db_stmt *, int i, const void *p, size_t len);
void	 db_bind_text(struct db_stmt *, int i, const char *s);
void	 db_bind_int(struct db_stmt *, int i, long long v);
/*
 * DB_ROW, DB_DONE, or a YK_E* code with a cause: YK_EDUP for a unique or
 * primary key violation, YK_ELOCKED when the transaction lost a race
 * (deadlock, serialization failure: roll back and retry it).
 */
int	 db_step(struct db_stmt *, char **cause);
/* Run again with new bindings. */
void	 db_reset(struct db_stmt *);
int	 db_col_type(struct db_stmt *, int c);
/* Borrowed until the next step; an integer reads as its decimal text. */
const void *db_col_blob(struct db_stmt *, int c, size_t *len);
/* NUL-terminated; "" for NULL. */
const char *db_col_text(struct db_stmt *, int c);
long long db_col_int(struct db_stmt *, int c);
int	 db_col_count(struct db_stmt *);
/* Rows written by the last step of an INSERT, UPDATE or DELETE. */
long long db_changes(struct db_stmt *);
/* db_finalize(NULL) is a no-op. */
void	 db_finalize(struct db_stmt *);

/*
 * Send the next statements together: between db_queue_begin and
 * db_queue_end, db_step of a statement that returns no rows answers
 * DB_DONE at once (db_changes is then unknown: do not queue a statement
 * whose changes matter), and db_queue_end runs them all and returns the
 * first error, *failed its place (from 0, in the order queued; -1 if
 * none).  A thousand inserts then cost one round trip to PostgreSQL, not
 * a thousand.  On SQLite each step runs at once, errors included, and
 * these two do nothing.
 */
int	 db_queue_begin(struct db *, char **cause);
int	 db_queue_end(struct db *, long *failed, char **cause);

/*
 * "HEAD VALUES (?, ?), (?, ?)...TAIL": one statement for rows rows of cols
 * values each; row r, column c is parameter r * cols + c + 1.  PostgreSQL
 * then plans and runs one statement for many rows, not one per row (a
 * third of its work at intake: docs/PERFORMANCE.md).  malloc'd; NULL when
 * out of memory.
 */
char	*db_rows_sql(const char *head, int cols, int rows, const char *tail);

/*
 * Run a statement with no result rows, or one whose first row's first
 * column is an integer (*n, when n is not NULL; 0 when there is no row).
 * Parameters: text arg when not NULL.
 */
int	 db_run(struct db *, const char *sql, const char *arg, long long *n,
	    char **cause);

/* The province store's connection, for the pstore-*.c files. */
struct pstore;
struct db	*pstore_db(struct pstore *);

/* Add a batch's counts inside its transaction (pstore-counts.c). */
struct pstore_batch;
int	 pstore_counts_add(struct db *, const struct pstore_batch *,
	    char **cause);

/* Backends (store-db.c, db-pg.c). */
int	 db_sqlite_open(const char *path, struct db **, char **cause);
int	 db_pg_open(const char *url, struct db **, char **cause);

#endif
