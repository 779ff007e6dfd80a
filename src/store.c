/*
 * store: the kiosk's SQLite database.  Why each pragma is set is in
 * include/ykien/store.h; the short version is "durable before thanked" and
 * "nothing that records the order of voting".
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/store.h"
#include "ykien/util.h"
#include "store-int.h"

/*
 * Migrations, by target user_version.  Append only: a board in a village
 * may skip several releases and must still reach the current schema.
 * Each one ends by setting its own user_version, so that no SQL is ever
 * assembled at run time.
 */
static const char *const migrations[] = {
	NULL,
	/* 1: the first schema. */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
	"  WITHOUT ROWID;"
	"CREATE TABLE polls(id TEXT PRIMARY KEY, raw BLOB NOT NULL,"
	"  sig TEXT NOT NULL, state TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE ballots(id BLOB PRIMARY KEY, poll TEXT NOT NULL,"
	"  blob BLOB NOT NULL, batch BLOB) WITHOUT ROWID;"
	"CREATE TABLE test_ballots(id BLOB PRIMARY KEY, poll TEXT NOT NULL,"
	"  blob BLOB NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE codes(hash BLOB PRIMARY KEY, poll TEXT NOT NULL,"
	"  used INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
	"CREATE TABLE events(seq INTEGER PRIMARY KEY, blob BLOB NOT NULL);"
	"CREATE TABLE batches(id BLOB PRIMARY KEY, poll TEXT NOT NULL,"
	"  blob BLOB NOT NULL, acked INTEGER NOT NULL DEFAULT 0, ack BLOB)"
	"  WITHOUT ROWID;"
	"CREATE TABLE pins(role TEXT PRIMARY KEY, hash TEXT NOT NULL)"
	"  WITHOUT ROWID;"
	"CREATE TABLE counters(poll TEXT NOT NULL, name TEXT NOT NULL,"
	"  value INTEGER NOT NULL, PRIMARY KEY(poll, name)) WITHOUT ROWID;"
	"PRAGMA user_version = 1;",
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]) - 1)

int
store_scrub(struct store *s, const char *table, char **cause)
{
	/*
	 * Rewrite every row of the table in key order inside the current
	 * transaction.  SQLite places a new cell inside its page next to the
	 * previous new cell, so without this the file's bytes would keep
	 * the most recent ballots in casting order.  Deleting all rows
	 * (zeroed by secure_delete) and inserting them again sorted by the
	 * random id leaves every page in id order.  The copy lives in a
	 * TEMP table, which temp_store keeps in memory.
	 */
	static const char *sql[2][4] = { {
		"DELETE FROM temp.scrub",
		"INSERT INTO temp.scrub SELECT id, poll, blob, batch "
		    "FROM main.ballots",
		"DELETE FROM main.ballots",
		"INSERT INTO main.ballots(id, poll, blob, batch) SELECT id, "
		    "poll, blob, batch FROM temp.scrub ORDER BY id",
	}, {
		"DELETE FROM temp.scrub",
		"INSERT INTO temp.scrub SELECT id, poll, blob, NULL "
		    "FROM main.test_ballots",
		"DELETE FROM main.test_ballots",
		"INSERT INTO main.test_ballots(id, poll, blob) SELECT id, "
		    "poll, blob FROM temp.scrub ORDER BY id",
	} };
	int	t = strcmp(table, "test_ballots") == 0, i, rc;

	if ((rc = store_exec(s, "CREATE TEMP TABLE IF NOT EXISTS scrub(id "
	    "BLOB PRIMARY KEY, poll TEXT, blob BLOB, batch BLOB) WITHOUT ROWID",
	    cause)) != 0)
		return rc;
	for (i = 0; i < 4; i++)
		if ((rc = store_exec(s, sql[t][i], cause)) != 0)
			return rc;
	return store_exec(s, "DELETE FROM temp.scrub", cause);
}

