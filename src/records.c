/*
 * records: intake of closing records and event logs (contract in
 * include/ykien/records.h).  The checks mirror collect.c's for batches,
 * cheapest first, so that what the audit later reads was at least sound
 * when it came in.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/closing.h"
#include "ykien/event.h"
#include "ykien/keys.h"
#include "ykien/pstore.h"
#include "ykien/pstore-audit.h"
#include "ykien/records.h"
#include "ykien/signify.h"
#include "ykien/util.h"
#include "ykien/wire.h"

/* The kiosk that signed it: registered and not revoked. */
static int
signer(struct pstore *ps, const uint8_t keynum[KEYS_NUM],
    struct pstore_kiosk *k, char **cause)
{
	char	hex[2 * KEYS_NUM + 1];
	int	rc;

	keys_hex(keynum, KEYS_NUM, hex);
	if ((rc = pstore_kiosk_get(ps, keynum, k, cause)) == YK_ENOENT)
		return util_fail(cause, YK_ESIG, "kiosk %s is not registered "
		    "(ykien-province kiosk add)", hex);
	if (rc != 0)
		return rc;
	if (k->revoked)
		return util_fail(cause, YK_ESIG, "kiosk %s (%s) is revoked",
		    hex, k->village);
	return 0;
}

/* Read before the signature can be checked: it names the key to use. */
int
records_closing_keynum(const uint8_t *buf, size_t len, uint8_t out[KEYS_NUM])
{
	struct wire_reader	 r;
	const uint8_t		*s;
	uint8_t			 h[KEYS_HASH];
	size_t			 n;

	wire_reader_init(&r, buf, len);
	s = wire_get_bytes(&r, 64, &n);
	if (s == NULL || n != strlen(CLOSING_DOMAIN) ||
	    memcmp(s, CLOSING_DOMAIN, n) != 0)
		return YK_EINVAL;
	(void)wire_get_bytes(&r, POLL_ID_MAX, &n);
	wire_get_raw(&r, h, KEYS_HASH);
	wire_get_raw(&r, out, KEYS_NUM);
	return r.err ? YK_EINVAL : 0;
}

int
records_closing_poll_id(const uint8_t *buf, size_t len,
    uint8_t keynum[KEYS_NUM], char **poll)
{
	struct wire_reader	r;

	if (records_closing_keynum(buf, len, keynum) != 0)
		return YK_EINVAL;
	wire_reader_init(&r, buf, len);
	free(wire_get_str(&r, 64));
	if ((*poll = wire_get_str(&r, POLL_ID_MAX)) == NULL)
		return YK_EINVAL;
	return 0;
}

