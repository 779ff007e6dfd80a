/*
 * closing-pdf: the biên bản as an A4 PDF to sign and post on the wall of
 * the cultural house, laid out as Vietnamese administrative minutes are
 * (Nghị định 30/2020/NĐ-CP, form of a biên bản): the national heading
 * centred, "Số:" and the place and date, the title, then the time and
 * place, the parties present, the content with the results table in the
 * order the voters saw the answers, the closing formula, the signature
 * blocks, and the machine details in a small footer with the closing's
 * QR code.  The words are the text sheet's (closing-sheet.c), which is
 * signed: the PDF is for people, the text for machines.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/closing-sheet.h"
#include "ykien/keys.h"
#include "ykien/pdf.h"
#include "ykien/util.h"

static const struct pdf_style st_head = { 13, 1, 0, PDF_CENTER };
static const struct pdf_style st_motto = { 13, 1, 0, PDF_CENTER };
static const struct pdf_style st_title = { 14, 1, 0, PDF_CENTER };
static const struct pdf_style st_body = { 12, 0, 0, PDF_LEFT };
static const struct pdf_style st_bold = { 12, 1, 0, PDF_LEFT };
static const struct pdf_style st_small = { 7.5, 0, 0, PDF_LEFT };

/* text formatted (printf) into the flow; nothing on no memory. */
static void
flowf(struct pdf *d, const struct pdf_style *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
flowf(struct pdf *d, const struct pdf_style *s, const char *fmt, ...)
{
	va_list	 ap;
	char	*t = NULL;

	va_start(ap, fmt);
	if (vasprintf(&t, fmt, ap) == -1)
		t = NULL;
	va_end(ap);
	if (t != NULL)
		pdf_flow(d, t, s);
	free(t);
}

static void
heading(struct pdf *d, const struct closing *r, const char *vname,
    const char *date)
{
	struct pdf_style right = st_body;
	double		 x = pdf_flow_x(d), w = pdf_flow_w(d), y;
	char		 place[300];

	pdf_flow(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &st_head);
	pdf_flow(d, "Độc lập - Tự do - Hạnh phúc", &st_motto);
	y = pdf_flow_y(d) + 0.8;
	pdf_line(d, x + w / 2 - 28, y, x + w / 2 + 28, y, 0.3);
	pdf_skip(d, 6);
	y = pdf_flow_y(d);
	(void)pdf_text_at(d, x, y, w / 2, "Số: ......./BB-BCTMT", &st_body);
	snprintf(place, sizeof place, "%s%s, ngày %.2s tháng %.2s năm %.4s",
	    strncmp(vname, "Bản ", strlen("Bản ")) == 0 ? "" : "Bản ",
	    vname, date, date + 3, date + 6);
	right.italic = 1;
	right.align = PDF_RIGHT;
	pdf_skip(d, pdf_text_at(d, x + w / 3, y, w * 2 / 3, place, &right));
	pdf_skip(d, 8);
	pdf_flow(d, "BIÊN BẢN", &st_title);
	pdf_flow(d, "Kết thúc lấy ý kiến sự hài lòng của người dân", &st_title);
	pdf_skip(d, 6);
}

static void
present(struct pdf *d, const struct closing_minutes *m)
{
	const char	*x, *e;

	pdf_flow(d, "I. THÀNH PHẦN THAM DỰ", &st_bold);
	if (m == NULL || m->present == NULL || *m->present == '\0') {
		pdf_flow(d, "- Đại diện UBND xã: ..................................."
		    ".........", &st_body);
		pdf_flow(d, "- Đại diện Ban Công tác Mặt trận bản: ..............."
		    "..........", &st_body);
		pdf_flow(d, "- Trưởng bản: .............................................."
		    ".........", &st_body);
		return;
	}
	for (x = m->present; *x != '\0'; x = e + 1) {
		e = strchr(x, ';');
		flowf(d, &st_body, "- %.*s", (int)(e != NULL ? (size_t)(e - x) :
		    strlen(x)), x);
		if (e == NULL)
			break;
		while (e[1] == ' ')
			e++;
	}
}

static void
results(struct pdf *d, const struct poll *p, const struct closing *r)
{
	static const enum pdf_align al[3] = { PDF_LEFT, PDF_LEFT, PDF_RIGHT };
	const char	*cells[3];
	double		 wd[3], w = pdf_flow_w(d);
	char		 q_s[600], n_s[24], lb[32];
	int		 q, i, a, vi = closing_vi(p);

	/* Under k the posted sheet holds no totals (closing_withheld). */
	if (closing_withheld(r, p)) {
		flowf(d, &st_body, "Dưới %d phiếu: không ghi kết quả từng câu, "
		    "để giữ bí mật phiếu. Kết quả nằm trong bản ghi đóng phiên "
		    "đã ký; Tỉnh kiểm tra và cộng vào kết quả của xã.",
		    p->k_anon);
		return;
	}
	wd[0] = w * 0.50;
	wd[1] = w * 0.32;
	wd[2] = w * 0.18;
	cells[0] = "Câu hỏi";
	cells[1] = "Ý kiến";
	cells[2] = "Số phiếu";
	pdf_row(d, 3, cells, wd, al, &st_bold);
	for (q = 0; q < p->n_questions && q < r->n_questions; q++) {
		const struct poll_question *pq = &p->questions[q];

		for (i = 0; i < closing_answers(pq, r->n_opts[q]); i++) {
			a = closing_answer_at(pq, r->n_opts[q], i);
			snprintf(q_s, sizeof q_s, "%d. %s", q + 1,
			    poll_text_get(&pq->text, vi));
			snprintf(n_s, sizeof n_s, "%llu",
			    (unsigned long long)r->count.n[q][a]);
			cells[0] = i == 0 ? q_s : "";
			cells[1] = closing_answer_label(pq, a, vi, lb);
			cells[2] = n_s;
			pdf_row(d, 3, cells, wd, al, &st_body);
		}
	}
}

static void
signatures(struct pdf *d)
{
	struct pdf_style c = st_bold, ci = st_body;
	double		 x = pdf_flow_x(d), w = pdf_flow_w(d), y;

	c.align = ci.align = PDF_CENTER;
	ci.italic = 1;
	pdf_need(d, 45);
	y = pdf_flow_y(d);
	(void)pdf_text_at(d, x, y, w / 2, "ĐẠI DIỆN UBND XÃ", &c);
	(void)pdf_text_at(d, x + w / 2, y, w / 2, "ĐẠI DIỆN BAN CÔNG TÁC "
	    "MẶT TRẬN BẢN", &c);
	y += 11;
	(void)pdf_text_at(d, x, y, w / 2, "(Ký, ghi rõ họ tên)", &ci);
	(void)pdf_text_at(d, x + w / 2, y, w / 2, "(Ký, ghi rõ họ tên)", &ci);
	pdf_skip(d, 45);
}

static int
footer(struct pdf *d, const struct keys_public *pub, const struct poll *p,
    const struct closing *r, char **cause)
{
	char	 fpr[KEYS_FPR], hex[2 * KEYS_HASH + 1], dhex[2 * KEYS_HASH + 1];
	char	*qr, *t;
	double	 x = pdf_flow_x(d), w = pdf_flow_w(d), y;
	int	 rc;

	keys_fingerprint(pub, fpr);
	keys_hex(r->count.set_hash, KEYS_HASH, hex);
	keys_hex(r->digest, KEYS_HASH, dhex);
	if ((qr = closing_qr_text(r, p)) == NULL ||
	    (t = util_printf("Mã băm tập phiếu: %s\nMã khóa máy: %s\n"
	    "Mã băm bản ghi closing-%s.bin: %s\nBản chữ có chữ ký số: "
	    "closing-%s.txt, closing-%s.txt.sig", hex, fpr, r->poll_id, dhex,
	    r->poll_id, r->poll_id)) == NULL) {
		free(qr);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	pdf_need(d, 32);
	y = pdf_flow_y(d);
	pdf_line(d, x, y, x + w, y, 0.2);
	(void)pdf_text_at(d, x, y + 2, w - 32, t, &st_small);
	rc = pdf_qr(d, x + w - 30, y + 1, 30, qr, cause);
	pdf_skip(d, 32);
	free(t);
	free(qr);
	return rc;
}

/* The layout, top to bottom; 80+ lines because a form reads in order. */
int
closing_pdf(const char *path, const struct keys_public *pub,
    const struct poll *p, const struct closing *r,
    const struct closing_minutes *m, char **cause)
{
	struct pdf	*d;
	char		 when[32], opened[32], date[11];
	const char	*vname = closing_village_vn(p, r);
	int		 rc, vi = closing_vi(p);

	closing_when_vn((long long)r->closed_at, when);
	util_date_vn((long long)r->closed_at, date);
	if (m != NULL && m->opened_at > 0)
		closing_when_vn(m->opened_at, opened);
	else
		snprintf(opened, sizeof opened, "................");
	if ((rc = pdf_open(path, "Biên bản kết thúc lấy ý kiến", &d,
	    cause)) != 0)
		return rc;
	heading(d, r, vname, date);
	flowf(d, &st_body, "Hôm nay, hồi %.2s giờ %.2s phút, ngày %.2s tháng "
	    "%.2s năm %.4s, tại nhà văn hóa %s%s, %s, Ban Công tác Mặt trận bản "
	    "kết thúc lấy ý kiến trên máy ykien và lập biên bản như sau.",
	    when + 11, when + 14, date, date + 3, date + 6,
	    strncmp(vname, "Bản ", strlen("Bản ")) == 0 ? "" : "bản ",
	    vname, poll_text_get(&p->commune_name, vi));
	pdf_skip(d, 3);
	present(d, m);
	pdf_skip(d, 3);
	pdf_flow(d, "II. NỘI DUNG", &st_bold);
	flowf(d, &st_body, "1. Cuộc lấy ý kiến: %s (mã %s).",
	    poll_text_get(&p->title, vi), r->poll_id);
	flowf(d, &st_body, "Mở bỏ phiếu lúc: %s; kết thúc lúc: %s (giờ Việt "
	    "Nam).", opened, when);
	flowf(d, &st_body, "Hình thức xác định người bỏ phiếu: %s.",
	    closing_elig_vn(r->elig));
	if (m != NULL && m->households >= 0)
		flowf(d, &st_body, "2. Số hộ gia đình trong bản: %ld",
		    m->households);
	else
		pdf_flow(d, "2. Số hộ gia đình trong bản: .........", &st_body);
	flowf(d, &st_body, "Số phiếu: %llu", (unsigned long long)
	    r->count.ballots);
	if (r->elig == POLL_ELIG_CODE)
		flowf(d, &st_body, "Mã hộ gia đình: đã phát %llu, đã dùng %llu",
		    (unsigned long long)r->codes_issued,
		    (unsigned long long)r->codes_used);
	flowf(d, &st_body, "Phiếu thử nghiệm (không tính): %llu",
	    (unsigned long long)r->test_ballots);
	pdf_flow(d, "3. Kết quả (số phiếu cho từng ý kiến):", &st_body);
	pdf_skip(d, 2);
	results(d, p, r);
	pdf_skip(d, 4);
	flowf(d, &st_body, "Biên bản kết thúc lúc %.2s giờ %.2s phút cùng "
	    "ngày, được lập thành 02 bản có giá trị như nhau, đã đọc lại cho "
	    "những người tham dự cùng nghe và nhất trí ký tên.", when + 11,
	    when + 14);
	pdf_skip(d, 6);
	signatures(d);
	if ((rc = footer(d, pub, p, r, cause)) != 0) {
		(void)pdf_close(d, NULL);
		return rc;
	}
	return pdf_close(d, cause);
}
