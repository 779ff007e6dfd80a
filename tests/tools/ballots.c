/*
 * ballots: print the answers of every ballot a kiosk holds for a poll, one
 * line each, sorted, so that end-to-end tests can check that exactly the
 * expected ballot (and nothing else) was stored.  Every signature is
 * checked against the kiosk's key on the way.
 *
 *	ballots DIR POLL real|test	->	"1,4,3,2" lines
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/ballot.h"
#include "ykien/kiosk.h"
#include "ykien/store.h"
#include "ykien/util.h"

struct ctx {
	struct kiosk	*k;
	int		 test;
	char		**lines;
	size_t		 n;
	int		 rc;
};

static int
cb(void *arg, const uint8_t *blob, size_t len)
{
	struct ctx	*c = arg;
	struct ballot	 b;
	char		 buf[BALLOT_MAX_ANSWERS * 4 + 1], **t;
	int		 o = 0, i;

	if (ballot_decode(blob, len, &b, NULL) != 0 ||
	    ballot_verify(blob, len, &c->k->pub, NULL) != 0 ||
	    (b.flags & BALLOT_TEST) != (c->test ? BALLOT_TEST : 0))
		return c->rc = YK_EINVAL;
	for (i = 0; i < b.n_answers; i++)
		o += snprintf(buf + o, sizeof buf - (size_t)o, "%s%d",
		    i ? "," : "", b.answers[i]);
	if ((t = realloc(c->lines, (c->n + 1) * sizeof *t)) == NULL)
		return c->rc = YK_ENOMEM;
	c->lines = t;
	if ((c->lines[c->n++] = util_strdup(buf)) == NULL)
		return c->rc = YK_ENOMEM;
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	struct ctx	 c;
	char		*cause = NULL;
	size_t		 i;
	int		 rc;

	if (argc != 4 || (strcmp(argv[3], "real") != 0 &&
	    strcmp(argv[3], "test") != 0)) {
		fprintf(stderr, "usage: ballots DIR POLL real|test\n");
		return 2;
	}
	memset(&c, 0, sizeof c);
	c.test = strcmp(argv[3], "test") == 0;
	if (keys_init() != 0 || (rc = kiosk_open(argv[1], &c.k, &cause)) != 0) {
		fprintf(stderr, "ballots: %s\n", cause ? cause : "cannot start");
		return 1;
	}
	rc = store_ballot_each(c.k->store, argv[2], c.test, cb, &c, &cause);
	kiosk_close(c.k);
	if (rc != 0 || c.rc != 0) {
		fprintf(stderr, "ballots: %s\n", cause ? cause :
		    "a stored ballot is malformed or badly signed");
		return 1;
	}
	qsort(c.lines, c.n, sizeof *c.lines, cmp);
	for (i = 0; i < c.n; i++) {
		printf("%s\n", c.lines[i]);
		free(c.lines[i]);
	}
	free(c.lines);
	return 0;
}
