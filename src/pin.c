/*
 * pin: officials' PINs.  A 6-digit PIN has only a million values, so what
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

/*
 * A role's counts on one path: the wrong PINs in a row and the time
 * before which no PIN is compared ("pin.tries.ROLE", the command line as
 * before there were two paths, or "pin.tries.ROLE.screen"), and the
 * lockouts in a row ("pin.lockouts.ROLE[.screen]", kept in the fails
 * field of the same kind of record).
 */
struct path {
	char	tries[48];
	char	lockouts[48];
};

static void
path_of(struct path *p, const char *role, int screen)
{
	snprintf(p->tries, sizeof p->tries, "pin.tries.%s%s", role,
	    screen ? ".screen" : "");
	snprintf(p->lockouts, sizeof p->lockouts, "pin.lockouts.%s%s", role,
	    screen ? ".screen" : "");
}

static int
tries_get(struct kiosk *k, const char *key, int *fails, long long *until,
    char **cause)
{
	int	rc;

	rc = store_tries_get(k->store, key, fails, until, cause);
	if (rc == YK_EINVAL) {
		/* A damaged record must not unlock anything: fail closed. */
		*fails = PIN_MAX_FAILS + PIN_MAX_LOCKOUTS;
		*until = clock_now() + PIN_LOCK_SECS;
		rc = 0;
	}
	return rc;
}

static int
pin_valid(const char *role, const char *pin)
{
	size_t	n = strlen(pin);

	return n >= (strcmp(role, PIN_ACTIVATION) == 0 ? PIN_MIN_ACTIVATION :
	    PIN_MIN_DIGITS) && n <= PIN_MAX_DIGITS &&
	    strspn(pin, "0123456789") == n;
}

/* Both paths' counts and lockouts back to nothing; inside a transaction. */
static int
clear_counts(struct kiosk *k, const char *role, char **cause)
{
	struct path	p;
	int		screen, rc = 0;

	for (screen = 0; screen <= 1 && rc == 0; screen++) {
		path_of(&p, role, screen);
		if ((rc = store_tries_set(k->store, p.tries, 0, 0, cause)) == 0)
			rc = store_tries_set(k->store, p.lockouts, 0, 0, cause);
	}
	return rc;
}

