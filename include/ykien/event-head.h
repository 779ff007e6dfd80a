/*
 * event-head: the kiosk's signature over the head of its event log at the
 * time of an export, so that the events logged after the close (the
 * closing record, each export) cannot be dropped unnoticed: the closing
 * record only commits to the head at poll-close.
 *
 *	str("ykien/v1/event-head") || keynum[8] || u64 seq || hash[32] ||
 *	sig[64]		(Ed25519 by the kiosk over all bytes before it)
 *
 * It travels as events.head on a USB stick (listed in the MANIFEST) and
 * as the last part of a records bundle (bundle.h).  The province keeps
 * the highest it has seen of each kiosk, refuses an event log that ends
 * before the head sent with it, and its audit (check 8) fails a stored
 * log that ends before, or differs at, the head it holds.
 */
#ifndef YKIEN_EVENT_HEAD_H
#define YKIEN_EVENT_HEAD_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

#define EVENT_HEAD_DOMAIN	"ykien/v1/event-head"
#define EVENT_HEAD_FILE		"events.head"
#define EVENT_HEAD_LEN		(4 + 19 + KEYS_NUM + 8 + KEYS_HASH + KEYS_SIG)

struct event_head {
	uint8_t		kiosk[KEYS_NUM];
	uint64_t	seq;		/* 0 for an empty log */
	uint8_t		hash[KEYS_HASH];
};

/* Encode and sign h with sec into out. */
void	 event_head_sign(const struct keys_secret *sec,
	    const struct event_head *h, uint8_t out[EVENT_HEAD_LEN]);
/*
 * Decode buf and check its signature by pub (whose key number it must
 * name).  YK_EINVAL (malformed) or YK_ESIG with a cause.
 */
int	 event_head_decode(const uint8_t *buf, size_t len,
	    const struct keys_public *pub, struct event_head *h, char **cause);

#endif
