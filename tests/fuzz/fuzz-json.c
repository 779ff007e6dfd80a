/*
 * Fuzz target: the json module on any bytes: parse and walk the whole
 * document, read the collector's refusal fields, and write back what
 * parses.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ykien/json.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Touch every value, as poll.c does, to a bounded depth. */
static void
walk(const struct json *v, int depth)
{
	struct json	*m;
	const char	*k;
	long long	 n;
	double		 x;
	size_t		 i;
	int		 b;

	if (depth > 64)
		return;
	(void)json_int(v, &n);
	(void)json_num(v, &x);
	(void)json_bool(v, &b);
	(void)json_str_len(v);
	switch (json_kind(v)) {
	case JSON_KIND_OBJECT:
		json_each_member(v, k, m) {
			(void)json_member(v, k);
			walk(m, depth + 1);
		}
		break;
	case JSON_KIND_ARRAY:
		json_each_item(v, i, m)
			walk(m, depth + 1);
		break;
	default:
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json	*root = NULL, *w;
	char		*s = NULL, *cause = NULL;

	if (json_parse(data, size, &root, &cause) == 0) {
		walk(root, 0);
		if ((w = json_wrap("o", root)) != NULL) {
			free(json_write(w));
			json_free(w);
		}
		json_free(root);
	}
	free(cause);
	if (json_get_str((const char *)data, size, "code", &s) == 0)
		free(json_error_body(s, s));
	free(s);
	return 0;
}
