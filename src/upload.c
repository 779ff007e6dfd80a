/*
 * upload: the kiosk's side of the collector protocol (contract in
 * include/ykien/upload.h).  The order of operations is what makes upload
 * idempotent: a batch is formed and stored before it is sent, sent as the
 * same bytes until acknowledged, and marked only after the signed
 * acknowledgement checks out.  A crash anywhere leaves either "not sent"
 * or "sent but not marked", and a resend of the latter gets a 200 with the
 * same acknowledgement.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Calls go through the table below, not through curl's type-check macros. */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

#include "ykien/acklog.h"
#include "ykien/batch.h"
#include "ykien/bundle.h"
#include "ykien/event-head.h"
#include "ykien/event-chain.h"
#include "ykien/json.h"
#include "ykien/keys.h"
#include "ykien/kiosk.h"
#include "ykien/outbox.h"
#include "ykien/store.h"
#include "ykien/store-batch.h"
#include "ykien/text.h"
#include "ykien/upload.h"
#include "ykien/util.h"

#define REPLY_MAX	(64 * 1024)

/*
 * libcurl is loaded with dlopen() when the first upload starts, not linked:
 * linked, it and the TLS, Kerberos and LDAP libraries it pulls in cost the
 * voter's screen, which never uploads, about 9 MiB of its resident memory
 * on a 512 MiB board.  The names below shadow libcurl's so the code reads
 * as ordinary libcurl.
 */
#define CURL_SONAME	"libcurl.so.4"

