/*
 * ui: the voter's screen, in three layers that never mix.
 *
 *   ui-flow.c	 a pure state machine: (state, input) -> (state, action).
 *		 It reads no clock, touches no file and draws nothing; time
 *		 comes in with every input, and everything with a side effect
 *		 (checking a code, casting, counting) goes out as an action
 *		 that the caller performs and answers with a UI_IN_RESULT.
 *   ui-render.c fills a struct ui_frame, plain data: a grid of cells with
 *		 an attribute each, plus the click targets on it.
 *   ui-curses.c paints a frame and reads keys and mouse clicks (the only
 *		 file that includes <curses.h>); ui-script.c replays a key
 *		 script into frames as text instead, for golden tests.
 *
 * Because the flow is pure, the dangerous rules are testable in a unit
 * test: nothing is cast without the review screen's "send", an abandoned
 * ballot is forgotten, a totals screen does not exist.
 */
#ifndef YKIEN_UI_H
#define YKIEN_UI_H

#include <stddef.h>
#include <stdint.h>

#include "ballot.h"
#include "poll.h"

/* What a key or a click means to the flow, after kiosk.conf's mapping. */
enum ui_key {
	UI_K_NONE,
	UI_K_DIGIT,	/* value 0..9 */
	UI_K_UP,
	UI_K_DOWN,
	UI_K_LEFT,
	UI_K_RIGHT,
	UI_K_NEXT,	/* Tab */
	UI_K_PREV,	/* Shift-Tab */
	UI_K_ENTER,
	UI_K_BACK,	/* Backspace, Esc */
	UI_K_LANG,	/* value -1: the next language, else that language */
	UI_K_ADMIN,	/* the officials' key */
	UI_K_PICK,	/* a click on an item: value is its index */
	UI_K_EDIT,	/* a click on a review row: value is the question */
	UI_K_OTHER,	/* any other key: only "press any key" cares */
	UI_K_REPLAY,	/* say the screen's clip again (the caller's) */
};

enum ui_in_kind {
	UI_IN_KEY,	/* key, value */
	UI_IN_TICK,	/* time passes (the caller ticks a few times a second) */
	UI_IN_RESULT,	/* the outcome of the last action: rc, receipt, wait */
	UI_IN_POLL,	/* the active poll's state changed: avail */
};

/* The active poll as the voter's screen sees it. */
enum ui_avail {
	UI_AVAIL_NONE,		/* no poll is testing, open or paused */
	UI_AVAIL_TESTING,	/* test ballots, bannered */
	UI_AVAIL_OPEN,
	UI_AVAIL_PAUSED,
	UI_AVAIL_CLOSED,
};

struct ui_input {
	enum ui_in_kind	 kind;
	enum ui_key	 key;
	int		 value;
	long long	 now;		/* monotonic milliseconds */
	int		 rc;		/* UI_IN_RESULT: 0 or YK_E* */
	long		 wait;		/* UI_IN_RESULT: seconds (PIN delay) */
	const char	*receipt;	/* UI_IN_RESULT of a cast */
	enum ui_avail	 avail;		/* UI_IN_POLL */
};

enum ui_screen {
	UI_S_UNAVAILABLE,	/* no poll, paused or closed: no voting */
	UI_S_WELCOME,
	UI_S_CODE,		/* household code keypad */
	UI_S_ACTIVATE,		/* supervised: wait for an official */
	UI_S_QUESTION,
	UI_S_REVIEW,
	UI_S_CASTING,
	UI_S_THANKS,
	UI_S_NOT_RECORDED,	/* the store failed during a cast */
	UI_S_OUT_OF_SERVICE,	/* retrying the store */
	UI_S_STILL_THERE,	/* inactivity: "are you still there?" */
	UI_S_LEAVE,		/* leave a ballot that has answers? */
	UI_S_RESTARTED,		/* the poll's state changed mid-ballot */
	UI_S_ADMIN_PIN,
	UI_S_ADMIN_MENU,
	UI_S_ADMIN_STATUS,
	UI_S_ADMIN_PIN2,	/* a PIN for one action (ui-admin.c) */
	UI_S_ADMIN_FORM,	/* L&A: expected totals on a keypad */
	UI_S_ADMIN_TEXT,	/* what an action answered, scrollable */
};

/* The officials' actions from the menu (ui-admin.c); f->admin_op. */
enum ui_admin_op {
	UI_OP_NONE,
	UI_OP_PAUSE,
	UI_OP_RESUME,
	UI_OP_OPEN,		/* end the L&A test (f->form) and open */
	UI_OP_CLOSE,		/* f->pin1 official, f->entry Front (if 2) */
	UI_OP_EXPORT,
	UI_OP_PRINT,
};

