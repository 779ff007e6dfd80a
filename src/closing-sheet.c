/*
 * closing-sheet: the texts people read about a closing, in Vietnamese:
 * the logic-and-accuracy report, the closing sheet (biên bản) and the
 * string behind the closing screen's QR code.  Pure rendering: the
 * numbers come in, text goes out; counting and files are
 * closing-kiosk.c's.
 */
#include <stddef.h>
#include <time.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/clock.h"
#include "ykien/closing-sheet.h"
#include "ykien/keys.h"
#include "ykien/text.h"
#include "ykien/util.h"
#include "ykien/wire.h"

/* s padded with spaces to cols terminal columns (static buffer). */
static const char *
pad(const char *s, int cols)
{
	static char	buf[256];
	int		w = text_width(s);

	snprintf(buf, sizeof buf, "%s%*s", s, w < cols ? cols - w : 0, "");
	return buf;
}

/* The label of answer a to question q, in Vietnamese. */
static const char *
answer_label(const struct poll_question *q, int a, int vi, char buf[32])
{
	static const char *scale[] = { "", "1 - rất không hài lòng",
	    "2 - không hài lòng", "3 - bình thường", "4 - hài lòng",
	    "5 - rất hài lòng" };

	if (a == 0)
		return "Không có ý kiến";
	if (q->options != NULL && q->options[a - 1].s[0] != NULL)
		return poll_text_get(&q->options[a - 1], vi);
	if (q->kind == POLL_SATISFACTION)
		return a == 1 ? "Hài lòng" : "Không hài lòng";
	if (q->kind == POLL_SCALE && a <= 5)
		return scale[a];
	snprintf(buf, 32, "Phương án %d", a);
	return buf;
}

static int
vi_index(const struct poll *p)
{
	int	vi = poll_lang_index(p, "vi");

	return vi < 0 ? 0 : vi;
}

/* "dd/mm/yyyy hh:mm" in UTC+7. */
static void
when_vn(long long t, char out[32])
{
	char		date[11];
	time_t		tt = (time_t)(t + 7 * 3600);
	struct tm	tm;

	util_date_vn(t, date);
	gmtime_r(&tt, &tm);
	snprintf(out, 32, "%s %02d:%02d", date, tm.tm_hour % 100,
	    tm.tm_min % 100);
}

