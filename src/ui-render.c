/*
 * ui-render: draws the flow's current screen into a frame.  It decides
 * layout only: what is said comes from the poll (its texts, in the
 * voter's language) and from gettext (the program's own words).
 *
 * Layout rules, for people who read little and see poorly:
 * - one thing per screen, the key to press always written next to it;
 * - option numbers and the receipt in block glyphs whenever they fit;
 * - the highlighted item is marked with an arrow as well as reverse video,
 *   so it stays visible on a monochrome screen;
 * - a test poll carries the "THỬ NGHIỆM / TEST" banner on every screen;
 * - nothing here can show a total: the renderer never sees one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/clip.h"
#include "ykien/codes.h"
#include "ykien/i18n.h"
#include "ykien/qr.h"
#include "ykien/text.h"
#include "ykien/ui.h"
#include "ykien/util.h"

#define MARGIN		2
#define BIG_W		3	/* a digit's block glyph size */
#define BIG_H		5

/*
 * Block glyphs, 5 rows high, for digits, the receipt's Crockford letters
 * and '-'.  Most are 3 wide; M, W, Z, N and D are wider, so that M is not
 * read as W, N as D, D as 0 nor Z as 2 (each row's length is the glyph's
 * width; tests/unit/test-ui-receipt.c checks the pairs as drawn).
 */
static const struct {
	char		c;
	const char	*rows[BIG_H];
} font[] = {
	{ '0', { "###", "# #", "# #", "# #", "###" } },
	{ '1', { " # ", "## ", " # ", " # ", "###" } },
	{ '2', { "###", "  #", "###", "#  ", "###" } },
	{ '3', { "###", "  #", " ##", "  #", "###" } },
	{ '4', { "# #", "# #", "###", "  #", "  #" } },
	{ '5', { "###", "#  ", "###", "  #", "###" } },
	{ '6', { "###", "#  ", "###", "# #", "###" } },
	{ '7', { "###", "  #", " # ", " # ", " # " } },
	{ '8', { "###", "# #", "###", "# #", "###" } },
	{ '9', { "###", "# #", "###", "  #", "###" } },
	{ 'A', { " # ", "# #", "###", "# #", "# #" } },
	{ 'B', { "## ", "# #", "## ", "# #", "## " } },
	{ 'C', { " ##", "#  ", "#  ", "#  ", " ##" } },
	{ 'D', { "### ", "#  #", "#  #", "#  #", "### " } },
	{ 'E', { "###", "#  ", "## ", "#  ", "###" } },
	{ 'F', { "###", "#  ", "## ", "#  ", "#  " } },
	{ 'G', { " ##", "#  ", "# #", "# #", " ##" } },
	{ 'H', { "# #", "# #", "###", "# #", "# #" } },
	{ 'J', { "  #", "  #", "  #", "# #", " # " } },
	{ 'K', { "# #", "# #", "## ", "# #", "# #" } },
	{ 'M', { "#   #", "## ##", "# # #", "#   #", "#   #" } },
	{ 'N', { "#  #", "## #", "# ##", "#  #", "#  #" } },
	{ 'P', { "## ", "# #", "## ", "#  ", "#  " } },
	{ 'Q', { " # ", "# #", "# #", "## ", " ##" } },
	{ 'R', { "## ", "# #", "## ", "# #", "# #" } },
	{ 'S', { " ##", "#  ", " # ", "  #", "## " } },
	{ 'T', { "###", " # ", " # ", " # ", " # " } },
	{ 'V', { "# #", "# #", "# #", "# #", " # " } },
	{ 'W', { "#   #", "#   #", "# # #", "## ##", "#   #" } },
	{ 'X', { "# #", "# #", " # ", "# #", "# #" } },
	{ 'Y', { "# #", "# #", " # ", " # ", " # " } },
	{ 'Z', { "#####", "   # ", "  #  ", " #   ", "#####" } },
	{ '-', { "   ", "   ", "###", "   ", "   " } },
	{ '_', { "   ", "   ", "   ", "   ", "###" } },
	{ '.', { "   ", "   ", "   ", "   ", " # " } },
	{ ' ', { "   ", "   ", "   ", "   ", "   " } },
};

struct ctx {
	const struct ui_flow	*f;
	const struct ui_view	*v;
	struct ui_frame		*fr;
	int			 top;	/* first free row */
	int			 bottom;	/* first row of the footer */
	int			 x0, w;	/* the text column */
};

static const char *
ptext(const struct ctx *c, const struct poll_text *t)
{
	const char	*s = poll_text_get(t, c->f->lang);

	return s != NULL ? s : "";
}

/* Columns of the glyph for ch (0 if there is none). */
static int
glyph(char ch, size_t *g)
{
	for (*g = 0; *g < sizeof font / sizeof font[0]; (*g)++)
		if (font[*g].c == ch)
			return (int)strlen(font[*g].rows[0]);
	return 0;
}

static int
big_width(const char *s)
{
	size_t	g;
	int	w = 0, gw;

	for (; *s != '\0'; s++)
		if ((gw = glyph(*s, &g)) > 0)
			w += gw + 1;
	return w > 0 ? w - 1 : 0;
}

/* Draw s in block glyphs; characters without a glyph are skipped. */
static void
big_put(struct ui_frame *fr, int y, int x, const char *s, enum ui_attr a)
{
	const char	*ink = fr->ascii ? "#" : "\xe2\x96\x88";
	size_t		 g;
	int		 r, k, gw;

	for (; *s != '\0'; s++) {
		if ((gw = glyph(*s, &g)) == 0)
			continue;
		for (r = 0; r < BIG_H; r++)
			for (k = 0; k < gw; k++)
				if (font[g].rows[r][k] == '#')
					ui_frame_put(fr, y + r, x + k, ink, a);
		x += gw + 1;
	}
}

