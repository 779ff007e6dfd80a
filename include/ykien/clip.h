/*
 * clip: which spoken clip belongs to which screen, and its key.
 *
 * A clip is keyed by SHA-256("LANG" || 0x00 || TEXT), TEXT being the exact
 * UTF-8 text the clip speaks (PROTOCOL.md, "Spoken clips").  A changed
 * text has a new key, so a clip recorded for the old text shows up as
 * missing at `poll check` instead of saying something the screen does not.
 *
 * The texts: "welcome" is the poll's title; a question is its text, then
 * one line "K. LABEL" per item, K the key that picks it on the screen and
 * LABEL as the screen shows it (the item after the options is "no
 * opinion", where allowed);
 * "review" and "thanks" are the screen catalog's title lines, in the
 * language's catalog.
 */
#ifndef YKIEN_CLIP_H
#define YKIEN_CLIP_H

#include <stdint.h>

#include "keys.h"
#include "poll.h"

/* The clip key of a language and a text. */
void	 clip_key(const char *lang, const char *text, uint8_t key[KEYS_HASH]);
/*
 * The text of screen what ("welcome", "review", "thanks" or a question
 * id) in language index lang, malloc'd in *out.  Switches the screen
 * catalog to that language.  YK_ENOENT for an unknown screen.
 */
int	 clip_text(const struct poll *, const char *what, int lang,
	    char **out);
/*
 * Item i of question q as the screen labels it, in the catalog's current
 * language: the option's text in lang, else the kind's default label;
 * the item after the options is "no opinion".
 */
const char *clip_label(const struct poll_question *, int i, int lang);
/* Each screen name of a poll in order: "welcome", question ids, ... */
int	 clip_screens(const struct poll *);
const char *clip_screen(const struct poll *, int i);

#endif
