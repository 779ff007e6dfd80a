/*
 * ykien-kiosk run: the voter's screen.  This file only joins the pieces:
 * it feeds keys, clicks and clock ticks to the flow (ui-flow.c), performs
 * the actions the flow asks for against the kiosk (check a code, cast,
 * count), and paints what the renderer draws.
 *
 * It must never die and never leave a blank screen: every failure after
 * the screen is up becomes a screen (out of service, retrying), and
 * nothing about a ballot is ever printed or logged.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ykien/cli.h"
#include "ykien/config.h"
#include "ykien/elig.h"
#include "ykien/i18n.h"
#include "ykien/kiosk.h"
#include "ykien/store.h"
#include "ykien/ui.h"
#include "ykien/upload.h"
#include "ykien/util.h"
#include "ykien/pin.h"
#include "ykien/runlock.h"
#include "ykien/speak.h"
#include "kcmd.h"

#define PROG		KIOSK_PROG " run"
#define TICK_MS		200

static const char help[] =
"usage: ykien-kiosk run [--dir DIR] [--config FILE] [--lang CODE]\n"
"                       [--ascii] [--mono]\n"
"\n"
"Show the voter's screen for the poll that is testing or open, full\n"
"screen, until an official stops it from the officials' menu (F12 by\n"
"default, then the official's PIN).\n"
"\n"
"  --dir DIR      the kiosk's state directory (else $YKIEN_DIR)\n"
"  --config FILE  settings (default DIR/kiosk.conf; built-in defaults\n"
"                 when it does not exist); see ykien-kiosk-run(1)\n"
"  --lang CODE    the first language, one of the poll's (e.g. vi, en)\n"
"  --ascii        draw in ASCII even if the terminal says UTF-8\n"
"  --mono         no colours\n"
"  --no-upload    do not run the uploader in the background\n"
"\n"
"Unless --no-upload is given, and once a province URL is known (the first\n"
"'ykien-kiosk upload --url' remembers it), ballots are uploaded in the\n"
"background while the screen runs, by a child process with its own\n"
"database connection; it stops with the screen.\n"
"\n"
"With [audio] enabled = yes in kiosk.conf, each screen speaks the poll's\n"
"clip for it when it opens (welcome, each question with its options,\n"
"review, thank-you) and / says it again; with no sound device the screen\n"
"stays silent ('ykien-kiosk status' says why).\n";

static volatile sig_atomic_t quit;
static volatile sig_atomic_t upload_stop;

static void
on_upload_signal(int sig)
{
	(void)sig;
	upload_stop = 1;
}

/*
 * Start the background uploader: a child process, forked before the
 * screen opens the store, with its own connection and its own libcurl
 * (loaded only there, so the voter's process stays small), and unable to
 * draw on the screen or take it down.  It dies with its parent.  Returns
 * the child's pid, or -1 if it could not be started (the screen runs
 * anyway: the upload timer and `ykien-kiosk upload` remain).
 */
static int
has_province_url(struct kiosk *k)
{
	char	*url = NULL;
	int	 yes;

	yes = store_meta_get(k->store, "province_url", &url, NULL) == 0 &&
	    url != NULL;
	free(url);
	return yes;
}

static pid_t
start_uploader(const char *dir)
{
	struct upload_opts	 o;
	struct sigaction	 sa;
	pid_t			 pid;
	int			 fd;

	if ((pid = fork()) != 0)
		return pid;
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() == 1)
		_exit(0);
	if ((fd = open("/dev/null", O_RDWR)) == -1 ||
	    dup2(fd, STDIN_FILENO) == -1 || dup2(fd, STDOUT_FILENO) == -1 ||
	    dup2(fd, STDERR_FILENO) == -1)
		_exit(1);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_upload_signal;
	if (sigaction(SIGTERM, &sa, NULL) != 0 ||
	    sigaction(SIGHUP, &sa, NULL) != 0)
		_exit(1);
	memset(&o, 0, sizeof o);
	/* Passes every minute; backoff with jitter on network errors. */
	(void)upload_run(dir, &o, 60, &upload_stop, NULL, NULL, NULL);
	_exit(0);
}

