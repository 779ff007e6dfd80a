/*
 * codes: household code arithmetic.  Damm's algorithm is used for the check
 * digit because, unlike Luhn, it catches all adjacent transpositions, the
 * most common slip on a keypad, and it needs no letters.
 */
#include <ctype.h>
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
	return codes_check_digit(out, CODES_DIGITS) == 0 ? 0 : YK_EINVAL;
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
codes_format(const char digits[CODES_DIGITS + 1], char out[12])
{
	memcpy(out, digits, 3);
	out[3] = ' ';
	memcpy(out + 4, digits + 3, 3);
	out[7] = ' ';
	memcpy(out + 8, digits + 6, 3);
	out[11] = '\0';
}

void
codes_hash(const uint8_t key[KEYS_MACKEY], const char *poll_id,
    const char digits[CODES_DIGITS + 1], uint8_t out[KEYS_HASH])
{
	struct wire	w;

	wire_init(&w);
	wire_str(&w, CODES_DOMAIN);
	wire_str(&w, poll_id);
	wire_str(&w, digits);
	if (w.err != 0)
		memset(out, 0, KEYS_HASH);
	else
		keys_mac(out, key, w.buf, w.len);
	keys_wipe(w.buf, w.len);
	wire_free(&w);
}
