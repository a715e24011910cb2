/* test_credit.c — bank credit and the risk-compensation pool: schedules exact to the fen, the claim
 * rule (shares, per-loan and per-bank-year caps, partial payment against the pool balance),
 * recoveries returned pro rata, the loan state machine's refusals, and the 5-working-day check,
 * all on an in-memory book that must pass store_check afterwards. */
#include "harness.h"

#include <stdlib.h>
#include <unistd.h>

#include "base/money.h"
#include "instrument/credit_pool.h"
#include "instrument/programme.h"
#include "ledger/transfer_codec.h"
#include "ops/credit_ops.h"
#include "store/book.h"
#include "store/sqlite/sqlite_store.h" /* only to tamper with a book on purpose */
#include "store/store.h"

#define WAN(x) ((int64_t)(x)*10000 * 100) /* x万 in fen */

static hs_date day(int y, int m, int d) {
    return date_from_ymd(y, m, d);
}

TEST(credit_schedule_equal_principal_adds_up_to_the_fen) {
    credit_instalment s[CREDIT_INSTALMENTS_MAX];
    size_t n;
    hs_error err = {0};
    CHECK_EQ_INT(credit_schedule(WAN(500), 300, day(2024, 4, 10), 12, 1, CREDIT_EQUAL_PRINCIPAL, s,
                                 CREDIT_INSTALMENTS_MAX, &n, &err),
                 HS_OK);
    CHECK_EQ_INT(n, 12);
    CHECK_EQ_INT(s[0].principal_fen, 41666666);  /* floor(5e8 / 12) */
    CHECK_EQ_INT(s[11].principal_fen, 41666674); /* the last absorbs the 8 fen */
    CHECK_EQ_INT(s[0].interest_fen, 1232877);    /* 500万 x 3% x 30/365 = 12,328.767 */
    CHECK_EQ_INT(s[0].days, 30);
    CHECK_EQ_INT(s[11].outstanding_after_fen, 0);
    CHECK_EQ_INT(s[11].date, day(2025, 4, 10));
    /* property: any principal, any term and period: the instalments add up exactly */
    srand(7);
    for (int i = 0; i < 3000; i++) {
        int64_t p = 1 + (int64_t)rand() * 7919 % INT64_C(100000000000);
        int32_t term = 1 + rand() % 120, period = 1 + rand() % term;
        credit_repayment m = rand() % 2 ? CREDIT_BULLET : CREDIT_EQUAL_PRINCIPAL;
        if (credit_schedule(p, rand() % 2000, day(2024, 1, 31), term, period, m, s,
                            CREDIT_INSTALMENTS_MAX, &n, &err) != HS_OK) {
            CHECK(false);
            break;
        }
        int64_t sum = 0;
        for (size_t k = 0; k < n; k++) {
            sum += s[k].principal_fen;
            CHECK(s[k].interest_fen >= 0 && s[k].days > 0);
            if (m == CREDIT_EQUAL_PRINCIPAL && k + 1 < n)
                CHECK_EQ_INT(s[k].principal_fen, p / (int64_t)n);
        }
        CHECK_EQ_INT(sum, p);
        CHECK_EQ_INT(s[n - 1].date, date_add_months(day(2024, 1, 31), term));
    }
}

TEST(credit_schedule_bullet_and_bad_input) {
    credit_instalment s[CREDIT_INSTALMENTS_MAX];
    size_t n;
    hs_error err = {0};
    CHECK_EQ_INT(credit_schedule(WAN(200), 300, day(2024, 1, 31), 12, 3, CREDIT_BULLET, s,
                                 CREDIT_INSTALMENTS_MAX, &n, &err),
                 HS_OK);
    CHECK_EQ_INT(n, 4);
    CHECK_EQ_INT(s[0].principal_fen, 0);
    CHECK_EQ_INT(s[3].principal_fen, WAN(200));
    CHECK_EQ_INT(s[0].date, day(2024, 4, 30)); /* Jan 31 + 3 months, clamped */
    int64_t i;
    CHECK(credit_interest_act365(WAN(200), 300, s[0].days, &i));
    CHECK_EQ_INT(s[0].interest_fen, i);
    CHECK_EQ_INT(credit_schedule(0, 300, 0, 12, 1, CREDIT_BULLET, s, 600, &n, &err), HS_INPUT);
    CHECK_EQ_INT(credit_schedule(100, -1, 0, 12, 1, CREDIT_BULLET, s, 600, &n, &err), HS_INPUT);
    CHECK_EQ_INT(credit_schedule(100, 300, 0, 0, 1, CREDIT_BULLET, s, 600, &n, &err), HS_INPUT);
    CHECK_EQ_INT(credit_schedule(100, 300, 0, 12, 13, CREDIT_BULLET, s, 600, &n, &err), HS_INPUT);
    CHECK_EQ_INT(credit_schedule(100, 300, 0, 601, 1, CREDIT_BULLET, s, 600, &n, &err), HS_INPUT);
    /* a schedule running past the calendar's range is bad input, not a crash (found by fuzz) */
    CHECK_EQ_INT(credit_schedule(100, 300, day(2999, 1, 1), 24, 1, CREDIT_BULLET, s, 600, &n, &err),
                 HS_INPUT);
    CHECK_EQ_INT(credit_schedule(100, 300, INT32_MAX, 12, 1, CREDIT_BULLET, s, 600, &n, &err),
                 HS_INPUT);
    /* 1 fen over 12 months: 0 fen each, the last takes it */
    CHECK_EQ_INT(credit_schedule(1, 300, 0, 12, 1, CREDIT_EQUAL_PRINCIPAL, s, 600, &n, &err),
                 HS_OK);
    CHECK_EQ_INT(s[11].principal_fen, 1);
}

