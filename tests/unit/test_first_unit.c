/* test_first_unit.c — first units of major equipment (首台套) on an in-memory book: the cover's
 * last day, the premium subsidy (80% at most 3% a year, at most 3 years counted) paid once to the
 * insured maker, the policy's refusals (not on the catalogue), a claim's insurer payment recorded
 * and its top-up paid to the buyer, a failure that does not qualify leaving nothing behind, and
 * store_check / first_unit_verify clean afterwards. */
#include "harness.h"

#include <string.h>

#include "base/money.h"
#include "instrument/first_unit.h"
#include "instrument/first_unit_verify.h"
#include "instrument/programme.h"
#include "store/book.h"
#include "store/store.h"

#define MAKER "913202117000100150"
#define BUYER "91320211700010023T"

static const char POLICY[] =
    "policy t.first_unit version 1\n"
    "title zh \"首台套\" en \"First units\"\n"
    "instrument subsidy\n"
    "budget \"budget/fu/ins\"\n"
    "valid 2025-01-01 .. 2027-12-31\n"
    "source \"test\"\n"
    "param share: rate = 80%\n"
    "param ceiling: rate = 3%\n"
    "input event: enum(premium, claim)\n"
    "input on_catalogue: bool = false\n"
    "input price: money\n"
    "input premium_total: money\n"
    "input cover_years: int\n"
    "input failure: enum(none, quality, liability, other) = none\n"
    "input loss: money = 0元\n"
    "input insurer_paid: money = 0元\n"
    "input in_cover: bool = false\n"
    "rule listed \"clause: 目录\": on_catalogue\n"
    "rule qualifying \"clause: 质量风险\": event == premium or (failure == quality and in_cover)\n"
    "let counted = min(cover_years, 3)\n"
    "let base = min(premium_total * counted / cover_years, price * ceiling * counted)\n"
    "amount \"clause: 80%\": if event == premium then base * share else (loss - insurer_paid) * "
    "20%\n";

static hs_date day(int y, int m, int d) {
    return date_from_ymd(y, m, d);
}

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

static int64_t balance(hs_store *s, const char *name) {
    hs_account a;
    bool found = false;
    hs_error err = {0};
    CHECK_EQ_INT(store_account_by_name(s, name, &a, &found, &err), HS_OK);
    CHECK(found);
    return account_held_fen(&a);
}

static first_unit_request unit(const char *id, const char *item, int64_t price_fen,
                               int64_t premium_fen, int years) {
    first_unit_request r;
    memset(&r, 0, sizeof r);
    snprintf(r.id, sizeof r.id, "%s", id);
    snprintf(r.item, sizeof r.item, "%s", item);
    snprintf(r.maker, sizeof r.maker, MAKER);
    snprintf(r.buyer, sizeof r.buyer, BUYER);
    snprintf(r.insurer, sizeof r.insurer, "PICC");
    r.price_fen = price_fen;
    r.premium_fen = premium_fen;
    r.unit_no = 1;
    r.insured = FIRST_UNIT_MAKER;
    r.cover_from = day(2025, 3, 1);
    r.cover_years = years;
    return r;
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
    programme prog = {.id = "fu", .created_date = day(2025, 1, 1)};
    CHECK_EQ_INT(programme_create(s, &prog, &err), HS_OK);
    CHECK_EQ_INT(programme_fund(s, "fu", "ins", budget_fen, day(2025, 1, 2), NULL, &err), HS_OK);
    instrument_policy ip;
    CHECK_EQ_INT(instrument_policy_from_text("t.policy", POLICY, sizeof POLICY - 1,
                                             HS_INSTR_SUBSIDY, &ip, &err),
                 HS_OK);
    hs_tx tx;
    CHECK_EQ_INT(begin(s, day(2025, 1, 2), &tx, &err), HS_OK);
    first_unit_item it = {.item = "CNC", .name = "数控机床"};
    CHECK_EQ_INT(first_unit_catalogue_add(&tx, &it, NULL, &err), HS_OK);
    first_unit u;
    first_unit_request reqs[] = {
        unit("U1", "CNC", INT64_C(5000000000), INT64_C(150000000), 1), /* 120万 */
        unit("U2", "CNC", INT64_C(1000000000), INT64_C(200000000), 5), /* 72万 */
        unit("U3", "OFF", INT64_C(1000000000), INT64_C(30000000), 1),  /* not listed */
    };
    for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++)
        CHECK_EQ_INT(first_unit_register(&tx, &ip, &reqs[i], day(2025, 1, 2), &u, NULL, &err),
                     HS_OK);
    CHECK_EQ_INT(hs_tx_commit(&tx, &err), HS_OK);
    instrument_policy_free(&ip);
    return s;
}

static hs_status subsidise(hs_store *s, const char *id, first_unit *u, bool *existed,
                           hs_error *err) {
    hs_tx tx;
    hs_status st = begin(s, day(2025, 6, 1), &tx, err);
    return st != HS_OK
               ? st
               : finish(&tx, first_unit_subsidise(&tx, id, NULL, NULL, u, existed, err), err);
}

