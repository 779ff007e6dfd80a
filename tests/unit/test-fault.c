/*
 * Fault injection into the kiosk store: the n-th write or sync fails (EIO,
 * or ENOSPC as SQLITE_FULL) during a cast, for n = 1, 2, ... until a cast
 * runs with no fault firing.  After every run the database is reopened and
 * must pass integrity_check, hold every ballot reported cast (the earlier
 * ones and this one if it was reported cast) and no ballot reported failed.
 */
#include "testutil.h"
#include "ykien/ballot.h"
#include "ykien/kiosk.h"
#include "ykien/store.h"

static char	*top, *tmpl;
static int	 total_runs, total_faults;

/* rm -rf dst, then cp -a src dst. */
static void
copy_dir(const char *src, const char *dst)
{
	char	*cmd = util_printf("rm -rf '%s' && cp -a '%s' '%s'", dst, src,
	    dst);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* A kiosk with the demo poll open and 5 ballots, made once and copied. */
static int
setup(void **state)
{
	struct keys_public	 pub, kp;
	struct keys_secret	*prov;
	struct kiosk		*k;
	struct poll		*p;
	char			*poll, *pp, receipt[RECEIPT_LEN + 1];
	uint8_t			 a[4] = { 1, 5, 2, 1 };
	int			 i;

	top = tu_tmpdir();
	tmpl = util_path(top, "template");
	prov = tu_province(top, &pub);
	poll = tu_signed_poll(top, prov, TOP_SRCDIR
	    "/kiosk-config/polls/demo.json", "demo.json");
	pp = util_path(top, "province.pub");
	assert_int_equal(kiosk_init(tmpl, pp, "14001", "Bản Mẫu", &kp, NULL), 0);
	assert_int_equal(kiosk_open(tmpl, &k, NULL), 0);
	assert_int_equal(kiosk_poll_load(k, poll, NULL, NULL), 0);
	assert_int_equal(kiosk_transition(k, "demo-2026", KIOSK_ACT_TEST, NULL),
	    0);
	assert_int_equal(kiosk_transition(k, "demo-2026", KIOSK_ACT_OPEN, NULL),
	    0);
	assert_int_equal(kiosk_poll_get(k, NULL, &p, NULL, NULL), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(kiosk_cast(k, p, a, 4, NULL, 0, receipt, NULL),
		    0);
	poll_free(p);
	kiosk_close(k);
	keys_secret_free(prov);
	free(poll);
	free(pp);
	return 0;
}

static int
teardown(void **state)
{
	print_message("fault injection: %d runs, %d faults fired, every "
	    "run consistent\n", total_runs, total_faults);
	tu_rmrf(top);
	free(top);
	free(tmpl);
	return 0;
}

struct find {
	const char	*receipt;
	int		 found;
};

static int
find_cb(void *arg, const char *code)
{
	struct find	*f = arg;

	f->found += strcmp(code, f->receipt) == 0;
	return 0;
}

/* One run: returns 1 if the fault fired. */
static int
run_once(int kind, int n, int full)
{
	char		*work = util_path(top, "work"), receipt[RECEIPT_LEN + 1];
	char		*cause = NULL;
	struct kiosk	*k;
	struct poll	*p;
	uint8_t		 a[4] = { 2, 3, 0, 2 };
	long long	 count;
	struct find	 f;
	int		 rc, fired;

	copy_dir(tmpl, work);
	assert_int_equal(store_fault_arm(kind, n, full), 0);
	rc = kiosk_open(work, &k, &cause);
	if (rc == 0) {
		assert_int_equal(kiosk_poll_get(k, NULL, &p, NULL, NULL), 0);
		rc = kiosk_cast(k, p, a, 4, NULL, 0, receipt, &cause);
		poll_free(p);
		kiosk_close(k);
	}
	fired = store_fault_fired();
	store_fault_disarm();
	/* No spurious failures: an error means the fault fired. */
	if (rc != 0) {
		assert_true(fired);
		assert_string_equal(receipt, "");
		if (full)
			assert_int_equal(rc, YK_EFULL);
	}
	free(cause);
	cause = NULL;

	assert_int_equal(kiosk_open(work, &k, &cause), 0);
	if (store_check(k->store, &cause) != 0)
		fail_msg("n=%d: %s", n, cause);
	assert_int_equal(store_count_ballots(k->store, "demo-2026", 0, &count,
	    NULL), 0);
	if (rc == 0) {
		f.receipt = receipt;
		f.found = 0;
		assert_int_equal(store_receipt_each(k->store, "demo-2026", 0,
		    find_cb, &f, NULL), 0);
		assert_int_equal(f.found, 1);
		assert_int_equal(count, 6);
	} else
		assert_int_equal(count, 5);
	kiosk_close(k);
	free(work);
	total_runs++;
	total_faults += fired;
	return fired;
}

static void
loop(int kind, int full)
{
	int	n;

	for (n = 1; n < 1000; n++)
		if (!run_once(kind, n, full))
			break;
	assert_true(n > 1 && n < 1000);
	print_message("%s%s: faults at 1..%d, then a clean run\n",
	    kind == STORE_FAULT_WRITE ? "write" : "sync", full ? " (ENOSPC)" :
	    "", n - 1);
}

static void
test_write_eio(void **state)
{
	loop(STORE_FAULT_WRITE, 0);
}

static void
test_write_full(void **state)
{
	loop(STORE_FAULT_WRITE, 1);
}

static void
test_sync(void **state)
{
	loop(STORE_FAULT_SYNC, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_eio),
		cmocka_unit_test(test_write_full),
		cmocka_unit_test(test_sync),
	};

	assert_int_equal(keys_init(), 0);
	return cmocka_run_group_tests(tests, setup, teardown);
}
