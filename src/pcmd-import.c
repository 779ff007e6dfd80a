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
"export' (its MANIFEST is checked first: a file whose SHA-256 does not\n"
"match is refused as damaged) or a single batch file.  Importing the same\n"
"thing twice is harmless: a batch already held is reported and skipped.\n"
"\n"
"Exit status: 0 if every batch was stored or already held, 1 if any was\n"
"refused or damaged (each is named with the reason), 2 on usage errors.\n"
"The passphrase of the province key is asked on the terminal or read\n"
"from YKIEN_PASSPHRASE (acknowledgements are signed as for an upload).\n"
"\n"
"Closing records (closing-ID.bin, with closing-ID.txt and .txt.sig) and\n"
"the kiosk's event log (events.bin) in an export directory are checked\n"
"(registered kiosk, its signatures, the poll) and kept for the audit.\n";

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

static void
ingest(struct collect *c, const char *name, const uint8_t *buf, size_t len,
    struct tally *t)
{
	struct collect_reply	r;

	collect_batch(c, buf, len, &r);
	if (r.status == 201) {
		t->stored++;
		t->ballots += r.n;
		printf("%s: stored, %u ballots\n", name, r.n);
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
	ingest(c, path, buf, len, t);
	free(buf);
}

/* Every line "HEX64  NAME" of the manifest; batches are ingested. */
static void
import_dir(struct collect *c, const char *dir, struct tally *t)
{
	uint8_t	*man, *buf, h[KEYS_HASH], want[KEYS_HASH];
	size_t	 mlen, len;
	char	*mp, *line, *save = NULL, *name, *p, hex[65], *cause = NULL;
	int	 rc;

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
	for (line = strtok_r((char *)man, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strlen(line) < 67 || line[64] != ' ' || line[65] != ' ') {
			t->refused++;
			fprintf(stderr, "%s: %s/MANIFEST: malformed line\n",
			    PROG, dir);
			continue;
		}
		memcpy(hex, line, 64);
		hex[64] = '\0';
		name = line + 66;
		if (keys_unhex(hex, want, sizeof want) != 0 ||
		    strchr(name, '/') != NULL || name[0] == '.') {
			t->refused++;
			fprintf(stderr, "%s: %s/MANIFEST: bad entry \"%s\"\n",
			    PROG, dir, name);
			continue;
		}
		if ((p = util_path(dir, name)) == NULL)
			continue;
		rc = util_read_file(p, BATCH_MAX, &buf, &len, &cause);
		if (rc != 0) {
			t->refused++;
			cli_error(PROG, rc, cause);
			free(cause);
			cause = NULL;
			free(p);
			continue;
		}
		keys_sha256(h, buf, len);
		if (memcmp(h, want, KEYS_HASH) != 0) {
			t->refused++;
			fprintf(stderr, "%s: %s: SHA-256 does not match the "
			    "MANIFEST (damaged stick? export again)\n", PROG,
			    p);
		} else if (strncmp(name, "batch-", 6) == 0)
			ingest(c, p, buf, len, t);
		else if (import_record(collect_store(c), dir, name, buf,
		    len) < 0)
			t->refused++;
		free(buf);
		free(p);
	}
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
