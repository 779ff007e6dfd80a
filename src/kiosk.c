/*
 * kiosk: the state directory of one kiosk and the operations that join the
 * modules together.  Casting lives here because it is the one place where
 * the poll, the ballot encoding, the key and the store meet, and the order
 * of those steps is what invariant 1 ("durable before thanked") is about.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ykien/codes.h"
#include "ykien/event-chain.h"
#include "ykien/keys.h"
#include "ykien/kiosk.h"
#include "ykien/signify.h"
#include "ykien/store.h"
#include "ykien/store-admin.h"
#include "ykien/text.h"
#include "ykien/util.h"

/* codes.key: an older kiosk's, still a sign that a directory is in use. */
static const char *state_files[] = { "kiosk.key", "kiosk.pub",
    "province.pub", "codes.key", "kiosk.db", "kiosk.db-journal", "kiosk.db-wal", NULL };

static int
dir_is_kiosk_or_busy(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	int		 busy = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			busy = 1;
	closedir(d);
	return busy;
}

static void
remove_state(const char *dir)
{
	char	*p;
	int	 i;

	for (i = 0; state_files[i] != NULL; i++)
		if ((p = util_path(dir, state_files[i])) != NULL) {
			(void)unlink(p);
			free(p);
		}
}

/* Create name in dir with O_EXCL and mode (util_write_excl). */
static int
write_in(const char *dir, const char *name, const void *buf, size_t len,
    int mode, char **cause)
{
	char	*p;
	int	 rc;

	if ((p = util_path(dir, name)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = util_write_excl(p, buf, len, mode, cause);
	free(p);
	return rc;
}

/* The signify public key file name in dir, for pub. */
static int
write_public(const char *dir, const char *name,
    const struct keys_public *pub, const char *comment, char **cause)
{
	char	*text;
	int	 rc;

	if ((text = signify_public_text(pub, comment)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = write_in(dir, name, text, strlen(text), 0644, cause);
	free(text);
	return rc;
}

/*
 * A new key pair (kiosk.key, kiosk.pub; pub gets the public half) and the
 * province's key (province.pub).  (There is no codes.key any more: a key
 * kept on the card beside the code hashes did not slow a search from the
 * card; the codes' Argon2id cost does, codes.h.)
 */
static int
write_keys(const char *dir, const struct keys_public *prov,
    struct keys_public *pub, char **cause)
{
	struct keys_secret	*sec;
	char			*p;
	int			 rc;

	if ((rc = keys_generate(pub, &sec)) != 0)
		return util_fail(cause, rc, "cannot generate a key");
	if ((p = util_path(dir, "kiosk.key")) == NULL)
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
	else
		rc = signify_write_secret(p, sec, NULL, cause);
	free(p);
	keys_secret_free(sec);
	if (rc != 0 ||
	    (rc = write_public(dir, "kiosk.pub", pub, "ykien kiosk public key",
	    cause)) != 0)
		return rc;
	return write_public(dir, "province.pub", prov,
	    "ykien province public key", cause);
}

/* kiosk.db, with the kiosk's commune and village. */
static int
make_store(const char *dir, const char *commune, const char *village,
    char **cause)
{
	struct store	*st = NULL;
	char		*p;
	int		 rc;

	if ((p = util_path(dir, "kiosk.db")) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((rc = store_open(p, 1, &st, cause)) == 0 &&
	    (rc = store_meta_set(st, "commune", commune, cause)) == 0 &&
	    (rc = store_meta_set(st, "village", village, cause)) == 0) {
		rc = store_close(st);
		st = NULL;
		if (rc != 0)
			util_fail(cause, rc, "%s: close failed", p);
	}
	store_close(st);
	free(p);
	return rc;
}

int
kiosk_init(const char *dir, const char *province_key_path,
    const char *commune, const char *village, struct keys_public *pub,
    char **cause)
{
	struct keys_public	 prov;
	char			*vnfc;
	int			 rc, made_dir = 0;

	if (commune == NULL || strlen(commune) != 5 ||
	    strspn(commune, "0123456789") != 5)
		return util_fail(cause, YK_EINVAL, "--commune must be the "
		    "5-digit commune code (QĐ 19/2025/QĐ-TTg)");
	if (village == NULL || *village == '\0' ||
	    !text_valid(village, strlen(village)) || strlen(village) > 200)
		return util_fail(cause, YK_EINVAL, "--village must be the "
		    "village name in UTF-8 (1-200 bytes)");
	if ((rc = signify_read_public(province_key_path, &prov, cause)) != 0)
		return util_wrap(cause, rc, "--province-key: ");
	if (util_exists(dir)) {
		if (dir_is_kiosk_or_busy(dir))
			return util_fail(cause, YK_EEXIST, "%s: already exists "
			    "and is not empty; a kiosk is initialised only "
			    "once (choose a new directory)", dir);
	} else {
		if ((rc = util_mkdir(dir, 0700, 1, cause)) != 0)
			return rc;
		made_dir = 1;
	}
	if ((vnfc = text_nfc(village)) == NULL)
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
	else if ((rc = write_keys(dir, &prov, pub, cause)) == 0 &&
	    (rc = make_store(dir, commune, vnfc, cause)) == 0)
		rc = util_fsync_dir(dir, cause);
	free(vnfc);
	if (rc != 0) {
		/* Nothing half made stays: init can simply run again. */
		remove_state(dir);
		if (made_dir)
			(void)rmdir(dir);
	}
	return rc;
}

int
kiosk_open(const char *dir, struct kiosk **out, char **cause)
{
	struct kiosk	*k;
	char		*p = NULL, *commune = NULL;
	int		 rc;

	if ((k = util_calloc(1, sizeof *k)) == NULL ||
	    (k->dir = strdup(dir)) == NULL) {
		free(k);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	if ((p = util_path(dir, "kiosk.key")) == NULL)
		goto nomem;
	if (!util_exists(p)) {
		rc = util_fail(cause, YK_ENOENT, "%s: not a kiosk state "
		    "directory (run: ykien-kiosk init --dir %s ...)", dir, dir);
		goto fail;
	}
	if ((rc = signify_read_secret(p, NULL, &k->sec, cause)) != 0)
		goto fail;
	keys_public_of(k->sec, &k->pub);
	free(p);
	if ((p = util_path(dir, "province.pub")) == NULL)
		goto nomem;
	if ((rc = signify_read_public(p, &k->province, cause)) != 0)
		goto fail;
	free(p);
	if ((p = util_path(dir, "kiosk.db")) == NULL)
		goto nomem;
	if ((rc = store_open(p, 0, &k->store, cause)) != 0 ||
	    (rc = store_meta_get(k->store, "commune", &commune, cause)) != 0 ||
	    (rc = store_meta_get(k->store, "village", &k->village, cause)) != 0)
		goto fail;
	if (commune == NULL || strlen(commune) != 5 || k->village == NULL) {
		rc = util_fail(cause, YK_EINVAL, "%s: kiosk identity missing "
		    "from the store", p);
		goto fail;
	}
	memcpy(k->commune, commune, 6);
	free(commune);
	free(p);
	*out = k;
	return 0;
nomem:
	rc = util_fail(cause, YK_ENOMEM, "out of memory");
fail:
	free(commune);
	free(p);
	kiosk_close(k);
	return rc;
}

void
kiosk_close(struct kiosk *k)
{
	if (k == NULL)
		return;
	store_close(k->store);
	keys_secret_free(k->sec);
	free(k->village);
	free(k->dir);
	free(k);
}

/*
 * Copy the poll's spoken clips from beside the poll file into DIR/clips/,
 * each named by the SHA-256 of its bytes, after checking that hash
 * against poll.json's (which the signature covers): a clip that was
 * swapped after signing is refused with the poll.
 */
static int
copy_clips(struct kiosk *k, const char *path, const struct poll *p,
    char **cause)
{
	char		*srcdir, *src = NULL, *dst = NULL, *cdir, *slash;
	char		 hex[2 * KEYS_HASH + 1], name[2 * KEYS_HASH + 8];
	uint8_t		*buf = NULL, h[KEYS_HASH];
	size_t		 len;
	int		 i, rc = 0;

	if (p->n_clips == 0)
		return 0;
	if ((srcdir = util_strdup(path)) == NULL ||
	    (cdir = util_path(k->dir, "clips")) == NULL) {
		free(srcdir);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	if ((slash = strrchr(srcdir, '/')) != NULL)
		*slash = '\0';
	else
		snprintf(srcdir, strlen(srcdir) + 1, ".");
	if ((rc = util_mkdir(cdir, 0700, 0, cause)) != 0)
		goto out;
	for (i = 0; i < p->n_clips && rc == 0; i++) {
		const struct poll_clip *c = &p->clips[i];

		keys_hex(c->sha256, KEYS_HASH, hex);
		snprintf(name, sizeof name, "clips/%s", hex);
		if ((src = util_path(srcdir, c->file)) == NULL ||
		    (dst = util_path(k->dir, name)) == NULL)
			rc = util_fail(cause, YK_ENOMEM, "out of memory");
		else if ((rc = util_read_file(src, KIOSK_CLIP_MAX, &buf, &len,
		    cause)) != 0)
			util_wrap(cause, rc, "audio clip: ");
		else if (keys_sha256(h, buf, len),
		    memcmp(h, c->sha256, KEYS_HASH) != 0)
			rc = util_fail(cause, YK_EINVAL, "%s: its SHA-256 is "
			    "not the one poll.json lists: the clip changed "
			    "after the poll was signed", src);
		else if (!util_exists(dst))
			rc = util_write_atomic(dst, buf, len, 0600, cause);
		free(buf);
		buf = NULL;
		free(src);
		free(dst);
		src = dst = NULL;
	}
out:
	free(cdir);
	free(srcdir);
	return rc;
}

int
kiosk_poll_load(struct kiosk *k, const char *path, char **id, char **cause)
{
	struct poll	*p = NULL;
	uint8_t		*raw = NULL, *sig = NULL;
	size_t		 rlen, slen;
	char		*sigpath;
	int		 rc;

	if ((sigpath = util_printf("%s.sig", path)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((rc = util_read_file(path, POLL_MAX_FILE, &raw, &rlen, cause)) != 0)
		goto out;
	if ((rc = util_read_file(sigpath, 4096, &sig, &slen, cause)) != 0) {
		if (rc == YK_ENOENT)
			util_fail(cause, rc, "%s: missing; a poll is loaded "
			    "only with the province's signature beside it "
			    "(ykien-province poll sign)", sigpath);
		goto out;
	}
	if ((rc = signify_verify_text(&k->province, raw, rlen, (char *)sig,
	    slen, cause)) != 0) {
		util_wrap(cause, rc, "%s: ", sigpath);
		goto out;
	}
	if ((rc = poll_parse(raw, rlen, &p, cause)) != 0) {
		util_wrap(cause, rc, "%s: ", path);
		goto out;
	}
	if (strcmp(p->commune_code, k->commune) != 0) {
		rc = util_fail(cause, YK_EINVAL, "%s: commune.code: the poll "
		    "is for commune %s, this kiosk is in %s", path,
		    p->commune_code, k->commune);
		goto out;
	}
	if (poll_village_index(p, k->village) < 0) {
		rc = util_fail(cause, YK_EINVAL, "%s: villages: this kiosk's "
		    "village \"%s\" is not in the poll", path, k->village);
		goto out;
	}
	if ((rc = copy_clips(k, path, p, cause)) != 0 ||
	    (rc = store_poll_put(k->store, p->id, raw, rlen, (char *)sig,
	    KIOSK_LOADED, cause)) != 0)
		goto out;
	if (id != NULL && (*id = strdup(p->id)) == NULL)
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
out:
	poll_free(p);
	free(raw);
	free(sig);
	free(sigpath);
	return rc;
}

struct find_active {
	char	*id;
};

static int
find_active_cb(void *arg, const char *id, const char *state)
{
	struct find_active	*fa = arg;

	if (strcmp(state, KIOSK_TESTING) == 0 ||
	    strcmp(state, KIOSK_OPEN) == 0 ||
	    strcmp(state, KIOSK_PAUSED) == 0) {
		if ((fa->id = strdup(id)) == NULL)
			return YK_ENOMEM;
		return 1;
	}
	return 0;
}

int
kiosk_poll_get(struct kiosk *k, const char *id, struct poll **poll,
    char **state, char **cause)
{
	struct find_active	 fa = { NULL };
	uint8_t			*raw;
	size_t			 len;
	int			 rc;

	if (id == NULL) {
		rc = store_poll_each(k->store, find_active_cb, &fa, cause);
		if (rc < 0)
			return util_fail(cause, rc, "cannot list polls");
		if (fa.id == NULL)
			return util_fail(cause, YK_ENOENT, "no poll is being "
			    "tested, open or paused on this kiosk");
		id = fa.id;
	}
	rc = store_poll_get(k->store, id, &raw, &len, NULL, state, cause);
	if (rc == 0) {
		rc = poll_parse(raw, len, poll, cause);
		free(raw);
		if (rc != 0 && state != NULL) {
			free(*state);
			*state = NULL;
		}
	}
	free(fa.id);
	return rc;
}

static const char *
mode_name(int test)
{
	return test ? "testing" : "open";
}

int
kiosk_cast_mode(struct kiosk *k, const struct poll *p, int mode,
    const uint8_t *answers, size_t n, const uint8_t *code_hash,
    size_t code_hash_len, char receipt[RECEIPT_LEN + 1], char **cause)
{
	struct ballot	 b;
	uint8_t		*blob = NULL;
	char		 r[RECEIPT_LEN + 1];
	size_t		 len;
	char		*state = NULL;
	int		 rc, test;

	receipt[0] = '\0';
	if ((rc = poll_check_answers(p, answers, n, cause)) != 0)
		return rc;
	if ((rc = store_poll_get(k->store, p->id, NULL, NULL, NULL, &state,
	    cause)) != 0)
		return rc;
	if (strcmp(state, KIOSK_OPEN) == 0)
		test = 0;
	else if (strcmp(state, KIOSK_TESTING) == 0)
		test = 1;
	else {
		rc = util_fail(cause, YK_ESTATE, "poll \"%s\" is %s: ballots "
		    "are cast only while it is open (or testing)", p->id,
		    state);
		free(state);
		return rc;
	}
	free(state);
	/*
	 * A ballot started as a test stays a test and is never counted, and
	 * one started for real is never filed among the tests: either way
	 * the voter starts again, in the poll's present state.
	 */
	if (mode != KIOSK_MODE_CURRENT && (mode != 0) != test)
		return util_fail(cause, YK_ESTATE, "poll \"%s\" changed from "
		    "%s to %s while the ballot was being filled in: it was not "
		    "recorded, and must be started again", p->id,
		    mode_name(mode != 0), mode_name(test));
	memset(&b, 0, sizeof b);
	keys_random(b.id, BALLOT_ID);
	memcpy(b.poll_id, p->id, strlen(p->id) + 1);
	memcpy(b.poll_hash, p->hash, KEYS_HASH);
	memcpy(b.kiosk, k->pub.keynum, KEYS_NUM);
	b.flags = test ? BALLOT_TEST : 0;
	b.n_answers = (uint16_t)n;
	memcpy(b.answers, answers, n);
	if ((rc = ballot_sign(&b, k->sec, &blob, &len)) != 0)
		return util_fail(cause, rc, "cannot sign the ballot");
	/* A random code, stored apart: nothing in it comes from the ballot. */
	receipt_new(r);
	rc = store_put_ballot(k->store, p->id, blob, len, test, r, code_hash,
	    code_hash_len, cause);
	if (rc == 0)
		memcpy(receipt, r, RECEIPT_LEN + 1);
	keys_wipe(&b, sizeof b);
	keys_wipe(r, sizeof r);
	keys_wipe(blob, len);
	free(blob);
	return rc;
}

int
kiosk_cast(struct kiosk *k, const struct poll *p, const uint8_t *answers,
    size_t n, const uint8_t *code_hash, size_t code_hash_len,
    char receipt[RECEIPT_LEN + 1], char **cause)
{
	return kiosk_cast_mode(k, p, KIOSK_MODE_CURRENT, answers, n,
	    code_hash, code_hash_len, receipt, cause);
}

char *
kiosk_code_set(const char *poll_id, int mode)
{
	return util_printf("%s%s", poll_id, mode == KIOSK_MODE_TEST ?
	    KIOSK_TEST_SET : "");
}

/*
 * Codes with no record were made by ykien before Argon2id (9 digits, a
 * keyed hash): they cannot be checked, and new ones must not be mixed in.
 */
static int
older_codes(struct kiosk *k, const char *poll_id, char **cause)
{
	long long	 issued = 0, used, n;
	char		*set;
	int		 rc = 0, mode;

	for (mode = KIOSK_MODE_REAL; rc == 0 && mode <= KIOSK_MODE_TEST;
	    mode++) {
		if ((set = kiosk_code_set(poll_id, mode)) == NULL)
			return util_fail(cause, YK_ENOMEM, "out of memory");
		rc = store_code_counts(k->store, set, &n, &used, cause);
		free(set);
		issued += n;
	}
	if (rc == 0 && issued > 0)
		rc = util_fail(cause, YK_ESTATE, "poll \"%s\" has household "
		    "codes from an older ykien (9 digits), which this version "
		    "cannot check: finish the poll with the version that "
		    "issued them, or load it on a new state directory "
		    "(ykien-kiosk init) and print new slips", poll_id);
	return rc;
}

int
kiosk_code_kdf(struct kiosk *k, const char *poll_id, int create,
    struct codes_kdf *kdf, char **cause)
{
	char	*key, *val = NULL;
	int	 rc;

	if ((key = util_printf("code.kdf.%s", poll_id)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((rc = store_meta_get(k->store, key, &val, cause)) != 0)
		goto out;
	if (val != NULL) {
		if (codes_kdf_parse(val, kdf) != 0)
			rc = util_fail(cause, YK_EIO, "the store's record "
			    "of how poll \"%s\"'s household codes are hashed "
			    "is damaged (%s); its codes cannot be checked: "
			    "issue new slips on a new state directory",
			    poll_id, key);
	} else if ((rc = older_codes(k, poll_id, cause)) != 0)
		;
	else if (!create)
		rc = util_fail(cause, YK_ENOENT, "no household codes were "
		    "issued for poll \"%s\"", poll_id);
	else {
		codes_kdf_new(kdf);
		if ((val = codes_kdf_format(kdf)) == NULL)
			rc = util_fail(cause, YK_ENOMEM, "out of memory");
		else
			rc = store_meta_set(k->store, key, val, cause);
	}
out:
	free(val);
	free(key);
	return rc;
}

/* Look hash up in one set: 0 unused, YK_EDUP used, YK_EAUTH unknown. */
static int
code_lookup(struct kiosk *k, const char *poll_id, int mode,
    const uint8_t hash[KEYS_HASH], char **cause)
{
	char	*set;
	int	 rc, used = 0;

	if ((set = kiosk_code_set(poll_id, mode)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = store_code_lookup(k->store, set, hash, KEYS_HASH, &used, cause);
	free(set);
	if (rc == YK_ENOENT)
		return util_fail(cause, YK_EAUTH, "unknown household code");
	if (rc != 0)
		return rc;
	if (used)
		return util_fail(cause, YK_EDUP, "household code already used");
	return 0;
}

/* The digits of a typed code, or YK_EINVAL with what is wrong with it. */
static int
code_digits(const char *typed, char digits[CODES_DIGITS + 1], char **cause)
{
	int	rc;

	if ((rc = codes_parse(typed, digits)) == 0)
		return 0;
	keys_wipe(digits, CODES_DIGITS + 1);
	if (rc == YK_ESIG)
		return util_fail(cause, YK_EINVAL, "wrong check digit: the "
		    "household code was mistyped (type the %d digits again, "
		    "as printed on the slip)", CODES_DIGITS);
	return util_fail(cause, YK_EINVAL, "not a household code: a code is "
	    "%d digits, as printed on the slip (\"123 456 789 012\", spaces "
	    "optional)", CODES_DIGITS);
}

int
kiosk_code_check_mode(struct kiosk *k, const struct poll *p, int mode,
    const char *typed, uint8_t hash[KEYS_HASH], char **cause)
{
	struct codes_kdf	kdf;
	char			digits[CODES_DIGITS + 1];
	int			rc;

	if ((rc = code_digits(typed, digits, cause)) != 0)
		return rc;
	/* One Argon2id per typed code: the real and the test set share it. */
	rc = kiosk_code_kdf(k, p->id, 0, &kdf, cause);
	if (rc == YK_ENOENT)
		rc = util_fail(cause, YK_EAUTH, "unknown household code");
	else if (rc == 0 && (rc = codes_hash(&kdf, digits, hash)) != 0)
		rc = util_fail(cause, rc, "cannot hash the household code");
	keys_wipe(digits, sizeof digits);
	if (rc != 0)
		goto out;
	if (mode != KIOSK_MODE_TEST) {
		rc = code_lookup(k, p->id, KIOSK_MODE_REAL, hash, cause);
		goto out;
	}
	rc = code_lookup(k, p->id, KIOSK_MODE_TEST, hash, cause);
	if (rc == YK_EAUTH) {
		/* A real slip tried during the test: good, and kept unspent. */
		rc = code_lookup(k, p->id, KIOSK_MODE_REAL, hash, cause);
		keys_wipe(hash, KEYS_HASH);
		if (rc == 0)
			rc = KIOSK_CODE_UNSPENT;
	}
out:
	if (rc != 0 && rc != KIOSK_CODE_UNSPENT)
		keys_wipe(hash, KEYS_HASH);
	return rc;
}

int
kiosk_code_check(struct kiosk *k, const struct poll *p, const char *typed,
    uint8_t hash[KEYS_HASH], char **cause)
{
	return kiosk_code_check_mode(k, p, KIOSK_MODE_REAL, typed, hash,
	    cause);
}

static const struct {
	enum kiosk_action	 act;
	const char		*name;
	const char		*from[3];
	const char		*to;
} transitions[] = {
	{ KIOSK_ACT_TEST, "test", { KIOSK_LOADED }, KIOSK_TESTING },
	{ KIOSK_ACT_OPEN, "open", { KIOSK_TESTING }, KIOSK_OPEN },
	{ KIOSK_ACT_PAUSE, "pause", { KIOSK_OPEN }, KIOSK_PAUSED },
	{ KIOSK_ACT_RESUME, "resume", { KIOSK_PAUSED }, KIOSK_OPEN },
	{ KIOSK_ACT_CLOSE, "close", { KIOSK_OPEN, KIOSK_PAUSED }, KIOSK_CLOSED },
};

const char *
kiosk_action_name(enum kiosk_action a)
{
	size_t	i;

	for (i = 0; i < sizeof transitions / sizeof transitions[0]; i++)
		if (transitions[i].act == a)
			return transitions[i].name;
	return "?";
}

const char *
kiosk_next_state(const char *state, enum kiosk_action a)
{
	size_t	i, j;

	for (i = 0; i < sizeof transitions / sizeof transitions[0]; i++) {
		if (transitions[i].act != a)
			continue;
		for (j = 0; j < 3 && transitions[i].from[j] != NULL; j++)
			if (strcmp(transitions[i].from[j], state) == 0)
				return transitions[i].to;
	}
	return NULL;
}

/*
 * Slots for every household that holds a code, or a first pool of the
 * store's minimum size: at most half of a pool is ever in use, and growing
 * it later costs a shuffle after some voter's thank-you screen.
 */
static int
make_slots(struct kiosk *k, const char *id, char **cause)
{
	struct poll	*p = NULL;
	long long	 issued = 0, used = 0;
	int		 rc;

	if ((rc = kiosk_poll_get(k, id, &p, NULL, cause)) != 0)
		return rc;
	if ((rc = store_code_counts(k->store, id, &issued, &used,
	    cause)) == 0)
		rc = store_slots_ready(k->store, id, ballot_size(p->id,
		    p->n_questions), issued - used, cause);
	poll_free(p);
	return rc;
}

int
kiosk_idle(struct kiosk *k, char **cause)
{
	return store_idle(k->store, cause);
}

int
kiosk_transition(struct kiosk *k, const char *id, enum kiosk_action a,
    char **cause)
{
	char		*state = NULL, *active = NULL, *detail = NULL;
	char		*type = NULL;
	const char	*next;
	struct poll	*p = NULL;
	int		 rc, outer;

	if ((rc = store_poll_get(k->store, id, NULL, NULL, NULL, &state,
	    cause)) != 0)
		return rc;
	if ((next = kiosk_next_state(state, a)) == NULL) {
		rc = util_fail(cause, YK_ESTATE, "poll \"%s\" is %s: cannot "
		    "%s it%s", id, state, kiosk_action_name(a),
		    strcmp(state, KIOSK_CLOSED) == 0 ? " (closed is final)" :
		    strcmp(state, KIOSK_LOADED) == 0 ? " (run the logic and "
		    "accuracy test first: poll test)" : "");
		free(state);
		return rc;
	}
	if (a == KIOSK_ACT_TEST) {
		rc = kiosk_poll_get(k, NULL, &p, &active, NULL);
		if (rc == 0) {
			rc = util_fail(cause, YK_ESTATE, "poll \"%s\" is "
			    "already %s on this kiosk; close it first", p->id,
			    active);
			poll_free(p);
			free(active);
			free(state);
			return rc;
		}
	}
	/*
	 * The state change and its signed event commit together: the log
	 * never claims a transition that did not happen, nor misses one.
	 */
	if ((detail = util_printf("%s -> %s", state, next)) == NULL ||
	    (type = util_printf("poll-%s", kiosk_action_name(a))) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = store_tx_begin(k->store, &outer, cause)) != 0)
		goto out;
	if ((a == KIOSK_ACT_TEST || a == KIOSK_ACT_OPEN) &&
	    (rc = make_slots(k, id, cause)) != 0) {
		store_tx_rollback(k->store, outer);
		goto out;
	}
	if ((rc = store_poll_set_state(k->store, id, next, cause)) != 0 ||
	    (rc = event_append(k->store, k->sec, id, type, detail, cause)) != 0) {
		store_tx_rollback(k->store, outer);
		goto out;
	}
	rc = store_tx_commit(k->store, outer, cause);
out:
	free(detail);
	free(type);
	free(state);
	return rc;
}
