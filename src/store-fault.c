/*
 * store-fault: a wrapper SQLite VFS that fails the N-th write or sync, for
 * the fault-injection tests (SQLite's own test method: "the next N calls
 * succeed, then fail"; loop N = 1, 2, ... until no fault fires, and check
 * the database after each run).  Unarmed, it is not even registered, so the
 * product pays nothing for it.  Armed by store_fault_arm() in unit tests,
 * or by YKIEN_FAULT=write:N[:full] / sync:N[:full] in the environment for
 * end-to-end tests of the real binaries, in test builds only
 * (-DYKIEN_TEST_HOOKS: `make check` builds them apart).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/store.h"
#include "ykien/util.h"
#include "store-int.h"

struct fault_file {
	sqlite3_file	 base;
	sqlite3_file	*real;		/* allocated after this struct */
};

static sqlite3_vfs	*real_vfs;
static sqlite3_vfs	 fault_vfs;
static int		 armed_kind = -1;
static int		 countdown;
static int		 fail_full;
static int		 fired;
static int		 held;

static int
fault_hit(int kind)
{
	if (armed_kind != kind || fired || held)
		return 0;
	if (--countdown > 0)
		return 0;
	fired = 1;
	return 1;
}

static int
f_close(sqlite3_file *f)
{
	struct fault_file	*ff = (struct fault_file *)f;

	return ff->real->pMethods->xClose(ff->real);
}

static int
f_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
	struct fault_file	*ff = (struct fault_file *)f;

	return ff->real->pMethods->xRead(ff->real, buf, amt, off);
}

static int
f_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
	struct fault_file	*ff = (struct fault_file *)f;

	if (fault_hit(STORE_FAULT_WRITE))
		return fail_full ? SQLITE_FULL : SQLITE_IOERR_WRITE;
	return ff->real->pMethods->xWrite(ff->real, buf, amt, off);
}

static int
f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct fault_file	*ff = (struct fault_file *)f;

	return ff->real->pMethods->xTruncate(ff->real, size);
}

static int
f_sync(sqlite3_file *f, int flags)
{
	struct fault_file	*ff = (struct fault_file *)f;

	if (fault_hit(STORE_FAULT_SYNC))
		return SQLITE_IOERR_FSYNC;
	return ff->real->pMethods->xSync(ff->real, flags);
}

static int
f_size(sqlite3_file *f, sqlite3_int64 *size)
{
	struct fault_file	*ff = (struct fault_file *)f;

	return ff->real->pMethods->xFileSize(ff->real, size);
}

static int
f_lock(sqlite3_file *f, int l)
{
	struct fault_file	*ff = (struct fault_file *)f;

	return ff->real->pMethods->xLock(ff->real, l);
}

static int
f_unlock(sqlite3_file *f, int l)
{
	struct fault_file	*ff = (struct fault_file *)f;

	return ff->real->pMethods->xUnlock(ff->real, l);
}

static int
f_check_lock(sqlite3_file *f, int *out)
{
	struct fault_file	*ff = (struct fault_file *)f;

	return ff->real->pMethods->xCheckReservedLock(ff->real, out);
}

static int
f_control(sqlite3_file *f, int op, void *arg)
{
	struct fault_file	*ff = (struct fault_file *)f;

	return ff->real->pMethods->xFileControl(ff->real, op, arg);
}

static int
f_sector(sqlite3_file *f)
{
	struct fault_file	*ff = (struct fault_file *)f;

	return ff->real->pMethods->xSectorSize(ff->real);
}

static int
f_devchar(sqlite3_file *f)
{
	struct fault_file	*ff = (struct fault_file *)f;

	return ff->real->pMethods->xDeviceCharacteristics(ff->real);
}

/* Version 1 methods: no shared memory, so no WAL, which we never use. */
static const sqlite3_io_methods fault_io = {
	1, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock,
	f_unlock, f_check_lock, f_control, f_sector, f_devchar,
	NULL, NULL, NULL, NULL, NULL, NULL,
};

static int
v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
    int *out_flags)
{
	struct fault_file	*ff = (struct fault_file *)f;
	int			 rc;

	ff->real = (sqlite3_file *)(ff + 1);
	rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out_flags);
	ff->base.pMethods = ff->real->pMethods != NULL ? &fault_io : NULL;
	return rc;
}

static int
v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	/* A directory sync after deleting the journal is a sync too. */
	if (sync_dir && fault_hit(STORE_FAULT_SYNC))
		return SQLITE_IOERR_DIR_FSYNC;
	return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int
v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int
v_fullpath(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static int
v_random(sqlite3_vfs *vfs, int n, char *out)
{
	return real_vfs->xRandomness(real_vfs, n, out);
}

static int
v_sleep(sqlite3_vfs *vfs, int us)
{
	return real_vfs->xSleep(real_vfs, us);
}

static int
v_time(sqlite3_vfs *vfs, double *out)
{
	return real_vfs->xCurrentTime(real_vfs, out);
}

static int
v_error(sqlite3_vfs *vfs, int n, char *out)
{
	return real_vfs->xGetLastError(real_vfs, n, out);
}

static int
register_vfs(void)
{
	if (real_vfs != NULL)
		return 0;
	if ((real_vfs = sqlite3_vfs_find(NULL)) == NULL)
		return YK_EIO;
	memset(&fault_vfs, 0, sizeof fault_vfs);
	fault_vfs.iVersion = 1;
	fault_vfs.szOsFile = (int)sizeof(struct fault_file) +
	    real_vfs->szOsFile;
	fault_vfs.mxPathname = real_vfs->mxPathname;
	fault_vfs.zName = "ykien-fault";
	fault_vfs.xOpen = v_open;
	fault_vfs.xDelete = v_delete;
	fault_vfs.xAccess = v_access;
	fault_vfs.xFullPathname = v_fullpath;
	fault_vfs.xRandomness = v_random;
	fault_vfs.xSleep = v_sleep;
	fault_vfs.xCurrentTime = v_time;
	fault_vfs.xGetLastError = v_error;
	if (sqlite3_vfs_register(&fault_vfs, 0) != SQLITE_OK) {
		real_vfs = NULL;
		return YK_EIO;
	}
	return 0;
}

int
store_fault_arm(int kind, int n, int full)
{
	int	rc;

	if ((rc = register_vfs()) != 0)
		return rc;
	armed_kind = kind;
	countdown = n;
	fail_full = full;
	fired = 0;
	return 0;
}

void
store_fault_disarm(void)
{
	armed_kind = -1;
	fired = 0;
}

void
store_fault_hold(int on)
{
	held = on;
}

int
store_fault_fired(void)
{
	return fired;
}

/* YKIEN_FAULT arms a fault in test builds only (-DYKIEN_TEST_HOOKS). */
const char *
store_fault_vfs(void)
{
#ifdef YKIEN_TEST_HOOKS
	const char	*e = getenv("YKIEN_FAULT");
	char		 kind[8];
	int		 n = 0;

	if (e != NULL && armed_kind == -1 && !fired &&
	    sscanf(e, "%7[a-z]:%d", kind, &n) == 2 && n > 0) {
		if (strcmp(kind, "write") == 0)
			store_fault_arm(STORE_FAULT_WRITE, n,
			    strstr(e, ":full") != NULL);
		else if (strcmp(kind, "sync") == 0)
			store_fault_arm(STORE_FAULT_SYNC, n, 0);
	}
#endif
	return real_vfs != NULL ? "ykien-fault" : NULL;
}
