/* target.h — a programme's target (目标): an indicator, the value it must reach by a deadline, an
 * optional base (year and value) and filter, and the published source it comes from.
 *
 * Indicators and their units (value, base_value and actuals use the same unit):
 *   firms              count   firms in the registry matching the filter (sector, city, stage,
 *                              flag: high_tech, zjtx, unicorn, ...)
 *   unicorns           count   firms flagged 独角兽 (valued at >= 10亿 US dollars) matching the
 * filter industry_output    fen     imported statistics only (`target actual import`)
 *   loans_outstanding  fen     principal outstanding on loans covered by the programme's pools
 *   fund_committed     fen     capital committed to the programme's funds (a fund is the
 *                              programme's when one of its LPs pays from budget/<programme>/...)
 *   fund_deployed      fen     invested by those funds (direct deals + capital paid into sub-funds)
 *   budget_executed    fen     paid out of the programme's budgets
 *   social_capital     fen     committed to those funds beyond the government money (look-through)
 * The filter `fund=ID` narrows the fund indicators to one fund tree or group.
 *
 * Progress and colour (target_assess): progress = actual / value. With a base (year B, value b)
 * the expected path rises linearly from b at the end of year B (31 December) to the value at
 * the deadline; green if actual >= the path's value on the
 * as-of date (or the target is met), amber if actual >= 90% of it, red otherwise. Without a base,
 * the growth rate still needed decides: green if met or <= 10%/yr, amber if <= 25%/yr, red above
 * (or past the deadline and not met, or nothing to grow from). */
#ifndef HS_INSTRUMENT_TARGET_H
#define HS_INSTRUMENT_TARGET_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "registry/firm.h"

#define TARGET_ID_MAX 64
#define TARGET_FILTER_MAX 256
#define TARGET_SOURCE_MAX 512

typedef enum {
    TARGET_FIRMS = 0,
    TARGET_UNICORNS,
    TARGET_INDUSTRY_OUTPUT,
    TARGET_LOANS_OUTSTANDING,
    TARGET_FUND_COMMITTED,
    TARGET_FUND_DEPLOYED,
    TARGET_BUDGET_EXECUTED,
    TARGET_SOCIAL_CAPITAL,
    TARGET_INDICATORS
} target_indicator;

typedef struct {
    char programme[TARGET_ID_MAX];
    char id[TARGET_ID_MAX];
    target_indicator indicator;
    int64_t value; /* count, or fen (target_indicator_is_money) */
    hs_date deadline;
    int32_t base_year; /* 0: no base */
    int64_t base_value;
    char filter[TARGET_FILTER_MAX]; /* canonical "sector=nlp,city=深圳" (target_filter_format) */
    char source[TARGET_SOURCE_MAX];
} target;

/* A parsed filter: NULL/UNSET/0 parts match everything. */
typedef struct {
    char city[FIRM_PLACE_MAX];
    firm_sector sector;
    firm_stage stage;
    uint32_t flags_all; /* FIRM_FLAG_* that must all be set */
    char fund[TARGET_ID_MAX];
} target_filter;

/* Red/amber/green. */
typedef enum { TARGET_RAG_GREEN = 0, TARGET_RAG_AMBER, TARGET_RAG_RED } target_rag;

/* What target_assess concludes for one actual. */
typedef struct {
    double progress;    /* actual / value (may exceed 1) */
    bool needed_ok;     /* needed_cagr is meaningful */
    double needed_cagr; /* growth per year still needed to reach value by the deadline */
    double years_left;  /* actual/365.25 years from `on` to the deadline (<= 0: past) */
    bool met;           /* actual >= value */
    target_rag rag;     /* by the rule in the header comment */
    bool path_ok;       /* a base was given: path_value is the expected value on `on` */
    double path_value;
} target_assessment;

/* The stable name of an indicator ("firms", ...). */
const char *target_indicator_name(target_indicator k);
/* Parses an indicator name; false if unknown. */
bool target_indicator_parse(const char *text, target_indicator *out);
/* True if the indicator is an amount in fen (else a count). */
bool target_indicator_is_money(target_indicator k);
/* Parses a value for indicator k: money (money_parse: "8000亿") or a non-negative count. HS_INPUT
 * (invalid_field `field`) saying why. */
hs_status target_value_parse(target_indicator k, const char *text, const char *field, int64_t *out,
                             hs_error *err);
/* Formats a value for indicator k into buf: "800,000,000,000.00 CNY" (or 万/亿 with cn) or "3000".
 * Returns buf. */
char *target_value_format(target_indicator k, int64_t value, bool cn, char *buf, size_t len);
/* The name of a colour ("green", "amber", "red"). */
const char *target_rag_name(target_rag r);

/* Parses "key=value,key=value" (keys sector, city, stage, fund, flag; flag may repeat, values
 * high_tech, zjtx, national_lab, national_engineering_center, unicorn); "" is no filter. HS_INPUT
 * (invalid_field "filter") naming the bad part. */
hs_status target_filter_parse(const char *text, target_filter *out, hs_error *err);
/* Writes the canonical form of f (keys in the order sector, stage, city, flag..., fund) into buf;
 * returns buf ("" for no filter). */
char *target_filter_format(const target_filter *f, char *buf, size_t len);

/* Checks a target: programme and id (1..63 of a-z A-Z 0-9 - _ .), value > 0, a deadline, a base
 * year in 1900..the deadline's year with base_value >= 0, a parsable filter whose keys suit the
 * indicator (fund only for fund indicators, firm keys only for firms/unicorns), and a source.
 * Canonicalises t->filter. HS_INPUT (invalid_field naming the field) otherwise. */
hs_status target_check(target *t, hs_error *err);
/* True if the two targets hold the same fields. */
bool target_equal(const target *a, const target *b);

/* Assesses `actual` against t as of `on` (pure; see the rule above). */
target_assessment target_assess(const target *t, int64_t actual, hs_date on);

#endif
