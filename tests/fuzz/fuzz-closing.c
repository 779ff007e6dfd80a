/*
 * Fuzz target: the closing record decoder (closing.h) and the records
 * module's peeks into a record (records.h), which the province runs on
 * every closing-ID.bin.  The bytes as they come, then as a record's
 * content signed with the fuzzer's key, so that the signature checks and
 * every field behind it is reached.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/closing.h"
#include "ykien/keys.h"
#include "ykien/records.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
decode(const uint8_t *buf, size_t len, const struct keys_public *pub)
{
	struct closing	*r = NULL;
	uint8_t		 kn[8];
	char		*cause = NULL, *poll = NULL;

	if (closing_decode(buf, len, pub, &r, &cause) == 0)
		closing_free(r);
	free(cause);
	(void)records_closing_keynum(buf, len, kn);
	if (records_closing_poll_id(buf, len, kn, &poll) == 0)
		free(poll);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct keys_public	 pub;
	static struct keys_secret	*sec;
	uint8_t				*buf;

	if (sec == NULL) {
		uint8_t	seed[32] = { 0x43 }, num[8] = { 9 };

		if (keys_init() != 0 || keys_from_seed(seed, num, &pub, &sec))
			abort();
	}
	decode(data, size, &pub);
	if (size > (1u << 20) || (buf = malloc(size + KEYS_SIG)) == NULL)
		return 0;
	if (size > 0)
		memcpy(buf, data, size);
	keys_sign(sec, buf, size, buf + size);
	decode(buf, size + KEYS_SIG, &pub);
	free(buf);
	return 0;
}
