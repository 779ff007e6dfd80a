/*
 * closing: count the stored ballots, report the logic-and-accuracy test,
 * and make the closing record (see include/ykien/closing.h).  Counting
 * re-verifies every ballot's signature: a record that commits to a set
 * must not count a ballot the province would reject.
 */
#include <time.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/ballot.h"
#include "ykien/clock.h"
#include "ykien/closing.h"
#include "ykien/elig.h"
#include "ykien/event.h"
#include "ykien/kiosk.h"
#include "ykien/pin.h"
#include "ykien/signify.h"
#include "ykien/store.h"
#include "ykien/store-admin.h"
#include "ykien/text.h"
#include "ykien/util.h"

struct count_ctx {
	struct kiosk		 *k;
	const struct poll	 *p;
	int			  test;
	struct closing_count	 *c;
	uint8_t			(*hashes)[KEYS_HASH];
	size_t			  cap;
	char			 *cause;
};

static int
count_cb(void *arg, const uint8_t *blob, size_t len)
{
	struct count_ctx	 *x = arg;
	struct ballot		  b;
	uint8_t			(*nh)[KEYS_HASH];
	uint16_t		  i;
	int			  rc;

	if ((rc = ballot_verify(blob, len, &x->k->pub, &x->cause)) != 0 ||
	    (rc = ballot_decode(blob, len, &b, &x->cause)) != 0)
		return util_wrap(&x->cause, rc, "ballot %llu: ",
		    (unsigned long long)x->c->ballots + 1);
	if (strcmp(b.poll_id, x->p->id) != 0 ||
	    memcmp(b.poll_hash, x->p->hash, KEYS_HASH) != 0 ||
	    ((b.flags & BALLOT_TEST) != 0) != (x->test != 0) ||
	    poll_check_answers(x->p, b.answers, b.n_answers, NULL) != 0)
		return util_fail(&x->cause, YK_EINVAL, "a stored ballot does "
		    "not belong to poll \"%s\" as loaded (or is a %s ballot "
		    "among %s ones)", x->p->id, b.flags & BALLOT_TEST ? "test" :
		    "real", x->test ? "test" : "real");
	if (x->c->ballots == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 256;
		if ((nh = realloc(x->hashes, x->cap * sizeof *nh)) == NULL)
			return util_fail(&x->cause, YK_ENOMEM, "out of memory");
		x->hashes = nh;
	}
	ballot_hash(blob, len, x->hashes[x->c->ballots]);
	for (i = 0; i < b.n_answers; i++)
		x->c->n[i][b.answers[i]]++;
	x->c->ballots++;
	return 0;
}

int
closing_count(struct kiosk *k, const struct poll *p, int test,
    struct closing_count *c, char **cause)
{
	struct count_ctx	x;
	int			rc;

	memset(c, 0, sizeof *c);
	memset(&x, 0, sizeof x);
	x.k = k;
	x.p = p;
	x.test = test;
	x.c = c;
	rc = store_ballot_each(k->store, p->id, test, count_cb, &x, cause);
	if (rc == 0)
		rc = ballot_set_hash(x.hashes, (size_t)c->ballots, c->set_hash);
	if (rc != 0 && x.cause != NULL && cause != NULL) {
		free(*cause);
		*cause = x.cause;
		x.cause = NULL;
	}
	free(x.cause);
	free(x.hashes);
	return rc;
}

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

struct expected {
	int		have_ballots;
	uint64_t	ballots;
	int		have[POLL_MAX_QUESTIONS][POLL_MAX_OPTIONS + 1];
	uint64_t	n[POLL_MAX_QUESTIONS][POLL_MAX_OPTIONS + 1];
};

