/*
 * Fuzz target: what `ykien-province import` and POST /v1/records do with
 * a stick's or a kiosk's bytes, against a real province store (a file in
 * a temporary directory) with the fuzzer's kiosk registered:
 *  - the import walk: the input's lines as MANIFEST lines
 *    (records_manifest_line), and for the file names they admit, the
 *    input as that file's contents (records_import: closing records and
 *    event logs);
 *  - the records bundle (bundle_decode), and its parts through
 *    records_closing_put and records_events_put, the closing record
 *    re-signed with the registered key so that its checks are reached.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/bundle.h"
#include "ykien/keys.h"
#include "ykien/pstore.h"
#include "ykien/records.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct pstore		*ps;
static struct keys_public	 pub;
static struct keys_secret	*sec;
static char			 dir[] = "/tmp/ykien-fuzz-records-XXXXXX";

/* Leave nothing in /tmp: the replay in `make check` runs this often. */
static void
teardown(void)
{
	const char	*files[] = { "province.db", "province.db-wal",
	    "province.db-shm", "province.db-journal" };
	char		 path[64];
	size_t		 i;

	pstore_close(ps);
	keys_secret_free(sec);
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		(void)remove(path);
	}
	(void)remove(dir);
}

static void
setup(void)
{
	struct pstore_kiosk	 k;
	uint8_t			 seed[32] = { 0x44 }, num[8] = { 3 };
	char			 path[64];

	if (keys_init() != 0 || keys_from_seed(seed, num, &pub, &sec) != 0 ||
	    mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof path, "%s/province.db", dir);
	if (pstore_open(path, &ps, NULL) != 0)
		abort();
	memset(&k, 0, sizeof k);
	k.pub = pub;
	snprintf(k.commune, sizeof k.commune, "14001");
	snprintf(k.village, sizeof k.village, "Bản Mẫu");
	if (pstore_kiosk_add(ps, &k, NULL) != 0)
		abort();
	atexit(teardown);
}

static void
walk(const uint8_t *data, size_t size)
{
	uint8_t		 want[32];
	const char	*name;
	char		*text, *line, *save = NULL, *cause = NULL;

	if ((text = malloc(size + 1)) == NULL)
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (records_manifest_line(line, want, &name) != 0)
			continue;
		(void)records_import(ps, dir, name, data, size, &cause);
		free(cause);
		cause = NULL;
	}
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bundle	 bu;
	uint8_t		*rec;
	char		*cause = NULL;

	if (ps == NULL)
		setup();
	walk(data, size);
	if (bundle_decode(data, size, &bu, &cause) != 0) {
		free(cause);
		return 0;
	}
	if (bu.closing_len >= KEYS_SIG &&
	    (rec = malloc(bu.closing_len)) != NULL) {
		memcpy(rec, bu.closing, bu.closing_len);
		keys_sign(sec, rec, bu.closing_len - KEYS_SIG,
		    rec + bu.closing_len - KEYS_SIG);
		(void)records_closing_put(ps, rec, bu.closing_len, bu.sheet,
		    bu.sheet_len, bu.sig, bu.sig_len, &cause);
		free(cause);
		cause = NULL;
		free(rec);
	}
	if (bu.events_len > 0) {
		(void)records_events_put(ps, pub.keynum, bu.events,
		    bu.events_len, bu.head, bu.head_len, &cause);
		free(cause);
	}
	return 0;
}
