/*
 * ui-flow: the voter's path through the screens as a pure state machine.
 * Every rule that protects a ballot lives here, where a unit test can
 * drive it key by key with a made-up clock:
 * - nothing is cast except from the review screen's "send";
 * - the screen never answers for the voter: no option and no button is
 *   chosen when a screen opens, a press only chooses (and shows the
 *   choice), and only a second press of the same key, or Enter, confirms
 *   it; the same key again within UI_REPEAT_MS is a bounce and is ignored,
 *   so a double press can never answer two questions;
 * - leaving a ballot that has answers asks first;
 * - a ballot left alone is asked about once ("are you still there?") and
 *   then forgotten, with nothing written (UI_ACT_DISCARD only tells the
 *   caller to drop the code hash it holds in memory);
 * - a wrong check digit is caught here, before any lookup and without a
 *   delay, while a well-formed but wrong code makes the keypad wait as
 *   long as the eligibility policy says;
 * - no screen shows totals: there is no state for one.
 */
#include <stdio.h>
#include <string.h>

#include "ykien/codes.h"
#include "ykien/ui.h"
#include "ykien/util.h"

#define PIN_MIN		4
#define PIN_MAX		12

int
ui_flow_items(const struct ui_flow *f, int q)
{
	const struct poll_question	*pq = &f->poll->questions[q];

	return pq->n_options + (pq->no_opinion ? 1 : 0);
}

uint8_t
ui_flow_item_answer(const struct ui_flow *f, int q, int item)
{
	return item < f->poll->questions[q].n_options ? (uint8_t)(item + 1) : 0;
}

int
ui_flow_in_ballot(const struct ui_flow *f)
{
	switch (f->screen) {
	case UI_S_CODE:
	case UI_S_ACTIVATE:
	case UI_S_QUESTION:
	case UI_S_REVIEW:
	case UI_S_STILL_THERE:
	case UI_S_LEAVE:
		return 1;
	default:
		return 0;
	}
}

int
ui_flow_next_lang(const struct ui_flow *f)
{
	int	i, l;

	for (i = 1; f->poll != NULL && i <= f->poll->n_langs; i++) {
		l = (f->lang + i) % f->poll->n_langs;
		if (!(f->lang_hidden & (1u << l)))
			return l;
	}
	return f->lang;
}

void
ui_flow_hide_langs(struct ui_flow *f, unsigned hidden)
{
	f->lang_hidden = hidden;
	if (f->lang_hidden & (1u << f->lang))
		f->lang = ui_flow_next_lang(f);
}

void
ui_flow_choose_scripts(struct ui_flow *f, int thai_latin, int hmong_viet)
{
	static const struct {
		const char	*a, *b;	/* the default script, the other */
	} pairs[2] = { { "blt", "blt@latin" }, { "hmn", "hmn@viet" } };
	int		other[2] = { thai_latin, hmong_viet }, i, ia, ib;
	unsigned	hidden = 0;

	for (i = 0; f->poll != NULL && i < 2; i++) {
		ia = poll_lang_index(f->poll, pairs[i].a);
		ib = poll_lang_index(f->poll, pairs[i].b);
		if (ia >= 0 && ib >= 0)
			hidden |= 1u << (other[i] ? ia : ib);
	}
	ui_flow_hide_langs(f, hidden);
}

static int
has_answers(const struct ui_flow *f)
{
	int	i;

	for (i = 0; f->poll != NULL && i < f->poll->n_questions; i++)
		if (f->answered[i])
			return 1;
	return 0;
}

long
ui_flow_code_wait(const struct ui_flow *f)
{
	if (f->code_until <= f->now)
		return 0;
	return (long)((f->code_until - f->now + 999) / 1000);
}

static void
clear_entry(struct ui_flow *f)
{
	/* Codes and PINs pass through here: wipe, do not just truncate. */
	memset(f->entry, 0, sizeof f->entry);
	f->n_entry = 0;
}

