/*
 * pstore-audit: closing records and event logs in the province database
 * (contract in include/ykien/pstore-audit.h).  Tables from migration 2 in
 * pstore.c; portable SQL through src/db.h.  Every value is bound,
 * never formatted into SQL.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/pstore.h"
#include "ykien/pstore-audit.h"
#include "ykien/util.h"
#include "db.h"

/* A malloc'd copy of column c (NULL, *len 0 when the column is NULL). */
static int
column_copy(struct db_stmt *st, int c, uint8_t **out, size_t *len)
{
	const void	*p;
	size_t		 n;

	*out = NULL;
	*len = 0;
	if (db_col_type(st, c) == DB_NULL)
		return 0;
	p = db_col_blob(st, c, &n);
	if ((*out = malloc(n + 1)) == NULL)
		return YK_ENOMEM;
	if (n > 0)
		memcpy(*out, p, n);
	(*out)[n] = '\0';
	*len = n;
	return 0;
}

/* The record already held for (kiosk, poll): *found, *same, *has_sheet. */
static int
closing_find(struct db *db, const uint8_t kiosk[KEYS_NUM], const char *poll,
    const uint8_t *rec, size_t len, int found[3], char **cause)
{
	struct db_stmt	*st;
	const void	*p;
	size_t		 n;
	int		 rc;

	memset(found, 0, 3 * sizeof *found);
	if ((rc = db_prepare(db, "SELECT record, sheet IS NOT NULL FROM "
	    "closings WHERE kiosk = ? AND poll = ?", &st, cause)) != 0)
		return rc;
	db_bind_blob(st, 1, kiosk, KEYS_NUM);
	db_bind_text(st, 2, poll);
	if ((rc = db_step(st, cause)) == DB_ROW) {
		found[0] = 1;
		p = db_col_blob(st, 0, &n);
		found[1] = n == len && (len == 0 || memcmp(p, rec, len) == 0);
		found[2] = db_col_int(st, 1) != 0;
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

int
pstore_closing_put(struct pstore *ps, const uint8_t kiosk[KEYS_NUM],
    const char *poll, const uint8_t *rec, size_t len, const uint8_t *sheet,
    size_t slen, const char *sheet_sig, char **cause)
{
	struct db	*db = pstore_db(ps);
	struct db_stmt	*st;
	int		 rc, f[3];

	if ((rc = db_begin(db, DB_WRITE, cause)) != 0)
		return rc;
	if ((rc = closing_find(db, kiosk, poll, rec, len, f, cause)) != 0)
		goto fail;
	if (f[0] && !f[1]) {
		rc = util_fail(cause, YK_ECONFLICT, "a different closing "
		    "record of poll \"%s\" from this kiosk is already held "
		    "(a kiosk closes a poll once: investigate)", poll);
		goto fail;
	}
	if (f[0] && (f[2] || sheet == NULL)) {
		db_rollback(db);
		return YK_EDUP;
	}
	rc = db_prepare(db, f[0] ? "UPDATE closings SET sheet = ?3, "
	    "sheet_sig = ?4 WHERE kiosk = ?1 AND poll = ?2" :
	    "INSERT INTO closings(kiosk, poll, sheet, sheet_sig, record) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)", &st, cause);
	if (rc != 0)
		goto fail;
	db_bind_blob(st, 1, kiosk, KEYS_NUM);
	db_bind_text(st, 2, poll);
	if (sheet != NULL) {
		db_bind_blob(st, 3, sheet, slen);
		db_bind_text(st, 4, sheet_sig);
	}
	if (!f[0])
		db_bind_blob(st, 5, rec, len);
	rc = db_step(st, cause);
	db_finalize(st);
	if (rc == DB_ROW)
		rc = YK_EIO;
	if (rc == YK_EDUP)	/* another collector stored it meanwhile */
		rc = util_fail(cause, YK_ELOCKED, "the closing record was "
		    "stored meanwhile; send it again");
	if (rc != 0 || (rc = db_commit(db, cause)) != 0)
		goto fail;
	return f[0] ? YK_EDUP : 0;
fail:
	db_rollback(db);
	return rc;
}

int
pstore_closing_each(struct pstore *ps, const char *poll,
    int (*fn)(void *, const struct pstore_closing *), void *arg,
    char **cause)
{
	struct db		*db = pstore_db(ps);
	struct pstore_closing	 c;
	struct db_stmt		*st;
	size_t			 n;
	int			 rc, r = 0;

	if ((rc = db_prepare(db, "SELECT kiosk, record, sheet, sheet_sig "
	    "FROM closings WHERE poll = ? ORDER BY kiosk", &st, cause)) != 0)
		return rc;
	db_bind_text(st, 1, poll);
	while (r == 0 && (rc = db_step(st, cause)) == DB_ROW) {
		memset(&c, 0, sizeof c);
		c.kiosk = db_col_blob(st, 0, &n);
		if (n != KEYS_NUM || c.kiosk == NULL)
			continue;	/* the audit finds it by the record */
		c.rec = db_col_blob(st, 1, &c.len);
		if (db_col_type(st, 2) != DB_NULL) {
			c.sheet = db_col_blob(st, 2, &c.slen);
			c.sheet_sig = db_col_type(st, 3) != DB_NULL ?
			    db_col_text(st, 3) : NULL;
		}
		r = fn(arg, &c);
	}
	db_finalize(st);
	if (r != 0)
		return r;
	return rc < 0 ? rc : 0;
}

int
pstore_evlog_put(struct pstore *ps, const uint8_t kiosk[KEYS_NUM],
    const uint8_t *log, size_t len, uint64_t n, int *replaced, char **cause)
{
	struct db_stmt	*st;
	int		 rc;

	if (replaced != NULL)
		*replaced = 0;
	/* One statement: a shorter (older) export never replaces a longer. */
	if ((rc = db_prepare(pstore_db(ps), "INSERT INTO eventlogs(kiosk, "
	    "log, n) VALUES (?1, ?2, ?3) ON CONFLICT(kiosk) DO UPDATE SET "
	    "log = excluded.log, n = excluded.n "
	    "WHERE excluded.n > eventlogs.n", &st, cause)) != 0)
		return rc;
	db_bind_blob(st, 1, kiosk, KEYS_NUM);
	db_bind_blob(st, 2, log, len);
	db_bind_int(st, 3, (long long)n);
	if ((rc = db_step(st, cause)) == DB_ROW)
		rc = YK_EIO;
	if (rc == 0 && replaced != NULL)
		*replaced = db_changes(st) > 0;
	db_finalize(st);
	return rc;
}

/*
 * Step a prepared, bound one-row lookup and copy its one column (a NULL
 * counts as absent); the statement is finalized whatever happens.
 */
static int
one_value(struct db_stmt *st, uint8_t **out, size_t *len, char **cause)
{
	int	rc;

	rc = db_step(st, cause);
	if (rc == DB_ROW)
		rc = column_copy(st, 0, out, len) != 0 ? YK_ENOMEM :
		    *out == NULL ? YK_ENOENT : 0;
	else if (rc == DB_DONE)
		rc = YK_ENOENT;
	db_finalize(st);
	if (rc == YK_ENOMEM)
		return util_fail(cause, rc, "out of memory");
	return rc;
}

int
pstore_evlog_get(struct pstore *ps, const uint8_t kiosk[KEYS_NUM],
    uint8_t **log, size_t *len, char **cause)
{
	struct db_stmt	*st;
	int		 rc;

	if ((rc = db_prepare(pstore_db(ps), "SELECT log FROM eventlogs WHERE "
	    "kiosk = ?", &st, cause)) != 0)
		return rc;
	db_bind_blob(st, 1, kiosk, KEYS_NUM);
	return one_value(st, log, len, cause);
}

int
pstore_poll_sig(struct pstore *ps, const char *id, char **sig, char **cause)
{
	struct db_stmt	*st;
	size_t		 len;
	int		 rc;

	if ((rc = db_prepare(pstore_db(ps), "SELECT sig FROM polls WHERE "
	    "id = ?", &st, cause)) != 0)
		return rc;
	db_bind_text(st, 1, id);
	return one_value(st, (uint8_t **)sig, &len, cause);
}

int
pstore_ballot_count(struct pstore *ps, const char *poll, uint64_t *n,
    char **cause)
{
	long long	v;
	int		rc;

	rc = db_run(pstore_db(ps), "SELECT count(*) FROM ballots WHERE "
	    "poll = ?", poll, &v, cause);
	*n = rc == 0 ? (uint64_t)v : 0;
	return rc;
}

static char *
evhead_key(const uint8_t kiosk[KEYS_NUM])
{
	char	hex[2 * KEYS_NUM + 1];

	keys_hex(kiosk, KEYS_NUM, hex);
	return util_printf("event-head:%s", hex);
}

int
pstore_evhead_get(struct pstore *ps, const uint8_t kiosk[KEYS_NUM],
    uint8_t **head, size_t *len, char **cause)
{
	struct db_stmt	*st;
	const char	*v;
	char		*key;
	int		 rc;

	if ((key = evhead_key(kiosk)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((rc = db_prepare(pstore_db(ps), "SELECT value FROM meta WHERE "
	    "key = ?", &st, cause)) != 0) {
		free(key);
		return rc;
	}
	db_bind_text(st, 1, key);
	if ((rc = db_step(st, cause)) == DB_ROW) {
		v = db_col_text(st, 0);
		*len = strlen(v) / 2;
		if ((*head = malloc(*len ? *len : 1)) == NULL)
			rc = util_fail(cause, YK_ENOMEM, "out of memory");
		else if (keys_unhex(v, *head, *len) != 0) {
			free(*head);
			rc = util_fail(cause, YK_EINVAL, "meta %s: not hex",
			    key);
		} else
			rc = 0;
	} else if (rc == DB_DONE)
		rc = YK_ENOENT;
	db_finalize(st);
	free(key);
	return rc;
}

/* The seq inside a head: after str(domain) and the key number. */
static uint64_t
evhead_seq(const uint8_t *h, size_t len)
{
	uint64_t	v = 0;
	size_t		i, at = 4 + 19 + KEYS_NUM;

	for (i = 0; i < 8 && at + i < len; i++)
		v = v << 8 | h[at + i];
	return v;
}

int
pstore_evhead_put(struct pstore *ps, const uint8_t kiosk[KEYS_NUM],
    const uint8_t *head, size_t len, uint64_t seq, char **cause)
{
	struct db_stmt	*st;
	uint8_t		*old = NULL;
	size_t		 olen;
	char		*key, *hex;
	int		 rc;

	rc = pstore_evhead_get(ps, kiosk, &old, &olen, cause);
	if (rc == 0 && evhead_seq(old, olen) >= seq) {
		free(old);
		return 0;
	}
	free(old);
	if (rc != 0 && rc != YK_ENOENT)
		return rc;
	key = evhead_key(kiosk);
	hex = malloc(2 * len + 1);
	if (key == NULL || hex == NULL) {
		free(key);
		free(hex);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	keys_hex(head, len, hex);
	if ((rc = db_prepare(pstore_db(ps), "INSERT INTO meta(key, value) "
	    "VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
	    "excluded.value", &st, cause)) == 0) {
		db_bind_text(st, 1, key);
		db_bind_text(st, 2, hex);
		rc = db_step(st, cause);
		db_finalize(st);
		if (rc == DB_ROW)
			rc = util_fail(cause, YK_EIO, "store event head: "
			    "unexpected row");
	}
	free(key);
	free(hex);
	return rc;
}
