/*
 * store-slots: where the kiosk keeps ballots and receipts so that a seized
 * card does not tell the order of voting (DESIGN invariant 2; the argument
 * is in docs/THREAT-MODEL.md, "The seized card").
 *
 * - Each poll has two pools of fixed-size slots, one in table "slots"
 *   (ballots) and one in table "receipts", made at `poll test` (and grown
 *   later) as dummy rows of random bytes.  A pool is a range of rowids:
 *   base = pool number << 32.
 * - A cast overwrites one free slot of each pool, chosen uniformly at
 *   random, with a row of the very same size.  SQLite then rewrites the
 *   cell in place (no page split, no cell moved), so where a ballot sits
 *   says nothing about when it came.
 * - A pool more than half full is grown to twice its size, and all its
 *   rows are shuffled, so that ballots cast before the growth do not crowd
 *   the low slots.  Growth runs in store_idle, after the thank-you screen.
 * - Commits go to a WAL (synchronous FULL: one sync per cast).  After each
 *   commit, and before the next voter, store_idle copies the WAL into the
 *   database and overwrites it with zeros in place (sweep, below), so the
 *   card never holds the pages as they were before a cast, nor which pages
 *   the last casts wrote: the WAL is never deleted or truncated (its
 *   blocks would reach the filesystem's free list) and its index lives in
 *   RAM (src/store-vfs.c).  store_open does the same at start-up, after
 *   a power cut.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ykien/store.h"
#include "ykien/keys.h"
#include "ykien/util.h"
#include "store-int.h"

#define POOL_MIN	64	/* slots of a new pool, at least */
#define WAL_HDR		32	/* bytes of a WAL's header */
#define WAL_FRAME_HDR	24	/* bytes before each page in the WAL */
#define CKPT_TRIES	250	/* 20 ms apart: 5 s of another's checkpoint */
#define TAKE_TRIES	64	/* random probes before a linear pick */


/* The SQL of one kind of pool; receipts have no batch column. */
static const struct kind {
	const char	*name;
	const char	*probe;		/* state of one slot */
	const char	*fill;		/* a dummy row */
	const char	*read;		/* every row of a range */
	const char	*write;		/* one row, in place */
	const char	*nfree;
} kinds[2] = { {
	"ballot",
	"SELECT state FROM slots WHERE slot = ?",
	"INSERT INTO slots(slot, state, batch, body) VALUES (?, 'free', "
	    "zeroblob(16), randomblob(?))",
	"SELECT slot, state, batch, body FROM slots WHERE slot BETWEEN ? "
	    "AND ? ORDER BY slot",
	"UPDATE slots SET state = ?1, batch = ?2, body = ?3 WHERE slot = ?4",
	"SELECT count(*) FROM slots WHERE slot BETWEEN ? AND ? AND "
	    "state = 'free'",
}, {
	"receipt",
	"SELECT state FROM receipts WHERE slot = ?",
	"INSERT INTO receipts(slot, state, code) VALUES (?, 'free', "
	    "randomblob(?))",
	"SELECT slot, state, NULL, code FROM receipts WHERE slot BETWEEN ? "
	    "AND ? ORDER BY slot",
	"UPDATE receipts SET state = ?1, code = ?3 WHERE slot = ?4 AND "
	    "?2 IS NULL",
	"SELECT count(*) FROM receipts WHERE slot BETWEEN ? AND ? AND "
	    "state = 'free'",
} };

