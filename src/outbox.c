/*
 * outbox: when and how a kiosk's pending ballots become batches (contract
 * in include/ykien/outbox.h).
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/kiosk.h"
#include "ykien/outbox.h"
#include "ykien/store.h"
#include "ykien/store-batch.h"
#include "ykien/util.h"

struct gather {
	uint8_t		**blobs;
	size_t		 *lens;
	uint8_t		(*ids)[16];
	size_t		  n;
	size_t		  cap;
};

static int
gather_cb(void *arg, const uint8_t *id, const uint8_t *blob, size_t len)
{
	struct gather	*g = arg;

	if (g->n == g->cap)
		return YK_EINVAL;
	if ((g->blobs[g->n] = malloc(len > 0 ? len : 1)) == NULL)
		return YK_ENOMEM;
	memcpy(g->blobs[g->n], blob, len);
	g->lens[g->n] = len;
	memcpy(g->ids[g->n], id, 16);
	g->n++;
	return 0;
}

static void
gather_free(struct gather *g)
{
	size_t	i;

	for (i = 0; i < g->n; i++)
		free(g->blobs[i]);
	free(g->blobs);
	free(g->lens);
	free(g->ids);
}

long long
outbox_batch_size(long long pending, long long k, int closed)
{
	long long	m;

	if (pending <= 0)
		return 0;
	if (!closed) {
		/* Leave k behind, so that the flush at close is k or more. */
		if (pending - k < k)
			return 0;
		m = pending - k;
		return m > BATCH_MAX_BALLOTS ? BATCH_MAX_BALLOTS : m;
	}
	if (pending <= BATCH_MAX_BALLOTS)
		return pending;
	/* Split so that the last batch is not the small one. */
	m = BATCH_MAX_BALLOTS;
	return pending - m < k ? pending - k : m;
}

/* Told of each batch formed (outbox_form_each), or fn NULL. */
struct told {
	outbox_formed_fn	 fn;
	void			*arg;
};

/* Form one batch of (up to) m pending ballots of poll p, from pos on. */
static int
form_one(struct kiosk *k, const struct poll *p, long long m,
    struct store_pending_pos *pos, const struct told *t, char **cause)
{
	struct gather	 g;
	uint8_t		 id[BATCH_ID], *buf = NULL;
	size_t		 len;
	int		 rc;

	memset(&g, 0, sizeof g);
	g.cap = (size_t)m;
	if ((g.blobs = calloc(g.cap, sizeof *g.blobs)) == NULL ||
	    (g.lens = calloc(g.cap, sizeof *g.lens)) == NULL ||
	    (g.ids = calloc(g.cap, sizeof *g.ids)) == NULL) {
		gather_free(&g);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	rc = store_pending_each(k->store, p->id, m, pos, gather_cb, &g,
	    cause);
	if (rc == 0 && g.n == 0)
		rc = YK_ESTATE;	/* someone else took them */
	if (rc != 0) {
		gather_free(&g);
		return rc;
	}
	keys_random(id, sizeof id);
	rc = batch_make(k->sec, &k->pub, id, p->id, p->hash,
	    (const uint8_t *const *)g.blobs, g.lens, g.n, &buf, &len, cause);
	if (rc == 0)
		rc = store_batch_add(k->store, id, p->id, buf, len,
		    (const uint8_t (*)[16])g.ids, g.n, pos, cause);
	if (rc == 0 && t->fn != NULL)
		t->fn(t->arg, id, p->id, buf, len);
	free(buf);
	gather_free(&g);
	return rc;
}

static int
form_poll(struct kiosk *k, const char *poll_id, int *formed,
    const struct told *t, char **cause)
{
	struct store_pending_pos pos;
	struct poll	*p = NULL;
	char		*state = NULL;
	long long	 pending, kk, m;
	int		 rc, closed, n = 0, bulk = 0;

	if (formed != NULL)
		*formed = 0;
	if ((rc = kiosk_poll_get(k, poll_id, &p, &state, cause)) != 0)
		return rc;
	closed = strcmp(state, KIOSK_CLOSED) == 0;
	if (!closed && strcmp(state, KIOSK_OPEN) != 0 &&
	    strcmp(state, KIOSK_PAUSED) != 0)
		goto out;	/* loaded or testing: nothing real to send */
	kk = p->k_anon > 0 ? p->k_anon : OUTBOX_DEFAULT_K;
	/* Counted once, and the pool walked once (pos), for all batches. */
	memset(&pos, 0, sizeof pos);
	if ((rc = store_pending_count(k->store, p->id, &pending, cause)) != 0 ||
	    outbox_batch_size(pending, kk, closed) == 0 ||
	    (rc = store_bulk(k->store, 1, cause)) != 0)
		goto out;
	bulk = 1;
	for (;; pending -= m) {
		if ((m = outbox_batch_size(pending, kk, closed)) == 0)
			break;
		rc = form_one(k, p, m, &pos, t, cause);
		if (rc == YK_ESTATE) {
			/* Another uploader formed them first: fine. */
			rc = 0;
			break;
		}
		if (rc != 0)
			goto out;
		n++;
	}
out:
	/* Marking members rewrote slot pages: wipe their old state now. */
	if (n > 0)
		(void)store_sweep(k->store, NULL);
	if (bulk)
		(void)store_bulk(k->store, 0, NULL);
	if (formed != NULL)
		*formed = n;
	poll_free(p);
	free(state);
	return rc;
}

int
outbox_form_poll(struct kiosk *k, const char *poll_id, int *formed,
    char **cause)
{
	struct told	t = { NULL, NULL };

	return form_poll(k, poll_id, formed, &t, cause);
}

struct poll_ids {
	char	*id[64];
	int	 n;
};

static int
poll_ids_cb(void *arg, const char *id, const char *state)
{
	struct poll_ids	*e = arg;

	if (strcmp(state, KIOSK_OPEN) != 0 && strcmp(state, KIOSK_PAUSED) != 0 &&
	    strcmp(state, KIOSK_CLOSED) != 0)
		return 0;
	if (e->n == (int)(sizeof e->id / sizeof e->id[0]))
		return 0;	/* the rest waits for the next pass */
	if ((e->id[e->n] = strdup(id)) == NULL)
		return YK_ENOMEM;
	e->n++;
	return 0;
}

int
outbox_form(struct kiosk *k, int *formed, char **cause)
{
	return outbox_form_each(k, formed, NULL, NULL, cause);
}

int
outbox_form_each(struct kiosk *k, int *formed, outbox_formed_fn fn,
    void *arg, char **cause)
{
	struct told	t = { fn, arg };
	struct poll_ids	e;
	int		rc, i, n, total = 0;

	/* Ids first, so that no read is open while batches are written. */
	memset(&e, 0, sizeof e);
	rc = store_poll_each(k->store, poll_ids_cb, &e, cause);
	if (rc == YK_ENOMEM)
		util_fail(cause, rc, "out of memory");
	for (i = 0; rc == 0 && i < e.n; i++) {
		rc = form_poll(k, e.id[i], &n, &t, cause);
		total += n;
	}
	for (i = 0; i < e.n; i++)
		free(e.id[i]);
	if (formed != NULL)
		*formed = total;
	return rc;
}
