/* test_rdreserve.c — enterprise R&D reserves (研发准备金) on an in-memory book: the filed history
 * (a filing is never replaced), a reserve registered once, the payment from the filed figures
 * (exact, capped by the policy, paid once, the reserve year counted by the per-year limit), a
 * year without a filing or not over refused with nothing stored, a budget that can't pay leaving
 * nothing behind, and store_check / rdreserve_verify clean afterwards. */
#include "harness.h"

#include <string.h>

#include "base/money.h"
#include "instrument/programme.h"
#include "instrument/rdreserve.h"
#include "instrument/rdreserve_verify.h"
#include "store/book.h"
#include "store/store.h"

#define F1 "913202117000100150"
#define F2 "91320211700010023T"

static const char POLICY[] =
    "policy t.rd_reserve version 1\n"
    "title zh \"研发准备金\" en \"R&D reserve\"\n"
    "instrument subsidy\n"
    "budget \"budget/gd/rd\"\n"
    "valid 2025-01-01 .. 2027-12-31\n"
    "source \"test\"\n"
    "param share: rate = 10%\n"
    "param cap: money = 100万\n"
    "input rd_expense: money\n"
    "input prior_rd_expense: money\n"
    "input rd_filed: bool = false\n"
    "input prior_filed: bool = false\n"
    "input reserve: money\n"
    "rule filed \"clause: 本年度须有申报\": rd_filed and prior_filed\n"
    "rule grew \"clause: 增长\": rd_expense > prior_rd_expense\n"
    "amount \"clause: 增量的10%，最高100万\": min((rd_expense - prior_rd_expense) * share, cap)\n"
    "limit per firm per year <= cap\n";

static hs_date day(int y, int m, int d) {
    return date_from_ymd(y, m, d);
}

/* Runs fn-like steps in one transaction dated `today`; commits on HS_OK, else rolls back. */
static hs_status begin(hs_store *s, hs_date today, hs_tx *tx, hs_error *err) {
    static hs_clock clock;
    clock = (hs_clock){.today_fixed = true, .today = today};
    store_use_clock(s, &clock);
    return hs_tx_begin(s, tx, err);
}

static hs_status finish(hs_tx *tx, hs_status st, hs_error *err) {
    if (st == HS_OK)
        return hs_tx_commit(tx, err);
    hs_tx_rollback(tx);
    return st;
}

static hs_status file(hs_store *s, const char *firm, int year, int64_t fen, bool *existed,
                      hs_error *err) {
    rdreserve_filing f = {.tax_year = year, .rd_expense_fen = fen};
    snprintf(f.firm, sizeof f.firm, "%s", firm);
    snprintf(f.source, sizeof f.source, "test");
    hs_tx tx;
    hs_status st = begin(s, day(2025, 1, 2), &tx, err);
    return st != HS_OK ? st : finish(&tx, rdreserve_filing_add(&tx, &f, existed, err), err);
}

static hs_status pay(hs_store *s, hs_date today, const char *firm, int year, rdreserve *out,
                     bool *existed, hs_error *err) {
    hs_tx tx;
    hs_status st = begin(s, today, &tx, err);
    return st != HS_OK
               ? st
               : finish(&tx, rdreserve_pay(&tx, firm, year, NULL, NULL, out, existed, err), err);
}

static int64_t balance(hs_store *s, const char *name) {
    hs_account a;
    bool found = false;
    hs_error err = {0};
    CHECK_EQ_INT(store_account_by_name(s, name, &a, &found, &err), HS_OK);
    CHECK(found);
    return account_held_fen(&a);
}

static hs_store *book(int64_t budget_fen) {
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK) {
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
        return NULL;
    }
    hs_clock clock = {.today_fixed = true, .today = day(2025, 1, 2)};
    store_use_clock(s, &clock);
    programme prog = {.id = "gd", .created_date = day(2025, 1, 1)};
    CHECK_EQ_INT(programme_create(s, &prog, &err), HS_OK);
    CHECK_EQ_INT(programme_fund(s, "gd", "rd", budget_fen, day(2025, 1, 2), NULL, &err), HS_OK);
    /* F1: 1,500万 then 1,800万; F2: 2,000万 then 5,000万 (capped); F2 2025 unfiled */
    CHECK_EQ_INT(file(s, F1, 2023, INT64_C(1500000000), NULL, &err), HS_OK);
    CHECK_EQ_INT(file(s, F1, 2024, INT64_C(1800000000), NULL, &err), HS_OK);
    CHECK_EQ_INT(file(s, F2, 2023, INT64_C(2000000000), NULL, &err), HS_OK);
    CHECK_EQ_INT(file(s, F2, 2024, INT64_C(5000000000), NULL, &err), HS_OK);
    instrument_policy ip;
    CHECK_EQ_INT(instrument_policy_from_text("t.policy", POLICY, sizeof POLICY - 1,
                                             HS_INSTR_SUBSIDY, &ip, &err),
                 HS_OK);
    hs_tx tx;
    CHECK_EQ_INT(begin(s, day(2025, 1, 2), &tx, &err), HS_OK);
    const char *firms[] = {F1, F2, F2};
    const int years[] = {2024, 2024, 2025};
    for (int i = 0; i < 3; i++)
        CHECK_EQ_INT(rdreserve_register(&tx, &ip, firms[i], years[i], INT64_C(20000000),
                                        day(2025, 1, 2), NULL, NULL, &err),
                     HS_OK);
    CHECK_EQ_INT(hs_tx_commit(&tx, &err), HS_OK);
    instrument_policy_free(&ip);
    return s;
}

