/*
 * evlog: a kiosk's event log (event.h) as the file that travels to the
 * province with the batches (`ykien-kiosk export` writes events.bin beside
 * kiosk.pub) and is kept there for the audit.  Each event is already
 * signed and chained; the file only lists them, oldest first:
 *	n * (u32 length || signed event)
 * It names no kiosk: the import takes the key number from the kiosk.pub
 * beside it and checks with the registered key.  A log cut short at the
 * end still verifies as a chain; the closing record names the head event
 * (seq and hash) at close, and the audit checks the log reaches it.
 * Layout: docs/PROTOCOL.md.
 */
#ifndef YKIEN_EVLOG_H
#define YKIEN_EVLOG_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

#define EVLOG_FILE	"events.bin"
#define EVLOG_MAX	(64 * 1024 * 1024)

struct evlog_event {
	uint64_t	 seq;
	uint64_t	 time;
	char		*poll_id;
	char		*type;
	char		*detail;
	uint8_t		 hash[KEYS_HASH];	/* SHA-256 of the signed event */
};

struct evlog {
	uint8_t			 kiosk[KEYS_NUM];	/* pub's */
	uint32_t		 n;
	struct evlog_event	*ev;		/* ev[i].seq == i + 1 */
};

/*
 * Decode an evlog file and check the chain against pub: every event's
 * signature, seq 1, 2, ... and each prev hash.  On failure *out is NULL
 * and the cause names the first bad event ("event 7 (poll-open): ...").
 */
int	 evlog_decode(const uint8_t *buf, size_t len,
	    const struct keys_public *pub, struct evlog **out, char **cause);
void	 evlog_free(struct evlog *);

#endif
