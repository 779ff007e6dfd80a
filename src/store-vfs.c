/*
 * store-vfs: the SQLite VFS every connection to the kiosk's database goes
 * through (store_open).  It wraps the default (unix) VFS and changes four
 * things, all so that no block of the card ever holds an earlier state of
 * the ballots, the receipts or the codes (docs/THREAT-MODEL.md, "The
 * seized card"):
 *
 * - The WAL index (SQLite's "-shm" file: the page numbers that each of
 *   the last commits wrote) lives in RAM, in a file under /dev/shm named
 *   after the database's device, inode and birth time, never on the card.  The unix
 *   VFS would keep it beside the database and let the kernel write it
 *   back.  Every process that opens the store through this VFS (the
 *   screen, the uploader, officials' commands) finds the same index; a
 *   program that opens it without (the sqlite3 shell) would build its own
 *   and must not run beside the kiosk (OPERATIONS.md).
 * - Truncating the WAL (the checkpoint that store_sweep runs after each
 *   commit) overwrites its used part with zeros, synced, and keeps the
 *   file's size: its blocks stay the WAL's and are overwritten again by
 *   the next commit, never handed to the free list.  Truncating any other
 *   file (a rollback journal, the database) zeroes the part cut off first.
 * - Deleting a WAL or a rollback journal overwrites it with zeros in
 *   place and keeps the file.  SQLite deletes the WAL when the last
 *   connection closes; a store made before the WAL (journal_mode PERSIST)
 *   may have a hot journal after a power cut, which the first connection
 *   rolls back and deletes before any pragma applies.  The header goes
 *   first and is synced on its own: until it is zero the file is live.
 * - The database reports SQLITE_IOCAP_UNDELETABLE_WHEN_OPEN, which is
 *   true: no connection of ours unlinks a journal.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ykien/store.h"
#include "ykien/util.h"
#include "store-int.h"

#define STORE_VFS_NAME	"ykien-store"
#define HEAD_BYTES	4096	/* zeroed and synced first: the header */
#define SHM_DIR		"/dev/shm"
/* The lock bytes of the WAL index, where SQLite's unix VFS has them. */
#define SHM_LOCKS	120
#define SHM_DMS		(SHM_LOCKS + SQLITE_SHM_NLOCK)

/* The WAL index of one connection: its own descriptor, so its own locks. */
struct store_shm {
	int	  fd;
	char	 *path;
	int	  nreg;		/* regions mapped */
	int	  szreg;
	void	**reg;
};

static sqlite3_vfs	 store_vfs_s;
static pthread_once_t	 vfs_once = PTHREAD_ONCE_INIT;
static int		 vfs_ok;

