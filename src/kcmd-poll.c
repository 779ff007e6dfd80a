/* ykien-kiosk poll: load and list polls. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/cli.h"
#include "ykien/closing-kiosk.h"
#include "ykien/closing-sheet.h"
#include "ykien/event-chain.h"
#include "ykien/keys.h"
#include "ykien/kiosk.h"
#include "ykien/store.h"
#include "ykien/util.h"
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
"       ykien-kiosk poll test|pause|resume|close [--dir DIR] ID\n"
"       ykien-kiosk poll open [--dir DIR] [--expected FILE]\n"
"                             [--accept-mismatch] ID\n"
"\n"
"Move poll ID through its lifecycle:\n"
"  loaded --test--> testing --open--> open <--pause/resume--> paused\n"
"  open or paused --close--> closed      (closed is final)\n"
"An illegal step is refused with the current state and nothing changes.\n"
"Every step is a signed event (ykien-kiosk events).\n"
"\n"
"open   Ends the logic and accuracy test: prints the test report (the test\n"
"       ballots counted per question and option) and the zero report (the\n"
"       real ballot box, counted: it must be empty).  With --expected FILE\n"
"       the counts are compared with the totals the officials wrote down,\n"
"       one \"QUESTION-ID OPTION COUNT\" per line (option 0 = no opinion;\n"
"       \"ballots N\" for the number of test ballots; # comments; options\n"
"       not listed are expected to be 0).  On any mismatch the poll stays\n"
"       in testing, unless --accept-mismatch (logged as an event).\n"
"close  Asks for the commune official's PIN, and the Front\n"
"       representative's when the poll requires two ($YKIEN_PIN_OFFICIAL,\n"
"       $YKIEN_PIN_FRONT for scripts), then writes the signed closing\n"
"       record: closing-ID.bin, closing-ID.txt (biên bản) and\n"
"       closing-ID.txt.sig in the state directory.  Check the sheet with\n"
"       signify-openbsd -V -p kiosk.pub -x closing-ID.txt.sig -m\n"
"       closing-ID.txt.  Nothing can be cast after close.\n";

static int
load(int argc, char **argv)
{
	const char	*dir = NULL;
	struct kiosk	*k;
	char		*cause = NULL, *id = NULL;
	int		 rc;
	struct cli_args	 args = { KIOSK_PROG " poll load", help,
	    KIOSK_DEFDIR, NULL, 0 };

	if (cli_getopt_dir(&args, argc, argv) != -1)
		return args.status;
	if (optind + 1 != argc)
		return cli_usage_error(KIOSK_PROG " poll load",
		    "exactly one poll file expected");
	dir = args.dir;
	if ((rc = kiosk_open(dir, &k, &cause)) == 0) {
		rc = kiosk_poll_load(k, argv[optind], &id, &cause);
		kiosk_close(k);
	}
	if (rc != 0)
		return cli_done(KIOSK_PROG " poll load", rc, cause);
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
	const char	*dir = NULL;
	struct kiosk	*k;
	char		*cause = NULL;
	int		 rc;
	struct cli_args	 args = { KIOSK_PROG " poll list", help,
	    KIOSK_DEFDIR, NULL, 0 };

	if (cli_getopt_dir(&args, argc, argv) != -1)
		return args.status;
	dir = args.dir;
	if ((rc = kiosk_open(dir, &k, &cause)) == 0) {
		rc = store_poll_each(k->store, list_cb, NULL, &cause);
		kiosk_close(k);
	}
	return cli_done(KIOSK_PROG " poll list", rc, cause);
}

/* testing -> open: the test report and the zero report come first. */
static int
open_poll(struct kiosk *k, const char *id, const char *expected,
    int accept, char **cause)
{
	struct poll	*p = NULL;
	char		*state = NULL, *text = NULL, *detail = NULL;
	int		 rc, bad = 0;

	if ((rc = kiosk_poll_get(k, id, &p, &state, cause)) != 0)
		return rc;
	if (strcmp(state, KIOSK_TESTING) != 0) {
		rc = kiosk_transition(k, id, KIOSK_ACT_OPEN, cause);
		goto out;
	}
	if ((rc = closing_test_report(k, p, expected, &text, &bad,
	    cause)) != 0)
		goto out;
	fputs(text, stdout);
	if (bad != 0 && !accept) {
		rc = util_fail(cause, YK_ESTATE, "the test report shows %d "
		    "mismatch%s: the poll stays in testing.  Find the cause "
		    "(or correct the expected totals) and run poll open again; "
		    "--accept-mismatch opens anyway and logs it", bad,
		    bad == 1 ? "" : "es");
		goto out;
	}
	if ((detail = util_printf("mismatches=%d expected=%s%s", bad,
	    expected != NULL ? "file" : "none", bad != 0 ?
	    " accepted-by-official" : "")) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = event_append(k->store, k->sec, id, "test-report", detail, cause)) != 0)
		goto out;
	rc = kiosk_transition(k, id, KIOSK_ACT_OPEN, cause);