/* pin_set's work, inside the caller's transaction; hash is wiped. */
static int
put_pin(struct kiosk *k, const char *role, const char *pin,
    const char *event, const char *detail, char **cause)
{
	char	*hash;
	int	 rc;

	if (!pin_role_valid(role))
		return util_fail(cause, YK_EINVAL, "unknown role \"%s\" "
		    "(expected official, front or activation)",
		    role != NULL ? role : "");
	if (pin == NULL || !pin_valid(role, pin))
		return util_fail(cause, YK_EINVAL, "the %s PIN is %d to %d "
		    "digits", role, strcmp(role, PIN_ACTIVATION) == 0 ?
		    PIN_MIN_ACTIVATION : PIN_MIN_DIGITS, PIN_MAX_DIGITS);
	if ((hash = keys_secure_alloc(KEYS_PINHASH)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((rc = keys_pin_hash(pin, hash)) != 0)
		rc = util_fail(cause, rc, "cannot hash the PIN");
	else if ((rc = store_pin_put(k->store, role, hash, cause)) == 0 &&
	    (rc = clear_counts(k, role, cause)) == 0)
		rc = event_append(k->store, k->sec, NULL, event, detail, cause);
	keys_secure_free(hash);
	return rc;
}

int
pin_set(struct kiosk *k, const char *role, const char *pin, char **cause)
{
	int	rc, outer;

	if ((rc = store_tx_begin(k->store, &outer, cause)) != 0)
		return rc;
	if ((rc = put_pin(k, role, pin, "pin-set", role, cause)) != 0) {
		store_tx_rollback(k->store, outer);
		return rc;
	}
	return store_tx_commit(k->store, outer, cause);
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

/*
 * Record a wrong PIN: the count, the wait, a lockout and the event,
 * together.
 */
static int
record_failure(struct kiosk *k, const char *role, const struct path *p,
    int screen, int fails, long long now, long *wait, char **cause)
{
	char		*detail;
	long		 d = pin_delay(fails);
	long long	 ignored;
	int		 rc, outer, lockouts = 0, locked = fails >= PIN_MAX_FAILS;

	if ((rc = store_tx_begin(k->store, &outer, cause)) != 0)
		return rc;
	if (locked && (rc = tries_get(k, p->lockouts, &lockouts, &ignored,
	    cause)) == 0)
		rc = store_tries_set(k->store, p->lockouts, ++lockouts, 0,
		    cause);
	if (rc == 0 && (detail = util_printf("role=%s via=%s failures=%d "
	    "wait=%ld lockouts=%d", role, screen ? "screen" : "cli", fails, d,
	    lockouts)) == NULL)
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
	if (rc == 0) {
		if ((rc = store_tries_set(k->store, p->tries, fails, now + d,
		    cause)) == 0)
			rc = event_append(k->store, k->sec, NULL, locked ?
			    "pin-lockout" : "pin-failure", detail, cause);
		free(detail);
	}
	if (rc != 0 || (rc = store_tx_commit(k->store, outer, cause)) != 0) {
		store_tx_rollback(k->store, outer);
		return rc;
	}
	*wait = d;
	if (lockouts >= PIN_MAX_LOCKOUTS)
		return util_fail(cause, YK_ELOCKED, "wrong %s PIN; locked out "
		    "%d times in a row: it must now be reset with the %s PIN "
		    "(ykien-kiosk pin reset --role %s)", role, lockouts,
		    pin_other_role(role), role);
	if (locked)
		return util_fail(cause, YK_EAUTH, "wrong %s PIN; %d wrong in a "
		    "row: locked for %d minutes", role, fails,
		    PIN_LOCK_SECS / 60);
	return util_fail(cause, YK_EAUTH, "wrong %s PIN (%d of %d before a "
	    "%d-minute lockout); wait %ld s", role, fails, PIN_MAX_FAILS,
	    PIN_LOCK_SECS / 60, d);
}

/* pin_check on one path (screen: the voter's screen, else the CLI). */
static int
check_on(struct kiosk *k, const char *role, const char *pin, int screen,
    long *wait, char **cause)
{
	struct path	 p;
	char		*hash = NULL;
	long long	 until, now, ignored;
	long		 dummy;
	int		 rc, fails, lockouts;

	if (wait == NULL)
		wait = &dummy;
	*wait = 0;
	if (!pin_role_valid(role))
		return util_fail(cause, YK_EINVAL, "unknown role \"%s\"",
		    role != NULL ? role : "");
	path_of(&p, role, screen);
	if ((rc = tries_get(k, p.tries, &fails, &until, cause)) != 0 ||
	    (rc = tries_get(k, p.lockouts, &lockouts, &ignored, cause)) != 0)
		return rc;
	if (lockouts >= PIN_MAX_LOCKOUTS)
		return util_fail(cause, YK_ELOCKED, "the %s PIN is blocked "
		    "after %d lockouts in a row: reset it with the %s PIN "
		    "(ykien-kiosk pin reset --role %s)", role, lockouts,
		    pin_other_role(role), role);
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
		if ((fails != 0 || lockouts != 0) &&
		    ((rc = store_tries_set(k->store, p.tries, 0, 0, cause)) !=
		    0 || (rc = store_tries_set(k->store, p.lockouts, 0, 0,
		    cause)) != 0))
			return rc;
		return 0;
	}
	return record_failure(k, role, &p, screen, fails + 1, now, wait,
	    cause);
}

int
pin_check(struct kiosk *k, const char *role, const char *pin, long *wait,
    char **cause)
{
	return check_on(k, role, pin, 0, wait, cause);
}

int
pin_check_screen(struct kiosk *k, const char *role, const char *pin,
    long *wait, char **cause)
{
	return check_on(k, role, pin, 1, wait, cause);
}

const char *
pin_other_role(const char *role)
{
	return role != NULL && strcmp(role, PIN_OFFICIAL) == 0 ? PIN_FRONT :
	    PIN_OFFICIAL;
}

int
pin_reset(struct kiosk *k, const char *role, const char *other_pin,
    const char *new_pin, char **cause)
{
	const char	*other = pin_other_role(role);
	char		*detail;
	int		 rc, outer;

	if (!pin_role_valid(role))
		return util_fail(cause, YK_EINVAL, "unknown role \"%s\"",
		    role != NULL ? role : "");
	if ((rc = pin_check(k, other, other_pin, NULL, cause)) != 0)
		return rc;
	if ((detail = util_printf("role=%s by=%s", role, other)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((rc = store_tx_begin(k->store, &outer, cause)) == 0) {
		if ((rc = put_pin(k, role, new_pin, "pin-reset", detail,
		    cause)) != 0)
			store_tx_rollback(k->store, outer);
		else
			rc = store_tx_commit(k->store, outer, cause);
	}
	free(detail);
	return rc;
}