static int
center_x(const struct ctx *c, int width)
{
	int	x = (c->fr->cols - width) / 2;

	return x < 0 ? 0 : x;
}

static void
center(struct ctx *c, int y, const char *s, enum ui_attr a)
{
	char	*t = NULL;
	int	 w;

	if (c->fr->ascii && (t = text_ascii(s)) != NULL)
		w = (int)strlen(t);
	else
		w = text_width(s);
	free(t);
	if (w > c->fr->cols)
		ui_frame_wrap(c->fr, y, 0, c->fr->cols, 2, s, a);
	else
		ui_frame_put(c->fr, y, center_x(c, w), s, a);
}

/* Wrapped and centred line by line; returns the lines used. */
static int
center_wrap(struct ctx *c, int y, int h, const char *s, enum ui_attr a)
{
	struct ui_frame	*tmp;
	int		 n, i, x, len;

	n = ui_frame_wrap_lines(c->fr, c->w, s);
	if (n > h)
		n = h;
	if ((tmp = ui_frame_new(n, c->w, c->fr->ascii)) == NULL)
		return 0;
	ui_frame_wrap(tmp, 0, 0, c->w, n, s, a);
	for (i = 0; i < n; i++) {
		for (len = c->w; len > 0 &&
		    strcmp(tmp->cells[i * c->w + len - 1].ch, " ") == 0; len--)
			;
		x = center_x(c, len);
		for (int j = 0; j < len; j++)
			if (y + i < c->fr->rows && x + j < c->fr->cols)
				c->fr->cells[(y + i) * c->fr->cols + x + j] =
				    tmp->cells[i * c->w + j];
	}
	ui_frame_free(tmp);
	return n;
}

/* The test banner and the footer hints frame every screen. */
/* Wrapping folds each three-space gap to one: count the two it drops. */
static int
key_line_fits(struct ctx *c, const char *s, int w)
{
	const char	*p = s;
	int		 gaps = 0;

	while ((p = strstr(p, "   ")) != NULL) {
		gaps++;
		p += 3;
	}
	return ui_frame_wrap_lines(c->fr, w - 2 * gaps, s) <= 1;
}

/*
 * The key line at the bottom: hints apart by three spaces.  Where they do
 * not fit on one line, the last ones are left out whole (the first, the
 * screen's own key, stays), and a single hint too long is cut between
 * words: never in the middle of one.
 */
static void
key_line(struct ctx *c, const char *hints)
{
	char	 b[256], *cut;
	int	 w = c->fr->cols - 2 * MARGIN;

	snprintf(b, sizeof b, "%s", hints);
	while (!key_line_fits(c, b, w) && (cut = strstr(b + 1, "   ")) !=
	    NULL) {
		while (strstr(cut + 3, "   ") != NULL)
			cut = strstr(cut + 3, "   ");
		*cut = '\0';
	}
	ui_frame_fill(c->fr, c->bottom, 0, 1, c->fr->cols, UI_A_DIM);
	if (key_line_fits(c, b, w))
		ui_frame_put(c->fr, c->bottom, MARGIN, b, UI_A_DIM);
	else
		(void)ui_frame_wrap(c->fr, c->bottom, MARGIN, w, 1, b,
		    UI_A_DIM);
}

static void
frame_edges(struct ctx *c, const char *hints)
{
	const char	*test = _("TEST");
	char		 b[256];

	c->top = 0;
	c->bottom = c->fr->rows - 1;
	if (c->f->poll != NULL && c->f->avail == UI_AVAIL_TESTING) {
		snprintf(b, sizeof b, "%s%s%s  -  %s", test,
		    strcmp(test, "TEST") != 0 ? " / " : "",
		    strcmp(test, "TEST") != 0 ? "TEST" : "",
		    _("test ballots are not counted"));
		ui_frame_fill(c->fr, 0, 0, 1, c->fr->cols, UI_A_BANNER);
		center(c, 0, b, UI_A_BANNER);
		c->top = 2;
	}
	if (hints != NULL && c->bottom > c->top) {
		key_line(c, hints);
		c->bottom--;
	}
}

/*
 * "* = English" or nothing when the poll has one language; then, when the
 * screen speaks, the key that says it again.
 */
static void
lang_hint(const struct ctx *c, char *buf, size_t len)
{
	const struct poll	*p = c->f->poll;
	size_t			 n;

	buf[0] = '\0';
	if (p != NULL && ui_flow_next_lang(c->f) != c->f->lang)
		snprintf(buf, len, "   * = %s", i18n_lang_name(
		    p->langs[ui_flow_next_lang(c->f)]));
	if (c->v != NULL && c->v->replay != NULL && (n = strlen(buf)) < len) {
		snprintf(buf + n, len - n, "   %s = ", c->v->replay);
		n = strlen(buf);
		/* TRANSLATORS: on the key line when the screen speaks */
		snprintf(buf + n, len - n, "%s", _("listen again"));
	}
}

static void
render_unavailable(struct ctx *c)
{
	const char	*what;
	int		 y;

	frame_edges(c, NULL);
	switch (c->f->avail) {
	case UI_AVAIL_PAUSED:
		what = _("Voting is paused");
		break;
	case UI_AVAIL_CLOSED:
		what = _("Voting has ended");
		break;
	default:
		what = _("No poll is open on this kiosk");
		break;
	}
	y = c->top + (c->bottom - c->top) / 2 - 2;
	if (c->f->poll != NULL)
		center_wrap(c, c->top + 1, 3, ptext(c, &c->f->poll->title),
		    UI_A_TITLE);
	center(c, y, what, UI_A_TITLE);
	center(c, y + 2, _("Please ask the village officials"), UI_A_NORMAL);
}

