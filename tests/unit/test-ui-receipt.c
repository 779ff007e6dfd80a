/*
 * The receipt in block letters, as the thanks screen draws it: every
 * character a receipt can hold (the Crockford digits and the dash) must
 * come out as its own shape, and the pairs a voter copying the code by
 * hand was seen to confuse (M and W, N and D) must differ plainly, not by
 * a cell or two.  Each glyph is read back from a rendered frame, so this
 * checks what the voter sees, not the font table.
 */
#include "testutil.h"
#include "ykien/poll.h"
#include "ykien/ui.h"

#define ALPHABET	"0123456789ABCDEFGHJKMNPQRSTVWXYZ-"
#define GLYPH_MAX	16	/* columns */
#define GLYPH_H		5

static const struct ui_timing timing = { 80000, 10000, 20000, 8000, 5000,
    5000 };

/* A cell of the big letters: a full block in the key attribute. */
static int
ink(const struct ui_frame *fr, int y, int x)
{
	const struct ui_cell	*c = &fr->cells[y * fr->cols + x];

	return c->attr == UI_A_KEY && strcmp(c->ch, "\u2588") == 0;
}

struct glyph {
	char	c;
	int	w;
	char	ink[GLYPH_H][GLYPH_MAX];
};

/*
 * Render the thanks screen (rows x cols) with receipt s and find the box
 * of the big letters' ink (bold full blocks): 0 if none was drawn.
 */
static int
render(const struct poll *p, int rows, int cols, const char *s,
    struct ui_frame **out, int box[4])
{
	struct ui_flow	 f;
	struct ui_view	 v = { .village = "Bản Mẫu" };
	struct ui_frame	*fr;
	int		 y, x;

	ui_flow_init(&f, p, UI_AVAIL_OPEN, &timing, 1000);
	f.screen = UI_S_THANKS;
	snprintf(f.receipt, sizeof f.receipt, "%s", s);
	assert_non_null(fr = ui_frame_new(rows, cols, 0));
	ui_render(&f, &v, fr);
	box[0] = rows, box[1] = -1, box[2] = cols, box[3] = -1;
	for (y = 0; y < rows; y++)
		for (x = 0; x < cols; x++) {
			if (!ink(fr, y, x))
				continue;
			box[0] = y < box[0] ? y : box[0];
			box[1] = y > box[1] ? y : box[1];
			box[2] = x < box[2] ? x : box[2];
			box[3] = x > box[3] ? x : box[3];
		}
	*out = fr;
	return box[1] >= 0;
}

/*
 * The glyph of c as drawn between two 8s ("8c8"): an 8 is inked in its
 * first and last columns on all five rows, so the box of the three is
 * exact and c's own blank columns are kept.
 */
static void
glyph_of(const struct poll *p, char c, struct glyph *g)
{
	struct ui_frame	*fr;
	char		 s[4] = { '8', c, '8', '\0' };
	int		 b[4], y, x;

	if (!render(p, 24, 80, s, &fr, b))
		fail_msg("no big letters for \"%s\" at 80x24", s);
	assert_int_equal(b[1] - b[0] + 1, GLYPH_H);
	memset(g, 0, sizeof *g);
	g->c = c;
	g->w = b[3] - b[2] + 1 - 2 * 4;
	assert_true(g->w > 0 && g->w <= GLYPH_MAX);
	for (y = 0; y < GLYPH_H; y++)
		for (x = 0; x < g->w; x++)
			g->ink[y][x] = (char)ink(fr, b[0] + y, b[2] + 4 + x);
	ui_frame_free(fr);
}

/* Cells that differ, the narrower glyph padded with blank columns. */
static int
distance(const struct glyph *a, const struct glyph *b)
{
	int	y, x, d = 0, w = a->w > b->w ? a->w : b->w;

	for (y = 0; y < GLYPH_H; y++)
		for (x = 0; x < w; x++)
			d += a->ink[y][x] != b->ink[y][x];
	return d;
}

static const struct glyph *
find(const struct glyph *g, int n, char c)
{
	int	i;

	for (i = 0; i < n; i++)
		if (g[i].c == c)
			return &g[i];
	fail_msg("no glyph for %c", c);
	return NULL;
}

static void
receipt_glyphs_distinct(void **state)
{
	struct poll	*p = NULL;
	struct glyph	 g[sizeof ALPHABET - 1];
	const char	*pairs[] = { "MW", "ND", "MN", "WN", "0D", "8B", "5S",
	    "2Z" };
	int		 i, j, n = (int)sizeof ALPHABET - 1;
	size_t		 k;

	(void)state;
	assert_int_equal(poll_load_file(TOP_SRCDIR
	    "/kiosk-config/polls/demo.json", &p, NULL), 0);
	for (i = 0; i < n; i++)
		glyph_of(p, ALPHABET[i], &g[i]);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (g[i].w == g[j].w && distance(&g[i], &g[j]) == 0)
				fail_msg("%c and %c look the same", g[i].c,
				    g[j].c);
	/*
	 * The letters voters misread: a different width, or at least three
	 * cells apart (a 3x5 font's 0 and 8 differ by one; these must not).
	 */
	for (k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
		const struct glyph *a = find(g, n, pairs[k][0]);
		const struct glyph *b = find(g, n, pairs[k][1]);

		if (a->w == b->w && distance(a, b) < 3)
			fail_msg("%c and %c differ by %d cells", a->c, b->c,
			    distance(a, b));
	}
	/* M, W, N and D drawn wider than the 3-column letters and digits. */
	assert_true(find(g, n, 'M')->w > 3 && find(g, n, 'W')->w > 3);
	assert_true(find(g, n, 'N')->w > 3 && find(g, n, 'D')->w > 3);
	poll_free(p);
}

/*
 * A receipt of about the average width, with an M and a D, gets its big
 * letters beside the QR code (and its 4-module quiet zone) at 80x24; a
 * wider one may not fit, and the widest there is (five Ms, five Ws) then
 * still shows on the plain line.
 */
static void
receipt_big_fits(void **state)
{
	struct poll	*p = NULL;
	struct ui_frame	*fr;
	char		*t;
	int		 b[4];

	(void)state;
	assert_int_equal(poll_load_file(TOP_SRCDIR
	    "/kiosk-config/polls/demo.json", &p, NULL), 0);
	assert_true(render(p, 24, 80, "7K3QD-M9XPA", &fr, b));
	/* 3 3 3 3 4, a 3-column dash, 5 3 3 3 3; ten gaps. */
	assert_int_equal(b[3] - b[2] + 1, 16 + 3 + 17 + 10);
	ui_frame_free(fr);
	(void)render(p, 24, 80, "MWMWM-WMWMW", &fr, b);
	assert_non_null(t = ui_frame_text(fr));
	assert_non_null(strstr(t, "MWMWM-WMWMW"));
	free(t);
	ui_frame_free(fr);
	poll_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(receipt_glyphs_distinct),
		cmocka_unit_test(receipt_big_fits),
	};

	assert_int_equal(keys_init(), 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