static void
stop_uploader(pid_t pid)
{
	if (pid <= 0)
		return;
	(void)kill(pid, SIGTERM);
	(void)waitpid(pid, NULL, 0);
}

static void
on_signal(int sig)
{
	quit = sig;
}

static long long
now_ms(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct run {
	struct kiosk	*k;
	struct poll	*poll;
	struct ui_flow	 f;
	struct ui_view	 v;
	struct config	 cfg;
	char		 state[16];
	char		 fpr[KEYS_FPR];
	uint8_t		 code_hash[KEYS_HASH];	/* of this ballot's code */
	int		 have_code;
	int		 done;
	int		 utf8;		/* the terminal draws UTF-8 */
	int		 idle_due;	/* a cast's kiosk_idle has not run */
	long long	 swept;		/* when store_sweep last ran (ms) */
	char		 clock[32];
	char		*admin_text;		/* the last menu action's */
	struct speak	*speak;		/* the screens' clips */
};

static enum ui_avail
avail_of(const char *state)
{
	if (strcmp(state, KIOSK_TESTING) == 0)
		return UI_AVAIL_TESTING;
	if (strcmp(state, KIOSK_OPEN) == 0)
		return UI_AVAIL_OPEN;
	if (strcmp(state, KIOSK_PAUSED) == 0)
		return UI_AVAIL_PAUSED;
	if (strcmp(state, KIOSK_CLOSED) == 0)
		return UI_AVAIL_CLOSED;
	return UI_AVAIL_NONE;
}

/*
 * The scripts kiosk.conf chose for Thái and Mông (ui-flow.c); a terminal
 * that is not UTF-8 cannot draw Tai Viet, so it gets Latin Thái.
 */
static void
hide_scripts(struct run *r)
{
	ui_flow_choose_scripts(&r->f, r->cfg.thai_latin || !r->utf8,
	    r->cfg.hmong_viet);
}

/*
 * Read the active poll again.  When none is active any more, the poll we
 * had is looked up by id, so that the screen can say "closed".  On a
 * store error nothing changes: the next refresh tries again.
 */
static void
refresh(struct run *r)
{
	struct poll	*p = NULL;
	char		*state = NULL;
	int		 rc;

	rc = kiosk_poll_get(r->k, NULL, &p, &state, NULL);
	if (rc == YK_ENOENT && r->poll != NULL)
		rc = kiosk_poll_get(r->k, r->poll->id, &p, &state, NULL);
	if (rc != 0) {
		if (rc == YK_ENOENT && r->poll == NULL)
			snprintf(r->state, sizeof r->state, "none");
		return;
	}
	snprintf(r->state, sizeof r->state, "%s", state);
	if (r->poll != NULL && memcmp(r->poll->hash, p->hash, KEYS_HASH) == 0) {
		struct ui_input in = { .kind = UI_IN_POLL, .now = now_ms(),
		    .avail = avail_of(state) };

		(void)ui_flow_input(&r->f, &in);
		poll_free(p);
	} else {
		ui_flow_set_poll(&r->f, p, avail_of(state));
		poll_free(r->poll);
		r->poll = p;
		hide_scripts(r);
	}
	free(state);
}

static void
forget_code(struct run *r)
{
	keys_wipe(r->code_hash, sizeof r->code_hash);
	r->have_code = 0;
}

/*
 * Can the store take a ballot?  Sets the screen's reason if not.  Before
 * a ballot (write 0) the check writes nothing: an abandoned ballot must
 * leave no trace, not even a WAL frame.
 */
static int
selftest(struct run *r, int write)
{
	int	rc;

	rc = store_selftest(r->k->store, write, NULL);
	r->v.fault = rc == 0 ? UI_F_NONE : rc == YK_EINVAL ? UI_F_DAMAGED :
	    rc == YK_EFULL ? UI_F_FULL : UI_F_WRITE;
	return rc;
}

/* Is the store usable again?  Reopen the kiosk if a probe fails. */
static int
probe(struct run *r)
{
	struct kiosk	*k;
	int		 rc;

	if (selftest(r, 1) == 0)
		return 0;
	if ((rc = kiosk_open(r->k->dir, &k, NULL)) != 0)
		return rc;
	kiosk_close(r->k);
	r->k = k;
	return selftest(r, 1);
}

static int
status(struct run *r)
{
	long long	n = 0, t = 0;
	int		rc;

	refresh(r);
	r->v.state = r->state;
	if (r->poll == NULL)
		return 0;
	if ((rc = store_count_ballots(r->k->store, r->poll->id, 0, &n,
	    NULL)) != 0 ||
	    (rc = store_count_ballots(r->k->store, r->poll->id, 1, &t,
	    NULL)) != 0)
		return rc;
	r->v.ballots = n;
	r->v.test_ballots = t;
	if ((rc = kcmd_admin_unsent(r->k, r->poll, &r->v.unsent)) != 0)
		return rc;
	kcmd_admin_clock(r->poll, r->clock, &r->v.clock_bad);
	r->v.clock = r->clock;
	kcmd_admin_event(r->k, r->poll, "admin-status");
	return 0;
}

/* One of the officials' menu actions (kcmd-admin.c). */
static int
admin(struct run *r)
{
	int	rc;

	free(r->admin_text);
	r->admin_text = NULL;
	rc = kcmd_admin_do(r->k, r->poll, &r->f, r->poll != NULL ?
	    r->poll->langs[r->f.lang] : "vi", &r->admin_text);
	r->v.admin_text = r->admin_text;
	refresh(r);
	return rc;
}

/* Perform one action; fills *res and returns 1 if the flow awaits it. */
static int
perform(struct run *r, enum ui_act a, struct ui_input *res,
    char receipt[RECEIPT_LEN + 1])
{
	memset(res, 0, sizeof *res);
	res->kind = UI_IN_RESULT;
	switch (a) {
	case UI_ACT_CHECK_CODE:
		res->rc = elig_code_try(r->k, r->poll, r->f.ballot_test ?
		    KIOSK_MODE_TEST : KIOSK_MODE_REAL,
		    r->f.entry, r->code_hash, &res->wait, NULL);
		r->have_code = res->rc == 0;
		if (res->rc == KIOSK_CODE_UNSPENT)
			res->rc = 0;	/* a real slip in the test: not spent */
		break;
	case UI_ACT_ACTIVATE:
		/* Counts the activation: never who, never which ballot. */
		res->rc = elig_activate(r->k, r->poll, r->f.entry, &res->wait,
		    NULL);
		break;
	case UI_ACT_CAST:
		res->rc = kiosk_cast_mode(r->k, r->poll, r->f.ballot_test ?
		    KIOSK_MODE_TEST : KIOSK_MODE_REAL, r->f.answers,
		    (size_t)r->poll->n_questions, r->have_code ? r->code_hash :
		    NULL, r->have_code ? KEYS_HASH : 0, receipt, NULL);
		res->receipt = receipt;
		forget_code(r);
		r->idle_due = 1;
		break;
	case UI_ACT_DISCARD:
		forget_code(r);
		return 0;
	case UI_ACT_COUNT_IGNORED:
		/*
		 * Only a count; a failure to count must not stop the screen,
		 * and a broken store shows up at the next cast anyway.
		 */
		(void)store_counter_add(r->k->store, r->poll->id,
		    ELIG_CTR_IGNORED, 1, NULL);
		return 0;
	case UI_ACT_RETRY:
		res->rc = probe(r);
		break;
	case UI_ACT_CHECK_PIN:
		/* The screen's own counts: F12 never locks the CLI out. */
		res->rc = pin_check_screen(r->k, PIN_OFFICIAL, r->f.entry,
		    &res->wait, NULL);
		if (res->rc == 0) {
			kcmd_admin_clock(r->poll, r->clock, &r->v.clock_bad);
			r->v.clock = r->clock;
			kcmd_admin_event(r->k, r->poll, "admin-menu");
		}
		break;
	case UI_ACT_ADMIN:
		res->rc = admin(r);
		break;
	case UI_ACT_STATUS:
		res->rc = status(r);
		break;
	case UI_ACT_SET_LANG:
		(void)i18n_set_lang(r->poll->langs[r->f.lang]);
		return 0;
	case UI_ACT_REFRESH:
		refresh(r);
		return 0;
	case UI_ACT_QUIT:
		r->done = 1;
		return 0;
	case UI_ACT_NONE:
	default:
		return 0;
	}
	res->now = now_ms();
	return 1;
}

static int
is_admin_screen(enum ui_screen s)
{
	return s == UI_S_ADMIN_PIN || s == UI_S_ADMIN_MENU ||
	    s == UI_S_ADMIN_STATUS;
}

static void
feed(struct run *r, struct ui_input *in)
{
	struct ui_input	res;
	char		receipt[RECEIPT_LEN + 1];
	enum ui_act	a;

	enum ui_screen	was = r->f.screen;

	in->now = now_ms();
	a = ui_flow_input(&r->f, in);
	/*
	 * A ballot begins: check the store first, so that a voter never
	 * answers every question for a store that cannot keep the ballot.
	 */
	if (was == UI_S_WELCOME && r->f.screen != UI_S_WELCOME &&
	    !is_admin_screen(r->f.screen) && selftest(r, 0) != 0) {
		ui_flow_out_of_service(&r->f);
		forget_code(r);
		return;
	}
	/* An action's result may ask for another action: follow the chain. */
	while (a != UI_ACT_NONE && perform(r, a, &res, receipt))
		a = ui_flow_input(&r->f, &res);
}

/* One voter screen per state directory: the lock's fd, or -1 (said). */
static int
lock_screen(const char *dir)
{
	char	*cause = NULL;
	pid_t	 holder;
	int	 fd, rc;

	if ((rc = runlock_take(dir, &fd, &holder, &cause)) == 0)
		return fd;
	if (rc == YK_ELOCKED) {
		free(cause);
		cause = holder > 0 ? util_printf("another voter screen (pid "
		    "%ld) is already running on %s; stop it from the "
		    "officials' menu (F12, then 9) first", (long)holder, dir) :
		    util_printf("another voter screen is already running on "
		    "%s; stop it from the officials' menu (F12, then 9) first",
		    dir);
	}
	cli_error(PROG, rc, cause);
	free(cause);
	return -1;
}

/*
 * The last closed poll (in id order), for a kiosk restarted after its
 * poll closed: the screen then says the poll has ended rather than that
 * none was ever opened.
 */
static int
closed_cb(void *arg, const char *id, const char *state)
{
	if (strcmp(state, KIOSK_CLOSED) == 0)
		snprintf(arg, POLL_ID_MAX + 1, "%s", id);
	return 0;
}

static int
setup(struct run *r, const char *dir, const char *conf, const char *lang,
    int ascii, int *utf8)
{
	char	*cause = NULL, *path = NULL, *state = NULL;
	int	 rc, li;

	if ((rc = kiosk_open(dir, &r->k, &cause)) != 0)
		goto fail;
	if (conf == NULL && (conf = path = util_path(dir, "kiosk.conf")) ==
	    NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = config_load(conf, &r->cfg, &cause)) != 0)
		goto fail;
	if ((rc = i18n_init(NULL, utf8, &cause)) != 0) {
		/* English in ASCII is still a working kiosk. */
		free(cause);
		cause = NULL;
		*utf8 = 0;
	}
	if (ascii || r->cfg.ascii == 1)
		*utf8 = 0;
	else if (r->cfg.ascii == 0)
		*utf8 = 1;
	rc = kiosk_poll_get(r->k, NULL, &r->poll, &state, &cause);
	if (rc == YK_ENOENT) {
		char id[POLL_ID_MAX + 1] = "";

		if (store_poll_each(r->k->store, closed_cb, id, NULL) == 0 &&
		    id[0] != '\0' && kiosk_poll_get(r->k, id, &r->poll, &state,
		    NULL) != 0)
			r->poll = NULL;
	} else if (rc != 0)
		goto fail;
	free(cause);
	cause = NULL;
	snprintf(r->state, sizeof r->state, "%s", state != NULL ? state :
	    "none");
	keys_fingerprint(&r->k->pub, r->fpr);
	r->v.village = r->k->village;
	r->v.fingerprint = r->fpr;
	r->v.state = r->state;
	ui_flow_init(&r->f, r->poll, state != NULL ? avail_of(state) :
	    UI_AVAIL_NONE, &r->cfg.t, now_ms());
	if (lang == NULL && r->cfg.lang[0] != '\0')
		lang = r->cfg.lang;
	if (lang != NULL && r->poll != NULL) {
		if ((li = poll_lang_index(r->poll, lang)) < 0) {
			rc = util_fail(&cause, YK_EINVAL, "language \"%s\" is "
			    "not one of the poll's", lang);
			goto fail;
		}
		r->f.lang = li;
	}
	r->utf8 = *utf8;
	hide_scripts(r);
	(void)i18n_set_lang(r->poll != NULL ? r->poll->langs[r->f.lang] : "vi");
	free(state);
	free(path);
	return 0;
fail:
	cli_error(PROG, rc, cause);
	free(cause);
	free(state);
	free(path);
	return rc;
}

