/*
 * cast: cast one ballot from a script, standing in for the voter screen in
 * end-to-end tests: cast DIR POLL-ID ANSWERS [CODE], where ANSWERS is
 * comma-separated ("1,3,0,1").  Prints the receipt code; exits 1 with the
 * reason on stderr when the kiosk refuses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/kiosk.h"
#include "ykien/util.h"

int
main(int argc, char **argv)
{
	struct kiosk	*k = NULL;
	struct poll	*p = NULL;
	uint8_t		 a[BALLOT_MAX_ANSWERS], h[KEYS_HASH];
	char		 receipt[RECEIPT_LEN + 1], *cause = NULL, *s, *end;
	size_t		 n = 0;
	int		 rc;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: cast DIR POLL-ID ANSWERS [CODE]\n");
		return 2;
	}
	for (s = argv[3]; *s != '\0' && n < sizeof a; n++) {
		a[n] = (uint8_t)strtoul(s, &end, 10);
		s = *end == ',' ? end + 1 : end;
		if (end == s && *s != '\0')
			break;
	}
	if ((rc = keys_init()) != 0 ||
	    (rc = kiosk_open(argv[1], &k, &cause)) != 0 ||
	    (rc = kiosk_poll_get(k, argv[2], &p, NULL, &cause)) != 0 ||
	    (argc == 5 && (rc = kiosk_code_check(k, p, argv[4], h,
	    &cause)) != 0) ||
	    (rc = kiosk_cast(k, p, a, n, argc == 5 ? h : NULL,
	    argc == 5 ? KEYS_HASH : 0, receipt, &cause)) != 0) {
		fprintf(stderr, "cast: %s\n", cause != NULL ? cause :
		    util_strerror(rc));
		free(cause);
		poll_free(p);
		kiosk_close(k);
		return 1;
	}
	printf("%s\n", receipt);
	poll_free(p);
	kiosk_close(k);
	return 0;
}
