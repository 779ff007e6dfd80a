/*
 * tally: rows for villages, communes and the province, the threshold
 * verdict and suppression (contract in include/ykien/tally.h).  Rendering
 * lives in tally-render.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ykien/audit.h"
#include "ykien/outbuf.h"
#include "ykien/tally.h"
#include "ykien/util.h"
#include "ykien/wire.h"

int
tally_meets(uint64_t sat, uint64_t answered, double th)
{
	uint64_t	t = (uint64_t)(th * 10.0 + 0.5);	/* th >= 0 */

	if (answered == 0)
		return 0;
	return sat * 1000 >= t * answered;
}

/* Rates and answered counts of a row's questions. */
static void
rates(struct tally_row *r)
{
	int	i, o;

	for (i = 0; i < r->nq; i++) {
		struct tally_q *q = &r->q[i];
		int s;

		q->sat = q->answered = 0;
		q->rated = q->pq->kind != POLL_CHOICE;
		for (o = 1; o <= q->pq->n_options; o++) {
			q->answered += q->n[o];
			if ((s = poll_is_satisfied(q->pq, (uint8_t)o)) == 1)
				q->sat += q->n[o];
		}
	}
}

/* The poll's rule: overall >= th_overall, every other rated item >= th_item. */
static int
verdict(struct tally_row *r)
{
	const struct poll	*p = r->poll;
	struct wire		 w;
	int			 i, ok = 1;
	double			 th;

	wire_init(&w);
	for (i = 0; i < r->nq; i++) {
		struct tally_q *q = &r->q[i];

		if (!q->rated)
			continue;
		th = q->pq->overall ? p->th_overall : p->th_item;
		if (tally_meets(q->sat, q->answered, th))
			continue;
		if (!ok)
			outbuf_puts(&w, "; ");
		ok = 0;
		if (q->answered == 0)
			outbuf_printf(&w, "%s: no answers", q->id);
		else
			outbuf_printf(&w, "%s %.1f%% < %g%%", q->id,
			    100.0 * (double)q->sat / (double)q->answered, th);
	}
	r->has_verdict = 1;
	r->verdict = ok;
	if ((r->failed = outbuf_finish(&w)) == NULL)
		return YK_ENOMEM;
	if (ok) {
		free(r->failed);
		r->failed = NULL;
	}
	return 0;
}

static struct tally_row *
row_new(struct tally *t, enum tally_level lv, const struct poll *p,
    int nq)
{
	struct tally_row	*r;

	if ((r = realloc(t->rows, (t->n + 1) * sizeof *r)) == NULL)
		return NULL;
	t->rows = r;
	r = &t->rows[t->n];
	memset(r, 0, sizeof *r);
	if ((r->q = util_calloc((size_t)(nq ? nq : 1), sizeof *r->q)) == NULL)
		return NULL;
	t->n++;
	r->level = lv;
	r->poll = p;
	r->nq = nq;
	r->codes_known = 1;
	r->parent = SIZE_MAX;
	return r;
}

static void
add_kiosk(struct tally_row *r, const struct audit_kiosk *k,
    const struct poll *p)
{
	int	q, o;

	r->ballots += k->valid;
	for (q = 0; q < p->n_questions; q++)
		for (o = 0; o <= p->questions[q].n_options; o++)
			r->q[q].n[o] += k->n[q][o];
	if (k->closing == NULL || p->elig != POLL_ELIG_CODE)
		r->codes_known = 0;
	else
		r->codes_issued += k->closing->codes_issued;
}

static int
counted(const struct audit *a, const struct audit_kiosk *k)
{
	return audit_counted(a, k);
}

static void
fill_q(struct tally_row *r, const struct poll *p)
{
	int	q;

	for (q = 0; q < p->n_questions; q++) {
		r->q[q].id = p->questions[q].id;
		r->q[q].pq = &p->questions[q];
	}
}