static void
reset_ballot(struct ui_flow *f)
{
	memset(f->answers, 0, sizeof f->answers);
	memset(f->answered, 0, sizeof f->answered);
	clear_entry(f);
	f->q = 0;
	f->cursor = -1;
	f->editing = 0;
	f->picking = 0;
	f->msg = UI_M_NONE;
	f->wait = 0;
}

static int
votable(enum ui_avail a)
{
	return a == UI_AVAIL_TESTING || a == UI_AVAIL_OPEN;
}

/* The idle screen: welcome when a ballot can be cast, else unavailable. */
static void
go_idle(struct ui_flow *f)
{
	reset_ballot(f);
	memset(f->receipt, 0, sizeof f->receipt);
	f->screen = f->poll != NULL && votable(f->avail) ? UI_S_WELCOME :
	    UI_S_UNAVAILABLE;
	f->next_probe = f->now + f->t.refresh;
}

void
ui_flow_init(struct ui_flow *f, const struct poll *p, enum ui_avail avail,
    const struct ui_timing *t, long long now)
{
	memset(f, 0, sizeof *f);
	f->t = *t;
	f->now = f->last_input = now;
	ui_flow_set_poll(f, p, avail);
}

void
ui_flow_out_of_service(struct ui_flow *f)
{
	reset_ballot(f);
	f->screen = UI_S_OUT_OF_SERVICE;
	f->next_probe = f->now + f->t.retry;
}

void
ui_flow_set_poll(struct ui_flow *f, const struct poll *p, enum ui_avail avail)
{
	f->poll = p;
	f->avail = p != NULL ? avail : UI_AVAIL_NONE;
	if (p == NULL || f->lang >= p->n_langs)
		f->lang = 0;
	go_idle(f);
}

static void
goto_question(struct ui_flow *f, int q)
{
	f->screen = UI_S_QUESTION;
	f->q = q;
	f->cursor = -1;
	f->msg = UI_M_NONE;
}

/* After eligibility is settled: the first question. */
static void
start_questions(struct ui_flow *f)
{
	clear_entry(f);
	f->msg = UI_M_NONE;
	f->editing = 0;
	goto_question(f, 0);
}

static enum ui_act
begin(struct ui_flow *f)
{
	reset_ballot(f);
	/* The ballot is bound to this mode: the cast is refused otherwise. */
	f->ballot_test = f->avail == UI_AVAIL_TESTING;
	switch (f->poll->elig) {
	case POLL_ELIG_CODE:
		f->screen = UI_S_CODE;
		return UI_ACT_NONE;
	case POLL_ELIG_SUPERVISED:
		f->screen = UI_S_ACTIVATE;
		return UI_ACT_NONE;
	case POLL_ELIG_OPEN:
	default:
		start_questions(f);
		return UI_ACT_NONE;
	}
}

/* Back to the start, forgetting the ballot in progress. */
static enum ui_act
abandon(struct ui_flow *f)
{
	go_idle(f);
	return UI_ACT_DISCARD;
}

static void
goto_review(struct ui_flow *f)
{
	f->screen = UI_S_REVIEW;
	f->editing = 0;
	f->picking = 0;
	f->cursor = -1;		/* neither "send" nor "change" */
	clear_entry(f);
}

static void
choose(struct ui_flow *f, int item)
{
	f->answers[f->q] = ui_flow_item_answer(f, f->q, item);
	f->answered[f->q] = 1;
	if (f->editing || f->q + 1 >= f->poll->n_questions) {
		goto_review(f);
		f->q = 0;
	} else
		goto_question(f, f->q + 1);
}

static void
edit(struct ui_flow *f, int q)
{
	clear_entry(f);
	f->picking = 0;
	goto_question(f, q);
	f->editing = 1;
}

/* The number typed so far (entry holds digits only). */
static int
entry_number(const struct ui_flow *f)
{
	int	i, n = 0;

	for (i = 0; i < f->n_entry; i++)
		n = n * 10 + (f->entry[i] - '0');
	return n;
}

