/* ykien-kiosk status: what an official needs to see, never totals. */
#include <sys/statvfs.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/acklog.h"
#include "ykien/cli.h"
#include "ykien/config.h"
#include "ykien/elig.h"
#include "ykien/event-chain.h"
#include "ykien/i18n.h"
#include "ykien/kiosk.h"
#include "ykien/pin.h"
#include "ykien/speak.h"
#include "ykien/store.h"
#include "ykien/store-admin.h"
#include "ykien/store-batch.h"
#include "ykien/util.h"
#include "kcmd.h"

static const char help[] =
"usage: ykien-kiosk status [--dir DIR]\n"
"\n"
"Print the kiosk's identity and fingerprint, the free disk space, what\n"
"is not yet with the province (ballots not yet in any batch, batches\n"
"not acknowledged) and the last acknowledgement, by upload or by USB\n"
"(ykien-kiosk import-acks), the number of events logged and which PINs\n"
"are set; then for each poll its state, the\n"
"number of ballots cast (a count only: totals are never shown while a poll\n"
"is open), test ballots, household codes used and issued, ballots\n"
"activated and presses ignored.  In Vietnamese when $YKIEN_LANG or the\n"
"locale says vi.  \"audio:\" says whether the voter's screen speaks\n"
"([audio] in DIR/kiosk.conf) and, when it cannot, why (no sound device,\n"
"a library missing).\n";

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
	char			 tset[POLL_ID_MAX + sizeof KIOSK_TEST_SET];

	snprintf(tset, sizeof tset, "%s%s", id, KIOSK_TEST_SET);
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
	printf(_("poll %s\n  state: %s\n  ballots cast: %lld\n"
	    "  test ballots: %lld\n  household codes used: %lld of %lld "
	    "issued (wrong entries: %lld)\n  ballots activated: %lld\n"
	    "  presses ignored (too soon): %lld\n"), id, state, n, t, used,
	    issued, wrong, act, ign);
	if ((c->rc = store_code_counts(st, tset, &issued, &used,
	    &c->cause)) != 0)
		return c->rc;
	if (issued > 0)
		printf(_("  test slips used: %lld of %lld\n"), used, issued);
	if (strcmp(state, KIOSK_CLOSED) == 0)
		printf(_("  closing record: %s/closing-%s.txt\n"), c->k->dir,
		    id);
	return 0;
}

/*
 * What is not yet with the province.  "All sent" only when every ballot
 * is in a batch the province has acknowledged: a batch handed to the
 * network or to a USB stick is not "sent" until its signed acknowledgement
 * came back (by upload, or by import-acks).
 */
static int
print_sending(struct kiosk *k, char **cause)
{
	struct store_batch_stats bs;
	char			 last[64];
	int			 rc;

	if ((rc = store_batch_stats(k->store, NULL, &bs, cause)) != 0 ||
	    (rc = acklog_last(k->store, last, sizeof last, cause)) != 0)
		return rc;
	printf(_("  ballots not yet in any batch: %lld\n"
	    "  batches not acknowledged by the province: %lld (%lld ballots)\n"
	    "  ballots acknowledged by the province: %lld\n"
	    "  last acknowledgement: %s\n"), bs.pending, bs.batches_unacked,
	    bs.queued, bs.uploaded, last[0] != '\0' ? last : _("never"));
	if (bs.pending == 0 && bs.queued == 0 && bs.uploaded > 0)
		printf(_("  sending: all sent\n"));
	else if (bs.pending + bs.queued > 0)
		printf(_("  sending: NOT all sent: %lld ballots still to reach "
		    "the province\n"), bs.pending + bs.queued);
	return 0;
}

int
kcmd_status(int argc, char **argv)
{
	const char		*dir = NULL;
	struct status_ctx	 c = { NULL, 0, NULL };
	struct statvfs		 sv;
	char			 fpr[KEYS_FPR];
	uint64_t		 seq = 0;
	uint8_t			 h[32];
	int			 rc;
	struct cli_args		 args = { KIOSK_PROG " status", help,
	    KIOSK_DEFDIR, NULL, 0 };

	kcmd_lang();
	if (cli_getopt_dir(&args, argc, argv) != -1)
		return args.status;
	dir = args.dir;
	if ((rc = kiosk_open(dir, &c.k, &c.cause)) != 0)
		return cli_done(KIOSK_PROG " status", rc, c.cause);
	keys_fingerprint(&c.k->pub, fpr);
	printf(_("kiosk %s\n  commune: %s\n  village: %s\n"
	    "  fingerprint: %s\n"), dir, c.k->commune, c.k->village, fpr);
	if (statvfs(dir, &sv) == 0)
		printf(_("  free disk: %llu MiB\n"), (unsigned long long)
		    sv.f_bavail * sv.f_frsize / (1024 * 1024));
	else
		printf(_("  free disk: unknown (statvfs failed)\n"));
	if ((rc = print_sending(c.k, &c.cause)) != 0 ||
	    (rc = event_head(c.k->store, &seq, h, &c.cause)) != 0) {
		kiosk_close(c.k);
		return cli_done(KIOSK_PROG " status", rc, c.cause);
	}
	printf(_("  events logged: %llu (verify: ykien-kiosk events)\n"
	    "  PINs set: official %s, front %s, activation %s\n"),
	    (unsigned long long)seq,
	    pin_is_set(c.k, PIN_OFFICIAL) ? _("yes") : _("NO"),
	    pin_is_set(c.k, PIN_FRONT) ? _("yes") : _("NO"),
	    pin_is_set(c.k, PIN_ACTIVATION) ? _("yes") : _("no"));
	audio_line(dir);
	rc = store_poll_each(c.k->store, poll_cb, &c, &c.cause);
	kiosk_close(c.k);
	if (rc != 0)
		return cli_done(KIOSK_PROG " status", rc, c.cause);
	return CLI_OK;
}
