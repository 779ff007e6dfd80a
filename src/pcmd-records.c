/*
 * The import hook for closing records and event logs: the checks are
 * records.c's; this file only says what happened, in import's words.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ykien/cli.h"
#include "ykien/records.h"
#include "ykien/util.h"
#include "pcmd.h"

int
pcmd_import_record(struct pstore *ps, const char *dir, const char *name,
    const unsigned char *buf, size_t len)
{
	char	*cause = NULL;
	int	 rc;

	rc = records_import(ps, dir, name, buf, len, &cause);
	if (rc == 0)
		printf("%s/%s: stored\n", dir, name);
	else if (rc == YK_EDUP)
		printf("%s/%s: already held, skipped\n", dir, name);
	else if (rc < 0)
		fprintf(stderr, "%s import: %s/%s: refused: %s\n", PROV_PROG,
		    dir, name, cause != NULL ? cause : util_strerror(rc));
	free(cause);
	return rc == YK_EDUP ? 0 : rc < 0 ? -1 : rc;
}