static void
render_welcome(struct ctx *c)
{
	const struct ui_flow	*f = c->f;
	const struct poll	*p = f->poll;
	char			 b[256];
	long			 wait;
	int			 y, i, x;

	lang_hint(c, b, sizeof b);
	frame_edges(c, NULL);
	y = c->top + 1;
	if (c->v != NULL && c->v->village != NULL)
		center(c, y++, c->v->village, UI_A_NORMAL);
	y++;
	y += center_wrap(c, y, 4, ptext(c, &p->title), UI_A_TITLE) + 1;
	if (p->intro.s[0] != NULL)
		y += center_wrap(c, y, 4, ptext(c, &p->intro), UI_A_NORMAL) + 1;
	wait = f->now < f->next_ballot ? (long)((f->next_ballot - f->now +
	    999) / 1000) : 0;
	y = y < c->bottom - 6 ? c->bottom - 6 : y;
	if (wait > 0) {
		snprintf(b, sizeof b, _("Please wait %ld seconds"), wait);
		center(c, y, b, UI_A_KEY);
	} else {
		ui_frame_fill(c->fr, y - 1, MARGIN, 3, c->fr->cols - 2 *
		    MARGIN, UI_A_HILITE);
		center(c, y, _("Press any key to start"), UI_A_HILITE);
		ui_frame_hit(c->fr, y - 1, MARGIN, 3, c->fr->cols - 2 * MARGIN,
		    UI_K_OTHER, 0);
	}
	/* Every language in its own name, each one a click target. */
	if (ui_flow_next_lang(f) != f->lang) {
		int total = 0;

		for (i = 0; i < p->n_langs; i++)
			if (!(f->lang_hidden & (1u << i)))
				total += text_width(i18n_lang_name(
				    p->langs[i])) + 6;
		x = center_x(c, total);
		y = c->bottom - 1;
		for (i = 0; i < p->n_langs; i++) {
			int w0 = x;

			if (f->lang_hidden & (1u << i))
				continue;

			x += ui_frame_put(c->fr, y, x, i == f->lang ? "[*] " :
			    "[ ] ", UI_A_KEY);
			x += ui_frame_put(c->fr, y, x, i18n_lang_name(
			    p->langs[i]), i == f->lang ? UI_A_TITLE :
			    UI_A_NORMAL);
			ui_frame_hit(c->fr, y, w0, 1, x - w0, UI_K_LANG, i);
			x += 2;
		}
		center(c, y + 1, _("Press * to change the language"),
		    UI_A_DIM);
	}
}

/* Digits typed so far, grouped like the printed slip: "123 456 78_ ...". */
static void
grouped(const struct ui_flow *f, char *out, int mask)
{
	int	i, o = 0;

	for (i = 0; i < CODES_DIGITS; i++) {
		if (i > 0 && i % 3 == 0)
			out[o++] = ' ';
		out[o++] = i < f->n_entry ? (mask ? '*' : f->entry[i]) :
		    (i == f->n_entry ? '_' : '.');
	}
	out[o] = '\0';
}

static const char *
msg_text(const struct ui_flow *f, char *buf, size_t len)
{
	switch (f->msg) {
	case UI_M_CODE_TYPO:
		return _("This code is not right: please check it and type "
		    "it again");
	case UI_M_CODE_WRONG:
		return _("This household code is not valid");
	case UI_M_CODE_USED:
		return _("This household code has already been used");
	case UI_M_PIN_WRONG:
		snprintf(buf, len, _("Wrong PIN; wait %ld seconds"), f->wait);
		return buf;
	case UI_M_PIN_LOCKED:
		snprintf(buf, len, _("Locked: try again in %ld seconds"),
		    f->wait);
		return buf;
	case UI_M_PIN_UNSET:
		return _("No PIN is set for this on the kiosk");
	case UI_M_ERROR:
		return _("The kiosk could not check this: please call an "
		    "official");
	default:
		return NULL;
	}
}

/* A row of clickable digit keys for touch screens. */
static void
keypad(struct ctx *c, int y)
{
	int	x = center_x(c, 10 * 4 + 8), d;

	for (d = 1; d <= 10; d++) {
		char k[8];

		snprintf(k, sizeof k, "[%d]", d % 10);
		ui_frame_put(c->fr, y, x, k, UI_A_KEY);
		ui_frame_hit(c->fr, y, x, 1, 3, UI_K_DIGIT, d % 10);
		x += 4;
	}
	ui_frame_put(c->fr, y, x, _("[Erase]"), UI_A_KEY);
	ui_frame_hit(c->fr, y, x, 1, 8, UI_K_BACK, 0);
}

static void
render_code(struct ctx *c)
{
	const struct ui_flow	*f = c->f;
	char			 hints[256], lh[128], digits[16], b[256];
	const char		*m;
	long			 wait = ui_flow_code_wait(f);
	int			 y;

	lang_hint(c, lh, sizeof lh);
	snprintf(hints, sizeof hints, "%s%s", _("Backspace = erase / back"),
	    lh);
	frame_edges(c, hints);
	y = c->top + 1;
	center(c, y, _("Enter your household code"), UI_A_TITLE);
	y += 1 + center_wrap(c, y + 1, 2, _("The code is printed on the slip "
	    "given to your household"), UI_A_NORMAL) + 1;
	grouped(f, digits, 0);
	if (c->bottom - y >= BIG_H + 6 && c->fr->cols >= big_width(digits)) {
		big_put(c->fr, y, center_x(c, big_width(digits)), digits,
		    UI_A_KEY);
		y += BIG_H + 1;
	} else {
		center(c, y, digits, UI_A_KEY);
		y += 2;
	}
	if (wait > 0) {
		snprintf(b, sizeof b, _("Please wait %ld seconds"), wait);
		center(c, y + 1, b, UI_A_BANNER);
	}
	if ((m = msg_text(f, b, sizeof b)) != NULL)
		center_wrap(c, y, 1, m, UI_A_BANNER);
	if (c->bottom - y >= 3)
		keypad(c, c->bottom - 1);
}

