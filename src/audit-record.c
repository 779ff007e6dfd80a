/*
 * audit-record: what lets the tally count without re-verifying, and stay
 * honest (contracts in include/ykien/audit.h).
 *
 * The collector adds each batch's answer counts to the store in the
 * batch's own transaction.  They are only as good as the store, so the
 * tally believes them only when a recorded audit vouches for them: the
 * audit re-verified every ballot from the signed bytes, found every check
 * passing and the counts equal to its recount, and signed a result naming
 * the digest of the whole store (counts included).  Any later change to
 * the store - a new batch, a revoked kiosk, a tampered row - changes the
 * digest, and the tally says its figures are unaudited again.
 *
 * The result is a short text, signed with the province key in signify
 * format, so that it can be checked without ykien:
 *
 *	ykien/v1/audit-result
 *	poll demo-2026
 *	digest <SHA-256 of the store, hex>
 *	ballots 1000000
 *	checks 8 of 8 passed; the counts kept at intake equal the recount
 *	made 2026-11-30T05:40:00Z
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ykien/audit.h"
#include "ykien/outbuf.h"
#include "ykien/pstore.h"
#include "ykien/signify.h"
#include "ykien/util.h"

struct cmp {
	const struct audit	*a;
	uint64_t		 rows;		/* counts rows seen */
	uint64_t		 same;		/* rows equal to the recount */
	struct wire		 why;
	int			 nwhy;
};

static const struct audit_kiosk *
find(const struct audit *a, const uint8_t keynum[KEYS_NUM])
{
	size_t	i;

	for (i = 0; i < a->nk; i++)
		if (memcmp(a->k[i].keynum, keynum, KEYS_NUM) == 0)
			return &a->k[i];
	return NULL;
}

static int
cmp_cb(void *arg, const uint8_t keynum[KEYS_NUM], int q, int o, uint64_t n)
{
	struct cmp			*c = arg;
	const struct audit_kiosk	*k = find(c->a, keynum);
	uint64_t			 want = 0;
	char				 hex[2 * KEYS_NUM + 1];

	c->rows++;
	if (k != NULL && q < 0)
		want = k->valid;
	else if (k != NULL && q < POLL_MAX_QUESTIONS && o >= 0 &&
	    o <= POLL_MAX_OPTIONS)
		want = k->n[q][o];
	if (want == n) {
		c->same++;
		return 0;
	}
	if (c->nwhy++ < 5) {
		keys_hex(keynum, KEYS_NUM, hex);
		if (q < 0)
			outbuf_printf(&c->why, "kiosk %s: %llu ballots counted "
			    "at intake, %llu in the recount\n", hex,
			    (unsigned long long)n, (unsigned long long)want);
		else
			outbuf_printf(&c->why, "kiosk %s, question %d, option "
			    "%d: %llu at intake, %llu in the recount\n", hex,
			    q + 1, o, (unsigned long long)n,
			    (unsigned long long)want);
	}
	return 0;
}

/* The recount's non-zero cells: each must have been one equal row. */
static uint64_t
cells(const struct audit *a)
{
	const struct audit_kiosk	*k;
	uint64_t			 n = 0;
	size_t				 i;
	int				 q, o;

	for (i = 0; i < a->nk; i++) {
		k = &a->k[i];
		n += k->valid != 0;
		for (q = 0; q < POLL_MAX_QUESTIONS; q++)
			for (o = 0; o <= POLL_MAX_OPTIONS; o++)
				n += k->n[q][o] != 0;
	}
	return n;
}

/* Give a poll with no counts the recount's, in one transaction. */
static int
fill(struct pstore *ps, const struct audit *a, char **cause)
{
	struct pstore_batch	 b;
	size_t			 i;
	int			 rc;

	memset(&b, 0, sizeof b);
	b.poll_id = a->poll_id;
	b.nq = POLL_MAX_QUESTIONS;
	b.nopt = POLL_MAX_OPTIONS + 1;
	if ((rc = pstore_counts_begin(ps, a->poll_id, cause)) != 0)
		return rc;
	for (i = 0; i < a->nk && rc == 0; i++) {
		if (a->k[i].valid == 0)
			continue;
		b.kiosk = a->k[i].keynum;
		b.n = a->k[i].valid;
		b.counts = &a->k[i].n[0][0];
		rc = pstore_counts_put(ps, &b, cause);
	}
	return pstore_counts_end(ps, rc, cause);
}

