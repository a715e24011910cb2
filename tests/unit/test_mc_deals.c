/* test_mc_deals.c — the projection's listed deals and per-fund terms: a fund's deal in a registry
 * firm returns value x the exit multiple to the fund in the quarter its firm exits, and is written
 * off when the firm fails, with T–A modelling only the rest of the NAV (no double counting: the
 * T–A part moves exactly as a fund without the deal whose NAV is the rest); the same seed gives
 * identical figures for 1 and 3 threads; a fund's own recycling share and investment period win
 * over the model's; a fund_deployed target's fund= filter counts its tree or group only. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "project/mc_policy.h"
#include "project/mc_rng.h"
#include "project/mc_run.h"

#define DEAL_VALUE 2e7 /* yuan */

/* One fund of 1亿 (20% paid in, NAV 3000万), and `n_firms` registry firms aged 6 years; with
 * `deals`, the fund holds a deal of 2000万 in firm 0 (its NAV includes it), else its NAV is the
 * rest alone (1000万). */
static void snapshot(mc_snapshot *s, size_t n_firms, bool deals) {
    memset(s, 0, sizeof *s);
    CHECK(date_parse("2024-06-30", &s->on));
    snprintf(s->programme, sizeof s->programme, "t");
    s->funds = calloc(1, sizeof *s->funds);
    s->n_funds = 1;
    mc_fund0 *f = &s->funds[0];
    snprintf(f->id, sizeof f->id, "f1");
    f->committed = 1e8;
    f->paid_in = 2e7;
    f->nav = deals ? 1e7 + DEAL_VALUE : 1e7;
    f->life_q = 40;
    f->age_q = 4;
    s->firms = calloc(n_firms, sizeof *s->firms);
    s->n_firms = n_firms;
    for (size_t i = 0; i < n_firms; i++)
        s->firms[i] =
            (mc_firm0){.sector = FIRM_SECTOR_NLP, .age_q = 24, .stage = FIRM_STAGE_GROWTH};
    s->cities = calloc(1, sizeof *s->cities);
    s->n_cities = 1;
    if (deals) {
        s->deals = calloc(1, sizeof *s->deals);
        s->deals[0] = (mc_deal0){.fund = 0, .firm = 0, .value = DEAL_VALUE, .cost = 1e7};
        s->n_deals = 1;
        f->first_deal = 0;
        f->n_deals = 1;
    }
}

static void run(const mc_snapshot *s, const mc_params *p, int threads, mc_result *r) {
    hs_error err = {0};
    mc_run_options o = {.years = 2, .paths = 64, .seed = 11, .threads = threads};
    CHECK_EQ_INT(mc_run(s, p, &o, r, &err), HS_OK);
}

static double at(const mc_result *r, mc_metric m, int y, int64_t p) {
    return mc_result_value(r, m, y, p);
}

/* Paid in, distributed and NAV of the fund at year y of path p. */
static void figures(const mc_result *r, int y, int64_t p, double *pic, double *dist, double *nav) {
    *nav = at(r, MC_FUND_NAV, y, p);
    *pic = *nav / (at(r, MC_FUND_TVPI, y, p) - at(r, MC_FUND_DPI, y, p));
    *dist = at(r, MC_FUND_DPI, y, p) * *pic;
}

static void quiet(mc_params *p) {
    hs_error err = {0};
    for (int a = 0; a < MC_HAZARD_YEARS; a++)
        p->hazard[a] = 0;
    CHECK_EQ_INT(mc_params_set(p, "birth_rate", "0", &err), HS_OK);
    CHECK_EQ_INT(mc_params_set(p, "exit_rate", "0", &err), HS_OK);
    CHECK_EQ_INT(mc_params_set(p, "exit_multiple_sigma", "0", &err), HS_OK);
}

TEST(mc_deals_exit_returns_stake_times_multiple_and_failure_writes_it_off) {
    mc_snapshot with, without;
    snapshot(&with, 3, true);
    snapshot(&without, 3, false);
    mc_params p;
    mc_params_default(&p);
    quiet(&p);
    hs_error err = {0};
    /* every firm exits in the first quarter at exactly 2x the mark */
    CHECK_EQ_INT(mc_params_set(&p, "exit_rate", "100%", &err), HS_OK);
    mc_result a = {0}, b = {0}, a3 = {0};
    run(&with, &p, 1, &a);
    run(&with, &p, 3, &a3);
    run(&without, &p, 2, &b);
    CHECK(memcmp(a.values, a3.values, (size_t)MC_METRICS * 2 * 64 * sizeof(double)) == 0);
    for (int64_t i = 0; i < a.paths; i++) {
        double pa, da, na, pb, db, nb;
        figures(&a, 1, i, &pa, &da, &na);
        figures(&b, 1, i, &pb, &db, &nb);
        CHECK(fabs(pa - pb) <= 1e-6 * pb); /* calls do not depend on deals */
        CHECK(fabs(na - nb) <= 1e-6 * nb); /* the deal left the NAV... */
        CHECK(fabs(da - db - 2 * DEAL_VALUE) <= 1e-3 * DEAL_VALUE); /* ...as 2x its mark paid */
        CHECK_EQ_INT((int)at(&a, MC_EXITS, 1, i), 3);               /* each firm exits once */
        CHECK_EQ_INT((int)at(&a, MC_EXITS, 2, i), 3);
    }
    mc_result_free(&a);
    mc_result_free(&a3);
    mc_result_free(&b);
    /* every firm fails in the first quarter: the deal is written off, nothing is paid for it */
    mc_params_default(&p);
    quiet(&p);
    for (int k = 0; k < MC_HAZARD_YEARS; k++)
        p.hazard[k] = 1;
    run(&with, &p, 2, &a);
    run(&without, &p, 2, &b);
    CHECK(memcmp(a.values, b.values, (size_t)MC_METRICS * 2 * 64 * sizeof(double)) == 0);
    mc_result_free(&a);
    mc_result_free(&b);
    /* neither: the deal stays at its mark, on top of the T–A part */
    mc_params_default(&p);
    quiet(&p);
    run(&with, &p, 2, &a);
    run(&without, &p, 2, &b);
    for (int64_t i = 0; i < a.paths; i++)
        CHECK(fabs(at(&a, MC_FUND_NAV, 2, i) - at(&b, MC_FUND_NAV, 2, i) - DEAL_VALUE) <= 1e-3);
    mc_result_free(&a);
    mc_result_free(&b);
    mc_snapshot_free(&with);
    mc_snapshot_free(&without);
}

