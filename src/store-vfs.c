/*
 * store-vfs: the SQLite VFS every connection to the kiosk's database goes
 * through (store_open).  It wraps the default (unix) VFS and changes three
 * things, all so that no block the filesystem frees ever holds an earlier
 * state of the ballots, the receipts or the codes (docs/THREAT-MODEL.md,
 * "The seized card"):
 *
 * - Deleting a rollback journal overwrites it with zeros, in place, and
 *   keeps the file.  The kiosk runs journal_mode=PERSIST, which never
 *   deletes it; but the first statement of a new connection reads the
 *   schema before "PRAGMA journal_mode" can take effect (that pragma
 *   needs the schema), so after a power cut the next process rolls the
 *   hot journal back in the default mode, DELETE, and SQLite then unlinks
 *   it, handing its blocks, the pages as they were before the cut, to the
 *   free list.  This is what the power-cut part of e2e/residue found.
 *   The header goes first and is synced on its own: until it is zero the
 *   journal is hot and must stay whole, as SQLite's unlink would keep it.
 * - Truncating any file (the database, rolled back past a pool growth;
 *   a journal) overwrites the part cut off with zeros, synced, first.
 * - The database reports SQLITE_IOCAP_UNDELETABLE_WHEN_OPEN, which is now
 *   true: no connection of ours unlinks a journal.  SQLite then keeps the
 *   PERSIST journal open across transactions instead of reopening it (and
 *   syncing its directory) on each: one sync and one open fewer per cast
 *   (docs/PERFORMANCE.md).  A program that opens the database without
 *   this VFS (the sqlite3 shell) while the kiosk runs breaks that promise;
 *   OPERATIONS.md says not to.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "ykien/store.h"
#include "ykien/util.h"
#include "store-int.h"

#define STORE_VFS_NAME	"ykien-store"
#define HEAD_BYTES	4096	/* zeroed and synced first: the header */

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

/* Zero the whole file at path, header first; keep it.  0 or an errno. */
static int
zero_path(const char *path)
{
	struct stat	sb;
	off_t		head;
	int		fd, e = 0;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return errno == ENOENT ? 0 : errno;
	if (fstat(fd, &sb) == -1)
		e = errno;
	else {
		head = sb.st_size < HEAD_BYTES ? sb.st_size : HEAD_BYTES;
		if (store_zero_fd(fd, 0, head) == -1 || fdatasync(fd) == -1 ||
		    (sb.st_size > head &&
		    (store_zero_fd(fd, head, sb.st_size) == -1 ||
		    fdatasync(fd) == -1)))
			e = errno;
	}
	if (close(fd) == -1 && e == 0)
		e = errno;
	return e;
}

static int
v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	sqlite3_vfs	*real = vfs->pAppData;
	size_t		 n = strlen(name);

	if (n > 8 && strcmp(name + n - 8, "-journal") == 0)
		return zero_path(name) == 0 ? SQLITE_OK : SQLITE_IOERR_DELETE;
	return real->xDelete(real, name, sync_dir);
}

/* Zero what is cut off, through SQLite's own file, before cutting it. */
static int
f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	static const uint8_t	 zero[16384];
	sqlite3_file		*r = ((struct store_vfile *)f)->real;
	sqlite3_int64		 cur, off;
	int			 rc, n;

	if ((rc = r->pMethods->xFileSize(r, &cur)) != SQLITE_OK)
		return rc;
	for (off = size; off < cur; off += n) {
		n = cur - off < (sqlite3_int64)sizeof zero ? (int)(cur - off) :
		    (int)sizeof zero;
		if ((rc = r->pMethods->xWrite(r, zero, n, off)) != SQLITE_OK)
			return rc;
	}
	if (cur > size && (rc = r->pMethods->xSync(r, SQLITE_SYNC_NORMAL |
	    SQLITE_SYNC_DATAONLY)) != SQLITE_OK)
		return rc;
	return r->pMethods->xTruncate(r, size);
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
	store_io.xTruncate = f_truncate;
	store_io.xDeviceCharacteristics = f_devchar;
	store_vfs_wrap(&store_vfs_s, real, STORE_VFS_NAME);
	store_vfs_s.xOpen = v_open;
	store_vfs_s.xDelete = v_delete;
	vfs_ok = sqlite3_vfs_register(&store_vfs_s, 0) == SQLITE_OK;
}

const char *
store_vfs(void)
{
	if (pthread_once(&vfs_once, register_once) != 0 || !vfs_ok)
		return NULL;
	return STORE_VFS_NAME;
}
