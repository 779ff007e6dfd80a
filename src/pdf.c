/*
 * pdf: cairo's PDF surface and pango's text layout behind a small wall
 * (contract in include/ykien/pdf.h).  Pango shapes and wraps the text
 * (Vietnamese needs stacked diacritics, which pango gets right and a
 * hand-made text placer would not); cairo embeds the font subsets.
 *
 * The callers speak millimetres; cairo's user space stays in points
 * (a scaled context makes pango hint glyph positions to whole
 * millimetres, and the letters drift apart), so every length is
 * converted here, on the way in and out.
 */
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "ykien/pdf.h"
#include "ykien/qr.h"
#include "ykien/util.h"

#define MM_PER_PT	(25.4 / 72.0)
#define MARGIN_L	30.0
#define MARGIN_R	15.0
#define MARGIN_T	20.0
#define MARGIN_B	20.0
#define FONT		"DejaVu Serif"
#define CELL_PAD	1.5
#define PT(mm)		((mm) / MM_PER_PT)
#define MM(pt)		((pt) * MM_PER_PT)

struct pdf {
	cairo_surface_t	*surface;
	cairo_t		*cr;
	cairo_font_options_t *fo;
	double		 y;		/* the flow cursor */
};

int
pdf_open(const char *path, const char *title, struct pdf **out,
    char **cause)
{
	struct pdf	*d;

	if ((d = util_calloc(1, sizeof *d)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	d->surface = cairo_pdf_surface_create(path, PDF_A4_W / MM_PER_PT,
	    PDF_A4_H / MM_PER_PT);
	if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(d->surface);
		free(d);
		return util_fail(cause, YK_EIO, "%s: cannot create the PDF",
		    path);
	}
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE,
	    title);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR,
	    "ykien");
	d->cr = cairo_create(d->surface);
	d->fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(d->fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(d->fo, CAIRO_HINT_STYLE_NONE);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	d->y = MARGIN_T;
	*out = d;
	return 0;
}

