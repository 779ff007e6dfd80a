/*
 * ui-admin: the officials' menu on the kiosk's own screen (F12, then the
 * commune official's PIN), as pure logic and a renderer, like the voter's
 * screens: (state, key) -> (state, action), and a frame filled from
 * plain data.  What the actions do is the caller's (kcmd-run.c runs the
 * very commands an official would type, so the screen and the command
 * line cannot disagree, and each leaves its signed event).
 *
 * Rules:
 * - pause, resume and close each ask for a PIN again at the moment of the
 *   action (close: the official's, then the Front representative's when
 *   the poll needs two), so a menu left open is not a blank cheque;
 * - the L&A step takes the expected totals on a keypad form, field by
 *   field in the order the voters saw the answers, as an alternative to
 *   the --expected file;
 * - nothing here shows totals while the poll is open: the only texts are
 *   what the commands print, and they print none before close.
 */
#include <stdio.h>
#include <string.h>

#include "ykien/closing-sheet.h"
#include "ykien/i18n.h"
#include "ykien/text.h"
#include "ykien/ui.h"
#include "ykien/util.h"

#define PIN_MIN		4
#define FORM_DIGITS	6

static const struct {
	int		 digit;
	const char	*label;
} items[] = {
	{ 1, N_("1 = Status") },
	{ 2, N_("2 = Pause voting") },
	{ 3, N_("3 = Resume voting") },
	{ 4, N_("4 = End the test and open (expected totals)") },
	{ 5, N_("5 = Close the poll (both PINs)") },
	{ 6, N_("6 = Export to the USB stick") },
	{ 7, N_("7 = Print the closing record") },
	{ 0, N_("0 = Leave the menu") },
	{ 9, N_("9 = Stop the voting screen") },
};
#define N_ITEMS	((int)(sizeof items / sizeof items[0]))

int
ui_admin_owns(enum ui_screen s)
{
	return s == UI_S_ADMIN_PIN2 || s == UI_S_ADMIN_FORM ||
	    s == UI_S_ADMIN_TEXT;
}

static void
wipe_entry(struct ui_flow *f)
{
	memset(f->entry, 0, sizeof f->entry);
	f->n_entry = 0;
}

static void
back_to_menu(struct ui_flow *f)
{
	wipe_entry(f);
	memset(f->pin1, 0, sizeof f->pin1);
	f->pin_step = 0;
	f->msg = UI_M_NONE;
	f->screen = UI_S_ADMIN_MENU;
}

int
ui_admin_field(const struct ui_flow *f, int i, int *q, int *a)
{
	int	n, j;

	if (i == 0 || f->poll == NULL)
		return -1;
	i--;
	for (j = 0; j < f->poll->n_questions; j++) {
		n = ui_flow_items(f, j);
		if (i < n) {
			*q = j;
			*a = ui_flow_item_answer(f, j, i);
			return 0;
		}
		i -= n;
	}
	return -1;
}

static enum ui_act
start(struct ui_flow *f, enum ui_admin_op op)
{
	int	q;

	f->admin_op = op;
	f->msg = UI_M_NONE;
	wipe_entry(f);
	switch (op) {
	case UI_OP_PAUSE:
	case UI_OP_RESUME:
	case UI_OP_CLOSE:
		f->pin_step = 0;
		f->screen = UI_S_ADMIN_PIN2;
		return UI_ACT_NONE;
	case UI_OP_OPEN:
		if (f->poll == NULL || f->avail != UI_AVAIL_TESTING)
			return UI_ACT_ADMIN;	/* the command says why not */
		f->form_n = 1;
		for (q = 0; q < f->poll->n_questions; q++)
			f->form_n += ui_flow_items(f, q);
		memset(f->form, 0, sizeof f->form);
		f->form_i = 0;
		f->screen = UI_S_ADMIN_FORM;
		return UI_ACT_NONE;
	default:
		return UI_ACT_ADMIN;
	}
}

