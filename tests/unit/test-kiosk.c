/*
 * kiosk and store: the foundation's acceptance tests.  Durability across a
 * process that dies right after cast, storage order and file bytes that do
 * not follow the cast order, and refusals that leave every file unchanged.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <sqlite3.h>
#include <unistd.h>

#include "kfixture.h"
#include "ykien/ballot.h"
#include "ykien/kiosk.h"
#include "ykien/store.h"

static void
open_poll(struct kfx *f)
{
	assert_int_equal(store_poll_set_state(f->k->store, "demo-2026",
	    KIOSK_OPEN, NULL), 0);
}

static void
random_answers(uint8_t a[4])
{
	a[0] = (uint8_t)(1 + keys_uniform(2));
	a[1] = (uint8_t)(1 + keys_uniform(5));
	a[2] = (uint8_t)keys_uniform(4);
	a[3] = (uint8_t)(1 + keys_uniform(2));
}

/* SHA-256 over every file's name and bytes in dir, in name order. */
static void
snapshot(const char *dir, uint8_t out[KEYS_HASH])
{
	struct dirent		**names;
	struct keys_hasher	*h = keys_hasher_new();
	int			  i, n = scandir(dir, &names, NULL, alphasort);

	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		char	*p = util_path(dir, names[i]->d_name);
		uint8_t	*buf;
		size_t	 len;

		if (names[i]->d_name[0] != '.') {
			keys_hasher_update(h, names[i]->d_name,
			    strlen(names[i]->d_name) + 1);
			assert_int_equal(util_read_file(p, 1 << 28, &buf, &len,
			    NULL), 0);
			keys_hasher_update(h, buf, len);
			free(buf);
		}
		free(p);
		free(names[i]);
	}
	free(names);
	keys_hasher_final(h, out);
}

struct collect {
	uint8_t	(*ids)[16];
	int	  n;
};

static int
collect_cb(void *arg, const uint8_t *blob, size_t len)
{
	struct collect	*c = arg;
	struct ballot	 b;

	assert_int_equal(ballot_decode(blob, len, &b, NULL), 0);
	memcpy(c->ids[c->n], b.id, 16);
	c->n++;
	return 0;
}

/*
 * Cast one random ballot, the n+1-th, and find the id it added by looking
 * at the stored ballots before and after: a receipt is random and says
 * nothing about its ballot, so only the store can tell.
 */
static void
cast_one(struct kfx *f, int n, uint8_t id[16])
{
	struct collect	 before, after;
	char		 receipt[RECEIPT_LEN + 1];
	uint8_t		 a[4];
	int		 i, j, seen, found = 0;

	before.ids = calloc((size_t)n + 1, 16);
	after.ids = calloc((size_t)n + 1, 16);
	before.n = after.n = 0;
	assert_int_equal(store_ballot_each(f->k->store, "demo-2026", 0,
	    collect_cb, &before, NULL), 0);
	random_answers(a);
	assert_int_equal(kiosk_cast(f->k, f->p, a, 4, NULL, 0, receipt,
	    NULL), 0);
	assert_int_equal(strlen(receipt), RECEIPT_LEN);
	assert_int_equal(store_ballot_each(f->k->store, "demo-2026", 0,
	    collect_cb, &after, NULL), 0);
	assert_int_equal(after.n, n + 1);
	for (i = 0; i < after.n; i++) {
		for (j = 0, seen = 0; j < before.n; j++)
			seen |= memcmp(after.ids[i], before.ids[j], 16) == 0;
		if (!seen) {
			memcpy(id, after.ids[i], 16);
			found++;
		}
	}
	assert_int_equal(found, 1);
	free(before.ids);
	free(after.ids);
}

/* The receipts the store holds for the poll's real ballots. */
struct rlist {
	char	got[8][RECEIPT_LEN + 1];
	int	n;
};

static int
rlist_cb(void *arg, const char *code)
{
	struct rlist	*r = arg;

	if (r->n < 8)
		memcpy(r->got[r->n], code, RECEIPT_LEN + 1);
	r->n++;
	return 0;
}

/*
 * Spearman's rank correlation of a permutation: rank[i] is the stored
 * position of the i-th cast ballot.
 */
