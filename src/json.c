/*
 * json: jansson behind ykien's own names (contract in
 * include/ykien/json.h).  A struct json is a jansson json_t; the casts
 * below are the only place that knows it.  Objects keep their members in
 * file order (jansson does since 2.8), so error messages name the first
 * bad field as the author sees it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ykien/json.h"
#include "ykien/util.h"

/* jansson's accessors take json_t * where they only read. */
static json_t *
J(const struct json *v)
{
	return (json_t *)(uintptr_t)v;
}

int
json_parse(const void *buf, size_t len, struct json **out, char **cause)
{
	json_error_t	 jerr;
	json_t		*root;

	*out = NULL;
	if ((root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr))
	    == NULL)
		return util_fail(cause, YK_EINVAL, "not valid JSON: line %d, "
		    "column %d: %s", jerr.line, jerr.column, jerr.text);
	*out = (struct json *)root;
	return 0;
}

void
json_free(struct json *v)
{
	if (v != NULL)
		json_decref(J(v));
}

enum json_kind
json_kind(const struct json *v)
{
	if (v == NULL)
		return JSON_KIND_NONE;
	switch (json_typeof(J(v))) {
	case JSON_OBJECT:
		return JSON_KIND_OBJECT;
	case JSON_ARRAY:
		return JSON_KIND_ARRAY;
	case JSON_STRING:
		return JSON_KIND_STRING;
	case JSON_INTEGER:
		return JSON_KIND_INTEGER;
	case JSON_REAL:
		return JSON_KIND_REAL;
	case JSON_TRUE:
	case JSON_FALSE:
		return JSON_KIND_BOOL;
	default:
		return JSON_KIND_NULL;
	}
}

struct json *
json_member(const struct json *o, const char *key)
{
	return (struct json *)json_object_get(J(o), key);
}

const char *
json_member_next(const struct json *o, const char *prev, struct json **v)
{
	void	*it;

	*v = NULL;
	if (!json_is_object(J(o)))
		return NULL;
	it = prev == NULL ? json_object_iter(J(o)) :
	    json_object_iter_next(J(o), json_object_key_to_iter(prev));
	if (it == NULL)
		return NULL;
	*v = (struct json *)json_object_iter_value(it);
	return json_object_iter_key(it);
}

size_t
json_count(const struct json *v)
{
	if (json_is_array(J(v)))
		return json_array_size(J(v));
	if (json_is_object(J(v)))
		return json_object_size(J(v));
	return 0;
}

struct json *
json_item(const struct json *a, size_t i)
{
	return (struct json *)json_array_get(J(a), i);
}

const char *
json_str(const struct json *v)
{
	return json_string_value(J(v));
}

size_t
json_str_len(const struct json *v)
{
	return json_string_length(J(v));
}

int
json_int(const struct json *v, long long *out)
{
	if (!json_is_integer(J(v)))
		return -1;
	*out = json_integer_value(J(v));
	return 0;
}

int
json_num(const struct json *v, double *out)
{
	if (!json_is_number(J(v)))
		return -1;
	*out = json_number_value(J(v));
	return 0;
}

int
json_bool(const struct json *v, int *out)
{
	if (!json_is_boolean(J(v)))
		return -1;
	*out = json_is_true(J(v));
	return 0;
}

struct json *
json_wrap(const char *key, struct json *v)
{
	return (struct json *)json_pack("{sO}", key, J(v));
}

struct json *
json_new_object(void)
{
	return (struct json *)json_object();
}

struct json *
json_new_array(void)
{
	return (struct json *)json_array();
}

/* A JSON string of s; bytes that are not UTF-8 become '?'. */
static json_t *
string(const char *s)
{
	json_t	*v;
	char	*copy;
	size_t	 i;

	if ((v = json_string(s)) != NULL || s == NULL)
		return v;
	if ((copy = strdup(s)) == NULL)
		return NULL;
	for (i = 0; copy[i] != '\0'; i++)
		if ((unsigned char)copy[i] >= 0x80)
			copy[i] = '?';
	v = json_string(copy);
	free(copy);
	return v;
}

int
json_set(struct json *o, const char *key, struct json *v)
{
	if (o == NULL || v == NULL) {
		json_free(v);
		return -1;
	}
	return json_object_set_new(J(o), key, J(v)) == 0 ? 0 : -1;
}

int
json_set_str(struct json *o, const char *key, const char *s)
{
	return json_set(o, key, (struct json *)string(s));
}

int
json_set_int(struct json *o, const char *key, long long n)
{
	return json_set(o, key, (struct json *)json_integer(n));
}

int
json_set_bool(struct json *o, const char *key, int b)
{
	return json_set(o, key, (struct json *)json_boolean(b));
}

int
json_set_null(struct json *o, const char *key)
{
	return json_set(o, key, (struct json *)json_null());
}

int
json_set_tenths(struct json *o, const char *key, double x)
{
	char	buf[64];

	/*
	 * Through the decimal text, so the number is the one "%.1f" shows;
	 * json_write prints it back with 15 digits, which gives the same
	 * short decimal.
	 */
	snprintf(buf, sizeof buf, "%.1f", x);
	return json_set(o, key, (struct json *)json_real(strtod(buf, NULL)));
}

int
json_push(struct json *a, struct json *v)
{
	if (a == NULL || v == NULL) {
		json_free(v);
		return -1;
	}
	return json_array_append_new(J(a), J(v)) == 0 ? 0 : -1;
}

int
json_push_int(struct json *a, long long n)
{
	return json_push(a, (struct json *)json_integer(n));
}

char *
json_write(const struct json *v)
{
	char	*s, *out;

	if (v == NULL || (s = json_dumps(J(v), JSON_COMPACT |
	    JSON_REAL_PRECISION(15))) == NULL)
		return NULL;
	out = util_printf("%s\n", s);
	free(s);
	return out;
}

char *
json_error_body(const char *code, const char *message)
{
	struct json	*o;
	char		*out;

	if ((o = json_new_object()) == NULL)
		return NULL;
	if ((json_set_str(o, "code", code) | json_set_str(o, "message",
	    message)) != 0)
		out = NULL;
	else
		out = json_write(o);
	json_free(o);
	return out;
}

int
json_get_str(const char *json, size_t len, const char *key, char **out)
{
	json_t		*root;
	const char	*s;
	size_t		 n, i;

	*out = NULL;
	if ((root = json_loadb(json, len, 0, NULL)) == NULL)
		return YK_EINVAL;
	if (!json_is_object(root)) {
		json_decref(root);
		return YK_EINVAL;
	}
	if ((s = json_string_value(json_object_get(root, key))) == NULL) {
		json_decref(root);
		return YK_ENOENT;
	}
	n = json_string_length(json_object_get(root, key));
	if ((*out = malloc(n + 1)) == NULL) {
		json_decref(root);
		return YK_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		(*out)[i] = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ?
		    '?' : (char)c;
	}
	(*out)[n] = '\0';
	json_decref(root);
	return 0;
}
