/* mc_path.h — private to src/project/mc_*.c: the shared, read-only tables of a run and the state
 * of one path as it is simulated quarter by quarter. */
#ifndef HS_PROJECT_MC_PATH_H
#define HS_PROJECT_MC_PATH_H

#include <stdbool.h>
#include <stdint.h>

#include "project/mc_run.h"

#define MC_FACTOR_TABLE 4096
#define MC_PATH_LOANS_MAX 10000000 /* loans on one path, the start's and new ones */

/* One firm on a path. */
typedef struct {
    uint64_t id; /* the firm's counter index: registry firms 0..n-1, births after */
    uint8_t sector, stage, unicorn, alive;
    uint16_t city;
    uint8_t got;    /* bit k: policy k paid it (for `once per firm`) */
    uint8_t exited; /* 1: it has exited (M&A, IPO) on this path: it exits once */
    int32_t age_q;
    int32_t funded_until_q; /* paid in this or one of the last three quarters */
    int32_t paid_year;      /* the calendar year (index) paid_in_year counts */
    uint32_t flags;
    float paid_in_year[MC_POLICIES_MAX]; /* yuan from each policy in that year */
} mc_pfirm;

typedef struct {
    int sector;
    int city;
    double per_quarter; /* expected births a quarter */
} mc_cell;

/* What a fund's quarter reads of its terms, packed (32 bytes) so the fund loop stays in cache. */
typedef struct {
    double committed; /* yuan */
    double recycle;   /* its recycling share (its own, else the model's) */
    int32_t age_q;    /* on the start date */
    int32_t invest_q; /* its investment period (its own, else the model's) */
    int32_t wind_q;   /* the age at which its open listed deals are sold; INT32_MAX: none */
    int32_t pad;
} mc_fund_hot;

/* What every path of a run shares (read-only while the paths run). */
typedef struct {
    const mc_snapshot *snap;
    const mc_params *p;
    const mc_run_options *opt;
    int quarters;
    double hazard_q[MC_HAZARD_YEARS]; /* quarterly failure probabilities */
    double unicorn_q, exit_q, apply_q, default_q, stage_up_q;
    int32_t unicorn_min_q, exit_min_q;
    uint8_t *budget_drawn; /* per budget: a policy of the run draws on it */
    mc_cell *cells;
    size_t n_cells;
    int cal_year_of_q[4 * MC_YEARS_MAX]; /* calendar-year index (0 = the start's) of quarter q */
    /* funds: per fund and quarter of age, the quarterly call and distribution rates */
    int fund_ages; /* columns of the tables: the oldest fund's age + quarters */
    double *fund_rc, *fund_rd;
    mc_fund_hot *fund_hot;
    uint32_t *deal_funds; /* the funds with listed deals */
    size_t n_deal_funds;
    double fund_drift_q, fund_sigma_q;
    double fund_factor[MC_FACTOR_TABLE + 2]; /* the quarter's NAV factor by its uniform */
    /* listed deals by registry firm: firm i's are firm_deals[firm_deal_start[i] .. [i + 1]) */
    uint32_t *firm_deal_start, *firm_deals;
    /* the start's loans by pool: pool p's are pool_loans[pool_loan_start[p] .. [p + 1]) */
    uint32_t *pool_loan_start, *pool_loans;
    double output_drift_q, output_sigma_q;
    /* targets: parsed filters, the city index (-1: none of the snapshot's), deadline quarter */
    target_filter *tfilter;
    int *tcity;
    int *tdeadline_q; /* -1: not projected */
    uint8_t *tfund;   /* [target][fund]: 1 if the fund is in the target's fund= tree or group */
} mc_shared;

/* One path's state. */
typedef struct {
    int64_t path;
    mc_pfirm *firms;
    size_t n_firms, cap_firms;
    uint64_t next_id;
    mc_loan0 *loans; /* the start's, then those drawn on the path */
    size_t n_loans, cap_loans;
    double *pool_balance;
    double *bank_year_paid; /* yuan claimed per bank in the current calendar year */
    int bank_year;
    double *budget_left;
    double programme_year_paid[MC_POLICIES_MAX];
    int programme_year;
    double *fund_pic, *fund_dist;
    double *fund_nav;      /* per fund: the part T–A models (all but its open listed deals) */
    double *fund_proceeds; /* per fund: listed deals' exit proceeds this quarter, not yet paid */
    double *deal_value;    /* per listed deal: its value while open, 0 once exited or failed */
    double budget_used, demand, claims_paid, exits;
    int32_t depletion_q;
    double *output; /* per target: industry output so far (industry_output targets) */
} mc_pstate;

/* Quarterly probability from an annual one. */
double mc_quarterly(double annual);
/* Builds the birth cells and firm tables of `sh` (mc_firms.c); HS_STORAGE if out of memory. */
hs_status mc_firms_prepare(mc_shared *sh, hs_error *err);
/* Copies the snapshot's firms into the path (mc_firms.c). */
hs_status mc_firms_start(const mc_shared *sh, mc_pstate *ps, hs_error *err);
/* One quarter of the path's firms: failures, unicorns, exits, applications, births. */
hs_status mc_firms_quarter(const mc_shared *sh, mc_pstate *ps, int q, hs_error *err);
/* Builds the loans-by-pool table of `sh` (mc_credit.c); HS_STORAGE if out of memory. */
hs_status mc_credit_prepare(mc_shared *sh, hs_error *err);
/* One quarter of the path's loans and pools (mc_credit.c): amortisation, defaults and claims,
 * renewals, then new loans; HS_STORAGE if the loans outgrow memory or MC_PATH_LOANS_MAX. */
hs_status mc_credit_quarter(const mc_shared *sh, mc_pstate *ps, int q, hs_error *err);
/* Builds the funds' rate tables (mc_funds.c). */
hs_status mc_funds_prepare(mc_shared *sh, hs_error *err);
/* One quarter of the path's funds. */
void mc_funds_quarter(const mc_shared *sh, mc_pstate *ps, int q);
/* Registry firm `firm` exited (exited) or failed in quarter q: its funds' open listed deals close,
 * an exit's proceeds (value x a drawn exit multiple) owed to the fund this quarter, a failure's
 * value written off. No-op for a firm without deals (births have none). */
void mc_deals_firm_event(const mc_shared *sh, mc_pstate *ps, uint64_t firm, int q, bool exited);
/* The value of fund f's open listed deals on the path. */
double mc_fund_listed_value(const mc_shared *sh, const mc_pstate *ps, size_t f);

#endif
