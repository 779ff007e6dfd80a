/*
 * event: the format of a kiosk's hash-chained, signed log of admin actions
 * (lifecycle transitions, PIN failures and lockouts, code generation,
 * exports...), and its one decoder, shared by both programs.  Never
 * ballots, never totals while a poll is open.  Each event is
 *	str("ykien/v1/event") || seq u64 || prev hash[32] || time u64 ||
 *	str(poll id or "") || str(type) || str(detail) || sig[64]
 * and its hash is SHA-256 over all of it; prev is the previous event's
 * hash (zeros for the first).  The first event has seq 1.
 *
 * The log travels to the province with the batches as a file (`ykien-kiosk
 * export` writes events.bin beside kiosk.pub; POST /v1/records carries it)
 * and is kept there for the audit.  The file only lists the events, oldest
 * first:
 *	n * (u32 length || signed event)
 * It names no kiosk: the import takes the key number from the kiosk.pub
 * beside it and checks with the registered key.  A log cut short at the
 * end still verifies as a chain; the closing record names the head event
 * (seq and hash) at close, and the audit checks the log reaches it.
 * Byte layout and a test vector: docs/PROTOCOL.md.  The kiosk's copy of
 * the chain, in its store, is event-chain.h's.
 */
#ifndef YKIEN_EVENT_H
#define YKIEN_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

#define EVENT_DOMAIN		"ykien/v1/event"
#define EVENT_TYPE_MAX		64
#define EVENT_DETAIL_MAX	1024
#define EVENT_MAX		4096		/* one signed event */
#define EVENT_LOG_FILE		"events.bin"
#define EVENT_LOG_MAX		(64 * 1024 * 1024)

struct event {
	uint64_t	 seq;
	uint64_t	 time;		/* seconds since 1970, UTC */
	char		*poll_id;	/* "" for none */
	char		*type;
	char		*detail;
	uint8_t		 hash[KEYS_HASH];	/* SHA-256 of the signed event */
};

struct event_log {
	uint8_t		 kiosk[KEYS_NUM];	/* pub's */
	uint32_t	 n;
	struct event	*ev;			/* ev[i].seq == i + 1 */
};

/*
 * The signed bytes of event seq after prev (malloc'd into *out).  The
 * strings are taken as given: the caller checks them (UTF-8 NFC, the
 * limits above).  Returns 0 or YK_ENOMEM.
 */
int	 event_encode(const struct keys_secret *, uint64_t seq,
	    const uint8_t prev[KEYS_HASH], uint64_t time, const char *poll_id,
	    const char *type, const char *detail, uint8_t **out, size_t *len);
/*
 * Decode event number seq (1-based) and check it against pub and the
 * previous event's hash prev: the signature, then that it says it is
 * event seq, then that it follows prev.  On failure e holds nothing and
 * the cause names the event ("event 7 (poll-open): ...").  event_clear
 * frees e's strings.
 */
int	 event_decode(const uint8_t *blob, size_t len, uint64_t seq,
	    const uint8_t prev[KEYS_HASH], const struct keys_public *,
	    struct event *e, char **cause);
void	 event_clear(struct event *);

/*
 * Decode an event log file and check the chain against pub: every event
 * as event_decode does, seq 1, 2, ...  On failure *out is NULL and the
 * cause names the first bad event.
 */
int	 event_log_decode(const uint8_t *buf, size_t len,
	    const struct keys_public *, struct event_log **out, char **cause);
void	 event_log_free(struct event_log *);

#endif
