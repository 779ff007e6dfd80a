/*
 * ui-script: the text backend.  It drives the real flow and renderer from
 * a key script, with no terminal, and writes the frames it is asked for
 * as text: golden tests compare that text with the files in tests/golden.  The
 * side effects a real kiosk would perform (checking a code, casting) are
 * only written down ("> cast 1,3,0,2"); their outcomes come from the
 * script's own "result" lines, so each golden file shows every step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/i18n.h"
#include "ykien/ui.h"
#include "ykien/util.h"

#define START_MS	1000000LL

struct run {
	const struct poll	*p;
	struct ui_flow		 f;
	struct ui_view		 v;
	struct ui_frame		*fr;
	int			 rows, cols, ascii;
	char			*out;
	size_t			 len;
	int			 err;
};

static void
emit(struct run *r, const char *s)
{
	size_t	 n = strlen(s);
	char	*t;

	if (r->err)
		return;
	if ((t = realloc(r->out, r->len + n + 1)) == NULL) {
		r->err = 1;
		return;
	}
	r->out = t;
	memcpy(r->out + r->len, s, n + 1);
	r->len += n;
}

static const char *act_names[] = { "none", "check-code", "activate", "cast",
    "discard", "count-ignored", "retry", "check-pin", "status", "set-lang",
    "refresh", "quit" };

/* Advance the clock by ms, feed in and write down the action. */
static void
feed(struct run *r, struct ui_input *in, long long ms)
{
	enum ui_act	 a;
	char		 b[POLL_MAX_QUESTIONS * 4 + 64];
	int		 i, o;

	in->now = r->f.now + ms;
	a = ui_flow_input(&r->f, in);
	if (a == UI_ACT_NONE)
		return;
	if (a == UI_ACT_SET_LANG)
		(void)i18n_set_lang(r->p->langs[r->f.lang]);
	o = snprintf(b, sizeof b, "> %s", act_names[a]);
	if (a == UI_ACT_CAST)
		for (i = 0; i < r->p->n_questions; i++)
			o += snprintf(b + o, sizeof b - (size_t)o, "%s%d",
			    i == 0 ? " " : ",", r->f.answers[i]);
	if (a == UI_ACT_CHECK_CODE)
		snprintf(b + o, sizeof b - (size_t)o, " %s", r->f.entry);
	emit(r, b);
	emit(r, "\n");
}

static int
render(struct run *r, const char *label)
{
	static const char *names[] = { "unavailable", "welcome", "code",
	    "activate", "question", "review", "casting", "thanks",
	    "not-recorded", "out-of-service", "still-there", "leave",
	    "restarted", "admin-pin", "admin-menu", "admin-status",
	    "admin-pin2", "admin-form", "admin-text" };
	char	*text, head[160];

	if (r->fr == NULL || r->fr->rows != r->rows || r->fr->cols != r->cols ||
	    r->fr->ascii != r->ascii) {
		ui_frame_free(r->fr);
		if ((r->fr = ui_frame_new(r->rows, r->cols, r->ascii)) == NULL)
			return YK_ENOMEM;
	}
	ui_render(&r->f, &r->v, r->fr);
	snprintf(head, sizeof head, "--- %s (%s, %dx%d) ---\n", label,
	    names[r->f.screen], r->cols, r->rows);
	emit(r, head);
	if ((text = ui_frame_text(r->fr)) == NULL)
		return YK_ENOMEM;
	emit(r, text);
	free(text);
	if (r->f.screen == UI_S_THANKS) {
		if ((text = ui_receipt_qr_text(&r->f)) == NULL)
			return YK_ENOMEM;
		emit(r, "> qr ");
		emit(r, text);
		emit(r, "\n");
		free(text);
	}
	return 0;
}

static const struct {
	const char	*name;
	enum ui_key	 key;
	int		 value;
} key_names[] = {
	{ "enter", UI_K_ENTER, 0 },	{ "up", UI_K_UP, 0 },
	{ "down", UI_K_DOWN, 0 },	{ "left", UI_K_LEFT, 0 },
	{ "right", UI_K_RIGHT, 0 },	{ "tab", UI_K_NEXT, 0 },
	{ "btab", UI_K_PREV, 0 },	{ "back", UI_K_BACK, 0 },
	{ "lang", UI_K_LANG, -1 },	{ "admin", UI_K_ADMIN, 0 },
	{ "x", UI_K_OTHER, 0 },
};

static const struct {
	const char	*name;
	int		 rc;
} rc_names[] = {
	{ "ok", 0 }, { "einval", YK_EINVAL }, { "eio", YK_EIO },
	{ "eauth", YK_EAUTH }, { "edup", YK_EDUP }, { "elocked", YK_ELOCKED },
	{ "enoent", YK_ENOENT }, { "efull", YK_EFULL },
};

static const char *avail_names[] = { "none", "testing", "open", "paused",
    "closed" };

/*
 * One script line.  Long: one short branch per command of the little
 * language in ui.h, in the order it documents them; split up, each would
 * be a function of three lines passing the same four arguments.
 */
