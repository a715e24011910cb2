/* mc_params.c — the Monte Carlo's parameters, defaults and sources (see mc_params.h). */
#include "project/mc_params.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define P(field) offsetof(mc_params, field)
#define SAIC                                                                                       \
    "SAIC 2013 《全国内资企业生存时间分析报告》: 5-year survival 68.9%, risk peaks in year 3"

static const mc_param_doc table[] = {
    {"hazard_age0", P(hazard[0]), 0.05, 0, 1, "per year", SAIC},
    {"hazard_age1", P(hazard[1]), 0.07, 0, 1, "per year", SAIC},
    {"hazard_age2", P(hazard[2]), 0.09, 0, 1, "per year", SAIC " (the death valley)"},
    {"hazard_age3", P(hazard[3]), 0.07, 0, 1, "per year", SAIC},
    {"hazard_age4", P(hazard[4]), 0.06, 0, 1, "per year", SAIC},
    {"hazard_age5", P(hazard[5]), 0.04, 0, 1, "per year", SAIC " (ages 5+, tail)"},
    {"unicorn_hazard_factor", P(unicorn_hazard_factor), 0.25, 0, 1, "x",
     "assumption: a firm valued >= 10亿 USD fails far less often (uncertain)"},
    {"unicorn_rate", P(unicorn_rate), 0.002, 0, 1, "per year",
     "Hurun Global Unicorn Index 2024 (~340 Chinese unicorns) over CAICT's ~4,500 AI firms: "
     "about 1.5% after ~7 years (uncertain)"},
    {"unicorn_min_age", P(unicorn_min_age), 3, 0, 50, "years",
     "Hurun: median time to unicorn"
     " ~6-7 years; none before 3"},
    {"exit_rate", P(exit_rate), 0.02, 0, 1, "per year",
     "assumption: M&A/IPO of venture-backed firms aged 5+ (uncertain)"},
    {"exit_min_age", P(exit_min_age), 5, 0, 50, "years", "assumption"},
    {"birth_rate", P(birth_rate), 0.12, 0, 5, "per year",
     "CAICT: China's AI firm count grew ~10-15% a year 2020-2024"},
    {"stage_up_rate", P(stage_up_rate), 0.2, 0, 1, "per year",
     "assumption: a stage (seed, startup, growth) lasts about 5 years on average (uncertain)"},
    {"default_age_years", P(default_age_years), 3, 0, 100, "years",
     "assumption for registry firms without a founding date"},
    {"apply_rate", P(apply_rate), 0.3, 0, 1, "per year",
     "assumption: share of eligible firms claiming a voucher or subsidy in a year"},
    {"application_median", P(application_median), 1e6, 0, 1e12, "yuan",
     "seeds: compute bills of 100万-1200万 in the Chengdu voucher's own tests"},
    {"application_sigma", P(application_sigma), 1.0, 0, 5, "log", "assumption"},
    {"funded_hazard_factor", P(funded_hazard_factor), 0.8, 0, 2, "x",
     "assumption: SME grant evaluations find 10-30% better survival (uncertain)"},
    {"budget_topup", P(budget_topup), 0, 0, 1e13, "yuan per year",
     "none unless an analyst plans new money"},
    {"default_rate", P(default_rate), 0.02, 0, 1, "per year",
     "CBIRC: commercial banks' NPL ratio ~1.6% (2023), small-firm inclusive loans ~2-3%"},
    {"recovery_rate", P(recovery_rate), 0.2, 0, 1, "share",
     "assumption for unsecured tech loans (uncertain)"},
    {"rollover_rate", P(rollover_rate), 0.8, 0, 1, "share",
     "assumption: most 1-year working-capital loans are renewed"},
    {"new_loan_rate", P(new_loan_rate), 0.1, 0, 5, "per year",
     "assumption: new first-time borrowers a year per pool loan at the start, each like one of "
     "them; none while the pool is empty (uncertain: set it from the cooperating banks' plans)"},
    {"fund_call_rate_1", P(fund_call_rate_1), 0.25, 0, 1, "per year",
     "Takahashi & Alexander (2002), Yale: RC 25%, 33.3%, 50%"},
    {"fund_call_rate_2", P(fund_call_rate_2), 1.0 / 3.0, 0, 1, "per year", "T-A (2002)"},
    {"fund_call_rate_3", P(fund_call_rate_3), 0.5, 0, 1, "per year", "T-A (2002)"},
    {"fund_growth", P(fund_growth), 0.13, -0.99, 5, "per year", "T-A (2002): G = 13%"},
    {"fund_volatility", P(fund_volatility), 0.25, 0, 5, "per year",
     "assumption: dispersion of venture NAV returns (uncertain)"},
    {"fund_bow", P(fund_bow), 2.5, 0, 50, "", "T-A (2002): B = 2.5"},
    {"fund_yield", P(fund_yield), 0, 0, 1, "per year", "T-A (2002): Y = 0 for venture"},
    {"fund_recycling", P(fund_recycling), 0, 0, 1, "share",
     "assumption: none unless a fund's terms recycle (循环投资 of exit proceeds in the investment "
     "period; set it to what the partnership agreements allow)"},
    {"fund_investment_years", P(fund_investment_years), 5, 1, 15, "years",
     "the 5-year investment period usual for government guidance sub-funds (投资期5年); a fund's "
     "own invest_years in the book wins"},
    {"exit_multiple_median", P(exit_multiple_median), 2.0, 0, 100, "x",
     "assumption: median IPO/M&A proceeds over the deal's last mark (uncertain); Cochrane (2005), "
     "'The risk and return of venture capital', JFE 75: venture values at exit are "
     "log-normal-like"},
    {"exit_multiple_sigma", P(exit_multiple_sigma), 1.0, 0, 5, "log",
     "Cochrane (2005): log returns of venture investments to exit have a standard deviation near "
     "1 (~0.9-1.0)"},
    {"output_growth", P(output_growth), 0.15, -0.99, 5, "per year",
     "seeds: Shenzhen >20%/yr planned, Beijing >10%/yr"},
    {"output_volatility", P(output_volatility), 0.10, 0, 5, "per year", "assumption"},
};

const mc_param_doc *mc_param_table(size_t *n) {
    *n = sizeof table / sizeof table[0];
    return table;
}

void mc_params_default(mc_params *p) {
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        *(double *)((char *)p + table[i].offset) = table[i].value;
}

static const mc_param_doc *find(const char *name) {
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

hs_status mc_params_set(mc_params *p, const char *name, const char *value, hs_error *err) {
    assert(p != NULL && name != NULL && value != NULL);
    const mc_param_doc *d = find(name);
    if (d == NULL)
        return hs_invalid_field(err, "set", "--set: no model parameter '%s' (docs/projection.md)",
                                name);
    char *end = NULL;
    double v = strtod(value, &end);
    if (end != value && *end == '%' && end[1] == '\0')
        v /= 100.0;
    else if (end == value || *end != '\0')
        v = NAN;
    if (!isfinite(v) || v < d->min || v > d->max)
        return hs_invalid_field(err, "set", "--set model.%s: '%s' is not a number in %g..%g", name,
                                value, d->min, d->max);
    *(double *)((char *)p + d->offset) = v;
    return HS_OK;
}

_Bool mc_params_get(const mc_params *p, const char *name, double *out) {
    const mc_param_doc *d = find(name);
    if (d == NULL)
        return 0;
    *out = *(const double *)((const char *)p + d->offset);
    return 1;
}
