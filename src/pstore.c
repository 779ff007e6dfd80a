/*
 * pstore: the province's database (contract in
 * include/ykien/pstore.h), written once in portable SQL against the
 * driver in src/db.h, so that it runs on SQLite (one machine) and on
 * PostgreSQL (several collectors, one store) alike.
 *
 * Several collectors may store the same batch at the same moment.  What
 * decides is the batches table's primary key: the insert that loses finds
 * the row there (ON CONFLICT DO NOTHING), writes nothing, and the caller
 * answers with the acknowledgement already held.  A transaction that lost
 * a race the database could not order (a deadlock between two batches
 * that share ballot ids) is run again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ykien/pstore.h"
#include "ykien/util.h"
#include "db.h"

#define RETRIES	5

struct pstore {
	struct db	*db;
};

/*
 * Append only, as for the kiosk: an old province database must migrate.
 * Portable SQL (src/db.h); each step ends by setting its own version,
 * which db-pg.c keeps in a table.
 */
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
	/*
	 * 3: batch and ballot ids unique per (poll, kiosk), not across the
	 * province, so that a kiosk that copies another's ids takes nothing
	 * from it (THREAT-MODEL.md, "Ids per kiosk").
	 */
	"CREATE TABLE batches3(id BLOB NOT NULL, hash BLOB NOT NULL,"
	"  kiosk BLOB NOT NULL, poll TEXT NOT NULL, n INTEGER NOT NULL,"
	"  blob BLOB NOT NULL, ack BLOB NOT NULL,"
	"  PRIMARY KEY(poll, kiosk, id)) WITHOUT ROWID;"
	"INSERT INTO batches3 SELECT id, hash, kiosk, poll, n, blob, ack"
	"  FROM batches;"
	"DROP TABLE batches;"
	"ALTER TABLE batches3 RENAME TO batches;"
	"CREATE INDEX batches_id ON batches(id);"
	"CREATE TABLE ballots3(id BLOB NOT NULL, poll TEXT NOT NULL,"
	"  kiosk BLOB NOT NULL, batch BLOB NOT NULL, blob BLOB NOT NULL,"
	"  PRIMARY KEY(poll, kiosk, id)) WITHOUT ROWID;"
	"INSERT INTO ballots3 SELECT id, poll, kiosk, batch, blob FROM ballots;"
	"DROP TABLE ballots;"
	"ALTER TABLE ballots3 RENAME TO ballots;"
	"CREATE INDEX ballots_poll ON ballots(poll, id);"
	"CREATE INDEX ballots_id ON ballots(id);"
	"PRAGMA user_version = 3;",
	/*
	 * 4: when each batch was accepted, so that a kiosk revoked from a
	 * time keeps what came before it.  Batches held before this
	 * migration count as accepted at 1, the time a kiosk revoked before
	 * it was revoked from: they stay excluded as they were.
	 */
	"CREATE TABLE batch_times(kiosk BLOB NOT NULL, batch BLOB NOT NULL,"
	"  accepted BIGINT NOT NULL, PRIMARY KEY(kiosk, batch))"
	"  WITHOUT ROWID;"
	"INSERT INTO batch_times SELECT kiosk, id, 1 FROM batches;"
	"PRAGMA user_version = 4;",
	/*
	 * 5: counts kept at intake, in the batch's transaction (question -1
	 * holds the ballots), and the signed audit results that let the
	 * tally trust them (pstore-counts.c).
	 */
	"CREATE TABLE counts(poll TEXT NOT NULL, kiosk BLOB NOT NULL,"
	"  q INTEGER NOT NULL, opt INTEGER NOT NULL, n BIGINT NOT NULL,"
	"  PRIMARY KEY(poll, kiosk, q, opt)) WITHOUT ROWID;"
	"CREATE TABLE audits(poll TEXT NOT NULL, made BIGINT NOT NULL,"
	"  digest BLOB NOT NULL, result BLOB NOT NULL, sig TEXT NOT NULL,"
	"  PRIMARY KEY(poll, made)) WITHOUT ROWID;"
	/* A batch's ballots, to put it back together (pstore_batch_parts). */
	"CREATE INDEX ballots_batch ON ballots(batch, id);"
	"PRAGMA user_version = 5;",
	/*
	 * 6: batch times keyed as batches are, by (poll, kiosk, batch): a
	 * kiosk may use one batch id in two polls (migration 3).  And the
	 * revocation time as a 64-bit integer on both backends (INTEGER is
	 * 32 bits on PostgreSQL; SQLite's is 64 already).  Tables are
	 * rebuilt, as ALTER COLUMN is not portable.
	 */
	"CREATE TABLE batch_times6(poll TEXT NOT NULL, kiosk BLOB NOT NULL,"
	"  batch BLOB NOT NULL, accepted BIGINT NOT NULL,"
	"  PRIMARY KEY(poll, kiosk, batch)) WITHOUT ROWID;"
	"INSERT INTO batch_times6 SELECT b.poll, b.kiosk, b.id,"
	"  coalesce(t.accepted, 1) FROM batches b LEFT JOIN batch_times t"
	"  ON t.kiosk = b.kiosk AND t.batch = b.id;"
	"DROP TABLE batch_times;"
	"ALTER TABLE batch_times6 RENAME TO batch_times;"
	"CREATE TABLE kiosks6(keynum BLOB PRIMARY KEY, pk BLOB NOT NULL,"
	"  commune TEXT NOT NULL, village TEXT NOT NULL,"
	"  revoked BIGINT NOT NULL DEFAULT 0) WITHOUT ROWID;"
	"INSERT INTO kiosks6 SELECT keynum, pk, commune, village, revoked"
	"  FROM kiosks;"
	"DROP TABLE kiosks;"
	"ALTER TABLE kiosks6 RENAME TO kiosks;"
	"PRAGMA user_version = 6;",
	/*
	 * 7: a batch's ballots side by side, keyed by (poll, kiosk, batch,
	 * id), so that storing a batch writes a run of pages and not a page
	 * at a random place per ballot in each of three trees.  One index
	 * keeps an id once per (poll, kiosk) and finds an id sent by other
	 * kiosks; the two others go (docs/PERFORMANCE.md, "Ingest").
	 */
	"CREATE TABLE ballots7(id BLOB NOT NULL, poll TEXT NOT NULL,"
	"  kiosk BLOB NOT NULL, batch BLOB NOT NULL, blob BLOB NOT NULL,"
	"  PRIMARY KEY(poll, kiosk, batch, id)) WITHOUT ROWID;"
	"INSERT INTO ballots7 SELECT id, poll, kiosk, batch, blob"
	"  FROM ballots;"
	"DROP TABLE ballots;"
	"ALTER TABLE ballots7 RENAME TO ballots;"
	"CREATE UNIQUE INDEX ballots_id ON ballots(id, poll, kiosk);"
	"PRAGMA user_version = 7;",
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]) - 1)

