/*
 * ykien-province poll audio: attach, check and list a poll's spoken clips.
 *
 * Clips lie beside poll.json; poll.json's "audio" object lists each one by
 * its clip key (clip.h) with the file's SHA-256, so signing poll.json
 * afterwards covers the clips too.  Tools are run with posix_spawnp and an
 * argument vector, never through a shell: the text spoken is poll text.
 */
#include <sys/wait.h>

#include <errno.h>
#include <getopt.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ykien/cli.h"
#include "ykien/clip.h"
#include "ykien/i18n.h"
#include "ykien/json.h"
#include "ykien/keys.h"
#include "ykien/poll.h"
#include "ykien/util.h"
#include "pcmd.h"

#define PROG		PROV_PROG " poll audio"
#define CLIP_MAX	(4 * 1024 * 1024)	/* as the kiosk's KIOSK_CLIP_MAX */

extern char **environ;

static const char help[] =
"usage: ykien-province poll audio add [--draft] POLL.json LANG SCREEN FILE\n"
"       ykien-province poll audio add --draft-espeak POLL.json LANG SCREEN\n"
"       ykien-province poll audio check POLL.json\n"
"       ykien-province poll audio list POLL.json\n"
"       ykien-province poll audio text POLL.json LANG [SCREEN]\n"
"\n"
"The voter's screen speaks a clip when a screen opens: SCREEN is welcome\n"
"(the poll's title), a question id (the question, then each option's\n"
"number and meaning), review or thanks; \"all\" with --draft-espeak drafts\n"
"every screen.  Each clip is keyed by the SHA-256 of LANG, a zero byte and\n"
"the exact text it speaks (PROTOCOL.md): change a text and its clip shows\n"
"as missing.\n"
"\n"
"add    Copy FILE (WAV or Ogg Vorbis; WAV is converted to Ogg with oggenc\n"
"       when vorbis-tools is installed) beside POLL.json as KEY.ogg or\n"
"       KEY.wav, and list it in POLL.json's \"audio\" with its SHA-256.\n"
"       --draft marks it as not a reviewed recording.  --draft-espeak\n"
"       speaks the text with espeak-ng instead, marked draft (at the\n"
"       province only: a board never synthesizes).  Sign POLL.json again\n"
"       afterwards (ykien-province poll sign).\n"
"check  Each screen in each language: ok, draft, missing, or a file\n"
"       whose hash is wrong; and clips whose text no longer exists.  Exits\n"
"       1 when a listed file is missing or altered.\n"
"       Then, for each language, how many screens have a clip.\n"
"list   Each clip: key, file, draft or not.\n"
"text   The exact text to read aloud for SCREEN (every screen when it is\n"
"       left out), in LANG: record it word for word, then attach the\n"
"       recording with add.\n";

/* Run av (at most 7 words); 0 if it exited 0. */
static int
run(const char *const *av, char **cause)
{
	char	*argv[8];
	pid_t	 pid;
	int	 st, e, i;

	/* posix_spawn's argv is not const; copy the pointers to say so. */
	for (i = 0; i < 7 && av[i] != NULL; i++)
		memcpy(&argv[i], &av[i], sizeof argv[i]);
	argv[i] = NULL;
	if ((e = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ)) != 0)
		return util_fail(cause, YK_EIO, "cannot run %s: %s (install it: "
		    "apt-get install %s)", argv[0], strerror(e),
		    strcmp(argv[0], "oggenc") == 0 ? "vorbis-tools" : argv[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return util_fail(cause, YK_EIO, "waitpid: %s",
			    strerror(errno));
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return util_fail(cause, YK_EIO, "%s failed", argv[0]);
	return 0;
}

static int
has(const char *prog)
{
	const char *const argv[] = { "sh", "-c",
	    "command -v \"$0\" >/dev/null", prog, NULL };

	return run(argv, NULL) == 0;
}

static char *
dir_of(const char *path)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		return util_strdup(".");
	return util_printf("%.*s", (int)(slash - path), path);
}

/*
 * Make the clip file dst from src (or from espeak-ng when src is NULL),
 * converting WAV to Ogg when oggenc is there.  *ext gets "ogg" or "wav".
 * The Ogg stream's serial number is the key's first 31 bits, not oggenc's
 * random one, so the same text and recording always make the same bytes
 * (the build drafts the shipped polls' clips: see mk/clips.mk).
 */
