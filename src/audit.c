/*
 * audit: re-verify a poll from the stored bytes (contract in
 * include/ykien/audit.h).
 *
 * Ballots stream out of the store in chunks.  Each chunk is checked by
 * every core: the workers take small ranges from a shared counter (the
 * work queue), decode each ballot, find its kiosk's key, verify the
 * Ed25519 signature (almost all of the time goes there), check the
 * answers and hash it.  The reading thread then folds the results into
 * the per-kiosk counts alone, so no count is ever shared between threads.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ykien/audit.h"
#include "ykien/ballot.h"
#include "ykien/closing.h"
#include "ykien/event.h"
#include "ykien/event-head.h"
#include "ykien/keys.h"
#include "ykien/provkey.h"
#include "ykien/pstore-audit.h"
#include "ykien/records.h"
#include "ykien/signify.h"
#include "ykien/util.h"

#define CHUNK		16384	/* ballots per chunk */
#define GRAIN		64	/* ballots a worker takes at a time */
#define MAX_THREADS	64

enum item_status {
	IT_OK,
	IT_MALFORMED,
	IT_NOKEY,
	IT_BADSIG,
	IT_BADPOLL,
	IT_BADANSWER,
};

struct item {
	size_t		off;		/* of the blob in the arena */
	size_t		len;
	int		kidx;		/* registered kiosk, or -1 */
	uint8_t		status;
	uint8_t		keynum[KEYS_NUM];
	uint8_t		id[BALLOT_ID];
	uint8_t		hash[KEYS_HASH];
};

struct run {
	struct audit	*a;
	size_t		 nreg;		/* registered kiosks: a->k[0..nreg) */
	uint8_t		*arena;
	size_t		 alen, acap;
	struct item	*items;
	size_t		 n;
	size_t		 next;		/* the work queue */
	pthread_mutex_t	 mu;
	uint8_t		(*ids)[BALLOT_ID + KEYS_NUM];	/* id, kiosk */
	size_t		 nids, capids;
	uint64_t	 total;
	const struct audit_opts *o;
	int		 err;
};

const char *
audit_kiosk_name(const struct audit_kiosk *k)
{
	static char	buf[2 * KEYS_NUM + PSTORE_VILLAGE_MAX + 32];
	char		hex[2 * KEYS_NUM + 1];

	keys_hex(k->keynum, KEYS_NUM, hex);
	if (k->registered)
		snprintf(buf, sizeof buf, "%s (%s)", hex, k->village);
	else
		snprintf(buf, sizeof buf, "%s (not registered)", hex);
	return buf;
}

static int
keynum_cmp(const void *a, const void *b)
{
	return memcmp(((const struct audit_kiosk *)a)->keynum,
	    ((const struct audit_kiosk *)b)->keynum, KEYS_NUM);
}

/* bsearch by a bare key number (the key), not a whole struct. */
static int
keynum_find(const void *key, const void *elem)
{
	return memcmp(key, ((const struct audit_kiosk *)elem)->keynum,
	    KEYS_NUM);
}

static int
reg_cb(void *arg, const struct pstore_kiosk *pk)
{
	struct audit		*a = arg;
	struct audit_kiosk	*k;

	if ((k = realloc(a->k, (a->nk + 1) * sizeof *k)) == NULL)
		return YK_ENOMEM;
	a->k = k;
	k = &a->k[a->nk++];
	memset(k, 0, sizeof *k);
	memcpy(k->keynum, pk->pub.keynum, KEYS_NUM);
	k->pub = pk->pub;
	k->registered = 1;
	k->revoked = pk->revoked;
	memcpy(k->commune, pk->commune, sizeof k->commune);
	memcpy(k->village, pk->village, sizeof k->village);
	return 0;
}

