/*
 * ui-flow: the voter's state machine, driven key by key with a made-up
 * clock.  These are the rules a ballot depends on: only "send" casts,
 * the answers cast are the ones chosen last, nothing is chosen for the
 * voter (a press chooses, a second press or Enter confirms, a bounce is
 * ignored), leaving a ballot with answers asks first, an abandoned ballot is
 * forgotten, a typo is caught before any lookup, wrong codes slow the
 * keypad down, and a failed cast never looks like a success.
 */
#include "testutil.h"
#include "ykien/poll.h"
#include "ykien/codes.h"
#include "ykien/ui.h"

static const struct ui_timing timing = { 80000, 10000, 20000, 8000, 5000,
    5000 };

struct fx {
	struct poll	*p;
	struct ui_flow	 f;
	long long	 now;
};

static struct poll *
load(const char *path)
{
	struct poll	*p = NULL;

	assert_int_equal(poll_load_file(path, &p, NULL), 0);
	return p;
}

static int
setup_with(void **state, const char *path)
{
	struct fx	*x = calloc(1, sizeof *x);

	x->p = load(path);
	x->now = 1000000;
	ui_flow_init(&x->f, x->p, UI_AVAIL_OPEN, &timing, x->now);
	*state = x;
	return 0;
}

static int
setup_demo(void **state)
{
	return setup_with(state, TOP_SRCDIR "/kiosk-config/polls/demo.json");
}

/* One question, household codes. */
static int
setup_code(void **state)
{
	return setup_with(state, TOP_SRCDIR "/tests/golden/one.json");
}

static int
teardown(void **state)
{
	struct fx	*x = *state;

	poll_free(x->p);
	free(x);
	return 0;
}

/* A key ms after the last input. */
static enum ui_act
key_after(struct fx *x, long long ms, enum ui_key k, int v)
{
	struct ui_input	in = { .kind = UI_IN_KEY, .key = k, .value = v };

	x->now += ms;
	in.now = x->now;
	return ui_flow_input(&x->f, &in);
}

/* Half a second apart: slow enough never to be a bounce. */
static enum ui_act
key(struct fx *x, enum ui_key k, int v)
{
	return key_after(x, UI_REPEAT_MS, k, v);
}

static enum ui_act
digit(struct fx *x, int d)
{
	return key(x, UI_K_DIGIT, d);
}

/* Choose with a digit and confirm with the same digit. */
static enum ui_act
answer(struct fx *x, int d)
{
	assert_int_equal(digit(x, d), UI_ACT_NONE);
	return digit(x, d);
}

static enum ui_act
tick(struct fx *x, long long ms)
{
	struct ui_input	in = { .kind = UI_IN_TICK };

	x->now += ms;
	in.now = x->now;
	return ui_flow_input(&x->f, &in);
}

static enum ui_act
result_wait(struct fx *x, int rc, const char *receipt, long wait)
{
	struct ui_input	in = { .kind = UI_IN_RESULT, .rc = rc,
	    .receipt = receipt, .wait = wait };

	in.now = x->now;
	return ui_flow_input(&x->f, &in);
}

static enum ui_act
result(struct fx *x, int rc, const char *receipt)
{
	struct ui_input	in = { .kind = UI_IN_RESULT, .rc = rc,
	    .receipt = receipt };

	in.now = x->now;
	return ui_flow_input(&x->f, &in);
}

/* Answer the demo poll's four questions with digits. */
static void
answer_all(struct fx *x, const int *d)
{
	int	i;

	for (i = 0; i < 4; i++) {
		assert_int_equal(x->f.screen, UI_S_QUESTION);
		assert_int_equal(x->f.q, i);
		assert_int_equal(answer(x, d[i]), UI_ACT_NONE);
	}
	assert_int_equal(x->f.screen, UI_S_REVIEW);
}

