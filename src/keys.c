/*
 * keys: the one place libsodium is called.  Primitives and parameters:
 *	signatures	Ed25519 (crypto_sign, detached)
 *	hashes		SHA-256 (crypto_hash_sha256), so an independent
 *			verifier needs nothing unusual
 *	passphrases	Argon2id (crypto_pwhash) + XSalsa20-Poly1305
 *	PINs		Argon2id strings (crypto_pwhash_str)
 *	household codes	Argon2id raw (crypto_pwhash, ALG_ARGON2ID13), with
 *			the cost recorded beside the hashes (KEYS_CODE_OPS)
 *	text		base64 and hex (sodium_bin2base64, sodium_bin2hex and
 *			their inverses), for key files and digests
 * Secrets live in sodium_malloc'd memory, which is guarded, locked and
 * wiped when freed.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ykien/keys.h"
#include "ykien/util.h"

struct keys_hasher {
	crypto_hash_sha256_state	st;
};

int
keys_init(void)
{
	return sodium_init() < 0 ? YK_EIO : 0;
}

void
keys_random(void *buf, size_t len)
{
	randombytes_buf(buf, len);
}

uint32_t
keys_uniform(uint32_t upper)
{
	return upper == 0 ? 0 : randombytes_uniform(upper);
}

void
keys_sha256(uint8_t out[KEYS_HASH], const void *m, size_t len)
{
	crypto_hash_sha256(out, m, len);
}

struct keys_hasher *
keys_hasher_new(void)
{
	struct keys_hasher	*h;

	if ((h = malloc(sizeof *h)) == NULL)
		return NULL;
	crypto_hash_sha256_init(&h->st);
	return h;
}

void
keys_hasher_update(struct keys_hasher *h, const void *m, size_t len)
{
	crypto_hash_sha256_update(&h->st, m, len);
}

void
keys_hasher_final(struct keys_hasher *h, uint8_t out[KEYS_HASH])
{
	crypto_hash_sha256_final(&h->st, out);
	free(h);
}

void *
keys_secure_alloc(size_t len)
{
	void	*p;

	if ((p = sodium_malloc(len)) != NULL)
		sodium_memzero(p, len);
	return p;
}

void
keys_secure_free(void *p)
{
	if (p != NULL)
		sodium_free(p);
}

void
keys_wipe(void *p, size_t len)
{
	sodium_memzero(p, len);
}

int
keys_equal(const void *a, const void *b, size_t len)
{
	return sodium_memcmp(a, b, len) == 0;
}

struct keys_secret *
keys_secret_new(void)
{
	return keys_secure_alloc(sizeof(struct keys_secret));
}

void
keys_secret_free(struct keys_secret *sec)
{
	keys_secure_free(sec);
}

int
keys_generate(struct keys_public *pub, struct keys_secret **out)
{
	struct keys_secret	*sec;

	if ((sec = keys_secret_new()) == NULL)
		return YK_ENOMEM;
	if (crypto_sign_keypair(pub->pk, sec->sk) != 0) {
		keys_secret_free(sec);
		return YK_EIO;
	}
	randombytes_buf(sec->keynum, KEYS_NUM);
	memcpy(pub->keynum, sec->keynum, KEYS_NUM);
	*out = sec;
	return 0;
}

int
keys_from_seed(const uint8_t seed[32], const uint8_t keynum[KEYS_NUM],
    struct keys_public *pub, struct keys_secret **out)
{
	struct keys_secret	*sec;

	if ((sec = keys_secret_new()) == NULL)
		return YK_ENOMEM;
	if (crypto_sign_seed_keypair(pub->pk, sec->sk, seed) != 0) {
		keys_secret_free(sec);
		return YK_EIO;
	}
	memcpy(sec->keynum, keynum, KEYS_NUM);
	memcpy(pub->keynum, keynum, KEYS_NUM);
	*out = sec;
	return 0;
}

void
keys_public_of(const struct keys_secret *sec, struct keys_public *pub)
{
	memcpy(pub->keynum, sec->keynum, KEYS_NUM);
	crypto_sign_ed25519_sk_to_pk(pub->pk, sec->sk);
}

void
keys_sign(const struct keys_secret *sec, const void *m, size_t len,
    uint8_t sig[KEYS_SIG])
{
	crypto_sign_detached(sig, NULL, m, len, sec->sk);
}

int
keys_verify(const struct keys_public *pub, const void *m, size_t len,
    const uint8_t sig[KEYS_SIG])
{
	if (crypto_sign_verify_detached(sig, m, len, pub->pk) != 0)
		return YK_ESIG;
	return 0;
}

void
keys_fingerprint(const struct keys_public *pub, char out[KEYS_FPR])
{
	uint8_t	buf[KEYS_NUM + KEYS_PUBLIC], h[KEYS_HASH];
	char	hex[2 * KEYS_HASH + 1];
	size_t	i, o = 0;

	memcpy(buf, pub->keynum, KEYS_NUM);
	memcpy(buf + KEYS_NUM, pub->pk, KEYS_PUBLIC);
	crypto_hash_sha256(h, buf, sizeof buf);
	keys_hex(h, KEYS_HASH, hex);
	/* 12 groups of 4 hex digits: 48 bits of margin per group read out. */
	for (i = 0; i < 48; i++) {
		if (i > 0 && i % 4 == 0)
			out[o++] = ' ';
		out[o++] = hex[i];
	}
	out[o] = '\0';
}

