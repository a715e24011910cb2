/* test_interest.c — interest subsidies (贴息): periods, principal-days over repayments and a
 * default, the one rounding (half away from zero), and an accrual on an in-memory book: exact
 * figures, a period paid once, a budget that can't pay the period leaving nothing behind, and
 * store_check / interest_verify clean afterwards. */
#include "harness.h"

#include <string.h>

#include "base/money.h"
#include "instrument/credit_loan.h"
#include "instrument/interest.h"
#include "instrument/interest_verify.h"
#include "instrument/programme.h"
#include "store/book.h"
#include "store/store.h"

static hs_date day(int y, int m, int d) {
    return date_from_ymd(y, m, d);
}

TEST(interest_period_parse_months_and_quarters) {
    interest_period p;
    CHECK(interest_period_parse("2024-02", &p));
    CHECK_EQ_INT(p.first, day(2024, 2, 1));
    CHECK_EQ_INT(p.last, day(2024, 2, 29)); /* leap year */
    CHECK(interest_period_parse("2024Q4", &p));
    CHECK_EQ_INT(p.first, day(2024, 10, 1));
    CHECK_EQ_INT(p.last, day(2024, 12, 31));
    CHECK(interest_period_parse("2025Q1", &p));
    CHECK_EQ_INT(date_diff_days(p.first, p.last) + 1, 90);
    const char *bad[] = {"2024-13", "2024-00",  "2024Q5", "2024Q0",  "24-05", "2024-5",
                         "2024/05", "2024-05x", "",       "abcd-01", "2024q1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(!interest_period_parse(bad[i], &p));
    CHECK(!interest_period_parse(NULL, &p));
}

TEST(interest_principal_days_follow_the_repayments) {
    /* 500万 from 04-08, 1,995,068.49 repaid on 05-20: May = 19 x 5e8 + 12 x 300,493,151 fen */
    interest_step steps[] = {{day(2024, 4, 8), 500000000}, {day(2024, 5, 20), -199506849}};
    int64_t pd;
    int32_t days;
    hs_date f, t;
    CHECK(interest_principal_days(steps, 2, day(2024, 5, 1), day(2024, 5, 31), 0, &pd, &days, &f,
                                  &t));
    CHECK_EQ_INT(pd, 19 * INT64_C(500000000) + 12 * INT64_C(300493151));
    CHECK_EQ_INT(days, 31);
    CHECK_EQ_INT(f, day(2024, 5, 1));
    CHECK_EQ_INT(t, day(2024, 5, 31));
    /* disbursed mid-period: counted from the disbursement day */
    interest_step late[] = {{day(2024, 5, 10), 100000000}};
    CHECK(
        interest_principal_days(late, 1, day(2024, 5, 1), day(2024, 5, 31), 0, &pd, &days, &f, &t));
    CHECK_EQ_INT(days, 22);
    CHECK_EQ_INT(f, day(2024, 5, 10));
    /* a default on 05-16 stops the count that day */
    CHECK(interest_principal_days(late, 1, day(2024, 5, 1), day(2024, 5, 31), day(2024, 5, 16), &pd,
                                  &days, &f, &t));
    CHECK_EQ_INT(days, 6);
    CHECK_EQ_INT(t, day(2024, 5, 15));
    /* repaid in full on 05-12: nothing from that day */
    interest_step paid[] = {{day(2024, 5, 10), 100000000}, {day(2024, 5, 12), -100000000}};
    CHECK(
        interest_principal_days(paid, 2, day(2024, 5, 1), day(2024, 5, 31), 0, &pd, &days, &f, &t));
    CHECK_EQ_INT(days, 2);
    CHECK_EQ_INT(pd, 200000000);
    /* a loan repaid before the period: nothing at all */
    CHECK(
        interest_principal_days(paid, 2, day(2024, 6, 1), day(2024, 6, 30), 0, &pd, &days, &f, &t));
    CHECK_EQ_INT(days, 0);
    CHECK_EQ_INT(f, 0);
    /* repaying more than was lent is refused, never a negative subsidy */
    interest_step over[] = {{day(2024, 5, 10), 100}, {day(2024, 5, 11), -101}};
    CHECK(!interest_principal_days(over, 2, day(2024, 5, 1), day(2024, 5, 31), 0, &pd, &days, &f,
                                   &t));
}

TEST(interest_subsidy_rounds_once_half_away_from_zero) {
    int64_t fen;
    CHECK(interest_subsidy_fen(13105917812, 150, &fen));
    CHECK_EQ_INT(fen, 538599); /* 538,599.36 -> 5,385.99 CNY */
    /* exactly half a fen rounds up: 1,825,000 fen-days x 1bp / 3,650,000 = 0.5 */
    CHECK(interest_subsidy_fen(1825000, 1, &fen));
    CHECK_EQ_INT(fen, 1);
    CHECK(interest_subsidy_fen(1824999, 1, &fen));
    CHECK_EQ_INT(fen, 0);
    CHECK(interest_subsidy_fen(0, 150, &fen));
    CHECK_EQ_INT(fen, 0);
    CHECK(!interest_subsidy_fen(-1, 150, &fen));
    CHECK(!interest_subsidy_fen(1, -1, &fen));
    /* one rounding, not one per day: 31 days of 1 fen-day each at 150bp is 0, not 31 x 0 */
    CHECK(interest_subsidy_fen(INT64_C(31) * 10000000, 150, &fen));
    CHECK_EQ_INT(fen, 12740); /* 3.1e8 x 150 / 3.65e6 = 12,739.73 */
}

static const char POLICY[] =
    "policy t.interest version 1\n"
    "title zh \"贴息\" en \"Interest subsidy\"\n"
    "instrument credit\n"
    "budget \"budget/js/interest\"\n"
    "valid 2024-01-01 .. 2024-12-31\n"
    "source \"test\"\n"
    "param cap: rate = 150bp\n"
    "input loan_rate: rate\n"
    "input unsecured_share: rate\n"
    "rule unsecured \"clause: 信用\": unsecured_share >= 50%\n"
    "amount \"clause: 最高1.5个百分点\": yuan(10000) * min(loan_rate, cap)\n";

#define FIRM "913202117000100150"

static hs_store *book(int64_t budget_fen) {
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK) {
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
        return NULL;
    }
    hs_clock clock = {.today_fixed = true, .today = day(2024, 1, 2)};
    store_use_clock(s, &clock);
    programme prog = {.id = "js", .created_date = day(2024, 1, 2)};
    CHECK_EQ_INT(programme_create(s, &prog, &err), HS_OK);
    CHECK_EQ_INT(programme_fund(s, "js", "interest", budget_fen, day(2024, 1, 10), NULL, &err),
                 HS_OK);
    hs_tx tx;
    CHECK_EQ_INT(hs_tx_begin(s, &tx, &err), HS_OK);
    credit_product prod = {.id = "XKD",
                           .bank = "BOC-WX",
                           .name = "锡科贷",
                           .rate_bp = 300,
                           .term_months = 12,
                           .period_months = 1,
                           .ceiling_fen = INT64_C(500000000),
                           .unsecured = true,
                           .repayment = CREDIT_BULLET,
                           .created_date = day(2024, 1, 2)};
    CHECK_EQ_INT(credit_product_create(&tx, &prod, NULL, &err), HS_OK);
    credit_loan_request req = {.id = "L1",
                               .product = "XKD",
                               .firm = FIRM,
                               .amount_fen = INT64_C(500000000),
                               .approved_date = day(2024, 4, 2),
                               .pool = "",
                               .unsecured_bp = -1,
                               .first_loan = -1,
                               .rate_bp = -1};
    CHECK_EQ_INT(credit_loan_create(&tx, &req, NULL, &err), HS_OK);
    CHECK_EQ_INT(credit_loan_disburse(&tx, "L1", day(2024, 4, 8), NULL, &err), HS_OK);
    credit_repayment_result r;
    CHECK_EQ_INT(credit_loan_repay(&tx, "L1", 200000000, day(2024, 5, 20), "L1-pre", &r, &err),
                 HS_OK);
    instrument_policy ip;
    CHECK_EQ_INT(instrument_policy_from_text("t.policy", POLICY, sizeof POLICY - 1, HS_INSTR_CREDIT,
                                             &ip, &err),
                 HS_OK);
    CHECK_EQ_INT(interest_scheme_create(&tx, &ip, "S", INTEREST_PAY_FIRM, day(2024, 1, 10), NULL,
                                        NULL, &err),
                 HS_OK);
    instrument_policy_free(&ip);
    CHECK_EQ_INT(hs_tx_commit(&tx, &err), HS_OK);
    return s;
}