/* The kiosk with keynum, added as unregistered if unknown; NULL on ENOMEM. */
static struct audit_kiosk *
kiosk_find(struct audit *a, const uint8_t keynum[KEYS_NUM], int add)
{
	struct audit_kiosk	*k;
	size_t			 i;

	for (i = 0; i < a->nk; i++)
		if (memcmp(a->k[i].keynum, keynum, KEYS_NUM) == 0)
			return &a->k[i];
	if (!add || (k = realloc(a->k, (a->nk + 1) * sizeof *k)) == NULL)
		return NULL;
	a->k = k;
	k = &a->k[a->nk++];
	memset(k, 0, sizeof *k);
	memcpy(k->keynum, keynum, KEYS_NUM);
	return k;
}

/* Check one ballot; runs on any thread, touches only its item. */
static void
check_item(struct run *r, struct item *it)
{
	const struct poll	*p = r->a->poll;
	const uint8_t		*blob = r->arena + it->off;
	struct audit_kiosk	*k;
	struct ballot		 b;

	it->kidx = -1;
	if (ballot_decode(blob, it->len, &b, NULL) != 0) {
		it->status = IT_MALFORMED;
		return;
	}
	memcpy(it->keynum, b.kiosk, KEYS_NUM);
	memcpy(it->id, b.id, BALLOT_ID);
	ballot_hash(blob, it->len, it->hash);
	k = bsearch(b.kiosk, r->a->k, r->nreg, sizeof *k, keynum_find);
	if (k == NULL) {
		it->status = IT_NOKEY;
		return;
	}
	it->kidx = (int)(k - r->a->k);
	if (ballot_verify(blob, it->len, &k->pub, NULL) != 0)
		it->status = IT_BADSIG;
	else if (p == NULL || strcmp(b.poll_id, p->id) != 0 ||
	    memcmp(b.poll_hash, p->hash, KEYS_HASH) != 0 ||
	    (b.flags & BALLOT_TEST) != 0)
		it->status = IT_BADPOLL;
	else if (poll_check_answers(p, b.answers, b.n_answers, NULL) != 0)
		it->status = IT_BADANSWER;
	else
		it->status = IT_OK;
}

static void *
worker(void *arg)
{
	struct run	*r = arg;
	size_t		 i, end;

	for (;;) {
		pthread_mutex_lock(&r->mu);
		i = r->next;
		r->next = i + GRAIN < r->n ? i + GRAIN : r->n;
		end = r->next;
		pthread_mutex_unlock(&r->mu);
		if (i >= end)
			return NULL;
		for (; i < end; i++)
			check_item(r, &r->items[i]);
	}
}

static int
push_hash(struct audit_kiosk *k, const uint8_t h[KEYS_HASH])
{
	uint8_t	(*nh)[KEYS_HASH];

	if (k->nh == k->caph) {
		k->caph = k->caph ? 2 * k->caph : 256;
		if ((nh = realloc(k->hashes, k->caph * sizeof *nh)) == NULL)
			return YK_ENOMEM;
		k->hashes = nh;
	}
	memcpy(k->hashes[k->nh++], h, KEYS_HASH);
	return 0;
}

