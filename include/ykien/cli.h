/*
 * cli: what the two programs' subcommands share: dispatch through a table,
 * --help, error messages in one shape, and secret prompts that never echo.
 * Only this module and the programs' own command files print.
 */
#ifndef YKIEN_CLI_H
#define YKIEN_CLI_H

#include <stdio.h>

#define CLI_OK		0
#define CLI_FAIL	1	/* the operation failed; the message says why */
#define CLI_USAGE	2	/* bad command line */

struct cli_cmd {
	const char	*name;
	int		(*fn)(int argc, char **argv);
	const char	*summary;
};

/* A program: its name, a paragraph about it, its default state directory. */
struct cli_prog {
	const char		*name;
	const char		*about;
	const char		*defdir;
	const struct cli_cmd	*cmds;
};

/*
 * The whole of a program's main: a private umask, the locale, --help and
 * --version, libsodium, then the subcommand.  Returns the exit status.
 */
int	 cli_main(const struct cli_prog *, int argc, char **argv);
/*
 * Run the command named by argv[0] from cmds (NULL-terminated).  Unknown
 * commands print the list.  prog is used in messages ("ykien-kiosk poll").
 */
int	 cli_dispatch(const char *prog, const struct cli_cmd *cmds, int argc,
	    char **argv);
/*
 * A command made of subcommands ("poll load", "kiosk add"): with no
 * subcommand print help to stderr (CLI_USAGE), with --help to stdout
 * (CLI_OK), else dispatch argv[1] among sub.
 */
int	 cli_group(const char *prog, const char *help,
	    const struct cli_cmd *sub, int argc, char **argv);
/* The command list, to stdout (asked for) or stderr (a usage error). */
void	 cli_list(FILE *, const char *prog, const struct cli_cmd *cmds);
/* 1 if argv holds -h or --help before any "--". */
int	 cli_wants_help(int argc, char **argv);
/* Print "prog: cause" (or the code's name) to stderr; returns CLI_FAIL. */
int	 cli_error(const char *prog, int rc, const char *cause);
/* Print "prog: msg" and a pointer to --help; returns CLI_USAGE. */
int	 cli_usage_error(const char *prog, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Read a secret: from the environment variable env if it is set (for
 * scripts), else from the terminal with echo off.  With confirm, ask
 * twice.  *out is keys_secure_alloc'd; release with keys_secure_free.
 */
int	 cli_secret(const char *env, const char *prompt, int confirm,
	    char **out, char **cause);

/* The state directory: --dir, else $YKIEN_DIR, else the default. */
const char *cli_dir(const char *opt, const char *def);

/*
 * The option loop every command shares.  A command lists its own options
 * beside CLI_OPT_DIR and CLI_OPT_HELP and runs
 *
 *	struct cli_args	a = { prog, help, KIOSK_DEFDIR, NULL, 0 };
 *
 *	while ((ch = cli_getopt(&a, argc, argv, "h", opts)) != -1) {
 *		switch (ch) {
 *		case 'p': id = optarg; break;
 *		default: return a.status;
 *		}
 *	}
 *
 * --dir and --help never reach the switch: --help prints help on stdout
 * and an unknown option a usage error, and either ends the loop through
 * the default with a.status CLI_OK or CLI_USAGE.  When the options end
 * (-1), a.dir is the state directory (cli_dir of --dir and defdir), or
 * with defdir NULL only what --dir gave (NULL without it): init must be
 * told where, never guess from $YKIEN_DIR.
 */
struct cli_args {
	const char	*prog;		/* "ykien-kiosk closing" */
	const char	*help;
	const char	*defdir;
	const char	*dir;
	int		 status;
};
#define CLI_OPT_DIR	{ "dir", required_argument, NULL, 'd' }
#define CLI_OPT_HELP	{ "help", no_argument, NULL, 'h' }
struct option;
int	 cli_getopt(struct cli_args *, int argc, char **argv,
	    const char *shortopts, const struct option *);
/* cli_getopt for a command whose only options are --dir and --help. */
int	 cli_getopt_dir(struct cli_args *, int argc, char **argv);
/*
 * A command's last line: print cause (or the code's name) when rc is not
 * 0, free cause, and return CLI_FAIL or CLI_OK.
 */
int	 cli_done(const char *prog, int rc, char *cause);

#endif
