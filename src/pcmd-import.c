/* ykien-province import: batches carried on a USB stick. */
#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/batch.h"
#include "ykien/cli.h"
#include "ykien/collect.h"
#include "ykien/keys.h"
#include "ykien/records.h"
#include "ykien/util.h"
#include "pcmd.h"

#define PROG	PROV_PROG " import"

static const char help[] =
"usage: ykien-province import [--dir DIR] PATH...\n"
"\n"
"Ingest batches exactly as the collector does (same checks, same store,\n"
"same acknowledgement).  PATH is a directory written by 'ykien-kiosk\n"
"export' (its MANIFEST is checked first: if any file's SHA-256 does not\n"
"match, nothing of the directory is stored) or a single batch file.\n"
"Importing the same\n"
"thing twice is harmless: a batch already held is reported and skipped.\n"
"For each batch stored or already held from an export directory, the\n"
"province's signed acknowledgement is written back into that directory\n"
"as ack-ID.bin, so that 'ykien-kiosk import-acks' can mark the batches\n"
"sent on a kiosk that has no network.\n"
"\n"
"Exit status: 0 if every batch was stored or already held, 1 if any was\n"
"refused or damaged (each is named with the reason), 2 on usage errors.\n"
"The passphrase of the province key is asked on the terminal or read\n"
"from YKIEN_PASSPHRASE (acknowledgements are signed as for an upload).\n"
"\n"
"Closing records (closing-ID.bin, with closing-ID.txt and .txt.sig) and\n"
"the kiosk's event log (events.bin, with its signed head events.head) in\n"
"an export directory are checked (registered kiosk, its signatures, the\n"
"poll, a log that reaches its head) and kept for the audit, unless a\n"
"batch of the directory was refused: then none of them is stored.\n";

struct tally {
	int	stored, held, refused;
	long long ballots;
};

/*
 * Keep a closing record or event log found in an export directory: the
 * checks are records.c's; this only says what happened, in import's
 * words.  1 if name is not a record, 0 if stored or already held, -1 if
 * refused.
 */
static int
import_record(struct pstore *ps, const char *dir, const char *name,
    const unsigned char *buf, size_t len)
{
	char	*cause = NULL;
	int	 rc;

	rc = records_import(ps, dir, name, buf, len, &cause);
	if (rc == 0)
		printf("%s/%s: stored\n", dir, name);
	else if (rc == YK_EDUP)
		printf("%s/%s: already held, skipped\n", dir, name);
	else if (rc < 0)
		fprintf(stderr, "%s import: %s/%s: refused: %s\n", PROV_PROG,
		    dir, name, cause != NULL ? cause : util_strerror(rc));
	free(cause);
	return rc == YK_EDUP ? 0 : rc < 0 ? -1 : rc;
}

/*
 * The signed acknowledgement goes back onto the stick beside the batch,
 * as ack-ID.bin for batch-ID.bin, so that a kiosk with no network can
 * mark its batches (ykien-kiosk import-acks).  Failing to write it costs
 * only that: the batch is stored, and importing again writes it.
 */
static void
write_ack(const char *dir, const char *name, const struct collect_reply *r)
{
	const char	*base = strrchr(name, '/');
	char		*an, *p, *cause = NULL;

	base = base != NULL ? base + 1 : name;
	if (dir == NULL || r->ack == NULL || strncmp(base, "batch-", 6) != 0)
		return;
	if ((an = util_printf("ack-%s", base + 6)) == NULL)
		return;
	if ((p = util_path(dir, an)) != NULL &&
	    util_write_atomic(p, r->ack, r->alen, 0644, &cause) != 0) {
		fprintf(stderr, "%s: warning: %s: the acknowledgement was not "
		    "written back (%s); import again to retry\n", PROG, p,
		    cause != NULL ? cause : "?");
		free(cause);
	}
	free(p);
	free(an);
}

static void
ingest(struct collect *c, const char *dir, const char *name,
    const uint8_t *buf, size_t len, struct tally *t)
{
	struct collect_reply	r;

	collect_batch(c, buf, len, &r);
	if (r.status == 200 || r.status == 201)
		write_ack(dir, name, &r);
	if (r.status == 201) {
		t->stored++;
		t->ballots += r.n;
		printf("%s: stored, %u ballots\n", name, r.n);
		if (r.collisions > 0)
			fprintf(stderr, "%s: %s: warning: %zu of its ids were "
			    "also sent by another kiosk (stored apart; "
			    "investigate both kiosks)\n", PROG, name,
			    r.collisions);
	} else if (r.status == 200) {
		t->held++;
		printf("%s: already held (%u ballots), skipped\n", name, r.n);
	} else {
		t->refused++;
		fprintf(stderr, "%s: %s: refused (%d %s): %s\n", PROG, name,
		    r.status, r.code, r.message != NULL ? r.message : "");
	}
	collect_reply_free(&r);
}

static void
import_file(struct collect *c, const char *path, struct tally *t)
{
	uint8_t	*buf;
	size_t	 len;
	char	*cause = NULL;
	int	 rc;

	if ((rc = util_read_file(path, BATCH_MAX, &buf, &len, &cause)) != 0) {
		t->refused++;
		cli_error(PROG, rc, cause);
		free(cause);
		return;
	}
	ingest(c, NULL, path, buf, len, t);
	free(buf);
}

/* One file of an export directory, read and checked against its line. */
struct entry {
	const char	*name;		/* in the manifest's buffer */
	char		*path;
	uint8_t		*buf;
	size_t		 len;
};

