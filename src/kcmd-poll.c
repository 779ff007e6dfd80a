/* ykien-kiosk poll: load and list polls. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/cli.h"
#include "ykien/closing-kiosk.h"
#include "ykien/closing-sheet.h"
#include "ykien/deck.h"
#include "ykien/event-chain.h"
#include "ykien/i18n.h"
#include "ykien/keys.h"
#include "ykien/kiosk.h"
#include "ykien/pin.h"
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
"       ykien-kiosk poll close [--dir DIR] [--households N]\n"
"                              [--present \"NAME, ROLE; NAME, ROLE\"] ID\n"
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
"pause, resume\n"
"       Ask for the commune official's PIN ($YKIEN_PIN_OFFICIAL).\n"
"close  Asks for the commune official's PIN, and the Front\n"
"       representative's when the poll requires two ($YKIEN_PIN_OFFICIAL,\n"
"       $YKIEN_PIN_FRONT for scripts), then writes the signed closing\n"
"       record: closing-ID.bin, closing-ID.txt (biên bản) and\n"
"       closing-ID.txt.sig in the state directory.  Check the sheet with\n"
"       signify-openbsd -V -p kiosk.pub -x closing-ID.txt.sig -m\n"
"       closing-ID.txt.  Nothing can be cast after close.  The first PIN\n"
"       is checked before the second is asked for.  The biên bản to\n"
"       print, sign and post is closing-ID.pdf (A4); --households and\n"
"       --present (the people present, ';' between them) go on it and on\n"
"       the text sheet, else dotted lines are left to fill by hand.\n"
"\n"
"test --deck N --out DECK.pdf\n"
"       Also print a ready-made test deck: N test ballots with known\n"
"       answers (0: the fewest that press every answer once), as cards\n"
"       saying which keys to press, and DECK-expected.txt with their\n"
"       totals, for poll open --expected.\n"
"\n"
"Messages are in Vietnamese when $YKIEN_LANG (or the locale) says vi.\n";

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
	printf(_("poll %s loaded (state: loaded)\n"), id);
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
close_poll(struct kiosk *k, const char *id, long households,
    const char *present, char **cause)
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
	/* The first PIN is checked before the second person is asked. */
	if ((rc = kcmd_ask_pin(k, PIN_OFFICIAL, &po, cause)) != 0)
		goto out;
	if (p->pins_required >= 2 &&
	    (rc = kcmd_ask_pin(k, PIN_FRONT, &pf, cause)) != 0)
		goto out;
	if ((households >= 0 || present != NULL) &&
	    (rc = closing_minutes_set(k, id, households, present, cause)) != 0)
		goto out;
	if ((rc = closing_close(k, id, po, pf, &r, cause)) != 0)
		goto out;
	keys_hex(r->digest, KEYS_HASH, hex);
	printf(_("poll %s closed: %llu ballots\nclosing record digest: %s\n"
	    "text sheet: %s/closing-%s.txt (signature: .txt.sig)\n"), id,
	    (unsigned long long)r->count.ballots, hex, k->dir, id);
	if ((qr = closing_qr_text(r, p)) != NULL)
		printf(_("QR text: %s\n"), qr);
out:
	keys_secure_free(po);
	keys_secure_free(pf);
	free(qr);
	closing_free(r);
	free(state);
	poll_free(p);
	return rc;
}

/* Pause and resume: the commune official's PIN, after the legality
 * check (an illegal step must not cost a PIN try). */
static int
with_pin(struct kiosk *k, const char *id, enum kiosk_action a, char **cause)
{
	char	*state = NULL, *pin = NULL;
	int	 rc;

	if ((rc = store_poll_get(k->store, id, NULL, NULL, NULL, &state,
	    cause)) != 0)
		return rc;
	if (kiosk_next_state(state, a) != NULL &&
	    (rc = kcmd_ask_pin(k, PIN_OFFICIAL, &pin, cause)) != 0) {
		free(state);
		return rc;
	}
	free(state);
	keys_secure_free(pin);
	return kiosk_transition(k, id, a, cause);
}

/*
 * The expected-totals file beside a deck: DECK.pdf -> DECK-expected.txt
 * (malloc'd).
 */
char *
kcmd_deck_expected(const char *pdf)
{
	size_t	n = strlen(pdf);

	if (n > 4 && strcmp(pdf + n - 4, ".pdf") == 0)
		n -= 4;
	return util_printf("%.*s-expected.txt", (int)n, pdf);
}