int
store_zero_fd(int fd, off_t from, off_t to)
{
	static const uint8_t	 zero[16384];
	ssize_t			 w;
	size_t			 n;

	for (; from < to; from += w) {
		n = to - from < (off_t)sizeof zero ? (size_t)(to - from) :
		    sizeof zero;
		if ((w = pwrite(fd, zero, n, from)) <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
	}
	return 0;
}

/*
 * Overwrite with zeros every 16 KiB block of [from, to) that holds a
 * non-zero byte: a large WAL is mostly zeros already, and rewriting those
 * would cost the card a write for nothing.  *wrote counts what was
 * written.  -1 and errno on error.
 */
static int
zero_dirty_fd(int fd, off_t from, off_t to, int *wrote)
{
	static const uint8_t	 zero[16384];
	uint8_t			 buf[sizeof zero];
	ssize_t			 n;

	for (; from < to; from += n) {
		n = to - from < (off_t)sizeof buf ? (ssize_t)(to - from) :
		    (ssize_t)sizeof buf;
		if ((n = pread(fd, buf, (size_t)n, from)) <= 0) {
			if (n == 0)
				break;
			return -1;
		}
		if (memcmp(buf, zero, (size_t)n) == 0)
			continue;
		if (pwrite(fd, zero, (size_t)n, from) != n) {
			if (errno == 0)
				errno = EIO;
			return -1;
		}
		(*wrote)++;
	}
	return 0;
}

/* Zero the whole file at path, header first; keep it.  0 or an errno. */
static int
zero_path(const char *path)
{
	struct stat	sb;
	off_t		head = 0;
	int		fd, e = 0, w = 0;

	if ((fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return errno == ENOENT ? 0 : errno;
	if (fstat(fd, &sb) == -1)
		e = errno;
	else {
		head = sb.st_size < HEAD_BYTES ? sb.st_size : HEAD_BYTES;
		if (zero_dirty_fd(fd, 0, head, &w) == -1 ||
		    (w > 0 && fdatasync(fd) == -1))
			e = errno;
	}
	if (e == 0 && sb.st_size > head) {
		w = 0;
		if (zero_dirty_fd(fd, head, sb.st_size, &w) == -1 ||
		    (w > 0 && fdatasync(fd) == -1))
			e = errno;
	}
	if (close(fd) == -1 && e == 0)
		e = errno;
	return e;
}

static int
ends_with(const char *s, const char *tail)
{
	size_t	n = strlen(s), t = strlen(tail);

	return n > t && strcmp(s + n - t, tail) == 0;
}

static int
v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	sqlite3_vfs	*real = vfs->pAppData;

	if (ends_with(name, "-journal") || ends_with(name, "-wal"))
		return zero_path(name) == 0 ? SQLITE_OK : SQLITE_IOERR_DELETE;
	return real->xDelete(real, name, sync_dir);
}

/*
 * Zero what is cut off, through SQLite's own file, before cutting it; a
 * WAL is not cut at all (see the top of the file).  SQLite truncates the
 * WAL only after a checkpoint has copied and synced every frame into the
 * database, and reads a WAL only up to its first invalid frame, so zeros
 * after the cut are the same to it as no bytes.
 */
static int
f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	static const uint8_t	 zero[16384];
	struct store_vfile	*vf = (struct store_vfile *)f;
	sqlite3_file		*r = vf->real;
	uint8_t			 buf[sizeof zero];
	sqlite3_int64		 cur, off;
	int			 rc, n, wrote = 0;

	if ((rc = r->pMethods->xFileSize(r, &cur)) != SQLITE_OK)
		return rc;
	for (off = size; off < cur; off += n) {
		n = cur - off < (sqlite3_int64)sizeof zero ? (int)(cur - off) :
		    (int)sizeof zero;
		if (vf->wal) {
			rc = r->pMethods->xRead(r, buf, n, off);
			if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
				return rc;
			if (memcmp(buf, zero, (size_t)n) == 0)
				continue;
		}
		if ((rc = r->pMethods->xWrite(r, zero, n, off)) != SQLITE_OK)
			return rc;
		wrote++;
	}
	if (wrote > 0 && (rc = r->pMethods->xSync(r, SQLITE_SYNC_NORMAL |
	    SQLITE_SYNC_DATAONLY)) != SQLITE_OK)
		return rc;
	return vf->wal ? SQLITE_OK : r->pMethods->xTruncate(r, size);
}

/*
 * The WAL index in RAM.  SQLite's protocol, as its unix VFS keeps it: the
 * first connection to open the index (an exclusive lock on the DMS byte
 * succeeds) empties it, since whatever is there was left by a process
 * that died; then every connection holds the DMS byte shared while open.
 * Locks are open file description locks (F_OFD_SETLK): each connection
 * opens its own descriptor, so two connections in one process exclude
 * each other as two processes do, and closing one drops only its locks.
 */
static int
shm_lockf(int fd, short type, off_t start, off_t len, int wait)
{
	struct flock	fl;

	memset(&fl, 0, sizeof fl);
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = start;
	fl.l_len = len;
	return fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl);
}

