/*
 * outbuf: formatted text appended to a growing buffer (a struct wire), for
 * the reports the audit, tally and publish modules build before a command
 * prints or writes them.  As with wire, the first failure sticks in
 * w->err, so a writer may append freely and check once at the end.
 */
#ifndef YKIEN_OUTBUF_H
#define YKIEN_OUTBUF_H

#include "wire.h"

void	 outbuf_printf(struct wire *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 outbuf_puts(struct wire *, const char *);
/* s with & < > " ' escaped for HTML text and attribute values. */
void	 outbuf_html(struct wire *, const char *s);
/* s as a CSV field: quoted when it holds , " or a line break. */
void	 outbuf_csv(struct wire *, const char *s);
/* NUL-terminate and hand over the text (malloc'd), or NULL on error. */
char	*outbuf_finish(struct wire *);

#endif
