/*
 * server: the HTTP face of the collector (contract in
 * include/ykien/server.h).  Nothing here decides whether a batch is good:
 * that is collect.c, shared with the USB import.  This file only moves
 * bytes, enforces the limits, and logs one line per request.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <fcntl.h>
#include <unistd.h>

#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "ykien/collect.h"
#include "ykien/iplimit.h"
#include "ykien/json.h"
#include "ykien/keys.h"
#include "ykien/publish.h"
#include "ykien/server.h"
#include "ykien/util.h"

struct server {
	struct MHD_Daemon	*d;
	struct collect		*c;
	struct iplimit		*ips;	/* connections per client address */
	struct server_opts	 o;
	char			*cert;
	char			*key;
};

/* One request's state, from its first callback to its completion. */
struct req {
	uint8_t		*buf;
	size_t		 len;
	size_t		 cap;
	int		 status;
	const char	*code;
	unsigned	 n;
	size_t		 collisions;	/* ids another kiosk also sent */
	int		 refused;	/* a reply is queued; drop the body */
	struct timespec	 t0;
	char		 method[8];
	char		 path[64];
};

static void
logf_(struct server *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
logf_(struct server *s, const char *fmt, ...)
{
	char	line[512];
	va_list	ap;

	if (s->o.log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	s->o.log(s->o.log_arg, line);
}

static void
mhd_logger(void *arg, const char *fmt, va_list ap)
{
	struct server	*s = arg;
	char		 line[400];
	size_t		 n;

	vsnprintf(line, sizeof line, fmt, ap);
	n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	/* Our own refusals (refuse_now): the request's line says why. */
	if (strncmp(line, "Application reported internal error", 35) == 0)
		return;
	logf_(s, "libmicrohttpd: %s", line);
}

static enum MHD_Result
send_bytes(struct MHD_Connection *conn, struct req *r, int status,
    const char *code, const void *body, size_t len, const char *type)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;

	r->status = status;
	r->code = code;
	resp = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body,
	    MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    type) != MHD_YES ||
	    MHD_add_response_header(resp, "Cache-Control", "no-store") !=
	    MHD_YES) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	ret = MHD_queue_response(conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
send_error(struct MHD_Connection *conn, struct req *r, int status,
    const char *code, const char *message)
{
	char		*body;
	enum MHD_Result	 ret;

	if ((body = json_error_body(code, message)) == NULL)
		return MHD_NO;
	ret = send_bytes(conn, r, status, code, body, strlen(body),
	    "application/json");
	free(body);
	return ret;
}

/* The client's numeric address, for the log. */
static void
client_addr(struct MHD_Connection *conn, char *out, size_t len)
{
	const union MHD_ConnectionInfo	*ci;
	socklen_t			 sl;

	snprintf(out, len, "?");
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return;
	sl = ci->client_addr->sa_family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	if (getnameinfo(ci->client_addr, sl, out, (socklen_t)len, NULL, 0,
	    NI_NUMERICHOST) != 0)
		snprintf(out, len, "?");
}

/* Path for the log: printable ASCII only, bounded. */
static void
clean_path(const char *url, char *out, size_t len)
{
	size_t	i;

	for (i = 0; url != NULL && url[i] != '\0' && i + 1 < len; i++)
		out[i] = url[i] > 0x20 && url[i] < 0x7f ? url[i] : '?';
	out[i] = '\0';
}

/* Accept policy: no more than max_per_ip connections per address. */
static enum MHD_Result
admit(void *cls, const struct sockaddr *addr, socklen_t len)
{
	struct server	*s = cls;

	return iplimit_admit(s->ips, addr) ? MHD_YES : MHD_NO;
}

/*
 * Count each connection against its address while it lives; the address
 * is kept in the socket's context for the count down.
 */
static void
notify_conn(void *cls, struct MHD_Connection *conn, void **ctx,
    enum MHD_ConnectionNotificationCode toe)
{
	struct server			*s = cls;
	const union MHD_ConnectionInfo	*ci;
	struct sockaddr_storage		*ss;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(conn,
		    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci == NULL || ci->client_addr == NULL ||
		    (ss = util_calloc(1, sizeof *ss)) == NULL)
			return;
		memcpy(ss, ci->client_addr,
		    ci->client_addr->sa_family == AF_INET6 ?
		    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in));
		iplimit_count(s->ips, (struct sockaddr *)ss, 1);
		*ctx = ss;
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *ctx != NULL) {
		iplimit_count(s->ips, *ctx, -1);
		free(*ctx);
		*ctx = NULL;
	}
}

