/*
 * store-batch: the kiosk's outgoing batch queue (see
 * include/ykien/store-batch.h for the contract).  Every write is one short
 * transaction: no transaction is ever held open across the network, so the
 * voter screen's casts never wait on an upload.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/store-batch.h"
#include "ykien/util.h"
#include "store-int.h"

int
store_pending_count(struct store *s, const char *poll_id, long long *n,
    char **cause)
{
	return store_count(s, "SELECT count(*) FROM ballots WHERE poll = ? "
	    "AND state = 'real' AND batch IS NULL", poll_id, n,
	    "count pending ballots", cause);
}

int
store_pending_each(struct store *s, const char *poll_id, long long limit,
    struct store_pending_pos *pos, int (*fn)(void *, const uint8_t *,
    const uint8_t *, size_t), void *arg, char **cause)
{
	sqlite3_stmt	*st;
	long long	 slot;
	int		 rc, r = 0, n = 0;

	/* A plain "slot > ?", which SQLite reads as a range of rowids. */
	if ((rc = store_prepare(s, "SELECT id, blob, slot FROM ballots WHERE "
	    "poll = ?1 AND state = 'real' AND batch IS NULL AND slot > ?2 "
	    "ORDER BY slot LIMIT ?3", &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, poll_id, -1, SQLITE_STATIC);
	/* Slots are pool << 32 | index: never negative. */
	sqlite3_bind_int64(st, 2, pos->started ? pos->hi : -1);
	sqlite3_bind_int64(st, 3, limit);
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(st, 0) != 16) {
			r = util_fail(cause, YK_EINVAL, "%s: a ballot id is "
			    "not 16 bytes", s->path);
			break;
		}
		slot = sqlite3_column_int64(st, 2);
		if (n++ == 0)
			pos->lo = slot;
		pos->hi = slot;
		pos->started = 1;
		r = fn(arg, sqlite3_column_blob(st, 0),
		    sqlite3_column_blob(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1));
	}
	return store_walk_end(s, st, r, rc, "read pending ballots", cause);
}

int
store_batch_add(struct store *s, const uint8_t id[16], const char *poll_id,
    const uint8_t *blob, size_t len, const uint8_t (*ids)[16], size_t n,
    const struct store_pending_pos *pos, char **cause)
{
	sqlite3_stmt	*st = NULL;
	size_t		 i;
	int		 rc;

	if ((rc = store_exec(s, "BEGIN IMMEDIATE", cause)) != 0)
		return rc;
	if ((rc = store_prepare(s, "INSERT INTO batches(id, poll, blob, "
	    "acked) VALUES (?, ?, ?, 0)", &st, cause)) != 0)
		goto fail;
	sqlite3_bind_blob(st, 1, id, 16, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, poll_id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, blob, (int)len, SQLITE_STATIC);
	if ((rc = store_done(s, st, "store batch", cause)) != 0)
		goto fail;
	/*
	 * The members are marked in one pass over the slots they were read
	 * from (ids in a temporary table, kept in memory), not the whole
	 * pool: the batch column changes from 16 zero bytes to the batch id,
	 * in place.
	 */
	if ((rc = store_exec(s, "CREATE TEMP TABLE IF NOT EXISTS members(id "
	    "BLOB PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.members",
	    cause)) != 0 ||
	    (rc = store_prepare(s, "INSERT INTO temp.members(id) VALUES (?)",
	    &st, cause)) != 0)
		goto fail;
	for (i = 0, rc = SQLITE_DONE; i < n && rc == SQLITE_DONE; i++) {
		sqlite3_reset(st);
		sqlite3_bind_blob(st, 1, ids[i], 16, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rc = store_err(s, rc, "batch members", cause);
		goto fail;
	}
	if ((rc = store_prepare(s, "UPDATE slots SET batch = ?1 WHERE slot IN "
	    "(SELECT b.slot FROM ballots b WHERE b.poll = ?2 AND b.state = "
	    "'real' AND b.batch IS NULL AND b.slot BETWEEN ?3 AND ?4 AND "
	    "b.id IN temp.members)", &st, cause)) != 0)
		goto fail;
	sqlite3_bind_blob(st, 1, id, 16, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, poll_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, pos->lo);
	sqlite3_bind_int64(st, 4, pos->hi);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rc = store_err(s, rc, "mark ballots", cause);
		goto fail;
	}
	if ((size_t)sqlite3_changes(s->db) != n) {
		rc = util_fail(cause, YK_ESTATE, "a ballot of the new batch is "
		    "already in another batch (another uploader is running?)");
		goto fail;
	}
	if ((rc = store_exec(s, "DELETE FROM temp.members", cause)) != 0)
		goto fail;
	if ((rc = store_exec(s, "COMMIT", cause)) != 0)
		goto fail;
	return 0;
fail:
	store_rollback(s);
	return rc;
}

