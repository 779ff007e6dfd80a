/*
 * store-copy: copy every row of one province store into another, empty
 * one, whatever their backends (migrate-store: a province moving from
 * SQLite to PostgreSQL).  Values go across as they read, through the
 * driver (src/db.h), so that the digest over the copy equals the digest
 * over the original; the caller compares them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/pstore.h"
#include "ykien/util.h"
#include "db.h"

/*
 * Every table of the schema, with its key for a stable order.  A table a
 * migration adds must be added here, or migrate-store leaves it behind:
 * the test compares every table's row count.
 */
static const char *const tables[][2] = {
	{ "meta", "key" },
	{ "kiosks", "keynum" },
	{ "polls", "id" },
	{ "batches", "id" },
	{ "ballots", "id" },
	{ "closings", "kiosk, poll" },
	{ "eventlogs", "kiosk" },
	{ "counts", "poll, kiosk, q, opt" },
	{ "audits", "poll, made" },
};
#define N_TABLES	(sizeof tables / sizeof tables[0])

/* One table, in key order; inside the destination's transaction. */
static int
copy_table(struct db *from, struct db *to, const char *name,
    const char *key, long long *rows, char **cause)
{
	struct db_stmt	*src = NULL, *dst = NULL;
	const void	*p;
	char		 sql[256], *o;
	size_t		 len;
	int		 rc, c, n;

	snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY %s", name, key);
	if ((rc = db_prepare_stream(from, sql, &src, cause)) != 0)
		return rc;
	while ((rc = db_step(src, cause)) == DB_ROW) {
		n = db_col_count(src);
		if (dst == NULL) {
			o = sql + snprintf(sql, sizeof sql, "INSERT INTO %s "
			    "VALUES (", name);
			for (c = 0; c < n && o < sql + sizeof sql - 4; c++)
				o += sprintf(o, c > 0 ? ", ?" : "?");
			strcpy(o, ")");
			if ((rc = db_prepare(to, sql, &dst, cause)) != 0)
				break;
		}
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
		return util_wrap(cause, rc, "table %s: ", name);
	return 0;
}

int
pstore_copy(struct pstore *from, struct pstore *to, long long *rows,
    char **cause)
{
	struct db	*src = pstore_db(from), *dst = pstore_db(to);
	long long	 n = 0, held;
	size_t		 i;
	char		 sql[128];
	int		 rc;

	*rows = 0;
	for (i = 0; i < N_TABLES; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s",
		    tables[i][0]);
		if ((rc = db_run(dst, sql, NULL, &held, cause)) != 0)
			return rc;
		if (held != 0)
			return util_fail(cause, YK_EEXIST, "the destination "
			    "store already holds %lld rows in %s; copy into "
			    "an empty one", held, tables[i][0]);
	}
	/* One snapshot of the source, one transaction on the destination. */
	if ((rc = db_begin(src, DB_READ, cause)) != 0)
		return rc;
	if ((rc = db_begin(dst, DB_WRITE, cause)) != 0) {
		db_rollback(src);
		return rc;
	}
	for (i = 0; i < N_TABLES && rc == 0; i++)
		rc = copy_table(src, dst, tables[i][0], tables[i][1], &n,
		    cause);
	if (rc == 0)
		rc = db_commit(dst, cause);
	db_rollback(dst);
	db_rollback(src);
	*rows = n;
	return rc;
}

int
pstore_counts(struct pstore *ps, int (*fn)(void *, const char *table,
    long long rows), void *arg, char **cause)
{
	char		sql[128];
	long long	n;
	size_t		i;
	int		rc;

	for (i = 0; i < N_TABLES; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s",
		    tables[i][0]);
		if ((rc = db_run(pstore_db(ps), sql, NULL, &n, cause)) != 0 ||
		    (rc = fn(arg, tables[i][0], n)) != 0)
			return rc;
	}
	return 0;
}
