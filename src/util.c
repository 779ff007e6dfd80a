/*
 * util: errors, files written so that a power cut leaves either the old or
 * the new content, base64/hex, and the canonical wire encoding.  Everything
 * that is hashed or signed goes through the wire writer, so there is exactly
 * one place that decides byte order and length prefixes.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ykien/util.h"

const char *
util_strerror(int code)
{
	switch (code) {
	case YK_OK:		return "ok";
	case YK_EINVAL:		return "invalid input";
	case YK_EIO:		return "input/output error";
	case YK_ENOMEM:		return "out of memory";
	case YK_ESIG:		return "bad signature";
	case YK_EEXIST:		return "already exists";
	case YK_ENOENT:		return "not found";
	case YK_ESTATE:		return "not allowed now";
	case YK_EDUP:		return "duplicate";
	case YK_ECONFLICT:	return "conflict";
	case YK_ELOCKED:	return "locked";
	case YK_ENET:		return "network error";
	case YK_EAUTH:		return "not accepted";
	case YK_EFULL:		return "disk full";
	}
	return "error";
}

static int
vfail(char **cause, int code, const char *prefix, const char *fmt, va_list ap)
{
	char	*msg = NULL, *old;

	if (cause == NULL)
		return code;
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = NULL;
	old = *cause;
	if (prefix != NULL && msg != NULL && old != NULL) {
		char *joined;
		if (asprintf(&joined, "%s%s", msg, old) == -1)
			joined = NULL;
		free(msg);
		msg = joined;
	}
	free(old);
	*cause = msg;
	return code;
}

int
util_fail(char **cause, int code, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vfail(cause, code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int
util_wrap(char **cause, int code, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vfail(cause, code, "", fmt, ap);
	va_end(ap);
	return code;
}

char *
util_strdup(const char *s)
{
	return s == NULL ? NULL : strdup(s);
}

char *
util_printf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		s = NULL;
	va_end(ap);
	return s;
}

void *
util_calloc(size_t n, size_t size)
{
	return calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);
}

char *
util_path(const char *dir, const char *name)
{
	return util_printf("%s/%s", dir, name);
}

int
util_exists(const char *path)
{
	struct stat	sb;

	return stat(path, &sb) == 0;
}

int
util_read_file(const char *path, size_t max, uint8_t **buf, size_t *len,
    char **cause)
{
	struct stat	 sb;
	uint8_t		*p;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return util_fail(cause, errno == ENOENT ? YK_ENOENT : YK_EIO,
		    "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) == -1) {
		close(fd);
		return util_fail(cause, YK_EIO, "%s: %s", path,
		    strerror(errno));
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return util_fail(cause, YK_EINVAL, "%s: not a regular file",
		    path);
	}
	if ((size_t)sb.st_size > max) {
		close(fd);
		return util_fail(cause, YK_EINVAL,
		    "%s: file too large (%lld bytes, limit %zu)", path,
		    (long long)sb.st_size, max);
	}
	if ((p = malloc((size_t)sb.st_size + 1)) == NULL) {
		close(fd);
		return util_fail(cause, YK_ENOMEM, "%s: out of memory", path);
	}
	while (off < (size_t)sb.st_size) {
		n = read(fd, p + off, (size_t)sb.st_size - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(p);
			close(fd);
			return util_fail(cause, YK_EIO, "%s: short read", path);
		}
		off += (size_t)n;
	}
	close(fd);
	p[off] = '\0';
	*buf = p;
	*len = off;
	return 0;
}

static int
write_all(int fd, const void *buf, size_t len)
{
	const uint8_t	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
io_code(int e)
{
	return e == ENOSPC || e == EDQUOT ? YK_EFULL : YK_EIO;
}

int
util_fsync_dir(const char *dir, char **cause)
{
	int	fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return util_fail(cause, YK_EIO, "%s: %s", dir,
		    strerror(errno));
	if (fsync(fd) == -1 && errno != EINVAL) {
		int e = errno;
		close(fd);
		return util_fail(cause, YK_EIO, "%s: fsync: %s", dir,
		    strerror(e));
	}
	if (close(fd) == -1)
		return util_fail(cause, YK_EIO, "%s: close: %s", dir,
		    strerror(errno));
	return 0;
}

static char *
dir_of(const char *path)
{
	char	*copy, *d;

	if ((copy = strdup(path)) == NULL)
		return NULL;
	d = strdup(dirname(copy));
	free(copy);
	return d;
}

int
util_write_excl(const char *path, const void *buf, size_t len, int mode,
    char **cause)
{
	int	fd, e;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd == -1)
		return util_fail(cause, errno == EEXIST ? YK_EEXIST : YK_EIO,
		    "%s: %s", path, strerror(errno));
	if (write_all(fd, buf, len) == -1 || fsync(fd) == -1) {
		e = errno;
		close(fd);
		unlink(path);
		return util_fail(cause, io_code(e), "%s: %s", path,
		    strerror(e));
	}
	if (close(fd) == -1) {
		e = errno;
		unlink(path);
		return util_fail(cause, io_code(e), "%s: close: %s", path,
		    strerror(e));
	}
	return 0;
}

int
util_write_atomic(const char *path, const void *buf, size_t len, int mode,
    char **cause)
{
	char	*tmp, *dir;
	int	 fd, e, rc;

	if ((tmp = util_printf("%s.tmp.XXXXXX", path)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((fd = mkstemp(tmp)) == -1) {
		e = errno;
		free(tmp);
		return util_fail(cause, io_code(e), "%s: %s", path,
		    strerror(e));
	}
	if (fchmod(fd, (mode_t)mode) == -1 || write_all(fd, buf, len) == -1 ||
	    fsync(fd) == -1) {
		e = errno;
		close(fd);
		unlink(tmp);
		free(tmp);
		return util_fail(cause, io_code(e), "%s: %s", path,
		    strerror(e));
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		e = errno;
		unlink(tmp);
		free(tmp);
		return util_fail(cause, io_code(e), "%s: %s", path,
		    strerror(e));
	}
	free(tmp);
	if ((dir = dir_of(path)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = util_fsync_dir(dir, cause);
	free(dir);
	return rc;
}

int
util_mkdir(const char *path, int mode, int excl, char **cause)
{
	struct stat	sb;

	if (mkdir(path, (mode_t)mode) == 0)
		return 0;
	if (errno == EEXIST && !excl && stat(path, &sb) == 0 &&
	    S_ISDIR(sb.st_mode))
		return 0;
	return util_fail(cause, errno == EEXIST ? YK_EEXIST : YK_EIO,
	    "%s: %s", path, strerror(errno));
}

void
util_date_vn(long long unix_time, char out[11])
{
	time_t		t = (time_t)(unix_time + 7 * 3600);
	struct tm	tm;

	gmtime_r(&t, &tm);
	snprintf(out, 11, "%02u/%02u/%04u", (unsigned)tm.tm_mday % 100u,
	    (unsigned)(tm.tm_mon + 1) % 100u,
	    (unsigned)(tm.tm_year + 1900) % 10000u);
}

/* wire */