static hs_status claim(hs_store *s, const char *id, first_unit_failure f, hs_date on,
                       first_unit_claim *out, bool *existed, hs_error *err) {
    first_unit_claim c = {.date = on,
                          .failure = f,
                          .loss_fen = INT64_C(500000000),
                          .insurer_paid_fen = INT64_C(300000000)};
    snprintf(c.id, sizeof c.id, "%s", id);
    snprintf(c.unit, sizeof c.unit, "U1");
    hs_tx tx;
    hs_status st = begin(s, day(2025, 10, 1), &tx, err);
    return st != HS_OK
               ? st
               : finish(&tx, first_unit_claim_record(&tx, &c, NULL, NULL, out, existed, err), err);
}

TEST(first_unit_cover_ends_the_day_before_its_anniversary) {
    CHECK_EQ_INT(first_unit_cover_to(day(2025, 3, 1), 1), day(2026, 2, 28));
    CHECK_EQ_INT(first_unit_cover_to(day(2024, 3, 1), 1), day(2025, 2, 28));
    CHECK_EQ_INT(first_unit_cover_to(day(2024, 1, 1), 3), day(2026, 12, 31));
    first_unit_party p;
    CHECK(first_unit_party_parse("buyer", &p) && p == FIRST_UNIT_BUYER);
    CHECK(!first_unit_party_parse("insurer", &p));
    first_unit_failure f;
    CHECK(first_unit_failure_parse("liability", &f) && f == FIRST_UNIT_FAIL_LIABILITY);
    CHECK(!first_unit_failure_parse("", &f));
}

TEST(first_unit_premium_subsidy_is_exact_and_paid_once) {
    hs_store *s = book(INT64_C(200000000)); /* 200万 */
    if (s == NULL)
        return;
    hs_error err = {0};
    first_unit u;
    bool existed = false;
    CHECK_EQ_INT(subsidise(s, "U1", &u, &existed, &err), HS_OK);
    CHECK_EQ_INT(u.subsidy_fen, INT64_C(120000000)); /* 150万 x 80% */
    CHECK_EQ_STR(u.payee_account, "firm/" MAKER "/cash");
    CHECK_EQ_STR(u.transfer_id, "fu.U1.p1");
    CHECK_EQ_INT(subsidise(s, "U1", &u, &existed, &err), HS_OK);
    CHECK(existed);
    /* 5 years: 200万 x 3/5 = 120万 > 1,000万 x 3% x 3 = 90万; 90万 x 80% = 72万 */
    CHECK_EQ_INT(subsidise(s, "U2", &u, &existed, &err), HS_OK);
    CHECK_EQ_INT(u.subsidy_fen, INT64_C(72000000));
    CHECK_EQ_INT(balance(s, "budget/fu/ins"), INT64_C(8000000));
    CHECK_EQ_INT(subsidise(s, "U3", &u, &existed, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "not_eligible");
    CHECK(strstr(err.msg, "目录") != NULL);
    CHECK_EQ_INT(subsidise(s, "U9", &u, &existed, &err), HS_NOT_FOUND);
    first_unit_verify_report vr;
    CHECK_EQ_INT(first_unit_verify(s, &vr, &err), HS_OK);
    CHECK(vr.ok);
    store_close(s);
}

TEST(first_unit_claims_record_the_insurer_and_pay_the_topup) {
    hs_store *s = book(INT64_C(200000000));
    if (s == NULL)
        return;
    hs_error err = {0};
    first_unit_claim c;
    bool existed = false;
    /* (500万 - 300万) x 20% = 40万 to the buyer */
    CHECK_EQ_INT(claim(s, "C1", FIRST_UNIT_FAIL_QUALITY, day(2025, 9, 1), &c, &existed, &err),
                 HS_OK);
    CHECK_EQ_INT(c.topup_fen, INT64_C(40000000));
    CHECK_EQ_STR(c.payee_account, "firm/" BUYER "/cash");
    CHECK_EQ_INT(c.seq, 1);
    CHECK_EQ_INT(balance(s, "budget/fu/ins"), INT64_C(160000000));
    CHECK_EQ_INT(claim(s, "C1", FIRST_UNIT_FAIL_QUALITY, day(2025, 9, 1), &c, &existed, &err),
                 HS_OK);
    CHECK(existed);
    /* another failure does not qualify; nothing recorded */
    CHECK_EQ_INT(claim(s, "C2", FIRST_UNIT_FAIL_OTHER, day(2025, 9, 2), &c, &existed, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "not_eligible");
    /* before the cover starts */
    CHECK_EQ_INT(claim(s, "C3", FIRST_UNIT_FAIL_QUALITY, day(2025, 2, 1), &c, &existed, &err),
                 HS_REFUSED);
    /* after today is bad input */
    CHECK_EQ_INT(claim(s, "C4", FIRST_UNIT_FAIL_QUALITY, day(2025, 10, 2), &c, &existed, &err),
                 HS_INPUT);
    CHECK_EQ_STR(err.field, "date");
    first_unit u;
    bool found = false;
    CHECK_EQ_INT(first_unit_get(s, "U1", &u, &found, &err), HS_OK);
    CHECK(found && u.claims == 1 && u.insurer_paid_fen == INT64_C(300000000) &&
          u.topup_fen == INT64_C(40000000));
    store_check_report rep;
    CHECK_EQ_INT(store_check(s, &rep, &err), HS_OK);
    CHECK(rep.ok);
    first_unit_verify_report vr;
    CHECK_EQ_INT(first_unit_verify(s, &vr, &err), HS_OK);
    CHECK(vr.ok);
    CHECK_EQ_INT(vr.checks, 4); /* three units, one claim */
    store_close(s);
}