static void
whole_ballot(void **state)
{
	struct fx	*x = *state;
	static const int d[4] = { 1, 4, 3, 2 };
	static const uint8_t want[4] = { 1, 4, 3, 2 };

	assert_int_equal(x->f.screen, UI_S_WELCOME);
	assert_int_equal(key(x, UI_K_OTHER, 0), UI_ACT_NONE);
	answer_all(x, d);
	assert_int_equal(answer(x, 1), UI_ACT_CAST);
	assert_memory_equal(x->f.answers, want, 4);
	assert_int_equal(x->f.screen, UI_S_CASTING);
	assert_int_equal(result(x, 0, "ABCDE-FGHJK"), UI_ACT_NONE);
	assert_int_equal(x->f.screen, UI_S_THANKS);
	assert_string_equal(x->f.receipt, "ABCDE-FGHJK");
	/* The answers are gone from memory once cast. */
	assert_int_equal(x->f.answered[0], 0);
	tick(x, 19000);
	assert_int_equal(x->f.screen, UI_S_THANKS);
	tick(x, 1000);
	assert_int_equal(x->f.screen, UI_S_WELCOME);
	assert_string_equal(x->f.receipt, "");
}

static void
only_send_casts(void **state)
{
	struct fx	*x = *state;
	static const int d[4] = { 2, 1, 1, 1 };
	static const enum ui_key keys[] = { UI_K_UP, UI_K_DOWN, UI_K_LEFT,
	    UI_K_NEXT, UI_K_OTHER, UI_K_LANG, UI_K_ADMIN, UI_K_PREV };
	size_t		 i;
	int		 v;

	key(x, UI_K_OTHER, 0);
	answer_all(x, d);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		assert_int_not_equal(key(x, keys[i], -1), UI_ACT_CAST);
	for (v = 3; v <= 9; v++)
		assert_int_not_equal(digit(x, v), UI_ACT_CAST);
	assert_int_equal(x->f.screen, UI_S_REVIEW);
	/* Enter casts only when "send" is the chosen button. */
	x->f.cursor = 1;
	assert_int_equal(key(x, UI_K_ENTER, 0), UI_ACT_NONE);
	assert_int_equal(x->f.picking, 1);
}

/* Enter again and again answers nothing and casts nothing. */
static void
enter_chooses_nothing(void **state)
{
	struct fx	*x = *state;
	static const int d[4] = { 1, 1, 1, 1 };
	int		 i;

	key(x, UI_K_ENTER, 0);
	for (i = 0; i < 30; i++) {
		assert_int_equal(key(x, UI_K_ENTER, 0), UI_ACT_NONE);
		assert_int_equal(x->f.screen, UI_S_QUESTION);
		assert_int_equal(x->f.q, 0);
		assert_int_equal(x->f.cursor, -1);
	}
	answer_all(x, d);
	/* The review opens with neither button chosen. */
	assert_int_equal(x->f.cursor, -1);
	for (i = 0; i < 30; i++)
		assert_int_equal(key(x, UI_K_ENTER, 0), UI_ACT_NONE);
	assert_int_equal(x->f.screen, UI_S_REVIEW);
	assert_int_equal(x->f.picking, 0);
	/* A press chooses "send"; Enter then confirms it. */
	assert_int_equal(digit(x, 1), UI_ACT_NONE);
	assert_int_equal(x->f.cursor, 0);
	assert_int_equal(key(x, UI_K_ENTER, 0), UI_ACT_CAST);
}

/*
 * A double press of "2" answers one question at most: a bounce within
 * UI_REPEAT_MS is ignored, and a deliberate second press confirms the
 * first question only, the next one opening with nothing chosen.
 */
