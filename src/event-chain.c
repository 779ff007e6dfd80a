/*
 * event-chain: the kiosk's event log in its store (contract in
 * include/ykien/event-chain.h).  Events are encoded and checked by
 * event.c, the same code the province runs on the exported file.  The log
 * never holds ballots, per-ballot lines or totals of an open poll
 * (invariants 2 and 6, docs/DESIGN.md); callers choose what to log with
 * that in mind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/clock.h"
#include "ykien/event-chain.h"
#include "ykien/keys.h"
#include "ykien/poll.h"
#include "ykien/store.h"
#include "ykien/store-admin.h"
#include "ykien/text.h"
#include "ykien/util.h"
#include "ykien/wire.h"

#define HEAD_KEY	"events.head"

static int
check_text(const char *what, const char *s, size_t max, char **cause)
{
	if (strlen(s) > max || !text_valid(s, strlen(s)))
		return util_fail(cause, YK_EINVAL, "event %s: must be UTF-8 of "
		    "at most %zu bytes", what, max);
	return 0;
}

int
event_append(struct store *s, const struct keys_secret *sec,
    const char *poll_id, const char *type, const char *detail, char **cause)
{
	uint8_t		*last = NULL, *blob = NULL, prev[KEYS_HASH];
	uint8_t		 h[KEYS_HASH];
	char		*nfc = NULL, *head = NULL, hex[2 * KEYS_HASH + 1];
	uint64_t	 seq;
	size_t		 llen, blen;
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
	/* Hashed text is NFC everywhere (docs/DESIGN.md, Formats). */
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
	if ((rc = store_tx_begin(s, &outer, cause)) != 0) {
		free(nfc);
		return rc;
	}
	if ((rc = store_event_last(s, &seq, &last, &llen, cause)) != 0)
		goto fail;
	if (last != NULL)
		keys_sha256(prev, last, llen);
	else
		memset(prev, 0, sizeof prev);
	seq++;
	if (event_encode(sec, seq, prev, (uint64_t)clock_now(), poll_id, type,
	    nfc, &blob, &blen) != 0) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto fail;
	}
	keys_sha256(h, blob, blen);
	keys_hex(h, sizeof h, hex);
	rc = store_event_put(s, seq, blob, blen, cause);
	free(blob);
	if (rc != 0)
		goto fail;
	if ((head = util_printf("%llu %s", (unsigned long long)seq, hex))
	    == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = store_meta_set(s, HEAD_KEY, head, cause)) != 0 ||
	    (rc = store_tx_commit(s, outer, cause)) != 0)
		goto fail_committed;
	free(head);
	free(last);
	free(nfc);
	return 0;
fail:
	store_tx_rollback(s, outer);
fail_committed:
	/* store_tx_commit rolls back itself when it fails. */
	free(head);
	free(last);
	free(nfc);
	return rc;
}

struct verify_ctx {
	const struct keys_public *pub;
	int			(*fn)(void *, const struct event *);
	void			 *arg;
	uint64_t		  expect;
	uint8_t			  prev[KEYS_HASH];
	char			 *cause;
	int			  rc;
};

static int
verify_one(void *arg, uint64_t rowseq, const uint8_t *blob, size_t len)
{
	struct verify_ctx	*v = arg;
	struct event		 e;
	int			 rc;

	if (rowseq != v->expect) {
		v->rc = util_fail(&v->cause, YK_EINVAL, "event %llu is missing: "
		    "the log goes from event %llu to event %llu (deleted?)",
		    (unsigned long long)v->expect,
		    (unsigned long long)v->expect - 1,
		    (unsigned long long)rowseq);
		return 1;
	}
	if ((rc = event_decode(blob, len, rowseq, v->prev, v->pub, &e,
	    &v->cause)) != 0) {
		v->rc = rc;
		return 1;
	}
	memcpy(v->prev, e.hash, KEYS_HASH);
	v->expect++;
	rc = v->fn != NULL ? v->fn(v->arg, &e) : 0;
	event_clear(&e);
	if (rc != 0) {
		v->rc = rc < 0 ? rc : 0;
		return 1;
	}
	return 0;
}

int
event_verify(struct store *s, const struct keys_public *pub,
    int (*fn)(void *, const struct event *), void *arg, char **cause)
{
	struct verify_ctx	 v;
	char			*head = NULL, hex[2 * KEYS_HASH + 1];
	unsigned long long	 hseq;
	int			 rc, n = 0;

	memset(&v, 0, sizeof v);
	v.pub = pub;
	v.fn = fn;
	v.arg = arg;
	v.expect = 1;
	rc = store_event_each(s, verify_one, &v, cause);
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
	if ((rc = store_meta_get(s, HEAD_KEY, &head, cause)) != 0)
		return rc;
	if (head == NULL) {
		if (v.expect == 1)
			return 0;
		return util_fail(cause, YK_EINVAL, "the log's head record is "
		    "missing (%llu events found)",
		    (unsigned long long)v.expect - 1);
	}
	keys_hex(v.prev, KEYS_HASH, hex);
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
event_head(struct store *s, uint64_t *seq, uint8_t hash[KEYS_HASH],
    char **cause)
{
	uint8_t	*last;
	size_t	 len;
	int	 rc;

	if ((rc = store_event_last(s, seq, &last, &len, cause)) != 0)
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
event_log_file(struct store *s, uint8_t **out, size_t *len, char **cause)
{
	struct wire	w;
	int		rc;

	wire_init(&w);
	if ((rc = store_event_each(s, file_cb, &w, cause)) == 0 &&
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
