/*
 * util: the error convention every module shares (YK_E* codes and a
 * malloc'd cause, include/ykien/util.h) and the allocation helpers that go
 * with it.  Files are util-file.c's, dates util-date.c's, the wire format
 * wire.c's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/util.h"

const char *
util_strerror(int code)
{
	switch (code) {
	case YK_OK:		return "ok";
	case YK_EINVAL:		return "invalid input";
	case YK_EIO:		return "input/output error";
	case YK_ENOMEM:		return "out of memory";
	case YK_ESIG:		return "bad signature";
	case YK_EEXIST:		return "already exists";
	case YK_ENOENT:		return "not found";
	case YK_ESTATE:		return "not allowed now";
	case YK_EDUP:		return "duplicate";
	case YK_ECONFLICT:	return "conflict";
	case YK_ELOCKED:	return "locked";
	case YK_ENET:		return "network error";
	case YK_EAUTH:		return "not accepted";
	case YK_EFULL:		return "disk full";
	}
	return "error";
}

static int
vfail(char **cause, int code, const char *prefix, const char *fmt, va_list ap)
{
	char	*msg = NULL, *old;

	if (cause == NULL)
		return code;
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = NULL;
	old = *cause;
	if (prefix != NULL && msg != NULL && old != NULL) {
		char *joined;
		if (asprintf(&joined, "%s%s", msg, old) == -1)
			joined = NULL;
		free(msg);
		msg = joined;
	}
	free(old);
	*cause = msg;
	return code;
}

int
util_fail(char **cause, int code, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vfail(cause, code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int
util_wrap(char **cause, int code, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vfail(cause, code, "", fmt, ap);
	va_end(ap);
	return code;
}

char *
util_strdup(const char *s)
{
	return s == NULL ? NULL : strdup(s);
}

char *
util_printf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		s = NULL;
	va_end(ap);
	return s;
}

void *
util_calloc(size_t n, size_t size)
{
	return calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);
}
