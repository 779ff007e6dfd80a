/*
 * json: the one module that sees jansson.  Everything ykien reads or
 * writes as JSON goes through here: poll files (poll.c), the collector's
 * {"code", "message"} refusals (server.c writes them, upload.c reads them)
 * and the tally's results.json (tally-render.c).
 *
 * A struct json is one JSON value.  A value read by json_parse belongs to
 * its document: json_member, json_item and json_member_next borrow from
 * it, and only the root is json_free'd.  A value made by json_new_* is the
 * caller's until json_set or json_push takes it.  Every accessor accepts
 * NULL and a value of the wrong kind, and then answers "absent".
 */
#ifndef YKIEN_JSON_H
#define YKIEN_JSON_H

#include <stddef.h>

struct json;

enum json_kind {
	JSON_KIND_NONE,		/* NULL: absent */
	JSON_KIND_OBJECT,
	JSON_KIND_ARRAY,
	JSON_KIND_STRING,
	JSON_KIND_INTEGER,
	JSON_KIND_REAL,
	JSON_KIND_BOOL,
	JSON_KIND_NULL
};

/*
 * Parse one JSON text of len bytes (no NUL needed).  A key given twice in
 * one object is an error.  On error *out is NULL and the cause says where:
 * "not valid JSON: line L, column C: why".
 */
int		 json_parse(const void *buf, size_t len, struct json **out,
		    char **cause);
/* Free a document or a value that nothing took; json_free(NULL) is a no-op. */
void		 json_free(struct json *);

enum json_kind	 json_kind(const struct json *);
/* The value of key in object o, or NULL. */
struct json	*json_member(const struct json *o, const char *key);
/*
 * Walk an object's members in file order: the key after prev (NULL: the
 * first), with *v its value; NULL at the end.  See json_each_member.
 */
const char	*json_member_next(const struct json *o, const char *prev,
		    struct json **v);
/* Items of an array or members of an object; 0 for anything else. */
size_t		 json_count(const struct json *);
/* Item i of an array, or NULL. */
struct json	*json_item(const struct json *a, size_t i);
/* A string's bytes (NUL-terminated) and length, or NULL and 0. */
const char	*json_str(const struct json *);
size_t		 json_str_len(const struct json *);
/* 0 and *out for an integer, a number (integer or real), a boolean; else -1. */
int		 json_int(const struct json *, long long *out);
int		 json_num(const struct json *, double *out);
int		 json_bool(const struct json *, int *out);
/* A new object {key: v} holding another reference to v (json_free it). */
struct json	*json_wrap(const char *key, struct json *v);

#define json_each_member(o, k, v)					\
	for ((k) = json_member_next((o), NULL, &(v)); (k) != NULL;	\
	    (k) = json_member_next((o), (k), &(v)))
#define json_each_item(a, i, v)						\
	for ((i) = 0; (i) < json_count(a) &&				\
	    ((v) = json_item((a), (i))) != NULL; (i)++)

/*
 * Building.  json_set and json_push take v, even when they fail.  Each
 * returns 0, or -1 on no memory or a NULL object (so a caller may OR the
 * results and check once).  Strings that are not valid UTF-8 are written
 * with '?' for each byte that is not.
 */
struct json	*json_new_object(void);
struct json	*json_new_array(void);
int		 json_set(struct json *o, const char *key, struct json *v);
int		 json_set_str(struct json *o, const char *key, const char *s);
int		 json_set_int(struct json *o, const char *key, long long n);
int		 json_set_bool(struct json *o, const char *key, int b);
int		 json_set_null(struct json *o, const char *key);
/* x rounded to one decimal as printf's "%.1f" does, written as a number. */
int		 json_set_tenths(struct json *o, const char *key, double x);
int		 json_push(struct json *a, struct json *v);
int		 json_push_int(struct json *a, long long n);
/* The compact text of v and a newline (malloc'd), NULL on no memory. */
char		*json_write(const struct json *);

/*
 * The collector's refusal body: {"code":code,"message":message} and a
 * newline (malloc'd), NULL on no memory.
 */
char		*json_error_body(const char *code, const char *message);
/*
 * The string value of top-level key of the JSON object in json (len
 * bytes), malloc'd in *out.  Control characters other than newline and
 * tab come back as '?': the text came from the network and is shown on a
 * terminal.  YK_ENOENT if absent or not a string, YK_EINVAL if the text
 * is not a JSON object, YK_ENOMEM.
 */
int		 json_get_str(const char *json, size_t len, const char *key,
		    char **out);

#endif
