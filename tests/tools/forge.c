/*
 * forge: make batch files that a collector must accept or refuse, signed
 * with a kiosk's real key but never stored in it.  For tests only.
 *	forge KIOSK_DIR MODE OUT
 * MODE: good       a valid batch of 10 fresh ballots
 *       forged     a good batch with one signature byte flipped
 *       ballotsig  a batch whose ballot signature is bad, batch re-signed
 *       ballotsig-big  the same with 300 ballots, ballot 250 bad (the
 *                  collector splits a big batch's checks over its cores)
 *       outside    a signed ballot answering 9 to question 1
 *       unknown    a valid batch signed by a brand-new, unregistered key
 *       truncated  the first half of a good batch
 *       conflict   OUT and OUT.2: two different batches with one id
 *	forge KIOSK_DIR copy OUT VICTIM_BATCH
 *       copy       a lying kiosk: a valid batch of its own poll with the
 *                  batch id and the ballot ids of another kiosk's batch
 *       dupballot  OUT and OUT.2: two batches (two ids) of the same ballots
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/batch.h"
#include "ykien/kiosk.h"
#include "ykien/util.h"

#define N_MAX	300
static int	N = 10;		/* ballots per batch */
static int	keep;		/* keep the ballots for the next batch */
static int	reuse;		/* make the same ballots again */

/* The victim's batch for mode copy, or NULL. */
static struct batch *victim;

static void
fresh(const struct poll *p, const struct keys_secret *sec,
    const struct keys_public *pub, int outside, int badsig, uint8_t **blob,
    size_t *len, int nth)
{
	struct ballot	b;
	int		i;

	memset(&b, 0, sizeof b);
	keys_random(b.id, BALLOT_ID);
	if (victim != NULL)
		memcpy(b.id, victim->ballots[nth] + 19, BALLOT_ID);
	strcpy(b.poll_id, p->id);
	memcpy(b.poll_hash, p->hash, KEYS_HASH);
	memcpy(b.kiosk, pub->keynum, KEYS_NUM);
	b.n_answers = (uint16_t)p->n_questions;
	for (i = 0; i < p->n_questions; i++)
		b.answers[i] = 1;
	if (outside)
		b.answers[0] = 9;
	if (ballot_sign(&b, sec, blob, len) != 0)
		exit(1);
	if (badsig)
		(*blob)[*len - 1] ^= 1;
}

static void
make(const struct poll *p, const struct keys_secret *sec,
    const struct keys_public *pub, const uint8_t id[BATCH_ID], int outside,
    int badsig, uint8_t **out, size_t *len)
{
	static uint8_t	*bl[BATCH_MAX_BALLOTS];
	static size_t	 ln[BATCH_MAX_BALLOTS];
	char		*cause = NULL;
	int		 i, n = victim != NULL ? (int)victim->n : N;

	for (i = 0; i < n && !reuse; i++)
		fresh(p, sec, pub, outside && i == 3, badsig &&
		    i == (n > 10 ? n - 50 : 5), &bl[i], &ln[i], i);
	if (batch_make(sec, pub, id, p->id, p->hash,
	    (const uint8_t *const *)bl, ln, (uint32_t)n, out, len,
	    &cause) != 0) {
		fprintf(stderr, "forge: %s\n", cause);
		exit(1);
	}
	for (i = 0; i < n && !keep; i++)
		free(bl[i]);
}

static void
save(const char *path, const uint8_t *buf, size_t len)
{
	if (util_write_atomic(path, buf, len, 0644, NULL) != 0)
		exit(1);
}

int
main(int argc, char **argv)
{
	struct kiosk		*k;
	struct poll		*p;
	struct keys_public	 pub;
	struct keys_secret	*sec;
	uint8_t			 id[BATCH_ID], *buf;
	size_t			 len;
	char			*cause = NULL, *two;
	const char		*m;

	if (argc != 4 && !(argc == 5 && strcmp(argv[2], "copy") == 0)) {
		fprintf(stderr, "usage: forge KIOSK_DIR MODE OUT "
		    "[VICTIM_BATCH]\n");
		return 2;
	}
	m = argv[2];
	if (argc == 5) {
		uint8_t	*vb;
		size_t	 vlen;

		if (util_read_file(argv[4], 1 << 24, &vb, &vlen, &cause) != 0 ||
		    batch_decode(vb, vlen, &victim, &cause) != 0) {
			fprintf(stderr, "forge: %s\n", cause);
			return 1;
		}
	}
	if (keys_init() != 0 || kiosk_open(argv[1], &k, &cause) != 0 ||
	    kiosk_poll_get(k, NULL, &p, NULL, &cause) != 0) {
		fprintf(stderr, "forge: %s\n", cause ? cause : "init failed");
		return 1;
	}
	keys_random(id, sizeof id);
	if (victim != NULL)
		memcpy(id, victim->id, sizeof id);
	if (strcmp(m, "ballotsig-big") == 0) {
		N = N_MAX;
		m = "ballotsig";
	}
	if (strcmp(m, "unknown") == 0) {
		if (keys_generate(&pub, &sec) != 0)
			return 1;
	} else {
		pub = k->pub;
		sec = k->sec;
	}
	keep = strcmp(m, "dupballot") == 0;
	make(p, sec, &pub, id, strcmp(m, "outside") == 0,
	    strcmp(m, "ballotsig") == 0, &buf, &len);
	if (strcmp(m, "forged") == 0)
		buf[len - 7] ^= 0x40;
	if (strcmp(m, "truncated") == 0)
		len /= 2;
	save(argv[3], buf, len);
	free(buf);
	if (strcmp(m, "conflict") == 0 || strcmp(m, "dupballot") == 0) {
		if ((reuse = keep) != 0)
			keys_random(id, sizeof id);
		keep = 0;
		make(p, sec, &pub, id, 0, 0, &buf, &len);
		if ((two = util_printf("%s.2", argv[3])) == NULL)
			return 1;
		save(two, buf, len);
		free(two);
		free(buf);
	}
	if (sec != k->sec)
		keys_secret_free(sec);
	poll_free(p);
	kiosk_close(k);
	return 0;
}
