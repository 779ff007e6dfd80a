/* ykien-kiosk status: what an official needs to see, never totals. */
#include <sys/statvfs.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "ykien/cli.h"
#include "ykien/kiosk.h"
#include "ykien/store.h"
#include "kcmd.h"

static const char help[] =
"usage: ykien-kiosk status [--dir DIR]\n"
"\n"
"Print the kiosk's identity and fingerprint, each poll's state and the\n"
"number of ballots cast (a count only: totals are never shown while a poll\n"
"is open), and the free disk space.\n";

struct status_ctx {
	struct kiosk	*k;
	int		 rc;
	char		*cause;
};

static int
poll_cb(void *arg, const char *id, const char *state)
{
	struct status_ctx	*c = arg;
	long long		 n = 0, t = 0;

	if ((c->rc = store_count_ballots(c->k->store, id, 0, &n,
	    &c->cause)) != 0 ||
	    (c->rc = store_count_ballots(c->k->store, id, 1, &t,
	    &c->cause)) != 0)
		return c->rc;
	printf("poll %s\n  state: %s\n  ballots cast: %lld\n"
	    "  test ballots: %lld\n", id, state, n, t);
	return 0;
}

int
kcmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char		*dir = NULL;
	struct status_ctx	 c = { NULL, 0, NULL };
	struct statvfs		 sv;
	char			 fpr[KEYS_FPR];
	int			 ch, rc;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': dir = optarg; break;
		case 'h': fputs(help, stdout); return CLI_OK;
		default: return cli_usage_error(KIOSK_PROG " status",
		    "unknown option");
		}
	}
	dir = cli_dir(dir, KIOSK_DEFDIR);
	if ((rc = kiosk_open(dir, &c.k, &c.cause)) != 0) {
		cli_error(KIOSK_PROG " status", rc, c.cause);
		free(c.cause);
		return CLI_FAIL;
	}
	keys_fingerprint(&c.k->pub, fpr);
	printf("kiosk %s\n  commune: %s\n  village: %s\n  fingerprint: %s\n",
	    dir, c.k->commune, c.k->village, fpr);
	if (statvfs(dir, &sv) == 0)
		printf("  free disk: %llu MiB\n", (unsigned long long)
		    sv.f_bavail * sv.f_frsize / (1024 * 1024));
	rc = store_poll_each(c.k->store, poll_cb, &c, &c.cause);
	kiosk_close(c.k);
	if (rc != 0) {
		cli_error(KIOSK_PROG " status", rc, c.cause);
		free(c.cause);
		return CLI_FAIL;
	}
	return CLI_OK;
}