int
store_batch_each(struct store *s, int acked, int (*fn)(void *,
    const uint8_t *, const char *, const uint8_t *, size_t), void *arg,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, r = 0;

	if ((rc = store_prepare(s, "SELECT id, poll, blob FROM batches WHERE "
	    "?1 < 0 OR acked = ?1 ORDER BY id", &st, cause)) != 0)
		return rc;
	sqlite3_bind_int(st, 1, acked);
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(st, 0) != 16) {
			r = util_fail(cause, YK_EINVAL, "%s: a batch id is "
			    "not 16 bytes", s->path);
			break;
		}
		r = fn(arg, sqlite3_column_blob(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    sqlite3_column_blob(st, 2),
		    (size_t)sqlite3_column_bytes(st, 2));
	}
	return store_walk_end(s, st, r, rc, "read batches", cause);
}

int
store_batch_ack(struct store *s, const uint8_t id[16], const uint8_t *ack,
    size_t len, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_prepare(s, "UPDATE batches SET acked = 1, ack = ? "
	    "WHERE id = ? AND acked = 0", &st, cause)) != 0)
		return rc;
	sqlite3_bind_blob(st, 1, ack, (int)len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, id, 16, SQLITE_STATIC);
	return store_done(s, st, "mark batch acknowledged", cause);
}

int
store_batch_stats(struct store *s, const char *poll_id,
    struct store_batch_stats *out, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(out, 0, sizeof *out);
	if ((rc = store_prepare(s, "SELECT "
	    " (SELECT count(*) FROM ballots b WHERE b.batch IS NULL"
	    "   AND b.state = 'real' AND (?1 IS NULL OR b.poll = ?1)),"
	    " (SELECT count(*) FROM ballots b JOIN batches t ON t.id = b.batch"
	    "   WHERE t.acked = 0 AND (?1 IS NULL OR b.poll = ?1)),"
	    " (SELECT count(*) FROM ballots b JOIN batches t ON t.id = b.batch"
	    "   WHERE t.acked = 1 AND (?1 IS NULL OR b.poll = ?1)),"
	    " (SELECT count(*) FROM batches WHERE acked = 0"
	    "   AND (?1 IS NULL OR poll = ?1)),"
	    " (SELECT count(*) FROM batches WHERE acked = 1"
	    "   AND (?1 IS NULL OR poll = ?1))", &st, cause)) != 0)
		return rc;
	if (poll_id != NULL)
		sqlite3_bind_text(st, 1, poll_id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 1);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->pending = sqlite3_column_int64(st, 0);
		out->queued = sqlite3_column_int64(st, 1);
		out->uploaded = sqlite3_column_int64(st, 2);
		out->batches_unacked = sqlite3_column_int64(st, 3);
		out->batches_acked = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_err(s, rc, "batch statistics", cause);
	return 0;
}

int
store_bulk(struct store *s, int on, char **cause)
{
	/* SQLite's default is -2000 (KiB); given back when the bulk ends. */
	return store_exec(s, on ? "PRAGMA cache_size = -16384" :
	    "PRAGMA cache_size = -2000", cause);
}