static int
wrap_move(int cur, int n, int delta)
{
	return ((cur + delta) % n + n) % n;
}

static void
append_digit(struct ui_flow *f, int d, int max)
{
	if (f->n_entry < max && f->n_entry < UI_ENTRY_MAX && d >= 0 && d <= 9)
		f->entry[f->n_entry++] = (char)('0' + d);
}

static void
delete_digit(struct ui_flow *f)
{
	if (f->n_entry > 0)
		f->entry[--f->n_entry] = '\0';
}

static enum ui_act
submit_code(struct ui_flow *f)
{
	if (f->n_entry != CODES_DIGITS)
		return UI_ACT_NONE;
	if (codes_check_digit(f->entry, CODES_DIGITS - 1) !=
	    f->entry[CODES_DIGITS - 1] - '0') {
		/* A slip of the finger: say so at once, no lookup, no delay. */
		clear_entry(f);
		f->msg = UI_M_CODE_TYPO;
		return UI_ACT_NONE;
	}
	return UI_ACT_CHECK_CODE;
}

static enum ui_act
key_code(struct ui_flow *f, enum ui_key k, int v)
{
	if (k == UI_K_BACK) {
		if (f->n_entry == 0)
			return abandon(f);
		delete_digit(f);
		return UI_ACT_NONE;
	}
	if (ui_flow_code_wait(f) > 0)
		return UI_ACT_NONE;
	if (k == UI_K_DIGIT) {
		f->msg = UI_M_NONE;
		append_digit(f, v, CODES_DIGITS);
		return submit_code(f);
	}
	if (k == UI_K_ENTER)
		return submit_code(f);
	return UI_ACT_NONE;
}

/* PIN-style entry shared by the activation and the admin screens. */
static enum ui_act
key_pin(struct ui_flow *f, enum ui_key k, int v, enum ui_act act,
    enum ui_act (*leave)(struct ui_flow *))
{
	switch (k) {
	case UI_K_DIGIT:
		f->msg = UI_M_NONE;
		append_digit(f, v, PIN_MAX);
		return UI_ACT_NONE;
	case UI_K_BACK:
		if (f->n_entry == 0)
			return leave(f);
		delete_digit(f);
		return UI_ACT_NONE;
	case UI_K_ENTER:
		return f->n_entry >= PIN_MIN ? act : UI_ACT_NONE;
	default:
		return UI_ACT_NONE;
	}
}

/*
 * Move the choice with the arrows: from "nothing chosen" the first press
 * lands on the first (or last) item, which is still only a choice.
 */
static void
move_cursor(struct ui_flow *f, int n, int delta)
{
	if (f->cursor < 0)
		f->cursor = delta > 0 ? 0 : n - 1;
	else
		f->cursor = wrap_move(f->cursor, n, delta);
}

/* A press on item i: the first chooses it, the second confirms it. */
static int
press(struct ui_flow *f, int i)
{
	if (f->cursor == i)
		return 1;
	f->cursor = i;
	return 0;
}

static enum ui_act
key_question(struct ui_flow *f, enum ui_key k, int v)
{
	int	m = ui_flow_items(f, f->q);

	switch (k) {
	case UI_K_DIGIT:
		/* 1..9 pick items 1..9 and 0 picks the tenth. */
		v = v == 0 ? 9 : v - 1;
		/* FALLTHROUGH */
	case UI_K_PICK:
		if (v >= 0 && v < m && press(f, v))
			choose(f, v);
		return UI_ACT_NONE;
	case UI_K_UP:
	case UI_K_LEFT:
	case UI_K_PREV:
		move_cursor(f, m, -1);
		return UI_ACT_NONE;
	case UI_K_DOWN:
	case UI_K_RIGHT:
	case UI_K_NEXT:
		move_cursor(f, m, 1);
		return UI_ACT_NONE;
	case UI_K_ENTER:
		/* Enter confirms a choice; it never makes one. */
		if (f->cursor >= 0 && f->cursor < m)
			choose(f, f->cursor);
		return UI_ACT_NONE;
	case UI_K_BACK:
		if (f->editing) {
			goto_review(f);
			return UI_ACT_NONE;
		}
		if (f->q > 0) {
			goto_question(f, f->q - 1);
			return UI_ACT_NONE;
		}
		if (!has_answers(f))
			return abandon(f);
		f->screen = UI_S_LEAVE;
		f->cursor = -1;
		return UI_ACT_NONE;
	default:
		return UI_ACT_NONE;
	}
}