static int
kiosk_add(struct tally *t, const struct audit_kiosk *k, const struct poll *p,
    size_t row)
{
	struct tally_kiosk	*tk;

	if ((tk = realloc(t->kiosks, (t->nkiosks + 1) * sizeof *tk)) == NULL)
		return YK_ENOMEM;
	t->kiosks = tk;
	tk = &t->kiosks[t->nkiosks++];
	memset(tk, 0, sizeof *tk);
	memcpy(tk->keynum, k->keynum, KEYS_NUM);
	tk->poll = p;
	tk->row = row;
	tk->ballots = k->valid;
	return 0;
}

/* One commune: its village rows, then its own row. */
static int
commune_rows(struct tally *t, const struct audit *a)
{
	const struct poll	*p = a->poll;
	struct tally_row	*r, *c;
	size_t			 i, j, first = t->n;
	int			 v;
	const char		*name;

	for (i = 0; i < a->nk; i++) {
		const struct audit_kiosk *k = &a->k[i];

		if (!counted(a, k))
			continue;
		v = poll_village_index(p, k->village);
		name = v >= 0 ? p->villages[v].id : k->village;
		for (j = first; j < t->n; j++)
			if (strcmp(t->rows[j].village_id, name) == 0)
				break;
		if (j == t->n) {
			if ((r = row_new(t, TALLY_VILLAGE, p, p->n_questions))
			    == NULL ||
			    (r->village_id = util_strdup(name)) == NULL ||
			    (r->name = util_strdup(v >= 0 ?
			    poll_text_get(&p->villages[v].name, 0) :
			    k->village)) == NULL)
				return YK_ENOMEM;
			fill_q(r, p);
			r->k = p->k_anon;
		}
		add_kiosk(&t->rows[j], k, p);
		if (kiosk_add(t, k, p, j) != 0)
			return YK_ENOMEM;
	}
	for (i = 0; i < a->nk; i++)
		t->excluded += a->k[i].received - (counted(a, &a->k[i]) ?
		    a->k[i].valid : 0);
	if ((c = row_new(t, TALLY_COMMUNE, p, p->n_questions)) == NULL ||
	    (c->name = util_printf("%s (%s)", poll_text_get(&p->commune_name,
	    0), p->commune_code)) == NULL)
		return YK_ENOMEM;
	fill_q(c, p);
	c->k = p->k_anon;
	for (i = 0; i < a->nk; i++)
		if (counted(a, &a->k[i]))
			add_kiosk(c, &a->k[i], p);
	for (j = first; j < t->n; j++) {
		rates(&t->rows[j]);
		if (t->rows[j].level == TALLY_VILLAGE)
			t->rows[j].parent = t->n - 1;
	}
	return verdict(&t->rows[t->n - 1]);
}

/*
 * The members of one group of siblings (their parent is the sum), as
 * pointers to their ballots and withheld flags.
 */
struct group {
	size_t		  n;
	const uint64_t	**ballots;
	int		**sup;
};

/*
 * Withhold the smallest published member with ballots while the
 * withheld ones add up to more than 0 and fewer than k, or to 0 under a
 * withheld parent (which its published children would give away).
 * Returns 1 if it withheld something, else 0; the withheld part stays
 * under k only when no member is left, and then the parent is under k
 * and withheld itself.
 */
static int
group_fix(const struct group *g, uint64_t k, int parent_withheld)
{
	uint64_t	sum;
	size_t		i, best;
	int		changed = 0;

	for (;;) {
		sum = 0;
		best = g->n;
		for (i = 0; i < g->n; i++) {
			if (*g->sup[i])
				sum += *g->ballots[i];
			else if (*g->ballots[i] > 0 && (best == g->n ||
			    *g->ballots[i] < *g->ballots[best]))
				best = i;
		}
		if (sum >= k || (sum == 0 && !parent_withheld) ||
		    best == g->n)
			return changed;
		*g->sup[best] = 1;
		changed = 1;
	}
}

