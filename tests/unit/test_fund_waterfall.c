/* test_fund_waterfall.c — distributions through the book equal the waterfall_* calculators:
 * European (one and several distributions), 让利, American deal by deal; fees by basis. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "fund_test_util.h"
#include "instrument/fund_deal.h"
#include "instrument/fund_dist.h"
#include "instrument/fund_lp.h"
#include "instrument/waterfall.h"

#define WAN INT64_C(1000000)

static void ok(hs_status st, const hs_error *err, int line) {
    if (st != HS_OK)
        harness_fail(__FILE__, line, "%s", err->msg);
}

/* A fund f (vintage 2020-01-01) with LPs gov (type) 3000万, s1 5000万, s2 2000万, all called, one
 * deal d of 8000万 exited at `proceeds`. */
static hs_store *setup(fund_waterfall_kind wf, int64_t concession_bp, int64_t proceeds) {
    hs_store *s = ft_book();
    fund_terms t;
    fund_terms_init(&t);
    snprintf(t.id, sizeof t.id, "f");
    snprintf(t.gp, sizeof t.gp, "gp1");
    t.size_fen = 10000 * WAN;
    t.first_phase_fen = t.size_fen;
    t.vintage = ft_day("2020-01-01");
    t.waterfall = wf;
    t.concession_bp = concession_bp;
    t.concession_gp_bp = 5000;
    hs_error err = {0};
    fund_event_result ex;
    ok(ft_end(fund_create(ft_begin(s), &t, &ex.existed, &err)), &err, __LINE__);
    ok(ft_end(fund_commit(ft_begin(s), NULL, "f", "gov", FUND_LP_GOV, NULL, 3000 * WAN, 1,
                          t.vintage, &ex, &err)),
       &err, __LINE__);
    ok(ft_end(fund_commit(ft_begin(s), NULL, "f", "s1", FUND_LP_SOCIAL, NULL, 5000 * WAN, 1,
                          t.vintage, &ex, &err)),
       &err, __LINE__);
    ok(ft_end(fund_commit(ft_begin(s), NULL, "f", "s2", FUND_LP_BANK, NULL, 2000 * WAN, 1,
                          t.vintage, &ex, &err)),
       &err, __LINE__);
    ok(ft_end(
           fund_call(ft_begin(s), "c1", "f", 10000 * WAN, ft_day("2020-01-15"), NULL, &ex, &err)),
       &err, __LINE__);
    fund_deal d;
    memset(&d, 0, sizeof d);
    snprintf(d.fund, sizeof d.fund, "f");
    snprintf(d.deal, sizeof d.deal, "d");
    snprintf(d.firm, sizeof d.firm, "firm-d");
    snprintf(d.sector, sizeof d.sector, "ai");
    snprintf(d.stage, sizeof d.stage, "growth");
    snprintf(d.city, sizeof d.city, "hefei");
    ok(ft_end(fund_invest(ft_begin(s), "i1", &d, 8000 * WAN, ft_day("2020-02-01"), &ex, &err)),
       &err, __LINE__);
    ok(ft_end(fund_exit(ft_begin(s), "e1", "f", "d", proceeds, 0, ft_day("2023-03-01"), &ex, &err)),
       &err, __LINE__);
    return s;
}

static int64_t lp_total(hs_store *s) {
    return ft_held(s, "lp/gov/cash") + ft_held(s, "lp/s1/cash") + ft_held(s, "lp/s2/cash");
}