/*
 * "Leave this ballot?"  Button 0 throws the answers away, button 1 goes
 * back to them; Back, like the voter's intent, keeps the ballot.
 */
static enum ui_act
key_leave(struct ui_flow *f, enum ui_key k, int v)
{
	int	b = -1;

	switch (k) {
	case UI_K_DIGIT:
		if (v == 1 || v == 2)
			b = press(f, v - 1) ? v - 1 : -1;
		break;
	case UI_K_PICK:
		if (v == 0 || v == 1)
			b = press(f, v) ? v : -1;
		break;
	case UI_K_LEFT:
	case UI_K_RIGHT:
	case UI_K_UP:
	case UI_K_DOWN:
	case UI_K_NEXT:
	case UI_K_PREV:
		move_cursor(f, 2, k == UI_K_LEFT || k == UI_K_UP ||
		    k == UI_K_PREV ? -1 : 1);
		break;
	case UI_K_ENTER:
		b = f->cursor;
		break;
	case UI_K_BACK:
		b = 1;
		break;
	default:
		break;
	}
	if (b == 0)
		return abandon(f);
	if (b == 1)
		goto_question(f, 0);
	return UI_ACT_NONE;
}

static enum ui_act
cast(struct ui_flow *f)
{
	f->screen = UI_S_CASTING;
	return UI_ACT_CAST;
}

/*
 * The review screen: f->q is the highlighted row of the answer list and
 * f->cursor the button (0 = send, 1 = change).  In picking mode the voter
 * chooses the question to change, by its number or with the arrows.
 */
static enum ui_act
key_review(struct ui_flow *f, enum ui_key k, int v)
{
	int	n = f->poll->n_questions, num;

	if (k == UI_K_EDIT) {
		if (v >= 0 && v < n)
			edit(f, v);
		return UI_ACT_NONE;
	}
	if (k == UI_K_UP || k == UI_K_DOWN) {
		clear_entry(f);
		if (f->picking)
			f->q = wrap_move(f->q, n, k == UI_K_UP ? -1 : 1);
		else if (k == UI_K_UP && f->q > 0)
			f->q--;		/* scroll: the first row shown */
		else if (k == UI_K_DOWN && f->q < n - 1)
			f->q++;
		return UI_ACT_NONE;
	}
	if (f->picking) {
		switch (k) {
		case UI_K_DIGIT:
			append_digit(f, v, n >= 10 ? 2 : 1);
			num = entry_number(f);
			if (num >= 1 && num <= n)
				f->q = num - 1;
			if (n < 10 && num >= 1 && num <= n)
				edit(f, num - 1);
			return UI_ACT_NONE;
		case UI_K_ENTER:
			edit(f, f->q);
			return UI_ACT_NONE;
		case UI_K_BACK:
			if (f->n_entry > 0)
				delete_digit(f);
			else
				f->picking = 0;
			return UI_ACT_NONE;
		default:
			return UI_ACT_NONE;
		}
	}
	switch (k) {
	case UI_K_DIGIT:
		/* "1 = send", "2 = change": the buttons' numbers. */
		v--;
		/* FALLTHROUGH */
	case UI_K_PICK:
		if ((v == 0 || v == 1) && press(f, v))
			break;
		return UI_ACT_NONE;
	case UI_K_LEFT:
	case UI_K_RIGHT:
	case UI_K_NEXT:
	case UI_K_PREV:
		move_cursor(f, 2, k == UI_K_LEFT || k == UI_K_PREV ? -1 : 1);
		return UI_ACT_NONE;
	case UI_K_ENTER:
		if (f->cursor < 0)
			return UI_ACT_NONE;
		break;
	case UI_K_BACK:
		edit(f, n - 1);
		return UI_ACT_NONE;
	default:
		return UI_ACT_NONE;
	}
	/* A confirmed button. */
	if (f->cursor == 0)
		return cast(f);
	f->picking = 1;
	return UI_ACT_NONE;
}

