/*
 * castn: put N random, valid ballots into a kiosk through kiosk_cast, the
 * same path as the voter screen (which is built elsewhere).  For tests and
 * benchmarks only.
 *	castn KIOSK_DIR N
 */
#include <stdio.h>
#include <stdlib.h>

#include "ykien/kiosk.h"
#include "ykien/util.h"

static void
random_answers(const struct poll *p, uint8_t *a)
{
	int	i, lo, n;

	for (i = 0; i < p->n_questions; i++) {
		const struct poll_question *q = &p->questions[i];

		lo = q->no_opinion ? 0 : 1;
		n = q->n_options;
		a[i] = (uint8_t)(lo + (int)keys_uniform((uint32_t)(n - lo + 1)));
	}
}

int
main(int argc, char **argv)
{
	struct kiosk	*k;
	struct poll	*p;
	uint8_t		 a[BALLOT_MAX_ANSWERS];
	char		 receipt[RECEIPT_LEN + 1], *cause = NULL;
	long		 i, n;

	if (argc != 3 || (n = atol(argv[2])) < 0) {
		fprintf(stderr, "usage: castn KIOSK_DIR N\n");
		return 2;
	}
	if (keys_init() != 0 || kiosk_open(argv[1], &k, &cause) != 0 ||
	    kiosk_poll_get(k, NULL, &p, NULL, &cause) != 0) {
		fprintf(stderr, "castn: %s\n", cause ? cause : "init failed");
		return 1;
	}
	for (i = 0; i < n; i++) {
		random_answers(p, a);
		if (kiosk_cast(k, p, a, (size_t)p->n_questions, NULL, 0,
		    receipt, &cause) != 0) {
			fprintf(stderr, "castn: ballot %ld: %s\n", i, cause);
			return 1;
		}
	}
	poll_free(p);
	kiosk_close(k);
	return 0;
}