/*
 * After the thank-you screen is painted and before any key is read: the
 * cast's idle work (a failure is retried on the next turn, and the store
 * shows up broken at the next cast anyway).  Every few seconds, a sweep of
 * the WAL, which the background uploader's commits also use.
 */
static void
idle(struct run *r)
{
	long long	now = now_ms();

	if (r->idle_due && kiosk_idle(r->k, NULL) == 0) {
		r->idle_due = 0;
		r->swept = now;
	}
	if (now - r->swept > 2000) {
		(void)store_sweep(r->k->store, NULL);
		r->swept = now;
	}
}

/* The replay key's name for the key line: kiosk.conf's, else "/". */
static const char *
replay_label(const struct config *cfg)
{
	static char	b[8];
	int		i, code;

	for (i = 0; i < cfg->n_keys; i++) {
		code = cfg->keys[i].code;
		if (cfg->keys[i].key == UI_K_REPLAY && code > ' ' && code < 127) {
			snprintf(b, sizeof b, "%c", code);
			return b;
		}
	}
	return "/";
}

/*
 * After the uploader's fork, which must not inherit the libraries; before
 * curses, since ALSA may complain on stderr.
 */
static void
start_speaking(struct run *r, const char *dir)
{
	r->speak = speak_open(&r->cfg.audio, dir);
	if (r->speak != NULL && speak_on(r->speak))
		r->v.replay = replay_label(&r->cfg);
}

