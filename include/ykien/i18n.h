/*
 * i18n: the program's own strings through gettext (text domain "ykien",
 * catalogs compiled from locales/<ll>.po).  The poll's texts are content
 * and come from the poll file instead.
 *
 * A kiosk board may have no locale but C.UTF-8, so the language is never
 * chosen through the locale: i18n_init switches LC_ALL to a UTF-8 locale
 * (C.UTF-8 first) and i18n_set_lang selects the catalog with $LANGUAGE,
 * which GNU gettext honours in any locale but plain "C".  Adding a language
 * therefore takes a .po file and nothing else.
 */
#ifndef YKIEN_I18N_H
#define YKIEN_I18N_H

#define I18N_DOMAIN	"ykien"

/*
 * Bind the text domain to localedir (NULL: $YKIEN_LOCALEDIR, else the
 * LOCALEDIR built in) and switch to a UTF-8 locale.  *utf8_term says
 * whether the terminal, as the environment described it before the
 * switch, takes UTF-8.  YK_EINVAL with a cause if no UTF-8 locale exists
 * (then strings stay in English and the caller should draw in ASCII).
 */
int		 i18n_init(const char *localedir, int *utf8_term, char **cause);
/* Use the catalog of language code (e.g. "vi"); 0 or YK_ENOMEM. */
int		 i18n_set_lang(const char *code);
/* The translation of msgid in the current language. */
const char	*i18n_get(const char *msgid) __attribute__((format_arg(1)));
/* The language's name in itself ("Tiếng Việt"), else code itself. */
const char	*i18n_lang_name(const char *code);
/*
 * The review state of the screen's catalog for code, from its header's
 * "Review-Status:" line: "none" (no catalog), "reviewed" (no such line:
 * vi and en, the sources), or the line's text (e.g. "draft, needs native
 * review").  Copied into buf.
 */
void		 i18n_review_status(const char *code, char *buf, size_t len);

#define _(s)	i18n_get(s)
#define N_(s)	(s)

#endif
