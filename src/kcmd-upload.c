/* ykien-kiosk upload: one pass of sending batches to the province. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ykien/cli.h"
#include "ykien/kiosk.h"
#include "ykien/store.h"
#include "ykien/store-batch.h"
#include "ykien/upload.h"
#include "ykien/util.h"
#include "kcmd.h"

#define PROG	KIOSK_PROG " upload"

/* Exit statuses beyond CLI_OK / CLI_FAIL / CLI_USAGE. */
#define EXIT_NET	3
#define EXIT_REFUSED	4

static const char help[] =
"usage: ykien-kiosk upload [--dir DIR] [--url URL] [--ca FILE]\n"
"           [--retries N] [--retry-base MS] [--timeout SECONDS]\n"
"\n"
"Make one upload pass: form batches from pending ballots (only once at\n"
"least k of a poll are pending, k = the poll's \"k\", default 10; a closed\n"
"poll flushes the rest), then send every unacknowledged batch to\n"
"URL/v1/batches.  A batch counts as uploaded only once the reply is an\n"
"acknowledgement signed by the province key for that very batch.\n"
"\n"
"  --url URL        the collector's base URL (https://...); remembered in\n"
"                   the kiosk store for later passes and the background\n"
"                   uploader\n"
"  --ca FILE        CA certificate(s) to trust instead of the system's;\n"
"                   remembered too\n"
"  --retries N      after a network error, retry up to N times with\n"
"                   exponential backoff and jitter (default 0)\n"
"  --retry-base MS  first backoff step (default 5000)\n"
"  --timeout S      per-request time limit (default 120)\n"
"\n"
"Exit status: 0 uploaded, or nothing to do; 3 network or collector\n"
"trouble (nothing lost: the batches stay queued; retry later); 4 the\n"
"collector refused a batch (its code and message are printed); 1 other\n"
"errors; 2 usage.\n";

/* One pass, and while the network fails up to retries more, backing off. */
static int
pass_with_retries(struct kiosk *k, const struct upload_opts *o, long retries,
    unsigned long base, struct upload_report *r, char **cause)
{
	struct timespec	ts;
	unsigned long	ms;
	unsigned	attempt;
	int		rc;

	for (attempt = 0;; attempt++) {
		rc = upload_pass(k, o, r, cause);
		if (rc != YK_ENET || attempt >= (unsigned)retries)
			return rc;
		ms = upload_backoff_ms(attempt, base, 900000);
		fprintf(stderr, "%s: %s\n%s: retry %u of %ld in %lu ms\n", PROG,
		    *cause, PROG, attempt + 1, retries, ms);
		upload_report_free(r);
		ts.tv_sec = (time_t)(ms / 1000);
		ts.tv_nsec = (long)(ms % 1000) * 1000000L;
		while (nanosleep(&ts, &ts) != 0)
			;
	}
}

/*
 * Say what a pass that ended in rc (0, YK_ESTATE or YK_ENET) did; the exit
 * status.
 */
static int
say(struct kiosk *k, int rc, const struct upload_report *r,
    const char *cause)
{
	struct store_batch_stats st;

	if (r->acked > 0)
		printf("uploaded %d batches (%lld ballots)\n", r->acked,
		    r->ballots);
	if (r->records > 0)
		printf("sent the closing records and event log of %d "
		    "closed poll(s)\n", r->records);
	if (rc == 0 && r->acked == 0 && r->records == 0) {
		if (store_batch_stats(k->store, NULL, &st, NULL) == 0 &&
		    st.pending > 0)
			printf("nothing to upload: %lld ballots wait "
			    "until a poll has at least k of them "
			    "pending, or is closed\n", st.pending);
		else
			printf("nothing to upload\n");
	}
	if (rc == YK_ENET) {
		fprintf(stderr, "%s: %s\n%s: %d batches stay queued; the "
		    "background uploader retries, or run this again later\n",
		    PROG, cause, PROG, r->left);
		return EXIT_NET;
	}
	if (rc == YK_ESTATE) {
		fprintf(stderr, "%s: the collector refused %d batches: %s: "
		    "%s\n", PROG, r->rejected, r->code, r->message != NULL ?
		    r->message : "(no message)");
		return EXIT_REFUSED;
	}
	return CLI_OK;
}

int
kcmd_upload(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "url", required_argument, NULL, 'u' },
		{ "ca", required_argument, NULL, 'c' },
		{ "retries", required_argument, NULL, 'r' },
		{ "retry-base", required_argument, NULL, 'b' },
		{ "timeout", required_argument, NULL, 't' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char		*dir = NULL, *url = NULL, *ca = NULL;
	struct upload_opts	 o = { NULL, NULL, 0, 0 };
	struct upload_report	 r;
	struct kiosk		*k = NULL;
	unsigned long		 base = 5000;
	long			 retries = 0, v;
	char			*cause = NULL, *end;
	int			 ch, rc;
	struct cli_args		 args = { PROG, help, KIOSK_DEFDIR, NULL, 0 };

	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'u': url = optarg; break;
		case 'c': ca = optarg; break;
		case 'r':
		case 'b':
		case 't':
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < 0 ||
			    v > 1000000)
				return cli_usage_error(PROG, "--%s: a number "
				    "from 0 to 1000000", ch == 'r' ? "retries" :
				    ch == 'b' ? "retry-base" : "timeout");
			if (ch == 'r')
				retries = v;
			else if (ch == 'b')
				base = (unsigned long)v;
			else
				o.timeout = v;
			break;
		default: return args.status;
		}
	}
	if (optind != argc)
		return cli_usage_error(PROG, "unexpected argument \"%s\"",
		    argv[optind]);
	dir = args.dir;
	if ((rc = kiosk_open(dir, &k, &cause)) != 0)
		goto fail;
	if ((url != NULL && (rc = store_meta_set(k->store, UPLOAD_META_URL,
	    url, &cause)) != 0) ||
	    (ca != NULL && (rc = store_meta_set(k->store, UPLOAD_META_CA, ca,
	    &cause)) != 0))
		goto fail;
	rc = pass_with_retries(k, &o, retries, base, &r, &cause);
	if (rc != 0 && rc != YK_ESTATE && rc != YK_ENET) {
		upload_report_free(&r);
		goto fail;
	}
	rc = say(k, rc, &r, cause);
	upload_report_free(&r);
	free(cause);
	kiosk_close(k);
	return rc;
fail:
	kiosk_close(k);
	return cli_done(PROG, rc, cause);
}