/* The children of row r (rows whose parent is r), or its kiosks. */
static int
group_of(const struct tally *t, size_t r, int kiosks, struct group *g)
{
	size_t	i, n = kiosks ? t->nkiosks : t->n;

	g->n = 0;
	if ((g->ballots = calloc(n ? n : 1, sizeof *g->ballots)) == NULL ||
	    (g->sup = calloc(n ? n : 1, sizeof *g->sup)) == NULL) {
		free(g->ballots);
		return YK_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		if (kiosks && t->kiosks[i].row == r) {
			g->ballots[g->n] = &t->kiosks[i].ballots;
			g->sup[g->n++] = &t->kiosks[i].suppressed;
		} else if (!kiosks && t->rows[i].parent == r) {
			g->ballots[g->n] = &t->rows[i].ballots;
			g->sup[g->n++] = &t->rows[i].suppressed;
		}
	}
	return 0;
}

static int
same_q(const struct tally_q *a, const struct tally_q *b)
{
	return strcmp(a->id, b->id) == 0 && a->pq->kind == b->pq->kind &&
	    a->pq->n_options == b->pq->n_options;
}

/*
 * The province row's questions that only some communes ask: each is the
 * sum of those communes alone, so it is withheld when their withheld
 * part is under k.
 */
static void
province_questions(struct tally *t, size_t pr)
{
	struct tally_row	*p = &t->rows[pr];
	uint64_t		 sum;
	size_t			 i;
	int			 j, q;

	for (j = 0; j < p->nq; j++) {
		sum = 0;
		for (i = 0; i < t->n; i++) {
			const struct tally_row *c = &t->rows[i];

			if (c->parent != pr)
				continue;
			for (q = 0; q < c->nq; q++) {
				if (!same_q(&c->q[q], &p->q[j]))
					continue;
				if (c->suppressed)
					sum += c->ballots;
				/* Else the parent's gives the child's away. */
				else if (c->q[q].suppressed)
					p->q[j].suppressed = 1;
			}
		}
		if (sum > 0 && sum < (uint64_t)p->k)
			p->q[j].suppressed = 1;
	}
}

/* The rule in include/ykien/tally.h, to a fixed point. */
static int
withhold(struct tally *t)
{
	struct group	 g;
	size_t		 i;
	int		 changed, rc, kiosks;

	for (i = 0; i < t->n; i++)
		t->rows[i].suppressed = t->rows[i].ballots <
		    (uint64_t)t->rows[i].k;
	for (i = 0; i < t->nkiosks; i++)
		t->kiosks[i].suppressed = t->kiosks[i].ballots <
		    (uint64_t)t->rows[t->kiosks[i].row].k;
	do {
		changed = 0;
		for (i = 0; i < t->n; i++)
			for (kiosks = 0; kiosks < 2; kiosks++) {
				if (kiosks && t->rows[i].level !=
				    TALLY_VILLAGE)
					continue;
				if (group_of(t, i, kiosks, &g) != 0)
					return YK_ENOMEM;
				rc = group_fix(&g, (uint64_t)t->rows[i].k,
				    t->rows[i].suppressed);
				free(g.ballots);
				free(g.sup);
				changed |= rc == 1;
			}
	} while (changed);
	/* A village withheld: so are its kiosks' records. */
	for (i = 0; i < t->nkiosks; i++)
		t->kiosks[i].suppressed |= t->rows[t->kiosks[i].row].suppressed;
	/* Provinces first: the nation's questions follow theirs. */
	for (i = 0; i < t->n; i++)
		if (t->rows[i].level == TALLY_PROVINCE)
			province_questions(t, i);
	for (i = 0; i < t->n; i++)
		if (t->rows[i].level == TALLY_NATION)
			province_questions(t, i);
	for (i = 0; i < t->n; i++)
		if (t->rows[i].level != TALLY_VILLAGE &&
		    t->rows[i].parent != SIZE_MAX && t->rows[i].suppressed)
			t->rows[t->rows[i].parent].has_verdict = 0;
	return 0;
}