static struct {
	CURLcode	 (*global_init)(long);
	CURL		*(*easy_init)(void);
	CURLcode	 (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode	 (*easy_perform)(CURL *);
	CURLcode	 (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char	*(*easy_strerror)(CURLcode);
	void		 (*easy_cleanup)(CURL *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void		 (*slist_free_all)(struct curl_slist *);
} cl;

#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init	(*cl.global_init)
#define curl_easy_init		(*cl.easy_init)
#define curl_easy_setopt	(*cl.easy_setopt)
#define curl_easy_perform	(*cl.easy_perform)
#define curl_easy_getinfo	(*cl.easy_getinfo)
#define curl_easy_strerror	(*cl.easy_strerror)
#define curl_easy_cleanup	(*cl.easy_cleanup)
#define curl_slist_append	(*cl.slist_append)
#define curl_slist_free_all	(*cl.slist_free_all)

static pthread_once_t	curl_once = PTHREAD_ONCE_INIT;
static CURLcode		curl_init_rc = CURLE_FAILED_INIT;
static char		curl_load_error[256];

/* dlsym returns an object pointer; POSIX guarantees this conversion. */
#define LOAD(field, name) do {						\
	void *sym_ = dlsym(h, name);					\
	if (sym_ == NULL)						\
		goto missing;						\
	memcpy(&cl.field, &sym_, sizeof sym_);				\
} while (0)

static void
curl_init_once(void)
{
	void	*h;

	if ((h = dlopen(CURL_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(curl_load_error, sizeof curl_load_error, "%s",
		    dlerror());
		return;
	}
	LOAD(global_init, "curl_global_init");
	LOAD(easy_init, "curl_easy_init");
	LOAD(easy_setopt, "curl_easy_setopt");
	LOAD(easy_perform, "curl_easy_perform");
	LOAD(easy_getinfo, "curl_easy_getinfo");
	LOAD(easy_strerror, "curl_easy_strerror");
	LOAD(easy_cleanup, "curl_easy_cleanup");
	LOAD(slist_append, "curl_slist_append");
	LOAD(slist_free_all, "curl_slist_free_all");
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
	return;
missing:
	snprintf(curl_load_error, sizeof curl_load_error, "%s: %s",
	    CURL_SONAME, dlerror());
	(void)dlclose(h);
}

struct body {
	uint8_t	*buf;
	size_t	 len;
};

static size_t
write_cb(char *p, size_t size, size_t nmemb, void *arg)
{
	struct body	*b = arg;
	size_t		 n = size * nmemb;
	uint8_t		*nb;

	if (n > REPLY_MAX - b->len)
		return 0;	/* too large: libcurl aborts the transfer */
	if ((nb = realloc(b->buf, b->len + n + 1)) == NULL)
		return 0;
	b->buf = nb;
	memcpy(b->buf + b->len, p, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return n;
}

void
upload_report_free(struct upload_report *r)
{
	free(r->message);
	r->message = NULL;
}

unsigned long
upload_backoff_ms(unsigned attempt, unsigned long base_ms,
    unsigned long cap_ms)
{
	unsigned long	hi = base_ms, lo;

	while (attempt-- > 0 && hi < cap_ms)
		hi *= 2;
	if (hi > cap_ms)
		hi = cap_ms;
	lo = hi / 2 < base_ms / 2 ? hi / 2 : base_ms / 2;
	if (hi <= lo || hi - lo > UINT32_MAX)
		return hi;
	return lo + keys_uniform((uint32_t)(hi - lo + 1));
}

struct pass {
	struct kiosk		*k;
	CURL			*curl;
	struct curl_slist	*hdrs;
	char			*url;
	struct upload_report	*r;
	char			**cause;
	int			 net;		/* YK_ENET seen: stop */
	int			 refused;
};

/*
 * Keep the server's {code, message} of a refusal for the report, made
 * inert first: they reach the official's terminal, where a hostile
 * server's "\r" or escape sequence could overwrite the line with
 * "uploaded".  The message is capped at UPLOAD_MESSAGE_MAX bytes.
 */
static void
note_refusal(struct pass *p, long status, const struct body *b)
{
	char	*code = NULL, *msg = NULL;

	if (b->buf != NULL &&
	    json_get_str((const char *)b->buf, b->len, "code", &code) == 0)
		text_sanitize(p->r->code, sizeof p->r->code, code,
		    strlen(code));
	else
		snprintf(p->r->code, sizeof p->r->code, "http-%ld", status);
	free(code);
	if (b->buf != NULL && json_get_str((const char *)b->buf, b->len,
	    "message", &msg) == 0) {
		free(p->r->message);
		if ((p->r->message = malloc(UPLOAD_MESSAGE_MAX + 1)) != NULL)
			text_sanitize(p->r->message, UPLOAD_MESSAGE_MAX + 1,
			    msg, strlen(msg));
		free(msg);
	}
}

/*
 * A redirection is not the collector's answer: captive portals send 3xx
 * (or 200) to their login page.  Nothing is marked; try again later.
 */
static int
portal(struct pass *p, long status)
{
	p->net = 1;
	return util_fail(p->cause, YK_ENET, "%s answered %ld, a redirection: "
	    "a captive portal or proxy in the way?  Nothing was marked; log "
	    "in to the network or retry later", p->url, status);
}

/*
 * A pass's batches go out on a thread of their own, in order, while this
 * thread forms the next (outbox_form_each): the collector checks one
 * batch's thousand signatures in about the time the next batch takes to
 * form, and one after the other the two made an upload 1.5-1.7x a bare
 * POST loop (docs/PERFORMANCE.md, "Uploader").  The sender only talks
 * HTTP.  Acknowledgement checks and every write to the store stay on this
 * thread, after the forming, in the order the batches were sent, so the
 * order of operations above holds: a batch is stored before it is sent,
 * and marked only after its acknowledgement checks out.
 */
struct job {
	uint8_t		 id[BATCH_ID];
	char		*poll;
	uint8_t		*blob;
	size_t		 len;
	struct batch	*b;		/* decoded from blob */
	int		 sent;		/* 0 queued, 1 sent, -1 never sent */
	CURLcode	 cc;
	long		 status;
	struct body	 reply;
	struct job	*next;
};

struct sender {
	struct pass	*p;
	pthread_t	 t;
	int		 started;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct job	*head, **tail;	/* queued and not yet handled */
	struct job	*todo;		/* the next to send */
	int		 closed;	/* nothing more will be queued */
	int		 stop;		/* send nothing more */
	int		 rc;		/* the first error handling a reply */
};

/* The HTTP exchange of one job: on the sender's thread. */
static void
post_job(struct pass *p, struct job *j)
{
	j->cc = CURLE_OK;
	j->status = 0;
	if (curl_easy_setopt(p->curl, CURLOPT_POSTFIELDS, j->blob) != CURLE_OK ||
	    curl_easy_setopt(p->curl, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)j->len) != CURLE_OK ||
	    curl_easy_setopt(p->curl, CURLOPT_WRITEDATA, &j->reply) !=
	    CURLE_OK)
		j->cc = CURLE_FAILED_INIT;
	else if ((j->cc = curl_easy_perform(p->curl)) == CURLE_OK)
		j->cc = curl_easy_getinfo(p->curl, CURLINFO_RESPONSE_CODE,
		    &j->status);
}

/* What handle_job will make of a reply that stops the pass. */
static int
stops(const struct job *j)
{
	return j->cc != CURLE_OK || (j->status >= 300 && j->status < 400) ||
	    j->status >= 500 || j->status == 408 || j->status == 429;
}

static void *
sender_main(void *arg)
{
	struct sender	*s = arg;
	struct job	*j;

	(void)pthread_mutex_lock(&s->mu);
	for (;;) {
		while (s->todo == NULL && !s->closed)
			(void)pthread_cond_wait(&s->cv, &s->mu);
		if ((j = s->todo) == NULL)
			break;
		s->todo = j->next;
		if (s->stop) {
			j->sent = -1;
			(void)pthread_cond_broadcast(&s->cv);
			continue;
		}
		(void)pthread_mutex_unlock(&s->mu);
		post_job(s->p, j);
		(void)pthread_mutex_lock(&s->mu);
		j->sent = 1;
		if (stops(j))
			s->stop = 1;
		(void)pthread_cond_broadcast(&s->cv);
	}
	(void)pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* A reply, as the walk used to take it: 0, or YK_ENET (stop) or an error. */
static int
handle_job(struct pass *p, struct job *j)
{
	char	*cause = NULL;
	int	 rc = 0;

	p->r->http = j->status;
	if (j->cc != CURLE_OK) {
		util_fail(p->cause, YK_ENET, "%s: %s; the batch stays queued, "
		    "retry later", p->url, curl_easy_strerror(j->cc));
		p->net = 1;
		rc = YK_ENET;
	} else if (j->status == 200 || j->status == 201) {
		rc = ack_check(j->reply.buf, j->reply.len, &p->k->province,
		    j->b, &cause);
		if (rc != 0) {
			util_fail(p->cause, YK_ENET, "%s answered %ld but not "
			    "with an acknowledgement signed by the province "
			    "for this batch (%s): a captive portal or proxy "
			    "in the way?  Nothing was marked; retry later",
			    p->url, j->status, cause);
			free(cause);
			p->net = 1;
			rc = YK_ENET;
		} else if ((rc = store_batch_ack(p->k->store, j->id,
		    j->reply.buf, j->reply.len, p->cause)) == 0) {
			p->r->acked++;
			p->r->ballots += j->b->n;
		}
	} else if (j->status >= 300 && j->status < 400) {
		rc = portal(p, j->status);
	} else if (j->status >= 500 || j->status == 408 ||
	    j->status == 429) {
		note_refusal(p, j->status, &j->reply);
		util_fail(p->cause, YK_ENET, "the collector answered %ld "
		    "(%s); retry later", j->status, p->r->code);
		p->net = 1;
		rc = YK_ENET;
	} else {
		note_refusal(p, j->status, &j->reply);
		util_fail(p->cause, YK_ESTATE, "the collector refused batch "
		    "of poll %s: %ld %s: %s", j->poll, j->status, p->r->code,
		    p->r->message != NULL ? p->r->message : "");
		p->refused++;
	}
	return rc;
}

static void
job_free(struct job *j)
{
	batch_free(j->b);
	free(j->reply.buf);
	free(j->blob);
	free(j->poll);
	free(j);
}

/* Queue a stored batch; its own bytes that do not decode are never sent. */
static int
queue_batch(void *arg, const uint8_t *id, const char *poll_id,
    const uint8_t *blob, size_t len)
{
	struct sender	*s = arg;
	struct job	*j;
	char		*cause = NULL;
	int		 rc;

	if ((j = calloc(1, sizeof *j)) == NULL ||
	    (j->blob = malloc(len > 0 ? len : 1)) == NULL ||
	    (j->poll = strdup(poll_id)) == NULL) {
		if (j != NULL)
			job_free(j);
		if (s->rc == 0)
			s->rc = util_fail(s->p->cause, YK_ENOMEM,
			    "out of memory");
		return 0;
	}
	memcpy(j->id, id, BATCH_ID);
	memcpy(j->blob, blob, len);
	j->len = len;
	if ((rc = batch_decode(j->blob, len, &j->b, &cause)) != 0) {
		util_wrap(&cause, rc, "stored batch: ");
		util_fail(s->p->cause, rc, "%s", cause);
		free(cause);
		s->p->refused++;
		job_free(j);
		return 0;
	}
	(void)pthread_mutex_lock(&s->mu);
	*s->tail = j;
	s->tail = &j->next;
	if (s->todo == NULL)
		s->todo = j;
	(void)pthread_cond_broadcast(&s->cv);
	(void)pthread_mutex_unlock(&s->mu);
	return 0;
}

static void
queue_formed(void *arg, const uint8_t id[16], const char *poll_id,
    const uint8_t *blob, size_t len)
{
	(void)queue_batch(arg, id, poll_id, blob, len);
}

static int
sender_start(struct sender *s, struct pass *p)
{
	memset(s, 0, sizeof *s);
	s->p = p;
	s->tail = &s->head;
	if (pthread_mutex_init(&s->mu, NULL) != 0)
		return util_fail(p->cause, YK_EIO, "cannot make a mutex");
	if (pthread_cond_init(&s->cv, NULL) != 0) {
		pthread_mutex_destroy(&s->mu);
		return util_fail(p->cause, YK_EIO, "cannot make a condition");
	}
	/* No thread: sender_finish sends them all, then handles them. */
	s->started = pthread_create(&s->t, NULL, sender_main, s) == 0;
	return 0;
}

/*
 * Nothing more to queue: handle every reply in order, then stop the
 * thread.  After a reply that stops the pass (YK_ENET, or a failed write
 * of an acknowledgement), nothing more is sent, and a batch sent
 * meanwhile stays unmarked: the next pass gets its acknowledgement again.
 */
static int
sender_finish(struct sender *s)
{
	struct job	*j;
	int		 rc;

	(void)pthread_mutex_lock(&s->mu);
	s->closed = 1;
	(void)pthread_cond_broadcast(&s->cv);
	(void)pthread_mutex_unlock(&s->mu);
	/* No thread: the sender's loop runs here, over everything queued. */
	if (!s->started)
		(void)sender_main(s);
	(void)pthread_mutex_lock(&s->mu);
	while ((j = s->head) != NULL) {
		while (j->sent == 0)
			(void)pthread_cond_wait(&s->cv, &s->mu);
		if ((s->head = j->next) == NULL)
			s->tail = &s->head;
		(void)pthread_mutex_unlock(&s->mu);
		rc = j->sent == 1 && s->rc == 0 ? handle_job(s->p, j) : 0;
		job_free(j);
		(void)pthread_mutex_lock(&s->mu);
		if (rc != 0) {
			s->rc = rc;
			s->stop = 1;
		}
	}
	(void)pthread_mutex_unlock(&s->mu);
	if (s->started)
		(void)pthread_join(s->t, NULL);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	return s->rc;
}

static int
count_cb(void *arg, const uint8_t *id, const char *poll_id,
    const uint8_t *blob, size_t len)
{
	(*(int *)arg)++;
	return 0;
}

/* The base URL and CA file: options first, then what was remembered. */
static int
settings(struct kiosk *k, const struct upload_opts *o, char **url,
    char **ca, char **cause)
{
	size_t	n;
	int	rc;

	*url = *ca = NULL;
	if (o->url != NULL)
		*url = util_strdup(o->url);
	else if ((rc = store_meta_get(k->store, UPLOAD_META_URL, url,
	    cause)) != 0)
		return rc;
	if (*url == NULL)
		return util_fail(cause, YK_EINVAL, "no province URL: run "
		    "'ykien-kiosk upload --url https://...' once (it is "
		    "remembered)");
	if (o->cafile != NULL)
		*ca = util_strdup(o->cafile);
	else if ((rc = store_meta_get(k->store, UPLOAD_META_CA, ca,
	    cause)) != 0)
		return rc;
	n = strlen(*url);
	while (n > 0 && (*url)[n - 1] == '/')
		(*url)[--n] = '\0';
	if (strncmp(*url, "https://", 8) != 0 &&
	    strncmp(*url, "http://", 7) != 0)
		return util_fail(cause, YK_EINVAL, "province URL \"%s\" must "
		    "start with https:// (or http:// for a test)", *url);
	return 0;
}

static int
setup_curl(struct pass *p, const char *ca, const struct upload_opts *o,
    char **cause)
{
	CURL	*c;
	int	 ok;

	if (pthread_once(&curl_once, curl_init_once) != 0)
		return util_fail(cause, YK_EIO, "libcurl failed to "
		    "initialise");
	if (curl_load_error[0] != '\0')
		return util_fail(cause, YK_EIO, "cannot load libcurl (%s); "
		    "install it: apt-get install libcurl4", curl_load_error);
	if (curl_init_rc != CURLE_OK)
		return util_fail(cause, YK_EIO, "libcurl failed to "
		    "initialise");
	if ((p->curl = c = curl_easy_init()) == NULL)
		return util_fail(cause, YK_ENOMEM, "libcurl: out of memory");
	if ((p->hdrs = curl_slist_append(NULL, "Content-Type: "
	    "application/octet-stream")) == NULL ||
	    (p->hdrs = curl_slist_append(p->hdrs, "Expect:")) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	ok = curl_easy_setopt(c, CURLOPT_URL, p->url) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_HTTPHEADER, p->hdrs) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_POST, 1L) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") ==
	    CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->connect_timeout > 0 ?
	    o->connect_timeout : 15L) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout > 0 ? o->timeout :
	    120L) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_USERAGENT, "ykien-kiosk/"
	    YKIEN_VERSION) == CURLE_OK &&
	    (ca == NULL || curl_easy_setopt(c, CURLOPT_CAINFO, ca) ==
	    CURLE_OK);
	if (!ok)
		return util_fail(cause, YK_EIO, "libcurl refused an option "
		    "(too old a libcurl?)");
	return 0;
}

/* One POST of body to url; *status and *reply filled, or YK_ENET. */
static int
post_body(struct pass *p, const char *url, const uint8_t *body, size_t len,
    long *status, struct body *reply)
{
	CURLcode	cc;

	if (curl_easy_setopt(p->curl, CURLOPT_URL, url) != CURLE_OK ||
	    curl_easy_setopt(p->curl, CURLOPT_POSTFIELDS, body) != CURLE_OK ||
	    curl_easy_setopt(p->curl, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)len) != CURLE_OK ||
	    curl_easy_setopt(p->curl, CURLOPT_WRITEDATA, reply) != CURLE_OK)
		return util_fail(p->cause, YK_EIO, "libcurl refused an option");
	cc = curl_easy_perform(p->curl);
	if (cc == CURLE_OK)
		cc = curl_easy_getinfo(p->curl, CURLINFO_RESPONSE_CODE, status);
	p->r->http = *status;
	if (cc != CURLE_OK) {
		util_fail(p->cause, YK_ENET, "%s: %s; retry later", url,
		    curl_easy_strerror(cc));
		p->net = 1;
		return YK_ENET;
	}
	return 0;
}

