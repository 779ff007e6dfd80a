/*
 * jsonmini: escape-correct writing of flat JSON objects and reading of a
 * string member back (contract in include/ykien/jsonmini.h).  Every byte
 * below 0x20, the quote and the backslash are escaped; other UTF-8 passes
 * through, which JSON allows.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/jsonmini.h"
#include "ykien/util.h"

char *
jsonmini_quote(const char *s)
{
	static const char	hex[] = "0123456789abcdef";
	size_t			n = strlen(s), o = 0, i;
	char			*out;

	if (n > (SIZE_MAX - 3) / 6 || (out = malloc(6 * n + 3)) == NULL)
		return NULL;
	out[o++] = '"';
	for (i = 0; i < n; i++) {
		unsigned char	c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else if (c < 0x20 || c == 0x7f) {
			out[o++] = '\\';
			out[o++] = 'u';
			out[o++] = '0';
			out[o++] = '0';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else
			out[o++] = (char)c;
	}
	out[o++] = '"';
	out[o] = '\0';
	return out;
}

char *
jsonmini_error(const char *code, const char *message)
{
	char	*c, *m, *out = NULL;

	c = jsonmini_quote(code);
	m = jsonmini_quote(message);
	if (c != NULL && m != NULL)
		out = util_printf("{\"code\":%s,\"message\":%s}\n", c, m);
	free(c);
	free(m);
	return out;
}

struct scan {
	const char	*p;
	size_t		 len;
	size_t		 off;
};

static void
skip_ws(struct scan *s)
{
	while (s->off < s->len && strchr(" \t\r\n", s->p[s->off]) != NULL &&
	    s->p[s->off] != '\0')
		s->off++;
}

/* Read a string at s->off (which is at '"'); *out malloc'd if not NULL. */
static int
read_string(struct scan *s, char **out)
{
	char	*buf = NULL;
	size_t	 o = 0;

	if (s->off >= s->len || s->p[s->off] != '"')
		return YK_EINVAL;
	s->off++;
	if (out != NULL && (buf = malloc(s->len + 1)) == NULL)
		return YK_ENOMEM;
	while (s->off < s->len && s->p[s->off] != '"') {
		char	c = s->p[s->off++];

		if ((unsigned char)c < 0x20)
			goto bad;
		if (c == '\\') {
			if (s->off >= s->len)
				goto bad;
			c = s->p[s->off++];
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '"': case '\\': case '/': break;
			case 'u': {
				unsigned	v = 0;
				int		i;

				for (i = 0; i < 4; i++) {
					char	h;

					if (s->off >= s->len)
						goto bad;
					h = s->p[s->off++];
					v <<= 4;
					if (h >= '0' && h <= '9')
						v |= (unsigned)(h - '0');
					else if (h >= 'a' && h <= 'f')
						v |= (unsigned)(h - 'a' + 10);
					else if (h >= 'A' && h <= 'F')
						v |= (unsigned)(h - 'A' + 10);
					else
						goto bad;
				}
				c = v >= 0x20 && v < 0x7f ? (char)v : '?';
				break;
			}
			default:
				goto bad;
			}
		}
		if (buf != NULL)
			buf[o++] = c;
	}
	if (s->off >= s->len)
		goto bad;
	s->off++;
	if (buf != NULL) {
		buf[o] = '\0';
		*out = buf;
	}
	return 0;
bad:
	free(buf);
	return YK_EINVAL;
}

/* Skip a scalar (number, true, false, null). */
static int
skip_scalar(struct scan *s)
{
	size_t	start = s->off;

	while (s->off < s->len && strchr(",} \t\r\n", s->p[s->off]) == NULL)
		s->off++;
	return s->off > start ? 0 : YK_EINVAL;
}

int
jsonmini_get_str(const char *json, size_t len, const char *key, char **out)
{
	struct scan	 s = { json, len, 0 };
	char		*k, *v;
	int		 rc;

	*out = NULL;
	skip_ws(&s);
	if (s.off >= s.len || s.p[s.off] != '{')
		return YK_EINVAL;
	s.off++;
	for (;;) {
		skip_ws(&s);
		if (s.off < s.len && s.p[s.off] == '}')
			return YK_ENOENT;
		if ((rc = read_string(&s, &k)) != 0)
			return rc;
		skip_ws(&s);
		if (s.off >= s.len || s.p[s.off] != ':') {
			free(k);
			return YK_EINVAL;
		}
		s.off++;
		skip_ws(&s);
		if (s.off < s.len && s.p[s.off] == '"') {
			if ((rc = read_string(&s, &v)) != 0) {
				free(k);
				return rc;
			}
			if (strcmp(k, key) == 0) {
				free(k);
				*out = v;
				return 0;
			}
			free(v);
		} else if (strcmp(k, key) == 0) {
			free(k);
			return YK_ENOENT;
		} else if (skip_scalar(&s) != 0) {
			free(k);
			return YK_EINVAL;
		}
		free(k);
		skip_ws(&s);
		if (s.off < s.len && s.p[s.off] == ',') {
			s.off++;
			continue;
		}
		if (s.off < s.len && s.p[s.off] == '}')
			return YK_ENOENT;
		return YK_EINVAL;
	}
}
