/* test_subsidy.c — subsidy applications over the operations layer on an in-memory book: a failed
 * read of what a limit has used is a storage error (never "nothing used", which would let an award
 * past `once per firm per product`), the shared limit code refuses on a failing repository, and the
 * one explanation encoder's shape. Every book must pass store_check afterwards. */
#include "harness.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "instrument/decision.h"
#include "ops/explain_view.h"
#include "ledger/transfer_codec.h"
#include "ops/subsidy_ops.h"
#include "store/book.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

#define WAN(x) ((int64_t)(x)*10000 * 100) /* x万 in fen */
#define FV "policies/chengdu-first-version-software.policy"
#define FIRM "91510100MA6CA00016"

static hs_date day(int y, int m, int d) {
    return date_from_ymd(y, m, d);
}

/* A book with budget/<programme>/<budget> funded with `fen`. */
static hs_store *funded_book(const char *budget, int64_t fen) {
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK) {
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
        return NULL;
    }
    hs_account a;
    bool existed;
    CHECK_EQ_INT(
        book_account_create(s, "appropriation/test", "appropriation", 0, &a, &existed, &err),
        HS_OK);
    CHECK_EQ_INT(
        book_account_create(s, budget, "budget", ACCOUNT_DEBITS_LE_CREDITS, &a, &existed, &err),
        HS_OK);
    hs_transfer t;
    transfer_init(&t);
    snprintf(t.id, sizeof t.id, "fund.%s", budget);
    snprintf(t.debit, sizeof t.debit, "appropriation/test");
    snprintf(t.credit, sizeof t.credit, "%s", budget);
    t.amount_fen = fen;
    t.date = day(2024, 1, 10);
    t.date_given = true;
    transfer_result r;
    CHECK_EQ_INT(book_transfer(s, &t, 1, &r, true, NULL, &err), HS_OK);
    return s;
}

static bool book_ok(hs_store *s) {
    store_check_report rep;
    hs_error err = {0};
    return store_check(s, &rep, &err) == HS_OK && rep.ok;
}

/* Interrupts any statement summing amounts: the limit reads (a storage failure mid-read). */
static int fail_sums(void *vdb) {
    sqlite3 *db = vdb;
    for (sqlite3_stmt *q = sqlite3_next_stmt(db, NULL); q != NULL; q = sqlite3_next_stmt(db, q))
        if (sqlite3_stmt_busy(q) && strstr(sqlite3_sql(q), "SUM(") != NULL)
            return 1;
    return 0;
}

