/*
 * Household code arithmetic and its hash record (codes.c): a code is read
 * with or without its spaces, a wrong check digit is told apart from a
 * malformed code, the slip grouping, the cost record's round trip and the
 * bounds that keep a damaged record from asking for any cost at all.
 */
#include "testutil.h"
#include "ykien/codes.h"

static void
test_parse(void **state)
{
	char	d[CODES_DIGITS + 1], g[CODES_GROUPED];

	(void)state;
	assert_int_equal(codes_parse("123456789018", d), 0);
	assert_string_equal(d, "123456789018");
	assert_int_equal(codes_parse("123 456 789 018", d), 0);
	assert_string_equal(d, "123456789018");
	assert_int_equal(codes_parse("123-456-789-018", d), 0);
	/* Every single-digit slip and every adjacent swap is caught. */
	assert_int_equal(codes_parse("123456789019", d), YK_ESIG);
	assert_int_equal(codes_parse("123456789108", d), YK_ESIG);
	assert_int_equal(codes_parse("12345678901", d), YK_EINVAL);
	assert_int_equal(codes_parse("1234567890180", d), YK_EINVAL);
	assert_int_equal(codes_parse("123456786", d), YK_EINVAL);
	assert_int_equal(codes_parse("12345678901x", d), YK_EINVAL);
	assert_int_equal(codes_parse("", d), YK_EINVAL);
	codes_format("123456789018", g);
	assert_string_equal(g, "123 456 789 018");
	for (int i = 0; i < 200; i++) {
		codes_generate(d);
		assert_int_equal((int)strlen(d), CODES_DIGITS);
		assert_int_equal(codes_parse(d, d), 0);
	}
}

static void
test_kdf_record(void **state)
{
	struct codes_kdf	 a, b;
	uint8_t			 h1[KEYS_HASH], h2[KEYS_HASH];
	char			*s;
	static const char *const bad[] = {
		"argon2i13 ops=24 mem_kib=1024 salt=000102030405060708090a0b0c0d0e0f",
		"argon2id13 ops=0 mem_kib=1024 salt=000102030405060708090a0b0c0d0e0f",
		"argon2id13 ops=257 mem_kib=1024 salt=000102030405060708090a0b0c0d0e0f",
		"argon2id13 ops=24 mem_kib=7 salt=000102030405060708090a0b0c0d0e0f",
		"argon2id13 ops=24 mem_kib=65537 salt=000102030405060708090a0b0c0d0e0f",
		"argon2id13 ops=24 mem_kib=1024 salt=000102030405060708090a0b0c0d0e",
		"argon2id13 ops=24 mem_kib=1024 salt=000102030405060708090a0b0c0d0e0g",
		"argon2id13 ops=24 mem_kib=1024 salt=000102030405060708090a0b0c0d0e0f x",
		"argon2id13 ops=24 mem_kib=1024",
		"",
	};

	(void)state;
	codes_kdf_new(&a);
	assert_non_null(s = codes_kdf_format(&a));
	assert_int_equal(codes_kdf_parse(s, &b), 0);
	free(s);
	assert_int_equal(a.ops, b.ops);
	assert_int_equal(a.mem_kib, b.mem_kib);
	assert_memory_equal(a.salt, b.salt, KEYS_SALT);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(codes_kdf_parse(bad[i], &b), YK_EINVAL);
	/* The salt matters: another poll, another hash of the same code. */
	b.ops = a.ops = 1;
	b.mem_kib = a.mem_kib = 8;
	codes_kdf_new(&b);
	b.ops = 1;
	b.mem_kib = 8;
	assert_int_equal(codes_hash(&a, "123456789018", h1), 0);
	assert_int_equal(codes_hash(&b, "123456789018", h2), 0);
	assert_memory_not_equal(h1, h2, KEYS_HASH);
	assert_int_equal(codes_hash(&a, "123456789018", h2), 0);
	assert_memory_equal(h1, h2, KEYS_HASH);
	a.ops = 0;
	assert_int_equal(codes_hash(&a, "123456789018", h1), YK_EINVAL);
}

/*
 * The production default is the tuned cost (the test build's
 * YKIEN_PWHASH_COST=min gives the cheapest; without it, the default).
 */
static void
test_default_cost(void **state)
{
	uint32_t	ops, mem;

	(void)state;
	assert_int_equal(unsetenv("YKIEN_PWHASH_COST"), 0);
	keys_code_costs(&ops, &mem);
	assert_int_equal(ops, 24);
	assert_int_equal(mem, 1024);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_kdf_record),
		cmocka_unit_test(test_default_cost),
	};

	assert_int_equal(keys_init(), 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
