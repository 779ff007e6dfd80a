/*
 * db-pg: the PostgreSQL backend of the province store's driver (src/db.h),
 * and the only file that sees <libpq-fe.h>.  Several collectors on several
 * machines share one PostgreSQL database: what keeps them from storing a
 * batch twice is the database's unique keys and transactions (see
 * pstore.c), never a lock held in one process.
 *
 * libpq calls used: PQconnectdb, PQstatus, PQreset, PQexec, PQexecParams,
 * PQprepare and PQexecPrepared (the unnamed statement, for a statement run
 * many times),
 * PQsendQueryParams with PQsetSingleRowMode (a scan of every ballot without
 * holding them all in memory), PQdescribePrepared and PQgetCopyData (a
 * scan without parameters, as the digest's, is a binary COPY), PQfreemem,
 * PQgetResult, PQresultStatus,
 * PQresultErrorField (SQLSTATE), PQcmdTuples, PQftype, PQgetvalue,
 * PQgetlength, PQgetisnull, PQclear, PQfinish.
 *
 * Results come in binary format, so bytea needs no unescaping; integers
 * arrive big-endian and are read back as SQLite would give them.
 *
 * Text ordering follows the database's collation; the store's ORDER BY and
 * its digest need byte order, so a database whose collation is not C (or
 * C.UTF-8) is refused with the command that makes a right one.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "ykien/util.h"
#include "db.h"

/* Type oids from PostgreSQL's pg_type.dat (stable across releases). */
#define OID_BOOL	16
#define OID_BYTEA	17
#define OID_INT8	20
#define OID_INT2	21
#define OID_INT4	23
#define OID_FLOAT4	700
#define OID_FLOAT8	701

#define PG_PARAMS	65535	/* the protocol's limit per statement */
/* An arbitrary number that names the migration lock. */
#define PG_MIGRATE_LOCK	"4711170001"

struct pdb_stmt;

struct pdb {
	struct db		 db;		/* first: db.h's cast */
	PGconn			*conn;
	int			 streaming;	/* a single-row scan runs */
	const struct pdb_stmt	*unnamed;	/* owns the unnamed statement */
	int			 piped;		/* between queue_begin and _end */
	long			*items;		/* queued: query number, or -1 */
	size_t			 nitems, capitems, nqueries;
};

struct pdb_stmt {
	struct db	*db;		/* first: db.c's cast */
	struct pdb	*c;
	char		*sql;		/* with $N placeholders */
	int		 nparams;
	int		 stream;
	int		 started;
	int		 copying;	/* a COPY scan runs */
	long		 copyrows;	/* its messages read */
	PGresult	*desc;		/* its columns (PQftype) */
	char		*copy;		/* its row (PQgetCopyData) */
	int		 ncopy;		/* that row's fields */
	char		**cval;		/* its fields (NULL: null) */
	int		*clen;
	long		 runs;		/* times executed */
	int		 row;		/* current row of res, -1 before */
	PGresult	*res;
	long long	 changes;
	/* nparams of each (multi-row inserts bind hundreds: db_rows_sql) */
	const char	**values;
	int		*lengths;
	int		*formats;
	Oid		*types;
	char		(*ints)[24];
	char		 (*num)[24];	/* integer columns as text, per row */
	int		 nnum;
};

static const struct db_ops pg_ops;
static void	pg_finalize(struct db_stmt *);

static void
quiet(void *arg, const char *msg)
{
	/* NOTICEs ("relation already exists, skipping") are not errors. */
}

/*
 * A failed command: its SQLSTATE decides the code (23505 duplicate key:
 * YK_EDUP; 40001 / 40P01 lost a race: YK_ELOCKED, retry) and the server's
 * message is the cause.
 */
static int
pg_err(struct pdb *c, PGresult *res, const char *what, char **cause)
{
	const char	*state = res != NULL ?
	    PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char	*msg = res != NULL ? PQresultErrorMessage(res) : "";
	int		 code = YK_EIO;
	size_t		 n;

	if (msg == NULL || *msg == '\0')
		msg = PQerrorMessage(c->conn);
	if (state != NULL && strcmp(state, "23505") == 0)
		code = YK_EDUP;
	else if (state != NULL && (strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0))
		code = YK_ELOCKED;
	else if (state != NULL && strcmp(state, "53100") == 0)
		code = YK_EFULL;
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	/* 25006: a write on a hot standby; say where writes go. */
	return util_fail(cause, code, "%s: %s: %.*s%s", c->db.where, what,
	    (int)n, msg, state != NULL && strcmp(state, "25006") == 0 ?
	    " (this store is a read-only replica: run the command against "
	    "the primary)" : "");
}

