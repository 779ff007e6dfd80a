/*
 * deck: the L&A test deck (contract in include/ykien/deck.h).  The keys
 * on a card are the voter screen's own: digit k picks the k-th item of a
 * question (0 the tenth), "no opinion" being the last item, as the screen
 * lists them; so a card is followed exactly as a voter would vote.  A
 * digit only chooses on that screen, so every digit on the card is
 * followed by the confirm mark (CONFIRM, the Enter key the screen calls
 * "phím Đồng ý"), and the card ends with the review screen's "1 = send",
 * confirmed too: a worker who presses exactly what the card says casts
 * exactly its ballot (tests/e2e/ui-test-deck.sh reads the card and does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/closing-sheet.h"
#include "ykien/deck.h"
#include "ykien/kiosk.h"
#include "ykien/pdf.h"
#include "ykien/poll.h"
#include "ykien/util.h"
#include "ykien/wire.h"

#define CARD_W		(PDF_A4_W / 2)
#define CARD_H		(PDF_A4_H / 5)
#define PAD		5.0
#define CONFIRM		"\xe2\x9c\x93"	/* U+2713 CHECK MARK */

static const struct pdf_style st_title = { 10, 1, 0, PDF_LEFT };
static const struct pdf_style st_body = { 7.5, 0, 0, PDF_LEFT };
static const struct pdf_style st_keys = { 16, 1, 0, PDF_LEFT };
/* A long poll's keys (three marks a question) still fit on the card. */
static const struct pdf_style st_keys_long = { 11, 1, 0, PDF_LEFT };
#define KEYS_LONG	8	/* questions beyond which keys are smaller */


static int
items(const struct poll_question *q)
{
	return q->n_options + (q->no_opinion ? 1 : 0);
}

/* The answer byte of item it (the screen's order: no opinion last). */
static int
answer_of(const struct poll_question *q, int it)
{
	return it < q->n_options ? it + 1 : 0;
}

int
deck_min(const struct poll *p)
{
	int	q, m = 1;

	for (q = 0; q < p->n_questions; q++)
		if (items(&p->questions[q]) > m)
			m = items(&p->questions[q]);
	return m;
}

static int
item_of(const struct poll *p, int i, int q)
{
	return (i + q) % items(&p->questions[q]);
}

static int
write_expected(const struct poll *p, int n, const char *path, char **cause)
{
	struct wire	 w;
	char		 line[POLL_ID_MAX + 64];
	long		 c[POLL_MAX_OPTIONS + 1];
	int		 q, i, a, rc;

	wire_init(&w);
	snprintf(line, sizeof line, "# the expected totals of the test deck "
	    "of poll %s (%d ballots)\nballots %d\n", p->id, n, n);
	wire_raw(&w, line, strlen(line));
	for (q = 0; q < p->n_questions; q++) {
		const struct poll_question *pq = &p->questions[q];

		memset(c, 0, sizeof c);
		for (i = 0; i < n; i++)
			c[answer_of(pq, item_of(p, i, q))]++;
		for (i = 0; i < items(pq); i++) {
			a = answer_of(pq, i);
			snprintf(line, sizeof line, "%s %d %ld\n", pq->id, a,
			    c[a]);
			wire_raw(&w, line, strlen(line));
		}
	}
	if (w.err) {
		wire_free(&w);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	rc = util_write_excl(path, w.buf, w.len, 0600, cause);
	wire_free(&w);
	return rc;
}

static int
card(struct pdf *d, int i, const struct poll *p,
    char (*codes)[CODES_DIGITS + 1], char **cause)
{
	double	 x = (i % 10 % 2) * CARD_W, y = (i % 10 / 2) * CARD_H;
	double	 w = CARD_W - 2 * PAD;
	char	 keys[POLL_MAX_QUESTIONS * 6 + 64], lb[32], *t;
	char	 grouped[CODES_GROUPED];
	size_t	 off = 0;
	int	 q, it, vi = closing_vi(p);
	struct wire ans;

	pdf_rect(d, x, y, CARD_W, CARD_H, 0.2, 1);
	if ((t = util_printf("PHIẾU THỬ SỐ %d / TEST BALLOT %d", i + 1, i + 1))
	    == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	y += PAD + pdf_text_at(d, x + PAD, y + PAD, w, t, &st_title);
	free(t);
	wire_init(&ans);
	for (q = 0; q < p->n_questions; q++) {
		const struct poll_question *pq = &p->questions[q];
		char part[96];

		it = item_of(p, i, q);
		off += (size_t)snprintf(keys + off, sizeof keys - off,
		    "%s%d" CONFIRM, q ? " " : "", (it + 1) % 10);
		snprintf(part, sizeof part, "%sCâu %d: %s", q ? "; " : "",
		    q + 1, closing_answer_label(pq, answer_of(pq, it), vi,
		    lb));
		wire_raw(&ans, part, strlen(part));
	}
	wire_u8(&ans, 0);
	if (codes != NULL) {
		codes_format(codes[i], grouped);
		if ((t = util_printf("Mã phiếu thử: %s", grouped)) == NULL) {
			wire_free(&ans);
			return util_fail(cause, YK_ENOMEM, "out of memory");
		}
		y += pdf_text_at(d, x + PAD, y, w, t, &st_body) + 1;
		free(t);
	}
	if ((t = util_printf("Bấm phím bất kỳ để bắt đầu%s, rồi bấm đúng "
	    "lần lượt (" CONFIRM " là phím Đồng ý; cuối cùng 1" CONFIRM " là "
	    "gửi phiếu):", codes != NULL ? ", nhập mã phiếu thử" : "")) ==
	    NULL) {
		wire_free(&ans);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	y += pdf_text_at(d, x + PAD, y, w, t, &st_body) + 1;
	free(t);
	if ((t = util_printf("Bấm: %s, gửi 1" CONFIRM, keys)) == NULL) {
		wire_free(&ans);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	y += pdf_text_at(d, x + PAD, y, w, t, p->n_questions > KEYS_LONG ?
	    &st_keys_long : &st_keys) + 1;
	free(t);
	if (!ans.err)
		(void)pdf_text_at(d, x + PAD, y, w, (const char *)ans.buf,
		    &st_body);
	wire_free(&ans);
	return 0;
}

int
deck_write(const struct kiosk *k, const struct poll *p, int n,
    char (*codes)[CODES_DIGITS + 1], const char *pdf_path,
    const char *expected_path, char **cause)
{
	struct pdf	*d;
	int		 i, rc;

	(void)k;
	if (n < 1 || n > DECK_MAX)
		return util_fail(cause, YK_EINVAL, "a test deck has 1 to %d "
		    "ballots", DECK_MAX);
	if (util_exists(pdf_path) || util_exists(expected_path))
		return util_fail(cause, YK_EEXIST, "%s or %s already exists "
		    "(choose a new name)", pdf_path, expected_path);
	if ((rc = write_expected(p, n, expected_path, cause)) != 0)
		return rc;
	if ((rc = pdf_open(pdf_path, "Bộ phiếu thử", &d, cause)) != 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		if (i > 0 && i % 10 == 0)
			pdf_page(d);
		rc = card(d, i, p, codes, cause);
	}
	if (rc != 0) {
		(void)pdf_close(d, NULL);
		return rc;
	}
	return pdf_close(d, cause);
}
