/*
 * ballot: the canonical, signed form of one vote and its hash.  A ballot carries nothing that could tie it to a voter or to its
 * place in the voting order: a 128-bit random id, the poll, the kiosk's key
 * number, a test flag and the answers.  No time at all.  Layout in
 * docs/PROTOCOL.md ("Ballot").
 */
#ifndef YKIEN_BALLOT_H
#define YKIEN_BALLOT_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "poll.h"
#include "receipt.h"

#define BALLOT_DOMAIN		"ykien/v1/ballot"
#define BALLOT_ID		16
#define BALLOT_MAX_ANSWERS	255
#define BALLOT_MAX		1024	/* bytes, signed */

#define BALLOT_TEST		0x01	/* flags: a logic-and-accuracy test */

struct ballot {
	uint8_t		id[BALLOT_ID];
	char		poll_id[POLL_ID_MAX + 1];
	uint8_t		poll_hash[KEYS_HASH];
	uint8_t		kiosk[KEYS_NUM];
	uint8_t		flags;
	uint16_t	n_answers;
	uint8_t		answers[BALLOT_MAX_ANSWERS];
};

/*
 * Encode and sign.  *out (malloc'd, caller frees) gets message || sig.
 */
int	 ballot_sign(const struct ballot *, const struct keys_secret *,
	    uint8_t **out, size_t *len);
/*
 * Decode a signed ballot.  Checks only the structure, not the signature:
 * call ballot_verify for that.  YK_EINVAL with a cause on malformed input.
 */
int	 ballot_decode(const uint8_t *buf, size_t len, struct ballot *,
	    char **cause);
int	 ballot_verify(const uint8_t *buf, size_t len,
	    const struct keys_public *, char **cause);
/* The length of every signed ballot of a poll (id, n answers). */
size_t	 ballot_size(const char *poll_id, int n_answers);
/* SHA-256 over the whole signed ballot. */
void	 ballot_hash(const uint8_t *buf, size_t len, uint8_t out[KEYS_HASH]);

/*
 * The hash of a set of ballots, used by batches and closing records:
 *	SHA-256(str("ykien/v1/ballot-set") || n u32 || h[0] || ... || h[n-1])
 * where h are the ballot hashes sorted ascending (bytewise).  hashes is
 * sorted in place.
 */
#define BALLOT_SET_DOMAIN	"ykien/v1/ballot-set"
int	 ballot_set_hash(uint8_t (*hashes)[KEYS_HASH], size_t n,
	    uint8_t out[KEYS_HASH]);

#endif
