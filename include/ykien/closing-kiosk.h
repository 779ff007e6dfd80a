/*
 * closing-kiosk: the kiosk's side of closing a poll: counting the stored
 * ballots, the logic-and-accuracy test report, and the close step that
 * makes the signed closing record (closing.h).
 *
 * The record exists in three forms:
 *	closing-ID.bin		the canonical signed record (layout in
 *				docs/PROTOCOL.md)
 *	closing-ID.txt		the text sheet (biên bản) in Vietnamese, to
 *				print and post on the cultural house wall
 *				(closing-sheet.h)
 *	closing-ID.txt.sig	a signify signature of the sheet by the
 *				kiosk key: signify-openbsd -V -p kiosk.pub
 *				-x closing-ID.txt.sig -m closing-ID.txt
 * all in the state directory.  The record is also kept in the store, so
 * the files can be written again (closing_save) if writing them failed.
 */
#ifndef YKIEN_CLOSING_KIOSK_H
#define YKIEN_CLOSING_KIOSK_H

#include "closing.h"
#include "poll.h"

struct kiosk;

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
#endif