TEST(credit_claim_shares_and_caps) {
    credit_pool_params p;
    credit_pool_params_default(&p);
    credit_claim_decision d;
    hs_error err = {0};
    /* 50%: a loan not first and < 70% unsecured */
    CHECK_EQ_INT(credit_claim_decide(&p, 6000, false, WAN(100), 0, WAN(4000), true, &d, &err),
                 HS_OK);
    CHECK_EQ_INT(d.share_bp, 5000);
    CHECK_EQ_INT(d.paid_fen, WAN(50));
    /* 70%: >= 70% unsecured (the threshold itself counts) */
    CHECK_EQ_INT(credit_claim_decide(&p, 7000, false, WAN(100), 0, WAN(4000), true, &d, &err),
                 HS_OK);
    CHECK_EQ_INT(d.share_bp, 7000);
    CHECK_EQ_INT(d.paid_fen, WAN(70));
    /* 90%: first loan, whatever the security */
    CHECK_EQ_INT(credit_claim_decide(&p, 0, true, WAN(100), 0, WAN(4000), true, &d, &err), HS_OK);
    CHECK_EQ_INT(d.share_bp, 9000);
    CHECK_EQ_INT(d.paid_fen, WAN(90));
    CHECK_EQ_STR(d.rule, "first-loan 90%");
    /* per-loan cap 300万: 90% of 500万 = 450万 -> 300万 */
    CHECK_EQ_INT(credit_claim_decide(&p, 10000, true, WAN(500), 0, WAN(4000), true, &d, &err),
                 HS_OK);
    CHECK_EQ_INT(d.entitled_fen, WAN(450));
    CHECK_EQ_INT(d.paid_fen, WAN(300));
    /* rounding: half away from zero, to the fen */
    CHECK_EQ_INT(credit_claim_decide(&p, 0, false, 3, 0, WAN(1), true, &d, &err), HS_OK);
    CHECK_EQ_INT(d.paid_fen, 2); /* 1.5 fen -> 2 */
    /* per-bank annual cap: 500万 a year, 450万 already paid this year -> 50万 left */
    p.cap_per_bank_year_fen = WAN(500);
    CHECK_EQ_INT(
        credit_claim_decide(&p, 10000, false, WAN(200), WAN(450), WAN(4000), true, &d, &err),
        HS_OK);
    CHECK_EQ_INT(d.bank_year_room_fen, WAN(50));
    CHECK_EQ_INT(d.paid_fen, WAN(50));
    CHECK_EQ_INT(
        credit_claim_decide(&p, 10000, false, WAN(200), WAN(500), WAN(4000), true, &d, &err),
        HS_REFUSED);
    CHECK(strstr(err.msg, "annual cap") != NULL);
    /* no loss: refused */
    CHECK_EQ_INT(credit_claim_decide(&p, 0, false, 0, 0, WAN(4000), true, &d, &err), HS_REFUSED);
    /* parameters are validated */
    p.base_share_bp = 10001;
    CHECK_EQ_INT(credit_pool_params_validate(&p, &err), HS_INPUT);
}

TEST(credit_claim_partial_against_pool_balance) {
    credit_pool_params p;
    credit_pool_params_default(&p);
    credit_claim_decision d;
    hs_error err = {0};
    CHECK_EQ_INT(credit_claim_decide(&p, 10000, false, WAN(100), 0, WAN(30), true, &d, &err),
                 HS_OK);
    CHECK_EQ_INT(d.capped_fen, WAN(70));
    CHECK_EQ_INT(d.paid_fen, WAN(30));
    CHECK_EQ_INT(d.shortfall_fen, WAN(40));
    CHECK_EQ_INT(credit_claim_decide(&p, 10000, false, WAN(100), 0, WAN(30), false, &d, &err),
                 HS_REFUSED);
    CHECK_EQ_INT(credit_claim_decide(&p, 10000, false, WAN(100), 0, 0, true, &d, &err), HS_REFUSED);
    CHECK(strstr(err.msg, "empty") != NULL);
}

TEST(credit_recovery_pro_rata_never_drifts) {
    int64_t share;
    /* paid 300万 of a 359.501142万 base: each yuan recovered returns 300/359.5... */
    CHECK(credit_recovery_pool_share(WAN(300), 359501142, 0, WAN(100), 0, &share));
    CHECK_EQ_INT(share, 83448970);
    /* 1 fen paid of a 3 fen base, recovered 1 fen at a time: 0, 1, 0 — total = paid */
    int64_t returned = 0;
    for (int i = 0; i < 3; i++) {
        CHECK(credit_recovery_pool_share(1, 3, i, 1, returned, &share));
        returned += share;
    }
    CHECK_EQ_INT(returned, 1);
    /* many small recoveries add up to the same as one big one */
    srand(11);
    for (int t = 0; t < 200; t++) {
        int64_t base = 1 + rand() % 10000000, paid = rand() % (base + 1), got = 0, back = 0;
        while (got < base) {
            int64_t r = 1 + rand() % (base / 7 + 1);
            if (r > base - got)
                r = base - got;
            CHECK(credit_recovery_pool_share(paid, base, got, r, back, &share));
            CHECK(share >= 0);
            got += r;
            back += share;
            CHECK(back <= paid);
        }
        CHECK_EQ_INT(back, paid);
    }
    CHECK(!credit_recovery_pool_share(10, 100, 90, 11, 0, &share)); /* beyond the base */
    CHECK(!credit_recovery_pool_share(10, 0, 0, 1, 0, &share));
}

/* ---- an in-memory book ---- */

/* The operations context of a test book (system clock; dates are always given). */
static hs_ctx ctx_of(hs_store *s) {
    hs_clock clock = hs_clock_system();
    return ops_ctx(s, &clock, test_principal(), ".");
}

