/*
 * publish: a poll's open-data directory, which anyone can check without
 * trusting the province: the results (CSV, JSON), the sorted receipt
 * codes, the signed poll, the kiosks' public keys, their signed closing
 * records and event logs, the audit's report, a README saying how to
 * check each with signify-openbsd or ykien-province, and index.html with
 * the results and an offline receipt-code lookup (inline, loads nothing).
 * It also resolves the collector's read-only /polls/ID/NAME requests to
 * files of such a directory, refusing anything else.
 */
#ifndef YKIEN_PUBLISH_H
#define YKIEN_PUBLISH_H

#include <stddef.h>

struct audit;
struct keys_secret;
struct pstore;
struct tally;

/*
 * Write the directory out (created if missing; files replaced
 * atomically) for the audited poll a and its tally t (made with
 * suppression).  audit_text is the audit's printed report.
 */
int	 publish_write(struct pstore *, const char *dir, const struct audit *,
	    const struct tally *, const char *audit_text, const char *out,
	    const struct keys_secret *province, char **cause);

/*
 * The national roll-up's directory: results.csv, results.json and
 * index.html of tally t, each key file keys[i] under names[i], SHA256
 * and SHA256.sig by the national key sec (checked with national.pub).
 */
int	 publish_national(const struct tally *t, const char *out,
	    const char *const *keys, const char *const *names, size_t nkeys,
	    const struct keys_secret *sec, char **cause);
/*
 * Check a published directory as `signify-openbsd -C -p KEY -x
 * SHA256.sig` does: the signature by pub and every listed file's SHA-256,
 * and the list names must (unless NULL).  YK_ESIG (with a cause naming
 * the file) when anything was changed.
 */
struct keys_public;
int	 publish_check(const char *dir, const struct keys_public *pub,
	    const char *must, char **cause);
/* Sign the files names[] of dir with sec: SHA256 and SHA256.sig. */
int	 publish_seal(const char *dir, const char *const *names, size_t n,
	    const struct keys_secret *sec, char **cause);

/*
 * Map a URL path "/polls/ID/" or "/polls/ID/NAME" to root/ID/NAME
 * (index.html for the directory).  ID and NAME must be plain names
 * ([A-Za-z0-9._-], not starting with '.'), so nothing outside root can
 * be named.  *path is malloc'd and *type is a static MIME type.  Returns
 * 0, or YK_ENOENT for any URL that is not such a path.
 */
int	 publish_resolve(const char *root, const char *url, char **path,
	    const char **type);

#endif