int
closing_test_text(const struct poll *p, const char *village,
    const struct closing_count *c, const struct closing_count *real,
    const struct closing_expected *e, char **text)
{
	struct wire	 w;
	char		 when[32], lb[32], *s;
	int		 q, i, a, vi = vi_index(p), bad = 0;

	*text = NULL;
	wire_init(&w);
	when_vn(clock_now(), when);
#define OUT(...) do {							\
	if ((s = util_printf(__VA_ARGS__)) == NULL) w.err = 1;		\
	else { wire_raw(&w, s, strlen(s)); free(s); }			\
} while (0)
	OUT("BÁO CÁO KIỂM THỬ - THỬ NGHIỆM / TEST REPORT\n"
	    "Cuộc lấy ý kiến: %s (%s)\nXã: %s - Bản: %s\nLúc: %s (giờ Việt "
	    "Nam)\n\n", poll_text_get(&p->title, vi), p->id,
	    poll_text_get(&p->commune_name, vi), village, when);
	if (e == NULL)
		OUT("Không có tệp dự kiến: chỉ đếm phiếu thử. So với số ghi "
		    "trên giấy.\n");
	OUT("Phiếu thử đã đếm: %llu", (unsigned long long)c->ballots);
	if (e != NULL && e->have_ballots) {
		OUT("   dự kiến: %llu   %s", (unsigned long long)e->ballots,
		    e->ballots == c->ballots ? "ĐÚNG" : "SAI");
		bad += e->ballots != c->ballots;
	}
	OUT("\n");
	for (q = 0; q < p->n_questions; q++) {
		const struct poll_question *pq = &p->questions[q];

		OUT("\nCâu %d (%s): %s\n", q + 1, pq->id,
		    poll_text_get(&pq->text, vi));
		for (i = 0; i < closing_answers(pq, pq->n_options + 1); i++) {
			a = closing_answer_at(pq, pq->n_options + 1, i);
			OUT("  %s đếm %6llu", pad(answer_label(pq, a, vi, lb),
			    28),
			    (unsigned long long)c->n[q][a]);
			if (e != NULL) {
				uint64_t want = e->have[q][a] ? e->n[q][a] : 0;

				OUT("   dự kiến %6llu   %s",
				    (unsigned long long)want,
				    want == c->n[q][a] ? "ĐÚNG" : "SAI");
				bad += want != c->n[q][a];
			}
			OUT("\n");
		}
	}
	if (e != NULL)
		OUT("\nKết quả kiểm thử: %s\n", bad == 0 ? "KHỚP (đếm đúng "
		    "như dự kiến)" : "KHÔNG KHỚP: dừng lại, kiểm tra máy "
		    "trước khi mở");
	OUT("\nBÁO CÁO SỐ KHÔNG / ZERO REPORT\n"
	    "Hòm phiếu thật (không tính phiếu thử): %llu phiếu\n",
	    (unsigned long long)real->ballots);
	for (q = 0; q < p->n_questions; q++) {
		uint64_t sum = 0;

		for (a = 0; a <= p->questions[q].n_options; a++)
			sum += real->n[q][a];
		OUT("  Câu %d (%s): %llu\n", q + 1, p->questions[q].id,
		    (unsigned long long)sum);
	}
	OUT("%s\n", real->ballots == 0 ? "Hòm phiếu trống: có thể mở." :
	    "HÒM PHIẾU KHÔNG TRỐNG: không được mở.");
	bad += real->ballots != 0;
#undef OUT
	wire_u8(&w, 0);
	if (w.err) {
		wire_free(&w);
		return -1;
	}
	*text = (char *)w.buf;
	return bad;
}


static const char *
elig_vn(uint8_t e)
{
	switch (e) {
	case POLL_ELIG_CODE:
		return "mã hộ gia đình";
	case POLL_ELIG_SUPERVISED:
		return "cán bộ kích hoạt từng phiếu";
	default:
		return "tự do (có khoảng cách tối thiểu giữa hai phiếu)";
	}
}

int
closing_answers(const struct poll_question *q, int n_opts)
{
	return n_opts - (q->no_opinion ? 0 : 1);
}

int
closing_answer_at(const struct poll_question *q, int n_opts, int i)
{
	/* The screen's order: the options, then "no opinion" last. */
	(void)q;
	return i < n_opts - 1 ? i + 1 : 0;
}

const char *
closing_answer_label(const struct poll_question *q, int a, int vi,
    char buf[32])
{
	return answer_label(q, a, vi, buf);
}

const char *
closing_village_vn(const struct poll *p, const struct closing *r)
{
	int	v = poll_village_index(p, r->village_id);

	return v >= 0 ? poll_text_get(&p->villages[v].name, vi_index(p)) :
	    r->village_id;
}

int
closing_vi(const struct poll *p)
{
	return vi_index(p);
}

void
closing_when_vn(long long t, char out[32])
{
	when_vn(t, out);
}

const char *
closing_elig_vn(uint8_t e)
{
	return elig_vn(e);
}

#define SHEET_COLS	72

/* s centred in the sheet's width (static buffer). */
static const char *
centred(const char *s)
{
	static char	buf[256];
	int		w = text_width(s);

	snprintf(buf, sizeof buf, "%*s%s", w < SHEET_COLS ?
	    (SHEET_COLS - w) / 2 : 0, "", s);
	return buf;
}

/* s word-wrapped to the sheet's width, each line after the first indented
 * by ind columns (malloc'd). */
