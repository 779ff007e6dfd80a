/*
 * closing and elig: the closing record's set hash and totals equal an
 * independent recount of the stored ballots; test ballots never count as
 * real ones; one changed byte of the record fails; nothing is cast after
 * close; closing asks for the PINs the poll requires.  Eligibility
 * policies: a wrong check digit is caught before any lookup and costs no
 * delay, unknown and used codes cost a doubling delay, the open-mode
 * interval ignores and counts early presses, activations are counted.
 * Also the test vectors of docs/PROTOCOL.md.
 */
#include "kfixture.h"
#include "ykien/ballot.h"
#include "ykien/clock.h"
#include "ykien/closing-kiosk.h"
#include "ykien/codes.h"
#include "ykien/elig.h"
#include "ykien/event-chain.h"
#include "ykien/pin.h"
#include "ykien/store.h"
#include "ykien/store-admin.h"

static long long fake_now = 1767225600;

static long long
fake_clock(void)
{
	return fake_now;
}

struct recount {
	const struct keys_public	*pub;
	uint8_t				(*h)[KEYS_HASH];
	size_t				  n;
	uint64_t			  tot[POLL_MAX_QUESTIONS][POLL_MAX_OPTIONS + 1];
	int				  test_flags;
};

static int
recount_cb(void *arg, const uint8_t *blob, size_t len)
{
	struct recount	*r = arg;
	struct ballot	 b;
	int		 i;

	assert_int_equal(ballot_verify(blob, len, r->pub, NULL), 0);
	assert_int_equal(ballot_decode(blob, len, &b, NULL), 0);
	r->test_flags += (b.flags & BALLOT_TEST) != 0;
	ballot_hash(blob, len, r->h[r->n++]);
	for (i = 0; i < b.n_answers; i++)
		r->tot[i][b.answers[i]]++;
	return 0;
}

static void
cast_n(struct kfx *f, int n)
{
	char	receipt[RECEIPT_LEN + 1];
	uint8_t	a[4];
	int	i;

	for (i = 0; i < n; i++) {
		a[0] = (uint8_t)(1 + keys_uniform(2));
		a[1] = (uint8_t)(1 + keys_uniform(5));
		a[2] = (uint8_t)keys_uniform(4);
		a[3] = (uint8_t)(1 + keys_uniform(2));
		assert_int_equal(kiosk_cast(f->k, f->p, a, 4, NULL, 0, receipt,
		    NULL), 0);
	}
}

static void
test_record_equals_recount(void **state)
{
	struct kfx	*f = *state;
	struct closing	*r = NULL, *back = NULL;
	struct recount	 rc;
	uint8_t		 set[KEYS_HASH], *buf;
	size_t		 len, i;
	char		*cause = NULL, receipt[RECEIPT_LEN + 1];
	uint8_t		 a[4] = { 1, 1, 1, 1 };
	int		 q, o;

	assert_int_equal(pin_set(f->k, PIN_OFFICIAL, "246813", NULL), 0);
	assert_int_equal(kiosk_transition(f->k, "demo-2026", KIOSK_ACT_TEST,
	    NULL), 0);
	cast_n(f, 7);				/* test ballots */
	assert_int_equal(kiosk_transition(f->k, "demo-2026", KIOSK_ACT_OPEN,
	    NULL), 0);
	cast_n(f, 23);
	/* Wrong PIN: nothing closes. */
	fake_now = clock_now();
	clock_override(fake_clock);
	assert_int_equal(closing_close(f->k, "demo-2026", "1111", NULL, &r,
	    &cause), YK_EAUTH);
	assert_null(r);
	fake_now += 3600;
	assert_int_equal(closing_close(f->k, "demo-2026", "246813", NULL, &r,
	    &cause), 0);
	clock_override(NULL);

	memset(&rc, 0, sizeof rc);
	rc.pub = &f->k->pub;
	rc.h = calloc(64, KEYS_HASH);
	assert_int_equal(store_ballot_each(f->k->store, "demo-2026", 0,
	    recount_cb, &rc, NULL), 0);
	assert_int_equal(rc.n, 23);
	assert_int_equal(rc.test_flags, 0);	/* no test ballot among real */
	assert_int_equal(ballot_set_hash(rc.h, rc.n, set), 0);
	assert_memory_equal(set, r->count.set_hash, KEYS_HASH);
	assert_int_equal(r->count.ballots, 23);
	assert_int_equal(r->test_ballots, 7);
	for (q = 0; q < 4; q++)
		for (o = 0; o <= POLL_MAX_OPTIONS; o++)
			assert_int_equal(r->count.n[q][o], rc.tot[q][o]);
	/* The test ballots are apart, all flagged, and none is real. */
	memset(rc.tot, 0, sizeof rc.tot);
	rc.n = 0;
	rc.test_flags = 0;
	assert_int_equal(store_ballot_each(f->k->store, "demo-2026", 1,
	    recount_cb, &rc, NULL), 0);
	assert_int_equal(rc.n, 7);
	assert_int_equal(rc.test_flags, 7);

	/* Nothing is cast after close. */
	assert_int_equal(kiosk_cast(f->k, f->p, a, 4, NULL, 0, receipt,
	    &cause), YK_ESTATE);
	assert_non_null(strstr(cause, "closed"));

	/* The stored record decodes; one changed byte anywhere fails. */
	assert_int_equal(closing_load(f->k, "demo-2026", &back, NULL), 0);
	assert_memory_equal(back->digest, r->digest, KEYS_HASH);
	assert_int_equal(closing_encode(r, &buf, &len), 0);
	for (i = 0; i < len; i += 7) {
		struct closing *x = NULL;

		buf[i] ^= 0x01;
		assert_int_not_equal(closing_decode(buf, len, &f->k->pub, &x,
		    NULL), 0);
		assert_null(x);
		buf[i] ^= 0x01;
	}
	free(buf);
	free(rc.h);
	free(cause);
	closing_free(r);
	closing_free(back);
}