out:
	free(detail);
	free(text);
	free(state);
	poll_free(p);
	return rc;
}

/* open or paused -> closed, with the officials' PINs and the record. */
static int
close_poll(struct kiosk *k, const char *id, char **cause)
{
	struct poll	*p = NULL;
	struct closing	*r = NULL;
	char		*state = NULL, *po = NULL, *pf = NULL, *qr = NULL;
	char		 hex[2 * KEYS_HASH + 1];
	int		 rc;

	if ((rc = kiosk_poll_get(k, id, &p, &state, cause)) != 0)
		return rc;
	if (kiosk_next_state(state, KIOSK_ACT_CLOSE) == NULL) {
		rc = kiosk_transition(k, id, KIOSK_ACT_CLOSE, cause);
		goto out;
	}
	if ((rc = cli_secret("YKIEN_PIN_OFFICIAL", "Commune official's PIN: ",
	    0, &po, cause)) != 0)
		goto out;
	if (p->pins_required >= 2 && (rc = cli_secret("YKIEN_PIN_FRONT",
	    "Front representative's PIN: ", 0, &pf, cause)) != 0)
		goto out;
	if ((rc = closing_close(k, id, po, pf, &r, cause)) != 0)
		goto out;
	keys_hex(r->digest, KEYS_HASH, hex);
	printf("poll %s closed: %llu ballots\nclosing record digest: %s\n"
	    "text sheet: %s/closing-%s.txt (signature: .txt.sig)\n", id,
	    (unsigned long long)r->count.ballots, hex, k->dir, id);
	if ((qr = closing_qr_text(r)) != NULL)
		printf("QR text: %s\n", qr);
out:
	keys_secure_free(po);
	keys_secure_free(pf);
	free(qr);
	closing_free(r);
	free(state);
	poll_free(p);
	return rc;
}

static int
transition(int argc, char **argv, enum kiosk_action a)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "expected", required_argument, NULL, 'e' },
		{ "accept-mismatch", no_argument, NULL, 'a' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char	*dir = NULL, *expected = NULL;
	struct kiosk	*k;
	char		*cause = NULL, prog[64];
	int		 ch, rc, accept = 0;
	struct cli_args	 args = { prog, help, KIOSK_DEFDIR, NULL, 0 };

	snprintf(prog, sizeof prog, KIOSK_PROG " poll %s",
	    kiosk_action_name(a));
	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'e': expected = optarg; break;
		case 'a': accept = 1; break;
		default: return args.status;
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(prog, "exactly one poll ID expected");
	if ((expected != NULL || accept) && a != KIOSK_ACT_OPEN)
		return cli_usage_error(prog, "--expected and --accept-mismatch "
		    "go with poll open");
	dir = args.dir;
	if ((rc = kiosk_open(dir, &k, &cause)) == 0) {
		if (a == KIOSK_ACT_OPEN)
			rc = open_poll(k, argv[optind], expected, accept,
			    &cause);
		else if (a == KIOSK_ACT_CLOSE)
			rc = close_poll(k, argv[optind], &cause);
		else
			rc = kiosk_transition(k, argv[optind], a, &cause);
		kiosk_close(k);
	}
	if (rc != 0)
		return cli_done(prog, rc, cause);
	if (a != KIOSK_ACT_CLOSE)
		printf("poll %s: %s done\n", argv[optind],
		    kiosk_action_name(a));
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

	return cli_group(KIOSK_PROG " poll", help, sub, argc, argv);
}
