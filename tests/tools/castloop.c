/*
 * castloop: test tool for the crash loops.
 *	castloop DIR N		cast N random ballots into the active poll,
 *				printing each receipt only after kiosk_cast
 *				returned (i.e. when the voter would be thanked)
 *	castloop --idle DIR N	the same, with the voter screen's idle step
 *				(kiosk_idle: the WAL's sweep) after each
 *	castloop --check DIR	integrity_check, then every stored receipt
 *				(of real ballots, sorted)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/ballot.h"
#include "ykien/kiosk.h"
#include "ykien/store.h"
#include "ykien/util.h"

static int
print_cb(void *arg, const char *code)
{
	printf("%s\n", code);
	return 0;
}

int
main(int argc, char **argv)
{
	struct kiosk	*k;
	struct poll	*p;
	char		*cause = NULL, r[RECEIPT_LEN + 1];
	uint8_t		 a[POLL_MAX_QUESTIONS];
	int		 i, q, n, check, idle;

	idle = argc == 4 && strcmp(argv[1], "--idle") == 0;
	if (idle) {
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: castloop [--idle] DIR N | castloop "
		    "--check DIR\n");
		return 2;
	}
	check = strcmp(argv[1], "--check") == 0;
	if (keys_init() != 0 ||
	    kiosk_open(argv[check ? 2 : 1], &k, &cause) != 0 ||
	    kiosk_poll_get(k, NULL, &p, NULL, &cause) != 0) {
		fprintf(stderr, "castloop: %s\n", cause ? cause : "init");
		return 1;
	}
	if (check) {
		int rc = store_check(k->store, &cause) == 0 &&
		    store_receipt_each(k->store, p->id, 0, print_cb, NULL,
		    &cause) == 0 ? 0 : 1;
		if (rc != 0)
			fprintf(stderr, "castloop: %s\n", cause);
		free(cause);
		poll_free(p);
		kiosk_close(k);
		return rc;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	n = atoi(argv[2]);
	for (i = 0; i < n; i++) {
		for (q = 0; q < p->n_questions; q++)
			a[q] = (uint8_t)(1 + keys_uniform((uint32_t)
			    p->questions[q].n_options));
		if (kiosk_cast(k, p, a, (size_t)p->n_questions, NULL, 0, r,
		    &cause) != 0) {
			fprintf(stderr, "castloop: %s\n", cause);
			return 1;
		}
		printf("%s\n", r);
		if (idle && kiosk_idle(k, &cause) != 0) {
			fprintf(stderr, "castloop: idle: %s\n", cause);
			return 1;
		}
	}
	poll_free(p);
	kiosk_close(k);
	return 0;
}