static double
spearman(const int *rank, int n)
{
	double	d2 = 0;
	int	i;

	for (i = 0; i < n; i++)
		d2 += (double)(rank[i] - i) * (rank[i] - i);
	return 1.0 - 6.0 * d2 / ((double)n * ((double)n * n - 1));
}

static void
test_durable_after_exit(void **state)
{
	struct kfx	*f = *state;
	char		 receipt[RECEIPT_LEN + 1], got[RECEIPT_LEN + 1];
	int		 fds[2], st, found = 0, i;
	pid_t		 pid;
	struct collect	 c;
	struct rlist	 rl;

	open_poll(f);
	assert_int_equal(pipe(fds), 0);
	if ((pid = fork()) == 0) {
		struct kiosk	*k;
		struct poll	*p;
		uint8_t		 a[4] = { 1, 4, 2, 1 };

		if (kiosk_open(f->kdir, &k, NULL) != 0 ||
		    kiosk_poll_get(k, NULL, &p, NULL, NULL) != 0 ||
		    kiosk_cast(k, p, a, 4, NULL, 0, receipt, NULL) != 0)
			_exit(1);
		if (write(fds[1], receipt, sizeof receipt) != sizeof receipt)
			_exit(1);
		_exit(0);	/* no close, no cleanup: a power cut */
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], got, sizeof got), sizeof got);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);

	kiosk_close(f->k);
	assert_int_equal(kiosk_open(f->kdir, &f->k, NULL), 0);
	c.ids = calloc(4, sizeof *c.ids);
	c.n = 0;
	assert_int_equal(store_ballot_each(f->k->store, "demo-2026", 0,
	    collect_cb, &c, NULL), 0);
	assert_int_equal(c.n, 1);
	memset(&rl, 0, sizeof rl);
	assert_int_equal(store_receipt_each(f->k->store, "demo-2026", 0,
	    rlist_cb, &rl, NULL), 0);
	assert_int_equal(rl.n, 1);
	for (i = 0; i < rl.n; i++)
		found += strcmp(rl.got[i], got) == 0;
	assert_int_equal(found, 1);
	free(c.ids);
}

static void
test_store_order(void **state)
{
	struct kfx	*f = *state;
	enum { N = 200 };
	uint8_t		 (*cast)[16] = calloc(N, sizeof *cast);
	int		 rank[N], i, j;
	struct collect	 c;
	double		 rho;

	open_poll(f);
	for (i = 0; i < N; i++)
		cast_one(f, i, cast[i]);
	c.ids = calloc(N, sizeof *c.ids);
	c.n = 0;
	assert_int_equal(store_ballot_each(f->k->store, "demo-2026", 0,
	    collect_cb, &c, NULL), 0);
	assert_int_equal(c.n, N);
	for (i = 0; i < N; i++) {
		rank[i] = -1;
		for (j = 0; j < N; j++)
			if (memcmp(cast[i], c.ids[j], 16) == 0)
				rank[i] = j;
		assert_true(rank[i] >= 0);
	}
	/*
	 * For a random order rho has standard deviation 1/sqrt(199) = 0.071;
	 * 0.5 is seven of them (chance about 1e-12), while a rowid or
	 * time order would give 1.0.
	 */
	rho = spearman(rank, N);
	print_message("stored-order rank correlation over %d ballots: %.3f\n",
	    N, rho);
	assert_true(rho > -0.5 && rho < 0.5);
	free(cast);
	free(c.ids);
}