static void
render_pin(struct ctx *c, const char *title, const char *prompt)
{
	const struct ui_flow	*f = c->f;
	char			 dots[UI_ENTRY_MAX + 2], b[256];
	const char		*m;
	int			 y, i;

	frame_edges(c, _("Backspace = erase / back"));
	y = c->top + 2;
	y += center_wrap(c, y, 3, title, UI_A_TITLE) + 1;
	y += center_wrap(c, y, 3, prompt, UI_A_NORMAL) + 1;
	for (i = 0; i < f->n_entry; i++)
		dots[i] = '*';
	dots[i++] = '_';
	dots[i] = '\0';
	center(c, y, dots, UI_A_KEY);
	if ((m = msg_text(f, b, sizeof b)) != NULL)
		center_wrap(c, y + 2, 2, m, UI_A_BANNER);
	if (c->bottom - y >= 5)
		keypad(c, c->bottom - 1);
}

static const char *
option_label(const struct ctx *c, int q, int item)
{
	return clip_label(&c->f->poll->questions[q], item, c->f->lang);
}

/* The key that picks item i: 1..9, then 0 for the tenth, then none. */
static char
item_key(int i)
{
	return i < 9 ? (char)('1' + i) : i == 9 ? '0' : ' ';
}

enum face { FACE_NONE = -1, FACE_SMILE, FACE_NEUTRAL, FACE_FROWN };

/*
 * The face for item i of question q, so that a voter who cannot read can
 * still choose: satisfied smiles, not satisfied frowns, no opinion and the
 * middle of a scale are neutral.  Choice questions have none.
 */
static enum face
item_face(const struct ctx *c, int q, int item)
{
	const struct poll_question	*pq = &c->f->poll->questions[q];
	static const enum face		 scale[5] = { FACE_FROWN, FACE_FROWN,
					     FACE_NEUTRAL, FACE_SMILE,
					     FACE_SMILE };

	if (pq->kind == POLL_CHOICE)
		return FACE_NONE;
	if (item >= pq->n_options)
		return FACE_NEUTRAL;
	if (pq->kind == POLL_SATISFACTION)
		return item == 0 ? FACE_SMILE : FACE_FROWN;
	return item < 5 ? scale[item] : FACE_NONE;
}

static enum ui_attr
face_attr(enum face fc)
{
	return fc == FACE_SMILE ? UI_A_GOOD : fc == FACE_FROWN ? UI_A_BAD :
	    UI_A_MID;
}

#define FACE_W		5

/*
 * Draw a face in block characters, two rows by FACE_W columns (or one
 * short row when only one fits): eyes over a mouth whose corners go up,
 * stay level or go down.  The shape carries the meaning, the colour only
 * repeats it, so a monochrome panel loses nothing.
 */
static void
face_put(struct ui_frame *fr, int y, int x, int h, enum face fc,
    enum ui_attr a)
{
	static const char *utf[3][2] = {
		{ " \xe2\x96\x80 \xe2\x96\x80 ",
		  "\xe2\x96\x80\xe2\x96\x84\xe2\x96\x84\xe2\x96\x84\xe2\x96\x80" },
		{ " \xe2\x96\x80 \xe2\x96\x80 ",
		  " \xe2\x96\x80\xe2\x96\x80\xe2\x96\x80 " },
		{ " \xe2\x96\x80 \xe2\x96\x80 ",
		  "\xe2\x96\x84\xe2\x96\x80\xe2\x96\x80\xe2\x96\x80\xe2\x96\x84" },
	};
	static const char *asc[3][2] = {
		{ " o o ", "\\___/" }, { " o o ", " --- " },
		{ " o o ", "/^^^\\" },
	};
	static const char *small[3] = { ":-)", ":-|", ":-(" };

	if (fc == FACE_NONE)
		return;
	if (h < 2) {
		ui_frame_put(fr, y, x + 1, small[fc], a);
		return;
	}
	ui_frame_put(fr, y, x, fr->ascii ? asc[fc][0] : utf[fc][0], a);
	ui_frame_put(fr, y + 1, x, fr->ascii ? asc[fc][1] : utf[fc][1], a);
}

/* The line under the options: which keys to press, and what was chosen. */
static void
question_keys(struct ctx *c, int m)
{
	const struct ui_flow	*f = c->f;
	char			 b[256];

	if (f->cursor < 0 || f->cursor >= m)
		snprintf(b, sizeof b, _("Press the number of your answer "
		    "(1 to %d)"), m < 10 ? m : 10);
	else if (item_key(f->cursor) == ' ')	/* past the tenth: no digit */
		snprintf(b, sizeof b, "%s", _("Press Enter to answer"));
	else
		snprintf(b, sizeof b, _("You chose %c. Press %c again or "
		    "Enter to answer"), item_key(f->cursor),
		    item_key(f->cursor));
	ui_frame_fill(c->fr, c->bottom, 0, 1, c->fr->cols, f->cursor >= 0 ?
	    UI_A_HILITE : UI_A_NORMAL);
	center(c, c->bottom, b, f->cursor >= 0 ? UI_A_HILITE : UI_A_KEY);
	c->bottom -= 2;
}

/*
 * One option: the mark of the choice, the key, the face and the label.
 * A chosen option is filled (reverse video, and yellow where there is
 * colour), marked ">>" on the left and "<< chosen" on the right.
 */
