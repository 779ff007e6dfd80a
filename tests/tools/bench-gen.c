/*
 * bench-gen: signed data for `make bench`, made fast and reproducibly
 * (every key, id and answer follows from the seed; Ed25519 signatures are
 * deterministic, so the same seed gives the same bytes).  For benchmarks
 * only: the generation is never inside a timed region.
 *
 *	bench-gen fill KIOSK_DIR N SEED
 *		SQL on stdout that adds N signed, pending ballots of the
 *		kiosk's open poll, in id order, in one transaction (casting
 *		them one by one through kiosk_cast would take minutes: each
 *		cast rewrites the ballot table).  Into a file, then into sqlite3
 *		once bench-gen has exited (never a pipe: see bench/run.sh).
 *	bench-gen batches POLL OUTDIR NKIOSK NBATCH PER SEED
 *		NKIOSK kiosk keys (OUTDIR/kI.pub) and NBATCH signed batches
 *		of PER ballots each (OUTDIR/kI-J.bin) for the poll file.
 *	bench-gen db PROVDIR POLL N SEED
 *		N ballots into PROVDIR/province.db through the collector's
 *		own intake (collect_batch: every check, then the store and
 *		the province's acknowledgement, province.key unlocked with
 *		$YKIEN_PASSPHRASE): kiosks registered (commune of the poll,
 *		one per village in turn, 10,000 ballots each), batches of
 *		1,000, signed and taken in on every core.
 *	bench-gen groupby POLL [pg]
 *		(pg: in PostgreSQL's dialect) The tally benchmark's floor:
 *		one SQL query, an indexed
 *		GROUP BY kiosk over the poll's ballots that counts every
 *		answer of every question straight from the ballot bytes
 *		(the counts a tally is made of, with no checks at all).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ykien/ballot.h"
#include "ykien/batch.h"
#include "ykien/collect.h"
#include "ykien/kiosk.h"
#include "ykien/poll.h"
#include "ykien/pstore.h"
#include "ykien/signify.h"
#include "ykien/util.h"

#define PER_KIOSK	10000

static void
die(const char *what, const char *cause)
{
	fprintf(stderr, "bench-gen: %s%s%s\n", what, cause ? ": " : "",
	    cause ? cause : "");
	exit(1);
}

/* splitmix64: a tiny, seedable generator; quality is ample for test data. */
static uint64_t
next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void
fill_bytes(uint64_t *s, uint8_t *out, size_t n)
{
	uint64_t v = 0;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (i % 8 == 0)
			v = next(s);
		out[i] = (uint8_t)(v >> (8 * (i % 8)));
	}
}

/* Kiosk i's key pair for this seed. */
static void
kiosk_key(uint64_t seed, unsigned i, struct keys_public *pub,
    struct keys_secret **sec)
{
	uint64_t s = seed * 1000003u + i + 1;
	uint8_t	 kseed[32], keynum[KEYS_NUM];

	fill_bytes(&s, kseed, sizeof kseed);
	fill_bytes(&s, keynum, sizeof keynum);
	if (keys_from_seed(kseed, keynum, pub, sec) != 0)
		die("keys_from_seed", NULL);
}

/* One signed ballot with random valid answers; *out malloc'd. */
static void
make_ballot(uint64_t *s, const struct poll *p, const struct keys_public *pub,
    const struct keys_secret *sec, uint8_t **out, size_t *len)
{
	struct ballot	b;
	int		i, lo;

	memset(&b, 0, sizeof b);
	fill_bytes(s, b.id, BALLOT_ID);
	snprintf(b.poll_id, sizeof b.poll_id, "%s", p->id);
	memcpy(b.poll_hash, p->hash, KEYS_HASH);
	memcpy(b.kiosk, pub->keynum, KEYS_NUM);
	b.n_answers = (uint16_t)p->n_questions;
	for (i = 0; i < p->n_questions; i++) {
		lo = p->questions[i].no_opinion ? 0 : 1;
		/* Uniform over the allowed answers. */
		b.answers[i] = (uint8_t)(lo + (int)(next(s) %
		    (uint64_t)(p->questions[i].n_options - lo + 1)));
	}
	if (ballot_sign(&b, sec, out, len) != 0)
		die("ballot_sign", NULL);
}

