/*
 * codes: household code arithmetic.  Damm's algorithm is used for the check
 * digit because, unlike Luhn, it catches all adjacent transpositions, the
 * most common slip on a keypad, and it needs no letters.
 *
 * Why 12 digits and Argon2id, and not a key: the card holds whatever key
 * the kiosk would use, so only the cost of each guess and the number of
 * guesses protect the codes from someone who takes the card home.  11
 * random digits make 10^11 guesses; the Argon2id cost (keys.h) makes each
 * one about 5 ms on a fast core.  One salt per poll, not per code, so that
 * a typed code is one hash and one indexed lookup on a slow board.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/codes.h"
#include "ykien/util.h"
#include "ykien/wire.h"

static const uint8_t damm[10][10] = {
	{ 0, 3, 1, 7, 5, 9, 8, 6, 4, 2 },
	{ 7, 0, 9, 2, 1, 5, 4, 8, 6, 3 },
	{ 4, 2, 0, 6, 8, 7, 1, 3, 5, 9 },
	{ 1, 7, 5, 0, 9, 8, 3, 4, 2, 6 },
	{ 6, 1, 2, 3, 0, 4, 5, 9, 7, 8 },
	{ 3, 6, 7, 4, 2, 0, 9, 5, 8, 1 },
	{ 5, 8, 6, 9, 7, 2, 0, 1, 3, 4 },
	{ 8, 9, 4, 5, 3, 6, 2, 0, 1, 7 },
	{ 9, 4, 3, 8, 6, 1, 7, 2, 0, 5 },
	{ 2, 5, 8, 1, 4, 3, 6, 7, 9, 0 },
};

int
codes_check_digit(const char *digits, size_t n)
{
	size_t	i;
	int	interim = 0;

	for (i = 0; i < n; i++)
		interim = damm[interim][digits[i] - '0'];
	return interim;
}

int
codes_parse(const char *s, char out[CODES_DIGITS + 1])
{
	size_t	n = 0;

	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s)) {
			if (n == CODES_DIGITS)
				return YK_EINVAL;
			out[n++] = *s;
		} else if (*s != ' ' && *s != '-')
			return YK_EINVAL;
	}
	out[n] = '\0';
	if (n != CODES_DIGITS)
		return YK_EINVAL;
	/* A valid Damm word checks to zero including its check digit. */
	return codes_check_digit(out, CODES_DIGITS) == 0 ? 0 : YK_ESIG;
}

void
codes_generate(char out[CODES_DIGITS + 1])
{
	int	i;

	for (i = 0; i < CODES_DIGITS - 1; i++)
		out[i] = (char)('0' + keys_uniform(10));
	out[CODES_DIGITS - 1] = (char)('0' +
	    codes_check_digit(out, CODES_DIGITS - 1));
	out[CODES_DIGITS] = '\0';
}

void
codes_format(const char digits[CODES_DIGITS + 1], char out[CODES_GROUPED])
{
	int	i, o = 0;

	for (i = 0; i < CODES_DIGITS; i++) {
		if (i > 0 && i % 3 == 0)
			out[o++] = ' ';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

void
codes_kdf_new(struct codes_kdf *kdf)
{
	keys_code_costs(&kdf->ops, &kdf->mem_kib);
	keys_random(kdf->salt, sizeof kdf->salt);
}

char *
codes_kdf_format(const struct codes_kdf *kdf)
{
	char	hex[2 * KEYS_SALT + 1];

	keys_hex(kdf->salt, sizeof kdf->salt, hex);
	return util_printf("%s ops=%u mem_kib=%u salt=%s", CODES_KDF_ALG,
	    (unsigned)kdf->ops, (unsigned)kdf->mem_kib, hex);
}

int
codes_kdf_parse(const char *s, struct codes_kdf *kdf)
{
	char		alg[16], hex[2 * KEYS_SALT + 2];
	unsigned	ops, mem;
	int		end = -1;

	if (sscanf(s, "%15s ops=%u mem_kib=%u salt=%33s%n", alg, &ops, &mem,
	    hex, &end) != 4 || end < 0 || s[end] != '\0' ||
	    strcmp(alg, CODES_KDF_ALG) != 0 || strlen(hex) != 2 * KEYS_SALT ||
	    ops < 1 || ops > CODES_MAX_OPS || mem < 8 ||
	    mem > CODES_MAX_MEM_KIB ||
	    keys_unhex(hex, kdf->salt, sizeof kdf->salt) != 0)
		return YK_EINVAL;
	kdf->ops = ops;
	kdf->mem_kib = mem;
	return 0;
}

int
codes_hash(const struct codes_kdf *kdf, const char digits[CODES_DIGITS + 1],
    uint8_t out[KEYS_HASH])
{
	struct wire	w;
	int		rc;

	wire_init(&w);
	wire_str(&w, CODES_DOMAIN);
	wire_str(&w, digits);
	if (w.err != 0)
		rc = YK_ENOMEM;
	else
		rc = keys_pwhash(out, KEYS_HASH, w.buf, w.len, kdf->salt,
		    kdf->ops, kdf->mem_kib);
	if (rc != 0)
		memset(out, 0, KEYS_HASH);
	if (w.buf != NULL)
		keys_wipe(w.buf, w.len);
	wire_free(&w);
	return rc;
}
