/* Fuzz target: the ballot decoder, verifier, hash and receipt. */
#include <stdint.h>
#include <stdlib.h>

#include "ykien/ballot.h"
#include "ykien/keys.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct keys_public	 fixed;
	static int			 init;
	struct ballot			 b;
	uint8_t				 h[KEYS_HASH];
	char				*cause = NULL;

	if (!init) {
		struct keys_secret	*sec;
		uint8_t			 seed[32] = { 0x41 }, num[8] = { 3 };

		if (keys_init() != 0 ||
		    keys_from_seed(seed, num, &fixed, &sec) != 0)
			abort();
		keys_secret_free(sec);
		init = 1;
	}
	if (ballot_decode(data, size, &b, &cause) == 0) {
		(void)ballot_verify(data, size, &fixed, NULL);
		ballot_hash(data, size, h);
	}
	free(cause);
	return 0;
}
