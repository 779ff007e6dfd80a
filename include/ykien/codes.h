/*
 * codes: one-time household codes.  A code is 9 digits: 8 random digits and
 * a Damm check digit, which catches every single-digit error and every swap
 * of adjacent digits, so most typing slips are caught on the keypad before
 * any lookup (and before any rate-limit delay).  Shown grouped: "123 456 789".
 *
 * The kiosk stores only a keyed hash of each code (BLAKE2b keyed with the
 * kiosk's codes.key), in a table apart from the ballots with nothing that
 * links the two.
 */
#ifndef YKIEN_CODES_H
#define YKIEN_CODES_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

#define CODES_DIGITS	9
#define CODES_DOMAIN	"ykien/v1/code"

/* The Damm check digit of n ASCII digits. */
int	 codes_check_digit(const char *digits, size_t n);
/*
 * Keep only the digits of s (spaces and dashes are allowed separators).
 * 0 if it is a well-formed code with a correct check digit; YK_EINVAL
 * otherwise.  out gets the 9 digits and a NUL.
 */
int	 codes_parse(const char *s, char out[CODES_DIGITS + 1]);
/* A fresh random code (9 digits and a NUL). */
void	 codes_generate(char out[CODES_DIGITS + 1]);
/* "123 456 789" (12 bytes with NUL). */
void	 codes_format(const char digits[CODES_DIGITS + 1], char out[12]);
/* MAC(key, str(CODES_DOMAIN) || str(poll id) || str(digits)). */
void	 codes_hash(const uint8_t key[KEYS_MACKEY], const char *poll_id,
	    const char digits[CODES_DIGITS + 1], uint8_t out[KEYS_HASH]);

#endif
