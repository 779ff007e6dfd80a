/*
 * ui-frame: the plain-data screen the renderer draws into and the curses
 * and text backends read from.  A cell holds one character with its
 * combining marks; a wide character takes two cells, the second empty.
 * Transliteration for non-UTF-8 terminals happens here, on the way in, so
 * that no code path can put a byte the terminal cannot show into a frame.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/text.h"
#include "ykien/ui.h"
#include "ykien/util.h"

struct ui_frame *
ui_frame_new(int rows, int cols, int ascii)
{
	struct ui_frame	*f;

	if (rows < 1)
		rows = 1;
	if (cols < 1)
		cols = 1;
	if ((f = util_calloc(1, sizeof *f)) == NULL)
		return NULL;
	f->rows = rows;
	f->cols = cols;
	f->ascii = ascii;
	if ((f->cells = util_calloc((size_t)rows * (size_t)cols,
	    sizeof *f->cells)) == NULL) {
		free(f);
		return NULL;
	}
	ui_frame_clear(f);
	return f;
}

void
ui_frame_free(struct ui_frame *f)
{
	if (f == NULL)
		return;
	free(f->cells);
	free(f);
}

void
ui_frame_clear(struct ui_frame *f)
{
	int	i;

	for (i = 0; i < f->rows * f->cols; i++) {
		f->cells[i].ch[0] = ' ';
		f->cells[i].ch[1] = '\0';
		f->cells[i].attr = UI_A_NORMAL;
	}
	f->n_hits = 0;
}

/*
 * The next character of s with its combining marks: returns its bytes and
 * sets *w to its columns (1 or 2).  text_fit does the Unicode work.
 */
static size_t
next_char(const char *s, int *w)
{
	size_t	n;

	if ((n = text_fit(s, 1)) > 0) {
		*w = 1;
		return n;
	}
	if ((n = text_fit(s, 2)) > 0) {
		*w = 2;
		return n;
	}
	*w = 1;			/* wider than 2: show one cell of it */
	return 1;
}

static int
put_ascii(struct ui_frame *f, int y, int x, const char *s, enum ui_attr a)
{
	struct ui_cell	*c;
	size_t		 n;
	int		 used = 0, w;

	if (y < 0 || y >= f->rows)
		return 0;
	while (*s != '\0' && x < f->cols) {
		n = next_char(s, &w);
		if (x + w > f->cols)
			break;
		if (x >= 0) {
			c = &f->cells[y * f->cols + x];
			if ((unsigned char)*s < 0x20 || n > UI_CELL_BYTES)
				memcpy(c->ch, " ", 2);
			else {
				memcpy(c->ch, s, n);
				c->ch[n] = '\0';
			}
			c->attr = (uint8_t)a;
			if (w == 2 && x + 1 < f->cols) {
				c[1].ch[0] = '\0';
				c[1].attr = (uint8_t)a;
			}
		}
		s += n;
		x += w;
		used += w;
	}
	return used;
}

int
ui_frame_put(struct ui_frame *f, int y, int x, const char *s, enum ui_attr a)
{
	char	*t;
	int	 used;

	if (!f->ascii)
		return put_ascii(f, y, x, s, a);
	/* Never mojibake: Vietnamese loses its marks, the rest becomes '?'. */
	if ((t = text_ascii(s)) == NULL)
		return put_ascii(f, y, x, "?", a);
	used = put_ascii(f, y, x, t, a);
	free(t);
	return used;
}

/* Columns of s as the frame will show it. */
static int
shown_width(const struct ui_frame *f, const char *s, size_t len)
{
	char	*t, *a;
	int	 w;

	if ((t = malloc(len + 1)) == NULL)
		return (int)len;
	memcpy(t, s, len);
	t[len] = '\0';
	if (f->ascii && (a = text_ascii(t)) != NULL) {
		w = (int)strlen(a);
		free(a);
	} else
		w = text_width(t);
	free(t);
	return w;
}

/*
 * Greedy word wrap into out; with out == NULL it only counts lines, using
 * f for the transliteration setting.  Explicit newlines force a break.
 */
