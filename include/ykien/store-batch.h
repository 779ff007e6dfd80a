/*
 * store-batch: the kiosk store's outgoing queue (src/store-batch.c).  A
 * ballot is "pending" while its batch column is NULL; forming a batch
 * stores the signed batch and points its ballots at it in one transaction,
 * so after a power cut the kiosk resends the very same batch (same id, same
 * bytes) and the province can tell a resend from a new batch.  A batch is
 * "acked" once the province's signed acknowledgement has been checked;
 * only then do its ballots count as uploaded.
 */
#ifndef YKIEN_STORE_BATCH_H
#define YKIEN_STORE_BATCH_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* Ballots of poll_id not yet in any batch. */
int	 store_pending_count(struct store *, const char *poll_id,
	    long long *n, char **cause);
/*
 * Where a walk over the pending ballots stands, so that forming batch after
 * batch reads the pool once, not once a batch; zero it to start.  Only the
 * store looks inside.
 */
struct store_pending_pos {
	long long	lo, hi;		/* the slots the last call read */
	int		started;
};
/*
 * Call fn for at most limit pending ballots of poll_id, in the order of
 * their slots (random: the pool's), from where pos stands; id and blob are
 * borrowed for the call.  pos moves past them.  A non-zero return from fn
 * stops the walk and is returned.
 */
int	 store_pending_each(struct store *, const char *poll_id, long long limit,
	    struct store_pending_pos *pos, int (*fn)(void *, const uint8_t *id,
	    const uint8_t *blob, size_t len), void *arg, char **cause);
/*
 * Store a formed batch and mark its n ballots (ids, 16 bytes each), the
 * ones the last store_pending_each with pos read, as members, in one
 * durable transaction.  If any ballot is missing or already in a batch
 * (another uploader got there first) nothing is written and YK_ESTATE is
 * returned.
 */
int	 store_batch_add(struct store *, const uint8_t id[16],
	    const char *poll_id, const uint8_t *blob, size_t len,
	    const uint8_t (*ballot_ids)[16], size_t n,
	    const struct store_pending_pos *pos, char **cause);
/*
 * Forming batches reads the whole pool and rewrites much of it: on = 1
 * gives the connection a page cache that holds it (16 MiB at most, taken
 * as pages are read), on = 0 gives the memory back.  The voter's casts
 * keep SQLite's default (2 MiB).
 */
int	 store_bulk(struct store *, int on, char **cause);
/*
 * Call fn for each batch with acked == 0 (unacked), 1 (acked) or -1 (all),
 * in id order; blob is borrowed for the call.  Non-zero from fn stops.
 */
int	 store_batch_each(struct store *, int acked, int (*fn)(void *,
	    const uint8_t *id, const char *poll_id, const uint8_t *blob,
	    size_t len), void *arg, char **cause);
/*
 * Record a checked acknowledgement: the batch (and so its ballots) is
 * uploaded.  Marking twice is harmless (the first ack is kept).
 */
int	 store_batch_ack(struct store *, const uint8_t id[16],
	    const uint8_t *ack, size_t len, char **cause);

struct store_batch_stats {
	long long	pending;	/* ballots in no batch */
	long long	queued;		/* ballots in unacked batches */
	long long	uploaded;	/* ballots in acked batches */
	long long	batches_unacked;
	long long	batches_acked;
};

/* Totals over every poll (poll_id NULL) or one poll. */
int	 store_batch_stats(struct store *, const char *poll_id,
	    struct store_batch_stats *, char **cause);

#endif