/* Whether row c is a child of a new row of level lv (and province code). */
static int
child_of(const struct tally_row *c, enum tally_level lv, const char *code)
{
	if (lv == TALLY_NATION)
		return c->level == TALLY_PROVINCE;
	return c->level == TALLY_COMMUNE && (code == NULL ||
	    strcmp(c->poll->province_code, code) == 0);
}

/*
 * A row over its children: a province over its communes (those of
 * province code, or all of them when code is NULL), or the nation over
 * the provinces.  Questions with the same id (and kind) are added up;
 * it meets the rule when every child does.
 */
static int
parent_row(struct tally *t, enum tally_level lv, const char *code)
{
	struct tally_row	*r;
	struct wire		 w;
	size_t			 i, j;
	int			 q, o, nq = 0, ok = 1;

	if ((r = row_new(t, lv, NULL, POLL_MAX_QUESTIONS * 4)) == NULL ||
	    (r->name = lv == TALLY_NATION ? util_strdup("Toàn quốc / "
	    "national") : code == NULL ? util_strdup("Tỉnh / province") :
	    util_printf("Tỉnh / province %s", code)) == NULL)
		return YK_ENOMEM;
	if (code != NULL)
		memcpy(r->province_code, code, sizeof r->province_code);
	wire_init(&w);
	for (i = 0; i < t->n - 1; i++) {
		struct tally_row *c = &t->rows[i];

		if (!child_of(c, lv, code))
			continue;
		c->parent = t->n - 1;
		r->ballots += c->ballots;
		r->codes_issued += c->codes_issued;
		r->codes_known &= c->codes_known;
		if (c->k > r->k)
			r->k = c->k;
		if (!c->verdict) {
			outbuf_printf(&w, "%s%s", ok ? "" : ", ", c->poll ?
			    c->poll->id : c->name);
			ok = 0;
		}
		for (q = 0; q < c->nq; q++) {
			for (j = 0; j < (size_t)nq; j++)
				if (same_q(&r->q[j], &c->q[q]))
					break;
			if (j == (size_t)nq) {
				if (nq == POLL_MAX_QUESTIONS * 4)
					continue;
				r->q[nq].id = c->q[q].id;
				r->q[nq].pq = c->q[q].pq;
				nq++;
			}
			for (o = 0; o <= POLL_MAX_OPTIONS; o++)
				r->q[j].n[o] += c->q[q].n[o];
		}
	}
	r->nq = nq;
	rates(r);
	r->has_verdict = 1;
	r->verdict = ok;
	if ((r->failed = outbuf_finish(&w)) == NULL)
		return YK_ENOMEM;
	if (ok) {
		free(r->failed);
		r->failed = NULL;
	}
	return 0;
}

/*
 * The province row, as ever, when the polls name one province (or
 * none); polls of several provinces (a national store) make a row per
 * province and the nation's row over them.
 */
static int
top_rows(struct tally *t)
{
	const char	*codes[101];	/* 2-digit codes, and none */
	size_t		 i, j, n = 0;
	int		 rc;

	for (i = 0; i < t->npolls; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(codes[j], t->polls[i]->province_code) == 0)
				break;
		if (j == n && n < sizeof codes / sizeof codes[0])
			codes[n++] = t->polls[i]->province_code;
	}
	if (n <= 1)
		return parent_row(t, TALLY_PROVINCE, NULL);
	for (j = 0; j < n; j++)
		if ((rc = parent_row(t, TALLY_PROVINCE, codes[j])) != 0)
			return rc;
	return parent_row(t, TALLY_NATION, NULL);
}

