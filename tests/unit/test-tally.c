/*
 * test-tally: the NTM threshold rule at its edges (89.9% and 90.0% on the
 * overall question, an item at 79.9%), "no opinion" left out of the
 * denominator, and small-count suppression, through the real tally_build
 * over an audit's data for the demo poll (questions giao-thong:
 * satisfaction with no opinion, dien: scale, uu-tien: choice, chung:
 * overall satisfaction).
 */
#include "testutil.h"

#include "ykien/audit.h"
#include "ykien/tally.h"

static struct poll *
demo(void)
{
	struct poll	*p = NULL;
	char		*cause = NULL;

	assert_int_equal(poll_load_file(TOP_SRCDIR "/kiosk-config/polls/"
	    "demo.json", &p, &cause), 0);
	return p;
}

/* One kiosk per village name; counts set by the caller. */
static struct audit *
audit_new(struct poll *p, int nk, const char *const *villages)
{
	struct audit	*a = calloc(1, sizeof *a);
	int		 i;

	assert_non_null(a);
	a->poll = p;
	snprintf(a->poll_id, sizeof a->poll_id, "%s", p->id);
	memcpy(a->commune, p->commune_code, 6);
	a->nk = (size_t)nk;
	assert_non_null(a->k = calloc((size_t)nk, sizeof *a->k));
	for (i = 0; i < nk; i++) {
		a->k[i].registered = a->k[i].relevant = 1;
		memcpy(a->k[i].commune, p->commune_code, 6);
		snprintf(a->k[i].village, sizeof a->k[i].village, "%s",
		    villages[i]);
		a->k[i].keynum[0] = (uint8_t)i;
	}
	return a;
}

/* n ballots: gt satisfied of giao-thong (+ none with no opinion), dien
 * 4-5 for d, chung satisfied for ch; the rest unsatisfied. */
static void
fill(struct audit_kiosk *k, uint64_t n, uint64_t gt, uint64_t none,
    uint64_t d, uint64_t ch)
{
	k->valid = k->received = n;
	k->n[0][0] = none;
	k->n[0][1] = gt;
	k->n[0][2] = n - gt - none;
	k->n[1][5] = d;
	k->n[1][2] = n - d;
	k->n[2][1] = n;
	k->n[3][1] = ch;
	k->n[3][2] = n - ch;
}

static struct tally_row *
commune(struct tally *t)
{
	size_t	i;

	for (i = 0; i < t->n; i++)
		if (t->rows[i].level == TALLY_COMMUNE)
			return &t->rows[i];
	fail();
	return NULL;
}

static void
test_meets_edges(void **state)
{
	assert_int_equal(tally_meets(899, 1000, 90), 0);
	assert_int_equal(tally_meets(900, 1000, 90), 1);
	assert_int_equal(tally_meets(799, 1000, 80), 0);
	assert_int_equal(tally_meets(800, 1000, 80), 1);
	assert_int_equal(tally_meets(0, 0, 0), 0);
	assert_int_equal(tally_meets(9, 10, 90), 1);
	assert_int_equal(tally_meets(2, 3, 66.7), 0);	/* 66.67 < 66.7 */
	assert_int_equal(tally_meets(2, 3, 66.6), 1);
}

static void
run(uint64_t gt, uint64_t none, uint64_t d, uint64_t ch, int want,
    const char *failed)
{
	static const char *const v[] = { "Bản Mẫu" };
	struct poll	*p = demo();
	struct audit	*a = audit_new(p, 1, v);
	struct tally	*t = NULL;
	char		*cause = NULL, *text = NULL;

	fill(&a->k[0], 1000 + none, gt, none, d, ch);
	assert_int_equal(tally_build(&a, 1, 1, 0, &t, &cause), 0);
	assert_int_equal(commune(t)->verdict, want);
	if (failed != NULL)
		assert_non_null(strstr(commune(t)->failed, failed));
	else
		assert_null(commune(t)->failed);
	assert_int_equal(tally_text(t, &text), 0);
	assert_non_null(strstr(text, want ? "ĐẠT / MEETS" : "KHÔNG ĐẠT"));
	free(text);
	tally_free(t);
	audit_free(a);
}