static int
expected_read(const struct poll *p, const char *path, struct expected *e,
    char **cause)
{
	uint8_t			*buf;
	char			*line, *save = NULL, qid[64];
	unsigned long long	 n;
	size_t			 len;
	int			 rc, q, opt, lineno = 0, used;

	memset(e, 0, sizeof *e);
	if ((rc = util_read_file(path, 1 << 20, &buf, &len, cause)) != 0)
		return rc;
	for (line = strtok_r((char *)buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		line[strcspn(line, "#\r")] = '\0';
		if (strspn(line, " \t") == strlen(line))
			continue;
		used = 0;
		if (sscanf(line, " ballots %llu %n", &n, &used) == 1 &&
		    line[used] == '\0') {
			e->have_ballots = 1;
			e->ballots = n;
			continue;
		}
		used = 0;
		if (sscanf(line, " %63s %d %llu %n", qid, &opt, &n, &used) != 3
		    || line[used] != '\0') {
			rc = util_fail(cause, YK_EINVAL, "%s:%d: expected "
			    "\"QUESTION-ID OPTION COUNT\" or \"ballots COUNT\"",
			    path, lineno);
			goto out;
		}
		for (q = 0; q < p->n_questions; q++)
			if (strcmp(p->questions[q].id, qid) == 0)
				break;
		if (q == p->n_questions) {
			rc = util_fail(cause, YK_EINVAL, "%s:%d: no question "
			    "\"%s\" in poll %s", path, lineno, qid, p->id);
			goto out;
		}
		if (opt < 0 || opt > p->questions[q].n_options ||
		    (opt == 0 && !p->questions[q].no_opinion)) {
			rc = util_fail(cause, YK_EINVAL, "%s:%d: question %s "
			    "has no option %d (1 to %d%s)", path, lineno, qid,
			    opt, p->questions[q].n_options,
			    p->questions[q].no_opinion ? ", 0 = no opinion" :
			    "");
			goto out;
		}
		e->have[q][opt] = 1;
		e->n[q][opt] = n;
	}
out:
	free(buf);
	return rc;
}

int
closing_test_report(struct kiosk *k, const struct poll *p,
    const char *expected_path, char **text, int *mismatches, char **cause)
{
	struct closing_count	*c = NULL, *real = NULL;
	struct expected		*e = NULL;
	struct wire		 w;
	char			 when[32], lb[32], *s;
	int			 rc, q, a, vi = vi_index(p), bad = 0;

	*text = NULL;
	*mismatches = 0;
	if ((c = malloc(sizeof *c)) == NULL || (real = malloc(sizeof *real))
	    == NULL || (e = calloc(1, sizeof *e)) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = closing_count(k, p, 1, c, cause)) != 0 ||
	    (rc = closing_count(k, p, 0, real, cause)) != 0)
		goto out;
	if (expected_path != NULL &&
	    (rc = expected_read(p, expected_path, e, cause)) != 0)
		goto out;
	wire_init(&w);
	when_vn(clock_now(), when);
#define OUT(...) do {							\
	if ((s = util_printf(__VA_ARGS__)) == NULL) w.err = 1;		\
	else { wire_raw(&w, s, strlen(s)); free(s); }			\
} while (0)
	OUT("BÁO CÁO KIỂM THỬ - THỬ NGHIỆM / TEST REPORT\n"
	    "Cuộc lấy ý kiến: %s (%s)\nXã: %s - Bản: %s\nLúc: %s (giờ Việt "
	    "Nam)\n\n", poll_text_get(&p->title, vi), p->id,
	    poll_text_get(&p->commune_name, vi), k->village, when);
	if (expected_path == NULL)
		OUT("Không có tệp dự kiến: chỉ đếm phiếu thử. So với số ghi "
		    "trên giấy.\n");
	OUT("Phiếu thử đã đếm: %llu", (unsigned long long)c->ballots);
	if (e->have_ballots) {
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
			if (expected_path != NULL) {
				uint64_t want = e->have[q][a] ? e->n[q][a] : 0;

				OUT("   dự kiến %6llu   %s",
				    (unsigned long long)want,
				    want == c->n[q][a] ? "ĐÚNG" : "SAI");
				bad += want != c->n[q][a];
			}
			OUT("\n");
		}
	}
	if (expected_path != NULL)
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
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	*text = (char *)w.buf;
	*mismatches = bad;
out:
	free(c);
	free(real);
	free(e);
	return rc;
}

void
closing_free(struct closing *r)
{
	int	i;

	if (r == NULL)
		return;
	for (i = 0; i < POLL_MAX_QUESTIONS; i++)
		free(r->qids[i]);
	free(r->village);
	free(r);
}

