/*
 * Out of memory: kiosk_init with the N-th allocation failing, for N = 1,
 * 2, ... until it succeeds.  Each failure must return an error and leave
 * no directory behind; a double free on one of these paths (as kiosk_init
 * had) makes glibc abort the test.  malloc, calloc and realloc are
 * replaced in this binary (glibc supports that) by a countdown in
 * SQLite's fault-injection style.  Skipped under AddressSanitizer, which
 * owns malloc itself.
 */
#include "testutil.h"
#include "ykien/kiosk.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#ifndef UNDER_ASAN
void	*__libc_malloc(size_t);
void	*__libc_calloc(size_t, size_t);
void	*__libc_realloc(void *, size_t);

static long	countdown = -1;		/* -1: off; 0: this one fails */

static int
fail_now(void)
{
	if (countdown < 0)
		return 0;
	return countdown-- == 0;
}

void *
malloc(size_t n)
{
	return fail_now() ? NULL : __libc_malloc(n);
}

void *
calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __libc_calloc(n, size);
}

void *
realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __libc_realloc(p, n);
}
#endif

static void
test_kiosk_init(void **state)
{
#ifdef UNDER_ASAN
	skip();
#else
	struct keys_public	 prov, kp;
	struct keys_secret	*sec;
	char			*tmp, *pp, *dir;
	long			 n;
	int			 rc, fired;

	/* Nearly two thousand runs: on tmpfs, where a sync costs nothing. */
	if (access("/dev/shm", W_OK) == 0)
		setenv("TMPDIR", "/dev/shm", 1);
	tmp = tu_tmpdir();
	assert_int_equal(keys_init(), 0);
	sec = tu_province(tmp, &prov);
	pp = util_path(tmp, "province.pub");
	dir = util_path(tmp, "kiosk");
	/* Until a run where no allocation failed (the countdown not spent). */
	for (n = 0, fired = 1; fired; n++) {
		countdown = n;
		rc = kiosk_init(dir, pp, "14001", "Bản Mẫu", &kp, NULL);
		fired = countdown == -1;
		countdown = -1;
		if (rc != 0)
			assert_false(util_exists(dir));
		else
			tu_rmrf(dir);	/* some failures are survivable */
	}
	assert_int_equal(rc, 0);
	/* Enough allocations failed on the way to mean something. */
	assert_true(n > 20);
	keys_secret_free(sec);
	free(pp);
	free(dir);
	tu_rmrf(tmp);
	free(tmp);
#endif
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kiosk_init),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