static void
test_file_bytes_order(void **state)
{
	struct kfx	*f = *state;
	enum { N = 50 };
	char		 *db, *jr, *wal, *shm;
	uint8_t		 (*cast)[16] = calloc(N, sizeof *cast), *buf;
	size_t		 len;
	long		 off[N];
	int		 rank[N], i, j;
	struct collect	 c;
	double		 rho;

	open_poll(f);
	for (i = 0; i < N; i++)
		cast_one(f, i, cast[i]);
	c.ids = calloc(N, sizeof *c.ids);
	if (c.ids == NULL)
		abort();
	c.n = 0;
	assert_int_equal(store_ballot_each(f->k->store, "demo-2026", 0,
	    collect_cb, &c, NULL), 0);
	assert_int_equal(c.n, N);

	db = util_path(f->kdir, "kiosk.db");
	jr = util_path(f->kdir, "kiosk.db-journal");
	wal = util_path(f->kdir, "kiosk.db-wal");
	/*
	 * The WAL persists (deleting it would free its blocks with their
	 * pages) and after the idle step holds its header and the one frame
	 * that primes it (page 1), then zeros: no ballot, and nothing of
	 * which pages the casts wrote.  Its index is not beside it on the
	 * card, and a journal from before the WAL, if any, is all zeros.
	 */
	assert_int_equal(kiosk_idle(f->k, NULL), 0);
	assert_int_equal(util_read_file(wal, 1 << 26, &buf, &len, NULL), 0);
	assert_true(len >= 32 + 24 + 4096);
	assert_true(buf[0] == 0x37 && buf[1] == 0x7f && buf[2] == 0x06);
	assert_true(buf[32] == 0 && buf[33] == 0 && buf[34] == 0 &&
	    buf[35] == 1);
	for (j = 32 + 24 + 4096; j < (int)len; j++)
		if (buf[j] != 0)
			fail_msg("WAL byte %d is not zero after kiosk_idle", j);
	for (i = 0; i < N; i++)
		if (memmem(buf, len, cast[i], 16) != NULL)
			fail_msg("ballot %d is in the WAL after kiosk_idle", i);
	free(buf);
	shm = util_path(f->kdir, "kiosk.db-shm");
	assert_false(util_exists(shm));
	free(shm);
	if (util_exists(jr)) {
		assert_int_equal(util_read_file(jr, 1 << 26, &buf, &len, NULL),
		    0);
		for (j = 0; j < (int)len; j++)
			if (buf[j] != 0)
				fail_msg("journal byte %d is not zero", j);
		free(buf);
	}
	assert_int_equal(util_read_file(db, 1 << 26, &buf, &len, NULL), 0);
	for (i = 0; i < N; i++) {
		const uint8_t	*id, *hit, *second, *third;
		int		 at = -1;

		for (j = 0; j < N; j++)
			if (memcmp(cast[i], c.ids[j], 16) == 0)
				at = j;
		assert_true(at >= 0);
		id = c.ids[at < 0 ? 0 : at];
		if (id == NULL)
			abort();
		hit = memmem(buf, len, id, 16);
		if (hit == NULL)
			fail_msg("id of cast %d not in the file", i);
		/*
		 * The id is inside the signed blob, in its slot, and nowhere
		 * else: no second, stale copy keeps an old position.
		 */
		second = memmem(hit + 1, len - (size_t)(hit + 1 - buf), id, 16);
		assert_null(second);
		third = NULL;
		(void)third;
		off[i] = hit - buf;
	}
	for (i = 0; i < N; i++) {
		rank[i] = 0;
		for (j = 0; j < N; j++)
			rank[i] += off[j] < off[i];
	}
	/* sd = 1/sqrt(49) = 0.143; 0.75 is over five of them. */
	rho = spearman(rank, N);
	/*
	 * SQLite writes each new cell next to the previous one in its page,
	 * so without the rebuild ballots cast one after the other sit side
	 * by side in the file even when the global order looks random.
	 * Count consecutive casts that are neighbours in the file: for a
	 * random layout that happens with chance 2/N each, about 2 in all;
	 * 15 or more has a chance below 1e-8.
	 */
	for (i = 0, j = 0; i + 1 < N; i++)
		j += abs(rank[i] - rank[i + 1]) == 1;
	print_message("file-bytes order over %d ballots: rank correlation "
	    "%.3f, consecutive casts side by side %d\n", N, rho, j);
	assert_true(rho > -0.75 && rho < 0.75);
	assert_true(j < 15);
	free(buf);
	free(db);
	free(jr);
	free(wal);
	free(cast);
	free(c.ids);
}

/*
 * Ten ballots cast and the kiosk closed; then a writer, in a child
 * process, runs sql on the store through vfs (NULL: the unix VFS) and
 * dies without a commit: a power cut mid-transaction.
 */
