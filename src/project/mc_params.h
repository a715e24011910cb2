/* mc_params.h — every parameter of the Monte Carlo model, by name, with its default, its range,
 * its unit and where the default comes from (docs/projection.md lists the same table). A run
 * changes one with `--set model.NAME=VALUE`; policy parameters are set on the policies
 * themselves (`--set POLICY_ID.PARAM=VALUE`, see mc_policy.h). Doubles: the projection is an
 * estimate; amounts here are in yuan. */
#ifndef HS_PROJECT_MC_PARAMS_H
#define HS_PROJECT_MC_PARAMS_H

#include <stddef.h>

#include "base/error.h"

#define MC_HAZARD_YEARS 6 /* failure hazards for firm ages 0..4 years, then 5+ */

typedef struct {
    double hazard[MC_HAZARD_YEARS]; /* annual failure probability by age in whole years */
    double unicorn_hazard_factor;   /* a unicorn's failure hazard relative to others */
    double unicorn_rate;         /* annual probability a firm aged >= unicorn_min_age becomes one */
    double unicorn_min_age;      /* years */
    double exit_rate;            /* annual probability a firm aged >= exit_min_age exits */
    double exit_min_age;         /* years */
    double birth_rate;           /* annual births as a share of the firms alive at the start */
    double stage_up_rate;        /* annual probability a firm moves up one stage (growth) */
    double default_age_years;    /* age of a registry firm without a founding date */
    double apply_rate;           /* annual probability an alive firm applies to each policy */
    double application_median;   /* yuan: median application amount (bill, price, ...) */
    double application_sigma;    /* log-normal sigma of the application amount */
    double funded_hazard_factor; /* failure hazard of a firm paid in the last 4 quarters */
    double budget_topup;         /* yuan added to each policy budget every year */
    double default_rate;         /* annual default probability of a performing loan */
    double recovery_rate;        /* share of a defaulted loan recovered (lowers the claim) */
    double rollover_rate;        /* probability a loan repaid at maturity is renewed */
    double new_loan_rate;    /* new pool-backed loans a year per loan of the pool at the start */
    double fund_call_rate_1; /* Takahashi–Alexander RC for year 1, 2, 3+ */
    double fund_call_rate_2;
    double fund_call_rate_3;
    double fund_growth;           /* T–A G: expected annual NAV growth */
    double fund_volatility;       /* annual volatility of a fund's NAV return */
    double fund_bow;              /* T–A B */
    double fund_yield;            /* T–A Y */
    double fund_recycling;        /* share of a fund's distributions in its investment period
                                     redeployed into new deals instead of paid out (循环投资) */
    double fund_investment_years; /* a fund's investment period, from its vintage (funds whose
                                     terms in the book give none) */
    double exit_multiple_median;  /* a listed deal's exit proceeds over its last mark: median */
    double exit_multiple_sigma;   /* and the log-normal sigma of that multiple */
    double output_growth;         /* industry output: expected annual growth */
    double output_volatility;     /* its annual volatility */
} mc_params;

/* One documented parameter. */
typedef struct {
    const char *name;   /* "default_rate" (set as model.default_rate) */
    size_t offset;      /* into mc_params */
    double value;       /* the default */
    double min, max;    /* the accepted range */
    const char *unit;   /* "per year", "yuan", ... */
    const char *source; /* where the default comes from */
} mc_param_doc;

/* The table of parameters (*n entries). */
const mc_param_doc *mc_param_table(size_t *n);
/* Fills p with every default. */
void mc_params_default(mc_params *p);
/* Sets parameter `name` (without "model.") from text (a number, or a percentage "4%").
 * HS_INPUT (invalid_field "set") naming the parameter if unknown, unparsable or out of range. */
hs_status mc_params_set(mc_params *p, const char *name, const char *value, hs_error *err);
/* The value of parameter `name`; false if unknown. */
_Bool mc_params_get(const mc_params *p, const char *name, double *out);

#endif
