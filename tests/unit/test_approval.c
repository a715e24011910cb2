/* test_approval.c — maker-checker on an in-memory book: the threshold edge (an amount equal to the
 * threshold needs approval, one fen below does not; no threshold, no maker-checker), the maker
 * never approves their own, a reviewer out of scope or another role cannot decide, the ledger
 * moves only on approval and exactly once, a request the rules now refuse stays pending, and a
 * decided approval cannot be decided again. Every book must pass store_check afterwards. */
#include "harness.h"

#include <string.h>

#include <sqlite3.h>

#include "approval/approval.h"
#include "store/sqlite/sqlite_store.h"
#include "base/clock.h"
#include "ops/approval_ops.h"
#include "ops/programme_ops.h"
#include "ops/subsidy_ops.h"
#include "store/store.h"

#define WAN(x) ((int64_t)(x)*10000 * 100) /* x万 in fen */
#define FIRM "91510100MA6CA00016"
#define SUBSIDY_BUDGET "budget/chengdu-2024/first-version-software"

static hs_store *book(void) {
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
    return s;
}

static bool book_ok(hs_store *s) {
    store_check_report rep;
    hs_error err = {0};
    return store_check(s, &rep, &err) == HS_OK && rep.ok;
}

static hs_date day(int y, int m, int d) {
    return date_from_ymd(y, m, d);
}

static int64_t credits_of(hs_store *s, const char *account) {
    hs_account a;
    bool found = false;
    hs_error err = {0};
    if (store_account_by_name(s, account, &a, &found, &err) != HS_OK || !found)
        return -1;
    return a.credits_posted_fen;
}

static int64_t debits_of(hs_store *s, const char *account) {
    hs_account a;
    bool found = false;
    hs_error err = {0};
    if (store_account_by_name(s, account, &a, &found, &err) != HS_OK || !found)
        return -1;
    return a.debits_posted_fen;
}

static hs_principal reviewer(const char *user, const char *programme_scope) {
    hs_principal p = principal_make(user, HS_ROLE_REVIEWER);
    if (programme_scope != NULL) {
        hs_scope sc = {.kind = HS_SCOPE_PROGRAMME};
        snprintf(sc.id, sizeof sc.id, "%s", programme_scope);
        principal_add_scope(&p, sc);
    }
    return p;
}

/* A book with programme `id` (threshold: NULL none) created by the operator. */
static hs_store *with_programme(const char *id, const int64_t *threshold, hs_clock *clock) {
    hs_store *s = book();
    *clock = hs_clock_system();
    hs_ctx ctx = ops_ctx(s, clock, test_principal(), ".");
    programme p = {.created_date = day(2024, 1, 1)};
    snprintf(p.id, sizeof p.id, "%s", id);
    hs_error err = {0};
    CHECK_EQ_INT(ops_approval_programme_create(&ctx, &p, threshold, &err), HS_OK);
    return s;
}

TEST(approval_threshold_edge_equal_needs_approval_below_does_not) {
    hs_clock clock;
    int64_t threshold = WAN(100);
    hs_store *s = with_programme("p", &threshold, &clock);
    hs_principal alice = principal_make("alice", HS_ROLE_OFFICER);
    hs_ctx ctx = ops_ctx(s, &clock, &alice, ".");
    hs_error err = {0};
    approval_outcome gate;
    CHECK_EQ_INT(
        ops_programme_fund(&ctx, "p", "b", WAN(100) - 1, day(2024, 1, 2), NULL, &gate, &err),
        HS_OK);
    CHECK(!gate.pending);
    CHECK_EQ_INT(credits_of(s, "budget/p/b"), WAN(100) - 1);
    CHECK_EQ_INT(ops_programme_fund(&ctx, "p", "b", WAN(100), day(2024, 1, 3), NULL, &gate, &err),
                 HS_OK);
    CHECK(gate.pending);
    CHECK_EQ_STR(gate.approval.id, "A-1");
    CHECK_EQ_STR(gate.approval.maker, "alice");
    CHECK_EQ_STR(gate.approval.state, "pending");
    CHECK_EQ_INT(gate.approval.amount_fen, WAN(100));
    CHECK_EQ_INT(credits_of(s, "budget/p/b"), WAN(100) - 1); /* nothing moved */
    /* a retry of the same request is the same pending approval; another maker's is a new one */
    CHECK_EQ_INT(ops_programme_fund(&ctx, "p", "b", WAN(100), day(2024, 1, 4), NULL, &gate, &err),
                 HS_OK);
    CHECK_EQ_STR(gate.approval.id, "A-1");
    hs_principal bert = principal_make("bert", HS_ROLE_OFFICER);
    hs_ctx as_bert = ops_ctx(s, &clock, &bert, ".");
    CHECK_EQ_INT(
        ops_programme_fund(&as_bert, "p", "b", WAN(100), day(2024, 1, 4), NULL, &gate, &err),
        HS_OK);
    CHECK_EQ_STR(gate.approval.id, "A-2");
    CHECK(book_ok(s));
    store_close(s);
}