static int
make_clip(const char *src, const char *lang, const char *text,
    const uint8_t key[KEYS_HASH], const char *dst_noext, const char **ext,
    char **cause)
{
	char	*wav = NULL, *dst = NULL, magic[4] = "", serial[16];
	FILE	*f;
	int	 rc = 0, ogg = has("oggenc");

	if (src == NULL) {
		if ((wav = util_printf("%s.tmp.wav", dst_noext)) == NULL)
			return util_fail(cause, YK_ENOMEM, "out of memory");
		const char *const argv[] = { "espeak-ng", "-v",
		    lang, "-w", wav, text, NULL };
		if ((rc = run(argv, cause)) != 0)
			goto out;
		src = wav;
	}
	if ((f = fopen(src, "rb")) == NULL) {
		rc = util_fail(cause, YK_ENOENT, "%s: %s", src, strerror(errno));
		goto out;
	}
	if (fread(magic, 1, 4, f) != 4)
		magic[0] = '\0';
	(void)fclose(f);
	if (memcmp(magic, "OggS", 4) == 0 || (memcmp(magic, "RIFF", 4) == 0 &&
	    !ogg))
		*ext = magic[0] == 'O' ? "ogg" : "wav";
	else if (memcmp(magic, "RIFF", 4) == 0)
		*ext = "ogg";
	else {
		rc = util_fail(cause, YK_EINVAL, "%s: neither WAV nor Ogg", src);
		goto out;
	}
	if ((dst = util_printf("%s.%s", dst_noext, *ext)) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if (magic[0] == 'R' && ogg) {
		snprintf(serial, sizeof serial, "%lu", (unsigned long)
		    ((uint32_t)key[0] << 23 | (uint32_t)key[1] << 15 |
		    (uint32_t)key[2] << 7 | key[3] >> 1));
		const char *const argv[] = { "oggenc", "-Q", "-s", serial,
		    "-o", dst, src, NULL };
		rc = run(argv, cause);
	} else {
		const char *const argv[] = { "cp", src, dst, NULL };
		rc = run(argv, cause);
	}
out:
	if (wav != NULL)
		(void)unlink(wav);
	free(wav);
	free(dst);
	return rc;
}

/*
 * Name the clip file made at tmp by its SHA-256 ("HASH16.EXT", so two
 * polls beside each other never overwrite each other's clips) and list it
 * in the poll file: "audio": {KEY: {file, sha256, draft}}.
 */
static int
list_clip(const char *path, const char *hexkey, const char *tmp,
    const char *ext, const char *dir, int draft, char **file, char **cause)
{
	struct json	*root = NULL, *audio, *c;
	uint8_t		*buf = NULL, h[KEYS_HASH];
	char		*out = NULL, *dst, hex[2 * KEYS_HASH + 1];
	size_t		 len;
	int		 rc;

	if ((rc = util_read_file(tmp, CLIP_MAX, &buf, &len, cause)) != 0)
		return rc;
	keys_sha256(h, buf, len);
	keys_hex(h, KEYS_HASH, hex);
	free(buf);
	if ((*file = util_printf("%.16s.%s", hex, ext)) == NULL ||
	    (dst = util_path(dir, *file)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = rename(tmp, dst);
	free(dst);
	if (rc != 0)
		return util_fail(cause, YK_EIO, "rename %s: %s", tmp,
		    strerror(errno));
	if ((rc = util_read_file(path, POLL_MAX_FILE, &buf, &len, cause)) != 0)
		return rc;
	rc = json_parse(buf, len, &root, cause);
	free(buf);
	if (rc != 0)
		return rc;
	if ((audio = json_member(root, "audio")) == NULL &&
	    json_set(root, "audio", audio = json_new_object()) != 0)
		audio = NULL;
	if (audio == NULL || (c = json_new_object()) == NULL ||
	    (json_set_str(c, "file", *file) | json_set_str(c, "sha256", hex) |
	    json_set_bool(c, "draft", draft) | json_set(audio, hexkey, c)) != 0 ||
	    (out = json_write(root)) == NULL)
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
	else
		rc = util_write_atomic(path, out, strlen(out), 0644, cause);
	free(out);
	json_free(root);
	return rc;
}

static int
add_one(const char *path, const struct poll *p, int lang, const char *what,
    const char *src, int draft, char **cause)
{
	char		*text, *dir, *noext, *tmp = NULL, *file = NULL;
	char		 hex[2 * KEYS_HASH + 1];
	const char	*ext = "ogg";
	uint8_t		 key[KEYS_HASH];
	int		 rc;

	if ((rc = clip_text(p, what, lang, &text)) != 0)
		return util_fail(cause, rc, "%s: not a screen (welcome, a "
		    "question id, review or thanks)", what);
	clip_key(p->langs[lang], text, key);
	keys_hex(key, KEYS_HASH, hex);
	if ((dir = dir_of(path)) == NULL ||
	    (noext = util_printf("%s/.%.16s.tmp", dir, hex)) == NULL) {
		free(dir);
		free(text);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	/* espeak-ng speaks "vi"; a language it lacks fails with its error. */
	rc = make_clip(src, p->langs[lang], text, key, noext, &ext, cause);
	if (rc == 0 && (tmp = util_printf("%s.%s", noext, ext)) == NULL)
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
	if (rc == 0 && (rc = list_clip(path, hex, tmp, ext, dir, draft, &file,
	    cause)) == 0)
		printf("%s %s: %s (%s%s)\n", p->langs[lang], what, file, hex,
		    draft ? ", draft" : "");
	if (tmp != NULL)
		(void)unlink(tmp);
	free(tmp);
	free(file);
	free(noext);
	free(dir);
	free(text);
	return rc;
}

static int
add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "draft", no_argument, NULL, 'd' },
		{ "draft-espeak", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct poll	*p = NULL;
	char		*cause = NULL;
	int		 ch, draft = 0, espeak = 0, lang, i, rc = 0, utf8;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': draft = 1; break;
		case 'e': espeak = draft = 1; break;
		case 'h': fputs(help, stdout); return CLI_OK;
		default: return cli_usage_error(PROG " add", "unknown option");
		}
	}
	if (argc - optind != (espeak ? 3 : 4))
		return cli_usage_error(PROG " add", espeak ? "POLL.json LANG "
		    "SCREEN expected" : "POLL.json LANG SCREEN FILE expected");
	(void)i18n_init(NULL, &utf8, NULL);
	if ((rc = poll_load_file(argv[optind], &p, &cause)) != 0)
		return cli_done(PROG " add", rc, cause);
	if ((lang = poll_lang_index(p, argv[optind + 1])) < 0) {
		poll_free(p);
		return cli_usage_error(PROG " add", "%s: not one of the poll's "
		    "languages", argv[optind + 1]);
	}
	if (espeak && strcmp(argv[optind + 2], "all") == 0)
		for (i = 0; i < clip_screens(p) && rc == 0; i++)
			rc = add_one(argv[optind], p, lang, clip_screen(p, i),
			    NULL, 1, &cause);
	else
		rc = add_one(argv[optind], p, lang, argv[optind + 2],
		    espeak ? NULL : argv[optind + 3], draft, &cause);
	poll_free(p);
	return cli_done(PROG " add", rc, cause);
}

/* The state of one listed clip's file: "ok", "MISSING FILE", "ALTERED". */
static const char *
file_state(const char *dir, const struct poll_clip *c)
{
	uint8_t		*buf, h[KEYS_HASH];
	size_t		 len;
	char		*path;
	int		 rc;

	if ((path = util_path(dir, c->file)) == NULL)
		return "MISSING FILE";
	rc = util_read_file(path, CLIP_MAX, &buf, &len, NULL);
	free(path);
	if (rc != 0)
		return "MISSING FILE";
	keys_sha256(h, buf, len);
	free(buf);
	return memcmp(h, c->sha256, KEYS_HASH) == 0 ? "ok" : "ALTERED";
}

/*
 * Each screen in each language; then a count per language, so that a
 * language with no clip at all (no voice to draft it with) is plain.
 */
int
pcmd_audio_report(const char *path, const struct poll *p, int verbose)
{
	uint8_t			 key[KEYS_HASH];
	uint8_t			*used;
	const struct poll_clip	*c;
	const char		*st;
	char			*text, *dir;
	int			 l, i, n = 0, missing = 0, bad = 0, drafts = 0;
	int			 ln, lmiss, ldraft;

	if ((dir = dir_of(path)) == NULL ||
	    (used = calloc((size_t)p->n_clips + 1, 1)) == NULL) {
		free(dir);
		return -1;
	}
	for (l = 0; l < p->n_langs; l++) {
		ln = lmiss = ldraft = 0;
		for (i = 0; i < clip_screens(p); i++) {
			if (clip_text(p, clip_screen(p, i), l, &text) != 0)
				continue;
			clip_key(p->langs[l], text, key);
			free(text);
			ln++;
			if ((c = poll_clip_find(p, key)) == NULL) {
				lmiss++;
				if (verbose)
					printf("  %s %s: missing\n",
					    p->langs[l], clip_screen(p, i));
				continue;
			}
			used[c - p->clips] = 1;
			st = file_state(dir, c);
			bad += strcmp(st, "ok") != 0;
			ldraft += c->draft;
			if (verbose || strcmp(st, "ok") != 0)
				printf("  %s %s: %s%s (%s)\n", p->langs[l],
				    clip_screen(p, i), st, c->draft ?
				    ", draft" : "", c->file);
		}
		printf("  audio %s: %d of %d screens (%d draft), %d missing\n",
		    p->langs[l], ln - lmiss, ln, ldraft, lmiss);
		n += ln;
		missing += lmiss;
		drafts += ldraft;
	}
	for (i = 0; i < p->n_clips; i++)
		if (!used[i])
			printf("  audio clip %s: its text is gone (stale)\n",
			    p->clips[i].file);
	printf("  audio: %d of %d screens have a clip (%d draft), %d "
	    "missing%s\n", n - missing, n, drafts, missing, bad ?
	    ", SOME FILES MISSING OR ALTERED" : "");
	free(used);
	free(dir);
	return bad ? 1 : 0;
}

static int
check_or_list(int argc, char **argv, int list)
{
	struct poll	*p;
	char		*cause = NULL;
	int		 rc, i, utf8;

	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return CLI_OK;
	}
	if (argc != 2)
		return cli_usage_error(PROG, "exactly one poll file expected");
	(void)i18n_init(NULL, &utf8, NULL);
	if ((rc = poll_load_file(argv[1], &p, &cause)) != 0)
		return cli_done(PROG, rc, cause);
	if (list) {
		for (i = 0; i < p->n_clips; i++) {
			char hex[2 * KEYS_HASH + 1];

			keys_hex(p->clips[i].key, KEYS_HASH, hex);
			printf("%s %s%s\n", hex, p->clips[i].file,
			    p->clips[i].draft ? " draft" : "");
		}
		rc = 0;
	} else
		rc = pcmd_audio_report(argv[1], p, 1);
	poll_free(p);
	return rc == 0 ? CLI_OK : CLI_FAIL;
}

