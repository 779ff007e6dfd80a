/*
 * event-chain: the kiosk's event log (event.h) as it lives in the kiosk's
 * store: appending signed events, walking and checking the chain, its
 * head, and the log file that travels to the province.  The head (the
 * last seq and hash) is also kept in the store's meta table, so that a
 * log cut short at the end is detected too.
 */
#ifndef YKIEN_EVENT_CHAIN_H
#define YKIEN_EVENT_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "keys.h"

struct store;

/*
 * Append an event signed with sec; poll_id and detail may be NULL.
 * Durable when it returns.
 */
int	event_append(struct store *, const struct keys_secret *,
	    const char *poll_id, const char *type, const char *detail,
	    char **cause);

/*
 * Walk the chain in order, checking every event against pub
 * (event_decode) and that none is missing; fn (may be NULL) is called for
 * each event.  YK_ESIG or YK_EINVAL with a cause naming the first bad
 * event (deleted, edited, reordered).
 */
int	event_verify(struct store *, const struct keys_public *,
	    int (*fn)(void *, const struct event *), void *arg, char **cause);

/*
 * The head of the chain: the last seq (0 for an empty log) and its hash
 * (zeros for an empty log), as stored; event_verify checks it.
 */
int	event_head(struct store *, uint64_t *seq, uint8_t hash[KEYS_HASH],
	    char **cause);

/*
 * The whole chain as the log file (event.h) that travels to the province
 * (USB export, POST /v1/records).  *out is malloc'd (NULL and 0 for an
 * empty log).
 */
int	event_log_file(struct store *, uint8_t **out, size_t *len,
	    char **cause);

#endif
