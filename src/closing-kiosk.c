/*
 * closing-kiosk: the kiosk's side of closing (see
 * include/ykien/closing-kiosk.h): count the stored ballots, run the
 * logic-and-accuracy report, and close a poll with its signed record.
 * Counting re-verifies every ballot's signature: a record that commits to
 * a set must not count a ballot the province would reject.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/ballot.h"
#include "ykien/clock.h"
#include "ykien/closing-kiosk.h"
#include "ykien/closing-sheet.h"
#include "ykien/elig.h"
#include "ykien/event-chain.h"
#include "ykien/keys.h"
#include "ykien/kiosk.h"
#include "ykien/pin.h"
#include "ykien/signify.h"
#include "ykien/store.h"
#include "ykien/store-admin.h"
#include "ykien/util.h"

#include "ykien/util.h"

struct count_ctx {
	struct kiosk		 *k;
	const struct poll	 *p;
	int			  test;
	struct closing_count	 *c;
	uint8_t			(*hashes)[KEYS_HASH];
	size_t			  cap;
	char			 *cause;
};

static int
count_cb(void *arg, const uint8_t *blob, size_t len)
{
	struct count_ctx	 *x = arg;
	struct ballot		  b;
	uint8_t			(*nh)[KEYS_HASH];
	uint16_t		  i;
	int			  rc;

	if ((rc = ballot_verify(blob, len, &x->k->pub, &x->cause)) != 0 ||
	    (rc = ballot_decode(blob, len, &b, &x->cause)) != 0)
		return util_wrap(&x->cause, rc, "ballot %llu: ",
		    (unsigned long long)x->c->ballots + 1);
	if (strcmp(b.poll_id, x->p->id) != 0 ||
	    memcmp(b.poll_hash, x->p->hash, KEYS_HASH) != 0 ||
	    ((b.flags & BALLOT_TEST) != 0) != (x->test != 0) ||
	    poll_check_answers(x->p, b.answers, b.n_answers, NULL) != 0)
		return util_fail(&x->cause, YK_EINVAL, "a stored ballot does "
		    "not belong to poll \"%s\" as loaded (or is a %s ballot "
		    "among %s ones)", x->p->id, b.flags & BALLOT_TEST ? "test" :
		    "real", x->test ? "test" : "real");
	if (x->c->ballots == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 256;
		if ((nh = realloc(x->hashes, x->cap * sizeof *nh)) == NULL)
			return util_fail(&x->cause, YK_ENOMEM, "out of memory");
		x->hashes = nh;
	}
	ballot_hash(blob, len, x->hashes[x->c->ballots]);
	for (i = 0; i < b.n_answers; i++)
		x->c->n[i][b.answers[i]]++;
	x->c->ballots++;
	return 0;
}

int
closing_count(struct kiosk *k, const struct poll *p, int test,
    struct closing_count *c, char **cause)
{
	struct count_ctx	x;
	int			rc;

	memset(c, 0, sizeof *c);
	memset(&x, 0, sizeof x);
	x.k = k;
	x.p = p;
	x.test = test;
	x.c = c;
	rc = store_ballot_each(k->store, p->id, test, count_cb, &x, cause);
	if (rc == 0)
		rc = ballot_set_hash(x.hashes, (size_t)c->ballots, c->set_hash);
	if (rc != 0 && x.cause != NULL && cause != NULL) {
		free(*cause);
		*cause = x.cause;
		x.cause = NULL;
	}
	free(x.cause);
	free(x.hashes);
	return rc;
}


static int
expected_read(const struct poll *p, const char *path,
    struct closing_expected *e, char **cause)
{
	uint8_t			*buf;
	char			*line, *save = NULL, qid[64];
	unsigned long long	 n;
	size_t			 len;
	int			 rc, q, opt, lineno = 0, used;

	memset(e, 0, sizeof *e);
	if ((rc = util_read_file(path, 1 << 20, &buf, &len, cause)) != 0)
		return rc;
	for (line = strtok_r((char *)buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		line[strcspn(line, "#\r")] = '\0';
		if (strspn(line, " \t") == strlen(line))
			continue;
		used = 0;
		if (sscanf(line, " ballots %llu %n", &n, &used) == 1 &&
		    line[used] == '\0') {
			e->have_ballots = 1;
			e->ballots = n;
			continue;
		}
		used = 0;
		if (sscanf(line, " %63s %d %llu %n", qid, &opt, &n, &used) != 3
		    || line[used] != '\0') {
			rc = util_fail(cause, YK_EINVAL, "%s:%d: expected "
			    "\"QUESTION-ID OPTION COUNT\" or \"ballots COUNT\"",
			    path, lineno);
			goto out;
		}
		for (q = 0; q < p->n_questions; q++)
			if (strcmp(p->questions[q].id, qid) == 0)
				break;
		if (q == p->n_questions) {
			rc = util_fail(cause, YK_EINVAL, "%s:%d: no question "
			    "\"%s\" in poll %s", path, lineno, qid, p->id);
			goto out;
		}
		if (opt < 0 || opt > p->questions[q].n_options ||
		    (opt == 0 && !p->questions[q].no_opinion)) {
			rc = util_fail(cause, YK_EINVAL, "%s:%d: question %s "
			    "has no option %d (1 to %d%s)", path, lineno, qid,
			    opt, p->questions[q].n_options,
			    p->questions[q].no_opinion ? ", 0 = no opinion" :
			    "");
			goto out;
		}
		e->have[q][opt] = 1;
		e->n[q][opt] = n;
	}
out:
	free(buf);
	return rc;
}

int
closing_test_report(struct kiosk *k, const struct poll *p,
    const char *expected_path, char **text, int *mismatches, char **cause)
{
	struct closing_count	*c = NULL, *real = NULL;
	struct closing_expected	*e = NULL;
	int			 rc, bad;

	*text = NULL;
	*mismatches = 0;
	if ((c = malloc(sizeof *c)) == NULL || (real = malloc(sizeof *real))
	    == NULL || (e = calloc(1, sizeof *e)) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = closing_count(k, p, 1, c, cause)) != 0 ||
	    (rc = closing_count(k, p, 0, real, cause)) != 0)
		goto out;
	if (expected_path != NULL &&
	    (rc = expected_read(p, expected_path, e, cause)) != 0)
		goto out;
	if ((bad = closing_test_text(p, k->village, c, real,
	    expected_path != NULL ? e : NULL, text)) < 0) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	*mismatches = bad;
out:
	free(c);
	free(real);
	free(e);
	return rc;
}

/* Build and sign the record of poll p from the store, now. */
static int
build(struct kiosk *k, const struct poll *p, struct closing **out,
    char **cause)
{
	struct closing	*r;
	long long	 issued = 0, used = 0, act = 0, ign = 0, tests = 0;
	int		 rc, q;

	if ((r = util_calloc(1, sizeof *r)) == NULL ||
	    (r->village = util_strdup(k->village)) == NULL) {
		free(r);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	memcpy(r->poll_id, p->id, strlen(p->id) + 1);
	memcpy(r->poll_hash, p->hash, KEYS_HASH);
	memcpy(r->kiosk, k->pub.keynum, KEYS_NUM);
	memcpy(r->commune, k->commune, 6);
	r->closed_at = (uint64_t)clock_now();
	r->elig = (uint8_t)p->elig;
	if ((rc = closing_count(k, p, 0, &r->count, cause)) != 0 ||
	    (rc = store_count_ballots(k->store, p->id, 1, &tests, cause)) != 0 ||
	    (rc = store_code_counts(k->store, p->id, &issued, &used,
	    cause)) != 0 ||
	    (rc = store_counter_get(k->store, p->id, ELIG_CTR_ACTIVATIONS,
	    &act, cause)) != 0 ||
	    (rc = store_counter_get(k->store, p->id, ELIG_CTR_IGNORED, &ign,
	    cause)) != 0 ||
	    (rc = event_head(k->store, &r->event_seq, r->event_hash, cause)) != 0) {
		closing_free(r);
		return rc;
	}
	r->test_ballots = (uint64_t)tests;
	r->codes_issued = (uint64_t)issued;
	r->codes_used = (uint64_t)used;
	r->activations = (uint64_t)act;
	r->ignored = (uint64_t)ign;
	r->n_questions = (uint16_t)p->n_questions;
	for (q = 0; q < p->n_questions; q++) {
		if ((r->qids[q] = util_strdup(p->questions[q].id)) == NULL) {
			closing_free(r);
			return util_fail(cause, YK_ENOMEM, "out of memory");
		}
		r->n_opts[q] = (uint16_t)(p->questions[q].n_options + 1);
	}
	if (closing_sign(r, k->sec) != 0) {
		closing_free(r);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	*out = r;
	return 0;
}

static char *
record_key(const char *id)
{
	return util_printf("closing.%s", id);
}

static int
keep(struct kiosk *k, const struct closing *r, char **cause)
{
	uint8_t	*buf;
	size_t	 len;
	char	*b64 = NULL, *key = NULL, *detail = NULL, hex[2 * KEYS_HASH + 1];
	int	 rc;

	if (closing_encode(r, &buf, &len) != 0)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	keys_hex(r->digest, KEYS_HASH, hex);
	b64 = keys_b64_encode(buf, len);
	key = record_key(r->poll_id);
	detail = util_printf("digest=%s ballots=%llu", hex,
	    (unsigned long long)r->count.ballots);
	free(buf);
	if (b64 == NULL || key == NULL || detail == NULL)
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
	else if ((rc = store_meta_set(k->store, key, b64, cause)) == 0)
		rc = event_append(k->store, k->sec, r->poll_id, "closing-record", detail,
		    cause);
	free(b64);
	free(key);
	free(detail);
	return rc;
}

int
closing_load(struct kiosk *k, const char *id, struct closing **out,
    char **cause)
{
	uint8_t	*buf = NULL;
	size_t	 len;
	char	*key, *b64 = NULL;
	int	 rc;

	if ((key = record_key(id)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = store_meta_get(k->store, key, &b64, cause);
	free(key);
	if (rc != 0)
		return rc;
	if (b64 == NULL)
		return util_fail(cause, YK_ENOENT, "poll \"%s\" has no closing "
		    "record (is it closed? ykien-kiosk poll list)", id);
	if (keys_b64_decode(b64, strlen(b64), &buf, &len) != 0)
		rc = util_fail(cause, YK_EINVAL, "closing record of \"%s\": "
		    "damaged in the store", id);
	else
		rc = closing_decode(buf, len, &k->pub, out, cause);
	free(b64);
	free(buf);
	return rc;
}

int
closing_save(struct kiosk *k, const struct poll *p, const struct closing *r,
    char **cause)
{
	uint8_t	*bin = NULL;
	size_t	 blen;
	char	*text = NULL, *sig = NULL, *pb = NULL, *pt = NULL, *ps = NULL;
	char	*comment = NULL;
	int	 rc;

	if (closing_encode(r, &bin, &blen) != 0 ||
	    (text = closing_text(&k->pub, p, r)) == NULL ||
	    (pb = util_printf("%s/closing-%s.bin", k->dir, r->poll_id)) == NULL
	    || (pt = util_printf("%s/closing-%s.txt", k->dir, r->poll_id))
	    == NULL ||
	    (ps = util_printf("%s.sig", pt)) == NULL ||
	    (comment = util_printf("verify with signify-openbsd -V -p "
	    "kiosk.pub -x closing-%s.txt.sig -m closing-%s.txt", r->poll_id,
	    r->poll_id)) == NULL ||
	    (sig = signify_sign_text(k->sec, text, strlen(text), comment))
	    == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = util_write_atomic(pb, bin, blen, 0644, cause)) != 0 ||
	    (rc = util_write_atomic(pt, text, strlen(text), 0644, cause)) != 0
	    || (rc = util_write_atomic(ps, sig, strlen(sig), 0644, cause)) != 0)
		goto out;
out:
	free(bin);
	free(text);
	free(sig);
	free(pb);
	free(pt);
	free(ps);
	free(comment);
	return rc;
}

static int
check_pin(struct kiosk *k, const char *role, const char *pin, char **cause)
{
	long	wait;
	int	rc;

	if ((rc = pin_check(k, role, pin, &wait, cause)) != 0)
		return util_wrap(cause, rc, "closing needs the %s PIN: ",
		    strcmp(role, PIN_FRONT) == 0 ? "Front representative's" :
		    "commune official's");
	return 0;
}

int
closing_close(struct kiosk *k, const char *id, const char *pin_official,
    const char *pin_front, struct closing **out, char **cause)
{
	struct closing	*r = NULL;
	struct poll	*p = NULL;
	char		*state = NULL;
	int		 rc, outer;

	if ((rc = kiosk_poll_get(k, id, &p, &state, cause)) != 0)
		return rc;
	/* A poll that cannot be closed must not cost anyone a PIN try. */
	if (kiosk_next_state(state, KIOSK_ACT_CLOSE) == NULL) {
		rc = kiosk_transition(k, id, KIOSK_ACT_CLOSE, cause);
		goto out;
	}
	if ((rc = check_pin(k, PIN_OFFICIAL, pin_official, cause)) != 0 ||
	    (p->pins_required >= 2 &&
	    (rc = check_pin(k, PIN_FRONT, pin_front, cause)) != 0))
		goto out;
	if ((rc = store_tx_begin(k->store, &outer, cause)) != 0)
		goto out;
	if ((rc = kiosk_transition(k, id, KIOSK_ACT_CLOSE, cause)) != 0 ||
	    (rc = build(k, p, &r, cause)) != 0 ||
	    (rc = keep(k, r, cause)) != 0) {
		store_tx_rollback(k->store, outer);
		goto out;
	}
	if ((rc = store_tx_commit(k->store, outer, cause)) != 0)
		goto out;
	if ((rc = closing_save(k, p, r, cause)) != 0)
		rc = util_wrap(cause, YK_EIO, "the poll is closed and its "
		    "record kept, but the files were not written (run: "
		    "ykien-kiosk closing --poll %s): ", id);
out:
	if (rc == 0 && out != NULL)
		*out = r;
	else
		closing_free(r);
	poll_free(p);
	free(state);
	return rc;
}
