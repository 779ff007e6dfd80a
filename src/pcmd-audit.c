/* ykien-province audit: the eight numbered checks of one poll. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ykien/audit.h"
#include "ykien/cli.h"
#include "ykien/collect.h"
#include "ykien/outbuf.h"
#include "ykien/pstore.h"
#include "ykien/util.h"
#include "ykien/wire.h"
#include "pcmd.h"

#define PROG	PROV_PROG " audit"

static const char help[] =
"usage: ykien-province audit [--dir DIR] --poll ID [--threads N] [--progress]\n"
"                            [--no-record]\n"
"\n"
"Check everything the province holds for poll ID again, from the stored\n"
"bytes, trusting no other column of the database: the poll file against\n"
"DIR/province.pub, and every ballot, closing record and event log against\n"
"the registered key of its kiosk.  Each check prints PASS or FAIL with its\n"
"details, naming the kiosk (key number and village):\n"
"  1 the poll's signature is valid\n"
"  2 every kiosk is registered for the poll's commune (and not revoked)\n"
"  3 every ballot signature is valid\n"
"  4 every ballot answer is valid for this poll\n"
"  5 no duplicate ballot ids\n"
"  6 every closing record's signature is valid (and its text sheet's)\n"
"  7 each closing record's count, totals and set hash equal the recount\n"
"    of the ballots received from that kiosk; kiosks with missing or\n"
"    extra ballots or no closing record are listed\n"
"  8 each kiosk's event chain is intact and reaches its closing record\n"
"\n"
"Then the counts the collectors kept at intake, per kiosk, question and\n"
"option, must equal the recount.  When everything passes, the result is\n"
"signed with the province key (the passphrase is asked, or read from\n"
"YKIEN_PASSPHRASE) and recorded with the store's digest: 'ykien-province\n"
"tally' then counts from the kept counts without re-verifying, for as\n"
"long as the store does not change.\n"
"\n"
"  --threads N   check signatures on N threads (default: every core)\n"
"  --no-record   do not sign and record the result\n"
"  --progress    show progress on stderr (default: when it is a terminal)\n"
"\n"
"Exit status: 0 if every check passes, 1 if any fails, 2 on usage errors.\n"
"The last line gives the speed of the ballot pass.  See\n"
"ykien-province-audit(1).\n";

static void
progress(void *arg, uint64_t done, uint64_t total)
{
	fprintf(stderr, "\r%s: %llu of %llu ballots checked", PROG,
	    (unsigned long long)done, (unsigned long long)total);
	if (done >= total)
		fputc('\n', stderr);
}

int
pcmd_threads(const char *prog, const char *arg, int *out)
{
	char	*end;
	long	 v = strtol(arg, &end, 10);

	if (*end != '\0' || v < 1 || v > 64) {
		cli_usage_error(prog, "--threads takes 1 to 64");
		return -1;
	}
	*out = (int)v;
	return 0;
}

char *
pcmd_audit_report(const struct audit *a, int *failed)
{
	struct audit_check	 ck[AUDIT_CHECKS];
	struct wire		 w;
	char			*line, *save;
	int			 i, n = 0;

	*failed = 0;
	if (audit_checks(a, ck) != 0) {
		for (i = 0; i < AUDIT_CHECKS; i++)
			free(ck[i].details);
		return NULL;
	}
	wire_init(&w);
	outbuf_printf(&w, "Audit of poll %s (commune %s): %llu ballots "
	    "held\n\n", a->poll_id, a->commune,
	    (unsigned long long)a->ballots);
	for (i = 0; i < AUDIT_CHECKS; i++) {
		outbuf_printf(&w, "[%d] %s  %s\n", i + 1, ck[i].ok ? "PASS" :
		    "FAIL", ck[i].title);
		save = NULL;
		for (line = strtok_r(ck[i].details, "\n", &save);
		    line != NULL; line = strtok_r(NULL, "\n", &save))
			outbuf_printf(&w, "      %s\n", line);
		*failed += !ck[i].ok;
		free(ck[i].details);
	}
	if (*failed == 0)
		outbuf_printf(&w, "\nRESULT: PASS (all %d checks)\n",
		    AUDIT_CHECKS);
	else {
		outbuf_puts(&w, "\nRESULT: FAIL (");
		for (i = 0; i < AUDIT_CHECKS; i++)
			if (!ck[i].ok)
				outbuf_printf(&w, "%s%d", n++ ? ", " :
				    "check ", i + 1);
		outbuf_puts(&w, " failed)\n");
	}
	outbuf_printf(&w, "ballot pass: %llu ballots in %.2f s on %d threads "
	    "(%.0f ballots/s)\n", (unsigned long long)a->ballots,
	    a->verify_secs, a->threads, a->verify_secs > 0 ?
	    (double)a->ballots / a->verify_secs : 0.0);
	return outbuf_finish(&w);
}

/* The counts check's lines; 0 if they match, 1 if not. */
static int
report_counts(FILE *out, struct pstore *ps, const struct audit *a,
    int fill, int *filled, char **cause)
{
	char	*why = NULL, *line, *save = NULL;
	int	 rc;

	if ((rc = audit_counts_match(ps, a, fill, filled, &why, cause)) < 0)
		return rc;
	fprintf(out, "[counts] %s  The counts kept at intake equal the "
	    "recount\n", rc == 0 ? "PASS" : "FAIL");
	if (*filled)
		fprintf(out, "      none were kept (a store from before counts "
		    "at intake): given the recount's; audit again to record\n");
	for (line = why != NULL ? strtok_r(why, "\n", &save) : NULL;
	    line != NULL; line = strtok_r(NULL, "\n", &save))
		fprintf(out, "      %s\n", line);
	free(why);
	return rc;
}

