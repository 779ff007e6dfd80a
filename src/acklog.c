/*
 * acklog: the last acknowledgement, and acknowledgements brought back on a
 * USB stick (contract in include/ykien/acklog.h).  The check of a USB
 * acknowledgement is the uploader's, byte for byte: signed by the
 * province key, for exactly the batch held here (id and hash), in full.
 * A file on a stick is no more trusted than an HTTP 200.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ykien/acklog.h"
#include "ykien/batch.h"
#include "ykien/clock.h"
#include "ykien/event-chain.h"
#include "ykien/keys.h"
#include "ykien/kiosk.h"
#include "ykien/store.h"
#include "ykien/store-batch.h"
#include "ykien/util.h"

#define META_KEY	"last_ack"

int
acklog_note(struct store *s, const char *via, int n, char **cause)
{
	char	v[64];

	if (n <= 0)
		return 0;
	snprintf(v, sizeof v, "%lld %s", clock_now(), via);
	return store_meta_set(s, META_KEY, v, cause);
}

int
acklog_last(struct store *s, char *out, size_t len, char **cause)
{
	struct tm	 tm;
	time_t		 t;
	long long	 when;
	char		*v = NULL, via[16];
	int		 rc;

	out[0] = '\0';
	if ((rc = store_meta_get(s, META_KEY, &v, cause)) != 0 || v == NULL)
		return rc;
	if (sscanf(v, "%lld %15s", &when, via) == 2) {
		t = (time_t)(when + 7 * 3600);
		gmtime_r(&t, &tm);
		snprintf(out, len, "%02d/%02d/%04d %02d:%02d (%s)",
		    tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour,
		    tm.tm_min, via);
	}
	free(v);
	return 0;
}

struct find {
	const uint8_t	*id;
	uint8_t		*blob;		/* a copy: the store's is borrowed */
	size_t		 len;
	int		 acked;
};

static int
find_cb(void *arg, const uint8_t *id, const char *poll_id,
    const uint8_t *blob, size_t len)
{
	struct find	*f = arg;

	(void)poll_id;
	if (memcmp(id, f->id, BATCH_ID) != 0)
		return 0;
	if ((f->blob = malloc(len)) == NULL)
		return YK_ENOMEM;
	memcpy(f->blob, blob, len);
	f->len = len;
	return 1;
}

/* One ack file: 1 marked, 0 already held, or a negative error. */
static int
import_one(struct kiosk *k, const char *path, const uint8_t id[BATCH_ID],
    char **cause)
{
	struct find	 f = { id, NULL, 0, 0 };
	struct batch	*b = NULL;
	uint8_t		*buf;
	size_t		 len;
	int		 rc;

	if ((rc = util_read_file(path, ACK_MAX, &buf, &len, cause)) != 0)
		return rc;
	if ((rc = store_batch_each(k->store, 0, find_cb, &f, cause)) < 0)
		goto out;
	if (rc == 0) {
		/* Not among the unacknowledged: marked before, or not ours. */
		rc = store_batch_each(k->store, 1, find_cb, &f, cause);
		if (rc < 0)
			goto out;
		if (rc == 0) {
			rc = util_fail(cause, YK_ENOENT, "%s: acknowledges a "
			    "batch this kiosk does not hold", path);
			goto out;
		}
		f.acked = 1;
	}
	if (batch_decode(f.blob, f.len, &b, NULL) != 0) {
		rc = util_fail(cause, YK_EINVAL, "%s: the stored batch does "
		    "not decode", path);
		goto out;
	}
	if ((rc = ack_check(buf, len, &k->province, b, cause)) != 0) {
		util_wrap(cause, rc, "%s: ", path);
		goto out;
	}
	if (f.acked) {
		rc = 0;
		goto out;
	}
	if ((rc = store_batch_ack(k->store, id, buf, len, cause)) == 0)
		rc = 1;
out:
	batch_free(b);
	free(f.blob);
	free(buf);
	return rc;
}

/* "ack-" 32 hex digits ".bin": the batch id, else -1. */
static int
ack_name(const char *name, uint8_t id[BATCH_ID])
{
	char	hex[2 * BATCH_ID + 1];

	if (strlen(name) != 4 + 2 * BATCH_ID + 4 ||
	    strncmp(name, "ack-", 4) != 0 ||
	    strcmp(name + 4 + 2 * BATCH_ID, ".bin") != 0)
		return -1;
	memcpy(hex, name + 4, 2 * BATCH_ID);
	hex[2 * BATCH_ID] = '\0';
	return keys_unhex(hex, id, BATCH_ID) == 0 ? 0 : -1;
}

int
acklog_import(struct kiosk *k, const char *dir, int *marked, int *held,
    int *bad, char **cause)
{
	DIR		*d;
	struct dirent	*e;
	uint8_t		 id[BATCH_ID];
	char		*p, *detail;
	int		 rc = 0, r;

	*marked = *held = *bad = 0;
	if ((d = opendir(dir)) == NULL)
		return util_fail(cause, YK_ENOENT, "%s: cannot open (is the "
		    "USB stick mounted, and was it imported at the province?)",
		    dir);
	while ((e = readdir(d)) != NULL) {
		if (ack_name(e->d_name, id) != 0)
			continue;
		if ((p = util_path(dir, e->d_name)) == NULL) {
			rc = util_fail(cause, YK_ENOMEM, "out of memory");
			break;
		}
		r = import_one(k, p, id, cause);
		free(p);
		if (r == 1)
			(*marked)++;
		else if (r == 0)
			(*held)++;
		else if (r == YK_ENOMEM || r == YK_EIO || r == YK_EFULL) {
			rc = r;
			break;
		} else
			(*bad)++;
	}
	closedir(d);
	if (rc != 0 || *marked == 0)
		return rc;
	if ((detail = util_printf("usb acknowledgements: %d batches marked",
	    *marked)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	rc = event_append(k->store, k->sec, NULL, "acks-imported", detail, cause);
	free(detail);
	if (rc == 0)
		rc = acklog_note(k->store, ACKLOG_VIA_USB, *marked, cause);
	return rc;
}
