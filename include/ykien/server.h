/*
 * server: the province's HTTP collector, the only module that includes
 * <microhttpd.h>.  libmicrohttpd runs a thread pool; every POST
 * /v1/batches body goes to collect_batch(), whose reply becomes the HTTP
 * reply (the signed acknowledgement as application/octet-stream on 200 and
 * 201, else a JSON {"code","message"}).  GET /v1/health answers 200.
 * Limits: a maximum body size (413 before reading a body that announces
 * more, and as soon as a chunked body passes it), a per-connection idle
 * timeout, a whole-request deadline (a client that trickles its body a
 * byte at a time is cut off), a maximum number of connections, and a
 * maximum per client address (so that one address cannot hold them all).
 * One log line per request goes to the caller's log function: time,
 * client, method, path, status, code, ballot count and duration, never a
 * ballot's content.
 */
#ifndef YKIEN_SERVER_H
#define YKIEN_SERVER_H

#include <stddef.h>

struct collect;
struct server;

struct server_opts {
	const char	*listen;	/* "HOST:PORT"; port 0 picks one */
	unsigned	 threads;	/* per batch; 0: a core each */
	size_t		 max_body;	/* bytes */
	unsigned	 max_conn;
	unsigned	 timeout;	/* seconds of inactivity per connection */
	const char	*tls_cert;	/* PEM files, both or neither */
	const char	*tls_key;
	/* Called from any server thread with one line (no newline). */
	void		(*log)(void *arg, const char *line);
	void		*log_arg;
	/* GET /polls/ID/NAME serves public_dir/ID/NAME (publish.h); NULL: off */
	const char	*public_dir;
	unsigned	 max_per_ip;	/* connections per address; 0: no limit */
	unsigned	 deadline;	/* seconds for a whole request; 0: none */
};

/*
 * Start serving in background threads.  *port gets the bound port.  The
 * collect must outlive the server.
 */
int	 server_start(struct collect *, const struct server_opts *,
	    struct server **out, unsigned *port, char **cause);
/* Stop and wait for the threads; server_stop(NULL) is a no-op. */
void	 server_stop(struct server *);

#endif
