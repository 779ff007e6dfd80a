/*
 * slips-pdf: household codes as cut-out cards, ten to an A4 page (two
 * columns of five, dashed cutting lines), each with the code in large
 * digits, the poll, the village, the poll's dates and a QR code of the
 * code (the kiosk's keypad takes the digits; the QR is for a phone-held
 * list the village head may keep of which slips went out, never of who
 * voted).  Test slips say so in a band across the card.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/elig.h"
#include "ykien/kiosk.h"
#include "ykien/pdf.h"
#include "ykien/poll.h"
#include "ykien/util.h"

#define CARD_W		(PDF_A4_W / 2)
#define CARD_H		(PDF_A4_H / 5)
#define PAD		6.0
#define QR_SIZE		30.0

static const struct pdf_style st_title = { 11, 1, 0, PDF_LEFT };
static const struct pdf_style st_small = { 8, 0, 0, PDF_LEFT };
static const struct pdf_style st_code = { 22, 1, 0, PDF_LEFT };
static const struct pdf_style st_test = { 9, 1, 0, PDF_CENTER };

/* "YYYY-MM-DD" as "dd/mm/yyyy" into out (12 bytes). */
static void
date_vn(const char *iso, char out[12])
{
	if (iso != NULL && strlen(iso) == 10)
		snprintf(out, 12, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, 12, "..........");
}

static int
card(struct pdf *d, int slot, const struct kiosk *k, const struct poll *p,
    int mode, const char digits[CODES_DIGITS + 1], char **cause)
{
	double	 x = (slot % 2) * CARD_W, y = (slot / 2) * CARD_H, tx, w;
	char	 grouped[CODES_GROUPED], from[12], to[12], *t;
	int	 vi = poll_lang_index(p, "vi"), rc;

	if (vi < 0)
		vi = 0;
	pdf_rect(d, x, y, CARD_W, CARD_H, 0.2, 1);
	tx = x + PAD;
	w = CARD_W - 2 * PAD - QR_SIZE;
	y += PAD;
	if (mode == KIOSK_MODE_TEST) {
		(void)pdf_text_at(d, x + PAD, y - 4.5, CARD_W - 2 * PAD,
		    "PHIẾU THỬ - CHỈ DÙNG KHI KIỂM THỬ", &st_test);
	}
	y += pdf_text_at(d, tx, y, w, "PHIẾU MÃ HỘ GIA ĐÌNH (dùng một lần)",
	    &st_title);
	date_vn(p->opens, from);
	date_vn(p->closes, to);
	if ((t = util_printf("%s\n%s - %s\nTừ %s đến %s",
	    poll_text_get(&p->title, vi), poll_text_get(&p->commune_name, vi),
	    k->village, from, to)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	y += pdf_text_at(d, tx, y, w, t, &st_small) + 2;
	free(t);
	codes_format(digits, grouped);
	(void)pdf_text_at(d, tx, y, w + 10, grouped, &st_code);
	keys_wipe(grouped, sizeof grouped);
	(void)pdf_text_at(d, tx, (slot / 2 + 1) * CARD_H - PAD - 7, CARD_W -
	    2 * PAD, "Nhập mã này tại máy ở nhà văn hóa bản. Mã không ghi tên "
	    "hộ: không ai biết hộ đã chọn gì.", &st_small);
	rc = pdf_qr(d, x + CARD_W - PAD - QR_SIZE, (slot / 2) * CARD_H + PAD,
	    QR_SIZE, digits, cause);
	return rc;
}

int
elig_slips_pdf(const char *path, const struct kiosk *k,
    const struct poll *p, int mode, char (*codes)[CODES_DIGITS + 1], int n,
    char **cause)
{
	struct pdf	*d;
	int		 i, rc = 0;

	if ((rc = pdf_open(path, mode == KIOSK_MODE_TEST ? "Phiếu mã thử" :
	    "Phiếu mã hộ gia đình", &d, cause)) != 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		if (i > 0 && i % 10 == 0)
			pdf_page(d);
		rc = card(d, i % 10, k, p, mode, codes[i], cause);
	}
	if (rc != 0) {
		(void)pdf_close(d, NULL);
		return rc;
	}
	return pdf_close(d, cause);
}
