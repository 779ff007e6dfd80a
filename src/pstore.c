/*
 * pstore: the province's database (contract in
 * include/ykien/pstore.h).  It shares the store module's helpers
 * (store-int.h) but not the kiosk's schema or pragmas: the province wants
 * concurrent readers (WAL), while the kiosk wants no trace of commit order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/pstore.h"
#include "ykien/store.h"
#include "ykien/util.h"
#include "store-int.h"

struct pstore {
	struct store	s;
};

/* Append only, as for the kiosk: an old province database must migrate. */
static const char *const migrations[] = {
	NULL,
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
	"  WITHOUT ROWID;"
	"CREATE TABLE kiosks(keynum BLOB PRIMARY KEY, pk BLOB NOT NULL,"
	"  commune TEXT NOT NULL, village TEXT NOT NULL,"
	"  revoked INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
	"CREATE TABLE polls(id TEXT PRIMARY KEY, hash BLOB NOT NULL,"
	"  commune TEXT NOT NULL, raw BLOB NOT NULL, sig TEXT NOT NULL)"
	"  WITHOUT ROWID;"
	"CREATE TABLE batches(id BLOB PRIMARY KEY, hash BLOB NOT NULL,"
	"  kiosk BLOB NOT NULL, poll TEXT NOT NULL, n INTEGER NOT NULL,"
	"  blob BLOB NOT NULL, ack BLOB NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE ballots(id BLOB PRIMARY KEY, poll TEXT NOT NULL,"
	"  kiosk BLOB NOT NULL, batch BLOB NOT NULL, blob BLOB NOT NULL)"
	"  WITHOUT ROWID;"
	"CREATE INDEX ballots_poll ON ballots(poll, id);"
	"PRAGMA user_version = 1;",
	/* 2: closing records and event logs, for the audit (pstore-audit.c). */
	"CREATE TABLE closings(kiosk BLOB NOT NULL, poll TEXT NOT NULL,"
	"  record BLOB NOT NULL, sheet BLOB, sheet_sig TEXT,"
	"  PRIMARY KEY(kiosk, poll)) WITHOUT ROWID;"
	"CREATE TABLE eventlogs(kiosk BLOB PRIMARY KEY, log BLOB NOT NULL,"
	"  n INTEGER NOT NULL) WITHOUT ROWID;"
	"PRAGMA user_version = 2;",
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]) - 1)

int
pstore_open(const char *path, struct pstore **out, char **cause)
{
	static const char pragmas[] =
	    "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA temp_store = MEMORY;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA cell_size_check = ON;";
	struct pstore	*ps;
	int		 rc;

	if (!util_exists(path) &&
	    (rc = util_write_excl(path, "", 0, 0600, cause)) != 0 &&
	    rc != YK_EEXIST)
		return rc;
	if ((ps = util_calloc(1, sizeof *ps)) == NULL ||
	    (ps->s.path = strdup(path)) == NULL) {
		free(ps);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	if ((rc = store_connect(&ps->s, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_FULLMUTEX, NULL, pragmas, migrations, N_MIGRATIONS,
	    cause)) != 0) {
		pstore_close(ps);
		return rc;
	}
	*out = ps;
	return 0;
}

int
pstore_close(struct pstore *ps)
{
	int	rc;

	if (ps == NULL)
		return 0;
	rc = store_disconnect(&ps->s);
	free(ps);
	return rc;
}

int
pstore_kiosk_add(struct pstore *ps, const struct pstore_kiosk *k,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(&ps->s, "INSERT INTO kiosks(keynum, pk, "
	    "commune, village, revoked) VALUES (?, ?, ?, ?, 0)", &st,
	    cause)) != 0)
		return rc;
	sqlite3_bind_blob(st, 1, k->pub.keynum, KEYS_NUM, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, k->pub.pk, KEYS_PUBLIC, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, k->commune, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, k->village, -1, SQLITE_STATIC);
	if ((rc = store_done(&ps->s, st, "add kiosk", cause)) == YK_EDUP)
		return util_fail(cause, YK_EEXIST, "this kiosk key is already "
		    "registered (a revoked key stays revoked: make a new one)");
	return rc;
}

