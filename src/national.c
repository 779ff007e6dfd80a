/*
 * national: bundles from the provinces into a national store (contract
 * and the why in include/ykien/national.h).  Nothing is trusted that a
 * registered province key does not vouch for: the bundle's store file by
 * its SHA256.sig, each poll by its detached signature, each publication
 * by its own SHA256.sig.  The kiosks' ballots, closing records and event
 * logs are re-verified by the national audit, as at the province.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/national.h"
#include "ykien/poll.h"
#include "ykien/provkey.h"
#include "ykien/pstore.h"
#include "ykien/pstore-audit.h"
#include "ykien/publish.h"
#include "ykien/signify.h"
#include "ykien/util.h"

int
national_export(struct pstore *ps, const char *dir, const char *out,
    const struct keys_secret *sec, long long *rows, char **cause)
{
	static const char *const names[] = { "store.db", "province.pub" };
	struct pstore	*to;
	uint8_t		*buf = NULL;
	size_t		 len;
	char		*url = NULL, *from = NULL, *path = NULL;
	int		 rc;

	if (util_exists(out))
		return util_fail(cause, YK_EEXIST, "%s exists: the bundle goes "
		    "into a new directory", out);
	if ((rc = util_mkdir(out, 0755, 0, cause)) != 0)
		return rc;
	if ((url = util_printf("sqlite:%s/store.db", out)) == NULL ||
	    (from = util_path(dir, "province.pub")) == NULL ||
	    (path = util_path(out, "province.pub")) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = pstore_open(url, &to, cause)) != 0)
		goto out;
	rc = pstore_copy(ps, to, rows, cause);
	if (pstore_close(to) != 0 && rc == 0)
		rc = util_fail(cause, YK_EIO, "%s/store.db: cannot close it",
		    out);
	to = NULL;
	if (rc != 0)
		goto out;
	if ((rc = util_read_file(from, 4096, &buf, &len, cause)) != 0 ||
	    (rc = util_write_excl(path, buf, len, 0644, cause)) != 0)
		goto out;
	rc = publish_seal(out, names, 2, sec, cause);
out:
	free(buf);
	free(url);
	free(from);
	free(path);
	return rc;
}

/* The code under which dir registers key pub: code[3] filled, or 0. */
static int
province_of(const char *dir, const struct keys_public *pub, char code[3],
    char **cause)
{
	struct keys_public	 k;
	struct dirent		*e;
	DIR			*d;
	char			*sub, *path;
	int			 found = 0;

	if ((sub = util_path(dir, "provinces")) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	d = opendir(sub);
	while (d != NULL && !found && (e = readdir(d)) != NULL) {
		if (strlen(e->d_name) != 6 || strcmp(e->d_name + 2, ".pub")
		    != 0 || (path = util_path(sub, e->d_name)) == NULL)
			continue;
		if (signify_read_public(path, &k, NULL) == 0 &&
		    memcmp(&k, pub, sizeof k) == 0) {
			memcpy(code, e->d_name, 2);
			code[2] = '\0';
			found = 1;
		}
		free(path);
	}
	if (d != NULL)
		closedir(d);
	free(sub);
	return found;
}

struct pcheck {
	struct pstore		*ps, *nat;
	const struct keys_public *pub;
	const char		*code;
	char *const		*pubs;
	int			 n;
	int			 polls;
	char			**cause;
};

/* Is pubs[i] the publication of this poll file?  Then it must verify. */
static int
publication_of(struct pcheck *x, const char *id, const uint8_t *raw,
    size_t len)
{
	uint8_t	*b;
	size_t	 blen;
	char	*path;
	int	 i, rc, same;

	for (i = 0; i < x->n; i++) {
		if ((path = util_path(x->pubs[i], "poll.json")) == NULL)
			return util_fail(x->cause, YK_ENOMEM, "out of memory");
		rc = util_read_file(path, POLL_MAX_FILE, &b, &blen, NULL);
		free(path);
		if (rc != 0)
			continue;
		same = blen == len && memcmp(b, raw, len) == 0;
		free(b);
		if (!same)
			continue;
		if ((rc = publish_check(x->pubs[i], x->pub, "poll.json",
		    x->cause)) != 0)
			return util_wrap(x->cause, rc, "the publication of "
			    "poll %s does not verify with the key of province "
			    "%s: ", id, x->code);
		return 0;
	}
	return util_fail(x->cause, YK_ENOENT, "poll %s: no publication of "
	    "it was given (the province's publish directory for the poll)",
	    id);
}

/* One poll of the bundle: signed by, and naming, its province. */
static int
poll_cb(void *arg, const char *id, const char *commune)
{
	struct pcheck	*x = arg;
	struct poll	*p = NULL;
	uint8_t		*raw = NULL, *held = NULL;
	size_t		 len, hlen;
	char		*sig = NULL, c6[6];
	int		 rc;

	(void)commune;
	if ((rc = pstore_poll_get(x->ps, id, &raw, &len, c6, x->cause)) != 0
	    || (rc = pstore_poll_sig(x->ps, id, &sig, x->cause)) != 0)
		goto out;
	if ((rc = signify_verify_text(x->pub, raw, len, sig, strlen(sig),
	    x->cause)) != 0) {
		util_wrap(x->cause, rc, "poll %s is not signed by the key of "
		    "province %s: ", id, x->code);
		goto out;
	}
	if ((rc = poll_parse(raw, len, &p, x->cause)) != 0)
		goto out;
	if (strcmp(p->province_code, x->code) != 0) {
		rc = util_fail(x->cause, YK_EINVAL, "poll %s names province "
		    "\"%s\", not %s whose key signed it (a poll for a national "
		    "store names its province: PROTOCOL.md)", id,
		    p->province_code, x->code);
		goto out;
	}
	if ((rc = pstore_poll_get(x->nat, id, &held, &hlen, c6,
	    NULL)) == 0) {
		rc = util_fail(x->cause, YK_EEXIST, "poll %s is already in "
		    "the national store (imported before)", id);
		goto out;
	}
	if (rc != YK_ENOENT) {
		rc = util_fail(x->cause, rc, "cannot read the national store");
		goto out;
	}
	if ((rc = publication_of(x, id, raw, len)) == 0)
		x->polls++;
out:
	poll_free(p);
	free(raw);
	free(held);
	free(sig);
	return rc;
}

/*
 * Long: the checks in their order (bundle key registered, bundle
 * signature, each poll and its publication), then one merge.
 */
int
national_import(struct pstore *nat, const char *dir, const char *bundle,
    char *const *pubs, int n, struct national_import *res, char **cause)
{
	struct keys_public	 bp;
	struct pstore		*ps = NULL;
	struct pcheck		 x;
	char			*path, *url = NULL, hex[2 * KEYS_NUM + 1];
	int			 rc;

	memset(res, 0, sizeof *res);
	if ((path = util_path(bundle, "province.pub")) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = signify_read_public(path, &bp, cause);
	free(path);
	if (rc != 0)
		return rc;
	if (!province_of(dir, &bp, res->code, cause)) {
		keys_hex(bp.keynum, KEYS_NUM, hex);
		return util_fail(cause, YK_ENOENT, "the bundle's province key "
		    "(key number %s) is not registered here: ykien-province "
		    "national add --code CODE --key FILE, with the key got "
		    "from the province itself", hex);
	}
	/* Checked before the store file is opened, let alone read. */
	if ((rc = publish_check(bundle, &bp, "store.db", cause)) != 0)
		return util_wrap(cause, rc, "the bundle does not verify with "
		    "the key of province %s: ", res->code);
	if ((url = util_printf("sqlite:%s/store.db", bundle)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = pstore_open(url, &ps, cause);
	free(url);
	if (rc != 0)
		return rc;
	memset(&x, 0, sizeof x);
	x.ps = ps;
	x.nat = nat;
	x.pub = &bp;
	x.code = res->code;
	x.pubs = pubs;
	x.n = n;
	x.cause = cause;
	if ((rc = pstore_poll_each(ps, poll_cb, &x, cause)) == 0 &&
	    x.polls == 0)
		rc = util_fail(cause, YK_EINVAL, "the bundle holds no poll");
	if (rc == 0 && (rc = pstore_merge(ps, nat, &res->rows, cause)) != 0)
		util_wrap(cause, rc, "nothing imported: ");
	res->polls = x.polls;
	pstore_close(ps);
	return rc;
}