static void
loop(struct run *r, struct ui_curses *scr, int utf8)
{
	struct ui_frame	*fr = NULL, *nf;
	struct ui_input	 in;
	enum ui_event	 ev;
	int		 rows, cols, code, y = 0, x = 0;

	while (!quit && !r->done) {
		ui_curses_size(scr, &rows, &cols);
		if (fr == NULL || fr->rows != rows || fr->cols != cols) {
			/* On no memory keep the old frame: never blank. */
			if ((nf = ui_frame_new(rows, cols, !utf8)) != NULL) {
				ui_frame_free(fr);
				fr = nf;
			}
		}
		if (fr != NULL) {
			ui_render(&r->f, &r->v, fr);
			ui_curses_paint(scr, fr);
		}
		/* The screen just shown speaks before any key is read. */
		speak_follow(r->speak, &r->f);
		idle(r);
		memset(&in, 0, sizeof in);
		ev = ui_curses_read(scr, TICK_MS, &code, &y, &x);
		if (ev == UI_EV_LOST) {
			quit = SIGHUP;
			break;
		}
		if (ev == UI_EV_KEY) {
			in.kind = UI_IN_KEY;
			config_key_map(&r->cfg, code, &in.key, &in.value);
			if (in.key == UI_K_REPLAY)
				speak_replay(r->speak, &r->f);
			else
				feed(r, &in);
		} else if (ev == UI_EV_CLICK) {
			in.kind = UI_IN_KEY;
			if (fr == NULL || !ui_frame_target(fr, y, x, &in.key,
			    &in.value))
				in.key = UI_K_OTHER;
			feed(r, &in);
		}
		/* Deadlines run on ticks, even while keys keep coming. */
		memset(&in, 0, sizeof in);
		in.kind = UI_IN_TICK;
		feed(r, &in);
	}
	ui_frame_free(fr);
}