static void
kiosk_row(sqlite3_stmt *st, struct pstore_kiosk *k)
{
	const unsigned char	*t;

	memset(k, 0, sizeof *k);
	if (sqlite3_column_bytes(st, 0) == KEYS_NUM)
		memcpy(k->pub.keynum, sqlite3_column_blob(st, 0), KEYS_NUM);
	if (sqlite3_column_bytes(st, 1) == KEYS_PUBLIC)
		memcpy(k->pub.pk, sqlite3_column_blob(st, 1), KEYS_PUBLIC);
	if ((t = sqlite3_column_text(st, 2)) != NULL)
		snprintf(k->commune, sizeof k->commune, "%s", t);
	if ((t = sqlite3_column_text(st, 3)) != NULL)
		snprintf(k->village, sizeof k->village, "%s", t);
	k->revoked = sqlite3_column_int(st, 4);
}

int
pstore_kiosk_get(struct pstore *ps, const uint8_t keynum[KEYS_NUM],
    struct pstore_kiosk *k, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(&ps->s, "SELECT keynum, pk, commune, village, "
	    "revoked FROM kiosks WHERE keynum = ?", &st, cause)) != 0)
		return rc;
	sqlite3_bind_blob(st, 1, keynum, KEYS_NUM, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		kiosk_row(st, k);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return YK_ENOENT;
	if (rc != SQLITE_ROW)
		return store_err(&ps->s, rc, "look up kiosk", cause);
	return 0;
}

int
pstore_kiosk_revoke(struct pstore *ps, const uint8_t keynum[KEYS_NUM],
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(&ps->s, "UPDATE kiosks SET revoked = 1 WHERE "
	    "keynum = ?", &st, cause)) != 0)
		return rc;
	sqlite3_bind_blob(st, 1, keynum, KEYS_NUM, SQLITE_STATIC);
	if ((rc = store_done(&ps->s, st, "revoke kiosk", cause)) != 0)
		return rc;
	if (sqlite3_changes(ps->s.db) != 1)
		return util_fail(cause, YK_ENOENT, "no kiosk with that key "
		    "number is registered");
	return 0;
}

int
pstore_kiosk_each(struct pstore *ps, int (*fn)(void *,
    const struct pstore_kiosk *), void *arg, char **cause)
{
	struct pstore_kiosk	 k;
	sqlite3_stmt		*st;
	int			 rc, r = 0;

	if ((rc = store_prepare(&ps->s, "SELECT keynum, pk, commune, village, "
	    "revoked FROM kiosks ORDER BY commune, village, keynum", &st,
	    cause)) != 0)
		return rc;
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		kiosk_row(st, &k);
		r = fn(arg, &k);
	}
	return store_walk_end(&ps->s, st, r, rc, "list kiosks", cause);
}