static hs_status pool_create(hs_store *s, const credit_pool *p, hs_error *err) {
    hs_ctx c = ctx_of(s);
    return credit_ops_pool_create(&c, p, err);
}
static hs_status pool_fund(hs_store *s, const char *id, int64_t fen, hs_date d, const char *tid,
                           bool *existed, hs_error *err) {
    hs_ctx c = ctx_of(s);
    approval_outcome gate;
    return credit_ops_pool_fund(&c, id, fen, d, tid, existed, &gate, err);
}
static hs_status product_create(hs_store *s, const credit_product *p, hs_error *err) {
    hs_ctx c = ctx_of(s);
    return credit_ops_product_create(&c, p, err);
}
static hs_status loan_create(hs_store *s, const credit_loan_request *r, credit_loan *out,
                             hs_error *err) {
    hs_ctx c = ctx_of(s);
    return credit_ops_loan_create(&c, r, out, err);
}
static hs_status disburse(hs_store *s, const char *id, hs_date d, hs_error *err) {
    hs_ctx c = ctx_of(s);
    return credit_ops_loan_disburse(&c, id, d, NULL, err);
}
static hs_status repay(hs_store *s, const char *id, int64_t fen, hs_date d, const char *cid,
                       credit_repayment_result *out, hs_error *err) {
    hs_ctx c = ctx_of(s);
    return credit_ops_repay(&c, id, fen, d, cid, out, err);
}
static hs_status default_loan(hs_store *s, const char *id, hs_date d, int64_t *w, hs_error *err) {
    hs_ctx c = ctx_of(s);
    return credit_ops_default(&c, id, d, w, err);
}
static hs_status claim(hs_store *s, const char *id, const char *pool, hs_date d, bool partial,
                       credit_claim *out, hs_error *err) {
    hs_ctx c = ctx_of(s);
    return credit_ops_claim(&c, id, pool, d, partial, out, err);
}
static hs_status recover(hs_store *s, const char *id, int64_t fen, hs_date d, const char *cid,
                         const char *from, credit_recovery_result *out, hs_error *err) {
    hs_ctx c = ctx_of(s);
    return credit_ops_recover(&c, id, fen, d, cid, from, out, err);
}

#define FIRM_A "91320214MA1R0B0T0P"
#define FIRM_B "91320214MA1QTHER08"

static hs_store *book_with_pool(int64_t pool_fen, int64_t bank_year_cap_fen) {
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK) {
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
        return NULL;
    }
    programme prog = {.id = "js", .created_date = day(2024, 1, 2)};
    CHECK_EQ_INT(programme_create(s, &prog, &err), HS_OK);
    CHECK_EQ_INT(programme_fund(s, "js", "risk-pool", WAN(4000), day(2024, 1, 10), NULL, &err),
                 HS_OK);
    credit_pool pool = {.id = "P", .programme = "js", .budget = "risk-pool"};
    credit_pool_params_default(&pool.params);
    pool.params.cap_per_bank_year_fen = bank_year_cap_fen;
    CHECK_EQ_INT(pool_create(s, &pool, &err), HS_OK);
    if (pool_fen > 0)
        CHECK_EQ_INT(pool_fund(s, "P", pool_fen, day(2024, 1, 15), NULL, NULL, &err), HS_OK);
    credit_product prod = {.id = "XKD",
                           .bank = "BOC-WX",
                           .name = "锡科贷",
                           .rate_bp = 300,
                           .term_months = 12,
                           .period_months = 1,
                           .ceiling_fen = WAN(500),
                           .unsecured = true,
                           .pool = "P"};
    CHECK_EQ_INT(product_create(s, &prod, &err), HS_OK);
    return s;
}

