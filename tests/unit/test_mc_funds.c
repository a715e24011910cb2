/* test_mc_funds.c — the projection's fund model on a snapshot of funds alone: the same seed gives
 * the same figures for 1 and 3 threads and via mc_key/mc_bits_at as via mc_bits; recycling
 * (fund_recycling in the investment period) keeps distributions in the NAV, so DPI falls and NAV
 * rises while paid-in capital is unchanged; out-of-range parameters are refused. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "project/mc_policy.h"
#include "project/mc_rng.h"
#include "project/mc_run.h"

static void fund_snapshot(mc_snapshot *s, size_t n) {
    memset(s, 0, sizeof *s);
    CHECK(date_parse("2024-06-30", &s->on));
    snprintf(s->programme, sizeof s->programme, "t");
    s->funds = calloc(n, sizeof *s->funds);
    s->n_funds = n;
    for (size_t f = 0; f < n; f++) {
        s->funds[f].committed = 1e8 * (double)(f + 1);
        s->funds[f].age_q = (int32_t)(f % 8);
        s->funds[f].life_q = 40;
        s->funds[f].paid_in = s->funds[f].committed * 0.2;
        s->funds[f].nav = s->funds[f].paid_in;
    }
}

static void run(const mc_snapshot *s, const mc_params *p, int threads, mc_result *r) {
    hs_error err = {0};
    mc_run_options o = {.years = 3, .paths = 200, .seed = 7, .threads = threads};
    CHECK_EQ_INT(mc_run(s, p, &o, r, &err), HS_OK);
}

static double mean(const mc_result *r, mc_metric m, int year) {
    double v = 0;
    for (int64_t i = 0; i < r->paths; i++)
        v += mc_result_value(r, m, year, i);
    return v / (double)r->paths;
}

TEST(mc_funds_same_seed_same_figures_and_recycling_keeps_distributions_in_nav) {
    mc_snapshot s;
    fund_snapshot(&s, 12);
    mc_params p;
    mc_params_default(&p);
    hs_error err = {0};
    CHECK_EQ_INT(
        mc_policy_tabulate(&s.policies, s.on, 12, p.application_median, p.application_sigma, &err),
        HS_OK);
    for (uint64_t i = 0; i < 100; i++)
        CHECK(mc_bits(7, 3, 5, MC_STREAM_FUND, i) ==
              mc_bits_at(mc_key(7, 3, 5, MC_STREAM_FUND), i));
    mc_result one = {0}, three = {0}, recycled = {0};
    run(&s, &p, 1, &one);
    run(&s, &p, 3, &three);
    CHECK(memcmp(one.values, three.values,
                 (size_t)MC_METRICS * (size_t)one.years * (size_t)one.paths * sizeof(double)) == 0);
    CHECK(mean(&one, MC_FUND_DPI, 3) > 0);
    CHECK_EQ_INT(mc_params_set(&p, "fund_recycling", "50%", &err), HS_OK);
    run(&s, &p, 2, &recycled);
    CHECK(mean(&recycled, MC_FUND_DPI, 3) < mean(&one, MC_FUND_DPI, 3));
    CHECK(mean(&recycled, MC_FUND_NAV, 3) > mean(&one, MC_FUND_NAV, 3));
    /* calls do not depend on what was distributed: per path, paid-in capital (NAV / (TVPI -
     * DPI)) is the same with and without recycling */
    for (int64_t i = 0; i < one.paths; i++) {
        double pic_base =
            mc_result_value(&one, MC_FUND_NAV, 3, i) /
            (mc_result_value(&one, MC_FUND_TVPI, 3, i) - mc_result_value(&one, MC_FUND_DPI, 3, i));
        double pic_rec = mc_result_value(&recycled, MC_FUND_NAV, 3, i) /
                         (mc_result_value(&recycled, MC_FUND_TVPI, 3, i) -
                          mc_result_value(&recycled, MC_FUND_DPI, 3, i));
        CHECK(fabs(pic_base - pic_rec) <= 1e-6 * pic_base);
    }
    CHECK_EQ_INT(mc_params_set(&p, "fund_recycling", "150%", &err), HS_INPUT);
    CHECK_EQ_INT(mc_params_set(&p, "fund_investment_years", "0", &err), HS_INPUT);
    mc_result_free(&one);
    mc_result_free(&three);
    mc_result_free(&recycled);
    mc_snapshot_free(&s);
}
