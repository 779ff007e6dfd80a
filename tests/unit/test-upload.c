/*
 * upload, collect, server: an in-process collector on
 * 127.0.0.1 (port 0) and the kiosk's background uploader in a thread of
 * its own with its own database connection, while the main thread keeps
 * casting.  Also: the backoff's bounds, a ballot resent inside another
 * batch (409, nothing stored).
 */
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include "kfixture.h"
#include "ykien/batch.h"
#include "ykien/collect.h"
#include "ykien/kiosk.h"
#include "ykien/pstore.h"
#include "ykien/server.h"
#include "ykien/store.h"
#include "ykien/store-batch.h"
#include "ykien/upload.h"

struct fx {
	struct kfx		*x;	/* the kiosk, with the demo poll */
	char			*url;
	struct collect		*c;
	struct server		*srv;
};

static int
setup(void **state)
{
	struct fx		*f = calloc(1, sizeof *f);
	struct pstore_kiosk	 reg;
	struct server_opts	 o = { "127.0.0.1:0", 2, 2u << 20, 16, 10,
	    NULL, NULL, NULL, NULL, NULL, 0, 0 };
	unsigned		 port;

	assert_non_null(f);
	f->x = kfx_new(TOP_SRCDIR "/kiosk-config/polls/demo.json");
	assert_int_equal(store_poll_set_state(f->x->k->store, "demo-2026",
	    KIOSK_OPEN, NULL), 0);
	assert_int_equal(collect_open(f->x->dir, f->x->prov, &f->c, NULL), 0);
	memset(&reg, 0, sizeof reg);
	reg.pub = f->x->k->pub;
	strcpy(reg.commune, "14001");
	strcpy(reg.village, "Bản Mẫu");
	assert_int_equal(pstore_kiosk_add(collect_store(f->c), &reg, NULL), 0);
	assert_int_equal(pstore_poll_add(collect_store(f->c), f->x->p->id,
	    f->x->p->hash, "14001", f->x->p->raw, f->x->p->raw_len, "sig",
	    NULL), 0);
	assert_int_equal(server_start(f->c, &o, &f->srv, &port, NULL), 0);
	assert_true(port > 0);
	f->url = util_printf("http://127.0.0.1:%u", port);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	server_stop(f->srv);
	collect_close(f->c);
	kfx_free(f->x);
	free(f->url);
	free(f);
	return 0;
}

static int
stats_cb(void *arg, const char *poll, long long batches, long long ballots,
    long long kiosks)
{
	*(long long *)arg = ballots;
	return 0;
}

static long long
province_ballots(struct fx *f)
{
	long long	n = -1;

	assert_int_equal(pstore_poll_stats(collect_store(f->c), stats_cb, &n,
	    NULL), 0);
	return n;
}

struct bg {
	struct fx		*f;
	volatile sig_atomic_t	 stop;
	int			 rc;
	int			 passes;
};

static void
notify(void *arg, int rc, const struct upload_report *r)
{
	struct bg	*b = arg;

	b->passes++;
}

static void *
bg_main(void *arg)
{
	struct bg		*b = arg;
	struct upload_opts	 o = { b->f->url, NULL, 5, 10 };

	b->rc = upload_run(b->f->x->kdir, &o, 1, &b->stop, notify, b, NULL);
	return NULL;
}

static void
test_background(void **state)
{
	struct fx		*f = *state;
	struct bg		 b = { f, 0, -1, 0 };
	struct store_batch_stats st;
	pthread_t		 t;
	struct timespec		 ts = { 0, 50 * 1000000L };
	int			 i;

	kfx_cast(f->x, 25);
	assert_int_equal(pthread_create(&t, NULL, bg_main, &b), 0);
	/* Keep casting on this thread's connection meanwhile. */
	kfx_cast(f->x, 15);
	/*
	 * Wait, generously (qemu-user, a busy board), until all that may
	 * leave has left: while the poll is open a batch leaves only if k
	 * stay behind, so k to 2k - 1 wait for more or for close.
	 */
	for (i = 0; i < 2400; i++) {
		assert_int_equal(store_batch_stats(f->x->k->store, NULL, &st,
		    NULL), 0);
		if (st.queued == 0 && st.pending < 20 && st.uploaded >= 15)
			break;
		nanosleep(&ts, NULL);
	}
	b.stop = 1;
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(b.rc, 0);
	assert_true(b.passes >= 1);
	assert_int_equal(st.queued, 0);
	assert_true(st.pending >= 10 && st.pending < 20);
	assert_int_equal(st.uploaded + st.pending, 40);
	assert_int_equal(province_ballots(f), st.uploaded);
	/* Closing flushes the rest: every ballot reaches the province once. */
	assert_int_equal(kiosk_transition(f->x->k, "demo-2026", KIOSK_ACT_CLOSE,
	    NULL), 0);
	{
		struct upload_opts	o = { f->url, NULL, 5, 10 };
		struct upload_report	r;

		assert_int_equal(upload_pass(f->x->k, &o, &r, NULL), 0);
		upload_report_free(&r);
	}
	assert_int_equal(store_batch_stats(f->x->k->store, NULL, &st, NULL), 0);
	assert_int_equal(st.uploaded, 40);
	assert_int_equal(st.pending + st.queued, 0);
	assert_int_equal(province_ballots(f), 40);
}