struct closed_polls {
	char	*id[64];
	int	 n;
};

static int
closed_cb(void *arg, const char *id, const char *state)
{
	struct closed_polls	*c = arg;

	if (strcmp(state, KIOSK_CLOSED) == 0 && c->n < 64 &&
	    (c->id[c->n] = strdup(id)) != NULL)
		c->n++;
	return 0;
}

/* An optional file of the state directory; *buf NULL if absent. */
static int
state_file(struct kiosk *k, const char *poll, const char *suffix,
    uint8_t **buf, size_t *len, char **cause)
{
	char	*p;
	int	 rc = 0;

	*buf = NULL;
	*len = 0;
	if ((p = util_printf("%s/closing-%s%s", k->dir, poll, suffix)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if (util_exists(p))
		rc = util_read_file(p, BUNDLE_MAX, buf, len, cause);
	free(p);
	return rc;
}

/* The kiosk's signature over the head of its event log, now. */
static int
head_sign(struct kiosk *k, uint8_t out[EVENT_HEAD_LEN], char **cause)
{
	struct event_head	h;
	int			rc;

	memcpy(h.kiosk, k->pub.keynum, KEYS_NUM);
	if ((rc = event_head(k->store, &h.seq, h.hash, cause)) != 0)
		return rc;
	event_head_sign(k->sec, &h, out);
	return 0;
}

/*
 * Send one closed poll's records (closing record, sheet, signature and
 * the event log) unless the province already acknowledged exactly this
 * bundle; meta "records.ID" keeps the hash it acknowledged.  The event log
 * grows (an export logs itself), so a grown log is sent again.
 *
 * Long: read the four files, skip what the province already holds, post,
 * check the signed acknowledgement and only then remember it: one
 * sequence whose order is what makes it safe to repeat.
 */
static int
send_records(struct pass *p, const char *base, const char *poll)
{
	struct bundle	 bu;
	struct batch	 named;
	struct body	 reply = { NULL, 0 };
	uint8_t		*bin = NULL, *txt = NULL, *sig = NULL, *ev = NULL;
	uint8_t		*buf = NULL, h[KEYS_HASH], head[EVENT_HEAD_LEN];
	size_t		 blen, tlen, slen, elen, len;
	char		*key = NULL, *held = NULL, *url = NULL, *cause = NULL;
	char		 hex[2 * KEYS_HASH + 1];
	long		 status = 0;
	int		 rc;

	if ((rc = state_file(p->k, poll, ".bin", &bin, &blen, p->cause)) != 0)
		return rc;
	if (bin == NULL)
		return 0;	/* closed before records existed: nothing */
	/* The head first: an event logged meanwhile lengthens the log. */
	if ((rc = head_sign(p->k, head, p->cause)) != 0 ||
	    (rc = state_file(p->k, poll, ".txt", &txt, &tlen, p->cause)) != 0 ||
	    (rc = state_file(p->k, poll, ".txt.sig", &sig, &slen,
	    p->cause)) != 0 ||
	    (rc = event_log_file(p->k->store, &ev, &elen, p->cause)) != 0)
		goto out;
	memset(&bu, 0, sizeof bu);
	memcpy(bu.keynum, p->k->pub.keynum, KEYS_NUM);
	bu.closing = bin;
	bu.closing_len = blen;
	bu.sheet = txt;
	bu.sheet_len = tlen;
	bu.sig = sig;
	bu.sig_len = slen;
	bu.events = ev;
	bu.events_len = elen;
	bu.head = head;
	bu.head_len = sizeof head;
	if ((rc = bundle_encode(&bu, &buf, &len)) != 0) {
		util_fail(p->cause, rc, "records of poll %s: too large", poll);
		goto out;
	}
	memset(&named, 0, sizeof named);
	bundle_name(buf, len, named.id, h);
	memcpy(named.hash, h, KEYS_HASH);
	named.kiosk = p->k->pub;
	snprintf(named.poll_id, sizeof named.poll_id, "%s", poll);
	keys_hex(h, KEYS_HASH, hex);
	if ((key = util_printf("records.%s", poll)) == NULL ||
	    (url = util_printf("%s/v1/records", base)) == NULL) {
		rc = util_fail(p->cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = store_meta_get(p->k->store, key, &held, p->cause)) != 0)
		goto out;
	if (held != NULL && strcmp(held, hex) == 0)
		goto out;	/* the province has exactly these */
	if ((rc = post_body(p, url, buf, len, &status, &reply)) != 0)
		goto out;
	if (status == 200 || status == 201) {
		if (ack_check(reply.buf, reply.len, &p->k->province, &named,
		    &cause) != 0) {
			rc = util_fail(p->cause, YK_ENET, "%s answered %ld but "
			    "not with the province's acknowledgement of these "
			    "records (%s): retry later", url, status, cause);
			p->net = 1;
		} else if ((rc = store_meta_set(p->k->store, key, hex,
		    p->cause)) == 0)
			p->r->records++;
	} else if (status >= 300 && status < 400) {
		rc = portal(p, status);
	} else if (status >= 500) {
		rc = util_fail(p->cause, YK_ENET, "%s answered %ld: retry "
		    "later", url, status);
		p->net = 1;
	} else {
		note_refusal(p, status, &reply);
		p->refused++;
		rc = 0;
	}
out:
	free(cause);
	free(reply.buf);
	free(bin);
	free(txt);
	free(sig);
	free(ev);
	free(buf);
	free(key);
	free(held);
	free(url);
	return rc;
}

static int
send_all_records(struct pass *p, const char *base)
{
	struct closed_polls	c;
	int			i, rc;

	memset(&c, 0, sizeof c);
	rc = store_poll_each(p->k->store, closed_cb, &c, p->cause);
	for (i = 0; i < c.n; i++) {
		if (rc == 0 && !p->net)
			rc = send_records(p, base, c.id[i]);
		free(c.id[i]);
	}
	return rc;
}

int
upload_pass(struct kiosk *k, const struct upload_opts *o,
    struct upload_report *r, char **cause)
{
	struct pass	 p;
	struct sender	 s;
	char		*base = NULL, *ca = NULL;
	int		 rc, frc;

	memset(r, 0, sizeof *r);
	memset(&p, 0, sizeof p);
	p.k = k;
	p.r = r;
	p.cause = cause;
	if ((rc = settings(k, o, &base, &ca, cause)) != 0)
		goto out;
	if ((p.url = util_printf("%s/v1/batches", base)) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto out;
	}
	/* Without libcurl the batches are still formed, as before. */
	if ((rc = setup_curl(&p, ca, o, cause)) != 0) {
		(void)outbox_form(k, &r->formed, NULL);
		goto out;
	}
	if ((rc = sender_start(&s, &p)) != 0)
		goto out;
	/* The batches a last pass left first, then each one as formed. */
	rc = store_batch_each(k->store, 0, queue_batch, &s, cause);
	if (rc == 0)
		rc = outbox_form_each(k, &r->formed, queue_formed, &s, cause);
	if ((frc = sender_finish(&s)) != 0 && rc == 0)
		rc = frc;
	/*
	 * Only for `status` (each acknowledgement is kept in its own
	 * commit): noted once for the pass, not once per batch, which cost a
	 * commit and a sync each.
	 */
	(void)acklog_note(k->store, ACKLOG_VIA_NET, r->acked, NULL);
	/* Records last: the province counts a closed poll's ballots first. */
	if (rc == 0 && !p.net)
		rc = send_all_records(&p, base);
	if (rc == 0 && p.refused > 0)
		rc = YK_ESTATE;
	r->rejected = p.refused;
	if (store_batch_each(k->store, 0, count_cb, &r->left, NULL) != 0)
		r->left = -1;
out:
	if (p.curl != NULL)
		curl_easy_cleanup(p.curl);
	if (p.hdrs != NULL)
		curl_slist_free_all(p.hdrs);
	free(p.url);
	free(base);
	free(ca);
	return rc;
}

static void
nap_ms(unsigned long ms, volatile sig_atomic_t *stop)
{
	struct timespec	ts;

	while (ms > 0 && !*stop) {
		unsigned long	step = ms > 200 ? 200 : ms;

		ts.tv_sec = 0;
		ts.tv_nsec = (long)step * 1000000L;
		(void)nanosleep(&ts, NULL);
		ms -= step;
	}
}

int
upload_run(const char *dir, const struct upload_opts *o, unsigned idle_s,
    volatile sig_atomic_t *stop, void (*notify)(void *, int,
    const struct upload_report *), void *arg, char **cause)
{
	struct kiosk		*k;
	struct upload_report	 r;
	unsigned		 attempt = 0;
	int			 rc;

	if ((rc = kiosk_open(dir, &k, cause)) != 0)
		return rc;
	while (!*stop) {
		rc = upload_pass(k, o, &r, NULL);
		if (notify != NULL)
			notify(arg, rc, &r);
		upload_report_free(&r);
		if (rc == YK_ENET)
			nap_ms(upload_backoff_ms(attempt++, 5000, 900000), stop);
		else {
			attempt = 0;
			nap_ms((unsigned long)idle_s * 1000, stop);
		}
	}
	kiosk_close(k);
	return 0;
}
