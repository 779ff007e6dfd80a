/*
 * pstore-audit: closing records and event logs in the province database
 * (contract in include/ykien/pstore-audit.h).  Tables from migration 2 in
 * pstore.c.  Every value is bound, never formatted into SQL.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/pstore.h"
#include "ykien/pstore-audit.h"
#include "ykien/util.h"
#include "store-int.h"

/* A malloc'd copy of column c (NULL, *len 0 when the column is NULL). */
static int
column_copy(sqlite3_stmt *st, int c, uint8_t **out, size_t *len)
{
	int	n = sqlite3_column_bytes(st, c);

	*out = NULL;
	*len = 0;
	if (sqlite3_column_type(st, c) == SQLITE_NULL)
		return 0;
	if ((*out = malloc((size_t)n + 1)) == NULL)
		return YK_ENOMEM;
	if (n > 0)
		memcpy(*out, sqlite3_column_blob(st, c), (size_t)n);
	(*out)[n] = '\0';
	*len = (size_t)n;
	return 0;
}

int
pstore_closing_put(struct pstore *ps, const uint8_t kiosk[KEYS_NUM],
    const char *poll, const uint8_t *rec, size_t len, const uint8_t *sheet,
    size_t slen, const char *sheet_sig, char **cause)
{
	struct store	*s = pstore_store(ps);
	sqlite3_stmt	*st;
	int		 rc, found, same = 0, has_sheet = 0;

	if ((rc = store_exec(s, "BEGIN IMMEDIATE", cause)) != 0)
		return rc;
	if ((rc = store_prepare(s, "SELECT record, sheet IS NOT NULL FROM "
	    "closings WHERE kiosk = ? AND poll = ?", &st, cause)) != 0)
		goto fail;
	sqlite3_bind_blob(st, 1, kiosk, KEYS_NUM, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, poll, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if ((found = rc == SQLITE_ROW)) {
		same = (size_t)sqlite3_column_bytes(st, 0) == len &&
		    memcmp(sqlite3_column_blob(st, 0), rec, len) == 0;
		has_sheet = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = store_err(s, rc, "look up closing record", cause);
		goto fail;
	}
	if (found && !same) {
		rc = util_fail(cause, YK_ECONFLICT, "a different closing "
		    "record of poll \"%s\" from this kiosk is already held "
		    "(a kiosk closes a poll once: investigate)", poll);
		goto fail;
	}
	if (found && (has_sheet || sheet == NULL)) {
		store_rollback(s);
		return YK_EDUP;
	}
	rc = store_prepare(s, found ? "UPDATE closings SET sheet = ?3, "
	    "sheet_sig = ?4 WHERE kiosk = ?1 AND poll = ?2" :
	    "INSERT INTO closings(kiosk, poll, sheet, sheet_sig, record) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)", &st, cause);
	if (rc != 0)
		goto fail;
	sqlite3_bind_blob(st, 1, kiosk, KEYS_NUM, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, poll, -1, SQLITE_STATIC);
	if (sheet != NULL) {
		sqlite3_bind_blob(st, 3, sheet, (int)slen, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, sheet_sig, -1, SQLITE_STATIC);
	}
	if (!found)
		sqlite3_bind_blob(st, 5, rec, (int)len, SQLITE_STATIC);
	if ((rc = store_done(s, st, "store closing record", cause)) != 0)
		goto fail;
	if ((rc = store_exec(s, "COMMIT", cause)) != 0)
		goto fail;
	return found ? YK_EDUP : 0;
fail:
	store_rollback(s);
	return rc;
}

int
pstore_closing_each(struct pstore *ps, const char *poll,
    int (*fn)(void *, const struct pstore_closing *), void *arg,
    char **cause)
{
	struct store		*s = pstore_store(ps);
	struct pstore_closing	 c;
	sqlite3_stmt		*st;
	int			 rc, r = 0;

	if ((rc = store_prepare(s, "SELECT kiosk, record, sheet, sheet_sig "
	    "FROM closings WHERE poll = ? ORDER BY kiosk", &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, poll, -1, SQLITE_STATIC);
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&c, 0, sizeof c);
		c.kiosk = sqlite3_column_blob(st, 0);
		if (sqlite3_column_bytes(st, 0) != KEYS_NUM || c.kiosk == NULL)
			continue;	/* the audit finds it by the record */
		c.rec = sqlite3_column_blob(st, 1);
		c.len = (size_t)sqlite3_column_bytes(st, 1);
		if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
			c.sheet = sqlite3_column_blob(st, 2);
			c.slen = (size_t)sqlite3_column_bytes(st, 2);
			c.sheet_sig = (const char *)sqlite3_column_text(st, 3);
		}
		r = fn(arg, &c);
	}
	return store_walk_end(s, st, r, rc, "read closing records", cause);
}

