/*
 * util-date: dates as people read them: dd/mm/yyyy in Vietnam's time
 * (UTC+7, no daylight saving), whatever the machine's time zone.
 */
#include <stdio.h>
#include <time.h>

#include "ykien/util.h"

void
util_date_vn(long long unix_time, char out[11])
{
	time_t		t = (time_t)(unix_time + 7 * 3600);
	struct tm	tm;

	gmtime_r(&t, &tm);
	snprintf(out, 11, "%02u/%02u/%04u", (unsigned)tm.tm_mday % 100u,
	    (unsigned)(tm.tm_mon + 1) % 100u,
	    (unsigned)(tm.tm_year + 1900) % 10000u);
}
