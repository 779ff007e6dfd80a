/* keys and signify: signatures, forgeries, key files and their refusals. */
#include "testutil.h"

static void
test_sign_verify(void **state)
{
	struct keys_public	 pub, other;
	struct keys_secret	*sec, *sec2;
	uint8_t			 sig[KEYS_SIG];
	const char		 msg[] = "ykien";

	assert_int_equal(keys_generate(&pub, &sec), 0);
	assert_int_equal(keys_generate(&other, &sec2), 0);
	keys_sign(sec, msg, sizeof msg, sig);
	assert_int_equal(keys_verify(&pub, msg, sizeof msg, sig), 0);
	assert_int_equal(keys_verify(&other, msg, sizeof msg, sig), YK_ESIG);
	sig[3] ^= 1;
	assert_int_equal(keys_verify(&pub, msg, sizeof msg, sig), YK_ESIG);
	keys_secret_free(sec);
	keys_secret_free(sec2);
}

static void
test_signify_text(void **state)
{
	struct keys_public	 pub, back, other;
	struct keys_secret	*sec, *sec2;
	char			*pt, *st, *cause = NULL;
	const char		 msg[] = "biên bản kiểm phiếu\n";

	assert_int_equal(keys_generate(&pub, &sec), 0);
	assert_int_equal(keys_generate(&other, &sec2), 0);
	pt = signify_public_text(&pub, "c");
	assert_int_equal(signify_parse_public(pt, strlen(pt), &back, NULL), 0);
	assert_memory_equal(&pub, &back, sizeof pub);
	st = signify_sign_text(sec, msg, strlen(msg), "c");
	assert_int_equal(signify_verify_text(&pub, msg, strlen(msg), st,
	    strlen(st), NULL), 0);
	/* A changed message fails at the signature. */
	assert_int_equal(signify_verify_text(&pub, "x", 1, st, strlen(st),
	    &cause), YK_ESIG);
	assert_non_null(strstr(cause, "verification failed"));
	/* Another key fails at the cheap key-number check, with its message. */
	assert_int_equal(signify_verify_text(&other, msg, strlen(msg), st,
	    strlen(st), &cause), YK_ESIG);
	assert_non_null(strstr(cause, "wrong key"));
	/* Garbage is malformed, not a crash. */
	assert_int_equal(signify_verify_text(&pub, msg, strlen(msg), "junk", 4,
	    &cause), YK_EINVAL);
	assert_int_equal(signify_parse_public("untrusted comment: x\n!!!!\n",
	    26, &back, &cause), YK_EINVAL);
	free(cause);
	free(pt);
	free(st);
	keys_secret_free(sec);
	keys_secret_free(sec2);
}

static void
test_secret_files(void **state)
{
	struct keys_public	 pub, back;
	struct keys_secret	*sec, *got;
	char			*dir = tu_tmpdir(), *p1, *p2, *cause = NULL;

	setenv("YKIEN_PWHASH_COST", "min", 1);
	p1 = util_path(dir, "sealed.key");
	p2 = util_path(dir, "plain.key");
	assert_int_equal(keys_generate(&pub, &sec), 0);
	assert_int_equal(signify_write_secret(p1, sec, "mật khẩu", NULL), 0);
	assert_int_equal(signify_write_secret(p2, sec, NULL, NULL), 0);
	/* O_EXCL: an existing key is never overwritten. */
	assert_int_equal(signify_write_secret(p2, sec, NULL, &cause),
	    YK_EEXIST);
	assert_int_equal(signify_read_secret(p1, "mật khẩu", &got, NULL), 0);
	keys_public_of(got, &back);
	assert_memory_equal(&pub, &back, sizeof pub);
	keys_secret_free(got);
	assert_int_equal(signify_read_secret(p1, "wrong", &got, &cause),
	    YK_EAUTH);
	assert_non_null(strstr(cause, "wrong passphrase"));
	assert_int_equal(signify_read_secret(p2, NULL, &got, NULL), 0);
	assert_memory_equal(got->sk, sec->sk, KEYS_SECRET);
	keys_secret_free(got);
	free(cause);
	free(p1);
	free(p2);
	keys_secret_free(sec);
	tu_rmrf(dir);
	free(dir);
}

static void
test_pin(void **state)
{
	char	h[KEYS_PINHASH];

	setenv("YKIEN_PWHASH_COST", "min", 1);
	assert_int_equal(keys_pin_hash("4711", h), 0);
	assert_null(strstr(h, "4711"));
	assert_int_equal(keys_pin_check(h, "4711"), 0);
	assert_int_equal(keys_pin_check(h, "4712"), YK_EAUTH);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_verify),
		cmocka_unit_test(test_signify_text),
		cmocka_unit_test(test_secret_files),
		cmocka_unit_test(test_pin),
	};

	assert_int_equal(keys_init(), 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
