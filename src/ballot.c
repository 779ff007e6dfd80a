/*
 * ballot: canonical encoding, signature, hash and receipt code of one vote.
 * The layout (docs/PROTOCOL.md) is
 *	str("ykien/v1/ballot") || id[16] || str(poll id) || poll hash[32] ||
 *	kiosk keynum[8] || flags u8 || n u16 || answers[n] || sig[64]
 * where the signature covers everything before it.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/ballot.h"
#include "ykien/util.h"
#include "ykien/wire.h"

static void
encode(const struct ballot *b, struct wire *w)
{
	wire_str(w, BALLOT_DOMAIN);
	wire_raw(w, b->id, BALLOT_ID);
	wire_str(w, b->poll_id);
	wire_raw(w, b->poll_hash, KEYS_HASH);
	wire_raw(w, b->kiosk, KEYS_NUM);
	wire_u8(w, b->flags);
	wire_u16(w, b->n_answers);
	wire_raw(w, b->answers, b->n_answers);
}

int
ballot_sign(const struct ballot *b, const struct keys_secret *sec,
    uint8_t **out, size_t *len)
{
	struct wire	w;

	if (b->n_answers > BALLOT_MAX_ANSWERS)
		return YK_EINVAL;
	wire_init(&w);
	encode(b, &w);
	return wire_sign(&w, sec, out, len);
}

int
ballot_decode(const uint8_t *buf, size_t len, struct ballot *b, char **cause)
{
	struct wire_reader	 r;
	const uint8_t		*p;
	size_t			 n;

	if (len > BALLOT_MAX)
		return util_fail(cause, YK_EINVAL, "ballot too large");
	memset(b, 0, sizeof *b);
	wire_reader_init(&r, buf, len);
	p = wire_get_bytes(&r, 64, &n);
	if (p == NULL || n != strlen(BALLOT_DOMAIN) ||
	    memcmp(p, BALLOT_DOMAIN, n) != 0)
		return util_fail(cause, YK_EINVAL,
		    "not a ballot (domain string is not %s)", BALLOT_DOMAIN);
	wire_get_raw(&r, b->id, BALLOT_ID);
	p = wire_get_bytes(&r, POLL_ID_MAX, &n);
	if (p != NULL) {
		memcpy(b->poll_id, p, n);
		b->poll_id[n] = '\0';
	}
	wire_get_raw(&r, b->poll_hash, KEYS_HASH);
	wire_get_raw(&r, b->kiosk, KEYS_NUM);
	b->flags = wire_get_u8(&r);
	b->n_answers = wire_get_u16(&r);
	if (r.err == 0 && b->n_answers > BALLOT_MAX_ANSWERS)
		return util_fail(cause, YK_EINVAL, "ballot: too many answers");
	wire_get_raw(&r, b->answers, b->n_answers);
	if (r.err != 0 || memchr(b->poll_id, '\0', n) != NULL)
		return util_fail(cause, YK_EINVAL, "ballot: truncated or "
		    "malformed");
	if (len - r.off != KEYS_SIG)
		return util_fail(cause, YK_EINVAL, "ballot: %zu bytes where "
		    "the %d-byte signature should end it", len - r.off,
		    KEYS_SIG);
	if ((b->flags & ~BALLOT_TEST) != 0)
		return util_fail(cause, YK_EINVAL, "ballot: unknown flags");
	return 0;
}

int
ballot_verify(const uint8_t *buf, size_t len, const struct keys_public *pub,
    char **cause)
{
	if (len < KEYS_SIG)
		return util_fail(cause, YK_EINVAL, "ballot: too short");
	if (keys_verify(pub, buf, len - KEYS_SIG, buf + len - KEYS_SIG) != 0)
		return util_fail(cause, YK_ESIG, "ballot: bad signature");
	return 0;
}

void
ballot_hash(const uint8_t *buf, size_t len, uint8_t out[KEYS_HASH])
{
	keys_sha256(out, buf, len);
}

void
ballot_receipt(const uint8_t hash[KEYS_HASH], char out[RECEIPT_LEN + 1])
{
	/* Crockford base32: no I, L, O or U, so codes read aloud well. */
	static const char	alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	struct wire		w;
	uint8_t			h[KEYS_HASH];
	uint64_t		v = 0;
	int			i, o = 0;

	wire_init(&w);
	wire_str(&w, RECEIPT_DOMAIN);
	wire_raw(&w, hash, KEYS_HASH);
	if (w.err != 0) {
		wire_free(&w);
		memset(out, '0', RECEIPT_LEN);
		out[5] = '-';
		out[RECEIPT_LEN] = '\0';
		return;
	}
	keys_sha256(h, w.buf, w.len);
	wire_free(&w);
	for (i = 0; i < 8; i++)
		v = v << 8 | h[i];
	for (i = 0; i < 10; i++) {
		if (i == 5)
			out[o++] = '-';
		out[o++] = alpha[(v >> (64 - 5 * (i + 1))) & 31];
	}
	out[o] = '\0';
}

static int
hash_cmp(const void *a, const void *b)
{
	return memcmp(a, b, KEYS_HASH);
}

int
ballot_set_hash(uint8_t (*hashes)[KEYS_HASH], size_t n,
    uint8_t out[KEYS_HASH])
{
	struct keys_hasher	*h;
	struct wire		 w;

	if (n > UINT32_MAX)
		return YK_EINVAL;
	if (n > 0)
		qsort(hashes, n, KEYS_HASH, hash_cmp);
	if ((h = keys_hasher_new()) == NULL)
		return YK_ENOMEM;
	wire_init(&w);
	wire_str(&w, BALLOT_SET_DOMAIN);
	wire_u32(&w, (uint32_t)n);
	if (w.err != 0) {
		wire_free(&w);
		keys_hasher_final(h, out);
		return YK_ENOMEM;
	}
	keys_hasher_update(h, w.buf, w.len);
	wire_free(&w);
	if (n > 0)
		keys_hasher_update(h, hashes, n * KEYS_HASH);
	keys_hasher_final(h, out);
	return 0;
}
