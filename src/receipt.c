/*
 * receipt: random receipt codes (contract in include/ykien/receipt.h).
 * Crockford's base 32 has no I, L, O or U, so codes read aloud well; 50
 * bits make a collision among a kiosk's few thousand voters vanishingly
 * unlikely (about n^2 / 2^51).
 */
#include <string.h>

#include "ykien/keys.h"
#include "ykien/receipt.h"

static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void
receipt_from_bytes(const uint8_t b[8], char out[RECEIPT_LEN + 1])
{
	uint64_t	v = 0;
	int		i, o = 0;

	for (i = 0; i < 8; i++)
		v = v << 8 | b[i];
	for (i = 0; i < 10; i++) {
		if (i == 5)
			out[o++] = '-';
		out[o++] = alpha[(v >> (64 - 5 * (i + 1))) & 31];
	}
	out[o] = '\0';
}

void
receipt_new(char out[RECEIPT_LEN + 1])
{
	uint8_t	b[8];

	keys_random(b, sizeof b);
	receipt_from_bytes(b, out);
	keys_wipe(b, sizeof b);
}

int
receipt_valid(const char *s)
{
	int	i;

	if (strlen(s) != RECEIPT_LEN || s[5] != '-')
		return 0;
	for (i = 0; i < RECEIPT_LEN; i++)
		if (i != 5 && (s[i] == '\0' || strchr(alpha, s[i]) == NULL))
			return 0;
	return 1;
}
