/*
 * wire: the canonical byte encoding of every hashed or signed message:
 * fixed-width big-endian integers and strings with a 4-byte length prefix.
 * A writer grows its buffer; the first failure sticks in `err`, so callers
 * may append freely and check once at the end.  Layouts: docs/PROTOCOL.md.
 */
#ifndef YKIEN_WIRE_H
#define YKIEN_WIRE_H

#include <stddef.h>
#include <stdint.h>

struct wire {
	uint8_t	*buf;
	size_t	 len;
	size_t	 cap;
	int	 err;
};

void		 wire_init(struct wire *);
void		 wire_free(struct wire *);
void		 wire_u8(struct wire *, uint8_t);
void		 wire_u16(struct wire *, uint16_t);
void		 wire_u32(struct wire *, uint32_t);
void		 wire_u64(struct wire *, uint64_t);
void		 wire_raw(struct wire *, const void *, size_t);
void		 wire_str(struct wire *, const char *);
void		 wire_bytes(struct wire *, const void *, size_t);

/*
 * The end of every signed message: sign w's bytes with sec, append the
 * signature, and hand the buffer over in *out and *len (w is left
 * empty).  YK_ENOMEM, with w freed, if any write to w failed.
 */
struct keys_secret;
int		 wire_sign(struct wire *, const struct keys_secret *,
		    uint8_t **out, size_t *len);

/* A reader over a borrowed buffer; the first short read sets err. */
struct wire_reader {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
	int		 err;
};

void		 wire_reader_init(struct wire_reader *, const void *, size_t);
uint8_t		 wire_get_u8(struct wire_reader *);
uint16_t	 wire_get_u16(struct wire_reader *);
uint32_t	 wire_get_u32(struct wire_reader *);
uint64_t	 wire_get_u64(struct wire_reader *);
void		 wire_get_raw(struct wire_reader *, void *, size_t);
/*
 * A length-prefixed string or blob, borrowed from the buffer (not
 * NUL-terminated).  Lengths above max set err.
 */
const uint8_t	*wire_get_bytes(struct wire_reader *, size_t max, size_t *len);
/* As wire_get_bytes, copied into a malloc'd NUL-terminated string. */
char		*wire_get_str(struct wire_reader *, size_t max);

#endif
