/*
 * pin: officials' PINs at the kiosk (Argon2id via keys_pin_hash), with a
 * doubling delay after each wrong PIN and a 15-minute lockout after 5.
 * Every failure and every lockout is written to the event log.
 *
 * Roles: "official" (commune official), "front" (Fatherland Front
 * representative), "activation" (the short PIN that activates one ballot
 * in supervised mode).
 *
 * Policy: the n-th wrong PIN in a row (n < 5) makes the role wait 2^n
 * seconds (2, 4, 8, 16); the 5th locks it for 15 minutes.  The count is
 * reset only by a right PIN, so after a lockout every further wrong PIN
 * locks it for another 15 minutes.  The count and the lock are kept in
 * the store, so restarting the kiosk does not lift them.
 */
#ifndef YKIEN_PIN_H
#define YKIEN_PIN_H

struct kiosk;

#define PIN_OFFICIAL	"official"
#define PIN_FRONT	"front"
#define PIN_ACTIVATION	"activation"

#define PIN_MAX_FAILS	5
#define PIN_LOCK_SECS	(15 * 60)
#define PIN_MIN_DIGITS	4
#define PIN_MAX_DIGITS	12

/* 1 if role is one of the three roles above. */
int	pin_role_valid(const char *role);
/* The wait after the n-th wrong PIN in a row (PIN_LOCK_SECS from 5). */
long	pin_delay(int fails);

/* Set or replace a role's PIN (4-12 digits). */
int	pin_set(struct kiosk *, const char *role, const char *pin,
	    char **cause);
/* 1 if a PIN is set for role, else 0. */
int	pin_is_set(struct kiosk *, const char *role);
/*
 * Check a PIN.  0 if right (the failure count is reset).  YK_EAUTH if
 * wrong: *wait gets the seconds before the next try is accepted.
 * YK_ELOCKED if the role is locked or must still wait: *wait gets the
 * seconds left, and the PIN is not even compared.  YK_ENOENT if no PIN is
 * set for the role.
 */
int	pin_check(struct kiosk *, const char *role, const char *pin,
	    long *wait, char **cause);

#endif