static void
test_overall_edges(void **state)
{
	run(800, 0, 800, 900, 1, NULL);			/* 90.0%: meets */
	run(800, 0, 800, 899, 0, "chung 89.9% < 90%");	/* 89.9%: fails */
}

static void
test_item_edge(void **state)
{
	run(799, 0, 800, 950, 0, "giao-thong 79.9% < 80%");
	run(800, 0, 799, 950, 0, "dien 79.9% < 80%");
	/* 800 of 1000 answered, 50 "no opinion" left out: 80.0% meets. */
	run(800, 50, 840, 1000, 1, NULL);
}

static void
test_suppression(void **state)
{
	static const char *const v[] = { "Bản Mẫu", "Bản Khác", "Bản Ba" };
	struct poll	*p = demo();
	struct audit	*a = audit_new(p, 3, v);
	struct tally	*t = NULL;
	char		*cause = NULL, *csv = NULL;
	size_t		 i;
	int		 hidden = 0;

	fill(&a->k[0], 40, 38, 0, 38, 38);
	fill(&a->k[1], 4, 4, 0, 4, 4);		/* under k = 10 */
	fill(&a->k[2], 12, 12, 0, 12, 12);	/* hidden too: else 4 = 56-52 */
	assert_int_equal(tally_build(&a, 1, 1, 0, &t, &cause), 0);
	for (i = 0; i < t->n; i++)
		if (t->rows[i].level == TALLY_VILLAGE)
			hidden += t->rows[i].suppressed;
	assert_int_equal(hidden, 2);
	assert_int_equal(tally_csv(t, &csv), 0);
	assert_null(strstr(csv, ",4,0,4,"));	/* no count of the hidden */
	free(csv);
	tally_free(t);
	/* Officials' internal view: nothing hidden. */
	assert_int_equal(tally_build(&a, 1, 0, 0, &t, &cause), 0);
	for (i = 0; i < t->n; i++)
		assert_int_equal(t->rows[i].suppressed, 0);
	tally_free(t);
	audit_free(a);
}

/*
 * The differencing attack, exhaustively: the published numbers are
 * linear equations over the kiosks' counts (each published row, and each
 * kiosk whose closing record is published, is the sum of its kiosks).
 * Reduce them to row echelon form; then every set of kiosks whose sum
 * lies in their span is one an attacker can work out, by differences of
 * pairs, parent minus children or any longer chain.  None may hold
 * between 1 and k-1 ballots.
 */
#define MAXK	16

struct eqs {
	int	n, nk;
	double	m[64][MAXK];
};

static void
eq_reduce(struct eqs *e, double *v)
{
	int	i, j, piv;

	for (i = 0; i < e->n; i++) {
		for (piv = 0; piv < e->nk && e->m[i][piv] == 0; piv++)
			;
		if (piv == e->nk || v[piv] == 0)
			continue;
		{
			double f = v[piv] / e->m[i][piv];

			for (j = 0; j < e->nk; j++) {
				v[j] -= f * e->m[i][j];
				if (v[j] < 1e-9 && v[j] > -1e-9)
					v[j] = 0;
			}
		}
	}
}

/* Add v to e, kept in echelon form with distinct pivots. */
static void
eq_add(struct eqs *e, const double *src)
{
	double	v[MAXK];
	int	i, piv, at;

	memcpy(v, src, sizeof v);
	eq_reduce(e, v);
	for (piv = 0; piv < e->nk && v[piv] == 0; piv++)
		;
	if (piv == e->nk)
		return;
	/* Keep the rows sorted by pivot so one pass reduces. */
	for (at = 0; at < e->n; at++) {
		int p2;

		for (p2 = 0; p2 < e->nk && e->m[at][p2] == 0; p2++)
			;
		if (p2 > piv)
			break;
	}
	assert_true(e->n < 64);
	for (i = e->n; i > at; i--)
		memcpy(e->m[i], e->m[i - 1], sizeof e->m[i]);
	memcpy(e->m[at], v, sizeof v);
	e->n++;
	/* Back-substitute the new row out of the later ones. */
	for (i = at + 1; i < e->n; i++) {
		double f = e->m[i][piv] / v[piv];
		int j;

		if (e->m[i][piv] == 0)
			continue;
		for (j = 0; j < e->nk; j++)
			e->m[i][j] -= f * v[j];
	}
}

