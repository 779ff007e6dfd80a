/*
 * batch: encoding, decoding and checking of batches and acknowledgements
 * (layouts in include/ykien/batch.h and docs/PROTOCOL.md).  The
 * decoder is written for hostile input: every length is bounded before it
 * is used, and each refusal says what was wrong, because the collector
 * sends that reason back to the kiosk's technician.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/batch.h"
#include "ykien/util.h"
#include "ykien/wire.h"

struct item {
	uint8_t		 id[BALLOT_ID];
	const uint8_t	*blob;
	size_t		 len;
};

static int
item_cmp(const void *a, const void *b)
{
	return memcmp(((const struct item *)a)->id,
	    ((const struct item *)b)->id, BALLOT_ID);
}

/* The set hash of n signed ballots. */
static int
set_hash(const uint8_t *const *blobs, const size_t *lens, size_t n,
    uint8_t out[KEYS_HASH])
{
	uint8_t	(*h)[KEYS_HASH];
	size_t	 i;
	int	 rc;

	if ((h = calloc(n > 0 ? n : 1, KEYS_HASH)) == NULL)
		return YK_ENOMEM;
	for (i = 0; i < n; i++)
		ballot_hash(blobs[i], lens[i], h[i]);
	rc = ballot_set_hash(h, n, out);
	free(h);
	return rc;
}

/* The checks a ballot must pass to sit in a batch, shared by both ends. */
static int
check_member(const struct ballot *b, size_t i, const char *poll_id,
    const uint8_t poll_hash[KEYS_HASH], const uint8_t keynum[KEYS_NUM],
    char **cause)
{
	if (strcmp(b->poll_id, poll_id) != 0 ||
	    memcmp(b->poll_hash, poll_hash, KEYS_HASH) != 0)
		return util_fail(cause, YK_EINVAL, "ballot %zu: belongs to "
		    "poll \"%s\", not the batch's poll \"%s\" (or another "
		    "version of it)", i, b->poll_id, poll_id);
	if (memcmp(b->kiosk, keynum, KEYS_NUM) != 0)
		return util_fail(cause, YK_EINVAL, "ballot %zu: made by "
		    "another kiosk than the batch's", i);
	if (b->flags & BALLOT_TEST)
		return util_fail(cause, YK_EINVAL, "ballot %zu: a test ballot "
		    "never leaves the kiosk", i);
	return 0;
}

int
batch_make(const struct keys_secret *sec, const struct keys_public *pub,
    const uint8_t id[BATCH_ID], const char *poll_id,
    const uint8_t poll_hash[KEYS_HASH], const uint8_t *const *ballots,
    const size_t *lens, size_t n, uint8_t **out, size_t *len, char **cause)
{
	struct item	*it = NULL;
	const uint8_t	**blobs = NULL;
	size_t		*blens = NULL, i;
	struct ballot	 b;
	struct wire	 w;
	uint8_t		 sh[KEYS_HASH];
	int		 rc;

	if (n == 0 || n > BATCH_MAX_BALLOTS)
		return util_fail(cause, YK_EINVAL, "a batch holds 1 to %d "
		    "ballots, not %zu", BATCH_MAX_BALLOTS, n);
	if (strlen(poll_id) > POLL_ID_MAX)
		return util_fail(cause, YK_EINVAL, "poll id too long");
	wire_init(&w);
	if ((it = calloc(n, sizeof *it)) == NULL ||
	    (blobs = calloc(n, sizeof *blobs)) == NULL ||
	    (blens = calloc(n, sizeof *blens)) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if ((rc = ballot_decode(ballots[i], lens[i], &b, cause)) != 0 ||
		    (rc = check_member(&b, i, poll_id, poll_hash, pub->keynum,
		    cause)) != 0)
			goto out;
		memcpy(it[i].id, b.id, BALLOT_ID);
		it[i].blob = ballots[i];
		it[i].len = lens[i];
	}
	qsort(it, n, sizeof *it, item_cmp);
	for (i = 0; i < n; i++) {
		if (i > 0 && memcmp(it[i - 1].id, it[i].id, BALLOT_ID) == 0) {
			rc = util_fail(cause, YK_EINVAL, "two ballots share an "
			    "id");
			goto out;
		}
		blobs[i] = it[i].blob;
		blens[i] = it[i].len;
	}
	if ((rc = set_hash(blobs, blens, n, sh)) != 0) {
		util_fail(cause, rc, "out of memory");
		goto out;
	}
	wire_str(&w, BATCH_DOMAIN);
	wire_raw(&w, id, BATCH_ID);
	wire_raw(&w, pub->keynum, KEYS_NUM);
	wire_raw(&w, pub->pk, KEYS_PUBLIC);
	wire_str(&w, poll_id);
	wire_raw(&w, poll_hash, KEYS_HASH);
	wire_u32(&w, (uint32_t)n);
	wire_raw(&w, sh, KEYS_HASH);
	for (i = 0; i < n; i++)
		wire_bytes(&w, blobs[i], blens[i]);
	if ((rc = wire_sign(&w, sec, out, len)) != 0)
		util_fail(cause, rc, "out of memory");
out:
	wire_free(&w);
	free(it);
	free(blobs);
	free(blens);
	return rc;
}