/*
 * Tests may ask for the cheapest password hash (YKIEN_PWHASH_COST=min),
 * in test builds only (-DYKIEN_TEST_HOOKS, `make check`): a production
 * binary never reads it, so no environment can weaken a key or a PIN.
 */
static int
cheap_hash(void)
{
#ifdef YKIEN_TEST_HOOKS
	const char	*e = getenv("YKIEN_PWHASH_COST");

	return e != NULL && strcmp(e, "min") == 0;
#else
	return 0;
#endif
}

void
keys_seal_costs(uint32_t *ops, uint32_t *mem_kib)
{
	/* The cost is written in the file, so any build can open it. */
	if (cheap_hash()) {
		*ops = crypto_pwhash_OPSLIMIT_MIN;
		*mem_kib = (uint32_t)(crypto_pwhash_MEMLIMIT_MIN / 1024);
	} else {
		*ops = crypto_pwhash_OPSLIMIT_MODERATE;
		*mem_kib = (uint32_t)(crypto_pwhash_MEMLIMIT_MODERATE / 1024);
	}
}

int
keys_pwhash(uint8_t *out, size_t outlen, const void *pass, size_t passlen,
    const uint8_t salt[KEYS_SALT], uint32_t ops, uint32_t mem_kib)
{
	if (ops < crypto_pwhash_OPSLIMIT_MIN ||
	    ops > crypto_pwhash_OPSLIMIT_MAX ||
	    (size_t)mem_kib * 1024 < crypto_pwhash_MEMLIMIT_MIN ||
	    (size_t)mem_kib * 1024 > crypto_pwhash_MEMLIMIT_MAX)
		return YK_EINVAL;
	if (crypto_pwhash(out, outlen, pass, passlen, salt, ops,
	    (size_t)mem_kib * 1024, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return YK_ENOMEM;
	return 0;
}

void
keys_code_costs(uint32_t *ops, uint32_t *mem_kib)
{
	/* The cost is recorded with each poll's codes, so any build can
	 * check them; see KEYS_CODE_OPS for how the default was chosen. */
	if (cheap_hash()) {
		*ops = crypto_pwhash_OPSLIMIT_MIN;
		*mem_kib = (uint32_t)(crypto_pwhash_MEMLIMIT_MIN / 1024);
	} else {
		*ops = KEYS_CODE_OPS;
		*mem_kib = KEYS_CODE_MEM_KIB;
	}
}

static int
derive(uint8_t key[crypto_secretbox_KEYBYTES], const char *pass,
    const uint8_t *salt, uint32_t ops, uint32_t mem_kib)
{
	/* A key file's cost is read from the file: no more than SENSITIVE. */
	if (ops > crypto_pwhash_OPSLIMIT_SENSITIVE ||
	    (size_t)mem_kib * 1024 > crypto_pwhash_MEMLIMIT_SENSITIVE)
		return YK_EINVAL;
	return keys_pwhash(key, crypto_secretbox_KEYBYTES, pass, strlen(pass),
	    salt, ops, mem_kib);
}

int
keys_seal(const uint8_t *plain, size_t len, const char *pass, uint32_t ops,
    uint32_t mem_kib, uint8_t *out)
{
	uint8_t	*key;
	int	 rc;

	if ((key = keys_secure_alloc(crypto_secretbox_KEYBYTES)) == NULL)
		return YK_ENOMEM;
	randombytes_buf(out, 16 + 24);
	if ((rc = derive(key, pass, out, ops, mem_kib)) == 0 &&
	    crypto_secretbox_easy(out + 40, plain, len, out + 16, key) != 0)
		rc = YK_EIO;
	keys_secure_free(key);
	return rc;
}

int
keys_unseal(const uint8_t *in, size_t inlen, const char *pass, uint32_t ops,
    uint32_t mem_kib, uint8_t *plain)
{
	uint8_t	*key;
	int	 rc;

	if (inlen < KEYS_SEAL_OVERHEAD)
		return YK_EINVAL;
	if ((key = keys_secure_alloc(crypto_secretbox_KEYBYTES)) == NULL)
		return YK_ENOMEM;
	if ((rc = derive(key, pass, in, ops, mem_kib)) == 0 &&
	    crypto_secretbox_open_easy(plain, in + 40, inlen - 40, in + 16,
	    key) != 0)
		rc = YK_EAUTH;
	keys_secure_free(key);
	return rc;
}

int
keys_pin_hash(const char *pin, char out[KEYS_PINHASH])
{
	unsigned long long	ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t			mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

	if (cheap_hash()) {
		ops = crypto_pwhash_OPSLIMIT_MIN;
		mem = crypto_pwhash_MEMLIMIT_MIN;
	}
	if (crypto_pwhash_str(out, pin, strlen(pin), ops, mem) != 0)
		return YK_ENOMEM;
	return 0;
}

int
keys_pin_check(const char *hash, const char *pin)
{
	if (crypto_pwhash_str_verify(hash, pin, strlen(pin)) != 0)
		return YK_EAUTH;
	return 0;
}

char *
keys_b64_encode(const uint8_t *in, size_t len)
{
	size_t	 n = sodium_base64_ENCODED_LEN(len,
		    sodium_base64_VARIANT_ORIGINAL);
	char	*out;

	if ((out = malloc(n)) == NULL)
		return NULL;
	return sodium_bin2base64(out, n, in, len,
	    sodium_base64_VARIANT_ORIGINAL);
}

int
keys_b64_decode(const char *in, size_t inlen, uint8_t **out, size_t *outlen)
{
	const char	*end;
	uint8_t		*o;
	size_t		 n;

	if (inlen % 4 != 0)
		return YK_EINVAL;
	if ((o = malloc(inlen / 4 * 3 + 1)) == NULL)
		return YK_ENOMEM;
	if (inlen > 0 && (sodium_base642bin(o, inlen / 4 * 3, in, inlen, NULL,
	    &n, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    end != in + inlen)) {
		free(o);
		return YK_EINVAL;
	}
	*out = o;
	*outlen = inlen > 0 ? n : 0;
	return 0;
}

void
keys_hex(const uint8_t *in, size_t len, char *out)
{
	sodium_bin2hex(out, 2 * len + 1, in, len);
}

int
keys_unhex(const char *in, uint8_t *out, size_t outlen)
{
	const char	*end;
	size_t		 n, inlen = strlen(in);

	if (inlen != outlen * 2 || sodium_hex2bin(out, outlen, in, inlen,
	    NULL, &n, &end) != 0 || n != outlen || end != in + inlen)
		return YK_EINVAL;
	return 0;
}
