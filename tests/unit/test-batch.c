/*
 * batch: the known-answer vector of docs/PROTOCOL.md, round trips,
 * and a decoder that refuses every truncation and catches every flipped
 * byte (by structure or by signature), never crashing.
 * GENERATE=1 prints the vector's bytes for the document.
 */
#include "testutil.h"
#include "ykien/batch.h"

/* Expected SHA-256 of the vector batch and of its acknowledgement. */
#define VEC_BATCH_SHA "a11cbff4551998cf1264121cebe64a195efe0d015cc345e4702b36b9303dc460"
#define VEC_ACK_SHA   "3c2f0d753f0c9835fddf710666050f6c9aa28f9754be3d11490410f3397ad890"

struct vec {
	struct keys_public	 kpub, ppub;
	struct keys_secret	*ksec, *psec;
	uint8_t			*ballots[3];
	size_t			 lens[3];
	uint8_t			 poll_hash[KEYS_HASH];
};

static void
vec_make(struct vec *v)
{
	uint8_t		seed[32], keynum[KEYS_NUM];
	struct ballot	b;
	int		i;

	memset(v, 0, sizeof *v);
	memset(seed, 0x11, sizeof seed);
	memset(keynum, 0xa1, sizeof keynum);
	assert_int_equal(keys_from_seed(seed, keynum, &v->kpub, &v->ksec), 0);
	memset(seed, 0x22, sizeof seed);
	memset(keynum, 0xb2, sizeof keynum);
	assert_int_equal(keys_from_seed(seed, keynum, &v->ppub, &v->psec), 0);
	keys_sha256(v->poll_hash, "demo poll", 9);
	/* Given out of order on purpose: the batch sorts them. */
	for (i = 0; i < 3; i++) {
		memset(&b, 0, sizeof b);
		memset(b.id, (uint8_t)(0x30 - 0x10 * i), BALLOT_ID);
		strcpy(b.poll_id, "demo-2026");
		memcpy(b.poll_hash, v->poll_hash, KEYS_HASH);
		memcpy(b.kiosk, v->kpub.keynum, KEYS_NUM);
		b.n_answers = 4;
		b.answers[0] = 1;
		b.answers[1] = (uint8_t)(3 + i % 2);
		b.answers[2] = 0;
		b.answers[3] = (uint8_t)(1 + i % 2);
		assert_int_equal(ballot_sign(&b, v->ksec, &v->ballots[i],
		    &v->lens[i]), 0);
	}
}

static void
vec_free(struct vec *v)
{
	int	i;

	for (i = 0; i < 3; i++)
		free(v->ballots[i]);
	keys_secret_free(v->ksec);
	keys_secret_free(v->psec);
}

static void
make_batch(struct vec *v, uint8_t **out, size_t *len)
{
	uint8_t	id[BATCH_ID];

	memset(id, 0x5b, sizeof id);
	assert_int_equal(batch_make(v->ksec, &v->kpub, id, "demo-2026",
	    v->poll_hash, (const uint8_t *const *)v->ballots, v->lens, 3, out,
	    len, NULL), 0);
}

static void
make_ack(struct vec *v, const struct batch *b, uint8_t **out, size_t *len)
{
	struct ack	a;

	memset(&a, 0, sizeof a);
	memcpy(a.batch_id, b->id, BATCH_ID);
	memcpy(a.batch_hash, b->hash, KEYS_HASH);
	memcpy(a.kiosk, b->kiosk.keynum, KEYS_NUM);
	strcpy(a.poll_id, b->poll_id);
	a.accepted = b->n;
	memcpy(a.province, v->ppub.keynum, KEYS_NUM);
	assert_int_equal(ack_make(v->psec, &a, out, len), 0);
}

static void
print_hex(const char *name, const uint8_t *p, size_t n)
{
	size_t	i;

	printf("%s (%zu bytes):\n", name, n);
	for (i = 0; i < n; i++)
		printf("%02x%s", p[i], (i % 32 == 31 || i + 1 == n) ? "\n" : "");
}

static void
test_vector(void **state)
{
	struct vec	 v;
	struct batch	*b;
	uint8_t		*buf, *ack, h[KEYS_HASH];
	size_t		 len, alen;
	char		 hex[2 * KEYS_HASH + 1];

	vec_make(&v);
	make_batch(&v, &buf, &len);
	assert_int_equal(batch_decode(buf, len, &b, NULL), 0);
	assert_int_equal(batch_verify(buf, len, b, &v.kpub, NULL), 0);
	make_ack(&v, b, &ack, &alen);
	if (getenv("GENERATE") != NULL) {
		print_hex("kiosk public key", v.kpub.pk, KEYS_PUBLIC);
		print_hex("province public key", v.ppub.pk, KEYS_PUBLIC);
		print_hex("ballot set hash", b->set_hash, KEYS_HASH);
		print_hex("batch", buf, len);
		print_hex("batch hash", b->hash, KEYS_HASH);
		print_hex("ack", ack, alen);
		keys_sha256(h, ack, alen);
		print_hex("ack sha256", h, KEYS_HASH);
	}
	keys_hex(b->hash, KEYS_HASH, hex);
	assert_string_equal(hex, VEC_BATCH_SHA);
	keys_sha256(h, ack, alen);
	keys_hex(h, KEYS_HASH, hex);
	assert_string_equal(hex, VEC_ACK_SHA);
	assert_int_equal(ack_check(ack, alen, &v.ppub, b, NULL), 0);
	/* Sorted: the ballot made last (id 0x10...) comes first. */
	assert_int_equal(b->ballots[0][4 + strlen(BALLOT_DOMAIN)], 0x10);
	batch_free(b);
	free(ack);
	free(buf);
	vec_free(&v);
}

