/*
 * pstore-copy: copy every row of one province store into another, empty
 * one, whatever their backends (migrate-store: a province moving from
 * SQLite to PostgreSQL).  Values go across as they read, through the
 * driver (src/db.h), so that the digest over the copy equals the digest
 * over the original; the caller compares them.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/pstore.h"
#include "ykien/util.h"
#include "db.h"

/*
 * Every table of the schema: how to count it, read it in key order and
 * write a row of it (whole statements, as everywhere in the store: no
 * SQL is put together at run time).  A table a migration adds must be
 * added here, or migrate-store leaves it behind: its test compares every
 * table's row count.
 */
static const struct table {
	const char	*name, *count, *select, *insert;
} tables[] = {
	{ "meta", "SELECT count(*) FROM meta",
	    "SELECT key, value FROM meta ORDER BY key",
	    "INSERT INTO meta(key, value) VALUES (?, ?)" },
	{ "kiosks", "SELECT count(*) FROM kiosks",
	    "SELECT keynum, pk, commune, village, revoked FROM kiosks "
	    "ORDER BY keynum",
	    "INSERT INTO kiosks(keynum, pk, commune, village, revoked) "
	    "VALUES (?, ?, ?, ?, ?)" },
	{ "polls", "SELECT count(*) FROM polls",
	    "SELECT id, hash, commune, raw, sig FROM polls ORDER BY id",
	    "INSERT INTO polls(id, hash, commune, raw, sig) "
	    "VALUES (?, ?, ?, ?, ?)" },
	{ "batches", "SELECT count(*) FROM batches",
	    "SELECT id, hash, kiosk, poll, n, blob, ack FROM batches "
	    "ORDER BY poll, kiosk, id",
	    "INSERT INTO batches(id, hash, kiosk, poll, n, blob, ack) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)" },
	{ "ballots", "SELECT count(*) FROM ballots",
	    "SELECT id, poll, kiosk, batch, blob FROM ballots "
	    "ORDER BY poll, kiosk, batch, id",
	    "INSERT INTO ballots(id, poll, kiosk, batch, blob) "
	    "VALUES (?, ?, ?, ?, ?)" },
	{ "closings", "SELECT count(*) FROM closings",
	    "SELECT kiosk, poll, record, sheet, sheet_sig FROM closings "
	    "ORDER BY kiosk, poll",
	    "INSERT INTO closings(kiosk, poll, record, sheet, sheet_sig) "
	    "VALUES (?, ?, ?, ?, ?)" },
	{ "eventlogs", "SELECT count(*) FROM eventlogs",
	    "SELECT kiosk, log, n FROM eventlogs ORDER BY kiosk",
	    "INSERT INTO eventlogs(kiosk, log, n) VALUES (?, ?, ?)" },
	{ "batch_times", "SELECT count(*) FROM batch_times",
	    "SELECT poll, kiosk, batch, accepted FROM batch_times "
	    "ORDER BY poll, kiosk, batch",
	    "INSERT INTO batch_times(poll, kiosk, batch, accepted) "
	    "VALUES (?, ?, ?, ?)" },
	{ "counts", "SELECT count(*) FROM counts",
	    "SELECT poll, kiosk, q, opt, n FROM counts "
	    "ORDER BY poll, kiosk, q, opt",
	    "INSERT INTO counts(poll, kiosk, q, opt, n) "
	    "VALUES (?, ?, ?, ?, ?)" },
	{ "audits", "SELECT count(*) FROM audits",
	    "SELECT poll, made, digest, result, sig FROM audits "
	    "ORDER BY poll, made",
	    "INSERT INTO audits(poll, made, digest, result, sig) "
	    "VALUES (?, ?, ?, ?, ?)" },
};
#define N_TABLES	(sizeof tables / sizeof tables[0])

/* One table, in key order; inside the destination's transaction. */
static int
copy_table(struct db *from, struct db *to, const struct table *t,
    long long *rows, char **cause)
{
	struct db_stmt	*src = NULL, *dst = NULL;
	const void	*p;
	size_t		 len;
	int		 rc, c, n;

	if ((rc = db_prepare_stream(from, t->select, &src, cause)) != 0)
		return rc;
	if ((rc = db_prepare(to, t->insert, &dst, cause)) != 0) {
		db_finalize(src);
		return rc;
	}
	while ((rc = db_step(src, cause)) == DB_ROW) {
		n = db_col_count(src);
		db_reset(dst);
		for (c = 0; c < n; c++) {
			switch (db_col_type(src, c)) {
			case DB_NULL:
				break;	/* unbound is NULL */
			case DB_INT:
				db_bind_int(dst, c + 1, db_col_int(src, c));
				break;
			case DB_TEXT:
				db_bind_text(dst, c + 1, db_col_text(src, c));
				break;
			default:
				p = db_col_blob(src, c, &len);
				db_bind_blob(dst, c + 1, p, len);
				break;
			}
		}
		if ((rc = db_step(dst, cause)) < 0)
			break;
		(*rows)++;
	}
	db_finalize(dst);
	db_finalize(src);
	if (rc < 0)
		return util_wrap(cause, rc, "table %s: ", t->name);
	return 0;
}

/*
 * Every table but skip (NULL: none), from one snapshot of src into one
 * transaction on dst: all of it or, on any error (a row dst holds
 * already), nothing.
 */
static int
copy_all(struct db *src, struct db *dst, const char *skip, long long *n,
    char **cause)
{
	size_t	i;
	int	rc;

	if ((rc = db_begin(src, DB_READ, cause)) != 0)
		return rc;
	if ((rc = db_begin(dst, DB_WRITE, cause)) != 0) {
		db_rollback(src);
		return rc;
	}
	for (i = 0; i < N_TABLES && rc == 0; i++)
		if (skip == NULL || strcmp(tables[i].name, skip) != 0)
			rc = copy_table(src, dst, &tables[i], n, cause);
	if (rc == 0)
		rc = db_commit(dst, cause);
	db_rollback(dst);
	db_rollback(src);
	return rc;
}

int
pstore_copy(struct pstore *from, struct pstore *to, long long *rows,
    char **cause)
{
	struct db	*src = pstore_db(from), *dst = pstore_db(to);
	long long	 n = 0, held;
	size_t		 i;
	int		 rc;

	*rows = 0;
	for (i = 0; i < N_TABLES; i++) {
		if ((rc = db_run(dst, tables[i].count, NULL, &held,
		    cause)) != 0)
			return rc;
		if (held != 0)
			return util_fail(cause, YK_EEXIST, "the destination "
			    "store already holds %lld rows in %s; copy into "
			    "an empty one", held, tables[i].name);
	}
	rc = copy_all(src, dst, NULL, &n, cause);
	*rows = n;
	return rc;
}

int
pstore_merge(struct pstore *from, struct pstore *to, long long *rows,
    char **cause)
{
	*rows = 0;
	return copy_all(pstore_db(from), pstore_db(to), "audits", rows,
	    cause);
}

int
pstore_counts(struct pstore *ps, int (*fn)(void *, const char *table,
    long long rows), void *arg, char **cause)
{
	long long	n;
	size_t		i;
	int		rc;

	for (i = 0; i < N_TABLES; i++)
		if ((rc = db_run(pstore_db(ps), tables[i].count, NULL, &n,
		    cause)) != 0 || (rc = fn(arg, tables[i].name, n)) != 0)
			return rc;
	return 0;
}