/* Does row r's sum include kiosk number ki of the tally? */
static int
row_has(const struct tally *t, size_t r, size_t ki)
{
	size_t	x = t->kiosks[ki].row;

	for (; x != SIZE_MAX; x = t->rows[x].parent)
		if (x == r)
			return 1;
	return 0;
}

static void
attack(const struct tally *t, int k)
{
	struct eqs	 e;
	double		 v[MAXK];
	size_t		 i, j;
	unsigned	 s;
	uint64_t	 sum;

	memset(&e, 0, sizeof e);
	e.nk = (int)t->nkiosks;
	assert_true(t->nkiosks <= MAXK);
	for (i = 0; i < t->n; i++) {
		if (t->rows[i].suppressed)
			continue;
		for (j = 0; j < t->nkiosks; j++)
			v[j] = row_has(t, i, j);
		eq_add(&e, v);
	}
	for (j = 0; j < t->nkiosks; j++) {
		if (t->kiosks[j].suppressed)
			continue;
		memset(v, 0, sizeof v);
		v[j] = 1;
		eq_add(&e, v);
	}
	for (s = 1; s < 1u << t->nkiosks; s++) {
		sum = 0;
		for (j = 0; j < t->nkiosks; j++) {
			v[j] = (s >> j) & 1;
			sum += v[j] ? t->kiosks[j].ballots : 0;
		}
		if (sum == 0 || sum >= (uint64_t)k)
			continue;
		eq_reduce(&e, v);
		for (j = 0; j < t->nkiosks && v[j] == 0; j++)
			;
		if (j == t->nkiosks) {
			print_error("kiosk set %#x of %llu ballots can be "
			    "worked out\n", s, (unsigned long long)sum);
			fail();
		}
	}
}

static struct poll *
demo_as(const char *id, const char *commune)
{
	struct poll	*p = demo();

	free(p->id);
	assert_non_null(p->id = strdup(id));
	memcpy(p->commune_code, commune, 6);
	return p;
}

/* Two polls (communes), random villages and kiosks, k = 10. */
static void
test_differencing(void **state)
{
	static const char *const names[] = { "Bản Một", "Bản Hai", "Bản Ba",
	    "Bản Bốn" };
	const char	*v[8];
	struct poll	*p[2];
	struct audit	*a[2];
	struct tally	*t;
	char		*cause = NULL;
	unsigned	 seed = 1;
	int		 round, i, j, nk, withheld = 0;

	for (round = 0; round < 400; round++) {
		p[0] = demo_as("ntm-a", "14001");
		p[1] = demo_as("ntm-b", "14002");
		for (i = 0; i < 2; i++) {
			nk = 1 + (int)(rand_r(&seed) % 6);	/* kiosks */
			for (j = 0; j < nk; j++)
				v[j] = names[rand_r(&seed) % 4];
			a[i] = audit_new(p[i], nk, v);
			for (j = 0; j < nk; j++) {
				uint64_t n = rand_r(&seed) % 4 == 0 ?
				    rand_r(&seed) % 10 : rand_r(&seed) % 40;

				fill(&a[i]->k[j], n, n / 2, 0, n / 3, n / 2);
				a[i]->k[j].keynum[1] = (uint8_t)i;
			}
		}
		assert_int_equal(tally_build(a, 2, 1, 0, &t, &cause), 0);
		attack(t, 10);
		for (i = 0; i < (int)t->n; i++) {
			withheld += t->rows[i].suppressed;
			if (t->rows[i].suppressed)
				assert_int_equal(t->rows[i].has_verdict &&
				    t->rows[i].level == TALLY_PROVINCE, 0);
		}
		tally_free(t);
		audit_free(a[0]);
		audit_free(a[1]);
	}
	assert_true(withheld > 100);	/* the attack met withheld rows */
}

/*
 * A national store: polls of two provinces (14: two communes, 15: one),
 * random villages and kiosks, k = 10.  A province row each, the nation's
 * over them, and no kiosk set under k can be worked out from all of it.
 */