static char *
wrapped(const char *s, int ind)
{
	struct wire	 w;
	const char	*p = s, *sp;
	char		 word[512];
	int		 col = 0, ww, words = 0;
	size_t		 n;

	wire_init(&w);
	/* Leading spaces are an indent, kept. */
	while (*p == ' ') {
		wire_raw(&w, " ", 1);
		col++;
		p++;
	}
	while (*p != '\0') {
		sp = strchr(p, ' ');
		n = sp != NULL ? (size_t)(sp - p) : strlen(p);
		if (n >= sizeof word)
			n = sizeof word - 1;
		memcpy(word, p, n);
		word[n] = '\0';
		ww = text_width(word);
		if (col > ind && col + 1 + ww > SHEET_COLS) {
			wire_raw(&w, "\n", 1);
			for (col = 0; col < ind; col++)
				wire_raw(&w, " ", 1);
		} else if (words > 0) {
			wire_raw(&w, " ", 1);
			col++;
		}
		wire_raw(&w, word, n);
		col += ww;
		words++;
		p += n;
		while (*p == ' ')
			p++;
	}
	wire_u8(&w, 0);
	if (w.err) {
		wire_free(&w);
		return NULL;
	}
	return (char *)w.buf;
}

/*
 * The results part of the sheet: each question's totals, or, under k
 * ballots, none: they would tell the village how its few voters
 * answered, so the sheet keeps the count and the set hash, and the signed
 * record (for the province's audit) every total.  -1 on no memory.
 */
static int
results_text(struct wire *w, const struct poll *p, const struct closing *r)
{
	char	lb[32], *s, *t;
	int	q, i, a, vi = vi_index(p);

	if (closing_withheld(r, p)) {
		if ((s = util_printf("   Dưới %d phiếu: không ghi kết quả từng "
		    "câu, để giữ bí mật phiếu.\n   Kết quả nằm trong bản ghi đóng "
		    "phiên đã ký, Tỉnh kiểm tra và cộng vào\n   kết quả của xã.\n",
		    p->k_anon)) == NULL)
			return -1;
		wire_raw(w, s, strlen(s));
		free(s);
		return 0;
	}
	for (q = 0; q < p->n_questions && q < r->n_questions; q++) {
		const struct poll_question *pq = &p->questions[q];

		if ((t = util_printf("   Câu %d: %s", q + 1,
		    poll_text_get(&pq->text, vi))) == NULL)
			return -1;
		s = wrapped(t, 3);
		free(t);
		if (s == NULL)
			return -1;
		wire_raw(w, s, strlen(s));
		wire_raw(w, "\n", 1);
		free(s);
		for (i = 0; i < closing_answers(pq, r->n_opts[q]); i++) {
			a = closing_answer_at(pq, r->n_opts[q], i);
			if ((s = util_printf("      %s %6llu\n",
			    pad(answer_label(pq, a, vi, lb), 30),
			    (unsigned long long)r->count.n[q][a])) == NULL)
				return -1;
			wire_raw(w, s, strlen(s));
			free(s);
		}
	}
	return 0;
}

/*
 * The biên bản as text, in the form of Vietnamese administrative minutes
 * (Nghị định 30/2020/NĐ-CP): the national heading, "Số:", place and date,
 * title, time and place, parties present, content, the closing formula and
 * the signatures; the machine details in a short footer.  It is signed
 * (closing-ID.txt.sig) and is the PDF's machine-checkable twin.
 * Long: the minutes read top to bottom as the form does; cut into pieces
 * they would only pass the same wire and the same dates around.
 */
