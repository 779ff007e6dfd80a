/*
 * config: kiosk.conf through libinih.  Strict, because a board whose
 * buttons do something other than what the technician wrote is worse than
 * one that refuses to start and says which line is wrong.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "ykien/config.h"
#include "ykien/util.h"

static const struct {
	const char	*name;
	int		 code;
} key_names[] = {
	{ "Enter", CONFIG_KEY_ENTER },		{ "Tab", CONFIG_KEY_TAB },
	{ "BackTab", CONFIG_KEY_BTAB },		{ "Backspace", CONFIG_KEY_BACKSPACE },
	{ "Esc", CONFIG_KEY_ESC },		{ "Space", ' ' },
	{ "Up", CONFIG_KEY_UP },		{ "Down", CONFIG_KEY_DOWN },
	{ "Left", CONFIG_KEY_LEFT },		{ "Right", CONFIG_KEY_RIGHT },
	{ "PageUp", CONFIG_KEY_PGUP },		{ "PageDown", CONFIG_KEY_PGDN },
	{ "Home", CONFIG_KEY_HOME },		{ "End", CONFIG_KEY_END },
	{ "Delete", CONFIG_KEY_DELETE },	{ "Insert", CONFIG_KEY_INSERT },
};

static const struct {
	const char	*name;
	enum ui_key	 key;
	int		 value;
} actions[] = {
	{ "up", UI_K_UP, 0 },		{ "down", UI_K_DOWN, 0 },
	{ "left", UI_K_LEFT, 0 },	{ "right", UI_K_RIGHT, 0 },
	{ "next", UI_K_NEXT, 0 },	{ "prev", UI_K_PREV, 0 },
	{ "enter", UI_K_ENTER, 0 },	{ "back", UI_K_BACK, 0 },
	{ "lang", UI_K_LANG, -1 },	{ "admin", UI_K_ADMIN, 0 },
	{ "replay", UI_K_REPLAY, 0 },
};

/* The built-in map, used after kiosk.conf's own. */
static const struct config_key builtin[] = {
	{ CONFIG_KEY_ENTER, UI_K_ENTER, 0 },	{ '\n', UI_K_ENTER, 0 },
	{ '\r', UI_K_ENTER, 0 },		{ ' ', UI_K_ENTER, 0 },
	{ CONFIG_KEY_TAB, UI_K_NEXT, 0 },	{ '\t', UI_K_NEXT, 0 },
	{ CONFIG_KEY_BTAB, UI_K_PREV, 0 },	{ '+', UI_K_NEXT, 0 },
	{ CONFIG_KEY_UP, UI_K_UP, 0 },		{ CONFIG_KEY_DOWN, UI_K_DOWN, 0 },
	{ CONFIG_KEY_LEFT, UI_K_LEFT, 0 },	{ CONFIG_KEY_RIGHT, UI_K_RIGHT, 0 },
	{ CONFIG_KEY_PGUP, UI_K_UP, 0 },	{ CONFIG_KEY_PGDN, UI_K_DOWN, 0 },
	{ CONFIG_KEY_BACKSPACE, UI_K_BACK, 0 },	{ 127, UI_K_BACK, 0 },
	{ 8, UI_K_BACK, 0 },			{ CONFIG_KEY_ESC, UI_K_BACK, 0 },
	{ 27, UI_K_BACK, 0 },			{ CONFIG_KEY_DELETE, UI_K_BACK, 0 },
	{ '-', UI_K_BACK, 0 },			{ '*', UI_K_LANG, -1 },
	{ CONFIG_KEY_F0 + 12, UI_K_ADMIN, 0 },	{ '/', UI_K_REPLAY, 0 },
};

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->t.inactivity = 80000;
	c->t.still_there = 10000;
	c->t.thanks = 20000;
	c->t.not_recorded = 8000;
	c->t.retry = 5000;
	c->t.refresh = 5000;
	c->ascii = -1;
	c->mouse = 1;
	c->audio.volume = 80;
	snprintf(c->audio.device, sizeof c->audio.device, "default");
}

