/*
 * pdf: A4 PDF documents through cairo and pango (src/pdf.c is the only
 * file that includes them).  Fonts are embedded by cairo (subsets of
 * DejaVu Serif, which has every Vietnamese letter), so what prints in the
 * commune office prints the same everywhere.
 *
 * Coordinates are millimetres from the top left of an A4 page.  A flow
 * cursor (pdf_flow and friends) lays text down the page between the
 * margins of Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP:
 * left 30, right 15, top and bottom 20) and starts a new page when the
 * next block does not fit; pdf_text_at places text anywhere.
 */
#ifndef YKIEN_PDF_H
#define YKIEN_PDF_H

#define PDF_A4_W	210.0
#define PDF_A4_H	297.0

struct pdf;

enum pdf_align {
	PDF_LEFT,
	PDF_CENTER,
	PDF_RIGHT,
};

struct pdf_style {
	double		size;		/* points */
	int		bold;
	int		italic;
	enum pdf_align	align;
};

/* Create path (replaced if it exists); title goes in the metadata. */
int	 pdf_open(const char *path, const char *title, struct pdf **,
	    char **cause);
/* Finish the file and free; YK_EIO if cairo failed at any point. */
int	 pdf_close(struct pdf *, char **cause);

/* Text wrapped to width w at (x, y); returns the height used. */
double	 pdf_text_at(struct pdf *, double x, double y, double w,
	    const char *utf8, const struct pdf_style *);
/* The height pdf_text_at would use. */
double	 pdf_text_height(struct pdf *, double w, const char *utf8,
	    const struct pdf_style *);
void	 pdf_rect(struct pdf *, double x, double y, double w, double h,
	    double line, int dashed);
void	 pdf_line(struct pdf *, double x1, double y1, double x2, double y2,
	    double line);
/* A QR code of text, size mm a side (quiet zone included). */
int	 pdf_qr(struct pdf *, double x, double y, double size,
	    const char *text, char **cause);
void	 pdf_page(struct pdf *);

/* The flow cursor, between the margins. */
double	 pdf_flow_x(const struct pdf *);
double	 pdf_flow_w(const struct pdf *);
double	 pdf_flow_y(const struct pdf *);
/* Start a new page unless h mm still fit below the cursor. */
void	 pdf_need(struct pdf *, double h);
void	 pdf_skip(struct pdf *, double h);
/* Text across the text column at the cursor, then move the cursor. */
void	 pdf_flow(struct pdf *, const char *utf8, const struct pdf_style *);
/*
 * One table row of n cells with the given widths (mm, summing to at most
 * the column), each wrapped in its cell, with borders; aligns[i] per
 * cell.  The row does not split across pages.
 */
void	 pdf_row(struct pdf *, int n, const char *const *cells,
	    const double *widths, const enum pdf_align *aligns,
	    const struct pdf_style *);

#endif