/* Check the chunk on every core, then fold it in on this thread. */
static int
flush(struct run *r)
{
	pthread_t		 t[MAX_THREADS];
	struct audit		*a = r->a;
	struct audit_kiosk	*k;
	const struct poll	*p = a->poll;
	const uint8_t		*ans;
	size_t			 i, started = 0;
	int			 q, rc;

	r->next = 0;
	for (i = 1; i < (size_t)a->threads; i++) {
		if (pthread_create(&t[started], NULL, worker, r) != 0)
			break;	/* fewer threads: slower, still right */
		started++;
	}
	worker(r);
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];

		a->ballots++;
		if (it->status == IT_MALFORMED) {
			a->malformed++;
			continue;
		}
		if (r->nids == r->capids) {
			uint8_t (*ni)[BALLOT_ID + KEYS_NUM];

			r->capids = r->capids ? 2 * r->capids : 4096;
			if ((ni = realloc(r->ids, r->capids * sizeof *ni)) ==
			    NULL)
				return YK_ENOMEM;
			r->ids = ni;
		}
		memcpy(r->ids[r->nids], it->id, BALLOT_ID);
		memcpy(r->ids[r->nids++] + BALLOT_ID, it->keynum, KEYS_NUM);
		k = it->kidx >= 0 ? &a->k[it->kidx] :
		    kiosk_find(a, it->keynum, 1);
		if (k == NULL)
			return YK_ENOMEM;
		k->relevant = 1;
		k->received++;
		switch (it->status) {
		case IT_NOKEY:
			k->unverifiable++;
			continue;
		case IT_BADSIG:
			k->bad_sig++;
			continue;
		case IT_BADPOLL:
			k->bad_poll++;
			continue;
		case IT_BADANSWER:
			k->bad_answer++;
			break;
		default:
			k->valid++;
			ans = r->arena + it->off + it->len - KEYS_SIG -
			    p->n_questions;
			for (q = 0; q < p->n_questions; q++)
				k->n[q][ans[q]]++;
		}
		/* What the kiosk signed for this poll is what it committed to. */
		if ((rc = push_hash(k, it->hash)) != 0)
			return rc;
	}
	if (r->o != NULL && r->o->progress != NULL)
		r->o->progress(r->o->progress_arg, a->ballots, r->total);
	r->n = 0;
	r->alen = 0;
	return 0;
}

static int
ballot_cb(void *arg, const uint8_t *blob, size_t len)
{
	struct run	*r = arg;
	uint8_t		*na;
	size_t		 cap;
	int		 rc;

	if (r->alen + len > r->acap) {
		cap = r->acap ? r->acap : 4 << 20;
		while (cap < r->alen + len)
			cap *= 2;
		if ((na = realloc(r->arena, cap)) == NULL)
			return r->err = YK_ENOMEM;
		r->arena = na;
		r->acap = cap;
	}
	memcpy(r->arena + r->alen, blob, len);
	r->items[r->n].off = r->alen;
	r->items[r->n].len = len;
	r->alen += len;
	if (++r->n == CHUNK && (rc = flush(r)) != 0)
		return r->err = rc;
	return 0;
}

static int
id_cmp(const void *a, const void *b)
{
	return memcmp(a, b, BALLOT_ID + KEYS_NUM);
}

/*
 * Check 5's data: ids that one kiosk sent more than once (counting
 * repeats).  Ids are the kiosk's own: the same id from two kiosks is
 * counted apart (cross_ids), a sign that one of them lies, and blocks
 * neither (THREAT-MODEL.md, "Ids per kiosk").
 */
static int
find_dups(struct run *r)
{
	struct audit	*a = r->a;
	char		 hex[2 * BALLOT_ID + 1], *s;
	size_t		 i, named = 0;

	qsort(r->ids, r->nids, sizeof r->ids[0], id_cmp);
	for (i = 1; i < r->nids; i++) {
		if (memcmp(r->ids[i - 1], r->ids[i], BALLOT_ID) != 0)
			continue;
		if (memcmp(r->ids[i - 1], r->ids[i], sizeof r->ids[0]) != 0) {
			a->cross_ids++;
			continue;
		}
		a->dup_ids++;
		if (named++ >= 5)
			continue;
		keys_hex(r->ids[i], BALLOT_ID, hex);
		s = util_printf("%s  ballot id %s appears more than once\n",
		    a->dup_err != NULL ? a->dup_err : "", hex);
		if (s == NULL)
			return YK_ENOMEM;
		free(a->dup_err);
		a->dup_err = s;
	}
	return 0;
}

