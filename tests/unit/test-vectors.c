/*
 * Known-answer vectors (tests/vectors/foundation.txt), made with fixed keys
 * from fixed seeds.  Every value is recomputed and compared byte for byte;
 * GENERATE=1 rewrites the file instead (then review the diff!).  The same
 * file is read by an independent Python check (tests/e2e/vectors-python.sh)
 * and the signatures by signify-openbsd, so the layouts in PROTOCOL.md are
 * checked by code other than ours.
 */
#include "testutil.h"
#include "ykien/ballot.h"
#include "ykien/codes.h"
#include "ykien/poll.h"

#define VEC	TOP_SRCDIR "/tests/vectors/foundation.txt"
#define POLL	TOP_SRCDIR "/tests/vectors/poll.json"

struct kv {
	char	name[64];
	char	*value;
};

static struct kv	 out[64];
static int		 n_out;

static void
put(const char *name, const char *value)
{
	assert_true(n_out < 64);
	snprintf(out[n_out].name, sizeof out[n_out].name, "%s", name);
	out[n_out].value = strdup(value);
	n_out++;
}

static void
put_hex(const char *name, const uint8_t *b, size_t len)
{
	char	*h = malloc(2 * len + 1);

	keys_hex(b, len, h);
	put(name, h);
	free(h);
}

/* Multi-line values (key files) are stored with "\n" escaped as "|". */
static void
put_text(const char *name, const char *text)
{
	char	*t = strdup(text), *p;

	for (p = t; *p != '\0'; p++)
		if (*p == '\n')
			*p = '|';
	put(name, t);
	free(t);
}

static void
seeded(uint8_t fill, struct keys_public *pub, struct keys_secret **sec)
{
	uint8_t	seed[32], keynum[KEYS_NUM];
	int	i;

	for (i = 0; i < 32; i++)
		seed[i] = (uint8_t)(fill + i);
	for (i = 0; i < KEYS_NUM; i++)
		keynum[i] = (uint8_t)(0xa0 + fill + i);
	assert_int_equal(keys_from_seed(seed, keynum, pub, sec), 0);
}

static void
compute(void)
{
	struct keys_public	 ppub, kpub;
	struct keys_secret	*psec, *ksec;
	struct poll		*p;
	struct ballot		 b;
	uint8_t			*raw, *signed_b, h[KEYS_HASH], set[3][KEYS_HASH];
	uint8_t			 setout[KEYS_HASH];
	struct codes_kdf	 kdf;
	size_t			 rlen, blen;
	char			*t, receipt[RECEIPT_LEN + 1];
	char			 digits[CODES_DIGITS + 1];
	int			 i;

	seeded(0x01, &ppub, &psec);
	seeded(0x41, &kpub, &ksec);
	put_hex("province.seed_first_byte", (const uint8_t *)"\x01", 1);
	t = signify_public_text(&ppub, "ykien province public key");
	put_text("province.pub", t);
	free(t);
	t = signify_public_text(&kpub, "ykien kiosk public key");
	put_text("kiosk.pub", t);
	free(t);

	assert_int_equal(util_read_file(POLL, 1 << 20, &raw, &rlen, NULL), 0);
	assert_int_equal(poll_parse(raw, rlen, &p, NULL), 0);
	put_hex("poll.sha256", p->hash, KEYS_HASH);
	t = signify_sign_text(psec, raw, rlen, "verify with province.pub");
	put_text("poll.json.sig", t);
	free(t);
	free(raw);

	memset(&b, 0, sizeof b);
	for (i = 0; i < BALLOT_ID; i++)
		b.id[i] = (uint8_t)(0x10 + i);
	memcpy(b.poll_id, p->id, strlen(p->id) + 1);
	memcpy(b.poll_hash, p->hash, KEYS_HASH);
	memcpy(b.kiosk, kpub.keynum, KEYS_NUM);
	b.flags = 0;
	b.n_answers = 3;
	b.answers[0] = 1;
	b.answers[1] = 4;
	b.answers[2] = 0;
	assert_int_equal(poll_check_answers(p, b.answers, 3, NULL), 0);
	assert_int_equal(ballot_sign(&b, ksec, &signed_b, &blen), 0);
	assert_int_equal(ballot_verify(signed_b, blen, &kpub, NULL), 0);
	put_hex("ballot.signed", signed_b, blen);
	ballot_hash(signed_b, blen, h);
	put_hex("ballot.sha256", h, KEYS_HASH);
	/* A receipt is random; the vector fixes the 8 bytes it is made of. */
	{
		static const uint8_t rb[8] = { 0x01, 0x23, 0x45, 0x67, 0x89,
		    0xab, 0xcd, 0xef };

		receipt_from_bytes(rb, receipt);
		put_hex("receipt.bytes", rb, sizeof rb);
		put("receipt.code", receipt);
		assert_true(receipt_valid(receipt));
	}
	free(signed_b);

	/* The set hash of three made-up ballot hashes, given unsorted. */
	for (i = 0; i < 3; i++)
		memset(set[i], 0x30 - 0x10 * i, KEYS_HASH);
	assert_int_equal(ballot_set_hash(set, 3, setout), 0);
	put_hex("set.sha256", setout, KEYS_HASH);

	memcpy(digits, "12345678901", 12);
	digits[11] = (char)('0' + codes_check_digit(digits, 11));
	digits[12] = '\0';
	put("code.digits", digits);
	/* The vector's salt is 00 01 .. 0f and its cost fixed (not the
	 * default, which may change: each poll records its own). */
	kdf.ops = 24;
	kdf.mem_kib = 1024;
	for (i = 0; i < KEYS_SALT; i++)
		kdf.salt[i] = (uint8_t)i;
	assert_non_null(t = codes_kdf_format(&kdf));
	put("code.kdf", t);
	free(t);
	assert_int_equal(codes_hash(&kdf, digits, h), 0);
	put_hex("code.argon2id", h, KEYS_HASH);

	poll_free(p);
	keys_secret_free(psec);
	keys_secret_free(ksec);
}

static void
test_vectors(void **state)
{
	FILE	*f;
	char	 line[4096], *eq;
	int	 i, checked = 0;

	compute();
	if (getenv("GENERATE") != NULL) {
		assert_non_null(f = fopen(VEC, "w"));
		fprintf(f, "# ykien known-answer vectors; see docs/PROTOCOL.md."
		    "\n# Regenerate: GENERATE=1 build/tests/test-vectors\n");
		for (i = 0; i < n_out; i++)
			fprintf(f, "%s = %s\n", out[i].name, out[i].value);
		assert_int_equal(fclose(f), 0);
		return;
	}
	assert_non_null(f = fopen(VEC, "r"));
	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#' || (eq = strstr(line, " = ")) == NULL)
			continue;
		*eq = '\0';
		eq += 3;
		eq[strcspn(eq, "\n")] = '\0';
		for (i = 0; i < n_out; i++)
			if (strcmp(out[i].name, line) == 0) {
				print_message("%s\n", line);
				assert_string_equal(out[i].value, eq);
				checked++;
			}
	}
	fclose(f);
	assert_int_equal(checked, n_out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
	};

	assert_int_equal(keys_init(), 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