static hs_status accrue(hs_store *s, hs_date today, const char *period, interest_result *out,
                        hs_error *err) {
    hs_clock clock = {.today_fixed = true, .today = today};
    store_use_clock(s, &clock);
    hs_tx tx;
    hs_status st = hs_tx_begin(s, &tx, err);
    if (st != HS_OK)
        return st;
    st = interest_accrue(&tx, "S", period, NULL, NULL, out, err);
    if (st == HS_OK)
        return hs_tx_commit(&tx, err);
    hs_tx_rollback(&tx);
    return st;
}

static int64_t balance(hs_store *s, const char *name) {
    hs_account a;
    bool found = false;
    hs_error err = {0};
    CHECK_EQ_INT(store_account_by_name(s, name, &a, &found, &err), HS_OK);
    CHECK(found);
    return account_held_fen(&a);
}

TEST(interest_accrue_pays_a_period_once_and_exactly) {
    hs_store *s = book(INT64_C(10000000));
    if (s == NULL)
        return;
    hs_error err = {0};
    interest_result r;
    CHECK_EQ_INT(accrue(s, day(2024, 5, 31), "2024-05", &r, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "period_open");
    interest_result_free(&r);
    CHECK_EQ_INT(accrue(s, day(2024, 6, 1), "2024-05", &r, &err), HS_OK);
    CHECK_EQ_INT(r.n, 1);
    CHECK(!r.existed);
    if (r.n == 1) {
        /* the 200万 repaid on 05-20 paid 42 days' interest first (17,260.27), so 1,982,739.73
         * principal: 19 days of 500万, 12 of 3,017,260.27 */
        CHECK_EQ_INT(r.rows[0].principal_days_fen,
                     19 * INT64_C(500000000) + 12 * INT64_C(301726027));
        CHECK_EQ_INT(r.rows[0].rate_bp, 150);
        CHECK_EQ_INT(r.rows[0].amount_fen, 539207); /* 539,207.36 */
        CHECK_EQ_STR(r.rows[0].payee_account, "firm/" FIRM "/cash");
    }
    interest_result_free(&r);
    int64_t budget = balance(s, "budget/js/interest");
    CHECK_EQ_INT(budget, INT64_C(10000000) - 539207);
    CHECK_EQ_INT(accrue(s, day(2024, 6, 5), "2024-05", &r, &err), HS_OK);
    CHECK(r.existed);
    CHECK_EQ_INT(r.run.total_fen, 539207);
    interest_result_free(&r);
    CHECK_EQ_INT(balance(s, "budget/js/interest"), budget); /* nothing twice */
    /* the quarter holding May shares its days: refused, nothing paid */
    CHECK_EQ_INT(accrue(s, day(2024, 7, 1), "2024Q2", &r, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "period_overlaps");
    interest_result_free(&r);
    CHECK_EQ_INT(balance(s, "budget/js/interest"), budget);
    /* June alone does not */
    CHECK_EQ_INT(accrue(s, day(2024, 7, 1), "2024-06", &r, &err), HS_OK);
    CHECK(r.run.total_fen > 0);
    budget -= r.run.total_fen;
    interest_result_free(&r);
    /* 2025-01 is past the policy's end: the loan is counted, nothing is paid */
    CHECK_EQ_INT(accrue(s, day(2025, 2, 1), "2025-01", &r, &err), HS_OK);
    CHECK_EQ_INT(r.run.total_fen, 0);
    CHECK_EQ_INT(r.n, 1);
    if (r.n == 1)
        CHECK(strstr(r.rows[0].clause, "not in force") != NULL);
    interest_result_free(&r);
    store_check_report rep;
    CHECK_EQ_INT(store_check(s, &rep, &err), HS_OK);
    CHECK(rep.ok);
    interest_verify_report vr;
    CHECK_EQ_INT(interest_verify(s, &vr, &err), HS_OK);
    CHECK(vr.ok);
    store_close(s);
}

TEST(interest_accrue_beyond_the_budget_leaves_nothing) {
    hs_store *s = book(100000); /* 1,000 CNY: June's 3,720 does not fit */
    if (s == NULL)
        return;
    hs_error err = {0};
    interest_result r;
    CHECK_EQ_INT(accrue(s, day(2024, 7, 1), "2024-06", &r, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "exceeds_credits");
    interest_result_free(&r);
    CHECK_EQ_INT(balance(s, "budget/js/interest"), 100000);
    bool found = true;
    CHECK_EQ_INT(interest_period_get(s, "S", "2024-06", &r, &found, &err), HS_OK);
    CHECK(!found);
    interest_result_free(&r);
    store_close(s);
}