char *
closing_text(const struct keys_public *pub, const struct poll *p,
    const struct closing *r, const struct closing_minutes *m)
{
	struct wire	 w;
	char		 when[32], opened[32], date[11], fpr[KEYS_FPR];
	char		 hex[2 * KEYS_HASH + 1], dhex[2 * KEYS_HASH + 1], *s, *t, *u;
	char		 ehex[2 * KEYS_HASH + 1], place[300], hh[8];
	const char	*vname;
	int		 vi = vi_index(p);

	when_vn((long long)r->closed_at, when);
	util_date_vn((long long)r->closed_at, date);
	keys_fingerprint(pub, fpr);
	keys_hex(r->count.set_hash, KEYS_HASH, hex);
	keys_hex(r->digest, KEYS_HASH, dhex);
	if (m != NULL && m->opened_at > 0)
		when_vn(m->opened_at, opened);
	else
		snprintf(opened, sizeof opened, "................");
	keys_hex(r->event_hash, KEYS_HASH, ehex);
	vname = closing_village_vn(p, r);
	snprintf(place, sizeof place, "Bản %s", vname);
	if (strncmp(vname, "Bản ", strlen("Bản ")) == 0)
		snprintf(place, sizeof place, "%s", vname);
	wire_init(&w);
#define OUT(...) do {							\
	if ((s = util_printf(__VA_ARGS__)) == NULL) w.err = 1;		\
	else { wire_raw(&w, s, strlen(s)); free(s); }			\
} while (0)
#define WRAP(ind, ...) do {						\
	if ((t = util_printf(__VA_ARGS__)) == NULL) w.err = 1;		\
	else { OUT("%s\n", (u = wrapped(t, ind)) != NULL ? u : t);	\
	    free(u); free(t); }						\
} while (0)
	OUT("%s\n", centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
	OUT("%s\n", centred("Độc lập - Tự do - Hạnh phúc"));
	OUT("%s\n\n", centred("---------------"));
	OUT("Số: ......./BB-BCTMT\n");
	OUT("%s, ngày %.2s tháng %.2s năm %.4s\n\n", place, date, date + 3,
	    date + 6);
	OUT("%s\n", centred("BIÊN BẢN"));
	OUT("%s\n\n", centred("Kết thúc lấy ý kiến sự hài lòng của người dân"));
	snprintf(hh, sizeof hh, "%.2s", when + 11);
	WRAP(0, "Hôm nay, hồi %.2s giờ %.2s phút, ngày %.2s tháng %.2s năm "
	    "%.4s, tại nhà văn hóa %s, %s, Ban Công tác Mặt trận bản kết thúc "
	    "lấy ý kiến trên máy ykien và lập biên bản như sau.", hh,
	    when + 14, date, date + 3, date + 6, place,
	    poll_text_get(&p->commune_name, vi));
	OUT("\nI. THÀNH PHẦN THAM DỰ\n");
	if (m != NULL && m->present != NULL && *m->present != '\0') {
		const char *x = m->present, *e;

		while (*x != '\0') {
			e = strchr(x, ';');
			OUT("  - %.*s\n", (int)(e != NULL ? e - x :
			    (ptrdiff_t)strlen(x)), x);
			if (e == NULL)
				break;
			x = e + 1;
			while (*x == ' ')
				x++;
		}
	} else
		OUT("  - Đại diện UBND xã: ......................................\n"
		    "  - Đại diện Ban Công tác Mặt trận bản: ....................\n"
		    "  - Trưởng bản: ............................................\n");
	OUT("\nII. NỘI DUNG\n");
	WRAP(3, "1. Cuộc lấy ý kiến: %s (mã %s).",
	    poll_text_get(&p->title, vi), r->poll_id);
	WRAP(3, "   Bản: %s (mã %s), %s (mã %s).", vname, r->village_id,
	    poll_text_get(&p->commune_name, vi), r->commune);
	OUT("   Mở bỏ phiếu lúc: %s\n   Kết thúc lúc:    %s (giờ Việt Nam)\n",
	    opened, when);
	WRAP(3, "   Hình thức xác định người bỏ phiếu: %s.", elig_vn(r->elig));
	if (m != NULL && m->households >= 0)
		OUT("2. Số hộ gia đình trong bản: %ld\n", m->households);
	else
		OUT("2. Số hộ gia đình trong bản: .........\n");
	OUT("   Số phiếu: %llu\n", (unsigned long long)r->count.ballots);
	if (r->elig == POLL_ELIG_CODE)
		OUT("   Mã hộ gia đình: đã phát %llu, đã dùng %llu\n",
		    (unsigned long long)r->codes_issued,
		    (unsigned long long)r->codes_used);
	else if (r->elig == POLL_ELIG_SUPERVISED)
		OUT("   Số lần cán bộ kích hoạt phiếu: %llu\n",
		    (unsigned long long)r->activations);
	else
		OUT("   Số lần bấm bị bỏ qua (quá sớm): %llu\n",
		    (unsigned long long)r->ignored);
	OUT("   Phiếu thử nghiệm (không tính): %llu\n",
	    (unsigned long long)r->test_ballots);
	OUT("3. Kết quả (số phiếu cho từng ý kiến):\n");
	if (results_text(&w, p, r) != 0)
		w.err = 1;
	OUT("\n");
	WRAP(0, "Biên bản kết thúc lúc %.2s giờ %.2s phút cùng ngày, được lập "
	    "thành 02 bản có giá trị như nhau, đã đọc lại cho những người "
	    "tham dự cùng nghe và nhất trí ký tên.", hh, when + 14);
	OUT("\n  ĐẠI DIỆN UBND XÃ               ĐẠI DIỆN BAN CÔNG TÁC MẶT TRẬN\n"
	    "  (Ký, ghi rõ họ tên)            (Ký, ghi rõ họ tên)\n\n\n\n\n");
	OUT("--\nMã băm tập phiếu: %s\nMã khóa máy: %s\n"
	    "Sự kiện cuối trong nhật ký: số %llu, %s\n"
	    "Mã băm bản ghi closing-%s.bin: %s\n", hex, fpr,
	    (unsigned long long)r->event_seq, ehex, r->poll_id, dhex);
#undef WRAP
#undef OUT
	wire_u8(&w, 0);
	if (w.err) {
		wire_free(&w);
		return NULL;
	}
	return (char *)w.buf;
}