/*
 * The terminal is gone: a ballot half-way is discarded (it was only ever
 * in memory), and a non-zero exit lets systemd start the screen again.
 */
static int
hung_up(struct run *r)
{
	keys_wipe(&r->f, sizeof r->f);
	fprintf(stderr, "%s: the terminal hung up; any unfinished ballot was "
	    "discarded, exiting to be restarted\n", PROG);
	return CLI_FAIL;
}

/*
 * Before the key and any voter's answer reach memory: no core dump of the
 * voter screen (it holds answers and a code until the cast), and no ptrace
 * by other processes of the same user.  Fail closed.
 */
static int
no_core_dumps(void)
{
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 ||
	    setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 }) != 0)
		return cli_error(PROG, YK_EIO, "cannot turn core dumps off "
		    "(prctl PR_SET_DUMPABLE, setrlimit RLIMIT_CORE)");
	return 0;
}

int
kcmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "config", required_argument, NULL, 'c' },
		{ "lang", required_argument, NULL, 'l' },
		{ "ascii", no_argument, NULL, 'a' },
		{ "mono", no_argument, NULL, 'm' },
		{ "no-upload", no_argument, NULL, 'u' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	struct run		 r;
	struct ui_curses	*scr = NULL;
	struct sigaction	 sa;
	const char		*conf = NULL, *lang = NULL;
	char			*cause = NULL;
	int			 ch, ascii = 0, mono = 0, utf8 = 0, rc;
	int			 upload = 1;
	pid_t			 uploader = -1;
	int			 lockfd;
	struct cli_args		 args = { PROG, help, KIOSK_DEFDIR, NULL, 0 };

	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'c': conf = optarg; break;
		case 'l': lang = optarg; break;
		case 'a': ascii = 1; break;
		case 'm': mono = 1; break;
		case 'u': upload = 0; break;
		default: return args.status;
		}
	}
	if (optind != argc)
		return cli_usage_error(PROG, "unexpected argument \"%s\"",
		    argv[optind]);
	if (no_core_dumps() != 0)
		return CLI_FAIL;
	memset(&r, 0, sizeof r);
	/* The first turn primes the store's WAL: the first voter's cast
	 * then costs one sync, as every other (docs/PERFORMANCE.md). */
	r.idle_due = 1;
	if (setup(&r, args.dir, conf, lang, ascii, &utf8) != 0 ||
	    (lockfd = lock_screen(args.dir)) < 0) {
		kiosk_close(r.k);
		poll_free(r.poll);
		return CLI_FAIL;
	}
	if (upload && has_province_url(r.k))
		uploader = start_uploader(args.dir);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	if (sigaction(SIGTERM, &sa, NULL) != 0 ||
	    sigaction(SIGHUP, &sa, NULL) != 0) {
		rc = cli_error(PROG, YK_EIO, strerror(errno));
		goto out;
	}
	start_speaking(&r, args.dir);
	if ((rc = ui_curses_open(r.cfg.mouse, mono || r.cfg.mono, &scr,
	    &cause)) != 0) {
		rc = cli_error(PROG, rc, cause);
		goto out;
	}
	/* A damaged or read-only store is said at once, not after a vote. */
	if (selftest(&r, 1) != 0)
		ui_flow_out_of_service(&r.f);
	loop(&r, scr, utf8);
	ui_curses_close(scr);
	rc = quit == SIGHUP ? hung_up(&r) : CLI_OK;
out:
	speak_close(r.speak);
	stop_uploader(uploader);
	free(cause);
	forget_code(&r);
	free(r.admin_text);
	poll_free(r.poll);
	kiosk_close(r.k);
	runlock_release(lockfd);
	return rc;
}