static hs_status apply(const hs_ctx *ctx, const char *id, const char *price, subsidy_app *out,
                       hs_error *err) {
    json_t *inputs = json_object();
    json_object_set_new(inputs, "role", json_string("maker"));
    json_object_set_new(inputs, "software_price", json_string(price));
    policy_doc doc_;
    hs_error perr_ = {0};
    if (policy_doc_file(FV, &doc_, &perr_) != HS_OK)
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

TEST(subsidy_limit_read_failure_is_a_storage_error_not_nothing_used) {
    hs_store *s = funded_book("budget/chengdu-2024/first-version-software", WAN(1000));
    if (s == NULL)
        return;
    hs_clock clock = hs_clock_system();
    hs_ctx ctx = ops_ctx(s, &clock, test_principal(), ".");
    hs_error err = {0};
    subsidy_app a;
    CHECK_EQ_INT(apply(&ctx, "fv-1", "1000万", &a, &err), HS_OK);
    CHECK_EQ_INT(apply(&ctx, "fv-3", "100万", &a, &err), HS_OK);
    CHECK_EQ_INT(ops_subsidy_award(&ctx, "fv-1", day(2024, 6, 10), 0, &a, &err), HS_OK);
    CHECK_EQ_INT(a.award_fen, WAN(250));
    /* fv-3 is the same firm and product: `limit once per firm per product` must refuse it. If the
     * read of the limit's usage fails, the award must fail too, never pass as "nothing used". */
    sqlite3_progress_handler(store_sqlite(s), 1, fail_sums, store_sqlite(s));
    hs_error_clear(&err);
    hs_status st = ops_subsidy_award(&ctx, "fv-3", day(2024, 6, 10), 0, &a, &err);
    sqlite3_progress_handler(store_sqlite(s), 0, NULL, NULL);
    CHECK_EQ_INT(st, HS_STORAGE);
    /* nothing was left behind by the failed award */
    bool found = false;
    CHECK_EQ_INT(subsidy_find(s, "fv-3", &a, &found, &err), HS_OK);
    CHECK(found);
    CHECK_EQ_STR(a.status, "applied");
    hs_error_clear(&err);
    CHECK_EQ_INT(ops_subsidy_award(&ctx, "fv-3", day(2024, 6, 10), 0, &a, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "limit_used");
    CHECK(strstr(err.msg, "already used by application fv-1") != NULL);
    CHECK(book_ok(s));
    store_close(s);
}

static hs_status failing_usage(void *ctx, const instrument_limit_scope *scope,
                               instrument_limit_usage *out, hs_error *err) {
    (void)ctx;
    (void)scope;
    (void)out;
    return hs_fail(err, HS_STORAGE, "disk I/O error");
}

static hs_status empty_usage(void *ctx, const instrument_limit_scope *scope,
                             instrument_limit_usage *out, hs_error *err) {
    const instrument_limit_scope **seen = ctx;
    *seen = scope;
    memset(out, 0, sizeof *out);
    return HS_OK;
}

TEST(subsidy_limits_check_returns_the_repositorys_failure) {
    instrument_policy ip;
    hs_error err = {0};
    CHECK_EQ_INT(instrument_policy_load(FV, HS_INSTR_SUBSIDY, &ip, &err), HS_OK);
    instrument_limit_subject subject = {
        .kind = "application", .id = "a", .firm = FIRM, .product = "p", .may_cap = true};
    int64_t amount = WAN(100);
    CHECK_EQ_INT(instrument_limits_check(ip.policy, day(2024, 6, 1), &subject, failing_usage, NULL,
                                         &amount, NULL, 0, &err),
                 HS_STORAGE);
    CHECK_EQ_INT(amount, WAN(100));
    /* the rule chooses the scope: once per firm per product */
    const instrument_limit_scope *scope = NULL;
    CHECK_EQ_INT(instrument_limits_check(ip.policy, day(2024, 6, 1), &subject, empty_usage, &scope,
                                         &amount, NULL, 0, &err),
                 HS_OK);
    CHECK(scope != NULL);
    instrument_policy_free(&ip);
}

TEST(subsidy_inputs_are_refused_not_truncated) {
    json_t *inputs = json_object();
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    json_object_set_new(inputs, "role", json_string(big));
    char out[INSTRUMENT_INPUTS_MAX];
    hs_error err = {0};
    CHECK_EQ_INT(instrument_inputs_text(inputs, out, sizeof out, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "--input");
    json_object_set_new(inputs, "role", json_string("maker"));
    CHECK_EQ_INT(instrument_inputs_text(inputs, out, sizeof out, &err), HS_OK);
    CHECK_EQ_STR(out, "{\"role\":\"maker\"}");
    json_decref(inputs);
}

TEST(subsidy_refuses_invalid_firm_codes) {
    hs_error err = {0};
    CHECK_EQ_INT(instrument_firm_check(FIRM, &err), HS_OK);
    CHECK_EQ_INT(instrument_firm_check("91510100MA6CA0001X", &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "--firm");
    CHECK_EQ_INT(instrument_firm_check("USCC", &err), HS_INPUT);
}

TEST(explanation_view_is_one_shape) {
    instrument_policy ip;
    hs_error err = {0};
    CHECK_EQ_INT(instrument_policy_load(FV, HS_INSTR_SUBSIDY, &ip, &err), HS_OK);
    json_t *inputs = json_object();
    json_object_set_new(inputs, "role", json_string("maker"));
    json_object_set_new(inputs, "software_price", json_string("1000万"));
    hs_explanation ex;
    CHECK_EQ_INT(instrument_explain(&ip, FIRM, inputs, day(2024, 6, 1), &ex, &err), HS_OK);
    json_t *items = view_explanation_items(&ex);
    size_t i;
    json_t *it;
    size_t rules = 0, headers = 0;
    json_array_foreach(items, i, it) {
        const char *kind = json_string_value(json_object_get(it, "kind"));
        CHECK(json_is_integer(json_object_get(it, "depth")));
        CHECK(json_is_integer(json_object_get(it, "line")));
        CHECK(json_is_string(json_object_get(it, "label")));
        bool has_passed = json_object_get(it, "passed") != NULL;
        if (!strcmp(kind, "rule"))
            rules++;
        if (!strcmp(kind, "header"))
            headers++;
        CHECK(has_passed == (!strcmp(kind, "rule") || !strcmp(kind, "header")));
    }
    CHECK_EQ_INT(rules, 3);
    CHECK(headers > 0);
    json_t *whole = view_explanation(&ex, FIRM, "2024-06-01");
    CHECK_EQ_INT(json_integer_value(json_object_get(whole, "amount_fen")), WAN(250));
    CHECK(json_equal(json_object_get(whole, "items"), items));
    json_decref(whole);
    json_decref(items);
    explanation_free(&ex);
    json_decref(inputs);
    instrument_policy_free(&ip);
}

TEST(subsidy_tampered_row_is_a_storage_error_not_an_abort) {
    hs_store *s = funded_book("budget/chengdu-2024/first-version-software", WAN(1000));
    if (s == NULL)
        return;
    hs_clock clock = hs_clock_system();
    hs_ctx ctx = ops_ctx(s, &clock, test_principal(), ".");
    hs_error err = {0};
    subsidy_app a;
    approval_outcome gate;
    CHECK_EQ_INT(apply(&ctx, "fv-1", "1000万", &a, &err), HS_OK);
    CHECK_EQ_INT(ops_subsidy_award(&ctx, "fv-1", day(2024, 6, 10), 0, &a, &err), HS_OK);
    /* an awarded application with nothing left reserved cannot come from the rules */
    CHECK_EQ_INT(sqlite3_exec(store_sqlite(s),
                              "UPDATE subsidy_applications SET paid_fen = award_fen WHERE id = "
                              "'fv-1'",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    CHECK_EQ_INT(ops_subsidy_pay(&ctx, "fv-1", 0, day(2024, 7, 1), &a, &gate, &err), HS_STORAGE);
    CHECK(strstr(err.msg, "fv-1") != NULL);
    CHECK_EQ_INT(ops_subsidy_reject(&ctx, "fv-1", "x", day(2024, 7, 1), &a, &err), HS_STORAGE);
    store_close(s);
}
