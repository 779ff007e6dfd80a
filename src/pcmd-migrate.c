/*
 * ykien-province migrate-store: move a province's store to another
 * database (SQLite to PostgreSQL, typically), proving by the digest that
 * every row arrived unchanged.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/cli.h"
#include "ykien/pstore.h"
#include "ykien/util.h"
#include "pcmd.h"

#define PROG	PROV_PROG " migrate-store"

static const char help[] =
"usage: ykien-province migrate-store [--dir DIR] --to URL [--switch]\n"
"\n"
"Copy every row of the province's store (the one DIR uses: --db, else\n"
"$YKIEN_DB, else DIR/db.url, else DIR/province.db) into the empty store\n"
"at URL, e.g. postgresql://ykien@db1/sonla, in one transaction.  Then\n"
"compare the digest of both stores (the one 'status --digest' prints)\n"
"and the row count of every table: the copy is good only if they are\n"
"equal.  Stop the collectors first: a batch stored during the copy would\n"
"be missing from it (the digests would then differ).\n"
"\n"
"--to URL   the destination: postgresql://USER@HOST/DBNAME or\n"
"           sqlite:PATH; it must hold no rows yet\n"
"--switch   after a good copy, write URL to DIR/db.url (mode 0600), so\n"
"           that every later command on DIR uses the new store; the old\n"
"           one is left as it was, as a backup\n";

struct counts {
	const char	*names[32];
	long long	 n[32];
	int		 k;
};

static int
count_cb(void *arg, const char *table, long long rows)
{
	struct counts	*c = arg;

	if (c->k < 32) {
		c->names[c->k] = table;
		c->n[c->k++] = rows;
	}
	return 0;
}

/* Digest and counts of a store: 0, or a YK_E* code with *cause. */
static int
survey(struct pstore *ps, uint8_t d[KEYS_HASH], struct counts *c,
    char **cause)
{
	int	rc;

	memset(c, 0, sizeof *c);
	if ((rc = pstore_digest(ps, d, cause)) != 0)
		return rc;
	return pstore_counts(ps, count_cb, c, cause);
}

static int
migrate(const char *dir, const char *to, int sw, char **cause)
{
	struct pstore	*from = NULL, *dst = NULL;
	struct counts	 ca, cb;
	uint8_t		 da[KEYS_HASH], db[KEYS_HASH];
	char		 ha[2 * KEYS_HASH + 1], hb[2 * KEYS_HASH + 1];
	char		*url = NULL, *p = NULL, *line = NULL;
	long long	 rows;
	int		 rc, i;

	if ((rc = pstore_locate(dir, &url, cause)) != 0)
		goto out;
	if (strcmp(url, to) == 0) {
		rc = util_fail(cause, YK_EINVAL, "the store is already %s",
		    to);
		goto out;
	}
	if ((rc = pstore_open(url, &from, cause)) != 0 ||
	    (rc = pstore_open(to, &dst, cause)) != 0 ||
	    (rc = pstore_copy(from, dst, &rows, cause)) != 0 ||
	    (rc = survey(from, da, &ca, cause)) != 0 ||
	    (rc = survey(dst, db, &cb, cause)) != 0)
		goto out;
	keys_hex(da, KEYS_HASH, ha);
	keys_hex(db, KEYS_HASH, hb);
	printf("copied %lld rows from %s (%s) to %s (%s)\n", rows,
	    pstore_backend(from), url, pstore_backend(dst), to);
	for (i = 0; i < ca.k; i++)
		printf("  %-10s %10lld %10lld%s\n", ca.names[i], ca.n[i],
		    cb.n[i], ca.n[i] == cb.n[i] ? "" : "  DIFFERENT");
	printf("digest before %s\ndigest after  %s\n", ha, hb);
	if (memcmp(da, db, KEYS_HASH) != 0 || ca.k != cb.k ||
	    memcmp(ca.n, cb.n, sizeof ca.n) != 0) {
		rc = util_fail(cause, YK_EINVAL, "the copy differs from the "
		    "original (was a collector still running?); %s is left "
		    "as it was: empty %s and run migrate-store again", url, to);
		goto out;
	}
	printf("the copy is identical\n");
	if (!sw)
		goto out;
	if ((p = util_path(dir, "db.url")) == NULL ||
	    (line = util_printf("%s\n", to)) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = util_write_atomic(p, line, strlen(line), 0600, cause)) == 0)
		printf("%s now uses %s (%s)\n", dir, to, p);
out:
	pstore_close(from);
	pstore_close(dst);
	free(line);
	free(p);
	free(url);
	return rc;
}

int
pcmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "to", required_argument, NULL, 't' },
		{ "switch", no_argument, NULL, 's' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char	*to = NULL;
	char		*cause = NULL;
	int		 ch, rc, sw = 0;
	struct cli_args	 args = { PROG, help, PROV_DEFDIR, NULL, 0 };

	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 't': to = optarg; break;
		case 's': sw = 1; break;
		default: return args.status;
		}
	}
	if (optind != argc)
		return cli_usage_error(PROG, "unexpected argument \"%s\"",
		    argv[optind]);
	if (to == NULL)
		return cli_usage_error(PROG, "--to URL is required (e.g. "
		    "postgresql://ykien@localhost/sonla)");
	if ((rc = migrate(args.dir, to, sw, &cause)) != 0)
		return cli_done(PROG, rc, cause);
	return CLI_OK;
}