static enum ui_act
key_menu(struct ui_flow *f, enum ui_key k, int v)
{
	int	i, item = -1;

	switch (k) {
	case UI_K_DIGIT:
		for (i = 0; i < N_ITEMS; i++)
			if (items[i].digit == v)
				item = i;
		break;
	case UI_K_PICK:
		item = v;
		break;
	case UI_K_UP:
	case UI_K_PREV:
	case UI_K_LEFT:
		f->cursor = (f->cursor + N_ITEMS - 1) % N_ITEMS;
		return UI_ACT_NONE;
	case UI_K_DOWN:
	case UI_K_NEXT:
	case UI_K_RIGHT:
		f->cursor = (f->cursor + 1) % N_ITEMS;
		return UI_ACT_NONE;
	case UI_K_ENTER:
		item = f->cursor;
		break;
	case UI_K_BACK:
		return ui_flow_leave_admin(f);
	default:
		return UI_ACT_NONE;
	}
	if (item < 0 || item >= N_ITEMS)
		return UI_ACT_NONE;
	f->cursor = item;
	switch (items[item].digit) {
	case 1: return UI_ACT_STATUS;
	case 2: return start(f, UI_OP_PAUSE);
	case 3: return start(f, UI_OP_RESUME);
	case 4: return start(f, UI_OP_OPEN);
	case 5: return start(f, UI_OP_CLOSE);
	case 6: return start(f, UI_OP_EXPORT);
	case 7: return start(f, UI_OP_PRINT);
	case 0: return ui_flow_leave_admin(f);
	case 9: return UI_ACT_QUIT;
	default: return UI_ACT_NONE;
	}
}

static enum ui_act
key_pin2(struct ui_flow *f, enum ui_key k, int v)
{
	switch (k) {
	case UI_K_DIGIT:
		if (f->n_entry < UI_ENTRY_MAX && v >= 0 && v <= 9)
			f->entry[f->n_entry++] = (char)('0' + v);
		f->msg = UI_M_NONE;
		return UI_ACT_NONE;
	case UI_K_BACK:
		if (f->n_entry == 0) {
			back_to_menu(f);
			return UI_ACT_NONE;
		}
		f->entry[--f->n_entry] = '\0';
		return UI_ACT_NONE;
	case UI_K_ENTER:
		if (f->n_entry < PIN_MIN)
			return UI_ACT_NONE;
		if (f->pin_step == 0) {
			memcpy(f->pin1, f->entry, sizeof f->pin1);
			wipe_entry(f);
			if (f->admin_op == UI_OP_CLOSE && f->poll != NULL &&
			    f->poll->pins_required >= 2) {
				f->pin_step = 1;
				return UI_ACT_NONE;
			}
		}
		return UI_ACT_ADMIN;
	default:
		return UI_ACT_NONE;
	}
}

static enum ui_act
key_form(struct ui_flow *f, enum ui_key k, int v)
{
	long	*x = &f->form[f->form_i];

	switch (k) {
	case UI_K_DIGIT:
		if (*x < 100000)
			*x = *x * 10 + v;
		return UI_ACT_NONE;
	case UI_K_BACK:
		if (*x > 0)
			*x /= 10;
		else if (f->form_i > 0)
			f->form_i--;
		else
			back_to_menu(f);
		return UI_ACT_NONE;
	case UI_K_UP:
	case UI_K_PREV:
		if (f->form_i > 0)
			f->form_i--;
		return UI_ACT_NONE;
	case UI_K_DOWN:
	case UI_K_NEXT:
	case UI_K_ENTER:
		if (f->form_i + 1 < f->form_n) {
			f->form_i++;
			return UI_ACT_NONE;
		}
		return k == UI_K_ENTER ? UI_ACT_ADMIN : UI_ACT_NONE;
	default:
		return UI_ACT_NONE;
	}
}