void
batch_free(struct batch *b)
{
	if (b == NULL)
		return;
	free(b->ballots);
	free(b->lens);
	free(b);
}

static int
get_domain(struct wire_reader *r, const char *domain)
{
	const uint8_t	*p;
	size_t		 n;

	p = wire_get_bytes(r, 64, &n);
	return p != NULL && n == strlen(domain) && memcmp(p, domain, n) == 0;
}

/* A poll id: 1..POLL_ID_MAX bytes, no NUL. */
static int
get_poll_id(struct wire_reader *r, char out[POLL_ID_MAX + 1])
{
	const uint8_t	*p;
	size_t		 n;

	if ((p = wire_get_bytes(r, POLL_ID_MAX, &n)) == NULL || n == 0 ||
	    memchr(p, '\0', n) != NULL)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

/*
 * Long: the batch layout of docs/PROTOCOL.md read field by field, in
 * order, each with its bound; split, the layout would no longer read as
 * one piece beside the document it mirrors.
 */
int
batch_decode(const uint8_t *buf, size_t len, struct batch **out,
    char **cause)
{
	struct wire_reader	 r;
	struct batch		*b;
	struct ballot		 bl;
	uint8_t			 prev[BALLOT_ID], sh[KEYS_HASH];
	uint32_t		 i;
	int			 rc;

	if (len > BATCH_MAX)
		return util_fail(cause, YK_EINVAL, "batch: %zu bytes, more "
		    "than the limit of %d", len, BATCH_MAX);
	wire_reader_init(&r, buf, len);
	if (!get_domain(&r, BATCH_DOMAIN))
		return util_fail(cause, YK_EINVAL, "not a batch (it does not "
		    "start with the domain string %s)", BATCH_DOMAIN);
	if ((b = util_calloc(1, sizeof *b)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	wire_get_raw(&r, b->id, BATCH_ID);
	wire_get_raw(&r, b->kiosk.keynum, KEYS_NUM);
	wire_get_raw(&r, b->kiosk.pk, KEYS_PUBLIC);
	if (r.err == 0 && get_poll_id(&r, b->poll_id) != 0) {
		rc = util_fail(cause, YK_EINVAL, "batch: bad poll id");
		goto fail;
	}
	wire_get_raw(&r, b->poll_hash, KEYS_HASH);
	b->n = wire_get_u32(&r);
	wire_get_raw(&r, b->set_hash, KEYS_HASH);
	if (r.err != 0) {
		rc = util_fail(cause, YK_EINVAL, "batch: truncated header");
		goto fail;
	}
	if (b->n == 0 || b->n > BATCH_MAX_BALLOTS) {
		rc = util_fail(cause, YK_EINVAL, "batch: count %u is not in "
		    "1..%d", b->n, BATCH_MAX_BALLOTS);
		goto fail;
	}
	if ((b->ballots = calloc(b->n, sizeof *b->ballots)) == NULL ||
	    (b->lens = calloc(b->n, sizeof *b->lens)) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto fail;
	}
	for (i = 0; i < b->n; i++) {
		b->ballots[i] = wire_get_bytes(&r, BALLOT_MAX, &b->lens[i]);
		if (r.err != 0) {
			rc = util_fail(cause, YK_EINVAL, "batch: ballot %u of "
			    "%u is truncated or too large", i, b->n);
			goto fail;
		}
		if ((rc = ballot_decode(b->ballots[i], b->lens[i], &bl,
		    cause)) != 0) {
			util_wrap(cause, rc, "batch: ballot %u: ", i);
			goto fail;
		}
		if ((rc = check_member(&bl, i, b->poll_id, b->poll_hash,
		    b->kiosk.keynum, cause)) != 0) {
			util_wrap(cause, rc, "batch: ");
			goto fail;
		}
		if (i > 0 && memcmp(prev, bl.id, BALLOT_ID) >= 0) {
			rc = util_fail(cause, YK_EINVAL, "batch: ballot %u: "
			    "ids are not strictly ascending (duplicate or "
			    "out of order)", i);
			goto fail;
		}
		memcpy(prev, bl.id, BALLOT_ID);
	}
	if (len - r.off != KEYS_SIG) {
		rc = util_fail(cause, YK_EINVAL, "batch: %zu bytes where the "
		    "%d-byte signature should end it", len - r.off, KEYS_SIG);
		goto fail;
	}
	if ((rc = set_hash(b->ballots, b->lens, b->n, sh)) != 0) {
		util_fail(cause, rc, "out of memory");
		goto fail;
	}
	if (memcmp(sh, b->set_hash, KEYS_HASH) != 0) {
		rc = util_fail(cause, YK_EINVAL, "batch: the set hash does not "
		    "match its ballots");
		goto fail;
	}
	keys_sha256(b->hash, buf, len);
	*out = b;
	return 0;
fail:
	batch_free(b);
	return rc;
}

int
batch_verify(const uint8_t *buf, size_t len, const struct batch *b,
    const struct keys_public *pub, char **cause)
{
	uint32_t	i;

	if (len < KEYS_SIG)
		return util_fail(cause, YK_EINVAL, "batch: too short");
	if (memcmp(pub->keynum, b->kiosk.keynum, KEYS_NUM) != 0 ||
	    !keys_equal(pub->pk, b->kiosk.pk, KEYS_PUBLIC))
		return util_fail(cause, YK_ESIG, "batch: checked against the "
		    "wrong key (the batch names another kiosk key)");
	if (keys_verify(pub, buf, len - KEYS_SIG, buf + len - KEYS_SIG) != 0)
		return util_fail(cause, YK_ESIG, "batch: bad signature");
	for (i = 0; i < b->n; i++)
		if (ballot_verify(b->ballots[i], b->lens[i], pub, NULL) != 0)
			return util_fail(cause, YK_ESIG, "batch: ballot %u: "
			    "bad signature", i);
	return 0;
}

size_t
batch_head(const uint8_t *buf, const struct batch *b)
{
	/* Each ballot is bytes(ballot): its u32 length comes first. */
	return (size_t)(b->ballots[0] - 4 - buf);
}

int
batch_join(const uint8_t *env, size_t elen, const uint8_t *const *ballots,
    const size_t *lens, size_t n, uint8_t **out, size_t *len, char **cause)
{
	struct wire	w;
	size_t		i;

	if (elen < KEYS_SIG)
		return util_fail(cause, YK_EINVAL, "batch envelope too short");
	wire_init(&w);
	wire_raw(&w, env, elen - KEYS_SIG);
	for (i = 0; i < n; i++)
		wire_bytes(&w, ballots[i], lens[i]);
	wire_raw(&w, env + elen - KEYS_SIG, KEYS_SIG);
	if (w.err != 0) {
		wire_free(&w);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	*out = w.buf;
	*len = w.len;
	return 0;
}

static void
ack_encode(const struct ack *a, struct wire *w)
{
	wire_str(w, ACK_DOMAIN);
	wire_raw(w, a->batch_id, BATCH_ID);
	wire_raw(w, a->batch_hash, KEYS_HASH);
	wire_raw(w, a->kiosk, KEYS_NUM);
	wire_str(w, a->poll_id);
	wire_u32(w, a->accepted);
	wire_raw(w, a->province, KEYS_NUM);
}

int
ack_make(const struct keys_secret *sec, const struct ack *a, uint8_t **out,
    size_t *len)
{
	struct wire	w;

	if (strlen(a->poll_id) > POLL_ID_MAX)
		return YK_EINVAL;
	wire_init(&w);
	ack_encode(a, &w);
	return wire_sign(&w, sec, out, len);
}

int
ack_decode(const uint8_t *buf, size_t len, struct ack *a, char **cause)
{
	struct wire_reader	r;

	memset(a, 0, sizeof *a);
	if (len > ACK_MAX)
		return util_fail(cause, YK_EINVAL, "acknowledgement: too "
		    "large (%zu bytes)", len);
	wire_reader_init(&r, buf, len);
	if (!get_domain(&r, ACK_DOMAIN))
		return util_fail(cause, YK_EINVAL, "not an acknowledgement "
		    "(it does not start with %s)", ACK_DOMAIN);
	wire_get_raw(&r, a->batch_id, BATCH_ID);
	wire_get_raw(&r, a->batch_hash, KEYS_HASH);
	wire_get_raw(&r, a->kiosk, KEYS_NUM);
	if (r.err == 0 && get_poll_id(&r, a->poll_id) != 0)
		r.err = YK_EINVAL;
	a->accepted = wire_get_u32(&r);
	wire_get_raw(&r, a->province, KEYS_NUM);
	if (r.err != 0 || len - r.off != KEYS_SIG)
		return util_fail(cause, YK_EINVAL, "acknowledgement: "
		    "truncated or malformed");
	return 0;
}

int
ack_check(const uint8_t *buf, size_t len, const struct keys_public *prov,
    const struct batch *b, char **cause)
{
	struct ack	a;
	int		rc;

	if ((rc = ack_decode(buf, len, &a, cause)) != 0)
		return rc;
	if (memcmp(a.province, prov->keynum, KEYS_NUM) != 0)
		return util_fail(cause, YK_ESIG, "acknowledgement: signed by "
		    "another key than province.pub (wrong key number)");
	if (keys_verify(prov, buf, len - KEYS_SIG, buf + len - KEYS_SIG) != 0)
		return util_fail(cause, YK_ESIG, "acknowledgement: bad "
		    "signature");
	if (memcmp(a.batch_id, b->id, BATCH_ID) != 0 ||
	    memcmp(a.batch_hash, b->hash, KEYS_HASH) != 0 ||
	    memcmp(a.kiosk, b->kiosk.keynum, KEYS_NUM) != 0 ||
	    strcmp(a.poll_id, b->poll_id) != 0)
		return util_fail(cause, YK_EINVAL, "acknowledgement: names "
		    "another batch");
	if (a.accepted != b->n)
		return util_fail(cause, YK_EINVAL, "acknowledgement: accepts "
		    "%u ballots of %u", a.accepted, b->n);
	return 0;
}
