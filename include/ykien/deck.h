/*
 * deck: a ready-made logic-and-accuracy test deck.  n test ballots with
 * known answers, chosen so that every answer of every question is pressed
 * at least once (ballot i takes item (i + q) mod items(q) of question q),
 * printed as cards that say which keys to press, plus the expected-totals
 * file that matches them, in the format of `poll open --expected`.  The
 * officials cast the deck, then open with that file: the L&A test without
 * 45 hand-written lines.
 */
#ifndef YKIEN_DECK_H
#define YKIEN_DECK_H

#include "codes.h"

struct kiosk;
struct poll;

#define DECK_MAX	500

/* The smallest deck that presses every answer once: the most items. */
int	 deck_min(const struct poll *);
/*
 * Write the deck's cards to pdf_path (A4, ten to a page) and its totals to
 * expected_path (both created, mode 0600).  codes (NULL, or n test slips)
 * puts one test slip on each card.
 */
int	 deck_write(const struct kiosk *, const struct poll *, int n,
	    char (*codes)[CODES_DIGITS + 1], const char *pdf_path,
	    const char *expected_path, char **cause);

#endif
