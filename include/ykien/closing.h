/*
 * closing: counting a poll's stored ballots, the logic-and-accuracy test
 * report, and the signed closing record of DESIGN invariant 5.
 *
 * The closing record commits the kiosk to the set of ballots it holds: the
 * count, the totals, the codes used or ballots activated and a hash over
 * the sorted ballot hashes, so the province can recompute every number
 * from what it received.  It exists in three forms:
 *	closing-ID.bin		the canonical signed record (layout in
 *				docs/PROTOCOL.md)
 *	closing-ID.txt		the text sheet (biên bản) in Vietnamese, to
 *				print and post on the cultural house wall
 *	closing-ID.txt.sig	a signify signature of the sheet by the
 *				kiosk key: signify-openbsd -V -p kiosk.pub
 *				-x closing-ID.txt.sig -m closing-ID.txt
 * all in the state directory.  The record is also kept in the store, so
 * the files can be written again (closing_save) if writing them failed.
 */
#ifndef YKIEN_CLOSING_H
#define YKIEN_CLOSING_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "poll.h"

struct kiosk;

#define CLOSING_DOMAIN	"ykien/v1/closing"
#define CLOSING_MAX	65536

/* Ballots counted: n[q][0] is "no opinion", n[q][i] option i. */
struct closing_count {
	uint64_t	ballots;
	uint64_t	n[POLL_MAX_QUESTIONS][POLL_MAX_OPTIONS + 1];
	uint8_t		set_hash[KEYS_HASH];
};

/*
 * Count the poll's real (test = 0) or test (test = 1) ballots.  Every
 * ballot's signature, poll id and poll hash are checked; one that fails
 * stops the count with YK_ESIG or YK_EINVAL.
 */
int	 closing_count(struct kiosk *, const struct poll *, int test,
	    struct closing_count *, char **cause);

/*
 * The logic-and-accuracy report printed when the test ends (testing ->
 * open): counted test ballots per question and option, compared with the
 * expected totals in expected_path when it is not NULL (lines "QUESTION-ID
 * OPTION COUNT", option 0 = no opinion, '#' comments), then the zero
 * report: the real ballot box, counted, and shown to hold nothing.
 * *text is malloc'd.  *mismatches gets the number of expected totals that
 * differ (0 without a file); a real ballot box that is not empty counts as
 * a mismatch too.
 */
int	 closing_test_report(struct kiosk *, const struct poll *,
	    const char *expected_path, char **text, int *mismatches,
	    char **cause);

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
 * Close poll id: check the official's PIN, and the Front's when the poll
 * asks for two (each with pin.h's delays and lockout), then in one
 * transaction move the poll to closed, build and sign the record, keep it
 * in the store and log it; then write the three files (closing_save).
 * Nothing changes if a PIN is wrong.  If only the files fail, the poll is
 * closed and YK_EIO says to run `ykien-kiosk closing`.  *out (may be NULL)
 * gets the record.
 */
int	 closing_close(struct kiosk *, const char *id, const char *pin_official,
	    const char *pin_front, struct closing **out, char **cause);
/* The record of a closed poll, from the store. */
int	 closing_load(struct kiosk *, const char *id, struct closing **out,
	    char **cause);
/* Write closing-ID.bin, .txt and .txt.sig in the state directory. */
int	 closing_save(struct kiosk *, const struct poll *,
	    const struct closing *, char **cause);
/* The text sheet (malloc'd, NULL on no memory). */
char	*closing_text(const struct kiosk *, const struct poll *,
	    const struct closing *);
/*
 * The string for the QR code on the closing screen: the digest and the
 * totals, "YKIEN1 CLOSING <poll> <keynum hex> <ballots> <digest hex>
 * <q1 counts n0,n1,..>/<q2 ...>" (malloc'd, NULL on no memory).
 */
char	*closing_qr_text(const struct closing *);

#endif