/* What the caller must do after an input. */
enum ui_act {
	UI_ACT_NONE,
	UI_ACT_CHECK_CODE,	/* kiosk_code_check(entry); answer rc */
	UI_ACT_ACTIVATE,	/* check the activation PIN in entry; rc */
	UI_ACT_CAST,		/* kiosk_cast(answers); answer rc, receipt */
	UI_ACT_DISCARD,		/* forget the code hash of this ballot */
	UI_ACT_COUNT_IGNORED,	/* a press inside the open-mode interval */
	UI_ACT_RETRY,		/* probe the store; answer rc */
	UI_ACT_CHECK_PIN,	/* check the official's PIN in entry; rc, wait */
	UI_ACT_STATUS,		/* gather the status for the admin screen */
	UI_ACT_SET_LANG,	/* switch gettext to lang */
	UI_ACT_REFRESH,		/* re-read the poll state; answer UI_IN_POLL */
	UI_ACT_ADMIN,		/* do f->admin_op; answer rc, text in view */
	UI_ACT_QUIT,
};

/* Feedback shown under a screen's main content. */
enum ui_msg {
	UI_M_NONE,
	UI_M_CODE_TYPO,		/* check digit wrong: caught before lookup */
	UI_M_CODE_WRONG,	/* unknown household code */
	UI_M_CODE_USED,
	UI_M_PIN_WRONG,
	UI_M_PIN_LOCKED,
	UI_M_PIN_UNSET,
	UI_M_ERROR,		/* a lookup failed for another reason */
};

/* Times, in milliseconds, from kiosk.conf (defaults in config.h). */
struct ui_timing {
	long long	inactivity;	/* 80 s: then "are you still there?" */
	long long	still_there;	/* 10 s: then the ballot is discarded */
	long long	thanks;		/* back to the welcome screen */
	long long	not_recorded;	/* then out of service */
	long long	retry;		/* out of service: probe the store */
	long long	refresh;	/* re-read the poll state when idle */
};

#define UI_ENTRY_MAX	16
/* The same key again within this many ms is a bounce, not a choice. */
#define UI_REPEAT_MS	500
/* L&A form: the number of test ballots, then every answer's count. */
#define UI_FORM_MAX	(1 + POLL_MAX_QUESTIONS * (POLL_MAX_OPTIONS + 1))

struct ui_flow {
	const struct poll *poll;	/* borrowed; NULL if none active */
	enum ui_avail	 avail;
	int		 ballot_test;	/* the ballot was started in testing */
	struct ui_timing t;
	enum ui_screen	 screen;
	enum ui_screen	 back_to;	/* STILL_THERE and admin return here */
	int		 lang;		/* index into poll->langs */
	unsigned	 lang_hidden;	/* bit i: poll->langs[i] not offered */
	int		 q;		/* current question */
	int		 cursor;	/* chosen item or button, -1 = none */
	int		 editing;	/* came from review: go back there */
	int		 picking;	/* review: choosing a question to edit */
	uint8_t		 answers[POLL_MAX_QUESTIONS];
	uint8_t		 answered[POLL_MAX_QUESTIONS];
	char		 entry[UI_ENTRY_MAX + 1];	/* typed digits */
	int		 n_entry;
	enum ui_msg	 msg;
	long		 wait;		/* PIN: seconds to wait */
	int		 code_fails;	/* wrong codes in a row */
	long long	 code_until;	/* keypad ignored until then */
	long long	 next_ballot;	/* open mode: minimum interval */
	long long	 now;
	long long	 last_input;
	long long	 deadline;	/* STILL_THERE, THANKS, NOT_RECORDED */
	long long	 next_probe;	/* REFRESH or RETRY */
	enum ui_key	 last_key;	/* the repeat filter */
	int		 last_value;
	long long	 last_key_at;
	char		 receipt[RECEIPT_LEN + 1];
	/* the officials' menu (ui-admin.c) */
	enum ui_admin_op admin_op;
	char		 pin1[UI_ENTRY_MAX + 1];	/* PIN for admin_op */
	int		 pin_step;	/* 0: official's PIN, 1: Front's */
	int		 form_i, form_n;
	long		 form[UI_FORM_MAX];
	int		 scroll;	/* ADMIN_TEXT: first line shown */
};

/*
 * Start on the welcome screen (or UNAVAILABLE) in language 0.  poll may
 * be NULL (avail must then be UI_AVAIL_NONE).  now is monotonic ms.
 */