static int
shm_open_index(struct store_vfile *vf)
{
	struct store_shm	*m;
	struct stat		 sb, ib;
	struct statx		 sx;
	int			 fd;

	if (!vf->main_db || vf->name == NULL || stat(vf->name, &sb) == -1)
		return SQLITE_IOERR_SHMOPEN;
	/*
	 * The birth time too: an inode number is reused once its file is
	 * gone, and an index left by a process that died, perhaps of
	 * another user, must not stand in for a new database's.
	 */
	if (statx(AT_FDCWD, vf->name, 0, STATX_BTIME, &sx) == -1 ||
	    !(sx.stx_mask & STATX_BTIME))
		memset(&sx.stx_btime, 0, sizeof sx.stx_btime);
	if ((m = calloc(1, sizeof *m)) == NULL)
		return SQLITE_IOERR_NOMEM;
	m->fd = -1;
	if (asprintf(&m->path, SHM_DIR "/ykien-store-%jx-%jx-%llx.%u.shm",
	    (uintmax_t)sb.st_dev, (uintmax_t)sb.st_ino,
	    (unsigned long long)sx.stx_btime.tv_sec,
	    (unsigned)sx.stx_btime.tv_nsec) == -1) {
		free(m);
		return SQLITE_IOERR_NOMEM;
	}
	if ((fd = open(m->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    sb.st_mode & 0600)) == -1)
		goto fail;
	m->fd = fd;
	/* Root running an official's command must not lock the kiosk out. */
	if (geteuid() == 0 && fchown(fd, sb.st_uid, sb.st_gid) == -1)
		goto fail;
	/*
	 * /dev/shm is shared by every user: an index that another user made
	 * (or could write) under this name is not ours to trust.
	 */
	if (fstat(fd, &ib) == -1 || (ib.st_uid != sb.st_uid &&
	    ib.st_uid != geteuid()) || (ib.st_mode & 077) != 0)
		goto fail;
	if (shm_lockf(fd, F_WRLCK, SHM_DMS, 1, 0) == 0) {
		if (ftruncate(fd, 0) == -1)
			goto fail;
	} else if (errno != EAGAIN && errno != EACCES)
		goto fail;
	if (shm_lockf(fd, F_RDLCK, SHM_DMS, 1, 1) == -1)
		goto fail;
	vf->shm = m;
	return SQLITE_OK;
fail:
	if (m->fd != -1)
		(void)close(m->fd);
	free(m->path);
	free(m);
	return SQLITE_CANTOPEN;
}

static int
f_shm_map(sqlite3_file *f, int region, int size, int extend,
    void volatile **pp)
{
	struct store_vfile	*vf = (struct store_vfile *)f;
	struct store_shm	*m;
	struct stat		 sb;
	void			**nr, *p;
	off_t			 need;
	int			 rc, i;

	*pp = NULL;
	if (vf->shm == NULL && (rc = shm_open_index(vf)) != SQLITE_OK)
		return rc;
	m = vf->shm;
	if (m->nreg > 0 && m->szreg != size)
		return SQLITE_IOERR_SHMSIZE;
	m->szreg = size;
	if (region < m->nreg) {
		*pp = m->reg[region];
		return SQLITE_OK;
	}
	need = (off_t)(region + 1) * size;
	if (fstat(m->fd, &sb) == -1)
		return SQLITE_IOERR_SHMSIZE;
	if (sb.st_size < need) {
		if (!extend)
			return SQLITE_OK;
		/* Allocated now: a full /dev/shm then fails here, not SIGBUS. */
		if (posix_fallocate(m->fd, 0, need) != 0)
			return SQLITE_IOERR_SHMSIZE;
	}
	if ((nr = realloc(m->reg, (size_t)(region + 1) * sizeof *nr)) == NULL)
		return SQLITE_IOERR_NOMEM;
	m->reg = nr;
	for (i = m->nreg; i <= region; i++) {
		if ((p = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE,
		    MAP_SHARED, m->fd, (off_t)i * size)) == MAP_FAILED)
			return SQLITE_IOERR_SHMMAP;
		m->reg[i] = p;
		m->nreg = i + 1;
	}
	*pp = m->reg[region];
	return SQLITE_OK;
}