/* A signed batch of n ballots; *out malloc'd. */
static void
make_batch(uint64_t *s, const struct poll *p, const struct keys_public *pub,
    const struct keys_secret *sec, size_t n, uint8_t **out, size_t *len)
{
	uint8_t	**bl = calloc(n, sizeof *bl), id[BATCH_ID];
	size_t	 *ln = calloc(n, sizeof *ln), i;
	char	 *cause = NULL;

	if (bl == NULL || ln == NULL)
		die("out of memory", NULL);
	for (i = 0; i < n; i++)
		make_ballot(s, p, pub, sec, &bl[i], &ln[i]);
	fill_bytes(s, id, sizeof id);
	if (batch_make(sec, pub, id, p->id, p->hash,
	    (const uint8_t *const *)bl, ln, n, out, len, &cause) != 0)
		die("batch_make", cause);
	for (i = 0; i < n; i++)
		free(bl[i]);
	free(bl);
	free(ln);
}

static int
cmp_id(const void *a, const void *b)
{
	/* The ballot id follows its 4 + 15-byte domain string. */
	return memcmp(*(uint8_t *const *)a + 19, *(uint8_t *const *)b + 19,
	    BALLOT_ID);
}

static void
hexout(const uint8_t *b, size_t n)
{
	static const char x[] = "0123456789abcdef";
	size_t	i;

	for (i = 0; i < n; i++) {
		putchar(x[b[i] >> 4]);
		putchar(x[b[i] & 15]);
	}
}

static int
cmd_fill(const char *dir, long n, uint64_t seed)
{
	struct kiosk	 *k;
	struct poll	 *p;
	uint8_t		**bl;
	size_t		  len, first = 0;
	char		 *cause = NULL;
	long		  i;

	if (kiosk_open(dir, &k, &cause) != 0 ||
	    kiosk_poll_get(k, NULL, &p, NULL, &cause) != 0)
		die(dir, cause);
	if ((bl = calloc((size_t)n, sizeof *bl)) == NULL)
		die("out of memory", NULL);
	for (i = 0; i < n; i++) {
		make_ballot(&seed, p, &k->pub, k->sec, &bl[i], &len);
		/* Fixed-width answers: every ballot of a poll is as long. */
		if (i > 0 && len != first)
			die("ballots of different lengths", NULL);
		first = len;
	}
	qsort(bl, (size_t)n, sizeof *bl, cmp_id);
	/*
	 * Appended to the poll's ballot pool as full slots (the pool exists
	 * since `poll test`); the kiosk grows and shuffles the pool at its
	 * next start, as after any migration.
	 */
	printf("BEGIN;\n");
	for (i = 0; i < n; i++) {
		printf("INSERT INTO slots(slot, state, batch, body) SELECT "
		    "base + size, 'real', zeroblob(16), x'");
		hexout(bl[i], len);
		printf("' FROM pools WHERE poll = '%s' AND kind = 'ballot';\n"
		    "UPDATE pools SET size = size + 1 WHERE poll = '%s' AND "
		    "kind = 'ballot';\n", p->id, p->id);
		free(bl[i]);
	}
	printf("COMMIT;\n");
	free(bl);
	poll_free(p);
	kiosk_close(k);
	return fflush(stdout) != 0 || ferror(stdout) ? 1 : 0;
}

static int
write_file(const char *path, const void *buf, size_t len)
{
	FILE	*f = fopen(path, "wb");

	if (f == NULL || fwrite(buf, 1, len, f) != len || fclose(f) != 0)
		die("cannot write", path);
	return 0;
}

