/* provkey: which key must have signed a poll (include/ykien/provkey.h). */
#include <stdlib.h>

#include "ykien/poll.h"
#include "ykien/provkey.h"
#include "ykien/signify.h"
#include "ykien/util.h"

char *
provkey_path(const char *dir, const char *code)
{
	return util_printf("%s/provinces/%s.pub", dir, code);
}

int
provkey_poll(const char *dir, const uint8_t *raw, size_t len,
    struct keys_public *pub, char **cause)
{
	struct poll	*p = NULL;
	char		*path = NULL;
	int		 rc;

	/* Parsed before it is verified only to pick the key to verify it. */
	if (poll_parse(raw, len, &p, NULL) == 0 && p->province_code[0] !=
	    '\0') {
		if ((path = provkey_path(dir, p->province_code)) == NULL) {
			poll_free(p);
			return util_fail(cause, YK_ENOMEM, "out of memory");
		}
		if (!util_exists(path)) {
			free(path);
			path = NULL;
		}
	}
	poll_free(p);
	if (path == NULL && (path = util_path(dir, "province.pub")) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = signify_read_public(path, pub, cause);
	free(path);
	return rc;
}