int
config_key_code(const char *name)
{
	size_t	i;
	char	*end;
	long	n;

	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strcasecmp(key_names[i].name, name) == 0)
			return key_names[i].code;
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' &&
	    name[1] <= '9') {
		errno = 0;
		n = strtol(name + 1, &end, 10);
		if (errno == 0 && *end == '\0' && n >= 1 && n <= 24)
			return CONFIG_KEY_F0 + (int)n;
	}
	if (strlen(name) == 1 && (unsigned char)name[0] > ' ' &&
	    (unsigned char)name[0] < 127)
		return (unsigned char)name[0];
	return -1;
}

void
config_key_map(const struct config *c, int code, enum ui_key *key,
    int *value)
{
	size_t	i;

	for (i = 0; i < (size_t)c->n_keys; i++)
		if (c->keys[i].code == code) {
			*key = c->keys[i].key;
			*value = c->keys[i].value;
			return;
		}
	if (code >= '0' && code <= '9') {
		*key = UI_K_DIGIT;
		*value = code - '0';
		return;
	}
	for (i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		if (builtin[i].code == code) {
			*key = builtin[i].key;
			*value = builtin[i].value;
			return;
		}
	*key = UI_K_OTHER;
	*value = 0;
}

struct parse {
	struct config	*c;
	char		*why;	/* malloc'd; the first error wins */
};

static int	bad(struct parse *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* Record why the file is refused; returns 0 so that inih stops. */
static int
bad(struct parse *p, const char *fmt, ...)
{
	char	buf[256];
	va_list	ap;

	if (p->why == NULL) {
		va_start(ap, fmt);
		vsnprintf(buf, sizeof buf, fmt, ap);
		va_end(ap);
		p->why = util_strdup(buf);
	}
	return 0;
}

static int
seconds(struct parse *p, const char *name, const char *v, long long *ms)
{
	char	*end;
	double	 d;

	errno = 0;
	d = strtod(v, &end);
	if (errno != 0 || end == v || *end != '\0' || d < 0.1 || d > 86400)
		return bad(p, "%s: \"%s\" is not a number of seconds "
		    "(0.1 to 86400)", name, v);
	*ms = (long long)(d * 1000 + 0.5);
	return 1;
}

static int
yesno(struct parse *p, const char *name, const char *v, int *out)
{
	if (strcasecmp(v, "yes") == 0 || strcmp(v, "1") == 0)
		*out = 1;
	else if (strcasecmp(v, "no") == 0 || strcmp(v, "0") == 0)
		*out = 0;
	else
		return bad(p, "%s: \"%s\" must be yes or no", name, v);
	return 1;
}

static int
keys_entry(struct parse *p, const char *name, const char *v)
{
	struct config_key	 k;
	char			*list, *tok, *save = NULL;
	size_t			 i;
	int			 found = 0;

	if (strlen(name) == 1 && name[0] >= '0' && name[0] <= '9') {
		k.key = UI_K_DIGIT;
		k.value = name[0] - '0';
		found = 1;
	}
	for (i = 0; !found && i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(actions[i].name, name) == 0) {
			k.key = actions[i].key;
			k.value = actions[i].value;
			found = 1;
		}
	if (!found)
		return bad(p, "[keys] %s: unknown action (expected 0-9, up, "
		    "down, left, right, next, prev, enter, back, lang, admin "
		    "or replay)", name);
	if ((list = util_strdup(v)) == NULL)
		return bad(p, "out of memory");
	for (tok = strtok_r(list, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		if ((k.code = config_key_code(tok)) < 0) {
			bad(p, "[keys] %s: unknown key name \"%s\"", name, tok);
			free(list);
			return 0;
		}
		if (p->c->n_keys >= CONFIG_MAX_KEYS) {
			free(list);
			return bad(p, "[keys]: more than %d keys mapped",
			    CONFIG_MAX_KEYS);
		}
		p->c->keys[p->c->n_keys++] = k;
	}
	free(list);
	return 1;
}

static int
audio_entry(struct parse *p, const char *name, const char *v)
{
	struct audio_conf	*a = &p->c->audio;
	char			*end;
	long			 n;

	if (strcmp(name, "enabled") == 0)
		return yesno(p, name, v, &a->enabled);
	if (strcmp(name, "volume") == 0) {
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || n < 0 || n > 100)
			return bad(p, "[audio] volume: \"%s\" must be 0 to 100",
			    v);
		a->volume = (int)n;
		return 1;
	}
	if (strcmp(name, "device") == 0) {
		if (*v == '\0' || strlen(v) >= sizeof a->device)
			return bad(p, "[audio] device: \"%s\" is not an ALSA "
			    "device name (e.g. default, plughw:0)", v);
		snprintf(a->device, sizeof a->device, "%s", v);
		return 1;
	}
	return bad(p, "[audio] unknown setting \"%s\" (expected enabled, "
	    "volume or device)", name);
}

static int
handler(void *arg, const char *section, const char *name, const char *v)
{
	struct parse	*p = arg;
	struct config	*c = p->c;

	if (p->why != NULL)
		return 0;
	if (strcmp(section, "timeouts") == 0) {
		if (strcmp(name, "inactivity") == 0)
			return seconds(p, name, v, &c->t.inactivity);
		if (strcmp(name, "still_there") == 0)
			return seconds(p, name, v, &c->t.still_there);
		if (strcmp(name, "thanks") == 0)
			return seconds(p, name, v, &c->t.thanks);
		if (strcmp(name, "not_recorded") == 0)
			return seconds(p, name, v, &c->t.not_recorded);
		if (strcmp(name, "retry") == 0)
			return seconds(p, name, v, &c->t.retry);
	} else if (strcmp(section, "screen") == 0) {
		if (strcmp(name, "colour") == 0 || strcmp(name, "color") == 0) {
			if (strcmp(v, "auto") == 0)
				c->mono = 0;
			else if (strcmp(v, "mono") == 0)
				c->mono = 1;
			else
				return bad(p, "colour: \"%s\" must be auto or "
				    "mono", v);
			return 1;
		}
		if (strcmp(name, "ascii") == 0) {
			if (strcmp(v, "auto") == 0) {
				c->ascii = -1;
				return 1;
			}
			return yesno(p, name, v, &c->ascii);
		}
		if (strcmp(name, "mouse") == 0)
			return yesno(p, name, v, &c->mouse);
		if (strcmp(name, "thai") == 0) {
			if (strcmp(v, "taiviet") != 0 && strcmp(v, "latin") != 0)
				return bad(p, "thai: \"%s\" must be taiviet or "
				    "latin (for screens that cannot draw Tai "
				    "Viet)", v);
			c->thai_latin = strcmp(v, "latin") == 0;
			return 1;
		}
		if (strcmp(name, "hmong") == 0) {
			if (strcmp(v, "rpa") != 0 && strcmp(v, "viet") != 0)
				return bad(p, "hmong: \"%s\" must be rpa or viet",
				    v);
			c->hmong_viet = strcmp(v, "viet") == 0;
			return 1;
		}
		if (strcmp(name, "language") == 0) {
			if (strlen(v) == 0 || strlen(v) >= sizeof c->lang)
				return bad(p, "language: \"%s\" is not a "
				    "language code", v);
			snprintf(c->lang, sizeof c->lang, "%s", v);
			return 1;
		}
	} else if (strcmp(section, "keys") == 0)
		return keys_entry(p, name, v);
	else if (strcmp(section, "audio") == 0)
		return audio_entry(p, name, v);
	else
		return bad(p, "unknown section [%s] (expected timeouts, screen, "
		    "keys or audio)", section);
	return bad(p, "[%s] unknown setting \"%s\"", section, name);
}

int
config_load(const char *path, struct config *c, char **cause)
{
	struct parse	 p = { c, NULL };
	FILE		*fp;
	int		 line;

	config_defaults(c);
	if ((fp = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		return util_fail(cause, YK_EIO, "%s: %s", path,
		    strerror(errno));
	}
	line = ini_parse_file(fp, handler, &p);
	if (fclose(fp) != 0 && line == 0)
		line = -1;
	if (line != 0) {
		int rc = util_fail(cause, YK_EINVAL, "%s:%d: %s", path, line,
		    p.why != NULL ? p.why : "not an INI line");
		free(p.why);
		config_defaults(c);
		return rc;
	}
	return 0;
}
