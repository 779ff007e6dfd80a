/*
 * closing-sheet: the texts people read about a closing, in Vietnamese:
 * the logic-and-accuracy report, the closing sheet (biên bản) to print
 * and post, and the closing screen's QR string.  Rendering only: no
 * store, no files.
 */
#ifndef YKIEN_CLOSING_SHEET_H
#define YKIEN_CLOSING_SHEET_H

#include <stdint.h>

#include "closing.h"
#include "keys.h"
#include "poll.h"

/* Expected totals for a logic-and-accuracy test, from the officials. */
struct closing_expected {
	int		have_ballots;
	uint64_t	ballots;
	int		have[POLL_MAX_QUESTIONS][POLL_MAX_OPTIONS + 1];
	uint64_t	n[POLL_MAX_QUESTIONS][POLL_MAX_OPTIONS + 1];
};

/*
 * The logic-and-accuracy report of poll p at village: the test count c
 * against e (NULL: no expected totals), then the zero report of the real
 * count.  *text is malloc'd.  Returns the number of mismatches (a real
 * box that is not empty counts as one), or -1 with *text NULL on no
 * memory.
 */
int	 closing_test_text(const struct poll *, const char *village,
	    const struct closing_count *c, const struct closing_count *real,
	    const struct closing_expected *e, char **text);
/*
 * The text sheet of record r for poll p, signed by the kiosk whose key is
 * pub (malloc'd, NULL on no memory).
 */
char	*closing_text(const struct keys_public *, const struct poll *,
	    const struct closing *);
/*
 * The string for the QR code on the closing screen: the digest and the
 * totals, "YKIEN1 CLOSING <poll> <keynum hex> <ballots> <digest hex>
 * <q1 counts n0,n1,..>/<q2 ...>" (malloc'd, NULL on no memory).
 */
char	*closing_qr_text(const struct closing *);

#endif