/*
 * Read every file the MANIFEST names and check its SHA-256.  Returns the
 * number of entries in *out (malloc'd), or -1 if any line or file is bad
 * (each is named on stderr), in which case nothing is kept.
 */
static int
manifest_read(const char *dir, char *man, struct entry **out)
{
	struct entry	*e = NULL;
	uint8_t		 h[KEYS_HASH], want[KEYS_HASH];
	const char	*name;
	char		*line, *save = NULL, *cause = NULL;
	int		 n = 0, bad = 0, i;

	for (line = strtok_r(man, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		void *ne;

		/* Its text is the stick's: never printed back raw. */
		if (records_manifest_line(line, want, &name) != 0) {
			fprintf(stderr, "%s: %s/MANIFEST: a malformed line or a "
			    "name that is not a plain file name\n", PROG, dir);
			bad++;
			continue;
		}
		if ((ne = realloc(e, (size_t)(n + 1) * sizeof *e)) == NULL) {
			bad++;
			break;
		}
		e = ne;
		memset(&e[n], 0, sizeof e[n]);
		e[n].name = name;
		if ((e[n].path = util_path(dir, name)) == NULL ||
		    util_read_file(e[n].path, BATCH_MAX, &e[n].buf,
		    &e[n].len, &cause) != 0) {
			cli_error(PROG, YK_EIO, cause);
			free(cause);
			cause = NULL;
			bad++;
			n++;
			continue;
		}
		keys_sha256(h, e[n].buf, e[n].len);
		if (memcmp(h, want, KEYS_HASH) != 0) {
			fprintf(stderr, "%s: %s: SHA-256 does not match the "
			    "MANIFEST (damaged stick? export again)\n", PROG,
			    e[n].path);
			bad++;
		}
		n++;
	}
	if (bad) {
		for (i = 0; i < n; i++) {
			free(e[i].path);
			free(e[i].buf);
		}
		free(e);
		return -1;
	}
	*out = e;
	return n;
}

/*
 * An export directory: every file checked against the MANIFEST first, and
 * nothing stored if one fails; then the batches; then, only if no batch
 * was refused, the closing records and the event log, so that a doctored
 * stick leaves nothing of its own in the store (its valid batches, each
 * signed whole by the kiosk, are kept).
 */
static void
import_dir(struct collect *c, const char *dir, struct tally *t)
{
	struct entry	*e = NULL;
	uint8_t		*man;
	size_t		 mlen;
	char		*mp, *cause = NULL;
	int		 rc, n, i, refused;

	if ((mp = util_path(dir, "MANIFEST")) == NULL)
		return;
	rc = util_read_file(mp, 1 << 20, &man, &mlen, &cause);
	free(mp);
	if (rc != 0) {
		t->refused++;
		cli_error(PROG, rc, cause);
		free(cause);
		fprintf(stderr, "%s: %s: not an export directory (no "
		    "MANIFEST)\n", PROG, dir);
		return;
	}
	if ((n = manifest_read(dir, (char *)man, &e)) < 0) {
		t->refused++;
		fprintf(stderr, "%s: %s: nothing imported from this directory "
		    "(export again from the kiosk)\n", PROG, dir);
		free(man);
		return;
	}
	refused = t->refused;
	for (i = 0; i < n; i++)
		if (strncmp(e[i].name, "batch-", 6) == 0)
			ingest(c, dir, e[i].path, e[i].buf, e[i].len, t);
	refused = t->refused > refused;
	if (refused)
		fprintf(stderr, "%s: %s: closing records and event log not "
		    "stored: a batch of this directory was refused\n", PROG,
		    dir);
	for (i = 0; i < n && !refused; i++)
		if (strncmp(e[i].name, "batch-", 6) != 0 &&
		    import_record(collect_store(c), dir, e[i].name, e[i].buf,
		    e[i].len) < 0)
			t->refused++;
	for (i = 0; i < n; i++) {
		free(e[i].path);
		free(e[i].buf);
	}
	free(e);
	free(man);
}

int
pcmd_import(int argc, char **argv)
{
	const char		*dir = NULL;
	struct keys_secret	*sec = NULL;
	struct collect		*c = NULL;
	struct tally		 t = { 0, 0, 0, 0 };
	struct stat		 sb;
	char			*cause = NULL;
	int			 rc, i;
	struct cli_args		 args = { PROG, help, PROV_DEFDIR, NULL, 0 };

	if (cli_getopt_dir(&args, argc, argv) != -1)
		return args.status;
	if (optind == argc)
		return cli_usage_error(PROG, "give at least one PATH");
	dir = args.dir;
	if ((rc = pcmd_unlock(PROG, dir, &sec)) != CLI_OK)
		return rc;
	if ((rc = collect_open(dir, sec, &c, &cause)) != 0) {
		keys_secret_free(sec);
		return cli_done(PROG, rc, cause);
	}
	for (i = optind; i < argc; i++) {
		if (stat(argv[i], &sb) != 0) {
			t.refused++;
			fprintf(stderr, "%s: %s: no such file or directory\n",
			    PROG, argv[i]);
		} else if (S_ISDIR(sb.st_mode))
			import_dir(c, argv[i], &t);
		else
			import_file(c, argv[i], &t);
	}
	collect_close(c);
	keys_secret_free(sec);
	printf("imported: %d batches stored (%lld ballots), %d already held, "
	    "%d refused\n", t.stored, t.ballots, t.held, t.refused);
	return t.refused > 0 ? CLI_FAIL : CLI_OK;
}