static void
cut_after_ten(struct kfx *f, const char *vfs, const char *sql)
{
	char	*db = util_path(f->kdir, "kiosk.db");
	uint8_t	 id[16];
	pid_t	 pid;
	int	 i, st;

	open_poll(f);
	for (i = 0; i < 10; i++)
		cast_one(f, i, id);
	assert_int_equal(kiosk_idle(f->k, NULL), 0);
	kiosk_close(f->k);
	f->k = NULL;
	if ((pid = fork()) == 0) {
		sqlite3	*c;

		if (sqlite3_open_v2(db, &c, SQLITE_OPEN_READWRITE, vfs) !=
		    SQLITE_OK || sqlite3_exec(c, sql, NULL, NULL, NULL) !=
		    SQLITE_OK)
			_exit(1);
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	free(db);
}

/*
 * A store made before the WAL (journal_mode PERSIST; the cut writer below
 * switches this one back) may be cut by a power cut with a hot journal,
 * and be opened first by this release.  The next process to open
 * the store rolls it back while the schema is read, before "PRAGMA
 * journal_mode = PERSIST" can apply, in SQLite's default mode, DELETE,
 * which unlinked the journal and freed its blocks: the pages as they were
 * before the cut, ballots and codes (e2e/residue's power-cut part found
 * them on the raw card about one run in four).  A second name for the
 * journal's inode shows what those blocks would have held.
 */
static void
test_hot_journal_zeroed(void **state)
{
	static const uint8_t	 magic[8] = { 0xd9, 0xd5, 0x05, 0xf9, 0x20,
	    0xa1, 0x63, 0xd7 };
	struct kfx		*f = *state;
	struct stat		 a, b;
	char			*jr, *keep;
	uint8_t			*buf;
	size_t			 len, j;
	long long		 n;

	/*
	 * The cut: a writer that journals the ballots' pages, then dies.
	 * synchronous=OFF writes the journal's magic at once, as a synced
	 * journal would have it when the cut comes during the commit.
	 */
	cut_after_ten(f, NULL, "PRAGMA journal_mode = PERSIST; PRAGMA "
	    "synchronous = OFF; BEGIN IMMEDIATE; UPDATE slots SET body = "
	    "randomblob(length(body)); UPDATE codes SET used = 1");
	jr = util_path(f->kdir, "kiosk.db-journal");
	keep = util_path(f->dir, "journal-inode");
	assert_int_equal(util_read_file(jr, 1 << 26, &buf, &len, NULL), 0);
	assert_true(len > 8 && memcmp(buf, magic, 8) == 0);
	free(buf);
	assert_int_equal(link(jr, keep), 0);

	assert_int_equal(kiosk_open(f->kdir, &f->k, NULL), 0);
	assert_int_equal(store_count_ballots(f->k->store, "demo-2026", 0, &n,
	    NULL), 0);
	assert_int_equal(n, 10);
	/* Still the same file, never unlinked, and zeros all through. */
	assert_int_equal(stat(jr, &a), 0);
	assert_int_equal(stat(keep, &b), 0);
	assert_true(a.st_ino == b.st_ino);
	assert_int_equal(util_read_file(keep, 1 << 26, &buf, &len, NULL), 0);
	for (j = 0; j < len; j++)
		if (buf[j] != 0)
			fail_msg("byte %zu of the rolled-back journal is not "
			    "zero", j);
	free(buf);
	free(jr);
	free(keep);
}

/*
 * A power cut mid-cast in the WAL: the pages the cut transaction spilled
 * before its commit stay in the WAL after its last valid frame.  SQLite
 * ignores them; the next start-up must overwrite them, since they are the
 * store as the cut cast left it.
 */
static void
test_cut_wal_zeroed(void **state)
{
	struct kfx	*f = *state;
	char		*wal;
	uint8_t		*buf;
	size_t		 len, j, dirty;
	long long	 n;

	/* Through the kiosk's own file layer, as a cast is made. */
	cut_after_ten(f, "ykien-store", "PRAGMA cache_size = 2; BEGIN "
	    "IMMEDIATE; UPDATE slots SET body = randomblob(length(body)); "
	    "UPDATE codes SET used = 1");
	wal = util_path(f->kdir, "kiosk.db-wal");
	assert_int_equal(util_read_file(wal, 1 << 26, &buf, &len, NULL), 0);
	for (j = 32 + 24 + 4096, dirty = 0; j < len; j++)
		dirty += buf[j] != 0;
	free(buf);
	assert_true(dirty > 4096);	/* the cut left pages behind */

	assert_int_equal(kiosk_open(f->kdir, &f->k, NULL), 0);
	assert_int_equal(store_count_ballots(f->k->store, "demo-2026", 0, &n,
	    NULL), 0);
	assert_int_equal(n, 10);
	assert_int_equal(util_read_file(wal, 1 << 26, &buf, &len, NULL), 0);
	for (j = 32 + 24 + 4096; j < len; j++)
		if (buf[j] != 0)
			fail_msg("WAL byte %zu is not zero after the restart", j);
	free(buf);
	free(wal);
}

static void
test_abandoned_leaves_nothing(void **state)
{
	struct kfx	*f = *state;
	uint8_t		 before[KEYS_HASH], after[KEYS_HASH], a[4] = { 1, 3, 0, 1 };
	uint8_t		 bad[4] = { 1, 9, 0, 1 };
	char		 receipt[RECEIPT_LEN + 1], *cause = NULL;
	struct poll	*p;
	struct kiosk	*k;
	long long	 n;

	open_poll(f);
	kiosk_close(f->k);
	f->k = NULL;
	snapshot(f->kdir, before);
	/* A voter starts: the kiosk opens, fetches the poll, answers... */
	assert_int_equal(kiosk_open(f->kdir, &k, NULL), 0);
	assert_int_equal(kiosk_poll_get(k, NULL, &p, NULL, NULL), 0);
	assert_int_equal(poll_check_answers(p, a, 4, NULL), 0);
	/* ...and a cast with an out-of-range answer is refused. */
	assert_int_equal(kiosk_cast(k, p, bad, 4, NULL, 0, receipt, &cause),
	    YK_EINVAL);
	assert_string_equal(receipt, "");
	assert_int_equal(store_count_ballots(k->store, "demo-2026", 0, &n,
	    NULL), 0);
	assert_int_equal(n, 0);
	poll_free(p);
	kiosk_close(k);
	snapshot(f->kdir, after);
	assert_memory_equal(before, after, KEYS_HASH);
	assert_int_equal(kiosk_open(f->kdir, &f->k, NULL), 0);
	free(cause);
}

static void
test_state_rules(void **state)
{
	struct kfx	*f = *state;
	uint8_t		 a[4] = { 1, 3, 0, 1 };
	char		 receipt[RECEIPT_LEN + 1], *cause = NULL;
	long long	 n;

	/* Loaded, not open: nothing may be cast. */
	assert_int_equal(kiosk_cast(f->k, f->p, a, 4, NULL, 0, receipt,
	    &cause), YK_ESTATE);
	assert_non_null(strstr(cause, "loaded"));
	/* Testing: the ballot goes among test ballots only. */
	assert_int_equal(store_poll_set_state(f->k->store, "demo-2026",
	    KIOSK_TESTING, NULL), 0);
	assert_int_equal(kiosk_cast(f->k, f->p, a, 4, NULL, 0, receipt,
	    NULL), 0);
	assert_int_equal(store_count_ballots(f->k->store, "demo-2026", 1, &n,
	    NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_count_ballots(f->k->store, "demo-2026", 0, &n,
	    NULL), 0);
	assert_int_equal(n, 0);
	/* A ballot started in testing, sent once the poll is open: refused,
	 * filed nowhere; and a real one the other way round. */
	assert_int_equal(store_poll_set_state(f->k->store, "demo-2026",
	    KIOSK_OPEN, NULL), 0);
	assert_int_equal(kiosk_cast_mode(f->k, f->p, KIOSK_MODE_TEST, a, 4,
	    NULL, 0, receipt, &cause), YK_ESTATE);
	assert_non_null(strstr(cause, "started again"));
	assert_string_equal(receipt, "");
	assert_int_equal(store_poll_set_state(f->k->store, "demo-2026",
	    KIOSK_TESTING, NULL), 0);
	assert_int_equal(kiosk_cast_mode(f->k, f->p, KIOSK_MODE_REAL, a, 4,
	    NULL, 0, receipt, &cause), YK_ESTATE);
	assert_int_equal(store_count_ballots(f->k->store, "demo-2026", 1, &n,
	    NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_count_ballots(f->k->store, "demo-2026", 0, &n,
	    NULL), 0);
	assert_int_equal(n, 0);
	free(cause);
}

static void
load_refused(struct kfx *f, const char *body, const char *want, int code)
{
	uint8_t	 before[KEYS_HASH], after[KEYS_HASH];
	char	*p = util_path(f->dir, "bad.json"), *sp, *cause = NULL;

	tu_write(p, body, strlen(body));
	assert_int_equal(signify_sign_file(f->prov, p, NULL, "t", NULL), 0);
	snapshot(f->kdir, before);
	assert_int_equal(kiosk_poll_load(f->k, p, NULL, &cause), code);
	print_message("refused: %s\n", cause);
	assert_non_null(strstr(cause, want));
	snapshot(f->kdir, after);
	assert_memory_equal(before, after, KEYS_HASH);
	free(cause);
	sp = util_printf("%s.sig", p);
	unlink(sp);
	free(sp);
	free(p);
}

static void
test_poll_refusals(void **state)
{
	struct kfx	*f = *state;
	uint8_t		*raw, before[KEYS_HASH], after[KEYS_HASH];
	size_t		 len;
	char		*cause = NULL, *body;

	/* A forged signature: the signed file changed by one byte. */
	assert_int_equal(util_read_file(f->poll, 1 << 20, &raw, &len, NULL), 0);
	raw[len / 2] ^= 0x01;
	tu_write(f->poll, raw, len);
	snapshot(f->kdir, before);
	assert_int_equal(kiosk_poll_load(f->k, f->poll, NULL, &cause),
	    YK_ESIG);
	assert_non_null(strstr(cause, "signature verification failed"));
	snapshot(f->kdir, after);
	assert_memory_equal(before, after, KEYS_HASH);
	free(cause);
	/* An unknown question kind, properly signed. */
	raw[len / 2] ^= 0x01;
	raw[len] = '\0';
	body = strdup((char *)raw);
	memcpy(strstr(body, "\"scale\""), "\"stars\"", 7);
	load_refused(f, body, "questions[1].kind: unknown kind \"stars\"",
	    YK_EINVAL);
	free(body);
	/* Another commune's poll. */
	body = strdup((char *)raw);
	memcpy(strstr(body, "\"14001\""), "\"14002\"", 7);
	load_refused(f, body, "commune.code", YK_EINVAL);
	free(body);
	free(raw);
}

static void
test_second_init(void **state)
{
	struct kfx		*f = *state;
	struct keys_public	 kp;
	uint8_t			 before[KEYS_HASH], after[KEYS_HASH];
	char			*pp = util_path(f->dir, "province.pub");
	char			*cause = NULL;

	snapshot(f->kdir, before);
	assert_int_equal(kiosk_init(f->kdir, pp, "14001", "Bản Mẫu", &kp,
	    &cause), YK_EEXIST);
	assert_non_null(strstr(cause, "already exists"));
	snapshot(f->kdir, after);
	assert_memory_equal(before, after, KEYS_HASH);
	free(cause);
	free(pp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_durable_after_exit, kfx_setup,
		    kfx_teardown),
		cmocka_unit_test_setup_teardown(test_store_order, kfx_setup,
		    kfx_teardown),
		cmocka_unit_test_setup_teardown(test_file_bytes_order, kfx_setup,
		    kfx_teardown),
		cmocka_unit_test_setup_teardown(test_hot_journal_zeroed,
		    kfx_setup, kfx_teardown),
		cmocka_unit_test_setup_teardown(test_cut_wal_zeroed,
		    kfx_setup, kfx_teardown),
		cmocka_unit_test_setup_teardown(test_abandoned_leaves_nothing,
		    kfx_setup, kfx_teardown),
		cmocka_unit_test_setup_teardown(test_state_rules, kfx_setup,
		    kfx_teardown),
		cmocka_unit_test_setup_teardown(test_poll_refusals, kfx_setup,
		    kfx_teardown),
		cmocka_unit_test_setup_teardown(test_second_init, kfx_setup,
		    kfx_teardown),
	};

	assert_int_equal(keys_init(), 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
