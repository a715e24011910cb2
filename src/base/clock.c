/* clock.c — the process clock (see clock.h). */
#include "base/clock.h"

#include <assert.h>
#include <stdio.h>
#include <time.h>

hs_clock hs_clock_system(void) {
    hs_clock c = {.today_fixed = false, .today = 0, .fixed_now_ns = 0};
    return c;
}

int64_t hs_clock_now_ns(const hs_clock *clock) {
    assert(clock != NULL);
    if (clock->fixed_now_ns > 0)
        return clock->fixed_now_ns;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int64_t now_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    assert(now_ns > 0);
    return now_ns;
}

hs_date hs_clock_today(const hs_clock *clock) {
    assert(clock != NULL);
    if (clock->today_fixed)
        return clock->today;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

char *hs_clock_iso(const hs_clock *clock, char *buf, size_t len) {
    assert(buf != NULL && len >= 21);
    time_t t = (time_t)(hs_clock_now_ns(clock) / 1000000000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}