static void
double_press(void **state)
{
	struct fx	*x = *state;

	key(x, UI_K_OTHER, 0);
	assert_int_equal(key_after(x, 1000, UI_K_DIGIT, 2), UI_ACT_NONE);
	assert_int_equal(x->f.cursor, 1);
	assert_int_equal(key_after(x, 80, UI_K_DIGIT, 2), UI_ACT_NONE);
	/* Held down: each repeat restarts the window. */
	assert_int_equal(key_after(x, 450, UI_K_DIGIT, 2), UI_ACT_NONE);
	assert_int_equal(key_after(x, 450, UI_K_DIGIT, 2), UI_ACT_NONE);
	assert_int_equal(x->f.q, 0);
	assert_int_equal(x->f.answered[0], 0);
	assert_int_equal(x->f.cursor, 1);
	/* A second, deliberate press confirms question 1 only. */
	key_after(x, 600, UI_K_DIGIT, 2);
	assert_int_equal(x->f.q, 1);
	assert_int_equal(x->f.answered[0], 1);
	assert_int_equal(x->f.answers[0], 2);
	assert_int_equal(x->f.cursor, -1);
	assert_int_equal(x->f.answered[1], 0);
	/* The same key at once on the next question is a bounce too. */
	key_after(x, 100, UI_K_DIGIT, 2);
	assert_int_equal(x->f.cursor, -1);
	/* Another digit chooses, it does not answer. */
	key_after(x, 100, UI_K_DIGIT, 3);
	assert_int_equal(x->f.cursor, 2);
	assert_int_equal(x->f.answered[1], 0);
	/* Codes are typed fast: the keypad has no bounce filter. */
}

static void
leave_asks(void **state)
{
	struct fx	*x = *state;

	key(x, UI_K_OTHER, 0);
	answer(x, 1);
	key(x, UI_K_BACK, 0);
	assert_int_equal(x->f.q, 0);
	/* Back on question 1 with an answer given: ask, keep everything. */
	assert_int_equal(key(x, UI_K_BACK, 0), UI_ACT_NONE);
	assert_int_equal(x->f.screen, UI_S_LEAVE);
	assert_int_equal(x->f.cursor, -1);
	assert_int_equal(key(x, UI_K_ENTER, 0), UI_ACT_NONE);
	assert_int_equal(x->f.screen, UI_S_LEAVE);
	/* Back means "no": the ballot is still there. */
	key(x, UI_K_BACK, 0);
	assert_int_equal(x->f.screen, UI_S_QUESTION);
	assert_int_equal(x->f.answered[0], 1);
	key(x, UI_K_BACK, 0);
	assert_int_equal(digit(x, 2), UI_ACT_NONE);
	assert_int_equal(digit(x, 2), UI_ACT_NONE);
	assert_int_equal(x->f.screen, UI_S_QUESTION);
	key(x, UI_K_BACK, 0);
	assert_int_equal(digit(x, 1), UI_ACT_NONE);
	assert_int_equal(x->f.screen, UI_S_LEAVE);
	assert_int_equal(digit(x, 1), UI_ACT_DISCARD);
	assert_int_equal(x->f.screen, UI_S_WELCOME);
	assert_int_equal(x->f.answered[0], 0);
	/* With no answer yet, Back on question 1 just leaves. */
	key(x, UI_K_OTHER, 0);
	assert_int_equal(key(x, UI_K_BACK, 0), UI_ACT_DISCARD);
	assert_int_equal(x->f.screen, UI_S_WELCOME);
}

