/*
 * national: the level above the provinces.  A national state directory
 * is made as a province's is (ykien-province init: its key signs the
 * national results), plus one public key per province it takes in,
 * DIR/provinces/CODE.pub (CODE the 2-digit province code).
 *
 * A province hands over a bundle (national_export): a copy of its store
 * (store.db, SQLite), its key, and SHA256/SHA256.sig over both by the
 * province key.  The national store takes it in (national_import) only
 * if the bundle verifies against the registered key of the province its
 * polls name, every poll is signed by that key and names that province,
 * and each poll comes with the province's own signed publication, which
 * verifies and holds the same poll file.  Then every row but the
 * province's recorded audits goes into the national store in one
 * transaction.  The national audit re-verifies every ballot against the
 * kiosk keys as a province's does; the provinces' publications stay as
 * they were, checkable on their own.
 */
#ifndef YKIEN_NATIONAL_H
#define YKIEN_NATIONAL_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

struct pstore;

/* Write the bundle of province store ps (state directory dir) to out. */
int	 national_export(struct pstore *ps, const char *dir, const char *out,
	    const struct keys_secret *sec, long long *rows, char **cause);

struct national_import {
	char		 code[3];	/* the province taken in */
	int		 polls;
	long long	 rows;
};
/*
 * Take bundle, with the province's publication directories pubs[0..n-1]
 * (one per poll of the bundle, in any order), into national store ps of
 * state directory dir.  Everything is checked before anything is
 * written; on any error nothing is.
 */
int	 national_import(struct pstore *ps, const char *dir,
	    const char *bundle, char *const *pubs, int n,
	    struct national_import *res, char **cause);

#endif
