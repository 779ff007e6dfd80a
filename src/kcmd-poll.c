/* ykien-kiosk poll: load and list polls. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/cli.h"
#include "ykien/kiosk.h"
#include "ykien/store.h"
#include "kcmd.h"

static const char help[] =
"usage: ykien-kiosk poll load [--dir DIR] POLL.json\n"
"       ykien-kiosk poll list [--dir DIR]\n"
"\n"
"load   Check POLL.json against its detached signature POLL.json.sig with\n"
"       the province key given at init, validate every field, and store it\n"
"       in state 'loaded'.  A poll that fails is refused with the field and\n"
"       the reason, and the kiosk is left unchanged.\n"
"list   Print each poll on this kiosk and its state.\n"
"\n"
"       ykien-kiosk poll test|open|pause|resume|close [--dir DIR] ID\n"
"\n"
"Move poll ID through its lifecycle:\n"
"  loaded --test--> testing --open--> open <--pause/resume--> paused\n"
"  open or paused --close--> closed      (closed is final)\n"
"An illegal step is refused with the current state and nothing changes.\n";

static int
load(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*dir = NULL;
	struct kiosk	*k;
	char		*cause = NULL, *id = NULL;
	int		 ch, rc;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': dir = optarg; break;
		case 'h': fputs(help, stdout); return CLI_OK;
		default: return cli_usage_error(KIOSK_PROG " poll load",
		    "unknown option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(KIOSK_PROG " poll load",
		    "exactly one poll file expected");
	dir = cli_dir(dir, KIOSK_DEFDIR);
	if ((rc = kiosk_open(dir, &k, &cause)) == 0) {
		rc = kiosk_poll_load(k, argv[optind], &id, &cause);
		kiosk_close(k);
	}
	if (rc != 0) {
		cli_error(KIOSK_PROG " poll load", rc, cause);
		free(cause);
		return CLI_FAIL;
	}
	printf("poll %s loaded (state: loaded)\n", id);
	free(id);
	return CLI_OK;
}

static int
list_cb(void *arg, const char *id, const char *state)
{
	printf("%-40s %s\n", id, state);
	return 0;
}

static int
list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*dir = NULL;
	struct kiosk	*k;
	char		*cause = NULL;
	int		 ch, rc;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': dir = optarg; break;
		case 'h': fputs(help, stdout); return CLI_OK;
		default: return cli_usage_error(KIOSK_PROG " poll list",
		    "unknown option");
		}
	}
	dir = cli_dir(dir, KIOSK_DEFDIR);
	if ((rc = kiosk_open(dir, &k, &cause)) == 0) {
		rc = store_poll_each(k->store, list_cb, NULL, &cause);
		kiosk_close(k);
	}
	if (rc != 0) {
		cli_error(KIOSK_PROG " poll list", rc, cause);
		free(cause);
		return CLI_FAIL;
	}
	return CLI_OK;
}

static int
transition(int argc, char **argv, enum kiosk_action a)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*dir = NULL;
	struct kiosk	*k;
	char		*cause = NULL, prog[64];
	int		 ch, rc;

	snprintf(prog, sizeof prog, KIOSK_PROG " poll %s",
	    kiosk_action_name(a));
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': dir = optarg; break;
		case 'h': fputs(help, stdout); return CLI_OK;
		default: return cli_usage_error(prog, "unknown option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(prog, "exactly one poll ID expected");
	dir = cli_dir(dir, KIOSK_DEFDIR);
	if ((rc = kiosk_open(dir, &k, &cause)) == 0) {
		rc = kiosk_transition(k, argv[optind], a, &cause);
		kiosk_close(k);
	}
	if (rc != 0) {
		cli_error(prog, rc, cause);
		free(cause);
		return CLI_FAIL;
	}
	printf("poll %s: %s done\n", argv[optind], kiosk_action_name(a));
	return CLI_OK;
}

static int
do_test(int argc, char **argv)
{
	return transition(argc, argv, KIOSK_ACT_TEST);
}

static int
do_open(int argc, char **argv)
{
	return transition(argc, argv, KIOSK_ACT_OPEN);
}

static int
do_pause(int argc, char **argv)
{
	return transition(argc, argv, KIOSK_ACT_PAUSE);
}

static int
do_resume(int argc, char **argv)
{
	return transition(argc, argv, KIOSK_ACT_RESUME);
}

static int
do_close(int argc, char **argv)
{
	return transition(argc, argv, KIOSK_ACT_CLOSE);
}

int
kcmd_poll(int argc, char **argv)
{
	static const struct cli_cmd sub[] = {
		{ "load", load, "load a signed poll file" },
		{ "list", list, "list the polls and their states" },
		{ "test", do_test, "start the logic and accuracy test" },
		{ "open", do_open, "open the poll for voting" },
		{ "pause", do_pause, "pause voting" },
		{ "resume", do_resume, "resume voting" },
		{ "close", do_close, "close the poll (final)" },
		{ NULL, NULL, NULL },
	};

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	return cli_dispatch(KIOSK_PROG " poll", sub, argc - 1, argv + 1);
}
