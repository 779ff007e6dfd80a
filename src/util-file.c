/*
 * util-file: files written so that a power cut leaves either the old or
 * the new content (a temporary file, fsync, rename, fsync of the
 * directory), files created only if absent, and whole-file reads with a
 * size limit.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ykien/util.h"

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
