/* util: base64, hex, the wire encoding and atomic files. */
#include "testutil.h"
#include "ykien/wire.h"

static void
test_b64(void **state)
{
	const char	*cases[] = { "", "f", "fo", "foo", "foob", "fooba",
	    "foobar" };
	const char	*want[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==",
	    "Zm9vYmE=", "Zm9vYmFy" };
	uint8_t		*out;
	size_t		 i, n;
	char		*e;

	for (i = 0; i < 7; i++) {
		e = keys_b64_encode((const uint8_t *)cases[i],
		    strlen(cases[i]));
		assert_string_equal(e, want[i]);
		assert_int_equal(keys_b64_decode(e, strlen(e), &out, &n), 0);
		assert_int_equal(n, strlen(cases[i]));
		assert_memory_equal(out, cases[i], n);
		free(out);
		free(e);
	}
	assert_int_equal(keys_b64_decode("Zm9", 3, &out, &n), YK_EINVAL);
	assert_int_equal(keys_b64_decode("Zm9*", 4, &out, &n), YK_EINVAL);
	assert_int_equal(keys_b64_decode("=AAA", 4, &out, &n), YK_EINVAL);
}

static void
test_wire(void **state)
{
	struct wire		w;
	struct wire_reader	r;
	const uint8_t		want[] = { 0x01, 0x02, 0x03, 0, 0, 0, 2, 'h',
	    'i', 0, 0, 0, 0, 0, 0, 0, 9 };
	char			*s;

	wire_init(&w);
	wire_u8(&w, 1);
	wire_u16(&w, 0x0203);
	wire_str(&w, "hi");
	wire_u64(&w, 9);
	assert_int_equal(w.err, 0);
	assert_int_equal(w.len, sizeof want);
	assert_memory_equal(w.buf, want, sizeof want);
	wire_reader_init(&r, w.buf, w.len);
	assert_int_equal(wire_get_u8(&r), 1);
	assert_int_equal(wire_get_u16(&r), 0x0203);
	s = wire_get_str(&r, 10);
	assert_string_equal(s, "hi");
	free(s);
	assert_int_equal(wire_get_u64(&r), 9);
	assert_int_equal(r.err, 0);
	/* Reading past the end sets err and never reads out of bounds. */
	assert_int_equal(wire_get_u32(&r), 0);
	assert_int_not_equal(r.err, 0);
	/* A length prefix beyond the buffer is refused. */
	wire_reader_init(&r, want + 3, 5);
	assert_null(wire_get_str(&r, 100));
	assert_int_not_equal(r.err, 0);
	wire_free(&w);
}

static void
test_files(void **state)
{
	char	*dir = tu_tmpdir(), *p = util_path(dir, "f"), *cause = NULL;
	uint8_t	*buf;
	size_t	 len;

	assert_int_equal(util_write_atomic(p, "one", 3, 0600, NULL), 0);
	assert_int_equal(util_write_atomic(p, "two!", 4, 0600, NULL), 0);
	assert_int_equal(util_read_file(p, 100, &buf, &len, NULL), 0);
	assert_int_equal(len, 4);
	assert_memory_equal(buf, "two!", 4);
	free(buf);
	assert_int_equal(util_read_file(p, 2, &buf, &len, &cause), YK_EINVAL);
	assert_non_null(strstr(cause, "too large"));
	assert_int_equal(util_write_excl(p, "x", 1, 0600, &cause), YK_EEXIST);
	free(cause);
	free(p);
	tu_rmrf(dir);
	free(dir);
}

static void
test_date(void **state)
{
	char	d[11];

	/* 2026-01-04 17:00 UTC is already 05/01/2026 in Vietnam (UTC+7). */
	util_date_vn(1767546000LL, d);
	assert_string_equal(d, "05/01/2026");
	util_date_vn(1767546000LL - 1, d);
	assert_string_equal(d, "04/01/2026");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_b64),
		cmocka_unit_test(test_wire),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