static long
elapsed_ms(const struct req *r)
{
	struct timespec	t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - r->t0.tv_sec) * 1000 +
	    (t1.tv_nsec - r->t0.tv_nsec) / 1000000;
}

static void
completed(void *cls, struct MHD_Connection *conn, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct server	*s = cls;
	struct req	*r = *req_cls;
	char		 addr[64], stamp[32];
	time_t		 now = time(NULL);
	struct tm	 tm;
	long		 ms;

	if (r == NULL)
		return;
	ms = elapsed_ms(r);
	client_addr(conn, addr, sizeof addr);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* A collision means a kiosk lies or a card was copied: say so. */
	logf_(s, "%s %s %s %s %d %s ballots=%u bytes=%zu %ldms%s%s", stamp,
	    addr, r->method, r->path, r->status, r->code != NULL ? r->code :
	    "-", r->n, r->len, ms, r->collisions > 0 ? " ID-COLLISION (ids "
	    "another kiosk also sent: investigate both kiosks)" : "",
	    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" :
	    toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? " (timed out)" :
	    " (connection closed early)");
	free(r->buf);
	free(r);
	*req_cls = NULL;
}

/* The two bodies a kiosk posts: a batch, or its records (bundle.h). */
static int
is_upload(const char *url)
{
	return strcmp(url, "/v1/batches") == 0 ||
	    strcmp(url, "/v1/records") == 0;
}

static enum MHD_Result
post_batch(struct server *s, struct MHD_Connection *conn, struct req *r,
    int records)
{
	struct collect_reply	 cr;
	enum MHD_Result		 ret;
	char			*body;

	if (records)
		collect_records(s->c, r->buf, r->len, &cr);
	else
		collect_batch(s->c, r->buf, r->len, &cr);
	r->n = cr.n;
	r->collisions = cr.collisions;
	if (cr.status == 200 || cr.status == 201)
		ret = send_bytes(conn, r, cr.status, cr.code, cr.ack, cr.alen,
		    "application/octet-stream");
	else {
		body = json_error_body(cr.code, cr.message != NULL ?
		    cr.message : cr.code);
		ret = body == NULL ? MHD_NO : send_bytes(conn, r, cr.status,
		    cr.code, body, strlen(body), "application/json");
		free(body);
	}
	collect_reply_free(&cr);
	return ret;
}

/*
 * Open root/ID/NAME (path, as publish_resolve made it) one component at a
 * time, each with O_NOFOLLOW: a symbolic link at the publish directory,
 * at a poll's directory or at a file is refused, so that nothing placed
 * there can reach outside it.  The components above root are the
 * operator's --dir, trusted.  Returns the file's descriptor or -1.
 */
