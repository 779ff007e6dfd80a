/*
 * qr: QR codes as text, the only module that includes <qrencode.h>.  The
 * receipt is shown as a QR code that a phone can read off the screen, so a
 * voter can keep it without paper.
 */
#ifndef YKIEN_QR_H
#define YKIEN_QR_H

/* A QR code drawn as lines of text, light modules as ink. */
struct qr {
	int	  rows;		/* lines */
	int	  cols;		/* columns of every line */
	int	  cut;		/* last lines a short screen may leave out */
	char	**line;
};

/*
 * Encode text (error correction level L) and draw it inside a light quiet
 * zone of quiet modules on every side.  UTF-8: Unicode half blocks, two
 * modules a line.  ascii: "##" for a light module, one module a line.
 * The last cut lines hold only quiet zone below the first module of it:
 * a screen too short for them may leave them out, keeping one light
 * module under the code.  *out is freed with qr_free.
 */
int	 qr_render(const char *text, int ascii, int quiet, struct qr **out,
	    char **cause);
void	 qr_free(struct qr *);
/*
 * The bare module matrix of text, for drawing at any size (a PDF): *width
 * modules a side, (*dark)[y * width + x] is 1 for a dark module; no quiet
 * zone (the caller leaves 4 modules).  *dark is malloc'd.
 */
int	 qr_modules(const char *text, int *width, unsigned char **dark,
	    char **cause);

#endif