static int
cmd_batches(const char *pollpath, const char *out, unsigned nk, unsigned nb,
    size_t per, uint64_t seed)
{
	struct poll		*p;
	struct keys_public	 pub;
	struct keys_secret	*sec;
	uint8_t			*buf;
	size_t			 len;
	char			*cause = NULL, *txt, path[4096];
	unsigned		 i, j;
	uint64_t		 s;

	if (poll_load_file(pollpath, &p, &cause) != 0)
		die(pollpath, cause);
	for (i = 0; i < nk; i++) {
		kiosk_key(seed, i, &pub, &sec);
		if ((txt = signify_public_text(&pub, "bench kiosk")) == NULL)
			die("out of memory", NULL);
		snprintf(path, sizeof path, "%s/k%u.pub", out, i);
		write_file(path, txt, strlen(txt));
		free(txt);
		s = seed ^ (0x5eed0000ull + i);
		for (j = 0; j < nb; j++) {
			make_batch(&s, p, &pub, sec, per, &buf, &len);
			snprintf(path, sizeof path, "%s/k%u-%u.bin", out, i, j);
			write_file(path, buf, len);
			free(buf);
		}
		keys_secret_free(sec);
	}
	poll_free(p);
	return 0;
}

/*
 * The db command's batches are signed and taken in by worker threads, one
 * batch each: collect_batch is thread-safe and checks the signatures
 * outside its mutex, as it does for concurrent uploads.
 */
struct job {
	struct collect			*c;
	const struct poll		*p;
	const struct keys_public	*pub;
	const struct keys_secret	*sec;
	uint64_t			 s;
	size_t				 n;
	struct collect_reply		 r;
};

static void *
worker(void *arg)
{
	struct job	*j = arg;
	uint8_t		*buf;
	size_t		 len;

	make_batch(&j->s, j->p, j->pub, j->sec, j->n, &buf, &len);
	collect_batch(j->c, buf, len, &j->r);
	free(buf);
	return NULL;
}

static int
cmd_db(const char *dir, const char *pollpath, long n, uint64_t seed)
{
	struct poll		 *p;
	struct collect		 *c;
	struct keys_secret	 *prov, **sec;
	struct keys_public	 *pub;
	struct pstore_kiosk	  k;
	struct job		 *jobs;
	pthread_t		 *th;
	char			 *cause = NULL, *path;
	const char		 *pass = getenv("YKIEN_PASSPHRASE");
	long			  nk, done = 0, cores, i, t, nt;

	cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (cores < 1)
		cores = 1;
	if (poll_load_file(pollpath, &p, &cause) != 0)
		die(pollpath, cause);
	if ((path = util_path(dir, "province.key")) == NULL ||
	    signify_read_secret(path, pass, &prov, &cause) != 0)
		die("province.key", cause);
	free(path);
	if (collect_open(dir, prov, &c, &cause) != 0)
		die(dir, cause);
	nk = (n + PER_KIOSK - 1) / PER_KIOSK;
	pub = calloc((size_t)nk, sizeof *pub);
	sec = calloc((size_t)nk, sizeof *sec);
	jobs = calloc((size_t)cores, sizeof *jobs);
	th = calloc((size_t)cores, sizeof *th);
	if (pub == NULL || sec == NULL || jobs == NULL || th == NULL)
		die("out of memory", NULL);
	for (i = 0; i < nk; i++) {
		kiosk_key(seed, (unsigned)i, &pub[i], &sec[i]);
		memset(&k, 0, sizeof k);
		k.pub = pub[i];
		snprintf(k.commune, sizeof k.commune, "%s", p->commune_code);
		snprintf(k.village, sizeof k.village, "%s", p->n_villages > 0 ?
		    p->villages[i % p->n_villages].name.s[0] : "Bản");
		if (pstore_kiosk_add(collect_store(c), &k, &cause) != 0)
			die("pstore_kiosk_add", cause);
	}
	/* Batches of up to 1,000, each kiosk's in turn, `cores` at a time. */
	while (done < n) {
		for (nt = 0; nt < cores && done < n; nt++) {
			i = done / PER_KIOSK;
			jobs[nt].c = c;
			jobs[nt].p = p;
			jobs[nt].pub = &pub[i];
			jobs[nt].sec = sec[i];
			jobs[nt].s = seed * 7919u + (uint64_t)done;
			jobs[nt].n = (size_t)(n - done < BATCH_MAX_BALLOTS ?
			    n - done : BATCH_MAX_BALLOTS);
			if ((i + 1) * PER_KIOSK - done < (long)jobs[nt].n)
				jobs[nt].n = (size_t)((i + 1) * PER_KIOSK -
				    done);
			done += (long)jobs[nt].n;
			if (pthread_create(&th[nt], NULL, worker,
			    &jobs[nt]) != 0)
				die("pthread_create", NULL);
		}
		for (t = 0; t < nt; t++) {
			if (pthread_join(th[t], NULL) != 0)
				die("pthread_join", NULL);
			if (jobs[t].r.status != 201)
				die("collect_batch", jobs[t].r.message);
			collect_reply_free(&jobs[t].r);
		}
	}
	for (i = 0; i < nk; i++)
		keys_secret_free(sec[i]);
	collect_close(c);
	keys_secret_free(prov);
	free(pub);
	free(sec);
	free(jobs);
	free(th);
	poll_free(p);
	printf("kiosks %ld ballots %ld\n", nk, n);
	return 0;
}

