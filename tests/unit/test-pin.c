/*
 * pin: the doubling delay, the 15-minute lockout that engages after 5
 * wrong PINs and expires after 15 minutes (time is moved, never slept),
 * survives a restart, and leaves an event for every failure and lockout.
 */
#include "kfixture.h"
#include "ykien/clock.h"
#include "ykien/event-chain.h"
#include "ykien/pin.h"

static long long fake_now = 1767225600;	/* 01/01/2026 07:00 UTC+7 */

static long long
fake_clock(void)
{
	return fake_now;
}

struct ev_count {
	int	failures;
	int	lockouts;
	int	sets;
};

static int
count_cb(void *arg, const struct event *e)
{
	struct ev_count	*c = arg;

	c->failures += strcmp(e->type, "pin-failure") == 0;
	c->lockouts += strcmp(e->type, "pin-lockout") == 0;
	c->sets += strcmp(e->type, "pin-set") == 0;
	/* PINs and their hashes never reach the log. */
	assert_null(strstr(e->detail, "1234"));
	assert_null(strstr(e->detail, "argon2"));
	return 0;
}

static void
test_set_and_check(void **state)
{
	struct kfx	*f = *state;
	char		*cause = NULL;
	long		 wait = -1;

	assert_false(pin_is_set(f->k, PIN_OFFICIAL));
	assert_int_equal(pin_check(f->k, PIN_OFFICIAL, "1234", &wait, &cause),
	    YK_ENOENT);
	assert_non_null(strstr(cause, "pin set --role official"));
	assert_int_equal(pin_set(f->k, PIN_OFFICIAL, "12a4", &cause),
	    YK_EINVAL);
	assert_int_equal(pin_set(f->k, PIN_OFFICIAL, "123", &cause),
	    YK_EINVAL);
	assert_int_equal(pin_set(f->k, "mayor", "1234", &cause), YK_EINVAL);
	assert_int_equal(pin_set(f->k, PIN_OFFICIAL, "1234", &cause), 0);
	assert_true(pin_is_set(f->k, PIN_OFFICIAL));
	assert_false(pin_is_set(f->k, PIN_FRONT));
	assert_int_equal(pin_check(f->k, PIN_OFFICIAL, "1234", &wait, &cause),
	    0);
	assert_int_equal(wait, 0);
	free(cause);
}

static void
test_lockout_engages_and_expires(void **state)
{
	struct kfx	*f = *state;
	struct ev_count	 c = { 0, 0, 0 };
	char		*cause = NULL;
	long		 wait;
	int		 i;

	clock_override(fake_clock);
	assert_int_equal(pin_set(f->k, PIN_FRONT, "1234", NULL), 0);
	for (i = 1; i < PIN_MAX_FAILS; i++) {
		assert_int_equal(pin_check(f->k, PIN_FRONT, "9999", &wait,
		    &cause), YK_EAUTH);
		assert_int_equal(wait, 1L << i);	/* 2, 4, 8, 16 */
		/* Inside the delay even the right PIN is not compared. */
		fake_now += wait - 1;
		assert_int_equal(pin_check(f->k, PIN_FRONT, "1234", &wait,
		    &cause), YK_ELOCKED);
		assert_int_equal(wait, 1);
		fake_now += 1;
	}
	assert_int_equal(pin_check(f->k, PIN_FRONT, "0000", &wait, &cause),
	    YK_EAUTH);
	assert_int_equal(wait, PIN_LOCK_SECS);
	print_message("lockout: %s\n", cause);
	assert_non_null(strstr(cause, "15 minutes"));

	/* A restart does not lift the lockout. */
	kiosk_close(f->k);
	assert_int_equal(kiosk_open(f->kdir, &f->k, NULL), 0);
	fake_now += PIN_LOCK_SECS - 1;
	assert_int_equal(pin_check(f->k, PIN_FRONT, "1234", &wait, &cause),
	    YK_ELOCKED);
	assert_int_equal(wait, 1);
	assert_non_null(strstr(cause, "locked"));
	/* Other roles are not locked by it. */
	assert_int_equal(pin_set(f->k, PIN_OFFICIAL, "5678", NULL), 0);
	assert_int_equal(pin_check(f->k, PIN_OFFICIAL, "5678", &wait, NULL), 0);

	/* 15 minutes on: it has expired; a right PIN resets the count. */
	fake_now += 1;
	assert_int_equal(pin_check(f->k, PIN_FRONT, "1234", &wait, &cause), 0);
	assert_int_equal(pin_check(f->k, PIN_FRONT, "9999", &wait, &cause),
	    YK_EAUTH);
	assert_int_equal(wait, 2);

	assert_int_equal(event_verify(f->k->store, &f->k->pub, count_cb, &c, &cause), 0);
	assert_int_equal(c.failures, PIN_MAX_FAILS - 1 + 1);
	assert_int_equal(c.lockouts, 1);
	assert_int_equal(c.sets, 2);
	clock_override(NULL);
	free(cause);
}

static void
test_relock_after_expiry(void **state)
{
	struct kfx	*f = *state;
	long		 wait;
	int		 i;

	clock_override(fake_clock);
	assert_int_equal(pin_set(f->k, PIN_ACTIVATION, "4321", NULL), 0);
	for (i = 1; i <= PIN_MAX_FAILS; i++) {
		assert_int_equal(pin_check(f->k, PIN_ACTIVATION, "1111", &wait,
		    NULL), YK_EAUTH);
		fake_now += wait;
	}
	/* After an expired lockout one more wrong PIN locks it again. */
	assert_int_equal(pin_check(f->k, PIN_ACTIVATION, "1111", &wait, NULL),
	    YK_EAUTH);
	assert_int_equal(wait, PIN_LOCK_SECS);
	clock_override(NULL);
}

static void
test_delay_policy(void **state)
{
	(void)state;
	assert_int_equal(pin_delay(0), 0);
	assert_int_equal(pin_delay(1), 2);
	assert_int_equal(pin_delay(4), 16);
	assert_int_equal(pin_delay(5), PIN_LOCK_SECS);
	assert_int_equal(pin_delay(50), PIN_LOCK_SECS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_set_and_check, kfx_setup,
		    kfx_teardown),
		cmocka_unit_test_setup_teardown(test_lockout_engages_and_expires,
		    kfx_setup, kfx_teardown),
		cmocka_unit_test_setup_teardown(test_relock_after_expiry,
		    kfx_setup, kfx_teardown),
		cmocka_unit_test(test_delay_policy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
