/*
 * records: the province's intake of what a kiosk signs besides ballots:
 * its closing records (closing-ID.bin, with the text sheet closing-ID.txt
 * and its signify signature when they travel along) and its event log
 * (events.bin, event.h).  Both arrive in a USB export next to the batches
 * and are checked on arrival as strictly as a batch: a registered,
 * unrevoked kiosk; its signature on every byte; a known poll of the same
 * hash in the kiosk's commune.  A refusal changes nothing.  The audit
 * checks them all again from the stored bytes.
 */
#ifndef YKIEN_RECORDS_H
#define YKIEN_RECORDS_H

#include <stddef.h>
#include <stdint.h>

struct pstore;

/*
 * Ingest the file name (read from directory dir, which may hold its
 * companions: closing-ID.txt and closing-ID.txt.sig beside closing-ID.bin)
 * with contents buf.  Returns 0 if stored, YK_EDUP if already held, 1 if
 * name is not a record (the caller handles or ignores it), or a negative
 * YK_E* code with a cause saying why it was refused.
 */
int	 records_import(struct pstore *, const char *dir, const char *name,
	    const uint8_t *buf, size_t len, char **cause);

/*
 * The same checks on parts already in memory (POST /v1/records): a closing
 * record with its optional sheet and sheet signature, and an event log of
 * the kiosk with key number keynum.  0 if stored, YK_EDUP if already held.
 */
int	 records_closing_put(struct pstore *, const uint8_t *buf, size_t len,
	    const uint8_t *sheet, size_t slen, const uint8_t *sig,
	    size_t siglen, char **cause);
int	 records_events_put(struct pstore *, const uint8_t keynum[8],
	    const uint8_t *buf, size_t len, char **cause);

/* The key number inside a signed closing record (0 or YK_EINVAL). */
int	 records_closing_keynum(const uint8_t *buf, size_t len,
	    uint8_t out[8]);
/* As records_closing_keynum, and the poll id (*poll malloc'd) too. */
int	 records_closing_poll_id(const uint8_t *buf, size_t len,
	    uint8_t keynum[8], char **poll);

#endif
