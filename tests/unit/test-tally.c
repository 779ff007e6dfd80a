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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meets_edges),
		cmocka_unit_test(test_overall_edges),
		cmocka_unit_test(test_item_edge),
		cmocka_unit_test(test_suppression),
	};

	assert_int_equal(keys_init(), 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
