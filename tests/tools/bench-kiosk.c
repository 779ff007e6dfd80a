/*
 * bench-kiosk: the kiosk-side figures of `make bench`, each beside the
 * physical limit it chases, measured in the same run on the same
 * filesystem:
 *	cast latency p50/p99 (sign + durable commit into a random slot through
 *	the real store code: what the voter waits for before "thank you")
 *	vs  raw 4 KiB rewrite + fdatasync; and, apart, the idle step that
 *	follows each cast (kiosk_idle: the WAL copied, zeroed, primed), which the voter
 *	screen runs after the thank-you screen is shown
 *	raw Ed25519 verify rate, single core, and all cores at once (one
 *	thread per core, concurrently: on a machine shared with other work
 *	this is what the province figures can really get, so it is their
 *	limit; on an idle machine it is cores x the single-core rate)
 *	raw SQLite insert (one row, one synchronous commit)
 * usage: bench-kiosk DIR [DIR2] N   (each DIR a provisioned kiosk with an
 * open poll; N casts into each, taking turns with N raw syncs).  Prints
 * "name value unit" lines for bench/run.sh; DIR2's casts end in "_2".
 * bench-kiosk verify SECONDS    the all-core verify rate alone, over
 * SECONDS (bench/ingest.sh measures it around its own run).
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ykien/ballot.h"
#include "ykien/kiosk.h"
#include "ykien/store.h"
#include "ykien/util.h"

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(double *v, int n, double p)
{
	int	i = (int)(p * (n - 1) + 0.5);

	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[i];
}

/* The floor: rewrite 4 KiB in place and fdatasync, as a commit must. */
static double
raw_fsync(int fd)
{
	static char	buf[4096];
	double		t0;

	memset(buf, 'x', sizeof buf);
	t0 = now();
	if (pwrite(fd, buf, sizeof buf, 0) != sizeof buf || fdatasync(fd) != 0)
		exit(1);
	return now() - t0;
}

/* The count of this thread's last verify_rate. */
static __thread double	verify_count;

static double
verify_rate(double secs)
{
	struct keys_public	 pub;
	struct keys_secret	*sec;
	uint8_t			 msg[200], sig[KEYS_SIG];
	double			 t0 = now(), t;
	long			 n = 0;

	memset(msg, 7, sizeof msg);
	if (keys_generate(&pub, &sec) != 0)
		exit(1);
	keys_sign(sec, msg, sizeof msg, sig);
	do {
		int i;
		for (i = 0; i < 100; i++)
			if (keys_verify(&pub, msg, sizeof msg, sig) != 0)
				exit(1);
		n += 100;
	} while ((t = now() - t0) < secs);
	keys_secret_free(sec);
	verify_count = (double)n;
	return (double)n / t;
}

struct vjob {
	double	secs;
	double	rate;
	double	n;	/* verifications */
	double	cpu;	/* the thread's CPU seconds */
};

static void *
verify_job(void *arg)
{
	struct vjob	*j = arg;
	struct timespec	 ts;

	j->rate = verify_rate(j->secs);
	j->n = verify_count;
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
		j->cpu = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	return NULL;
}

/*
 * Verifications per CPU second (not per second of the clock), for a
 * figure that compares CPU time: the load of other programs changes it
 * far less than the rate.
 */
static double	cpu_rate;

/* The summed rate of one verifying thread per core, run together. */
static double
verify_rate_all(double secs, long cores)
{
	pthread_t	*th = calloc((size_t)cores, sizeof *th);
	struct vjob	*j = calloc((size_t)cores, sizeof *j);
	double		 sum = 0;
	long		 i;

	if (th == NULL || j == NULL)
		exit(1);
	for (i = 0; i < cores; i++) {
		j[i].secs = secs;
		if (pthread_create(&th[i], NULL, verify_job, &j[i]) != 0)
			exit(1);
	}
	for (i = 0; i < cores; i++) {
		if (pthread_join(th[i], NULL) != 0)
			exit(1);
		sum += j[i].rate;
		cpu_rate += j[i].cpu > 0 ? j[i].n / j[i].cpu / (double)cores :
		    0;
	}
	free(th);
	free(j);
	return sum;
}

struct store_run {
	struct kiosk	*k;
	struct poll	*p;
	double		*lat, *idle;
};