int
store_pool_get(struct store *s, const char *poll_id, int kind,
    struct store_pool *p, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(p, 0, sizeof *p);
	if ((rc = store_prepare(s, "SELECT base, size, len FROM pools WHERE "
	    "poll = ? AND kind = ?", &st, cause)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, poll_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kinds[kind].name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		p->kind = kind;
		p->base = sqlite3_column_int64(st, 0);
		p->size = sqlite3_column_int64(st, 1);
		p->len = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return util_fail(cause, YK_ENOENT, "poll \"%s\" has no %s "
		    "slots (it was never put to test)", poll_id,
		    kinds[kind].name);
	if (rc != SQLITE_ROW)
		return store_err(s, rc, "read pool", cause);
	return 0;
}

/* Append dummy rows [from, to) to a pool. */
static int
fill(struct store *s, const struct store_pool *p, long long from,
    long long to, char **cause)
{
	sqlite3_stmt	*st;
	long long	 n;
	int		 rc;

	if ((rc = store_prepare(s, kinds[p->kind].fill, &st, cause)) != 0)
		return rc;
	rc = SQLITE_DONE;
	for (n = from; n < to && rc == SQLITE_DONE; n++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, p->base + n);
		sqlite3_bind_int(st, 2, p->len);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_err(s, rc, "make slots", cause);
	return 0;
}

struct row {
	char		state[5];
	uint8_t		batch[16];
	int		has_batch;
	uint8_t		*body;
	int		len;
};

static void
rows_free(struct row *r, long long n)
{
	long long	i;

	if (r == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (r[i].body != NULL)
			keys_wipe(r[i].body, (size_t)r[i].len);
		free(r[i].body);
	}
	keys_wipe(r, (size_t)n * sizeof *r);
	free(r);
}

/* Read every row of the pool, in slot order. */
static int
rows_read(struct store *s, const struct store_pool *p, struct row **out,
    char **cause)
{
	sqlite3_stmt	*st;
	struct row	*r;
	long long	 n = 0;
	int		 rc;

	*out = NULL;
	if ((r = calloc((size_t)p->size, sizeof *r)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((rc = store_prepare(s, kinds[p->kind].read, &st, cause)) != 0) {
		free(r);
		return rc;
	}
	sqlite3_bind_int64(st, 1, p->base);
	sqlite3_bind_int64(st, 2, p->base + p->size - 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < p->size) {
		struct row *w = &r[n++];

		snprintf(w->state, sizeof w->state, "%s",
		    (const char *)sqlite3_column_text(st, 1));
		if ((w->has_batch = sqlite3_column_type(st, 2) != SQLITE_NULL))
			memcpy(w->batch, sqlite3_column_blob(st, 2),
			    sqlite3_column_bytes(st, 2) == 16 ? 16 : 0);
		w->len = sqlite3_column_bytes(st, 3);
		if ((w->body = malloc((size_t)w->len + 1)) == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		memcpy(w->body, sqlite3_column_blob(st, 3), (size_t)w->len);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE || n != p->size) {
		rows_free(r, p->size);
		if (rc == SQLITE_DONE || rc == SQLITE_ROW)
			return util_fail(cause, YK_EINVAL, "%s: a %s pool has "
			    "%lld rows, not %lld", s->path,
			    kinds[p->kind].name, n, p->size);
		return store_err(s, rc, "read slots", cause);
	}
	*out = r;
	return 0;
}

/* Write row r to slot n of the pool, in place (same size). */
static int
row_write(struct store *s, sqlite3_stmt *st, const struct store_pool *p,
    long long n, const struct row *r)
{
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, r->state, -1, SQLITE_STATIC);
	if (p->kind == STORE_POOL_BALLOT)
		sqlite3_bind_blob(st, 2, r->batch, 16, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_blob(st, 3, r->body, r->len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, p->base + n);
	return sqlite3_step(st);
}

/*
 * Inside a transaction: grow the pool to size slots and deal every row out
 * again to a uniformly random slot (Fisher-Yates), so that no slot number
 * reflects whether its ballot came before or after the growth.
 */
static int
grow(struct store *s, struct store_pool *p, long long size, char **cause)
{
	sqlite3_stmt	*st = NULL;
	struct row	*r = NULL, tmp;
	long long	 i, j;
	int		 rc;

	if (size > 0xffffffffLL)
		return util_fail(cause, YK_EFULL, "a poll cannot hold more "
		    "than 2^31 ballots");
	if ((rc = fill(s, p, p->size, size, cause)) != 0)
		return rc;
	p->size = size;
	if ((rc = rows_read(s, p, &r, cause)) != 0)
		return rc;
	for (i = p->size - 1; i > 0; i--) {
		j = (long long)keys_uniform((uint32_t)(i + 1));
		tmp = r[i];
		r[i] = r[j];
		r[j] = tmp;
	}
	if ((rc = store_prepare(s, kinds[p->kind].write, &st, cause)) != 0)
		goto out;
	rc = SQLITE_DONE;
	for (i = 0; i < p->size && rc == SQLITE_DONE; i++)
		rc = row_write(s, st, p, i, &r[i]);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rc = store_err(s, rc, "shuffle slots", cause);
		goto out;
	}
	rc = 0;
	if ((rc = store_prepare(s, "UPDATE pools SET size = ? WHERE base = ?",
	    &st, cause)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, p->size);
	sqlite3_bind_int64(st, 2, p->base);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	rc = rc == SQLITE_DONE ? 0 : store_err(s, rc, "pool size", cause);
out:
	rows_free(r, p->size);
	return rc;
}

static int
pool_free_count(struct store *s, const struct store_pool *p, long long *n,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	*n = 0;
	if ((rc = store_prepare(s, kinds[p->kind].nfree, &st, cause)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, p->base);
	sqlite3_bind_int64(st, 2, p->base + p->size - 1);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : store_err(s, rc, "count slots", cause);
}

/* Inside a transaction: make the pool, or grow it to hold want more. */
static int
pool_ensure(struct store *s, const char *poll_id, int kind, int len,
    long long want, char **cause)
{
	struct store_pool	 p;
	sqlite3_stmt		*st;
	long long		 nfree, used, size;
	int			 rc;

	rc = store_pool_get(s, poll_id, kind, &p, NULL);
	if (rc == YK_ENOENT) {
		size = want * 2 > POOL_MIN ? want * 2 : POOL_MIN;
		if ((rc = store_prepare(s, "INSERT INTO pools(poll, kind, "
		    "base, size, len) VALUES (?1, ?2, ((SELECT coalesce(max("
		    "base), 0) FROM pools) >> 32) + 1 << 32, ?3, ?4) "
		    "RETURNING base", &st, cause)) != 0)
			return rc;
		sqlite3_bind_text(st, 1, poll_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, kinds[kind].name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, size);
		sqlite3_bind_int(st, 4, len);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			p.base = sqlite3_column_int64(st, 0);
		if (rc == SQLITE_ROW)
			rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return store_err(s, rc, "make pool", cause);
		p.kind = kind;
		p.size = size;
		p.len = len;
		return fill(s, &p, 0, size, cause);
	}
	if (rc != 0)
		return store_pool_get(s, poll_id, kind, &p, cause);
	if ((rc = pool_free_count(s, &p, &nfree, cause)) != 0)
		return rc;
	used = p.size - nfree;
	if ((used + want) * 2 <= p.size)
		return 0;
	for (size = p.size * 2; (used + want) * 2 > size; size *= 2)
		;
	return grow(s, &p, size, cause);
}

int
store_slots_ready(struct store *s, const char *poll_id, size_t ballot_len,
    long long want, char **cause)
{
	int	rc, outer = sqlite3_get_autocommit(s->db) != 0;

	if (outer && (rc = store_exec(s, "BEGIN IMMEDIATE", cause)) != 0)
		return rc;
	if ((rc = pool_ensure(s, poll_id, STORE_POOL_BALLOT, (int)ballot_len,
	    want, cause)) == 0)
		rc = pool_ensure(s, poll_id, STORE_POOL_RECEIPT, STORE_RECEIPT,
		    want, cause);
	if (outer) {
		if (rc == 0)
			rc = store_exec(s, "COMMIT", cause);
		if (rc != 0)
			store_rollback(s);
	}
	return rc;
}

int
store_pool_grow(struct store *s, struct store_pool *p, char **cause)
{
	return grow(s, p, p->size * 2, cause);
}

int
store_slot_take(struct store *s, const struct store_pool *p, long long *slot,
    char **cause)
{
	sqlite3_stmt	*st;
	long long	 n = 0, nfree;
	int		 rc, i, isfree = 0;

	if ((rc = store_prepare(s, kinds[p->kind].probe, &st, cause)) != 0)
		return rc;
	for (i = 0; i < TAKE_TRIES && !isfree; i++) {
		n = (long long)keys_uniform((uint32_t)p->size);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, p->base + n);
		if ((rc = sqlite3_step(st)) != SQLITE_ROW)
			break;
		isfree = strcmp((const char *)sqlite3_column_text(st, 0),
		    "free") == 0;
	}
	sqlite3_finalize(st);
	if (!isfree && rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_err(s, rc, "find a free slot", cause);
	if (!isfree) {
		/* Nearly full (growth is overdue): the k-th free slot. */
		if ((rc = pool_free_count(s, p, &nfree, cause)) != 0)
			return rc;
		if (nfree == 0)
			return util_fail(cause, YK_EFULL, "no free %s slot",
			    kinds[p->kind].name);
		if ((rc = store_prepare(s, p->kind == STORE_POOL_BALLOT ?
		    "SELECT slot FROM slots WHERE slot BETWEEN ? AND ? AND "
		    "state = 'free' LIMIT 1 OFFSET ?" :
		    "SELECT slot FROM receipts WHERE slot BETWEEN ? AND ? AND "
		    "state = 'free' LIMIT 1 OFFSET ?", &st, cause)) != 0)
			return rc;
		sqlite3_bind_int64(st, 1, p->base);
		sqlite3_bind_int64(st, 2, p->base + p->size - 1);
		sqlite3_bind_int64(st, 3, (long long)keys_uniform((uint32_t)
		    nfree));
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0) - p->base;
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW)
			return store_err(s, rc, "find a free slot", cause);
	}
	*slot = p->base + n;
	return 0;
}

int
store_slot_put(struct store *s, const struct store_pool *p, long long slot,
    const char *state, const uint8_t *body, size_t len, char **cause)
{
	sqlite3_stmt	*st;
	struct row	 r;
	int		 rc;

	if ((int)len != p->len)
		return util_fail(cause, YK_EINVAL, "a %zu-byte %s does not fit "
		    "its %d-byte slots", len, kinds[p->kind].name, p->len);
	memset(&r, 0, sizeof r);
	snprintf(r.state, sizeof r.state, "%s", state);
	r.body = (uint8_t *)(uintptr_t)body;
	r.len = (int)len;
	if ((rc = store_prepare(s, kinds[p->kind].write, &st, cause)) != 0)
		return rc;
	rc = row_write(s, st, p, slot - p->base, &r);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_err(s, rc, "write slot", cause);
	if (sqlite3_changes(s->db) != 1)
		return util_fail(cause, YK_EIO, "slot %lld vanished", slot);
	return 0;
}

/*
 * Whether the WAL needs a sweep: it holds anything after its header and
 * the one frame that primes it (or, not primed: anything at all).  quick
 * reads only the 8 KiB that follow (a frame is a page and 24 bytes, so a
 * second frame would show there); a full look (start-up) reads to the
 * end, for what a power cut left beyond the last valid frame.  Read
 * through the page cache, so that what other processes committed is seen.
 * A WAL of zeros is clean (*primed 0), and only store_idle primes it: a
 * store opened and closed without a commit keeps every byte.
 */
static int
wal_dirty(const char *path, int quick, int *dirty, int *primed, char **cause)
{
	static const uint8_t	zero[8192];
	uint8_t			buf[sizeof zero];
	ssize_t			n;
	off_t			off = WAL_HDR;
	int			fd, rc = 0;

	*dirty = *primed = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 0 : util_fail(cause, YK_EIO,
		    "%s: %s", path, strerror(errno));
	if ((n = pread(fd, buf, WAL_HDR, 0)) == WAL_HDR &&
	    (*primed = memcmp(buf, zero, WAL_HDR) != 0))
		off += WAL_FRAME_HDR + (off_t)((uint32_t)buf[8] << 24 |
		    (uint32_t)buf[9] << 16 | (uint32_t)buf[10] << 8 | buf[11]);
	while (n >= 0 && (n = pread(fd, buf, sizeof buf, off)) > 0) {
		if (memcmp(buf, zero, (size_t)n) != 0) {
			*dirty = 1;
			break;
		}
		if (quick)
			break;
		off += n;
	}
	if (n < 0)
		rc = util_fail(cause, YK_EIO, "%s: %s", path, strerror(errno));
	keys_wipe(buf, sizeof buf);
	(void)close(fd);
	return rc;
}

/*
 * Copy every committed frame of the WAL into the database and overwrite
 * the WAL with zeros (a TRUNCATE checkpoint: SQLite waits for readers and
 * writers, copies and syncs, and src/store-vfs.c turns the truncation into
 * zeros in place), then prime it.  Priming commits a change to the
 * database header alone (application_id, set to the value it has), so
 * that the WAL's header, which SQLite writes and syncs on its own after a
 * checkpoint, is written here and not in the next cast: a cast then costs
 * one sync (docs/PERFORMANCE.md).  What the primed WAL holds is the
 * current page 1: no ballot, code or receipt, and nothing of any order.
 */
static int
sweep_wal(struct store *s, const char *path, int quick, int prime,
    char **cause)
{
	int	 rc, tries, dirty = 1, primed = 0, nlog = 0, nckpt = 0;

	rc = wal_dirty(path, quick, &dirty, &primed, cause);
	if (rc != 0 || (!dirty && (primed || !prime)))
		return rc;
	if (!dirty) {
		/*
		 * Only priming a WAL of zeros (the voter screen's first
		 * turn): the fault tests' N-th write or sync must stay the
		 * first cast's, as it was before the WAL.
		 */
		store_fault_hold(1);
		rc = store_exec(s, "PRAGMA application_id = " STORE_APP_ID,
		    cause);
		store_fault_hold(0);
		return rc;
	}
	/*
	 * Another process's checkpoint (the uploader's sweep, an official's
	 * command closing) makes ours fail at once, without the busy
	 * handler; it is doing the same work, so wait and look again.
	 */
	for (tries = 0; (rc = sqlite3_wal_checkpoint_v2(s->db, NULL,
	    SQLITE_CHECKPOINT_TRUNCATE, &nlog, &nckpt)) == SQLITE_BUSY &&
	    tries < CKPT_TRIES; tries++) {
		sqlite3_sleep(20);
		if ((rc = wal_dirty(path, 1, &dirty, &primed, cause)) != 0)
			return rc;
		if (!dirty && primed)
			return 0;
	}
	if (rc != SQLITE_OK)
		return store_err(s, rc, "checkpoint the WAL", cause);
	return store_exec(s, "PRAGMA application_id = " STORE_APP_ID, cause);
}

static int
sweep(struct store *s, int quick, int prime, char **cause)
{
	char	*path;
	int	 rc;

	if (!sqlite3_get_autocommit(s->db))
		return util_fail(cause, YK_ESTATE, "store_sweep inside a "
		    "transaction");
	if ((path = util_printf("%s-wal", s->path)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = sweep_wal(s, path, quick, prime, cause);
	free(path);
	return rc;
}

static int
sweep_once(struct store *s, int prime, char **cause)
{
	int	rc;

	/* The first sweep of a connection (at store_open) reads it all. */
	if ((rc = sweep(s, s->swept_once, prime, cause)) == 0)
		s->swept_once = 1;
	return rc;
}

int
store_sweep(struct store *s, char **cause)
{
	return sweep_once(s, 0, cause);
}

/*
 * 1 if path's rollback journal starts with a journal header (SQLite's
 * magic): a transaction was cut and the next open will roll it back.  Only
 * a store from before the WAL (journal_mode PERSIST) can have one.
 */
int
store_journal_hot(const char *path)
{
	static const unsigned char magic[8] = {
		0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7,
	};
	unsigned char	 head[8];
	char		*jp;
	int		 fd, hot = 0;

	if ((jp = util_printf("%s-journal", path)) == NULL)
		return 1;	/* cannot tell: wipe, to be safe */
	if ((fd = open(jp, O_RDONLY | O_CLOEXEC)) != -1) {
		hot = read(fd, head, sizeof head) == (ssize_t)sizeof head &&
		    memcmp(head, magic, sizeof magic) == 0;
		close(fd);
	}
	free(jp);
	return hot;
}

/*
 * Overwrite every page on the freelist with zeros.  secure_delete zeroes a
 * page when a commit frees it, but a transaction cut by a power cut may
 * have written ballots into pages it took from the freelist, and SQLite
 * journals no free page (its content does not matter to the database), so
 * the rollback at the next open leaves those copies where they are.  A
 * scratch table of zero bytes takes every free page (the freelist is used
 * before the file grows) and is dropped again in the same transaction,
 * all through SQLite, so the pages it leaves free hold only zeros.
 */
int
store_wipe_free(struct store *s, char **cause)
{
	sqlite3_stmt	*st;
	long long	 nfree, psize, chunk;
	int		 rc;

	if ((rc = store_count(s, "PRAGMA freelist_count", NULL, &nfree,
	    "freelist", cause)) != 0 || nfree == 0 ||
	    (rc = store_count(s, "PRAGMA page_size", NULL, &psize,
	    "page size", cause)) != 0)
		return rc;
	if ((rc = store_exec(s, "BEGIN IMMEDIATE; "
	    "CREATE TABLE wipe_free(b BLOB)", cause)) != 0)
		goto fail;
	if ((rc = store_prepare(s, "INSERT INTO wipe_free VALUES "
	    "(zeroblob(?))", &st, cause)) != 0)
		goto fail;
	/* A page or more per free page; in blobs of at most 1,024 pages. */
	for (; nfree > 0 && rc == 0; nfree -= chunk) {
		chunk = nfree < 1024 ? nfree : 1024;
		sqlite3_bind_int64(st, 1, chunk * psize);
		if ((rc = sqlite3_step(st)) == SQLITE_DONE)
			rc = sqlite3_reset(st);
		if (rc != SQLITE_OK)
			rc = store_err(s, rc, "wipe the freelist", cause);
	}
	sqlite3_finalize(st);
	if (rc != 0 || (rc = store_exec(s, "DROP TABLE wipe_free; COMMIT",
	    cause)) != 0)
		goto fail;
	return 0;
fail:
	store_rollback(s);
	return rc;
}

/* Grow every pool that is more than half full. */
static int
grow_full_pools(struct store *s, char **cause)
{
	sqlite3_stmt		*st;
	struct store_pool	 p[16];
	long long		 nfree;
	int			 rc, i, n = 0;

	if ((rc = store_prepare(s, "SELECT base, size, len, kind = 'receipt' "
	    "FROM pools ORDER BY base DESC LIMIT 16", &st, cause)) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p[n].base = sqlite3_column_int64(st, 0);
		p[n].size = sqlite3_column_int64(st, 1);
		p[n].len = sqlite3_column_int(st, 2);
		p[n].kind = sqlite3_column_int(st, 3);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_err(s, rc, "read pools", cause);
	s->slack = 0;
	for (i = 0; i < n; i++) {
		if ((rc = pool_free_count(s, &p[i], &nfree, cause)) != 0)
			return rc;
		if (nfree * 2 < p[i].size) {
			nfree += p[i].size;
			if ((rc = grow(s, &p[i], p[i].size * 2, cause)) != 0)
				return rc;
		}
		if (i == 0 || nfree - (p[i].size + 1) / 2 < s->slack)
			s->slack = nfree - (p[i].size + 1) / 2;
	}
	if (s->slack < 1)
		s->slack = 1;
	return 0;
}

int
store_idle(struct store *s, char **cause)
{
	return store_grow_sweep(s, 1, cause);
}

int
store_grow_sweep(struct store *s, int prime, char **cause)
{
	int	rc;

	if (!sqlite3_get_autocommit(s->db))
		return util_fail(cause, YK_ESTATE, "store_idle inside a "
		    "transaction");
	if (s->slack > 0)
		return sweep_once(s, prime, cause);
	if ((rc = store_exec(s, "BEGIN IMMEDIATE", cause)) != 0)
		return rc;
	if ((rc = grow_full_pools(s, cause)) != 0 ||
	    (rc = store_exec(s, "COMMIT", cause)) != 0) {
		store_rollback(s);
		return rc;
	}
	return sweep_once(s, prime, cause);
}
