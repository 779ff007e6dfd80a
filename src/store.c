/*
 * store: the kiosk's SQLite database.  Why each pragma is set is in
 * include/ykien/store.h; the short version is "durable before thanked" and
 * "nothing that records the order of voting".
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	/*
	 * 2: ballots and receipts in pools of fixed-size slots (see
	 * src/store-slots.c).  Ballots already stored move to a pool of
	 * their own poll, in id order; store_open's store_idle then grows
	 * the full pool and shuffles it.  secure_delete zeroes the old
	 * tables' pages as they are dropped.
	 */
	"CREATE TABLE pools(poll TEXT NOT NULL, kind TEXT NOT NULL,"
	"  base INTEGER NOT NULL UNIQUE, size INTEGER NOT NULL,"
	"  len INTEGER NOT NULL, PRIMARY KEY(poll, kind)) WITHOUT ROWID;"
	"CREATE TABLE slots(slot INTEGER PRIMARY KEY, state TEXT NOT NULL,"
	"  batch BLOB NOT NULL, body BLOB NOT NULL);"
	"CREATE TABLE receipts(slot INTEGER PRIMARY KEY, state TEXT NOT NULL,"
	"  code BLOB NOT NULL);"
	"CREATE TEMP TABLE old(id, poll, st, batch, blob);"
	"INSERT INTO temp.old SELECT id, poll, 'real', coalesce(batch,"
	"  zeroblob(16)), blob FROM ballots UNION ALL SELECT id, poll,"
	"  'test', zeroblob(16), blob FROM test_ballots;"
	"INSERT INTO pools(poll, kind, base, size, len) SELECT poll, 'ballot',"
	"  (2 * row_number() OVER (ORDER BY poll) - 1) << 32, count(*),"
	"  max(length(blob)) FROM temp.old GROUP BY poll;"
	"INSERT INTO pools(poll, kind, base, size, len) SELECT poll,"
	"  'receipt', base + (1 << 32), 64, 11 FROM pools;"
	"INSERT INTO slots(slot, state, batch, body) SELECT p.base +"
	"  row_number() OVER (PARTITION BY o.poll ORDER BY o.id) - 1, o.st,"
	"  o.batch, o.blob FROM temp.old o JOIN pools p ON p.poll = o.poll"
	"  AND p.kind = 'ballot';"
	"INSERT INTO receipts(slot, state, code) SELECT p.base + c.n, 'free',"
	"  randomblob(11) FROM pools p, (WITH RECURSIVE c(n) AS (SELECT 0"
	"  UNION ALL SELECT n + 1 FROM c WHERE n < 63) SELECT n FROM c) c"
	"  WHERE p.kind = 'receipt';"
	"DROP TABLE temp.old;"
	"DROP TABLE ballots;"
	"DROP TABLE test_ballots;"
	/* The cast ballots as rows, for reading (batches, audits, tests). */
	"CREATE VIEW ballots AS SELECT substr(s.body, 20, 16) AS id,"
	"  p.poll AS poll, s.body AS blob, nullif(s.batch, zeroblob(16))"
	"  AS batch, s.state AS state, s.slot AS slot FROM slots s JOIN pools p"
	"  ON p.kind = 'ballot' AND s.slot BETWEEN p.base AND"
	"  p.base + p.size - 1 WHERE s.state <> 'free';"
	"PRAGMA user_version = 2;",
};
#define WAL_RESERVE	(256 * 1024)	/* bytes: about 60 frames */

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]) - 1)

static int	foreign_index(struct store *, char **);

/*
 * A store made before the WAL switches on its first open; that needs the
 * database to itself, and SQLite then keeps the old mode without an error.
 */