int
audit_counts_match(struct pstore *ps, const struct audit *a, int fill_ok,
    int *filled, char **why, char **cause)
{
	struct cmp	c;
	uint64_t	want = cells(a);
	int		rc;

	*why = NULL;
	*filled = 0;
	memset(&c, 0, sizeof c);
	c.a = a;
	wire_init(&c.why);
	if ((rc = pstore_counts_each(ps, a->poll_id, cmp_cb, &c, cause)) != 0) {
		free(outbuf_finish(&c.why));
		return rc;
	}
	if (c.rows == 0 && want > 0 && fill_ok) {
		free(outbuf_finish(&c.why));
		if ((rc = fill(ps, a, cause)) != 0)
			return rc;
		*filled = 1;
		return 0;
	}
	if (c.same == c.rows && c.rows == want) {
		free(outbuf_finish(&c.why));
		return 0;
	}
	if (c.nwhy == 0)
		outbuf_printf(&c.why, "the recount has %llu non-zero counts, "
		    "the store %llu\n", (unsigned long long)want,
		    (unsigned long long)c.rows);
	else if (c.nwhy > 5)
		outbuf_printf(&c.why, "... and %d more\n", c.nwhy - 5);
	if ((*why = outbuf_finish(&c.why)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	return 1;
}

/* The result text (malloc'd). */
static char *
result_text(const struct audit *a, const uint8_t digest[KEYS_HASH],
    long long now)
{
	char		hex[2 * KEYS_HASH + 1], when[32];
	time_t		t = (time_t)now;
	struct tm	tm;

	keys_hex(digest, KEYS_HASH, hex);
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return NULL;
	return util_printf("ykien/v1/audit-result\npoll %s\ndigest %s\n"
	    "ballots %llu\nchecks %d of %d passed; the counts kept at intake "
	    "equal the recount\nmade %s\n", a->poll_id, hex,
	    (unsigned long long)a->ballots, AUDIT_CHECKS, AUDIT_CHECKS, when);
}

int
audit_record(struct pstore *ps, const struct keys_secret *sec,
    const struct audit *a, const uint8_t digest[KEYS_HASH], long long now,
    char **cause)
{
	struct pstore_audit	r;
	char			*text;
	int			 rc;

	memset(&r, 0, sizeof r);
	if ((text = result_text(a, digest, now)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	r.made = now;
	memcpy(r.digest, digest, KEYS_HASH);
	r.result = (uint8_t *)text;
	r.len = strlen(text);
	if ((r.sig = signify_sign_text(sec, text, r.len, "ykien audit "
	    "result, signed by the province key")) == NULL) {
		free(text);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	rc = pstore_audit_put(ps, a->poll_id, &r, cause);
	pstore_audit_clear(&r);
	return rc;
}

int
audit_recorded(struct pstore *ps, const struct keys_public *pub,
    const char *poll, const uint8_t digest[KEYS_HASH], long long *made,
    char **why, char **cause)
{
	struct pstore_audit	 r;
	char			 hex[2 * KEYS_HASH + 1], *line, *err = NULL;
	int			 rc;

	*why = NULL;
	*made = 0;
	if ((rc = pstore_audit_last(ps, poll, &r, cause)) == YK_ENOENT) {
		*why = util_printf("no audit of poll \"%s\" is recorded", poll);
		return *why == NULL ? YK_ENOMEM : 0;
	}
	if (rc != 0)
		return rc;
	keys_hex(digest, KEYS_HASH, hex);
	line = util_printf("\ndigest %s\n", hex);
	if (line == NULL)
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
	else if (signify_verify_text(pub, r.result, r.len, r.sig,
	    strlen(r.sig), &err) != 0)
		*why = util_printf("the recorded audit's signature does not "
		    "check against province.pub: %s", err != NULL ? err : "");
	else if (memcmp(r.digest, digest, KEYS_HASH) != 0 ||
	    strstr((const char *)r.result, line) == NULL)
		*why = util_printf("the store changed after the last audit "
		    "(its digest is no longer the one the audit signed)");
	else {
		*made = r.made;
		rc = 1;
	}
	free(err);
	free(line);
	pstore_audit_clear(&r);
	if (rc == 0 && *why == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	return rc;
}
