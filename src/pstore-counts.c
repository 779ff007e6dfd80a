/*
 * pstore-counts: the answer counts kept at intake and the signed audit
 * results (contract in include/ykien/pstore.h; tables from migration 3 in
 * pstore.c).  The counts are added in the transaction that stores
 * the batch, so they are exactly the sum of the batches held; several
 * collectors add to the same row safely because the addition is one
 * INSERT ... ON CONFLICT DO UPDATE, which the database serialises per row.
 * The tally trusts them only when a signed audit result names the
 * store's digest (audit-record.c), and the digest covers them.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/pstore.h"
#include "ykien/util.h"
#include "db.h"

/* The batch's count of question q (-1: its ballots), option o. */
static uint64_t
count_of(const struct pstore_batch *b, int q, int o)
{
	return q < 0 ? b->n : b->counts[q * b->nopt + o];
}

/*
 * One statement for every count of the batch (db_rows_sql): PostgreSQL
 * runs one upsert, not one per option of every question.  The rows in
 * order, question -1 first: every writer locks rows alike.
 */
int
pstore_counts_add(struct db *db, const struct pstore_batch *b, char **cause)
{
	struct db_stmt	*st;
	char		*sql;
	int		 q, o, rows = 0, p = 0, rc;

	for (q = -1; q < b->nq; q++)
		for (o = 0; o < (q < 0 ? 1 : b->nopt); o++)
			rows += count_of(b, q, o) != 0;
	if (rows == 0)
		return 0;
	if ((sql = db_rows_sql("INSERT INTO counts(poll, kiosk, q, opt, n)", 5,
	    rows, " ON CONFLICT(poll, kiosk, q, opt) DO UPDATE SET n = "
	    "counts.n + excluded.n")) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = db_prepare(db, sql, &st, cause);
	free(sql);
	if (rc != 0)
		return rc;
	for (q = -1; q < b->nq; q++)
		for (o = 0; o < (q < 0 ? 1 : b->nopt); o++) {
			uint64_t n = count_of(b, q, o);

			if (n == 0)
				continue;
			db_bind_text(st, p + 1, b->poll_id);
			db_bind_blob(st, p + 2, b->kiosk, KEYS_NUM);
			db_bind_int(st, p + 3, q);
			db_bind_int(st, p + 4, o);
			db_bind_int(st, p + 5, (long long)n);
			p += 5;
		}
	if ((rc = db_step(st, cause)) == DB_ROW)
		rc = YK_EIO;
	db_finalize(st);
	return rc;
}

int
pstore_counts_each(struct pstore *ps, const char *poll,
    int (*fn)(void *, const uint8_t *, int, int, uint64_t), void *arg,
    char **cause)
{
	struct db_stmt	*st;
	const void	*k;
	size_t		 n;
	int		 rc, r = 0;

	if ((rc = db_prepare(pstore_db(ps), "SELECT kiosk, q, opt, n FROM "
	    "counts WHERE poll = ? ORDER BY kiosk, q, opt", &st, cause)) != 0)
		return rc;
	db_bind_text(st, 1, poll);
	while (r == 0 && (rc = db_step(st, cause)) == DB_ROW) {
		if ((k = db_col_blob(st, 0, &n)) == NULL || n != KEYS_NUM)
			continue;	/* the audit's comparison finds it */
		r = fn(arg, k, (int)db_col_int(st, 1), (int)db_col_int(st, 2),
		    (uint64_t)db_col_int(st, 3));
	}
	db_finalize(st);
	if (r != 0)
		return r;
	return rc < 0 ? rc : 0;
}

int
pstore_audit_put(struct pstore *ps, const char *poll,
    const struct pstore_audit *a, char **cause)
{
	struct db_stmt	*st;
	int		 rc;

	if ((rc = db_prepare(pstore_db(ps), "INSERT INTO audits(poll, made, "
	    "digest, result, sig) VALUES (?, ?, ?, ?, ?)", &st, cause)) != 0)
		return rc;
	db_bind_text(st, 1, poll);
	db_bind_int(st, 2, a->made);
	db_bind_blob(st, 3, a->digest, KEYS_HASH);
	db_bind_blob(st, 4, a->result, a->len);
	db_bind_text(st, 5, a->sig);
	if ((rc = db_step(st, cause)) == DB_ROW)
		rc = YK_EIO;
	db_finalize(st);
	if (rc == YK_EDUP)
		return util_fail(cause, YK_EDUP, "an audit of poll \"%s\" was "
		    "recorded in this same second", poll);
	return rc;
}

void
pstore_audit_clear(struct pstore_audit *a)
{
	free(a->result);
	free(a->sig);
	memset(a, 0, sizeof *a);
}

int
pstore_audit_last(struct pstore *ps, const char *poll,
    struct pstore_audit *a, char **cause)
{
	struct db_stmt	*st;
	const void	*p;
	size_t		 n;
	int		 rc;

	memset(a, 0, sizeof *a);
	if ((rc = db_prepare(pstore_db(ps), "SELECT made, digest, result, sig "
	    "FROM audits WHERE poll = ? ORDER BY made DESC LIMIT 1", &st,
	    cause)) != 0)
		return rc;
	db_bind_text(st, 1, poll);
	if ((rc = db_step(st, cause)) == DB_ROW) {
		a->made = db_col_int(st, 0);
		if ((p = db_col_blob(st, 1, &n)) != NULL && n == KEYS_HASH)
			memcpy(a->digest, p, KEYS_HASH);
		p = db_col_blob(st, 2, &n);
		if ((a->result = malloc(n + 1)) != NULL) {
			if (n > 0)
				memcpy(a->result, p, n);
			a->result[n] = '\0';
			a->len = n;
		}
		a->sig = util_strdup(db_col_text(st, 3));
		rc = a->result == NULL || a->sig == NULL ?
		    util_fail(cause, YK_ENOMEM, "out of memory") : 0;
	} else if (rc == DB_DONE)
		rc = YK_ENOENT;
	db_finalize(st);
	if (rc != 0)
		pstore_audit_clear(a);
	return rc;
}

int
pstore_counts_begin(struct pstore *ps, const char *poll, char **cause)
{
	struct db	*db = pstore_db(ps);
	long long	 n;
	int		 rc;

	if ((rc = db_begin(db, DB_WRITE, cause)) != 0)
		return rc;
	if ((rc = db_run(db, "SELECT count(*) FROM counts WHERE poll = ?",
	    poll, &n, cause)) == 0 && n != 0)
		rc = util_fail(cause, YK_ECONFLICT, "counts of poll \"%s\" "
		    "were stored meanwhile; audit again", poll);
	if (rc != 0)
		db_rollback(db);
	return rc;
}

int
pstore_counts_put(struct pstore *ps, const struct pstore_batch *b,
    char **cause)
{
	return pstore_counts_add(pstore_db(ps), b, cause);
}

int
pstore_counts_end(struct pstore *ps, int rc, char **cause)
{
	if (rc == 0)
		rc = db_commit(pstore_db(ps), cause);
	db_rollback(pstore_db(ps));
	return rc;
}
