/*
 * kexport: stand-in for `ykien-kiosk export` in the audit tests, until the
 * batch branch's export (which will call evlog_export too) lands:
 *	kexport KIOSK-DIR OUT-DIR
 * forms batches (closed polls flush), then writes every batch, the
 * closing records (.bin, .txt, .txt.sig), events.bin and kiosk.pub into
 * OUT-DIR with a MANIFEST in sha256sum format, as the export does.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/evlog.h"
#include "ykien/keys.h"
#include "ykien/kiosk.h"
#include "ykien/outbox.h"
#include "ykien/store-batch.h"
#include "ykien/util.h"

static const char	*out;
static FILE		*man;

static void
put(const char *name, const uint8_t *buf, size_t len)
{
	uint8_t	 h[KEYS_HASH];
	char	 hex[2 * KEYS_HASH + 1], *p, *cause = NULL;

	if ((p = util_path(out, name)) == NULL ||
	    util_write_atomic(p, buf, len, 0644, &cause) != 0) {
		fprintf(stderr, "kexport: %s: %s\n", name, cause);
		exit(1);
	}
	free(p);
	keys_sha256(h, buf, len);
	util_hex(h, KEYS_HASH, hex);
	fprintf(man, "%s  %s\n", hex, name);
}

static int
batch_cb(void *arg, const uint8_t *id, const char *poll_id,
    const uint8_t *blob, size_t len)
{
	char	hex[33], name[64];

	util_hex(id, 16, hex);
	snprintf(name, sizeof name, "batch-%s.bin", hex);
	put(name, blob, len);
	return 0;
}

int
main(int argc, char **argv)
{
	struct kiosk	*k;
	struct dirent	*e;
	DIR		*d;
	uint8_t		*buf;
	size_t		 len;
	char		*cause = NULL, *p;

	if (argc != 3) {
		fprintf(stderr, "usage: kexport KIOSK-DIR OUT-DIR\n");
		return 2;
	}
	out = argv[2];
	if (keys_init() != 0 || util_mkdir(out, 0755, 0, &cause) != 0 ||
	    kiosk_open(argv[1], &k, &cause) != 0 ||
	    outbox_form(k, NULL, &cause) != 0 ||
	    (p = util_path(out, "MANIFEST")) == NULL ||
	    (man = fopen(p, "w")) == NULL ||
	    store_batch_each(k->store, -1, batch_cb, NULL, &cause) != 0 ||
	    evlog_export(k, &buf, &len, &cause) != 0) {
		fprintf(stderr, "kexport: %s\n", cause ? cause : "failed");
		return 1;
	}
	put(EVLOG_FILE, buf, len);
	free(buf);
	if ((d = opendir(argv[1])) == NULL)
		return 1;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "closing-", 8) != 0 &&
		    strcmp(e->d_name, "kiosk.pub") != 0)
			continue;
		if ((p = util_path(argv[1], e->d_name)) == NULL ||
		    util_read_file(p, 1 << 20, &buf, &len, &cause) != 0) {
			fprintf(stderr, "kexport: %s\n", cause);
			return 1;
		}
		put(e->d_name, buf, len);
		free(buf);
		free(p);
	}
	closedir(d);
	kiosk_close(k);
	return fclose(man) == 0 ? 0 : 1;
}
