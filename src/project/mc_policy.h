/* mc_policy.h — the programme's subsidy and voucher policies inside the projection: each is the
 * shipped policy file, loaded by the policy module and evaluated by its evaluator, with
 * `--set POLICY_ID.PARAM=VALUE` applied through policy_param_override exactly as editing the file
 * would. Before the paths run, every policy is evaluated once per quarter date, firm sector and
 * application size on a grid of MC_TEMPLATES quantiles of the application-size distribution
 * (log-normal, mc_params application_median/sigma): a path then draws an application's size as
 * one of those equally likely quantiles and reads the evaluator's amount for it. The policy's
 * own limits are applied in the path: `once per firm`, the per-firm-per-year ceiling and the
 * per-programme-per-year ceiling (on 1 January of each calendar year, the start date for the
 * first).
 *
 * How an application becomes the policy's inputs: `sector` (an enum) is the firm's sector when
 * the enum has that member (else the firm is not an applicant), `stage` likewise; every money
 * input without a default is the application's size; other inputs take their default, or false,
 * 0, or the enum's first member. */
#ifndef HS_PROJECT_MC_POLICY_H
#define HS_PROJECT_MC_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"
#include "base/error.h"
#include "policy/policy.h"
#include "registry/firm.h"

#define MC_POLICIES_MAX 8
#define MC_TEMPLATES 64
#define MC_CAL_YEARS_MAX 64

typedef struct {
    hs_policy *policy; /* owned */
    char id[128];
    char budget[128]; /* the budget account it draws on */
    int budget_index; /* into the snapshot's budgets; -1: none in the book */
    bool once_per_firm;
    double firm_year_cap;                        /* yuan; < 0: none */
    double programme_year_cap[MC_CAL_YEARS_MAX]; /* yuan per calendar year; < 0: none */
    int quarters;
    double *amount; /* yuan, [quarter][sector][template] (mc_policy_amount) */
} mc_policy;

typedef struct {
    mc_policy v[MC_POLICIES_MAX];
    size_t n;
} mc_policies;

/* Loads a policy file and adds it (subsidy and voucher instruments only: HS_INPUT otherwise, or
 * when MC_POLICIES_MAX are loaded). */
hs_status mc_policy_add_file(mc_policies *ps, const char *path, hs_error *err);
/* Applies `--set POLICY_ID.PARAM=VALUE` to the loaded policy with that id: HS_INPUT (field "set")
 * if no loaded policy has the id, or the policy refuses the parameter or value. */
hs_status mc_policy_set(mc_policies *ps, const char *policy_id, const char *param,
                        const char *value, hs_error *err);
/* Evaluates every policy on the grid (quarter q's date is `on` + 3(q+1) months, q < quarters)
 * and reads its limits; application sizes from median and sigma (yuan). */
hs_status mc_policy_tabulate(mc_policies *ps, hs_date on, int quarters, double median, double sigma,
                             hs_error *err);
/* The evaluator's amount (yuan) for quarter q, sector s and size template j. */
static inline double mc_policy_amount(const mc_policy *p, int q, int s, int j) {
    return p->amount[((size_t)q * FIRM_SECTOR_COUNT + (size_t)s) * MC_TEMPLATES + (size_t)j];
}
/* Frees the policies and tables; safe on a zeroed set. */
void mc_policies_free(mc_policies *ps);

#endif
