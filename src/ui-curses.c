/*
 * ui-curses: paints frames and reads the keyboard, mouse and touch screen
 * with ncursesw.  Nothing else in ykien includes <curses.h>, and nothing
 * here decides what a key means (config.c and ui-flow.c do), so the only
 * untestable code is this thin layer.
 */
#include <poll.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include <curses.h>

#include "ykien/config.h"
#include "ykien/ui.h"
#include "ykien/util.h"

struct ui_curses {
	int	attrs[UI_A_LAST + 1];
	int	mouse;
};

enum { PAIR_NORMAL = 1, PAIR_HILITE, PAIR_BANNER, PAIR_KEY, PAIR_GOOD,
    PAIR_MID, PAIR_BAD };

static void
set_attrs(struct ui_curses *c, int mono)
{
	/* Monochrome: bold and reverse video carry all the emphasis. */
	c->attrs[UI_A_NORMAL] = (int)(A_NORMAL);
	c->attrs[UI_A_TITLE] = (int)(A_BOLD);
	c->attrs[UI_A_HILITE] = (int)(A_REVERSE | A_BOLD);
	c->attrs[UI_A_BANNER] = (int)(A_REVERSE | A_BOLD);
	c->attrs[UI_A_KEY] = (int)(A_BOLD);
	c->attrs[UI_A_DIM] = (int)(A_NORMAL);
	/* Without colour the pictogram's shape alone tells them apart. */
	c->attrs[UI_A_GOOD] = (int)(A_BOLD);
	c->attrs[UI_A_MID] = (int)(A_BOLD);
	c->attrs[UI_A_BAD] = (int)(A_BOLD);
	if (mono || !has_colors() || start_color() == ERR)
		return;
	/* High contrast: white on black, black on yellow, white on red. */
	if (init_pair(PAIR_NORMAL, COLOR_WHITE, COLOR_BLACK) == ERR ||
	    init_pair(PAIR_HILITE, COLOR_BLACK, COLOR_YELLOW) == ERR ||
	    init_pair(PAIR_BANNER, COLOR_WHITE, COLOR_RED) == ERR ||
	    init_pair(PAIR_KEY, COLOR_YELLOW, COLOR_BLACK) == ERR ||
	    init_pair(PAIR_GOOD, COLOR_GREEN, COLOR_BLACK) == ERR ||
	    init_pair(PAIR_MID, COLOR_YELLOW, COLOR_BLACK) == ERR ||
	    init_pair(PAIR_BAD, COLOR_RED, COLOR_BLACK) == ERR)
		return;
	c->attrs[UI_A_NORMAL] = COLOR_PAIR(PAIR_NORMAL);
	c->attrs[UI_A_TITLE] = COLOR_PAIR(PAIR_NORMAL) | A_BOLD;
	c->attrs[UI_A_HILITE] = COLOR_PAIR(PAIR_HILITE) | A_BOLD;
	c->attrs[UI_A_BANNER] = COLOR_PAIR(PAIR_BANNER) | A_BOLD;
	c->attrs[UI_A_KEY] = COLOR_PAIR(PAIR_KEY) | A_BOLD;
	c->attrs[UI_A_DIM] = COLOR_PAIR(PAIR_NORMAL);
	c->attrs[UI_A_GOOD] = COLOR_PAIR(PAIR_GOOD) | A_BOLD;
	c->attrs[UI_A_MID] = COLOR_PAIR(PAIR_MID) | A_BOLD;
	c->attrs[UI_A_BAD] = COLOR_PAIR(PAIR_BAD) | A_BOLD;
	bkgd((chtype)COLOR_PAIR(PAIR_NORMAL));
}

