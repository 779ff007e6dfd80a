/*
 * collect: check and store incoming batches (contract and reply codes in
 * include/ykien/collect.h).  One mutex serialises every step that reads or
 * writes the store: the database connection is shared and a batch's
 * checks and its write must see one consistent registry.  The signature
 * checks (1,001 Ed25519 verifications for a full batch: nearly all of an
 * intake's CPU time) touch only the request's bytes, so they run outside
 * the mutex, on the checkers of vpool.h, one per core, that every
 * connection shares; the kiosk's registration is then checked again
 * under the mutex, in case it was revoked meanwhile.  Holding the mutex
 * through them made the collector single-core (docs/PERFORMANCE.md,
 * "Province ingest").
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/ballot.h"
#include "ykien/batch.h"
#include "ykien/bundle.h"
#include "ykien/collect.h"
#include "ykien/poll.h"
#include "ykien/pstore.h"
#include "ykien/records.h"
#include "ykien/signify.h"
#include "ykien/util.h"
#include "ykien/vpool.h"

struct collect {
	struct pstore			*ps;
	const struct keys_secret	*sec;
	struct keys_public		 pub;
	pthread_mutex_t			 mu;
	unsigned			 threads;	/* 0: a core each */
	struct vpool			*vp;		/* the signature checkers */
	int				 vp_tried;
};

int
collect_open(const char *dir, const struct keys_secret *sec,
    struct collect **out, char **cause)
{
	struct collect	*c;
	char		*p;
	int		 rc;

