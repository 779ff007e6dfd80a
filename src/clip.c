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

static char *
question_text(const struct poll *p, const struct poll_question *q, int lang)
{
	char	*s, *t;
	int	 i;

	if ((s = util_strdup(poll_text_get(&q->text, lang))) == NULL)
		return NULL;
	for (i = 0; i < q->n_options && s != NULL; i++) {
		t = util_printf("%s\n%d. %s", s, i + 1,
		    poll_text_get(&q->options[i], lang));
		free(s);
		s = t;
	}
	if (q->no_opinion && s != NULL) {
		t = util_printf("%s\n0. %s", s, _("No opinion"));
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
		*out = question_text(p, &p->questions[i], lang);
	}
	return *out == NULL ? YK_ENOMEM : 0;
}
