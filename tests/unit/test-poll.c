/* poll: the shipped polls load; each kind of bad poll is refused by name. */
#include "testutil.h"
#include "ykien/clip.h"
#include "ykien/poll.h"

static const char base[] =
"{\"format\":\"ykien/v1/poll\",\"id\":\"p1\",\"languages\":[\"vi\",\"en\"],"
"\"title\":{\"vi\":\"T\"},\"commune\":{\"code\":\"14001\",\"name\":{\"vi\":\"X\"}},"
"\"villages\":[{\"id\":\"b\",\"name\":{\"vi\":\"B\"}}],"
"\"period\":{\"opens\":\"2026-12-01\",\"closes\":\"2026-12-02\"},"
"\"questions\":[%s]%s}";

/* Parse base with the questions and extra top-level text substituted. */
static int
try(const char *questions, const char *extra, char **cause)
{
	struct poll	*p = NULL;
	char		*doc = util_printf(base, questions, extra);
	int		 rc;

	free(*cause);
	*cause = NULL;
	rc = poll_parse((const uint8_t *)doc, strlen(doc), &p, cause);
	poll_free(p);
	free(doc);
	return rc;
}

static void
test_shipped(void **state)
{
	struct poll	*p;
	int		 i, overall = 0;

	assert_int_equal(poll_load_file(TOP_SRCDIR
	    "/kiosk-config/polls/ntm-2026.json", &p, NULL), 0);
	/* Overall satisfaction plus the 19 criteria of QĐ 318/QĐ-TTg. */
	assert_int_equal(p->n_questions, 20);
	for (i = 0; i < p->n_questions; i++) {
		overall += p->questions[i].overall;
		assert_non_null(p->questions[i].text.s[0]);
		assert_non_null(p->questions[i].text.s[1]);
	}
	assert_int_equal(overall, 1);
	assert_string_equal(p->langs[0], "vi");
	assert_int_equal(p->elig, POLL_ELIG_CODE);
	poll_free(p);
	assert_int_equal(poll_load_file(TOP_SRCDIR
	    "/kiosk-config/polls/demo.json", &p, NULL), 0);
	assert_true(p->n_questions >= 3);
	poll_free(p);
}

static void
test_defaults_and_nfc(void **state)
{
	struct poll	*p;
	/* "Việt" written decomposed (NFD): e + circumflex + dot below. */
	char		*doc = util_printf(base, "{\"id\":\"q\",\"kind\":"
	    "\"satisfaction\",\"text\":{\"vi\":\"Vie\xcc\x82\xcc\xa3t\"}}", "");

	assert_int_equal(poll_parse((uint8_t *)doc, strlen(doc), &p, NULL), 0);
	assert_string_equal(p->questions[0].text.s[0], "Vi\xe1\xbb\x87t");
	assert_int_equal(p->questions[0].n_options, 2);
	assert_true(p->th_overall == 90.0 && p->th_item == 80.0);
	assert_int_equal(p->k_anon, 10);
	assert_int_equal(p->pins_required, 2);
	assert_string_equal(poll_text_get(&p->title, 1), "T");
	assert_string_equal(p->province_code, "");	/* an older poll */
	poll_free(p);
	free(doc);
}