/* A lost connection (the server restarted) is tried again once. */
static int
pg_alive(struct pdb *c, char **cause)
{
	if (PQstatus(c->conn) == CONNECTION_OK)
		return 0;
	if (c->db.intx)
		return util_fail(cause, YK_EIO, "%s: the connection was lost "
		    "inside a transaction", c->db.where);
	PQreset(c->conn);
	c->unnamed = NULL;
	if (PQstatus(c->conn) != CONNECTION_OK)
		return pg_err(c, NULL, "reconnect", cause);
	return 0;
}

static int
pg_close(struct db *db)
{
	struct pdb	*c = (struct pdb *)db;

	PQfinish(c->conn);
	free(c->items);
	free(c->db.where);
	free(c);
	return 0;
}

static int
pg_exec(struct db *db, const char *sql, char **cause)
{
	struct pdb	*c = (struct pdb *)db;
	PGresult	*res;
	int		 rc = 0, st;

	if ((rc = pg_alive(c, cause)) != 0)
		return rc;
	c->unnamed = NULL;	/* a simple query drops the unnamed statement */
	res = PQexec(c->conn, sql);
	st = res != NULL ? (int)PQresultStatus(res) : -1;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = pg_err(c, res, sql, cause);
	PQclear(res);
	return rc;
}

