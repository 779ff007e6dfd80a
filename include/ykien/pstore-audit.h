/*
 * pstore-audit: the province store's closing records and kiosk event logs
 * (src/pstore-audit.c, part of the store module).  They are kept whole, as
 * the kiosk signed them, because the audit re-verifies everything from the
 * stored bytes and trusts no column beside them.
 */
#ifndef YKIEN_PSTORE_AUDIT_H
#define YKIEN_PSTORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

struct pstore;

/*
 * Keep a kiosk's closing record of poll (its signed .bin bytes), with the
 * text sheet and its signify signature when given (sheet may be NULL).
 * The same record again is YK_EDUP (a sheet that was missing is added
 * then); a different record for the same kiosk and poll is YK_ECONFLICT
 * and changes nothing.
 */
int	 pstore_closing_put(struct pstore *, const uint8_t kiosk[KEYS_NUM],
	    const char *poll, const uint8_t *rec, size_t len,
	    const uint8_t *sheet, size_t slen, const char *sheet_sig,
	    char **cause);

struct pstore_closing {
	const uint8_t	*kiosk;		/* KEYS_NUM bytes, as stored */
	const uint8_t	*rec;
	size_t		 len;
	const uint8_t	*sheet;		/* NULL if none was received */
	size_t		 slen;
	const char	*sheet_sig;	/* NULL if none */
};

/* fn for each closing record of poll, by kiosk; all borrowed. */
int	 pstore_closing_each(struct pstore *, const char *poll,
	    int (*fn)(void *, const struct pstore_closing *), void *arg,
	    char **cause);

/*
 * Keep a kiosk's exported event log (event.h) of n events, replacing the
 * stored one only if n is larger: the caller has checked that the new log
 * extends the old.  *replaced (may be NULL) says whether it did.
 */
int	 pstore_evlog_put(struct pstore *, const uint8_t kiosk[KEYS_NUM],
	    const uint8_t *log, size_t len, uint64_t n, int *replaced,
	    char **cause);
/* *log is malloc'd; YK_ENOENT (no cause) if the kiosk sent none. */
int	 pstore_evlog_get(struct pstore *, const uint8_t kiosk[KEYS_NUM],
	    uint8_t **log, size_t *len, char **cause);

/* The detached signature text a poll was added with (*sig malloc'd). */
int	 pstore_poll_sig(struct pstore *, const char *id, char **sig,
	    char **cause);
/* How many ballots are held for poll (for progress). */
int	 pstore_ballot_count(struct pstore *, const char *poll, uint64_t *n,
	    char **cause);

#endif