int
pstore_evlog_put(struct pstore *ps, const uint8_t kiosk[KEYS_NUM],
    const uint8_t *log, size_t len, uint64_t n, int *replaced, char **cause)
{
	struct store	*s = pstore_store(ps);
	sqlite3_stmt	*st;
	int		 rc;

	if (replaced != NULL)
		*replaced = 0;
	/* One statement: a shorter (older) export never replaces a longer. */
	if ((rc = store_prepare(s, "INSERT INTO eventlogs(kiosk, log, n) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT(kiosk) DO UPDATE SET "
	    "log = excluded.log, n = excluded.n "
	    "WHERE excluded.n > eventlogs.n", &st, cause)) != 0)
		return rc;
	sqlite3_bind_blob(st, 1, kiosk, KEYS_NUM, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, log, (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)n);
	if ((rc = store_done(s, st, "store event log", cause)) != 0)
		return rc;
	if (replaced != NULL)
		*replaced = sqlite3_changes(s->db) > 0;
	return 0;
}

int
pstore_evlog_get(struct pstore *ps, const uint8_t kiosk[KEYS_NUM],
    uint8_t **log, size_t *len, char **cause)
{
	struct store	*s = pstore_store(ps);
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(s, "SELECT log FROM eventlogs WHERE kiosk = ?",
	    &st, cause)) != 0)
		return rc;
	sqlite3_bind_blob(st, 1, kiosk, KEYS_NUM, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = column_copy(st, 0, log, len) != 0 ? YK_ENOMEM : 0;
	else if (rc == SQLITE_DONE)
		rc = YK_ENOENT;
	else
		rc = store_err(s, rc, "read event log", cause);
	sqlite3_finalize(st);
	if (rc == YK_ENOMEM)
		return util_fail(cause, rc, "out of memory");
	return rc;
}

int
pstore_poll_sig(struct pstore *ps, const char *id, char **sig, char **cause)
{
	struct store	*s = pstore_store(ps);
	sqlite3_stmt	*st;
	size_t		 len;
	int		 rc;

	if ((rc = store_prepare(s, "SELECT sig FROM polls WHERE id = ?", &st,
	    cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = column_copy(st, 0, (uint8_t **)sig, &len) != 0 ?
		    YK_ENOMEM : *sig == NULL ? YK_ENOENT : 0;
	else if (rc == SQLITE_DONE)
		rc = YK_ENOENT;
	else
		rc = store_err(s, rc, "read poll signature", cause);
	sqlite3_finalize(st);
	if (rc == YK_ENOMEM)
		return util_fail(cause, rc, "out of memory");
	return rc;
}

int
pstore_ballot_count(struct pstore *ps, const char *poll, uint64_t *n,
    char **cause)
{
	struct store	*s = pstore_store(ps);
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(s, "SELECT count(*) FROM ballots WHERE "
	    "poll = ?", &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, poll, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*n = (uint64_t)sqlite3_column_int64(st, 0);
		rc = 0;
	} else
		rc = store_err(s, rc, "count ballots", cause);
	sqlite3_finalize(st);
	return rc;
}