enum ui_act
ui_admin_key(struct ui_flow *f, enum ui_key k, int v)
{
	switch (f->screen) {
	case UI_S_ADMIN_MENU:
		return key_menu(f, k, v);
	case UI_S_ADMIN_PIN2:
		return key_pin2(f, k, v);
	case UI_S_ADMIN_FORM:
		return key_form(f, k, v);
	case UI_S_ADMIN_TEXT:
		if (k == UI_K_UP || k == UI_K_DOWN) {
			f->scroll += k == UI_K_UP ? -5 : 5;
			if (f->scroll < 0)
				f->scroll = 0;
			return UI_ACT_NONE;
		}
		back_to_menu(f);
		return UI_ACT_NONE;
	default:
		return UI_ACT_NONE;
	}
}

enum ui_act
ui_admin_result(struct ui_flow *f, const struct ui_input *in)
{
	if (f->screen == UI_S_ADMIN_MENU && f->admin_op == UI_OP_NONE) {
		/* The status screen's data. */
		if (in->rc == 0)
			f->screen = UI_S_ADMIN_STATUS;
		else
			f->msg = UI_M_ERROR;
		return UI_ACT_NONE;
	}
	/* An action's answer: the PINs it used are forgotten now. */
	wipe_entry(f);
	memset(f->pin1, 0, sizeof f->pin1);
	f->pin_step = 0;
	f->admin_op = UI_OP_NONE;
	f->scroll = 0;
	f->screen = UI_S_ADMIN_TEXT;
	return UI_ACT_NONE;
}

/* ---- rendering ---- */

static void
centre(struct ui_frame *fr, int y, const char *s, enum ui_attr a)
{
	int	x = (fr->cols - text_width(s)) / 2;

	ui_frame_put(fr, y, x > 0 ? x : 0, s, a);
}

static void
render_menu(const struct ui_flow *f, const struct ui_view *v,
    struct ui_frame *fr)
{
	char	b[160];
	int	y = 1, i, x = 6;

	centre(fr, y++, _("Officials' menu"), UI_A_TITLE);
	if (v != NULL && v->clock != NULL) {
		snprintf(b, sizeof b, "%s: %s", _("Date and time (Vietnam)"),
		    v->clock);
		centre(fr, y++, b, UI_A_NORMAL);
		if (v->clock_bad)
			centre(fr, y++, _("WARNING: the clock looks wrong; "
			    "set it before voting"), UI_A_BANNER);
	}
	y++;
	for (i = 0; i < N_ITEMS && y < fr->rows - 2; i++, y++) {
		enum ui_attr a = i == f->cursor ? UI_A_HILITE : UI_A_NORMAL;

		ui_frame_fill(fr, y, x, 1, fr->cols - 2 * x, a);
		ui_frame_put(fr, y, x, i == f->cursor ? ">" : " ", a);
		ui_frame_put(fr, y, x + 2, _(items[i].label), a);
		ui_frame_hit(fr, y, x, 1, fr->cols - 2 * x, UI_K_PICK, i);
	}
	if (f->msg == UI_M_ERROR)
		centre(fr, fr->rows - 2, _("The kiosk could not check this: "
		    "please call an official"), UI_A_BANNER);
	ui_frame_put(fr, fr->rows - 1, 2, _("Esc = leave the menu"),
	    UI_A_DIM);
}

static const char *
op_title(enum ui_admin_op op)
{
	switch (op) {
	case UI_OP_PAUSE: return _("Pause voting");
	case UI_OP_RESUME: return _("Resume voting");
	case UI_OP_CLOSE: return _("Close the poll");
	default: return _("Officials' menu");
	}
}