int
pstore_poll_add(struct pstore *ps, const char *id,
    const uint8_t hash[KEYS_HASH], const char *commune, const uint8_t *raw,
    size_t len, const char *sig, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, same = 0;

	if ((rc = store_prepare(&ps->s, "SELECT hash FROM polls WHERE id = ?",
	    &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		same = sqlite3_column_bytes(st, 0) == KEYS_HASH &&
		    memcmp(sqlite3_column_blob(st, 0), hash, KEYS_HASH) == 0;
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return same ? util_fail(cause, YK_EDUP, "poll \"%s\" is "
		    "already known (same file)", id) :
		    util_fail(cause, YK_ECONFLICT, "another file with poll "
		    "id \"%s\" is already known; a changed poll needs a new "
		    "id", id);
	if (rc != SQLITE_DONE)
		return store_err(&ps->s, rc, "look up poll", cause);
	if ((rc = store_prepare(&ps->s, "INSERT INTO polls(id, hash, commune, "
	    "raw, sig) VALUES (?, ?, ?, ?, ?)", &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, hash, KEYS_HASH, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, commune, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, raw, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, sig, -1, SQLITE_STATIC);
	return store_done(&ps->s, st, "add poll", cause);
}

int
pstore_poll_get(struct pstore *ps, const char *id, uint8_t **raw,
    size_t *len, char commune[6], char **cause)
{
	sqlite3_stmt		*st;
	const unsigned char	*t;
	int			 rc, n;

	if ((rc = store_prepare(&ps->s, "SELECT raw, commune FROM polls WHERE "
	    "id = ?", &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return YK_ENOENT;
		return store_err(&ps->s, rc, "read poll", cause);
	}
	n = sqlite3_column_bytes(st, 0);
	if ((*raw = malloc((size_t)n + 1)) == NULL) {
		sqlite3_finalize(st);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	if (n > 0)
		memcpy(*raw, sqlite3_column_blob(st, 0), (size_t)n);
	(*raw)[n] = '\0';
	*len = (size_t)n;
	t = sqlite3_column_text(st, 1);
	snprintf(commune, 6, "%s", t != NULL ? (const char *)t : "");
	sqlite3_finalize(st);
	return 0;
}

int
pstore_poll_each(struct pstore *ps, int (*fn)(void *, const char *,
    const char *), void *arg, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, r = 0;

	if ((rc = store_prepare(&ps->s, "SELECT id, commune FROM polls ORDER "
	    "BY id", &st, cause)) != 0)
		return rc;
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
		r = fn(arg, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1));
	return store_walk_end(&ps->s, st, r, rc, "list polls", cause);
}

int
pstore_batch_get(struct pstore *ps, const uint8_t id[16],
    uint8_t hash[KEYS_HASH], uint8_t **ack, size_t *alen, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, n;

	if ((rc = store_prepare(&ps->s, "SELECT hash, ack FROM batches WHERE "
	    "id = ?", &st, cause)) != 0)
		return rc;
	sqlite3_bind_blob(st, 1, id, 16, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return YK_ENOENT;
		return store_err(&ps->s, rc, "read batch", cause);
	}
	if (sqlite3_column_bytes(st, 0) != KEYS_HASH) {
		sqlite3_finalize(st);
		return util_fail(cause, YK_EINVAL, "%s: damaged batch row",
		    ps->s.path);
	}
	memcpy(hash, sqlite3_column_blob(st, 0), KEYS_HASH);
	n = sqlite3_column_bytes(st, 1);
	if ((*ack = malloc(n > 0 ? (size_t)n : 1)) == NULL) {
		sqlite3_finalize(st);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	if (n > 0)
		memcpy(*ack, sqlite3_column_blob(st, 1), (size_t)n);
	*alen = (size_t)n;
	sqlite3_finalize(st);
	return 0;
}

int
pstore_batch_put(struct pstore *ps, const struct pstore_batch *b,
    char **cause)
{
	struct store	*s = &ps->s;
	sqlite3_stmt	*st = NULL;
	size_t		 i;
	int		 rc;

	if ((rc = store_exec(s, "BEGIN IMMEDIATE", cause)) != 0)
		return rc;
	if ((rc = store_prepare(s, "INSERT INTO batches(id, hash, kiosk, "
	    "poll, n, blob, ack) VALUES (?, ?, ?, ?, ?, ?, ?)", &st,
	    cause)) != 0)
		goto fail;
	sqlite3_bind_blob(st, 1, b->id, 16, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, b->hash, KEYS_HASH, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, b->kiosk, KEYS_NUM, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, b->poll_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)b->n);
	sqlite3_bind_blob(st, 6, b->blob, (int)b->len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 7, b->ack, (int)b->alen, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		rc = util_fail(cause, YK_ECONFLICT, "a batch with this id is "
		    "already held");
		goto fail;
	}
	if (rc != SQLITE_DONE) {
		rc = store_err(s, rc, "store batch", cause);
		goto fail;
	}
	if ((rc = store_prepare(s, "INSERT INTO ballots(id, poll, kiosk, "
	    "batch, blob) VALUES (?, ?, ?, ?, ?)", &st, cause)) != 0)
		goto fail;
	for (i = 0; i < b->n; i++) {
		sqlite3_reset(st);
		/* The ballot id follows its 4 + 15-byte domain string. */
		sqlite3_bind_blob(st, 1, b->ballots[i] + 19, 16,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 2, b->poll_id, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, b->kiosk, KEYS_NUM, SQLITE_STATIC);
		sqlite3_bind_blob(st, 4, b->id, 16, SQLITE_STATIC);
		sqlite3_bind_blob(st, 5, b->ballots[i], (int)b->lens[i],
		    SQLITE_STATIC);
		rc = sqlite3_step(st);
		if ((rc & 0xff) == SQLITE_CONSTRAINT) {
			sqlite3_finalize(st);
			rc = util_fail(cause, YK_EDUP, "ballot %zu: its id is "
			    "already held in another batch", i);
			goto fail;
		}
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			rc = store_err(s, rc, "store ballot", cause);
			goto fail;
		}
	}
	sqlite3_finalize(st);
	if ((rc = store_exec(s, "COMMIT", cause)) != 0)
		goto fail;
	return 0;
fail:
	store_rollback(s);
	return rc;
}

int
pstore_poll_stats(struct pstore *ps, int (*fn)(void *, const char *,
    long long, long long, long long), void *arg, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, r = 0;

	if ((rc = store_prepare(&ps->s, "SELECT p.id,"
	    " (SELECT count(*) FROM batches b WHERE b.poll = p.id),"
	    " (SELECT count(*) FROM ballots b WHERE b.poll = p.id),"
	    " (SELECT count(DISTINCT kiosk) FROM batches b WHERE b.poll = p.id)"
	    " FROM polls p ORDER BY p.id", &st, cause)) != 0)
		return rc;
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
		r = fn(arg, (const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
		    sqlite3_column_int64(st, 3));
	return store_walk_end(&ps->s, st, r, rc, "poll statistics", cause);
}

int
pstore_ballot_each(struct pstore *ps, const char *poll_id,
    int (*fn)(void *, const uint8_t *, size_t), void *arg, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, r = 0;

	if ((rc = store_prepare(&ps->s, "SELECT blob FROM ballots WHERE "
	    "poll = ? ORDER BY id", &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, poll_id, -1, SQLITE_STATIC);
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
		r = fn(arg, sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
	return store_walk_end(&ps->s, st, r, rc, "read ballots", cause);
}

int
pstore_digest(struct pstore *ps, uint8_t out[KEYS_HASH], char **cause)
{
	static const char *const queries[] = {
		"SELECT 'meta', * FROM meta ORDER BY key",
		"SELECT 'kiosks', * FROM kiosks ORDER BY keynum",
		"SELECT 'polls', * FROM polls ORDER BY id",
		"SELECT 'batches', * FROM batches ORDER BY id",
		"SELECT 'ballots', * FROM ballots ORDER BY id",
		NULL,
	};
	struct keys_hasher	*h;
	sqlite3_stmt		*st = NULL;
	uint8_t			 hdr[5];
	int			 i, c, n, rc = 0, step = SQLITE_DONE;

	if ((h = keys_hasher_new()) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	/* One read transaction, so the digest is of one moment. */
	if ((rc = store_exec(&ps->s, "BEGIN", cause)) != 0)
		goto out;
	for (i = 0; queries[i] != NULL && rc == 0; i++) {
		if ((rc = store_prepare(&ps->s, queries[i], &st, cause)) != 0)
			break;
		while ((step = sqlite3_step(st)) == SQLITE_ROW)
			for (c = 0; c < sqlite3_column_count(st); c++) {
				n = sqlite3_column_bytes(st, c);
				hdr[0] = (uint8_t)sqlite3_column_type(st, c);
				hdr[1] = (uint8_t)(n >> 24);
				hdr[2] = (uint8_t)(n >> 16);
				hdr[3] = (uint8_t)(n >> 8);
				hdr[4] = (uint8_t)n;
				keys_hasher_update(h, hdr, sizeof hdr);
				if (n > 0)
					keys_hasher_update(h,
					    sqlite3_column_blob(st, c),
					    (size_t)n);
			}
		sqlite3_finalize(st);
		if (step != SQLITE_DONE)
			rc = store_err(&ps->s, step, "digest", cause);
	}
	store_rollback(&ps->s);
out:
	keys_hasher_final(h, out);
	return rc;
}

struct store *
pstore_store(struct pstore *ps)
{
	return &ps->s;
}
