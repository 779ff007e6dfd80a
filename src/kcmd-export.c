/* ykien-kiosk export: batches and records onto a USB stick. */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/batch.h"
#include "ykien/cli.h"
#include "ykien/event-chain.h"
#include "ykien/keys.h"
#include "ykien/kiosk.h"
#include "ykien/outbox.h"
#include "ykien/store-admin.h"
#include "ykien/store-batch.h"
#include "ykien/util.h"
#include "kcmd.h"

#define PROG	KIOSK_PROG " export"

static const char help[] =
"usage: ykien-kiosk export [--dir DIR] --to MOUNTPOINT\n"
"\n"
"Write what the province needs onto a USB stick, for villages without a\n"
"network.  Pending ballots are first formed into batches under the same\n"
"rule as an upload (at least k per batch unless the poll is closed).\n"
"Into MOUNTPOINT/ykien-KEYNUM/ go:\n"
"  batch-ID.bin        every batch not yet acknowledged by the province\n"
"  closing*.txt, .sig, .bin  the closing records in the state directory\n"
"  events.bin          the signed event log, each event as a 4-byte\n"
"                      big-endian length and the event (checked first)\n"
"  kiosk.pub           this kiosk's public key\n"
"  MANIFEST            SHA-256 of every file (sha256sum -c format)\n"
"Each file is written atomically (a temporary name, fsync, rename), the\n"
"MANIFEST last, so a stick pulled out early holds no half-written file.\n"
"Exporting again is harmless; the province imports with\n"
"'ykien-province import --dir DIR MOUNTPOINT/ykien-KEYNUM'.\n";

struct out {
	char	*dir;
	char	*manifest;	/* lines "hex  name\n", malloc'd */
	int	 batches;
	long long ballots;
	char	**cause;
};

static int
put(struct out *o, const char *name, const uint8_t *buf, size_t len)
{
	uint8_t	 h[KEYS_HASH];
	char	 hex[2 * KEYS_HASH + 1], *p, *m;
	int	 rc;

	if ((p = util_path(o->dir, name)) == NULL)
		return util_fail(o->cause, YK_ENOMEM, "out of memory");
	rc = util_write_atomic(p, buf, len, 0644, o->cause);
	free(p);
	if (rc != 0)
		return rc;
	keys_sha256(h, buf, len);
	keys_hex(h, KEYS_HASH, hex);
	if ((m = util_printf("%s%s  %s\n", o->manifest != NULL ? o->manifest :
	    "", hex, name)) == NULL)
		return util_fail(o->cause, YK_ENOMEM, "out of memory");
	free(o->manifest);
	o->manifest = m;
	return 0;
}

static int
batch_cb(void *arg, const uint8_t *id, const char *poll_id,
    const uint8_t *blob, size_t len)
{
	struct out	*o = arg;
	struct batch	*b;
	char		 hex[33], name[64];
	int		 rc;

	keys_hex(id, 16, hex);
	snprintf(name, sizeof name, "batch-%s.bin", hex);
	if ((rc = put(o, name, blob, len)) != 0)
		return rc;
	if (batch_decode(blob, len, &b, NULL) == 0) {
		o->ballots += b->n;
		batch_free(b);
	}
	o->batches++;
	return 0;
}