static void
question_item(struct ctx *c, int y, int h, int big, int i)
{
	const struct ui_flow	*f = c->f;
	const char		*label = option_label(c, f->q, i);
	enum face		 fc = item_face(c, f->q, i);
	int			 hl = i == f->cursor, x, tw, lines, mw = 0;
	enum ui_attr		 a = hl ? UI_A_HILITE : UI_A_NORMAL;
	char			 k[2] = { item_key(i), '\0' };

	if (hl) {
		const char *mark = _("<< chosen");

		ui_frame_fill(c->fr, y, c->x0, h, c->w, a);
		ui_frame_put(c->fr, y + (h - 1) / 2, c->x0, ">>", a);
		mw = text_width(mark) + 1;
		ui_frame_put(c->fr, y + (h - 1) / 2, c->x0 + c->w - mw + 1,
		    mark, a);
	}
	x = c->x0 + 3;
	if (big) {
		big_put(c->fr, y, x, k, a);
		x += BIG_W + 2;
	} else {
		ui_frame_put(c->fr, y + (h - 1) / 2, x, k, hl ? a : UI_A_KEY);
		x += 2;
	}
	if (item_face(c, f->q, 0) != FACE_NONE) {
		face_put(c->fr, y + (h >= 3 ? (h - 2) / 2 : 0), x, h, fc,
		    hl ? a : face_attr(fc));
		x += FACE_W + 2;
	}
	tw = c->x0 + c->w - x - mw;
	lines = ui_frame_wrap_lines(c->fr, tw, label);
	/* The label sits in the middle of the option's rows. */
	ui_frame_wrap(c->fr, y + (lines < h ? (h - lines) / 2 : 0), x, tw, h,
	    label, hl ? a : UI_A_TITLE);
	if (f->answered[f->q] && f->answers[f->q] ==
	    ui_flow_item_answer(f, f->q, i) && !hl)
		ui_frame_put(c->fr, y, c->x0 + c->w - 3, "(*)", UI_A_KEY);
	ui_frame_hit(c->fr, y, c->x0, h, c->w, UI_K_PICK, i);
}

static void
render_question(struct ctx *c)
{
	const struct ui_flow		*f = c->f;
	const struct poll_question	*pq = &f->poll->questions[f->q];
	char				 b[256], lh[128];
	int				 m = ui_flow_items(f, f->q);
	int				 y, i, per, big, avail, qh;

	lang_hint(c, lh, sizeof lh);
	snprintf(b, sizeof b, "%s%s", f->editing ?
	    _("Back = return to the review") : f->q == 0 ?
	    _("Back = cancel") : _("Back = previous question"), lh);
	frame_edges(c, b);
	question_keys(c, m);
	snprintf(b, sizeof b, _("Question %d/%d"), f->q + 1,
	    f->poll->n_questions);
	ui_frame_put(c->fr, c->top, c->x0, b, UI_A_KEY);
	y = c->top + 2;
	/* The question keeps at least one row per option below it. */
	qh = c->bottom - y - m;
	y += ui_frame_wrap(c->fr, y, c->x0, c->w, qh < 6 ? (qh < 1 ? 1 : qh) :
	    6, ptext(c, &pq->text), UI_A_TITLE) + 1;
	avail = c->bottom - y + 1;
	/* Block-glyph numbers when every option fits at 6 lines. */
	big = avail >= m * (BIG_H + 1) && c->fr->cols >= 60;
	per = big ? BIG_H + 1 : avail >= 3 * m ? 3 : avail >= 2 * m ? 2 : 1;
	for (i = 0; i < m && y <= c->bottom; i++) {
		int h = big ? BIG_H : per > 1 ? per - (per > 2) : 1;

		if (y + h > c->bottom + 1)
			h = c->bottom + 1 - y;
		question_item(c, y, h, big, i);
		y += per;
	}
}

/*
 * Two buttons side by side, neither chosen until the voter chooses; the
 * chosen one is filled and marked, with the confirming key said under it.
 */
static void
buttons(struct ctx *c, int y, const char *one, const char *two)
{
	const char	*label[2] = { one, two };
	int		 w[2], x[2], i, cur = c->f->cursor;
	char		 b[256];

	w[0] = text_width(one) + 4;
	w[1] = text_width(two) + 4;
	x[0] = center_x(c, w[0] + w[1] + 4);
	x[1] = x[0] + w[0] + 4;
	for (i = 0; i < 2; i++) {
		ui_frame_fill(c->fr, y - 1, x[i], 3, w[i], cur == i ?
		    UI_A_HILITE : UI_A_NORMAL);
		ui_frame_put(c->fr, y, x[i] + 2, label[i], cur == i ?
		    UI_A_HILITE : UI_A_KEY);
		ui_frame_hit(c->fr, y - 1, x[i], 3, w[i], UI_K_PICK, i);
		if (cur == i)
			ui_frame_put(c->fr, y, x[i], ">", UI_A_HILITE);
	}
	if (cur == 0 || cur == 1)
		snprintf(b, sizeof b, _("You chose %d. Press %d again or Enter "
		    "to confirm"), cur + 1, cur + 1);
	else
		snprintf(b, sizeof b, _("Press 1 or 2"));
	center(c, y + 2, b, cur >= 0 ? UI_A_HILITE : UI_A_KEY);
}

/*
 * s cut to at most w columns at a word's end, with an ellipsis to say so
 * (never half a word that reads as another: "không" must not become
 * "khôn").  buf holds the result.
 */
