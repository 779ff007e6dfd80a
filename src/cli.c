/*
 * cli: shared plumbing of the command-line programs.  Secrets read from a
 * terminal go into guarded memory and the terminal's echo is restored on
 * every path, including a failed read.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ykien/cli.h"
#include "ykien/keys.h"
#include "ykien/util.h"

#define SECRET_MAX	256

void
cli_list(FILE *f, const char *prog, const struct cli_cmd *cmds)
{
	int	i;

	fprintf(f, "commands of %s:\n", prog);
	for (i = 0; cmds[i].name != NULL; i++)
		fprintf(f, "  %-12s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "Run '%s COMMAND --help' for the options of each.\n",
	    prog);
}

int
cli_main(const struct cli_prog *p, int argc, char **argv)
{
	/* State files are secrets or ballots: nothing is group-readable. */
	umask(077);
	setlocale(LC_ALL, "");
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		FILE	*f = argc < 2 ? stderr : stdout;

		fprintf(f, "usage: %s COMMAND [OPTIONS]\n\n%s\n\n", p->name,
		    p->about);
		cli_list(f, p->name, p->cmds);
		fprintf(f, "\nThe state directory is --dir DIR, else "
		    "$YKIEN_DIR, else %s.\nSee %s(1).\n", p->defdir, p->name);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("%s %s\n", p->name, YKIEN_VERSION);
		return CLI_OK;
	}
	if (keys_init() != 0) {
		fprintf(stderr, "%s: libsodium failed to initialise\n",
		    p->name);
		return CLI_FAIL;
	}
	return cli_dispatch(p->name, p->cmds, argc - 1, argv + 1);
}

int
cli_dispatch(const char *prog, const struct cli_cmd *cmds, int argc,
    char **argv)
{
	int	i;

	if (argc < 1) {
		cli_list(stderr, prog, cmds);
		return CLI_USAGE;
	}
	for (i = 0; cmds[i].name != NULL; i++)
		if (strcmp(cmds[i].name, argv[0]) == 0)
			return cmds[i].fn(argc, argv);
	if (strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0 ||
	    strcmp(argv[0], "help") == 0) {
		cli_list(stdout, prog, cmds);
		return CLI_OK;
	}
	fprintf(stderr, "%s: unknown command \"%s\"\n", prog, argv[0]);
	cli_list(stderr, prog, cmds);
	return CLI_USAGE;
}

int
cli_group(const char *prog, const char *help, const struct cli_cmd *sub,
    int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	return cli_dispatch(prog, sub, argc - 1, argv + 1);
}

int
cli_wants_help(int argc, char **argv)
{
	int	i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

int
cli_error(const char *prog, int rc, const char *cause)
{
	fprintf(stderr, "%s: %s\n", prog, cause != NULL ? cause :
	    util_strerror(rc));
	return CLI_FAIL;
}

int
cli_usage_error(const char *prog, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", prog);
	return CLI_USAGE;
}

static int
read_tty(const char *prompt, char *buf, size_t size, char **cause)
{
	struct termios	 old, noecho;
	FILE		*tty;
	int		 fd, restore = 0, rc = 0;
	size_t		 n;

	if ((tty = fopen("/dev/tty", "r+")) == NULL)
		return util_fail(cause, YK_EINVAL, "no terminal to ask for "
		    "the secret; set it in the environment for scripts");
	fd = fileno(tty);
	if (tcgetattr(fd, &old) == 0) {
		noecho = old;
		noecho.c_lflag &= ~(tcflag_t)ECHO;
		restore = tcsetattr(fd, TCSAFLUSH, &noecho) == 0;
	}
	fputs(prompt, tty);
	fflush(tty);
	if (fgets(buf, (int)size, tty) == NULL)
		rc = util_fail(cause, YK_EIO, "could not read the secret");
	if (restore)
		(void)tcsetattr(fd, TCSAFLUSH, &old);
	/* The echo was off: end the line.  Not through the stream, which
	 * was last read from (C forbids output right after input). */
	if (write(fd, "\n", 1) != 1)
		rc = rc != 0 ? rc : util_fail(cause, YK_EIO,
		    "cannot write to the terminal");
	fclose(tty);
	if (rc == 0) {
		n = strcspn(buf, "\r\n");
		buf[n] = '\0';
	}
	return rc;
}

int
cli_secret(const char *env, const char *prompt, int confirm, char **out,
    char **cause)
{
	const char	*e = env != NULL ? getenv(env) : NULL;
	char		*a, *b;
	int		 rc;

	if ((a = keys_secure_alloc(SECRET_MAX)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if (e != NULL) {
		if (strlen(e) >= SECRET_MAX) {
			keys_secure_free(a);
			return util_fail(cause, YK_EINVAL, "%s is too long",
			    env);
		}
		memcpy(a, e, strlen(e) + 1);
		*out = a;
		return 0;
	}
	if ((rc = read_tty(prompt, a, SECRET_MAX, cause)) != 0) {
		keys_secure_free(a);
		return rc;
	}
	if (confirm) {
		if ((b = keys_secure_alloc(SECRET_MAX)) == NULL) {
			keys_secure_free(a);
			return util_fail(cause, YK_ENOMEM, "out of memory");
		}
		rc = read_tty("Again: ", b, SECRET_MAX, cause);
		if (rc == 0 && strcmp(a, b) != 0)
			rc = util_fail(cause, YK_EINVAL, "the two entries "
			    "differ");
		keys_secure_free(b);
		if (rc != 0) {
			keys_secure_free(a);
			return rc;
		}
	}
	if (*a == '\0') {
		keys_secure_free(a);
		return util_fail(cause, YK_EINVAL, "empty secret refused");
	}
	*out = a;
	return 0;
}

const char *
cli_dir(const char *opt, const char *def)
{
	const char	*e;

	if (opt != NULL)
		return opt;
	if ((e = getenv("YKIEN_DIR")) != NULL && *e != '\0')
		return e;
	return def;
}

int
cli_getopt(struct cli_args *a, int argc, char **argv, const char *shortopts,
    const struct option *opts)
{
	int	ch;

	for (;;) {
		/* What the command does not handle is a usage error. */
		a->status = CLI_USAGE;
		switch ((ch = getopt_long(argc, argv, shortopts, opts, NULL))) {
		case -1:
			if (a->defdir != NULL)
				a->dir = cli_dir(a->dir, a->defdir);
			return -1;
		case 'd':
			a->dir = optarg;
			continue;
		case 'h':
			fputs(a->help, stdout);
			a->status = CLI_OK;
			return '?';
		case '?':
		case ':':
			cli_usage_error(a->prog, "unknown option");
			return '?';
		default:
			return ch;
		}
	}
}

int
cli_getopt_dir(struct cli_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};

	return cli_getopt(a, argc, argv, "h", opts);
}

int
cli_done(const char *prog, int rc, char *cause)
{
	if (rc != 0)
		cli_error(prog, rc, cause);
	free(cause);
	return rc != 0 ? CLI_FAIL : CLI_OK;
}