TEST(fund_distribution_european_matches_waterfall) {
    int64_t proceeds = 25000 * WAN + 7; /* odd fen */
    hs_store *s = setup(FUND_WATERFALL_EUROPEAN, 0, proceeds);
    hs_error err = {0};
    fund_event_result ex;
    int64_t amount = 20000 * WAN + 3;
    fund_distribution dist;
    ok(ft_end(fund_distribute(ft_begin(s), "x1", "f", amount, NULL, ft_day("2023-03-02"), &dist,
                              &ex, &err)),
       &err, __LINE__);
    waterfall_terms wt = {.hurdle_bp = 800, .years = 3, .carry_bp = 2000, .catch_up_bp = 10000};
    waterfall_result wr;
    ok(waterfall_european(10000 * WAN, amount, &wt, &wr, &err), &err, __LINE__);
    CHECK_EQ_INT(dist.years, 3);
    CHECK_EQ_INT(ft_held(s, "gp/gp1/carry"), wr.gp_fen);
    /* the LPs paid 10000万 in and got back the LP column */
    CHECK_EQ_INT(lp_total(s) + 10000 * WAN, wr.lp_fen);
    CHECK_EQ_INT(dist.lp_fen + dist.gp_fen, amount);
    /* split by paid-in 3:5:2, exact */
    int64_t w[3] = {3, 5, 2}, sh[3];
    CHECK(money_allocate(wr.lp_fen, w, 3, sh));
    CHECK_EQ_INT(ft_held(s, "lp/gov/cash") + 3000 * WAN, sh[0]);
    CHECK_EQ_INT(ft_held(s, "lp/s1/cash") + 5000 * WAN, sh[1]);
    /* a second distribution: the cumulative split equals one waterfall on the total */
    int64_t more = proceeds - amount;
    ok(ft_end(fund_distribute(ft_begin(s), "x2", "f", more, NULL, ft_day("2023-06-30"), &dist, &ex,
                              &err)),
       &err, __LINE__);
    ok(waterfall_european(10000 * WAN, proceeds, &wt, &wr, &err), &err, __LINE__);
    CHECK_EQ_INT(ft_held(s, "gp/gp1/carry"), wr.gp_fen);
    CHECK_EQ_INT(lp_total(s) + 10000 * WAN, wr.lp_fen);
    CHECK_EQ_INT(ft_held(s, "fund/f/cash"), 10000 * WAN - 8000 * WAN);
    /* the fund cannot pay out more than it holds */
    CHECK_EQ_INT(ft_end(fund_distribute(ft_begin(s), "x3", "f", 2000 * WAN + 1, NULL,
                                        ft_day("2023-07-01"), &dist, &ex, &err)),
                 HS_REFUSED);
    ft_check_book(s, __LINE__);
    store_close(s);
}

TEST(fund_distribution_concession_matches_waterfall) {
    int64_t proceeds = 30000 * WAN;
    hs_store *s = setup(FUND_WATERFALL_EUROPEAN, 5000, proceeds);
    hs_error err = {0};
    fund_event_result ex;
    fund_distribution dist;
    ok(ft_end(fund_distribute(ft_begin(s), "x1", "f", proceeds, NULL, ft_day("2023-03-02"), &dist,
                              &ex, &err)),
       &err, __LINE__);
    waterfall_terms wt = {.hurdle_bp = 800, .years = 3, .carry_bp = 2000, .catch_up_bp = 10000};
    waterfall_result wr;
    ok(waterfall_european(10000 * WAN, proceeds, &wt, &wr, &err), &err, __LINE__);
    waterfall_concession_terms ct = {.gov_commitment_fen = 3000 * WAN,
                                     .social_commitment_fen = 7000 * WAN,
                                     .concession_bp = 5000,
                                     .to_gp_bp = 5000};
    waterfall_concession_result cr;
    ok(waterfall_concession(&wr, &ct, &cr, &err), &err, __LINE__);
    CHECK(cr.ceded_fen > 0);
    CHECK_EQ_INT(ft_held(s, "gp/gp1/carry"), cr.gp_fen);
    CHECK_EQ_INT(ft_held(s, "lp/gov/cash") + 3000 * WAN, cr.gov_fen);
    CHECK_EQ_INT(ft_held(s, "lp/s1/cash") + ft_held(s, "lp/s2/cash") + 7000 * WAN, cr.social_fen);
    ft_check_book(s, __LINE__);
    store_close(s);
}

TEST(fund_distribution_american_matches_waterfall) {
    int64_t proceeds = 12000 * WAN + 1;
    hs_store *s = setup(FUND_WATERFALL_AMERICAN, 0, proceeds);
    hs_error err = {0};
    fund_event_result ex;
    fund_distribution dist;
    CHECK_EQ_INT(ft_end(fund_distribute(ft_begin(s), "x0", "f", 5, NULL, ft_day("2023-03-02"),
                                        &dist, &ex, &err)),
                 HS_INPUT); /* an American fund distributes deal by deal */
    ok(ft_end(
           fund_distribute(ft_begin(s), "x1", "f", 0, "d", ft_day("2023-03-02"), &dist, &ex, &err)),
       &err, __LINE__);
    waterfall_terms wt = {.hurdle_bp = 800, .carry_bp = 2000, .catch_up_bp = 10000};
    waterfall_deal wd = {.paid_in_fen = 8000 * WAN, .proceeds_fen = proceeds, .years = 3};
    waterfall_american_result am;
    ok(waterfall_american(&wd, 1, &wt, NULL, &am, &err), &err, __LINE__);
    CHECK_EQ_INT(dist.amount_fen, proceeds);
    CHECK_EQ_INT(ft_held(s, "gp/gp1/carry"), am.gp_fen);
    CHECK_EQ_INT(lp_total(s) + 10000 * WAN, am.lp_fen);
    /* nothing left of the deal to distribute */
    CHECK_EQ_INT(ft_end(fund_distribute(ft_begin(s), "x2", "f", 0, "d", ft_day("2023-03-03"), &dist,
                                        &ex, &err)),
                 HS_REFUSED);
    ft_check_book(s, __LINE__);
    store_close(s);
}