static const char *
fit_words(const struct ctx *c, const char *s, int w, char *buf, size_t len)
{
	const char	*dots = c->fr->ascii ? "..." : "\xe2\x80\xa6";
	int		 dw = c->fr->ascii ? 3 : 1;
	size_t		 n;

	if (text_width(s) <= w)
		return s;
	if (w <= dw) {
		snprintf(buf, len, "%s", w >= dw ? dots : "");
		return buf;
	}
	n = text_fit(s, w - dw);
	/* Back to the last space, unless the cut falls just before one. */
	if (s[n] != ' ')
		while (n > 0 && s[n - 1] != ' ')
			n--;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	snprintf(buf, len, "%.*s%s", (int)n, s, dots);
	return buf;
}

/*
 * The answers, one row each: the question's number and text, cut at a word
 * with an ellipsis, and the answer on the right.  The list scrolls with
 * Up/Down, and says how many answers lie above and below it.
 */
static void
review_list(struct ctx *c, int y, int rows)
{
	const struct ui_flow	*f = c->f;
	const struct poll	*p = f->poll;
	char			 b[512], t[512];
	int			 first, i, x, w, aw, n = p->n_questions;

	first = f->q;
	if (!f->picking && first > n - rows)
		first = n - rows;
	if (f->picking)
		first = f->q - rows / 2 > n - rows ? n - rows : f->q - rows / 2;
	if (first < 0)
		first = 0;
	if (first > 0) {
		snprintf(b, sizeof b, _("^ %d more above (Up)"), first);
		ui_frame_put(c->fr, y - 1, c->x0 + 4, b, UI_A_KEY);
	}
	for (i = first; i < n && i < first + rows; i++, y++) {
		int hl = i == f->q && f->picking;
		enum ui_attr a = hl ? UI_A_HILITE : UI_A_NORMAL;
		const char *ans = option_label(c, i, f->answers[i] == 0 ?
		    p->questions[i].n_options : f->answers[i] - 1);

		if (hl)
			ui_frame_fill(c->fr, y, c->x0, 1, c->w, a);
		snprintf(b, sizeof b, "%s%2d.", hl ? ">" : " ", i + 1);
		x = c->x0 + ui_frame_put(c->fr, y, c->x0, b, hl ? a :
		    UI_A_KEY) + 1;
		aw = text_width(ans);
		if (aw > c->w / 2)
			aw = c->w / 2;
		ans = fit_words(c, ans, aw, t, sizeof t);
		aw = text_width(ans);
		ui_frame_put(c->fr, y, c->x0 + c->w - aw, ans, hl ? a :
		    UI_A_TITLE);
		w = c->x0 + c->w - aw - 2 - x;
		if (w > 0)
			ui_frame_put(c->fr, y, x, fit_words(c, ptext(c,
			    &p->questions[i].text), w, b, sizeof b), a);
		ui_frame_hit(c->fr, y, c->x0, 1, c->w, UI_K_EDIT, i);
	}
	if (first + rows < n) {
		snprintf(b, sizeof b, _("v %d more below (Down)"),
		    n - first - rows);
		ui_frame_put(c->fr, y, c->x0 + 4, b, UI_A_KEY);
	}
}

/* The review screen: every answer, and the buttons under them. */
static void
render_review(struct ctx *c)
{
	const struct ui_flow	*f = c->f;
	char			 b[512], lh[128];
	int			 y, rows;

	lang_hint(c, lh, sizeof lh);
	snprintf(b, sizeof b, "%s%s", _("Up/Down = scroll"), lh);
	frame_edges(c, b);
	y = c->top;
	center(c, y, _("Please check your answers"), UI_A_TITLE);
	y += 2;
	/*
	 * The buttons take the last 4 lines; the list scrolls above them,
	 * with a line each for "more above" and "more below" when it must.
	 */
	rows = c->bottom - 4 - y;
	if (rows < f->poll->n_questions)
		rows -= 1;
	if (rows < 1)
		rows = 1;
	review_list(c, y, rows);
	y = c->bottom - 2;
	if (f->picking) {
		snprintf(b, sizeof b, "%s  %s", _("Type the number of the "
		    "question to change, then Enter"), f->entry);
		center_wrap(c, y, 2, b, UI_A_BANNER);
		return;
	}
	buttons(c, y, _("1 = Send the ballot"), _("2 = Change an answer"));
}

static void
render_leave(struct ctx *c)
{
	int	y;

	frame_edges(c, _("Back = continue the ballot"));
	y = c->top + 2;
	y += center_wrap(c, y, 3, _("Leave this ballot?"), UI_A_TITLE) + 1;
	center_wrap(c, y, 3, _("Your answers will be thrown away and nothing "
	    "will be recorded."), UI_A_NORMAL);
	buttons(c, c->bottom - 3, _("1 = Leave"), _("2 = Continue"));
}

char *
ui_receipt_qr_text(const struct ui_flow *f)
{
	if (f->poll != NULL && f->poll->lookup != NULL)
		return util_printf("%s/polls/%s/#%s", f->poll->lookup,
		    f->poll->id, f->receipt);
	return util_strdup(f->receipt);
}

#define THANKS_MIN_TEXT	22	/* columns of text beside the QR code */

/*
 * The receipt's QR code, drawn flush right (its light quiet zone is its
 * margin), or NULL when the screen cannot hold it.  ISO/IEC 18004 asks
 * for a quiet zone of 4 modules; 2 where 4 does not fit beside the text.
 * Phone decoders read 2 (and tests/e2e/ui-receipt-qr.sh has zbar read
 * what tmux shows).  Only a screen too short even for 2 may lose the
 * zone's lines under the code down to one module: a receipt URL of some
 * 60 to 80 bytes makes a 33-module code, and the 18 lines of a 64x18
 * panel hold 36 modules; the panel's dark edge lies below that module.
 * *textw gets the columns left for the text.
 */
