/*
 * poll: a poll file (JSON, UTF-8) parsed, validated and normalised to NFC.
 * It reads the file through json.h (the one module that sees jansson).  A
 * poll is data: a new criteria set is a new poll file, never new code.
 * Parsing is strict: an unknown field, kind or mode is an error that names
 * the field, because a poll that means something other than what its
 * author thought must never run.
 *
 * Answers are one byte per question: 0 is "no opinion" (only where the
 * question allows it), 1..n picks option n.  Satisfaction questions have two
 * options, 1 = satisfied and 2 = not satisfied; scale questions have five,
 * 1 (very unsatisfied) .. 5 (very satisfied).
 */
#ifndef YKIEN_POLL_H
#define YKIEN_POLL_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

#define POLL_MAX_LANGS		8
#define POLL_MAX_QUESTIONS	60
#define POLL_MAX_OPTIONS	10
#define POLL_MAX_VILLAGES	200
#define POLL_MAX_FILE		(1024 * 1024)
#define POLL_ID_MAX		64
#define POLL_MAX_CLIPS		2000

enum poll_kind {
	POLL_SATISFACTION,
	POLL_CHOICE,
	POLL_SCALE,
};

enum poll_elig {
	POLL_ELIG_CODE,		/* household codes (default) */
	POLL_ELIG_SUPERVISED,	/* an official activates each ballot */
	POLL_ELIG_OPEN,		/* anyone, with a minimum interval */
};

/* One text in every language of the poll; s[0] is always set. */
struct poll_text {
	char	*s[POLL_MAX_LANGS];
};

struct poll_question {
	char			*id;
	enum poll_kind		 kind;
	struct poll_text	 text;
	int			 n_options;
	struct poll_text	*options;	/* n_options entries */
	int			 no_opinion;	/* 0 may be answered */
	int			 overall;	/* the overall-satisfaction item */
};

struct poll_village {
	char			*id;
	struct poll_text	 name;
};

/* A spoken clip, shipped beside poll.json (see parse_audio in poll.c). */
struct poll_clip {
	uint8_t		 key[KEYS_HASH];	/* clip.h: language and text */
	char		*file;			/* a name beside poll.json */
	uint8_t		 sha256[KEYS_HASH];	/* of the file's bytes */
	int		 draft;			/* e.g. espeak-ng, not a voice */
};

struct poll {
	char			*id;
	int			 n_langs;
	char			*langs[POLL_MAX_LANGS];	/* "vi", "en", ... */
	struct poll_text	 title;
	struct poll_text	 intro;		/* may be all NULL but s[0] */
	char			 province_code[3];	/* "" if not named */
	struct poll_text	 province_name;
	char			 commune_code[6];
	struct poll_text	 commune_name;
	int			 n_villages;
	struct poll_village	*villages;
	enum poll_elig		 elig;
	int			 open_interval;	/* seconds, POLL_ELIG_OPEN */
	int			 pins_required;	/* 1 or 2 to close */
	double			 th_overall;	/* percent, e.g. 90.0 */
	double			 th_item;	/* percent, e.g. 80.0 */
	int			 k_anon;	/* batch / publication floor */
	char			*opens;		/* YYYY-MM-DD */
	char			*closes;	/* YYYY-MM-DD */
	char			*lookup;	/* public site base URL, or NULL */
	uint8_t			 draft[POLL_MAX_LANGS];	/* texts not reviewed */
	int			 n_questions;
	struct poll_question	*questions;
	int			 n_clips;
	struct poll_clip	*clips;
	uint8_t			 hash[KEYS_HASH]; /* SHA-256 of the file */
	uint8_t			*raw;		/* the file's bytes */
	size_t			 raw_len;
};

/*
 * Parse and validate a poll file's bytes.  On error *out is untouched and
 * *cause names the field and the reason, e.g. "questions[2].kind: unknown
 * kind \"stars\" (expected satisfaction, choice or scale)".
 */
int		 poll_parse(const uint8_t *buf, size_t len, struct poll **out,
		    char **cause);
int		 poll_load_file(const char *path, struct poll **out,
		    char **cause);
void		 poll_free(struct poll *);

/* The text in language lang, falling back to the first language. */
const char	*poll_text_get(const struct poll_text *, int lang);
/* The clip with this key, or NULL. */
const struct poll_clip *poll_clip_find(const struct poll *,
		    const uint8_t key[KEYS_HASH]);
/* Index of a language code in the poll, or -1. */
int		 poll_lang_index(const struct poll *, const char *code);
/*
 * The index in p->villages of the village named v, by its id or by its
 * name in any language, or -1: how a kiosk's --village (free text at
 * init) becomes the poll's village id.
 */
int		 poll_village_index(const struct poll *, const char *v);
const char	*poll_kind_name(enum poll_kind);
const char	*poll_elig_name(enum poll_elig);

/* 0 if answers (n bytes) fit the poll, else YK_EINVAL naming the item. */
int		 poll_check_answers(const struct poll *, const uint8_t *answers,
		    size_t n, char **cause);
/*
 * 1 if answer a to question q counts as satisfied, 0 if not, -1 if the
 * question has no satisfaction reading (choice) or a is "no opinion".
 */
int		 poll_is_satisfied(const struct poll_question *, uint8_t a);

#endif