enum ui_act
ui_flow_leave_admin(struct ui_flow *f)
{
	clear_entry(f);
	f->msg = UI_M_NONE;
	if (f->back_to == UI_S_OUT_OF_SERVICE) {
		f->screen = UI_S_OUT_OF_SERVICE;
		f->next_probe = f->now;
		return UI_ACT_NONE;
	}
	go_idle(f);
	/* An official may have paused or closed the poll meanwhile. */
	return UI_ACT_REFRESH;
}

static enum ui_act
leave_activate(struct ui_flow *f)
{
	go_idle(f);
	return UI_ACT_NONE;
}

static enum ui_act
key_input(struct ui_flow *f, enum ui_key k, int v)
{
	if (f->screen == UI_S_STILL_THERE) {
		/* Any sign of life answers the question; the key is spent. */
		f->screen = f->back_to;
		if (k != UI_K_LANG)
			return UI_ACT_NONE;
	}
	if (k == UI_K_LANG && f->poll != NULL && f->screen != UI_S_CASTING) {
		if (v >= 0 && v < f->poll->n_langs &&
		    !(f->lang_hidden & (1u << v)))
			f->lang = v;
		else if (v < 0)
			f->lang = ui_flow_next_lang(f);
		return UI_ACT_SET_LANG;
	}
	if (k == UI_K_ADMIN && (f->screen == UI_S_WELCOME ||
	    f->screen == UI_S_UNAVAILABLE ||
	    f->screen == UI_S_OUT_OF_SERVICE)) {
		f->back_to = f->screen;
		reset_ballot(f);
		f->screen = UI_S_ADMIN_PIN;
		return UI_ACT_NONE;
	}
	switch (f->screen) {
	case UI_S_WELCOME:
		if (f->poll->elig == POLL_ELIG_OPEN && f->now < f->next_ballot)
			return UI_ACT_COUNT_IGNORED;
		return begin(f);
	case UI_S_CODE:
		return key_code(f, k, v);
	case UI_S_ACTIVATE:
		return key_pin(f, k, v, UI_ACT_ACTIVATE, leave_activate);
	case UI_S_QUESTION:
		return key_question(f, k, v);
	case UI_S_REVIEW:
		return key_review(f, k, v);
	case UI_S_LEAVE:
		return key_leave(f, k, v);
	case UI_S_ADMIN_PIN:
		if (k == UI_K_ADMIN)
			return ui_flow_leave_admin(f);
		return key_pin(f, k, v, UI_ACT_CHECK_PIN, ui_flow_leave_admin);
	case UI_S_ADMIN_MENU:
		return ui_admin_key(f, k, v);
	case UI_S_ADMIN_STATUS:
		f->screen = UI_S_ADMIN_MENU;
		return UI_ACT_NONE;
	case UI_S_RESTARTED:
		go_idle(f);
		return UI_ACT_NONE;
	default:
		if (ui_admin_owns(f->screen))
			return ui_admin_key(f, k, v);
		/* casting, thanks, not recorded, out of service: keys wait. */
		return UI_ACT_NONE;
	}
}

static int
is_admin(enum ui_screen s)
{
	return s == UI_S_ADMIN_PIN || s == UI_S_ADMIN_MENU ||
	    s == UI_S_ADMIN_STATUS || ui_admin_owns(s);
}