static void
test_two_pins(void **state)
{
	struct kfx	*f = kfx_new(TOP_SRCDIR "/kiosk-config/polls/ntm-2026.json");
	char		*cause = NULL, *st = NULL;
	struct poll	*p = NULL;

	(void)state;
	if (f->p->pins_required != 2)
		skip();
	assert_int_equal(pin_set(f->k, PIN_OFFICIAL, "246813", NULL), 0);
	assert_int_equal(pin_set(f->k, PIN_FRONT, "135792", NULL), 0);
	assert_int_equal(kiosk_transition(f->k, f->p->id, KIOSK_ACT_TEST,
	    NULL), 0);
	assert_int_equal(kiosk_transition(f->k, f->p->id, KIOSK_ACT_OPEN,
	    NULL), 0);
	/* The official alone is not enough. */
	assert_int_equal(closing_close(f->k, f->p->id, "246813", NULL, NULL,
	    &cause), YK_EAUTH);
	assert_non_null(strstr(cause, "Front"));
	assert_int_equal(kiosk_poll_get(f->k, f->p->id, &p, &st, NULL), 0);
	assert_string_equal(st, KIOSK_OPEN);
	free(st);
	poll_free(p);
	clock_override(fake_clock);
	fake_now = clock_now() + 3600;
	assert_int_equal(closing_close(f->k, f->p->id, "246813", "135792", NULL,
	    &cause), 0);
	clock_override(NULL);
	free(cause);
	kfx_free(f);
}

