/*
 * collect: the province's intake of batches, one function shared by the
 * HTTP collector (server.c) and the USB import, so that a batch is checked
 * exactly the same way whichever road it took.  Checks, cheapest first:
 * structure (batch_decode), a registered and unrevoked kiosk whose key
 * matches, a known poll of the same file hash assigned to the kiosk's
 * commune, the batch's and every ballot's signature, every answer inside
 * the poll, then a resend / conflict check and the store, whole, in one
 * transaction.  A refusal changes nothing.
 *
 * Replies (docs/PROTOCOL.md, "Collector replies"):
 *	201 created		a new batch; ack = the signed acknowledgement
 *	200 already-held	the very same batch again; the same ack
 *	400 malformed		not a batch (garbage, truncated, bad structure)
 *	403 unknown-kiosk, revoked-kiosk, key-mismatch, bad-signature
 *	409 batch-conflict	same batch id, different content
 *	409 duplicate-ballot	a ballot id this kiosk already sent for this
 *				poll in another batch (ids are unique per
 *				poll and kiosk: another kiosk's ids never
 *				block a batch, they are counted in
 *				r->collisions for the log)
 *	413 too-large		(from the server, before reading the body)
 *	422 unknown-poll, poll-mismatch, wrong-commune, bad-answer
 *	500 internal		the province's own fault; the kiosk retries
 */
#ifndef YKIEN_COLLECT_H
#define YKIEN_COLLECT_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

struct collect;
struct pstore;

struct collect_reply {
	int		 status;	/* HTTP status */
	const char	*code;		/* static, e.g. "unknown-kiosk" */
	char		*message;	/* malloc'd, human-readable */
	uint8_t		*ack;		/* malloc'd; 200 and 201 only */
	size_t		 alen;
	uint32_t	 n;		/* ballots in the batch (if decoded) */
	size_t		 collisions;	/* its ids another kiosk also sent */
};

/*
 * Open dir's province.db (created if missing) and read province.pub.  sec
 * may be NULL for commands that only read or register; collect_batch then
 * fails with 500.  The collect does not own sec.
 */
int	 collect_open(const char *dir, const struct keys_secret *sec,
	    struct collect **out, char **cause);
void	 collect_close(struct collect *);
/*
 * How many threads check the ballots' signatures (vpool.h), shared by
 * every caller: n (at most 16), or 0 for one per core (the default).
 * Call before the first batch.
 */
void	 collect_set_threads(struct collect *, unsigned n);
/* The open province store, for registry and status commands. */
struct pstore *collect_store(struct collect *);

/*
 * Check and store one batch.  Always fills *r (free with
 * collect_reply_free) and returns r->status.  Thread-safe: callers may
 * share one collect between threads.
 */
int	 collect_batch(struct collect *, const uint8_t *buf, size_t len,
	    struct collect_reply *r);
void	 collect_reply_free(struct collect_reply *);
/*
 * Check and store a kiosk's records bundle (bundle.h): 201 stored, 200
 * already held (both with a signed acknowledgement naming the bundle),
 * 400 malformed, 403 bad-signature (or unknown/revoked kiosk), 409
 * log-fork, 422 refused (unknown poll, wrong commune...).
 */
int	 collect_records(struct collect *, const uint8_t *buf, size_t len,
	    struct collect_reply *r);

#endif
