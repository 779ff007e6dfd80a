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
/* Roll back an open transaction, ignoring errors: the caller has one. */
void	store_rollback(struct store *);
/*
 * Inside an open transaction, rewrite table ("ballots" or "test_ballots")
 * so that the order of cells inside pages follows the keys (random ids)
 * and not the order of insertion.
 */
int	store_scrub(struct store *, const char *table, char **cause);

#endif