int
pstore_open(const char *url, struct pstore **out, char **cause)
{
	struct pstore	*ps;
	int		 rc;

	if ((ps = util_calloc(1, sizeof *ps)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((rc = db_open(url, migrations, N_MIGRATIONS, &ps->db,
	    cause)) != 0) {
		free(ps);
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
	rc = db_close(ps->db);
	free(ps);
	return rc;
}

int
pstore_locate(const char *dir, char **url, char **cause)
{
	const char	*env = getenv("YKIEN_DB");
	char		*p;
	uint8_t		*buf = NULL;
	size_t		 len;
	int		 rc;

	*url = NULL;
	if (env != NULL && *env != '\0')
		*url = util_strdup(env);
	else if ((p = util_path(dir, "db.url")) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	else if (!util_exists(p)) {
		free(p);
		*url = util_printf("sqlite:%s/province.db", dir);
	} else {
		rc = util_read_file(p, 4096, &buf, &len, cause);
		free(p);
		if (rc != 0)
			return rc;
		buf[strcspn((char *)buf, "\r\n")] = '\0';
		if (buf[0] == '\0') {
			free(buf);
			return util_fail(cause, YK_EINVAL, "%s/db.url is empty "
			    "(write the store's URL in it, or remove it)", dir);
		}
		*url = (char *)buf;
	}
	if (*url == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	return 0;
}

int
pstore_remember(const char *dir, char **cause)
{
	const char	*env = getenv("YKIEN_DB");
	char		*p, *line;
	int		 rc;

	if (env == NULL || *env == '\0')
		return 0;
	if ((p = util_path(dir, "db.url")) == NULL ||
	    (line = util_printf("%s\n", env)) == NULL) {
		free(p);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	rc = util_write_excl(p, line, strlen(line), 0600, cause);
	free(line);
	free(p);
	return rc;
}

const char *
pstore_backend(struct pstore *ps)
{
	return db_backend(ps->db);
}

struct db *
pstore_db(struct pstore *ps)
{
	return ps->db;
}

/* Step a write statement that returns no row. */
static int
step_done(struct db_stmt *st, const char *what, char **cause)
{
	int	rc = db_step(st, cause);

	if (rc == DB_ROW)
		return util_fail(cause, YK_EIO, "%s: unexpected row", what);
	return rc;
}

int
pstore_kiosk_add(struct pstore *ps, const struct pstore_kiosk *k,
    char **cause)
{
	struct db_stmt	*st;
	int		 rc;

	if ((rc = db_prepare(ps->db, "INSERT INTO kiosks(keynum, pk, "
	    "commune, village, revoked) VALUES (?, ?, ?, ?, 0)", &st,
	    cause)) != 0)
		return rc;
	db_bind_blob(st, 1, k->pub.keynum, KEYS_NUM);
	db_bind_blob(st, 2, k->pub.pk, KEYS_PUBLIC);
	db_bind_text(st, 3, k->commune);
	db_bind_text(st, 4, k->village);
	rc = step_done(st, "add kiosk", cause);
	db_finalize(st);
	if (rc == YK_EDUP)
		return util_fail(cause, YK_EEXIST, "this kiosk key is already "
		    "registered (a revoked key stays revoked: make a new one)");
	return rc;
}

static void
kiosk_row(struct db_stmt *st, struct pstore_kiosk *k)
{
	const void	*p;
	size_t		 n;

	memset(k, 0, sizeof *k);
	if ((p = db_col_blob(st, 0, &n)) != NULL && n == KEYS_NUM)
		memcpy(k->pub.keynum, p, KEYS_NUM);
	if ((p = db_col_blob(st, 1, &n)) != NULL && n == KEYS_PUBLIC)
		memcpy(k->pub.pk, p, KEYS_PUBLIC);
	snprintf(k->commune, sizeof k->commune, "%s", db_col_text(st, 2));
	snprintf(k->village, sizeof k->village, "%s", db_col_text(st, 3));
	k->revoked = db_col_int(st, 4);
}

int
pstore_kiosk_get(struct pstore *ps, const uint8_t keynum[KEYS_NUM],
    struct pstore_kiosk *k, char **cause)
{
	struct db_stmt	*st;
	int		 rc;

	if ((rc = db_prepare(ps->db, "SELECT keynum, pk, commune, village, "
	    "revoked FROM kiosks WHERE keynum = ?", &st, cause)) != 0)
		return rc;
	db_bind_blob(st, 1, keynum, KEYS_NUM);
	if ((rc = db_step(st, cause)) == DB_ROW)
		kiosk_row(st, k);
	db_finalize(st);
	if (rc == DB_DONE)
		return YK_ENOENT;
	return rc < 0 ? rc : 0;
}

int
pstore_kiosk_revoke(struct pstore *ps, const uint8_t keynum[KEYS_NUM],
    long long from, char **cause)
{
	struct db_stmt	*st;
	long long	 n;
	int		 rc;

	/* Revoking again may move the time earlier, never later. */
	if ((rc = db_prepare(ps->db, "UPDATE kiosks SET revoked = CASE "
	    "WHEN revoked = 0 OR ?1 < revoked THEN ?1 ELSE revoked END "
	    "WHERE keynum = ?2", &st, cause)) != 0)
		return rc;
	db_bind_int(st, 1, from > 0 ? from : 1);
	db_bind_blob(st, 2, keynum, KEYS_NUM);
	rc = step_done(st, "revoke kiosk", cause);
	n = db_changes(st);
	db_finalize(st);
	if (rc != 0)
		return rc;
	if (n != 1)
		return util_fail(cause, YK_ENOENT, "no kiosk with that key "
		    "number is registered");
	return 0;
}

int
pstore_kiosk_amend(struct pstore *ps, const uint8_t keynum[KEYS_NUM],
    const char *commune, const char *village, char **cause)
{
	struct db_stmt	*st;
	int		 rc;
	long long	 n = 0;

	if ((rc = db_prepare(ps->db, "SELECT count(*) FROM batches WHERE "
	    "kiosk = ?", &st, cause)) != 0)
		return rc;
	db_bind_blob(st, 1, keynum, KEYS_NUM);
	if ((rc = db_step(st, cause)) == DB_ROW)
		n = db_col_int(st, 0);
	db_finalize(st);
	if (rc < 0)
		return rc;
	if (n > 0)
		return util_fail(cause, YK_ESTATE, "this kiosk has %lld "
		    "accepted batch%s: its commune and village stay as they "
		    "were (revoke it and register a new key)", n, n > 1 ?
		    "es" : "");
	if ((rc = db_prepare(ps->db, "UPDATE kiosks SET commune = ?, "
	    "village = ? WHERE keynum = ? AND revoked = 0", &st,
	    cause)) != 0)
		return rc;
	db_bind_text(st, 1, commune);
	db_bind_text(st, 2, village);
	db_bind_blob(st, 3, keynum, KEYS_NUM);
	rc = step_done(st, "amend kiosk", cause);
	n = db_changes(st);
	db_finalize(st);
	if (rc != 0)
		return rc;
	if (n != 1)
		return util_fail(cause, YK_ENOENT, "no unrevoked kiosk with "
		    "that key number is registered");
	return 0;
}

int
pstore_kiosk_late(struct pstore *ps, const uint8_t keynum[KEYS_NUM],
    const char *poll, long long from, long long *batches, long long *ballots,
    char **cause)
{
	struct db_stmt	*st;
	int		 rc;

	*batches = *ballots = 0;
	/* CAST: sum() is NUMERIC on PostgreSQL; the count stays an integer. */
	if ((rc = db_prepare(ps->db, "SELECT count(*), CAST(coalesce(sum(b.n), "
	    "0) AS BIGINT) FROM batches b LEFT JOIN batch_times t ON "
	    "t.poll = b.poll AND t.kiosk = b.kiosk AND t.batch = b.id "
	    "WHERE b.kiosk = ?1 AND "
	    "b.poll = ?2 AND coalesce(t.accepted, ?3) >= ?3", &st,
	    cause)) != 0)
		return rc;
	db_bind_blob(st, 1, keynum, KEYS_NUM);
	db_bind_text(st, 2, poll);
	db_bind_int(st, 3, from);
	if ((rc = db_step(st, cause)) == DB_ROW) {
		*batches = db_col_int(st, 0);
		*ballots = db_col_int(st, 1);
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

int
pstore_kiosk_each(struct pstore *ps, int (*fn)(void *,
    const struct pstore_kiosk *), void *arg, char **cause)
{
	struct pstore_kiosk	 k;
	struct db_stmt		*st;
	int			 rc, r = 0;

	if ((rc = db_prepare(ps->db, "SELECT keynum, pk, commune, village, "
	    "revoked FROM kiosks ORDER BY commune, village, keynum", &st,
	    cause)) != 0)
		return rc;
	while (r == 0 && (rc = db_step(st, cause)) == DB_ROW) {
		kiosk_row(st, &k);
		r = fn(arg, &k);
	}
	db_finalize(st);
	if (r != 0)
		return r;
	return rc < 0 ? rc : 0;
}

int
pstore_poll_add(struct pstore *ps, const char *id,
    const uint8_t hash[KEYS_HASH], const char *commune, const uint8_t *raw,
    size_t len, const char *sig, char **cause)
{
	struct db_stmt	*st;
	const void	*h;
	size_t		 n;
	int		 rc, same = 0;

	if ((rc = db_prepare(ps->db, "SELECT hash FROM polls WHERE id = ?",
	    &st, cause)) != 0)
		return rc;
	db_bind_text(st, 1, id);
	if ((rc = db_step(st, cause)) == DB_ROW)
		same = (h = db_col_blob(st, 0, &n)) != NULL &&
		    n == KEYS_HASH && memcmp(h, hash, KEYS_HASH) == 0;
	db_finalize(st);
	if (rc == DB_ROW)
		return same ? util_fail(cause, YK_EDUP, "poll \"%s\" is "
		    "already known (same file)", id) :
		    util_fail(cause, YK_ECONFLICT, "another file with poll "
		    "id \"%s\" is already known; a changed poll needs a new "
		    "id", id);
	if (rc < 0)
		return rc;
	if ((rc = db_prepare(ps->db, "INSERT INTO polls(id, hash, commune, "
	    "raw, sig) VALUES (?, ?, ?, ?, ?)", &st, cause)) != 0)
		return rc;
	db_bind_text(st, 1, id);
	db_bind_blob(st, 2, hash, KEYS_HASH);
	db_bind_text(st, 3, commune);
	db_bind_blob(st, 4, raw, len);
	db_bind_text(st, 5, sig);
	rc = step_done(st, "add poll", cause);
	db_finalize(st);
	if (rc == YK_EDUP)
		return util_fail(cause, YK_EDUP, "poll \"%s\" was added "
		    "meanwhile", id);
	return rc;
}

/* A malloc'd, NUL-terminated copy of column c (len may be NULL). */
static int
col_copy(struct db_stmt *st, int c, uint8_t **out, size_t *len,
    char **cause)
{
	const void	*p;
	size_t		 n;

	p = db_col_blob(st, c, &n);
	if ((*out = malloc(n + 1)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if (n > 0)
		memcpy(*out, p, n);
	(*out)[n] = '\0';
	if (len != NULL)
		*len = n;
	return 0;
}

int
pstore_poll_get(struct pstore *ps, const char *id, uint8_t **raw,
    size_t *len, char commune[6], char **cause)
{
	struct db_stmt	*st;
	int		 rc;

	if ((rc = db_prepare(ps->db, "SELECT raw, commune FROM polls WHERE "
	    "id = ?", &st, cause)) != 0)
		return rc;
	db_bind_text(st, 1, id);
	if ((rc = db_step(st, cause)) == DB_ROW) {
		snprintf(commune, 6, "%s", db_col_text(st, 1));
		rc = col_copy(st, 0, raw, len, cause);
	} else if (rc == DB_DONE)
		rc = YK_ENOENT;
	db_finalize(st);
	return rc;
}

int
pstore_poll_each(struct pstore *ps, int (*fn)(void *, const char *,
    const char *), void *arg, char **cause)
{
	struct db_stmt	*st;
	int		 rc, r = 0;

	if ((rc = db_prepare(ps->db, "SELECT id, commune FROM polls ORDER "
	    "BY id", &st, cause)) != 0)
		return rc;
	while (r == 0 && (rc = db_step(st, cause)) == DB_ROW)
		r = fn(arg, db_col_text(st, 0), db_col_text(st, 1));
	db_finalize(st);
	if (r != 0)
		return r;
	return rc < 0 ? rc : 0;
}

int
pstore_batch_get(struct pstore *ps, const char *poll_id,
    const uint8_t kiosk[KEYS_NUM], const uint8_t id[16],
    uint8_t hash[KEYS_HASH], uint8_t **ack, size_t *alen, char **cause)
{
	struct db_stmt	*st;
	const void	*h;
	size_t		 n;
	int		 rc;

	if ((rc = db_prepare(ps->db, "SELECT hash, ack FROM batches WHERE "
	    "poll = ? AND kiosk = ? AND id = ?", &st, cause)) != 0)
		return rc;
	db_bind_text(st, 1, poll_id);
	db_bind_blob(st, 2, kiosk, KEYS_NUM);
	db_bind_blob(st, 3, id, 16);
	if ((rc = db_step(st, cause)) == DB_ROW) {
		if ((h = db_col_blob(st, 0, &n)) == NULL || n != KEYS_HASH)
			rc = util_fail(cause, YK_EINVAL, "damaged batch row");
		else {
			memcpy(hash, h, KEYS_HASH);
			rc = col_copy(st, 1, ack, alen, cause);
		}
	} else if (rc == DB_DONE)
		rc = YK_ENOENT;
	db_finalize(st);
	return rc;
}

/*
 * Ballots per INSERT statement: 64 rows of 5 values, within every
 * backend's limit on parameters.
 */
#define ROWS	64

/*
 * Ballots i to i + n - 1 of b into st, a statement of n rows
 * (db_rows_sql), prepared into *st the first time.
 */
static int
ballots_rows(struct db *db, struct db_stmt **st, const struct pstore_batch *b,
    size_t i, size_t n, char **cause)
{
	char	*sql;
	size_t	 r;
	int	 rc, p;

	if (*st == NULL) {
		if ((sql = db_rows_sql("INSERT INTO ballots(id, poll, kiosk, "
		    "batch, blob)", 5, (int)n, "")) == NULL)
			return util_fail(cause, YK_ENOMEM, "out of memory");
		rc = db_prepare(db, sql, st, cause);
		free(sql);
		if (rc != 0)
			return rc;
	}
	db_reset(*st);
	for (r = 0; r < n; r++) {
		p = 5 * (int)r;
		/* The ballot id follows its 4 + 15-byte domain. */
		db_bind_blob(*st, p + 1, b->ballots[i + r] + 19, 16);
		db_bind_text(*st, p + 2, b->poll_id);
		db_bind_blob(*st, p + 3, b->kiosk, KEYS_NUM);
		db_bind_blob(*st, p + 4, b->id, 16);
		db_bind_blob(*st, p + 5, b->ballots[i + r], b->lens[i + r]);
	}
	return step_done(*st, "store ballots", cause);
}

/*
 * A batch's ballots, each in its row, ROWS to a statement, and its
 * counts, sent together (db_queue_begin: one round trip to PostgreSQL,
 * not a thousand).  When a ballot id is already held, *dup gets the first
 * ballot of the statement that failed (pstore_batch_put names the ballot).
 */
static int
ballots_put(struct db *db, const struct pstore_batch *b, long *dup,
    char **cause)
{
	struct db_stmt	*full = NULL, *last = NULL;
	long		 failed = -1, qfailed;
	size_t		 i, n, stmts = 0;
	int		 rc, qrc;

	*dup = -1;
	if ((rc = db_queue_begin(db, cause)) != 0)
		return rc;
	for (i = 0; i < b->n && rc == 0; i += n, stmts++) {
		n = b->n - i < ROWS ? b->n - i : ROWS;
		if ((rc = ballots_rows(db, n == ROWS ? &full : &last, b, i, n,
		    cause)) != 0)
			failed = (long)stmts;
	}
	db_finalize(full);
	db_finalize(last);
	if (rc == 0)
		rc = pstore_counts_add(db, b, cause);
	/* On SQLite every step has run; on PostgreSQL they run now. */
	qrc = db_queue_end(db, &qfailed, rc == 0 ? cause : NULL);
	if (rc == 0) {
		rc = qrc;
		failed = qfailed;
	}
	if (rc == YK_EDUP && failed >= 0 && (size_t)failed < stmts)
		*dup = failed * ROWS;
	return rc;
}

/*
 * After a refusal for a ballot id already held (and the rollback): the
 * first of b's ballots from ballot i on whose id this kiosk sent for this
 * poll in another batch, named as the kiosk's uploader shows it.
 */
static int
name_dup(struct db *db, const struct pstore_batch *b, size_t i, char **cause)
{
	struct db_stmt	*st = NULL;
	size_t		 end = b->n - i < ROWS ? b->n : i + ROWS;
	int		 rc = DB_DONE;

	if (db_prepare(db, "SELECT 1 FROM ballots WHERE id = ? AND poll = ? "
	    "AND kiosk = ?", &st, NULL) != 0)
		end = i;
	for (; i < end && rc == DB_DONE; i++) {
		db_reset(st);
		db_bind_blob(st, 1, b->ballots[i] + 19, 16);
		db_bind_text(st, 2, b->poll_id);
		db_bind_blob(st, 3, b->kiosk, KEYS_NUM);
		rc = db_step(st, NULL);
	}
	db_finalize(st);
	free(*cause);
	*cause = NULL;
	if (rc == DB_ROW)
		return util_fail(cause, YK_EDUP, "ballot %zu: this kiosk "
		    "already sent its id for this poll in another batch", i - 1);
	return util_fail(cause, YK_EDUP, "a ballot of this batch: this kiosk "
	    "already sent its id for this poll in another batch");
}

/*
 * How many of b's ids (its batch id, then each ballot id) another kiosk
 * already sent: a kiosk that lies, or one that copied another's card.
 * Asked once b's rows are in, inside its transaction, in one statement
 * (one round trip to PostgreSQL, whatever the batch's size).
 */
static int
count_collisions(struct db *db, const struct pstore_batch *b, size_t *n,
    char **cause)
{
	struct db_stmt	*st;
	int		 rc;

	*n = 0;
	/*
	 * Per ballot of b (a batch's ids are distinct), the first row of
	 * another kiosk with its id: LIMIT 1 makes PostgreSQL probe the
	 * index once per id, where it planned a bitmap scan per id.
	 */
	if ((rc = db_prepare(db, "SELECT CASE WHEN EXISTS(SELECT 1 FROM "
	    "batches WHERE id = ?1 AND kiosk <> ?2) THEN 1 ELSE 0 END + "
	    "(SELECT count(*) FROM ballots m WHERE m.poll = ?3 AND "
	    "m.kiosk = ?2 AND m.batch = ?1 AND (SELECT 1 FROM ballots o "
	    "WHERE o.id = m.id AND o.kiosk <> ?2 LIMIT 1) IS NOT NULL)", &st,
	    cause)) != 0)
		return rc;
	db_bind_blob(st, 1, b->id, 16);
	db_bind_blob(st, 2, b->kiosk, KEYS_NUM);
	db_bind_text(st, 3, b->poll_id);
	if ((rc = db_step(st, cause)) == DB_ROW)
		*n = (size_t)db_col_int(st, 0);
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* When b was accepted: what a revocation from a time keeps. */
static int
batch_time_put(struct db *db, const struct pstore_batch *b, char **cause)
{
	struct db_stmt	*st;
	int		 rc;

	if ((rc = db_prepare(db, "INSERT INTO batch_times(poll, kiosk, "
	    "batch, accepted) VALUES (?, ?, ?, ?)", &st, cause)) != 0)
		return rc;
	db_bind_text(st, 1, b->poll_id);
	db_bind_blob(st, 2, b->kiosk, KEYS_NUM);
	db_bind_blob(st, 3, b->id, 16);
	db_bind_int(st, 4, (long long)time(NULL));
	rc = step_done(st, "store batch time", cause);
	db_finalize(st);
	return rc;
}

/* One attempt at pstore_batch_put; the caller rolls back on error. */
static int
batch_put1(struct db *db, struct pstore_batch *b, const uint8_t *env,
    size_t elen, long *dup, char **cause)
{
	struct db_stmt	*st = NULL;
	int		 rc;

	if ((rc = db_begin(db, DB_WRITE, cause)) != 0)
		return rc;
	if ((rc = db_prepare(db, "INSERT INTO batches(id, hash, kiosk, "
	    "poll, n, blob, ack) VALUES (?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT DO NOTHING", &st, cause)) != 0)
		return rc;
	db_bind_blob(st, 1, b->id, 16);
	db_bind_blob(st, 2, b->hash, KEYS_HASH);
	db_bind_blob(st, 3, b->kiosk, KEYS_NUM);
	db_bind_text(st, 4, b->poll_id);
	db_bind_int(st, 5, (long long)b->n);
	db_bind_blob(st, 6, env, elen);
	db_bind_blob(st, 7, b->ack, b->alen);
	rc = step_done(st, "store batch", cause);
	if (rc == 0 && db_changes(st) == 0)
		rc = util_fail(cause, YK_ECONFLICT, "a batch with this id is "
		    "already held");
	db_finalize(st);
	if (rc != 0)
		return rc;
	if ((rc = batch_time_put(db, b, cause)) != 0 ||
	    (rc = ballots_put(db, b, dup, cause)) != 0 ||
	    (rc = count_collisions(db, b, &b->collisions, cause)) != 0)
		return rc;
	return db_commit(db, cause);
}

int
pstore_batch_put(struct pstore *ps, struct pstore_batch *b, char **cause)
{
	uint8_t	*env = NULL;
	size_t	 elen = b->len;
	long	 dup = -1;
	int	 rc, tries = 0;

	b->collisions = 0;
	/* The envelope: the header and the signature, not the ballots. */
	if (b->head > 0 && b->head + KEYS_SIG <= b->len) {
		elen = b->head + KEYS_SIG;
		if ((env = malloc(elen)) == NULL)
			return util_fail(cause, YK_ENOMEM, "out of memory");
		memcpy(env, b->blob, b->head);
		memcpy(env + b->head, b->blob + b->len - KEYS_SIG, KEYS_SIG);
	}
	do {
		rc = batch_put1(ps->db, b, env != NULL ? env : b->blob, elen,
		    &dup, cause);
		db_rollback(ps->db);
	} while (rc == YK_ELOCKED && ++tries < RETRIES);
	free(env);
	if (rc == YK_EDUP && dup >= 0 && cause != NULL)
		rc = name_dup(ps->db, b, (size_t)dup, cause);
	return rc;
}

int
pstore_batch_parts(struct pstore *ps, const char *poll_id,
    const uint8_t kiosk[KEYS_NUM], const uint8_t id[16], uint8_t **env,
    size_t *elen, int (*fn)(void *, const uint8_t *, size_t), void *arg,
    char **cause)
{
	struct db_stmt	*st;
	const void	*p;
	size_t		 n;
	int		 rc, r = 0;

	*env = NULL;
	if ((rc = db_prepare(ps->db, "SELECT blob FROM batches WHERE poll = ? "
	    "AND kiosk = ? AND id = ?", &st, cause)) != 0)
		return rc;
	db_bind_text(st, 1, poll_id);
	db_bind_blob(st, 2, kiosk, KEYS_NUM);
	db_bind_blob(st, 3, id, 16);
	if ((rc = db_step(st, cause)) == DB_ROW)
		rc = col_copy(st, 0, env, elen, cause);
	else if (rc == DB_DONE)
		rc = YK_ENOENT;
	db_finalize(st);
	if (rc != 0)
		return rc;
	if ((rc = db_prepare_stream(ps->db, "SELECT blob FROM ballots WHERE "
	    "poll = ? AND kiosk = ? AND batch = ? ORDER BY id", &st,
	    cause)) != 0)
		goto fail;
	db_bind_text(st, 1, poll_id);
	db_bind_blob(st, 2, kiosk, KEYS_NUM);
	db_bind_blob(st, 3, id, 16);
	while (r == 0 && (rc = db_step(st, cause)) == DB_ROW) {
		p = db_col_blob(st, 0, &n);
		r = fn(arg, p, n);
	}
	db_finalize(st);
	if (r != 0)
		rc = r;
	if (rc >= 0)
		return 0;
fail:
	free(*env);
	*env = NULL;
	return rc;
}

struct stat_row {
	char		*poll;
	long long	 v[3];
};

/*
 * The rows are read whole before fn sees any, so that fn may query the
 * store (status scans each poll's ballots).
 */
int
pstore_poll_stats(struct pstore *ps, int (*fn)(void *, const char *,
    long long, long long, long long), void *arg, char **cause)
{
	struct db_stmt	*st;
	struct stat_row	*rows = NULL, *t;
	size_t		 n = 0, i;
	int		 rc, r = 0;

	if ((rc = db_prepare(ps->db, "SELECT p.id,"
	    " (SELECT count(*) FROM batches b WHERE b.poll = p.id),"
	    " (SELECT count(*) FROM ballots b WHERE b.poll = p.id),"
	    " (SELECT count(DISTINCT kiosk) FROM batches b WHERE b.poll = p.id)"
	    " FROM polls p ORDER BY p.id", &st, cause)) != 0)
		return rc;
	while ((rc = db_step(st, cause)) == DB_ROW) {
		if ((t = reallocarray(rows, n + 1, sizeof *rows)) == NULL) {
			rc = util_fail(cause, YK_ENOMEM, "out of memory");
			break;
		}
		rows = t;
		rows[n].poll = util_strdup(db_col_text(st, 0));
		for (i = 0; i < 3; i++)
			rows[n].v[i] = db_col_int(st, (int)i + 1);
		if (rows[n++].poll == NULL) {
			rc = util_fail(cause, YK_ENOMEM, "out of memory");
			break;
		}
	}
	db_finalize(st);
	for (i = 0; i < n; i++) {
		if (rc == DB_DONE && r == 0)
			r = fn(arg, rows[i].poll, rows[i].v[0], rows[i].v[1],
			    rows[i].v[2]);
		free(rows[i].poll);
	}
	free(rows);
	if (r != 0)
		return r;
	return rc < 0 ? rc : 0;
}

int
pstore_ballot_each(struct pstore *ps, const char *poll_id,
    int (*fn)(void *, const uint8_t *, size_t), void *arg, char **cause)
{
	struct db_stmt	*st;
	const void	*p;
	size_t		 n;
	int		 rc, r = 0;

	if ((rc = db_prepare_stream(ps->db, "SELECT blob FROM ballots WHERE "
	    "poll = ? ORDER BY kiosk, batch, id", &st, cause)) != 0)
		return rc;
	db_bind_text(st, 1, poll_id);
	while (r == 0 && (rc = db_step(st, cause)) == DB_ROW) {
		p = db_col_blob(st, 0, &n);
		r = fn(arg, p, n);
	}
	db_finalize(st);
	if (r != 0)
		return r;
	return rc < 0 ? rc : 0;
}

/* Hash every column of every row of one statement's result. */
static int
digest_rows(struct db *db, struct keys_hasher *h, const char *sql,
    char **cause)
{
	struct db_stmt	*st;
	const void	*p;
	uint8_t		 hdr[5];
	size_t		 n;
	int		 c, rc, step;

	if ((rc = db_prepare_stream(db, sql, &st, cause)) != 0)
		return rc;
	while ((step = db_step(st, cause)) == DB_ROW)
		for (c = 0; c < db_col_count(st); c++) {
			p = db_col_blob(st, c, &n);
			hdr[0] = (uint8_t)db_col_type(st, c);
			hdr[1] = (uint8_t)(n >> 24);
			hdr[2] = (uint8_t)(n >> 16);
			hdr[3] = (uint8_t)(n >> 8);
			hdr[4] = (uint8_t)n;
			keys_hasher_update(h, hdr, sizeof hdr);
			if (n > 0)
				keys_hasher_update(h, p, n);
		}
	db_finalize(st);
	return step < 0 ? step : 0;
}

struct names {
	char	(*v)[64];
	size_t	 n;
};

/* The first column of every row of sql (with text arg, if not NULL). */
static int
names_read(struct db *db, const char *sql, const char *arg,
    struct names *out, char **cause)
{
	struct db_stmt	*st;
	void		*nn;
	int		 rc;

	out->v = NULL;
	out->n = 0;
	if ((rc = db_prepare(db, sql, &st, cause)) != 0)
		return rc;
	if (arg != NULL)
		db_bind_text(st, 1, arg);
	while ((rc = db_step(st, cause)) == DB_ROW) {
		if ((nn = reallocarray(out->v, out->n + 1,
		    sizeof *out->v)) == NULL) {
			rc = util_fail(cause, YK_ENOMEM, "out of memory");
			break;
		}
		out->v = nn;
		snprintf(out->v[out->n++], sizeof out->v[0], "%s",
		    db_col_text(st, 0));
	}
	db_finalize(st);
	if (rc < 0) {
		free(out->v);
		out->v = NULL;
		return rc;
	}
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/*
 * The tables of the schema, found in it rather than listed here, so that
 * a table added later is covered without anyone remembering to; in byte
 * order, whatever the database's collation.  Not audits: recording an
 * audit must not change the digest it names.  Not ykien_schema: the
 * PostgreSQL backend's version, which SQLite keeps in its header.
 */
static int
digest_tables(struct db *db, struct names *t, char **cause)
{
	size_t	i, j;
	int	rc;

	if (strcmp(db_backend(db), "postgresql") == 0)
		rc = names_read(db, "SELECT table_name FROM "
		    "information_schema.tables WHERE table_schema = "
		    "current_schema() AND table_type = 'BASE TABLE'", NULL, t,
		    cause);
	else
		rc = names_read(db, "SELECT name FROM sqlite_master WHERE "
		    "type = 'table' AND name NOT LIKE 'sqlite_%'", NULL, t,
		    cause);
	if (rc != 0)
		return rc;
	for (i = j = 0; i < t->n; i++)
		if (strcmp(t->v[i], "audits") != 0 &&
		    strcmp(t->v[i], "ykien_schema") != 0)
			memmove(t->v[j++], t->v[i], sizeof t->v[0]);
	t->n = j;
	qsort(t->v, t->n, sizeof t->v[0], name_cmp);
	return 0;
}

/*
 * "SELECT 'T', * FROM "T" ORDER BY" its primary key's columns, in the
 * key's order: the rows in one order on both backends (every table has a
 * primary key, so that order is total; a table without one would be
 * ordered by every column).  The key's index gives that order without a
 * sort: ordered by every column, which starts with the id, PostgreSQL
 * walked the ballots in random order of the heap, a third of a tally's
 * time (docs/PERFORMANCE.md).  Text is compared as bytes: the store
 * refuses a PostgreSQL database whose collation is not C or C.UTF-8
 * (db-pg.c), and no column has a collation of its own, so the key's
 * index is in byte order; on SQLite the default is bytes already.
 */
static char *
digest_sql(struct db *db, const char *table, char **cause)
{
	struct names	 c;
	char		*sql, *t;
	size_t		 i;
	int		 pg = strcmp(db_backend(db), "postgresql") == 0;

	if (names_read(db, pg ? "SELECT k.column_name FROM "
	    "information_schema.table_constraints t JOIN "
	    "information_schema.key_column_usage k ON k.constraint_name = "
	    "t.constraint_name AND k.table_schema = t.table_schema AND "
	    "k.table_name = t.table_name WHERE t.table_schema = "
	    "current_schema() AND t.table_name = ? AND t.constraint_type = "
	    "'PRIMARY KEY' ORDER BY k.ordinal_position" :
	    "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk",
	    table, &c, cause) != 0)
		return NULL;
	if (c.n == 0) {
		free(c.v);
		if (names_read(db, pg ? "SELECT column_name || CASE WHEN "
		    "data_type = 'text' THEN '\" COLLATE \"C' ELSE '' END FROM "
		    "information_schema.columns WHERE table_schema = "
		    "current_schema() AND table_name = ? ORDER BY "
		    "ordinal_position" : "SELECT name FROM "
		    "pragma_table_info(?) ORDER BY cid", table, &c, cause) != 0)
			return NULL;
	}
	/* Table and column names come from the schema, never from input. */
	sql = util_printf("SELECT '%s', * FROM \"%s\"", table, table);
	for (i = 0; i < c.n && sql != NULL; i++) {
		t = util_printf("%s%s\"%s\"", sql, i == 0 ? " ORDER BY " :
		    ", ", c.v[i]);
		free(sql);
		sql = t;
	}
	free(c.v);
	if (sql == NULL)
		util_fail(cause, YK_ENOMEM, "out of memory");
	return sql;
}

/*
 * Every table but audits (digest_tables): each row prefixed by its
 * table's name, the rows in the order of their primary key.  The same
 * rows give the same digest on SQLite and on PostgreSQL.
 */
int
pstore_digest(struct pstore *ps, uint8_t out[KEYS_HASH], char **cause)
{
	struct keys_hasher	*h;
	struct names		 t = { NULL, 0 };
	char			*sql;
	size_t			 i;
	int			 rc;

	if ((h = keys_hasher_new()) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	/* One read transaction, so the digest is of one moment. */
	if ((rc = db_begin(ps->db, DB_READ, cause)) != 0)
		goto out;
	rc = digest_tables(ps->db, &t, cause);
	for (i = 0; i < t.n && rc == 0; i++) {
		if ((sql = digest_sql(ps->db, t.v[i], cause)) == NULL)
			rc = YK_ENOMEM;
		else
			rc = digest_rows(ps->db, h, sql, cause);
		free(sql);
	}
	db_rollback(ps->db);
out:
	free(t.v);
	keys_hasher_final(h, out);
	return rc;
}
