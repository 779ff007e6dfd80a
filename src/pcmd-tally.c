/* ykien-province tally: results against the NTM threshold rule. */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ykien/audit.h"
#include "ykien/cli.h"
#include "ykien/collect.h"
#include "ykien/pstore.h"
#include "ykien/signify.h"
#include "ykien/tally.h"
#include "ykien/util.h"
#include "pcmd.h"

#define PROG		PROV_PROG " tally"
#define MAX_POLLS	4096	/* every commune of the country */
#define PRELIM_LOG	"preliminary.log"

static const char help[] =
"usage: ykien-province tally [--dir DIR] --poll ID [--poll ID...]\n"
"           [--format text|csv|json|html] [-o FILE] [--no-suppress]\n"
"           [--threads N] [--progress] [--preliminary]\n"
"           [--exclude-revoked] [--audit]\n"
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
"that pass the audit's signature and answer checks, from registered\n"
"kiosks of the poll's commune, are counted (a revoked kiosk's only if all\n"
"were accepted before its revocation); any other is reported as not\n"
"counted (run ykien-province audit).\n"
"\n"
"The counts are the ones the collectors kept at intake.  They are used\n"
"as they are when a recorded audit (ykien-province audit) signed by the\n"
"province key names the store's digest as it is now; otherwise the\n"
"figures are said to be UNAUDITED (on standard error, and atop the text\n"
"format), unless --audit is given:\n"
"  --audit        audit the poll first (every ballot re-verified; the\n"
"                 report goes to standard error, the result is recorded)\n"
"                 and count from that audit; no figures if it fails\n"
"\n"
"  --format F     text (80 columns, the default), csv, json or html\n"
"                 (a page with SVG charts that prints on A4)\n"
"  -o FILE        write FILE (atomically) instead of standard output\n"
"  --no-suppress  show rows under the poll's k ballots too: for the\n"
"                 officials' internal use only, and labelled so\n"
"  --preliminary  count a poll that is not over yet (see below)\n"
"  --exclude-revoked  leave out every kiosk whose key is revoked, as\n"
"                 publish --exclude-revoked does\n"
"\n"
"No running results: a poll is tallied only once its end date\n"
"(period.closes, a day in UTC+7) is over and every registered, unrevoked\n"
"kiosk of its commune has sent a valid closing record; before that the\n"
"tally is refused.  --preliminary counts anyway: the run is logged in\n"
"DIR/preliminary.log, and every output is marked PRELIMINARY (text and\n"
"HTML banners, CSV column and JSON member status = preliminary);\n"
"ykien-province publish never publishes such a poll.\n"
"\n"
"Rows with fewer than k ballots (the poll's k, default 10) are withheld,\n"
"and so are as many other rows as it takes that no withheld count can be\n"
"worked out by subtraction (village within commune, commune within the\n"
"province, across every poll given).  A withheld row shows no number and\n"
"no verdict.  See ykien-province-audit(1).\n";

/*
 * Every preliminary tally leaves a line in DIR/preliminary.log (appended,
 * synced): when, of which polls, and why it was not final.
 */
static int
log_preliminary(const char *dir, const char *const *ids, int n,
    const char *why)
{
	char	*path, *line = NULL, *polls = NULL, *p, stamp[32];
	time_t	 now = time(NULL);
	struct tm tm;
	int	 fd, i, rc = 0;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (i = 0; i < n; i++) {
		p = util_printf("%s%s%s", polls ? polls : "", i ? "," : "",
		    ids[i]);
		free(polls);
		if ((polls = p) == NULL)
			break;
	}
	if (polls == NULL || (line = util_printf("%s preliminary tally of "
	    "%s: %s\n", stamp, polls, why)) == NULL ||
	    (path = util_path(dir, PRELIM_LOG)) == NULL) {
		free(polls);
		free(line);
		return YK_ENOMEM;
	}
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600)) == -1 ||
	    write(fd, line, strlen(line)) != (ssize_t)strlen(line) ||
	    fsync(fd) != 0)
		rc = YK_EIO;
	if (fd != -1 && close(fd) != 0)
		rc = YK_EIO;
	if (rc != 0)
		fprintf(stderr, "%s: %s: cannot append the log line\n", PROG,
		    path);
	free(path);
	free(polls);
	free(line);
	return rc;
}