static int
pg_begin(struct db *db, int mode, char **cause)
{
	/*
	 * Writers run at READ COMMITTED: their conflicts are caught by the
	 * unique keys (INSERT ... ON CONFLICT) and a re-read after them.
	 * Readers get one snapshot for every statement of the transaction.
	 */
	return pg_exec(db, mode == DB_WRITE ? "BEGIN" :
	    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", cause);
}

/*
 * The portable DDL, for PostgreSQL: BLOB is BYTEA, WITHOUT ROWID
 * (SQLite's clustered tables) has no counterpart (every PostgreSQL table
 * is a heap with its primary key in a B-tree beside it), and a step's
 * "PRAGMA user_version = N" sets the version kept in ykien_schema.  Only
 * the constant text of a step is rewritten; nothing else goes into it.
 */
static char *
pg_ddl(const char *sql)
{
	char		*out, *o;
	const char	*p;
	size_t		 n = strlen(sql);

	if ((out = malloc(2 * n + 64)) == NULL)
		return NULL;
	for (p = sql, o = out; *p != '\0';) {
		if (strncmp(p, " WITHOUT ROWID", 14) == 0)
			p += 14;
		else if (strncmp(p, "PRAGMA user_version =", 21) == 0) {
			memcpy(o, "UPDATE ykien_schema SET version =", 33);
			o += 33;
			p += 21;
		}
		else if (strncmp(p, "BLOB", 4) == 0 && (p == sql ||
		    !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[4])) {
			memcpy(o, "BYTEA", 5);
			o += 5;
			p += 4;
		} else
			*o++ = *p++;
	}
	*o = '\0';
	return out;
}

static int
pg_version(struct pdb *c, int *v, char **cause)
{
	PGresult	*res;
	int		 rc = 0;

	res = PQexec(c->conn, "SELECT version FROM ykien_schema");
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_err(c, res, "schema version", cause);
	else if (PQntuples(res) == 0)
		*v = -1;
	else
		*v = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/* *standby = 1 on a hot standby (a streaming replica), which takes no writes. */
static int
pg_standby(struct pdb *c, int *standby, char **cause)
{
	PGresult	*res;
	int		 rc = 0;

	res = PQexec(c->conn, "SELECT pg_is_in_recovery()");
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK ||
	    PQntuples(res) != 1)
		rc = pg_err(c, res, "recovery state", cause);
	else
		*standby = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return rc;
}

/*
 * A replica serves the commands that only read (status, tally, publish,
 * audit --no-record), and only at the schema this program knows: it
 * cannot migrate, the primary does, and the replica follows.
 */
static int
pg_standby_schema(struct pdb *c, int n, char **cause)
{
	int	v = -1, rc;

	if ((rc = pg_version(c, &v, cause)) != 0)
		return rc;
	if (v != n)
		return util_fail(cause, YK_EINVAL, "%s: a read-only replica at "
		    "schema version %d, and this program needs %d: run any "
		    "ykien-province command on the primary first (it "
		    "migrates; the replica follows)", c->db.where, v, n);
	return 0;
}

/*
 * All the steps in one transaction (PostgreSQL's DDL is transactional),
 * under an advisory lock, so that collectors starting together on several
 * machines migrate once and none sees half a schema.
 */
static int
pg_migrate(struct db *db, const char *const *steps, int n, char **cause)
{
	struct pdb	*c = (struct pdb *)db;
	char		*ddl;
	int		 v = -1, rc, standby = 0;

	if ((rc = pg_standby(c, &standby, cause)) != 0)
		return rc;
	if (standby)
		return pg_standby_schema(c, n, cause);
	if ((rc = pg_exec(db, "BEGIN", cause)) != 0)
		return rc;
	db->intx = 1;
	if ((rc = pg_exec(db, "SELECT pg_advisory_xact_lock("
	    PG_MIGRATE_LOCK ")", cause)) != 0 ||
	    (rc = pg_exec(db, "CREATE TABLE IF NOT EXISTS ykien_schema("
	    "version INTEGER NOT NULL)", cause)) != 0 ||
	    (rc = pg_version(c, &v, cause)) != 0)
		goto fail;
	if (v < 0) {
		if ((rc = pg_exec(db, "INSERT INTO ykien_schema VALUES (0)",
		    cause)) != 0)
			goto fail;
		v = 0;
	}
	if (v > n) {
		rc = util_fail(cause, YK_EINVAL, "%s: schema version %d is "
		    "newer than this program (%d); upgrade ykien",
		    db->where, v, n);
		goto fail;
	}
	for (; v < n; v++) {
		if ((ddl = pg_ddl(steps[v + 1])) == NULL) {
			rc = util_fail(cause, YK_ENOMEM, "out of memory");
			goto fail;
		}
		rc = pg_exec(db, ddl, cause);
		free(ddl);
		if (rc != 0)
			goto fail;
	}
	if ((rc = pg_exec(db, "COMMIT", cause)) != 0)
		goto fail;
	db->intx = 0;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

/*
 * '?' and '?N' become $N; quoted text is left alone.  Returns the number
 * of parameters, or -1 if there are too many.
 */
static int
pg_placeholders(const char *sql, char *out)
{
	const char	*p;
	char		 q = 0;
	int		 next = 0, max = 0, i;

	for (p = sql; *p != '\0'; p++) {
		if (q != 0) {
			if (*p == q)
				q = 0;
			*out++ = *p;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			q = *p;
			*out++ = *p;
			continue;
		}
		if (*p != '?') {
			*out++ = *p;
			continue;
		}
		if (p[1] >= '0' && p[1] <= '9') {
			for (i = 0; p[1] >= '0' && p[1] <= '9'; p++)
				i = i * 10 + (p[1] - '0');
		} else
			i = ++next;
		if (i < 1 || i > PG_PARAMS)
			return -1;
		if (i > max)
			max = i;
		out += sprintf(out, "$%d", i);
	}
	*out = '\0';
	return max;
}

static int
pg_prepare(struct db *db, const char *sql, int stream, struct db_stmt **out,
    char **cause)
{
	struct pdb_stmt	*st;
	const char	*p;
	size_t		 marks = 0, n;

	*out = NULL;
	for (p = sql; *p != '\0'; p++)
		marks += *p == '?';
	/* A mark becomes at most "$65535". */
	if ((st = util_calloc(1, sizeof *st)) == NULL ||
	    (st->sql = malloc(strlen(sql) + 5 * marks + 1)) == NULL) {
		free(st);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	st->db = db;
	st->c = (struct pdb *)db;
	st->stream = stream;
	st->row = -1;
	if ((st->nparams = pg_placeholders(sql, st->sql)) < 0) {
		free(st->sql);
		free(st);
		return util_fail(cause, YK_EINVAL, "too many parameters: %s",
		    sql);
	}
	n = st->nparams > 0 ? (size_t)st->nparams : 1;
	if ((st->values = calloc(n, sizeof *st->values)) == NULL ||
	    (st->lengths = calloc(n, sizeof *st->lengths)) == NULL ||
	    (st->formats = calloc(n, sizeof *st->formats)) == NULL ||
	    (st->types = calloc(n, sizeof *st->types)) == NULL ||
	    (st->ints = calloc(n, sizeof *st->ints)) == NULL) {
		pg_finalize((struct db_stmt *)st);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	*out = (struct db_stmt *)st;
	return 0;
}

static void
pg_bind(struct db_stmt *dst, int i, int type, const void *p, size_t len,
    long long v)
{
	struct pdb_stmt	*st = (struct pdb_stmt *)dst;

	if (i < 1 || i > st->nparams)
		return;
	i--;
	if (type == DB_INT) {
		snprintf(st->ints[i], sizeof st->ints[i], "%lld", v);
		st->values[i] = st->ints[i];
		st->formats[i] = 0;
		st->types[i] = 0;	/* the server infers it from the column */
	} else {
		st->values[i] = p != NULL ? p : "";
		st->lengths[i] = (int)len;
		st->formats[i] = type == DB_BLOB;
		st->types[i] = type == DB_BLOB ? OID_BYTEA : 0;
	}
}

/* Drain what a scan left, so the connection is usable again. */
static void
pg_drain(struct pdb_stmt *st)
{
	PGresult	*r;
	char		*buf;

	PQfreemem(st->copy);
	st->copy = NULL;
	if (!st->stream || !st->started || !st->c->streaming)
		return;
	if (st->copying) {
		while (PQgetCopyData(st->c->conn, &buf, 0) > 0)
			PQfreemem(buf);
		st->copying = 0;
	}
	while ((r = PQgetResult(st->c->conn)) != NULL)
		PQclear(r);
	st->c->streaming = 0;
}

static int
pg_result(struct pdb_stmt *st, char **cause)
{
	int	s = (int)PQresultStatus(st->res);

	if (s == PGRES_COMMAND_OK) {
		st->changes = atoll(PQcmdTuples(st->res));
		return DB_DONE;
	}
	if (s == PGRES_TUPLES_OK || s == PGRES_SINGLE_TUPLE) {
		if (st->nnum < PQnfields(st->res)) {
			free(st->num);
			st->nnum = PQnfields(st->res);
			if ((st->num = calloc((size_t)st->nnum,
			    sizeof *st->num)) == NULL) {
				st->nnum = 0;
				return util_fail(cause, YK_ENOMEM,
				    "out of memory");
			}
		}
		return DB_ROW;
	}
	return pg_err(st->c, st->res, "query", cause);
}

/*
 * Run a statement whose rows are fetched whole.  The first run parses
 * and plans it (PQexecParams); a statement run again (an insert per
 * ballot, per row copied) is kept as the connection's unnamed prepared
 * statement, so the server plans it once: that halves the time of a
 * batch of a thousand inserts.
 */
/* Note what was queued: query number n, or -1 for a prepare. */
static int
pg_item(struct pdb *c, long n, char **cause)
{
	long	*t;

	if (c->nitems == c->capitems) {
		c->capitems = c->capitems ? 2 * c->capitems : 1024;
		if ((t = reallocarray(c->items, c->capitems,
		    sizeof *t)) == NULL)
			return util_fail(cause, YK_ENOMEM, "out of memory");
		c->items = t;
	}
	c->items[c->nitems++] = n;
	return 0;
}

/* Queue a statement (pipeline mode); its result comes at queue_end. */
static int
pg_send(struct pdb_stmt *st, char **cause)
{
	struct pdb	*c = st->c;
	int		 rc;

	if (c->unnamed != st) {
		if (!PQsendPrepare(c->conn, "", st->sql, st->nparams,
		    st->types))
			return pg_err(c, NULL, "queue", cause);
		c->unnamed = st;
		if ((rc = pg_item(c, -1, cause)) != 0)
			return rc;
	}
	if (!PQsendQueryPrepared(c->conn, "", st->nparams, st->values,
	    st->lengths, st->formats, 1))
		return pg_err(c, NULL, "queue", cause);
	st->runs++;
	return pg_item(c, (long)c->nqueries++, cause);
}

static int
pg_run(struct pdb_stmt *st, char **cause)
{
	struct pdb	*c = st->c;
	PGresult	*res;

	if (st->runs++ == 0) {
		c->unnamed = NULL;
		st->res = PQexecParams(c->conn, st->sql, st->nparams,
		    st->types, st->values, st->lengths, st->formats, 1);
		return st->res == NULL ? pg_err(c, NULL, "query", cause) : 0;
	}
	if (c->unnamed != st) {
		c->unnamed = NULL;
		res = PQprepare(c->conn, "", st->sql, st->nparams, st->types);
		if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
			st->res = res;
			return pg_err(c, res, "prepare", cause);
		}
		PQclear(res);
		c->unnamed = st;
	}
	st->res = PQexecPrepared(c->conn, "", st->nparams, st->values,
	    st->lengths, st->formats, 1);
	return st->res == NULL ? pg_err(c, NULL, "query", cause) : 0;
}

/*
 * A scan without parameters (the digest's, the copy of a store) as
 * "COPY (sql) TO STDOUT (FORMAT binary)": a stream of rows, one small
 * buffer each.  Single-row mode makes a result object per row, and a
 * cursor's FETCH took three times as long as COPY for the same million
 * ballots (docs/PERFORMANCE.md).  A binary COPY does not name its
 * columns' types: the statement is described first.
 */
static int
pg_copy_start(struct pdb_stmt *st, char **cause)
{
	struct pdb	*c = st->c;
	PGresult	*res;
	char		*sql;
	int		 rc = 0, nf;

	PQclear(st->desc);
	st->desc = NULL;
	c->unnamed = NULL;
	res = PQprepare(c->conn, "", st->sql, 0, NULL);
	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_err(c, res, "prepare", cause);
	PQclear(res);
	if (rc != 0)
		return rc;
	st->desc = PQdescribePrepared(c->conn, "");
	if (st->desc == NULL || PQresultStatus(st->desc) != PGRES_COMMAND_OK)
		return pg_err(c, st->desc, "describe", cause);
	nf = PQnfields(st->desc);
	free(st->cval);
	free(st->clen);
	free(st->num);
	st->cval = calloc((size_t)nf + 1, sizeof *st->cval);
	st->clen = calloc((size_t)nf + 1, sizeof *st->clen);
	st->num = calloc((size_t)nf + 1, sizeof *st->num);
	st->nnum = st->num != NULL ? nf : 0;
	if (st->cval == NULL || st->clen == NULL || st->num == NULL ||
	    (sql = util_printf("COPY (%s) TO STDOUT (FORMAT binary)",
	    st->sql)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	res = PQexec(c->conn, sql);
	free(sql);
	if (res == NULL || PQresultStatus(res) != PGRES_COPY_OUT)
		rc = pg_err(c, res, "copy", cause);
	PQclear(res);
	if (rc != 0)
		return rc;
	st->copying = 1;
	st->copyrows = 0;
	c->streaming = 1;
	return 0;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * Split one message of a binary COPY into st->cval/clen: an int16 count
 * of fields (-1: the trailer), then each as an int32 length (-1: null)
 * and its bytes; the first message starts with the 19-byte header (and
 * its extension).  Each value is then ended with a NUL, over the next
 * length (already read) or libpq's own terminating byte.  Returns DB_ROW,
 * 0 for a message with no row, or an error.
 */
static int
pg_copy_split(struct pdb_stmt *st, unsigned char *p, int n, char **cause)
{
	unsigned char	*end = p + n;
	uint32_t	 len;
	int		 f, i;

	if (st->copyrows++ == 0) {
		if (n < 19 || memcmp(p, "PGCOPY\n\377\r\n\0", 11) != 0 ||
		    be32(p + 15) > (uint32_t)(n - 19))
			goto bad;
		p += 19 + be32(p + 15);
	}
	if (p == end)
		return 0;
	if (end - p < 2)
		goto bad;
	f = (int16_t)(p[0] << 8 | p[1]);
	p += 2;
	if (f == -1)
		return 0;
	if (f != PQnfields(st->desc))
		goto bad;
	for (i = 0; i < f; i++) {
		if (end - p < 4)
			goto bad;
		len = be32(p);
		p += 4;
		st->cval[i] = NULL;
		st->clen[i] = 0;
		if (len == 0xffffffffu)
			continue;
		if (len > (uint32_t)(end - p))
			goto bad;
		st->cval[i] = (char *)p;
		st->clen[i] = (int)len;
		p += len;
	}
	for (i = 0; i < f; i++)
		if (st->cval[i] != NULL)
			st->cval[i][st->clen[i]] = '\0';
	st->ncopy = f;
	return DB_ROW;
bad:
	return util_fail(cause, YK_EIO, "%s: a COPY row the store cannot "
	    "read", st->c->db.where);
}

/* The COPY's next row, or DB_DONE once the command's result is read. */
static int
pg_copy_row(struct pdb_stmt *st, char **cause)
{
	struct pdb	*c = st->c;
	PGresult	*res;
	int		 n, rc = 0;

	while (rc == 0) {
		PQfreemem(st->copy);
		st->copy = NULL;
		if ((n = PQgetCopyData(c->conn, &st->copy, 0)) < 0)
			break;
		rc = pg_copy_split(st, (unsigned char *)st->copy, n, cause);
	}
	if (rc != 0) {
		if (rc != DB_ROW)
			pg_drain(st);
		return rc;
	}
	/* -1: the end, then the command's own result; -2: an error. */
	st->copying = 0;
	rc = DB_DONE;
	while ((res = PQgetResult(c->conn)) != NULL) {
		if (rc == DB_DONE && PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = pg_err(c, res, "copy", cause);
		PQclear(res);
	}
	if (rc == DB_DONE && n == -2)
		rc = pg_err(c, NULL, "copy", cause);
	c->streaming = 0;
	return rc;
}

static int
pg_start(struct pdb_stmt *st, char **cause)
{
	struct pdb	*c = st->c;
	int		 rc;

	if (c->streaming)
		return util_fail(cause, YK_EINVAL, "%s: a scan is still "
		    "running on this connection (store bug)", c->db.where);
	if ((rc = pg_alive(c, cause)) != 0)
		return rc;
	st->started = 1;
	if (c->piped && !st->stream)
		return pg_send(st, cause);
	if (!st->stream)
		return pg_run(st, cause);
	if (st->nparams == 0)
		return pg_copy_start(st, cause);
	c->unnamed = NULL;
	if (!PQsendQueryParams(c->conn, st->sql, st->nparams, st->types,
	    st->values, st->lengths, st->formats, 1) ||
	    !PQsetSingleRowMode(c->conn))
		return pg_err(c, NULL, "query", cause);
	c->streaming = 1;
	return 0;
}

static int
pg_step(struct db_stmt *dst, char **cause)
{
	struct pdb_stmt	*st = (struct pdb_stmt *)dst;
	int		 rc;

	if (!st->started) {
		if ((rc = pg_start(st, cause)) != 0)
			return rc;
		if (st->c->piped && !st->stream)
			return DB_DONE;		/* queued */
		if (!st->stream) {
			if ((rc = pg_result(st, cause)) != DB_ROW)
				return rc;
			st->row = 0;
			return PQntuples(st->res) > 0 ? DB_ROW : DB_DONE;
		}
		if (st->copying)
			return pg_copy_row(st, cause);
	} else if (st->copying)
		return pg_copy_row(st, cause);
	else if (!st->stream) {
		if (st->res == NULL || PQresultStatus(st->res) !=
		    PGRES_TUPLES_OK)
			return DB_DONE;
		return ++st->row < PQntuples(st->res) ? DB_ROW : DB_DONE;
	}
	/* Single-row mode: one PGresult per row, then a final empty one. */
	PQclear(st->res);
	if ((st->res = PQgetResult(st->c->conn)) == NULL) {
		st->c->streaming = 0;
		return DB_DONE;
	}
	st->row = 0;
	if ((rc = pg_result(st, cause)) != DB_ROW) {
		pg_drain(st);
		return rc;
	}
	if (PQresultStatus(st->res) == PGRES_TUPLES_OK) {
		pg_drain(st);
		return DB_DONE;
	}
	return DB_ROW;
}

static void
pg_reset(struct db_stmt *dst)
{
	struct pdb_stmt	*st = (struct pdb_stmt *)dst;

	pg_drain(st);
	PQclear(st->res);
	st->res = NULL;
	st->started = 0;
	st->row = -1;
	memset(st->values, 0, (size_t)st->nparams * sizeof *st->values);
	memset(st->lengths, 0, (size_t)st->nparams * sizeof *st->lengths);
}

/*
 * Column c of the current row: its bytes (NULL if null) and length.
 * libpq ends every value of a result with a NUL, binary ones included,
 * and pg_copy_row does the same for a COPY row's.
 */
static const char *
pg_val(struct pdb_stmt *st, int c, int *len)
{
	*len = 0;
	if (st->copy != NULL) {
		if (c >= st->ncopy || st->cval[c] == NULL)
			return NULL;
		*len = st->clen[c];
		return st->cval[c];
	}
	if (st->res == NULL || c >= PQnfields(st->res) ||
	    PQgetisnull(st->res, st->row, c))
		return NULL;
	*len = PQgetlength(st->res, st->row, c);
	return PQgetvalue(st->res, st->row, c);
}

static int
pg_col_type(struct db_stmt *dst, int c)
{
	struct pdb_stmt	*st = (struct pdb_stmt *)dst;
	int		 len;

	if (pg_val(st, c, &len) == NULL)
		return DB_NULL;
	switch (PQftype(st->copy != NULL ? st->desc : st->res, c)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
		return DB_INT;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return DB_FLOAT;
	case OID_BYTEA:
		return DB_BLOB;
	default:
		return DB_TEXT;
	}
}

static long long
pg_col_int(struct db_stmt *dst, int c)
{
	struct pdb_stmt		*st = (struct pdb_stmt *)dst;
	const unsigned char	*p;
	unsigned long long	 v = 0;
	int			 n, i;

	if (pg_col_type(dst, c) != DB_INT) {
		if (pg_col_type(dst, c) != DB_TEXT)
			return 0;
		return strtoll(pg_val(st, c, &n), NULL, 10);
	}
	p = (const unsigned char *)pg_val(st, c, &n);
	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	/* Sign-extend the 1-, 2- and 4-byte types. */
	if (n < 8 && n > 0 && (p[0] & 0x80))
		v |= ~0ULL << (8 * n);
	return (long long)v;
}

static const void *
pg_col_blob(struct db_stmt *dst, int c, size_t *len)
{
	struct pdb_stmt	*st = (struct pdb_stmt *)dst;
	const char	*v;
	int		 t = pg_col_type(dst, c), n;

	*len = 0;
	if (t == DB_NULL)
		return NULL;
	if (t == DB_INT && c < st->nnum) {
		snprintf(st->num[c], sizeof st->num[c], "%lld",
		    pg_col_int(dst, c));
		*len = strlen(st->num[c]);
		return st->num[c];
	}
	/* Every value ends with a NUL, binary ones included (pg_copy_row). */
	v = pg_val(st, c, &n);
	*len = (size_t)n;
	return v;
}

static int
pg_col_count(struct db_stmt *dst)
{
	struct pdb_stmt	*st = (struct pdb_stmt *)dst;

	if (st->copy != NULL)
		return st->ncopy;
	return st->res != NULL ? PQnfields(st->res) : 0;
}

static long long
pg_changes(struct db_stmt *dst)
{
	return ((struct pdb_stmt *)dst)->changes;
}

static void
pg_finalize(struct db_stmt *dst)
{
	struct pdb_stmt	*st = (struct pdb_stmt *)dst;

	pg_drain(st);
	if (st->c->unnamed == st)
		st->c->unnamed = NULL;
	PQclear(st->res);
	PQclear(st->desc);
	free(st->cval);
	free(st->clen);
	free(st->num);
	free(st->sql);
	free(st->values);
	free(st->lengths);
	free(st->formats);
	free(st->types);
	free(st->ints);
	free(st);
}

static int
pg_queue_begin(struct db *db, char **cause)
{
	struct pdb	*c = (struct pdb *)db;
	int		 rc;

	if (c->streaming || c->piped)
		return util_fail(cause, YK_EINVAL, "%s: cannot queue now "
		    "(store bug)", db->where);
	if ((rc = pg_alive(c, cause)) != 0)
		return rc;
	if (!PQenterPipelineMode(c->conn))
		return pg_err(c, NULL, "pipeline", cause);
	c->piped = 1;
	c->nitems = c->nqueries = 0;
	return 0;
}

/*
 * Send the queue and read one result per item, then the sync.  A NULL
 * from PQgetResult ends an item's results; the first error is kept and
 * the items after it come back "aborted".
 */
static int
pg_queue_end(struct db *db, long *failed, char **cause)
{
	struct pdb	*c = (struct pdb *)db;
	PGresult	*res;
	size_t		 item = 0, nulls = 0;
	int		 rc = 0, s;

	c->piped = 0;
	if (!PQpipelineSync(c->conn))
		rc = pg_err(c, NULL, "pipeline", cause);
	while (rc == 0 || item < c->nitems + 1) {
		if ((res = PQgetResult(c->conn)) == NULL) {
			item++;
			/* A dead connection answers NULL for ever. */
			if (++nulls > c->nitems + 2 ||
			    PQstatus(c->conn) != CONNECTION_OK) {
				if (rc == 0)
					rc = pg_err(c, NULL, "pipeline", cause);
				break;
			}
			continue;
		}
		s = (int)PQresultStatus(res);
		if (s == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			break;
		}
		if (s == PGRES_FATAL_ERROR && rc == 0) {
			rc = pg_err(c, res, "queued statement", cause);
			if (item < c->nitems)
				*failed = c->items[item];
		}
		PQclear(res);
	}
	if (!PQexitPipelineMode(c->conn) && rc == 0)
		rc = pg_err(c, NULL, "pipeline", cause);
	c->unnamed = NULL;
	c->nitems = c->nqueries = 0;
	return rc;
}

static const struct db_ops pg_ops = {
	"postgresql", pg_close, pg_exec, pg_begin, pg_migrate, pg_prepare,
	pg_bind, pg_step, pg_reset, pg_col_type, pg_col_blob, pg_col_int,
	pg_col_count, pg_changes, pg_finalize, pg_queue_begin, pg_queue_end,
};

/* The store's ORDER BY and digest assume byte order of text. */
static int
pg_check_collation(struct pdb *c, char **cause)
{
	PGresult	*res;
	const char	*v;
	int		 rc = 0;

	res = PQexec(c->conn, "SELECT datcollate FROM pg_database WHERE "
	    "datname = current_database()");
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK ||
	    PQntuples(res) != 1) {
		rc = pg_err(c, res, "read the collation", cause);
		PQclear(res);
		return rc;
	}
	v = PQgetvalue(res, 0, 0);
	if (strcmp(v, "C") != 0 && strcmp(v, "POSIX") != 0 &&
	    strcmp(v, "C.UTF-8") != 0 && strcmp(v, "C.utf8") != 0)
		rc = util_fail(cause, YK_EINVAL, "%s: the database's collation "
		    "is %s; the store needs byte order: create it with "
		    "'createdb --locale=C.UTF-8 --template=template0 %s'",
		    c->db.where, v, PQdb(c->conn));
	PQclear(res);
	return rc;
}

int
db_pg_open(const char *url, struct db **out, char **cause)
{
	struct pdb	*c;
	int		 rc;

	if ((c = util_calloc(1, sizeof *c)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	c->db.ops = &pg_ops;
	if ((c->conn = PQconnectdb(url)) == NULL) {
		free(c);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	/* Named without the URL, which may hold a password. */
	c->db.where = util_printf("postgresql database \"%s\" on %s",
	    PQdb(c->conn) != NULL ? PQdb(c->conn) : "?",
	    PQhost(c->conn) != NULL ? PQhost(c->conn) : "?");
	if (c->db.where == NULL) {
		pg_close(&c->db);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	if (PQstatus(c->conn) != CONNECTION_OK) {
		rc = util_fail(cause, YK_EIO, "%s: cannot connect: %s(is the "
		    "server running, and the URL right?)", c->db.where,
		    PQerrorMessage(c->conn));
		pg_close(&c->db);
		return rc;
	}
	PQsetNoticeProcessor(c->conn, quiet, NULL);
	if ((rc = pg_check_collation(c, cause)) != 0 ||
	    (rc = pg_exec(&c->db, "SET client_min_messages = warning",
	    cause)) != 0) {
		pg_close(&c->db);
		return rc;
	}
	*out = &c->db;
	return 0;
}
