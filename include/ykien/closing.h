/*
 * closing: the signed closing record of invariant 5 (docs/DESIGN.md), as
 * bytes.  Both programs share this format: the kiosk signs a record when
 * it closes a poll (closing-kiosk.h), the province decodes and checks it.
 *
 * The closing record commits the kiosk to the set of ballots it holds: the
 * count, the totals, the codes used or ballots activated and a hash over
 * the sorted ballot hashes, so the province can recompute every number
 * from what it received.  The byte layout is in docs/PROTOCOL.md.
 */
#ifndef YKIEN_CLOSING_H
#define YKIEN_CLOSING_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "poll.h"

#define CLOSING_DOMAIN	"ykien/v1/closing"
#define CLOSING_MAX	65536

/* Ballots counted: n[q][0] is "no opinion", n[q][i] option i. */
struct closing_count {
	uint64_t	ballots;
	uint64_t	n[POLL_MAX_QUESTIONS][POLL_MAX_OPTIONS + 1];
	uint8_t		set_hash[KEYS_HASH];
};

struct closing {
	char		 poll_id[POLL_ID_MAX + 1];
	uint8_t		 poll_hash[KEYS_HASH];
	uint8_t		 kiosk[KEYS_NUM];
	char		 commune[6];
	char		*village;
	uint64_t	 closed_at;
	uint8_t		 elig;
	uint64_t	 test_ballots;
	uint64_t	 codes_issued;
	uint64_t	 codes_used;
	uint64_t	 activations;
	uint64_t	 ignored;
	uint64_t	 event_seq;
	uint8_t		 event_hash[KEYS_HASH];
	uint16_t	 n_questions;
	char		*qids[POLL_MAX_QUESTIONS];
	uint16_t	 n_opts[POLL_MAX_QUESTIONS];	/* options + 1 */
	struct closing_count count;
	uint8_t		 sig[KEYS_SIG];
	uint8_t		 digest[KEYS_HASH];	/* SHA-256 of the signed bytes */
};

void	 closing_free(struct closing *);
/* Canonical bytes with the signature (malloc'd). */
int	 closing_encode(const struct closing *, uint8_t **buf, size_t *len);
/* Decode and check the signature against pub; *out is closing_free'd. */
int	 closing_decode(const uint8_t *buf, size_t len,
	    const struct keys_public *, struct closing **out, char **cause);
/*
 * Sign every field but sig and digest with sec, and fill sig and digest.
 * Returns 0, or YK_ENOMEM with r's signature unset.
 */
int	 closing_sign(struct closing *, const struct keys_secret *);

#endif