/*
 * No running results: 0 with *final set if every poll may be tallied for
 * good; with prelim, 0 and *final = 0 once the run is logged; else the
 * refusal, saying why and what --preliminary does.
 */
static int
gate(const char *dir, struct audit *const *a, const char *const *ids, int n,
    int prelim, int *final, char **cause)
{
	char	*why = NULL;
	int	 i, rc = 0;

	*final = 1;
	for (i = 0; i < n && rc == 0; i++)
		rc = tally_final(a[i], (long long)time(NULL), &why);
	if (rc == 0)
		return 0;
	if (!prelim) {
		util_fail(cause, rc, "%s; --preliminary gives a marked count "
		    "that is never published", why);
		free(why);
		return rc;
	}
	*final = 0;
	fprintf(stderr, "%s: PRELIMINARY (%s): logged in %s/%s\n", PROG, why,
	    dir, PRELIM_LOG);
	if ((rc = log_preliminary(dir, ids, n, why)) != 0)
		util_fail(cause, rc, "cannot log the preliminary tally in "
		    "%s/%s", dir, PRELIM_LOG);
	free(why);
	return rc;
}

static void
progress(void *arg, uint64_t done, uint64_t total)
{
	fprintf(stderr, "\r%s: %s: %llu of %llu ballots checked", PROG,
	    (const char *)arg, (unsigned long long)done,
	    (unsigned long long)total);
	if (done >= total)
		fputc('\n', stderr);
}

struct src {
	struct pstore		*ps;
	const char		*dir;
	struct keys_public	 pub;
	uint8_t			 digest[KEYS_HASH];
	int			 audit;		/* --audit */
	int			 unaudited;	/* polls without a record */
};