static struct qr *
thanks_qr(struct ctx *c, int *textw)
{
	static const int quiet[] = { 4, 2 };
	struct qr	*q = NULL;
	char		*qt;
	int		 pass, i, avail = c->bottom - c->top + 1;

	*textw = c->w;
	if ((qt = ui_receipt_qr_text(c->f)) == NULL)
		return NULL;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < (int)(sizeof quiet / sizeof quiet[0]); i++) {
			if (qr_render(qt, c->fr->ascii, quiet[i], &q, NULL) != 0)
				goto out;
			if (q->cols + THANKS_MIN_TEXT + 2 * MARGIN <=
			    c->fr->cols && q->rows - (pass ? q->cut : 0) <=
			    avail)
				goto out;
			qr_free(q);
			q = NULL;
		}
out:
	free(qt);
	if (q != NULL) {
		for (i = 0; i < q->rows && i < avail; i++)
			ui_frame_put(c->fr, c->top + i, c->fr->cols - q->cols,
			    q->line[i], UI_A_NORMAL);
		*textw = c->fr->cols - q->cols - 2 * MARGIN;
	}
	return q;
}

static void
render_thanks(struct ctx *c)
{
	const struct ui_flow	*f = c->f;
	struct qr		*q;
	int			 y, x, textw, bw = big_width(f->receipt);

	frame_edges(c, NULL);
	y = c->top + 1;
	q = thanks_qr(c, &textw);
	y += ui_frame_wrap(c->fr, y, c->x0, textw, 3,
	    _("Thank you! Your ballot has been recorded."), UI_A_TITLE) + 1;
	y += ui_frame_wrap(c->fr, y, c->x0, textw, 2, _("Your receipt code:"),
	    UI_A_NORMAL);
	x = c->x0 + (textw - bw) / 2;
	if (bw <= textw && c->bottom - y >= BIG_H + 4) {
		big_put(c->fr, y + 1, x < c->x0 ? c->x0 : x, f->receipt,
		    UI_A_KEY);
		y += BIG_H + 2;
	}
	ui_frame_put(c->fr, y++, c->x0 + (textw - RECEIPT_LEN) / 2,
	    f->receipt, UI_A_TITLE);
	y++;
	ui_frame_wrap(c->fr, y, c->x0, textw, c->bottom - y,
	    _("Keep this code: with it you can check that your ballot was "
	    "counted, but nobody can see how you voted."), UI_A_NORMAL);
	qr_free(q);
}

/* An important line in the voter's language, and in English under it. */
static int
bilingual(struct ctx *c, int y, const char *msgid, enum ui_attr a)
{
	const char	*t = _(msgid);

	center(c, y, t, a);
	if (strcmp(t, msgid) != 0) {
		center(c, y + 1, msgid, a);
		return 2;
	}
	return 1;
}

/* bilingual(), wrapped: at most h lines for each language. */
static int
bilingual_wrap(struct ctx *c, int y, int h, const char *msgid,
    enum ui_attr a)
{
	const char	*t = _(msgid);
	int		 n;

	n = center_wrap(c, y, h, t, a);
	if (strcmp(t, msgid) != 0)
		n += center_wrap(c, y + n, h, msgid, a);
	return n;
}

/*
 * The store failed its check (store_selftest): no voter has answered
 * anything, so the screen says why and what the official should do.
 */
static void
render_fault(struct ctx *c, enum ui_fault why)
{
	static const struct {
		const char	*why, *todo;
	} text[] = {
		[UI_F_DAMAGED] = { N_("The kiosk's data is damaged."),
		    N_("Official: do not switch it off or erase the card. Call "
		    "the province technician: the ballots on the card can be "
		    "recovered.") },
		[UI_F_WRITE] = { N_("The kiosk cannot write to its memory "
		    "card."), N_("Official: check that the card is in place "
		    "and not locked read-only, then restart the kiosk. If it "
		    "stays, call the province technician.") },
		[UI_F_FULL] = { N_("The kiosk's memory card is full."),
		    N_("Official: erase nothing. Call the province technician "
		    "for a larger card.") },
	};
	int	y;

	frame_edges(c, NULL);
	y = c->top + 1;
	y += bilingual(c, y, N_("OUT OF SERVICE"), UI_A_BANNER) + 1;
	y += bilingual_wrap(c, y, 2, text[why].why, UI_A_TITLE) + 1;
	bilingual_wrap(c, y, 3, text[why].todo, UI_A_NORMAL);
	center(c, c->bottom, _("Officials: F12 for the menu"), UI_A_DIM);
}

static void
render_failure(struct ctx *c, int out_of_service)
{
	int	y;

	frame_edges(c, NULL);
	y = c->top + 2;
	if (out_of_service) {
		y += bilingual(c, y, N_("OUT OF SERVICE"), UI_A_BANNER) + 1;
		y += bilingual(c, y, N_("Your ballot was NOT recorded"),
		    UI_A_TITLE) + 1;
		y += center_wrap(c, y, 3, _("Please call an official. The "
		    "kiosk keeps retrying and will come back by itself."),
		    UI_A_NORMAL) + 1;
		center(c, c->bottom, _("Officials: F12 for the menu"),
		    UI_A_DIM);
		return;
	}
	ui_frame_fill(c->fr, y - 1, 0, 4, c->fr->cols, UI_A_BANNER);
	bilingual(c, y, N_("Your ballot was NOT recorded"), UI_A_BANNER);
	y += 4;
	center_wrap(c, y, 3, _("The kiosk could not store it. Please tell an "
	    "official."), UI_A_TITLE);
}

/* The poll went from testing to open (or back) during the ballot. */
static void
render_restarted(struct ctx *c)
{
	int	y;

	frame_edges(c, _("Press any key"));
	y = c->top + 2;
	ui_frame_fill(c->fr, y - 1, 0, 4, c->fr->cols, UI_A_BANNER);
	bilingual(c, y, N_("This ballot was NOT recorded"), UI_A_BANNER);
	y += 4;
	y += center_wrap(c, y, 4, _("The officials changed the poll (the test "
	    "ended, or voting was paused) while you were answering. Please "
	    "start again from the beginning."), UI_A_TITLE) + 1;
	ui_frame_hit(c->fr, 0, 0, c->fr->rows, c->fr->cols, UI_K_OTHER, 0);
}

