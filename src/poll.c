/*
 * poll: the JSON poll file, checked field by field.  Every error names the
 * field path and the reason, because the person reading it is a province
 * clerk with a text editor, not a programmer.  Unknown fields are errors: a
 * misspelt "no_opinon" silently ignored would change what voters see.
 *
 * All texts are normalised to NFC after the signature has been checked over
 * the raw bytes, so the signature covers exactly what the author signed.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/json.h"
#include "ykien/poll.h"
#include "ykien/text.h"
#include "ykien/util.h"

#define POLL_FORMAT	"ykien/v1/poll"
#define MAX_TEXT	4096

static const char *top_keys[] = { "format", "id", "languages", "title",
    "intro", "province", "commune", "villages", "eligibility", "threshold", "k",
    "closing_pins", "period", "questions", "lookup", "drafts", "audio", NULL };
static const char *q_keys[] = { "id", "kind", "text", "options",
    "no_opinion", "overall", NULL };

static int
check_keys(struct json *obj, const char **allowed, const char *path,
    char **cause)
{
	const char	*key;
	struct json	*v;
	int		 i, ok;

	json_each_member(obj, key, v) {
		ok = 0;
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(key, allowed[i]) == 0)
				ok = 1;
		if (!ok)
			return util_fail(cause, YK_EINVAL,
			    "%s%s%s: unknown field", path, *path ? "." : "",
			    key);
	}
	return 0;
}

static int
valid_id(const char *s, size_t max)
{
	size_t	i, n = strlen(s);

	if (n == 0 || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) &&
		    s[i] != '-' && s[i] != '_' && s[i] != '.')
			return 0;
	return 1;
}

static int
get_id(struct json *obj, const char *key, const char *path, size_t max,
    char **out, char **cause)
{
	struct json	*v = json_member(obj, key);

	if (v == NULL)
		return util_fail(cause, YK_EINVAL, "%s%s%s: missing", path,
		    *path ? "." : "", key);
	if (json_str(v) == NULL || !valid_id(json_str(v), max))
		return util_fail(cause, YK_EINVAL, "%s%s%s: must be 1-%zu "
		    "characters of a-z, 0-9, '-', '_' or '.'", path,
		    *path ? "." : "", key, max);
	if ((*out = strdup(json_str(v))) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	return 0;
}

static int
nfc_string(struct json *v, const char *path, char **out, char **cause)
{
	const char	*s;
	size_t		 len, at;

	if (json_str(v) == NULL)
		return util_fail(cause, YK_EINVAL, "%s: must be a string", path);
	s = json_str(v);
	len = json_str_len(v);
	if (len == 0 || len > MAX_TEXT)
		return util_fail(cause, YK_EINVAL,
		    "%s: must be 1 to %d bytes long", path, MAX_TEXT);
	if (!text_valid(s, len))
		return util_fail(cause, YK_EINVAL,
		    "%s: not valid UTF-8 text", path);
	/* Poll text reaches terminals and signed sheets: nothing active. */
	if (!text_inert(s, len, &at))
		return util_fail(cause, YK_EINVAL, "%s: a control character "
		    "at byte %zu (C0, C1, DEL or a bidi control); poll text "
		    "must be plain", path, at);
	if ((*out = text_nfc(s)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	return 0;
}

/* A {"vi": "...", "en": "..."} object: the first language is required. */
static int
get_text(const struct poll *p, struct json *obj, const char *key,
    const char *path, int required, struct poll_text *out, char **cause)
{
	struct json	*v = json_member(obj, key), *s;
	const char	*lang;
	char		 sub[256];
	int		 i, rc;

	if (v == NULL) {
		if (!required)
			return 0;
		return util_fail(cause, YK_EINVAL, "%s%s%s: missing", path,
		    *path ? "." : "", key);
	}
	if (json_kind(v) != JSON_KIND_OBJECT)
		return util_fail(cause, YK_EINVAL, "%s%s%s: must be an object "
		    "of texts by language, e.g. {\"vi\": \"...\"}", path,
		    *path ? "." : "", key);
	json_each_member(v, lang, s) {
		if ((i = poll_lang_index(p, lang)) == -1)
			return util_fail(cause, YK_EINVAL, "%s%s%s.%s: language "
			    "not listed in \"languages\"", path,
			    *path ? "." : "", key, lang);
		snprintf(sub, sizeof sub, "%s%s%s.%s", path, *path ? "." : "",
		    key, lang);
		free(out->s[i]);
		out->s[i] = NULL;
		if ((rc = nfc_string(s, sub, &out->s[i], cause)) != 0)
			return rc;
	}
	if (out->s[0] == NULL)
		return util_fail(cause, YK_EINVAL, "%s%s%s.%s: missing (the "
		    "first language is required)", path, *path ? "." : "", key,
		    p->langs[0]);
	return 0;
}

static int
get_int(struct json *obj, const char *key, const char *path, long long lo,
    long long hi, long long def, long long *out, char **cause)
{
	struct json	*v = json_member(obj, key);
	long long	 n;

	if (v == NULL) {
		*out = def;
		return 0;
	}
	if (json_int(v, &n) != 0 || n < lo || n > hi)
		return util_fail(cause, YK_EINVAL,
		    "%s%s%s: must be an integer from %lld to %lld", path,
		    *path ? "." : "", key, lo, hi);
	*out = n;
	return 0;
}

static int
get_bool(struct json *obj, const char *key, const char *path, int *out,
    char **cause)
{
	struct json	*v = json_member(obj, key);

	*out = 0;
	if (v == NULL)
		return 0;
	if (json_bool(v, out) != 0)
		return util_fail(cause, YK_EINVAL, "%s.%s: must be true or "
		    "false", path, key);
	return 0;
}

static int
valid_date(const char *s)
{
	int	y, m, d;
	char	extra;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d,
	    &extra) != 3)
		return 0;
	return y >= 2000 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= 31;
}