static void
test_pass_report(void **state)
{
	struct fx		*f = *state;
	struct upload_opts	 o = { f->url, NULL, 5, 10 };
	struct upload_report	 r;
	char			*cause = NULL;

	kfx_cast(f->x, 19);
	/* 19 held: a batch of 10 would leave 9, under k, for the close. */
	assert_int_equal(upload_pass(f->x->k, &o, &r, &cause), 0);
	assert_int_equal(r.formed + r.acked, 0);
	upload_report_free(&r);
	kfx_cast(f->x, 1);
	assert_int_equal(upload_pass(f->x->k, &o, &r, &cause), 0);
	assert_int_equal(r.formed, 1);
	assert_int_equal(r.acked, 1);
	assert_int_equal(r.ballots, 10);
	assert_int_equal(r.left, 0);
	upload_report_free(&r);
	/* No URL anywhere: a clear error naming the fix. */
	o.url = NULL;
	assert_int_equal(upload_pass(f->x->k, &o, &r, &cause), YK_EINVAL);
	assert_non_null(strstr(cause, "--url"));
	upload_report_free(&r);
	free(cause);
}

static void
test_backoff(void **state)
{
	unsigned	a;
	unsigned long	v, hi;
	int		i;

	for (a = 0; a < 30; a++)
		for (i = 0; i < 50; i++) {
			v = upload_backoff_ms(a, 1000, 60000);
			hi = a < 6 ? 1000ul << a : 60000;
			if (hi > 60000)
				hi = 60000;
			assert_true(v >= 500 && v <= hi);
		}
}

struct blobs {
	uint8_t	*bl[10];
	size_t	 ln[10];
	int	 n;
};

static int
blob_cb(void *arg, const uint8_t *blob, size_t len)
{
	struct blobs	*b = arg;

	if (b->n < 10) {
		b->bl[b->n] = malloc(len);
		memcpy(b->bl[b->n], blob, len);
		b->ln[b->n++] = len;
	}
	return 0;
}

static void
test_duplicate_ballot(void **state)
{
	struct fx		*f = *state;
	struct collect_reply	 r;
	struct blobs		 b;
	uint8_t			 id[BATCH_ID], *buf;
	uint8_t			 d0[KEYS_HASH], d1[KEYS_HASH];
	size_t			 len;
	int			 i;

	memset(&b, 0, sizeof b);
	kfx_cast(f->x, 10);
	assert_int_equal(store_ballot_each(f->x->k->store, "demo-2026", 0,
	    blob_cb, &b, NULL), 0);
	assert_int_equal(b.n, 10);
	keys_random(id, sizeof id);
	assert_int_equal(batch_make(f->x->k->sec, &f->x->k->pub, id, "demo-2026",
	    f->x->p->hash, (const uint8_t *const *)b.bl, b.ln, 10, &buf, &len,
	    NULL), 0);
	assert_int_equal(collect_batch(f->c, buf, len, &r), 201);
	collect_reply_free(&r);
	free(buf);
	/* Five of the same ballots under a new batch id. */
	assert_int_equal(pstore_digest(collect_store(f->c), d0, NULL), 0);
	keys_random(id, sizeof id);
	assert_int_equal(batch_make(f->x->k->sec, &f->x->k->pub, id, "demo-2026",
	    f->x->p->hash, (const uint8_t *const *)b.bl, b.ln, 5, &buf, &len,
	    NULL), 0);
	assert_int_equal(collect_batch(f->c, buf, len, &r), 409);
	assert_string_equal(r.code, "duplicate-ballot");
	collect_reply_free(&r);
	free(buf);
	assert_int_equal(pstore_digest(collect_store(f->c), d1, NULL), 0);
	assert_memory_equal(d0, d1, KEYS_HASH);
	for (i = 0; i < 10; i++)
		free(b.bl[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_background, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pass_report, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_ballot, setup,
		    teardown),
		cmocka_unit_test(test_backoff),
	};

	if (keys_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
