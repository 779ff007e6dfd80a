/*
 * text: libunistring behind a small wall.  NFC for everything that is
 * hashed or compared, display widths for the screen, and an ASCII fallback
 * for terminals that cannot show UTF-8, because mojibake on a voting screen
 * reads as a broken machine.
 */
#include <stdlib.h>
#include <string.h>

#include <uniconv.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwidth.h>

#include "ykien/text.h"

int
text_valid(const char *s, size_t len)
{
	if (memchr(s, '\0', len) != NULL)
		return 0;
	return u8_check((const uint8_t *)s, len) == NULL;
}

/* C0, DEL, C1, and the controls that reorder or hide text (bidi). */
static int
is_control(ucs4_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c ||
	    c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069);
}

int
text_inert(const char *s, size_t len, size_t *at)
{
	const uint8_t	*p = (const uint8_t *)s, *end = p + len;
	ucs4_t		 c;
	int		 n;

	while (p < end) {
		if ((n = u8_mbtoucr(&c, p, (size_t)(end - p))) <= 0 ||
		    is_control(c)) {
			if (at != NULL)
				*at = (size_t)(p - (const uint8_t *)s);
			return 0;
		}
		p += n;
	}
	return 1;
}

size_t
text_sanitize(char *dst, size_t cap, const char *s, size_t len)
{
	const uint8_t	*p = (const uint8_t *)s, *end = p + len;
	size_t		 o = 0;
	ucs4_t		 c;
	int		 n;

	if (cap == 0)
		return 0;
	while (p < end) {
		/* An invalid byte (n < 0) or a control: one '?'. */
		if ((n = u8_mbtoucr(&c, p, (size_t)(end - p))) <= 0 ||
		    is_control(c)) {
			if (n <= 0)
				n = 1;
			if (o + 1 >= cap)
				break;
			dst[o++] = '?';
			p += n;
			continue;
		}
		if (o + (size_t)n >= cap)
			break;
		memcpy(dst + o, p, (size_t)n);
		o += (size_t)n;
		p += n;
	}
	dst[o] = '\0';
	return o;
}

char *
text_nfc(const char *s)
{
	size_t	 len = 0, n = strlen(s);
	uint8_t	*r, *out;

	if (u8_check((const uint8_t *)s, n) != NULL)
		return NULL;
	r = u8_normalize(UNINORM_NFC, (const uint8_t *)s, n, NULL, &len);
	if (r == NULL)
		return NULL;
	if ((out = realloc(r, len + 1)) == NULL) {
		free(r);
		return NULL;
	}
	out[len] = '\0';
	return (char *)out;
}

int
text_is_nfc(const char *s)
{
	char	*n = text_nfc(s);
	int	 same;

	if (n == NULL)
		return 0;
	same = strcmp(n, s) == 0;
	free(n);
	return same;
}

int
text_width(const char *s)
{
	const uint8_t	*p = (const uint8_t *)s;
	ucs4_t		 uc;
	int		 w = 0, cw, n;

	while (*p != '\0') {
		n = u8_mbtouc(&uc, p, strlen((const char *)p));
		cw = uc_width(uc, "UTF-8");
		if (cw > 0)
			w += cw;
		p += n;
	}
	return w;
}

size_t
text_fit(const char *s, int cols)
{
	const uint8_t	*p = (const uint8_t *)s;
	ucs4_t		 uc;
	int		 w = 0, cw, n;

	while (*p != '\0') {
		n = u8_mbtouc(&uc, p, strlen((const char *)p));
		cw = uc_width(uc, "UTF-8");
		if (cw < 0)
			cw = 0;
		if (w + cw > cols)
			break;
		w += cw;
		p += n;
	}
	return (size_t)(p - (const uint8_t *)s);
}

char *
text_ascii(const char *s)
{
	size_t	 n = strlen(s), len = 0, i, o = 0;
	uint8_t	*d;
	char	*out;
	ucs4_t	 uc;
	int	 k;

	/* NFD splits Vietnamese letters into a base and combining marks. */
	d = u8_normalize(UNINORM_NFD, (const uint8_t *)s, n, NULL, &len);
	if (d == NULL)
		return NULL;
	if ((out = malloc(len + 1)) == NULL) {
		free(d);
		return NULL;
	}
	for (i = 0; i < len; i += (size_t)k) {
		k = u8_mbtouc(&uc, d + i, len - i);
		if (uc < 0x80)
			out[o++] = (char)uc;
		else if (uc == 0x0110)
			out[o++] = 'D';
		else if (uc == 0x0111)
			out[o++] = 'd';
		else if (uc >= 0x0300 && uc <= 0x036f)
			continue;	/* combining marks vanish */
		else if (uc == 0x2013 || uc == 0x2014)
			out[o++] = '-';
		else if (uc == 0x2018 || uc == 0x2019)
			out[o++] = '\'';
		else if (uc == 0x201c || uc == 0x201d)
			out[o++] = '"';
		else
			out[o++] = '?';
	}
	out[o] = '\0';
	free(d);
	return out;
}
