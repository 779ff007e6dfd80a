/*
 * iplimit: per-address connection counts for the collector (contract in
 * include/ykien/iplimit.h).  A plain array searched in full: it holds at
 * most as many addresses as the collector has connection slots (64 by
 * default), and a mutex keeps the threads' counts together.
 */
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ykien/iplimit.h"
#include "ykien/util.h"

struct slot {
	uint8_t		addr[16];	/* IPv4 in the first 4 bytes */
	unsigned	n;		/* 0: free */
};

struct iplimit {
	pthread_mutex_t	 mu;
	unsigned	 per_ip;
	unsigned	 nslots;
	struct slot	*slots;
};

struct iplimit *
iplimit_new(unsigned per_ip, unsigned slots)
{
	struct iplimit	*l;

	if ((l = util_calloc(1, sizeof *l)) == NULL)
		return NULL;
	if ((l->slots = util_calloc(slots ? slots : 1, sizeof *l->slots)) ==
	    NULL || pthread_mutex_init(&l->mu, NULL) != 0) {
		free(l->slots);
		free(l);
		return NULL;
	}
	l->per_ip = per_ip;
	l->nslots = slots ? slots : 1;
	return l;
}

void
iplimit_free(struct iplimit *l)
{
	if (l == NULL)
		return;
	pthread_mutex_destroy(&l->mu);
	free(l->slots);
	free(l);
}

/* The address as 16 bytes (an IPv4 one zero-padded); 0 if not IP. */
static int
key(const struct sockaddr *sa, uint8_t out[16])
{
	memset(out, 0, 16);
	if (sa == NULL)
		return 0;
	if (sa->sa_family == AF_INET) {
		memcpy(out, &((const struct sockaddr_in *)(const void *)sa)->
		    sin_addr, 4);
		return 1;
	}
	if (sa->sa_family == AF_INET6) {
		memcpy(out, &((const struct sockaddr_in6 *)(const void *)sa)->
		    sin6_addr, 16);
		return 1;
	}
	return 0;
}

/* The slot of k, or a free one if add, or NULL.  Called with mu held. */
static struct slot *
find(struct iplimit *l, const uint8_t k[16], int add)
{
	struct slot	*free_slot = NULL;
	unsigned	 i;

	for (i = 0; i < l->nslots; i++) {
		if (l->slots[i].n == 0) {
			if (free_slot == NULL)
				free_slot = &l->slots[i];
		} else if (memcmp(l->slots[i].addr, k, 16) == 0)
			return &l->slots[i];
	}
	if (!add || free_slot == NULL)
		return NULL;
	memcpy(free_slot->addr, k, 16);
	return free_slot;
}

int
iplimit_admit(struct iplimit *l, const struct sockaddr *sa)
{
	struct slot	*s;
	uint8_t		 k[16];
	int		 ok;

	if (l->per_ip == 0 || !key(sa, k))
		return 1;
	pthread_mutex_lock(&l->mu);
	s = find(l, k, 0);
	ok = s == NULL || s->n < l->per_ip;
	pthread_mutex_unlock(&l->mu);
	return ok;
}

void
iplimit_count(struct iplimit *l, const struct sockaddr *sa, int delta)
{
	struct slot	*s;
	uint8_t		 k[16];

	if (l->per_ip == 0 || !key(sa, k))
		return;
	pthread_mutex_lock(&l->mu);
	/* A full table counts no more: the connection limit still holds. */
	if ((s = find(l, k, delta > 0)) != NULL) {
		if (delta > 0)
			s->n++;
		else if (s->n > 0)
			s->n--;
	}
	pthread_mutex_unlock(&l->mu);
}
