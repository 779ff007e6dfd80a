/*
 * tally: rows for villages, communes and the province, the threshold
 * verdict and suppression (contract in include/ykien/tally.h).  Rendering
 * lives in tally-render.c.
 */
#include <stdlib.h>
#include <string.h>

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
	return k->registered && !k->revoked &&
	    strcmp(k->commune, a->commune) == 0 && k->relevant;
}

/* The index of the poll's village the kiosk stands in, or -1. */
static int
village_of(const struct poll *p, const char *v)
{
	int	i, l;

	for (i = 0; i < p->n_villages; i++) {
		if (strcmp(p->villages[i].id, v) == 0)
			return i;
		for (l = 0; l < p->n_langs; l++)
			if (p->villages[i].name.s[l] != NULL &&
			    strcmp(p->villages[i].name.s[l], v) == 0)
				return i;
	}
	return -1;
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

/* One commune: its village rows, then its own row. */
static int
commune_rows(struct tally *t, const struct audit *a)
{
	const struct poll	*p = a->poll;
	struct tally_row	*r, *c;
	size_t			 i, j, first = t->n, nsup = 0;
	int			 v;
	const char		*name;

	for (i = 0; i < a->nk; i++) {
		const struct audit_kiosk *k = &a->k[i];

		if (!counted(a, k))
			continue;
		v = village_of(p, k->village);
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
		if (t->suppress && t->rows[j].ballots < (uint64_t)t->rows[j].k)
			t->rows[j].suppressed = 1;
		if (t->rows[j].level == TALLY_VILLAGE)
			nsup += t->rows[j].suppressed;
	}
	/*
	 * One hidden village alone could be worked out as the commune total
	 * minus the others: hide the smallest other village too.
	 */
	if (nsup == 1) {
		size_t best = t->n;

		for (j = first; j + 1 < t->n; j++)
			if (!t->rows[j].suppressed && (best == t->n ||
			    t->rows[j].ballots < t->rows[best].ballots))
				best = j;
		if (best != t->n)
			t->rows[best].suppressed = 1;
	}
	return verdict(&t->rows[t->n - 1]);
}

static int
province_row(struct tally *t)
{
	struct tally_row	*r;
	const struct poll	*p;
	struct wire		 w;
	size_t			 i, j;
	int			 q, o, nq = 0, ok = 1;

	if ((r = row_new(t, TALLY_PROVINCE, NULL, POLL_MAX_QUESTIONS * 4))
	    == NULL || (r->name = util_strdup("Tỉnh / province")) == NULL)
		return YK_ENOMEM;
	wire_init(&w);
	/* Questions with the same id (and kind) are added up. */
	for (i = 0; i < t->n - 1; i++) {
		struct tally_row *c = &t->rows[i];

		if (c->level != TALLY_COMMUNE)
			continue;
		p = c->poll;
		r->ballots += c->ballots;
		r->codes_issued += c->codes_issued;
		r->codes_known &= c->codes_known;
		if (c->k > r->k)
			r->k = c->k;
		if (!c->verdict) {
			outbuf_printf(&w, "%s%s", ok ? "" : ", ", p->id);
			ok = 0;
		}
		for (q = 0; q < c->nq; q++) {
			for (j = 0; j < (size_t)nq; j++)
				if (strcmp(r->q[j].id, c->q[q].id) == 0 &&
				    r->q[j].pq->kind == c->q[q].pq->kind &&
				    r->q[j].pq->n_options ==
				    c->q[q].pq->n_options)
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
	if (t->suppress && r->ballots < (uint64_t)r->k)
		r->suppressed = 1;
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

int
tally_build(struct audit *const *audits, size_t n, int suppress,
    long long now, struct tally **out, char **cause)
{
	struct tally	*t;
	size_t		 i;
	int		 rc = 0;

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
	if (rc == 0 && (rc = province_row(t)) != 0)
		rc = util_fail(cause, rc, "out of memory");
	for (i = 0; rc == 0 && i < t->n; i++)
		t->any_suppressed |= t->rows[i].suppressed;
	if (rc != 0) {
		tally_free(t);
		return rc;
	}
	*out = t;
	return 0;
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
	free(t->polls);
	free(t);
}
