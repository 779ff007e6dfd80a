/*
 * runlock: one voter screen per state directory.  Two screens on one
 * kiosk would each take ballots and each hold a household code's hash in
 * memory; nothing good comes of it, so `ykien-kiosk run` holds an
 * exclusive lock on DIR/run.lock while it runs, and a second `run` is
 * refused with the first one's process id.
 */
#ifndef YKIEN_RUNLOCK_H
#define YKIEN_RUNLOCK_H

#include <sys/types.h>

/*
 * Take the lock of dir: 0 and *fd (keep it open while the screen runs;
 * the kernel drops the lock when the process ends, even on a crash), or
 * YK_ELOCKED with *holder set to the running screen's pid (0 if unknown),
 * or YK_EIO.  A forked child shares the lock.
 */
int	 runlock_take(const char *dir, int *fd, pid_t *holder, char **cause);
/* Release a lock taken by runlock_take; -1 is a no-op. */
void	 runlock_release(int fd);

#endif