void	 ui_flow_init(struct ui_flow *, const struct poll *, enum ui_avail,
	    const struct ui_timing *, long long now);
/*
 * Replace the poll, e.g. after an official changed its state.  Any
 * ballot in progress is dropped (the caller discards its code hash).
 */
void	 ui_flow_set_poll(struct ui_flow *, const struct poll *,
	    enum ui_avail);
/*
 * The store failed its check: drop any ballot just begun and show the
 * out-of-service screen, which probes the store until it passes.
 */
void	 ui_flow_out_of_service(struct ui_flow *);
/* Feed one input; the flow changes state and returns what to do. */
enum ui_act ui_flow_input(struct ui_flow *, const struct ui_input *);
/* Items on a question screen: its options plus "no opinion" if allowed. */
int	 ui_flow_items(const struct ui_flow *, int q);
/* The answer byte of item i of question q (0 = no opinion). */
uint8_t	 ui_flow_item_answer(const struct ui_flow *, int q, int item);
/*
 * The language after the current one, skipping those hidden (another
 * script of the same language, chosen away in kiosk.conf).
 */
int	 ui_flow_next_lang(const struct ui_flow *);
/* Offer only some of the poll's languages: bit i hides langs[i]. */
void	 ui_flow_hide_langs(struct ui_flow *, unsigned hidden);
/*
 * Of a language the poll has in two scripts, offer one: Thái in Tai Viet
 * ("blt") unless thai_latin ("blt@latin"), Mông in RPA ("hmn") unless
 * hmong_viet ("hmn@viet").  A poll with only one script offers it.
 */
void	 ui_flow_choose_scripts(struct ui_flow *, int thai_latin,
	    int hmong_viet);
/* 1 while a ballot is in progress (anything that would be discarded). */
int	 ui_flow_in_ballot(const struct ui_flow *);
/* Seconds left before the keypad accepts a code again (0 if none). */
long	 ui_flow_code_wait(const struct ui_flow *);

/* ---- frames ---- */

enum ui_attr {
	UI_A_NORMAL,
	UI_A_TITLE,	/* bold */
	UI_A_HILITE,	/* the highlighted item: reverse */
	UI_A_BANNER,	/* THỬ NGHIỆM / TEST, errors: reverse bold */
	UI_A_KEY,	/* key hints and option numbers: bold */
	UI_A_DIM,
	/* Answer colours, always beside a pictogram that says the same. */
	UI_A_GOOD,	/* green: satisfied */
	UI_A_MID,	/* yellow: neither, no opinion */
	UI_A_BAD,	/* red: not satisfied */
};
#define UI_A_LAST	UI_A_BAD

#define UI_CELL_BYTES	15	/* one character and its combining marks */
#define UI_MAX_HITS	96

struct ui_cell {
	char	 ch[UI_CELL_BYTES + 1];	/* "" = right half of a wide char */
	uint8_t	 attr;
};

/* A click target: a click inside the rectangle acts as key/value. */
struct ui_hit {
	int		y, x, h, w;
	enum ui_key	key;
	int		value;
};

struct ui_frame {
	int		 rows, cols;
	int		 ascii;		/* the terminal is not UTF-8 */
	struct ui_cell	*cells;
	int		 n_hits;
	struct ui_hit	 hits[UI_MAX_HITS];
};

/* NULL on no memory; sizes are clamped to at least 1x1. */
struct ui_frame *ui_frame_new(int rows, int cols, int ascii);
void	 ui_frame_free(struct ui_frame *);
void	 ui_frame_clear(struct ui_frame *);
/*
 * Write UTF-8 text at (y, x), clipped to the frame; in an ASCII frame it
 * is transliterated first.  Returns the columns used.
 */
int	 ui_frame_put(struct ui_frame *, int y, int x, const char *s,
	    enum ui_attr);
/*
 * Word-wrap s into the box at (y, x) of width w and at most h lines.
 * Returns the lines used.  A word wider than w is cut.
 */
int	 ui_frame_wrap(struct ui_frame *, int y, int x, int w, int h,
	    const char *s, enum ui_attr);
/* Lines ui_frame_wrap would use for s at width w (no limit). */
int	 ui_frame_wrap_lines(const struct ui_frame *, int w, const char *s);
void	 ui_frame_fill(struct ui_frame *, int y, int x, int h, int w,
	    enum ui_attr);
void	 ui_frame_hit(struct ui_frame *, int y, int x, int h, int w,
	    enum ui_key, int value);
/* The click target at (y, x): 1 and key/value set, or 0. */
int	 ui_frame_target(const struct ui_frame *, int y, int x,
	    enum ui_key *, int *value);