int
closing_withheld(const struct closing *r, const struct poll *p)
{
	return r->count.ballots < (uint64_t)p->k_anon;
}

char *
closing_qr_text(const struct closing *r, const struct poll *p)
{
	struct wire	 w;
	char		 kn[2 * KEYS_NUM + 1], dhex[2 * KEYS_HASH + 1], *s;
	int		 q, a;

	keys_hex(r->kiosk, KEYS_NUM, kn);
	keys_hex(r->digest, KEYS_HASH, dhex);
	wire_init(&w);
	if ((s = util_printf("YKIEN1 CLOSING %s %s %llu %s ", r->poll_id, kn,
	    (unsigned long long)r->count.ballots, dhex)) == NULL)
		return NULL;
	wire_raw(&w, s, strlen(s));
	free(s);
	if (closing_withheld(r, p)) {
		keys_hex(r->count.set_hash, KEYS_HASH, dhex);
		s = util_printf("- %s", dhex);
		if (s == NULL) {
			wire_free(&w);
			return NULL;
		}
		wire_raw(&w, s, strlen(s));
		free(s);
	}
	for (q = 0; q < r->n_questions && !closing_withheld(r, p); q++) {
		for (a = 0; a < r->n_opts[q]; a++) {
			char num[24];

			snprintf(num, sizeof num, "%s%llu", a ? "," : "",
			    (unsigned long long)r->count.n[q][a]);
			wire_raw(&w, num, strlen(num));
		}
		if (q + 1 < r->n_questions)
			wire_u8(&w, '/');
	}
	wire_u8(&w, 0);
	if (w.err) {
		wire_free(&w);
		return NULL;
	}
	return (char *)w.buf;
}

