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
 * pub (malloc'd, NULL on no memory); without totals under k ballots
 * (closing_withheld).
 */
/*
 * What the minutes say beyond the closing record, all optional: when the
 * poll was opened (from the event log), the households of the bản and the
 * people present (entered at close).
 */
struct closing_minutes {
	long long	 opened_at;	/* 0: unknown */
	long		 households;	/* -1: not given */
	const char	*present;	/* "name, role; name, role", or NULL */
};

/* m may be NULL. */
char	*closing_text(const struct keys_public *, const struct poll *,
	    const struct closing *, const struct closing_minutes *m);
/*
 * The same biên bản as an A4 PDF at path (closing-pdf.c), with the
 * closing's QR code.
 */
int	 closing_pdf(const char *path, const struct keys_public *,
	    const struct poll *, const struct closing *,
	    const struct closing_minutes *m, char **cause);

/* Shared by both renderings. */
int	 closing_answers(const struct poll_question *, int n_opts);
/* The answer shown i-th, in the screen's order (no opinion last). */
int	 closing_answer_at(const struct poll_question *, int n_opts, int i);
const char *closing_answer_label(const struct poll_question *, int a, int vi,
	    char buf[32]);
int	 closing_vi(const struct poll *);
/* The closing record's village by its Vietnamese name in the poll (or its
 * id when the poll does not name it). */
const char *closing_village_vn(const struct poll *, const struct closing *);
void	 closing_when_vn(long long t, char out[32]);
const char *closing_elig_vn(uint8_t elig);
/*
 * The string for the QR code on the closing screen: the digest and the
 * totals, "YKIEN1 CLOSING <poll> <keynum hex> <ballots> <digest hex>
 * <q1 counts n0,n1,..>/<q2 ...>", or, under the poll's k ballots,
 * "... <digest hex> - <set hash hex>" (malloc'd, NULL on no memory).
 */
char	*closing_qr_text(const struct closing *, const struct poll *);
/*
 * 1 if record r holds fewer than poll p's k ballots: then its sheet and
 * QR code show the ballot count and the set hash, never the totals of a
 * question (the signed record keeps them for the province's audit).
 */
int	 closing_withheld(const struct closing *, const struct poll *);

#endif
