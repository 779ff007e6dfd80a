/*
 * tally: the results of one or more polls (one poll = one commune) for
 * each village, each commune and the province, against the NTM threshold
 * rule, with small-count suppression for publication.  Counts come from
 * audit.c's recount, so only ballots that passed the audit's checks of
 * signature and answers, from registered unrevoked kiosks of the poll's
 * commune, are counted; the rest are reported as excluded.
 *
 * Satisfaction rate of a question: satisfaction kind, option 1; scale
 * kind, options 4 and 5; over every answer except "no opinion" (which is
 * left out of the denominator).  Choice questions have no rate.
 * Thresholds are compared exactly in tenths of a percent: a rate meets
 * th when satisfied * 1000 >= round(th * 10) * answered, so 899 of 1000
 * (89.9%) fails 90 and 900 of 1000 passes.
 *
 * Participation: ballots against the household codes issued, summed from
 * the closing records; unknown when a kiosk of the unit has no valid
 * closing record or the poll does not use household codes.
 *
 * Suppression (one rule for every output that carries counts: the tally
 * in each format, the published results and the closing records and
 * sheets put in the publication).  The units form a tree: province ->
 * commune (one per poll) -> village -> kiosk, each node the sum of its
 * children.  A node with fewer than k ballots is withheld (primary).
 * Then, for every parent, the withheld children must add up to 0 or to
 * at least k ballots, since the parent minus its published children
 * gives exactly that sum: while they do not, the smallest published
 * sibling with ballots is withheld too (complementary), and the check
 * runs again over the whole tree until nothing changes.  The parent is
 * treated as known even when it is withheld itself, as it may be worked
 * out one level up.  The province row adds questions by id, so a
 * question that only some polls ask forms its own group; when that
 * group's withheld part is under k, the province row withholds that
 * question.  Polls of several provinces (a national store, grouped by
 * the poll's province code) make one province row per province and a
 * national row over them, under the same rule one level up; a province
 * question withheld also withholds the national one.  A withheld row
 * shows no count and no verdict, and the
 * province shows no verdict once any commune is withheld (it names the
 * communes that failed).  Kiosk nodes are never rows: they say which
 * closing records publish may show in full.
 */
#ifndef YKIEN_TALLY_H
#define YKIEN_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "poll.h"

struct audit;

enum tally_level {
	TALLY_VILLAGE,
	TALLY_COMMUNE,
	TALLY_PROVINCE,
	TALLY_NATION,		/* over the provinces of a national store */
};

struct tally_q {
	const char			*id;
	const struct poll_question	*pq;	/* texts, kind, options */
	uint64_t			 n[POLL_MAX_OPTIONS + 1];
	uint64_t			 sat;		/* satisfied */
	uint64_t			 answered;	/* minus no opinion */
	int				 rated;		/* has a rate */
	int				 suppressed;	/* province row only */
};

struct tally_row {
	enum tally_level	 level;
	const struct poll	*poll;		/* NULL for the province */
	char			 province_code[3];	/* province rows */
	char			*village_id;	/* village rows */
	char			*name;		/* Vietnamese first */
	uint64_t		 ballots;
	int			 codes_known;
	uint64_t		 codes_issued;
	int			 nq;
	struct tally_q		*q;
	int			 k;		/* publication floor */
	int			 suppressed;
	int			 has_verdict;
	int			 verdict;	/* 1 = meets the rule */
	char			*failed;	/* what failed, or NULL */
	size_t			 parent;	/* row index; SIZE_MAX: none */
};

/* A kiosk's share of its village row, for publish. */
struct tally_kiosk {
	uint8_t			 keynum[KEYS_NUM];
	const struct poll	*poll;
	size_t			 row;		/* its village row */
	uint64_t		 ballots;
	int			 suppressed;
};

struct tally {
	size_t			 n;
	struct tally_row	*rows;
	size_t			 nkiosks;
	struct tally_kiosk	*kiosks;
	size_t			 npolls;
	const struct poll	**polls;
	uint64_t		 excluded;	/* ballots not counted */
	int			 suppress;	/* publication output */
	int			 preliminary;	/* not final: marked so */
	int			 any_suppressed;
	long long		 made;		/* unix time of the tally */
};

/* 1 if sat of answered meets th percent (to 0.1), else 0; 0 of 0 is 0. */
int	 tally_meets(uint64_t sat, uint64_t answered, double th);

/*
 * Build the rows from audits (one per poll; they must outlive the tally).
 * suppress applies the rule above (rows and kiosks to withhold); without
 * it nothing is withheld and every output says it is not for publication.
 */
int	 tally_build(struct audit *const *audits, size_t n, int suppress,
	    long long now, struct tally **out, char **cause);
void	 tally_free(struct tally *);
/*
 * No running results (DESIGN invariant 6): 0 if audited poll a may be
 * tallied for good at time now, that is its end date (period.closes, a
 * day in UTC+7) is over and every registered, unrevoked kiosk of its
 * commune has sent a valid closing record for it.  Else YK_ESTATE with a
 * cause naming what is missing.  A tally made anyway (--preliminary)
 * sets t->preliminary: every renderer marks it, and publish refuses.
 */
int	 tally_final(const struct audit *a, long long now, char **cause);
/* The kiosk of poll p with key number kn, or NULL if it counted nothing. */
const struct tally_kiosk *tally_kiosk_find(const struct tally *,
	    const struct poll *p, const uint8_t kn[KEYS_NUM]);

/* The renderers; *out is malloc'd text.  Dates dd/mm/yyyy in UTC+7. */
int	 tally_text(const struct tally *, char **out);
int	 tally_csv(const struct tally *, char **out);
int	 tally_json(const struct tally *, char **out);
/* A whole HTML page, or with body_only the results part alone. */
int	 tally_html(const struct tally *, int body_only, char **out);
/* The page's style sheet, for publish's index.html. */
const char *tally_css(void);

#endif
