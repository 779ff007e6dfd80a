/*
 * store-int.h: shared internals of the store module (src/store*.c), the
 * only files that see <sqlite3.h>.  Not a public header.
 */
#ifndef YKIEN_STORE_INT_H
#define YKIEN_STORE_INT_H

#include <sys/types.h>

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The database header's application_id: "YKST", so that file(1) and a
 * reader can tell a kiosk store; rewritten by each sweep to prime the WAL.
 */
#define STORE_APP_ID	"1498108756"

struct store {
	sqlite3		*db;
	char		*path;
	/*
	 * Casts this connection may make before a pool could pass half
	 * full (0: look at the pools at the next store_idle).  Saves
	 * store_idle a count over every slot after each cast.
	 */
	long long	 slack;
	int		 swept_once;	/* a full journal sweep has run */
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
/*
 * The name of the VFS every kiosk store connection uses (src/store-vfs.c:
 * journals are zeroed, never unlinked; a truncation zeroes what it cuts),
 * registered on first use; NULL if SQLite refused it.
 */
const char	*store_vfs(void);
/* /dev/shm, where the VFS keeps the WAL index, can take it; or a cause. */
int		 store_shm_ready(char **cause);
/*
 * Wrapper VFSes (src/store-wrap.c): a file is SQLite's handle, then the
 * wrapped VFS's file (allocated right after it); the wrapped VFS is the
 * wrapper's pAppData.  store_vfile_pass hands every call on unchanged;
 * a wrapper copies it and replaces what it changes.  store_vfs_wrap fills
 * a VFS with pass-through calls but xOpen, which calls store_vfile_open
 * with the wrapper's methods.
 */
struct store_vfile {
	sqlite3_file	 base;
	sqlite3_file	*real;
	int		 main_db;	/* SQLITE_OPEN_MAIN_DB */
	int		 wal;		/* SQLITE_OPEN_WAL */
	const char	*name;		/* SQLite's: valid until xClose */
	struct store_shm *shm;		/* the WAL index (store-vfs.c) */
};
extern const sqlite3_io_methods store_vfile_pass;
int	store_vfile_open(sqlite3_vfs *, const char *name, sqlite3_file *,
	    int flags, int *out_flags, const sqlite3_io_methods *);
void	store_vfs_wrap(sqlite3_vfs *, sqlite3_vfs *real, const char *name);
/*
 * store_idle, but prime = 0 leaves a WAL of zeros as it is (store_open:
 * opening and closing a store without a commit changes no byte).
 */
int	store_grow_sweep(struct store *, int prime, char **cause);
/* Overwrite bytes [from, to) of fd with zeros (no sync); -1 and errno. */
int	store_zero_fd(int fd, off_t from, off_t to);
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
 * Slot pools (src/store-slots.c): the fixed-size rows that hold ballots
 * (table slots) and receipts (table receipts) of one poll.
 */
#define STORE_POOL_BALLOT	0
#define STORE_POOL_RECEIPT	1
struct store_pool {
	int		kind;		/* STORE_POOL_* */
	long long	base;		/* first slot (rowid) */
	long long	size;		/* slots */
	int		len;		/* bytes of every body */
};
int	store_pool_get(struct store *, const char *poll_id, int kind,
	    struct store_pool *, char **cause);
/* Inside a transaction: double the pool and shuffle it. */
int	store_pool_grow(struct store *, struct store_pool *, char **cause);
/* A free slot of the pool, chosen uniformly at random; YK_EFULL: none. */
int	store_slot_take(struct store *, const struct store_pool *,
	    long long *slot, char **cause);
/* Overwrite one slot in place with state ("real", "test") and body. */
int	store_slot_put(struct store *, const struct store_pool *,
	    long long slot, const char *state, const uint8_t *body,
	    size_t len, char **cause);

#endif