static void
back_and_edit(void **state)
{
	struct fx	*x = *state;
	static const uint8_t want[4] = { 0, 5, 3, 2 };

	key(x, UI_K_OTHER, 0);
	answer(x, 1);
	assert_int_equal(key(x, UI_K_BACK, 0), UI_ACT_NONE);
	assert_int_equal(x->f.q, 0);
	/* The answer given is shown, not chosen again for the voter. */
	assert_int_equal(x->f.cursor, -1);
	assert_int_equal(x->f.answers[0], 1);
	answer(x, 2);
	answer(x, 5);
	answer(x, 3);
	/* Question 4 has no "no opinion": 3 is not an item there. */
	answer(x, 3);
	assert_int_equal(x->f.q, 3);
	answer(x, 2);
	assert_int_equal(x->f.screen, UI_S_REVIEW);
	answer(x, 2);
	assert_int_equal(x->f.picking, 1);
	digit(x, 4);
	assert_int_equal(x->f.screen, UI_S_QUESTION);
	assert_int_equal(x->f.q, 3);
	assert_int_equal(x->f.editing, 1);
	/* Back from an edit returns to the review, answer unchanged. */
	key(x, UI_K_BACK, 0);
	assert_int_equal(x->f.screen, UI_S_REVIEW);
	answer(x, 2);
	digit(x, 1);
	assert_int_equal(x->f.q, 0);
	answer(x, 3);			/* no opinion */
	assert_int_equal(x->f.screen, UI_S_REVIEW);
	/* A click on a row edits that question directly. */
	key(x, UI_K_EDIT, 1);
	assert_int_equal(x->f.q, 1);
	/* A tap chooses, a second tap on the same option confirms. */
	key(x, UI_K_PICK, 4);
	assert_int_equal(x->f.screen, UI_S_QUESTION);
	key(x, UI_K_PICK, 4);
	assert_int_equal(x->f.screen, UI_S_REVIEW);
	assert_int_equal(key(x, UI_K_PICK, 0), UI_ACT_NONE);
	assert_int_equal(key(x, UI_K_PICK, 0), UI_ACT_CAST);
	assert_memory_equal(x->f.answers, want, 4);
}

static void
inactivity_discards(void **state)
{
	struct fx	*x = *state;

	key(x, UI_K_OTHER, 0);
	answer(x, 2);
	assert_int_equal(x->f.q, 1);
	assert_int_equal(tick(x, 79500), UI_ACT_NONE);
	assert_int_equal(x->f.screen, UI_S_QUESTION);
	tick(x, 500);
	assert_int_equal(x->f.screen, UI_S_STILL_THERE);
	/* A key brings the voter back where they were. */
	assert_int_equal(key(x, UI_K_OTHER, 0), UI_ACT_NONE);
	assert_int_equal(x->f.screen, UI_S_QUESTION);
	assert_int_equal(x->f.q, 1);
	tick(x, 80000);
	assert_int_equal(x->f.screen, UI_S_STILL_THERE);
	assert_int_equal(tick(x, 9000), UI_ACT_NONE);
	assert_int_equal(tick(x, 1000), UI_ACT_DISCARD);
	assert_int_equal(x->f.screen, UI_S_WELCOME);
	assert_int_equal(x->f.answered[0], 0);
	assert_int_equal(x->f.answers[0], 0);
}

static void
codes_typo_and_delay(void **state)
{
	struct fx	*x = *state;
	const char	*typo = "123456789010", *good = "123456789018";
	int		 i;

	key(x, UI_K_OTHER, 0);
	assert_int_equal(x->f.screen, UI_S_CODE);
	for (i = 0; i < CODES_DIGITS - 1; i++)
		assert_int_equal(digit(x, typo[i] - '0'), UI_ACT_NONE);
	/* A slip of the finger: no lookup at all, and no delay. */
	assert_int_equal(digit(x, typo[CODES_DIGITS - 1] - '0'), UI_ACT_NONE);
	assert_int_equal(x->f.msg, UI_M_CODE_TYPO);
	assert_int_equal(x->f.n_entry, 0);
	assert_int_equal(ui_flow_code_wait(&x->f), 0);
	for (i = 0; i < CODES_DIGITS - 1; i++)
		digit(x, good[i] - '0');
	assert_int_equal(digit(x, good[CODES_DIGITS - 1] - '0'),
	    UI_ACT_CHECK_CODE);
	assert_string_equal(x->f.entry, good);
	result_wait(x, YK_EAUTH, NULL, 2);
	assert_int_equal(x->f.msg, UI_M_CODE_WRONG);
	assert_int_equal(x->f.n_entry, 0);
	assert_int_equal(ui_flow_code_wait(&x->f), 2);
	/* While the keypad waits, digits are ignored. */
	digit(x, 1);
	assert_int_equal(x->f.n_entry, 0);
	tick(x, 2000);
	for (i = 0; i < CODES_DIGITS; i++)
		digit(x, good[i] - '0');
	result_wait(x, YK_EDUP, NULL, 4);
	assert_int_equal(x->f.msg, UI_M_CODE_USED);
	assert_int_equal(ui_flow_code_wait(&x->f), 4);
	digit(x, 1);
	assert_int_equal(x->f.n_entry, 0);
	tick(x, 4000);
	for (i = 0; i < CODES_DIGITS - 1; i++)
		digit(x, good[i] - '0');
	assert_int_equal(digit(x, good[CODES_DIGITS - 1] - '0'),
	    UI_ACT_CHECK_CODE);
	result(x, 0, NULL);
	assert_int_equal(x->f.screen, UI_S_QUESTION);
	assert_int_equal(x->f.n_entry, 0);
	assert_int_equal(x->f.code_fails, 0);
	/* The code's last digit opens no bounce window on the question. */
	assert_true(x->f.now - x->f.last_key_at >= UI_REPEAT_MS);
}

