/* text: what makes outside text inert (text_inert, text_sanitize). */
#include "testutil.h"
#include "ykien/text.h"

static void
test_inert(void **state)
{
	const char	*bad[] = { "a\x1b]52;c;SGk=\x07", "a\rb", "tab\there",
	    "line\n", "del\x7f", "c1 \xc2\x85", "rlo \xe2\x80\xae",
	    "lri \xe2\x81\xa6", "alm \xd8\x9c", "lrm \xe2\x80\x8e",
	    "bad \xff utf-8" };
	size_t		 i, at;

	assert_int_equal(text_inert("Bản Mẫu, Sơn La (100%)",
	    strlen("Bản Mẫu, Sơn La (100%)"), NULL), 1);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		at = 999;
		assert_int_equal(text_inert(bad[i], strlen(bad[i]), &at), 0);
		assert_true(at < strlen(bad[i]));
	}
	assert_int_equal(text_inert("ab\x1b", 3, &at), 0);
	assert_int_equal(at, 2);
}

static void
test_sanitize(void **state)
{
	char	out[16];

	assert_int_equal(text_sanitize(out, sizeof out, "ok\r\x1b[2Kx", 8),
	    8);
	assert_string_equal(out, "ok??[2Kx");
	/* Capped, and never half of "ế" (3 bytes). */
	text_sanitize(out, 6, "abcdế", strlen("abcdế"));
	assert_string_equal(out, "abcd");
	text_sanitize(out, sizeof out, "\xe2\x80\xae" "x\xff", 5);
	assert_string_equal(out, "?x?");
	text_sanitize(out, 1, "abc", 3);
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inert),
		cmocka_unit_test(test_sanitize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
