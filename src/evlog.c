/*
 * evlog: the event log as a file (contract in include/ykien/evlog.h).
 * The province side decodes events with its own reader instead of
 * event.c's, because event.c reads from a kiosk store and the audit must
 * check the bytes it was given, as an outside verifier would.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/event.h"
#include "ykien/evlog.h"
#include "ykien/poll.h"
#include "ykien/util.h"

#define EVENT_BLOB_MAX	4096

void
evlog_free(struct evlog *l)
{
	uint32_t	i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->ev[i].poll_id);
		free(l->ev[i].type);
		free(l->ev[i].detail);
	}
	free(l->ev);
	free(l);
}

/* Decode and check event number seq (1-based) against prev and pub. */
static int
one(const uint8_t *blob, size_t len, uint64_t seq, const uint8_t *prev,
    const struct keys_public *pub, struct evlog_event *e, char **cause)
{
	struct wire_reader	 r;
	uint8_t			 p[KEYS_HASH];
	char			*dom;
	int			 ok;

	if (len < KEYS_SIG || len > EVENT_BLOB_MAX)
		return util_fail(cause, YK_EINVAL, "event %llu: bad length "
		    "%zu", (unsigned long long)seq, len);
	wire_reader_init(&r, blob, len - KEYS_SIG);
	dom = wire_get_str(&r, 64);
	ok = dom != NULL && strcmp(dom, EVENT_DOMAIN) == 0;
	free(dom);
	e->seq = wire_get_u64(&r);
	wire_get_raw(&r, p, KEYS_HASH);
	e->time = wire_get_u64(&r);
	e->poll_id = wire_get_str(&r, POLL_ID_MAX);
	e->type = wire_get_str(&r, EVENT_TYPE_MAX);
	e->detail = wire_get_str(&r, EVENT_DETAIL_MAX);
	if (!ok || r.err || r.off != r.len || e->type == NULL)
		return util_fail(cause, YK_EINVAL, "event %llu: malformed",
		    (unsigned long long)seq);
	if (keys_verify(pub, blob, len - KEYS_SIG, blob + len - KEYS_SIG)
	    != 0)
		return util_fail(cause, YK_ESIG, "event %llu (%s): the "
		    "signature does not verify with the kiosk's key (edited)",
		    (unsigned long long)seq, e->type);
	if (e->seq != seq)
		return util_fail(cause, YK_EINVAL, "event %llu (%s): it says "
		    "it is event %llu (an event was deleted or moved)",
		    (unsigned long long)seq, e->type,
		    (unsigned long long)e->seq);
	if (memcmp(p, prev, KEYS_HASH) != 0)
		return util_fail(cause, YK_EINVAL, "event %llu (%s): it does "
		    "not follow event %llu (deleted, replaced or reordered)",
		    (unsigned long long)seq, e->type,
		    (unsigned long long)seq - 1);
	keys_sha256(e->hash, blob, len);
	return 0;
}

int
evlog_decode(const uint8_t *buf, size_t len, const struct keys_public *pub,
    struct evlog **out, char **cause)
{
	struct wire_reader	 r;
	struct evlog		*l;
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
		blob = wire_get_bytes(&r, EVENT_BLOB_MAX, &blen);
		l->n = i + 1;
		if (r.err || blob == NULL || i >= n) {
			evlog_free(l);
			return util_fail(cause, YK_EINVAL, "event log: event "
			    "%u is cut short", i + 1);
		}
		if ((rc = one(blob, blen, i + 1, prev, pub, &l->ev[i],
		    cause)) != 0) {
			evlog_free(l);
			return rc;
		}
		memcpy(prev, l->ev[i].hash, KEYS_HASH);
	}
	*out = l;
	return 0;
}