static void
failed_cast(void **state)
{
	struct fx	*x = *state;

	key(x, UI_K_OTHER, 0);
	for (int i = 0; i < CODES_DIGITS; i++)
		digit(x, "123456789018"[i] - '0');
	result(x, 0, NULL);
	answer(x, 1);
	assert_int_equal(answer(x, 1), UI_ACT_CAST);
	result(x, YK_EIO, NULL);
	assert_int_equal(x->f.screen, UI_S_NOT_RECORDED);
	assert_string_equal(x->f.receipt, "");
	assert_int_equal(x->f.answered[0], 0);
	key(x, UI_K_OTHER, 0);
	assert_int_equal(x->f.screen, UI_S_NOT_RECORDED);
	tick(x, 8000);
	assert_int_equal(x->f.screen, UI_S_OUT_OF_SERVICE);
	assert_int_equal(tick(x, 1), UI_ACT_RETRY);
	assert_int_equal(result(x, YK_EIO, NULL), UI_ACT_NONE);
	assert_int_equal(x->f.screen, UI_S_OUT_OF_SERVICE);
	assert_int_equal(tick(x, 1000), UI_ACT_NONE);
	assert_int_equal(tick(x, 4000), UI_ACT_RETRY);
	assert_int_equal(result(x, 0, NULL), UI_ACT_REFRESH);
	assert_int_equal(x->f.screen, UI_S_WELCOME);
}

static void
open_interval(void **state)
{
	struct fx	*x = *state;
	static const int d[4] = { 1, 1, 1, 1 };

	/* The demo poll has min_interval 0; pretend it is 30 s. */
	x->p->open_interval = 30;
	key(x, UI_K_OTHER, 0);
	answer_all(x, d);
	answer(x, 1);
	result(x, 0, "ABCDE-FGHJK");
	tick(x, 20000);
	assert_int_equal(x->f.screen, UI_S_WELCOME);
	assert_int_equal(key(x, UI_K_OTHER, 0), UI_ACT_COUNT_IGNORED);
	assert_int_equal(x->f.screen, UI_S_WELCOME);
	tick(x, 10000);
	assert_int_equal(key(x, UI_K_OTHER, 0), UI_ACT_NONE);
	assert_int_equal(x->f.screen, UI_S_QUESTION);
}