/*
 * The key a command that audits several polls unlocked once (the
 * passphrase is read once: YKIEN_PASSPHRASE is cleared after it), or
 * NULL; borrowed.
 */
static const struct keys_secret *record_key;

void
pcmd_audit_key(const struct keys_secret *sec)
{
	record_key = sec;
}

/* Sign and store a's result against digest d (asks the passphrase). */
static int
record(const char *prog, struct pstore *ps, const char *dir,
    const struct audit *a, const uint8_t d[KEYS_HASH], FILE *out)
{
	struct keys_secret	*sec = NULL;
	char			 hex[2 * KEYS_HASH + 1], *cause = NULL;
	int			 rc;

	if (record_key == NULL && pcmd_unlock(prog, dir, &sec) != CLI_OK) {
		fprintf(out, "audit not recorded: the province key is needed "
		    "to sign it\n");
		return YK_EAUTH;
	}
	rc = audit_record(ps, record_key != NULL ? record_key : sec, a, d,
	    (long long)time(NULL), &cause);
	keys_secret_free(sec);
	if (rc != 0) {
		cli_error(prog, rc, cause);
		free(cause);
		return rc;
	}
	keys_hex(d, KEYS_HASH, hex);
	fprintf(out, "audit recorded, signed by the province key, for the "
	    "store's digest %s\n", hex);
	return 0;
}

int
pcmd_audit_poll(const char *prog, struct pstore *ps, const char *dir,
    const char *id, const struct audit_opts *o, int rec, FILE *out,
    struct audit **ap, int *failed)
{
	struct audit	*a = NULL;
	uint8_t		 d0[KEYS_HASH], d1[KEYS_HASH];
	char		*cause = NULL, *text;
	int		 rc, filled = 0, counts;

	*ap = NULL;
	*failed = 1;
	/* The digest before and after: a batch stored meanwhile shows. */
	if ((rc = pstore_digest(ps, d0, &cause)) != 0 ||
	    (rc = audit_run(ps, dir, id, o, &a, &cause)) != 0)
		goto fail;
	if ((text = pcmd_audit_report(a, failed)) == NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto fail;
	}
	fputs(text, out);
	free(text);
	if ((counts = report_counts(out, ps, a, *failed == 0, &filled,
	    &cause)) < 0) {
		rc = counts;
		goto fail;
	}
	*failed += counts;
	if (*failed == 0 && rec && !filled) {
		if ((rc = pstore_digest(ps, d1, &cause)) != 0)
			goto fail;
		if (memcmp(d0, d1, KEYS_HASH) != 0)
			fprintf(out, "audit not recorded: the store changed "
			    "while it ran (a batch arrived); audit again\n");
		else
			(void)record(prog, ps, dir, a, d0, out);
	}
	*ap = a;
	return CLI_OK;
fail:
	audit_free(a);
	cli_error(prog, rc, cause);
	free(cause);
	return CLI_FAIL;
}

int
pcmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "poll", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ "progress", no_argument, NULL, 'P' },
		{ "no-record", no_argument, NULL, 'n' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char		*dir = NULL, *id = NULL;
	struct audit_opts	 o;
	struct collect		*c = NULL;
	struct audit		*a = NULL;
	char			*cause = NULL;
	int			 ch, rc, failed = 0, show = 0, rec = 1;
	struct cli_args		 args = { PROG, help, PROV_DEFDIR, NULL, 0 };

	memset(&o, 0, sizeof o);
	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'p': id = optarg; break;
		case 't':
			if (pcmd_threads(PROG, optarg, &o.threads) != 0)
				return CLI_USAGE;
			break;
		case 'P': show = 1; break;
		case 'n': rec = 0; break;
		default: return args.status;
		}
	}
	if (optind != argc)
		return cli_usage_error(PROG, "unexpected argument \"%s\"",
		    argv[optind]);
	if (id == NULL)
		return cli_usage_error(PROG, "--poll ID is required "
		    "(ykien-province poll list shows them)");
	if (show || isatty(2))
		o.progress = progress;
	dir = args.dir;
	if ((rc = collect_open(dir, NULL, &c, &cause)) != 0)
		return cli_done(PROG, rc, cause);
	rc = pcmd_audit_poll(PROG, collect_store(c), dir, id, &o, rec, stdout,
	    &a, &failed);
	collect_close(c);
	audit_free(a);
	if (rc != CLI_OK)
		return rc;
	return failed ? CLI_FAIL : CLI_OK;
}