/* What poll_counts needs: the province key and the store's digest now. */
static int
src_init(struct src *s, struct pstore *ps, const char *dir, char **cause)
{
	char	*path;
	int	 rc;

	s->ps = ps;
	s->dir = dir;
	if ((path = util_path(dir, "province.pub")) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = signify_read_public(path, &s->pub, cause);
	free(path);
	if (rc != 0)
		return rc;
	return pstore_digest(ps, s->digest, cause);
}

/*
 * The counts of poll id for the tally.  A recorded audit that names the
 * store's digest vouches for the counts kept at intake, which are then
 * read as they are; else --audit audits now (every ballot re-verified,
 * the result recorded) and the tally uses that recount; else the kept
 * counts are used, and said to be unaudited.
 */
static int
poll_counts(struct src *s, const char *id, struct audit_opts *o,
    struct audit **ap, char **cause)
{
	struct audit_opts	 co = *o;
	char			*why = NULL;
	long long		 made;
	int			 rc, failed;

	if ((rc = audit_recorded(s->ps, &s->pub, id, s->digest, &made, &why,
	    cause)) < 0)
		return rc;
	if (rc == 0 && s->audit) {
		free(why);
		if (pcmd_audit_poll(PROG, s->ps, s->dir, id, o, 1, stderr, ap,
		    &failed) != CLI_OK)
			return util_fail(cause, YK_EIO, "the audit of poll "
			    "\"%s\" could not run", id);
		if (failed)
			return util_fail(cause, YK_EINVAL, "the audit of poll "
			    "\"%s\" fails (above); no figures until it "
			    "passes", id);
		return 0;
	}
	if (rc == 0) {
		fprintf(stderr, "%s: poll %s: UNAUDITED figures, from the "
		    "counts kept at intake: %s.  Run 'ykien-province audit "
		    "--poll %s' (or tally --audit) to have them verified.\n",
		    PROG, id, why, id);
		s->unaudited++;
	}
	free(why);
	co.from_counts = 1;
	return audit_run(s->ps, s->dir, id, &co, ap, cause);
}

/*
 * The tally in format fmt, to the file outp or (NULL) stdout; the text
 * format says atop when the figures are unaudited.
 */
static int
output(const struct tally *t, const char *fmt, const char *outp,
    int unaudited, char **cause)
{
	char	*text = NULL, *b;
	int	 rc;

	rc = strcmp(fmt, "csv") == 0 ? tally_csv(t, &text) :
	    strcmp(fmt, "json") == 0 ? tally_json(t, &text) :
	    strcmp(fmt, "html") == 0 ? tally_html(t, 0, &text) :
	    tally_text(t, &text);
	if (rc == 0 && unaudited && strcmp(fmt, "text") == 0) {
		if ((b = util_printf("UNAUDITED: no recorded audit vouches "
		    "for the store as it is now\n(ykien-province audit, or "
		    "tally --audit).\n\n%s", text)) == NULL)
			rc = YK_ENOMEM;
		free(text);
		text = b;
	}
	if (rc != 0)
		rc = util_fail(cause, rc, "out of memory");
	else if (outp != NULL)
		rc = util_write_atomic(outp, text, strlen(text), 0644, cause);
	else if (fputs(text, stdout) == EOF || fflush(stdout) != 0)
		rc = util_fail(cause, YK_EIO, "cannot write the output");
	free(text);
	return rc;
}

/*
 * Long: the options (seven), then one step a line: audit each poll, the
 * no-running-results gate, build, output.
 */
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
		{ "preliminary", no_argument, NULL, 'R' },
		{ "exclude-revoked", no_argument, NULL, 'X' },
		{ "audit", no_argument, NULL, 'A' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	struct src		 s;
	const char		*dir = NULL, *fmt = "text", *outp = NULL;
	const char		*ids[MAX_POLLS];
	struct audit		*a[MAX_POLLS];
	struct audit_opts	 o;
	struct collect		*c = NULL;
	struct tally		*t = NULL;
	struct keys_secret	*sec = NULL;
	char			*cause = NULL;
	int			 ch, rc = 0, n = 0, i, suppress = 1, show = 0;
	int			 prelim = 0, final = 1;
	struct cli_args		 args = { PROG, help, PROV_DEFDIR, NULL, 0 };

	memset(&o, 0, sizeof o);
	memset(&s, 0, sizeof s);
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
		case 'R': prelim = 1; break;
		case 'X': o.exclude_revoked = 1; break;
		case 'A': s.audit = 1; break;
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
	if ((rc = src_init(&s, collect_store(c), dir, &cause)) != 0)
		goto out;
	/* --audit of several polls: the passphrase is read once. */
	if (s.audit && n > 1) {
		if (pcmd_unlock(PROG, dir, &sec) != CLI_OK) {
			rc = util_fail(&cause, YK_EAUTH, "the audits cannot be "
			    "recorded without the province key");
			goto out;
		}
		pcmd_audit_key(sec);
	}
	for (i = 0; i < n; i++) {
		o.progress = show || isatty(2) ? progress : NULL;
		o.progress_arg = (void *)(uintptr_t)ids[i];
		if ((rc = poll_counts(&s, ids[i], &o, &a[i], &cause)) != 0) {
			n = i;
			goto out;
		}
	}
	if ((rc = gate(dir, a, ids, n, prelim, &final, &cause)) != 0)
		goto out;
	if ((rc = tally_build(a, (size_t)n, suppress, (long long)time(NULL),
	    &t, &cause)) != 0)
		goto out;
	t->preliminary = !final;
	rc = output(t, fmt, outp, s.unaudited > 0, &cause);
out:
	pcmd_audit_key(NULL);
	keys_secret_free(sec);
	tally_free(t);
	for (i = 0; i < n; i++)
		audit_free(a[i]);
	collect_close(c);
	return cli_done(PROG, rc, cause);
}