static int
f_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	struct store_shm	*m = ((struct store_vfile *)f)->shm;
	short			 type;

	if (m == NULL)
		return SQLITE_IOERR_SHMLOCK;
	if (flags & SQLITE_SHM_UNLOCK)
		type = F_UNLCK;
	else
		type = (flags & SQLITE_SHM_EXCLUSIVE) ? F_WRLCK : F_RDLCK;
	if (shm_lockf(m->fd, type, SHM_LOCKS + offset, n, 0) == -1)
		return errno == EAGAIN || errno == EACCES ? SQLITE_BUSY :
		    SQLITE_IOERR_SHMLOCK;
	return SQLITE_OK;
}

static void
f_shm_barrier(sqlite3_file *f)
{
	(void)f;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* delete: SQLite holds the database's exclusive lock (the last one out). */
static int
f_shm_unmap(sqlite3_file *f, int delete)
{
	struct store_vfile	*vf = (struct store_vfile *)f;
	struct store_shm	*m = vf->shm;
	int			 i;

	if (m == NULL)
		return SQLITE_OK;
	for (i = 0; i < m->nreg; i++)
		(void)munmap(m->reg[i], (size_t)m->szreg);
	if (delete)
		(void)unlink(m->path);
	(void)close(m->fd);
	free(m->reg);
	free(m->path);
	free(m);
	vf->shm = NULL;
	return SQLITE_OK;
}

static int
f_close(sqlite3_file *f)
{
	sqlite3_file	*r = ((struct store_vfile *)f)->real;

	(void)f_shm_unmap(f, 0);
	return r->pMethods->xClose(r);
}

static int
f_devchar(sqlite3_file *f)
{
	struct store_vfile	*vf = (struct store_vfile *)f;
	int			 c;

	c = vf->real->pMethods->xDeviceCharacteristics(vf->real);
	return vf->main_db ? c | SQLITE_IOCAP_UNDELETABLE_WHEN_OPEN : c;
}

static sqlite3_io_methods	store_io;

static int
v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
    int *out_flags)
{
	return store_vfile_open(vfs, name, f, flags, out_flags, &store_io);
}

static void
register_once(void)
{
	sqlite3_vfs	*real;

	if ((real = sqlite3_vfs_find(NULL)) == NULL)
		return;
	store_io = store_vfile_pass;
	store_io.xClose = f_close;
	store_io.xTruncate = f_truncate;
	store_io.xDeviceCharacteristics = f_devchar;
	store_io.xShmMap = f_shm_map;
	store_io.xShmLock = f_shm_lock;
	store_io.xShmBarrier = f_shm_barrier;
	store_io.xShmUnmap = f_shm_unmap;
	store_vfs_wrap(&store_vfs_s, real, STORE_VFS_NAME);
	store_vfs_s.xOpen = v_open;
	store_vfs_s.xDelete = v_delete;
	vfs_ok = sqlite3_vfs_register(&store_vfs_s, 0) == SQLITE_OK;
}

int
store_shm_ready(char **cause)
{
	struct stat	sb;

	errno = 0;	/* a directory that is not one sets no errno */
	if (stat(SHM_DIR, &sb) == -1 || !S_ISDIR(sb.st_mode) ||
	    access(SHM_DIR, W_OK | X_OK) == -1)
		return util_fail(cause, YK_EIO, "%s: %s: the kiosk's store "
		    "keeps its WAL index there, in RAM; it must be a writable "
		    "tmpfs (as on every Debian system), shared by the voter "
		    "screen and the uploader (docs/OPERATIONS.md)", SHM_DIR,
		    errno != 0 ? strerror(errno) : "not a directory");
	return 0;
}

const char *
store_vfs(void)
{
	if (pthread_once(&vfs_once, register_once) != 0 || !vfs_ok)
		return NULL;
	return STORE_VFS_NAME;
}
