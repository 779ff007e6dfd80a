/*
 * store-wrap: what the kiosk store's two wrapper VFSes share, the store's
 * own (store-vfs.c) and the fault injector of the tests (store-fault.c):
 * methods that hand every call to the wrapped VFS or file unchanged.  Each
 * wrapper copies them and replaces only what it changes.
 */
#include <string.h>

#include "ykien/store.h"
#include "store-int.h"

#define REAL(f)	(((struct store_vfile *)(f))->real)

static int
p_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

static int
p_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), buf, amt, off);
}

static int
p_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xWrite(REAL(f), buf, amt, off);
}

static int
p_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int
p_sync(sqlite3_file *f, int flags)
{
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int
p_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int
p_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}

static int
p_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}

static int
p_check_lock(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int
p_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int
p_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int
p_devchar(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int
p_shm_map(sqlite3_file *f, int region, int size, int extend,
    void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), region, size, extend, pp);
}

static int
p_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void
p_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int
p_shm_unmap(sqlite3_file *f, int delete)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), delete);
}

/*
 * Version 2 methods: shared memory (the WAL index) but no mmap.  Both
 * wrapped VFSes, unix and the store's own, have shared memory methods.
 */
const sqlite3_io_methods store_vfile_pass = {
	2, p_close, p_read, p_write, p_truncate, p_sync, p_size, p_lock,
	p_unlock, p_check_lock, p_control, p_sector, p_devchar,
	p_shm_map, p_shm_lock, p_shm_barrier, p_shm_unmap, NULL, NULL,
};

int
store_vfile_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f,
    int flags, int *out_flags, const sqlite3_io_methods *io)
{
	struct store_vfile	*vf = (struct store_vfile *)f;
	sqlite3_vfs		*real = vfs->pAppData;
	int			 rc;

	vf->real = (sqlite3_file *)(vf + 1);
	vf->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
	vf->wal = (flags & SQLITE_OPEN_WAL) != 0;
	vf->name = name;
	vf->shm = NULL;
	rc = real->xOpen(real, name, vf->real, flags, out_flags);
	/* SQLite closes what it opened with methods, even on failure. */
	vf->base.pMethods = vf->real->pMethods != NULL ? io : NULL;
	return rc;
}

#define RVFS(v)	((sqlite3_vfs *)(v)->pAppData)

static int
v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	return RVFS(vfs)->xDelete(RVFS(vfs), name, sync_dir);
}

static int
v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	return RVFS(vfs)->xAccess(RVFS(vfs), name, flags, out);
}

static int
v_fullpath(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	return RVFS(vfs)->xFullPathname(RVFS(vfs), name, n, out);
}

static int
v_random(sqlite3_vfs *vfs, int n, char *out)
{
	return RVFS(vfs)->xRandomness(RVFS(vfs), n, out);
}

static int
v_sleep(sqlite3_vfs *vfs, int us)
{
	return RVFS(vfs)->xSleep(RVFS(vfs), us);
}

static int
v_time(sqlite3_vfs *vfs, double *out)
{
	return RVFS(vfs)->xCurrentTime(RVFS(vfs), out);
}

static int
v_error(sqlite3_vfs *vfs, int n, char *out)
{
	return RVFS(vfs)->xGetLastError(RVFS(vfs), n, out);
}

void
store_vfs_wrap(sqlite3_vfs *v, sqlite3_vfs *real, const char *name)
{
	memset(v, 0, sizeof *v);
	v->iVersion = 1;
	v->szOsFile = (int)sizeof(struct store_vfile) + real->szOsFile;
	v->mxPathname = real->mxPathname;
	v->zName = name;
	v->pAppData = real;
	v->xDelete = v_delete;
	v->xAccess = v_access;
	v->xFullPathname = v_fullpath;
	v->xRandomness = v_random;
	v->xSleep = v_sleep;
	v->xCurrentTime = v_time;
	v->xGetLastError = v_error;
}
