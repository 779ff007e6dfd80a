/*
 * event-head: the signed head of a kiosk's event log at export time
 * (contract and layout in include/ykien/event-head.h).
 */
#include <string.h>

#include "ykien/event-head.h"
#include "ykien/util.h"
#include "ykien/wire.h"

void
event_head_sign(const struct keys_secret *sec, const struct event_head *h,
    uint8_t out[EVENT_HEAD_LEN])
{
	struct wire	w;

	/* Fixed size: the buffer never grows past what was given. */
	wire_init(&w);
	wire_str(&w, EVENT_HEAD_DOMAIN);
	wire_raw(&w, h->kiosk, KEYS_NUM);
	wire_u64(&w, h->seq);
	wire_raw(&w, h->hash, KEYS_HASH);
	memset(out, 0, EVENT_HEAD_LEN);
	if (w.err == 0 && w.len == EVENT_HEAD_LEN - KEYS_SIG) {
		memcpy(out, w.buf, w.len);
		keys_sign(sec, out, w.len, out + w.len);
	}
	wire_free(&w);
}

int
event_head_decode(const uint8_t *buf, size_t len,
    const struct keys_public *pub, struct event_head *h, char **cause)
{
	struct wire_reader	 r;
	const uint8_t		*d;
	size_t			 n;

	if (len != EVENT_HEAD_LEN)
		return util_fail(cause, YK_EINVAL, "event head: %zu bytes, "
		    "not %d", len, EVENT_HEAD_LEN);
	wire_reader_init(&r, buf, len);
	d = wire_get_bytes(&r, 64, &n);
	if (d == NULL || n != strlen(EVENT_HEAD_DOMAIN) ||
	    memcmp(d, EVENT_HEAD_DOMAIN, n) != 0)
		return util_fail(cause, YK_EINVAL, "event head: domain string "
		    "is not %s", EVENT_HEAD_DOMAIN);
	wire_get_raw(&r, h->kiosk, KEYS_NUM);
	h->seq = wire_get_u64(&r);
	wire_get_raw(&r, h->hash, KEYS_HASH);
	if (r.err != 0)
		return util_fail(cause, YK_EINVAL, "event head: malformed");
	if (memcmp(h->kiosk, pub->keynum, KEYS_NUM) != 0)
		return util_fail(cause, YK_ESIG, "event head: signed by another "
		    "kiosk's key");
	if (keys_verify(pub, buf, len - KEYS_SIG, buf + len - KEYS_SIG) != 0)
		return util_fail(cause, YK_ESIG, "event head: signature "
		    "verification failed (changed or not the kiosk's)");
	return 0;
}
