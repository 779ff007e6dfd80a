/*
 * bundle: a kiosk's records (its closing record, the closing sheet and
 * signature, and its event log) in one body for POST /v1/records, so that
 * a village with a network needs no USB stick for them either.  The bundle
 * itself is not signed: every part already carries the kiosk's signature,
 * and the province checks each part exactly as an import does.
 *
 *	str("ykien/v1/records") || keynum[8] || bytes(closing record) ||
 *	bytes(closing sheet) || bytes(sheet signature) || bytes(event log) ||
 *	bytes(event head)
 *
 * The event head (event-head.h) is the kiosk's signature over the head
 * of the log it sends, so that the events after the close are covered.
 *
 * Any part may be empty.  The province answers with a signed
 * acknowledgement (batch.h's layout) naming the bundle by id = the first
 * 16 bytes of its SHA-256 and hash = that SHA-256, with 0 ballots.
 */
#ifndef YKIEN_BUNDLE_H
#define YKIEN_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

#define BUNDLE_DOMAIN	"ykien/v1/records"
#define BUNDLE_MAX	(8 * 1024 * 1024)

/* The parts borrow from the encoded buffer (decode) or the caller. */
struct bundle {
	uint8_t		 keynum[KEYS_NUM];
	const uint8_t	*closing;
	size_t		 closing_len;
	const uint8_t	*sheet;
	size_t		 sheet_len;
	const uint8_t	*sig;
	size_t		 sig_len;
	const uint8_t	*events;
	size_t		 events_len;
	const uint8_t	*head;
	size_t		 head_len;
};

/* *out is malloc'd. */
int	 bundle_encode(const struct bundle *, uint8_t **out, size_t *len);
/* Structure only: YK_EINVAL with a cause. */
int	 bundle_decode(const uint8_t *buf, size_t len, struct bundle *,
	    char **cause);
/* The id and hash an acknowledgement names the bundle by. */
void	 bundle_name(const uint8_t *buf, size_t len, uint8_t id[16],
	    uint8_t hash[KEYS_HASH]);

#endif