static int
check_poll(struct audit *a, struct pstore *ps, const char *dir,
    char **cause)
{
	struct keys_public	 prov;
	uint8_t			*raw = NULL;
	size_t			 len;
	char			*sig = NULL, *why = NULL;
	int			 rc;

	if ((rc = pstore_poll_get(ps, a->poll_id, &raw, &len, a->commune,
	    cause)) == YK_ENOENT)
		return util_fail(cause, YK_ENOENT, "poll \"%s\" is not known "
		    "here (ykien-province poll list)", a->poll_id);
	if (rc != 0)
		return rc;
	/* province.pub, or in a national store the poll's province's. */
	rc = provkey_poll(dir, raw, len, &prov, &why);
	if (rc == 0 && (rc = pstore_poll_sig(ps, a->poll_id, &sig, &why)) == 0)
		rc = signify_verify_text(&prov, raw, len, sig, strlen(sig),
		    &why);
	if (rc == 0 && (rc = poll_parse(raw, len, &a->poll, &why)) == 0 &&
	    (strcmp(a->poll->id, a->poll_id) != 0 ||
	    strcmp(a->poll->commune_code, a->commune) != 0))
		rc = util_fail(&why, YK_EINVAL, "the signed file says poll "
		    "\"%s\" of commune %s, but it is held as \"%s\" of %s",
		    a->poll->id, a->poll->commune_code, a->poll_id,
		    a->commune);
	if (rc != 0) {
		a->poll_err = why != NULL ? why : util_strdup(util_strerror(rc));
		why = NULL;
		if (a->poll_err == NULL)
			rc = YK_ENOMEM;
	}
	free(why);
	free(raw);
	free(sig);
	return rc == YK_ENOMEM ? util_fail(cause, rc, "out of memory") : 0;
}

/* Checks 6 and 7's data: one stored closing record. */
static int
closing_cb(void *arg, const struct pstore_closing *c)
{
	struct audit		*a = arg;
	struct audit_kiosk	*k;
	struct closing		*r = NULL;
	uint8_t			 keynum[KEYS_NUM];
	char			*why = NULL;
	int			 rc;

	if (records_closing_keynum(c->rec, c->len, keynum) != 0)
		memcpy(keynum, c->kiosk, KEYS_NUM);	/* named in the error */
	if ((k = kiosk_find(a, keynum, 1)) == NULL)
		return YK_ENOMEM;
	k->relevant = 1;
	k->has_closing = 1;
	if (!k->registered)
		why = util_strdup("no registered key to check it with");
	else if ((rc = closing_decode(c->rec, c->len, &k->pub, &r, &why)) == 0
	    && (strcmp(r->poll_id, a->poll_id) != 0 || (a->poll != NULL &&
	    memcmp(r->poll_hash, a->poll->hash, KEYS_HASH) != 0)))
		why = util_printf("it is a record of another poll file "
		    "(\"%s\")", r->poll_id);
	if (r != NULL && why == NULL) {
		k->closing = r;
		r = NULL;
	}
	closing_free(r);
	if (why != NULL) {
		free(k->closing_err);
		k->closing_err = why;
	}
	if (c->sheet != NULL) {
		k->has_sheet = 1;
		why = NULL;
		if (k->registered && (c->sheet_sig == NULL ||
		    signify_verify_text(&k->pub, c->sheet, c->slen, c->sheet_sig,
		    strlen(c->sheet_sig), &why) != 0))
			k->sheet_err = why != NULL ? why :
			    util_strdup("its .sig is missing");
		else
			free(why);
	}
	return 0;
}

/*
 * The head the kiosk signed at its last export (event-head.h): a stored
 * log that ends before it, or differs there, lost the events after the
 * close.  A malloc'd reason, or NULL if none is held or it is reached.
 */