static void
admin_only_when_idle(void **state)
{
	struct fx	*x = *state;

	key(x, UI_K_OTHER, 0);
	assert_int_equal(key(x, UI_K_ADMIN, 0), UI_ACT_NONE);
	assert_int_equal(x->f.screen, UI_S_QUESTION);
	key(x, UI_K_BACK, 0);
	assert_int_equal(x->f.screen, UI_S_WELCOME);
	key(x, UI_K_ADMIN, 0);
	assert_int_equal(x->f.screen, UI_S_ADMIN_PIN);
	digit(x, 1);
	digit(x, 2);
	digit(x, 3);
	assert_int_equal(key(x, UI_K_ENTER, 0), UI_ACT_NONE);	/* too short */
	digit(x, 4);
	assert_int_equal(key(x, UI_K_ENTER, 0), UI_ACT_CHECK_PIN);
	x->f.wait = 0;
	{
		struct ui_input in = { .kind = UI_IN_RESULT, .rc = YK_EAUTH,
		    .wait = 2, .now = x->now };

		ui_flow_input(&x->f, &in);
	}
	assert_int_equal(x->f.msg, UI_M_PIN_WRONG);
	assert_int_equal(x->f.n_entry, 0);
	for (int i = 0; i < 4; i++)
		digit(x, 4);
	key(x, UI_K_ENTER, 0);
	result(x, 0, NULL);
	assert_int_equal(x->f.screen, UI_S_ADMIN_MENU);
	assert_int_equal(digit(x, 1), UI_ACT_STATUS);
	result(x, 0, NULL);
	assert_int_equal(x->f.screen, UI_S_ADMIN_STATUS);
	key(x, UI_K_OTHER, 0);
	assert_int_equal(digit(x, 0), UI_ACT_REFRESH);
	assert_int_equal(x->f.screen, UI_S_WELCOME);
	/* Pause asks for the PIN again; Back forgets it and does nothing. */
	key(x, UI_K_ADMIN, 0);
	for (int i = 0; i < 4; i++)
		digit(x, 4);
	key(x, UI_K_ENTER, 0);
	result(x, 0, NULL);
	assert_int_equal(digit(x, 2), UI_ACT_NONE);
	assert_int_equal(x->f.screen, UI_S_ADMIN_PIN2);
	digit(x, 5);
	key(x, UI_K_BACK, 0);
	assert_int_equal(key(x, UI_K_BACK, 0), UI_ACT_NONE);
	assert_int_equal(x->f.screen, UI_S_ADMIN_MENU);
	assert_int_equal(x->f.pin1[0], '\0');
	digit(x, 2);
	for (int i = 0; i < 4; i++)
		digit(x, 7);
	assert_int_equal(key(x, UI_K_ENTER, 0), UI_ACT_ADMIN);
	assert_int_equal(x->f.admin_op, UI_OP_PAUSE);
	assert_string_equal(x->f.pin1, "7777");
	result(x, 0, NULL);
	assert_int_equal(x->f.screen, UI_S_ADMIN_TEXT);
	assert_int_equal(x->f.pin1[0], '\0');	/* wiped after use */
	key(x, UI_K_OTHER, 0);
	assert_int_equal(x->f.screen, UI_S_ADMIN_MENU);
}

static void
paused_and_languages(void **state)
{
	struct fx	*x = *state;
	struct ui_input	 in = { .kind = UI_IN_POLL, .avail = UI_AVAIL_PAUSED };

	assert_int_equal(key(x, UI_K_LANG, -1), UI_ACT_SET_LANG);
	assert_int_equal(x->f.lang, 1);
	for (int i = 1; i < x->p->n_langs; i++)
		assert_int_equal(key(x, UI_K_LANG, -1), UI_ACT_SET_LANG);
	assert_int_equal(x->f.lang, 0);
	assert_int_equal(key(x, UI_K_LANG, 1), UI_ACT_SET_LANG);
	assert_int_equal(x->f.lang, 1);
	in.now = x->now;
	ui_flow_input(&x->f, &in);
	assert_int_equal(x->f.screen, UI_S_UNAVAILABLE);
	key(x, UI_K_OTHER, 0);
	assert_int_equal(x->f.screen, UI_S_UNAVAILABLE);
	assert_int_equal(tick(x, 5000), UI_ACT_REFRESH);
	in.avail = UI_AVAIL_OPEN;
	ui_flow_input(&x->f, &in);
	assert_int_equal(x->f.screen, UI_S_WELCOME);
}