static int
command(struct run *r, char *line, char **cause, int n)
{
	struct ui_input	 in;
	char		*cmd, *a1, *a2, *save = NULL;
	size_t		 i;
	enum ui_key	 k;
	int		 v;

	memset(&in, 0, sizeof in);
	if ((cmd = strtok_r(line, " \t", &save)) == NULL || *cmd == '#')
		return 0;
	a1 = strtok_r(NULL, " \t", &save);
	a2 = strtok_r(NULL, "", &save);
	if (strcmp(cmd, "frame") == 0)
		return render(r, a1 != NULL ? a1 : "frame");
	if (strcmp(cmd, "size") == 0 && a1 != NULL && a2 != NULL) {
		r->cols = atoi(a1);
		r->rows = atoi(a2);
		if (r->cols >= 20 && r->rows >= 8 && r->cols <= 400 &&
		    r->rows <= 200)
			return 0;
	} else if (strcmp(cmd, "scripts") == 0 && a1 != NULL && a2 != NULL) {
		/* scripts taiviet|latin rpa|viet, as in kiosk.conf */
		ui_flow_choose_scripts(&r->f, strcmp(a1, "latin") == 0,
		    strcmp(a2, "viet") == 0);
		return 0;
	} else if (strcmp(cmd, "ascii") == 0 && a1 != NULL) {
		r->ascii = atoi(a1) != 0;
		/* As the kiosk does: no Tai Viet on an ASCII terminal. */
		ui_flow_choose_scripts(&r->f, r->ascii, 0);
		return 0;
	} else if (strcmp(cmd, "key") == 0 && a1 != NULL) {
		in.kind = UI_IN_KEY;
		if (strlen(a1) == 1 && a1[0] >= '0' && a1[0] <= '9') {
			in.key = UI_K_DIGIT;
			in.value = a1[0] - '0';
			feed(r, &in, 1000);
			return 0;
		}
		for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
			if (strcmp(key_names[i].name, a1) == 0) {
				in.key = key_names[i].key;
				in.value = key_names[i].value;
				feed(r, &in, 1000);
				return 0;
			}
	} else if (strcmp(cmd, "click") == 0 && a1 != NULL && a2 != NULL) {
		if (r->fr == NULL || !ui_frame_target(r->fr, atoi(a1), atoi(a2),
		    &k, &v)) {
			emit(r, "> click: no target\n");
			return 0;
		}
		in.kind = UI_IN_KEY;
		in.key = k;
		in.value = v;
		feed(r, &in, 1000);
		return 0;
	} else if (strcmp(cmd, "tick") == 0 && a1 != NULL) {
		in.kind = UI_IN_TICK;
		feed(r, &in, atoll(a1));
		return 0;
	} else if (strcmp(cmd, "result") == 0 && a1 != NULL) {
		in.kind = UI_IN_RESULT;
		in.rc = 1;
		for (i = 0; i < sizeof rc_names / sizeof rc_names[0]; i++)
			if (strcmp(rc_names[i].name, a1) == 0)
				in.rc = rc_names[i].rc;
		in.receipt = a2;
		in.wait = a2 != NULL ? atol(a2) : 0;
		if (in.rc != 1) {
			feed(r, &in, 0);
			return 0;
		}
	} else if (strcmp(cmd, "avail") == 0 && a1 != NULL) {
		for (i = 0; i < sizeof avail_names / sizeof avail_names[0]; i++)
			if (strcmp(avail_names[i], a1) == 0) {
				in.kind = UI_IN_POLL;
				in.avail = (enum ui_avail)i;
				feed(r, &in, 0);
				return 0;
			}
	}
	return util_fail(cause, YK_EINVAL, "script line %d: cannot read "
	    "\"%s\"", n, cmd);
}

int
ui_script_run(const struct poll *p, const char *script, char **out,
    char **cause)
{
	struct ui_timing	 t = { 80000, 10000, 20000, 8000, 5000, 5000 };
	struct run		 r;
	char			*copy, *line, *save = NULL;
	int			 rc = 0, n = 0;

	memset(&r, 0, sizeof r);
	r.p = p;
	r.rows = 24;
	r.cols = 80;
	r.v.village = p->n_villages > 0 ? poll_text_get(&p->villages[0].name,
	    0) : NULL;
	r.v.state = "testing";
	r.v.fingerprint = "0000 1111 2222 3333 4444 5555 6666 7777 8888 9999 "
	    "aaaa bbbb";
	if ((copy = util_strdup(script)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	(void)i18n_set_lang(p->langs[0]);
	ui_flow_init(&r.f, p, UI_AVAIL_OPEN, &t, START_MS);
	ui_flow_choose_scripts(&r.f, 0, 0);
	for (line = strtok_r(copy, "\n", &save); line != NULL && rc == 0;
	    line = strtok_r(NULL, "\n", &save))
		rc = command(&r, line, cause, ++n);
	free(copy);
	ui_frame_free(r.fr);
	if (rc == 0 && r.err)
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
	if (rc != 0) {
		free(r.out);
		return rc;
	}
	*out = r.out != NULL ? r.out : util_strdup("");
	return 0;
}
