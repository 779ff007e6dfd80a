/*
 * bundle: the wire form of a kiosk's records for POST /v1/records (layout
 * in include/ykien/bundle.h and docs/PROTOCOL.md).
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/bundle.h"
#include "ykien/util.h"
#include "ykien/wire.h"

int
bundle_encode(const struct bundle *b, uint8_t **out, size_t *len)
{
	struct wire	w;

	wire_init(&w);
	wire_str(&w, BUNDLE_DOMAIN);
	wire_raw(&w, b->keynum, KEYS_NUM);
	wire_bytes(&w, b->closing, b->closing_len);
	wire_bytes(&w, b->sheet, b->sheet_len);
	wire_bytes(&w, b->sig, b->sig_len);
	wire_bytes(&w, b->events, b->events_len);
	if (w.err != 0 || w.len > BUNDLE_MAX) {
		wire_free(&w);
		return YK_ENOMEM;
	}
	*out = w.buf;
	*len = w.len;
	return 0;
}

int
bundle_decode(const uint8_t *buf, size_t len, struct bundle *b,
    char **cause)
{
	struct wire_reader	 r;
	const uint8_t		*d;
	size_t			 n;

	memset(b, 0, sizeof *b);
	if (len > BUNDLE_MAX)
		return util_fail(cause, YK_EINVAL, "records: too large");
	wire_reader_init(&r, buf, len);
	d = wire_get_bytes(&r, 64, &n);
	if (d == NULL || n != strlen(BUNDLE_DOMAIN) ||
	    memcmp(d, BUNDLE_DOMAIN, n) != 0)
		return util_fail(cause, YK_EINVAL, "not a records bundle "
		    "(domain string is not %s)", BUNDLE_DOMAIN);
	wire_get_raw(&r, b->keynum, KEYS_NUM);
	b->closing = wire_get_bytes(&r, len, &b->closing_len);
	b->sheet = wire_get_bytes(&r, len, &b->sheet_len);
	b->sig = wire_get_bytes(&r, len, &b->sig_len);
	b->events = wire_get_bytes(&r, len, &b->events_len);
	if (r.err != 0)
		return util_fail(cause, YK_EINVAL, "records: truncated or "
		    "malformed");
	if (r.off != len)
		return util_fail(cause, YK_EINVAL, "records: %zu bytes after "
		    "the last part", len - r.off);
	return 0;
}

void
bundle_name(const uint8_t *buf, size_t len, uint8_t id[16],
    uint8_t hash[KEYS_HASH])
{
	keys_sha256(hash, buf, len);
	memcpy(id, hash, 16);
}
