/*
 * audit-checks: the eight numbered checks of `ykien-province audit`,
 * worded from an audit's data (include/ykien/audit.h).  Every failure
 * names the kiosk (key number and village) so an auditor knows which
 * cultural house to visit.
 */
#include <stdlib.h>
#include <string.h>

#include "ykien/audit.h"
#include "ykien/outbuf.h"
#include "ykien/util.h"
#include "ykien/wire.h"

static const char *const titles[AUDIT_CHECKS] = {
	"The poll's signature is valid (province key)",
	"Every kiosk is registered for the poll's commune and not revoked",
	"Every ballot signature is valid",
	"Every ballot answer is valid for this poll",
	"No duplicate ballot ids",
	"Every closing record's signature is valid",
	"Each closing record equals the recount of the ballots received",
	"Each kiosk's event chain is intact",
};

/* Kiosks that the checks about kiosks look at. */
static int
in_scope(const struct audit *a, const struct audit_kiosk *k)
{
	return k->relevant;
}

static int
check2(const struct audit *a, struct wire *w)
{
	const struct audit_kiosk	*k;
	size_t				 i;
	int				 bad = 0, n = 0;

	for (i = 0; i < a->nk; i++) {
		k = &a->k[i];
		if (!in_scope(a, k))
			continue;
		n++;
		if (!k->registered)
			outbuf_printf(w, "kiosk %s: not in the registry "
			    "(%llu ballots)\n", audit_kiosk_name(k),
			    (unsigned long long)k->received);
		else if (k->revoked)
			outbuf_printf(w, "kiosk %s: REVOKED (%llu ballots)\n",
			    audit_kiosk_name(k),
			    (unsigned long long)k->received);
		else if (strcmp(k->commune, a->commune) != 0)
			outbuf_printf(w, "kiosk %s: registered for commune "
			    "%s, the poll is for %s\n", audit_kiosk_name(k),
			    k->commune, a->commune);
		else
			continue;
		bad++;
	}
	if (!bad)
		outbuf_printf(w, "%d kiosks, all registered in commune %s\n", n,
		    a->commune);
	return bad == 0;
}

static int
check_counts(const struct audit *a, struct wire *w, int which)
{
	const struct audit_kiosk	*k;
	unsigned long long		 v, total = 0, good = 0;
	size_t				 i;

	for (i = 0; i < a->nk; i++) {
		k = &a->k[i];
		v = which == 3 ? k->bad_sig + k->unverifiable :
		    k->bad_poll + k->bad_answer;
		good += k->valid;
		total += v;
		if (v == 0)
			continue;
		if (which == 3)
			outbuf_printf(w, "kiosk %s: %llu ballots with a bad "
			    "signature%s\n", audit_kiosk_name(k), v,
			    k->unverifiable ? " or no key to check with" : "");
		else
			outbuf_printf(w, "kiosk %s: %llu ballots for another "
			    "poll file, test ballots or answers out of range\n",
			    audit_kiosk_name(k), v);
	}
	if (a->malformed_err != NULL) {
		outbuf_printf(w, "%s\n", a->malformed_err);
		total += a->malformed;
	}
	if (which == 4 && a->poll == NULL)
		outbuf_printf(w, "cannot check answers without a valid poll\n");
	if (total == 0)
		outbuf_printf(w, "%llu ballots checked\n",
		    (unsigned long long)a->ballots);
	return total == 0 && (which != 4 || a->poll != NULL);
}

static int
check6(const struct audit *a, struct wire *w)
{
	const struct audit_kiosk	*k;
	size_t				 i;
	int				 bad = 0, n = 0;

	for (i = 0; i < a->nk; i++) {
		k = &a->k[i];
		if (!k->has_closing)
			continue;
		n++;
		if (k->closing_err != NULL) {
			outbuf_printf(w, "kiosk %s: closing record: %s\n",
			    audit_kiosk_name(k), k->closing_err);
			bad++;
		}
		if (k->sheet_err != NULL) {
			outbuf_printf(w, "kiosk %s: closing sheet (.txt): %s\n",
			    audit_kiosk_name(k), k->sheet_err);
			bad++;
		}
	}
	if (!bad)
		outbuf_printf(w, "%d closing records, all signed by their "
		    "kiosk\n", n);
	return bad == 0;
}

static void
totals_diff(const struct audit *a, const struct audit_kiosk *k,
    struct wire *w)
{
	const struct closing	*r = k->closing;
	int			 q, o, said = 0;

	if (a->poll == NULL)
		return;
	if (r->n_questions != a->poll->n_questions) {
		outbuf_printf(w, "kiosk %s: the record has %u questions, the "
		    "poll %d\n", audit_kiosk_name(k), r->n_questions,
		    a->poll->n_questions);
		return;
	}
	for (q = 0; q < r->n_questions; q++)
		for (o = 0; o <= a->poll->questions[q].n_options; o++) {
			unsigned long long want = o < r->n_opts[q] ?
			    r->count.n[q][o] : 0;

			if (want == k->n[q][o] || said++ >= 4)
				continue;
			outbuf_printf(w, "kiosk %s: totals differ: question "
			    "%s option %d: record %llu, recount %llu\n",
			    audit_kiosk_name(k), a->poll->questions[q].id, o,
			    want, (unsigned long long)k->n[q][o]);
		}
}

