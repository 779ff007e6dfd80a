/*
 * Fuzz target: the signify key and signature parsers.  The input is split
 * at its first NUL: before it, a public key file; after it, a signature
 * file checked against a fixed message with a fixed key.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/keys.h"
#include "ykien/signify.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct keys_public	 fixed;
	static int			 init;
	struct keys_public		 pub;
	const uint8_t			*nul;
	char				*cause = NULL;
	size_t				 first;

	if (!init) {
		struct keys_secret	*sec;
		uint8_t			 seed[32] = { 1 }, num[8] = { 2 };

		if (keys_init() != 0 ||
		    keys_from_seed(seed, num, &fixed, &sec) != 0)
			abort();
		keys_secret_free(sec);
		init = 1;
	}
	nul = memchr(data, '\0', size);
	first = nul != NULL ? (size_t)(nul - data) : size;
	(void)signify_parse_public((const char *)data, first, &pub, &cause);
	free(cause);
	cause = NULL;
	if (nul != NULL)
		(void)signify_verify_text(&fixed, "m", 1,
		    (const char *)nul + 1, size - first - 1, &cause);
	free(cause);
	return 0;
}