static int
parse_languages(struct poll *p, struct json *root, char **cause)
{
	struct json	*v = json_member(root, "languages"), *l;
	size_t	 i, j;

	if (v == NULL)
		return util_fail(cause, YK_EINVAL, "languages: missing");
	if (json_kind(v) != JSON_KIND_ARRAY || json_count(v) == 0 ||
	    json_count(v) > POLL_MAX_LANGS)
		return util_fail(cause, YK_EINVAL, "languages: must be a list "
		    "of 1 to %d language codes, e.g. [\"vi\", \"en\"]",
		    POLL_MAX_LANGS);
	json_each_item(v, i, l) {
		const char *s = json_str(l);
		if (s == NULL || strlen(s) < 2 || strlen(s) > 12 ||
		    strspn(s, "abcdefghijklmnopqrstuvwxyz_@") != strlen(s) ||
		    strchr("_@", s[0]) != NULL)
			return util_fail(cause, YK_EINVAL, "languages[%zu]: "
			    "must be a lower-case code such as \"vi\", or "
			    "\"blt@latin\" for a script", i);
		for (j = 0; j < i; j++)
			if (strcmp(p->langs[j], s) == 0)
				return util_fail(cause, YK_EINVAL,
				    "languages[%zu]: \"%s\" listed twice", i, s);
		if ((p->langs[i] = strdup(s)) == NULL)
			return util_fail(cause, YK_ENOMEM, "out of memory");
		p->n_langs = (int)i + 1;
	}
	return 0;
}

/*
 * The province the poll belongs to, so that what a province publishes
 * names it and a national store can group by it.  Optional: polls
 * signed before it existed load with an empty code.
 */
