/*
 * store: the kiosk's SQLite database.  The store module (src/store*.c) is
 * the only code that includes <sqlite3.h>.
 *
 * Privacy hygiene (invariant 2, docs/DESIGN.md) lives here and nowhere
 * else; the full argument is in docs/THREAT-MODEL.md ("The seized card"):
 * - ballots and receipts sit in pools of fixed-size slots made at `poll
 *   test`; a cast overwrites a random free slot of each in place, so
 *   neither the rows nor the bytes of the file follow the order of casting
 *   (src/store-slots.c);
 * - commits go to a WAL that is never deleted or truncated (so its blocks
 *   never reach the filesystem's free list): store_idle copies it into the
 *   database and overwrites it with zeros after every commit, and so does
 *   store_open at start-up; its index lives in RAM (/dev/shm), never on
 *   the card (src/store-vfs.c);
 * - secure_delete is on: SQLite zeroes whatever it frees inside the file;
 * - temporary data stays in memory (temp_store), never in /tmp;
 * - household codes live in their own table, with nothing linking them to
 *   ballots; marking one used changes one byte in place.
 * Durability (invariant 1): synchronous=FULL, which in WAL mode syncs the
 * commit's frames (one fdatasync) before store_put_ballot returns.
 */
#ifndef YKIEN_STORE_H
#define YKIEN_STORE_H

#include <stddef.h>
#include <stdint.h>

#define STORE_SCHEMA_VERSION	2
#define STORE_RECEIPT		11	/* bytes of a stored receipt code */

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
 * Make (or grow) the poll's ballot and receipt pools so that want more
 * ballots of ballot_len bytes fit while the pools stay at most half full.
 * kiosk_transition calls it at `poll test` and `poll open`.
 */
int	 store_slots_ready(struct store *, const char *poll_id,
	    size_t ballot_len, long long want, char **cause);
/*
 * The work that durability does not need, to run after the voter is
 * thanked and before the next voter starts (and at start-up): grow pools
 * that are more than half full, then copy the WAL into the database and
 * overwrite it with zeros.
 */
int	 store_idle(struct store *, char **cause);
/*
 * Only the WAL part of store_idle, and only if the WAL holds a commit
 * since the last sweep: cheap enough to run every few seconds and at
 * close, so that commits by other processes (the uploader, officials'
 * commands) leave nothing behind either.
 */
int	 store_sweep(struct store *, char **cause);
/*
 * Zeros over every free page of the database (see store-slots.c); done by
 * store_open after a power cut's rollback.  0 when the freelist is empty.
 */
int	 store_wipe_free(struct store *, char **cause);
/* 1 if the database at path has a hot journal (a cut transaction). */
int	 store_journal_hot(const char *path);
/*
 * Commit one signed ballot durably, in one transaction, into a random free
 * slot of the poll's pool; receipt (STORE_RECEIPT bytes, or NULL) goes to a
 * random free slot of the receipt pool, with nothing that links the two.
 * If code_hash is not NULL the household code with that hash is marked used
 * in the same transaction (YK_EAUTH if unknown, YK_EDUP if already used, and
 * then nothing is written).  test != 0 marks it a test ballot, and then the
 * code must be a test slip (filed as "POLL-ID#test").  The poll must still
 * be testing (test) or open (real) inside the transaction, else YK_ESTATE.
 * On any error nothing is written.
 */
int	 store_put_ballot(struct store *, const char *poll_id,
	    const uint8_t *blob, size_t len, int test, const char *receipt,
	    const uint8_t *code_hash, size_t code_hash_len, char **cause);
int	 store_count_ballots(struct store *, const char *poll_id, int test,
	    long long *n, char **cause);
/*
 * Call fn for each ballot of the poll, in slot order (random); blob is
 * borrowed for the call only.  A non-zero return from fn stops the walk.
 */
int	 store_ballot_each(struct store *, const char *poll_id, int test,
	    int (*fn)(void *, const uint8_t *blob, size_t len), void *arg,
	    char **cause);

/*
 * Call fn for each stored receipt code of the poll (real or test ballots),
 * sorted; code is borrowed for the call.  A non-zero return stops.
 */
int	 store_receipt_each(struct store *, const char *poll_id, int test,
	    int (*fn)(void *, const char *code), void *arg, char **cause);

/* Household codes: their Argon2id hashes only (see codes.h). */
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
 * Can a ballot be stored now?  PRAGMA quick_check, the file and its
 * directory writable (access), then, if write, a write in a transaction
 * that is rolled back, and the WAL given room for many casts (so a full
 * card fails here, not after a voter's last answer).  Without write nothing at all is
 * written, not even the directory's time: the check before a ballot,
 * which must leave no trace if the ballot is then abandoned.  0, or
 * YK_EINVAL (damaged), YK_EFULL (full) or YK_EIO (cannot write), with a
 * cause.  Nothing is changed.  Faults armed by store_fault_arm() do not
 * fire here: they are for the writes of a cast.
 */
int	 store_selftest(struct store *, int write, char **cause);

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
/* While held (1), armed faults wait; 0 lets them fire again. */
void	 store_fault_hold(int);
/*
 * The VFS name to open the kiosk store with: the fault wrapper if armed
 * (from $YKIEN_FAULT in test builds), else the store's own; NULL if it
 * could not be registered.
 */
const char *store_fault_vfs(void);

#endif
