/*
 * The officials' menu's actions (ui-admin.c decides, this does): each is
 * the very command an official would type at the board, run as a child
 * of the voter's screen with its output captured for the screen.  So the
 * screen and the command line cannot disagree, every action leaves the
 * command's own signed event, and a failing action cannot take the
 * voter's screen down with it.  PINs go to the child in its environment
 * only (readable by the kiosk's own user and root, like the store).
 */
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ykien/clock.h"
#include "ykien/event-chain.h"
#include "ykien/kiosk.h"
#include "ykien/store-batch.h"
#include "ykien/ui.h"
#include "ykien/util.h"
#include "ykien/wire.h"
#include "kcmd.h"

#define OUT_MAX		(256 * 1024)
#define DEF_USB		"/media/ykien-usb"

/* Append what fd gives, up to OUT_MAX, to *out (malloc'd, NUL-ended). */
static void
slurp(int fd, char **out, size_t *len)
{
	char	 buf[4096], *n;
	ssize_t	 r;

	while ((r = read(fd, buf, sizeof buf)) > 0) {
		if (*len + (size_t)r > OUT_MAX)
			continue;
		if ((n = realloc(*out, *len + (size_t)r + 1)) == NULL)
			continue;
		*out = n;
		memcpy(*out + *len, buf, (size_t)r);
		*len += (size_t)r;
		(*out)[*len] = '\0';
	}
}

/*
 * Run this program with args (NULL-ended, without argv[0]) and env pairs
 * "NAME=VALUE" added; its stdout and stderr are appended to *out.
 * Returns its exit status, or -1 if it could not run.
 */