/* The frame as text, rows joined by '\n', trailing blanks cut (malloc'd). */
char	*ui_frame_text(const struct ui_frame *);

/* ---- rendering ---- */

/* What the renderer shows that is not flow state (owned by the caller). */
/* Why the store cannot take a ballot (store_selftest), for the screen. */
enum ui_fault {
	UI_F_NONE,
	UI_F_DAMAGED,	/* quick_check failed */
	UI_F_WRITE,	/* cannot write: read-only card or directory, I/O */
	UI_F_FULL,	/* the card is full */
};

struct ui_view {
	const char	*village;	/* the kiosk's village */
	enum ui_fault	 fault;		/* out of service: why, if known */
	const char	*replay;	/* the replay key when audio is on */
	/* admin status screen */
	const char	*state;
	long long	 ballots;	/* a count only: never totals */
	long long	 test_ballots;
	const char	*fingerprint;
	long long	 unsent;	/* ballots not yet acknowledged */
	const char	*clock;		/* "dd/mm/yyyy hh:mm" UTC+7 */
	int		 clock_bad;	/* the clock looks wrong */
	const char	*admin_text;	/* ADMIN_TEXT: an action's answer */
};

/*
 * What the receipt's QR code holds: the published lookup page with the
 * code filled in ("BASE/polls/ID/#CODE") when the poll names its public
 * site, else the bare code.  malloc'd; NULL on no memory.
 */
char	*ui_receipt_qr_text(const struct ui_flow *);
/* ---- the officials' menu (src/ui-admin.c) ---- */

/* Back from the officials' screens to where F12 was pressed. */
enum ui_act ui_flow_leave_admin(struct ui_flow *);
/* 1 for the screens ui-admin.c owns. */
int	 ui_admin_owns(enum ui_screen);
/* A key on one of them; the flow's admin keys come here. */
enum ui_act ui_admin_key(struct ui_flow *, enum ui_key, int value);
/* The answer to UI_ACT_ADMIN or UI_ACT_STATUS. */
enum ui_act ui_admin_result(struct ui_flow *, const struct ui_input *);
/* Field i of the L&A form: -1 for the ballots, else *q and *a. */
int	 ui_admin_field(const struct ui_flow *, int i, int *q, int *a);
void	 ui_admin_render(const struct ui_flow *, const struct ui_view *,
	    struct ui_frame *);

/* Draw the flow's current screen into f (cleared first). */
void	 ui_render(const struct ui_flow *, const struct ui_view *,
	    struct ui_frame *);

/* ---- the text backend ---- */

/*
 * Replay a key script against poll p and return every "frame" it asks
 * for as text in *out (malloc'd).  One command a line, '#' comments:
 *	size COLS ROWS		ascii 0|1	lang N
 *	key 1 | key enter | key up|down|left|right|tab|btab|back|lang|admin|x
 *	click Y X		tick MS		result RC [RECEIPT]
 *	avail testing|open|paused|closed|none	frame [LABEL]
 *	scripts taiviet|latin rpa|viet	(the Thái and Mông scripts offered)
 * Each key also advances the clock by 1 s.  Actions are recorded in the
 * output ("> cast") and answered only by "result" lines, so the script
 * spells out every outcome.  YK_EINVAL with a cause naming the line.
 */
int	 ui_script_run(const struct poll *p, const char *script, char **out,
	    char **cause);

/* ---- the terminal (src/ui-curses.c, the only user of <curses.h>) ---- */

struct ui_curses;

enum ui_event {
	UI_EV_TIMEOUT,
	UI_EV_KEY,	/* code: a config key code (config.h) */
	UI_EV_CLICK,	/* y, x */
	UI_EV_RESIZE,
	UI_EV_LOST,	/* the terminal hung up (EOF, EIO): stop */
};

/*
 * Take over the terminal: raw keys (so Ctrl-C is just a key), no echo,
 * no cursor, mouse clicks if mouse, colours unless mono or the terminal
 * has none.  YK_EIO with a cause if there is no usable terminal.
 */
int	 ui_curses_open(int mouse, int mono, struct ui_curses **, char **cause);
/* Give the terminal back; ui_curses_close(NULL) is a no-op. */
void	 ui_curses_close(struct ui_curses *);
void	 ui_curses_size(struct ui_curses *, int *rows, int *cols);
void	 ui_curses_paint(struct ui_curses *, const struct ui_frame *);
/* Wait up to ms for a key, a click or a resize. */
enum ui_event ui_curses_read(struct ui_curses *, int ms, int *code, int *y,
	    int *x);

#endif
