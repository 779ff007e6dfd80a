/*
 * receipt: the code a voter takes home after voting ("ABCDE-FGHJK").  It is
 * 50 random bits and nothing else: no hash of the ballot, so someone who
 * holds every ballot (the card, the uploads, the province) learns nothing
 * from a photographed receipt.  The kiosk stores it apart from the ballot
 * (store.h), lists the sorted codes in the closing record (closing.h), and
 * the province publishes each kiosk's list, so that a voter can find their
 * code and see that their ballot was counted.  Layout in docs/PROTOCOL.md
 * ("Receipt code").
 */
#ifndef YKIEN_RECEIPT_H
#define YKIEN_RECEIPT_H

#include <stdint.h>

#define RECEIPT_LEN	11	/* "ABCDE-FGHJK" */

/* A fresh code from the CSPRNG. */
void	 receipt_new(char out[RECEIPT_LEN + 1]);
/*
 * The code of 8 bytes: their top 50 bits, big-endian, as 10 Crockford
 * base-32 digits with a dash after the fifth.
 */
void	 receipt_from_bytes(const uint8_t b[8], char out[RECEIPT_LEN + 1]);
/* 1 if s is exactly a well-formed code (upper case). */
int	 receipt_valid(const char *s);

#endif
