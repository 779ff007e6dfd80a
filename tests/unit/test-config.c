/*
 * config: the one example kiosk.conf (dist/kiosk.conf.example) loads, and
 * as it says, it changes nothing: every setting equals the built-in
 * default.  A wrong line is refused with its line number.
 */
#include "testutil.h"
#include "ykien/config.h"

static void
test_example_is_defaults(void **state)
{
	struct config	def, ex;
	char		*cause = NULL;

	config_defaults(&def);
	config_defaults(&ex);
	assert_int_equal(config_load(TOP_SRCDIR "/dist/kiosk.conf.example",
	    &ex, &cause), 0);
	assert_null(cause);
	assert_memory_equal(&ex.t, &def.t, sizeof def.t);
	assert_int_equal(ex.mono, def.mono);
	assert_int_equal(ex.ascii, def.ascii);
	assert_int_equal(ex.mouse, def.mouse);
	assert_string_equal(ex.lang, def.lang);
	assert_int_equal(ex.n_keys, def.n_keys);
	assert_memory_equal(&ex.audio, &def.audio, sizeof def.audio);
}

/* [audio]: the three settings, and a volume out of range named by line. */
static void
test_audio(void **state)
{
	struct config	c;
	char		*dir = tu_tmpdir(), *p = util_path(dir, "kiosk.conf");
	char		*cause = NULL;
	const char	 good[] = "[audio]\nenabled = yes\nvolume = 35\n"
	    "device = plughw:1\n";
	const char	 bad[] = "[audio]\nenabled = yes\nvolume = 101\n";
	enum ui_key	 k;
	int		 v;

	tu_write(p, good, strlen(good));
	assert_int_equal(config_load(p, &c, &cause), 0);
	assert_int_equal(c.audio.enabled, 1);
	assert_int_equal(c.audio.volume, 35);
	assert_string_equal(c.audio.device, "plughw:1");
	config_key_map(&c, '/', &k, &v);
	assert_int_equal(k, UI_K_REPLAY);
	tu_write(p, bad, strlen(bad));
	assert_int_not_equal(config_load(p, &c, &cause), 0);
	assert_non_null(strstr(cause, ":3"));
	assert_int_equal(c.audio.enabled, 0);	/* back to the defaults */
	free(cause);
	free(p);
	tu_rmrf(dir);
	free(dir);
}

static void
test_bad_line(void **state)
{
	struct config	c;
	char		*dir = tu_tmpdir(), *p = util_path(dir, "kiosk.conf");
	char		*cause = NULL;
	const char	 text[] = "[timeouts]\ninactivity = 80\nthanks = soon\n";

	tu_write(p, text, strlen(text));
	config_defaults(&c);
	assert_int_not_equal(config_load(p, &c, &cause), 0);
	assert_non_null(cause);
	assert_non_null(strstr(cause, ":3"));
	free(cause);
	free(p);
	tu_rmrf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_is_defaults),
		cmocka_unit_test(test_bad_line),
		cmocka_unit_test(test_audio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
