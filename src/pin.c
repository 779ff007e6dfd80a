/*
 * pin: officials' PINs.  A 4-digit PIN has only 10,000 values, so what
 * protects it is not the hash but the rate limit: a doubling delay, then a
 * 15-minute lockout that survives a restart (the state is in the store)
 * and is not lifted by a lucky wait (only a right PIN resets the count).
 * Every failure and every lockout is an event, so the Front committee can
 * see afterwards that somebody tried.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/clock.h"
#include "ykien/event-chain.h"
#include "ykien/keys.h"
#include "ykien/kiosk.h"
#include "ykien/pin.h"
#include "ykien/store.h"
#include "ykien/store-admin.h"
#include "ykien/util.h"

int
pin_role_valid(const char *role)
{
	return role != NULL && (strcmp(role, PIN_OFFICIAL) == 0 ||
	    strcmp(role, PIN_FRONT) == 0 || strcmp(role, PIN_ACTIVATION) == 0);
}

long
pin_delay(int fails)
{
	if (fails <= 0)
		return 0;
	if (fails >= PIN_MAX_FAILS)
		return PIN_LOCK_SECS;
	return 1L << fails;
}

/* The failure count and the time before which no PIN is compared. */
static int
tries_get(struct kiosk *k, const char *role, int *fails, long long *until,
    char **cause)
{
	char	*key;
	int	 rc;

	if ((key = util_printf("pin.tries.%s", role)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = store_tries_get(k->store, key, fails, until, cause);
	free(key);
	if (rc == YK_EINVAL) {
		/* A damaged record must not unlock anything: fail closed. */
		*fails = PIN_MAX_FAILS;
		*until = clock_now() + PIN_LOCK_SECS;
		rc = 0;
	}
	return rc;
}

static int
tries_set(struct kiosk *k, const char *role, int fails, long long until,
    char **cause)
{
	char	*key;
	int	 rc;

	if ((key = util_printf("pin.tries.%s", role)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = store_tries_set(k->store, key, fails, until, cause);
	free(key);
	return rc;
}

static int
pin_valid(const char *pin)
{
	size_t	n = strlen(pin);

	return n >= PIN_MIN_DIGITS && n <= PIN_MAX_DIGITS &&
	    strspn(pin, "0123456789") == n;
}

int
pin_set(struct kiosk *k, const char *role, const char *pin, char **cause)
{
	char	*hash;
	int	 rc, outer;

	if (!pin_role_valid(role))
		return util_fail(cause, YK_EINVAL, "unknown role \"%s\" "
		    "(expected official, front or activation)",
		    role != NULL ? role : "");
	if (pin == NULL || !pin_valid(pin))
		return util_fail(cause, YK_EINVAL, "a PIN is %d to %d digits",
		    PIN_MIN_DIGITS, PIN_MAX_DIGITS);
	if ((hash = keys_secure_alloc(KEYS_PINHASH)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((rc = keys_pin_hash(pin, hash)) != 0) {
		keys_secure_free(hash);
		return util_fail(cause, rc, "cannot hash the PIN");
	}
	if ((rc = store_tx_begin(k->store, &outer, cause)) != 0) {
		keys_secure_free(hash);
		return rc;
	}
	if ((rc = store_pin_put(k->store, role, hash, cause)) != 0 ||
	    (rc = tries_set(k, role, 0, 0, cause)) != 0 ||
	    (rc = event_append(k->store, k->sec, NULL, "pin-set", role, cause)) != 0) {
		store_tx_rollback(k->store, outer);
		keys_secure_free(hash);
		return rc;
	}
	rc = store_tx_commit(k->store, outer, cause);
	keys_secure_free(hash);
	return rc;
}

int
pin_is_set(struct kiosk *k, const char *role)
{
	char	*hash = NULL;
	int	 rc;

	rc = store_pin_get(k->store, role, &hash, NULL);
	free(hash);
	return rc == 0;
}

/* Record a wrong PIN: the count, the wait and the event, together. */
static int
record_failure(struct kiosk *k, const char *role, int fails, long long now,
    long *wait, char **cause)
{
	char	*detail;
	long	 d = pin_delay(fails);
	int	 rc, outer, locked = fails >= PIN_MAX_FAILS;

	if ((detail = util_printf("role=%s failures=%d wait=%ld", role, fails,
	    d)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((rc = store_tx_begin(k->store, &outer, cause)) != 0) {
		free(detail);
		return rc;
	}
	if ((rc = tries_set(k, role, fails, now + d, cause)) != 0 ||
	    (rc = event_append(k->store, k->sec, NULL, locked ? "pin-lockout" : "pin-failure",
	    detail, cause)) != 0) {
		store_tx_rollback(k->store, outer);
		free(detail);
		return rc;
	}
	free(detail);
	if ((rc = store_tx_commit(k->store, outer, cause)) != 0)
		return rc;
	*wait = d;
	if (locked)
		return util_fail(cause, YK_EAUTH, "wrong %s PIN; %d wrong in a "
		    "row: locked for %d minutes", role, fails,
		    PIN_LOCK_SECS / 60);
	return util_fail(cause, YK_EAUTH, "wrong %s PIN (%d of %d before a "
	    "%d-minute lockout); wait %ld s", role, fails, PIN_MAX_FAILS,
	    PIN_LOCK_SECS / 60, d);
}

int
pin_check(struct kiosk *k, const char *role, const char *pin, long *wait,
    char **cause)
{
	char		*hash = NULL;
	long long	 until, now;
	long		 dummy;
	int		 rc, fails;

	if (wait == NULL)
		wait = &dummy;
	*wait = 0;
	if (!pin_role_valid(role))
		return util_fail(cause, YK_EINVAL, "unknown role \"%s\"",
		    role != NULL ? role : "");
	if ((rc = tries_get(k, role, &fails, &until, cause)) != 0)
		return rc;
	now = clock_now();
	if (now < until) {
		*wait = (long)(until - now);
		if (fails >= PIN_MAX_FAILS)
			return util_fail(cause, YK_ELOCKED, "the %s PIN is "
			    "locked after %d wrong tries; try again in %ld "
			    "min %ld s", role, fails, *wait / 60, *wait % 60);
		return util_fail(cause, YK_ELOCKED, "wait %ld s before the "
		    "next try of the %s PIN", *wait, role);
	}
	if ((rc = store_pin_get(k->store, role, &hash, cause)) != 0)
		return rc;
	rc = pin != NULL ? keys_pin_check(hash, pin) : YK_EAUTH;
	free(hash);
	if (rc == 0) {
		if (fails != 0 && (rc = tries_set(k, role, 0, 0, cause)) != 0)
			return rc;
		return 0;
	}
	return record_failure(k, role, fails + 1, now, wait, cause);
}
