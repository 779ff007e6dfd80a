/*
 * testutil.h: what the cmocka unit tests share: a scratch directory that
 * is removed afterwards, and a province key plus a signed demo poll so that
 * tests start from the same ground as a real kiosk.
 */
#ifndef YKIEN_TESTUTIL_H
#define YKIEN_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ykien/keys.h"
#include "ykien/signify.h"
#include "ykien/util.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

/* A fresh scratch directory under $TMPDIR; malloc'd path. */
static inline char *
tu_tmpdir(void)
{
	const char	*t = getenv("TMPDIR");
	char		*d = util_printf("%s/ykien-test-XXXXXX", t ? t : "/tmp");

	assert_non_null(d);
	assert_non_null(mkdtemp(d));
	return d;
}

static inline void
tu_rmrf(const char *d)
{
	char	*cmd = util_printf("rm -rf '%s'", d);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static inline void
tu_write(const char *path, const void *buf, size_t len)
{
	FILE	*f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/*
 * Make a province key pair in dir (province.pub) and return the secret;
 * copy poll file src into dir/name and sign it with that key.
 */
static inline struct keys_secret *
tu_province(const char *dir, struct keys_public *pub)
{
	struct keys_secret	*sec;
	char			*text, *p;

	assert_int_equal(keys_generate(pub, &sec), 0);
	text = signify_public_text(pub, "test province");
	p = util_path(dir, "province.pub");
	tu_write(p, text, strlen(text));
	free(p);
	free(text);
	return sec;
}

static inline char *
tu_signed_poll(const char *dir, const struct keys_secret *sec,
    const char *src, const char *name)
{
	uint8_t	*buf;
	size_t	 len;
	char	*dst = util_path(dir, name);

	assert_int_equal(util_read_file(src, 1 << 20, &buf, &len, NULL), 0);
	tu_write(dst, buf, len);
	free(buf);
	assert_int_equal(signify_sign_file(sec, dst, NULL, "test", NULL), 0);
	return dst;
}

#endif
