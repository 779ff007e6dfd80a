/*
 * provkey: which key must have signed a poll.  At a province, its own
 * (DIR/province.pub).  In a national state directory, the key of the
 * province the poll names, DIR/provinces/CODE.pub (registered with
 * 'ykien-province national add'), so that the national audit checks
 * each province's polls against that province's key.  Apart from
 * national.c so that the audit does not depend on the national import.
 */
#ifndef YKIEN_PROVKEY_H
#define YKIEN_PROVKEY_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

/* DIR/provinces/CODE.pub (malloc'd), NULL on no memory. */
char	*provkey_path(const char *dir, const char *code);
/*
 * The key that must have signed poll file raw: provkey_path of the
 * province code the file names, when that file exists; else
 * DIR/province.pub.
 */
int	 provkey_poll(const char *dir, const uint8_t *raw, size_t len,
	    struct keys_public *pub, char **cause);

#endif