static void
test_national(void **state)
{
	static const char *const names[] = { "Bản Một", "Bản Hai", "Bản Ba" };
	static const char *const ids[] = { "ntm-a", "ntm-b", "ntm-c" };
	static const char *const communes[] = { "14001", "14002", "15001" };
	const char	*v[8];
	struct poll	*p[3];
	struct audit	*a[3];
	struct tally	*t;
	char		*cause = NULL;
	unsigned	 seed = 7;
	int		 round, i, j, nk, nprov, nnat, withheld = 0;

	for (round = 0; round < 150; round++) {
		for (i = 0; i < 3; i++) {
			p[i] = demo_as(ids[i], communes[i]);
			memcpy(p[i]->province_code, communes[i], 2);
			nk = 1 + (int)(rand_r(&seed) % 4);
			for (j = 0; j < nk; j++)
				v[j] = names[rand_r(&seed) % 3];
			a[i] = audit_new(p[i], nk, v);
			for (j = 0; j < nk; j++) {
				uint64_t n = rand_r(&seed) % 3 == 0 ?
				    rand_r(&seed) % 10 : rand_r(&seed) % 40;

				fill(&a[i]->k[j], n, n / 2, 0, n / 3, n / 2);
				a[i]->k[j].keynum[1] = (uint8_t)i;
			}
		}
		assert_int_equal(tally_build(a, 3, 1, 0, &t, &cause), 0);
		nprov = nnat = 0;
		for (i = 0; i < (int)t->n; i++) {
			const struct tally_row *r = &t->rows[i];

			nprov += r->level == TALLY_PROVINCE;
			nnat += r->level == TALLY_NATION;
			if (r->level == TALLY_COMMUNE)
				assert_int_equal(t->rows[r->parent].level,
				    TALLY_PROVINCE);
			if (r->level == TALLY_PROVINCE)
				assert_int_equal(t->rows[r->parent].level,
				    TALLY_NATION);
			withheld += r->suppressed;
		}
		assert_int_equal(nprov, 2);
		assert_int_equal(nnat, 1);
		/* The nation's row is the sum of its provinces'. */
		assert_int_equal(t->rows[t->n - 1].level, TALLY_NATION);
		assert_int_equal(t->rows[t->n - 1].ballots, t->rows[t->n -
		    2].ballots + t->rows[t->n - 3].ballots);
		attack(t, 10);
		tally_free(t);
		for (i = 0; i < 3; i++)
			audit_free(a[i]);
	}
	assert_true(withheld > 50);
}

/* The finding of issue 13: province minus commune A gave commune B. */
static void
test_two_polls(void **state)
{
	static const char *const va[] = { "Bản Một", "Bản Hai" };
	static const char *const vb[] = { "Bản Ba" };
	struct audit	*a[2];
	struct tally	*t;
	char		*cause = NULL, *csv = NULL, *json = NULL;
	size_t		 i;

	a[0] = audit_new(demo_as("ntm-a", "14001"), 2, va);
	a[1] = audit_new(demo_as("ntm-b", "14002"), 1, vb);
	fill(&a[0]->k[0], 40, 38, 0, 38, 38);
	fill(&a[0]->k[1], 12, 12, 0, 12, 12);
	fill(&a[1]->k[0], 3, 0, 0, 0, 0);	/* [0, 0, 3] on chung */
	assert_int_equal(tally_build(a, 2, 1, 0, &t, &cause), 0);
	attack(t, 10);
	for (i = 0; i < t->n; i++)
		if (t->rows[i].level == TALLY_COMMUNE)
			assert_int_equal(t->rows[i].suppressed, 1);
	assert_int_equal(tally_csv(t, &csv), 0);
	assert_null(strstr(csv, "not-met"));	/* B's verdict nowhere */
	assert_int_equal(tally_json(t, &json), 0);
	assert_null(strstr(json, "not-met"));
	assert_null(strstr(json, "ntm-b\"]"));
	free(csv);
	free(json);
	tally_free(t);
	audit_free(a[0]);
	audit_free(a[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meets_edges),
		cmocka_unit_test(test_overall_edges),
		cmocka_unit_test(test_item_edge),
		cmocka_unit_test(test_suppression),
		cmocka_unit_test(test_differencing),
		cmocka_unit_test(test_national),
		cmocka_unit_test(test_two_polls),
	};

	assert_int_equal(keys_init(), 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
