/*
 * vpool: the collector's signature checkers.  A fixed set of threads, one
 * per core by default, shared by every connection: batches wait in one
 * queue, in the order they came, and each is cut into runs of ballots
 * that the threads take in turn.
 *
 * Why a queue and not threads per batch: with four kiosks sending at
 * once, threads made per batch put four batches' checks on two cores at
 * the same time.  They then finished together and waited together for
 * the store, one at a time, while the cores idled; and the threads
 * crowding the cores made every check slower.  In the queue the first
 * batch is done first and is stored while the next is checked
 * (docs/PERFORMANCE.md, "Ingest").
 */
#ifndef YKIEN_VPOOL_H
#define YKIEN_VPOOL_H

#include <stdint.h>

struct batch;
struct vpool;

/*
 * Start n checking threads (1..VPOOL_MAX; 0: one per core).  NULL if not
 * even one thread could start: vpool_check then checks on the caller's
 * thread, so a NULL pool is still correct, only slower.
 */
#define VPOOL_MAX	16
struct vpool	*vpool_start(unsigned n);
/* Wait for the threads to finish what is queued, and free the pool. */
void		 vpool_stop(struct vpool *);

/*
 * Check every ballot signature of b against b's kiosk key (not the
 * batch's own signature: batch_verify does that).  Blocks until done.
 * Returns the index of the first ballot whose signature fails, or b->n
 * if all pass.  Thread-safe; b must stay valid until it returns.
 */
uint32_t	 vpool_check(struct vpool *, const struct batch *b);

#endif
