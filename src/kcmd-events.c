/* ykien-kiosk events: print the signed event log and verify its chain. */
#include <time.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "ykien/cli.h"
#include "ykien/event-chain.h"
#include "ykien/kiosk.h"
#include "kcmd.h"

static const char help[] =
"usage: ykien-kiosk events [--dir DIR] [--quiet]\n"
"\n"
"Print every event of the kiosk's log (lifecycle transitions, PIN failures\n"
"and lockouts, codes issued, closing records), oldest first, and verify the\n"
"chain: each event's signature, its number, and the hash of the event\n"
"before it.  Exits 0 if the whole chain verifies; otherwise prints the\n"
"events up to the first bad one, names it (deleted, edited, reordered) and\n"
"exits 1.  --quiet prints only the verdict.\n"
"\n"
"Columns: number, time (UTC), poll, type, detail.\n";

static int
print_cb(void *arg, const struct event *e)
{
	int		*quiet = arg;
	time_t		 t = (time_t)e->time;
	struct tm	 tm;
	char		 when[32];

	if (*quiet)
		return 0;
	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("%6llu  %s  %-16s %-16s %s\n", (unsigned long long)e->seq,
	    when, *e->poll_id ? e->poll_id : "-", e->type, e->detail);
	return 0;
}

int
kcmd_events(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "quiet", no_argument, NULL, 'q' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char	*dir = NULL;
	struct kiosk	*k;
	char		*cause = NULL;
	uint64_t	 seq = 0;
	uint8_t		 h[32];
	int		 ch, rc, quiet = 0;
	struct cli_args	 args = { KIOSK_PROG " events", help,
	    KIOSK_DEFDIR, NULL, 0 };

	while ((ch = cli_getopt(&args, argc, argv, "hq", opts)) != -1) {
		switch (ch) {
		case 'q': quiet = 1; break;
		default: return args.status;
		}
	}
	if (optind != argc)
		return cli_usage_error(KIOSK_PROG " events",
		    "no arguments expected");
	dir = args.dir;
	if ((rc = kiosk_open(dir, &k, &cause)) == 0) {
		rc = event_verify(k->store, &k->pub, print_cb, &quiet, &cause);
		if (rc == 0)
			rc = event_head(k->store, &seq, h, &cause);
		kiosk_close(k);
	}
	if (rc != 0) {
		fprintf(stderr, "%s events: CHAIN BROKEN: %s\n", KIOSK_PROG,
		    cause != NULL ? cause : "?");
		free(cause);
		return CLI_FAIL;
	}
	printf("event chain verified: %llu events\n", (unsigned long long)seq);
	return CLI_OK;
}
