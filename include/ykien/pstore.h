/*
 * pstore: the province's database (src/pstore.c), on SQLite or on
 * PostgreSQL through the driver in src/db.h.  It holds the kiosk
 * registry, the polls the province knows and the commune each is assigned
 * to, and every batch received, with its ballots (each kept once, in its
 * own row) and the signed acknowledgement that was sent back (so a resend
 * gets the same bytes).
 *
 * On SQLite the journal is WAL with synchronous=FULL: the collector's one
 * writer and any number of readers (status, audit) do not block each
 * other, and an acknowledged batch survives a power cut.  On PostgreSQL
 * several collectors, on several machines, share one store.
 */
#ifndef YKIEN_PSTORE_H
#define YKIEN_PSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

#define PSTORE_SCHEMA_VERSION	1
#define PSTORE_VILLAGE_MAX	200

struct pstore;

/*
 * Open the store at url ("sqlite:PATH" or a bare path, created with mode
 * 0600 if missing; or "postgresql://..."), and migrate the schema.  The
 * connection is not to be used by two threads at once: callers that
 * share it hold a lock (collect.c).
 */
int	 pstore_open(const char *url, struct pstore **out, char **cause);
/* "sqlite" or "postgresql". */
const char *pstore_backend(struct pstore *);
/*
 * The store's URL for the state directory dir (malloc'd): $YKIEN_DB (set
 * by --db) if set, else the one line of dir/db.url if it exists, else
 * sqlite:dir/province.db.
 */
int	 pstore_locate(const char *dir, char **url, char **cause);
/* Keep $YKIEN_DB, if set, in dir/db.url (mode 0600, never overwritten). */
int	 pstore_remember(const char *dir, char **cause);
/* pstore_close(NULL) is a no-op.  0 or YK_EIO. */
int	 pstore_close(struct pstore *);

struct pstore_kiosk {
	struct keys_public	pub;
	char			commune[6];
	char			village[PSTORE_VILLAGE_MAX + 1];
	long long		revoked;	/* 0, or revoked from then */
};

/* Register a kiosk; YK_EEXIST if its key number is already registered. */
int	 pstore_kiosk_add(struct pstore *, const struct pstore_kiosk *,
	    char **cause);
/* YK_ENOENT if unknown (no cause is set then: the caller words it). */
int	 pstore_kiosk_get(struct pstore *, const uint8_t keynum[KEYS_NUM],
	    struct pstore_kiosk *, char **cause);
/*
 * Revoke from unix time from (batches accepted before it are kept; none
 * is accepted after it).  Final; revoking again may only move the time
 * earlier.  YK_ENOENT if unknown.
 */
int	 pstore_kiosk_revoke(struct pstore *, const uint8_t keynum[KEYS_NUM],
	    long long from, char **cause);
/*
 * Correct the commune and village of an unrevoked kiosk that has no
 * accepted batch (a typo at kiosk add).  YK_ESTATE if it has batches,
 * YK_ENOENT if unknown or revoked.
 */
int	 pstore_kiosk_amend(struct pstore *, const uint8_t keynum[KEYS_NUM],
	    const char *commune, const char *village, char **cause);
/*
 * The batches of poll, and their ballots, that kiosk keynum had accepted
 * at or after time from (a batch with no recorded time counts as late).
 */
int	 pstore_kiosk_late(struct pstore *, const uint8_t keynum[KEYS_NUM],
	    const char *poll, long long from, long long *batches,
	    long long *ballots, char **cause);
int	 pstore_kiosk_each(struct pstore *, int (*fn)(void *,
	    const struct pstore_kiosk *), void *arg, char **cause);

/*
 * Add a poll (its file bytes and detached signature text, already
 * checked by the caller).  Adding the same file again is YK_EDUP and
 * harmless; another file under the same id is YK_ECONFLICT.
 */
int	 pstore_poll_add(struct pstore *, const char *id,
	    const uint8_t hash[KEYS_HASH], const char *commune,
	    const uint8_t *raw, size_t len, const char *sig, char **cause);
/* *raw is malloc'd.  YK_ENOENT (no cause) if unknown. */
int	 pstore_poll_get(struct pstore *, const char *id, uint8_t **raw,
	    size_t *len, char commune[6], char **cause);
int	 pstore_poll_each(struct pstore *, int (*fn)(void *, const char *id,
	    const char *commune), void *arg, char **cause);

/*
 * A received batch, named by its poll, its kiosk and its id (ids are
 * unique per poll and kiosk only, so that no kiosk can take another's):
 * 0 and hash/ack filled (*ack malloc'd) if held, YK_ENOENT (no cause) if
 * not.
 */
int	 pstore_batch_get(struct pstore *, const char *poll_id,
	    const uint8_t kiosk[KEYS_NUM], const uint8_t id[16],
	    uint8_t hash[KEYS_HASH], uint8_t **ack, size_t *alen,
	    char **cause);