int
pdf_close(struct pdf *d, char **cause)
{
	cairo_status_t	st;

	if (d == NULL)
		return 0;
	st = cairo_status(d->cr);
	cairo_font_options_destroy(d->fo);
	cairo_destroy(d->cr);
	cairo_surface_finish(d->surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(d->surface);
	cairo_surface_destroy(d->surface);
	free(d);
	if (st != CAIRO_STATUS_SUCCESS)
		return util_fail(cause, YK_EIO, "cannot write the PDF: %s",
		    cairo_status_to_string(st));
	return 0;
}

/* A layout of text at width w (mm); the caller unrefs it. */
static PangoLayout *
layout(struct pdf *d, double w, const char *utf8, const struct pdf_style *s)
{
	PangoLayout		*l;
	PangoFontDescription	*fd;

	l = pango_cairo_create_layout(d->cr);
	pango_cairo_context_set_resolution(pango_layout_get_context(l), 72);
	/*
	 * Hinted metrics snap each glyph to whole units, here millimetres:
	 * the letters would drift apart.  Paper wants the font's own.
	 */
	pango_cairo_context_set_font_options(pango_layout_get_context(l),
	    d->fo);
	pango_layout_context_changed(l);
	fd = pango_font_description_from_string(FONT);
	pango_font_description_set_size(fd, (gint)(s->size * PANGO_SCALE));
	pango_font_description_set_weight(fd, s->bold ? PANGO_WEIGHT_BOLD :
	    PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd, s->italic ? PANGO_STYLE_ITALIC :
	    PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(PT(w) * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, s->align == PDF_CENTER ?
	    PANGO_ALIGN_CENTER : s->align == PDF_RIGHT ? PANGO_ALIGN_RIGHT :
	    PANGO_ALIGN_LEFT);
	pango_layout_set_text(l, utf8, -1);
	return l;
}

double
pdf_text_height(struct pdf *d, double w, const char *utf8,
    const struct pdf_style *s)
{
	PangoLayout	*l = layout(d, w, utf8, s);
	int		 lw, lh;

	pango_layout_get_size(l, &lw, &lh);
	g_object_unref(l);
	return MM((double)lh / PANGO_SCALE);
}

double
pdf_text_at(struct pdf *d, double x, double y, double w, const char *utf8,
    const struct pdf_style *s)
{
	PangoLayout	*l = layout(d, w, utf8, s);
	int		 lw, lh;

	cairo_move_to(d->cr, PT(x), PT(y));
	pango_cairo_show_layout(d->cr, l);
	pango_layout_get_size(l, &lw, &lh);
	g_object_unref(l);
	return MM((double)lh / PANGO_SCALE);
}

void
pdf_rect(struct pdf *d, double x, double y, double w, double h, double line,
    int dashed)
{
	static const double dash[] = { PT(2.0), PT(1.5) };

	cairo_save(d->cr);
	cairo_set_line_width(d->cr, PT(line));
	if (dashed)
		cairo_set_dash(d->cr, dash, 2, 0);
	cairo_rectangle(d->cr, PT(x), PT(y), PT(w), PT(h));
	cairo_stroke(d->cr);
	cairo_restore(d->cr);
}

void
pdf_line(struct pdf *d, double x1, double y1, double x2, double y2,
    double line)
{
	cairo_save(d->cr);
	cairo_set_line_width(d->cr, PT(line));
	cairo_move_to(d->cr, PT(x1), PT(y1));
	cairo_line_to(d->cr, PT(x2), PT(y2));
	cairo_stroke(d->cr);
	cairo_restore(d->cr);
}

int
pdf_qr(struct pdf *d, double x, double y, double size, const char *text,
    char **cause)
{
	unsigned char	*dark;
	double		 m;
	int		 w, i, j, rc;

	if ((rc = qr_modules(text, &w, &dark, cause)) != 0)
		return rc;
	m = size / (w + 8);	/* a quiet zone of 4 modules each side */
	for (i = 0; i < w; i++)
		for (j = 0; j < w; j++)
			if (dark[i * w + j])
				cairo_rectangle(d->cr, PT(x + (j + 4) * m),
				    PT(y + (i + 4) * m), PT(m), PT(m));
	cairo_fill(d->cr);
	free(dark);
	return 0;
}

void
pdf_page(struct pdf *d)
{
	cairo_show_page(d->cr);
	d->y = MARGIN_T;
}

double
pdf_flow_x(const struct pdf *d)
{
	(void)d;
	return MARGIN_L;
}

double
pdf_flow_w(const struct pdf *d)
{
	(void)d;
	return PDF_A4_W - MARGIN_L - MARGIN_R;
}

double
pdf_flow_y(const struct pdf *d)
{
	return d->y;
}

void
pdf_need(struct pdf *d, double h)
{
	if (d->y + h > PDF_A4_H - MARGIN_B && d->y > MARGIN_T)
		pdf_page(d);
}

void
pdf_skip(struct pdf *d, double h)
{
	d->y += h;
}

void
pdf_flow(struct pdf *d, const char *utf8, const struct pdf_style *s)
{
	pdf_need(d, pdf_text_height(d, pdf_flow_w(d), utf8, s));
	d->y += pdf_text_at(d, MARGIN_L, d->y, pdf_flow_w(d), utf8, s);
}

void
pdf_row(struct pdf *d, int n, const char *const *cells,
    const double *widths, const enum pdf_align *aligns,
    const struct pdf_style *s)
{
	struct pdf_style cs = *s;
	double		 h = 0, t, x = MARGIN_L;
	int		 i;

	for (i = 0; i < n; i++) {
		cs.align = aligns[i];
		t = pdf_text_height(d, widths[i] - 2 * CELL_PAD, cells[i], &cs);
		if (t > h)
			h = t;
	}
	h += 2 * CELL_PAD;
	pdf_need(d, h);
	for (i = 0; i < n; i++) {
		cs.align = aligns[i];
		(void)pdf_text_at(d, x + CELL_PAD, d->y + CELL_PAD,
		    widths[i] - 2 * CELL_PAD, cells[i], &cs);
		pdf_rect(d, x, d->y, widths[i], h, 0.2, 0);
		x += widths[i];
	}
	d->y += h;
}
