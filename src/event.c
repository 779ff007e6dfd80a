/*
 * event: the event format and its one decoder (contract in
 * include/ykien/event.h).  The log exists so that an auditor can tell,
 * after the fact, whether a poll was tested before it opened, who failed
 * a PIN and when, and that nobody quietly removed a line: each event signs
 * the hash of the one before it, so deleting or editing any event breaks
 * every link after it.  The kiosk (event-chain.c) and the province's
 * import and audit check events with the same code here, on the bytes
 * they were given, as an outside verifier would.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/event.h"
#include "ykien/poll.h"
#include "ykien/util.h"
#include "ykien/wire.h"

int
event_encode(const struct keys_secret *sec, uint64_t seq,
    const uint8_t prev[KEYS_HASH], uint64_t time, const char *poll_id,
    const char *type, const char *detail, uint8_t **out, size_t *len)
{
	struct wire	w;

	wire_init(&w);
	wire_str(&w, EVENT_DOMAIN);
	wire_u64(&w, seq);
	wire_raw(&w, prev, KEYS_HASH);
	wire_u64(&w, time);
	wire_str(&w, poll_id);
	wire_str(&w, type);
	wire_str(&w, detail);
	return wire_sign(&w, sec, out, len);
}

void
event_clear(struct event *e)
{
	free(e->poll_id);
	free(e->type);
	free(e->detail);
	memset(e, 0, sizeof *e);
}

int
event_decode(const uint8_t *blob, size_t len, uint64_t seq,
    const uint8_t prev[KEYS_HASH], const struct keys_public *pub,
    struct event *e, char **cause)
{
	struct wire_reader	 r;
	uint8_t			 p[KEYS_HASH];
	char			*dom;
	int			 ok, rc;

	memset(e, 0, sizeof *e);
	if (len < KEYS_SIG || len > EVENT_MAX)
		return util_fail(cause, YK_EINVAL, "event %llu: bad length "
		    "%zu", (unsigned long long)seq, len);
	wire_reader_init(&r, blob, len - KEYS_SIG);
	dom = wire_get_str(&r, 64);
	ok = dom != NULL && strcmp(dom, EVENT_DOMAIN) == 0;
	free(dom);
	if (!ok)
		return util_fail(cause, YK_EINVAL, "event %llu: not an event "
		    "(domain string is not \"%s\")", (unsigned long long)seq,
		    EVENT_DOMAIN);
	e->seq = wire_get_u64(&r);
	wire_get_raw(&r, p, KEYS_HASH);
	e->time = wire_get_u64(&r);
	e->poll_id = wire_get_str(&r, POLL_ID_MAX);
	e->type = wire_get_str(&r, EVENT_TYPE_MAX);
	e->detail = wire_get_str(&r, EVENT_DETAIL_MAX);
	if (r.err || e->poll_id == NULL || e->type == NULL ||
	    e->detail == NULL || r.off != r.len) {
		event_clear(e);
		return util_fail(cause, YK_EINVAL, "event %llu: malformed",
		    (unsigned long long)seq);
	}
	if (keys_verify(pub, blob, len - KEYS_SIG, blob + len - KEYS_SIG)
	    != 0)
		rc = util_fail(cause, YK_ESIG, "event %llu (%s): the "
		    "signature does not verify with the kiosk's key (the "
		    "event was edited)", (unsigned long long)seq, e->type);
	else if (e->seq != seq)
		rc = util_fail(cause, YK_EINVAL, "event %llu (%s): it says "
		    "it is event %llu (deleted, moved or replaced)",
		    (unsigned long long)seq, e->type,
		    (unsigned long long)e->seq);
	else if (memcmp(p, prev, KEYS_HASH) != 0)
		rc = util_fail(cause, YK_EINVAL, "event %llu (%s): it does "
		    "not follow event %llu (an earlier event was deleted, "
		    "replaced, edited or reordered)", (unsigned long long)seq,
		    e->type, (unsigned long long)seq - 1);
	else {
		keys_sha256(e->hash, blob, len);
		return 0;
	}
	event_clear(e);
	return rc;
}

void
event_log_free(struct event_log *l)
{
	uint32_t	i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		event_clear(&l->ev[i]);
	free(l->ev);
	free(l);
}

int
event_log_decode(const uint8_t *buf, size_t len,
    const struct keys_public *pub, struct event_log **out, char **cause)
{
	struct wire_reader	 r;
	struct event_log	*l;
	const uint8_t		*blob;
	uint8_t			 prev[KEYS_HASH];
	size_t			 blen;
	uint32_t		 i, n;
	int			 rc;

	*out = NULL;
	/* Every event is at least a length and a signature. */
	n = (uint32_t)(len / (4 + KEYS_SIG));
	if ((l = util_calloc(1, sizeof *l)) == NULL ||
	    (l->ev = util_calloc(n ? n : 1, sizeof *l->ev)) == NULL) {
		free(l);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	memcpy(l->kiosk, pub->keynum, KEYS_NUM);
	wire_reader_init(&r, buf, len);
	memset(prev, 0, sizeof prev);
	for (i = 0; r.off < r.len; i++) {
		blob = wire_get_bytes(&r, EVENT_MAX, &blen);
		l->n = i + 1;
		if (r.err || blob == NULL || i >= n) {
			event_log_free(l);
			return util_fail(cause, YK_EINVAL, "event log: event "
			    "%u is cut short", i + 1);
		}
		if ((rc = event_decode(blob, blen, i + 1, prev, pub, &l->ev[i],
		    cause)) != 0) {
			event_log_free(l);
			return rc;
		}
		memcpy(prev, l->ev[i].hash, KEYS_HASH);
	}
	*out = l;
	return 0;
}
