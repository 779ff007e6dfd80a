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
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "ykien/pdf.h"
#include "ykien/qr.h"
#include "ykien/util.h"

/*
 * cairo and pango are loaded with dlopen() by the first pdf_open, not
 * linked: linked, they and glib, pixman, X11 and fontconfig behind them
 * cost every process of the kiosk about 4 MiB of resident memory, the
 * voter's screen included, which never writes a PDF (its goal is 8 MiB
 * on a 512 MiB board).  The names below shadow the libraries' so the
 * code reads as ordinary cairo and pango.
 */
#define PDF_FNS(X) \
	X(cairo_create) \
	X(cairo_destroy) \
	X(cairo_fill) \
	X(cairo_font_options_create) \
	X(cairo_font_options_destroy) \
	X(cairo_font_options_set_hint_metrics) \
	X(cairo_font_options_set_hint_style) \
	X(cairo_line_to) \
	X(cairo_move_to) \
	X(cairo_pdf_surface_create) \
	X(cairo_pdf_surface_set_metadata) \
	X(cairo_rectangle) \
	X(cairo_restore) \
	X(cairo_save) \
	X(cairo_set_dash) \
	X(cairo_set_line_width) \
	X(cairo_set_source_rgb) \
	X(cairo_show_page) \
	X(cairo_status) \
	X(cairo_status_to_string) \
	X(cairo_stroke) \
	X(cairo_surface_destroy) \
	X(cairo_surface_finish) \
	X(cairo_surface_status) \
	X(g_object_unref) \
	X(pango_cairo_context_set_font_options) \
	X(pango_cairo_context_set_resolution) \
	X(pango_cairo_create_layout) \
	X(pango_cairo_show_layout) \
	X(pango_font_description_free) \
	X(pango_font_description_from_string) \
	X(pango_font_description_set_size) \
	X(pango_font_description_set_style) \
	X(pango_font_description_set_weight) \
	X(pango_layout_context_changed) \
	X(pango_layout_get_context) \
	X(pango_layout_get_size) \
	X(pango_layout_set_alignment) \
	X(pango_layout_set_font_description) \
	X(pango_layout_set_text) \
	X(pango_layout_set_width) \
	X(pango_layout_set_wrap)

static struct {
#define X(f) __typeof__(&f) f;
	PDF_FNS(X)
#undef X
} pl;

static const char *const pdf_sonames[] = {
	"libcairo.so.2", "libpango-1.0.so.0", "libpangocairo-1.0.so.0",
	"libgobject-2.0.so.0",
};
#define N_SONAMES	(sizeof pdf_sonames / sizeof pdf_sonames[0])

static pthread_once_t	pdf_once = PTHREAD_ONCE_INIT;
static int		pdf_loaded;
static char		pdf_load_error[256];

/* dlsym returns an object pointer; POSIX guarantees this conversion. */
static int
pdf_sym(void *const *h, const char *name, void *fn, size_t len)
{
	void	*sym = NULL;
	size_t	 i;

	for (i = 0; i < N_SONAMES && sym == NULL; i++)
		sym = dlsym(h[i], name);
	if (sym == NULL) {
		snprintf(pdf_load_error, sizeof pdf_load_error, "%s: not in "
		    "cairo or pango", name);
		return -1;
	}
	memcpy(fn, &sym, len);
	return 0;
}

static void
pdf_load_once(void)
{
	void	*h[N_SONAMES];
	size_t	 i;

	for (i = 0; i < N_SONAMES; i++)
		if ((h[i] = dlopen(pdf_sonames[i], RTLD_NOW | RTLD_LOCAL)) ==
		    NULL) {
			snprintf(pdf_load_error, sizeof pdf_load_error, "%s",
			    dlerror());
			return;
		}
#define X(f) if (pdf_sym(h, #f, &pl.f, sizeof pl.f) != 0) return;
	PDF_FNS(X)
#undef X
	pdf_loaded = 1;
}

#define cairo_create                             (*pl.cairo_create)
#define cairo_destroy                            (*pl.cairo_destroy)
#define cairo_fill                               (*pl.cairo_fill)
#define cairo_font_options_create                (*pl.cairo_font_options_create)
#define cairo_font_options_destroy               (*pl.cairo_font_options_destroy)
#define cairo_font_options_set_hint_metrics      (*pl.cairo_font_options_set_hint_metrics)
#define cairo_font_options_set_hint_style        (*pl.cairo_font_options_set_hint_style)
#define cairo_line_to                            (*pl.cairo_line_to)
#define cairo_move_to                            (*pl.cairo_move_to)
#define cairo_pdf_surface_create                 (*pl.cairo_pdf_surface_create)
#define cairo_pdf_surface_set_metadata           (*pl.cairo_pdf_surface_set_metadata)
#define cairo_rectangle                          (*pl.cairo_rectangle)
#define cairo_restore                            (*pl.cairo_restore)
#define cairo_save                               (*pl.cairo_save)
#define cairo_set_dash                           (*pl.cairo_set_dash)
#define cairo_set_line_width                     (*pl.cairo_set_line_width)
#define cairo_set_source_rgb                     (*pl.cairo_set_source_rgb)
#define cairo_show_page                          (*pl.cairo_show_page)
#define cairo_status                             (*pl.cairo_status)
#define cairo_status_to_string                   (*pl.cairo_status_to_string)
#define cairo_stroke                             (*pl.cairo_stroke)
#define cairo_surface_destroy                    (*pl.cairo_surface_destroy)
#define cairo_surface_finish                     (*pl.cairo_surface_finish)
#define cairo_surface_status                     (*pl.cairo_surface_status)
#define g_object_unref                           (*pl.g_object_unref)
#define pango_cairo_context_set_font_options     (*pl.pango_cairo_context_set_font_options)
#define pango_cairo_context_set_resolution       (*pl.pango_cairo_context_set_resolution)
#define pango_cairo_create_layout                (*pl.pango_cairo_create_layout)
#define pango_cairo_show_layout                  (*pl.pango_cairo_show_layout)
#define pango_font_description_free              (*pl.pango_font_description_free)
#define pango_font_description_from_string       (*pl.pango_font_description_from_string)
#define pango_font_description_set_size          (*pl.pango_font_description_set_size)
#define pango_font_description_set_style         (*pl.pango_font_description_set_style)
#define pango_font_description_set_weight        (*pl.pango_font_description_set_weight)
#define pango_layout_context_changed             (*pl.pango_layout_context_changed)
#define pango_layout_get_context                 (*pl.pango_layout_get_context)
#define pango_layout_get_size                    (*pl.pango_layout_get_size)
#define pango_layout_set_alignment               (*pl.pango_layout_set_alignment)
#define pango_layout_set_font_description        (*pl.pango_layout_set_font_description)
#define pango_layout_set_text                    (*pl.pango_layout_set_text)
#define pango_layout_set_width                   (*pl.pango_layout_set_width)
#define pango_layout_set_wrap                    (*pl.pango_layout_set_wrap)

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

	if (pthread_once(&pdf_once, pdf_load_once) != 0 || !pdf_loaded)
		return util_fail(cause, YK_EIO, "cannot load cairo and pango "
		    "for PDF output: %s (apt-get install libpangocairo-1.0-0)",
		    pdf_load_error);
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
