/*
 * ui golden frames: every tests/golden/NAME.keys script is replayed by the
 * text backend (the real flow and renderer, no terminal) and its frames
 * must equal tests/golden/NAME.txt byte for byte.  GENERATE=1 rewrites the
 * .txt files instead; review the diff before committing them.
 *
 * A script's first line may name its poll: "# poll: big.json" reads
 * tests/golden/big.json, else kiosk-config/polls/demo.json is used.
 */
#include <dirent.h>

#include "testutil.h"
#include "ykien/i18n.h"
#include "ykien/poll.h"
#include "ykien/ui.h"

#define GOLDEN	TOP_SRCDIR "/tests/golden"

static struct poll *
script_poll(const char *script)
{
	struct poll	*p = NULL;
	char		*path, name[128];

	if (sscanf(script, "# poll: %127s", name) == 1)
		path = util_path(GOLDEN, name);
	else
		path = util_strdup(TOP_SRCDIR "/kiosk-config/polls/demo.json");
	assert_int_equal(poll_load_file(path, &p, NULL), 0);
	free(path);
	return p;
}

static void
golden_all(void **state)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0, bad = 0, utf8;
	const char	*gen = getenv("GENERATE");

	assert_int_equal(i18n_init(NULL, &utf8, NULL), 0);
	assert_non_null(d = opendir(GOLDEN));
	while ((e = readdir(d)) != NULL) {
		size_t		 len = strlen(e->d_name), glen;
		char		*kp, *gp, *stem, *out = NULL, *cause = NULL;
		uint8_t		*script, *want = NULL;
		struct poll	*p;

		if (len < 6 || strcmp(e->d_name + len - 5, ".keys") != 0)
			continue;
		stem = util_printf("%.*s", (int)(len - 5), e->d_name);
		kp = util_path(GOLDEN, e->d_name);
		gp = util_printf("%s/%s.txt", GOLDEN, stem);
		assert_int_equal(util_read_file(kp, 1 << 20, &script, &len,
		    NULL), 0);
		p = script_poll((char *)script);
		if (ui_script_run(p, (char *)script, &out, &cause) != 0)
			fail_msg("%s: %s", kp, cause);
		if (gen != NULL && strcmp(gen, "1") == 0)
			tu_write(gp, out, strlen(out));
		else if (util_read_file(gp, 1 << 22, &want, &glen, NULL) != 0 ||
		    glen != strlen(out) || memcmp(want, out, glen) != 0) {
			char *got = util_printf("%s.got", gp);

			/* Leave what we got beside it for a diff. */
			tu_write(got, out, strlen(out));
			print_error("golden mismatch: diff -u %s %s\n", gp, got);
			free(got);
			bad++;
		}
		n++;
		poll_free(p);
		free(want);
		free(out);
		free(script);
		free(kp);
		free(gp);
		free(stem);
	}
	closedir(d);
	assert_true(n > 0);
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_all),
	};

	assert_int_equal(keys_init(), 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
