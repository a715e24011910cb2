/* test_programme.c — programmes on an in-memory book: refused operations leave nothing behind, a
 * close is one transaction (rolled back, nothing of it remains), budgets and appropriations belong
 * to the module, and the flow helpers read transfers without references. */
#include "harness.h"

#include <string.h>

#include "base/clock.h"
#include "instrument/programme.h"
#include "ledger/transfer_codec.h"
#include "ops/programme_ops.h"
#include "store/book.h"
#include "store/flows.h"
#include "store/store.h"

static hs_store *book(void) {
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
    return s;
}

static void check_book(hs_store *s, int line) {
    store_check_report rep;
    hs_error err = {0};
    if (store_check(s, &rep, &err) != HS_OK || !rep.ok)
        harness_fail(__FILE__, line, "check: %s %s", err.msg, rep.first_violation);
}

static hs_date day(int y, int m, int d) {
    return date_from_ymd(y, m, d);
}

static int64_t remaining_of(hs_store *s, const char *account) {
    hs_account a;
    bool found = false;
    hs_error err = {0};
    if (store_account_by_name(s, account, &a, &found, &err) != HS_OK || !found)
        return -1;
    return a.credits_posted_fen - a.debits_posted_fen - a.debits_pending_fen;
}

static hs_ctx ctx_of(hs_store *s, hs_clock *clock) {
    *clock = hs_clock_system();
    return ops_ctx(s, clock, test_principal(), ".");
}

