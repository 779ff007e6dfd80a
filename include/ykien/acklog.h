/*
 * acklog: when the province last acknowledged one of this kiosk's batches,
 * and how the acknowledgement came (over the network, or back on the USB
 * stick that carried the batches: ykien-kiosk import-acks).  It is what
 * lets `status` say "all sent" in a village that has no network.
 *
 * The time is the kiosk's clock at the moment the acknowledgement was
 * checked and marked: an acknowledgement itself carries no time.
 */
#ifndef YKIEN_ACKLOG_H
#define YKIEN_ACKLOG_H

#include <stddef.h>

struct store;
struct kiosk;

#define ACKLOG_VIA_NET	"upload"
#define ACKLOG_VIA_USB	"usb"

/* Note that n batches were acknowledged now, via ACKLOG_VIA_*. */
int	 acklog_note(struct store *, const char *via, int n, char **cause);
/*
 * The last acknowledgement as "dd/mm/yyyy HH:MM (via)" in UTC+7 into out,
 * or "" when there never was one.  0 or a store error.
 */
int	 acklog_last(struct store *, char *out, size_t len, char **cause);

/*
 * Check every ack-BATCHID.bin in dir (written there by ykien-province
 * import) against the province key and the batch this kiosk holds, and
 * mark the batches acknowledged, with one "acks-imported" event.  An
 * acknowledgement that does not check out is skipped and counted in *bad
 * (its reason in *cause, the last one); one for a batch already marked is
 * counted in *held.  Returns 0 unless the directory or the store failed.
 */
int	 acklog_import(struct kiosk *, const char *dir, int *marked, int *held,
	    int *bad, char **cause);

#endif
