/*
 * store-int.h: shared internals of the store module (src/store*.c), the
 * only files that see <sqlite3.h>.  Not a public header.
 */
#ifndef YKIEN_STORE_INT_H
#define YKIEN_STORE_INT_H

#include <sqlite3.h>

struct store {
	sqlite3	*db;
	char	*path;
};

/*
 * Open s->path (s->path set, s->db NULL) with flags and vfs (NULL: the
 * default), apply pragmas, and bring the schema to the last
 * user_version: steps[v] takes a database from v - 1 to v and sets
 * user_version itself; entry 0 is unused.  On error the caller closes.
 */
int	store_connect(struct store *, int flags, const char *vfs,
	    const char *pragmas, const char *const *steps, int n,
	    char **cause);

/*
 * Close s->db (if open) and free s->path, leaving s itself to the caller.
 * YK_EIO if SQLite could not close the database.
 */
int	store_disconnect(struct store *);
/* Map a SQLite result to a YK_E* code and a cause naming what failed. */
int	store_err(struct store *, int rc, const char *what, char **cause);
/* Prepare sql or fail with a cause; *st is NULL on failure. */
int	store_prepare(struct store *, const char *sql, sqlite3_stmt **st,
	    char **cause);
/* Run SQL with no results (BEGIN, COMMIT, DDL). */
int	store_exec(struct store *, const char *sql, char **cause);
/*
 * Run a one-number query (SELECT count(*) ...) whose only parameter, if
 * any, is the text arg (NULL: no parameter); what names it in errors.
 */
int	store_count(struct store *, const char *sql, const char *arg,
	    long long *n, const char *what, char **cause);
/*
 * Step st, a statement that returns no rows, and finalize it: 0, or
 * store_err's code and a cause naming what (a constraint is YK_EDUP, for
 * callers with a better word for it).  st is finalized in every case.
 */
int	store_done(struct store *, sqlite3_stmt *st, const char *what,
	    char **cause);
/*
 * The end of a walk over st's rows: finalize st, then the callback's
 * result r if it stopped the walk, else 0 if sqlite3_step's last result rc
 * was SQLITE_DONE, else store_err naming what.
 */
int	store_walk_end(struct store *, sqlite3_stmt *st, int r, int rc,
	    const char *what, char **cause);
/* Roll back an open transaction, ignoring errors: the caller has one. */
void	store_rollback(struct store *);
/*
 * Inside an open transaction, rewrite table ("ballots" or "test_ballots")
 * so that the order of cells inside pages follows the keys (random ids)
 * and not the order of insertion.
 */
int	store_scrub(struct store *, const char *table, char **cause);

#endif
