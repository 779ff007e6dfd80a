/*
 * The officials' commands speak the officials' language: Vietnamese when
 * $YKIEN_LANG says "vi", or, failing that, when the locale does
 * (LC_ALL, LC_MESSAGES, LANG: "vi_VN.UTF-8"...).  English otherwise, and
 * always when the catalogs cannot be loaded: a message in English beats
 * none.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/i18n.h"
#include "kcmd.h"

void
kcmd_lang(void)
{
	static const char *vars[] = { "YKIEN_LANG", "LC_ALL", "LC_MESSAGES",
	    "LANG", NULL };
	const char	*v = NULL;
	char		 code[8];
	size_t		 n;
	int		 i, utf8;

	for (i = 0; vars[i] != NULL; i++)
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			break;
	/* "vi", "vi_VN.UTF-8": the leading lower-case letters. */
	n = v != NULL ? strspn(v, "abcdefghijklmnopqrstuvwxyz") : 0;
	if (n < 2 || n >= sizeof code) {
		v = "en";
		n = 2;
	}
	memcpy(code, v, n);
	code[n] = '\0';
	if (i18n_init(NULL, &utf8, NULL) != 0)
		return;
	(void)i18n_set_lang(code);
}
