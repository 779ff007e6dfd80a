/*
 * signraw: sign any file with a province key, bypassing the poll checks
 * of `ykien-province poll sign`, so that a test can show that a kiosk
 * refuses a signed poll that the province should never have signed.
 *	YKIEN_PASSPHRASE=... signraw PROVINCE_DIR FILE	(writes FILE.sig)
 * For tests only.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ykien/keys.h"
#include "ykien/signify.h"
#include "ykien/util.h"

int
main(int argc, char **argv)
{
	struct keys_secret	*sec;
	char			*path, *cause = NULL;

	if (argc != 3) {
		fprintf(stderr, "usage: signraw PROVINCE_DIR FILE\n");
		return 2;
	}
	if (keys_init() != 0 ||
	    (path = util_path(argv[1], "province.key")) == NULL ||
	    signify_read_secret(path, getenv("YKIEN_PASSPHRASE"), &sec,
	    &cause) != 0 ||
	    signify_sign_file(sec, argv[2], NULL, "verify with province.pub",
	    &cause) != 0) {
		fprintf(stderr, "signraw: %s\n", cause != NULL ? cause :
		    "failed");
		return 1;
	}
	keys_secret_free(sec);
	free(path);
	return 0;
}
