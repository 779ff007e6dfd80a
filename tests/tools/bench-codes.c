/*
 * bench-codes: what one typed household code costs the kiosk, for `make
 * bench`: kiosk_code_check (parse, one Argon2id at the cost the poll's
 * record names, one indexed lookup) on a code that was issued, N times.
 * usage: bench-codes DIR POLL-ID CODE N.  Prints "name value" lines:
 * lookup_p50 and lookup_min in ms, and the record's ops and mem_kib.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ykien/kiosk.h"
#include "ykien/util.h"

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	struct kiosk		*k = NULL;
	struct poll		*p = NULL;
	struct codes_kdf	 kdf;
	uint8_t			 h[KEYS_HASH];
	char			*cause = NULL;
	double			*t, t0;
	int			 i, n, rc = YK_ENOMEM;

	if (argc != 5 || (n = atoi(argv[4])) < 1) {
		fprintf(stderr, "usage: bench-codes DIR POLL-ID CODE N\n");
		return 2;
	}
	if ((t = calloc((size_t)n, sizeof *t)) == NULL ||
	    (rc = keys_init()) != 0 ||
	    (rc = kiosk_open(argv[1], &k, &cause)) != 0 ||
	    (rc = kiosk_poll_get(k, argv[2], &p, NULL, &cause)) != 0 ||
	    (rc = kiosk_code_kdf(k, argv[2], 0, &kdf, &cause)) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		t0 = now_ms();
		if ((rc = kiosk_code_check(k, p, argv[3], h, &cause)) != 0)
			goto fail;
		t[i] = now_ms() - t0;
	}
	qsort(t, (size_t)n, sizeof *t, cmp);
	printf("lookup_p50 %.2f\nlookup_min %.2f\nops %u\nmem_kib %u\n",
	    t[n / 2], t[0], (unsigned)kdf.ops, (unsigned)kdf.mem_kib);
	free(t);
	poll_free(p);
	kiosk_close(k);
	return 0;
fail:
	fprintf(stderr, "bench-codes: %s\n", cause != NULL ? cause :
	    util_strerror(rc));
	free(cause);
	free(t);
	poll_free(p);
	kiosk_close(k);
	return 1;
}