/* The signed part; the signature is appended by the callers. */
static void
encode_body(const struct closing *r, struct wire *w)
{
	int	q, a;

	wire_str(w, CLOSING_DOMAIN);
	wire_str(w, r->poll_id);
	wire_raw(w, r->poll_hash, KEYS_HASH);
	wire_raw(w, r->kiosk, KEYS_NUM);
	wire_str(w, r->commune);
	wire_str(w, r->village);
	wire_u64(w, r->closed_at);
	wire_u8(w, r->elig);
	wire_u64(w, r->count.ballots);
	wire_u64(w, r->test_ballots);
	wire_u64(w, r->codes_issued);
	wire_u64(w, r->codes_used);
	wire_u64(w, r->activations);
	wire_u64(w, r->ignored);
	wire_raw(w, r->count.set_hash, KEYS_HASH);
	wire_u64(w, r->event_seq);
	wire_raw(w, r->event_hash, KEYS_HASH);
	wire_u16(w, r->n_questions);
	for (q = 0; q < r->n_questions; q++) {
		wire_str(w, r->qids[q]);
		wire_u16(w, r->n_opts[q]);
		for (a = 0; a < r->n_opts[q]; a++)
			wire_u64(w, r->count.n[q][a]);
	}
}

int
closing_encode(const struct closing *r, uint8_t **buf, size_t *len)
{
	struct wire	w;

	wire_init(&w);
	encode_body(r, &w);
	wire_raw(&w, r->sig, KEYS_SIG);
	if (w.err) {
		wire_free(&w);
		return YK_ENOMEM;
	}
	*buf = w.buf;
	*len = w.len;
	return 0;
}

int
closing_decode(const uint8_t *buf, size_t len, const struct keys_public *pub,
    struct closing **out, char **cause)
{
	struct wire_reader	 rd;
	struct closing		*r;
	char			*s;
	size_t			 n;
	int			 q, a, ok;