static int
open_public(const char *root, const char *path)
{
	const char	*rel = path + strlen(root) + 1, *slash;
	char		 id[256];
	int		 dfd, pfd, fd;

	if ((slash = strchr(rel, '/')) == NULL ||
	    (size_t)(slash - rel) >= sizeof id)
		return -1;
	memcpy(id, rel, (size_t)(slash - rel));
	id[slash - rel] = '\0';
	if ((dfd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return -1;
	pfd = openat(dfd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	(void)close(dfd);
	if (pfd < 0)
		return -1;
	fd = openat(pfd, slash + 1, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	(void)close(pfd);
	return fd;
}

/*
 * A file of a published poll, read-only.  publish_resolve admits only
 * plain names under public_dir; open_public refuses a link at every
 * component, and the regular-file check anything but a file.
 */
static enum MHD_Result
get_public(struct server *s, struct MHD_Connection *conn, struct req *r,
    const char *url, const char *method)
{
	struct MHD_Response	*resp;
	struct stat		 sb;
	const char		*type;
	enum MHD_Result		 ret;
	char			*path = NULL;
	int			 fd;

	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return send_error(conn, r, 405, "method", "use GET");
	if (publish_resolve(s->o.public_dir, url, &path, &type) != 0 ||
	    (fd = open_public(s->o.public_dir, path)) < 0) {
		free(path);
		return send_error(conn, r, 404, "not-found", "no such file "
		    "in the published polls");
	}
	free(path);
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd)) ==
	    NULL) {
		close(fd);
		return send_error(conn, r, 404, "not-found", "no such file "
		    "in the published polls");
	}
	r->status = 200;
	r->code = "ok";
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    type) != MHD_YES ||
	    MHD_add_response_header(resp, "X-Content-Type-Options",
	    "nosniff") != MHD_YES) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	ret = MHD_queue_response(conn, 200, resp);
	MHD_destroy_response(resp);
	return ret;
}

/*
 * A chunked body just passed the limit (413), or a body is still coming
 * at the request's deadline (408).  libmicrohttpd 0.9 cannot queue a
 * reply in the middle of a body, and reading the rest (up to any size,
 * for ever) is what the limits are for.  So on plain HTTP the reply is
 * written to the socket here, then the connection is dropped (MHD_NO); over
 * TLS, where
 * only the library may write, it is just dropped.  Either way nothing
 * more of the body is read.
 */
static enum MHD_Result
refuse_now(struct server *s, struct MHD_Connection *conn, struct req *r,
    int status, const char *code, const char *message)
{
	const union MHD_ConnectionInfo	*ci;
	char			*body, msg[512];
	int			 n;

	r->status = status;
	r->code = code;
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (s->cert != NULL || ci == NULL ||
	    (body = json_error_body(code, message)) == NULL)
		return MHD_NO;
	n = snprintf(msg, sizeof msg, "HTTP/1.1 %d %s\r\nContent-Type: "
	    "application/json\r\nCache-Control: no-store\r\nConnection: "
	    "close\r\nContent-Length: %zu\r\n\r\n%s", status, status == 413 ?
	    "Payload Too Large" : "Request Timeout", strlen(body), body);
	free(body);
	/* One small write to a socket that is not being written: no loop. */
	if (n > 0 && (size_t)n < sizeof msg)
		(void)send(ci->connect_fd, msg, (size_t)n, MSG_NOSIGNAL |
		    MSG_DONTWAIT);
	(void)shutdown(ci->connect_fd, SHUT_WR);
	return MHD_NO;
}

/*
 * libmicrohttpd's handler for every request.  Long: MHD calls it again
 * and again for one request (headers, then each piece of the body, then
 * the end), and those calls share the request's state and its limits;
 * one function keeps the order of the calls readable from top to bottom.
 */
