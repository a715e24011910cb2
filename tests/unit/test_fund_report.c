/* test_fund_report.c — the figures: leverage (look-through government money), 返投 ratio and
 * shortfall, NAV with marks and sub-fund positions, multiples, roll-up and exposure; selection. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fund_test_util.h"
#include "instrument/fund_deal.h"
#include "instrument/fund_dist.h"
#include "instrument/fund_lp.h"
#include "instrument/fund_report.h"
#include "instrument/fund_select.h"

#define YI INT64_C(10000000000)

static void ok(hs_status st, const hs_error *err, int line) {
    if (st != HS_OK)
        harness_fail(__FILE__, line, "%s", err->msg);
}

static void invest_on(hs_store *s, const char *fund, const char *deal, const char *sector,
                      const char *city, int64_t fen, const char *date, int line) {
    fund_deal d;
    memset(&d, 0, sizeof d);
    snprintf(d.fund, sizeof d.fund, "%s", fund);
    snprintf(d.deal, sizeof d.deal, "%s", deal);
    snprintf(d.firm, sizeof d.firm, "firm-%s", deal);
    snprintf(d.sector, sizeof d.sector, "%s", sector);
    snprintf(d.stage, sizeof d.stage, "early");
    snprintf(d.city, sizeof d.city, "%s", city);
    snprintf(d.region, sizeof d.region, "%s", strcmp(city, "hefei") == 0 ? "anhui" : "jiangsu");
    hs_error err = {0};
    fund_event_result ex;
    ok(ft_end(fund_invest(ft_begin(s), NULL, &d, fen, ft_day(date), &ex, &err)), &err, line);
}

static void invest(hs_store *s, const char *fund, const char *deal, const char *sector,
                   const char *city, int64_t fen, int line) {
    invest_on(s, fund, deal, sector, city, fen, "2024-06-01", line);
}

/* mother m (gov 10亿) -> sub s (m 2亿 = 20%, social 8亿; 返投 1.2x in anhui) */
static hs_store *tree(void) {
    hs_store *s = ft_book();
    hs_error err = {0};
    fund_event_result ex;
    fund_terms t;
    fund_terms_init(&t);
    snprintf(t.id, sizeof t.id, "m");
    snprintf(t.gp, sizeof t.gp, "gpm");
    snprintf(t.group, sizeof t.group, "grp");
    t.size_fen = t.first_phase_fen = 10 * YI;
    t.vintage = ft_day("2024-01-01");
    ok(ft_end(fund_create(ft_begin(s), &t, &ex.existed, &err)), &err, __LINE__);
    snprintf(t.id, sizeof t.id, "s");
    snprintf(t.gp, sizeof t.gp, "gps");
    snprintf(t.parent, sizeof t.parent, "m");
    snprintf(t.region, sizeof t.region, "anhui");
    t.reinvest_bp = 12000;
    t.parent_cap_bp = 2000;
    t.gov_cap_bp = 5000;
    ok(ft_end(fund_create(ft_begin(s), &t, &ex.existed, &err)), &err, __LINE__);
    hs_date d = ft_day("2024-01-02");
    ok(ft_end(
           fund_commit(ft_begin(s), NULL, "m", "gov", FUND_LP_GOV, NULL, 10 * YI, 1, d, &ex, &err)),
       &err, __LINE__);
    /* the parent cap: 20% of 10亿 */
    CHECK_EQ_INT(ft_end(fund_commit(ft_begin(s), NULL, "s", "m", FUND_LP_FUND, NULL, 2 * YI + 1, 1,
                                    d, &ex, &err)),
                 HS_REFUSED);
    ok(ft_end(
           fund_commit(ft_begin(s), NULL, "s", "m", FUND_LP_FUND, NULL, 2 * YI, 1, d, &ex, &err)),
       &err, __LINE__);
    ok(ft_end(fund_commit(ft_begin(s), NULL, "s", "soc", FUND_LP_SOCIAL, NULL, 8 * YI, 1, d, &ex,
                          &err)),
       &err, __LINE__);
    ok(ft_end(fund_call(ft_begin(s), "mc", "m", 2 * YI, ft_day("2024-02-01"), NULL, &ex, &err)),
       &err, __LINE__);
    ok(ft_end(fund_call(ft_begin(s), "sc", "s", 5 * YI, ft_day("2024-03-01"), NULL, &ex, &err)),
       &err, __LINE__);
    invest(s, "s", "a", "ai", "hefei", 1 * YI, __LINE__);
    invest(s, "s", "b", "robotics", "suzhou", 2 * YI, __LINE__);
    invest(s, "m", "c", "ai", "hefei", YI / 2, __LINE__);
    ok(ft_end(fund_mark(ft_begin(s), NULL, "s", "a", 3 * YI, ft_day("2024-12-31"), &ex, &err)),
       &err, __LINE__);
    return s;
}

