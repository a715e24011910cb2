/* test_guarantee.c — financing guarantees on an in-memory book: the fee and its subsidy exact to
 * the fen, a loss of an odd number of fen split 4:3:2:1 adding up exactly, recoveries in many small
 * parts returning exactly each party's share (no drift), the leverage limit, and store_check /
 * guarantee_verify clean afterwards. */
#include "harness.h"

#include <string.h>

#include "base/money.h"
#include "instrument/credit_loan.h"
#include "instrument/guarantee.h"
#include "instrument/guarantee_verify.h"
#include "instrument/programme.h"
#include "store/book.h"
#include "store/store.h"

static hs_date day(int y, int m, int d) {
    return date_from_ymd(y, m, d);
}

static const char POLICY[] = "policy t.guarantee version 1\n"
                             "title zh \"担保\" en \"Guarantee\"\n"
                             "instrument credit\n"
                             "budget \"budget/js/fee\"\n"
                             "valid 2024-01-01 .. 2026-12-31\n"
                             "source \"test\"\n"
                             "param fee_cap: rate = 1%\n"
                             "param national_share: rate = 40%\n"
                             "param provincial_share: rate = 30%\n"
                             "param bank_share: rate = 20%\n"
                             "param guarantor_share: rate = 10%\n"
                             "param max_leverage: int = 10\n"
                             "input fee_rate: rate\n"
                             "amount \"clause: 降费\": yuan(10000) * max(fee_rate - fee_cap, 0%)\n";

#define FIRM "913202117000100150"

typedef struct {
    hs_store *s;
    instrument_policy ip;
} book;

static hs_tx begin(hs_store *s, hs_date today) {
    hs_clock clock = {.today_fixed = true, .today = today};
    store_use_clock(s, &clock);
    hs_tx tx;
    hs_error err = {0};
    CHECK_EQ_INT(hs_tx_begin(s, &tx, &err), HS_OK);
    return tx;
}

/* A book with guarantor G (capital_fen), both re-guarantee parties funded, loan id of amount_fen
 * (bullet, 3%, 12 months) disbursed on 2024-04-10. */
static bool setup(book *b, int64_t capital_fen, const char *loan, int64_t amount_fen) {
    hs_error err = {0};
    memset(b, 0, sizeof *b);
    if (store_open(":memory:", STORE_CREATE, &b->s, &err) != HS_OK)
        return false;
    programme prog = {.id = "js", .created_date = day(2024, 1, 2)};
    CHECK_EQ_INT(programme_create(b->s, &prog, &err), HS_OK);
    const char *budgets[] = {"cap", "fee", "nat", "prov"};
    for (int i = 0; i < 4; i++)
        CHECK_EQ_INT(programme_fund(b->s, "js", budgets[i], INT64_C(10000000000), day(2024, 1, 10),
                                    NULL, &err),
                     HS_OK);
    CHECK_EQ_INT(instrument_policy_from_text("t.policy", POLICY, sizeof POLICY - 1, HS_INSTR_CREDIT,
                                             &b->ip, &err),
                 HS_OK);
    hs_tx tx = begin(b->s, day(2024, 1, 15));
    guarantor g = {
        .id = "G", .name = "担保", .reguarantor = "P", .programme = "js", .budget = "cap"};
    CHECK_EQ_INT(guarantor_add_capital(&tx, &g, capital_fen, NULL, day(2024, 1, 15), &err), HS_OK);
    CHECK_EQ_INT(guarantee_party_fund(&tx, "national", "js", "nat", INT64_C(1000000000), NULL,
                                      day(2024, 1, 15), &err),
                 HS_OK);
    CHECK_EQ_INT(guarantee_party_fund(&tx, "P", "js", "prov", INT64_C(1000000000), NULL,
                                      day(2024, 1, 15), &err),
                 HS_OK);
    credit_product prod = {.id = "XKD",
                           .bank = "BOC",
                           .name = "锡科贷",
                           .rate_bp = 300,
                           .term_months = 12,
                           .period_months = 1,
                           .ceiling_fen = INT64_C(1000000000),
                           .unsecured = true,
                           .repayment = CREDIT_BULLET,
                           .created_date = day(2024, 1, 2)};
    CHECK_EQ_INT(credit_product_create(&tx, &prod, NULL, &err), HS_OK);
    credit_loan_request req = {.id = loan,
                               .product = "XKD",
                               .firm = FIRM,
                               .amount_fen = amount_fen,
                               .approved_date = day(2024, 4, 2),
                               .pool = "",
                               .unsecured_bp = -1,
                               .first_loan = -1,
                               .rate_bp = -1};
    CHECK_EQ_INT(credit_loan_create(&tx, &req, NULL, &err), HS_OK);
    CHECK_EQ_INT(credit_loan_disburse(&tx, loan, day(2024, 4, 10), NULL, &err), HS_OK);
    CHECK_EQ_INT(hs_tx_commit(&tx, &err), HS_OK);
    return true;
}

