/*
 * upload: sending the kiosk's batches to the province collector, the only
 * module that includes <curl/curl.h>.  One pass forms what batches the
 * rules allow (outbox.h), then POSTs each unacknowledged batch to
 * URL/v1/batches and marks it uploaded only after checking the reply is
 * an acknowledgement signed by province.pub for exactly that batch.  An
 * HTTP 200 alone proves nothing: a captive portal answers 200 too.
 *
 * libcurl settings: TLS peer and host verification always on, an optional
 * CA file, the proxy from the environment (http_proxy, https_proxy,
 * no_proxy: libcurl's default), "Expect: 100-continue" off, no redirects,
 * http and https only, connect and total timeouts, replies capped at
 * 64 KiB, no signals (safe in threads).
 *
 * Thread and process safety: a pass needs only a struct kiosk of its own
 * (its own SQLite connection).  upload_run() opens one, so the voter
 * screen can run it in a thread or a child process while ballots are cast
 * on another connection; every store write is a short transaction and no
 * transaction is held across the network.
 */
#ifndef YKIEN_UPLOAD_H
#define YKIEN_UPLOAD_H

#include <signal.h>

struct kiosk;

struct upload_opts {
	const char	*url;	/* base URL; NULL: the remembered one */
	const char	*cafile; /* NULL: the remembered one, else system CAs */
	long		 connect_timeout;	/* seconds; 0 = 15 */
	long		 timeout;		/* seconds per request; 0 = 120 */
};

struct upload_report {
	int		 formed;	/* batches formed this pass */
	int		 acked;		/* batches acknowledged this pass */
	long long	 ballots;	/* ballots in those batches */
	int		 rejected;	/* batches the collector refused */
	int		 left;		/* unacknowledged batches remaining */
	int		 records;	/* closed polls' records acknowledged */
	long		 http;		/* last HTTP status (0: none) */
	char		 code[64];	/* the collector's code on refusal */
	char		*message;	/* its message (malloc'd) or NULL */
};
/*
 * The collector's code and message are kept inert (text_sanitize: no
 * control characters) and the message at most this many bytes.
 */
#define UPLOAD_MESSAGE_MAX	300

/* Meta keys where `ykien-kiosk upload --url/--ca` remember settings. */
#define UPLOAD_META_URL	"province_url"
#define UPLOAD_META_CA	"province_ca"

/*
 * One pass.  Returns 0 when nothing is left to send (r->acked may be 0:
 * nothing to do), YK_ENET when the network, the collector or a bad reply
 * (not an acknowledgement, a 3xx, a 5xx) stopped it (retry later: nothing was
 * marked for that batch), YK_EINVAL when no URL is configured, or
 * YK_ESTATE when the collector refused a batch (r->code/message say why;
 * the batch stays queued, other batches were still tried).  r is always
 * filled; release with upload_report_free.
 */
int	 upload_pass(struct kiosk *, const struct upload_opts *,
	    struct upload_report *r, char **cause);
void	 upload_report_free(struct upload_report *);

/*
 * Milliseconds to wait before retry number `attempt` (0-based): "full
 * jitter", uniform in [base/2, min(cap, base * 2^attempt)], so that many
 * kiosks coming back after an outage do not stampede the collector.
 */
unsigned long upload_backoff_ms(unsigned attempt, unsigned long base_ms,
	    unsigned long cap_ms);

/*
 * The background uploader: open the kiosk in dir (its own connection),
 * then loop: a pass; on YK_ENET wait upload_backoff_ms(attempt++, 5 s,
 * 15 min); otherwise reset the attempts and wait idle_s seconds.  Stops
 * soon after *stop becomes non-zero and returns 0, or an error if the
 * kiosk cannot be opened.  notify (may be NULL) sees each pass's result.
 */
int	 upload_run(const char *dir, const struct upload_opts *,
	    unsigned idle_s, volatile sig_atomic_t *stop,
	    void (*notify)(void *, int rc, const struct upload_report *),
	    void *arg, char **cause);

#endif