TEST(fund_report_leverage_and_reinvestment) {
    hs_store *s = tree();
    hs_error err = {0};
    fund_report r;
    ok(fund_report_build(s, "grp", ft_day("2024-12-31"), 0, FUND_BY_SECTOR, &r, &err), &err,
       __LINE__);
    CHECK_EQ_INT(r.n, 2);
    CHECK(r.is_group);
    const fund_figures *m = &r.funds[0], *sub = &r.funds[1];
    CHECK_EQ_STR(m->t.id, "m");
    /* the sub-fund's government money is the mother's commitment (the mother is all government) */
    CHECK_EQ_INT(sub->gov_money_fen, 2 * YI);
    CHECK(fabs(sub->leverage - 5.0) < 1e-12);
    CHECK(fabs(sub->social_per_gov - 4.0) < 1e-12);
    /* 返投: 1.2 x 2亿 = 2.4亿 required; local = deal a in hefei (anhui) 1亿 */
    CHECK_EQ_INT(sub->required_fen, 24 * YI / 10);
    CHECK_EQ_INT(sub->local_fen, 1 * YI);
    CHECK_EQ_INT(sub->shortfall_fen, 14 * YI / 10);
    /* NAV of the sub-fund: cash 5 - 3 = 2亿, deals 3亿 (marked) + 2亿 (cost) */
    CHECK_EQ_INT(sub->nav_fen, 7 * YI);
    CHECK_EQ_INT(sub->called_fen, 5 * YI);
    CHECK_EQ_INT(sub->tvpi.num, 7 * YI);
    CHECK_EQ_INT(sub->tvpi.den, 5 * YI);
    /* the mother paid 1亿 into the sub-fund (20% of 5亿) and holds 20% of its NAV */
    CHECK_EQ_INT(m->into_subs_fen, 1 * YI);
    CHECK_EQ_INT(m->sub_value_fen, 14 * YI / 10);
    CHECK_EQ_INT(m->nav_fen, (2 * YI - 1 * YI - YI / 2) + YI / 2 + 14 * YI / 10);
    /* group: sizes 20亿 / government 10亿; committed from outside: 10 + 8 = 18亿 */
    CHECK_EQ_INT(r.size_total_fen, 20 * YI);
    CHECK_EQ_INT(r.external_gov_fen, 10 * YI);
    CHECK_EQ_INT(r.external_committed_fen, 18 * YI);
    CHECK(fabs(r.leverage_size - 2.0) < 1e-12);
    CHECK(fabs(r.leverage_external - 1.8) < 1e-12);
    /* exposure by sector: ai = a (3亿 marked) + c (0.5亿); robotics 2亿 */
    CHECK_EQ_INT(r.n_exposure, 2);
    CHECK_EQ_STR(r.exposure[0].key, "ai");
    CHECK(fabs(r.exposure[0].value_fen - 3.5 * YI) < 1);
    CHECK(fabs(r.exposure[1].value_fen - 2.0 * YI) < 1);
    fund_report_free(&r);
    /* rooted at the mother: the sub-fund's deals weigh by the mother's 20% */
    ok(fund_report_build(s, "m", ft_day("2024-12-31"), 0, FUND_BY_SECTOR, &r, &err), &err,
       __LINE__);
    CHECK(!r.is_group);
    CHECK_EQ_STR(r.exposure[0].key, "ai");
    CHECK(fabs(r.exposure[0].value_fen - (0.2 * 3 * YI + 0.5 * YI)) < 1);
    fund_report_free(&r);
    ft_check_book(s, __LINE__);
    store_close(s);
}

