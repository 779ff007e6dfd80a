/*
 * outbox: no batch under k while the kiosk holds at least k ballots
 * (DESIGN invariant 2).  Real casts into a real store, outbox_form after
 * every step as the uploader would run it, then the flush at close; every
 * batch stored is decoded and counted.  Also the size rule on its own, at
 * the edges (BATCH_MAX_BALLOTS splits included).
 */
#include "kfixture.h"
#include "ykien/batch.h"
#include "ykien/outbox.h"
#include "ykien/store.h"
#include "ykien/store-batch.h"

#define K	10	/* the demo poll's "k" */

struct sizes {
	long long	min, total, n;
};

static int
size_cb(void *arg, const uint8_t *id, const char *poll, const uint8_t *blob,
    size_t len)
{
	struct sizes	*z = arg;
	struct batch	*b = NULL;

	assert_int_equal(batch_decode(blob, len, &b, NULL), 0);
	if (z->n == 0 || (long long)b->n < z->min)
		z->min = (long long)b->n;
	z->total += (long long)b->n;
	z->n++;
	batch_free(b);
	return 0;
}

static void
batches(struct kfx *f, struct sizes *z)
{
	memset(z, 0, sizeof *z);
	assert_int_equal(store_batch_each(f->k->store, -1, size_cb, z, NULL),
	    0);
}

/* Cast in uneven steps; form after each; close; flush. */
static void
run(struct kfx *f, const int *steps, int nsteps)
{
	struct sizes	z;
	long long	pending, held = 0;
	int		i, formed;

	assert_int_equal(f->p->k_anon, K);
	assert_int_equal(kiosk_transition(f->k, f->p->id, KIOSK_ACT_TEST,
	    NULL), 0);
	assert_int_equal(kiosk_transition(f->k, f->p->id, KIOSK_ACT_OPEN,
	    NULL), 0);
	for (i = 0; i < nsteps; i++) {
		kfx_cast(f, steps[i]);
		held += steps[i];
		assert_int_equal(outbox_form(f->k, &formed, NULL), 0);
		assert_int_equal(store_pending_count(f->k->store, f->p->id,
		    &pending, NULL), 0);
		batches(f, &z);
		/* At least k stay behind once anything has left. */
		if (z.n > 0)
			assert_true(pending >= K);
		else
			assert_int_equal(pending, held);
		if (z.n > 0)
			assert_true(z.min >= K);
		assert_int_equal(z.total + pending, held);
	}
	assert_int_equal(kiosk_transition(f->k, f->p->id, KIOSK_ACT_CLOSE,
	    NULL), 0);
	assert_int_equal(outbox_form_poll(f->k, f->p->id, &formed, NULL), 0);
	assert_int_equal(store_pending_count(f->k->store, f->p->id, &pending,
	    NULL), 0);
	assert_int_equal(pending, 0);
	batches(f, &z);
	assert_int_equal(z.total, held);
	print_message("%lld ballots in %lld batches, smallest %lld\n", held,
	    z.n, z.min);
	if (held >= K)
		assert_true(z.min >= K);
	else
		assert_int_equal(z.n, held > 0);
}

static void
test_many_small_steps(void **state)
{
	static const int steps[] = { 3, 6, 1, 9, 1, 2, 7, 1, 1, 4, 13, 2 };

	run(*state, steps, (int)(sizeof steps / sizeof steps[0]));
}

static void
test_just_over_k(void **state)
{
	/* 11 held: nothing may leave while open (10 must stay). */
	static const int steps[] = { 11 };

	run(*state, steps, 1);
}

static void
test_under_k(void **state)
{
	/* The whole kiosk holds 7: the close sends them (the only case). */
	static const int steps[] = { 4, 3 };

	run(*state, steps, 2);
}

static void
test_size_rule(void **state)
{
	long long	p, m, left;
	int		closed;

	(void)state;
	for (closed = 0; closed < 2; closed++)
		for (p = 0; p < 2 * BATCH_MAX_BALLOTS + 3 * K; p++) {
			m = outbox_batch_size(p, K, closed);
			assert_true(m >= 0 && m <= p &&
			    m <= BATCH_MAX_BALLOTS);
			left = p - m;
			if (m > 0)
				assert_true(m >= K || (closed && p < K));
			if (!closed && m > 0)
				assert_true(left >= K);
			if (!closed && m == 0)
				assert_true(p < 2 * K);
			/* At close every ballot goes, in batches of k+. */
			if (closed && p > 0)
				assert_true(m > 0 && (left == 0 ||
				    left >= K));
		}
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, kfx_setup, kfx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_many_small_steps),
		T(test_just_over_k),
		T(test_under_k),
		cmocka_unit_test(test_size_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
