/*
 * speak: the voter screen's spoken clips.  It follows the flow and, when
 * the screen (or the question, or the language) changes, stops the clip
 * playing and starts the new screen's clip, if the poll ships one.  The
 * clips were copied into DIR/clips/ by `poll load`, each named by the
 * SHA-256 of its bytes, which poll.json (signed) lists.
 */
#ifndef YKIEN_SPEAK_H
#define YKIEN_SPEAK_H

#include <stddef.h>

#include "config.h"
#include "ui.h"

struct speak;

/* Never NULL on success; audio may still be off (speak_state says why). */
struct speak	*speak_open(const struct audio_conf *, const char *dir);
/* 1 if clips will play. */
int		 speak_on(const struct speak *);
/* "on", or "off: WHY". */
const char	*speak_state(const struct speak *);
/* Start the screen's clip if the screen changed since the last call. */
void		 speak_follow(struct speak *, const struct ui_flow *);
/* Say the screen's clip again. */
void		 speak_replay(struct speak *, const struct ui_flow *);
void		 speak_close(struct speak *);

#endif