static char *
head_cut(struct pstore *ps, const struct audit_kiosk *k,
    const struct event_log *l)
{
	struct event_head	 h;
	uint8_t			*buf = NULL;
	size_t			 len;
	char			*why = NULL, *cause = NULL;

	if (pstore_evhead_get(ps, k->keynum, &buf, &len, &cause) != 0) {
		free(cause);
		return NULL;
	}
	if (event_head_decode(buf, len, &k->pub, &h, &cause) != 0)
		why = util_printf("the event head kept for it does not verify "
		    "(%s)", cause);
	else if (h.seq > l->n)
		why = util_printf("LOG CUT: it ends at event %u, but the kiosk "
		    "signed its head at event %llu when it exported",
		    l->n, (unsigned long long)h.seq);
	else if (h.seq > 0 && memcmp(l->ev[h.seq - 1].hash, h.hash,
	    KEYS_HASH) != 0)
		why = util_printf("it holds another event %llu than the head "
		    "the kiosk signed when it exported",
		    (unsigned long long)h.seq);
	free(cause);
	free(buf);
	return why;
}

/* Check 8's data for one kiosk. */
static int
check_log(struct audit *a, struct pstore *ps, struct audit_kiosk *k,
    char **cause)
{
	struct event_log	*l = NULL;
	uint8_t		*buf = NULL;
	size_t		 len;
	char		*why = NULL;
	int		 rc;

	rc = pstore_evlog_get(ps, k->keynum, &buf, &len, cause);
	if (rc == YK_ENOENT)
		return 0;
	if (rc != 0)
		return rc;
	k->has_log = 1;
	if (!k->registered)
		why = util_strdup("no registered key to check it with");
	else if (event_log_decode(buf, len, &k->pub, &l, &why) == 0) {
		k->log_events = l->n;
		if (k->closing != NULL && (k->closing->event_seq > l->n ||
		    (k->closing->event_seq > 0 && memcmp(l->ev[
		    k->closing->event_seq - 1].hash, k->closing->event_hash,
		    KEYS_HASH) != 0)))
			why = util_printf("the closing record names event %llu "
			    "as the log's head at close, but the log %s",
			    (unsigned long long)k->closing->event_seq,
			    k->closing->event_seq > l->n ? "stops before it" :
			    "holds another event there");
	}
	if (why == NULL && l != NULL)
		why = head_cut(ps, k, l);
	k->log_err = why;
	event_log_free(l);
	free(buf);
	return 0;
}

/* One row of the counts kept at intake, for an audit from_counts. */
static int
counts_cb(void *arg, const uint8_t keynum[KEYS_NUM], int q, int o,
    uint64_t n)
{
	struct audit		*a = arg;
	struct audit_kiosk	*k;

	if ((k = kiosk_find(a, keynum, 1)) == NULL)
		return YK_ENOMEM;
	k->relevant = 1;
	if (q < 0) {
		k->received += n;
		k->valid += n;
		a->ballots += n;
	} else if (q < POLL_MAX_QUESTIONS && o >= 0 && o <= POLL_MAX_OPTIONS)
		k->n[q][o] += n;
	return 0;
}

