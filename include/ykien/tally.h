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
 */
#ifndef YKIEN_TALLY_H
#define YKIEN_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "poll.h"

struct audit;

enum tally_level {
	TALLY_VILLAGE,
	TALLY_COMMUNE,
	TALLY_PROVINCE,
};

struct tally_q {
	const char			*id;
	const struct poll_question	*pq;	/* texts, kind, options */
	uint64_t			 n[POLL_MAX_OPTIONS + 1];
	uint64_t			 sat;		/* satisfied */
	uint64_t			 answered;	/* minus no opinion */
	int				 rated;		/* has a rate */
};

struct tally_row {
	enum tally_level	 level;
	const struct poll	*poll;		/* NULL for the province */
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
};

struct tally {
	size_t			 n;
	struct tally_row	*rows;
	size_t			 npolls;
	const struct poll	**polls;
	uint64_t		 excluded;	/* ballots not counted */
	int			 suppress;	/* publication output */
	int			 any_suppressed;
	long long		 made;		/* unix time of the tally */
};

/* 1 if sat of answered meets th percent (to 0.1), else 0; 0 of 0 is 0. */
int	 tally_meets(uint64_t sat, uint64_t answered, double th);

/*
 * Build the rows from audits (one per poll; they must outlive the tally).
 * suppress marks rows under their k (and a second row where one alone
 * could be worked out from the commune total) for the renderers to hide.
 */
int	 tally_build(struct audit *const *audits, size_t n, int suppress,
	    long long now, struct tally **out, char **cause);
void	 tally_free(struct tally *);

/* The renderers; *out is malloc'd text.  Dates dd/mm/yyyy in UTC+7. */
int	 tally_text(const struct tally *, char **out);
int	 tally_csv(const struct tally *, char **out);
int	 tally_json(const struct tally *, char **out);
/* A whole HTML page, or with body_only the results part alone. */
int	 tally_html(const struct tally *, int body_only, char **out);
/* The page's style sheet, for publish's index.html. */
const char *tally_css(void);

#endif
