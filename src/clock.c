/*
 * clock: wall-clock seconds behind a pointer that tests may swap, so that
 * delays and lockouts are tested by moving time, never by sleeping.
 */
#include <time.h>

#include "ykien/clock.h"

static long long (*clock_fn)(void);

long long
clock_now(void)
{
	if (clock_fn != NULL)
		return clock_fn();
	return (long long)time(NULL);
}

void
clock_override(long long (*fn)(void))
{
	clock_fn = fn;
}