static enum ui_act
tick(struct ui_flow *f)
{
	int	idle = f->now - f->last_input >= f->t.inactivity;

	switch (f->screen) {
	case UI_S_CODE:
	case UI_S_ACTIVATE:
	case UI_S_QUESTION:
	case UI_S_REVIEW:
	case UI_S_LEAVE:
		if (!idle)
			return UI_ACT_NONE;
		f->back_to = f->screen;
		f->screen = UI_S_STILL_THERE;
		f->deadline = f->now + f->t.still_there;
		return UI_ACT_NONE;
	case UI_S_STILL_THERE:
		if (f->now < f->deadline)
			return UI_ACT_NONE;
		return abandon(f);
	case UI_S_ADMIN_PIN:
	case UI_S_ADMIN_MENU:
	case UI_S_ADMIN_STATUS:
	case UI_S_ADMIN_PIN2:
	case UI_S_ADMIN_FORM:
	case UI_S_ADMIN_TEXT:
		return idle ? ui_flow_leave_admin(f) : UI_ACT_NONE;
	case UI_S_THANKS:
	case UI_S_RESTARTED:
		if (f->now >= f->deadline)
			go_idle(f);
		return UI_ACT_NONE;
	case UI_S_NOT_RECORDED:
		if (f->now >= f->deadline) {
			f->screen = UI_S_OUT_OF_SERVICE;
			f->next_probe = f->now;
		}
		return UI_ACT_NONE;
	case UI_S_OUT_OF_SERVICE:
		if (f->now < f->next_probe)
			return UI_ACT_NONE;
		f->next_probe = f->now + f->t.retry;
		return UI_ACT_RETRY;
	case UI_S_WELCOME:
	case UI_S_UNAVAILABLE:
		if (f->now < f->next_probe)
			return UI_ACT_NONE;
		f->next_probe = f->now + f->t.refresh;
		return UI_ACT_REFRESH;
	default:
		return UI_ACT_NONE;
	}
}

/*
 * The outcome of a code check.  The delay owed after a wrong code is the
 * eligibility policy's (elig.c, kept in the store across restarts): it
 * comes in with the result, and the keypad waits that long.
 */
static enum ui_act
result_code(struct ui_flow *f, int rc, long wait)
{
	clear_entry(f);
	if (rc == 0) {
		f->code_fails = 0;
		start_questions(f);
		return UI_ACT_NONE;
	}
	switch (rc) {
	case YK_EINVAL:
		f->msg = UI_M_CODE_TYPO;
		return UI_ACT_NONE;
	case YK_EAUTH:
	case YK_ELOCKED:
		f->msg = UI_M_CODE_WRONG;
		break;
	case YK_EDUP:
		f->msg = UI_M_CODE_USED;
		break;
	default:
		f->msg = UI_M_ERROR;
		return UI_ACT_NONE;
	}
	f->code_fails++;
	f->code_until = f->now + (long long)(wait > 0 ? wait : 0) * 1000;
	return UI_ACT_NONE;
}

static void
result_pin(struct ui_flow *f, int rc, long wait)
{
	clear_entry(f);
	f->wait = wait;
	switch (rc) {
	case YK_EAUTH:
		f->msg = UI_M_PIN_WRONG;
		break;
	case YK_ELOCKED:
		f->msg = UI_M_PIN_LOCKED;
		break;
	case YK_ENOENT:
		f->msg = UI_M_PIN_UNSET;
		break;
	default:
		f->msg = UI_M_ERROR;
		break;
	}
}

