/*
 * vpool: the shared signature checkers name the first bad ballot of a
 * batch wherever it is (inside a run, at a run's edge, last), pass a good
 * batch whole, give every caller its own batch's answer while several
 * callers share the threads, and check on the caller's thread when there
 * is no pool.
 */
#include <pthread.h>

#include "testutil.h"
#include "ykien/ballot.h"
#include "ykien/batch.h"
#include "ykien/vpool.h"

#define NB	300	/* ballots per test batch: several runs of 64 */

struct tb {
	struct batch	 b;
	uint8_t		*blob[NB];
	const uint8_t	*cblob[NB];	/* the same, as struct batch has them */
	size_t		 len[NB];
};

static struct keys_secret	*sec;
static struct keys_public	 pub;

static void
tb_make(struct tb *t, uint32_t n)
{
	struct ballot	bl;
	uint32_t	i;

	memset(t, 0, sizeof *t);
	t->b.kiosk = pub;
	t->b.n = n;
	t->b.ballots = t->cblob;
	t->b.lens = t->len;
	for (i = 0; i < n; i++) {
		memset(&bl, 0, sizeof bl);
		memcpy(bl.id, &i, sizeof i);
		strcpy(bl.poll_id, "demo-2026");
		memcpy(bl.kiosk, pub.keynum, KEYS_NUM);
		bl.n_answers = 2;
		bl.answers[0] = 1;
		bl.answers[1] = (uint8_t)(i % 3);
		assert_int_equal(ballot_sign(&bl, sec, &t->blob[i],
		    &t->len[i]), 0);
		t->cblob[i] = t->blob[i];
	}
}

static void
tb_free(struct tb *t)
{
	uint32_t	i;

	for (i = 0; i < t->b.n; i++)
		free(t->blob[i]);
}

/* Flip a byte of ballot i's signature. */
static void
forge(struct tb *t, uint32_t i)
{
	t->blob[i][t->len[i] - 1] ^= 0x40;
}

static void
test_first_bad(void **state)
{
	/* Inside a run, a run's first, the last of a run, the very last. */
	static const uint32_t	at[] = { 0, 5, 63, 64, 130, NB - 1 };
	struct vpool		*p = vpool_start(3);
	struct tb		*t = calloc(1, sizeof *t);
	size_t			 k;

	(void)state;
	assert_non_null(p);
	assert_non_null(t);
	tb_make(t, NB);
	assert_int_equal(vpool_check(p, &t->b), NB);
	for (k = 0; k < sizeof at / sizeof at[0]; k++) {
		forge(t, at[k]);
		assert_int_equal(vpool_check(p, &t->b), at[k]);
		forge(t, at[k]);
	}
	/* Two forgeries: the earlier is named, wherever the threads were. */
	forge(t, 200);
	forge(t, 70);
	assert_int_equal(vpool_check(p, &t->b), 70);
	forge(t, 70);
	assert_int_equal(vpool_check(p, &t->b), 200);
	forge(t, 200);
	assert_int_equal(vpool_check(p, &t->b), NB);
	/* Another key: every ballot fails, the first is named. */
	t->b.kiosk.pk[0] ^= 1;
	assert_int_equal(vpool_check(p, &t->b), 0);
	t->b.kiosk.pk[0] ^= 1;
	vpool_stop(p);
	/* No pool: the caller's thread checks, with the same answers. */
	assert_int_equal(vpool_check(NULL, &t->b), NB);
	forge(t, 99);
	assert_int_equal(vpool_check(NULL, &t->b), 99);
	tb_free(t);
	free(t);
}

static void
test_small(void **state)
{
	struct vpool	*p = vpool_start(0);
	struct tb	*t = calloc(1, sizeof *t);

	(void)state;
	assert_non_null(p);
	assert_non_null(t);
	tb_make(t, 1);
	assert_int_equal(vpool_check(p, &t->b), 1);
	forge(t, 0);
	assert_int_equal(vpool_check(p, &t->b), 0);
	t->b.n = 0;
	assert_int_equal(vpool_check(p, &t->b), 0);
	t->b.n = 1;
	vpool_stop(p);
	tb_free(t);
	free(t);
}

struct caller {
	struct vpool	*p;
	struct tb	*t;
	uint32_t	 want;
	int		 wrong;
};

static void *
call(void *arg)
{
	struct caller	*c = arg;
	int		 i;

	for (i = 0; i < 20; i++)
		if (vpool_check(c->p, &c->t->b) != c->want)
			c->wrong++;
	return NULL;
}

/* Four callers at once, each with its own batch, good or forged. */
static void
test_shared(void **state)
{
	struct vpool	*p = vpool_start(2);
	struct caller	 c[4];
	pthread_t	 th[4];
	int		 i;

	(void)state;
	assert_non_null(p);
	for (i = 0; i < 4; i++) {
		c[i].p = p;
		assert_non_null(c[i].t = calloc(1, sizeof *c[i].t));
		tb_make(c[i].t, NB - 37 * (uint32_t)i);
		c[i].want = c[i].t->b.n;
		c[i].wrong = 0;
	}
	forge(c[1].t, 150);
	c[1].want = 150;
	forge(c[3].t, 0);
	c[3].want = 0;
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, call, &c[i]), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	vpool_stop(p);
	for (i = 0; i < 4; i++) {
		assert_int_equal(c[i].wrong, 0);
		tb_free(c[i].t);
		free(c[i].t);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_bad),
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_shared),
	};
	uint8_t	seed[32], keynum[KEYS_NUM];
	int	rc;

	if (keys_init() != 0)
		return 1;
	memset(seed, 0x33, sizeof seed);
	memset(keynum, 0xc3, sizeof keynum);
	if (keys_from_seed(seed, keynum, &pub, &sec) != 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	keys_secret_free(sec);
	return rc;
}
