/*
 * Fuzz target: the collector's request handling (collect_batch, shared by
 * POST /v1/batches and the USB import) against a real province store in a
 * scratch directory, with a registered kiosk and the demo poll, so that
 * mutated inputs reach every check down to the store.
 * FUZZ_SEED_OUT=FILE writes a valid batch there (a seed for the corpus).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/ballot.h"
#include "ykien/batch.h"
#include "ykien/collect.h"
#include "ykien/keys.h"
#include "ykien/poll.h"
#include "ykien/pstore.h"
#include "ykien/signify.h"
#include "ykien/util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct collect	*c;
static char		 scratch[] = "/tmp/ykien-fuzz-XXXXXX";

static void
remove_scratch(void)
{
	char	*cmd = util_printf("rm -rf '%s'", scratch);

	collect_close(c);
	if (cmd != NULL && system(cmd) != 0)
		fprintf(stderr, "fuzz-collect: could not remove %s\n", scratch);
	free(cmd);
}

static void
seed_batch(struct keys_secret *ksec, struct keys_public *kpub,
    struct poll *p, const char *out)
{
	uint8_t		*bl[3], *batch, id[BATCH_ID];
	const uint8_t	*cb[3];
	size_t		 lens[3], blen;
	struct ballot	 b;
	FILE		*f;
	int		 i;

	for (i = 0; i < 3; i++) {
		memset(&b, 0, sizeof b);
		memset(b.id, 0x10 * (i + 1), BALLOT_ID);
		memcpy(b.poll_id, p->id, strlen(p->id) + 1);
		memcpy(b.poll_hash, p->hash, KEYS_HASH);
		memcpy(b.kiosk, kpub->keynum, KEYS_NUM);
		b.n_answers = (uint16_t)p->n_questions;
		memset(b.answers, 1, b.n_answers);
		if (ballot_sign(&b, ksec, &bl[i], &lens[i]) != 0)
			abort();
		cb[i] = bl[i];
	}
	memset(id, 0x5b, sizeof id);
	if (batch_make(ksec, kpub, id, p->id, p->hash, cb, lens, 3, &batch,
	    &blen, NULL) != 0 || (f = fopen(out, "wb")) == NULL ||
	    fwrite(batch, 1, blen, f) != blen || fclose(f) != 0)
		abort();
	for (i = 0; i < 3; i++)
		free(bl[i]);
	free(batch);
}

static void
setup(void)
{
	static struct keys_secret	*psec;
	struct keys_secret		*ksec;
	struct keys_public		 ppub;
	struct pstore_kiosk		 pk;
	struct poll			*p;
	uint8_t				 seed[32] = { 0x41 }, num[8] = { 4 };
	char				*tmpl = scratch, *path;
	char				*text, *sig;
	const char			*seed_out = getenv("FUZZ_SEED_OUT");

	memset(&pk, 0, sizeof pk);
	if (keys_init() != 0 || mkdtemp(tmpl) == NULL ||
	    atexit(remove_scratch) != 0 ||
	    keys_from_seed(seed, num, &pk.pub, &ksec) != 0)
		abort();
	seed[0] = 0x01;
	if (keys_from_seed(seed, num, &ppub, &psec) != 0 ||
	    (text = signify_public_text(&ppub, "fuzz")) == NULL ||
	    (path = util_path(tmpl, "province.pub")) == NULL ||
	    util_write_excl(path, text, strlen(text), 0600, NULL) != 0 ||
	    collect_open(tmpl, psec, &c, NULL) != 0 ||
	    poll_load_file("kiosk-config/polls/demo.json", &p, NULL) != 0)
		abort();
	sig = signify_sign_text(psec, p->raw, p->raw_len, "fuzz");
	memcpy(pk.commune, "14001", 6);
	snprintf(pk.village, sizeof pk.village, "Bản Mẫu");
	if (sig == NULL || pstore_poll_add(collect_store(c), p->id, p->hash,
	    "14001", p->raw, p->raw_len, sig, NULL) != 0 ||
	    pstore_kiosk_add(collect_store(c), &pk, NULL) != 0)
		abort();
	if (seed_out != NULL) {
		struct collect_reply	 r;
		uint8_t			*buf;
		size_t			 len;

		/* The seed must pass every check, or fuzzing stays shallow. */
		seed_batch(ksec, &pk.pub, p, seed_out);
		memset(&r, 0, sizeof r);
		if (util_read_file(seed_out, 1 << 20, &buf, &len, NULL) != 0 ||
		    collect_batch(c, buf, len, &r) != 201)
			abort();
		collect_reply_free(&r);
		free(buf);
	}
	free(sig);
	free(text);
	free(path);
	poll_free(p);
	keys_secret_free(ksec);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct collect_reply	r;

	if (c == NULL)
		setup();
	memset(&r, 0, sizeof r);
	(void)collect_batch(c, data, size, &r);
	if (r.status == 0)
		abort();	/* every request gets an answer */
	collect_reply_free(&r);
	return 0;
}
