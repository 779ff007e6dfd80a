/*
 * elig: who may vote, per the poll's eligibility mode, as policy functions
 * the voter screen calls before it shows the first question.
 *
 * household-code: elig_code_try checks a typed code.  A wrong check digit
 *	is a typing slip, caught before any lookup and free of delay; an
 *	unknown or used code costs a delay that doubles with each one in a
 *	row (2, 4, 8 ... 600 s), kept in the store so a restart does not
 *	reset it.  Every 5th in a row is an event.
 * supervised: elig_activate checks the activation PIN (role "activation",
 *	with pin.h's delays and lockout) and counts the activation.
 * open: elig_open_press enforces the poll's minimum interval between
 *	ballots and counts the presses it ignores.
 *
 * None of these writes anything that ties a code, an activation or a press
 * to a ballot: counters only, and events that are never per ballot.
 */
#ifndef YKIEN_ELIG_H
#define YKIEN_ELIG_H

#include <stddef.h>
#include <stdint.h>

#include "codes.h"
#include "keys.h"

struct kiosk;
struct poll;

#define ELIG_CODE_MAX_DELAY	600
#define ELIG_MAX_CODES		10000	/* per `codes` run */

/* Counter names (store_counter_get). */
#define ELIG_CTR_ACTIVATIONS	"activations"
#define ELIG_CTR_IGNORED	"ignored_presses"
#define ELIG_CTR_WRONG_CODES	"wrong_codes"

/* The wait after the n-th unknown or used code in a row. */
long	 elig_code_delay(int fails);
/*
 * Check a typed household code.  0: hash gets the code's hash to pass to
 * kiosk_cast, which marks the code used with the ballot.  YK_EINVAL:
 * malformed or wrong check digit (no delay, nothing looked up).
 * YK_EAUTH (unknown) or YK_EDUP (used): *wait gets the delay now owed.
 * YK_ELOCKED: still inside a delay; *wait gets the seconds left and the
 * code is not even looked at.  mode is the ballot's (kiosk.h): in
 * KIOSK_MODE_TEST a real code may come back KIOSK_CODE_UNSPENT (good, but
 * not to be spent by the test ballot).
 */
int	 elig_code_try(struct kiosk *, const struct poll *, int mode,
	    const char *typed, uint8_t hash[KEYS_HASH], long *wait,
	    char **cause);
/*
 * Supervised mode: check the activation PIN and, if right, count one
 * activation.  Errors as pin_check.
 */
int	 elig_activate(struct kiosk *, const struct poll *, const char *pin,
	    long *wait, char **cause);
/*
 * Open mode: a voter pressed "start".  *last is the time of the last
 * accepted press, kept by the caller in memory (0 at start).  0 if
 * accepted (*last is updated); YK_ELOCKED if inside the poll's minimum
 * interval: the press is counted as ignored and *wait gets the seconds
 * left.
 */
int	 elig_open_press(struct kiosk *, const struct poll *, long long *last,
	    long *wait, char **cause);

/*
 * Make n new one-time codes for poll p, store their Argon2id hashes in one
 * transaction and log a "codes-issued" event.  codes gets the n codes
 * (caller-allocated, in keys_secure_alloc memory; wipe after printing).
 * Refused for a closed poll or one whose mode is not household-code.
 * With mode KIOSK_MODE_TEST they are test slips, a marked set of their own
 * that only test ballots take ("test-codes-issued" event).
 */
int	 elig_codes_make(struct kiosk *, const struct poll *, int mode, int n,
	    char (*codes)[CODES_DIGITS + 1], char **cause);
/* The printable slips, in Vietnamese (malloc'd text, NULL on no memory);
 * test slips say so on every slip. */
char	*elig_slips_text(const struct kiosk *, const struct poll *, int mode,
	    char (*codes)[CODES_DIGITS + 1], int n);
/*
 * The slips as a PDF of cut-out cards, ten to an A4 page, at path
 * (src/slips-pdf.c).  The file holds the codes: mode 0600 is the caller's.
 */
int	 elig_slips_pdf(const char *path, const struct kiosk *,
	    const struct poll *, int mode, char (*codes)[CODES_DIGITS + 1],
	    int n, char **cause);

#endif