void
wire_init(struct wire *w)
{
	w->buf = NULL;
	w->len = w->cap = 0;
	w->err = 0;
}

void
wire_free(struct wire *w)
{
	free(w->buf);
	wire_init(w);
}

void
wire_raw(struct wire *w, const void *p, size_t len)
{
	uint8_t	*nb;
	size_t	 ncap;

	if (w->err)
		return;
	if (w->len + len > w->cap) {
		ncap = w->cap == 0 ? 256 : w->cap;
		while (ncap < w->len + len)
			ncap *= 2;
		if ((nb = realloc(w->buf, ncap)) == NULL) {
			w->err = YK_ENOMEM;
			return;
		}
		w->buf = nb;
		w->cap = ncap;
	}
	if (len > 0)
		memcpy(w->buf + w->len, p, len);
	w->len += len;
}

void
wire_u8(struct wire *w, uint8_t v)
{
	wire_raw(w, &v, 1);
}

void
wire_u16(struct wire *w, uint16_t v)
{
	uint8_t	b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	wire_raw(w, b, 2);
}

void
wire_u32(struct wire *w, uint32_t v)
{
	uint8_t	b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 8), (uint8_t)v };

	wire_raw(w, b, 4);
}

void
wire_u64(struct wire *w, uint64_t v)
{
	wire_u32(w, (uint32_t)(v >> 32));
	wire_u32(w, (uint32_t)v);
}

void
wire_bytes(struct wire *w, const void *p, size_t len)
{
	if (len > UINT32_MAX) {
		w->err = YK_EINVAL;
		return;
	}
	wire_u32(w, (uint32_t)len);
	wire_raw(w, p, len);
}

void
wire_str(struct wire *w, const char *s)
{
	wire_bytes(w, s, strlen(s));
}

void
wire_reader_init(struct wire_reader *r, const void *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->off = 0;
	r->err = 0;
}

void
wire_get_raw(struct wire_reader *r, void *out, size_t len)
{
	if (r->err || r->len - r->off < len) {
		r->err = YK_EINVAL;
		memset(out, 0, len);
		return;
	}
	memcpy(out, r->p + r->off, len);
	r->off += len;
}

uint8_t
wire_get_u8(struct wire_reader *r)
{
	uint8_t	b;

	wire_get_raw(r, &b, 1);
	return b;
}

uint16_t
wire_get_u16(struct wire_reader *r)
{
	uint8_t	b[2];

	wire_get_raw(r, b, 2);
	return (uint16_t)(b[0] << 8 | b[1]);
}

uint32_t
wire_get_u32(struct wire_reader *r)
{
	uint8_t	b[4];

	wire_get_raw(r, b, 4);
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

uint64_t
wire_get_u64(struct wire_reader *r)
{
	uint64_t hi = wire_get_u32(r);

	return hi << 32 | wire_get_u32(r);
}

const uint8_t *
wire_get_bytes(struct wire_reader *r, size_t max, size_t *len)
{
	uint32_t	n = wire_get_u32(r);
	const uint8_t	*p;

	if (r->err || n > max || r->len - r->off < n) {
		r->err = YK_EINVAL;
		*len = 0;
		return NULL;
	}
	p = r->p + r->off;
	r->off += n;
	*len = n;
	return p;
}

char *
wire_get_str(struct wire_reader *r, size_t max)
{
	const uint8_t	*p;
	size_t		 n;
	char		*s;

	if ((p = wire_get_bytes(r, max, &n)) == NULL)
		return NULL;
	if (memchr(p, '\0', n) != NULL) {
		r->err = YK_EINVAL;
		return NULL;
	}
	if ((s = malloc(n + 1)) == NULL) {
		r->err = YK_ENOMEM;
		return NULL;
	}
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}
