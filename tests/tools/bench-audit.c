/*
 * bench-audit: fill a province store with N signed ballots of a kiosk for
 * the audit's benchmark (bench/ and the figures in the report):
 *	bench-audit PROVINCE-DIR KIOSK-DIR POLL-ID N
 * The kiosk must be registered and the poll added and loaded on it.
 * Ballots are signed with the kiosk's key and stored in batches of 1000
 * (random answers), as the collector would store them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/ballot.h"
#include "ykien/batch.h"
#include "ykien/kiosk.h"
#include "ykien/pstore.h"
#include "ykien/util.h"

int
main(int argc, char **argv)
{
	struct kiosk		*k;
	struct poll		*p;
	struct pstore		*ps;
	struct pstore_batch	 pb;
	struct ballot		 b;
	uint8_t			*bl[1000], *blob, id[16], h[KEYS_HASH];
	size_t			 lens[1000], blen;
	char			*cause = NULL, *db;
	long			 n, i, j, m;
	int			 q;

	if (argc != 5) {
		fprintf(stderr, "usage: bench-audit PROV-DIR KIOSK-DIR POLL N\n");
		return 2;
	}
	n = atol(argv[4]);
	if (keys_init() != 0 || kiosk_open(argv[2], &k, &cause) != 0 ||
	    kiosk_poll_get(k, argv[3], &p, NULL, &cause) != 0 ||
	    (db = util_path(argv[1], "province.db")) == NULL ||
	    pstore_open(db, &ps, &cause) != 0) {
		fprintf(stderr, "bench-audit: %s\n", cause ? cause : "init");
		return 1;
	}
	for (i = 0; i < n; i += m) {
		m = n - i < 1000 ? n - i : 1000;
		for (j = 0; j < m; j++) {
			memset(&b, 0, sizeof b);
			keys_random(b.id, sizeof b.id);
			snprintf(b.poll_id, sizeof b.poll_id, "%s", p->id);
			memcpy(b.poll_hash, p->hash, KEYS_HASH);
			memcpy(b.kiosk, k->pub.keynum, KEYS_NUM);
			b.n_answers = (uint16_t)p->n_questions;
			for (q = 0; q < p->n_questions; q++)
				b.answers[q] = (uint8_t)(1 + keys_uniform(
				    (uint32_t)p->questions[q].n_options));
			if (ballot_sign(&b, k->sec, &bl[j], &lens[j]) != 0)
				return 1;
		}
		keys_random(id, sizeof id);
		if (batch_make(k->sec, &k->pub, id, p->id, p->hash,
		    (const uint8_t *const *)bl, lens, (size_t)m, &blob, &blen,
		    &cause) != 0) {
			fprintf(stderr, "bench-audit: %s\n", cause);
			return 1;
		}
		/* The stored order is the batch's (sorted by id). */
		{
			struct batch *bt;

			if (batch_decode(blob, blen, &bt, &cause) != 0)
				return 1;
			keys_sha256(h, blob, blen);
			memset(&pb, 0, sizeof pb);
			pb.id = id;
			pb.hash = h;
			pb.kiosk = k->pub.keynum;
			pb.poll_id = p->id;
			pb.blob = blob;
			pb.len = blen;
			pb.n = bt->n;
			pb.ballots = bt->ballots;
			pb.lens = bt->lens;
			pb.ack = (const uint8_t *)"bench";
			pb.alen = 5;
			if (pstore_batch_put(ps, &pb, &cause) != 0) {
				fprintf(stderr, "bench-audit: %s\n", cause);
				return 1;
			}
			batch_free(bt);
		}
		free(blob);
		for (j = 0; j < m; j++)
			free(bl[j]);
	}
	pstore_close(ps);
	poll_free(p);
	kiosk_close(k);
	return 0;
}