static int
check7(const struct audit *a, struct wire *w)
{
	const struct audit_kiosk	*k;
	unsigned long long		 rec, got;
	size_t				 i;
	int				 bad = 0, n = 0;

	for (i = 0; i < a->nk; i++) {
		k = &a->k[i];
		if (!k->relevant) {
			if (k->registered && !k->revoked &&
			    strcmp(k->commune, a->commune) == 0)
				outbuf_printf(w, "note: kiosk %s of this "
				    "commune sent nothing for this poll\n",
				    audit_kiosk_name(k));
			continue;
		}
		n++;
		if (!k->has_closing) {
			outbuf_printf(w, "kiosk %s: NO CLOSING RECORD (%llu "
			    "ballots received)\n", audit_kiosk_name(k),
			    (unsigned long long)k->received);
			bad++;
			continue;
		}
		if (k->closing == NULL) {
			outbuf_printf(w, "kiosk %s: its closing record failed "
			    "check 6: nothing to compare\n",
			    audit_kiosk_name(k));
			bad++;
			continue;
		}
		rec = k->closing->count.ballots;
		got = k->nh;
		if (rec > got)
			outbuf_printf(w, "kiosk %s: MISSING BALLOTS: the record "
			    "counts %llu, %llu received\n",
			    audit_kiosk_name(k), rec, got);
		else if (rec < got)
			outbuf_printf(w, "kiosk %s: EXTRA BALLOTS: the record "
			    "counts %llu, %llu received\n",
			    audit_kiosk_name(k), rec, got);
		if (rec != got)
			bad++;
		if (memcmp(k->closing->count.set_hash, k->set_hash, KEYS_HASH)
		    != 0) {
			if (rec == got)
				outbuf_printf(w, "kiosk %s: the set hash "
				    "differs: the same number of ballots, but "
				    "not the same ballots\n",
				    audit_kiosk_name(k));
			bad++;
		}
		if (a->poll != NULL && k->valid == got) {
			struct wire	t;
			char		*s;

			wire_init(&t);
			totals_diff(a, k, &t);
			if ((s = outbuf_finish(&t)) == NULL)
				w->err = YK_ENOMEM;
			else if (*s != '\0') {
				outbuf_puts(w, s);
				bad++;
			}
			free(s);
		}
	}
	if (!bad)
		outbuf_printf(w, "%d kiosks: count, totals and set hash equal "
		    "the recount\n", n);
	return bad == 0;
}

static int
check8(const struct audit *a, struct wire *w)
{
	const struct audit_kiosk	*k;
	size_t				 i;
	int				 bad = 0, n = 0;

	for (i = 0; i < a->nk; i++) {
		k = &a->k[i];
		if (!k->relevant)
			continue;
		n++;
		if (!k->has_log)
			outbuf_printf(w, "kiosk %s: no event log received\n",
			    audit_kiosk_name(k));
		else if (k->log_err != NULL)
			outbuf_printf(w, "kiosk %s: CHAIN BROKEN: %s\n",
			    audit_kiosk_name(k), k->log_err);
		else
			continue;
		bad++;
	}
	if (!bad)
		outbuf_printf(w, "%d event logs, every chain intact and "
		    "reaching its closing record\n", n);
	return bad == 0;
}

int
audit_checks(const struct audit *a, struct audit_check out[AUDIT_CHECKS])
{
	struct wire	w;
	int		i, ok = 0, rc = 0;

	for (i = 0; i < AUDIT_CHECKS; i++) {
		wire_init(&w);
		switch (i + 1) {
		case 1:
			ok = a->poll_err == NULL;
			if (ok)
				outbuf_printf(&w, "poll %s, commune %s\n",
				    a->poll_id, a->commune);
			else
				outbuf_printf(&w, "%s\n", a->poll_err);
			break;
		case 2: ok = check2(a, &w); break;
		case 3: ok = check_counts(a, &w, 3); break;
		case 4: ok = check_counts(a, &w, 4); break;
		case 5:
			ok = a->dup_ids == 0;
			if (ok)
				outbuf_printf(&w, "%llu ids, all distinct\n",
				    (unsigned long long)(a->ballots -
				    a->malformed));
			else
				outbuf_printf(&w, "%llu repeated ids\n%s",
				    (unsigned long long)a->dup_ids,
				    a->dup_err != NULL ? a->dup_err : "");
			break;
		case 6: ok = check6(a, &w); break;
		case 7: ok = check7(a, &w); break;
		default: ok = check8(a, &w); break;
		}
		out[i].title = titles[i];
		out[i].ok = ok;
		if ((out[i].details = outbuf_finish(&w)) == NULL)
			rc = YK_ENOMEM;
	}
	return rc;
}