/* Copy closing*.txt, .sig and .bin from the state directory. */
static int
copy_closing(struct out *o, const char *state)
{
	DIR		*d;
	struct dirent	*e;
	uint8_t		*buf;
	size_t		 len, n;
	char		*p;
	int		 rc = 0;

	if ((d = opendir(state)) == NULL)
		return util_fail(o->cause, YK_EIO, "%s: cannot list", state);
	while (rc == 0 && (e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if (strncmp(e->d_name, "closing", 7) != 0 || n < 11 ||
		    (strcmp(e->d_name + n - 4, ".txt") != 0 &&
		    strcmp(e->d_name + n - 4, ".sig") != 0 &&
		    strcmp(e->d_name + n - 4, ".bin") != 0))
			continue;
		if ((p = util_path(state, e->d_name)) == NULL) {
			rc = util_fail(o->cause, YK_ENOMEM, "out of memory");
			break;
		}
		rc = util_read_file(p, 1 << 20, &buf, &len, o->cause);
		free(p);
		if (rc == 0) {
			rc = put(o, e->d_name, buf, len);
			free(buf);
		}
	}
	closedir(d);
	return rc;
}

/*
 * Log the export itself, then write the whole chain.  A chain that does
 * not verify is still exported (it is evidence) but the officials are
 * told, and the province's audit will say the same.
 */
static int
export_events(struct out *o, struct kiosk *k, int *broken)
{
	uint8_t		*buf = NULL;
	size_t		 len = 0;
	char		*detail;
	int		 rc;

	*broken = 0;
	if ((detail = util_printf("usb export: %d batches, %lld ballots",
	    o->batches, o->ballots)) == NULL)
		return util_fail(o->cause, YK_ENOMEM, "out of memory");
	rc = event_append(k->store, k->sec, NULL, "export", detail, o->cause);
	free(detail);
	if (rc != 0)
		return rc;
	if (event_verify(k->store, &k->pub, NULL, NULL, NULL) != 0)
		*broken = 1;
	if ((rc = event_log_file(k->store, &buf, &len, o->cause)) == 0)
		rc = put(o, "events.bin", buf != NULL ? buf :
		    (const uint8_t *)"", len);
	free(buf);
	return rc;
}

/*
 * The kiosk's public key beside the batches, then the MANIFEST last: an
 * export without one is known to be incomplete.
 */
static int
finish(struct out *o, const char *dir, const char *to)
{
	uint8_t	*buf;
	size_t	 len;
	char	*p;
	int	 rc;

	if ((p = util_path(dir, "kiosk.pub")) == NULL)
		return util_fail(o->cause, YK_ENOMEM, "out of memory");
	rc = util_read_file(p, 4096, &buf, &len, o->cause);
	free(p);
	if (rc != 0)
		return rc;
	rc = put(o, "kiosk.pub", buf, len);
	free(buf);
	if (rc != 0)
		return rc;
	if ((p = util_path(o->dir, "MANIFEST")) == NULL)
		return util_fail(o->cause, YK_ENOMEM, "out of memory");
	rc = util_write_atomic(p, o->manifest, strlen(o->manifest), 0644,
	    o->cause);
	free(p);
	if (rc != 0)
		return rc;
	return util_fsync_dir(to, o->cause);
}

int
kcmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPT_DIR,
		{ "to", required_argument, NULL, 't' },
		CLI_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char		*dir = NULL, *to = NULL;
	struct kiosk		*k = NULL;
	struct out		 o;
	struct store_batch_stats st;
	char			*cause = NULL, hex[2 * KEYS_NUM + 1];
	char			 sub[32];
	int			 ch, rc, formed, broken = 0;
	struct cli_args		 args = { PROG, help, KIOSK_DEFDIR, NULL, 0 };

	while ((ch = cli_getopt(&args, argc, argv, "h", opts)) != -1) {
		switch (ch) {
		case 't': to = optarg; break;
		default: return args.status;
		}
	}
	if (optind != argc)
		return cli_usage_error(PROG, "unexpected argument \"%s\"",
		    argv[optind]);
	if (to == NULL)
		return cli_usage_error(PROG, "--to MOUNTPOINT is required");
	memset(&o, 0, sizeof o);
	o.cause = &cause;
	dir = args.dir;
	if (!util_exists(to)) {
		rc = util_fail(&cause, YK_ENOENT, "%s: no such directory (is "
		    "the USB stick mounted?)", to);
		goto out;
	}
	if ((rc = kiosk_open(dir, &k, &cause)) != 0 ||
	    (rc = outbox_form(k, &formed, &cause)) != 0)
		goto out;
	keys_hex(k->pub.keynum, KEYS_NUM, hex);
	snprintf(sub, sizeof sub, "ykien-%s", hex);
	if ((o.dir = util_path(to, sub)) == NULL) {
		rc = util_fail(&cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = util_mkdir(o.dir, 0755, 0, &cause)) != 0 ||
	    (rc = store_batch_each(k->store, 0, batch_cb, &o, &cause)) != 0 ||
	    (rc = copy_closing(&o, dir)) != 0)
		goto out;
	if ((rc = export_events(&o, k, &broken)) != 0)
		goto out;
	if ((rc = finish(&o, dir, to)) != 0)
		goto out;
	printf("exported %d batches (%lld ballots) to %s\n", o.batches,
	    o.ballots, o.dir);
	if (broken)
		fprintf(stderr, "%s: warning: the event log does not verify "
		    "(run 'ykien-kiosk events' for the first bad event); it "
		    "was exported as it is\n", PROG);
	if (store_batch_stats(k->store, NULL, &st, NULL) == 0 && st.pending > 0)
		printf("%lld ballots stay on the kiosk until a poll has at "
		    "least k pending, or is closed\n", st.pending);
out:
	kiosk_close(k);
	free(o.dir);
	free(o.manifest);
	return cli_done(PROG, rc, cause);
}
