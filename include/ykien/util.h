/*
 * util: error codes, allocation, file and date helpers every module shares
 * (util.c, util-file.c, util-date.c).  No third-party library is used here;
 * the wire format has its own module (wire.h).
 *
 * Error convention (docs/DESIGN.md): a function returns 0 on success or a
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

#endif
