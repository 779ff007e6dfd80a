/*
 * vpool: the collector's signature checkers (contract and the reason for
 * a queue in include/ykien/vpool.h).  One mutex guards the queue; a
 * thread holds it only to take or to give back a run of ballots, never
 * while it checks one.
 */
#include <sys/resource.h>

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "ykien/ballot.h"
#include "ykien/batch.h"
#include "ykien/vpool.h"

/*
 * Ballots a thread takes at a time: about 3 ms of work, so that two
 * threads share even a small batch, and the mutex is taken a few hundred
 * times a second, not once per ballot.
 */
#define RUN	64

/*
 * The checkers yield to the collector's other threads: the one that
 * stores a checked batch (one at a time, under the store's mutex) is
 * what every kiosk waits on, and a health probe should not queue behind
 * signatures.  Nice 3 halves a checker's share against such a thread;
 * the cores stay busy, and the ingest rose from 64-66% to 66-69% of the
 * all-core verify rate (docs/PERFORMANCE.md).  Linux sets the nice value
 * per thread.
 */
#define CHECKER_NICE	3

struct vtask {
	const struct batch	*b;
	uint32_t		 next;	/* the first ballot no thread took */
	uint32_t		 busy;	/* runs taken and not yet given back */
	uint32_t		 bad;	/* the first bad ballot, or b->n */
	int			 done;
	struct vtask		*link;
};

struct vpool {
	pthread_mutex_t	 mu;
	pthread_cond_t	 work;	/* a batch was queued, or stop was set */
	pthread_cond_t	 done;	/* some batch is done */
	struct vtask	*head, **tail;
	int		 stop;
	unsigned	 n;
	pthread_t	 t[VPOOL_MAX];
};

static uint32_t
check_run(const struct batch *b, uint32_t from, uint32_t to)
{
	uint32_t	i;

	for (i = from; i < to; i++)
		if (ballot_verify(b->ballots[i], b->lens[i], &b->kiosk,
		    NULL) != 0)
			return i;
	return to;
}

static void
pop(struct vpool *p)
{
	if ((p->head = p->head->link) == NULL)
		p->tail = &p->head;
}

static void *
worker(void *arg)
{
	struct vpool	*p = arg;
	struct vtask	*t;
	uint32_t	 from, to, bad;

	/* Refused only under odd limits: then the checks run at par. */
	(void)setpriority(PRIO_PROCESS, (id_t)gettid(), CHECKER_NICE);
	(void)pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->head == NULL && !p->stop)
			(void)pthread_cond_wait(&p->work, &p->mu);
		if ((t = p->head) == NULL)
			break;
		from = t->next;
		to = t->b->n - from > RUN ? from + RUN : t->b->n;
		t->next = to;
		t->busy++;
		if (to == t->b->n)
			pop(p);
		(void)pthread_mutex_unlock(&p->mu);
		bad = check_run(t->b, from, to);
		(void)pthread_mutex_lock(&p->mu);
		/*
		 * Runs are taken in order, so every run before this one is
		 * taken already: the rest of the batch need not be checked
		 * to name its first bad ballot.  A forged batch costs the
		 * pool no more than its checks up to the forgery.
		 */
		if (bad < to) {
			if (bad < t->bad)
				t->bad = bad;
			if (t->next < t->b->n) {
				t->next = t->b->n;
				pop(p);		/* t is the head: it had runs left */
			}
		}
		if (--t->busy == 0 && t->next == t->b->n) {
			t->done = 1;
			(void)pthread_cond_broadcast(&p->done);
		}
	}
	(void)pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct vpool *
vpool_start(unsigned n)
{
	struct vpool	*p;
	long		 ncpu;

	if (n == 0) {
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		n = ncpu > 1 ? (unsigned)ncpu : 1;
	}
	if (n > VPOOL_MAX)
		n = VPOOL_MAX;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->tail = &p->head;
	if (pthread_mutex_init(&p->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&p->work, NULL) != 0)
		goto fail_mu;
	if (pthread_cond_init(&p->done, NULL) != 0)
		goto fail_work;
	/* Fewer threads than asked (a limit on threads): slower, still right. */
	for (p->n = 0; p->n < n; p->n++)
		if (pthread_create(&p->t[p->n], NULL, worker, p) != 0)
			break;
	if (p->n > 0)
		return p;
	pthread_cond_destroy(&p->done);
fail_work:
	pthread_cond_destroy(&p->work);
fail_mu:
	pthread_mutex_destroy(&p->mu);
fail:
	free(p);
	return NULL;
}

void
vpool_stop(struct vpool *p)
{
	unsigned	i;

	if (p == NULL)
		return;
	(void)pthread_mutex_lock(&p->mu);
	p->stop = 1;
	(void)pthread_cond_broadcast(&p->work);
	(void)pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->n; i++)
		(void)pthread_join(p->t[i], NULL);
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->mu);
	free(p);
}

uint32_t
vpool_check(struct vpool *p, const struct batch *b)
{
	struct vtask	t = { b, 0, 0, b->n, 0, NULL };

	if (p == NULL || b->n == 0)
		return check_run(b, 0, b->n);
	(void)pthread_mutex_lock(&p->mu);
	*p->tail = &t;
	p->tail = &t.link;
	(void)pthread_cond_broadcast(&p->work);
	while (!t.done)
		(void)pthread_cond_wait(&p->done, &p->mu);
	(void)pthread_mutex_unlock(&p->mu);
	return t.bad;
}
