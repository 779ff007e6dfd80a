/*
 * test-event-head: the kiosk's signed head of its event log (event-head.h):
 * the test vector of docs/PROTOCOL.md ("Event head"), a round trip, and the
 * refusals: one changed byte, another kiosk's key, a wrong length.
 */
#include "testutil.h"

#include "ykien/event-head.h"

/* The closing-record vector's key and event 1 (PROTOCOL.md). */
static const char want[] =
    "00000013796b69656e2f76312f6576656e742d68656164a0a1a2a3a4a5a6a7"
    "0000000000000001d8ae46d54278ea1e8f042959e39fa9ce7f2a046213e6e1"
    "52fef040ebd379423bcf228867934702f5782ddf703e681f7ba4ca634e1ac4"
    "927f547b4a82e39a2c05bd78a65480dcfa4ba259e16a39f43247ec855fadf9"
    "602ecba202ea105170c008";

static void
keypair(uint8_t base, struct keys_public *pub, struct keys_secret **sec)
{
	uint8_t	seed[32], keynum[KEYS_NUM];
	int	i;

	for (i = 0; i < 32; i++)
		seed[i] = (uint8_t)(base + i);
	for (i = 0; i < KEYS_NUM; i++)
		keynum[i] = (uint8_t)(0xa0 + base + i);
	assert_int_equal(keys_from_seed(seed, keynum, pub, sec), 0);
}

static void
test_vector(void **state)
{
	struct keys_public	 pub, other;
	struct keys_secret	*sec, *osec;
	struct event_head	 h, back;
	uint8_t			 buf[EVENT_HEAD_LEN];
	char			 hex[2 * EVENT_HEAD_LEN + 1], *cause = NULL;

	keypair(0, &pub, &sec);
	memcpy(h.kiosk, pub.keynum, KEYS_NUM);
	h.seq = 1;
	assert_int_equal(keys_unhex("d8ae46d54278ea1e8f042959e39fa9ce7f2a0462"
	    "13e6e152fef040ebd379423b", h.hash, KEYS_HASH), 0);
	event_head_sign(sec, &h, buf);
	keys_hex(buf, sizeof buf, hex);
	print_message("event head: %s\n", hex);
	assert_string_equal(hex, want);
	assert_int_equal(event_head_decode(buf, sizeof buf, &pub, &back,
	    &cause), 0);
	assert_int_equal(back.seq, 1);
	assert_memory_equal(back.hash, h.hash, KEYS_HASH);
	/* Every byte is covered: any one changed fails. */
	buf[40] ^= 1;
	assert_int_not_equal(event_head_decode(buf, sizeof buf, &pub, &back,
	    &cause), 0);
	free(cause);
	cause = NULL;
	buf[40] ^= 1;
	keypair(1, &other, &osec);
	assert_int_equal(event_head_decode(buf, sizeof buf, &other, &back,
	    &cause), YK_ESIG);
	free(cause);
	cause = NULL;
	assert_int_equal(event_head_decode(buf, sizeof buf - 1, &pub, &back,
	    &cause), YK_EINVAL);
	free(cause);
	keys_secret_free(sec);
	keys_secret_free(osec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vector),
	};

	assert_int_equal(keys_init(), 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
