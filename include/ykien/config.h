/*
 * config: kiosk.conf, the board's local settings (INI, read with libinih,
 * the only module that includes <ini.h>).  Every setting has a built-in
 * default, so a kiosk runs with no file at all; a file that is present is
 * read strictly, and an unknown section, key or key name is an error that
 * names its line.
 *
 *	[timeouts]			seconds, fractions allowed
 *	inactivity = 80			then "are you still there?"
 *	still_there = 10		then the ballot is discarded
 *	thanks = 20			the receipt stays this long
 *	[screen]
 *	colour = auto | mono
 *	ascii = auto | yes | no		draw without UTF-8
 *	mouse = yes | no
 *	language = vi			first language (a poll language)
 *	[keys]				action = key [key ...]
 *	admin = F12
 *	lang = *
 *	1 = a				an arcade button sending "a"
 *	replay = /			say the screen's clip again
 *	[audio]
 *	enabled = no			yes: speak each screen's clip
 *	volume = 80			0-100
 *	device = default		an ALSA PCM name
 *
 * Actions: 0-9 up down left right next prev enter back lang admin replay.  Keys:
 * one printable character, or Enter Tab BackTab Backspace Esc Space Up
 * Down Left Right PageUp PageDown Home End Delete Insert F1-F24.
 */
#ifndef YKIEN_CONFIG_H
#define YKIEN_CONFIG_H

#include "audio.h"
#include "ui.h"

/* Key codes: a Unicode code point, or one of these above its range. */
enum {
	CONFIG_KEY_ENTER = 0x110000,
	CONFIG_KEY_TAB,
	CONFIG_KEY_BTAB,
	CONFIG_KEY_BACKSPACE,
	CONFIG_KEY_ESC,
	CONFIG_KEY_UP,
	CONFIG_KEY_DOWN,
	CONFIG_KEY_LEFT,
	CONFIG_KEY_RIGHT,
	CONFIG_KEY_PGUP,
	CONFIG_KEY_PGDN,
	CONFIG_KEY_HOME,
	CONFIG_KEY_END,
	CONFIG_KEY_DELETE,
	CONFIG_KEY_INSERT,
	CONFIG_KEY_F0 = 0x110100	/* + n for Fn */
};

#define CONFIG_MAX_KEYS	64

struct config_key {
	int		code;
	enum ui_key	key;
	int		value;
};

struct config {
	struct ui_timing	 t;
	int			 mono;		/* no colours */
	int			 ascii;		/* -1 auto, 0 no, 1 yes */
	int			 mouse;
	char			 lang[16];	/* "" = the poll's first */
	/*
	 * The script offered for Thái and for Mông, where a poll has both:
	 * Thái in Tai Viet ("blt") or Latin ("blt@latin"); Mông in RPA
	 * ("hmn") or the Vietnamese-based script ("hmn@viet").
	 */
	int			 thai_latin;	/* [screen] thai = taiviet|latin */
	int			 hmong_viet;	/* [screen] hmong = rpa|viet */
	struct audio_conf	 audio;
	int			 n_keys;
	struct config_key	 keys[CONFIG_MAX_KEYS];
};

/* The built-in defaults (the embedded configuration of `make demo`). */
void	 config_defaults(struct config *);
/*
 * Defaults, then the file at path if it exists (YK_ENOENT is not an
 * error: a missing file means defaults).  YK_EINVAL with "path:LINE: why".
 */
int	 config_load(const char *path, struct config *, char **cause);
/* Map a key code: kiosk.conf's keys first, then the built-in ones. */
void	 config_key_map(const struct config *, int code, enum ui_key *,
	    int *value);
/* The code of a key name ("F12", "Enter", "a"), or -1. */
int	 config_key_code(const char *name);

#endif
