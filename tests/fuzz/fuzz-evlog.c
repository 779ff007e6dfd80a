/*
 * Fuzz target: the event log decoder (event.h), which the province runs
 * on every events.bin from a stick or POST /v1/records.  Twice per input:
 * the bytes as a log file as they come (framing, lengths, signatures),
 * and the bytes as one event's content signed with the fuzzer's key
 * (the signature always checks, so the fields behind it are reached).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/event.h"
#include "ykien/keys.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct keys_public	 pub;
	static struct keys_secret	*sec;
	struct event_log		*log = NULL;
	struct event			 e;
	uint8_t				*buf, prev[KEYS_HASH];
	char				*cause = NULL;
	size_t				 n;

	if (sec == NULL) {
		uint8_t	seed[32] = { 0x42 }, num[8] = { 7 };

		if (keys_init() != 0 || keys_from_seed(seed, num, &pub, &sec))
			abort();
	}
	if (event_log_decode(data, size, &pub, &log, &cause) == 0)
		event_log_free(log);
	free(cause);
	cause = NULL;
	if (size > (1u << 20))
		return 0;
	/* u32 length || content || signature: a one-event log. */
	n = size + KEYS_SIG;
	if ((buf = malloc(4 + n)) == NULL)
		return 0;
	buf[0] = (uint8_t)(n >> 24);
	buf[1] = (uint8_t)(n >> 16);
	buf[2] = (uint8_t)(n >> 8);
	buf[3] = (uint8_t)n;
	if (size > 0)
		memcpy(buf + 4, data, size);
	keys_sign(sec, buf + 4, size, buf + 4 + size);
	memset(prev, 0, sizeof prev);
	memset(&e, 0, sizeof e);
	if (event_decode(buf + 4, n, 1, prev, &pub, &e, &cause) == 0)
		event_clear(&e);
	free(cause);
	cause = NULL;
	if (event_log_decode(buf, 4 + n, &pub, &log, &cause) == 0)
		event_log_free(log);
	free(cause);
	free(buf);
	return 0;
}
