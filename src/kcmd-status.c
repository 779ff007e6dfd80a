/* ykien-kiosk status: what an official needs to see, never totals. */
#include <sys/statvfs.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/cli.h"
#include "ykien/config.h"
#include "ykien/elig.h"
#include "ykien/event-chain.h"
#include "ykien/kiosk.h"
#include "ykien/pin.h"
#include "ykien/speak.h"
#include "ykien/store.h"
#include "ykien/store-admin.h"
#include "ykien/util.h"
#include "kcmd.h"

static const char help[] =
"usage: ykien-kiosk status [--dir DIR]\n"
"\n"
"Print the kiosk's identity and fingerprint, the free disk space, the\n"
"batches waiting to upload and the last upload result, the number of\n"
"events logged and which PINs are set; then for each poll its state, the\n"
"number of ballots cast (a count only: totals are never shown while a poll\n"
"is open), test ballots, household codes used and issued, ballots\n"
"activated and presses ignored.  \"audio:\" says whether the voter's screen\n"
"speaks ([audio] in DIR/kiosk.conf) and, when it cannot, why (no sound\n"
"device, a library missing).\n";

/* What the voter's screen would do about sound, found the way it does. */
static void
audio_line(const char *dir)
{
	struct config	 cfg;
	struct speak	*s;
	char		*path, *cause = NULL;

	if ((path = util_path(dir, "kiosk.conf")) == NULL)
		return;
	if (config_load(path, &cfg, &cause) != 0)
		printf("  audio: off: %s\n", cause);
	else if ((s = speak_open(&cfg.audio, dir)) != NULL) {
		printf("  audio: %s\n", speak_state(s));
		speak_close(s);
	}
	free(cause);
	free(path);
}

struct status_ctx {
	struct kiosk	*k;
	int		 rc;
	char		*cause;
};

static int
poll_cb(void *arg, const char *id, const char *state)
{
	struct status_ctx	*c = arg;
	struct store		*st = c->k->store;
	long long		 n = 0, t = 0, issued = 0, used = 0, act = 0;
	long long		 ign = 0, wrong = 0;

	if ((c->rc = store_count_ballots(st, id, 0, &n, &c->cause)) != 0 ||
	    (c->rc = store_count_ballots(st, id, 1, &t, &c->cause)) != 0 ||
	    (c->rc = store_code_counts(st, id, &issued, &used,
	    &c->cause)) != 0 ||
	    (c->rc = store_counter_get(st, id, ELIG_CTR_ACTIVATIONS, &act,
	    &c->cause)) != 0 ||
	    (c->rc = store_counter_get(st, id, ELIG_CTR_IGNORED, &ign,
	    &c->cause)) != 0 ||
	    (c->rc = store_counter_get(st, id, ELIG_CTR_WRONG_CODES, &wrong,
	    &c->cause)) != 0)
		return c->rc;
	/* Counts only: totals are never shown while a poll is open. */
	printf("poll %s\n  state: %s\n  ballots cast: %lld\n"
	    "  test ballots: %lld\n  household codes used: %lld of %lld "
	    "issued (wrong entries: %lld)\n  ballots activated: %lld\n"
	    "  presses ignored (too soon): %lld\n", id, state, n, t, used,
	    issued, wrong, act, ign);
	if (strcmp(state, KIOSK_CLOSED) == 0)
		printf("  closing record: %s/closing-%s.txt\n", c->k->dir, id);
	return 0;
}

int
kcmd_status(int argc, char **argv)
{
	const char		*dir = NULL;
	struct status_ctx	 c = { NULL, 0, NULL };
	struct statvfs		 sv;
	char			 fpr[KEYS_FPR], *last = NULL;
	long long		 waiting = 0;
	uint64_t		 seq = 0;
	uint8_t			 h[32];
	int			 rc;
	struct cli_args		 args = { KIOSK_PROG " status", help,
	    KIOSK_DEFDIR, NULL, 0 };

	if (cli_getopt_dir(&args, argc, argv) != -1)
		return args.status;
	dir = args.dir;
	if ((rc = kiosk_open(dir, &c.k, &c.cause)) != 0)
		return cli_done(KIOSK_PROG " status", rc, c.cause);
	keys_fingerprint(&c.k->pub, fpr);
	printf("kiosk %s\n  commune: %s\n  village: %s\n  fingerprint: %s\n",
	    dir, c.k->commune, c.k->village, fpr);
	if (statvfs(dir, &sv) == 0)
		printf("  free disk: %llu MiB\n", (unsigned long long)
		    sv.f_bavail * sv.f_frsize / (1024 * 1024));
	else
		printf("  free disk: unknown (statvfs failed)\n");
	if ((rc = store_batches_waiting(c.k->store, &waiting, &c.cause)) != 0 ||
	    (rc = store_meta_get(c.k->store, "last_upload", &last,
	    &c.cause)) != 0 ||
	    (rc = event_head(c.k->store, &seq, h, &c.cause)) != 0) {
		kiosk_close(c.k);
		return cli_done(KIOSK_PROG " status", rc, c.cause);
	}
	printf("  batches waiting to upload: %lld\n  last upload: %s\n"
	    "  events logged: %llu (verify: ykien-kiosk events)\n"
	    "  PINs set: official %s, front %s, activation %s\n", waiting,
	    last != NULL ? last : "never", (unsigned long long)seq,
	    pin_is_set(c.k, PIN_OFFICIAL) ? "yes" : "NO",
	    pin_is_set(c.k, PIN_FRONT) ? "yes" : "NO",
	    pin_is_set(c.k, PIN_ACTIVATION) ? "yes" : "no");
	free(last);
	audio_line(dir);
	rc = store_poll_each(c.k->store, poll_cb, &c, &c.cause);
	kiosk_close(c.k);
	if (rc != 0)
		return cli_done(KIOSK_PROG " status", rc, c.cause);
	return CLI_OK;
}
