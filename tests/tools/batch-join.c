/*
 * batch-join: put a stored batch back together from what the province
 * keeps (its envelope and its ballots' rows) and write its bytes, which
 * must equal the batch the kiosk sent.  For tests only.
 *	batch-join PROVDIR POLL KIOSK_KEYNUM_HEX BATCH_ID_HEX OUT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/batch.h"
#include "ykien/keys.h"
#include "ykien/pstore.h"
#include "ykien/util.h"

struct parts {
	const uint8_t	**b;
	uint8_t		**own;		/* the same copies, to free */
	size_t		 *l;
	size_t		  n;
};

static int
ballot_cb(void *arg, const uint8_t *blob, size_t len)
{
	struct parts	*p = arg;
	uint8_t		*copy;

	if (p->n == BATCH_MAX_BALLOTS || (copy = malloc(len)) == NULL)
		return YK_ENOMEM;
	memcpy(copy, blob, len);
	p->own[p->n] = copy;
	p->b[p->n] = copy;
	p->l[p->n++] = len;
	return 0;
}

int
main(int argc, char **argv)
{
	static const uint8_t	*b[BATCH_MAX_BALLOTS];
	static uint8_t		*own[BATCH_MAX_BALLOTS];
	static size_t		 l[BATCH_MAX_BALLOTS];
	struct parts		 p = { b, own, l, 0 };
	struct pstore		*ps;
	uint8_t			 id[16], kiosk[KEYS_NUM], *env, *out;
	size_t			 elen, len;
	char			*url, *cause = NULL;

	if (argc != 6 || keys_unhex(argv[3], kiosk, sizeof kiosk) != 0 ||
	    keys_unhex(argv[4], id, sizeof id) != 0) {
		fprintf(stderr, "usage: batch-join PROVDIR POLL KIOSK_KEYNUM_HEX "
		    "BATCH_ID_HEX OUT\n");
		return 2;
	}
	if (keys_init() != 0 || pstore_locate(argv[1], &url, &cause) != 0 ||
	    pstore_open(url, &ps, &cause) != 0 ||
	    pstore_batch_parts(ps, argv[2], kiosk, id, &env, &elen, ballot_cb, &p,
	    &cause) != 0 ||
	    batch_join(env, elen, p.b, p.l, p.n, &out, &len, &cause) != 0 ||
	    util_write_atomic(argv[5], out, len, 0644, &cause) != 0) {
		fprintf(stderr, "batch-join: %s\n", cause ? cause : "failed");
		return 1;
	}
	printf("envelope %zu bytes, %zu ballots, batch %zu bytes\n", elen,
	    p.n, len);
	/* Freed, so that the sanitizer build's leak check passes. */
	while (p.n > 0)
		free(p.own[--p.n]);
	free(env);
	free(out);
	free(url);
	return pstore_close(ps) != 0;
}