struct pstore_batch {
	const uint8_t	*id;		/* 16 bytes */
	const uint8_t	*hash;		/* KEYS_HASH */
	const uint8_t	*kiosk;		/* keynum, KEYS_NUM */
	const char	*poll_id;
	const uint8_t	*blob;
	size_t		 len;
	/*
	 * Bytes of blob before its first ballot (batch_head).  Not 0: the
	 * ballots are kept only in their rows, and of the batch only blob's
	 * envelope (those bytes and the signature); pstore_batch_parts and
	 * batch_join give the batch back.  0: blob is kept whole.
	 */
	size_t		 head;
	size_t		 n;
	const uint8_t *const *ballots;	/* n signed ballots */
	const size_t	*lens;
	const uint8_t	*ack;
	size_t		 alen;
	size_t		 collisions;	/* out: ids also held from other kiosks */
	/*
	 * The batch's answer counts: counts[q * nopt + o] ballots answered
	 * option o (0 = no opinion) to question q; added to the store's
	 * counts in the same transaction.  NULL: none (nq = 0).
	 */
	const uint64_t	*counts;
	int		 nq, nopt;
};

/*
 * Store a checked batch whole, with its ballots and ack, in one durable
 * transaction, with its answer counts and its acceptance time.  Ids are
 * unique per (poll, kiosk): if this kiosk already sent a ballot id for
 * this poll, nothing is written and YK_EDUP names it; if the batch id is
 * already held from this kiosk (another collector stored it meanwhile),
 * nothing is written and YK_ECONFLICT: the caller reads the held batch
 * with pstore_batch_get.  The same ids from another kiosk block nothing:
 * b->collisions counts them (batch id and ballot ids), for the caller to
 * log.
 */
int	 pstore_batch_put(struct pstore *, struct pstore_batch *,
	    char **cause);

/*
 * What the store keeps of the batch id that kiosk sent for poll_id: its
 * stored blob (*env malloc'd: the envelope, or the whole batch if it was
 * stored whole) and fn for each of its ballots in id order (borrowed).
 * YK_ENOENT (no cause) if not held.
 */
int	 pstore_batch_parts(struct pstore *, const char *poll_id,
	    const uint8_t kiosk[KEYS_NUM], const uint8_t id[16], uint8_t **env,
	    size_t *elen, int (*fn)(void *, const uint8_t *, size_t),
	    void *arg, char **cause);

/* Counts per poll, in poll id order. */
int	 pstore_poll_stats(struct pstore *, int (*fn)(void *, const char *poll,
	    long long batches, long long ballots, long long kiosks), void *arg,
	    char **cause);
/*
 * Each received ballot of a poll, blob borrowed, in the store's key order
 * (kiosk, batch, id): a batch's ballots side by side, read in one pass.
 * What callers make of them (counts, set hashes, sorted receipt codes)
 * does not depend on that order.
 */
int	 pstore_ballot_each(struct pstore *, const char *poll_id,
	    int (*fn)(void *, const uint8_t *blob, size_t len), void *arg,
	    char **cause);
/*
 * SHA-256 over every row of every table, in key order: two equal digests
 * mean two identical databases (tests compare before and after a refused
 * request).
 */
int	 pstore_digest(struct pstore *, uint8_t out[KEYS_HASH], char **cause);

/*
 * Copy every row of every table of from into to, which must be empty
 * (YK_EEXIST otherwise), in one transaction on to (src/pstore-copy.c).
 * *rows counts the rows copied.  The caller compares the digests.
 */
int	 pstore_copy(struct pstore *from, struct pstore *to, long long *rows,
	    char **cause);
/*
 * Add every row of from but its recorded audits to to, in one
 * transaction on to: a national store taking in a province's (national
 * import).  A row to already holds (the same poll, kiosk or batch) is
 * an error and nothing is added.
 */
int	 pstore_merge(struct pstore *from, struct pstore *to, long long *rows,
	    char **cause);
/* fn for each table of the schema with its row count. */
int	 pstore_counts(struct pstore *, int (*fn)(void *, const char *table,
	    long long rows), void *arg, char **cause);

/*
 * Counts kept at intake (src/pstore-counts.c).  fn for each (kiosk,
 * question, option) of poll, question -1 giving the kiosk's ballots.
 */
int	 pstore_counts_each(struct pstore *, const char *poll,
	    int (*fn)(void *, const uint8_t kiosk[KEYS_NUM], int q, int opt,
	    uint64_t n), void *arg, char **cause);
/*
 * Give a poll that has no counts yet (a store from before counts at
 * intake) its counts: _begin (YK_ECONFLICT if the poll has some), _put
 * per kiosk (b's poll_id, kiosk, n, counts), then _end with the first
 * error, which commits if it is 0 and rolls back otherwise.
 */
int	 pstore_counts_begin(struct pstore *, const char *poll, char **cause);
int	 pstore_counts_put(struct pstore *, const struct pstore_batch *,
	    char **cause);
int	 pstore_counts_end(struct pstore *, int rc, char **cause);

/* A signed audit result (audit-record.c words and checks it). */
struct pstore_audit {
	long long	 made;		/* unix time */
	uint8_t		 digest[KEYS_HASH];
	uint8_t		*result;	/* malloc'd text */
	size_t		 len;
	char		*sig;		/* malloc'd signify text */
};
int	 pstore_audit_put(struct pstore *, const char *poll,
	    const struct pstore_audit *, char **cause);
/* The latest for poll; YK_ENOENT (no cause) if none.  Free with _clear. */
int	 pstore_audit_last(struct pstore *, const char *poll,
	    struct pstore_audit *, char **cause);
void	 pstore_audit_clear(struct pstore_audit *);

#endif
