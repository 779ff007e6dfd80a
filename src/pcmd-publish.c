/* ykien-province publish: a poll's open-data directory. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ykien/audit.h"
#include "ykien/cli.h"
#include "ykien/collect.h"
#include "ykien/publish.h"
#include "ykien/tally.h"
#include "ykien/util.h"
#include "pcmd.h"

#define PROG	PROV_PROG " publish"

static const char help[] =
"usage: ykien-province publish [--dir DIR] --poll ID --out OUTDIR\n"
"           [--threads N]\n"
"\n"
"Audit poll ID (as ykien-province audit does) and, if every check\n"
"passes, write its open data into OUTDIR: results.csv and results.json\n"
"(rows under k ballots withheld), receipts.txt (the sorted receipt codes\n"
"of the counted ballots, never the choices), poll.json and its .sig,\n"
"province.pub, each kiosk's kiosk-KEYNUM.pub, closing records with their\n"
"text sheets and .sig files, event logs, audit.txt, README.txt (how to\n"
"check it all with signify-openbsd or ykien-province audit) and\n"
"index.html: the results with charts and a receipt-code lookup that\n"
"works offline (index.html#CODE looks CODE up on opening).\n"
"\n"
"The collector serves DIR/publish/ID/ read-only at /polls/ID/, so\n"
"publish with --out DIR/publish/ID to put it online.\n"
"\n"
"Exit status: 0 when written; 1 if the audit fails (nothing is written:\n"
"run ykien-province audit to see why) or on an error; 2 on usage errors.\n";

int
pcmd_publish(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "poll", required_argument, NULL, 'p' },
		{ "out", required_argument, NULL, 'o' },
		{ "threads", required_argument, NULL, 't' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char		*dir = NULL, *id = NULL, *outd = NULL;
	struct audit_opts	 o;
	struct collect		*c = NULL;
	struct audit		*a = NULL;
	struct tally		*t = NULL;
	char			*cause = NULL, *report = NULL;
	int			 ch, rc, failed = 0;
	struct cli_args		 args = { PROG, help, PROV_DEFDIR, NULL, 0 };

	memset(&o, 0, sizeof o);
	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'p': id = optarg; break;
		case 'o': outd = optarg; break;
		case 't':
			if (pcmd_threads(PROG, optarg, &o.threads) != 0)
				return CLI_USAGE;
			break;
		default: return args.status;
		}
	}
	if (optind != argc)
		return cli_usage_error(PROG, "unexpected argument \"%s\"",
		    argv[optind]);
	if (id == NULL || outd == NULL)
		return cli_usage_error(PROG, "--poll ID and --out OUTDIR are "
		    "required");
	dir = args.dir;
	if ((rc = collect_open(dir, NULL, &c, &cause)) != 0 ||
	    (rc = audit_run(collect_store(c), dir, id, &o, &a, &cause)) != 0)
		goto out;
	if ((report = pcmd_audit_report(a, &failed)) == NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if (failed) {
		fputs(report, stderr);
		rc = util_fail(&cause, YK_ESTATE, "the audit of poll %s fails "
		    "%d checks: nothing published (see above)", id, failed);
		goto out;
	}
	if ((rc = tally_build(&a, 1, 1, (long long)time(NULL), &t,
	    &cause)) != 0 ||
	    (rc = publish_write(collect_store(c), dir, a, t, report, outd,
	    &cause)) != 0)
		goto out;
	printf("published poll %s in %s (open %s/index.html)\n", id, outd,
	    outd);
out:
	free(report);
	tally_free(t);
	audit_free(a);
	collect_close(c);
	return cli_done(PROG, rc, cause);
}
