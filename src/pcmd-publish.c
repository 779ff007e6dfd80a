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
"           [--threads N] [--exclude-revoked]\n"
"\n"
"Audit poll ID (as ykien-province audit does) and, if every check\n"
"passes, write its open data into OUTDIR: results.csv and results.json\n"
"(rows under k ballots withheld), receipts.txt (the sorted receipt codes\n"
"of the counted ballots, never the choices), poll.json and its .sig,\n"
"province.pub, each kiosk's kiosk-KEYNUM.pub, closing records with their\n"
"text sheets and .sig files, event logs, audit.txt, README.txt (how to\n"
"check it all with signify-openbsd or ykien-province audit) and\n"
"index.html: the results with charts and a receipt-code lookup that\n"
"works offline (index.html#CODE looks CODE up on opening), kiosks.txt\n"
"(every kiosk's key, fingerprint, commune, village and state) and each\n"
"kiosk's receipts-KEYNUM.txt, and last SHA256, the SHA-256 of every file,\n"
"with SHA256.sig, the province's signature, so that anyone can check\n"
"the whole directory with a stock tool:\n"
"  signify-openbsd -C -p province.pub -x SHA256.sig\n"
"Every file is described in docs/PROTOCOL.md, \"Published directory\".\n"
"The province key's passphrase is asked on the terminal or read from\n"
"YKIEN_PASSPHRASE.\n"
"\n"
"The collector serves DIR/publish/ID/ read-only at /polls/ID/, so\n"
"publish with --out DIR/publish/ID to put it online.\n"
"\n"
"--exclude-revoked leaves every kiosk whose key is revoked out of the\n"
"count and the audit's checks (a stolen board's earlier ballots, or a\n"
"revocation back-dated past accepted batches): excluded.txt and the\n"
"audit report in the publication name each kiosk left out and why.\n"
"Without it, a revoked kiosk's ballots accepted before its revocation\n"
"are counted, and any accepted after it fail the audit.\n"
"\n""No running results: a poll whose end date (period.closes, UTC+7) is not\n"
"over, or with a registered, unrevoked kiosk of its commune that has sent\n"
"no valid closing record, is refused, and --preliminary is refused too:\n"
"a preliminary count is never published.\n"
"\n"
"Exit status: 0 when written; 1 if the audit fails (nothing is written:\n"
"run ykien-province audit to see why) or on an error; 2 on usage errors.\n";

/*
 * Long: the options, then one step a line (unlock, audit, no running
 * result, tally, write), each with its own refusal.
 */
int
pcmd_publish(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "poll", required_argument, NULL, 'p' },
		{ "out", required_argument, NULL, 'o' },
		{ "threads", required_argument, NULL, 't' },
		{ "preliminary", no_argument, NULL, 'R' },
		{ "exclude-revoked", no_argument, NULL, 'X' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char		*dir = NULL, *id = NULL, *outd = NULL;
	struct audit_opts	 o;
	struct collect		*c = NULL;
	struct audit		*a = NULL;
	struct tally		*t = NULL;
	struct keys_secret	*sec = NULL;
	char			*cause = NULL, *report = NULL;
	int			 ch, rc, failed = 0;
	struct cli_args		 args = { PROG, help, PROV_DEFDIR, NULL, 0 };

	memset(&o, 0, sizeof o);
	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'p': id = optarg; break;
		case 'o': outd = optarg; break;
		case 'X': o.exclude_revoked = 1; break;
		case 'R':
			return cli_usage_error(PROG, "a preliminary count is "
			    "never published: publish once the poll is over "
			    "(ykien-province tally --preliminary counts it "
			    "for the officials)");
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
	/* The province signs kiosks.txt and the SHA256 manifest. */
	if ((rc = pcmd_unlock(PROG, dir, &sec)) != CLI_OK)
		return rc;
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
	/* Never a running result: nothing until the poll is over. */
	if ((rc = tally_final(a, (long long)time(NULL), &cause)) != 0) {
		util_wrap(&cause, rc, "nothing published: ");
		goto out;
	}
	if ((rc = tally_build(&a, 1, 1, (long long)time(NULL), &t,
	    &cause)) != 0 ||
	    (rc = publish_write(collect_store(c), dir, a, t, report, outd,
	    sec, &cause)) != 0)
		goto out;
	printf("published poll %s in %s (open %s/index.html)\n", id, outd,
	    outd);
out:
	keys_secret_free(sec);
	free(report);
	tally_free(t);
	audit_free(a);
	collect_close(c);
	return cli_done(PROG, rc, cause);
}
