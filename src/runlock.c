/*
 * runlock: DIR/run.lock, held with flock(2) by the one voter screen.
 * flock, not a pid file alone: the kernel releases it when the holder
 * dies, so a power cut or a crash never leaves a stale lock behind.  The
 * file holds the holder's pid, only so that the refusal can name it.
 */
#include <sys/file.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ykien/runlock.h"
#include "ykien/util.h"

#define LOCK_NAME	"run.lock"

static pid_t
read_pid(int fd)
{
	char	b[32];
	ssize_t	n;

	if ((n = pread(fd, b, sizeof b - 1, 0)) <= 0)
		return 0;
	b[n] = '\0';
	return (pid_t)strtol(b, NULL, 10);
}

/*
 * The lock is on the state directory itself, so that a directory the
 * screen cannot write (a read-only card, which the screen must then show
 * as out of service) is still locked; run.lock only names the holder, for
 * the refusal, and is written when it can be.
 */
int
runlock_take(const char *dir, int *fd, pid_t *holder, char **cause)
{
	char	*path, b[32];
	int	 d, l, n;

	*fd = -1;
	*holder = 0;
	if ((path = util_path(dir, LOCK_NAME)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		n = util_fail(cause, YK_EIO, "%s: %s", dir, strerror(errno));
		free(path);
		return n;
	}
	if (flock(d, LOCK_EX | LOCK_NB) != 0) {
		n = errno;
		(void)close(d);
		if ((l = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
			*holder = read_pid(l);
			(void)close(l);
		}
		if (n == EWOULDBLOCK)
			n = util_fail(cause, YK_ELOCKED, "%s: locked", path);
		else
			n = util_fail(cause, YK_EIO, "%s: %s", dir,
			    strerror(n));
		free(path);
		return n;
	}
	if ((l = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) != -1) {
		n = snprintf(b, sizeof b, "%ld\n", (long)getpid());
		if (ftruncate(l, 0) != 0 || pwrite(l, b, (size_t)n, 0) != n) {
			/* The pid only names the holder in a refusal. */
		}
		(void)close(l);
	}
	free(path);
	*fd = d;
	return 0;
}

void
runlock_release(int fd)
{
	if (fd >= 0)
		(void)close(fd);
}
