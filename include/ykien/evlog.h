/*
 * evlog: a kiosk's event log (event.h) as one file that travels to the
 * province with the batches (USB export, events.bin) and is kept there for
 * the audit.  Each event is already signed and chained; the file only
 * lists them, so it needs no signature of its own:
 *	str("ykien/v1/event-log") || kiosk keynum[8] || n u32 ||
 *	n * (u32 length || signed event)
 * A log cut short at the end still verifies as a chain; the closing
 * record names the head event (seq and hash) at close, and the audit
 * checks the log reaches it.  Layout: docs/protocol-audit.md.
 */
#ifndef YKIEN_EVLOG_H
#define YKIEN_EVLOG_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

struct kiosk;

#define EVLOG_DOMAIN	"ykien/v1/event-log"
#define EVLOG_FILE	"events.bin"
#define EVLOG_MAX	(64 * 1024 * 1024)

/* The kiosk's whole log as an evlog file; *buf is malloc'd. */
int	 evlog_export(struct kiosk *, uint8_t **buf, size_t *len,
	    char **cause);

struct evlog_event {
	uint64_t	 seq;
	uint64_t	 time;
	char		*poll_id;
	char		*type;
	char		*detail;
	uint8_t		 hash[KEYS_HASH];	/* SHA-256 of the signed event */
};

struct evlog {
	uint8_t			 kiosk[KEYS_NUM];
	uint32_t		 n;
	struct evlog_event	*ev;		/* ev[i].seq == i + 1 */
};

/*
 * Decode an evlog file and check the chain against pub: the key number,
 * every event's signature, seq 1, 2, ... and each prev hash.  On failure
 * *out is NULL and the cause names the first bad event ("event 7
 * (poll-open): ...").  evlog_keynum reads only the key number, so a
 * caller can find the key to check with (0 or YK_EINVAL).
 */
int	 evlog_decode(const uint8_t *buf, size_t len,
	    const struct keys_public *pub, struct evlog **out, char **cause);
int	 evlog_keynum(const uint8_t *buf, size_t len, uint8_t out[KEYS_NUM]);
void	 evlog_free(struct evlog *);

#endif
