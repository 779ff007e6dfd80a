/*
 * outbox: the kiosk side of batching, shared by the uploader and the USB
 * export (no network here).  It decides when ballots may leave the kiosk:
 * no batch holds fewer than k ballots (the poll's k_anon, default 10) while
 * the kiosk holds k or more in all, so that a batch never narrows a vote
 * down to a few voters.  While the poll is open a batch leaves only if at
 * least k ballots stay behind; at close the rest goes, and that rest is
 * then k or more unless the whole kiosk holds fewer than k.  Batches are stored before they are
 * sent (store-batch.h), so every resend is the same batch.
 */
#ifndef YKIEN_OUTBOX_H
#define YKIEN_OUTBOX_H

#include "batch.h"

struct kiosk;

#define OUTBOX_DEFAULT_K	10

/*
 * How many of pending ballots the next batch takes (0: none may leave now)
 * under the rule above, for a poll that is closed or not.
 */
long long outbox_batch_size(long long pending, long long k, int closed);
/*
 * Form as many batches as the rules allow for every poll that is open,
 * paused or closed.  *formed (may be NULL) gets how many were made.  A
 * race with another uploader is not an error (it formed them instead).
 */
int	 outbox_form(struct kiosk *, int *formed, char **cause);
/*
 * The same, and fn(arg, batch id, poll id, blob, len) for each batch once
 * it is stored (blob borrowed), so that the uploader can send a batch
 * while the next is formed.
 */
typedef void (*outbox_formed_fn)(void *, const uint8_t id[16],
	    const char *poll_id, const uint8_t *blob, size_t len);
int	 outbox_form_each(struct kiosk *, int *formed, outbox_formed_fn fn,
	    void *arg, char **cause);
/*
 * The same for one poll; the closing flow calls this right after close to
 * flush the last fewer-than-k ballots.
 */
int	 outbox_form_poll(struct kiosk *, const char *poll_id, int *formed,
	    char **cause);

#endif
