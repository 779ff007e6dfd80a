/* speak: the voter screen's spoken clips (see speak.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/audio.h"
#include "ykien/clip.h"
#include "ykien/keys.h"
#include "ykien/poll.h"
#include "ykien/speak.h"
#include "ykien/util.h"

struct speak {
	struct audio	*a;
	char		*dir;
	char		 state[192];
	enum ui_screen	 screen;	/* what the last clip was for */
	int		 q, lang;
	const struct poll *poll;
};

struct speak *
speak_open(const struct audio_conf *conf, const char *dir)
{
	struct speak	*s;
	char		 why[160];

	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	if ((s->dir = util_strdup(dir)) == NULL) {
		free(s);
		return NULL;
	}
	s->screen = UI_S_UNAVAILABLE;
	s->q = s->lang = -1;
	if ((s->a = audio_open(conf, why, sizeof why)) == NULL)
		snprintf(s->state, sizeof s->state, "off: %s", why);
	else
		snprintf(s->state, sizeof s->state, "on (device \"%s\", "
		    "volume %d)", conf->device, conf->volume);
	return s;
}

int
speak_on(const struct speak *s)
{
	return s->a != NULL;
}

const char *
speak_state(const struct speak *s)
{
	return s->state;
}

/* The clip's screen name, or NULL for a screen without a clip. */
static const char *
screen_name(const struct ui_flow *f)
{
	switch (f->screen) {
	case UI_S_WELCOME:
		return "welcome";
	case UI_S_QUESTION:
		return f->poll->questions[f->q].id;
	case UI_S_REVIEW:
		return "review";
	case UI_S_THANKS:
		return "thanks";
	default:
		return NULL;
	}
}

static void
play(struct speak *s, const struct ui_flow *f)
{
	const struct poll_clip	*c;
	const char		*what;
	char			*text = NULL, *path, hex[2 * KEYS_HASH + 1];
	char			 name[2 * KEYS_HASH + 8];
	uint8_t			 key[KEYS_HASH];

	audio_stop(s->a);
	if (f->poll == NULL || (what = screen_name(f)) == NULL ||
	    clip_text(f->poll, what, f->lang, &text) != 0)
		return;
	clip_key(f->poll->langs[f->lang], text, key);
	free(text);
	/* clip_text switched the catalog; the screen's language it is. */
	if ((c = poll_clip_find(f->poll, key)) == NULL)
		return;
	keys_hex(c->sha256, KEYS_HASH, hex);
	snprintf(name, sizeof name, "clips/%s", hex);
	if ((path = util_path(s->dir, name)) == NULL)
		return;
	keys_hex(key, KEYS_HASH, hex);
	audio_play(s->a, path, hex);
	free(path);
}

void
speak_follow(struct speak *s, const struct ui_flow *f)
{
	if (s == NULL || s->a == NULL)
		return;
	if (f->screen == s->screen && f->q == s->q && f->lang == s->lang &&
	    f->poll == s->poll)
		return;
	/* Still there? and the admin screens keep the clip's place. */
	if (f->screen == UI_S_STILL_THERE || f->screen == UI_S_CASTING)
		return;
	s->screen = f->screen;
	s->q = f->q;
	s->lang = f->lang;
	s->poll = f->poll;
	play(s, f);
}

void
speak_replay(struct speak *s, const struct ui_flow *f)
{
	if (s == NULL || s->a == NULL)
		return;
	play(s, f);
}

void
speak_close(struct speak *s)
{
	if (s == NULL)
		return;
	audio_close(s->a);
	free(s->dir);
	free(s);
}
