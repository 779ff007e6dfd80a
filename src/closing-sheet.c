/*
 * closing-sheet: the texts people read about a closing, in Vietnamese:
 * the logic-and-accuracy report, the closing sheet (biên bản) and the
 * string behind the closing screen's QR code.  Pure rendering: the
 * numbers come in, text goes out; counting and files are
 * closing-kiosk.c's.
 */
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
	int		 q, a, vi = vi_index(p), bad = 0;

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
		for (a = pq->no_opinion ? 0 : 1; a <= pq->n_options; a++) {
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

char *
closing_text(const struct keys_public *pub, const struct poll *p,
    const struct closing *r)
{
	struct wire	 w;
	char		 when[32], date[11], lb[32], fpr[KEYS_FPR], *s;
	char		 hex[2 * KEYS_HASH + 1], dhex[2 * KEYS_HASH + 1];
	char		 ehex[2 * KEYS_HASH + 1];
	int		 q, a, vi = vi_index(p);

	when_vn((long long)r->closed_at, when);
	util_date_vn((long long)r->closed_at, date);
	keys_fingerprint(pub, fpr);
	keys_hex(r->count.set_hash, KEYS_HASH, hex);
	keys_hex(r->digest, KEYS_HASH, dhex);
	keys_hex(r->event_hash, KEYS_HASH, ehex);
	wire_init(&w);
#define OUT(...) do {							\
	if ((s = util_printf(__VA_ARGS__)) == NULL) w.err = 1;		\
	else { wire_raw(&w, s, strlen(s)); free(s); }			\
} while (0)
	OUT("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
	    "Độc lập - Tự do - Hạnh phúc\n\n"
	    "BIÊN BẢN KẾT THÚC LẤY Ý KIẾN TẠI BẢN\n"
	    "(bản ghi đóng phiên của máy lấy ý kiến ykien)\n\n");
	OUT("Hôm nay, ngày %.2s tháng %.2s năm %.4s, tại nhà văn hoá bản.\n\n",
	    date, date + 3, date + 6);
	OUT("Cuộc lấy ý kiến: %s\nMã cuộc lấy ý kiến: %s\n"
	    "%s (mã %s) - Bản: %s\n"
	    "Máy: mã khoá %s\n"
	    "Đóng lúc: %s (giờ Việt Nam, UTC+7)\n"
	    "Hình thức: %s\n\n", poll_text_get(&p->title, vi), r->poll_id,
	    poll_text_get(&p->commune_name, vi), r->commune, r->village, fpr,
	    when, elig_vn(r->elig));
	OUT("Số phiếu: %llu\n", (unsigned long long)r->count.ballots);
	if (r->elig == POLL_ELIG_CODE)
		OUT("Mã hộ gia đình: đã phát %llu, đã dùng %llu\n",
		    (unsigned long long)r->codes_issued,
		    (unsigned long long)r->codes_used);
	else if (r->elig == POLL_ELIG_SUPERVISED)
		OUT("Số lần cán bộ kích hoạt phiếu: %llu\n",
		    (unsigned long long)r->activations);
	else
		OUT("Số lần bấm bị bỏ qua (quá sớm): %llu\n",
		    (unsigned long long)r->ignored);
	OUT("Phiếu thử nghiệm (không tính): %llu\n\nKẾT QUẢ\n",
	    (unsigned long long)r->test_ballots);
	for (q = 0; q < p->n_questions && q < r->n_questions; q++) {
		const struct poll_question *pq = &p->questions[q];

		OUT("\nCâu %d (%s): %s\n", q + 1, pq->id,
		    poll_text_get(&pq->text, vi));
		for (a = pq->no_opinion ? 0 : 1; a < r->n_opts[q]; a++)
			OUT("  %s %6llu\n", pad(answer_label(pq, a, vi, lb), 30),
			    (unsigned long long)r->count.n[q][a]);
	}
	OUT("\nMã băm tập phiếu (SHA-256 các mã băm phiếu đã sắp xếp):\n  %s\n"
	    "Sự kiện cuối trong nhật ký: số %llu, %s\n"
	    "Mã băm bản ghi đóng phiên (closing-%s.bin):\n  %s\n\n",
	    hex, (unsigned long long)r->event_seq, ehex, r->poll_id, dhex);
	OUT("Kiểm tra chữ ký: signify-openbsd -V -p kiosk.pub -x "
	    "closing-%s.txt.sig -m closing-%s.txt\n\n", r->poll_id, r->poll_id);
	OUT("ĐẠI DIỆN UBND XÃ                 ĐẠI DIỆN BAN CÔNG TÁC MẶT TRẬN\n"
	    "(ký, ghi rõ họ tên)              (ký, ghi rõ họ tên)\n");
#undef OUT
	wire_u8(&w, 0);
	if (w.err) {
		wire_free(&w);
		return NULL;
	}
	return (char *)w.buf;
}

char *
closing_qr_text(const struct closing *r)
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
	for (q = 0; q < r->n_questions; q++) {
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