static enum MHD_Result
handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **req_cls)
{
	struct server	*s = cls;
	struct req	*r = *req_cls;
	const char	*cl;
	unsigned long long n;
	char		*end;
	int		 is_post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;

	if (r == NULL) {
		if ((r = util_calloc(1, sizeof *r)) == NULL)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &r->t0);
		clean_path(method, r->method, sizeof r->method);
		clean_path(url, r->path, sizeof r->path);
		*req_cls = r;
		if (is_upload(url) && is_post) {
			cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
			    MHD_HTTP_HEADER_CONTENT_LENGTH);
			if (cl != NULL) {
				n = strtoull(cl, &end, 10);
				if (*end == '\0' && n > s->o.max_body) {
					r->refused = 1;
					r->len = 0;
					return send_error(conn, r, 413,
					    "too-large", "the body is larger "
					    "than the collector's limit");
				}
			}
			return MHD_YES;
		}
		if (*upload_data_size == 0 || !is_post)
			goto dispatch;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (r->refused) {
			*upload_data_size = 0;
			return MHD_YES;
		}
		if (r->len + *upload_data_size > s->o.max_body) {
			/*
			 * Past the limit (a chunked body announces no
			 * length): answer 413 now, and drop the connection
			 * rather than read the rest.
			 */
			r->refused = 1;
			*upload_data_size = 0;
			return refuse_now(s, conn, r, 413, "too-large", "the "
			    "body is larger than the collector's limit");
		}
		/* Each byte resets the idle timeout; this bounds the whole. */
		if (s->o.deadline > 0 && elapsed_ms(r) > s->o.deadline * 1000L) {
			r->refused = 1;
			*upload_data_size = 0;
			return refuse_now(s, conn, r, 408, "deadline", "the "
			    "request took longer than the collector allows");
		}
		if (!is_upload(url) || !is_post) {
			/* Not a batch: drop it, reply later. */
			r->refused = 3;
			*upload_data_size = 0;
			return MHD_YES;
		}
		if (r->len + *upload_data_size > r->cap) {
			size_t	 cap = r->cap ? r->cap : 16384;
			uint8_t	*nb;

			while (cap < r->len + *upload_data_size)
				cap *= 2;
			if (cap > s->o.max_body)
				cap = s->o.max_body;
			if ((nb = realloc(r->buf, cap)) == NULL)
				return MHD_NO;
			r->buf = nb;
			r->cap = cap;
		}
		memcpy(r->buf + r->len, upload_data, *upload_data_size);
		r->len += *upload_data_size;
		*upload_data_size = 0;
		return MHD_YES;
	}
dispatch:
	if (r->refused == 1)
		return MHD_YES;	/* 413 already queued */
	if (r->refused == 2)
		return send_error(conn, r, 413, "too-large", "the body is "
		    "larger than the collector's limit");
	if (strcmp(url, "/v1/health") == 0) {
		if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
		    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
			return send_error(conn, r, 405, "method", "use GET");
		return send_bytes(conn, r, 200, "ok", "{\"status\":\"ok\"}\n",
		    16, "application/json");
	}
	if (is_upload(url)) {
		if (!is_post)
			return send_error(conn, r, 405, "method", "use POST");
		return post_batch(s, conn, r, strcmp(url, "/v1/records") == 0);
	}
	if (s->o.public_dir != NULL && strncmp(url, "/polls/", 7) == 0)
		return get_public(s, conn, r, url, method);
	return send_error(conn, r, 404, "not-found", "no such endpoint; "
	    "the collector serves POST /v1/batches, POST /v1/records and GET "
	    "/v1/health");
}

