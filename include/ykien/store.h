/*
 * store: the kiosk's SQLite database.  The store module (src/store*.c) is
 * the only code that includes <sqlite3.h>.
 *
 * Privacy hygiene (invariant 2, docs/DESIGN.md) lives here and nowhere else:
 * - ballots sit in WITHOUT ROWID tables keyed by their random id, so the
 *   B-tree order is the id order, not the cast order;
 * - secure_delete is on and the journal is DELETE, so no journal or WAL
 *   keeps the order of past commits;
 * - in the transaction that adds a ballot, its table is rewritten in id
 *   order, because SQLite places new cells inside a page in insertion
 *   order: without the rewrite the raw bytes of the file would still
 *   betray the voting order (cheaper than a VACUUM: no extra syncs);
 * - temporary data stays in memory (temp_store), never in /tmp;
 * - household codes live in their own table, with nothing linking them to
 *   ballots.
 * Durability (invariant 1): synchronous=EXTRA, so a commit has reached the
 * disk, journal deletion included, before store_put_ballot returns.
 */
#ifndef YKIEN_STORE_H
#define YKIEN_STORE_H

#include <stddef.h>
#include <stdint.h>

#define STORE_SCHEMA_VERSION	1

struct store;

/*
 * Open (create = 0) or create (create = 1, the file must not exist) the
 * database, apply the pragmas and migrate the schema to the current
 * version.  On error *out is untouched.
 */
int	 store_open(const char *path, int create, struct store **out,
	    char **cause);
/* Close; store_close(NULL) is a no-op.  Returns 0 or YK_EIO. */
int	 store_close(struct store *);
int	 store_schema_version(struct store *, int *version);

/* Small key/value settings (kiosk identity, last upload result...). */
int	 store_meta_set(struct store *, const char *key, const char *value,
	    char **cause);
/* *value is malloc'd, or NULL when the key is absent. */
int	 store_meta_get(struct store *, const char *key, char **value,
	    char **cause);

/* Polls: raw file bytes, signature text and lifecycle state name. */
int	 store_poll_put(struct store *, const char *id, const uint8_t *raw,
	    size_t len, const char *sig, const char *state, char **cause);
/* *raw, *sig and *state are malloc'd (any may be passed NULL). */
int	 store_poll_get(struct store *, const char *id, uint8_t **raw,
	    size_t *len, char **sig, char **state, char **cause);
int	 store_poll_set_state(struct store *, const char *id,
	    const char *state, char **cause);
/*
 * Call fn for every poll in id order; a non-zero return from fn stops the
 * walk and is returned.
 */
int	 store_poll_each(struct store *, int (*fn)(void *, const char *id,
	    const char *state), void *arg, char **cause);

/*
 * Commit one signed ballot durably, in one transaction.  If code_hash is
 * not NULL the household code with that keyed hash is marked used in the
 * same transaction (YK_EAUTH if unknown, YK_EDUP if already used, and then
 * nothing is written).  test != 0 stores it apart, among test ballots.
 * On any error nothing is written.
 */
int	 store_put_ballot(struct store *, const uint8_t id[16],
	    const char *poll_id, const uint8_t *blob, size_t len, int test,
	    const uint8_t *code_hash, size_t code_hash_len, char **cause);
int	 store_count_ballots(struct store *, const char *poll_id, int test,
	    long long *n, char **cause);
/*
 * Call fn for each ballot of the poll, in id order; blob is borrowed for
 * the call only.  A non-zero return from fn stops the walk.
 */
int	 store_ballot_each(struct store *, const char *poll_id, int test,
	    int (*fn)(void *, const uint8_t *blob, size_t len), void *arg,
	    char **cause);

/* Household codes: keyed hashes only (see codes.h). */
int	 store_code_add(struct store *, const char *poll_id,
	    const uint8_t *hash, size_t len, char **cause);
/* 0 and *used set if known; YK_ENOENT if the hash is unknown. */
int	 store_code_lookup(struct store *, const char *poll_id,
	    const uint8_t *hash, size_t len, int *used, char **cause);
int	 store_code_counts(struct store *, const char *poll_id,
	    long long *issued, long long *used, char **cause);

/* Named per-poll counters (activations, ignored presses...). */
int	 store_counter_add(struct store *, const char *poll_id,
	    const char *name, long long delta, char **cause);
/* *value is 0 for a counter never added to. */
int	 store_counter_get(struct store *, const char *poll_id,
	    const char *name, long long *value, char **cause);

/* PRAGMA integrity_check: 0, or YK_EINVAL with SQLite's first complaint. */
int	 store_check(struct store *, char **cause);

/*
 * Fault injection, for tests only (src/store-fault.c): every store opened
 * after arming uses a wrapper VFS whose n-th write (or sync) from now
 * fails, with SQLITE_FULL when full is set.  One fault per arming.
 */
#define STORE_FAULT_WRITE	0
#define STORE_FAULT_SYNC	1
int	 store_fault_arm(int kind, int n, int full);
void	 store_fault_disarm(void);
int	 store_fault_fired(void);
/* The VFS name to open with, or NULL; arms from $YKIEN_FAULT if set. */
const char *store_fault_vfs(void);

#endif
