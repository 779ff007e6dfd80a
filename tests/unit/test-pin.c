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
	int	resets;
};

static int
count_cb(void *arg, const struct event *e)
{
	struct ev_count	*c = arg;

	c->failures += strcmp(e->type, "pin-failure") == 0;
	c->lockouts += strcmp(e->type, "pin-lockout") == 0;
	c->sets += strcmp(e->type, "pin-set") == 0;
	c->resets += strcmp(e->type, "pin-reset") == 0;
	/* PINs and their hashes never reach the log. */
	assert_null(strstr(e->detail, "123456"));
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
	assert_int_equal(pin_check(f->k, PIN_OFFICIAL, "123456", &wait, &cause),
	    YK_ENOENT);
	assert_non_null(strstr(cause, "pin set --role official"));
	assert_int_equal(pin_set(f->k, PIN_OFFICIAL, "12a456", &cause),
	    YK_EINVAL);
	assert_int_equal(pin_set(f->k, PIN_OFFICIAL, "12345", &cause),
	    YK_EINVAL);
	assert_int_equal(pin_set(f->k, "mayor", "123456", &cause), YK_EINVAL);
	assert_int_equal(pin_set(f->k, PIN_OFFICIAL, "123456", &cause), 0);
	assert_true(pin_is_set(f->k, PIN_OFFICIAL));
	assert_false(pin_is_set(f->k, PIN_FRONT));
	assert_int_equal(pin_check(f->k, PIN_OFFICIAL, "123456", &wait, &cause),
	    0);
	assert_int_equal(wait, 0);
	free(cause);
}

static void
test_lockout_engages_and_expires(void **state)
{
	struct kfx	*f = *state;
	struct ev_count	 c = { 0, 0, 0, 0 };
	char		*cause = NULL;
	long		 wait;
	int		 i;

	clock_override(fake_clock);
	assert_int_equal(pin_set(f->k, PIN_FRONT, "123456", NULL), 0);
	for (i = 1; i < PIN_MAX_FAILS; i++) {
		assert_int_equal(pin_check(f->k, PIN_FRONT, "999999", &wait,
		    &cause), YK_EAUTH);
		assert_int_equal(wait, 1L << i);	/* 2, 4, 8, 16 */
		/* Inside the delay even the right PIN is not compared. */
		fake_now += wait - 1;
		assert_int_equal(pin_check(f->k, PIN_FRONT, "123456", &wait,
		    &cause), YK_ELOCKED);
		assert_int_equal(wait, 1);
		fake_now += 1;
	}
	assert_int_equal(pin_check(f->k, PIN_FRONT, "000000", &wait, &cause),
	    YK_EAUTH);
	assert_int_equal(wait, PIN_LOCK_SECS);
	print_message("lockout: %s\n", cause);
	assert_non_null(strstr(cause, "15 minutes"));

	/* A restart does not lift the lockout. */
	kiosk_close(f->k);
	assert_int_equal(kiosk_open(f->kdir, &f->k, NULL), 0);
	fake_now += PIN_LOCK_SECS - 1;
	assert_int_equal(pin_check(f->k, PIN_FRONT, "123456", &wait, &cause),
	    YK_ELOCKED);
	assert_int_equal(wait, 1);
	assert_non_null(strstr(cause, "locked"));
	/* Other roles are not locked by it. */
	assert_int_equal(pin_set(f->k, PIN_OFFICIAL, "567890", NULL), 0);
	assert_int_equal(pin_check(f->k, PIN_OFFICIAL, "567890", &wait, NULL), 0);

	/* 15 minutes on: it has expired; a right PIN resets the count. */
	fake_now += 1;
	assert_int_equal(pin_check(f->k, PIN_FRONT, "123456", &wait, &cause), 0);
	assert_int_equal(pin_check(f->k, PIN_FRONT, "999999", &wait, &cause),
	    YK_EAUTH);
	assert_int_equal(wait, 2);

	assert_int_equal(event_verify(f->k->store, &f->k->pub, count_cb, &c, &cause), 0);
	assert_int_equal(c.failures, PIN_MAX_FAILS - 1 + 1);
	assert_int_equal(c.lockouts, 1);
	assert_int_equal(c.sets, 2);
	clock_override(NULL);
	free(cause);
}