static int
cmd_groupby(const char *pollpath, int pg)
{
	struct poll	*p;
	char		*cause = NULL;
	size_t		 off;
	int		 q, v;

	if (poll_load_file(pollpath, &p, &cause) != 0)
		die(pollpath, cause);
	/* 1-based: domain, id, poll id, poll hash, kiosk, flags, count. */
	off = 4 + strlen(BALLOT_DOMAIN) + BALLOT_ID + 4 + strlen(p->id) +
	    KEYS_HASH + KEYS_NUM + 1 + 2 + 1;
	printf("SELECT kiosk, count(*)");
	for (q = 0; q < p->n_questions; q++)
		for (v = 0; v <= p->questions[q].n_options; v++)
			if (pg)
				printf(",\n sum((get_byte(blob, %zu) = %d)::int)",
				    off + (size_t)q - 1, v);
			else
				printf(",\n sum(substr(blob, %zu, 1) = x'%02x')",
				    off + (size_t)q, v);
	/* The poll's rows are a range of the key (migration 7). */
	printf("\nFROM ballots WHERE poll = '%s'\nGROUP BY kiosk;\n", p->id);
	poll_free(p);
	return fflush(stdout) != 0 ? 1 : 0;
}

int
main(int argc, char **argv)
{
	if (keys_init() != 0)
		die("keys_init", NULL);
	if (argc == 5 && strcmp(argv[1], "fill") == 0)
		return cmd_fill(argv[2], atol(argv[3]),
		    strtoull(argv[4], NULL, 10));
	if (argc == 8 && strcmp(argv[1], "batches") == 0)
		return cmd_batches(argv[2], argv[3], (unsigned)atoi(argv[4]),
		    (unsigned)atoi(argv[5]), (size_t)atol(argv[6]),
		    strtoull(argv[7], NULL, 10));
	if (argc == 6 && strcmp(argv[1], "db") == 0)
		return cmd_db(argv[2], argv[3], atol(argv[4]),
		    strtoull(argv[5], NULL, 10));
	if (argc == 3 && strcmp(argv[1], "groupby") == 0)
		return cmd_groupby(argv[2], 0);
	if (argc == 4 && strcmp(argv[1], "groupby") == 0 &&
	    strcmp(argv[3], "pg") == 0)
		return cmd_groupby(argv[2], 1);
	fprintf(stderr, "usage: bench-gen fill KIOSK_DIR N SEED\n"
	    "       bench-gen batches POLL OUTDIR NKIOSK NBATCH PER SEED\n"
	    "       bench-gen db PROVDIR POLL N SEED\n"
	    "       bench-gen groupby POLL [pg]\n");
	return 2;
}