TEST(fund_report_irr_of_a_simple_fund) {
    hs_store *s = ft_book();
    hs_error err = {0};
    fund_event_result ex;
    ft_fund(s, "x", 100 * YI, "2020-01-01", "", __LINE__);
    ok(ft_end(fund_commit(ft_begin(s), NULL, "x", "a", FUND_LP_SOCIAL, NULL, 10000, 1,
                          ft_day("2020-01-01"), &ex, &err)),
       &err, __LINE__);
    ok(ft_end(fund_call(ft_begin(s), "c", "x", 10000, ft_day("2020-01-01"), NULL, &ex, &err)), &err,
       __LINE__);
    /* cash stays in the fund: NAV 10000 one year later -> IRR 0; then a 21% gain exited */
    invest_on(s, "x", "d", "ai", "hefei", 10000, "2020-01-02", __LINE__);
    ok(ft_end(fund_exit(ft_begin(s), NULL, "x", "d", 12100, 0, ft_day("2022-01-01"), &ex, &err)),
       &err, __LINE__);
    fund_figures f;
    ok(fund_figures_get(s, "x", ft_day("2022-01-01"), 0, &f, &err), &err, __LINE__);
    CHECK(f.irr_ok);
    /* -10000 on 2020-01-01, +12100 on 2022-01-01 (731 days) */
    CHECK(fabs(f.irr - (pow(1.21, 365.0 / 731.0) - 1)) < 1e-9);
    CHECK_EQ_INT(f.gains_fen, 2100);
    /* as of a date before the exit the running totals would be wrong: refused, naming as_of */
    CHECK_EQ_INT(fund_figures_get(s, "x", ft_day("2021-06-30"), 0, &f, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "as_of");
    store_close(s);
}

TEST(fund_select_rules_and_ranking) {
    const char *path = "/tmp/huoshui-test-candidates.csv";
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f == NULL)
        return;
    fputs("manager,kind,paid_in,aum,senior_staff,fund_size\n"
          "alpha,industry,5000万,60亿,6,10亿\n"
          "beta,industry,1000万,20亿,3,8亿\n"
          "gamma,venture,999万,5亿,4,2亿\n"
          "delta,venture,2000万,1亿,3,11亿\n"
          "eps,venture,2000万,2亿,5,3亿\n",
          f);
    fclose(f);
    fund_candidate *c;
    size_t n;
    hs_error err = {0};
    ok(fund_select_read(path, &c, &n, &err), &err, __LINE__);
    CHECK_EQ_INT(n, 5);
    fund_select_evaluate(c, n);
    CHECK(c[0].eligible && c[1].eligible && c[4].eligible);
    CHECK(!c[2].eligible && strstr(c[2].reasons, "manager-paid-in") != NULL);
    CHECK(!c[3].eligible && strstr(c[3].reasons, "sub-fund-size") != NULL);
    /* alpha: AUM 3x threshold -> 30, staff 18, paid-in 5 x 4 = 20 -> 68 */
    CHECK(fabs(c[0].score - 68.0) < 1e-9);
    CHECK_EQ_INT(c[0].rank, 1);
    /* eps: AUM 2x -> 20, staff 15, paid-in 8 -> 43; beta: 10 + 9 + 4 = 23 */
    CHECK_EQ_INT(c[4].rank, 2);
    CHECK_EQ_INT(c[1].rank, 3);
    free(c);
    /* bad input names file, line and field */
    f = fopen(path, "w");
    fputs("manager,kind,paid_in,aum,senior_staff,fund_size\nzeta,bank,1,1,1,1\n", f);
    fclose(f);
    CHECK_EQ_INT(fund_select_read(path, &c, &n, &err), HS_INPUT);
    CHECK(strstr(err.msg, ":2: field 'kind'") != NULL);
    remove(path);
}

/* The candidates file is CSV with quoting: quoted amounts with thousands separators, a quoted note
 * holding commas and quotes and longer than the old reader's 4,096-byte lines, comment and blank
 * lines, CRLF; a line number in errors is the record's first line. */
TEST(fund_select_reads_quoted_csv) {
    const char *path = "/tmp/huoshui-test-candidates-quoted.csv";
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f == NULL)
        return;
    fputs("# candidates, 2024 round\r\n"
          "manager,kind,paid_in,aum,senior_staff,fund_size,note\r\n"
          "\r\n"
          "alpha,industry,\"5,000万\",60亿,6,10亿,\"a note, with \"\"quotes\"\"\"\r\n"
          "beta,industry,1000万,20亿,3,8亿,\"",
          f);
    for (int i = 0; i < 900; i++)
        fputs("long,", f);
    fputs("\"\r\n", f);
    fclose(f);
    fund_candidate *c = NULL;
    size_t n = 0;
    hs_error err = {0};
    ok(fund_select_read(path, &c, &n, &err), &err, __LINE__);
    CHECK_EQ_INT(n, 2);
    if (n == 2) {
        CHECK(strcmp(c[0].manager, "alpha") == 0 && strcmp(c[1].manager, "beta") == 0);
        CHECK_EQ_INT(c[0].paid_in_fen, 5000 * INT64_C(1000000));
        CHECK_EQ_INT(c[0].line, 4);
        CHECK_EQ_INT(c[1].line, 5);
    }
    free(c);
    f = fopen(path, "w");
    CHECK(f != NULL);
    if (f == NULL)
        return;
    fputs("manager,kind,paid_in,aum,senior_staff,fund_size\n"
          "\"multi\nline\",industry,1,1,1,1\n",
          f);
    fclose(f);
    CHECK_EQ_INT(fund_select_read(path, &c, &n, &err), HS_INPUT);
    if (strstr(err.msg, ":2: field 'manager'") == NULL)
        harness_fail(__FILE__, __LINE__, "message: %s", err.msg);
    remove(path);
}