	if (len < KEYS_SIG || len > CLOSING_MAX)
		return util_fail(cause, YK_EINVAL, "closing record: bad length "
		    "%zu", len);
	if ((r = util_calloc(1, sizeof *r)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	wire_reader_init(&rd, buf, len - KEYS_SIG);
	s = wire_get_str(&rd, 64);
	ok = s != NULL && strcmp(s, CLOSING_DOMAIN) == 0;
	free(s);
	if (!ok)
		goto bad;
	if ((s = wire_get_str(&rd, POLL_ID_MAX)) == NULL)
		goto bad;
	memcpy(r->poll_id, s, strlen(s) + 1);
	free(s);
	wire_get_raw(&rd, r->poll_hash, KEYS_HASH);
	wire_get_raw(&rd, r->kiosk, KEYS_NUM);
	if ((s = wire_get_str(&rd, 5)) == NULL)
		goto bad;
	memcpy(r->commune, s, strlen(s) + 1);
	free(s);
	if ((r->village = wire_get_str(&rd, 200)) == NULL)
		goto bad;
	r->closed_at = wire_get_u64(&rd);
	r->elig = wire_get_u8(&rd);
	r->count.ballots = wire_get_u64(&rd);
	r->test_ballots = wire_get_u64(&rd);
	r->codes_issued = wire_get_u64(&rd);
	r->codes_used = wire_get_u64(&rd);
	r->activations = wire_get_u64(&rd);
	r->ignored = wire_get_u64(&rd);
	wire_get_raw(&rd, r->count.set_hash, KEYS_HASH);
	r->event_seq = wire_get_u64(&rd);
	wire_get_raw(&rd, r->event_hash, KEYS_HASH);
	r->n_questions = wire_get_u16(&rd);
	if (rd.err || r->n_questions > POLL_MAX_QUESTIONS)
		goto bad;
	for (q = 0; q < r->n_questions; q++) {
		if ((r->qids[q] = wire_get_str(&rd, 32)) == NULL)
			goto bad;
		r->n_opts[q] = wire_get_u16(&rd);
		if (rd.err || r->n_opts[q] > POLL_MAX_OPTIONS + 1)
			goto bad;
		for (a = 0; a < r->n_opts[q]; a++)
			r->count.n[q][a] = wire_get_u64(&rd);
	}
	if (rd.err || rd.off != rd.len)
		goto bad;
	n = len - KEYS_SIG;
	memcpy(r->sig, buf + n, KEYS_SIG);
	if (memcmp(r->kiosk, pub->keynum, KEYS_NUM) != 0 ||
	    keys_verify(pub, buf, n, r->sig) != 0) {
		closing_free(r);
		return util_fail(cause, YK_ESIG, "closing record: the "
		    "signature does not verify with this kiosk's key");
	}
	keys_sha256(r->digest, buf, len);
	*out = r;
	return 0;
bad:
	closing_free(r);
	return util_fail(cause, YK_EINVAL, "closing record: malformed");
}

/* Build and sign the record of poll p from the store, now. */
static int
build(struct kiosk *k, const struct poll *p, struct closing **out,
    char **cause)
{
	struct closing	*r;
	long long	 issued = 0, used = 0, act = 0, ign = 0, tests = 0;
	struct wire	 w;
	int		 rc, q;

	if ((r = util_calloc(1, sizeof *r)) == NULL ||
	    (r->village = util_strdup(k->village)) == NULL) {
		free(r);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	memcpy(r->poll_id, p->id, strlen(p->id) + 1);
	memcpy(r->poll_hash, p->hash, KEYS_HASH);
	memcpy(r->kiosk, k->pub.keynum, KEYS_NUM);
	memcpy(r->commune, k->commune, 6);
	r->closed_at = (uint64_t)clock_now();
	r->elig = (uint8_t)p->elig;
	if ((rc = closing_count(k, p, 0, &r->count, cause)) != 0 ||
	    (rc = store_count_ballots(k->store, p->id, 1, &tests, cause)) != 0 ||
	    (rc = store_code_counts(k->store, p->id, &issued, &used,
	    cause)) != 0 ||
	    (rc = store_counter_get(k->store, p->id, ELIG_CTR_ACTIVATIONS,
	    &act, cause)) != 0 ||
	    (rc = store_counter_get(k->store, p->id, ELIG_CTR_IGNORED, &ign,
	    cause)) != 0 ||
	    (rc = event_head(k, &r->event_seq, r->event_hash, cause)) != 0) {
		closing_free(r);
		return rc;
	}
	r->test_ballots = (uint64_t)tests;
	r->codes_issued = (uint64_t)issued;
	r->codes_used = (uint64_t)used;
	r->activations = (uint64_t)act;
	r->ignored = (uint64_t)ign;
	r->n_questions = (uint16_t)p->n_questions;
	for (q = 0; q < p->n_questions; q++) {
		if ((r->qids[q] = util_strdup(p->questions[q].id)) == NULL) {
			closing_free(r);
			return util_fail(cause, YK_ENOMEM, "out of memory");
		}
		r->n_opts[q] = (uint16_t)(p->questions[q].n_options + 1);
	}
	wire_init(&w);
	encode_body(r, &w);
	if (w.err) {
		wire_free(&w);
		closing_free(r);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	keys_sign(k->sec, w.buf, w.len, r->sig);
	wire_raw(&w, r->sig, KEYS_SIG);
	if (w.err) {
		wire_free(&w);
		closing_free(r);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	keys_sha256(r->digest, w.buf, w.len);
	wire_free(&w);
	*out = r;
	return 0;
}

static char *
record_key(const char *id)
{
	return util_printf("closing.%s", id);
}

static int
keep(struct kiosk *k, const struct closing *r, char **cause)
{
	uint8_t	*buf;
	size_t	 len;
	char	*b64 = NULL, *key = NULL, *detail = NULL, hex[2 * KEYS_HASH + 1];
	int	 rc;

	if (closing_encode(r, &buf, &len) != 0)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	util_hex(r->digest, KEYS_HASH, hex);
	b64 = util_b64_encode(buf, len);
	key = record_key(r->poll_id);
	detail = util_printf("digest=%s ballots=%llu", hex,
	    (unsigned long long)r->count.ballots);
	free(buf);
	if (b64 == NULL || key == NULL || detail == NULL)
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
	else if ((rc = store_meta_set(k->store, key, b64, cause)) == 0)
		rc = event_append(k, r->poll_id, "closing-record", detail,
		    cause);
	free(b64);
	free(key);
	free(detail);
	return rc;
}

int
closing_load(struct kiosk *k, const char *id, struct closing **out,
    char **cause)
{
	uint8_t	*buf = NULL;
	size_t	 len;
	char	*key, *b64 = NULL;
	int	 rc;

	if ((key = record_key(id)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = store_meta_get(k->store, key, &b64, cause);
	free(key);
	if (rc != 0)
		return rc;
	if (b64 == NULL)
		return util_fail(cause, YK_ENOENT, "poll \"%s\" has no closing "
		    "record (is it closed? ykien-kiosk poll list)", id);
	if (util_b64_decode(b64, strlen(b64), &buf, &len) != 0)
		rc = util_fail(cause, YK_EINVAL, "closing record of \"%s\": "
		    "damaged in the store", id);
	else
		rc = closing_decode(buf, len, &k->pub, out, cause);
	free(b64);
	free(buf);
	return rc;
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
closing_text(const struct kiosk *k, const struct poll *p,
    const struct closing *r)
{
	struct wire	 w;
	char		 when[32], date[11], lb[32], fpr[KEYS_FPR], *s;
	char		 hex[2 * KEYS_HASH + 1], dhex[2 * KEYS_HASH + 1];
	char		 ehex[2 * KEYS_HASH + 1];
	int		 q, a, vi = vi_index(p);

	when_vn((long long)r->closed_at, when);
	util_date_vn((long long)r->closed_at, date);
	keys_fingerprint(&k->pub, fpr);
	util_hex(r->count.set_hash, KEYS_HASH, hex);
	util_hex(r->digest, KEYS_HASH, dhex);
	util_hex(r->event_hash, KEYS_HASH, ehex);
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

	util_hex(r->kiosk, KEYS_NUM, kn);
	util_hex(r->digest, KEYS_HASH, dhex);
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

int
closing_save(struct kiosk *k, const struct poll *p, const struct closing *r,
    char **cause)
{
	uint8_t	*bin = NULL;
	size_t	 blen;
	char	*text = NULL, *sig = NULL, *pb = NULL, *pt = NULL, *ps = NULL;
	char	*comment = NULL;
	int	 rc;

	if (closing_encode(r, &bin, &blen) != 0 ||
	    (text = closing_text(k, p, r)) == NULL ||
	    (pb = util_printf("%s/closing-%s.bin", k->dir, r->poll_id)) == NULL
	    || (pt = util_printf("%s/closing-%s.txt", k->dir, r->poll_id))
	    == NULL ||
	    (ps = util_printf("%s.sig", pt)) == NULL ||
	    (comment = util_printf("verify with signify-openbsd -V -p "
	    "kiosk.pub -x closing-%s.txt.sig -m closing-%s.txt", r->poll_id,
	    r->poll_id)) == NULL ||
	    (sig = signify_sign_text(k->sec, text, strlen(text), comment))
	    == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = util_write_atomic(pb, bin, blen, 0644, cause)) != 0 ||
	    (rc = util_write_atomic(pt, text, strlen(text), 0644, cause)) != 0
	    || (rc = util_write_atomic(ps, sig, strlen(sig), 0644, cause)) != 0)
		goto out;
out:
	free(bin);
	free(text);
	free(sig);
	free(pb);
	free(pt);
	free(ps);
	free(comment);
	return rc;
}

static int
check_pin(struct kiosk *k, const char *role, const char *pin, char **cause)
{
	long	wait;
	int	rc;

	if ((rc = pin_check(k, role, pin, &wait, cause)) != 0)
		return util_wrap(cause, rc, "closing needs the %s PIN: ",
		    strcmp(role, PIN_FRONT) == 0 ? "Front representative's" :
		    "commune official's");
	return 0;
}

int
closing_close(struct kiosk *k, const char *id, const char *pin_official,
    const char *pin_front, struct closing **out, char **cause)
{
	struct closing	*r = NULL;
	struct poll	*p = NULL;
	char		*state = NULL;
	int		 rc, outer;

	if ((rc = kiosk_poll_get(k, id, &p, &state, cause)) != 0)
		return rc;
	/* A poll that cannot be closed must not cost anyone a PIN try. */
	if (kiosk_next_state(state, KIOSK_ACT_CLOSE) == NULL) {
		rc = kiosk_transition(k, id, KIOSK_ACT_CLOSE, cause);
		goto out;
	}
	if ((rc = check_pin(k, PIN_OFFICIAL, pin_official, cause)) != 0 ||
	    (p->pins_required >= 2 &&
	    (rc = check_pin(k, PIN_FRONT, pin_front, cause)) != 0))
		goto out;
	if ((rc = store_tx_begin(k->store, &outer, cause)) != 0)
		goto out;
	if ((rc = kiosk_transition(k, id, KIOSK_ACT_CLOSE, cause)) != 0 ||
	    (rc = build(k, p, &r, cause)) != 0 ||
	    (rc = keep(k, r, cause)) != 0) {
		store_tx_rollback(k->store, outer);
		goto out;
	}
	if ((rc = store_tx_commit(k->store, outer, cause)) != 0)
		goto out;
	if ((rc = closing_save(k, p, r, cause)) != 0)
		rc = util_wrap(cause, YK_EIO, "the poll is closed and its "
		    "record kept, but the files were not written (run: "
		    "ykien-kiosk closing --poll %s): ", id);
out:
	if (rc == 0 && out != NULL)
		*out = r;
	else
		closing_free(r);
	poll_free(p);
	free(state);
	return rc;
}