int
tally_build(struct audit *const *audits, size_t n, int suppress,
    long long now, struct tally **out, char **cause)
{
	struct tally	*t;
	size_t		 i;
	int		 rc = 0, q;

	if ((t = util_calloc(1, sizeof *t)) == NULL ||
	    (t->polls = util_calloc(n ? n : 1, sizeof *t->polls)) == NULL) {
		free(t);
		return util_fail(cause, YK_ENOMEM, "out of memory");
	}
	t->suppress = suppress;
	t->made = now;
	for (i = 0; i < n && rc == 0; i++) {
		if (audits[i]->poll == NULL) {
			rc = util_fail(cause, YK_ESIG, "poll %s: %s (run "
			    "ykien-province audit)", audits[i]->poll_id,
			    audits[i]->poll_err != NULL ? audits[i]->poll_err :
			    "not valid");
			break;
		}
		t->polls[t->npolls++] = audits[i]->poll;
		if ((rc = commune_rows(t, audits[i])) != 0)
			rc = util_fail(cause, rc, "out of memory");
	}
	if (rc == 0 && ((rc = top_rows(t)) != 0 ||
	    (suppress && (rc = withhold(t)) != 0)))
		rc = util_fail(cause, rc, "out of memory");
	for (i = 0; rc == 0 && i < t->n; i++) {
		t->any_suppressed |= t->rows[i].suppressed;
		for (q = 0; q < t->rows[i].nq; q++)
			t->any_suppressed |= t->rows[i].q[q].suppressed;
	}
	if (rc != 0) {
		tally_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

int
tally_final(const struct audit *a, long long now, char **cause)
{
	char		 today[11];
	time_t		 t = (time_t)(now + 7 * 3600);
	struct tm	 tm;
	size_t		 i, open = 0;
	const char	*first = NULL;

	if (a->poll == NULL)
		return util_fail(cause, YK_ESIG, "poll %s does not verify (run "
		    "ykien-province audit)", a->poll_id);
	gmtime_r(&t, &tm);
	snprintf(today, sizeof today, "%04u-%02u-%02u", (unsigned)(tm.tm_year +
	    1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
	    (unsigned)tm.tm_mday % 100u);
	/* ISO dates compare as strings; the end date itself still counts. */
	if (strcmp(today, a->poll->closes) <= 0)
		return util_fail(cause, YK_ESTATE, "poll %s runs until %s "
		    "(UTC+7): no results before its end date", a->poll_id,
		    a->poll->closes);
	for (i = 0; i < a->nk; i++) {
		const struct audit_kiosk *k = &a->k[i];

		if (!k->registered || k->revoked ||
		    strcmp(k->commune, a->commune) != 0 || k->closing != NULL)
			continue;
		if (open++ == 0)
			first = audit_kiosk_name(k);
	}
	if (open > 0)
		return util_fail(cause, YK_ESTATE, "poll %s: %zu registered "
		    "kiosk%s of commune %s %s no valid closing record yet "
		    "(first: %s): close %s and import %s records, or revoke "
		    "a kiosk that took no part", a->poll_id, open, open > 1 ?
		    "s" : "", a->commune, open > 1 ? "have" : "has", first,
		    open > 1 ? "them" : "it", open > 1 ? "their" : "its");
	return 0;
}

const struct tally_kiosk *
tally_kiosk_find(const struct tally *t, const struct poll *p,
    const uint8_t kn[KEYS_NUM])
{
	size_t	i;

	for (i = 0; i < t->nkiosks; i++)
		if (t->kiosks[i].poll == p &&
		    memcmp(t->kiosks[i].keynum, kn, KEYS_NUM) == 0)
			return &t->kiosks[i];
	return NULL;
}

void
tally_free(struct tally *t)
{
	size_t	i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->rows[i].village_id);
		free(t->rows[i].name);
		free(t->rows[i].q);
		free(t->rows[i].failed);
	}
	free(t->rows);
	free(t->kiosks);
	free(t->polls);
	free(t);
}