static int
wrap(const struct ui_frame *f, struct ui_frame *out, int y, int x, int w,
    int h, const char *s, enum ui_attr a)
{
	int		 draw = out != NULL;
	const char	*p = s, *word;
	char		*line;
	size_t		 wl, ll = 0, cap = strlen(s) + 1;
	int		 lines = 0, lw = 0, ww;

	if (w < 1 || (line = malloc(cap)) == NULL)
		return 0;
	line[0] = '\0';
	for (;;) {
		while (*p == ' ')
			p++;
		word = p;
		while (*p != '\0' && *p != ' ' && *p != '\n')
			p++;
		wl = (size_t)(p - word);
		ww = shown_width(f, word, wl);
		if (ll > 0 && lw + 1 + ww > w) {
			if (draw && lines < h)
				ui_frame_put(out, y + lines, x, line, a);
			lines++;
			ll = 0;
			lw = 0;
		}
		if (wl > 0) {
			if (ll > 0) {
				line[ll++] = ' ';
				lw++;
			}
			memcpy(line + ll, word, wl);
			ll += wl;
			lw += ww;
			line[ll] = '\0';
		}
		if (*p == '\n' || *p == '\0') {
			if (ll > 0 || *p == '\n') {
				if (draw && lines < h)
					ui_frame_put(out, y + lines, x, line, a);
				lines++;
			}
			ll = 0;
			lw = 0;
			line[0] = '\0';
			if (*p == '\0')
				break;
			p++;
		}
	}
	free(line);
	return draw && lines > h ? h : lines;
}

int
ui_frame_wrap(struct ui_frame *f, int y, int x, int w, int h, const char *s,
    enum ui_attr a)
{
	return wrap(f, f, y, x, w, h, s, a);
}

int
ui_frame_wrap_lines(const struct ui_frame *f, int w, const char *s)
{
	return wrap(f, NULL, 0, 0, w, 0, s, UI_A_NORMAL);
}

void
ui_frame_fill(struct ui_frame *f, int y, int x, int h, int w, enum ui_attr a)
{
	int	i, j;

	for (i = y; i < y + h; i++)
		for (j = x; j < x + w; j++)
			if (i >= 0 && i < f->rows && j >= 0 && j < f->cols) {
				memcpy(f->cells[i * f->cols + j].ch, " ", 2);
				f->cells[i * f->cols + j].attr = (uint8_t)a;
			}
}

void
ui_frame_hit(struct ui_frame *f, int y, int x, int h, int w, enum ui_key k,
    int value)
{
	struct ui_hit	*t;

	if (f->n_hits >= UI_MAX_HITS || h < 1 || w < 1)
		return;
	t = &f->hits[f->n_hits++];
	t->y = y;
	t->x = x;
	t->h = h;
	t->w = w;
	t->key = k;
	t->value = value;
}

int
ui_frame_target(const struct ui_frame *f, int y, int x, enum ui_key *k,
    int *value)
{
	int	i;

	/* The last drawn target wins, as it is the one on top. */
	for (i = f->n_hits - 1; i >= 0; i--) {
		const struct ui_hit *t = &f->hits[i];

		if (y >= t->y && y < t->y + t->h && x >= t->x &&
		    x < t->x + t->w) {
			*k = t->key;
			*value = t->value;
			return 1;
		}
	}
	return 0;
}

char *
ui_frame_text(const struct ui_frame *f)
{
	size_t	 cap = (size_t)f->rows * ((size_t)f->cols * UI_CELL_BYTES + 1)
		     + 1, len = 0, end;
	char	*out;
	int	 y, x;

	if ((out = malloc(cap)) == NULL)
		return NULL;
	for (y = 0; y < f->rows; y++) {
		end = len;
		for (x = 0; x < f->cols; x++) {
			const char *ch = f->cells[y * f->cols + x].ch;
			size_t n = strlen(ch);

			memcpy(out + len, ch, n);
			len += n;
			if (n > 0 && strcmp(ch, " ") != 0)
				end = len;
		}
		len = end;
		out[len++] = '\n';
	}
	out[len] = '\0';
	return out;
}
