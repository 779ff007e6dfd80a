/*
 * keys: every cryptographic primitive ykien uses, and the only module that
 * includes <sodium.h>.  Ed25519 signatures, SHA-256, random numbers,
 * Argon2id for passphrases, PINs and household codes, and guarded memory for
 * secrets.  Keeping libsodium behind this wall means an auditor reads one
 * file to see every primitive and parameter.
 */
#ifndef YKIEN_KEYS_H
#define YKIEN_KEYS_H

#include <stddef.h>
#include <stdint.h>

#define KEYS_PUBLIC	32
#define KEYS_SECRET	64
#define KEYS_SIG	64
#define KEYS_HASH	32
#define KEYS_NUM	8
#define KEYS_PINHASH	128	/* crypto_pwhash_STRBYTES */
#define KEYS_FPR	64	/* 12 groups of 4 hex digits, spaced, with NUL */

/* A public key and its signify key number (8 random bytes). */
struct keys_public {
	uint8_t	keynum[KEYS_NUM];
	uint8_t	pk[KEYS_PUBLIC];
};

/* A secret key; always lives in sodium_malloc'd memory. */
struct keys_secret {
	uint8_t	keynum[KEYS_NUM];
	uint8_t	sk[KEYS_SECRET];
};

/* Must be called once before anything else here; 0 or YK_EIO. */
int		 keys_init(void);

void		 keys_random(void *, size_t);
/* Uniform in [0, upper). */
uint32_t	 keys_uniform(uint32_t upper);
void		 keys_sha256(uint8_t out[KEYS_HASH], const void *, size_t);

/* An incremental SHA-256; keys_hasher_new returns NULL on no memory. */
struct keys_hasher;
struct keys_hasher *keys_hasher_new(void);
void		 keys_hasher_update(struct keys_hasher *, const void *, size_t);
/* Writes the digest and frees the hasher. */
void		 keys_hasher_final(struct keys_hasher *, uint8_t out[KEYS_HASH]);

/* Guarded memory for secrets; keys_secure_free(NULL) is a no-op. */
void		*keys_secure_alloc(size_t);
void		 keys_secure_free(void *);
void		 keys_wipe(void *, size_t);
int		 keys_equal(const void *, const void *, size_t);

/*
 * Make a new key pair.  *sec is allocated with keys_secure_alloc and must be
 * released with keys_secret_free.
 */
int		 keys_generate(struct keys_public *, struct keys_secret **);
/* Deterministic key pair from a 32-byte seed: test vectors only. */
int		 keys_from_seed(const uint8_t seed[32],
		    const uint8_t keynum[KEYS_NUM], struct keys_public *,
		    struct keys_secret **);
struct keys_secret *keys_secret_new(void);
void		 keys_secret_free(struct keys_secret *);
/* Derive the public half of a secret key. */
void		 keys_public_of(const struct keys_secret *, struct keys_public *);

void		 keys_sign(const struct keys_secret *, const void *, size_t,
		    uint8_t sig[KEYS_SIG]);
/* 0 if sig is pk's signature of the message, else YK_ESIG. */
int		 keys_verify(const struct keys_public *, const void *, size_t,
		    const uint8_t sig[KEYS_SIG]);

/* SHA-256 of keynum||pk, as 12 groups of 4 hex digits (first 24 bytes). */
void		 keys_fingerprint(const struct keys_public *, char out[KEYS_FPR]);

/*
 * Passphrase sealing for secret key files: Argon2id (crypto_pwhash) derives
 * a key that seals `plain` with XSalsa20-Poly1305 (secretbox).  `out` gets
 * salt[16] || nonce[24] || box[len + 16].  ops and mem select the cost.
 */
#define KEYS_SEAL_OVERHEAD	(16 + 24 + 16)
int		 keys_seal(const uint8_t *plain, size_t len, const char *pass,
		    uint32_t ops, uint32_t mem_kib, uint8_t *out);
/* 0, or YK_EAUTH if the passphrase is wrong or the box was altered. */
int		 keys_unseal(const uint8_t *in, size_t inlen, const char *pass,
		    uint32_t ops, uint32_t mem_kib, uint8_t *plain);
/* The default costs: moderate for the province, interactive for tests. */
void		 keys_seal_costs(uint32_t *ops, uint32_t *mem_kib);

/*
 * Raw Argon2id (crypto_pwhash, ALG_ARGON2ID13, one lane) of pass into
 * out[outlen].  0; YK_EINVAL if ops or mem_kib is outside libsodium's
 * bounds; YK_ENOMEM if the memory could not be had.
 */
#define KEYS_SALT	16	/* crypto_pwhash_SALTBYTES */
int		 keys_pwhash(uint8_t *out, size_t outlen, const void *pass,
		    size_t passlen, const uint8_t salt[KEYS_SALT], uint32_t ops,
		    uint32_t mem_kib);
/*
 * The household codes' Argon2id cost (codes.h).  About 5 ms per hash on
 * one core of the x86-64 build machine (AVX2), so about 50 ms on a
 * Raspberry Pi 4 (libsodium has no NEON Argon2: assumed 10x slower) and
 * 125 ms on a Pi 3.  Memory is kept at 1 MiB because the voter screen's
 * peak RSS counts it (goal: 8 MiB); the time comes from passes instead.
 * Measured by `make bench` ("code lookup"); docs/PROTOCOL.md.
 */
#define KEYS_CODE_OPS		24
#define KEYS_CODE_MEM_KIB	1024
/* The default code cost; the cheapest in test builds that ask for it. */
void		 keys_code_costs(uint32_t *ops, uint32_t *mem_kib);

/* Argon2id PIN storage (crypto_pwhash_str), interactive cost. */
int		 keys_pin_hash(const char *pin, char out[KEYS_PINHASH]);
/* 0 if the PIN matches, else YK_EAUTH. */
int		 keys_pin_check(const char *hash, const char *pin);

/*
 * Base64 (RFC 4648, with padding) and lowercase hex, by libsodium's
 * constant-time codecs.  keys_b64_encode's result is malloc'd (NULL on no
 * memory).  keys_b64_decode takes exactly inlen characters, all of them
 * base64, into *out (malloc'd); YK_EINVAL otherwise.  keys_hex writes
 * 2 * len + 1 bytes; keys_unhex wants exactly 2 * outlen hex digits.
 */
char		*keys_b64_encode(const uint8_t *in, size_t len);
int		 keys_b64_decode(const char *in, size_t inlen, uint8_t **out,
		    size_t *outlen);
void		 keys_hex(const uint8_t *in, size_t len, char *out);
int		 keys_unhex(const char *in, uint8_t *out, size_t outlen);

#endif
