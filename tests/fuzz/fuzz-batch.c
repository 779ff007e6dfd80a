/*
 * Fuzz target: the batch decoder and verifier, the acknowledgement
 * decoder and checker, and the records-bundle decoder, on the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ykien/batch.h"
#include "ykien/bundle.h"
#include "ykien/keys.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct keys_public	 kiosk, province;
	static int			 init;
	struct batch			*b = NULL;
	struct ack			 a;
	char				*cause = NULL;

	if (!init) {
		struct keys_secret	*sec;
		uint8_t			 seed[32] = { 0x41 }, num[8] = { 4 };

		if (keys_init() != 0 ||
		    keys_from_seed(seed, num, &kiosk, &sec) != 0)
			abort();
		keys_secret_free(sec);
		seed[0] = 0x01;
		if (keys_from_seed(seed, num, &province, &sec) != 0)
			abort();
		keys_secret_free(sec);
		init = 1;
	}
	if (batch_decode(data, size, &b, &cause) == 0) {
		(void)batch_verify(data, size, b, &kiosk, NULL);
		(void)ack_check(data, size, &province, b, NULL);
		batch_free(b);
	}
	free(cause);
	cause = NULL;
	(void)ack_decode(data, size, &a, &cause);
	free(cause);
	cause = NULL;
	{
		struct bundle	bu;

		(void)bundle_decode(data, size, &bu, &cause);
		free(cause);
	}
	return 0;
}