static void
render_pin2(const struct ui_flow *f, struct ui_frame *fr)
{
	char	stars[UI_ENTRY_MAX + 2];
	int	i;

	centre(fr, 2, op_title(f->admin_op), UI_A_TITLE);
	centre(fr, 5, f->pin_step == 0 ? _("Commune official: type your PIN, "
	    "then Enter") : _("Front representative: type your PIN, then "
	    "Enter"), UI_A_NORMAL);
	for (i = 0; i < f->n_entry; i++)
		stars[i] = '*';
	stars[i++] = '_';
	stars[i] = '\0';
	centre(fr, 8, stars, UI_A_KEY);
	ui_frame_put(fr, fr->rows - 1, 2, _("Backspace = erase / back"),
	    UI_A_DIM);
}

static void
render_form(const struct ui_flow *f, struct ui_frame *fr)
{
	char		 b[300], lb[32];
	const char	*label;
	int		 q, a, y = 6;

	centre(fr, 1, _("End of the test: expected totals"), UI_A_TITLE);
	snprintf(b, sizeof b, _("Field %d of %d"), f->form_i + 1, f->form_n);
	centre(fr, 3, b, UI_A_DIM);
	if (ui_admin_field(f, f->form_i, &q, &a) != 0)
		ui_frame_wrap(fr, y, 4, fr->cols - 8, 3, _("How many test "
		    "ballots were cast?"), UI_A_TITLE);
	else {
		const struct poll_question *pq = &f->poll->questions[q];
		int vi = poll_lang_index(f->poll, "vi");

		snprintf(b, sizeof b, "%s %d: %s", _("Question"), q + 1,
		    poll_text_get(&pq->text, vi < 0 ? 0 : vi));
		y += ui_frame_wrap(fr, y, 4, fr->cols - 8, 3, b, UI_A_NORMAL);
		/* The words of the biên bản, so the two read the same. */
		label = closing_answer_label(pq, a, vi < 0 ? 0 : vi, lb);
		snprintf(b, sizeof b, "%s: %s", _("Answer"), label);
		ui_frame_wrap(fr, y + 1, 4, fr->cols - 8, 2, b, UI_A_TITLE);
	}
	snprintf(b, sizeof b, "%s: %ld_", _("Expected count"),
	    f->form[f->form_i]);
	centre(fr, 13, b, UI_A_KEY);
	ui_frame_put(fr, fr->rows - 1, 2, _("Enter = next (the last one "
	    "checks and opens)   Backspace = erase / back"), UI_A_DIM);
}

static void
render_text(const struct ui_flow *f, const struct ui_view *v,
    struct ui_frame *fr)
{
	const char	*s = v != NULL && v->admin_text != NULL ?
			    v->admin_text : "";
	const char	*e;
	char		 line[512];
	int		 skip = f->scroll, y = 0;
	size_t		 n;

	while (*s != '\0' && y < fr->rows - 1) {
		e = strchr(s, '\n');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		if (skip > 0)
			skip--;
		else {
			snprintf(line, sizeof line, "%.*s", (int)(n <
			    sizeof line ? n : sizeof line - 1), s);
			/* Long lines (an error's cause) wrap, never cut. */
			if (text_width(line) <= fr->cols)
				ui_frame_put(fr, y++, 0, line, UI_A_NORMAL);
			else
				y += ui_frame_wrap(fr, y, 0, fr->cols,
				    fr->rows - 1 - y, line, UI_A_NORMAL);
		}
		s += n;
		if (*s == '\n')
			s++;
	}
	ui_frame_put(fr, fr->rows - 1, 2, _("Up/Down = scroll   any other "
	    "key = back to the menu"), UI_A_DIM);
}

void
ui_admin_render(const struct ui_flow *f, const struct ui_view *v,
    struct ui_frame *fr)
{
	ui_frame_clear(fr);
	switch (f->screen) {
	case UI_S_ADMIN_MENU:
		render_menu(f, v, fr);
		break;
	case UI_S_ADMIN_PIN2:
		render_pin2(f, fr);
		break;
	case UI_S_ADMIN_FORM:
		render_form(f, fr);
		break;
	case UI_S_ADMIN_TEXT:
		render_text(f, v, fr);
		break;
	default:
		break;
	}
}
