/*
 * event: the chain verifies, and a deleted event (in the middle or at the
 * end), an edited event and a reordered event are each detected and named.
 * The tampering goes straight at the SQLite file, as an attacker would.
 */
#include <sqlite3.h>

#include "kfixture.h"
#include "ykien/event-chain.h"
#include "ykien/keys.h"

static void
append_n(struct kfx *f, int n)
{
	char	detail[32];
	int	i;

	for (i = 1; i <= n; i++) {
		snprintf(detail, sizeof detail, "step %d", i);
		assert_int_equal(event_append(f->k->store, f->k->sec, i % 2 ? "demo-2026" : NULL,
		    "test-step", detail, NULL), 0);
	}
}

static void
sql(struct kfx *f, const char *q)
{
	sqlite3	*db;
	char	*p = util_path(f->kdir, "kiosk.db");

	kiosk_close(f->k);
	f->k = NULL;
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, q, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
	assert_int_equal(kiosk_open(f->kdir, &f->k, NULL), 0);
	free(p);
}

struct seen {
	int		n;
	uint64_t	last;
};

static int
seen_cb(void *arg, const struct event *e)
{
	struct seen	*s = arg;

	s->n++;
	assert_int_equal(e->seq, s->last + 1);
	s->last = e->seq;
	assert_string_equal(e->type, "test-step");
	return 0;
}

static void
test_chain_ok(void **state)
{
	struct kfx	*f = *state;
	struct seen	 s = { 0, 0 };
	uint64_t	 seq;
	uint8_t		 h[KEYS_HASH];

	assert_int_equal(event_verify(f->k->store, &f->k->pub, NULL, NULL, NULL), 0);
	append_n(f, 5);
	assert_int_equal(event_verify(f->k->store, &f->k->pub, seen_cb, &s, NULL), 0);
	assert_int_equal(s.n, 5);
	assert_int_equal(event_head(f->k->store, &seq, h, NULL), 0);
	assert_int_equal(seq, 5);
	/* Lifecycle transitions are events too. */
	assert_int_equal(kiosk_transition(f->k, "demo-2026", KIOSK_ACT_TEST,
	    NULL), 0);
	assert_int_equal(event_head(f->k->store, &seq, h, NULL), 0);
	assert_int_equal(seq, 6);
	assert_int_equal(event_verify(f->k->store, &f->k->pub, NULL, NULL, NULL), 0);
}

static void
expect_bad(struct kfx *f, int code, const char *want)
{
	char	*cause = NULL;

	assert_int_equal(event_verify(f->k->store, &f->k->pub, NULL, NULL, &cause), code);
	print_message("detected: %s\n", cause);
	assert_non_null(strstr(cause, want));
	free(cause);
}

static void
test_deleted_middle(void **state)
{
	struct kfx	*f = *state;

	append_n(f, 5);
	sql(f, "DELETE FROM events WHERE seq = 3");
	expect_bad(f, YK_EINVAL, "event 3 is missing");
}

static void
test_deleted_and_renumbered(void **state)
{
	struct kfx	*f = *state;

	append_n(f, 5);
	/* A careful forger also closes the gap in the table's key. */
	sql(f, "DELETE FROM events WHERE seq = 3;"
	    "UPDATE events SET seq = seq - 1 WHERE seq > 3");
	expect_bad(f, YK_EINVAL, "event 3 (test-step): it says it is event 4");
}

static void
test_deleted_end(void **state)
{
	struct kfx	*f = *state;

	append_n(f, 5);
	sql(f, "DELETE FROM events WHERE seq = 5");
	expect_bad(f, YK_EINVAL, "event 5 is missing");
}

static void
test_edited(void **state)
{
	struct kfx	*f = *state;

	append_n(f, 5);
	/* "step 2" -> "step 9": one byte of the detail. */
	sql(f, "UPDATE events SET blob = CAST(replace(CAST(blob AS TEXT), "
	    "'step 2', 'step 9') AS BLOB) WHERE seq = 2");
	expect_bad(f, YK_ESIG, "event 2 (test-step): the signature does not "
	    "verify");
}

static void
test_edited_resigned(void **state)
{
	struct kfx	*f = *state;

	/*
	 * Someone with the kiosk key replaces event 2 by a new, properly
	 * signed one: the chain still breaks at event 3, whose prev hash
	 * commits to the original event 2.
	 */
	append_n(f, 3);
	sql(f, "CREATE TABLE saved AS SELECT * FROM events WHERE seq = 3;"
	    "CREATE TABLE savedm AS SELECT * FROM meta WHERE "
	    "key = 'events.head';"
	    "DELETE FROM events WHERE seq >= 2;"
	    "DELETE FROM meta WHERE key = 'events.head'");
	assert_int_equal(event_append(f->k->store, f->k->sec, NULL, "test-step", "forged", NULL),
	    0);
	sql(f, "INSERT INTO events SELECT * FROM saved;"
	    "INSERT OR REPLACE INTO meta SELECT * FROM savedm");
	expect_bad(f, YK_EINVAL, "event 3 (test-step): it does not follow "
	    "event 2");
}

static void
test_reordered(void **state)
{
	struct kfx	*f = *state;

	append_n(f, 4);
	sql(f, "UPDATE events SET seq = 100 WHERE seq = 2;"
	    "UPDATE events SET seq = 2 WHERE seq = 3;"
	    "UPDATE events SET seq = 3 WHERE seq = 100");
	expect_bad(f, YK_EINVAL, "event 2 (test-step): it says it is event 3");
}

static void
test_refuses_bad_text(void **state)
{
	struct kfx	*f = *state;
	char		 big[EVENT_DETAIL_MAX + 2];

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(event_append(f->k->store, f->k->sec, NULL, "t", big, NULL), YK_EINVAL);
	assert_int_equal(event_append(f->k->store, f->k->sec, NULL, "", "x", NULL), YK_EINVAL);
	assert_int_equal(event_append(f->k->store, f->k->sec, NULL, "t", "\xff", NULL),
	    YK_EINVAL);
	assert_int_equal(event_verify(f->k->store, &f->k->pub, NULL, NULL, NULL), 0);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, kfx_setup, kfx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_chain_ok),
		T(test_deleted_middle),
		T(test_deleted_and_renumbered),
		T(test_deleted_end),
		T(test_edited),
		T(test_edited_resigned),
		T(test_reordered),
		T(test_refuses_bad_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
