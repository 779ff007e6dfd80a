/*
 * jsonmini: the two tiny JSON jobs that do not deserve jansson (which
 * belongs to poll.c alone): writing the collector's flat error objects
 * {"code": ..., "message": ...} with correct escaping, and reading a
 * string member back out of such an object on the kiosk.  Not a general
 * parser: nested values are skipped only as far as needed to find a key
 * at the top level of a flat object.
 */
#ifndef YKIEN_JSONMINI_H
#define YKIEN_JSONMINI_H

#include <stddef.h>

/* A JSON string literal (with quotes) of s; malloc'd, NULL on no memory. */
char	*jsonmini_quote(const char *s);
/* {"code":code,"message":message}\n, malloc'd; NULL on no memory. */
char	*jsonmini_error(const char *code, const char *message);
/*
 * The string value of top-level key in a flat JSON object, unescaped
 * (\uXXXX outside ASCII becomes '?'), malloc'd in *out.  YK_ENOENT if
 * absent or not a string, YK_EINVAL if the text is not such an object.
 */
int	 jsonmini_get_str(const char *json, size_t len, const char *key,
	    char **out);

#endif
