/*
 * closing: the closing record's format (see include/ykien/closing.h and
 * docs/PROTOCOL.md): encode, decode and check, sign.  Shared by both
 * programs: the kiosk builds and signs records, the province decodes them,
 * so nothing here may reach into the kiosk's store.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/closing.h"
#include "ykien/util.h"
#include "ykien/wire.h"

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

int
closing_sign(struct closing *r, const struct keys_secret *sec)
{
	struct wire	w;

	wire_init(&w);
	encode_body(r, &w);
	if (w.err) {
		wire_free(&w);
		return YK_ENOMEM;
	}
	keys_sign(sec, w.buf, w.len, r->sig);
	wire_raw(&w, r->sig, KEYS_SIG);
	if (w.err) {
		wire_free(&w);
		return YK_ENOMEM;
	}
	keys_sha256(r->digest, w.buf, w.len);
	wire_free(&w);
	return 0;
}
