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
 *
 * Two paths, counted apart: the officials' menu on the voter's screen
 * (F12, pin_check_screen) and the command line (pin_check), so that
 * anyone at the keypad can lock out only the keypad, never an official
 * at the command line.  After PIN_MAX_LOCKOUTS lockouts in a row on a
 * path, that path stays locked until `ykien-kiosk pin reset` with the
 * other role's PIN (pin_reset), a signed "pin-reset" event.
 *
 * The official and Front PINs are 6 to 12 digits (a 4-digit PIN allowed
 * about 96 tries a day through the lockouts); the activation PIN, typed
 * for every ballot in supervised mode, 4 to 12.
 */
#ifndef YKIEN_PIN_H
#define YKIEN_PIN_H

struct kiosk;

#define PIN_OFFICIAL	"official"
#define PIN_FRONT	"front"
#define PIN_ACTIVATION	"activation"

#define PIN_MAX_FAILS	5
#define PIN_LOCK_SECS	(15 * 60)
#define PIN_MIN_DIGITS	6	/* official, front */
#define PIN_MIN_ACTIVATION 4
#define PIN_MAX_DIGITS	12
#define PIN_MAX_LOCKOUTS 3

/* 1 if role is one of the three roles above. */
int	pin_role_valid(const char *role);
/* The wait after the n-th wrong PIN in a row (PIN_LOCK_SECS from 5). */
long	pin_delay(int fails);

/* Set or replace a role's PIN (6-12 digits; activation 4-12). */
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
/* The same, for a PIN typed on the voter's screen: its own counts. */
int	pin_check_screen(struct kiosk *, const char *role, const char *pin,
	    long *wait, char **cause);
/*
 * The role that can reset role's PIN: front for official, official for
 * front and activation.
 */
const char *pin_other_role(const char *role);
/*
 * Reset role's PIN to new_pin after checking other_pin, the other role's
 * PIN (on the command line path): clears both paths' counts and lockouts,
 * logs "pin-reset".  The errors of pin_check and pin_set.
 */
int	pin_reset(struct kiosk *, const char *role, const char *other_pin,
	    const char *new_pin, char **cause);

#endif
