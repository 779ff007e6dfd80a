/*
 * clock: the one place the kiosk's admin modules (pin, event, elig,
 * closing) read the time, so that a test can move time forward instead of
 * sleeping: the 15-minute PIN lockout is tested in milliseconds.  There is
 * deliberately no environment variable to fake the time: a board in a
 * village must not be talked out of a lockout by a shell variable.
 */
#ifndef YKIEN_CLOCK_H
#define YKIEN_CLOCK_H

/* Seconds since 1970, UTC. */
long long	clock_now(void);
/*
 * Tests only: make clock_now() call fn (NULL restores the real clock).
 * Not thread-safe; the kiosk is single-threaded.
 */
void		clock_override(long long (*fn)(void));

#endif
