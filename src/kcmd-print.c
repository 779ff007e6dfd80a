/*
 * ykien-kiosk print: the biên bản or the household slips on paper,
 * through CUPS's own client (lp), so that any printer CUPS knows (USB,
 * network, or a PDF queue) will do and ykien links no printing library.
 */
#include <sys/wait.h>

#include <getopt.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/cli.h"
#include "ykien/event-chain.h"
#include "ykien/i18n.h"
#include "ykien/kiosk.h"
#include "ykien/util.h"
#include "kcmd.h"

#define PROG	KIOSK_PROG " print"

extern char **environ;

static const char help[] =
"usage: ykien-kiosk print [--dir DIR] [--printer NAME] --closing ID\n"
"       ykien-kiosk print [--dir DIR] [--printer NAME] FILE.pdf\n"
"\n"
"Send the biên bản of closed poll ID (closing-ID.pdf in the state\n"
"directory) or a PDF such as the household slips ('ykien-kiosk codes\n"
"--out SLIPS.pdf') to a printer, with CUPS's lp.  The printer is NAME,\n"
"else $PRINTER, else CUPS's default destination (lpstat -d); with none\n"
"configured the command says so and prints nothing.  $CUPS_SERVER picks\n"
"the CUPS server as for lp.  Each print is an event.\n";

/* Run lp; 0 if it queued the job. */
static int
run_lp(char *printer, char *title, char *file, char **cause)
{
	char	 a_lp[] = "lp", a_d[] = "-d", a_t[] = "-t", a_end[] = "--";
	char	*argv[8];
	pid_t	 pid;
	int	 i = 0, status, e;

	argv[i++] = a_lp;
	if (printer != NULL) {
		argv[i++] = a_d;
		argv[i++] = printer;
	}
	argv[i++] = a_t;
	argv[i++] = title;
	argv[i++] = a_end;
	argv[i++] = file;
	argv[i] = NULL;
	fflush(stdout);
	if ((e = posix_spawnp(&pid, "lp", NULL, NULL, argv, environ)) != 0)
		return util_fail(cause, YK_EIO, _("cannot run lp (%s): install "
		    "cups-client"), strerror(e));
	if (waitpid(pid, &status, 0) == -1 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return util_fail(cause, YK_EIO, _("lp could not queue %s: no "
		    "printer configured, or it is not accepting jobs (see the "
		    "message above; lpstat -p lists the printers, --printer "
		    "NAME picks one)"), file);
	return 0;
}

int
kcmd_print(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "printer", required_argument, NULL, 'p' },
		{ "closing", required_argument, NULL, 'c' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_args	 args = { PROG, help, KIOSK_DEFDIR, NULL, 0 };
	const char	*dir, *id = NULL;
	struct kiosk	*k = NULL;
	char		*cause = NULL, *path = NULL, *detail = NULL, *file;
	char		*printer = NULL, t_bb[] = "Biên bản", t_file[] = "ykien";
	int		 ch, rc;

	kcmd_lang();
	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'p': printer = optarg; break;
		case 'c': id = optarg; break;
		default: return args.status;
		}
	}
	if ((id == NULL) == (optind == argc) || optind + 1 < argc)
		return cli_usage_error(PROG, "give --closing ID or one PDF file");
	if (printer == NULL && (printer = getenv("PRINTER")) != NULL &&
	    *printer == '\0')
		printer = NULL;
	dir = args.dir;
	if ((rc = kiosk_open(dir, &k, &cause)) != 0)
		goto out;
	if (id != NULL && (path = util_printf("%s/closing-%s.pdf", dir, id))
	    == NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	file = path != NULL ? path : argv[optind];
	if (!util_exists(file)) {
		rc = util_fail(&cause, YK_ENOENT, id != NULL ? _("%s: no such "
		    "file: is the poll closed? (ykien-kiosk closing --poll ID "
		    "--write makes it again)") : _("%s: no such file"), file);
		goto out;
	}
	if ((rc = run_lp(printer, id != NULL ? t_bb : t_file, file,
	    &cause)) != 0)
		goto out;
	if ((detail = util_printf("%s to %s", id != NULL ? "biên bản" :
	    "file", printer != NULL ? printer : "default")) == NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	rc = event_append(k->store, k->sec, id, "print", detail, &cause);
out:
	free(detail);
	free(path);
	kiosk_close(k);
	return cli_done(PROG, rc, cause);
}