static int
parse_province(struct poll *p, struct json *root, char **cause)
{
	struct json	*c = json_member(root, "province");
	static const char *keys[] = { "code", "name", NULL };
	const char	*code;
	int		 rc;

	if (c == NULL)
		return 0;
	if (json_kind(c) != JSON_KIND_OBJECT)
		return util_fail(cause, YK_EINVAL, "province: not an object "
		    "{\"code\": \"14\", \"name\": {...}}");
	if ((rc = check_keys(c, keys, "province", cause)) != 0)
		return rc;
	code = json_str(json_member(c, "code"));
	if (code == NULL || strlen(code) != 2 || strspn(code, "0123456789")
	    != 2)
		return util_fail(cause, YK_EINVAL, "province.code: must be the "
		    "2-digit province code (Sơn La: \"14\")");
	memcpy(p->province_code, code, 3);
	return get_text(p, c, "name", "province", 1, &p->province_name,
	    cause);
}

static int
parse_commune(struct poll *p, struct json *root, char **cause)
{
	struct json	*c = json_member(root, "commune"), *v, *vs;
	static const char *c_keys[] = { "code", "name", NULL };
	static const char *v_keys[] = { "id", "name", NULL };
	const char	*code;
	char		 path[64];
	size_t		 i;
	int		 j, rc;

	if (c == NULL || json_kind(c) != JSON_KIND_OBJECT)
		return util_fail(cause, YK_EINVAL, "commune: missing or not an "
		    "object {\"code\": \"14xxx\", \"name\": {...}}");
	if ((rc = check_keys(c, c_keys, "commune", cause)) != 0)
		return rc;
	code = json_str(json_member(c, "code"));
	if (code == NULL || strlen(code) != 5 || strspn(code, "0123456789")
	    != 5)
		return util_fail(cause, YK_EINVAL,
		    "commune.code: must be the 5-digit commune code");
	memcpy(p->commune_code, code, 6);
	if ((rc = get_text(p, c, "name", "commune", 1, &p->commune_name,
	    cause)) != 0)
		return rc;

	vs = json_member(root, "villages");
	if (vs == NULL || json_kind(vs) != JSON_KIND_ARRAY ||
	    json_count(vs) == 0 ||
	    json_count(vs) > POLL_MAX_VILLAGES)
		return util_fail(cause, YK_EINVAL, "villages: must be a list of "
		    "1 to %d villages", POLL_MAX_VILLAGES);
	p->villages = util_calloc(json_count(vs), sizeof *p->villages);
	if (p->villages == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	json_each_item(vs, i, v) {
		snprintf(path, sizeof path, "villages[%zu]", i);
		p->n_villages = (int)i + 1;
		if (json_kind(v) != JSON_KIND_OBJECT)
			return util_fail(cause, YK_EINVAL, "%s: must be an "
			    "object", path);
		if ((rc = check_keys(v, v_keys, path, cause)) != 0 ||
		    (rc = get_id(v, "id", path, 64, &p->villages[i].id,
		    cause)) != 0 ||
		    (rc = get_text(p, v, "name", path, 1, &p->villages[i].name,
		    cause)) != 0)
			return rc;
		for (j = 0; j < (int)i; j++)
			if (strcmp(p->villages[j].id, p->villages[i].id) == 0)
				return util_fail(cause, YK_EINVAL, "%s.id: "
				    "\"%s\" used twice", path,
				    p->villages[i].id);
	}
	return 0;
}

/*
 * "drafts": the languages whose texts in this file are drafts, not yet
 * reviewed by a native speaker, e.g. ["blt", "hmn"].  poll check says so.
 */
static int
parse_drafts(struct poll *p, struct json *root, char **cause)
{
	struct json	*v, *l;
	size_t		 i;
	int		 k;

	if ((v = json_member(root, "drafts")) == NULL)
		return 0;
	if (json_kind(v) != JSON_KIND_ARRAY)
		return util_fail(cause, YK_EINVAL, "drafts: must be a list of "
		    "the poll's language codes, e.g. [\"blt\", \"hmn\"]");
	json_each_item(v, i, l) {
		if ((k = poll_lang_index(p, json_str(l) != NULL ?
		    json_str(l) : "")) < 0)
			return util_fail(cause, YK_EINVAL, "drafts[%zu]: not one "
			    "of the poll's languages", i);
		p->draft[k] = 1;
	}
	return 0;
}

/*
 * "audio": the spoken clips, {KEY: {"file": NAME, "sha256": HEX, "draft":
 * BOOL}}, KEY being the clip key of a language and a text (clip.h).  The
 * files lie beside poll.json; their hashes here put them under the poll's
 * signature.  A file name is a plain name, never a path.
 */
static int
parse_audio(struct poll *p, struct json *root, char **cause)
{
	static const char	*keys[] = { "file", "sha256", "draft", NULL };
	struct json		*v, *c;
	struct poll_clip	*pc;
	const char		*key, *file, *sha;
	char			 path[96];
	int			 rc;

	if ((v = json_member(root, "audio")) == NULL)
		return 0;
	if (json_kind(v) != JSON_KIND_OBJECT || json_count(v) > POLL_MAX_CLIPS)
		return util_fail(cause, YK_EINVAL, "audio: must be an object "
		    "of at most %d clips", POLL_MAX_CLIPS);
	if ((p->clips = util_calloc(json_count(v) + 1, sizeof *p->clips)) ==
	    NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	json_each_member(v, key, c) {
		pc = &p->clips[p->n_clips];
		snprintf(path, sizeof path, "audio.%.64s", key);
		if (json_kind(c) != JSON_KIND_OBJECT)
			return util_fail(cause, YK_EINVAL, "%s: must be an "
			    "object", path);
		if ((rc = check_keys(c, keys, path, cause)) != 0)
			return rc;
		file = json_str(json_member(c, "file"));
		sha = json_str(json_member(c, "sha256"));
		if (strlen(key) != 2 * KEYS_HASH ||
		    keys_unhex(key, pc->key, KEYS_HASH) != 0)
			return util_fail(cause, YK_EINVAL, "%s: a clip key is 64 "
			    "hex digits", path);
		if (sha == NULL || keys_unhex(sha, pc->sha256, KEYS_HASH) != 0)
			return util_fail(cause, YK_EINVAL, "%s.sha256: must be "
			    "64 hex digits", path);
		if (file == NULL || !valid_id(file, 128) || file[0] == '.')
			return util_fail(cause, YK_EINVAL, "%s.file: must be a "
			    "plain file name (a-z 0-9 . _ -, no leading .)", path);
		if (json_member(c, "draft") != NULL &&
		    json_bool(json_member(c, "draft"), &pc->draft) != 0)
			return util_fail(cause, YK_EINVAL, "%s.draft: must be "
			    "true or false", path);
		if ((pc->file = util_strdup(file)) == NULL)
			return util_fail(cause, YK_ENOMEM, "out of memory");
		p->n_clips++;
	}
	return 0;
}

const struct poll_clip *
poll_clip_find(const struct poll *p, const uint8_t key[KEYS_HASH])
{
	int	i;

	for (i = 0; i < p->n_clips; i++)
		if (memcmp(p->clips[i].key, key, KEYS_HASH) == 0)
			return &p->clips[i];
	return NULL;
}

/*
 * "lookup": the public site's base URL, e.g. "https://ykien.sonla.gov.vn".
 * The receipt's QR code then opens BASE/polls/ID/#CODE, the published
 * lookup page with the code filled in.  Printable ASCII only: it goes
 * into a QR code and onto a screen.
 */
static int
parse_lookup(struct poll *p, struct json *root, char **cause)
{
	struct json	*v;
	const char	*s;
	size_t		 i, n;

	if ((v = json_member(root, "lookup")) == NULL)
		return 0;
	if ((s = json_str(v)) == NULL || (strncmp(s, "https://", 8) != 0 &&
	    strncmp(s, "http://", 7) != 0) || (n = strlen(s)) > 200)
		return util_fail(cause, YK_EINVAL, "lookup: must be an http(s) "
		    "URL of at most 200 characters, e.g. "
		    "\"https://ykien.sonla.gov.vn\"");
	for (i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~' || s[i] == '#')
			return util_fail(cause, YK_EINVAL, "lookup: no spaces, "
			    "'#' or characters outside ASCII");
	/* A trailing '/' is dropped: "/polls/" follows. */
	if ((p->lookup = util_printf("%.*s", (int)(s[n - 1] == '/' ? n - 1 :
	    n), s)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	return 0;
}

/*
 * The poll's rules: eligibility, threshold, k, closing PINs and period.
 * Long: five short blocks, each a field's checks with the message that
 * names it, in the order the fields appear in a poll file; apart they
 * would only pass root and cause around.
 */
static int
parse_rules(struct poll *p, struct json *root, char **cause)
{
	static const char *e_keys[] = { "mode", "min_interval", NULL };
	static const char *t_keys[] = { "overall", "item", NULL };
	static const char *d_keys[] = { "opens", "closes", NULL };
	struct json	*e, *t, *d, *v;
	const char	*mode, *s;
	long long	 n;
	double		 x;
	int		 rc;

	p->elig = POLL_ELIG_CODE;
	p->open_interval = 20;
	if ((e = json_member(root, "eligibility")) != NULL) {
		if (json_kind(e) != JSON_KIND_OBJECT)
			return util_fail(cause, YK_EINVAL, "eligibility: must be "
			    "an object {\"mode\": \"household-code\"}");
		if ((rc = check_keys(e, e_keys, "eligibility", cause)) != 0)
			return rc;
		mode = json_str(json_member(e, "mode"));
		if (mode == NULL)
			return util_fail(cause, YK_EINVAL,
			    "eligibility.mode: missing");
		if (strcmp(mode, "household-code") == 0)
			p->elig = POLL_ELIG_CODE;
		else if (strcmp(mode, "supervised") == 0)
			p->elig = POLL_ELIG_SUPERVISED;
		else if (strcmp(mode, "open") == 0)
			p->elig = POLL_ELIG_OPEN;
		else
			return util_fail(cause, YK_EINVAL, "eligibility.mode: "
			    "unknown mode \"%s\" (expected household-code, "
			    "supervised or open)", mode);
		if ((rc = get_int(e, "min_interval", "eligibility", 0, 3600, 20,
		    &n, cause)) != 0)
			return rc;
		p->open_interval = (int)n;
	}

	p->th_overall = 90.0;
	p->th_item = 80.0;
	if ((t = json_member(root, "threshold")) != NULL) {
		if (json_kind(t) != JSON_KIND_OBJECT)
			return util_fail(cause, YK_EINVAL, "threshold: must be an "
			    "object {\"overall\": 90, \"item\": 80}");
		if ((rc = check_keys(t, t_keys, "threshold", cause)) != 0)
			return rc;
		if ((v = json_member(t, "overall")) != NULL) {
			if (json_num(v, &x) != 0 || x < 0 || x > 100)
				return util_fail(cause, YK_EINVAL,
				    "threshold.overall: must be a percentage "
				    "from 0 to 100");
			p->th_overall = x;
		}
		if ((v = json_member(t, "item")) != NULL) {
			if (json_num(v, &x) != 0 || x < 0 || x > 100)
				return util_fail(cause, YK_EINVAL,
				    "threshold.item: must be a percentage from "
				    "0 to 100");
			p->th_item = x;
		}
	}
	if ((rc = get_int(root, "k", "", 1, 1000, 10, &n, cause)) != 0)
		return rc;
	p->k_anon = (int)n;
	if ((rc = get_int(root, "closing_pins", "", 1, 2, 2, &n, cause)) != 0)
		return rc;
	p->pins_required = (int)n;

	if ((rc = parse_lookup(p, root, cause)) != 0 ||
	    (rc = parse_drafts(p, root, cause)) != 0 ||
	    (rc = parse_audio(p, root, cause)) != 0)
		return rc;
	if ((d = json_member(root, "period")) == NULL)
		return util_fail(cause, YK_EINVAL, "period: missing "
		    "({\"opens\": \"2026-12-01\", \"closes\": \"2026-12-21\"})");
	if (json_kind(d) != JSON_KIND_OBJECT ||
	    (rc = check_keys(d, d_keys, "period", cause)) != 0)
		return util_fail(cause, YK_EINVAL, "period: must be an object "
		    "with \"opens\" and \"closes\"");
	s = json_str(json_member(d, "opens"));
	if (s == NULL || !valid_date(s))
		return util_fail(cause, YK_EINVAL,
		    "period.opens: must be a date YYYY-MM-DD");
	p->opens = strdup(s);
	s = json_str(json_member(d, "closes"));
	if (s == NULL || !valid_date(s))
		return util_fail(cause, YK_EINVAL,
		    "period.closes: must be a date YYYY-MM-DD");
	p->closes = strdup(s);
	if (p->opens == NULL || p->closes == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if (strcmp(p->opens, p->closes) > 0)
		return util_fail(cause, YK_EINVAL,
		    "period: \"closes\" is before \"opens\"");
	return 0;
}

static int
parse_question(struct poll *p, struct json *q, size_t i, char **cause)
{
	struct poll_question	*pq = &p->questions[i];
	const char		*kind;
	struct json		*opts, *o;
	char			 path[64], sub[128];
	size_t			 j;
	int			 rc, want = 0;

	snprintf(path, sizeof path, "questions[%zu]", i);
	if (json_kind(q) != JSON_KIND_OBJECT)
		return util_fail(cause, YK_EINVAL, "%s: must be an object", path);
	if ((rc = check_keys(q, q_keys, path, cause)) != 0 ||
	    (rc = get_id(q, "id", path, 32, &pq->id, cause)) != 0)
		return rc;
	if ((kind = json_str(json_member(q, "kind"))) == NULL)
		return util_fail(cause, YK_EINVAL, "%s.kind: missing", path);
	if (strcmp(kind, "satisfaction") == 0) {
		pq->kind = POLL_SATISFACTION;
		want = 2;
	} else if (strcmp(kind, "scale") == 0) {
		pq->kind = POLL_SCALE;
		want = 5;
	} else if (strcmp(kind, "choice") == 0)
		pq->kind = POLL_CHOICE;
	else
		return util_fail(cause, YK_EINVAL, "%s.kind: unknown kind "
		    "\"%s\" (expected satisfaction, choice or scale)", path,
		    kind);
	if ((rc = get_text(p, q, "text", path, 1, &pq->text, cause)) != 0 ||
	    (rc = get_bool(q, "no_opinion", path, &pq->no_opinion,
	    cause)) != 0 ||
	    (rc = get_bool(q, "overall", path, &pq->overall, cause)) != 0)
		return rc;
	if (pq->overall && pq->kind == POLL_CHOICE)
		return util_fail(cause, YK_EINVAL, "%s.overall: a choice "
		    "question cannot be the overall satisfaction item", path);

	opts = json_member(q, "options");
	if (opts == NULL && want == 0)
		return util_fail(cause, YK_EINVAL, "%s.options: missing (a "
		    "choice question needs 2 to %d options)", path,
		    POLL_MAX_OPTIONS);
	if (opts != NULL) {
		if (json_kind(opts) != JSON_KIND_ARRAY)
			return util_fail(cause, YK_EINVAL, "%s.options: must be "
			    "a list", path);
		if (want != 0 && json_count(opts) != (size_t)want)
			return util_fail(cause, YK_EINVAL, "%s.options: a %s "
			    "question has exactly %d options", path, kind, want);
		if (json_count(opts) < 2 ||
		    json_count(opts) > POLL_MAX_OPTIONS)
			return util_fail(cause, YK_EINVAL, "%s.options: must "
			    "have 2 to %d options", path, POLL_MAX_OPTIONS);
		want = (int)json_count(opts);
	}
	pq->n_options = want;
	if ((pq->options = util_calloc((size_t)want, sizeof *pq->options))
	    == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if (opts != NULL) {
		json_each_item(opts, j, o) {
			struct json *wrap = json_wrap("o", o);
			snprintf(sub, sizeof sub, "%s.options[%zu]", path, j);
			if (wrap == NULL)
				return util_fail(cause, YK_ENOMEM,
				    "out of memory");
			rc = get_text(p, wrap, "o", "", 1, &pq->options[j],
			    cause);
			json_free(wrap);
			if (rc != 0)
				return util_wrap(cause, rc, "%s", sub);
		}
	}
	return 0;
}

static int
parse_questions(struct poll *p, struct json *root, char **cause)
{
	struct json	*qs = json_member(root, "questions"), *q;
	size_t	 i;
	int	 j, rc, overall = 0;

	if (qs == NULL || json_kind(qs) != JSON_KIND_ARRAY ||
	    json_count(qs) == 0 ||
	    json_count(qs) > POLL_MAX_QUESTIONS)
		return util_fail(cause, YK_EINVAL, "questions: must be a list "
		    "of 1 to %d questions", POLL_MAX_QUESTIONS);
	p->questions = util_calloc(json_count(qs), sizeof *p->questions);
	if (p->questions == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	json_each_item(qs, i, q) {
		p->n_questions = (int)i + 1;
		if ((rc = parse_question(p, q, i, cause)) != 0)
			return rc;
		for (j = 0; j < (int)i; j++)
			if (strcmp(p->questions[j].id, p->questions[i].id) == 0)
				return util_fail(cause, YK_EINVAL,
				    "questions[%zu].id: \"%s\" used twice", i,
				    p->questions[i].id);
		if (p->questions[i].overall && overall++)
			return util_fail(cause, YK_EINVAL, "questions[%zu]."
			    "overall: only one question may be the overall "
			    "item", i);
	}
	return 0;
}

int
poll_parse(const uint8_t *buf, size_t len, struct poll **out, char **cause)
{
	struct poll	*p;
	struct json	*root;
	const char	*fmt;
	int		 rc;

	if (len > POLL_MAX_FILE)
		return util_fail(cause, YK_EINVAL, "poll file too large "
		    "(%zu bytes, limit %d)", len, POLL_MAX_FILE);
	if (!text_valid((const char *)buf, len))
		return util_fail(cause, YK_EINVAL,
		    "poll file is not valid UTF-8 text");
	if ((rc = json_parse(buf, len, &root, cause)) != 0)
		return rc;
	if (json_kind(root) != JSON_KIND_OBJECT) {
		json_free(root);
		return util_fail(cause, YK_EINVAL,
		    "poll file must hold a JSON object");
	}
	if ((p = util_calloc(1, sizeof *p)) == NULL) {
		json_free(root);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	fmt = json_str(json_member(root, "format"));
	if ((rc = check_keys(root, top_keys, "", cause)) != 0)
		goto fail;
	if (fmt == NULL || strcmp(fmt, POLL_FORMAT) != 0) {
		rc = util_fail(cause, YK_EINVAL, "format: must be \"%s\"",
		    POLL_FORMAT);
		goto fail;
	}
	if ((rc = get_id(root, "id", "", POLL_ID_MAX, &p->id, cause)) != 0 ||
	    (rc = parse_languages(p, root, cause)) != 0 ||
	    (rc = get_text(p, root, "title", "", 1, &p->title, cause)) != 0 ||
	    (rc = get_text(p, root, "intro", "", 0, &p->intro, cause)) != 0 ||
	    (rc = parse_province(p, root, cause)) != 0 ||
	    (rc = parse_commune(p, root, cause)) != 0 ||
	    (rc = parse_rules(p, root, cause)) != 0 ||
	    (rc = parse_questions(p, root, cause)) != 0)
		goto fail;
	if ((p->raw = malloc(len + 1)) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto fail;
	}
	memcpy(p->raw, buf, len);
	p->raw[len] = '\0';
	p->raw_len = len;
	keys_sha256(p->hash, buf, len);
	json_free(root);
	*out = p;
	return 0;
fail:
	json_free(root);
	poll_free(p);
	return rc;
}

int
poll_load_file(const char *path, struct poll **out, char **cause)
{
	uint8_t	*buf;
	size_t	 len;
	int	 rc;

	if ((rc = util_read_file(path, POLL_MAX_FILE, &buf, &len, cause)) != 0)
		return rc;
	rc = poll_parse(buf, len, out, cause);
	free(buf);
	if (rc != 0)
		return util_wrap(cause, rc, "%s: ", path);
	return 0;
}

static void
text_free(struct poll_text *t)
{
	int	i;

	for (i = 0; i < POLL_MAX_LANGS; i++)
		free(t->s[i]);
}

void
poll_free(struct poll *p)
{
	int	i, j;

	if (p == NULL)
		return;
	free(p->id);
	for (i = 0; i < POLL_MAX_LANGS; i++)
		free(p->langs[i]);
	text_free(&p->title);
	text_free(&p->intro);
	text_free(&p->commune_name);
	text_free(&p->province_name);
	for (i = 0; i < p->n_villages; i++) {
		free(p->villages[i].id);
		text_free(&p->villages[i].name);
	}
	free(p->villages);
	for (i = 0; i < p->n_questions; i++) {
		struct poll_question *q = &p->questions[i];
		free(q->id);
		text_free(&q->text);
		for (j = 0; q->options != NULL && j < q->n_options; j++)
			text_free(&q->options[j]);
		free(q->options);
	}
	free(p->questions);
	for (i = 0; i < p->n_clips; i++)
		free(p->clips[i].file);
	free(p->clips);
	free(p->opens);
	free(p->lookup);
	free(p->closes);
	free(p->raw);
	free(p);
}

const char *
poll_text_get(const struct poll_text *t, int lang)
{
	if (lang >= 0 && lang < POLL_MAX_LANGS && t->s[lang] != NULL)
		return t->s[lang];
	return t->s[0];
}

int
poll_lang_index(const struct poll *p, const char *code)
{
	int	i;

	for (i = 0; i < p->n_langs; i++)
		if (strcmp(p->langs[i], code) == 0)
			return i;
	return -1;
}

const char *
poll_kind_name(enum poll_kind k)
{
	switch (k) {
	case POLL_SATISFACTION:	return "satisfaction";
	case POLL_CHOICE:	return "choice";
	case POLL_SCALE:	return "scale";
	}
	return "?";
}

const char *
poll_elig_name(enum poll_elig e)
{
	switch (e) {
	case POLL_ELIG_CODE:		return "household-code";
	case POLL_ELIG_SUPERVISED:	return "supervised";
	case POLL_ELIG_OPEN:		return "open";
	}
	return "?";
}

int
poll_check_answers(const struct poll *p, const uint8_t *a, size_t n,
    char **cause)
{
	size_t	i;

	if (n != (size_t)p->n_questions)
		return util_fail(cause, YK_EINVAL, "%zu answers for a poll of "
		    "%d questions", n, p->n_questions);
	for (i = 0; i < n; i++) {
		const struct poll_question *q = &p->questions[i];
		if (a[i] == 0 && !q->no_opinion)
			return util_fail(cause, YK_EINVAL, "question %s: "
			    "\"no opinion\" is not allowed", q->id);
		if (a[i] > q->n_options)
			return util_fail(cause, YK_EINVAL, "question %s: "
			    "answer %u out of range (1-%d)", q->id, a[i],
			    q->n_options);
	}
	return 0;
}

int
poll_is_satisfied(const struct poll_question *q, uint8_t a)
{
	if (a == 0)
		return -1;
	switch (q->kind) {
	case POLL_SATISFACTION:
		return a == 1;
	case POLL_SCALE:
		return a >= 4;
	case POLL_CHOICE:
		break;
	}
	return -1;
}

int
poll_village_index(const struct poll *p, const char *v)
{
	int	i, l;

	for (i = 0; i < p->n_villages; i++) {
		if (strcmp(p->villages[i].id, v) == 0)
			return i;
		for (l = 0; l < POLL_MAX_LANGS; l++)
			if (p->villages[i].name.s[l] != NULL &&
			    strcmp(p->villages[i].name.s[l], v) == 0)
				return i;
	}
	return -1;
}
