/*
 * codes: one-time household codes.  A code is 12 digits: 11 random digits
 * and a Damm check digit, which catches every single-digit error and every
 * swap of adjacent digits, so most typing slips are caught on the keypad
 * before any lookup (and before any rate-limit delay).  Shown in groups of
 * three, "123 456 789 012", and accepted with or without the spaces.
 *
 * The kiosk stores only an Argon2id hash of each code, in a table apart
 * from the ballots with nothing that links the two.  Every code of a poll
 * (its real and its test slips) is hashed with one random salt and one
 * cost, recorded in the store beside the hashes (struct codes_kdf), so a
 * typed code costs one Argon2id computation whatever the number of codes,
 * and a later change of the default cost leaves older polls readable.
 * Someone holding the card must pay that cost for every guess: 10^11
 * guesses in all (docs/THREAT-MODEL.md, "Household codes").
 */
#ifndef YKIEN_CODES_H
#define YKIEN_CODES_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

#define CODES_DIGITS	12
#define CODES_GROUPED	(CODES_DIGITS + CODES_DIGITS / 3)	/* with NUL */
#define CODES_DOMAIN	"ykien/v2/code"
#define CODES_KDF_ALG	"argon2id13"
/* Bounds a recorded cost must keep (a damaged store must not ask for a
 * gigabyte at every typed code). */
#define CODES_MAX_OPS		256
#define CODES_MAX_MEM_KIB	65536

/* The hash of one poll's codes: Argon2id's cost and the poll's salt. */
struct codes_kdf {
	uint32_t	ops;
	uint32_t	mem_kib;
	uint8_t		salt[KEYS_SALT];
};

/* The Damm check digit of n ASCII digits. */
int	 codes_check_digit(const char *digits, size_t n);
/*
 * Keep only the digits of s (spaces and dashes are allowed separators).
 * 0 if it is a well-formed code with a correct check digit; YK_EINVAL if
 * it is not 12 digits, YK_ESIG if the check digit is wrong.  out gets the
 * digits and a NUL.
 */
int	 codes_parse(const char *s, char out[CODES_DIGITS + 1]);
/* A fresh random code (12 digits and a NUL). */
void	 codes_generate(char out[CODES_DIGITS + 1]);
/* "123 456 789 012" (CODES_GROUPED bytes with NUL). */
void	 codes_format(const char digits[CODES_DIGITS + 1],
	    char out[CODES_GROUPED]);

/* A new poll's kdf: the default cost (keys_code_costs), a fresh salt. */
void	 codes_kdf_new(struct codes_kdf *);
/*
 * The kdf as one line for the store, "argon2id13 ops=24 mem_kib=1024
 * salt=<32 hex digits>" (malloc'd; NULL on no memory), and back:
 * codes_kdf_parse returns 0 or YK_EINVAL (another algorithm, a cost out
 * of bounds, a damaged line).
 */
char	*codes_kdf_format(const struct codes_kdf *);
int	 codes_kdf_parse(const char *, struct codes_kdf *);
/*
 * Argon2id(password = str(CODES_DOMAIN) || str(digits), kdf's salt and
 * cost, 32 bytes).  0, YK_EINVAL (cost out of bounds) or YK_ENOMEM; out
 * is zeroed on error.
 */
int	 codes_hash(const struct codes_kdf *, const char digits[CODES_DIGITS + 1],
	    uint8_t out[KEYS_HASH]);

#endif