TEST(rdreserve_filings_are_never_replaced) {
    hs_store *s = book(INT64_C(100000000));
    if (s == NULL)
        return;
    hs_error err = {0};
    bool existed = false;
    CHECK_EQ_INT(file(s, F1, 2024, INT64_C(1800000000), &existed, &err), HS_OK);
    CHECK(existed);
    CHECK_EQ_INT(file(s, F1, 2024, INT64_C(1800000001), &existed, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "filing_exists");
    CHECK_EQ_INT(file(s, F1, 1800, 1, &existed, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "tax_year");
    CHECK_EQ_INT(file(s, F1, 2022, -1, &existed, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "rd_expense");
    CHECK_EQ_INT(file(s, "91320211700010023X", 2022, 1, &existed, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "firm");
    store_close(s);
}

TEST(rdreserve_pays_the_share_of_the_filed_increase_once) {
    hs_store *s = book(INT64_C(200000000)); /* 200万 */
    if (s == NULL)
        return;
    hs_error err = {0};
    rdreserve r;
    bool existed = false;
    /* the year must be over */
    CHECK_EQ_INT(pay(s, day(2024, 12, 31), F1, 2024, &r, &existed, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "year_open");
    CHECK_EQ_INT(pay(s, day(2025, 6, 30), F1, 2024, &r, &existed, &err), HS_OK);
    CHECK(!existed);
    CHECK_EQ_INT(r.amount_fen, INT64_C(30000000)); /* (1,800万 - 1,500万) x 10% = 30万 */
    CHECK_EQ_INT(r.rd_fen - r.prior_rd_fen, INT64_C(300000000));
    CHECK_EQ_STR(r.payee_account, "firm/" F1 "/cash");
    CHECK_EQ_STR(r.transfer_id, "rdr." F1 ".y2024");
    CHECK_EQ_INT(r.status, RDRESERVE_PAID);
    CHECK_EQ_INT(balance(s, "budget/gd/rd"), INT64_C(170000000));
    /* paid once: the record, nothing moved */
    CHECK_EQ_INT(pay(s, day(2025, 7, 1), F1, 2024, &r, &existed, &err), HS_OK);
    CHECK(existed);
    CHECK_EQ_INT(balance(s, "budget/gd/rd"), INT64_C(170000000));
    /* F2: 300万 computed, the policy's min caps it at 100万 */
    CHECK_EQ_INT(pay(s, day(2025, 6, 30), F2, 2024, &r, &existed, &err), HS_OK);
    CHECK_EQ_INT(r.amount_fen, INT64_C(100000000));
    CHECK_EQ_INT(balance(s, "budget/gd/rd"), INT64_C(70000000));
    /* F2 2025 has no filing: refused by the policy's clause, nothing stored */
    CHECK_EQ_INT(pay(s, day(2026, 6, 30), F2, 2025, &r, &existed, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "not_eligible");
    CHECK(strstr(err.msg, "本年度须有申报") != NULL);
    bool found = false;
    CHECK_EQ_INT(rdreserve_get(s, F2, 2025, &r, &found, &err), HS_OK);
    CHECK(found && r.status == RDRESERVE_REGISTERED && r.amount_fen == 0);
    /* no reserve registered */
    CHECK_EQ_INT(pay(s, day(2025, 6, 30), F1, 2023, &r, &existed, &err), HS_NOT_FOUND);
    CHECK_EQ_STR(err.field, "year");
    store_check_report rep;
    CHECK_EQ_INT(store_check(s, &rep, &err), HS_OK);
    CHECK(rep.ok);
    rdreserve_verify_report vr;
    CHECK_EQ_INT(rdreserve_verify(s, &vr, &err), HS_OK);
    CHECK(vr.ok);
    CHECK_EQ_INT(vr.checks, 3);
    store_close(s);
}

TEST(rdreserve_beyond_the_budget_leaves_nothing) {
    hs_store *s = book(INT64_C(20000000)); /* 20万: F1's 30万 does not fit */
    if (s == NULL)
        return;
    hs_error err = {0};
    rdreserve r;
    bool existed = false;
    CHECK_EQ_INT(pay(s, day(2025, 6, 30), F1, 2024, &r, &existed, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "exceeds_credits");
    CHECK_EQ_INT(balance(s, "budget/gd/rd"), INT64_C(20000000));
    bool found = false;
    CHECK_EQ_INT(rdreserve_get(s, F1, 2024, &r, &found, &err), HS_OK);
    CHECK(found && r.status == RDRESERVE_REGISTERED);
    rdreserve_verify_report vr;
    CHECK_EQ_INT(rdreserve_verify(s, &vr, &err), HS_OK);
    CHECK(vr.ok);
    store_close(s);
}