static int
parse_listen(const char *listen, struct addrinfo **res, char **cause)
{
	struct addrinfo	 hints;
	char		*host, *port;
	int		 rc;

	if ((host = util_strdup(listen)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	if ((port = strrchr(host, ':')) == NULL) {
		free(host);
		return util_fail(cause, YK_EINVAL, "--listen %s: expected "
		    "HOST:PORT, e.g. 127.0.0.1:8080", listen);
	}
	*port++ = '\0';
	if (host[0] == '[' && strlen(host) > 2 &&
	    host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
	rc = getaddrinfo(*host != '\0' ? host : NULL, port, &hints, res);
	free(host);
	if (rc != 0)
		return util_fail(cause, YK_EINVAL, "--listen %s: %s (give a "
		    "numeric address and port)", listen, gai_strerror(rc));
	return 0;
}

/*
 * Long: libmicrohttpd takes every setting (TLS files, limits, address,
 * logger) in one MHD_start_daemon call, so the checks and files that
 * feed it come together here.
 */
int
server_start(struct collect *c, const struct server_opts *o,
    struct server **out, unsigned *port, char **cause)
{
	struct server			*s;
	struct addrinfo			*ai = NULL;
	const union MHD_DaemonInfo	*di;
	unsigned int			 flags;
	uint8_t				*buf;
	size_t				 len;
	int				 rc;

	if ((o->tls_cert == NULL) != (o->tls_key == NULL))
		return util_fail(cause, YK_EINVAL, "TLS needs both a "
		    "certificate and a key file");
	if ((s = util_calloc(1, sizeof *s)) == NULL)
		return util_fail(cause, YK_ENOMEM, "out of memory");
	s->c = c;
	s->o = *o;
	collect_set_threads(c, o->threads);
	if ((s->ips = iplimit_new(o->max_per_ip, o->max_conn + 64)) == NULL) {
		rc = util_fail(cause, YK_ENOMEM, "out of memory");
		goto fail;
	}
	/*
	 * A thread per connection, at most --max-conn of them: with a pool
	 * each thread owned the connections it accepted, so that several
	 * kept-alive kiosks could land on one thread and wait on each other
	 * while another thread idled (docs/PERFORMANCE.md, "Province
	 * ingest").  The signatures of one batch are split over every core
	 * (collect.c) whichever thread holds it.
	 */
	flags = MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG;
	if (o->tls_cert != NULL) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			rc = util_fail(cause, YK_EINVAL, "this libmicrohttpd "
			    "was built without TLS; put a TLS proxy in front");
			goto fail;
		}
		if ((rc = util_read_file(o->tls_cert, 1 << 20, &buf, &len,
		    cause)) != 0)
			goto fail;
		s->cert = (char *)buf;
		if ((rc = util_read_file(o->tls_key, 1 << 20, &buf, &len,
		    cause)) != 0)
			goto fail;
		s->key = (char *)buf;
		flags |= MHD_USE_TLS;
	}
	if ((rc = parse_listen(o->listen, &ai, cause)) != 0)
		goto fail;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	{
		/* The TLS pair last, so that plain HTTP ends the list early. */
		struct MHD_OptionItem ops[] = {
			{ MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_logger, s },
			{ MHD_OPTION_SOCK_ADDR, 0, ai->ai_addr },
			{ MHD_OPTION_CONNECTION_LIMIT, o->max_conn, NULL },
			{ MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)notify_conn,
			    s },
			{ MHD_OPTION_CONNECTION_TIMEOUT, o->timeout, NULL },
			{ MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, s },
			{ s->cert != NULL ? MHD_OPTION_HTTPS_MEM_CERT :
			    MHD_OPTION_END, 0, s->cert },
			{ MHD_OPTION_HTTPS_MEM_KEY, 0, s->key },
			{ MHD_OPTION_END, 0, NULL },
		};

		s->d = MHD_start_daemon(flags, 0, admit, s, handler, s,
		    MHD_OPTION_ARRAY, ops, MHD_OPTION_END);
	}
	freeaddrinfo(ai);
	if (s->d == NULL) {
		rc = util_fail(cause, YK_EIO, "cannot listen on %s (address "
		    "in use, or not an address of this machine?)", o->listen);
		goto fail;
	}
	di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	*port = di != NULL ? di->port : 0;
	*out = s;
	return 0;
fail:
	server_stop(s);
	return rc;
}

void
server_stop(struct server *s)
{
	if (s == NULL)
		return;
	if (s->d != NULL)
		MHD_stop_daemon(s->d);
	iplimit_free(s->ips);
	free(s->cert);
	if (s->key != NULL) {
		keys_wipe(s->key, strlen(s->key));
		free(s->key);
	}
	free(s);
}
