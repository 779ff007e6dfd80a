/*
 * event: the kiosk's signed, hash-chained log of what officials did.  It
 * exists so that an auditor can tell, after the fact, whether a poll was
 * tested before it opened, who failed a PIN and when, and that nobody
 * quietly removed a line: each event signs the hash of the one before it,
 * so deleting or editing any event breaks every link after it.  It never
 * holds ballots, per-ballot lines or totals of an open poll (DESIGN
 * invariants 2 and 6); callers choose what to log with that in mind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/clock.h"
#include "ykien/event.h"
#include "ykien/keys.h"
#include "ykien/kiosk.h"
#include "ykien/poll.h"
#include "ykien/store.h"
#include "ykien/store-admin.h"
#include "ykien/text.h"
#include "ykien/util.h"

#define EVENT_MAX	4096
#define HEAD_KEY	"events.head"

struct event_raw {
	uint64_t	 seq;
	uint8_t		 prev[KEYS_HASH];
	uint64_t	 time;
	char		*poll_id;
	char		*type;
	char		*detail;
	size_t		 signed_len;	/* bytes covered by the signature */
	const uint8_t	*sig;		/* borrowed from the blob */
};

static void
raw_free(struct event_raw *e)
{
	free(e->poll_id);
	free(e->type);
	free(e->detail);
	memset(e, 0, sizeof *e);
}

/* Parse one blob; the strings are malloc'd into e. */
static int
decode(const uint8_t *blob, size_t len, struct event_raw *e, char **cause)
{
	struct wire_reader	 r;
	char			*dom;
	int			 ok;

	memset(e, 0, sizeof *e);
	if (len < KEYS_SIG || len > EVENT_MAX)
		return util_fail(cause, YK_EINVAL, "bad length %zu", len);
	wire_reader_init(&r, blob, len - KEYS_SIG);
	dom = wire_get_str(&r, 64);
	ok = dom != NULL && strcmp(dom, EVENT_DOMAIN) == 0;
	free(dom);
	if (!ok)
		return util_fail(cause, YK_EINVAL, "not an event (domain "
		    "string is not \"%s\")", EVENT_DOMAIN);
	e->seq = wire_get_u64(&r);
	wire_get_raw(&r, e->prev, KEYS_HASH);
	e->time = wire_get_u64(&r);
	e->poll_id = wire_get_str(&r, POLL_ID_MAX);
	e->type = wire_get_str(&r, EVENT_TYPE_MAX);
	e->detail = wire_get_str(&r, EVENT_DETAIL_MAX);
	if (r.err || e->poll_id == NULL || e->type == NULL ||
	    e->detail == NULL || r.off != r.len) {
		raw_free(e);
		return util_fail(cause, YK_EINVAL, "malformed event");
	}
	e->signed_len = len - KEYS_SIG;
	e->sig = blob + len - KEYS_SIG;
	return 0;
}

static int
check_text(const char *what, const char *s, size_t max, char **cause)
{
	if (strlen(s) > max || !text_valid(s, strlen(s)))
		return util_fail(cause, YK_EINVAL, "event %s: must be UTF-8 of "
		    "at most %zu bytes", what, max);
	return 0;
}

struct append_ctx {
	struct kiosk	*k;
	const char	*poll_id;
	const char	*type;
	const char	*detail;
};