static void
test_code_policy(void **state)
{
	struct kfx	*f = kfx_new(TOP_SRCDIR "/kiosk-config/polls/ntm-2026.json");
	char		 (*codes)[CODES_DIGITS + 1] = calloc(3, sizeof *codes);
	char		 bad[CODES_DIGITS + 1], *cause = NULL, *slips;
	char		 receipt[RECEIPT_LEN + 1];
	uint8_t		 h[KEYS_HASH], *ans;
	long long	 wrong;
	long		 wait;
	int		 i;

	(void)state;
	if (f->p->elig != POLL_ELIG_CODE)
		skip();
	assert_int_equal(elig_codes_make(f->k, f->p, KIOSK_MODE_REAL, 3, codes, NULL), 0);
	slips = elig_slips_text(f->k, f->p, KIOSK_MODE_REAL, codes, 3);
	assert_non_null(slips);
	assert_non_null(strstr(slips, "Mã của hộ"));
	free(slips);
	assert_int_equal(kiosk_transition(f->k, f->p->id, KIOSK_ACT_TEST,
	    NULL), 0);
	assert_int_equal(kiosk_transition(f->k, f->p->id, KIOSK_ACT_OPEN,
	    NULL), 0);
	clock_override(fake_clock);
	/* A wrong check digit: refused at once, no delay, no count. */
	memcpy(bad, codes[0], sizeof bad);
	bad[CODES_DIGITS - 1] = (char)('0' +
	    (bad[CODES_DIGITS - 1] - '0' + 1) % 10);
	for (i = 0; i < 20; i++)
		assert_int_equal(elig_code_try(f->k, f->p,
		    KIOSK_MODE_REAL, bad, h, &wait, &cause), YK_EINVAL);
	assert_int_equal(wait, 0);
	assert_int_equal(store_counter_get(f->k->store, f->p->id,
	    ELIG_CTR_WRONG_CODES, &wrong, NULL), 0);
	assert_int_equal(wrong, 0);
	/* An unknown code with a right check digit: a doubling delay. */
	memcpy(bad, "12345678901", CODES_DIGITS - 1);
	bad[CODES_DIGITS - 1] = (char)('0' + codes_check_digit(bad,
	    CODES_DIGITS - 1));
	bad[CODES_DIGITS] = '\0';
	assert_int_equal(elig_code_try(f->k, f->p, KIOSK_MODE_REAL,
	    bad, h, &wait, &cause),
	    YK_EAUTH);
	assert_int_equal(wait, 2);
	assert_int_equal(elig_code_try(f->k, f->p, KIOSK_MODE_REAL,
	    codes[0], h, &wait, &cause),
	    YK_ELOCKED);
	fake_now += 2;
	assert_int_equal(elig_code_try(f->k, f->p, KIOSK_MODE_REAL,
	    bad, h, &wait, &cause),
	    YK_EAUTH);
	assert_int_equal(wait, 4);
	fake_now += 4;
	/* A right code resets the streak; its use is refused after. */
	assert_int_equal(elig_code_try(f->k, f->p, KIOSK_MODE_REAL,
	    codes[0], h, &wait, &cause),
	    0);
	ans = calloc(1, (size_t)f->p->n_questions);
	for (i = 0; i < f->p->n_questions; i++)
		ans[i] = 1;
	assert_int_equal(kiosk_cast(f->k, f->p, ans, (size_t)f->p->n_questions,
	    h, KEYS_HASH, receipt, &cause), 0);
	assert_int_equal(elig_code_try(f->k, f->p, KIOSK_MODE_REAL,
	    codes[0], h, &wait, &cause),
	    YK_EDUP);
	assert_int_equal(wait, 2);
	assert_int_equal(elig_code_delay(30), ELIG_CODE_MAX_DELAY);
	clock_override(NULL);
	free(ans);
	free(codes);
	free(cause);
	kfx_free(f);
}

static void
test_open_interval(void **state)
{
	struct kfx	*f = *state;
	long long	 last = 0, ign;
	long		 wait;

	f->p->open_interval = 20;	/* the demo poll has 0 */
	clock_override(fake_clock);
	assert_int_equal(elig_open_press(f->k, f->p, &last, &wait, NULL), 0);
	fake_now += 5;
	assert_int_equal(elig_open_press(f->k, f->p, &last, &wait, NULL),
	    YK_ELOCKED);
	assert_int_equal(wait, 15);
	assert_int_equal(elig_open_press(f->k, f->p, &last, &wait, NULL),
	    YK_ELOCKED);
	fake_now += 15;
	assert_int_equal(elig_open_press(f->k, f->p, &last, &wait, NULL), 0);
	assert_int_equal(store_counter_get(f->k->store, f->p->id,
	    ELIG_CTR_IGNORED, &ign, NULL), 0);
	assert_int_equal(ign, 2);
	clock_override(NULL);
}

static void
test_activation(void **state)
{
	struct kfx	*f = *state;
	long long	 n;
	long		 wait;

	f->p->elig = POLL_ELIG_SUPERVISED;
	assert_int_equal(pin_set(f->k, PIN_ACTIVATION, "8642", NULL), 0);
	assert_int_equal(elig_activate(f->k, f->p, "8642", &wait, NULL), 0);
	assert_int_equal(elig_activate(f->k, f->p, "0000", &wait, NULL),
	    YK_EAUTH);
	assert_int_equal(store_counter_get(f->k->store, f->p->id,
	    ELIG_CTR_ACTIVATIONS, &n, NULL), 0);
	assert_int_equal(n, 1);
}