static void
test_refusals(void **state)
{
	char	*cause = NULL;
	const char *sat = "{\"id\":\"q\",\"kind\":\"satisfaction\",\"text\":"
	    "{\"vi\":\"Q\"}}";

	assert_int_equal(try(sat, "", &cause), 0);
	assert_int_equal(try("{\"id\":\"q\",\"kind\":\"stars\",\"text\":"
	    "{\"vi\":\"Q\"}}", "", &cause), YK_EINVAL);
	assert_string_equal(cause, "questions[0].kind: unknown kind \"stars\" "
	    "(expected satisfaction, choice or scale)");
	assert_int_equal(try(sat, ",\"colour\":1", &cause), YK_EINVAL);
	assert_string_equal(cause, "colour: unknown field");
	assert_int_equal(try("{\"id\":\"q\",\"kind\":\"satisfaction\","
	    "\"text\":{\"en\":\"Q\"}}", "", &cause), YK_EINVAL);
	assert_non_null(strstr(cause, "questions[0].text.vi: missing"));
	assert_int_equal(try("{\"id\":\"q\",\"kind\":\"choice\",\"text\":"
	    "{\"vi\":\"Q\"},\"options\":[{\"vi\":\"a\"}]}", "", &cause),
	    YK_EINVAL);
	assert_non_null(strstr(cause, "questions[0].options"));
	assert_int_equal(try("{\"id\":\"q\",\"kind\":\"satisfaction\","
	    "\"text\":{\"fr\":\"Q\"}}", "", &cause), YK_EINVAL);
	assert_non_null(strstr(cause, "not listed"));
	assert_int_equal(try(sat, ",\"threshold\":{\"overall\":190}", &cause),
	    YK_EINVAL);
	assert_non_null(strstr(cause, "threshold.overall"));
	assert_int_equal(try(sat, ",\"eligibility\":{\"mode\":\"lottery\"}",
	    &cause), YK_EINVAL);
	assert_non_null(strstr(cause, "eligibility.mode"));
	assert_int_equal(try(sat, ",\"lookup\":\"ftp://x\"", &cause),
	    YK_EINVAL);
	assert_non_null(strstr(cause, "lookup: must be an http(s) URL"));
	assert_int_equal(try(sat, ",\"lookup\":\"https://a b\"", &cause),
	    YK_EINVAL);
	assert_non_null(strstr(cause, "lookup: no spaces"));
	assert_int_equal(try(sat, ",\"lookup\":\"https://x.vn/\"", &cause),
	    0);
	assert_int_equal(try(sat, ",\"province\":{\"code\":\"14\","
	    "\"name\":{\"vi\":\"Sơn La\"}}", &cause), 0);
	assert_int_equal(try(sat, ",\"province\":{\"code\":\"140\","
	    "\"name\":{\"vi\":\"S\"}}", &cause), YK_EINVAL);
	assert_non_null(strstr(cause, "province.code"));
	assert_int_equal(try(sat, ",\"province\":{\"code\":\"14\"}",
	    &cause), YK_EINVAL);
	assert_non_null(strstr(cause, "province.name"));
	assert_int_equal(try("", "", &cause), YK_EINVAL);
	assert_non_null(strstr(cause, "questions"));
	assert_int_equal(try("{\"id\":\"q\",\"kind\":\"satisfaction\","
	    "\"text\":{\"vi\":\"Q\"}},{\"id\":\"q\",\"kind\":\"scale\","
	    "\"text\":{\"vi\":\"R\"}}", "", &cause), YK_EINVAL);
	assert_non_null(strstr(cause, "used twice"));
	free(cause);
	cause = NULL;
	assert_int_equal(poll_parse((const uint8_t *)"{\"a\":", 5, NULL,
	    &cause), YK_EINVAL);
	assert_non_null(strstr(cause, "not valid JSON"));
	assert_int_equal(poll_parse((const uint8_t *)"\xff\xfe", 2, NULL,
	    &cause), YK_EINVAL);
	free(cause);
}

static void
test_answers(void **state)
{
	struct poll	*p;
	uint8_t		 ok[4] = { 1, 5, 3, 2 }, a[4];
	char		*cause = NULL;

	assert_int_equal(poll_load_file(TOP_SRCDIR
	    "/kiosk-config/polls/demo.json", &p, NULL), 0);
	assert_int_equal(p->n_questions, 4);
	assert_string_equal(p->province_code, "14");
	assert_int_equal(poll_check_answers(p, ok, 4, NULL), 0);
	memcpy(a, ok, 4);
	a[1] = 6;
	assert_int_equal(poll_check_answers(p, a, 4, &cause), YK_EINVAL);
	assert_non_null(strstr(cause, "out of range"));
	memcpy(a, ok, 4);
	a[1] = 0;	/* the scale question allows no "no opinion" */
	assert_int_equal(poll_check_answers(p, a, 4, &cause), YK_EINVAL);
	assert_int_equal(poll_check_answers(p, ok, 3, &cause), YK_EINVAL);
	assert_int_equal(poll_is_satisfied(&p->questions[0], 1), 1);
	assert_int_equal(poll_is_satisfied(&p->questions[0], 2), 0);
	assert_int_equal(poll_is_satisfied(&p->questions[1], 4), 1);
	assert_int_equal(poll_is_satisfied(&p->questions[1], 3), 0);
	assert_int_equal(poll_is_satisfied(&p->questions[2], 1), -1);
	free(cause);
	poll_free(p);
}

/* "audio": the clip key of PROTOCOL.md's vector, and bad clip entries. */
static void
test_audio(void **state)
{
	static const char	q[] = "{\"id\":\"q\",\"kind\":\"satisfaction\","
	    "\"text\":{\"vi\":\"Q\"}}";
	static const char	h[] = "627edb228799280f83a92f80e4478db9b2665507"
	    "c629374944002ed0256e0106";
	uint8_t			 key[KEYS_HASH];
	char			 hex[2 * KEYS_HASH + 1], *extra, *cause = NULL;

	clip_key("vi", "Xin ch\xc3\xa0o", key);
	keys_hex(key, KEYS_HASH, hex);
	assert_string_equal(hex, h);
	extra = util_printf(",\"audio\":{\"%s\":{\"file\":\"a.ogg\","
	    "\"sha256\":\"%s\",\"draft\":true}}", h, h);
	assert_int_equal(try(q, extra, &cause), 0);
	free(extra);
	extra = util_printf(",\"audio\":{\"%s\":{\"file\":\"../a.ogg\","
	    "\"sha256\":\"%s\"}}", h, h);
	assert_int_not_equal(try(q, extra, &cause), 0);
	assert_non_null(strstr(cause, ".file"));
	free(extra);
	extra = util_printf(",\"audio\":{\"abc\":{\"file\":\"a.ogg\","
	    "\"sha256\":\"%s\"}}", h);
	assert_int_not_equal(try(q, extra, &cause), 0);
	assert_non_null(strstr(cause, "clip key"));
	free(extra);
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_defaults_and_nfc),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_audio),
	};

	assert_int_equal(keys_init(), 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
