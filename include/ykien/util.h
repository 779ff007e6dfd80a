/*
 * util: error codes and the small file, text-encoding and wire-format helpers
 * every module shares.  No third-party library is used here.
 *
 * Error convention (see STYLE.md): a function returns 0 on success or a
 * negative YK_E* code, and if `cause` is not NULL it stores a malloc'd
 * human-readable reason in *cause, which the caller frees.  Modules never
 * print and never exit.
 */
#ifndef YKIEN_UTIL_H
#define YKIEN_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

enum {
	YK_OK = 0,
	YK_EINVAL = -1,		/* malformed or out-of-range input */
	YK_EIO = -2,		/* a system call or library I/O failed */
	YK_ENOMEM = -3,
	YK_ESIG = -4,		/* a signature did not verify */
	YK_EEXIST = -5,		/* something that must not exist does */
	YK_ENOENT = -6,		/* something that must exist does not */
	YK_ESTATE = -7,		/* not allowed in the current state */
	YK_EDUP = -8,		/* duplicate (already have it, identical) */
	YK_ECONFLICT = -9,	/* same id, different content */
	YK_ELOCKED = -10,	/* locked out / rate limited */
	YK_ENET = -11,		/* network failure */
	YK_EAUTH = -12,		/* wrong PIN, passphrase or code */
	YK_EFULL = -13,		/* disk full */
};

/* A short English name of an error code, for messages; never NULL. */
const char	*util_strerror(int code);

/*
 * Store a formatted reason in *cause (when cause is not NULL) and return
 * code.  An existing *cause is freed first, so the latest reason wins.
 */
int		 util_fail(char **cause, int code, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* Prefix an existing cause with context ("poll.json: " + cause). */
int		 util_wrap(char **cause, int code, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

char		*util_strdup(const char *);
char		*util_printf(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));
void		*util_calloc(size_t n, size_t size);

/*
 * Read a whole file into a malloc'd buffer (NUL-terminated for convenience;
 * the NUL is not counted in *len).  Files larger than max are refused.
 */
int		 util_read_file(const char *path, size_t max, uint8_t **buf,
		    size_t *len, char **cause);
/*
 * Write a file atomically: a temporary name in the same directory, fsync,
 * rename over path, fsync the directory.  On error nothing is left behind.
 */
int		 util_write_atomic(const char *path, const void *buf,
		    size_t len, int mode, char **cause);
/* Create path with O_EXCL and mode, write, fsync; never replaces a file. */
int		 util_write_excl(const char *path, const void *buf, size_t len,
		    int mode, char **cause);
int		 util_fsync_dir(const char *dir, char **cause);
/* mkdir with mode; an existing directory is fine unless excl is set. */
int		 util_mkdir(const char *path, int mode, int excl, char **cause);
int		 util_exists(const char *path);
char		*util_path(const char *dir, const char *name);


/* Today's date in UTC+7 as dd/mm/yyyy (out must hold 11 bytes). */
void		 util_date_vn(long long unix_time, char out[11]);

/*
 * wire: the canonical byte encoding of every hashed or signed message:
 * fixed-width big-endian integers and strings with a 4-byte length prefix.
 * A writer grows its buffer; the first failure sticks in `err`, so callers
 * may append freely and check once at the end.
 */
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