/* An optional companion file; *buf NULL if absent. */
static int
companion(const char *dir, const char *name, size_t max, uint8_t **buf,
    size_t *len, char **cause)
{
	char	*p;
	int	 rc = 0;

	*buf = NULL;
	*len = 0;
	if ((p = util_path(dir, name)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if (util_exists(p))
		rc = util_read_file(p, max, buf, len, cause);
	free(p);
	return rc;
}

int
records_closing_put(struct pstore *ps, const uint8_t *buf, size_t len,
    const uint8_t *sheet, size_t slen, const uint8_t *sig, size_t siglen,
    char **cause)
{
	struct pstore_kiosk	 k;
	struct closing		*r = NULL;
	uint8_t			 keynum[KEYS_NUM], h[KEYS_HASH], *raw = NULL;
	size_t			 rawlen;
	char			 commune[6], *sigtext = NULL;
	int			 rc;

	if (records_closing_keynum(buf, len, keynum) != 0)
		return util_fail(cause, YK_EINVAL, "not a closing record");
	if ((rc = signer(ps, keynum, &k, cause)) != 0 ||
	    (rc = closing_decode(buf, len, &k.pub, &r, cause)) != 0)
		return rc;
	if ((rc = pstore_poll_get(ps, r->poll_id, &raw, &rawlen, commune,
	    cause)) == YK_ENOENT)
		rc = util_fail(cause, YK_ENOENT, "closing record of unknown "
		    "poll \"%s\" (ykien-province poll add)", r->poll_id);
	if (rc != 0)
		goto out;
	keys_sha256(h, raw, rawlen);
	if (memcmp(h, r->poll_hash, KEYS_HASH) != 0) {
		rc = util_fail(cause, YK_EINVAL, "closing record of another "
		    "file of poll \"%s\" than the province's", r->poll_id);
		goto out;
	}
	if (strcmp(commune, k.commune) != 0 ||
	    strcmp(r->commune, k.commune) != 0) {
		rc = util_fail(cause, YK_EINVAL, "closing record of poll "
		    "\"%s\" (commune %s) from a kiosk of commune %s",
		    r->poll_id, commune, k.commune);
		goto out;
	}
	/* The sheet is optional, but a sheet that travels must verify. */
	if (sheet != NULL && slen > 0) {
		if (sig == NULL || siglen == 0) {
			rc = util_fail(cause, YK_ENOENT, "closing sheet of "
			    "poll \"%s\" without its signature", r->poll_id);
			goto out;
		}
		if ((rc = signify_verify_text(&k.pub, sheet, slen,
		    (const char *)sig, siglen, cause)) != 0) {
			util_wrap(cause, rc, "closing sheet of poll \"%s\": ",
			    r->poll_id);
			goto out;
		}
		if ((sigtext = malloc(siglen + 1)) == NULL) {
			rc = util_fail(cause, YK_ENOMEM, "out of memory");
			goto out;
		}
		memcpy(sigtext, sig, siglen);
		sigtext[siglen] = '\0';
	} else {
		sheet = NULL;
		slen = 0;
	}
	rc = pstore_closing_put(ps, keynum, r->poll_id, buf, len, sheet,
	    slen, sigtext, cause);
out:
	free(sigtext);
	free(raw);
	closing_free(r);
	return rc;
}

static int
import_closing(struct pstore *ps, const char *dir, const uint8_t *buf,
    size_t len, char **cause)
{
	uint8_t	 keynum[KEYS_NUM], *sheet = NULL, *sig = NULL;
	size_t	 slen = 0, siglen = 0;
	char	*name = NULL, *poll = NULL;
	int	 rc;

	/* The companions are named after the poll inside the record. */
	if ((rc = records_closing_poll_id(buf, len, keynum, &poll)) != 0)
		return util_fail(cause, YK_EINVAL, "not a closing record");
	if ((name = util_printf("closing-%s.txt", poll)) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = companion(dir, name, CLOSING_MAX * 4, &sheet, &slen,
	    cause)) != 0)
		goto out;
	free(name);
	if ((name = util_printf("closing-%s.txt.sig", poll)) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if (sheet != NULL && (rc = companion(dir, name, 4096, &sig, &siglen,
	    cause)) != 0)
		goto out;
	rc = records_closing_put(ps, buf, len, sheet, slen, sig, siglen,
	    cause);
out:
	free(name);
	free(poll);
	free(sheet);
	free(sig);
	return rc;
}

static int
import_events(struct pstore *ps, const char *dir, const uint8_t *buf,
    size_t len, char **cause)
{
	struct keys_public	 filepub;
	char			*p;
	int			 rc;

	/* The log names no kiosk: the export's kiosk.pub does. */
	if ((p = util_path(dir, "kiosk.pub")) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = signify_read_public(p, &filepub, cause);
	free(p);
	if (rc != 0)
		return util_wrap(cause, rc, "events.bin needs the kiosk.pub "
		    "beside it: ");
	return records_events_put(ps, filepub.keynum, buf, len, cause);
}

int
records_events_put(struct pstore *ps, const uint8_t keynum[KEYS_NUM],
    const uint8_t *buf, size_t len, char **cause)
{
	struct pstore_kiosk	 k;
	struct event_log		*nw = NULL, *old = NULL;
	uint8_t			*ob = NULL;
	size_t			 olen;
	int			 rc, replaced;

	if ((rc = signer(ps, keynum, &k, cause)) != 0 ||
	    (rc = event_log_decode(buf, len, &k.pub, &nw, cause)) != 0)
		return rc;
	rc = pstore_evlog_get(ps, keynum, &ob, &olen, cause);
	if (rc == 0 && event_log_decode(ob, olen, &k.pub, &old, NULL) == 0 &&
	    old->n > 0) {
		/* Whichever is longer must extend the other. */
		uint32_t m = old->n < nw->n ? old->n : nw->n;

		if (memcmp(old->ev[m - 1].hash, nw->ev[m - 1].hash,
		    KEYS_HASH) != 0) {
			rc = util_fail(cause, YK_ECONFLICT, "this event log "
			    "forks from the one held at event %u: the kiosk's "
			    "log was rewritten (investigate)", m);
			goto out;
		}
	}
	if (rc != 0 && rc != YK_ENOENT)
		goto out;
	if ((rc = pstore_evlog_put(ps, keynum, buf, len, nw->n, &replaced,
	    cause)) == 0 && !replaced)
		rc = YK_EDUP;
out:
	free(ob);
	event_log_free(old);
	event_log_free(nw);
	return rc;
}

int
records_import(struct pstore *ps, const char *dir, const char *name,
    const uint8_t *buf, size_t len, char **cause)
{
	size_t	n = strlen(name);

	if (strncmp(name, "closing-", 8) == 0 && n > 12 &&
	    strcmp(name + n - 4, ".bin") == 0)
		return import_closing(ps, dir, buf, len, cause);
	if (strcmp(name, EVENT_LOG_FILE) == 0)
		return import_events(ps, dir, buf, len, cause);
	return 1;
}