	if ((c = util_calloc(1, sizeof *c)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((p = util_path(dir, "province.pub")) == NULL) {
		free(c);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	rc = signify_read_public(p, &c->pub, cause);
	free(p);
	if (rc != 0) {
		free(c);
		return util_wrap(cause, rc, "(run 'ykien-province init --dir "
		    "%s' first) ", dir);
	}
	if (sec != NULL) {
		struct keys_public	mine;

		keys_public_of(sec, &mine);
		if (!keys_equal(&mine, &c->pub, sizeof mine)) {
			free(c);
			return util_fail(cause, YK_EINVAL, "%s: province.key "
			    "and province.pub do not match", dir);
		}
	}
	if ((rc = pstore_locate(dir, &p, cause)) != 0) {
		free(c);
		return rc;
	}
	rc = pstore_open(p, &c->ps, cause);
	free(p);
	if (rc != 0) {
		free(c);
		return rc;
	}
	if (pthread_mutex_init(&c->mu, NULL) != 0) {
		pstore_close(c->ps);
		free(c);
		return util_fail(cause, YK_ENOMEM, "cannot make a mutex");
	}
	c->sec = sec;
	*out = c;
	return 0;
}

void
collect_close(struct collect *c)
{
	if (c == NULL)
		return;
	vpool_stop(c->vp);
	pstore_close(c->ps);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

void
collect_set_threads(struct collect *c, unsigned n)
{
	c->threads = n;
}

struct pstore *
collect_store(struct collect *c)
{
	return c->ps;
}

void
collect_reply_free(struct collect_reply *r)
{
	free(r->message);
	free(r->ack);
	r->message = NULL;
	r->ack = NULL;
}

/* Fill r; msg may be NULL (then the code says it all).  Returns status. */
static int
reply(struct collect_reply *r, int status, const char *code, char *msg)
{
	r->status = status;
	r->code = code;
	free(r->message);
	r->message = msg != NULL ? msg : util_strdup(code);
	return status;
}

/*
 * The batch's kiosk is registered, unrevoked, with the batch's key; k gets
 * its registry row.  Called with the mutex held.
 */
/*
 * Key number keynum is registered and unrevoked; k (if not NULL) gets its
 * registry row.  Called with the mutex held.
 */
static int
check_keynum(struct collect *c, const uint8_t keynum[KEYS_NUM],
    struct collect_reply *r, struct pstore_kiosk *k)
{
	struct pstore_kiosk	 row;
	char			 hex[2 * KEYS_NUM + 1], *cause = NULL;
	int			 rc;

	if (k == NULL)
		k = &row;
	keys_hex(keynum, KEYS_NUM, hex);
	rc = pstore_kiosk_get(c->ps, keynum, k, &cause);
	if (rc == YK_ENOENT)
		return reply(r, 403, "unknown-kiosk", util_printf("kiosk key "
		    "number %s is not registered at the province "
		    "(ykien-province kiosk add)", hex));
	if (rc != 0)
		return reply(r, 500, "internal", cause);
	/* A revocation from a time: what came before it was accepted. */
	if (k->revoked && (long long)time(NULL) >= k->revoked)
		return reply(r, 403, "revoked-kiosk", util_printf("kiosk key "
		    "number %s has been revoked; what it sends is refused",
		    hex));
	return 0;
}

static int
check_kiosk(struct collect *c, const struct batch *b,
    struct collect_reply *r, struct pstore_kiosk *k)
{
	char	fpr[KEYS_FPR];
	int	rc;

	if ((rc = check_keynum(c, b->kiosk.keynum, r, k)) != 0)
		return rc;
	keys_fingerprint(&b->kiosk, fpr);
	if (!keys_equal(k->pub.pk, b->kiosk.pk, KEYS_PUBLIC))
		return reply(r, 403, "key-mismatch", util_printf("the batch's "
		    "public key differs from the one registered for key "
		    "number of %s", fpr));
	return 0;
}

/*
 * The kiosk, the poll: everything about a batch short of signatures.
 * Called with the mutex held.
 */
static int
check_context(struct collect *c, const struct batch *b,
    struct collect_reply *r, struct poll **pollp)
{
	struct pstore_kiosk	 k;
	struct poll		*p = NULL;
	uint8_t			*raw = NULL;
	size_t			 len;
	char			 commune[6], *cause = NULL;
	int			 rc;

	if ((rc = check_kiosk(c, b, r, &k)) != 0)
		return rc;
	rc = pstore_poll_get(c->ps, b->poll_id, &raw, &len, commune, &cause);
	if (rc == YK_ENOENT)
		return reply(r, 422, "unknown-poll", util_printf("poll \"%s\" "
		    "is not known to the province (ykien-province poll add)",
		    b->poll_id));
	if (rc != 0)
		return reply(r, 500, "internal", cause);
	if (strcmp(commune, k.commune) != 0) {
		free(raw);
		return reply(r, 422, "wrong-commune", util_printf("poll \"%s\" "
		    "is assigned to commune %s, the kiosk is registered in %s",
		    b->poll_id, commune, k.commune));
	}
	rc = poll_parse(raw, len, &p, &cause);
	free(raw);
	if (rc != 0)
		return reply(r, 500, "internal", cause);
	if (memcmp(p->hash, b->poll_hash, KEYS_HASH) != 0) {
		poll_free(p);
		return reply(r, 422, "poll-mismatch", util_printf("the ballots "
		    "were cast on another file of poll \"%s\" than the one "
		    "the province signed", b->poll_id));
	}
	*pollp = p;
	return 0;
}

/*
 * Every answer inside the poll; counts[q][o] gets the batch's counts,
 * which are stored with it (the tally's source once an audit vouches).
 */
static int
check_answers(const struct batch *b, const struct poll *p,
    struct collect_reply *r, uint64_t counts[][POLL_MAX_OPTIONS + 1])
{
	struct ballot	 bl;
	char		*cause = NULL;
	uint32_t	 i;
	int		 q;

	for (i = 0; i < b->n; i++) {
		if (ballot_decode(b->ballots[i], b->lens[i], &bl, NULL) != 0)
			return reply(r, 400, "malformed", NULL);
		if (poll_check_answers(p, bl.answers, bl.n_answers,
		    &cause) != 0) {
			keys_wipe(&bl, sizeof bl);
			util_wrap(&cause, YK_EINVAL, "ballot %u: ", i);
			return reply(r, 422, "bad-answer", cause);
		}
		for (q = 0; q < bl.n_answers && q < POLL_MAX_QUESTIONS; q++)
			if (bl.answers[q] <= POLL_MAX_OPTIONS)
				counts[q][bl.answers[q]]++;
	}
	keys_wipe(&bl, sizeof bl);
	return 0;
}

/*
 * If a batch with b's id is held: 200 with the acknowledgement held when
 * it is the same batch, 409 otherwise.  YK_ENOENT if none is held.
 */
static int
answer_held(struct collect *c, const struct batch *b,
    struct collect_reply *r)
{
	uint8_t	 held[KEYS_HASH], *ack = NULL;
	size_t	 alen;
	char	*cause = NULL;
	int	 rc;

	rc = pstore_batch_get(c->ps, b->poll_id, b->kiosk.keynum, b->id, held,
	    &ack, &alen, &cause);
	if (rc == YK_ENOENT)
		return rc;
	if (rc != 0)
		return reply(r, 500, "internal", cause);
	if (memcmp(held, b->hash, KEYS_HASH) != 0) {
		free(ack);
		return reply(r, 409, "batch-conflict", util_printf("a "
		    "different batch with the same id is already held"));
	}
	r->ack = ack;
	r->alen = alen;
	return reply(r, 200, "already-held", util_printf("batch already "
	    "held; the same acknowledgement again"));
}

/* Everything after the signatures; called with the mutex held. */
static int
intake_store(struct collect *c, const uint8_t *buf, size_t len,
    const struct batch *b, const struct poll *p, struct collect_reply *r)
{
	struct pstore_kiosk	 k;
	struct pstore_batch	 pb;
	struct ack		 a;
	uint64_t		 counts[POLL_MAX_QUESTIONS][POLL_MAX_OPTIONS + 1];
	uint8_t			*ack = NULL;
	size_t			 alen;
	char			*cause = NULL;
	int			 rc;

	/* The registry may have changed while the signatures were checked. */
	if ((rc = check_kiosk(c, b, r, &k)) != 0)
		return rc;
	if ((rc = answer_held(c, b, r)) != YK_ENOENT)
		return rc;
	memset(counts, 0, sizeof counts);
	if ((rc = check_answers(b, p, r, counts)) != 0)
		return rc;
	if (c->sec == NULL)
		return reply(r, 500, "internal", util_printf("the province key "
		    "is not unlocked"));
	memset(&a, 0, sizeof a);
	memcpy(a.batch_id, b->id, BATCH_ID);
	memcpy(a.batch_hash, b->hash, KEYS_HASH);
	memcpy(a.kiosk, b->kiosk.keynum, KEYS_NUM);
	memcpy(a.poll_id, b->poll_id, sizeof a.poll_id);
	a.accepted = b->n;
	memcpy(a.province, c->pub.keynum, KEYS_NUM);
	if (ack_make(c->sec, &a, &ack, &alen) != 0)
		return reply(r, 500, "internal", NULL);
	memset(&pb, 0, sizeof pb);
	pb.id = b->id;
	pb.hash = b->hash;
	pb.kiosk = b->kiosk.keynum;
	pb.poll_id = b->poll_id;
	pb.blob = buf;
	pb.len = len;
	pb.head = batch_head(buf, b);	/* each ballot kept once */
	pb.n = b->n;
	pb.ballots = b->ballots;
	pb.lens = b->lens;
	pb.ack = ack;
	pb.alen = alen;
	pb.counts = &counts[0][0];
	pb.nq = p->n_questions;
	pb.nopt = POLL_MAX_OPTIONS + 1;
	rc = pstore_batch_put(c->ps, &pb, &cause);
	if (rc == YK_ECONFLICT) {
		/* Another collector stored it meanwhile: answer as it did. */
		free(cause);
		if ((rc = answer_held(c, b, r)) == YK_ENOENT)
			rc = reply(r, 500, "internal", util_printf("the batch "
			    "was held and then was not"));
	} else if (rc == YK_EDUP)
		rc = reply(r, 409, "duplicate-ballot", cause);
	else if (rc != 0)
		rc = reply(r, 500, "internal", cause);
	else {
		r->ack = ack;
		r->alen = alen;
		r->collisions = pb.collisions;
		ack = NULL;
		rc = reply(r, 201, "created", util_printf("batch stored: %u "
		    "ballots", b->n));
	}
	free(ack);
	return rc;
}

/*
 * The batch's own signature and key here; its ballots' on the pool, which
 * starts with the first batch (commands that only read never need it).
 */
static int
verify_batch(struct collect *c, const uint8_t *buf, size_t len,
    const struct batch *b, char **cause)
{
	struct batch	 env = *b;
	uint32_t	 bad;

	env.n = 0;
	if (batch_verify(buf, len, &env, &b->kiosk, cause) != 0)
		return YK_ESIG;
	if (pthread_mutex_lock(&c->mu) != 0)
		return util_fail(cause, YK_EIO, "internal: mutex");
	if (c->vp == NULL && !c->vp_tried) {
		c->vp = vpool_start(c->threads);
		c->vp_tried = 1;
	}
	(void)pthread_mutex_unlock(&c->mu);
	if ((bad = vpool_check(c->vp, b)) < b->n)
		return util_fail(cause, YK_ESIG, "batch: ballot %u: bad "
		    "signature", bad);
	return 0;
}

/*
 * Decode, then under the mutex the registry and poll checks, then the
 * signatures without it, then under it again the rest and the store.
 */
static int
intake(struct collect *c, const uint8_t *buf, size_t len,
    struct collect_reply *r)
{
	struct batch	*b = NULL;
	struct poll	*p = NULL;
	char		*cause = NULL;
	int		 rc;

	if (batch_decode(buf, len, &b, &cause) != 0)
		return reply(r, 400, "malformed", cause);
	r->n = b->n;
	if (pthread_mutex_lock(&c->mu) != 0) {
		rc = reply(r, 500, "internal", NULL);
		goto out;
	}
	rc = check_context(c, b, r, &p);
	(void)pthread_mutex_unlock(&c->mu);
	if (rc != 0)
		goto out;
	if (verify_batch(c, buf, len, b, &cause) != 0) {
		rc = reply(r, 403, "bad-signature", cause);
		goto out;
	}
	if (pthread_mutex_lock(&c->mu) != 0) {
		rc = reply(r, 500, "internal", NULL);
		goto out;
	}
	rc = intake_store(c, buf, len, b, p, r);
	(void)pthread_mutex_unlock(&c->mu);
out:
	poll_free(p);
	batch_free(b);
	return rc;
}

int
collect_batch(struct collect *c, const uint8_t *buf, size_t len,
    struct collect_reply *r)
{
	int	rc;

	memset(r, 0, sizeof *r);
	rc = intake(c, buf, len, r);
	if (r->message == NULL)
		r->status = 500;	/* out of memory on the way */
	return rc;
}

/*
 * A kiosk's records (POST /v1/records): every part is checked exactly as
 * `ykien-province import` checks it (records.c), under the mutex since
 * they are stored.  The acknowledgement names the bundle by its hash, so a
 * captive portal's 200 cannot make the kiosk stop sending it.
 */
int
collect_records(struct collect *c, const uint8_t *buf, size_t len,
    struct collect_reply *r)
{
	struct bundle	 bu;
	struct ack	 a;
	char		*cause = NULL, *poll = NULL;
	int		 rc = 0, stored = 0;

	memset(r, 0, sizeof *r);
	if (bundle_decode(buf, len, &bu, &cause) != 0)
		return reply(r, 400, "malformed", cause);
	/* An acknowledgement is signed for something held, never for air. */
	if (bu.closing_len == 0 && bu.events_len == 0)
		return reply(r, 400, "empty", util_strdup("the bundle holds no "
		    "closing record and no event log"));
	if (c->sec == NULL)
		return reply(r, 500, "internal", NULL);
	if (bu.closing_len > 0 && records_closing_keynum(bu.closing,
	    bu.closing_len, a.kiosk) == 0 &&
	    memcmp(a.kiosk, bu.keynum, KEYS_NUM) != 0)
		return reply(r, 422, "key-mismatch", util_strdup("the closing "
		    "record is another kiosk's than the bundle's"));
	if (pthread_mutex_lock(&c->mu) != 0)
		return reply(r, 500, "internal", NULL);
	if ((rc = check_keynum(c, bu.keynum, r, NULL)) != 0) {
		(void)pthread_mutex_unlock(&c->mu);
		return rc;
	}
	if (bu.closing_len > 0) {
		rc = records_closing_put(c->ps, bu.closing, bu.closing_len,
		    bu.sheet, bu.sheet_len, bu.sig, bu.sig_len, &cause);
		stored += rc == 0;
	}
	if ((rc == 0 || rc == YK_EDUP) && bu.events_len > 0) {
		free(cause);
		cause = NULL;
		rc = records_events_put(c->ps, bu.keynum, bu.events,
		    bu.events_len, bu.head, bu.head_len, &cause);
		stored += rc == 0;
	}
	(void)pthread_mutex_unlock(&c->mu);
	if (rc != 0 && rc != YK_EDUP)
		return reply(r, rc == YK_ESIG ? 403 : rc == YK_ECONFLICT ? 409 :
		    rc == YK_ENOMEM || rc == YK_EIO ? 500 : 422,
		    rc == YK_ESIG ? "bad-signature" : rc == YK_ECONFLICT ?
		    "log-fork" : "refused", cause);
	free(cause);
	memset(&a, 0, sizeof a);
	bundle_name(buf, len, a.batch_id, a.batch_hash);
	memcpy(a.kiosk, bu.keynum, KEYS_NUM);
	if (bu.closing_len > 0) {
		uint8_t kn[KEYS_NUM];

		if (records_closing_poll_id(bu.closing, bu.closing_len, kn,
		    &poll) == 0)
			snprintf(a.poll_id, sizeof a.poll_id, "%s", poll);
		free(poll);
	}
	a.accepted = 0;
	memcpy(a.province, c->pub.keynum, KEYS_NUM);
	if (ack_make(c->sec, &a, &r->ack, &r->alen) != 0)
		return reply(r, 500, "internal", NULL);
	return reply(r, stored > 0 ? 201 : 200, stored > 0 ? "created" :
	    "already-held", NULL);
}
