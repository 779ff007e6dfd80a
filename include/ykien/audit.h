/*
 * audit: re-verify everything the province holds for one poll, from the
 * stored bytes, trusting no column of the database beside them: the poll
 * file against the province key, every ballot's signature (on every core),
 * answers and id, every closing record and its recount, every event chain.
 * The result is plain data; audit_checks words the eight numbered checks
 * of `ykien-province audit`, and tally.c counts from the same data, so the
 * published numbers are exactly the ones the audit recounted.
 *
 * Trust anchors: DIR/province.pub (a file, not the database) for the poll,
 * and the kiosk registry for the kiosks' keys.
 */
#ifndef YKIEN_AUDIT_H
#define YKIEN_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "closing.h"
#include "keys.h"
#include "poll.h"
#include "pstore.h"

struct pstore;

#define AUDIT_CHECKS	8

struct audit_opts {
	int	 threads;		/* 0: every core */
	int	 exclude_revoked;	/* leave revoked kiosks out */
	/*
	 * Take the ballots' counts from the counts kept at intake instead
	 * of re-verifying every ballot (the tally, once a recorded audit
	 * vouches for them): checks 3 to 5 and 7's recount are then
	 * not made, and audit_checks must not be asked.
	 */
	int	 from_counts;
	/* Called from the reading thread now and then; may be NULL. */
	void	(*progress)(void *arg, uint64_t done, uint64_t total);
	void	*progress_arg;
};

struct audit_kiosk {
	uint8_t		 keynum[KEYS_NUM];
	int		 registered;
	long long	 revoked;	/* 0, or revoked from then */
	long long	 late_batches;	/* accepted at or after it */
	long long	 late_ballots;
	int		 excluded;	/* left out (--exclude-revoked) */
	struct keys_public pub;
	char		 commune[6];
	char		 village[PSTORE_VILLAGE_MAX + 1];
	int		 relevant;	/* sent something for this poll */
	uint64_t	 received;	/* ballots naming this kiosk */
	uint64_t	 unverifiable;	/* no key to check them with */
	uint64_t	 bad_sig;
	uint64_t	 bad_poll;	/* another poll, or a test ballot */
	uint64_t	 bad_answer;
	uint64_t	 valid;		/* counted: signature and answers good */
	uint64_t	 n[POLL_MAX_QUESTIONS][POLL_MAX_OPTIONS + 1];
	uint8_t		(*hashes)[KEYS_HASH];	/* signed ballots of the poll */
	size_t		 nh, caph;
	uint8_t		 set_hash[KEYS_HASH];
	struct closing	*closing;	/* NULL if none, or it failed */
	int		 has_closing;
	char		*closing_err;	/* why the record failed, or NULL */
	int		 has_sheet;
	char		*sheet_err;
	int		 has_log;
	uint32_t	 log_events;
	char		*log_err;	/* chain broken, or short of the record */
};

struct audit {
	struct poll		*poll;		/* NULL if it would not parse */
	char			 poll_id[POLL_ID_MAX + 1];
	char			 commune[6];	/* the poll's, as assigned */
	char			*poll_err;	/* check 1's failure, or NULL */
	size_t			 nk;
	struct audit_kiosk	*k;
	uint64_t		 ballots;	/* rows read */
	uint64_t		 malformed;
	char			*malformed_err;	/* the first reason */
	uint64_t		 dup_ids;	/* ballots whose id repeats */
	char			*dup_err;	/* the first few, named */
	uint64_t		 cross_ids;	/* ids two kiosks both sent */
	int			 threads;
	double			 verify_secs;	/* wall time of the ballot pass */
};

/*
 * Audit poll_id in the province directory dir (province.pub) with its
 * open store.  Problems found in the data are results, not errors: *out
 * is filled and 0 returned; only I/O, memory and an unknown poll
 * (YK_ENOENT) fail.  *out is audit_free'd by the caller.
 */
int	 audit_run(struct pstore *, const char *dir, const char *poll_id,
	    const struct audit_opts *, struct audit **out, char **cause);
void	 audit_free(struct audit *);

/*
 * The counts kept at intake against the audit's recount (audit-record.c):
 * 0 if every kiosk's ballots and every (question, option) count are equal,
 * 1 if not (*why, malloc'd, names the first differences), or a YK_E*
 * code.  A poll with no counts at all (a store from before counts at
 * intake) is given the recount's when fill is set and the recount's
 * checks passed (*filled = 1).
 */
int	 audit_counts_match(struct pstore *, const struct audit *, int fill,
	    int *filled, char **why, char **cause);
/*
 * Record a's result, signed with the province key, naming the store's
 * digest at the time of the audit (the caller has checked that it did
 * not change while the audit ran).
 */
int	 audit_record(struct pstore *, const struct keys_secret *,
	    const struct audit *, const uint8_t digest[KEYS_HASH], long long now,
	    char **cause);
/*
 * 1 if the latest recorded audit of poll is signed by pub and names
 * digest (*made: when), 0 if there is none or it does not match (*why,
 * malloc'd, says which), or a YK_E* code.
 */
int	 audit_recorded(struct pstore *, const struct keys_public *pub,
	    const char *poll, const uint8_t digest[KEYS_HASH], long long *made,
	    char **why, char **cause);

struct audit_check {
	const char	*title;		/* "Every ballot signature is valid" */
	int		 ok;
	char		*details;	/* lines, malloc'd; may be NULL */
};

/* Fill the eight checks (0-based); the caller frees each details. */
int	 audit_checks(const struct audit *, struct audit_check out[AUDIT_CHECKS]);
/*
 * 1 if kiosk k's ballots count for poll a: registered for its commune,
 * sent something, not left out, and not revoked, or revoked with every
 * batch accepted before the revocation (those are kept).
 */
int	 audit_counted(const struct audit *a, const struct audit_kiosk *k);
/* "ab12cd34ef56ab12 (Bản Mẫu)" for messages, static buffer. */
const char *audit_kiosk_name(const struct audit_kiosk *);

#endif