static void
hexdump(const char *name, const uint8_t *b, size_t len)
{
	char	*hex = malloc(2 * len + 1);

	keys_hex(b, len, hex);
	print_message("%s (%zu bytes):\n", name, len);
	for (size_t i = 0; i < 2 * len; i += 64)
		print_message("  %.64s\n", hex + i);
	free(hex);
}

/* The vectors of docs/PROTOCOL.md: fixed key, fixed time. */
static void
test_vectors(void **state)
{
	struct kfx		*f = *state;
	struct keys_secret	*sec;
	struct keys_public	 pub;
	struct closing		*r = calloc(1, sizeof *r), *back = NULL;
	uint8_t			 seed[32], keynum[KEYS_NUM], h[KEYS_HASH];
	uint8_t			*buf;
	size_t			 len;
	uint64_t		 seq;
	char			 hex[2 * KEYS_HASH + 1];
	int			 i;

	for (i = 0; i < 32; i++)
		seed[i] = (uint8_t)i;
	for (i = 0; i < KEYS_NUM; i++)
		keynum[i] = (uint8_t)(0xa0 + i);
	assert_int_equal(keys_from_seed(seed, keynum, &pub, &sec), 0);
	keys_secret_free(f->k->sec);
	f->k->sec = sec;
	f->k->pub = pub;
	fake_now = 1767225600;		/* 2026-01-01T00:00:00Z */
	clock_override(fake_clock);
	assert_int_equal(event_append(f->k->store, f->k->sec, "demo-2026", "poll-test",
	    "loaded -> testing", NULL), 0);
	clock_override(NULL);
	assert_int_equal(store_event_last(f->k->store, &seq, &buf, &len,
	    NULL), 0);
	hexdump("event 1", buf, len);
	free(buf);
	assert_int_equal(event_head(f->k->store, &seq, h, NULL), 0);
	keys_hex(h, KEYS_HASH, hex);
	print_message("event 1 hash: %s\n", hex);
	assert_string_equal(hex, "d8ae46d54278ea1e8f042959e39fa9ce7f2a046213e6e152fef040ebd379423b");

	memcpy(r->poll_id, "demo-2026", 10);
	memset(r->poll_hash, 0x11, KEYS_HASH);
	memcpy(r->kiosk, keynum, KEYS_NUM);
	memcpy(r->commune, "14001", 6);
	r->village_id = strdup("ban-mau");
	r->closed_at = 1767225600;
	r->elig = POLL_ELIG_CODE;
	r->count.ballots = 3;
	r->test_ballots = 2;
	r->codes_issued = 5;
	r->codes_used = 3;
	memset(r->count.set_hash, 0x22, KEYS_HASH);
	r->event_seq = 1;
	memcpy(r->event_hash, h, KEYS_HASH);
	r->n_questions = 1;
	r->qids[0] = strdup("chung");
	r->n_opts[0] = 3;
	r->count.n[0][0] = 0;
	r->count.n[0][1] = 2;
	r->count.n[0][2] = 1;
	r->n_receipts = 3;
	r->receipts = calloc(3, sizeof *r->receipts);
	assert_non_null(r->receipts);
	strcpy(r->receipts[0], "0123A-BCDEF");
	strcpy(r->receipts[1], "5GHJK-MNPQR");
	strcpy(r->receipts[2], "7STVW-XYZ00");
	assert_int_equal(closing_encode(r, &buf, &len), 0);
	keys_sign(sec, buf, len - KEYS_SIG, r->sig);
	free(buf);
	assert_int_equal(closing_encode(r, &buf, &len), 0);
	hexdump("closing record", buf, len);
	assert_int_equal(closing_decode(buf, len, &pub, &back, NULL), 0);
	keys_hex(back->digest, KEYS_HASH, hex);
	print_message("closing digest: %s\n", hex);
	assert_string_equal(hex, "48f28b40f3a66ca03617c7e17a997b7b1fa3d6c24a9b53453e83e42e7dc02e31");
	free(buf);
	closing_free(r);
	closing_free(back);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, kfx_setup, kfx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_record_equals_recount),
		cmocka_unit_test(test_two_pins),
		cmocka_unit_test(test_code_policy),
		T(test_open_interval),
		T(test_activation),
		T(test_vectors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
