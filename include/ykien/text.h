/*
 * text: Unicode handling, and the only module that includes libunistring.
 * Vietnamese must be NFC (TCVN 6909:2001) wherever it is hashed, compared or
 * shown; terminals need column widths; a non-UTF-8 terminal needs an ASCII
 * transliteration ("Tiếng Việt" -> "Tieng Viet") rather than mojibake.
 */
#ifndef YKIEN_TEXT_H
#define YKIEN_TEXT_H

#include <stddef.h>

/* 1 if s (len bytes) is valid UTF-8 with no NUL, else 0. */
int	 text_valid(const char *s, size_t len);
/*
 * 1 if s (len bytes) is valid UTF-8 with no control character: no C0
 * (newline and tab included), DEL, C1, or bidi control (U+061C, U+200E-F,
 * U+202A-E, U+2066-9), which could rewrite a terminal line (OSC 52, \r)
 * or reorder a signed sheet (U+202E).  Else 0, and *at (if not NULL) is
 * the byte offset of the first offender.
 */
int	 text_inert(const char *s, size_t len, size_t *at);
/*
 * Copy untrusted text (len bytes, e.g. a server's reply) into dst as
 * inert UTF-8: each control or invalid byte becomes '?', and at most
 * cap - 1 bytes are kept, never half a character.  dst is always
 * NUL-terminated (cap > 0).  Returns the bytes written.
 */
size_t	 text_sanitize(char *dst, size_t cap, const char *s, size_t len);
/* A malloc'd NFC copy of the NUL-terminated UTF-8 string s, or NULL. */
char	*text_nfc(const char *s);
/* 1 if s is already NFC. */
int	 text_is_nfc(const char *s);
/* Terminal columns s takes (invalid bytes count 1 each). */
int	 text_width(const char *s);
/* Bytes of the longest prefix of s that fits in cols columns. */
size_t	 text_fit(const char *s, int cols);
/*
 * A malloc'd ASCII rendering: Vietnamese letters lose their marks
 * (đ -> d), other non-ASCII characters become '?'.
 */
char	*text_ascii(const char *s);

#endif
