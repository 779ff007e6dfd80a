/*
 * kiosk: a kiosk's state directory and the operations on it that join the
 * other modules: provisioning, loading a signed poll, and casting.
 *
 * The state directory (mode 0700) holds:
 *	kiosk.key	the device's secret key (signify shape, 0600, O_EXCL)
 *	kiosk.pub	its public key (signify format)
 *	province.pub	the province's public key given at init
 *	kiosk.db	the SQLite store
 *	kiosk.conf	optional settings (INI)
 *	clips/		the polls' spoken clips, named by their SHA-256
 */
#ifndef YKIEN_KIOSK_H
#define YKIEN_KIOSK_H

#include <stddef.h>
#include <stdint.h>

#include "ballot.h"
#include "codes.h"
#include "keys.h"
#include "poll.h"

struct store;

/* Poll lifecycle states, stored by name. */
#define KIOSK_LOADED	"loaded"
#define KIOSK_TESTING	"testing"
#define KIOSK_OPEN	"open"
#define KIOSK_PAUSED	"paused"
#define KIOSK_CLOSED	"closed"

/* The largest spoken clip `poll load` copies (a minute of Ogg Vorbis). */
#define KIOSK_CLIP_MAX	(4 * 1024 * 1024)

struct kiosk {
	char			*dir;
	struct store		*store;
	struct keys_secret	*sec;		/* secure memory */
	struct keys_public	 pub;
	struct keys_public	 province;
	char			 commune[6];
	char			*village;
};

/*
 * Make a new state directory.  Refuses (YK_EEXIST) if dir already holds a
 * kiosk, and then touches nothing.  pub receives the new public key.
 */
int	 kiosk_init(const char *dir, const char *province_key_path,
	    const char *commune, const char *village, struct keys_public *pub,
	    char **cause);
int	 kiosk_open(const char *dir, struct kiosk **out, char **cause);
/* kiosk_close(NULL) is a no-op; the secret key is wiped. */
void	 kiosk_close(struct kiosk *);

/*
 * Verify path's detached signature (path.sig) against the province key,
 * parse and validate the poll, check that it is for this commune and
 * village, and store it in state "loaded".  The store is unchanged on any
 * error.  *id (malloc'd) gets the poll id if not NULL.
 */
int	 kiosk_poll_load(struct kiosk *, const char *path, char **id,
	    char **cause);
/*
 * Fetch a stored poll and its state.  With id == NULL, the poll that is
 * testing, open or paused (YK_ENOENT if none).  *state is malloc'd.
 */
int	 kiosk_poll_get(struct kiosk *, const char *id, struct poll **poll,
	    char **state, char **cause);

/*
 * The mode a ballot was started in.  A ballot is bound to it: it is cast
 * only while the poll is still in that state.  KIOSK_MODE_CURRENT takes
 * whatever the state is at the cast (tools and tests that cast directly).
 */
#define KIOSK_MODE_CURRENT	(-1)
#define KIOSK_MODE_REAL		0
#define KIOSK_MODE_TEST		1

/*
 * Test slips are household codes of a marked set of their own: their
 * hashes are made and filed under "POLL-ID#test" instead of the poll
 * id, so a test slip is unknown to the real poll and a test ballot never
 * spends a real code.
 */
#define KIOSK_TEST_SET		"#test"

/*
 * Cast one ballot: check the answers against the poll, draw a random
 * 128-bit id, encode and sign, commit with a full sync, and write the
 * receipt code.  The poll must be open (a real ballot) or testing (a test
 * ballot, stored apart), and must still be in the state of mode (the mode
 * the ballot was started in): otherwise YK_ESTATE, nothing is written and
 * the code is not spent.  code_hash, when not NULL, is the hash
 * (from kiosk_code_check) of a household code to mark used in the same
 * transaction.  Nothing is written on any error, and then receipt is left
 * empty.
 */
int	 kiosk_cast_mode(struct kiosk *, const struct poll *, int mode,
	    const uint8_t *answers, size_t n, const uint8_t *code_hash,
	    size_t code_hash_len, char receipt[RECEIPT_LEN + 1], char **cause);
/* kiosk_cast_mode with KIOSK_MODE_CURRENT. */
int	 kiosk_cast(struct kiosk *, const struct poll *, const uint8_t *answers,
	    size_t n, const uint8_t *code_hash, size_t code_hash_len,
	    char receipt[RECEIPT_LEN + 1], char **cause);
/*
 * The work after a cast that durability does not need (store_idle: grow
 * the slot pools, copy the WAL into the database and zero it).  The voter screen runs it after the
 * thank-you screen is shown and before it takes the next voter's key.
 */
int	 kiosk_idle(struct kiosk *, char **cause);

/*
 * Check a household code typed by a voter for poll p (12 digits, spaces
 * and dashes ignored): YK_EINVAL if it is malformed or its check digit is
 * wrong (caught before any hashing, the cause says which), YK_EAUTH if
 * unknown, YK_EDUP if already used, else 0 and hash gets the code's
 * Argon2id hash (one computation, codes.h) to pass to kiosk_cast.  In KIOSK_MODE_TEST a test slip is
 * checked in the test set (0, spent by the test ballot); a real code that
 * is still unused is accepted but must not be spent: KIOSK_CODE_UNSPENT,
 * and hash is wiped.
 */
#define KIOSK_CODE_UNSPENT	1
int	 kiosk_code_check_mode(struct kiosk *, const struct poll *, int mode,
	    const char *typed, uint8_t hash[KEYS_HASH], char **cause);
/* kiosk_code_check_mode for a real ballot. */
int	 kiosk_code_check(struct kiosk *, const struct poll *, const char *typed,
	    uint8_t hash[KEYS_HASH], char **cause);
/*
 * How poll_id's codes are hashed (its salt and Argon2id cost), from the
 * store's meta key "code.kdf.POLL-ID".  Absent: YK_ENOENT, or with create
 * a new one (default cost, fresh salt) is stored, inside the caller's
 * transaction.  YK_EIO if the record is damaged (not YK_EINVAL, which
 * the voter screen takes for a typing slip).
 */
int	 kiosk_code_kdf(struct kiosk *, const char *poll_id, int create,
	    struct codes_kdf *, char **cause);
/* The set the codes of poll_id and mode are filed under (malloc'd). */
char	*kiosk_code_set(const char *poll_id, int mode);

/* Lifecycle actions: loaded -test-> testing -open-> open -pause-> paused
 * -resume-> open; open or paused -close-> closed.  closed is final. */
enum kiosk_action {
	KIOSK_ACT_TEST,
	KIOSK_ACT_OPEN,
	KIOSK_ACT_PAUSE,
	KIOSK_ACT_RESUME,
	KIOSK_ACT_CLOSE,
};

const char *kiosk_action_name(enum kiosk_action);
/* The state an action leads to from state, or NULL if it is illegal. */
const char *kiosk_next_state(const char *state, enum kiosk_action);
/*
 * Apply an action to poll id.  An illegal transition is refused with
 * YK_ESTATE and a message that names the state and what is allowed, and
 * nothing changes.  Only one poll may be testing, open or paused at once.
 */
int	 kiosk_transition(struct kiosk *, const char *id, enum kiosk_action,
	    char **cause);

#endif