/* Official and Front PINs are at least 6 digits; activation 4. */
static void
test_min_digits(void **state)
{
	struct kfx	*f = *state;
	char		*cause = NULL;

	assert_int_equal(pin_set(f->k, PIN_OFFICIAL, "1234", &cause),
	    YK_EINVAL);
	assert_non_null(strstr(cause, "6 to 12"));
	free(cause);
	assert_int_equal(pin_set(f->k, PIN_FRONT, "12345", NULL), YK_EINVAL);
	assert_int_equal(pin_set(f->k, PIN_FRONT, "123456", NULL), 0);
	assert_int_equal(pin_set(f->k, PIN_ACTIVATION, "1234", NULL), 0);
}

/* Wrong PINs typed at F12 lock the screen's path, never the CLI's. */
static void
test_screen_never_locks_cli(void **state)
{
	struct kfx	*f = *state;
	long		 wait;
	int		 i;

	clock_override(fake_clock);
	assert_int_equal(pin_set(f->k, PIN_OFFICIAL, "246813", NULL), 0);
	for (i = 1; i <= PIN_MAX_FAILS; i++) {
		assert_int_equal(pin_check_screen(f->k, PIN_OFFICIAL, "111111",
		    &wait, NULL), YK_EAUTH);
		if (i < PIN_MAX_FAILS)
			fake_now += wait;
	}
	assert_int_equal(pin_check_screen(f->k, PIN_OFFICIAL, "246813", &wait,
	    NULL), YK_ELOCKED);
	assert_int_equal(pin_check(f->k, PIN_OFFICIAL, "246813", &wait, NULL),
	    0);
	clock_override(NULL);
}

/*
 * Three lockouts in a row block the role until a reset with the other
 * role's PIN, which is a signed event.
 */
static void
test_three_lockouts_need_reset(void **state)
{
	struct kfx	*f = *state;
	struct ev_count	 c = { 0, 0, 0, 0 };
	char		*cause = NULL;
	long		 wait;
	int		 i, lockouts = 0, rc;

	clock_override(fake_clock);
	assert_int_equal(pin_set(f->k, PIN_OFFICIAL, "246813", NULL), 0);
	assert_int_equal(pin_set(f->k, PIN_FRONT, "135792", NULL), 0);
	for (i = 0; lockouts < PIN_MAX_LOCKOUTS && i < 20; i++) {
		free(cause);
		cause = NULL;
		rc = pin_check(f->k, PIN_OFFICIAL, "111111", &wait, &cause);
		if (wait == PIN_LOCK_SECS)
			lockouts++;
		assert_true(rc == YK_EAUTH || rc == YK_ELOCKED);
		fake_now += wait;
	}
	assert_int_equal(lockouts, PIN_MAX_LOCKOUTS);
	assert_non_null(strstr(cause, "reset"));
	/* Long after the last lockout, even the right PIN is not enough. */
	fake_now += 24 * 3600;
	free(cause);
	cause = NULL;
	assert_int_equal(pin_check(f->k, PIN_OFFICIAL, "246813", &wait,
	    &cause), YK_ELOCKED);
	assert_non_null(strstr(cause, "pin reset --role official"));
	free(cause);
	/* The reset needs the Front PIN, and logs who did it. */
	assert_int_equal(pin_reset(f->k, PIN_OFFICIAL, "999999", "654321",
	    NULL), YK_EAUTH);
	fake_now += 2;		/* the Front PIN's own delay */
	assert_int_equal(pin_reset(f->k, PIN_OFFICIAL, "135792", "1234", NULL),
	    YK_EINVAL);
	assert_int_equal(pin_reset(f->k, PIN_OFFICIAL, "135792", "654321",
	    NULL), 0);
	assert_int_equal(pin_check(f->k, PIN_OFFICIAL, "654321", &wait, NULL),
	    0);
	assert_int_equal(pin_check(f->k, PIN_OFFICIAL, "111111", &wait, NULL),
	    YK_EAUTH);
	assert_int_equal(wait, 2);
	assert_int_equal(event_verify(f->k->store, &f->k->pub, count_cb, &c,
	    NULL), 0);
	assert_int_equal(c.resets, 1);
	assert_int_equal(c.lockouts, PIN_MAX_LOCKOUTS);
	clock_override(NULL);
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
		cmocka_unit_test_setup_teardown(test_min_digits, kfx_setup,
		    kfx_teardown),
		cmocka_unit_test_setup_teardown(test_screen_never_locks_cli,
		    kfx_setup, kfx_teardown),
		cmocka_unit_test_setup_teardown(test_three_lockouts_need_reset,
		    kfx_setup, kfx_teardown),
		cmocka_unit_test_setup_teardown(test_relock_after_expiry,
		    kfx_setup, kfx_teardown),
		cmocka_unit_test(test_delay_policy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