int
store_open(const char *path, int create, struct store **out, char **cause)
{
	static const char pragmas[] =
	    "PRAGMA journal_mode = DELETE;"
	    "PRAGMA synchronous = EXTRA;"
	    "PRAGMA secure_delete = ON;"
	    "PRAGMA temp_store = MEMORY;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA cell_size_check = ON;";
	struct store	*s;
	int		 rc;

	if (create) {
		/* An empty file is a new database; this fixes mode 0600. */
		if ((rc = util_write_excl(path, "", 0, 0600, cause)) != 0)
			return rc;
	} else if (!util_exists(path))
		return util_fail(cause, YK_ENOENT, "%s: no such database",
		    path);
	if ((s = util_calloc(1, sizeof *s)) == NULL ||
	    (s->path = strdup(path)) == NULL) {
		free(s);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	if ((rc = store_connect(s, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	    store_fault_vfs(), pragmas, migrations, N_MIGRATIONS, cause)) != 0) {
		store_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

int
store_close(struct store *s)
{
	int	rc;

	if (s == NULL)
		return 0;
	rc = store_disconnect(s);
	free(s);
	return rc;
}

int
store_meta_set(struct store *s, const char *key, const char *value,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(s, "INSERT OR REPLACE INTO meta(key, value) "
	    "VALUES (?, ?)", &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	return store_done(s, st, "meta", cause);
}

int
store_meta_get(struct store *s, const char *key, char **value, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	*value = NULL;
	if ((rc = store_prepare(s, "SELECT value FROM meta WHERE key = ?",
	    &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if ((*value = strdup((const char *)sqlite3_column_text(st, 0)))
		    == NULL)
			rc = SQLITE_NOMEM;
		else
			rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_err(s, rc, "meta", cause);
	return 0;
}

int
store_poll_put(struct store *s, const char *id, const uint8_t *raw,
    size_t len, const char *sig, const char *state, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(s, "INSERT INTO polls(id, raw, sig, state) "
	    "VALUES (?, ?, ?, ?)", &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, raw, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sig, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, state, -1, SQLITE_STATIC);
	if ((rc = store_done(s, st, "store poll", cause)) == YK_EDUP)
		return util_fail(cause, YK_EEXIST, "poll \"%s\" is already "
		    "loaded on this kiosk", id);
	return rc;
}

static char *
column_strdup(sqlite3_stmt *st, int i)
{
	const unsigned char	*t = sqlite3_column_text(st, i);

	return strdup(t != NULL ? (const char *)t : "");
}

int
store_poll_get(struct store *s, const char *id, uint8_t **raw, size_t *len,
    char **sig, char **state, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, n;

	if ((rc = store_prepare(s, "SELECT raw, sig, state FROM polls WHERE "
	    "id = ?", &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return util_fail(cause, YK_ENOENT, "no poll \"%s\" on "
			    "this kiosk", id);
		return store_err(s, rc, "read poll", cause);
	}
	rc = 0;
	if (raw != NULL) {
		n = sqlite3_column_bytes(st, 0);
		if ((*raw = malloc((size_t)n + 1)) == NULL)
			rc = YK_ENOMEM;
		else {
			if (n > 0)
				memcpy(*raw, sqlite3_column_blob(st, 0),
				    (size_t)n);
			(*raw)[n] = '\0';
			*len = (size_t)n;
		}
	}
	if (sig != NULL && (*sig = column_strdup(st, 1)) == NULL)
		rc = YK_ENOMEM;
	if (state != NULL && (*state = column_strdup(st, 2)) == NULL)
		rc = YK_ENOMEM;
	sqlite3_finalize(st);
	if (rc != 0)
		return util_fail(cause, rc, "out of memory");
	return 0;
}

int
store_poll_set_state(struct store *s, const char *id, const char *state,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(s, "UPDATE polls SET state = ? WHERE id = ?",
	    &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	if ((rc = store_done(s, st, "poll state", cause)) != 0)
		return rc;
	if (sqlite3_changes(s->db) != 1)
		return util_fail(cause, YK_ENOENT, "no poll \"%s\"", id);
	return 0;
}

int
store_poll_each(struct store *s, int (*fn)(void *, const char *,
    const char *), void *arg, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, r = 0;

	if ((rc = store_prepare(s, "SELECT id, state FROM polls ORDER BY id",
	    &st, cause)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && r == 0)
		r = fn(arg, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	if (r != 0)
		return r;
	if (rc != SQLITE_DONE)
		return store_err(s, rc, "list polls", cause);
	return 0;
}

static int
use_code(struct store *s, const char *poll_id, const uint8_t *hash,
    size_t hlen, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, used;

	if ((rc = store_prepare(s, "SELECT used FROM codes WHERE hash = ? "
	    "AND poll = ?", &st, cause)) != 0)
		return rc;
	sqlite3_bind_blob(st, 1, hash, (int)hlen, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, poll_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	used = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return util_fail(cause, YK_EAUTH, "unknown household code");
	if (rc != SQLITE_ROW)
		return store_err(s, rc, "code", cause);
	if (used)
		return util_fail(cause, YK_EDUP, "household code already used");
	if ((rc = store_prepare(s, "UPDATE codes SET used = 1 WHERE hash = ?",
	    &st, cause)) != 0)
		return rc;
	sqlite3_bind_blob(st, 1, hash, (int)hlen, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_err(s, rc, "use code", cause);
	return 0;
}

int
store_put_ballot(struct store *s, const uint8_t id[16], const char *poll_id,
    const uint8_t *blob, size_t len, int test, const uint8_t *code_hash,
    size_t code_hash_len, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_exec(s, "BEGIN IMMEDIATE", cause)) != 0)
		return rc;
	if (code_hash != NULL &&
	    (rc = use_code(s, poll_id, code_hash, code_hash_len, cause)) != 0)
		goto fail;
	if ((rc = store_prepare(s, test ?
	    "INSERT INTO test_ballots(id, poll, blob) VALUES (?, ?, ?)" :
	    "INSERT INTO ballots(id, poll, blob) VALUES (?, ?, ?)", &st,
	    cause)) != 0)
		goto fail;
	sqlite3_bind_blob(st, 1, id, 16, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, poll_id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, blob, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rc = store_err(s, rc, "store ballot", cause);
		goto fail;
	}
	if ((rc = store_scrub(s, test ? "test_ballots" : "ballots",
	    cause)) != 0 ||
	    (rc = store_exec(s, "COMMIT", cause)) != 0)
		goto fail;
	return 0;
fail:
	store_rollback(s);
	return rc;
}

int
store_count_ballots(struct store *s, const char *poll_id, int test,
    long long *n, char **cause)
{
	return store_count(s, test ?
	    "SELECT count(*) FROM test_ballots WHERE poll = ?" :
	    "SELECT count(*) FROM ballots WHERE poll = ?", poll_id, n,
	    "count ballots", cause);
}

int
store_ballot_each(struct store *s, const char *poll_id, int test,
    int (*fn)(void *, const uint8_t *, size_t), void *arg, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, r = 0;

	if ((rc = store_prepare(s, test ?
	    "SELECT blob FROM test_ballots WHERE poll = ? ORDER BY id" :
	    "SELECT blob FROM ballots WHERE poll = ? ORDER BY id", &st,
	    cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, poll_id, -1, SQLITE_STATIC);
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
		r = fn(arg, sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_finalize(st);
	if (r != 0)
		return r;
	if (rc != SQLITE_DONE)
		return store_err(s, rc, "read ballots", cause);
	return 0;
}

int
store_code_add(struct store *s, const char *poll_id, const uint8_t *hash,
    size_t len, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(s, "INSERT INTO codes(hash, poll, used) "
	    "VALUES (?, ?, 0)", &st, cause)) != 0)
		return rc;
	sqlite3_bind_blob(st, 1, hash, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, poll_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return util_fail(cause, YK_EDUP, "code already issued");
	if (rc != SQLITE_DONE)
		return store_err(s, rc, "add code", cause);
	return 0;
}

int
store_code_lookup(struct store *s, const char *poll_id, const uint8_t *hash,
    size_t len, int *used, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(s, "SELECT used FROM codes WHERE hash = ? "
	    "AND poll = ?", &st, cause)) != 0)
		return rc;
	sqlite3_bind_blob(st, 1, hash, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, poll_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*used = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return util_fail(cause, YK_ENOENT, "unknown household code");
	if (rc != SQLITE_ROW)
		return store_err(s, rc, "look up code", cause);
	return 0;
}

int
store_code_counts(struct store *s, const char *poll_id, long long *issued,
    long long *used, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(s, "SELECT count(*), coalesce(sum(used), 0) "
	    "FROM codes WHERE poll = ?", &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, poll_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*issued = sqlite3_column_int64(st, 0);
		*used = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_err(s, rc, "count codes", cause);
	return 0;
}

int
store_counter_add(struct store *s, const char *poll_id, const char *name,
    long long delta, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(s, "INSERT INTO counters(poll, name, value) "
	    "VALUES (?, ?, ?) ON CONFLICT(poll, name) DO UPDATE SET "
	    "value = value + excluded.value", &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, poll_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, delta);
	return store_done(s, st, "counter", cause);
}

int
store_counter_get(struct store *s, const char *poll_id, const char *name,
    long long *value, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	*value = 0;
	if ((rc = store_prepare(s, "SELECT value FROM counters WHERE poll = ? "
	    "AND name = ?", &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, poll_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_err(s, rc, "counter", cause);
	return 0;
}

int
store_check(struct store *s, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, ok = 0;
	char		*msg = NULL;

	if ((rc = store_prepare(s, "PRAGMA integrity_check", &st, cause)) != 0)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		ok = t != NULL && strcmp(t, "ok") == 0;
		if (!ok)
			msg = strdup(t != NULL ? t : "?");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_err(s, rc, "integrity_check", cause);
	if (!ok) {
		util_fail(cause, YK_EINVAL, "%s: integrity check failed: %s",
		    s->path, msg != NULL ? msg : "?");
		free(msg);
		return YK_EINVAL;
	}
	return 0;
}
