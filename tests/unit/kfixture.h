/*
 * kfixture.h: a fresh kiosk with the demo poll loaded, for the officials'
 * tests (pin, event, elig, closing) and the uploader's (outbox, upload).  Argon2id runs at its minimum cost so
 * PIN tests stay fast.
 */
#ifndef YKIEN_KFIXTURE_H
#define YKIEN_KFIXTURE_H

#include "testutil.h"
#include "ykien/kiosk.h"

struct kfx {
	char			*dir;
	char			*kdir;
	char			*poll;
	struct keys_secret	*prov;
	struct keys_public	 prov_pub;
	struct kiosk		*k;
	struct poll		*p;
};

static inline struct kfx *
kfx_new(const char *pollfile)
{
	struct kfx		*f = calloc(1, sizeof *f);
	struct keys_public	 kp;
	char			*pp, *id = NULL;

	assert_non_null(f);
	setenv("YKIEN_PWHASH_COST", "min", 1);
	assert_int_equal(keys_init(), 0);
	f->dir = tu_tmpdir();
	f->kdir = util_path(f->dir, "kiosk");
	f->prov = tu_province(f->dir, &f->prov_pub);
	f->poll = tu_signed_poll(f->dir, f->prov, pollfile, "poll.json");
	pp = util_path(f->dir, "province.pub");
	assert_int_equal(kiosk_init(f->kdir, pp, "14001", "Bản Mẫu", &kp,
	    NULL), 0);
	free(pp);
	assert_int_equal(kiosk_open(f->kdir, &f->k, NULL), 0);
	assert_int_equal(kiosk_poll_load(f->k, f->poll, &id, NULL), 0);
	assert_int_equal(kiosk_poll_get(f->k, id, &f->p, NULL, NULL), 0);
	free(id);
	return f;
}

static inline void
kfx_free(struct kfx *f)
{
	poll_free(f->p);
	kiosk_close(f->k);
	keys_secret_free(f->prov);
	tu_rmrf(f->dir);
	free(f->dir);
	free(f->kdir);
	free(f->poll);
	free(f);
}

/* n ballots with the same answers, each one a real cast. */
static inline void
kfx_cast(struct kfx *f, int n)
{
	uint8_t	a[4] = { 1, 3, 0, 2 };
	char	receipt[RECEIPT_LEN + 1];

	while (n-- > 0)
		assert_int_equal(kiosk_cast(f->k, f->p, a, 4, NULL, 0, receipt,
		    NULL), 0);
}

static inline int
kfx_setup(void **state)
{
	*state = kfx_new(TOP_SRCDIR "/kiosk-config/polls/demo.json");
	return 0;
}

static inline int
kfx_teardown(void **state)
{
	kfx_free(*state);
	return 0;
}

#endif