static void
test_truncations(void **state)
{
	struct vec	 v;
	struct batch	*b;
	uint8_t		*buf;
	size_t		 len, i;
	char		*cause = NULL;

	vec_make(&v);
	make_batch(&v, &buf, &len);
	for (i = 0; i < len; i++) {
		assert_int_equal(batch_decode(buf, i, &b, &cause), YK_EINVAL);
		assert_non_null(cause);
	}
	free(cause);
	free(buf);
	vec_free(&v);
}

static void
test_flips(void **state)
{
	struct vec	 v;
	struct batch	*b;
	uint8_t		*buf;
	size_t		 len, i;
	int		 caught;

	vec_make(&v);
	make_batch(&v, &buf, &len);
	for (i = 0; i < len; i++) {
		buf[i] ^= 0x01;
		caught = batch_decode(buf, len, &b, NULL) != 0;
		if (!caught) {
			caught = batch_verify(buf, len, b, &v.kpub, NULL) != 0;
			batch_free(b);
		}
		assert_true(caught);
		buf[i] ^= 0x01;
	}
	free(buf);
	vec_free(&v);
}

static void
test_refusals(void **state)
{
	struct vec	 v;
	struct batch	*b;
	struct ballot	 bl;
	uint8_t		*buf, *ack, id[BATCH_ID] = { 0 }, *tb;
	size_t		 len, alen, tlen;
	const uint8_t	*two[2];
	size_t		 twolen[2];
	char		*cause = NULL;

	vec_make(&v);
	/* The same ballot twice. */
	two[0] = two[1] = v.ballots[0];
	twolen[0] = twolen[1] = v.lens[0];
	assert_int_equal(batch_make(v.ksec, &v.kpub, id, "demo-2026",
	    v.poll_hash, two, twolen, 2, &buf, &len, &cause), YK_EINVAL);
	/* Another poll. */
	assert_int_equal(batch_make(v.ksec, &v.kpub, id, "other",
	    v.poll_hash, (const uint8_t *const *)v.ballots, v.lens, 3, &buf,
	    &len, &cause), YK_EINVAL);
	/* A test ballot. */
	memset(&bl, 0, sizeof bl);
	strcpy(bl.poll_id, "demo-2026");
	memcpy(bl.poll_hash, v.poll_hash, KEYS_HASH);
	memcpy(bl.kiosk, v.kpub.keynum, KEYS_NUM);
	bl.flags = BALLOT_TEST;
	assert_int_equal(ballot_sign(&bl, v.ksec, &tb, &tlen), 0);
	two[0] = tb;
	twolen[0] = tlen;
	assert_int_equal(batch_make(v.ksec, &v.kpub, id, "demo-2026",
	    v.poll_hash, two, twolen, 1, &buf, &len, &cause), YK_EINVAL);
	assert_non_null(strstr(cause, "test ballot"));
	free(tb);
	/* Garbage. */
	assert_int_equal(batch_decode((const uint8_t *)"GET / HTTP/1.0", 14,
	    &b, &cause), YK_EINVAL);
	/* A good batch, checked against the wrong key; a tampered ack. */
	make_batch(&v, &buf, &len);
	assert_int_equal(batch_decode(buf, len, &b, NULL), 0);
	assert_int_equal(batch_verify(buf, len, b, &v.ppub, &cause), YK_ESIG);
	make_ack(&v, b, &ack, &alen);
	assert_int_equal(ack_check(ack, alen, &v.kpub, b, &cause), YK_ESIG);
	ack[alen - 1] ^= 1;
	assert_int_equal(ack_check(ack, alen, &v.ppub, b, &cause), YK_ESIG);
	assert_int_equal(ack_check((const uint8_t *)"<html>OK</html>", 15,
	    &v.ppub, b, &cause), YK_EINVAL);
	free(ack);
	/* An ack that accepts fewer ballots than were sent. */
	b->n--;
	make_ack(&v, b, &ack, &alen);
	b->n++;
	assert_int_equal(ack_check(ack, alen, &v.ppub, b, &cause), YK_EINVAL);
	free(ack);
	batch_free(b);
	free(buf);
	free(cause);
	vec_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vector),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_flips),
		cmocka_unit_test(test_refusals),
	};

	if (keys_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
