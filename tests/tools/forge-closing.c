/*
 * forge-closing: for the audit tests, a closing record whose totals do
 * not match the ballots but whose signature is good, as a kiosk with a
 * faulty or dishonest counter would sign it:
 *	forge-closing KIOSK-DIR POLL-ID OUT.bin
 * moves one answer of the first question from option 1 to option 2 (or
 * back) and re-signs with the kiosk's own key.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ykien/closing-kiosk.h"
#include "ykien/keys.h"
#include "ykien/kiosk.h"
#include "ykien/util.h"

int
main(int argc, char **argv)
{
	struct kiosk	*k;
	struct closing	*r;
	uint8_t		*buf;
	size_t		 len;
	char		*cause = NULL;

	if (argc != 4) {
		fprintf(stderr, "usage: forge-closing KIOSK-DIR POLL-ID OUT\n");
		return 2;
	}
	if (keys_init() != 0 || kiosk_open(argv[1], &k, &cause) != 0 ||
	    closing_load(k, argv[2], &r, &cause) != 0) {
		fprintf(stderr, "forge-closing: %s\n", cause);
		return 1;
	}
	if (r->count.n[0][1] > 0) {
		r->count.n[0][1]--;
		r->count.n[0][2]++;
	} else {
		r->count.n[0][2]--;
		r->count.n[0][1]++;
	}
	if (closing_encode(r, &buf, &len) != 0)
		return 1;
	keys_sign(k->sec, buf, len - KEYS_SIG, buf + len - KEYS_SIG);
	if (util_write_atomic(argv[3], buf, len, 0644, &cause) != 0) {
		fprintf(stderr, "forge-closing: %s\n", cause);
		return 1;
	}
	free(buf);
	closing_free(r);
	kiosk_close(k);
	return 0;
}
