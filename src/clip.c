/* clip: spoken clips' texts and keys (see clip.h). */
#include <stdlib.h>
#include <string.h>

#include "ykien/clip.h"
#include "ykien/i18n.h"
#include "ykien/util.h"

void
clip_key(const char *lang, const char *text, uint8_t key[KEYS_HASH])
{
	struct keys_hasher	*h;
	size_t			 n = strlen(lang) + 1 + strlen(text);
	char			*buf;

	/* No memory for a hasher: hash a copy in one go. */
	if ((h = keys_hasher_new()) != NULL) {
		keys_hasher_update(h, lang, strlen(lang) + 1);
		keys_hasher_update(h, text, strlen(text));
		keys_hasher_final(h, key);
		return;
	}
	if ((buf = malloc(n)) == NULL) {
		memset(key, 0, KEYS_HASH);
		return;
	}
	memcpy(buf, lang, strlen(lang) + 1);
	memcpy(buf + strlen(lang) + 1, text, strlen(text));
	keys_sha256(key, buf, n);
	free(buf);
}

int
clip_screens(const struct poll *p)
{
	return p->n_questions + 3;
}

const char *
clip_screen(const struct poll *p, int i)
{
	if (i == 0)
		return "welcome";
	if (i <= p->n_questions)
		return p->questions[i - 1].id;
	return i == p->n_questions + 1 ? "review" : "thanks";
}

const char *
clip_label(const struct poll_question *q, int i, int lang)
{
	static const char *sat[2] = { N_("Satisfied"), N_("Not satisfied") };
	static const char *scale[5] = { N_("Very unsatisfied"),
	    N_("Unsatisfied"), N_("Neither"), N_("Satisfied"),
	    N_("Very satisfied") };
	const char	*s;

	if (i >= q->n_options)
		return _("No opinion");
	if ((s = poll_text_get(&q->options[i], lang)) != NULL)
		return s;
	if (q->kind == POLL_SATISFACTION && i < 2)
		return _(sat[i]);
	if (q->kind == POLL_SCALE && i < 5)
		return _(scale[i]);
	return "?";
}

/*
 * The question, then each item with the key that picks it on the screen:
 * 1-9, then 0 for the tenth; "no opinion" is the item after the options.
 */
static char *
question_text(const struct poll_question *q, int lang)
{
	char	*s, *t;
	int	 i, n = q->n_options + (q->no_opinion ? 1 : 0);

	if ((s = util_strdup(poll_text_get(&q->text, lang))) == NULL)
		return NULL;
	for (i = 0; i < n && i < 10 && s != NULL; i++) {
		t = util_printf("%s\n%d. %s", s, (i + 1) % 10,
		    clip_label(q, i, lang));
		free(s);
		s = t;
	}
	return s;
}

int
clip_text(const struct poll *p, const char *what, int lang, char **out)
{
	int	i;

	(void)i18n_set_lang(p->langs[lang]);
	*out = NULL;
	if (strcmp(what, "welcome") == 0)
		*out = util_strdup(poll_text_get(&p->title, lang));
	else if (strcmp(what, "review") == 0)
		*out = util_printf("%s\n%s\n%s", _("Please check your answers"),
		    _("1 = Send the ballot"), _("2 = Change an answer"));
	else if (strcmp(what, "thanks") == 0)
		*out = util_strdup(_("Thank you! Your ballot has been "
		    "recorded."));
	else {
		for (i = 0; i < p->n_questions; i++)
			if (strcmp(p->questions[i].id, what) == 0)
				break;
		if (i == p->n_questions)
			return YK_ENOENT;
		*out = question_text(&p->questions[i], lang);
	}
	return *out == NULL ? YK_ENOMEM : 0;
}