/* The script a speaker reads: each screen's name, then its exact text. */
static int
text(int argc, char **argv)
{
	struct poll	*p;
	char		*cause = NULL, *t;
	int		 rc, i, lang, utf8;

	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return CLI_OK;
	}
	if (argc != 3 && argc != 4)
		return cli_usage_error(PROG " text", "POLL.json LANG [SCREEN] "
		    "expected");
	(void)i18n_init(NULL, &utf8, NULL);
	if ((rc = poll_load_file(argv[1], &p, &cause)) != 0)
		return cli_done(PROG " text", rc, cause);
	if ((lang = poll_lang_index(p, argv[2])) < 0) {
		poll_free(p);
		return cli_usage_error(PROG " text", "%s: not one of the "
		    "poll's languages", argv[2]);
	}
	for (i = 0; i < clip_screens(p) && rc == 0; i++) {
		if (argc == 4 && strcmp(argv[3], clip_screen(p, i)) != 0)
			continue;
		if ((rc = clip_text(p, clip_screen(p, i), lang, &t)) != 0)
			break;
		printf("== %s %s\n%s\n\n", argv[2], clip_screen(p, i), t);
		free(t);
		if (argc == 4)
			break;
	}
	if (rc == 0 && argc == 4 && i == clip_screens(p))
		rc = util_fail(&cause, YK_ENOENT, "%s: not a screen (welcome, "
		    "a question id, review or thanks)", argv[3]);
	poll_free(p);
	return cli_done(PROG " text", rc, cause);
}

static int
check(int argc, char **argv)
{
	return check_or_list(argc, argv, 0);
}

static int
list(int argc, char **argv)
{
	return check_or_list(argc, argv, 1);
}

int
pcmd_poll_audio(int argc, char **argv)
{
	static const struct cli_cmd sub[] = {
		{ "add", add, "attach a WAV or Ogg clip (or an espeak draft)" },
		{ "check", check, "each screen's clip in each language" },
		{ "list", list, "the clips a poll lists" },
		{ "text", text, "the exact text to record for a screen" },
		{ NULL, NULL, NULL },
	};

	return cli_group(PROG, help, sub, argc, argv);
}
