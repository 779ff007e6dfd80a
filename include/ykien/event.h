/*
 * event: the kiosk's hash-chained, signed log of admin actions (lifecycle
 * transitions, PIN failures and lockouts, code generation, exports...).
 * Never ballots, never totals while a poll is open.  Each event is
 *	str("ykien/v1/event") || seq u64 || prev hash[32] || time u64 ||
 *	str(poll id or "") || str(type) || str(detail) || sig[64]
 * and its hash is SHA-256 over all of it; prev is the previous event's
 * hash (zeros for the first).  The first event has seq 1.  The head (the
 * last seq and hash) is also kept in the store's meta table, so that a log
 * cut short at the end is detected too.  Byte layout and a test vector:
 * docs/PROTOCOL.md.
 */
#ifndef YKIEN_EVENT_H
#define YKIEN_EVENT_H

#include <stddef.h>
#include <stdint.h>

struct kiosk;

#define EVENT_DOMAIN	"ykien/v1/event"
#define EVENT_TYPE_MAX	64
#define EVENT_DETAIL_MAX	1024

/* Append a signed event; poll_id may be NULL.  Durable when it returns. */
int	event_append(struct kiosk *, const char *poll_id, const char *type,
	    const char *detail, char **cause);

struct event_info {
	uint64_t	 seq;
	uint64_t	 time;		/* seconds since 1970, UTC */
	const char	*poll_id;
	const char	*type;
	const char	*detail;
	uint8_t		 hash[32];
};

/*
 * Walk the chain in order, checking every signature, sequence number and
 * prev hash; fn (may be NULL) is called for each event.  YK_ESIG or
 * YK_EINVAL with a cause naming the first bad event (deleted, edited,
 * reordered).
 */
int	event_verify(struct kiosk *, int (*fn)(void *,
	    const struct event_info *), void *arg, char **cause);

/*
 * The head of the chain: the last seq (0 for an empty log) and its hash
 * (zeros for an empty log), as stored; event_verify checks it.
 */
int	event_head(struct kiosk *, uint64_t *seq, uint8_t hash[32],
	    char **cause);

/*
 * The whole chain as the evlog file that travels to the province (USB
 * export, POST /v1/records): n * (u32 length || signed event), oldest
 * first (evlog.h).  *out is malloc'd (NULL and 0 for an empty log).
 */
int	event_log_file(struct kiosk *, uint8_t **out, size_t *len,
	    char **cause);

#endif
