/*
 * i18n: gettext set up so that it works on a board where the only locale
 * is C.UTF-8.  GNU gettext ignores $LANGUAGE in the "C" locale but not in
 * C.UTF-8, and it caches lookups until _nl_msg_cat_cntr changes (the
 * documented way to make it see a new $LANGUAGE, GNU gettext manual,
 * "Being a `ptr' in the dark").
 */
#include <langinfo.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ykien/i18n.h"
#include "ykien/util.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/share/locale"
#endif

extern int _nl_msg_cat_cntr;

#define NAMES_MAX	16

static struct {
	char	code[16];
	char	*name;
} names[NAMES_MAX];
static int n_names;
static char current[16];

/* Does a locale name such as "vi_VN.UTF-8" promise UTF-8? */
static int
name_says_utf8(const char *s)
{
	return s != NULL && (strcasestr(s, "utf-8") != NULL ||
	    strcasestr(s, "utf8") != NULL);
}

static const char *
env_locale(void)
{
	static const char *vars[] = { "LC_ALL", "LC_CTYPE", "LANG", NULL };
	const char	*v;
	int		 i;

	for (i = 0; vars[i] != NULL; i++)
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			return v;
	return NULL;
}

int
i18n_init(const char *localedir, int *utf8_term, char **cause)
{
	static const char *utf8[] = { "C.UTF-8", "C.utf8", "en_US.UTF-8",
	    NULL };
	const char	*dir = localedir, *cs;
	int		 i, ok = 0;

	/*
	 * The terminal's encoding, as the environment describes it.  A
	 * board may say vi_VN.UTF-8 without having that locale generated:
	 * the name alone is then enough to trust the terminal with UTF-8.
	 */
	*utf8_term = 0;
	if (setlocale(LC_ALL, "") != NULL && (cs = nl_langinfo(CODESET)) !=
	    NULL && strcasecmp(cs, "UTF-8") == 0)
		*utf8_term = 1;
	else if (name_says_utf8(env_locale()))
		*utf8_term = 1;

	for (i = 0; utf8[i] != NULL && !ok; i++)
		ok = setlocale(LC_ALL, utf8[i]) != NULL;
	if (dir == NULL && ((dir = getenv("YKIEN_LOCALEDIR")) == NULL ||
	    *dir == '\0'))
		dir = LOCALEDIR;
	if (bindtextdomain(I18N_DOMAIN, dir) == NULL ||
	    bind_textdomain_codeset(I18N_DOMAIN, "UTF-8") == NULL ||
	    textdomain(I18N_DOMAIN) == NULL)
		return util_fail(cause, YK_ENOMEM, "cannot bind the text "
		    "domain to %s", dir);
	if (!ok) {
		(void)setlocale(LC_ALL, "");
		(void)setlocale(LC_NUMERIC, "C");	/* as cli_main */
		return util_fail(cause, YK_EINVAL, "no UTF-8 locale (not even "
		    "C.UTF-8): the screen stays in English and ASCII");
	}
	return 0;
}

int
i18n_set_lang(const char *code)
{
	char	list[64];

	/*
	 * A string not yet translated into Thái or Mông is shown in
	 * Vietnamese, which those voters read better than English.
	 */
	if (strcmp(code, "vi") == 0 || strcmp(code, "en") == 0)
		snprintf(list, sizeof list, "%s", code);
	else
		snprintf(list, sizeof list, "%s:vi", code);
	if (setenv("LANGUAGE", list, 1) != 0)
		return YK_ENOMEM;
	snprintf(current, sizeof current, "%s", code);
	++_nl_msg_cat_cntr;
	return 0;
}

const char *
i18n_get(const char *msgid)
{
	return gettext(msgid);
}

void
i18n_review_status(const char *code, char *buf, size_t len)
{
	static const char	 header_id[] = "";
	char		 prev[16];
	const char	*h, *r;
	size_t		 n;

	snprintf(prev, sizeof prev, "%s", current);
	/* This catalog alone: the Vietnamese fallback has its own header. */
	if (setenv("LANGUAGE", code, 1) != 0) {
		snprintf(buf, len, "unknown");
		return;
	}
	++_nl_msg_cat_cntr;
	/* The catalog's header is the translation of the empty msgid. */
	h = gettext(header_id);
	if (h == NULL || *h == '\0')
		snprintf(buf, len, "none");
	else if ((r = strstr(h, "Review-Status: ")) == NULL)
		snprintf(buf, len, "reviewed");
	else {
		r += strlen("Review-Status: ");
		n = strcspn(r, "\n");
		snprintf(buf, len, "%.*s", (int)n, r);
	}
	if (prev[0] != '\0')
		(void)i18n_set_lang(prev);
}

const char *
i18n_lang_name(const char *code)
{
	char		 prev[16];
	const char	*t;
	int		 i;

	for (i = 0; i < n_names; i++)
		if (strcmp(names[i].code, code) == 0)
			return names[i].name;
	if (n_names >= NAMES_MAX || strlen(code) >= sizeof names[0].code)
		return code;
	/* Ask the language's own catalog, then switch back. */
	snprintf(prev, sizeof prev, "%s", current);
	if (i18n_set_lang(code) != 0)
		return code;
	/* TRANSLATORS: the name of your language, in your language. */
	t = gettext("English");
	if (strcmp(code, "en") != 0 && strcmp(t, "English") == 0)
		t = code;	/* no catalog: show the code, not "English" */
	names[n_names].name = util_strdup(t);
	if (prev[0] != '\0')
		(void)i18n_set_lang(prev);
	if (names[n_names].name == NULL)
		return code;
	snprintf(names[n_names].code, sizeof names[0].code, "%s", code);
	return names[n_names++].name;
}
