/* clock.h — the one clock of a process: what "now" and "today" mean for every operation.
 *
 * The CLI builds it once from `--today DATE` (or $HUOSHUI_TODAY) and, for reproducible tests,
 * $HUOSHUI_NOW_NS; the server builds one per process. Library code never reads the environment or
 * the wall clock itself: it asks the clock it was handed (the store keeps one, see
 * store_use_clock). A clock is a plain value: copy it freely; it holds no resources. */
#ifndef HS_BASE_CLOCK_H
#define HS_BASE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"

typedef struct {
    bool today_fixed;     /* today is `today` rather than the local calendar date */
    hs_date today;        /* meaningful only when today_fixed */
    int64_t fixed_now_ns; /* > 0: "now" is always this instant (ns since the epoch) */
} hs_clock;

/* The wall clock: today is the local calendar date, now the real time. */
hs_clock hs_clock_system(void);
/* Now, in ns since the epoch: the fixed instant if set, else the real time. */
int64_t hs_clock_now_ns(const hs_clock *clock);
/* Today: the fixed date if set, else the local calendar date at this moment. */
hs_date hs_clock_today(const hs_clock *clock);
/* Now as an ISO-8601 UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 21 bytes); returns buf. */
char *hs_clock_iso(const hs_clock *clock, char *buf, size_t len);

#endif