TEST(approval_threshold_zero_gates_every_payment_and_none_gates_nothing) {
    hs_clock clock;
    int64_t zero = 0;
    hs_store *s = with_programme("p", &zero, &clock);
    hs_ctx ctx = ops_ctx(s, &clock, test_principal(), ".");
    hs_error err = {0};
    approval_outcome gate;
    CHECK_EQ_INT(ops_programme_fund(&ctx, "p", "b", 1, day(2024, 1, 2), NULL, &gate, &err), HS_OK);
    CHECK(gate.pending);
    CHECK_EQ_INT(credits_of(s, "budget/p/b"), -1); /* not even the account was made */
    int64_t threshold = -1;
    bool set = false;
    CHECK_EQ_INT(ops_approval_threshold(&ctx, "p", &threshold, &set, &err), HS_OK);
    CHECK(set && threshold == 0);
    approval a;
    CHECK_EQ_INT(ops_approval_get(&ctx, "A-1", &a, &err), HS_OK);
    CHECK_EQ_STR(a.action, "programme.fund");
    store_close(s);
    s = with_programme("q", NULL, &clock);
    ctx = ops_ctx(s, &clock, test_principal(), ".");
    CHECK_EQ_INT(ops_programme_fund(&ctx, "q", "b", WAN(10000), day(2024, 1, 2), NULL, &gate, &err),
                 HS_OK);
    CHECK(!gate.pending);
    CHECK_EQ_INT(credits_of(s, "budget/q/b"), WAN(10000));
    json_t *list = NULL;
    CHECK_EQ_INT(ops_approval_list(&ctx, NULL, NULL, &list, &err), HS_OK);
    CHECK_EQ_INT(json_array_size(list), 0);
    json_decref(list);
    set = true;
    CHECK_EQ_INT(ops_approval_threshold(&ctx, "q", &threshold, &set, &err), HS_OK);
    CHECK(!set);
    CHECK_EQ_INT(ops_approval_threshold(&ctx, "nowhere", &threshold, &set, &err), HS_NOT_FOUND);
    CHECK_EQ_INT(ops_approval_get(&ctx, "A-1", &a, &err), HS_NOT_FOUND);
    store_close(s);
}