static void
run_open(struct store_run *r, const char *dir, int n)
{
	char	*cause = NULL;

	if (kiosk_open(dir, &r->k, &cause) != 0 ||
	    kiosk_poll_get(r->k, NULL, &r->p, NULL, &cause) != 0) {
		fprintf(stderr, "bench-kiosk: %s: %s\n", dir, cause ? cause :
		    "open");
		exit(1);
	}
	r->lat = calloc((size_t)n, sizeof *r->lat);
	r->idle = calloc((size_t)n, sizeof *r->idle);
	if (r->lat == NULL || r->idle == NULL)
		exit(1);
}

/* One voter: the cast (what the voter waits for), then the idle step. */
static void
run_cast(struct store_run *r, int i)
{
	char		*cause = NULL, rc[RECEIPT_LEN + 1];
	uint8_t		 a[POLL_MAX_QUESTIONS];
	double		 t0;
	int		 q;

	for (q = 0; q < r->p->n_questions; q++)
		a[q] = (uint8_t)(1 + keys_uniform((uint32_t)
		    r->p->questions[q].n_options));
	t0 = now();
	if (kiosk_cast(r->k, r->p, a, (size_t)r->p->n_questions, NULL, 0, rc,
	    &cause) != 0) {
		fprintf(stderr, "bench-kiosk: %s\n", cause);
		exit(1);
	}
	r->lat[i] = now() - t0;
	t0 = now();
	if (kiosk_idle(r->k, &cause) != 0) {
		fprintf(stderr, "bench-kiosk: %s\n", cause);
		exit(1);
	}
	r->idle[i] = now() - t0;
}

static void
run_print(struct store_run *r, const char *tag, int n)
{
	printf("cast_p50%s %.3f ms\n", tag, pct(r->lat, n, 0.5) * 1e3);
	printf("cast_p99%s %.3f ms\n", tag, pct(r->lat, n, 0.99) * 1e3);
	printf("idle_p50%s %.3f ms\n", tag, pct(r->idle, n, 0.5) * 1e3);
	printf("idle_p99%s %.3f ms\n", tag, pct(r->idle, n, 0.99) * 1e3);
	free(r->lat);
	free(r->idle);
	poll_free(r->p);
	kiosk_close(r->k);
}

/*
 * With two stores (100 and 5,000 held), their casts and the raw floor
 * take turns, in an order that rotates each round, so that a disk shared
 * with other work slows all three alike and the 5,000/100 ratio measures
 * the store, not the minute it ran in.
 */
int
main(int argc, char **argv)
{
	struct store_run	 r[2];
	char			*fpath;
	double			*raw;
	int			 i, j, n, nr, fd;
	long			 cores;

	cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (cores < 1)
		cores = 1;
	/* The limit alone, for a figure that measures it around itself. */
	if (argc == 3 && strcmp(argv[1], "verify") == 0 &&
	    atof(argv[2]) > 0) {
		if (keys_init() != 0)
			return 1;
		printf("verify_rate_all %.0f /s\n", verify_rate_all(
		    atof(argv[2]), cores));
		printf("verify_cpu_rate %.0f /s\n", cpu_rate);
		return 0;
	}
	nr = argc - 2;
	if ((nr != 1 && nr != 2) || (n = atoi(argv[argc - 1])) < 2) {
		fprintf(stderr, "usage: bench-kiosk DIR [DIR2] N | bench-kiosk "
		    "verify SECONDS\n");
		return 2;
	}
	if (keys_init() != 0)
		return 1;
	for (j = 0; j < nr; j++)
		run_open(&r[j], argv[1 + j], n);
	fpath = util_path(argv[1], "fsync.bench");
	if ((raw = calloc((size_t)n, sizeof *raw)) == NULL ||
	    (fd = open(fpath, O_RDWR | O_CREAT | O_TRUNC, 0600)) == -1)
		return 1;
	(void)raw_fsync(fd);
	for (i = 0; i < n; i++)
		for (j = 0; j <= nr; j++) {
			if ((i + j) % (nr + 1) == nr)
				raw[i] = raw_fsync(fd);
			else
				run_cast(&r[(i + j) % (nr + 1)], i);
		}
	close(fd);
	unlink(fpath);
	free(fpath);
	run_print(&r[0], "", n);
	if (nr == 2)
		run_print(&r[1], "_2", n);
	printf("fsync_p50 %.3f ms\n", pct(raw, n, 0.5) * 1e3);
	printf("fsync_p99 %.3f ms\n", pct(raw, n, 0.99) * 1e3);
	free(raw);
	printf("verify_rate %.0f /s\n", verify_rate(n > 100 ? 1.0 : 0.2));
	printf("cores %ld\n", cores);
	printf("verify_rate_all %.0f /s\n", verify_rate_all(n > 100 ? 1.0 :
	    0.2, cores));
	return 0;
}
