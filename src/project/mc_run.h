/* mc_run.h — the Monte Carlo projection: many paths of a programme's next years, quarter by
 * quarter, from a snapshot of the live book (mc_snapshot.h) with the model's parameters
 * (mc_params.h) and the programme's own policies (mc_policy.h).
 *
 * Each quarter of a path: firms fail (a hazard by age: the death valley), become unicorns, exit,
 * apply for the programme's subsidies and vouchers (amounts from the policies' evaluator,
 * capped by their limits and the budget left), grow a stage, and are born by sector and city;
 * loans amortise, default (the claim on the pool decided by the credit module's own rule,
 * credit_claim_decide), are renewed, and new ones are drawn against pools that hold money; funds
 * call, grow and distribute by Takahashi–Alexander with a random return, their listed deals paid
 * on their firms' exits and written off on their failures (mc_funds.c).
 * Every draw comes from a counter-based generator keyed by (seed, path, quarter, stream, entity)
 * (mc_rng.h): the numbers of a path do not depend on the thread that ran it, so any thread count
 * gives identical results, and two runs with the same seed use common random numbers. */
#ifndef HS_PROJECT_MC_RUN_H
#define HS_PROJECT_MC_RUN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "project/mc_params.h"
#include "project/mc_snapshot.h"

#define MC_YEARS_MAX 30

/* The yearly figures of a path (values at the end of each projection year). */
typedef enum {
    MC_BUDGET_USED = 0,   /* yuan paid by the policies since the start */
    MC_BUDGET_LEFT,       /* yuan left in their budgets */
    MC_VOUCHER_DEMAND,    /* yuan the policies' amounts came to before limits and budgets */
    MC_POOL_BALANCE,      /* yuan in the risk pools */
    MC_CLAIMS_PAID,       /* yuan paid on claims since the start */
    MC_LOANS_OUTSTANDING, /* yuan */
    MC_FIRMS_ALIVE,
    MC_UNICORNS,
    MC_EXITS,    /* firms that exited (M&A, IPO) since the start */
    MC_FUND_NAV, /* yuan, all the programme's funds */
    MC_FUND_TVPI,
    MC_FUND_DPI,
    MC_SOCIAL_CAPITAL, /* yuan: non-government capital paid into the funds + pool-backed loans */
    MC_METRICS
} mc_metric;

typedef struct {
    int years;
    int64_t paths;
    uint64_t seed;
    int threads;
    atomic_llong *progress; /* may be NULL: paths done so far, for a progress display */
} mc_run_options;

typedef struct {
    int years;
    int64_t paths;
    size_t n_targets;
    double *values;       /* [metric][year][path] (mc_result_value) */
    int32_t *depletion_q; /* per path: first quarter a claim found the pools short; -1 never */
    int8_t *reached;      /* [target][path]: 1 reached by the deadline, 0 not, -1 not projected
                             (deadline outside the horizon, or no actual to start from) */
} mc_result;

/* The name of a metric ("budget_used", ...). */
const char *mc_metric_name(mc_metric m);
/* Runs the paths (threads >= 1; years 1..MC_YEARS_MAX; paths >= 1) into *out (mc_result_free).
 * The snapshot's policies must be tabulated for at least years x 4 quarters. HS_STORAGE if out
 * of memory; HS_INPUT for bad options. */
hs_status mc_run(const mc_snapshot *snap, const mc_params *params, const mc_run_options *opt,
                 mc_result *out, hs_error *err);
/* Value of metric m at the end of year y (1-based) on path p. */
static inline double mc_result_value(const mc_result *r, mc_metric m, int y, int64_t p) {
    return r
        ->values[((size_t)m * (size_t)r->years + (size_t)(y - 1)) * (size_t)r->paths + (size_t)p];
}
/* Frees the arrays; safe on a zeroed result. */
void mc_result_free(mc_result *r);

#endif
