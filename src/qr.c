/*
 * qr: libqrencode behind a small wall.  Terminals draw light text on a
 * dark ground, so the light modules are drawn as ink and the dark ones
 * left blank, quiet zone included: that is what phone cameras then see as
 * a normal, dark-on-light code.  The caller sizes the quiet zone to its
 * screen (ui-render.c says how).
 */
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "ykien/qr.h"
#include "ykien/util.h"

void
qr_free(struct qr *q)
{
	int	i;

	if (q == NULL)
		return;
	for (i = 0; q->line != NULL && i < q->rows; i++)
		free(q->line[i]);
	free(q->line);
	free(q);
}

/*
 * 1 if module (y, x) of the code, quiet zone of z around it, is light;
 * the half line below the last module, in UTF-8, is light too.
 */
static int
light(const QRcode *c, int z, int y, int x)
{
	y -= z;
	x -= z;
	if (y < 0 || x < 0 || y >= c->width || x >= c->width)
		return 1;
	return !(c->data[y * c->width + x] & 1);
}

int
qr_render(const char *text, int ascii, int quiet, struct qr **out,
    char **cause)
{
	static const char *half[4] = { " ", "\xe2\x96\x84", "\xe2\x96\x80",
	    "\xe2\x96\x88" };	/* none, lower, upper, full block */
	QRcode		*c;
	struct qr	*q;
	int		 z = quiet < 1 ? 1 : quiet, n, y, x, o;
	char		*l;

	/* Level L: a screen is never creased or stained like paper. */
	if ((c = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1))
	    == NULL)
		return util_fail(cause, YK_EINVAL, "cannot encode \"%s\" as "
		    "a QR code", text);
	n = c->width + 2 * z;
	if ((q = util_calloc(1, sizeof *q)) == NULL)
		goto nomem;
	q->rows = ascii ? n : (n + 1) / 2;
	q->cols = ascii ? 2 * n : n;
	/* Lines wholly below the code's first light module under it. */
	q->cut = q->rows - (ascii ? z + c->width + 1 : (z + c->width + 2) / 2);
	if ((q->line = util_calloc((size_t)q->rows, sizeof *q->line)) == NULL)
		goto nomem;
	for (y = 0; y < q->rows; y++) {
		/* 3 bytes per half block at most, plus the NUL. */
		if ((l = q->line[y] = malloc((size_t)n * 3 + 1)) == NULL)
			goto nomem;
		o = 0;
		for (x = 0; x < n; x++) {
			if (ascii) {
				memcpy(l + o, light(c, z, y, x) ? "##" : "  ",
				    2);
				o += 2;
			} else {
				const char *h = half[light(c, z, 2 * y, x) * 2 +
				    light(c, z, 2 * y + 1, x)];
				memcpy(l + o, h, strlen(h));
				o += (int)strlen(h);
			}
		}
		l[o] = '\0';
	}
	QRcode_free(c);
	*out = q;
	return 0;
nomem:
	QRcode_free(c);
	qr_free(q);
	return util_fail(cause, YK_ENOMEM, "out of memory");
}

int
qr_modules(const char *text, int *width, unsigned char **dark, char **cause)
{
	QRcode	*c;
	int	 i;

	if ((c = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1))
	    == NULL)
		return util_fail(cause, YK_EINVAL, "cannot encode \"%s\" as "
		    "a QR code", text);
	if ((*dark = malloc((size_t)c->width * (size_t)c->width)) == NULL) {
		QRcode_free(c);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	for (i = 0; i < c->width * c->width; i++)
		(*dark)[i] = c->data[i] & 1;
	*width = c->width;
	QRcode_free(c);
	return 0;
}
