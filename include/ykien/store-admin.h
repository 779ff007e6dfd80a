/*
 * store-admin: the store functions behind the officials' work (PINs, the
 * event log, transactions that span modules, status counts).  Kept apart
 * from store.h so that the batch and voter-screen work can grow store.h
 * without merge conflicts; it is still the store module (src/store*.c),
 * the only code that sees SQLite.
 */
#ifndef YKIEN_STORE_ADMIN_H
#define YKIEN_STORE_ADMIN_H

#include <stddef.h>
#include <stdint.h>

struct store;

/*
 * Transactions that nest: the outermost begin is BEGIN IMMEDIATE (so a
 * second process waits instead of failing on a lock upgrade), inner ones
 * are savepoints.  *outer records which, and must be passed to commit or
 * rollback.  store_tx_rollback never fails (the caller already has an
 * error to report).
 */
int	 store_tx_begin(struct store *, int *outer, char **cause);
int	 store_tx_commit(struct store *, int outer, char **cause);
void	 store_tx_rollback(struct store *, int outer);

/* PIN hashes (Argon2id strings) by role. */
int	 store_pin_put(struct store *, const char *role, const char *hash,
	    char **cause);
/* *hash is malloc'd; YK_ENOENT if no PIN is set for role. */
int	 store_pin_get(struct store *, const char *role, char **hash,
	    char **cause);

/*
 * The event log: one signed blob per sequence number.  store_event_last
 * gives the highest seq (0 and *blob = NULL when the log is empty); *blob
 * is malloc'd.
 */
int	 store_event_last(struct store *, uint64_t *seq, uint8_t **blob,
	    size_t *len, char **cause);
/* YK_EDUP if seq is taken. */
int	 store_event_put(struct store *, uint64_t seq, const uint8_t *blob,
	    size_t len, char **cause);
/*
 * fn for every event in seq order (the table's key, which may disagree
 * with the seq inside a forged blob: the verifier checks both).  blob is
 * borrowed for the call.  A non-zero return from fn stops the walk.
 */
int	 store_event_each(struct store *, int (*fn)(void *, uint64_t seq,
	    const uint8_t *blob, size_t len), void *arg, char **cause);

/*
 * A failure streak under meta key: the count of failures in a row and the
 * time before which no try is accepted (0 and 0 when absent).  YK_EINVAL
 * if the record is damaged: callers then fail closed.
 */
int	 store_tries_get(struct store *, const char *key, int *fails,
	    long long *until, char **cause);
int	 store_tries_set(struct store *, const char *key, int fails,
	    long long until, char **cause);

/* Batches not yet acknowledged by the province, over all polls. */
int	 store_batches_waiting(struct store *, long long *n, char **cause);

#endif