static int
check_wal(struct store *s, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, wal = 0;

	if ((rc = store_prepare(s, "PRAGMA journal_mode", &st, cause)) != 0)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		wal = sqlite3_column_text(st, 0) != NULL && strcmp((const char *)
		    sqlite3_column_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_err(s, rc, "journal mode", cause);
	if (!wal)
		return util_fail(cause, YK_ELOCKED, "%s: the store could not "
		    "switch to its WAL while another program had it open; "
		    "stop the kiosk and its uploader (systemctl stop "
		    "ykien-kiosk ykien-upload.timer) and run the command again",
		    s->path);
	return 0;
}

int
store_open(const char *path, int create, struct store **out, char **cause)
{
	static const char pragmas[] =
	    "PRAGMA journal_mode = WAL;"
	    "PRAGMA journal_size_limit = -1;"
	    "PRAGMA wal_autocheckpoint = 0;"
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA secure_delete = ON;"
	    "PRAGMA temp_store = MEMORY;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA cell_size_check = ON;";
	struct store	*s;
	const char	*vfs;
	int		 rc, hot;

	if ((vfs = store_fault_vfs()) == NULL)
		return util_fail(cause, YK_EIO, "%s: SQLite refused the "
		    "store's file layer (out of memory?)", path);
	if ((rc = store_shm_ready(cause)) != 0)
		return rc;
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
	/* Looked at before the connection rolls a cut transaction back. */
	hot = store_journal_hot(path);
	if ((rc = store_connect(s, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	    vfs, pragmas, migrations, N_MIGRATIONS, cause)) != 0 ||
	    (rc = check_wal(s, cause)) != 0 ||
	    (rc = foreign_index(s, cause)) != 0)
		goto fail;
	/*
	 * The WAL is swept at start-up whatever else fails, after the free
	 * pages if a store from before the WAL had a cut transaction rolled
	 * back (it may have left copies there).  A pool that
	 * cannot grow (a damaged page) does not stop the open: the voter
	 * screen's store check then says why (e2e/ui-store-check), and a
	 * command that reads the damaged page fails with its own error.
	 */
	if (((hot && store_wipe_free(s, NULL) != 0) ||
	    store_grow_sweep(s, 0, NULL) != 0) &&
	    (rc = store_sweep(s, cause)) != 0)
		goto fail;
	*out = s;
	return 0;
fail:
	store_close(s);
	return rc;
}

int
store_close(struct store *s)
{
	int	rc;

	if (s == NULL)
		return 0;
	/* Best effort: the next open sweeps what this one could not. */
	if (s->db != NULL && sqlite3_get_autocommit(s->db))
		(void)store_sweep(s, NULL);
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

/* A test ballot spends only a test slip, filed as "POLL-ID#test". */
static int
use_code(struct store *s, const char *poll_id, int test, const uint8_t *hash,
    size_t hlen, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, used;

	if ((rc = store_prepare(s, "SELECT used FROM codes WHERE hash = ?1 "
	    "AND poll = ?2 || CASE WHEN ?3 THEN '#test' ELSE '' END", &st,
	    cause)) != 0)
		return rc;
	sqlite3_bind_blob(st, 1, hash, (int)hlen, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, poll_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, test != 0);
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

/*
 * A free slot; a full pool (casts with no idle step between them, as the
 * test tools do) is grown here, inside the cast's transaction.
 */
static int
take(struct store *s, struct store_pool *p, long long *slot, char **cause)
{
	int	rc;

	if ((rc = store_slot_take(s, p, slot, NULL)) != YK_EFULL)
		return rc == 0 ? 0 : store_slot_take(s, p, slot, cause);
	if ((rc = store_pool_grow(s, p, cause)) != 0)
		return rc;
	return store_slot_take(s, p, slot, cause);
}

/* Inside the cast's transaction: a random free slot of each pool. */
static int
put_slots(struct store *s, const char *poll_id, const uint8_t *blob,
    size_t len, int test, const char *receipt, long long used[2],
    char **cause)
{
	struct store_pool	p;
	long long		slot;
	int			rc;

	/* A poll put to test by an older version, or by a test: pools now. */
	if (store_pool_get(s, poll_id, STORE_POOL_RECEIPT, &p, NULL) != 0 &&
	    (rc = store_slots_ready(s, poll_id, len, 0, cause)) != 0)
		return rc;
	if ((rc = store_pool_get(s, poll_id, STORE_POOL_BALLOT, &p,
	    cause)) != 0 ||
	    (rc = take(s, &p, &slot, cause)) != 0 ||
	    (rc = store_slot_put(s, &p, slot, test ? "test" : "real", blob,
	    len, cause)) != 0)
		return rc;
	used[0] = slot;
	s->slack--;
	if (receipt == NULL)
		return 0;
	if ((rc = store_pool_get(s, poll_id, STORE_POOL_RECEIPT, &p,
	    cause)) != 0 ||
	    (rc = take(s, &p, &slot, cause)) != 0)
		return rc;
	used[1] = slot;
	return store_slot_put(s, &p, slot, test ? "test" : "real",
	    (const uint8_t *)receipt, STORE_RECEIPT, cause);
}

/*
 * After a COMMIT that failed past its commit point (SQLite made the
 * commit visible, then reported an error), the ballot is stored although
 * the voter is told it is not: take it out again, in place.  (A commit
 * whose WAL sync failed is not visible: its frames are after the WAL's
 * last valid commit, and the sweep before the next voter zeroes them.)  A second failure here
 * leaves it (the disk is failing; the kiosk goes out of service).
 */
static void
undo(struct store *s, const uint8_t *blob, size_t len, const long long
    used[2], const uint8_t *code_hash, size_t code_hash_len)
{
	static const char *const sql[3] = {
		"UPDATE slots SET state = 'free', batch = zeroblob(16), "
		    "body = randomblob(?2) WHERE slot = ?1 AND body = ?3",
		"UPDATE receipts SET state = 'free', code = randomblob(?2) "
		    "WHERE slot = ?1",
		"UPDATE codes SET used = 0 WHERE hash = ?3",
	};
	sqlite3_stmt	*st;
	int		 i, rc = 0;

	if (used[0] < 0 || store_exec(s, "BEGIN IMMEDIATE", NULL) != 0)
		return;
	for (i = 0; i < 3 && rc == 0; i++) {
		if ((i == 1 && used[1] < 0) || (i == 2 && code_hash == NULL))
			continue;
		if ((rc = store_prepare(s, sql[i], &st, NULL)) != 0)
			break;
		sqlite3_bind_int64(st, 1, used[i]);
		sqlite3_bind_int(st, 2, i == 0 ? (int)len : STORE_RECEIPT);
		if (i == 0)
			sqlite3_bind_blob(st, 3, blob, (int)len, SQLITE_STATIC);
		else if (i == 2)
			sqlite3_bind_blob(st, 3, code_hash, (int)code_hash_len,
			    SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : YK_EIO;
		sqlite3_finalize(st);
		/* Not there: the commit did not happen, nothing to undo. */
		if (i == 0 && rc == 0 && sqlite3_changes(s->db) == 0)
			rc = YK_ENOENT;
	}
	if (rc != 0 || store_exec(s, "COMMIT", NULL) != 0)
		store_rollback(s);
}

/*
 * Inside the cast's transaction: the poll is still testing (a test
 * ballot) or open (a real one).  An official's step from another process
 * between the caller's check and this transaction is caught here.
 */
static int
state_is(struct store *s, const char *poll_id, int test, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(s, "SELECT 1 FROM polls WHERE id = ?1 AND "
	    "state = CASE WHEN ?2 THEN 'testing' ELSE 'open' END", &st,
	    cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, poll_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, test != 0);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return util_fail(cause, YK_ESTATE, "poll \"%s\" is no longer "
		    "%s: the ballot was not recorded", poll_id, test ?
		    "testing" : "open");
	if (rc != SQLITE_ROW)
		return store_err(s, rc, "poll state", cause);
	return 0;
}

int
store_put_ballot(struct store *s, const char *poll_id, const uint8_t *blob,
    size_t len, int test, const char *receipt, const uint8_t *code_hash,
    size_t code_hash_len, char **cause)
{
	long long	used[2] = { -1, -1 };
	int		rc;

	if ((rc = store_exec(s, "BEGIN IMMEDIATE", cause)) != 0)
		return rc;
	if ((rc = state_is(s, poll_id, test, cause)) != 0 ||
	    (code_hash != NULL && (rc = use_code(s, poll_id, test, code_hash,
	    code_hash_len, cause)) != 0))
		goto fail;
	if ((rc = put_slots(s, poll_id, blob, len, test, receipt, used,
	    cause)) != 0)
		goto fail;
	if ((rc = store_exec(s, "COMMIT", cause)) != 0) {
		store_rollback(s);
		undo(s, blob, len, used, code_hash, code_hash_len);
		return rc;
	}
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
	    "SELECT count(*) FROM slots, pools p WHERE p.poll = ? AND "
	    "p.kind = 'ballot' AND slot BETWEEN p.base AND p.base + p.size - 1 "
	    "AND state = 'test'" :
	    "SELECT count(*) FROM slots, pools p WHERE p.poll = ? AND "
	    "p.kind = 'ballot' AND slot BETWEEN p.base AND p.base + p.size - 1 "
	    "AND state = 'real'", poll_id, n, "count ballots", cause);
}

int
store_ballot_each(struct store *s, const char *poll_id, int test,
    int (*fn)(void *, const uint8_t *, size_t), void *arg, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, r = 0;

	if ((rc = store_prepare(s, "SELECT body FROM slots, pools p WHERE "
	    "p.poll = ?1 AND p.kind = 'ballot' AND slot BETWEEN p.base AND "
	    "p.base + p.size - 1 AND state = ?2 ORDER BY slot", &st,
	    cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, poll_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, test ? "test" : "real", -1, SQLITE_STATIC);
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
store_receipt_each(struct store *s, const char *poll_id, int test,
    int (*fn)(void *, const char *), void *arg, char **cause)
{
	sqlite3_stmt	*st;
	char		 code[STORE_RECEIPT + 1];
	int		 rc, r = 0;

	if ((rc = store_prepare(s, "SELECT code FROM receipts, pools p WHERE "
	    "p.poll = ?1 AND p.kind = 'receipt' AND slot BETWEEN p.base AND "
	    "p.base + p.size - 1 AND state = ?2 ORDER BY code", &st,
	    cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, poll_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, test ? "test" : "real", -1, SQLITE_STATIC);
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(st, 0) != STORE_RECEIPT) {
			r = util_fail(cause, YK_EINVAL, "%s: a stored receipt "
			    "is not %d bytes", s->path, STORE_RECEIPT);
			break;
		}
		memcpy(code, sqlite3_column_blob(st, 0), STORE_RECEIPT);
		code[STORE_RECEIPT] = '\0';
		r = fn(arg, code);
	}
	sqlite3_finalize(st);
	if (r != 0)
		return r;
	if (rc != SQLITE_DONE)
		return store_err(s, rc, "read receipts", cause);
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

/* sql, "PRAGMA integrity_check" or "PRAGMA quick_check": 0 or YK_EINVAL. */
static int
check_pragma(struct store *s, const char *sql, char **cause)
{
	sqlite3_stmt	*st;
	const char	*what = sql + 7;
	int		 rc, ok = 0;
	char		*msg = NULL;

	if ((rc = store_prepare(s, sql, &st, cause)) != 0)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		ok = t != NULL && strcmp(t, "ok") == 0;
		if (!ok)
			msg = strdup(t != NULL ? t : "?");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_err(s, rc, what, cause);
	if (!ok) {
		util_fail(cause, YK_EINVAL, "%s: %s failed: %s", s->path, what,
		    msg != NULL ? msg : "?");
		free(msg);
		return YK_EINVAL;
	}
	return 0;
}

int
store_check(struct store *s, char **cause)
{
	return check_pragma(s, "PRAGMA integrity_check", cause);
}

/* The database file and its directory (for the WAL) are writable. */
static int
writable(struct store *s, char **cause)
{
	char	*dir, *slash;
	int	 ok;

	if ((dir = strdup(s->path)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	ok = access(s->path, W_OK) == 0 && access(slash != NULL ? dir : ".",
	    W_OK) == 0;
	free(dir);
	if (!ok)
		return util_fail(cause, YK_EIO, "%s: cannot be written: %s",
		    s->path, strerror(errno));
	return 0;
}

/*
 * The WAL is at least WAL_RESERVE bytes long, of blocks the card has
 * given it: a cast then writes its frames over blocks the WAL already
 * owns (it is never truncated) and cannot meet a full card.  Zeros past
 * the end are no frame to SQLite.  Under the write lock, so that no
 * commit is writing there.
 */
static int
wal_reserve(struct store *s, char **cause)
{
	struct stat	 sb;
	char		*path;
	int		 fd, rc = 0;

	if ((path = util_printf("%s-wal", s->path)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)) == -1 ||
	    fstat(fd, &sb) == -1)
		rc = util_fail(cause, YK_EIO, "%s: %s", path, strerror(errno));
	else if (sb.st_size < WAL_RESERVE &&
	    (store_zero_fd(fd, sb.st_size, WAL_RESERVE) == -1 ||
	    fdatasync(fd) == -1))
		rc = util_fail(cause, errno == ENOSPC ? YK_EFULL : YK_EIO,
		    "%s: %s", path, strerror(errno));
	if (fd != -1)
		(void)close(fd);
	free(path);
	return rc;
}

/*
 * Someone has the store open without ykien's file layer (the sqlite3
 * shell): SQLite's unix VFS keeps its own WAL index, "-shm", beside the
 * database and holds a lock on it while open.  Its locks are not the
 * kiosk's (src/store-vfs.c keeps the kiosk's index in RAM), so it would
 * write past the kiosk's back: refuse until it is gone.
 */
static int
foreign_index(struct store *s, char **cause)
{
	struct flock	 fl;
	char		*shm;
	int		 fd, busy = 0;

	if ((shm = util_printf("%s-shm", s->path)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((fd = open(shm, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) != -1) {
		memset(&fl, 0, sizeof fl);
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		fl.l_start = 120;	/* SQLite's lock bytes and its DMS */
		fl.l_len = 9;
		busy = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
		(void)close(fd);
	}
	free(shm);
	if (busy)
		return util_fail(cause, YK_ELOCKED, "%s: another program (the "
		    "sqlite3 shell?) has the store open without ykien's file "
		    "layer; close it (docs/OPERATIONS.md)", s->path);
	return 0;
}

int
store_selftest(struct store *s, int write, char **cause)
{
	int	rc;

	store_fault_hold(1);
	if ((rc = foreign_index(s, cause)) == 0 &&
	    (rc = check_pragma(s, "PRAGMA quick_check", cause)) == 0 &&
	    (rc = writable(s, cause)) == 0 && write &&
	    (rc = store_exec(s, "BEGIN IMMEDIATE", cause)) == 0) {
		if ((rc = store_exec(s, "INSERT OR REPLACE INTO meta(key, "
		    "value) VALUES ('selftest', 'rolled back')", cause)) == 0)
			rc = wal_reserve(s, cause);
		store_rollback(s);
	}
	store_fault_hold(0);
	return rc;
}