static void teardown(book *b) {
    instrument_policy_free(&b->ip);
    store_close(b->s);
}

static void clean(hs_store *s) {
    hs_error err = {0};
    store_check_report rep;
    CHECK_EQ_INT(store_check(s, &rep, &err), HS_OK);
    CHECK(rep.ok);
    guarantee_verify_report vr;
    CHECK_EQ_INT(guarantee_verify(s, &vr, &err), HS_OK);
    CHECK(vr.ok);
}

TEST(guarantee_fee_loss_split_and_recoveries_are_exact) {
    book b;
    /* 1,000,000.07 CNY: an odd number of fen, so the 4:3:2:1 split must round */
    if (!setup(&b, INT64_C(100000000), "L", INT64_C(100000007)))
        return;
    hs_error err = {0};
    guarantee g;
    hs_tx tx = begin(b.s, day(2024, 4, 10));
    CHECK_EQ_INT(guarantee_sign(&tx, &b.ip, "L", "G", 250, day(2024, 4, 10), NULL, NULL, &g, &err),
                 HS_OK);
    CHECK_EQ_INT(hs_tx_commit(&tx, &err), HS_OK);
    /* 100,000,007 x 2.5% x 365 / 365 = 2,500,000.175 -> 2,500,000; subsidy 1.5% -> 1,500,000.105 */
    CHECK_EQ_INT(g.term_days, 365);
    CHECK_EQ_INT(g.fee_fen, 2500000);
    CHECK_EQ_INT(g.subsidy_fen, 1500000);
    CHECK_EQ_INT(g.firm_fee_fen, 1000000);
    tx = begin(b.s, day(2024, 9, 1));
    int64_t written = 0;
    CHECK_EQ_INT(credit_loan_default(&tx, "L", day(2024, 9, 1), &written, &err), HS_OK);
    CHECK_EQ_INT(guarantee_compensate(&tx, "L", day(2024, 9, 5), &g, &err), HS_OK);
    CHECK_EQ_INT(hs_tx_commit(&tx, &err), HS_OK);
    CHECK_EQ_INT(g.loss_fen, 100000007);
    int64_t sum = 0;
    for (int i = 0; i < GUARANTEE_PARTIES; i++)
        sum += g.borne_fen[i];
    CHECK_EQ_INT(sum, g.loss_fen);
    CHECK_EQ_INT(g.borne_fen[GUARANTEE_SHARE_NATIONAL], 40000003); /* 40,000,002.8 */
    /* 37 recoveries of 3 fen, then the rest: each party ends at exactly its share of the total */
    for (int k = 0; k < 37; k++) {
        tx = begin(b.s, day(2024, 10, 1));
        CHECK_EQ_INT(guarantee_recover(&tx, "L", 3, NULL, NULL, day(2024, 10, 1), &g, &err), HS_OK);
        CHECK_EQ_INT(hs_tx_commit(&tx, &err), HS_OK);
    }
    int64_t want[GUARANTEE_PARTIES];
    CHECK(money_allocate(111, g.borne_fen, GUARANTEE_PARTIES, want));
    for (int i = 0; i < GUARANTEE_PARTIES; i++)
        CHECK_EQ_INT(g.recovered_to_fen[i], want[i]);
    tx = begin(b.s, day(2024, 11, 1));
    CHECK_EQ_INT(
        guarantee_recover(&tx, "L", g.loss_fen - 111, NULL, NULL, day(2024, 11, 1), &g, &err),
        HS_OK);
    CHECK_EQ_INT(hs_tx_commit(&tx, &err), HS_OK);
    for (int i = 0; i < GUARANTEE_PARTIES; i++)
        CHECK_EQ_INT(g.recovered_to_fen[i], g.borne_fen[i]); /* everyone made whole */
    tx = begin(b.s, day(2024, 11, 2));
    CHECK_EQ_INT(guarantee_recover(&tx, "L", 1, NULL, NULL, day(2024, 11, 2), &g, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "exceeds_loss");
    hs_tx_rollback(&tx);
    clean(b.s);
    teardown(&b);
}

TEST(guarantee_leverage_limit_refuses_and_leaves_nothing) {
    book b;
    /* 10万 of capital, at most 10x: a 100万 loan fits exactly, 100万 + 1 fen would not */
    if (!setup(&b, INT64_C(10000000), "L", INT64_C(100000001)))
        return;
    hs_error err = {0};
    guarantee g;
    hs_tx tx = begin(b.s, day(2024, 4, 10));
    CHECK_EQ_INT(guarantee_sign(&tx, &b.ip, "L", "G", 100, day(2024, 4, 10), NULL, NULL, &g, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "leverage_exceeded");
    hs_tx_rollback(&tx);
    guarantor_report r;
    CHECK_EQ_INT(guarantor_report_get(b.s, "G", &r, &err), HS_OK);
    CHECK_EQ_INT(r.guarantees, 0);
    CHECK_EQ_INT(r.fees_fen, 0);
    clean(b.s);
    teardown(&b);
}
