/* Fuzz target: the poll JSON loader, then answer checking on what parses. */
#include <stdint.h>
#include <stdlib.h>

#include "ykien/keys.h"
#include "ykien/poll.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct poll	*p = NULL;
	char		*cause = NULL;
	uint8_t		 a[POLL_MAX_QUESTIONS] = { 0 };
	int		 i;

	if (poll_parse(data, size, &p, &cause) == 0) {
		for (i = 0; i < p->n_questions; i++)
			a[i] = (uint8_t)(i % 3);
		(void)poll_check_answers(p, a, (size_t)p->n_questions, NULL);
		for (i = 0; i < p->n_questions; i++)
			(void)poll_is_satisfied(&p->questions[i], a[i]);
		poll_free(p);
	}
	free(cause);
	return 0;
}