/* The ballot pass: every ballot verified on every core. */
static int
ballot_pass(struct pstore *ps, const char *poll_id, struct run *r,
    char **cause)
{
	struct audit	*a = r->a;
	struct timespec	 t0, t1;
	int		 rc;

	if ((rc = pstore_ballot_count(ps, poll_id, &r->total, cause)) != 0)
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* A poll that failed to parse still has its ballots counted as bad. */
	if ((rc = pstore_ballot_each(ps, poll_id, ballot_cb, r, cause)) != 0 ||
	    (rc = flush(r)) != 0) {
		if (r->err != 0 || rc == YK_ENOMEM)
			rc = util_fail(cause, r->err ? r->err : rc,
			    "out of memory");
		return rc;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	a->verify_secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (a->malformed > 0 && (a->malformed_err = util_printf("%llu stored "
	    "ballots do not decode", (unsigned long long)a->malformed)) ==
	    NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((rc = find_dups(r)) != 0 && rc == YK_ENOMEM)
		util_fail(cause, rc, "out of memory");
	return rc;
}

/*
 * Long: the audit's passes in order (poll, registry, every ballot on
 * every core, duplicates, each kiosk's set hash and event log, closing
 * records) with the cleanup each needs on failure; each pass is already
 * its own function, and the order between them is the point.
 */
int
audit_run(struct pstore *ps, const char *dir, const char *poll_id,
    const struct audit_opts *o, struct audit **out, char **cause)
{
	struct audit	*a;
	struct run	 r;
	size_t		 i;
	long		 ncpu;
	int		 rc;

	*out = NULL;
	memset(&r, 0, sizeof r);
	if (strlen(poll_id) > POLL_ID_MAX)
		return util_fail(cause, YK_EINVAL, "poll id too long");
	if ((a = util_calloc(1, sizeof *a)) == NULL ||
	    (r.items = calloc(CHUNK, sizeof *r.items)) == NULL) {
		free(a);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	memcpy(a->poll_id, poll_id, strlen(poll_id) + 1);
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	a->threads = o != NULL && o->threads > 0 ? o->threads :
	    ncpu > 0 ? (int)ncpu : 1;
	if (a->threads > MAX_THREADS)
		a->threads = MAX_THREADS;
	r.a = a;
	r.o = o;
	if ((rc = check_poll(a, ps, dir, cause)) != 0)
		goto out;
	if ((rc = pstore_kiosk_each(ps, reg_cb, a, cause)) != 0) {
		if (rc == YK_ENOMEM)
			util_fail(cause, rc, "out of memory");
		goto out;
	}
	/* Sorted, so the workers can bsearch without a lock. */
	qsort(a->k, a->nk, sizeof *a->k, keynum_cmp);
	r.nreg = a->nk;
	if ((rc = pthread_mutex_init(&r.mu, NULL)) != 0) {
		rc = util_fail(cause, YK_ENOMEM, "pthread_mutex_init failed");
		goto out;
	}
	if (o != NULL && o->from_counts)
		rc = pstore_counts_each(ps, poll_id, counts_cb, a, cause);
	else
		rc = ballot_pass(ps, poll_id, &r, cause);
	if (rc != 0 ||
	    (rc = pstore_closing_each(ps, poll_id, closing_cb, a, cause)) != 0) {
		if (rc == YK_ENOMEM)
			util_fail(cause, rc, "out of memory");
		goto out_mu;
	}
	for (i = 0; i < a->nk; i++) {
		struct audit_kiosk *k = &a->k[i];

		if (k->revoked && k->relevant) {
			k->excluded = o != NULL && o->exclude_revoked;
			if ((rc = pstore_kiosk_late(ps, k->keynum, poll_id,
			    k->revoked, &k->late_batches, &k->late_ballots,
			    cause)) != 0)
				goto out_mu;
		}
		if (!k->relevant && !(k->registered && !k->revoked &&
		    strcmp(k->commune, a->commune) == 0))
			continue;
		if ((rc = ballot_set_hash(k->hashes, k->nh, k->set_hash)) != 0) {
			rc = util_fail(cause, rc, "out of memory");
			goto out_mu;
		}
		if ((rc = check_log(a, ps, k, cause)) != 0)
			goto out_mu;
	}
	*out = a;
	a = NULL;
out_mu:
	pthread_mutex_destroy(&r.mu);
out:
	free(r.arena);
	free(r.items);
	free(r.ids);
	audit_free(a);
	return rc;
}

int
audit_counted(const struct audit *a, const struct audit_kiosk *k)
{
	return k->registered && k->relevant && !k->excluded &&
	    (!k->revoked || k->late_ballots == 0) &&
	    strcmp(k->commune, a->commune) == 0;
}

void
audit_free(struct audit *a)
{
	size_t	i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nk; i++) {
		free(a->k[i].hashes);
		closing_free(a->k[i].closing);
		free(a->k[i].closing_err);
		free(a->k[i].sheet_err);
		free(a->k[i].log_err);
	}
	free(a->k);
	poll_free(a->poll);
	free(a->poll_err);
	free(a->malformed_err);
	free(a->dup_err);
	free(a);
}