/* Thái and Mông each in one script, the one kiosk.conf chose. */
static void
scripts(void **state)
{
	struct fx	*x = *state;
	static const char *taiviet[] = { "en", "blt", "hmn", "vi" };
	static const char *latin[] = { "en", "blt@latin", "hmn@viet", "vi" };
	int		 i;

	ui_flow_choose_scripts(&x->f, 0, 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(key(x, UI_K_LANG, -1), UI_ACT_SET_LANG);
		assert_string_equal(x->p->langs[x->f.lang], taiviet[i]);
	}
	/* A click on a hidden language changes nothing. */
	key(x, UI_K_LANG, poll_lang_index(x->p, "blt@latin"));
	assert_string_equal(x->p->langs[x->f.lang], "vi");
	ui_flow_choose_scripts(&x->f, 1, 1);
	for (i = 0; i < 4; i++) {
		key(x, UI_K_LANG, -1);
		assert_string_equal(x->p->langs[x->f.lang], latin[i]);
	}
}

/* 60 questions, 10 options and "no opinion": every item is reachable. */
static void
big_poll(void **state)
{
	struct poll	*p = load(TOP_SRCDIR "/tests/golden/big.json");
	struct ui_flow	 f;
	struct ui_frame	*fr = ui_frame_new(24, 80, 0);
	struct ui_input	 in = { .kind = UI_IN_KEY, .key = UI_K_OTHER };
	int		 q;

	(void)state;
	assert_int_equal(p->n_questions, 60);
	ui_flow_init(&f, p, UI_AVAIL_OPEN, &timing, 0);
	ui_flow_input(&f, &in);
	assert_int_equal(f.screen, UI_S_ACTIVATE);
	in.kind = UI_IN_RESULT;
	ui_flow_input(&f, &in);
	for (q = 0; q < 60; q++) {
		int m = ui_flow_items(&f, q);

		assert_int_equal(f.q, q);
		ui_render(&f, NULL, fr);
		in.kind = UI_IN_KEY;
		/* The last item (no opinion when allowed) by arrows. */
		in.key = UI_K_UP;
		ui_flow_input(&f, &in);
		assert_int_equal(f.cursor, m - 1);
		in.key = UI_K_ENTER;
		ui_flow_input(&f, &in);
		assert_int_equal(f.answers[q], p->questions[q].no_opinion ? 0 :
		    m);
	}
	assert_int_equal(f.screen, UI_S_REVIEW);
	ui_render(&f, NULL, fr);
	assert_int_equal(poll_check_answers(p, f.answers, 60, NULL), 0);
	ui_frame_free(fr);
	poll_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(whole_ballot, setup_demo,
		    teardown),
		cmocka_unit_test_setup_teardown(only_send_casts, setup_demo,
		    teardown),
		cmocka_unit_test_setup_teardown(enter_chooses_nothing,
		    setup_demo, teardown),
		cmocka_unit_test_setup_teardown(double_press, setup_demo,
		    teardown),
		cmocka_unit_test_setup_teardown(leave_asks, setup_demo,
		    teardown),
		cmocka_unit_test_setup_teardown(back_and_edit, setup_demo,
		    teardown),
		cmocka_unit_test_setup_teardown(inactivity_discards,
		    setup_demo, teardown),
		cmocka_unit_test_setup_teardown(codes_typo_and_delay,
		    setup_code, teardown),
		cmocka_unit_test_setup_teardown(failed_cast, setup_code,
		    teardown),
		cmocka_unit_test_setup_teardown(open_interval, setup_demo,
		    teardown),
		cmocka_unit_test_setup_teardown(admin_only_when_idle,
		    setup_demo, teardown),
		cmocka_unit_test_setup_teardown(paused_and_languages,
		    setup_demo, teardown),
		cmocka_unit_test_setup_teardown(scripts, setup_demo, teardown),
		cmocka_unit_test(big_poll),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