TEST(programme_fund_unknown_or_closed_is_named_and_leaves_nothing) {
    hs_store *s = book();
    hs_clock clock;
    hs_ctx ctx = ctx_of(s, &clock);
    hs_error err = {0};
    approval_outcome gate;
    programme p = {.id = "p", .created_date = day(2024, 1, 1)};
    CHECK_EQ_INT(ops_programme_create(&ctx, &p, &err), HS_OK);
    CHECK_EQ_INT(ops_programme_fund(&ctx, "nowhere", "b", 100, day(2024, 1, 2), NULL, &gate, &err),
                 HS_NOT_FOUND);
    CHECK_EQ_STR(err.code, "not_found");
    CHECK_EQ_INT(ops_programme_fund(&ctx, "p", "b", 0, day(2024, 1, 2), NULL, &gate, &err),
                 HS_INPUT);
    CHECK_EQ_STR(err.field, "amount");
    CHECK_EQ_INT(ops_programme_close(&ctx, "p", day(2024, 2, 1), &err), HS_OK);
    CHECK_EQ_INT(ops_programme_fund(&ctx, "p", "late", 100, day(2024, 2, 2), NULL, &gate, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "state_conflict");
    CHECK_EQ_INT(remaining_of(s, "budget/p/late"), -1); /* no budget account left behind */
    CHECK_EQ_INT(ops_programme_close(&ctx, "p", day(2024, 2, 3), &err), HS_REFUSED);
    check_book(s, __LINE__);
    store_close(s);
}

TEST(programme_accounts_belong_to_the_module) {
    hs_store *s = book();
    hs_error err = {0};
    programme p = {.id = "p", .created_date = day(2024, 1, 1)};
    CHECK_EQ_INT(programme_create(s, &p, &err), HS_OK);
    CHECK_EQ_INT(programme_fund(s, "p", "b", 500, day(2024, 1, 2), NULL, &err), HS_OK);
    hs_account a;
    bool found = false;
    CHECK_EQ_INT(store_account_by_name(s, "appropriation/p", &a, &found, &err), HS_OK);
    CHECK(found);
    CHECK_EQ_STR(a.owner, "programme");
    CHECK_EQ_INT(store_account_by_name(s, "budget/p/b", &a, &found, &err), HS_OK);
    CHECK(found);
    CHECK_EQ_STR(a.owner, "programme");
    CHECK_EQ_INT(a.flags, ACCOUNT_DEBITS_LE_CREDITS);
    store_close(s);
}

TEST(programme_close_is_one_transaction) {
    hs_store *s = book();
    hs_error err = {0};
    programme p = {.id = "p", .created_date = day(2024, 1, 1)};
    CHECK_EQ_INT(programme_create(s, &p, &err), HS_OK);
    CHECK_EQ_INT(programme_fund(s, "p", "a", 700, day(2024, 1, 2), NULL, &err), HS_OK);
    CHECK_EQ_INT(programme_fund(s, "p", "b", 300, day(2024, 1, 2), NULL, &err), HS_OK);
    /* a reservation on budget a stays through the close */
    hs_account firm;
    bool existed;
    CHECK_EQ_INT(book_account_create(s, "firm/x/cash", "enterprise", 0, &firm, &existed, &err),
                 HS_OK);
    hs_transfer t;
    transfer_init(&t);
    snprintf(t.id, sizeof t.id, "res-1");
    snprintf(t.debit, sizeof t.debit, "budget/p/a");
    snprintf(t.credit, sizeof t.credit, "firm/x/cash");
    t.amount_fen = 200;
    t.flags = TRANSFER_PENDING;
    transfer_result r;
    CHECK_EQ_INT(book_transfer(s, &t, 1, &r, true, NULL, &err), HS_OK);

    /* closed inside a transaction that is then rolled back: nothing of the close remains */
    hs_tx tx;
    CHECK_EQ_INT(hs_tx_begin(s, &tx, &err), HS_OK);
    CHECK_EQ_INT(programme_tx_close(&tx, "p", day(2024, 3, 1), &err), HS_OK);
    CHECK_EQ_INT(remaining_of(s, "budget/p/a"), 0); /* seen inside the transaction */
    hs_tx_rollback(&tx);
    CHECK_EQ_INT(remaining_of(s, "budget/p/a"), 500);
    CHECK_EQ_INT(remaining_of(s, "budget/p/b"), 300);
    CHECK_EQ_INT(programme_require_open(s, "p", &err), HS_OK);

    /* committed: every unreserved remainder is back, the reservation stays, the figures add up */
    hs_clock clock;
    hs_ctx ctx = ctx_of(s, &clock);
    CHECK_EQ_INT(ops_programme_close(&ctx, "p", day(2024, 3, 1), &err), HS_OK);
    programme_status ps;
    CHECK_EQ_INT(ops_programme_status(&ctx, "p", &ps, &err), HS_OK);
    CHECK(ps.programme.closed);
    CHECK_EQ_INT(ps.n_budgets, 2);
    CHECK_EQ_INT(ps.totals[PROGRAMME_APPROPRIATED], 1000);
    CHECK_EQ_INT(ps.totals[PROGRAMME_CLOSED_OUT], 800);
    CHECK_EQ_INT(ps.totals[PROGRAMME_RESERVED], 200);
    CHECK_EQ_INT(ps.totals[PROGRAMME_REMAINING], 0);
    programme_status_free(&ps);
    check_book(s, __LINE__);
    store_close(s);
}

TEST(programme_status_of_unknown_is_not_found) {
    hs_store *s = book();
    hs_clock clock;
    hs_ctx ctx = ctx_of(s, &clock);
    hs_error err = {0};
    programme_status ps;
    CHECK_EQ_INT(ops_programme_status(&ctx, "nope", &ps, &err), HS_NOT_FOUND);
    CHECK_EQ_INT(ps.n_budgets, 0);
    store_close(s);
}

TEST(flow_helpers_classify_and_read_refs) {
    hs_transfer t;
    transfer_init(&t);
    char v[64];
    CHECK(!flow_ref(&t, "firm", v, sizeof v)); /* a transfer without references */
    CHECK_EQ_STR(v, "");
    char why[128];
    CHECK(transfer_add_ref(&t, "firm", "91510107MA6CM4R26W", why, sizeof why));
    CHECK(flow_ref(&t, "firm", v, sizeof v));
    CHECK_EQ_STR(v, "91510107MA6CM4R26W");
    CHECK(!flow_ref(&t, "policy", v, sizeof v));
    snprintf(t.refs, sizeof t.refs, "{not json");
    CHECK(!flow_ref(&t, "firm", v, sizeof v));
    CHECK_EQ_INT(flow_kind_of(&t), FLOW_MOVE);
    CHECK(flow_moved(&t));
    t.flags = TRANSFER_PENDING;
    t.state = PENDING_OPEN;
    CHECK_EQ_INT(flow_kind_of(&t), FLOW_RESERVE);
    CHECK(flow_reservation_open(&t) && !flow_moved(&t));
    t.state = PENDING_POSTED;
    CHECK(!flow_reservation_open(&t));
    t.flags = TRANSFER_POST_PENDING;
    CHECK(flow_kind_of(&t) == FLOW_POST && flow_moved(&t));
    t.flags = TRANSFER_VOID_PENDING;
    CHECK(flow_kind_of(&t) == FLOW_RELEASE && !flow_moved(&t));
}

TEST(programme_multi_year_funds_only_what_is_released_and_releases_only_what_is_pledged) {
    hs_store *s = book();
    hs_error err = {0};
    hs_clock clock;
    hs_ctx ctx = ctx_of(s, &clock);
    programme p = {.created_date = day(2024, 1, 1), .multi_year_fen = 1200};
    snprintf(p.id, sizeof p.id, "my");
    CHECK(ops_programme_create(&ctx, &p, &err) == HS_OK);
    programme got;
    bool found = false;
    CHECK(programme_get(s, "my", &got, &found, &err) == HS_OK && found);
    CHECK_EQ_INT(got.multi_year_fen, 1200);
    approval_outcome gate;
    /* nothing released: funding one fen is the ledger's refusal, and leaves no budget */
    CHECK(ops_programme_fund(&ctx, "my", "a", 1, day(2024, 1, 2), NULL, &gate, &err) == HS_REFUSED);
    CHECK_EQ_STR(err.code, "exceeds_credits");
    CHECK_EQ_INT(remaining_of(s, "budget/my/a"), -1);
    CHECK(ops_programme_release(&ctx, "my", 400, day(2024, 1, 3), NULL, &gate, &err) == HS_OK);
    CHECK(!gate.pending);
    CHECK(ops_programme_fund(&ctx, "my", "a", 400, day(2024, 1, 4), NULL, &gate, &err) == HS_OK);
    CHECK(ops_programme_fund(&ctx, "my", "a", 1, day(2024, 1, 4), "one-more", &gate, &err) ==
          HS_REFUSED);
    CHECK(ops_programme_release(&ctx, "my", 801, day(2025, 1, 3), NULL, &gate, &err) == HS_REFUSED);
    CHECK_EQ_STR(err.code, "exceeds_credits");
    CHECK(ops_programme_release(&ctx, "my", 800, day(2025, 1, 3), NULL, &gate, &err) == HS_OK);
    programme_appropriation a;
    CHECK(programme_appropriation_read(s, "my", &a, &err) == HS_OK);
    CHECK(a.multi_year);
    CHECK_EQ_INT(a.pledged_fen, 1200);
    CHECK_EQ_INT(a.released_fen, 1200);
    CHECK_EQ_INT(a.unreleased_fen, 0);
    CHECK_EQ_INT(a.unbudgeted_fen, 800);
    CHECK(ops_programme_release(&ctx, "my", 0, day(2025, 1, 3), NULL, &gate, &err) == HS_INPUT);
    /* an open-ended programme has nothing to release and reads as such */
    programme open = {.created_date = day(2024, 1, 1)};
    snprintf(open.id, sizeof open.id, "open");
    CHECK(ops_programme_create(&ctx, &open, &err) == HS_OK);
    CHECK(ops_programme_release(&ctx, "open", 1, day(2024, 1, 3), NULL, &gate, &err) == HS_REFUSED);
    CHECK_EQ_STR(err.code, "state_conflict");
    CHECK(programme_appropriation_read(s, "open", &a, &err) == HS_OK);
    CHECK(!a.multi_year && a.pledged_fen == 0);
    check_book(s, __LINE__);
    store_close(s);
}
