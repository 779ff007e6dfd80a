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

static sqlite3_vfs	*real_vfs;
static sqlite3_vfs	 fault_vfs;
static sqlite3_io_methods fault_io;
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
f_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
	sqlite3_file	*real = ((struct store_vfile *)f)->real;

	if (fault_hit(STORE_FAULT_WRITE))
		return fail_full ? SQLITE_FULL : SQLITE_IOERR_WRITE;
	return real->pMethods->xWrite(real, buf, amt, off);
}

static int
f_sync(sqlite3_file *f, int flags)
{
	sqlite3_file	*real = ((struct store_vfile *)f)->real;

	if (fault_hit(STORE_FAULT_SYNC))
		return SQLITE_IOERR_FSYNC;
	return real->pMethods->xSync(real, flags);
}

static int
v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
    int *out_flags)
{
	return store_vfile_open(vfs, name, f, flags, out_flags, &fault_io);
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
register_vfs(void)
{
	if (real_vfs != NULL)
		return 0;
	/* On top of the store's own VFS, as the product runs. */
	if (store_vfs() == NULL ||
	    (real_vfs = sqlite3_vfs_find(store_vfs())) == NULL)
		return YK_EIO;
	fault_io = store_vfile_pass;
	fault_io.xWrite = f_write;
	fault_io.xSync = f_sync;
	store_vfs_wrap(&fault_vfs, real_vfs, "ykien-fault");
	fault_vfs.xOpen = v_open;
	fault_vfs.xDelete = v_delete;
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

/*
 * The VFS for the kiosk store: the fault wrapper once armed (YKIEN_FAULT
 * arms it in test builds only, -DYKIEN_TEST_HOOKS), else the store's own;
 * NULL if it could not be registered.
 */
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
	return real_vfs != NULL ? "ykien-fault" : store_vfs();
}
