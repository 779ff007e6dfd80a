/* outbuf: formatted text into a growing buffer (include/ykien/outbuf.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/outbuf.h"
#include "ykien/util.h"
#include "ykien/wire.h"

void
outbuf_printf(struct wire *w, const char *fmt, ...)
{
	va_list	 ap;
	char	 small[256], *big;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		w->err = YK_EINVAL;
		return;
	}
	if ((size_t)n < sizeof small) {
		wire_raw(w, small, (size_t)n);
		return;
	}
	if ((big = malloc((size_t)n + 1)) == NULL) {
		w->err = YK_ENOMEM;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	wire_raw(w, big, (size_t)n);
	free(big);
}

void
outbuf_puts(struct wire *w, const char *s)
{
	wire_raw(w, s, strlen(s));
}

void
outbuf_html(struct wire *w, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&': outbuf_puts(w, "&amp;"); break;
		case '<': outbuf_puts(w, "&lt;"); break;
		case '>': outbuf_puts(w, "&gt;"); break;
		case '"': outbuf_puts(w, "&quot;"); break;
		case '\'': outbuf_puts(w, "&#39;"); break;
		default: wire_u8(w, (uint8_t)*s);
		}
}

void
outbuf_csv(struct wire *w, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		outbuf_puts(w, s);
		return;
	}
	wire_u8(w, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			wire_u8(w, '"');
		wire_u8(w, (uint8_t)*s);
	}
	wire_u8(w, '"');
}

char *
outbuf_finish(struct wire *w)
{
	wire_u8(w, 0);
	if (w->err) {
		wire_free(w);
		return NULL;
	}
	return (char *)w->buf;
}
