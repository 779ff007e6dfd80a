/* ykien-province status: what the province holds, per poll. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/ballot.h"
#include "ykien/cli.h"
#include "ykien/collect.h"
#include "ykien/keys.h"
#include "ykien/pstore.h"
#include "ykien/util.h"
#include "pcmd.h"

#define PROG	PROV_PROG " status"

static const char help[] =
"usage: ykien-province status [--dir DIR] [--digest]\n"
"\n"
"For every poll the province knows: the batches and ballots received,\n"
"from how many kiosks, the hash over the sorted hashes of the received\n"
"ballots (the same hash a kiosk's closing record commits to), and the\n"
"count of each answer to each question.  Two state directories that hold\n"
"the same ballots print the same lines, whichever road (upload or USB)\n"
"the ballots took.\n"
"\n"
"--digest  also print a SHA-256 over every row of the province database,\n"
"          to show that a refused request changed nothing.\n";

struct agg {
	uint8_t		(*h)[KEYS_HASH];
	size_t		  n, cap;
	long long	  counts[BALLOT_MAX_ANSWERS][16];
	int		  nq;
	int		  bad;
};

static int
ballot_cb(void *arg, const uint8_t *blob, size_t len)
{
	struct agg	*a = arg;
	struct ballot	 b;
	int		 i;

	if (a->n == a->cap) {
		size_t	 cap = a->cap ? 2 * a->cap : 1024;
		void	*nh = realloc(a->h, cap * KEYS_HASH);

		if (nh == NULL)
			return YK_ENOMEM;
		a->h = nh;
		a->cap = cap;
	}
	ballot_hash(blob, len, a->h[a->n++]);
	if (ballot_decode(blob, len, &b, NULL) != 0) {
		a->bad++;
		return 0;
	}
	for (i = 0; i < b.n_answers; i++)
		if (b.answers[i] < 16)
			a->counts[i][b.answers[i]]++;
	if (b.n_answers > a->nq)
		a->nq = b.n_answers;
	return 0;
}

struct ctx {
	struct pstore	*ps;
	char		*cause;
};

static int
poll_cb(void *arg, const char *poll, long long batches, long long ballots,
    long long kiosks)
{
	struct ctx	*c = arg;
	struct agg	*a;
	uint8_t		 sh[KEYS_HASH];
	char		 hex[2 * KEYS_HASH + 1];
	int		 rc, q, v;

	if ((a = calloc(1, sizeof *a)) == NULL)
		return YK_ENOMEM;
	if ((rc = pstore_ballot_each(c->ps, poll, ballot_cb, a, &c->cause))
	    == 0 && (rc = ballot_set_hash(a->h, a->n, sh)) == 0) {
		keys_hex(sh, KEYS_HASH, hex);
		printf("poll %s: %lld batches, %lld ballots, %lld kiosks\n"
		    "  ballot set hash %s\n", poll, batches, ballots, kiosks,
		    hex);
		for (q = 0; q < a->nq; q++) {
			printf("  question %d:", q + 1);
			for (v = 0; v < 16; v++)
				if (a->counts[q][v] != 0)
					printf(" %d=%lld", v, a->counts[q][v]);
			printf("\n");
		}
	}
	free(a->h);
	free(a);
	return rc;
}

int
pcmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "digest", no_argument, NULL, 'D' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char	*dir = NULL;
	struct collect	*c = NULL;
	struct ctx	 x = { NULL, NULL };
	uint8_t		 d[KEYS_HASH];
	char		 hex[2 * KEYS_HASH + 1];
	int		 ch, rc, digest = 0;
	struct cli_args	 args = { PROG, help, PROV_DEFDIR, NULL, 0 };

	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'D': digest = 1; break;
		default: return args.status;
		}
	}
	if (optind != argc)
		return cli_usage_error(PROG, "unexpected argument \"%s\"",
		    argv[optind]);
	dir = args.dir;
	if ((rc = collect_open(dir, NULL, &c, &x.cause)) != 0)
		goto out;
	x.ps = collect_store(c);
	if ((rc = pstore_poll_stats(x.ps, poll_cb, &x, &x.cause)) != 0)
		goto out;
	if (digest) {
		if ((rc = pstore_digest(x.ps, d, &x.cause)) != 0)
			goto out;
		keys_hex(d, KEYS_HASH, hex);
		printf("digest %s\n", hex);
	}
out:
	collect_close(c);
	if (rc != 0)
		return cli_done(PROG, rc, x.cause);
	return CLI_OK;
}