/* loaded -> testing, with a ready-made test deck (deck.h). */
static int
test_deck(struct kiosk *k, const char *id, int n, const char *out,
    char **cause)
{
	struct poll	*p = NULL;
	char		*exp, *state = NULL;
	int		 rc;

	if ((rc = kiosk_poll_get(k, id, &p, &state, cause)) != 0)
		return rc;
	rc = kiosk_next_state(state, KIOSK_ACT_TEST) == NULL;
	free(state);
	if (rc) {
		/* Refused with the state's own message; no deck. */
		poll_free(p);
		return kiosk_transition(k, id, KIOSK_ACT_TEST, cause);
	}
	if ((exp = kcmd_deck_expected(out)) == NULL) {
		poll_free(p);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	if (n < 0)
		n = deck_min(p);
	if ((rc = deck_write(k, p, n, NULL, out, exp, cause)) == 0 &&
	    (rc = kiosk_transition(k, id, KIOSK_ACT_TEST, cause)) == 0)
		printf(_("test deck: %d ballots to cast, on %s; the expected "
		    "totals in %s (ykien-kiosk poll open --expected %s)\n"), n,
		    out, exp, exp);
	free(exp);
	poll_free(p);
	return rc;
}

/* What the step did, in words (close prints its own). */
static void
say_done(const char *id, enum kiosk_action a)
{
	switch (a) {
	case KIOSK_ACT_TEST:
		printf(_("poll %s: the logic and accuracy test has started "
		    "(state: testing).  Cast test ballots, then end the test "
		    "with 'ykien-kiosk poll open'.\n"), id);
		break;
	case KIOSK_ACT_OPEN:
		printf(_("poll %s is open: voting has started\n"), id);
		break;
	case KIOSK_ACT_PAUSE:
		printf(_("poll %s is paused: no voting until it is resumed\n"),
		    id);
		break;
	case KIOSK_ACT_RESUME:
		printf(_("poll %s is open again\n"), id);
		break;
	default:
		break;
	}
}

/*
 * One lifecycle step from the command line.
 * Long: the options of every step are read in one loop so that each is
 * refused, by name, with a step it does not go with.
 */
static int
transition(int argc, char **argv, enum kiosk_action a)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "expected", required_argument, NULL, 'e' },
		{ "accept-mismatch", no_argument, NULL, 'a' },
		{ "present", required_argument, NULL, 'P' },
		{ "households", required_argument, NULL, 'H' },
		{ "deck", required_argument, NULL, 'D' },
		{ "out", required_argument, NULL, 'o' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char	*dir = NULL, *expected = NULL, *present = NULL;
	struct kiosk	*k;
	char		*cause = NULL, prog[64], *end;
	long		 households = -1, deck = 0;
	const char	*out = NULL;
	int		 ch, rc, accept = 0;
	struct cli_args	 args = { prog, help, KIOSK_DEFDIR, NULL, 0 };

	snprintf(prog, sizeof prog, KIOSK_PROG " poll %s",
	    kiosk_action_name(a));
	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'e': expected = optarg; break;
		case 'a': accept = 1; break;
		case 'P': present = optarg; break;
		case 'H':
			households = strtol(optarg, &end, 10);
			if (*end != '\0' || households < 0 ||
			    households > 100000)
				return cli_usage_error(prog, "--households "
				    "must be a number from 0 to 100000");
			break;
		case 'D':
			deck = strtol(optarg, &end, 10);
			if (*end != '\0' || deck < 0 || deck > DECK_MAX)
				return cli_usage_error(prog, "--deck must be "
				    "a number from 0 (the smallest) to %d",
				    DECK_MAX);
			if (deck == 0)
				deck = -1;
			break;
		case 'o': out = optarg; break;
		default: return args.status;
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(prog, "exactly one poll ID expected");
	if ((expected != NULL || accept) && a != KIOSK_ACT_OPEN)
		return cli_usage_error(prog, "--expected and --accept-mismatch "
		    "go with poll open");
	if ((deck != 0 || out != NULL) && (a != KIOSK_ACT_TEST ||
	    deck == 0 || out == NULL))
		return cli_usage_error(prog, "--deck N and --out DECK.pdf go "
		    "together, with poll test");
	if ((present != NULL || households >= 0) && a != KIOSK_ACT_CLOSE)
		return cli_usage_error(prog, "--present and --households go "
		    "with poll close");
	dir = args.dir;
	if ((rc = kiosk_open(dir, &k, &cause)) == 0) {
		if (a == KIOSK_ACT_OPEN)
			rc = open_poll(k, argv[optind], expected, accept,
			    &cause);
		else if (a == KIOSK_ACT_CLOSE)
			rc = close_poll(k, argv[optind], households, present,
			    &cause);
		else if (a == KIOSK_ACT_PAUSE || a == KIOSK_ACT_RESUME)
			rc = with_pin(k, argv[optind], a, &cause);
		else if (a == KIOSK_ACT_TEST && deck != 0)
			rc = test_deck(k, argv[optind], (int)deck, out, &cause);
		else
			rc = kiosk_transition(k, argv[optind], a, &cause);
		kiosk_close(k);
	}
	if (rc != 0)
		return cli_done(prog, rc, cause);
	say_done(argv[optind], a);
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

	kcmd_lang();
	return cli_group(KIOSK_PROG " poll", help, sub, argc, argv);
}