TEST(fund_fee_by_basis_and_period) {
    hs_store *s = setup(FUND_WATERFALL_EUROPEAN, 0, 9000 * WAN);
    hs_error err = {0};
    fund_event_result ex;
    int64_t fee;
    /* investing period (vintage 2020 + 5 years): 2% of committed 1亿 for 365 days */
    ok(ft_end(fund_fee(ft_begin(s), "fee1", "f", ft_day("2021-01-01"), 365, 0, &fee, &ex, &err)),
       &err, __LINE__);
    CHECK_EQ_INT(fee, 200 * WAN);
    /* after it: 1.5%, for 91 days: 1亿 x 150bp x 91/365 = 373,972.60...-> 37,397,260 fen */
    ok(ft_end(fund_fee(ft_begin(s), "fee2", "f", ft_day("2025-04-01"), 91, 0, &fee, &ex, &err)),
       &err, __LINE__);
    CHECK_EQ_INT(fee, 37397260);
    CHECK_EQ_INT(ft_held(s, "gp/gp1/fees"), 200 * WAN + 37397260);
    ft_check_book(s, __LINE__);
    store_close(s);
}

TEST(fund_exit_loss_and_writeoff) {
    hs_store *s = setup(FUND_WATERFALL_EUROPEAN, 0, 5000 * WAN);
    CHECK_EQ_INT(ft_held(s, "fund/f/losses"), 3000 * WAN);
    CHECK_EQ_INT(ft_held(s, "fund/f/investment/d"), 0);
    hs_error err = {0};
    fund_event_result ex;
    fund_deal d;
    memset(&d, 0, sizeof d);
    snprintf(d.fund, sizeof d.fund, "f");
    snprintf(d.deal, sizeof d.deal, "w");
    snprintf(d.firm, sizeof d.firm, "firm-w");
    snprintf(d.sector, sizeof d.sector, "chips");
    snprintf(d.stage, sizeof d.stage, "seed");
    snprintf(d.city, sizeof d.city, "wuhu");
    ok(ft_end(fund_invest(ft_begin(s), "iw", &d, 1000 * WAN, ft_day("2023-04-01"), &ex, &err)),
       &err, __LINE__);
    ok(ft_end(fund_mark(ft_begin(s), "mw", "f", "w", 500 * WAN, ft_day("2023-06-30"), &ex, &err)),
       &err, __LINE__);
    ok(ft_end(fund_writeoff(ft_begin(s), "ww", "f", "w", ft_day("2023-12-31"), &ex, &err)), &err,
       __LINE__);
    CHECK_EQ_INT(ft_held(s, "fund/f/losses"), 4000 * WAN);
    CHECK_EQ_INT(
        ft_end(fund_mark(ft_begin(s), "mw2", "f", "w", 1, ft_day("2024-01-01"), &ex, &err)),
        HS_REFUSED);
    /* the fund cannot invest more cash than it holds */
    snprintf(d.deal, sizeof d.deal, "big");
    CHECK_EQ_INT(
        ft_end(fund_invest(ft_begin(s), "ib", &d, 7000 * WAN, ft_day("2024-01-02"), &ex, &err)),
        HS_REFUSED);
    /* a refused event leaves no trace in the fund tables either */
    bool found = true;
    fund_deal none;
    CHECK_EQ_INT(fund_deal_get(s, "f", "big", &none, &found, &err), HS_OK);
    CHECK(!found);
    CHECK_EQ_INT(ft_end(fund_invest(ft_begin(s), "ib", &d, 100, ft_day("2024-01-02"), &ex, &err)),
                 HS_OK);
    CHECK(!ex.existed); /* the refused id was never recorded, so it is free */
    ft_check_book(s, __LINE__);
    store_close(s);
}