int
ui_curses_open(int mouse, int mono, struct ui_curses **out, char **cause)
{
	struct ui_curses	*c;

	if ((c = util_calloc(1, sizeof *c)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	/* Esc is "back": do not wait a whole second to tell it apart. */
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	if (initscr() == NULL) {
		free(c);
		return util_fail(cause, YK_EIO, "cannot start the screen "
		    "(is TERM set?)");
	}
	if (raw() == ERR || noecho() == ERR || keypad(stdscr, TRUE) == ERR ||
	    nonl() == ERR) {
		endwin();
		free(c);
		return util_fail(cause, YK_EIO, "cannot set the terminal up");
	}
	(void)curs_set(0);	/* not every terminal can hide it */
	set_attrs(c, mono);
	if (mouse) {
		/* Act on the press; a release alone means nothing. */
		c->mouse = mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, NULL)
		    != 0;
		(void)mouseinterval(0);
	}
	*out = c;
	return 0;
}

void
ui_curses_close(struct ui_curses *c)
{
	if (c == NULL)
		return;
	endwin();
	free(c);
}

void
ui_curses_size(struct ui_curses *c, int *rows, int *cols)
{
	int	y, x;

	getmaxyx(stdscr, y, x);
	*rows = y;
	*cols = x;
}

void
ui_curses_paint(struct ui_curses *c, const struct ui_frame *f)
{
	int	y, x, a, maxy, maxx;

	getmaxyx(stdscr, maxy, maxx);
	for (y = 0; y < f->rows && y < maxy; y++)
		for (x = 0; x < f->cols && x < maxx; x++) {
			const struct ui_cell *cell = &f->cells[y * f->cols + x];

			if (cell->ch[0] == '\0')
				continue;	/* right half of a wide char */
			a = cell->attr <= UI_A_LAST ? c->attrs[cell->attr] :
			    (int)A_NORMAL;
			attrset(a);
			/* The bottom-right cell reports ERR but is drawn. */
			(void)mvaddstr(y, x, cell->ch);
		}
	attrset(A_NORMAL);
	(void)refresh();
}

static int
special(int k)
{
	static const struct {
		int	curses;
		int	code;
	} map[] = {
		{ KEY_ENTER, CONFIG_KEY_ENTER },	{ KEY_BTAB, CONFIG_KEY_BTAB },
		{ KEY_BACKSPACE, CONFIG_KEY_BACKSPACE },
		{ KEY_UP, CONFIG_KEY_UP },		{ KEY_DOWN, CONFIG_KEY_DOWN },
		{ KEY_LEFT, CONFIG_KEY_LEFT },		{ KEY_RIGHT, CONFIG_KEY_RIGHT },
		{ KEY_PPAGE, CONFIG_KEY_PGUP },		{ KEY_NPAGE, CONFIG_KEY_PGDN },
		{ KEY_HOME, CONFIG_KEY_HOME },		{ KEY_END, CONFIG_KEY_END },
		{ KEY_DC, CONFIG_KEY_DELETE },		{ KEY_IC, CONFIG_KEY_INSERT },
	};
	size_t	i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].curses == k)
			return map[i].code;
	if (k >= KEY_F(1) && k <= KEY_F(24))
		return CONFIG_KEY_F0 + (k - KEY_F(0));
	return -1;
}

/*
 * ERR is a timeout, or a terminal that is gone: a closed pane or a
 * hung-up line returns EOF or EIO at once, for ever, and a process not in
 * the terminal's session gets no SIGHUP.  Ask the descriptor, so that
 * such a screen stops instead of spinning.
 */
static int
terminal_lost(void)
{
	struct pollfd	pfd;

	pfd.fd = STDIN_FILENO;
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (poll(&pfd, 1, 0) < 0)
		return 0;
	return (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

enum ui_event
ui_curses_read(struct ui_curses *c, int ms, int *code, int *y, int *x)
{
	MEVENT	m;
	wint_t	wc;
	int	r;

	timeout(ms);
	r = get_wch(&wc);
	if (r == ERR)
		return terminal_lost() ? UI_EV_LOST : UI_EV_TIMEOUT;
	if (r == KEY_CODE_YES) {
		if (wc == KEY_RESIZE)
			return UI_EV_RESIZE;
		if (wc == KEY_MOUSE) {
			if (!c->mouse || getmouse(&m) != OK ||
			    !(m.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
				return UI_EV_TIMEOUT;
			*y = m.y;
			*x = m.x;
			return UI_EV_CLICK;
		}
		if ((*code = special((int)wc)) < 0)
			*code = 0x10ffff;	/* a key we have no name for */
		return UI_EV_KEY;
	}
	switch (wc) {
	case '\r':
	case '\n':
		*code = CONFIG_KEY_ENTER;
		break;
	case '\t':
		*code = CONFIG_KEY_TAB;
		break;
	case 27:
		*code = CONFIG_KEY_ESC;
		break;
	case 8:
	case 127:
		*code = CONFIG_KEY_BACKSPACE;
		break;
	default:
		*code = (int)wc;
		break;
	}
	return UI_EV_KEY;
}