TEST(mc_deals_exit_proceeds_recycled_by_the_funds_own_terms) {
    mc_snapshot s;
    snapshot(&s, 1, true);
    mc_params p;
    mc_params_default(&p);
    quiet(&p);
    hs_error err = {0};
    CHECK_EQ_INT(mc_params_set(&p, "exit_rate", "100%", &err), HS_OK);
    mc_result none = {0}, own = {0}, global = {0}, short_period = {0};
    run(&s, &p, 1, &none);
    s.funds[0].recycling_set = 1; /* --set model.fund_recycling.f1=50% */
    s.funds[0].recycling = 0.5;
    run(&s, &p, 2, &own);
    s.funds[0].recycling_set = 0; /* the same share as the model's default for every fund */
    CHECK_EQ_INT(mc_params_set(&p, "fund_recycling", "50%", &err), HS_OK);
    run(&s, &p, 3, &global);
    CHECK(memcmp(own.values, global.values, (size_t)MC_METRICS * 2 * 64 * sizeof(double)) == 0);
    /* the fund's own investment period (1 year, the fund being 1 year old): nothing recycled */
    s.funds[0].invest_q = 4;
    run(&s, &p, 1, &short_period);
    CHECK(memcmp(none.values, short_period.values, (size_t)MC_METRICS * 2 * 64 * sizeof(double)) ==
          0);
    for (int64_t i = 0; i < none.paths; i++) {
        double pn, dn, nn, po, d_o, no;
        figures(&none, 1, i, &pn, &dn, &nn);
        figures(&own, 1, i, &po, &d_o, &no);
        CHECK(d_o < dn); /* half the proceeds (and of T–A's payouts) stay invested */
        CHECK(no > nn);  /* what is kept stays in the NAV */
    }
    mc_result_free(&none);
    mc_result_free(&own);
    mc_result_free(&global);
    mc_result_free(&short_period);
    mc_snapshot_free(&s);
}

/* Two funds of 1亿 (20% paid in, a year old): T–A calls are not random, so each calls exactly a
 * third of its 8000万 uncalled in its second year. A fund_deployed target of 4000万 by a year on
 * counts the calls of its fund= tree only: f1 alone (group g1) falls short, f2's group g2 holds
 * f1 too (f1's mother is f2) and reaches it. */
static int8_t deployed_reached(const char *filter) {
    mc_snapshot s;
    memset(&s, 0, sizeof s);
    CHECK(date_parse("2024-06-30", &s.on));
    s.funds = calloc(2, sizeof *s.funds);
    s.n_funds = 2;
    for (size_t f = 0; f < 2; f++)
        s.funds[f] =
            (mc_fund0){.committed = 1e8, .paid_in = 2e7, .nav = 2e7, .life_q = 40, .age_q = 4};
    snprintf(s.funds[0].id, sizeof s.funds[0].id, "f1");
    snprintf(s.funds[0].group, sizeof s.funds[0].group, "g1");
    snprintf(s.funds[0].parent, sizeof s.funds[0].parent, "f2");
    snprintf(s.funds[1].id, sizeof s.funds[1].id, "f2");
    snprintf(s.funds[1].group, sizeof s.funds[1].group, "g2");
    s.targets = calloc(1, sizeof *s.targets);
    s.target_start = calloc(1, sizeof *s.target_start);
    s.target_known = calloc(1, 1);
    s.n_targets = 1;
    s.targets[0] = (target){.indicator = TARGET_FUND_DEPLOYED, .value = 4000000000LL};
    CHECK(date_parse("2025-06-30", &s.targets[0].deadline));
    snprintf(s.targets[0].filter, sizeof s.targets[0].filter, "%s", filter);
    s.target_known[0] = 1;
    mc_params p;
    mc_params_default(&p);
    hs_error err = {0};
    mc_run_options o = {.years = 2, .paths = 4, .seed = 1, .threads = 1};
    mc_result r = {0};
    CHECK_EQ_INT(mc_run(&s, &p, &o, &r, &err), HS_OK);
    int8_t v = r.reached[0];
    for (int64_t i = 1; i < r.paths; i++)
        CHECK_EQ_INT(r.reached[i], v); /* not random */
    mc_result_free(&r);
    mc_snapshot_free(&s);
    return v;
}

TEST(mc_funds_a_fund_filter_counts_its_tree_only) {
    CHECK_EQ_INT(deployed_reached("fund=g1"), 0); /* 2667万 called */
    CHECK_EQ_INT(deployed_reached("fund=g2"), 1); /* both: 5333万 */
    CHECK_EQ_INT(deployed_reached("fund=f2"), 1);
    CHECK_EQ_INT(deployed_reached("fund=nope"), 0);
}