static void
render_still_there(struct ctx *c)
{
	const struct ui_flow	*f = c->f;
	char			 b[128];
	long			 left = (long)((f->deadline - f->now + 999) /
				     1000);
	int			 y;

	frame_edges(c, NULL);
	y = c->top + (c->bottom - c->top) / 2 - 3;
	ui_frame_fill(c->fr, y - 1, MARGIN, 7, c->fr->cols - 2 * MARGIN,
	    UI_A_HILITE);
	center(c, y, _("Are you still there?"), UI_A_HILITE);
	center(c, y + 2, _("Press any key to continue"), UI_A_HILITE);
	snprintf(b, sizeof b, _("%ld seconds left"), left < 0 ? 0 : left);
	center(c, y + 4, b, UI_A_HILITE);
	ui_frame_hit(c->fr, 0, 0, c->fr->rows, c->fr->cols, UI_K_OTHER, 0);
}

static void
render_admin_status(struct ctx *c)
{
	const struct ui_view	*v = c->v;
	const struct poll	*p = c->f->poll;
	char			 b[256];
	int			 y;

	frame_edges(c, _("Press any key to go back"));
	y = c->top + 1;
	center(c, y, _("Kiosk status"), UI_A_TITLE);
	y += 2;
	snprintf(b, sizeof b, "%s: %s", _("Poll"), p != NULL ? p->id : "-");
	ui_frame_put(c->fr, y++, c->x0, b, UI_A_NORMAL);
	snprintf(b, sizeof b, "%s: %s", _("State"), v != NULL && v->state !=
	    NULL ? v->state : "-");
	ui_frame_put(c->fr, y++, c->x0, b, UI_A_NORMAL);
	/* A count only: totals are never shown while a poll is open. */
	snprintf(b, sizeof b, "%s: %lld", _("Ballots cast"), v != NULL ?
	    v->ballots : 0);
	ui_frame_put(c->fr, y++, c->x0, b, UI_A_NORMAL);
	snprintf(b, sizeof b, "%s: %lld", _("Test ballots"), v != NULL ?
	    v->test_ballots : 0);
	ui_frame_put(c->fr, y++, c->x0, b, UI_A_NORMAL);
	snprintf(b, sizeof b, "%s: %lld", _("Ballots not yet sent to the "
	    "province"), v != NULL ? v->unsent : 0);
	ui_frame_put(c->fr, y++, c->x0, b, UI_A_NORMAL);
	if (v != NULL && v->clock != NULL) {
		snprintf(b, sizeof b, "%s: %s%s", _("Date and time (Vietnam)"),
		    v->clock, v->clock_bad ? _("  (the clock looks wrong)") :
		    "");
		ui_frame_put(c->fr, y++, c->x0, b, v->clock_bad ?
		    UI_A_BANNER : UI_A_NORMAL);
	}
	y++;
	ui_frame_put(c->fr, y++, c->x0, _("Kiosk key fingerprint:"),
	    UI_A_NORMAL);
	ui_frame_put(c->fr, y++, c->x0 + 2, v != NULL && v->fingerprint !=
	    NULL ? v->fingerprint : "-", UI_A_KEY);
}

void
ui_render(const struct ui_flow *f, const struct ui_view *v,
    struct ui_frame *fr)
{
	struct ctx	c;

	ui_frame_clear(fr);
	memset(&c, 0, sizeof c);
	c.f = f;
	c.v = v;
	c.fr = fr;
	c.x0 = MARGIN;
	c.w = fr->cols - 2 * MARGIN;
	if (c.w < 1)
		c.w = 1;
	switch (f->screen) {
	case UI_S_UNAVAILABLE:
		render_unavailable(&c);
		break;
	case UI_S_WELCOME:
		render_welcome(&c);
		break;
	case UI_S_CODE:
		render_code(&c);
		break;
	case UI_S_ACTIVATE:
		render_pin(&c, _("Please wait for an official to activate "
		    "the kiosk"), _("Official: type the activation PIN, then "
		    "Enter"));
		break;
	case UI_S_QUESTION:
		render_question(&c);
		break;
	case UI_S_REVIEW:
		render_review(&c);
		break;
	case UI_S_CASTING:
		frame_edges(&c, NULL);
		center(&c, fr->rows / 2, _("Recording your ballot..."),
		    UI_A_TITLE);
		break;
	case UI_S_THANKS:
		render_thanks(&c);
		break;
	case UI_S_NOT_RECORDED:
		render_failure(&c, 0);
		break;
	case UI_S_OUT_OF_SERVICE:
		if (v->fault != UI_F_NONE)
			render_fault(&c, v->fault);
		else
			render_failure(&c, 1);
		break;
	case UI_S_STILL_THERE:
		render_still_there(&c);
		break;
	case UI_S_LEAVE:
		render_leave(&c);
		break;
	case UI_S_RESTARTED:
		render_restarted(&c);
		break;
	case UI_S_ADMIN_PIN:
		render_pin(&c, _("Officials' menu"), _("Type the official's "
		    "PIN, then Enter"));
		break;
	case UI_S_ADMIN_MENU:
	case UI_S_ADMIN_PIN2:
	case UI_S_ADMIN_FORM:
	case UI_S_ADMIN_TEXT:
		ui_admin_render(f, v, fr);
		break;
	case UI_S_ADMIN_STATUS:
		render_admin_status(&c);
		break;
	}
}