TEST(approval_maker_never_approves_scope_and_role_are_checked_ledger_moves_once) {
    hs_clock clock;
    int64_t threshold = WAN(100);
    hs_store *s = with_programme("p", &threshold, &clock);
    hs_principal alice = reviewer("alice", "p"); /* a reviewer may make, but not check her own */
    hs_principal bob = reviewer("bob", "other");
    hs_principal dave = principal_make("dave", HS_ROLE_OFFICER);
    principal_add_scope(&dave, (hs_scope){.kind = HS_SCOPE_PROGRAMME, .id = "p"});
    hs_principal carol = reviewer("carol", "p");
    hs_ctx as_alice = ops_ctx(s, &clock, &alice, ".");
    hs_ctx as_bob = ops_ctx(s, &clock, &bob, ".");
    hs_ctx as_dave = ops_ctx(s, &clock, &dave, ".");
    hs_ctx as_carol = ops_ctx(s, &clock, &carol, ".");
    hs_error err = {0};
    approval_outcome gate;
    CHECK_EQ_INT(
        ops_programme_fund(&as_alice, "p", "b", WAN(500), day(2024, 1, 2), NULL, &gate, &err),
        HS_OK);
    CHECK(gate.pending);
    approval a;
    CHECK_EQ_INT(ops_approval_approve(&as_alice, "A-1", NULL, day(2024, 1, 3), &a, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "maker_cannot_approve");
    CHECK_EQ_INT(ops_approval_approve(&as_bob, "A-1", NULL, day(2024, 1, 3), &a, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "forbidden");
    CHECK_EQ_INT(ops_approval_approve(&as_dave, "A-1", NULL, day(2024, 1, 3), &a, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "forbidden");
    CHECK_EQ_INT(credits_of(s, "budget/p/b"), -1); /* still nothing moved */
    /* bob sees no approval of a programme outside his scope */
    json_t *list = NULL;
    CHECK_EQ_INT(ops_approval_list(&as_bob, NULL, NULL, &list, &err), HS_OK);
    CHECK_EQ_INT(json_array_size(list), 0);
    json_decref(list);
    CHECK_EQ_INT(
        ops_approval_approve(&as_carol, "A-1", "checked the plan", day(2024, 1, 3), &a, &err),
        HS_OK);
    CHECK_EQ_STR(a.state, "executed");
    CHECK_EQ_STR(a.checker, "carol");
    CHECK_EQ_INT(a.decided_date, day(2024, 1, 3));
    CHECK_EQ_INT(credits_of(s, "budget/p/b"), WAN(500));
    /* executed once: deciding again is a state conflict and moves nothing */
    CHECK_EQ_INT(ops_approval_approve(&as_carol, "A-1", NULL, day(2024, 1, 4), &a, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "state_conflict");
    CHECK_EQ_INT(ops_approval_reject(&as_carol, "A-1", "too late", day(2024, 1, 4), &a, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "state_conflict");
    CHECK_EQ_INT(credits_of(s, "budget/p/b"), WAN(500));
    CHECK_EQ_INT(ops_approval_list(&as_carol, "p", "executed", &list, &err), HS_OK);
    CHECK_EQ_INT(json_array_size(list), 1);
    json_decref(list);
    CHECK_EQ_INT(ops_approval_approve(&as_carol, "A-9", NULL, day(2024, 1, 4), &a, &err),
                 HS_NOT_FOUND);
    CHECK_EQ_INT(ops_approval_approve(&as_carol, "nine", NULL, day(2024, 1, 4), &a, &err),
                 HS_INPUT);
    CHECK(book_ok(s));
    store_close(s);
}

TEST(approval_refused_at_execution_stays_pending_and_reject_needs_a_reason) {
    hs_clock clock;
    int64_t threshold = 0;
    hs_store *s = with_programme("p", &threshold, &clock);
    hs_ctx op = ops_ctx(s, &clock, test_principal(), ".");
    hs_principal carol = reviewer("carol", "p");
    hs_ctx as_carol = ops_ctx(s, &clock, &carol, ".");
    hs_error err = {0};
    approval_outcome gate;
    CHECK_EQ_INT(ops_programme_fund(&op, "p", "b", WAN(5), day(2024, 1, 2), NULL, &gate, &err),
                 HS_OK);
    CHECK(gate.pending);
    CHECK_EQ_INT(ops_programme_close(&op, "p", day(2024, 1, 3), &err), HS_OK);
    approval a;
    CHECK_EQ_INT(ops_approval_approve(&as_carol, "A-1", NULL, day(2024, 1, 4), &a, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "state_conflict"); /* the programme is closed */
    CHECK(strstr(err.msg, "stays pending") != NULL);
    json_t *list = NULL;
    CHECK_EQ_INT(ops_approval_list(&op, "p", "pending", &list, &err), HS_OK);
    CHECK_EQ_INT(json_array_size(list), 1);
    json_decref(list);
    CHECK_EQ_INT(ops_approval_reject(&as_carol, "A-1", "", day(2024, 1, 4), &a, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "--reason");
    CHECK_EQ_INT(
        ops_approval_reject(&as_carol, "A-1", "programme closed", day(2024, 1, 4), &a, &err),
        HS_OK);
    CHECK_EQ_STR(a.state, "rejected");
    CHECK_EQ_STR(a.reason, "programme closed");
    CHECK_EQ_INT(credits_of(s, "budget/p/b"), -1);
    CHECK(book_ok(s));
    store_close(s);
}

static hs_status apply(const hs_ctx *ctx, const char *id, subsidy_app *out, hs_error *err) {
    json_t *inputs = json_object();
    json_object_set_new(inputs, "role", json_string("maker"));
    json_object_set_new(inputs, "software_price", json_string("1000万"));
    policy_doc doc_;
    hs_error perr_ = {0};
    if (policy_doc_file("policies/chengdu-first-version-software.policy", &doc_, &perr_) != HS_OK)
        harness_fail(__FILE__, __LINE__, "%s", perr_.msg);
    ops_subsidy_apply_req req = {.policy = &doc_,
                                 .firm = FIRM,
                                 .id = id,
                                 .product = "soft-A",
                                 .on = day(2024, 6, 1),
                                 .inputs = inputs};
    hs_status st = ops_subsidy_apply(ctx, &req, out, err);
    policy_doc_free(&doc_);
    json_decref(inputs);
    return st;
}

TEST(approval_subsidy_pay_below_threshold_pays_at_threshold_waits_for_a_reviewer) {
    hs_clock clock;
    int64_t threshold = WAN(100);
    hs_store *s = with_programme("chengdu-2024", &threshold, &clock);
    hs_ctx op = ops_ctx(s, &clock, test_principal(), ".");
    hs_principal carol = reviewer("carol", "chengdu-2024");
    hs_ctx as_carol = ops_ctx(s, &clock, &carol, ".");
    hs_error err = {0};
    approval_outcome gate;
    /* the funding itself is gated: the operator makes, carol checks */
    CHECK_EQ_INT(ops_programme_fund(&op, "chengdu-2024", "first-version-software", WAN(1000),
                                    day(2024, 1, 2), NULL, &gate, &err),
                 HS_OK);
    CHECK(gate.pending);
    approval a;
    CHECK_EQ_INT(ops_approval_approve(&as_carol, gate.approval.id, NULL, day(2024, 1, 3), &a, &err),
                 HS_OK);
    subsidy_app app;
    CHECK_EQ_INT(apply(&op, "fv-1", &app, &err), HS_OK);
    CHECK_EQ_INT(ops_subsidy_award(&op, "fv-1", day(2024, 6, 10), 0, &app, &err), HS_OK);
    CHECK_EQ_INT(app.award_fen, WAN(250));
    const char *firm_cash = "firm/" FIRM "/cash";
    CHECK_EQ_INT(ops_subsidy_pay(&op, "fv-1", WAN(100) - 1, day(2024, 6, 11), &app, &gate, &err),
                 HS_OK);
    CHECK(!gate.pending);
    CHECK_EQ_INT(credits_of(s, firm_cash), WAN(100) - 1);
    /* the rest (0: all still reserved = 150万 + 1 fen) is at or above the threshold */
    CHECK_EQ_INT(ops_subsidy_pay(&op, "fv-1", 0, day(2024, 6, 12), &app, &gate, &err), HS_OK);
    CHECK(gate.pending);
    CHECK_EQ_STR(gate.approval.action, "subsidy.pay");
    CHECK_EQ_INT(gate.approval.amount_fen, WAN(150) + 1);
    CHECK_EQ_STR(app.status, "awarded");
    CHECK_EQ_INT(credits_of(s, firm_cash), WAN(100) - 1);
    approval pending = gate.approval;
    /* a pay beyond what is reserved is refused at the gate: no approval is recorded */
    CHECK_EQ_INT(ops_subsidy_pay(&op, "fv-1", WAN(300), day(2024, 6, 12), &app, &gate, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "exceeds_reserved");
    json_t *list = NULL;
    CHECK_EQ_INT(ops_approval_list(&op, NULL, "pending", &list, &err), HS_OK);
    CHECK_EQ_INT(json_array_size(list), 1);
    json_decref(list);
    /* the operator made it, so the operator cannot approve it either */
    CHECK_EQ_INT(ops_approval_approve(&op, pending.id, NULL, day(2024, 6, 13), &a, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "maker_cannot_approve");
    CHECK_EQ_INT(ops_approval_approve(&as_carol, pending.id, NULL, day(2024, 6, 13), &a, &err),
                 HS_OK);
    CHECK_EQ_INT(credits_of(s, firm_cash), WAN(250));
    CHECK_EQ_INT(debits_of(s, SUBSIDY_BUDGET), WAN(250));
    CHECK_EQ_INT(ops_subsidy_show(&op, "fv-1", &app, &list, &err), HS_OK);
    json_decref(list);
    CHECK_EQ_STR(app.status, "paid");
    CHECK(book_ok(s));
    store_close(s);
}

TEST(approval_tampered_row_is_a_storage_error_never_an_assertion) {
    hs_clock clock;
    int64_t zero = 0;
    hs_store *s = with_programme("p", &zero, &clock);
    hs_ctx op = ops_ctx(s, &clock, test_principal(), ".");
    hs_principal carol = reviewer("carol", "p");
    hs_ctx as_carol = ops_ctx(s, &clock, &carol, ".");
    hs_error err = {0};
    approval_outcome gate;
    CHECK_EQ_INT(ops_programme_fund(&op, "p", "b", WAN(5), day(2024, 1, 2), NULL, &gate, &err),
                 HS_OK);
    CHECK_EQ_INT(ops_programme_fund(&op, "p", "c", WAN(6), day(2024, 1, 2), NULL, &gate, &err),
                 HS_OK);
    /* the stored request no longer matches the approved amount: refused as damage, nothing moves */
    CHECK_EQ_INT(sqlite3_exec(store_sqlite(s),
                              "UPDATE approvals SET request = replace(request, '5000000', "
                              "'9000000') WHERE seq = 1",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    approval a;
    CHECK_EQ_INT(ops_approval_approve(&as_carol, "A-1", NULL, day(2024, 1, 3), &a, &err),
                 HS_STORAGE);
    CHECK_EQ_INT(credits_of(s, "budget/p/b"), -1);
    /* an unknown state is damage too, for reads and lists */
    CHECK_EQ_INT(sqlite3_exec(store_sqlite(s), "UPDATE approvals SET state = 'bogus' WHERE seq = 2",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    CHECK_EQ_INT(ops_approval_approve(&as_carol, "A-2", NULL, day(2024, 1, 3), &a, &err),
                 HS_STORAGE);
    json_t *list = NULL;
    CHECK_EQ_INT(ops_approval_list(&op, NULL, NULL, &list, &err), HS_STORAGE);
    CHECK(list == NULL);
    store_close(s);
}

/* Walks every page of ops_approval_page as ctx sees it (limit per page); returns the ids in
 * order as one comma-separated string in buf, and the number of pages. */
static size_t walk_pages(const hs_ctx *ctx, size_t limit, char *buf, size_t len) {
    char after[APPROVAL_ID_MAX] = "";
    size_t pages = 0, used = 0;
    buf[0] = '\0';
    for (;;) {
        hs_error err = {0};
        json_t *items = NULL;
        bool more = false;
        CHECK_EQ_INT(
            ops_approval_page(ctx, NULL, NULL, after[0] ? after : NULL, limit, &items, &more, &err),
            HS_OK);
        pages++;
        CHECK(json_array_size(items) <= limit);
        CHECK(!more || json_array_size(items) == limit);
        size_t i;
        json_t *v;
        json_array_foreach(items, i, v) {
            const char *id = json_string_value(json_object_get(v, "id"));
            used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "," : "", id);
            snprintf(after, sizeof after, "%s", id);
        }
        json_decref(items);
        if (!more || pages > 1000)
            return pages;
    }
}

TEST(approval_pages_walk_every_visible_approval_once_past_rows_out_of_scope) {
    hs_clock clock;
    int64_t threshold = 0; /* every payment waits for a checker */
    hs_store *s = with_programme("q", &threshold, &clock);
    hs_ctx op = ops_ctx(s, &clock, test_principal(), ".");
    programme p = {.id = "p", .created_date = day(2024, 1, 1)};
    hs_error err = {0};
    CHECK_EQ_INT(ops_approval_programme_create(&op, &p, &threshold, &err), HS_OK);
    approval_outcome gate;
    /* 100 approvals of q first (more than a batch of rows), then 50 of p */
    for (int i = 1; i <= 150; i++) {
        const char *prog = i <= 100 ? "q" : "p";
        CHECK_EQ_INT(
            ops_programme_fund(&op, prog, "b", WAN(1) + i, day(2024, 1, 2), NULL, &gate, &err),
            HS_OK);
        CHECK(gate.pending);
    }
    hs_principal rita = reviewer("rita", "p");
    hs_ctx as_rita = ops_ctx(s, &clock, &rita, ".");
    static char ids[8192];
    CHECK_EQ_INT(walk_pages(&as_rita, 7, ids, sizeof ids), 8); /* 50 = 7 x 7 + 1 */
    CHECK(strncmp(ids, "A-101,A-102,", 12) == 0);
    CHECK(strlen(ids) > 6 && strcmp(ids + strlen(ids) - 6, ",A-150") == 0);
    size_t commas = 0;
    for (const char *c = ids; *c; c++)
        commas += *c == ',';
    CHECK_EQ_INT(commas, 49);
    /* the whole book a page of one at a time: all 150, in order, the last page saying no more */
    CHECK_EQ_INT(walk_pages(&op, 1, ids, sizeof ids), 150);
    CHECK(strncmp(ids, "A-1,A-2,A-3,", 12) == 0);
    /* a page that ends exactly at the last approval says no more */
    json_t *items = NULL;
    bool more = true;
    CHECK_EQ_INT(ops_approval_page(&as_rita, NULL, NULL, "A-143", 7, &items, &more, &err), HS_OK);
    CHECK_EQ_INT(json_array_size(items), 7);
    CHECK(!more);
    json_decref(items);
    CHECK_EQ_INT(ops_approval_page(&as_rita, NULL, NULL, "not-an-id", 7, &items, &more, &err),
                 HS_INPUT);
    CHECK_EQ_STR(err.field, "cursor");
    CHECK(items == NULL);
    CHECK_EQ_INT(ops_approval_page(&as_rita, NULL, "bogus", NULL, 7, &items, &more, &err),
                 HS_INPUT);
    CHECK(book_ok(s));
    store_close(s);
}
