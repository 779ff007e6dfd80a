/*
 * wire: the canonical byte encoding (contract in include/ykien/wire.h).
 * Everything that is hashed or signed goes through the wire writer, so
 * there is exactly one place that decides byte order and length prefixes.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/keys.h"
#include "ykien/util.h"
#include "ykien/wire.h"

void
wire_init(struct wire *w)
{
	w->buf = NULL;
	w->len = w->cap = 0;
	w->err = 0;
}

void
wire_free(struct wire *w)
{
	free(w->buf);
	wire_init(w);
}

void
wire_raw(struct wire *w, const void *p, size_t len)
{
	uint8_t	*nb;
	size_t	 ncap;

	if (w->err)
		return;
	if (w->len + len > w->cap) {
		ncap = w->cap == 0 ? 256 : w->cap;
		while (ncap < w->len + len)
			ncap *= 2;
		if ((nb = realloc(w->buf, ncap)) == NULL) {
			w->err = YK_ENOMEM;
			return;
		}
		w->buf = nb;
		w->cap = ncap;
	}
	if (len > 0)
		memcpy(w->buf + w->len, p, len);
	w->len += len;
}

void
wire_u8(struct wire *w, uint8_t v)
{
	wire_raw(w, &v, 1);
}

void
wire_u16(struct wire *w, uint16_t v)
{
	uint8_t	b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	wire_raw(w, b, 2);
}

void
wire_u32(struct wire *w, uint32_t v)
{
	uint8_t	b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 8), (uint8_t)v };

	wire_raw(w, b, 4);
}

void
wire_u64(struct wire *w, uint64_t v)
{
	wire_u32(w, (uint32_t)(v >> 32));
	wire_u32(w, (uint32_t)v);
}

void
wire_bytes(struct wire *w, const void *p, size_t len)
{
	if (len > UINT32_MAX) {
		w->err = YK_EINVAL;
		return;
	}
	wire_u32(w, (uint32_t)len);
	wire_raw(w, p, len);
}

void
wire_str(struct wire *w, const char *s)
{
	wire_bytes(w, s, strlen(s));
}

void
wire_reader_init(struct wire_reader *r, const void *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->off = 0;
	r->err = 0;
}

void
wire_get_raw(struct wire_reader *r, void *out, size_t len)
{
	if (r->err || r->len - r->off < len) {
		r->err = YK_EINVAL;
		memset(out, 0, len);
		return;
	}
	memcpy(out, r->p + r->off, len);
	r->off += len;
}

uint8_t
wire_get_u8(struct wire_reader *r)
{
	uint8_t	b;

	wire_get_raw(r, &b, 1);
	return b;
}

uint16_t
wire_get_u16(struct wire_reader *r)
{
	uint8_t	b[2];

	wire_get_raw(r, b, 2);
	return (uint16_t)(b[0] << 8 | b[1]);
}

uint32_t
wire_get_u32(struct wire_reader *r)
{
	uint8_t	b[4];

	wire_get_raw(r, b, 4);
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

uint64_t
wire_get_u64(struct wire_reader *r)
{
	uint64_t hi = wire_get_u32(r);

	return hi << 32 | wire_get_u32(r);
}

const uint8_t *
wire_get_bytes(struct wire_reader *r, size_t max, size_t *len)
{
	uint32_t	n = wire_get_u32(r);
	const uint8_t	*p;

	if (r->err || n > max || r->len - r->off < n) {
		r->err = YK_EINVAL;
		*len = 0;
		return NULL;
	}
	p = r->p + r->off;
	r->off += n;
	*len = n;
	return p;
}

char *
wire_get_str(struct wire_reader *r, size_t max)
{
	const uint8_t	*p;
	size_t		 n;
	char		*s;

	if ((p = wire_get_bytes(r, max, &n)) == NULL)
		return NULL;
	if (memchr(p, '\0', n) != NULL) {
		r->err = YK_EINVAL;
		return NULL;
	}
	if ((s = malloc(n + 1)) == NULL) {
		r->err = YK_ENOMEM;
		return NULL;
	}
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

int
wire_sign(struct wire *w, const struct keys_secret *sec, uint8_t **out,
    size_t *len)
{
	uint8_t	sig[KEYS_SIG];

	if (w->err == 0)
		keys_sign(sec, w->buf, w->len, sig);
	wire_raw(w, sig, KEYS_SIG);
	if (w->err != 0) {
		wire_free(w);
		return YK_ENOMEM;
	}
	*out = w->buf;
	*len = w->len;
	wire_init(w);
	return 0;
}
