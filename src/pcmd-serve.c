/* ykien-province serve: the HTTP collector. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/batch.h"
#include "ykien/cli.h"
#include "ykien/collect.h"
#include "ykien/server.h"
#include "ykien/util.h"
#include "pcmd.h"

#define PROG	PROV_PROG " serve"

static const char help[] =
"usage: ykien-province serve [--dir DIR] [--listen HOST:PORT] [--threads N]\n"
"           [--max-body BYTES] [--max-conn N] [--max-per-ip N]\n"
"           [--timeout SECONDS] [--deadline SECONDS]\n"
"           [--tls-cert FILE --tls-key FILE]\n"
"\n"
"Run the collector: kiosks POST signed batches to /v1/batches; GET\n"
"/v1/health answers 200.  Every batch is checked (registered, unrevoked\n"
"kiosk; known poll assigned to its commune; batch and ballot signatures;\n"
"answers inside the poll; no ballot twice) and stored whole, and the\n"
"reply carries the acknowledgement signed with the province key.\n"
"\n"
"  --listen HOST:PORT  numeric address (default 127.0.0.1:8080); port 0\n"
"                      picks a free port.  The bound address is printed\n"
"                      on stdout as 'listening on HOST:PORT'.\n"
"  --threads N         threads that check the ballots' signatures, shared\n"
"                      by every connection, batches first come first\n"
"                      served (1..16; default: one per core).  Each\n"
"                      connection has a thread of its own (at most\n"
"                      --max-conn).\n"
"  --max-body BYTES    largest accepted body (default 2097152)\n"
"  --max-conn N        most simultaneous connections (default 128)\n"
"  --max-per-ip N      most simultaneous connections from one address\n"
"                      (default 8; 0 = no limit, for a collector behind a\n"
"                      proxy, where every connection comes from the proxy:\n"
"                      limit there, see docs/OPERATIONS.md)\n"
"  --timeout SECONDS   idle time before a connection is dropped (30)\n"
"  --deadline SECONDS  whole time a request may take to arrive (120; 0 =\n"
"                      none): a body trickled a byte at a time is cut\n"
"                      off with 408\n"
"  --tls-cert/--tls-key  serve HTTPS from these PEM files\n"
"\n"
"The province key is unlocked once at start: its passphrase is asked on\n"
"the terminal or read from YKIEN_PASSPHRASE.  One line per request goes\n"
"to stderr; SIGINT or SIGTERM stops the collector cleanly.\n"
"\n"
"GET /polls/ID/ serves DIR/publish/ID/ (written by ykien-province\n"
"publish) read-only: plain file names only, nothing outside it.\n";

static void
log_line(void *arg, const char *line)
{
	fprintf(stderr, "%s: %s\n", PROG, line);
}

static int
number(const char *s, unsigned long long max, unsigned long long *out)
{
	char	*end;

	if (*s < '0' || *s > '9')
		return -1;
	*out = strtoull(s, &end, 10);
	return *end != '\0' || *out > max ? -1 : 0;
}

/* --threads, --max-body, --max-conn, --timeout, --max-per-ip or
 * --deadline (ch) into o. */
static int
set_limit(struct server_opts *o, int ch, const char *arg)
{
	unsigned long long	v;

	switch (ch) {
	case 't':
		if (number(arg, 16, &v) != 0 || v == 0)
			return cli_usage_error(PROG, "--threads: 1..16");
		o->threads = (unsigned)v;
		break;
	case 'b':
		if (number(arg, 1ull << 30, &v) != 0 || v < 1024)
			return cli_usage_error(PROG, "--max-body: "
			    "1024..1073741824 bytes");
		o->max_body = (size_t)v;
		break;
	case 'c':
		if (number(arg, 100000, &v) != 0 || v == 0)
			return cli_usage_error(PROG, "--max-conn: 1..100000");
		o->max_conn = (unsigned)v;
		break;
	case 'p':
		if (number(arg, 100000, &v) != 0)
			return cli_usage_error(PROG, "--max-per-ip: 0..100000");
		o->max_per_ip = (unsigned)v;
		break;
	case 'D':
		if (number(arg, 86400, &v) != 0)
			return cli_usage_error(PROG, "--deadline: 0..86400 "
			    "seconds");
		o->deadline = (unsigned)v;
		break;
	default:
		if (number(arg, 3600, &v) != 0 || v == 0)
			return cli_usage_error(PROG, "--timeout: 1..3600 "
			    "seconds");
		o->timeout = (unsigned)v;
		break;
	}
	return CLI_OK;
}

/*
 * Block the stop signals before any thread starts, so that only the main
 * thread's sigwait sees them; ignore SIGPIPE from clients that go away.
 */
static int
block_signals(sigset_t *set, char **cause)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	if (pthread_sigmask(SIG_BLOCK, set, NULL) != 0 ||
	    signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		return util_fail(cause, YK_EIO, "cannot set up signals");
	return 0;
}

int
pcmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "max-body", required_argument, NULL, 'b' },
		{ "max-conn", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "max-per-ip", required_argument, NULL, 'p' },
		{ "deadline", required_argument, NULL, 'D' },
		{ "tls-cert", required_argument, NULL, 'C' },
		{ "tls-key", required_argument, NULL, 'K' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	struct server_opts	 o = { "127.0.0.1:8080", 0, 2u << 20, 128, 30,
	    NULL, NULL, log_line, NULL, NULL, 8, 120 };
	const char		*dir = NULL;
	struct keys_secret	*sec = NULL;
	struct collect		*c = NULL;
	struct server		*s = NULL;
	unsigned		 port;
	sigset_t		 set;
	char			*cause = NULL, *host, *colon, *pub = NULL;
	int			 ch, rc, sig;
	struct cli_args		 args = { PROG, help, PROV_DEFDIR, NULL, 0 };

	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 'l': o.listen = optarg; break;
		case 'C': o.tls_cert = optarg; break;
		case 'K': o.tls_key = optarg; break;
		default:
			if (strchr("tbcTpD", ch) == NULL)
				return args.status;
			if ((rc = set_limit(&o, ch, optarg)) != CLI_OK)
				return rc;
			break;
		}
	}
	if (optind != argc)
		return cli_usage_error(PROG, "unexpected argument \"%s\"",
		    argv[optind]);
	dir = args.dir;
	if ((rc = pcmd_unlock(PROG, dir, &sec)) != CLI_OK)
		return rc;
	if ((rc = block_signals(&set, &cause)) != 0)
		goto out;
	/* Published polls (ykien-province publish --out DIR/publish/ID). */
	if ((pub = util_path(dir, "publish")) == NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	o.public_dir = pub;
	if ((rc = collect_open(dir, sec, &c, &cause)) != 0 ||
	    (rc = server_start(c, &o, &s, &port, &cause)) != 0)
		goto out;
	if ((host = util_strdup(o.listen)) != NULL &&
	    (colon = strrchr(host, ':')) != NULL)
		*colon = '\0';
	printf("listening on %s:%u\n", host != NULL ? host : "?", port);
	free(host);
	if (fflush(stdout) != 0) {
		rc = util_fail(&cause, YK_EIO, "cannot write to stdout");
		goto out;
	}
	do {
		if (sigwait(&set, &sig) != 0)
			break;
	} while (sig == SIGHUP);
	log_line(NULL, "stopping");
out:
	server_stop(s);
	collect_close(c);
	free(pub);
	keys_secret_free(sec);
	return cli_done(PROG, rc, cause);
}
