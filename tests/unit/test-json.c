/*
 * json: the refusal body's escaping and reading it back (what jsonmini.c
 * got wrong: \u escapes outside ASCII, nested values), duplicate keys,
 * walking a parsed document, and the one-decimal numbers of results.json.
 */
#include "testutil.h"
#include "ykien/json.h"

static void
test_error_body(void **state)
{
	char	*j, *v = NULL;

	j = json_error_body("bad-answer", "ballot 3: \"q\\1\"\n\x01 é");
	assert_non_null(j);
	assert_string_equal(j, "{\"code\":\"bad-answer\",\"message\":"
	    "\"ballot 3: \\\"q\\\\1\\\"\\n\\u0001 é\"}\n");
	assert_int_equal(json_get_str(j, strlen(j), "message", &v), 0);
	/* Control characters from the network come back as '?'. */
	assert_string_equal(v, "ballot 3: \"q\\1\"\n? é");
	free(v);
	assert_int_equal(json_get_str(j, strlen(j), "nope", &v), YK_ENOENT);
	assert_null(v);
	free(j);
	/* Not UTF-8: written with '?', still valid JSON. */
	j = json_error_body("x", "a\xff" "b");
	assert_non_null(j);
	assert_string_equal(j, "{\"code\":\"x\",\"message\":\"a?b\"}\n");
	free(j);
}

static void
test_get_str(void **state)
{
	const char	*s;
	char		*v = NULL;

	assert_int_equal(json_get_str("<html>", 6, "code", &v), YK_EINVAL);
	assert_int_equal(json_get_str("[\"code\"]", 8, "code", &v),
	    YK_EINVAL);
	s = "{\"a\":1,\"code\":\"x\"}";
	assert_int_equal(json_get_str(s, strlen(s), "code", &v), 0);
	assert_string_equal(v, "x");
	free(v);
	/* Outside ASCII: decoded, not '?' (jsonmini turned it into '?'). */
	s = "{\"message\":\"Phi\\u1ebfu \\u0111\\u00e3 nh\\u1eadn\"}";
	assert_int_equal(json_get_str(s, strlen(s), "message", &v), 0);
	assert_string_equal(v, "Phiếu đã nhận");
	free(v);
	/* Nested values before the key are skipped whole. */
	s = "{\"a\":{\"code\":\"inner\",\"b\":[1,{\"c\":\"}\"}]},"
	    "\"code\":\"outer\"}\n";
	assert_int_equal(json_get_str(s, strlen(s), "code", &v), 0);
	assert_string_equal(v, "outer");
	free(v);
	s = "{\"code\":7}";
	assert_int_equal(json_get_str(s, strlen(s), "code", &v), YK_ENOENT);
	/* Only len bytes count. */
	s = "{\"code\":\"x\"}garbage";
	assert_int_equal(json_get_str(s, 12, "code", &v), 0);
	assert_string_equal(v, "x");
	free(v);
}

static void
test_parse(void **state)
{
	struct json	*root, *v;
	const char	*s, *k, *order[3] = { "z", "a", "m" };
	char		*cause = NULL;
	long long	 n;
	double		 x;
	size_t		 i;
	int		 b;

	s = "{\"a\":1,\"a\":2}";
	assert_int_equal(json_parse(s, strlen(s), &root, &cause), YK_EINVAL);
	assert_null(root);
	assert_non_null(strstr(cause, "not valid JSON: line 1"));
	free(cause);
	s = "{\"z\":[1,2.5,true],\"a\":\"t\",\"m\":null}";
	assert_int_equal(json_parse(s, strlen(s), &root, NULL), 0);
	assert_int_equal(json_kind(root), JSON_KIND_OBJECT);
	assert_int_equal(json_count(root), 3);
	i = 0;
	json_each_member(root, k, v)
		assert_string_equal(k, order[i++]);
	assert_int_equal(i, 3);
	v = json_member(root, "z");
	assert_int_equal(json_count(v), 3);
	assert_int_equal(json_int(json_item(v, 0), &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(json_int(json_item(v, 1), &n), -1);
	assert_int_equal(json_num(json_item(v, 1), &x), 0);
	assert_true(x == 2.5);
	assert_int_equal(json_bool(json_item(v, 2), &b), 0);
	assert_int_equal(b, 1);
	assert_null(json_item(v, 3));
	assert_string_equal(json_str(json_member(root, "a")), "t");
	assert_int_equal(json_str_len(json_member(root, "a")), 1);
	assert_int_equal(json_kind(json_member(root, "m")), JSON_KIND_NULL);
	assert_null(json_member(root, "nope"));
	assert_null(json_member(v, "z"));	/* not an object */
	assert_null(json_str(v));
	assert_int_equal(json_kind(NULL), JSON_KIND_NONE);
	json_free(root);
}

static void
test_write(void **state)
{
	struct json	*o = json_new_object(), *a = json_new_array();
	char		*s;

	assert_int_equal(json_push_int(a, 3) | json_push_int(a, 0), 0);
	assert_int_equal(json_set_str(o, "s", "Bản Mẫu") |
	    json_set(o, "a", a) | json_set_bool(o, "t", 1) |
	    json_set_null(o, "n") | json_set_tenths(o, "r1", 100.0 / 3) |
	    json_set_tenths(o, "r2", 100) | json_set_tenths(o, "r3", 0) |
	    json_set_tenths(o, "r4", 200.0 / 3) |
	    json_set_tenths(o, "r5", 99.96), 0);
	assert_non_null(s = json_write(o));
	/* The same numbers "%.1f" prints. */
	assert_string_equal(s, "{\"s\":\"Bản Mẫu\",\"a\":[3,0],\"t\":true,"
	    "\"n\":null,\"r1\":33.3,\"r2\":100.0,\"r3\":0.0,\"r4\":66.7,"
	    "\"r5\":100.0}\n");
	free(s);
	/* A NULL object or value fails, and what was given is freed. */
	assert_int_equal(json_set(NULL, "x", json_new_array()), -1);
	assert_int_equal(json_push(o, NULL), -1);
	json_free(o);
	json_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_body),
		cmocka_unit_test(test_get_str),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
