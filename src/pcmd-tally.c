/* ykien-province tally: results against the NTM threshold rule. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ykien/audit.h"
#include "ykien/cli.h"
#include "ykien/collect.h"
#include "ykien/tally.h"
#include "ykien/util.h"
#include "pcmd.h"

#define PROG		PROV_PROG " tally"
#define MAX_POLLS	128

static const char help[] =
"usage: ykien-province tally [--dir DIR] --poll ID [--poll ID...]\n"
"           [--format text|csv|json|html] [-o FILE] [--no-suppress]\n"
"           [--threads N] [--progress]\n"
"\n"
"Count the ballots of one or more polls (each poll is one commune) and\n"
"print, for each village, each commune and the province: for each\n"
"question the counts, the satisfaction rate and the participation\n"
"(ballots against household codes issued, from the closing records, or\n"
"'unknown'), and each commune's verdict under its poll's rule (overall\n"
"question >= threshold.overall, every other item >= threshold.item;\n"
"defaults 90 and 80), naming the items that failed.  The province row\n"
"adds up questions with the same id.\n"
"\n"
"Satisfaction rate: option 1 of a satisfaction question, options 4 and 5\n"
"of a 1-5 scale, over every answer except 'no opinion'.  Only ballots\n"
"that pass the audit's signature and answer checks, from registered,\n"
"unrevoked kiosks of the poll's commune, are counted; any other is\n"
"reported as not counted (run ykien-province audit).\n"
"\n"
"  --format F     text (80 columns, the default), csv, json or html\n"
"                 (a page with SVG charts that prints on A4)\n"
"  -o FILE        write FILE (atomically) instead of standard output\n"
"  --no-suppress  show rows under the poll's k ballots too: for the\n"
"                 officials' internal use only, and labelled so\n"
"\n"
"Rows with fewer than k ballots (the poll's k, default 10) are withheld,\n"
"and so is a second village where one alone could be worked out from\n"
"the commune total.  See ykien-province-audit(1).\n";

static void
progress(void *arg, uint64_t done, uint64_t total)
{
	fprintf(stderr, "\r%s: %s: %llu of %llu ballots checked", PROG,
	    (const char *)arg, (unsigned long long)done,
	    (unsigned long long)total);
	if (done >= total)
		fputc('\n', stderr);
}

/* The tally in format fmt, to the file outp or (NULL) stdout. */
static int
output(const struct tally *t, const char *fmt, const char *outp,
    char **cause)
{
	char	*text = NULL;
	int	 rc;

	rc = strcmp(fmt, "csv") == 0 ? tally_csv(t, &text) :
	    strcmp(fmt, "json") == 0 ? tally_json(t, &text) :
	    strcmp(fmt, "html") == 0 ? tally_html(t, 0, &text) :
	    tally_text(t, &text);
	if (rc != 0)
		rc = util_fail(cause, rc, "out of memory");
	else if (outp != NULL)
		rc = util_write_atomic(outp, text, strlen(text), 0644, cause);
	else if (fputs(text, stdout) == EOF || fflush(stdout) != 0)
		rc = util_fail(cause, YK_EIO, "cannot write the output");
	free(text);
	return rc;
}

int
pcmd_tally(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "poll", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "no-suppress", no_argument, NULL, 'n' },
		{ "threads", required_argument, NULL, 't' },
		{ "progress", no_argument, NULL, 'P' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char		*dir = NULL, *fmt = "text", *outp = NULL;
	const char		*ids[MAX_POLLS];
	struct audit		*a[MAX_POLLS];
	struct audit_opts	 o;
	struct collect		*c = NULL;
	struct tally		*t = NULL;
	char			*cause = NULL;
	int			 ch, rc = 0, n = 0, i, suppress = 1, show = 0;
	struct cli_args		 args = { PROG, help, PROV_DEFDIR, NULL, 0 };

	memset(&o, 0, sizeof o);
	while ((ch = cli_getopt(&args, argc, argv, "ho:", opts)) != -1) {
		switch (ch) {
		case 'p':
			if (n == MAX_POLLS)
				return cli_usage_error(PROG, "at most %d polls",
				    MAX_POLLS);
			ids[n++] = optarg;
			break;
		case 'f': fmt = optarg; break;
		case 'o': outp = optarg; break;
		case 'n': suppress = 0; break;
		case 't':
			if (pcmd_threads(PROG, optarg, &o.threads) != 0)
				return CLI_USAGE;
			break;
		case 'P': show = 1; break;
		default: return args.status;
		}
	}
	if (optind != argc)
		return cli_usage_error(PROG, "unexpected argument \"%s\"",
		    argv[optind]);
	if (n == 0)
		return cli_usage_error(PROG, "give at least one --poll ID "
		    "(ykien-province poll list shows them)");
	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "csv") != 0 &&
	    strcmp(fmt, "json") != 0 && strcmp(fmt, "html") != 0)
		return cli_usage_error(PROG, "--format must be text, csv, json "
		    "or html");
	dir = args.dir;
	if ((rc = collect_open(dir, NULL, &c, &cause)) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		o.progress = show || isatty(2) ? progress : NULL;
		o.progress_arg = (void *)(uintptr_t)ids[i];
		if ((rc = audit_run(collect_store(c), dir, ids[i], &o, &a[i],
		    &cause)) != 0) {
			n = i;
			goto out;
		}
	}
	if ((rc = tally_build(a, (size_t)n, suppress, (long long)time(NULL),
	    &t, &cause)) != 0)
		goto out;
	rc = output(t, fmt, outp, &cause);
out:
	tally_free(t);
	for (i = 0; i < n; i++)
		audit_free(a[i]);
	collect_close(c);
	return cli_done(PROG, rc, cause);
}
