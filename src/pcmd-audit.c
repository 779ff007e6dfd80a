/* ykien-province audit: the eight numbered checks of one poll. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ykien/audit.h"
#include "ykien/cli.h"
#include "ykien/collect.h"
#include "ykien/outbuf.h"
#include "ykien/util.h"
#include "ykien/wire.h"
#include "pcmd.h"

#define PROG	PROV_PROG " audit"

static const char help[] =
"usage: ykien-province audit [--dir DIR] --poll ID [--threads N] [--progress]\n"
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
"  --threads N   check signatures on N threads (default: every core)\n"
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

int
pcmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "poll", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ "progress", no_argument, NULL, 'P' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char		*dir = NULL, *id = NULL;
	struct audit_opts	 o;
	struct collect		*c = NULL;
	struct audit		*a = NULL;
	char			*cause = NULL, *text;
	int			 ch, rc, failed = 0, show = 0;
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
	if ((rc = collect_open(dir, NULL, &c, &cause)) != 0 ||
	    (rc = audit_run(collect_store(c), dir, id, &o, &a, &cause)) != 0) {
		collect_close(c);
		return cli_done(PROG, rc, cause);
	}
	collect_close(c);
	if ((text = pcmd_audit_report(a, &failed)) == NULL) {
		audit_free(a);
		return cli_error(PROG, YK_ENOMEM, NULL);
	}
	fputs(text, stdout);
	free(text);
	audit_free(a);
	return failed ? CLI_FAIL : CLI_OK;
}