static enum ui_act
result_input(struct ui_flow *f, const struct ui_input *in)
{
	switch (f->screen) {
	case UI_S_CODE:
		return result_code(f, in->rc, in->wait);
	case UI_S_ACTIVATE:
		if (in->rc == 0)
			start_questions(f);
		else
			result_pin(f, in->rc, in->wait);
		return UI_ACT_NONE;
	case UI_S_CASTING:
		memset(f->answers, 0, sizeof f->answers);
		memset(f->answered, 0, sizeof f->answered);
		if (in->rc == 0 && in->receipt != NULL) {
			f->screen = UI_S_THANKS;
			snprintf(f->receipt, sizeof f->receipt, "%s",
			    in->receipt);
			f->deadline = f->now + f->t.thanks;
			if (f->poll->elig == POLL_ELIG_OPEN)
				f->next_ballot = f->now +
				    (long long)f->poll->open_interval * 1000;
		} else if (in->rc == YK_ESTATE) {
			/* Test became real (or the reverse): start again. */
			f->screen = UI_S_RESTARTED;
			f->deadline = f->now + f->t.thanks;
			return UI_ACT_REFRESH;
		} else {
			f->screen = UI_S_NOT_RECORDED;
			f->deadline = f->now + f->t.not_recorded;
		}
		return UI_ACT_NONE;
	case UI_S_OUT_OF_SERVICE:
		if (in->rc != 0)
			return UI_ACT_NONE;
		go_idle(f);
		return UI_ACT_REFRESH;
	case UI_S_ADMIN_PIN:
		if (in->rc == 0) {
			clear_entry(f);
			f->msg = UI_M_NONE;
			f->screen = UI_S_ADMIN_MENU;
			f->cursor = 0;
		} else
			result_pin(f, in->rc, in->wait);
		return UI_ACT_NONE;
	case UI_S_ADMIN_MENU:
	case UI_S_ADMIN_PIN2:
	case UI_S_ADMIN_FORM:
		return ui_admin_result(f, in);
	default:
		return UI_ACT_NONE;
	}
}

/*
 * A key bounce, or a held key's auto-repeat, on a screen where a press
 * chooses: the same key and value again within UI_REPEAT_MS of the last.
 * Keypads that take codes and PINs are exempt: "1122" is typed fast.
 * Each repeat restarts the window, so a held key never gets through.
 */
static int
bounce(struct ui_flow *f, const struct ui_input *in)
{
	int	same = in->key == f->last_key && in->value == f->last_value &&
		    f->now - f->last_key_at < UI_REPEAT_MS;

	/* Arrows only move a choice: a held arrow may repeat. */
	switch (in->key) {
	case UI_K_UP:
	case UI_K_DOWN:
	case UI_K_LEFT:
	case UI_K_RIGHT:
	case UI_K_NEXT:
	case UI_K_PREV:
	case UI_K_LANG:
		same = 0;
		break;
	default:
		break;
	}

	f->last_key = in->key;
	f->last_value = in->value;
	f->last_key_at = f->now;
	switch (f->screen) {
	case UI_S_WELCOME:
	case UI_S_QUESTION:
	case UI_S_REVIEW:
	case UI_S_LEAVE:
	case UI_S_STILL_THERE:
		return same;
	default:
		/*
		 * A keypad's last digit (a code that ends in 1) is no bounce
		 * of the first choice on the question it opens.
		 */
		f->last_key_at = f->now - UI_REPEAT_MS;
		return 0;
	}
}

enum ui_act
ui_flow_input(struct ui_flow *f, const struct ui_input *in)
{
	if (in->now > f->now)
		f->now = in->now;
	switch (in->kind) {
	case UI_IN_KEY:
		f->last_input = f->now;
		if (bounce(f, in))
			return UI_ACT_NONE;
		if (f->poll == NULL && !is_admin(f->screen) &&
		    in->key != UI_K_ADMIN)
			return UI_ACT_NONE;
		return key_input(f, in->key, in->value);
	case UI_IN_TICK:
		return tick(f);
	case UI_IN_RESULT:
		return result_input(f, in);
	case UI_IN_POLL:
		f->avail = f->poll != NULL ? in->avail : UI_AVAIL_NONE;
		if (f->screen == UI_S_WELCOME || f->screen == UI_S_UNAVAILABLE)
			go_idle(f);
		return UI_ACT_NONE;
	}
	return UI_ACT_NONE;
}