static void new_loan(hs_store *s, const char *id, const char *firm, int64_t fen, bool pay_out) {
    hs_error err = {0};
    credit_loan_request req = {.id = id,
                               .product = "XKD",
                               .firm = firm,
                               .amount_fen = fen,
                               .approved_date = day(2024, 4, 2),
                               .unsecured_bp = -1,
                               .first_loan = -1,
                               .rate_bp = -1};
    if (loan_create(s, &req, NULL, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "loan %s: %s", id, err.msg);
    if (pay_out && disburse(s, id, day(2024, 4, 8), &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "disburse %s: %s", id, err.msg);
}

static int64_t held(hs_store *s, const char *name) {
    hs_account a = {0};
    bool found = false;
    hs_error err = {0};
    store_account_by_name(s, name, &a, &found, &err);
    CHECK(found);
    return account_held_fen(&a);
}

static void check_book(hs_store *s) {
    store_check_report rep;
    hs_error err = {0};
    CHECK_EQ_INT(store_check(s, &rep, &err), HS_OK);
    if (!rep.ok)
        harness_fail(__FILE__, __LINE__, "check: %s", rep.first_violation);
}

TEST(credit_state_machine_refusals) {
    hs_store *s = book_with_pool(WAN(4000), 0);
    hs_error err = {0};
    new_loan(s, "L1", FIRM_A, WAN(500), false);
    credit_loan l;
    bool found;
    CHECK_EQ_INT(credit_loan_get(s, "L1", &l, &found, &err), HS_OK);
    CHECK(l.first_loan);
    CHECK_EQ_INT(l.unsecured_bp, 10000);
    /* above the ceiling: refused by the product rule */
    credit_loan_request big = {.id = "BIG",
                               .product = "XKD",
                               .firm = FIRM_A,
                               .amount_fen = WAN(501),
                               .approved_date = day(2024, 4, 2),
                               .unsecured_bp = -1,
                               .first_loan = -1,
                               .rate_bp = -1};
    CHECK_EQ_INT(loan_create(s, &big, NULL, &err), HS_REFUSED);
    big.firm = "not-a-uscc";
    big.amount_fen = WAN(1);
    CHECK_EQ_INT(loan_create(s, &big, NULL, &err), HS_INPUT);
    /* repay / default / claim before disbursement */
    CHECK_EQ_INT(repay(s, "L1", WAN(1), day(2024, 5, 1), NULL, NULL, &err), HS_REFUSED);
    CHECK_EQ_INT(default_loan(s, "L1", day(2024, 5, 1), NULL, &err), HS_REFUSED);
    CHECK_EQ_INT(disburse(s, "L1", day(2024, 3, 1), &err), HS_INPUT); /* < approval */
    CHECK_EQ_INT(disburse(s, "L1", day(2024, 4, 8), &err), HS_OK);
    CHECK_EQ_INT(disburse(s, "L1", day(2024, 4, 9), &err), HS_REFUSED); /* twice */
    CHECK_EQ_INT(held(s, "loan/L1"), -WAN(500));
    CHECK_EQ_INT(held(s, "firm/" FIRM_A "/cash"), WAN(500));
    /* claim before default */
    CHECK_EQ_INT(claim(s, "L1", "P", day(2024, 5, 1), true, NULL, &err), HS_REFUSED);
    CHECK(strstr(err.msg, "not defaulted") != NULL);
    /* repay the first instalment: interest first, then scheduled principal */
    credit_repayment_result r;
    CHECK_EQ_INT(repay(s, "L1", 0, day(2024, 5, 8), NULL, &r, &err), HS_OK);
    CHECK_EQ_INT(r.principal_fen, 41666666);
    CHECK_EQ_INT(r.interest_fen, 1232877);
    /* more than is owed: refused */
    CHECK_EQ_INT(repay(s, "L1", WAN(600), day(2024, 6, 8), NULL, NULL, &err), HS_REFUSED);
    /* an id reused with another body is bad input; the same body is a no-op */
    CHECK_EQ_INT(repay(s, "L1", WAN(10), day(2024, 6, 8), "pay-2", &r, &err), HS_OK);
    CHECK(!r.existed);
    CHECK_EQ_INT(repay(s, "L1", WAN(10), day(2024, 6, 8), "pay-2", &r, &err), HS_OK);
    CHECK(r.existed);
    CHECK_EQ_INT(repay(s, "L1", WAN(11), day(2024, 6, 8), "pay-2", &r, &err), HS_INPUT);
    int64_t written_off;
    CHECK_EQ_INT(default_loan(s, "L1", day(2024, 9, 1), &written_off, &err), HS_OK);
    CHECK_EQ_INT(credit_loan_get(s, "L1", &l, &found, &err), HS_OK);
    CHECK_EQ_INT(written_off, WAN(500) - l.principal_repaid_fen);
    CHECK_EQ_INT(held(s, "loan/L1"), 0);
    CHECK_EQ_INT(default_loan(s, "L1", day(2024, 9, 2), NULL, &err), HS_REFUSED);
    /* repay after default */
    CHECK_EQ_INT(repay(s, "L1", WAN(1), day(2024, 9, 5), NULL, NULL, &err), HS_REFUSED);
    CHECK(strstr(err.msg, "defaulted") != NULL);
    /* claim on another pool is bad input; then the claim; then twice */
    CHECK_EQ_INT(claim(s, "L1", "Q", day(2024, 9, 10), true, NULL, &err), HS_INPUT);
    credit_claim c;
    CHECK_EQ_INT(claim(s, "L1", "P", day(2024, 9, 10), true, &c, &err), HS_OK);
    CHECK_EQ_INT(c.d.share_bp, 9000); /* first loan */
    CHECK_EQ_INT(c.d.paid_fen, WAN(300));
    CHECK_EQ_INT(claim(s, "L1", "P", day(2024, 9, 11), true, NULL, &err), HS_REFUSED);
    CHECK(strstr(err.msg, "already claimed") != NULL);
    CHECK_EQ_INT(held(s, "pool/P"), WAN(4000) - WAN(300));
    /* unknown loan */
    CHECK_EQ_INT(disburse(s, "NOPE", day(2024, 4, 9), &err), HS_NOT_FOUND);
    CHECK_EQ_STR(err.code, "not_found");
    check_book(s);
    store_close(s);
}

TEST(credit_recovery_returns_the_pool_share) {
    hs_store *s = book_with_pool(WAN(4000), 0);
    hs_error err = {0};
    new_loan(s, "L1", FIRM_A, WAN(100), true); /* first loan: 90% */
    new_loan(s, "L2", FIRM_A, WAN(100), true); /* second loan, 100% unsecured: 70% */
    CHECK_EQ_INT(default_loan(s, "L1", day(2024, 6, 1), NULL, &err), HS_OK);
    CHECK_EQ_INT(default_loan(s, "L2", day(2024, 6, 1), NULL, &err), HS_OK);
    credit_recovery_result r;
    /* a recovery before the claim reduces the claim's base */
    CHECK_EQ_INT(recover(s, "L2", WAN(20), day(2024, 6, 5), NULL, NULL, &r, &err), HS_OK);
    CHECK_EQ_INT(r.pool_share_fen, 0);
    credit_claim c;
    CHECK_EQ_INT(claim(s, "L2", NULL, day(2024, 6, 10), true, &c, &err), HS_OK);
    CHECK_EQ_INT(c.d.base_fen, WAN(80));
    CHECK_EQ_INT(c.d.share_bp, 7000);
    CHECK_EQ_INT(c.d.paid_fen, WAN(56));
    CHECK_EQ_INT(claim(s, "L1", NULL, day(2024, 6, 10), true, &c, &err), HS_OK);
    CHECK_EQ_INT(c.d.paid_fen, WAN(90));
    /* after the claim: 70% of each recovered yuan goes back to the pool */
    CHECK_EQ_INT(recover(s, "L2", WAN(10), day(2024, 7, 1), NULL, NULL, &r, &err), HS_OK);
    CHECK_EQ_INT(r.pool_share_fen, WAN(7));
    CHECK_EQ_INT(recover(s, "L1", 333, day(2024, 7, 1), "rec-a", NULL, &r, &err), HS_OK);
    CHECK_EQ_INT(r.pool_share_fen, 300); /* 333 x 0.9 = 299.7 -> 300 */
    CHECK_EQ_INT(recover(s, "L1", 333, day(2024, 7, 1), "rec-a", NULL, &r, &err), HS_OK);
    CHECK(r.existed);
    /* more than was lost: refused */
    CHECK_EQ_INT(recover(s, "L2", WAN(71), day(2024, 7, 2), NULL, NULL, &r, &err), HS_REFUSED);
    /* recovering everything returns exactly what the pool paid */
    CHECK_EQ_INT(recover(s, "L2", WAN(70), day(2024, 7, 2), NULL, NULL, &r, &err), HS_OK);
    CHECK_EQ_INT(recover(s, "L1", WAN(100) - 333, day(2024, 7, 2), NULL, NULL, &r, &err), HS_OK);
    CHECK_EQ_INT(held(s, "pool/P"), WAN(4000));
    credit_pool_report rep;
    CHECK_EQ_INT(credit_pool_report_build(s, "P", &rep, &err), HS_OK);
    CHECK(rep.reconciled);
    CHECK_EQ_INT(rep.claims_paid_fen, WAN(146));
    CHECK_EQ_INT(rep.returned_fen, WAN(146));
    CHECK_EQ_INT(rep.balance_fen, WAN(4000));
    CHECK_EQ_INT(held(s, "bank/BOC-WX/losses"), 0); /* all recovered: the bank lost nothing */
    /* a repaid loan can't default or be recovered on */
    new_loan(s, "L3", FIRM_B, WAN(10), true);
    CHECK_EQ_INT(repay(s, "L3", WAN(20), day(2024, 5, 8), NULL, NULL, &err), HS_REFUSED);
    credit_loan l;
    bool found;
    credit_loan_get(s, "L3", &l, &found, &err);
    int64_t interest;
    credit_interest_act365(WAN(10), 300, 30, &interest);
    CHECK_EQ_INT(repay(s, "L3", WAN(10) + interest, day(2024, 5, 8), NULL, NULL, &err), HS_OK);
    credit_loan_get(s, "L3", &l, &found, &err);
    CHECK_EQ_INT(l.status, LOAN_REPAID);
    CHECK_EQ_INT(default_loan(s, "L3", day(2024, 6, 1), NULL, &err), HS_REFUSED);
    CHECK_EQ_INT(recover(s, "L3", 1, day(2024, 6, 1), NULL, NULL, &r, &err), HS_REFUSED);
    check_book(s);
    store_close(s);
}

TEST(credit_bank_annual_cap_and_partial_claims_in_the_book) {
    /* pool of 400万, bank capped at 350万 a year */
    hs_store *s = book_with_pool(WAN(400), WAN(350));
    hs_error err = {0};
    new_loan(s, "A1", FIRM_A, WAN(300), true); /* first loan: 90% = 270万 */
    new_loan(s, "B1", FIRM_B, WAN(200), true); /* first loan: 90% = 180万 -> 80万 bank cap */
    new_loan(s, "B2", FIRM_B, WAN(100), true); /* 70% = 70万 -> bank cap used up */
    for (const char *const *id = (const char *const[]){"A1", "B1", "B2", NULL}; *id; id++)
        CHECK_EQ_INT(default_loan(s, *id, day(2024, 6, 1), NULL, &err), HS_OK);
    credit_claim c;
    CHECK_EQ_INT(claim(s, "A1", NULL, day(2024, 6, 10), true, &c, &err), HS_OK);
    CHECK_EQ_INT(c.d.paid_fen, WAN(270));
    CHECK_EQ_INT(claim(s, "B1", NULL, day(2024, 6, 10), true, &c, &err), HS_OK);
    CHECK_EQ_INT(c.d.capped_fen, WAN(80));
    CHECK_EQ_INT(c.d.paid_fen, WAN(80));
    CHECK_EQ_INT(claim(s, "B2", NULL, day(2024, 6, 10), true, &c, &err), HS_REFUSED);
    CHECK(strstr(err.msg, "annual cap") != NULL);
    /* next year the cap is fresh, but the pool has only 50万 left: paid in part */
    CHECK_EQ_INT(claim(s, "B2", NULL, day(2025, 1, 5), false, &c, &err), HS_REFUSED);
    CHECK_EQ_INT(claim(s, "B2", NULL, day(2025, 1, 5), true, &c, &err), HS_OK);
    CHECK_EQ_INT(c.d.capped_fen, WAN(70));
    CHECK_EQ_INT(c.d.paid_fen, WAN(50));
    CHECK_EQ_INT(c.d.shortfall_fen, WAN(20));
    CHECK_EQ_INT(held(s, "pool/P"), 0); /* never negative */
    /* an empty pool refuses */
    new_loan(s, "A2", FIRM_A, WAN(10), true);
    CHECK_EQ_INT(default_loan(s, "A2", day(2025, 2, 1), NULL, &err), HS_OK);
    CHECK_EQ_INT(claim(s, "A2", NULL, day(2025, 2, 5), true, &c, &err), HS_REFUSED);
    /* the pool can't be funded beyond its budget (4000万 budget, 400万 used) */
    CHECK_EQ_INT(pool_fund(s, "P", WAN(3601), day(2025, 2, 6), NULL, NULL, &err), HS_REFUSED);
    CHECK_EQ_INT(pool_fund(s, "P", WAN(3600), day(2025, 2, 6), "top-up", NULL, &err), HS_OK);
    bool existed = false;
    CHECK_EQ_INT(pool_fund(s, "P", WAN(3600), day(2025, 2, 6), "top-up", &existed, &err), HS_OK);
    CHECK(existed);
    credit_pool_report rep;
    CHECK_EQ_INT(credit_pool_report_build(s, "P", &rep, &err), HS_OK);
    CHECK(rep.reconciled);
    CHECK_EQ_INT(rep.funded_fen, WAN(4000));
    CHECK_EQ_INT(rep.claims, 3);
    CHECK_EQ_INT(rep.claims_shortfall_fen, WAN(20));
    CHECK_EQ_INT(rep.balance_fen, WAN(4000) - WAN(400));
    check_book(s);
    store_close(s);
}

typedef struct {
    size_t n;
    credit_overdue last;
} overdue_got;

static hs_status collect_overdue(void *ctx, const credit_overdue *o, hs_error *err) {
    overdue_got *g = ctx;
    g->n++;
    g->last = *o;
    return HS_OK;
}

TEST(credit_leverage_and_overdue_approvals) {
    hs_store *s = book_with_pool(WAN(40), 0);
    hs_error err = {0};
    new_loan(s, "L1", FIRM_A, WAN(500), true); /* approved 04-02, disbursed 04-08: on time */
    credit_loan_request req = {.id = "L2",
                               .product = "XKD",
                               .firm = FIRM_B,
                               .amount_fen = WAN(20),
                               .approved_date = day(2024, 4, 2),
                               .unsecured_bp = -1,
                               .first_loan = -1,
                               .rate_bp = -1};
    CHECK_EQ_INT(loan_create(s, &req, NULL, &err), HS_OK);
    credit_pool_report rep;
    CHECK_EQ_INT(credit_pool_report_build(s, "P", &rep, &err), HS_OK);
    CHECK_EQ_INT(rep.outstanding_fen, WAN(500));
    CHECK_EQ_INT(rep.leverage_x100, 1250); /* 500万 / 40万 = 12.5x */
    CHECK(rep.meets_required);
    CHECK_EQ_INT(rep.capacity_fen, WAN(400));
    /* 5 working days after Tue 2024-04-02 across Qingming (04-04..06 off, Sun 04-07 worked):
     * 04-03, 04-07, 04-08, 04-09, 04-10 -> the deadline is 04-10 */
    hs_calendar *cal = malloc(sizeof *cal);
    CHECK_EQ_INT(calendar_load(cal, "data/holidays-cn.txt", &err), HS_OK);
    CHECK_EQ_INT(calendar_add_workdays(cal, day(2024, 4, 2), 5), day(2024, 4, 10));
    overdue_got got = {0};
    CHECK_EQ_INT(credit_overdue_approvals(s, cal, day(2024, 4, 10), 5, collect_overdue, &got, &err),
                 HS_OK);
    CHECK_EQ_INT(got.n, 0); /* L2 still within its deadline on 04-10 */
    CHECK_EQ_INT(credit_overdue_approvals(s, cal, day(2024, 4, 11), 5, collect_overdue, &got, &err),
                 HS_OK);
    CHECK_EQ_INT(got.n, 1);
    CHECK_EQ_STR(got.last.loan.id, "L2");
    CHECK_EQ_INT(got.last.deadline, day(2024, 4, 10));
    CHECK_EQ_INT(got.last.workdays_taken, 6);
    CHECK(!got.last.disbursed_late);
    /* disbursed on 04-12: now listed as late, and only from then on */
    CHECK_EQ_INT(disburse(s, "L2", day(2024, 4, 12), &err), HS_OK);
    got.n = 0;
    CHECK_EQ_INT(credit_overdue_approvals(s, cal, day(2024, 4, 30), 5, collect_overdue, &got, &err),
                 HS_OK);
    CHECK_EQ_INT(got.n, 1);
    CHECK(got.last.disbursed_late);
    CHECK_EQ_INT(got.last.workdays_taken, 7);
    /* with weekends only, the deadline would have been 04-09 */
    calendar_init_weekends_only(cal);
    CHECK_EQ_INT(calendar_add_workdays(cal, day(2024, 4, 2), 5), day(2024, 4, 9));
    free(cal);
    store_close(s);
}

/* Property: any sequence of credit operations (random amounts, dates and orders, many of them
 * refused) keeps the book consistent: the pool never goes negative, the pool report reconciles with
 * the ledger, every loan account equals the loan's outstanding principal, and store_check passes.
 */
TEST(credit_random_sequences_keep_the_book_consistent) {
    srand(2024);
    for (int round = 0; round < 4; round++) {
        hs_store *s = book_with_pool(WAN(20) + rand() % WAN(200), rand() % 2 ? 0 : WAN(150));
        hs_error err = {0};
        char id[16];
        const char *firms[] = {FIRM_A, FIRM_B, "91320214MA1TH1RD06"};
        int loans = 0;
        hs_date d = day(2024, 4, 8);
        for (int step = 0; step < 150; step++) {
            d += rand() % 5;
            int op = rand() % 6;
            hs_status st = HS_OK;
            snprintf(id, sizeof id, "R%d", loans > 0 ? rand() % loans : 0);
            if (op == 0 || loans == 0) {
                snprintf(id, sizeof id, "R%d", loans++);
                credit_loan_request req = {.id = id,
                                           .product = "XKD",
                                           .firm = firms[rand() % 3],
                                           .amount_fen = 1 + rand() % WAN(500),
                                           .approved_date = d,
                                           .unsecured_bp = rand() % 10001,
                                           .first_loan = -1,
                                           .rate_bp = -1};
                CHECK_EQ_INT(loan_create(s, &req, NULL, &err), HS_OK);
                st = disburse(s, id, d + rand() % 3, &err);
            } else if (op == 1) {
                st = repay(s, id, rand() % 2 ? 0 : 1 + rand() % WAN(100), d + 30, NULL, NULL, &err);
            } else if (op == 2) {
                st = default_loan(s, id, d + 30, NULL, &err);
            } else if (op == 3) {
                st = claim(s, id, NULL, d + 40, rand() % 2, NULL, &err);
            } else if (op == 4) {
                st = recover(s, id, 1 + rand() % WAN(100), d + 50, NULL, NULL, NULL, &err);
            } else {
                st = pool_fund(s, "P", 1 + rand() % WAN(50), d, NULL, NULL, &err);
            }
            /* refusals and bad input are expected; a storage failure never is */
            if (st == HS_STORAGE)
                harness_fail(__FILE__, __LINE__, "op %d on %s: storage error: %s", op, id, err.msg);
            /* every refusal carries a stable code */
            if (st != HS_OK)
                CHECK(err.code[0] != '\0' && strcmp(err.code, "ok") != 0);
            d = d > day(2024, 4, 8) + 3000 ? day(2024, 4, 8) + 3000 : d;
        }
        CHECK(held(s, "pool/P") >= 0);
        credit_pool_report rep;
        CHECK_EQ_INT(credit_pool_report_build(s, "P", &rep, &err), HS_OK);
        CHECK(rep.reconciled);
        CHECK(rep.claims_paid_fen <= rep.funded_fen + rep.returned_fen);
        CHECK(rep.claims > 0 && rep.defaults > 0); /* the sequence reached the pool */
        for (int i = 0; i < loans; i++) {
            credit_loan l;
            bool found;
            char acct[32];
            snprintf(id, sizeof id, "R%d", i);
            snprintf(acct, sizeof acct, "loan/R%d", i);
            CHECK_EQ_INT(credit_loan_get(s, id, &l, &found, &err), HS_OK);
            CHECK_EQ_INT(-held(s, acct), credit_loan_outstanding(&l));
            CHECK(l.returned_to_pool_fen >= 0 && l.recovered_fen <= l.written_off_fen);
        }
        check_book(s);
        store_close(s);
    }
}

static hs_status owner_of(hs_store *s, const char *name, char *out, size_t len) {
    hs_account a = {0};
    bool found = false;
    hs_error err = {0};
    hs_status st = store_account_by_name(s, name, &a, &found, &err);
    snprintf(out, len, "%s", found ? a.owner : "(none)");
    return st;
}

/* The accounts credit creates are its own (a plain transfer can't move them); firm cash is free. */
TEST(credit_accounts_are_owned_by_the_module) {
    hs_store *s = book_with_pool(WAN(100), 0);
    new_loan(s, "L1", FIRM_A, WAN(10), true);
    char owner[32];
    const char *owned[] = {"pool/P", "loan/L1", "bank/BOC-WX/lending", "bank/BOC-WX/interest",
                           "bank/BOC-WX/losses"};
    for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++) {
        CHECK_EQ_INT(owner_of(s, owned[i], owner, sizeof owner), HS_OK);
        CHECK_EQ_STR(owner, "credit");
    }
    CHECK_EQ_INT(owner_of(s, "firm/" FIRM_A "/cash", owner, sizeof owner), HS_OK);
    CHECK_EQ_STR(owner, "");
    /* a plain transfer out of the pool is refused by the engine */
    hs_tx tx;
    hs_error err = {0};
    CHECK_EQ_INT(hs_tx_begin(s, &tx, &err), HS_OK);
    tx.free_accounts_only = true;
    hs_transfer t;
    transfer_init(&t);
    snprintf(t.id, sizeof t.id, "sneaky");
    snprintf(t.debit, sizeof t.debit, "pool/P");
    snprintf(t.credit, sizeof t.credit, "firm/" FIRM_A "/cash");
    t.amount_fen = WAN(1);
    transfer_result r;
    CHECK_EQ_INT(hs_tx_transfer(&tx, &t, 1, &r, &err), HS_OK);
    CHECK_EQ_INT(r, TR_ACCOUNT_OWNED_BY_MODULE);
    hs_tx_rollback(&tx);
    CHECK_EQ_INT(held(s, "pool/P"), WAN(100));
    check_book(s);
    store_close(s);
}

/* A refused loan leaves nothing behind: before, loan/<id> was created in its own transaction
 * before the firm's account was checked. */
TEST(credit_refused_loan_leaves_no_account) {
    hs_store *s = book_with_pool(WAN(100), 0);
    hs_account a;
    bool existed;
    hs_error err = {0};
    CHECK_EQ_INT(book_account_create(s, "firm/" FIRM_B "/cash", "external", 0, &a, &existed, &err),
                 HS_OK);
    credit_loan_request req = {.id = "LX",
                               .product = "XKD",
                               .firm = FIRM_B,
                               .amount_fen = WAN(10),
                               .approved_date = day(2024, 4, 2),
                               .unsecured_bp = -1,
                               .first_loan = -1,
                               .rate_bp = -1};
    CHECK_EQ_INT(loan_create(s, &req, NULL, &err), HS_INPUT);
    bool found = true;
    CHECK_EQ_INT(store_account_by_name(s, "loan/LX", &a, &found, &err), HS_OK);
    CHECK(!found);
    credit_loan l;
    CHECK_EQ_INT(credit_loan_get(s, "LX", &l, &found, &err), HS_OK);
    CHECK(!found);
    store_close(s);
}

/* Not found is HS_NOT_FOUND (exit 2); state refusals carry state_conflict; limits their codes. */
TEST(credit_error_codes) {
    hs_store *s = book_with_pool(WAN(1), 0);
    hs_error err = {0};
    CHECK_EQ_INT(repay(s, "NOPE", 0, day(2024, 5, 1), NULL, NULL, &err), HS_NOT_FOUND);
    CHECK_EQ_STR(err.field, "loan");
    CHECK_EQ_INT(pool_fund(s, "NOPE", 1, day(2024, 5, 1), NULL, NULL, &err), HS_NOT_FOUND);
    CHECK_EQ_STR(err.field, "pool");
    hs_ctx c = ctx_of(s);
    credit_product p;
    CHECK_EQ_INT(credit_ops_product_show(&c, "NOPE", &p, &err), HS_NOT_FOUND);
    CHECK(credit_ops_pool_show(&c, "NOPE", &err) == NULL);
    CHECK_EQ_INT(err.status, HS_NOT_FOUND);
    new_loan(s, "L1", FIRM_A, WAN(10), false);
    CHECK_EQ_INT(repay(s, "L1", WAN(1), day(2024, 5, 1), NULL, NULL, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "state_conflict");
    CHECK_EQ_INT(disburse(s, "L1", day(2024, 4, 8), &err), HS_OK);
    CHECK_EQ_INT(disburse(s, "L1", day(2024, 4, 9), &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "state_conflict");
    CHECK_EQ_INT(repay(s, "L1", WAN(100), day(2024, 5, 8), NULL, NULL, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "exceeds_owed");
    CHECK_EQ_INT(pool_fund(s, "P", WAN(4000), day(2024, 5, 8), NULL, NULL, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "exceeds_credits");
    CHECK_EQ_INT(default_loan(s, "L1", day(2024, 6, 1), NULL, &err), HS_OK);
    credit_claim cl;
    CHECK_EQ_INT(claim(s, "L1", NULL, day(2024, 6, 2), false, &cl, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "exceeds_pool");
    credit_loan_request big = {.id = "BIG",
                               .product = "XKD",
                               .firm = FIRM_A,
                               .amount_fen = WAN(501),
                               .approved_date = day(2024, 4, 2),
                               .unsecured_bp = -1,
                               .first_loan = -1,
                               .rate_bp = -1};
    CHECK_EQ_INT(loan_create(s, &big, NULL, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "above_ceiling");
    check_book(s);
    store_close(s);
}

/* Long pool ids never collide on truncated transfer ids: ids that can't derive a full funding id
 * are refused naming the field; the longest accepted ones, sharing a prefix, stay distinct. */
TEST(credit_long_pool_ids_never_collide) {
    hs_store *s = book_with_pool(0, 0);
    hs_error err = {0};
    char a[CREDIT_ID_MAX], b[CREDIT_ID_MAX];
    memset(a, 'p', 45);
    a[45] = '\0';
    credit_pool pool = {.programme = "js", .budget = "risk-pool"};
    credit_pool_params_default(&pool.params);
    snprintf(pool.id, sizeof pool.id, "%s", a);
    CHECK_EQ_INT(pool_create(s, &pool, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "id");
    memset(a, 'q', CREDIT_POOL_ID_MAX_LEN);
    a[CREDIT_POOL_ID_MAX_LEN] = '\0';
    snprintf(b, sizeof b, "%s", a);
    a[CREDIT_POOL_ID_MAX_LEN - 1] = '1';
    b[CREDIT_POOL_ID_MAX_LEN - 1] = '2';
    const char *ids[] = {a, b};
    for (int i = 0; i < 2; i++) {
        snprintf(pool.id, sizeof pool.id, "%s", ids[i]);
        CHECK_EQ_INT(pool_create(s, &pool, &err), HS_OK);
        for (int k = 0; k < 3; k++) {
            bool existed = true;
            CHECK_EQ_INT(pool_fund(s, ids[i], WAN(1), day(2024, 2, 1), NULL, &existed, &err),
                         HS_OK);
            CHECK(!existed);
        }
    }
    credit_pool_report rep;
    for (int i = 0; i < 2; i++) {
        CHECK_EQ_INT(credit_pool_report_build(s, ids[i], &rep, &err), HS_OK);
        CHECK_EQ_INT(rep.fundings, 3);
        CHECK_EQ_INT(rep.ledger_balance_fen, WAN(3));
        CHECK(rep.reconciled);
    }
    check_book(s);
    store_close(s);
}

/* A tampered loan row is a storage error, never an assertion. */
TEST(credit_tampered_book_is_a_storage_error) {
    hs_store *s = book_with_pool(WAN(100), 0);
    hs_error err = {0};
    new_loan(s, "L1", FIRM_A, WAN(10), true);
    CHECK_EQ_INT(
        store_exec(s, "UPDATE credit_loans SET principal_repaid_fen = amount_fen + 1", &err),
        HS_OK);
    credit_pool_report rep;
    CHECK_EQ_INT(credit_pool_report_build(s, "P", &rep, &err), HS_STORAGE);
    CHECK_EQ_INT(default_loan(s, "L1", day(2024, 6, 1), NULL, &err), HS_STORAGE);
    CHECK_EQ_INT(
        store_exec(s, "UPDATE credit_loans SET principal_repaid_fen = 0, status = 'x'", &err),
        HS_OK);
    CHECK_EQ_INT(repay(s, "L1", 0, day(2024, 6, 1), NULL, NULL, &err), HS_STORAGE);
    store_close(s);
}

/* A book written before accounts had owners: opening it makes credit's accounts credit's own
 * (credit schema v2), so a plain transfer can't drain an old pool either. */
TEST(credit_old_books_get_owned_accounts) {
    char path[] = "/tmp/huoshui-credit-owners-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    unlink(path);
    hs_store *s = NULL;
    hs_error err = {0};
    CHECK_EQ_INT(store_open(path, STORE_CREATE, &s, &err), HS_OK);
    programme prog = {.id = "js", .created_date = day(2024, 1, 2)};
    CHECK_EQ_INT(programme_create(s, &prog, &err), HS_OK);
    credit_pool pool = {.id = "P", .programme = "js", .budget = "risk-pool"};
    credit_pool_params_default(&pool.params);
    CHECK_EQ_INT(pool_create(s, &pool, &err), HS_OK);
    CHECK_EQ_INT(store_exec(s,
                            "UPDATE accounts SET owner = '';"
                            " UPDATE module_versions SET version = 1 WHERE module = 'credit'",
                            &err),
                 HS_OK);
    char owner[32];
    CHECK_EQ_INT(owner_of(s, "pool/P", owner, sizeof owner), HS_OK);
    CHECK_EQ_STR(owner, "");
    store_close(s);
    CHECK_EQ_INT(store_open(path, STORE_OPEN_EXISTING, &s, &err), HS_OK);
    CHECK_EQ_INT(owner_of(s, "pool/P", owner, sizeof owner), HS_OK);
    CHECK_EQ_STR(owner, "credit");
    CHECK_EQ_INT(owner_of(s, "appropriation/js", owner, sizeof owner), HS_OK);
    CHECK(strcmp(owner, "credit") != 0); /* only credit's own accounts */
    store_close(s);
    unlink(path);
    char side[sizeof path + 8];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

/* Ids and names are text: bytes that are not UTF-8 are refused naming the field. */
TEST(credit_ids_and_names_are_utf8) {
    CHECK(credit_id_valid("BOC-WX.锡科贷"));
    CHECK(!credit_id_valid("a\xff"));
    CHECK(!credit_id_valid("a\xc0\x80"));     /* overlong NUL */
    CHECK(!credit_id_valid("a\xed\xa0\x80")); /* a surrogate */
    CHECK(!credit_id_valid("a\xe9\x94"));     /* truncated */
    hs_store *s = book_with_pool(0, 0);
    hs_error err = {0};
    credit_product p = {.id = "X1",
                        .bank = "B",
                        .name = "n\xfe",
                        .rate_bp = 300,
                        .term_months = 12,
                        .period_months = 1,
                        .ceiling_fen = WAN(1)};
    CHECK_EQ_INT(product_create(s, &p, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "name");
    snprintf(p.name, sizeof p.name, "tab\there");
    CHECK_EQ_INT(product_create(s, &p, &err), HS_INPUT);
    snprintf(p.name, sizeof p.name, "ok");
    snprintf(p.bank, sizeof p.bank, "b\xff");
    CHECK_EQ_INT(product_create(s, &p, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "bank");
    CHECK(strstr(err.msg, "UTF-8") != NULL);
    store_close(s);
}
