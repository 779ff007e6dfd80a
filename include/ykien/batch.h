/*
 * batch: the signed envelope that carries ballots from a kiosk to the
 * province, and the province's signed acknowledgement of it.  Both travel
 * the same way over HTTP and on a USB stick, so the province checks them the
 * same way whichever road they took.  Layouts in docs/PROTOCOL.md:
 *
 *	batch = str("ykien/v1/batch") || id[16] || kiosk keynum[8] ||
 *		kiosk pk[32] || str(poll id) || poll hash[32] || n u32 ||
 *		set hash[32] || n * bytes(signed ballot) || sig[64]
 *	ack   = str("ykien/v1/ack") || batch id[16] || batch hash[32] ||
 *		kiosk keynum[8] || str(poll id) || accepted u32 ||
 *		province keynum[8] || sig[64]
 *
 * The batch hash is SHA-256 over the whole signed batch.  The ballots are
 * sorted by id, strictly, so a batch has exactly one encoding and never
 * carries the order in which its ballots were cast.
 */
#ifndef YKIEN_BATCH_H
#define YKIEN_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "ballot.h"
#include "keys.h"
#include "poll.h"

#define BATCH_DOMAIN		"ykien/v1/batch"
#define ACK_DOMAIN		"ykien/v1/ack"
#define BATCH_ID		16
#define BATCH_MAX_BALLOTS	1000
/* An upper bound on a signed batch of BATCH_MAX_BALLOTS ballots. */
#define BATCH_MAX		(BATCH_MAX_BALLOTS * (BALLOT_MAX + 4) + 4096)
#define ACK_MAX			512

/* A decoded batch.  The ballot pointers borrow from the decoded buffer. */
struct batch {
	uint8_t			 id[BATCH_ID];
	struct keys_public	 kiosk;
	char			 poll_id[POLL_ID_MAX + 1];
	uint8_t			 poll_hash[KEYS_HASH];
	uint32_t		 n;
	uint8_t			 set_hash[KEYS_HASH];
	const uint8_t		**ballots;	/* n pointers, malloc'd array */
	size_t			*lens;		/* n lengths, malloc'd */
	uint8_t			 hash[KEYS_HASH]; /* of the signed batch */
};

/*
 * Make a signed batch of n signed ballots (any order; they are sorted
 * here) for poll_id/poll_hash.  Every ballot must decode, belong to that
 * poll and to kiosk `pub`, and not be a test ballot; ids must be distinct.
 * *out is malloc'd (caller frees).  YK_EINVAL with a cause otherwise.
 */
int	 batch_make(const struct keys_secret *, const struct keys_public *pub,
	    const uint8_t id[BATCH_ID], const char *poll_id,
	    const uint8_t poll_hash[KEYS_HASH], const uint8_t *const *ballots,
	    const size_t *lens, size_t n, uint8_t **out, size_t *len,
	    char **cause);
/*
 * Decode a signed batch and check its structure: domain, lengths, every
 * ballot decodes and names the batch's poll and kiosk, no test ballots,
 * ids strictly ascending (so no duplicates), count and set hash match.
 * Signatures are NOT checked: see batch_verify.  On success *out is
 * allocated (batch_free) and borrows from buf, which must outlive it.
 */
int	 batch_decode(const uint8_t *buf, size_t len, struct batch **out,
	    char **cause);
/*
 * Check the batch's signature against `pub` (its key number must match the
 * one in the batch) and then every ballot's.  YK_ESIG naming what failed.
 */
int	 batch_verify(const uint8_t *buf, size_t len, const struct batch *,
	    const struct keys_public *pub, char **cause);
void	 batch_free(struct batch *);

/*
 * The province keeps each ballot once, in its own row, and of the batch
 * only its envelope: the bytes before the first ballot (the header) and
 * the signature.  batch_head is the header's length in buf (b decoded
 * from it); batch_join puts a batch back together from an envelope and
 * its ballots in id order (*out malloc'd): the same bytes, so the same
 * hash and a signature that still checks.
 */
size_t	 batch_head(const uint8_t *buf, const struct batch *b);
int	 batch_join(const uint8_t *env, size_t elen,
	    const uint8_t *const *ballots, const size_t *lens, size_t n,
	    uint8_t **out, size_t *len, char **cause);

struct ack {
	uint8_t		batch_id[BATCH_ID];
	uint8_t		batch_hash[KEYS_HASH];
	uint8_t		kiosk[KEYS_NUM];
	char		poll_id[POLL_ID_MAX + 1];
	uint32_t	accepted;
	uint8_t		province[KEYS_NUM];
};

/* Sign an acknowledgement; *out is malloc'd. */
int	 ack_make(const struct keys_secret *, const struct ack *,
	    uint8_t **out, size_t *len);
/* Structure only; YK_EINVAL with a cause. */
int	 ack_decode(const uint8_t *buf, size_t len, struct ack *, char **cause);
/*
 * Decode and verify an acknowledgement against the province key and check
 * that it acknowledges exactly this batch (id and hash) in full.  Anything
 * else (a captive portal's page, a tampered byte) is YK_EINVAL or YK_ESIG.
 */
int	 ack_check(const uint8_t *buf, size_t len,
	    const struct keys_public *province, const struct batch *,
	    char **cause);

#endif
