/*
 * store-admin: SQLite access for PINs, the event log, nested transactions
 * and status counts (see include/ykien/store-admin.h for why it is a file
 * of its own).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/store.h"
#include "ykien/store-admin.h"
#include "ykien/util.h"
#include "store-int.h"

int
store_tx_begin(struct store *s, int *outer, char **cause)
{
	*outer = sqlite3_get_autocommit(s->db) != 0;
	return store_exec(s, *outer ? "BEGIN IMMEDIATE" : "SAVEPOINT adm",
	    cause);
}

int
store_tx_commit(struct store *s, int outer, char **cause)
{
	int	rc;

	if ((rc = store_exec(s, outer ? "COMMIT" : "RELEASE adm", cause)) != 0)
		store_tx_rollback(s, outer);
	return rc;
}

void
store_tx_rollback(struct store *s, int outer)
{
	if (outer)
		store_rollback(s);
	else
		(void)sqlite3_exec(s->db, "ROLLBACK TO adm; RELEASE adm", NULL,
		    NULL, NULL);
}

int
store_pin_put(struct store *s, const char *role, const char *hash,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(s, "INSERT OR REPLACE INTO pins(role, hash) "
	    "VALUES (?, ?)", &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	return store_done(s, st, "store PIN", cause);
}

int
store_pin_get(struct store *s, const char *role, char **hash, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	*hash = NULL;
	if ((rc = store_prepare(s, "SELECT hash FROM pins WHERE role = ?",
	    &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, role, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW &&
	    (*hash = strdup((const char *)sqlite3_column_text(st, 0))) == NULL)
		rc = SQLITE_NOMEM;
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return util_fail(cause, YK_ENOENT, "no %s PIN is set (run: "
		    "ykien-kiosk pin set --role %s)", role, role);
	if (rc != SQLITE_ROW)
		return store_err(s, rc, "read PIN", cause);
	return 0;
}

int
store_event_last(struct store *s, uint64_t *seq, uint8_t **blob, size_t *len,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, n;

	*seq = 0;
	*blob = NULL;
	*len = 0;
	if ((rc = store_prepare(s, "SELECT seq, blob FROM events ORDER BY seq "
	    "DESC LIMIT 1", &st, cause)) != 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		n = sqlite3_column_bytes(st, 1);
		*seq = (uint64_t)sqlite3_column_int64(st, 0);
		if ((*blob = malloc((size_t)n + 1)) == NULL)
			rc = SQLITE_NOMEM;
		else {
			if (n > 0)
				memcpy(*blob, sqlite3_column_blob(st, 1),
				    (size_t)n);
			*len = (size_t)n;
			rc = SQLITE_DONE;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_err(s, rc, "last event", cause);
	return 0;
}

int
store_event_put(struct store *s, uint64_t seq, const uint8_t *blob,
    size_t len, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(s, "INSERT INTO events(seq, blob) VALUES "
	    "(?, ?)", &st, cause)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
	sqlite3_bind_blob(st, 2, blob, (int)len, SQLITE_STATIC);
	return store_done(s, st, "append event", cause);
}

int
store_event_each(struct store *s, int (*fn)(void *, uint64_t,
    const uint8_t *, size_t), void *arg, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, r = 0;

	if ((rc = store_prepare(s, "SELECT seq, blob FROM events ORDER BY seq",
	    &st, cause)) != 0)
		return rc;
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
		r = fn(arg, (uint64_t)sqlite3_column_int64(st, 0),
		    sqlite3_column_blob(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1));
	return store_walk_end(s, st, r, rc, "read events", cause);
}

int
store_batches_waiting(struct store *s, long long *n, char **cause)
{
	return store_count(s, "SELECT count(*) FROM batches WHERE acked = 0",
	    NULL, n, "count batches", cause);
}

int
store_tries_get(struct store *s, const char *key, int *fails,
    long long *until, char **cause)
{
	char	*val = NULL;
	int	 rc;

	*fails = 0;
	*until = 0;
	if ((rc = store_meta_get(s, key, &val, cause)) != 0)
		return rc;
	if (val != NULL && sscanf(val, "%d %lld", fails, until) != 2)
		rc = util_fail(cause, YK_EINVAL, "%s: damaged record", key);
	free(val);
	return rc;
}

int
store_tries_set(struct store *s, const char *key, int fails, long long until,
    char **cause)
{
	char	*val;
	int	 rc;

	if ((val = util_printf("%d %lld", fails, until)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = store_meta_set(s, key, val, cause);
	free(val);
	return rc;
}