static int
run_self(char *const *args, char *const *env, char **out, size_t *len)
{
	char	 exe[4096], *argv[16];
	int	 p[2], i, status;
	ssize_t	 n;
	pid_t	 pid;

	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) <= 0)
		return -1;
	exe[n] = '\0';
	argv[0] = exe;
	for (i = 0; args[i] != NULL && i < 14; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	if (pipe(p) != 0)
		return -1;
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_RDONLY);

		/* No terminal: a missing PIN fails, it is never asked. */
		(void)setsid();
		if (fd == -1 || dup2(fd, 0) == -1 || dup2(p[1], 1) == -1 ||
		    dup2(p[1], 2) == -1)
			_exit(127);
		for (i = 0; env[i] != NULL; i++)
			(void)putenv(env[i]);
		execv(exe, argv);
		_exit(127);
	}
	close(p[1]);
	slurp(p[0], out, len);
	close(p[0]);
	if (waitpid(pid, &status, 0) == -1 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* The L&A form as an --expected file in the state directory (0600). */
static char *
expected_file(struct kiosk *k, const struct poll *p, const struct ui_flow *f)
{
	struct wire	 w;
	char		*path, line[POLL_ID_MAX + 64];
	int		 i, q, a;

	if ((path = util_printf("%s/expected-%s.txt", k->dir, p->id)) == NULL)
		return NULL;
	wire_init(&w);
	snprintf(line, sizeof line, "# entered on the officials' menu\n"
	    "ballots %ld\n", f->form[0]);
	wire_raw(&w, line, strlen(line));
	for (i = 1; i < f->form_n; i++) {
		if (ui_admin_field(f, i, &q, &a) != 0)
			continue;
		snprintf(line, sizeof line, "%s %d %ld\n",
		    p->questions[q].id, a, f->form[i]);
		wire_raw(&w, line, strlen(line));
	}
	if (w.err || util_write_atomic(path, w.buf, w.len, 0600, NULL) != 0) {
		wire_free(&w);
		free(path);
		return NULL;
	}
	wire_free(&w);
	return path;
}

int
kcmd_admin_do(struct kiosk *k, const struct poll *p, const struct ui_flow *f,
    const char *lang, char **text)
{
	char	*args[12], *env[4], e_off[UI_ENTRY_MAX + 32];
	char	 e_front[UI_ENTRY_MAX + 32], e_lang[32], e_usb[4200];
	char	 c_poll[] = "poll", c_pause[] = "pause", c_resume[] = "resume";
	char	 c_open[] = "open", c_close[] = "close", c_export[] = "export";
	char	 c_print[] = "print", c_closing[] = "closing", o_dir[] = "--dir";
	char	 o_exp[] = "--expected", o_to[] = "--to", o_pl[] = "--poll";
	char	 o_cl[] = "--closing", *dir = k->dir, *id, *exp = NULL;
	const char *usb = getenv("YKIEN_USB");
	size_t	 len = 0;
	int	 rc, i = 0, ne = 0;

	*text = NULL;
	if (p == NULL)
		return YK_ENOENT;
	id = p->id;
	snprintf(e_lang, sizeof e_lang, "YKIEN_LANG=%s", lang);
	env[ne++] = e_lang;
	switch (f->admin_op) {
	case UI_OP_PAUSE:
	case UI_OP_RESUME:
	case UI_OP_CLOSE:
		snprintf(e_off, sizeof e_off, "YKIEN_PIN_OFFICIAL=%s", f->pin1);
		env[ne++] = e_off;
		if (f->admin_op == UI_OP_CLOSE) {
			snprintf(e_front, sizeof e_front, "YKIEN_PIN_FRONT=%s",
			    f->entry);
			env[ne++] = e_front;
		}
		args[i++] = c_poll;
		args[i++] = f->admin_op == UI_OP_PAUSE ? c_pause :
		    f->admin_op == UI_OP_RESUME ? c_resume : c_close;
		break;
	case UI_OP_OPEN:
		args[i++] = c_poll;
		args[i++] = c_open;
		if (f->avail == UI_AVAIL_TESTING &&
		    (exp = expected_file(k, p, f)) != NULL) {
			args[i++] = o_exp;
			args[i++] = exp;
		}
		break;
	case UI_OP_EXPORT:
		snprintf(e_usb, sizeof e_usb, "%s", usb != NULL && *usb !=
		    '\0' ? usb : DEF_USB);
		args[i++] = c_export;
		args[i++] = o_to;
		args[i++] = e_usb;
		break;
	case UI_OP_PRINT:
		args[i++] = c_print;
		args[i++] = o_cl;
		args[i++] = id;
		break;
	default:
		return YK_EINVAL;
	}
	args[i++] = o_dir;
	args[i++] = dir;
	if (f->admin_op != UI_OP_EXPORT && f->admin_op != UI_OP_PRINT)
		args[i++] = id;
	args[i] = NULL;
	env[ne] = NULL;
	rc = run_self(args, env, text, &len);
	keys_wipe(e_off, sizeof e_off);
	keys_wipe(e_front, sizeof e_front);
	free(exp);
	if (rc == 0 && f->admin_op == UI_OP_CLOSE) {
		/* The closing sheet on screen. */
		char *a2[] = { c_closing, o_pl, id, o_dir, dir, NULL };
		char *e2[] = { e_lang, NULL };

		(void)run_self(a2, e2, text, &len);
	}
	if (*text == NULL)
		*text = util_printf("%s", rc == 0 ? "ok" : "?");
	return rc == 0 ? 0 : YK_ESTATE;
}

void
kcmd_admin_clock(const struct poll *p, char out[32], int *bad)
{
	long long	 now = clock_now();
	time_t		 t = (time_t)(now + 7 * 3600);
	struct tm	 tm;
	char		 today[32];

	gmtime_r(&t, &tm);
	snprintf(out, 32, "%02d/%02d/%04d %02d:%02d", tm.tm_mday % 100,
	    (tm.tm_mon + 1) % 100, (tm.tm_year + 1900) % 10000,
	    tm.tm_hour % 100, tm.tm_min % 100);
	snprintf(today, sizeof today, "%04d-%02d-%02d", (tm.tm_year + 1900) %
	    10000, (tm.tm_mon + 1) % 100, tm.tm_mday % 100);
	/*
	 * Wrong enough to matter: before this software existed, or outside
	 * the poll's own dates (a board without a clock battery wakes up in
	 * 1970 or at its last shutdown).
	 */
	*bad = tm.tm_year + 1900 < 2025 || (p != NULL && ((p->opens != NULL &&
	    strcmp(today, p->opens) < 0) || (p->closes != NULL &&
	    strcmp(today, p->closes) > 0)));
}

int
kcmd_admin_unsent(struct kiosk *k, const struct poll *p, long long *n)
{
	struct store_batch_stats bs;
	int			 rc;

	if ((rc = store_batch_stats(k->store, p != NULL ? p->id : NULL, &bs,
	    NULL)) != 0)
		return rc;
	*n = bs.pending + bs.queued;
	return 0;
}

void
kcmd_admin_event(struct kiosk *k, const struct poll *p, const char *type)
{
	/* Only a trace of who looked: never stops the menu. */
	(void)event_append(k->store, k->sec, p != NULL ? p->id : NULL, type,
	    "officials' menu", NULL);
}