int
event_append(struct kiosk *k, const char *poll_id, const char *type,
    const char *detail, char **cause)
{
	struct wire	 w;
	uint8_t		*last = NULL, prev[KEYS_HASH], sig[KEYS_SIG];
	uint8_t		 h[KEYS_HASH];
	char		*nfc = NULL, *head = NULL, hex[2 * KEYS_HASH + 1];
	uint64_t	 seq;
	size_t		 llen;
	int		 rc, outer;

	if (poll_id == NULL)
		poll_id = "";
	if (detail == NULL)
		detail = "";
	if ((rc = check_text("poll", poll_id, POLL_ID_MAX, cause)) != 0 ||
	    (rc = check_text("type", type, EVENT_TYPE_MAX, cause)) != 0 ||
	    *type == '\0' ||
	    (rc = check_text("detail", detail, EVENT_DETAIL_MAX, cause)) != 0)
		return rc != 0 ? rc : util_fail(cause, YK_EINVAL,
		    "event type is empty");
	/* Hashed text is NFC everywhere (DESIGN, Formats). */
	if ((nfc = text_nfc(detail)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if (strlen(nfc) > EVENT_DETAIL_MAX) {
		free(nfc);
		return util_fail(cause, YK_EINVAL, "event detail too long");
	}
	/*
	 * Reading the head and writing the next event happen in one
	 * transaction, so two processes (voter screen and a technician's
	 * command) can never fork the chain.
	 */
	if ((rc = store_tx_begin(k->store, &outer, cause)) != 0) {
		free(nfc);
		return rc;
	}
	if ((rc = store_event_last(k->store, &seq, &last, &llen, cause)) != 0)
		goto fail;
	if (last != NULL)
		keys_sha256(prev, last, llen);
	else
		memset(prev, 0, sizeof prev);
	seq++;
	wire_init(&w);
	wire_str(&w, EVENT_DOMAIN);
	wire_u64(&w, seq);
	wire_raw(&w, prev, sizeof prev);
	wire_u64(&w, (uint64_t)clock_now());
	wire_str(&w, poll_id);
	wire_str(&w, type);
	wire_str(&w, nfc);
	if (w.err) {
		wire_free(&w);
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto fail;
	}
	keys_sign(k->sec, w.buf, w.len, sig);
	wire_raw(&w, sig, sizeof sig);
	if (w.err) {
		wire_free(&w);
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto fail;
	}
	keys_sha256(h, w.buf, w.len);
	util_hex(h, sizeof h, hex);
	rc = store_event_put(k->store, seq, w.buf, w.len, cause);
	wire_free(&w);
	if (rc != 0)
		goto fail;
	if ((head = util_printf("%llu %s", (unsigned long long)seq, hex))
	    == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = store_meta_set(k->store, HEAD_KEY, head, cause)) != 0 ||
	    (rc = store_tx_commit(k->store, outer, cause)) != 0)
		goto fail_committed;
	free(head);
	free(last);
	free(nfc);
	return 0;
fail:
	store_tx_rollback(k->store, outer);
fail_committed:
	/* store_tx_commit rolls back itself when it fails. */
	free(head);
	free(last);
	free(nfc);
	return rc;
}

struct verify_ctx {
	struct kiosk	 *k;
	int		(*fn)(void *, const struct event_info *);
	void		 *arg;
	uint64_t	  expect;
	uint8_t		  prev[KEYS_HASH];
	char		 *cause;
	int		  rc;
};

static int
verify_one(void *arg, uint64_t rowseq, const uint8_t *blob, size_t len)
{
	struct verify_ctx	*v = arg;
	struct event_raw	 e;
	struct event_info	 info;
	int			 rc;

	if (rowseq != v->expect) {
		v->rc = util_fail(&v->cause, YK_EINVAL, "event %llu is missing: "
		    "the log goes from event %llu to event %llu (deleted?)",
		    (unsigned long long)v->expect,
		    (unsigned long long)v->expect - 1,
		    (unsigned long long)rowseq);
		return 1;
	}
	if ((rc = decode(blob, len, &e, &v->cause)) != 0) {
		v->rc = util_wrap(&v->cause, rc, "event %llu: ",
		    (unsigned long long)rowseq);
		return 1;
	}
	if (keys_verify(&v->k->pub, blob, e.signed_len, e.sig) != 0) {
		v->rc = util_fail(&v->cause, YK_ESIG, "event %llu (%s): the "
		    "signature does not verify with this kiosk's key (the "
		    "event was edited)", (unsigned long long)rowseq, e.type);
		raw_free(&e);
		return 1;
	}
	if (e.seq != rowseq) {
		v->rc = util_fail(&v->cause, YK_EINVAL, "event %llu (%s): it "
		    "says it is event %llu (moved or replaced)",
		    (unsigned long long)rowseq, e.type,
		    (unsigned long long)e.seq);
		raw_free(&e);
		return 1;
	}
	if (memcmp(e.prev, v->prev, KEYS_HASH) != 0) {
		v->rc = util_fail(&v->cause, YK_EINVAL, "event %llu (%s): it "
		    "does not follow event %llu (an earlier event was deleted, "
		    "replaced or edited)", (unsigned long long)rowseq, e.type,
		    (unsigned long long)rowseq - 1);
		raw_free(&e);
		return 1;
	}
	info.seq = e.seq;
	info.time = e.time;
	info.poll_id = e.poll_id;
	info.type = e.type;
	info.detail = e.detail;
	keys_sha256(info.hash, blob, len);
	memcpy(v->prev, info.hash, KEYS_HASH);
	v->expect++;
	rc = v->fn != NULL ? v->fn(v->arg, &info) : 0;
	raw_free(&e);
	if (rc != 0) {
		v->rc = rc < 0 ? rc : 0;
		return 1;
	}
	return 0;
}

int
event_verify(struct kiosk *k, int (*fn)(void *, const struct event_info *),
    void *arg, char **cause)
{
	struct verify_ctx	 v;
	char			*head = NULL, hex[2 * KEYS_HASH + 1];
	unsigned long long	 hseq;
	int			 rc, n = 0;

	memset(&v, 0, sizeof v);
	v.k = k;
	v.fn = fn;
	v.arg = arg;
	v.expect = 1;
	rc = store_event_each(k->store, verify_one, &v, cause);
	if (rc < 0)
		return rc;
	if (v.rc != 0 || v.cause != NULL) {
		rc = v.rc != 0 ? v.rc : YK_EINVAL;
		if (cause != NULL)
			*cause = v.cause;
		else
			free(v.cause);
		return rc;
	}
	if (rc > 0)
		return 0;	/* fn stopped the walk */
	if ((rc = store_meta_get(k->store, HEAD_KEY, &head, cause)) != 0)
		return rc;
	if (head == NULL) {
		if (v.expect == 1)
			return 0;
		return util_fail(cause, YK_EINVAL, "the log's head record is "
		    "missing (%llu events found)",
		    (unsigned long long)v.expect - 1);
	}
	util_hex(v.prev, KEYS_HASH, hex);
	if (sscanf(head, "%llu %n", &hseq, &n) != 1 || n == 0) {
		free(head);
		return util_fail(cause, YK_EINVAL, "the log's head record is "
		    "damaged");
	}
	if (hseq != v.expect - 1) {
		if (hseq < v.expect)
			rc = util_fail(cause, YK_EINVAL, "the log's head record "
			    "names event %llu but the log goes on to event "
			    "%llu", hseq, (unsigned long long)v.expect - 1);
		else if (hseq == v.expect)
			rc = util_fail(cause, YK_EINVAL, "event %llu is missing: "
			    "the log ends at event %llu (deleted from the "
			    "end?)", hseq, hseq - 1);
		else
			rc = util_fail(cause, YK_EINVAL, "events %llu to %llu "
			    "are missing: the log ends at event %llu (deleted "
			    "from the end?)", (unsigned long long)v.expect,
			    hseq, (unsigned long long)v.expect - 1);
		free(head);
		return rc;
	}
	if (strcmp(head + n, hex) != 0) {
		rc = util_fail(cause, YK_EINVAL, "event %llu is not the one "
		    "recorded as the head of the log (replaced?)", hseq);
		free(head);
		return rc;
	}
	free(head);
	return 0;
}

int
event_head(struct kiosk *k, uint64_t *seq, uint8_t hash[32], char **cause)
{
	uint8_t	*last;
	size_t	 len;
	int	 rc;

	if ((rc = store_event_last(k->store, seq, &last, &len, cause)) != 0)
		return rc;
	if (last != NULL)
		keys_sha256(hash, last, len);
	else
		memset(hash, 0, KEYS_HASH);
	free(last);
	return 0;
}

static int
file_cb(void *arg, uint64_t seq, const uint8_t *blob, size_t len)
{
	wire_bytes(arg, blob, len);
	return 0;
}

int
event_log_file(struct kiosk *k, uint8_t **out, size_t *len, char **cause)
{
	struct wire	w;
	int		rc;

	wire_init(&w);
	if ((rc = store_event_each(k->store, file_cb, &w, cause)) == 0 &&
	    w.err != 0)
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
	if (rc != 0) {
		wire_free(&w);
		return rc;
	}
	*out = w.buf;
	*len = w.len;
	return 0;
}
