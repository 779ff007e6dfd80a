/*
 * iplimit: how many connections each client address holds, shared by all
 * of the collector's threads, so that one address (a script trickling
 * bytes on a hundred sockets) cannot take every connection slot.
 * libmicrohttpd's own per-IP limit counts per worker thread, so with a
 * thread pool one address could still hold them all.
 */
#ifndef YKIEN_IPLIMIT_H
#define YKIEN_IPLIMIT_H

#include <sys/socket.h>

struct iplimit;

/*
 * A table for up to slots distinct addresses, each allowed per_ip
 * connections (0: no limit).  NULL on no memory.
 */
struct iplimit	*iplimit_new(unsigned per_ip, unsigned slots);
void		 iplimit_free(struct iplimit *);
/* 1 if addr may open one more connection, else 0.  Thread-safe. */
int		 iplimit_admit(struct iplimit *, const struct sockaddr *);
/* A connection from addr opened (+1) or closed (-1).  Thread-safe. */
void		 iplimit_count(struct iplimit *, const struct sockaddr *,
		    int delta);

#endif
