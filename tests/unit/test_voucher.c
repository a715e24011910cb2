/* test_voucher.c — compute vouchers over the operations layer on an in-memory book: a failed read
 * of a limit's usage is a storage error (never "nothing committed"), `once` and per-product limits
 * hold for vouchers as for subsidies, a refused issue leaves no account behind, settle marks
 * exactly what it pays, and the book passes store_check afterwards. */
#include "harness.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "instrument/policy_repo.h"
#include "ledger/transfer_codec.h"
#include "ops/voucher_ops.h"
#include "store/book.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

#define WAN(x) ((int64_t)(x)*10000 * 100)
#define CV "policies/chengdu-compute-voucher.policy"
#define BUDGET "budget/chengdu-2024/compute-voucher"
#define FIRM "91510100MA6CA00016"
#define FIRM2 "91510100MA6CA00029"

static hs_date day(int y, int m, int d) {
    return date_from_ymd(y, m, d);
}

static hs_store *book_at(const char *path, bool with_budget) {
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(path, STORE_CREATE, &s, &err) != HS_OK) {
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
        return NULL;
    }
    if (!with_budget)
        return s;
    hs_account a;
    bool existed;
    CHECK_EQ_INT(book_account_create(s, "appropriation/chengdu-2024", "appropriation", 0, &a,
                                     &existed, &err),
                 HS_OK);
    CHECK_EQ_INT(
        book_account_create(s, BUDGET, "budget", ACCOUNT_DEBITS_LE_CREDITS, &a, &existed, &err),
        HS_OK);
    hs_transfer t;
    transfer_init(&t);
    snprintf(t.id, sizeof t.id, "fund.cv");
    snprintf(t.debit, sizeof t.debit, "appropriation/chengdu-2024");
    snprintf(t.credit, sizeof t.credit, "%s", BUDGET);
    t.amount_fen = WAN(3270);
    t.date = day(2024, 1, 10);
    t.date_given = true;
    transfer_result r;
    CHECK_EQ_INT(book_transfer(s, &t, 1, &r, true, NULL, &err), HS_OK);
    return s;
}

static hs_store *book(bool with_budget) {
    return book_at(":memory:", with_budget);
}

static bool book_ok(hs_store *s) {
    store_check_report rep;
    hs_error err = {0};
    return store_check(s, &rep, &err) == HS_OK && rep.ok;
}

static int fail_sums(void *vdb) {
    sqlite3 *db = vdb;
    for (sqlite3_stmt *q = sqlite3_next_stmt(db, NULL); q != NULL; q = sqlite3_next_stmt(db, q))
        if (sqlite3_stmt_busy(q) && strstr(sqlite3_sql(q), "SUM(") != NULL)
            return 1;
    return 0;
}

static hs_status issue(const hs_ctx *ctx, const char *policy, const char *id, const char *firm,
                       int64_t face, const char *product, voucher *out, hs_error *err) {
    json_t *inputs = json_object();
    json_object_set_new(inputs, "sector", json_string("nlp"));
    if (product != NULL)
        json_object_set_new(inputs, "product", json_string(product));
    policy_doc doc_;
    hs_error perr_ = {0};
    if (policy_doc_file(policy, &doc_, &perr_) != HS_OK)
        harness_fail(__FILE__, __LINE__, "%s", perr_.msg);
    ops_voucher_issue_req req = {.id = id,
                                 .policy = &doc_,
                                 .firm = firm,
                                 .face_fen = face,
                                 .on = day(2024, 3, 1),
                                 .expires = day(2024, 12, 31),
                                 .inputs = inputs};
    hs_status st = ops_voucher_issue(ctx, &req, out, err);
    policy_doc_free(&doc_);
    json_decref(inputs);
    return st;
}

TEST(voucher_limit_read_failure_is_a_storage_error_not_nothing_committed) {
    hs_store *s = book(true);
    if (s == NULL)
        return;
    hs_clock clock = hs_clock_system();
    hs_ctx ctx = ops_ctx(s, &clock, test_principal(), ".");
    hs_error err = {0};
    voucher v;
    CHECK_EQ_INT(issue(&ctx, CV, "V1", FIRM, 0, NULL, &v, &err), HS_OK); /* firm_cap 300万 */
    CHECK_EQ_INT(v.face_fen, WAN(300));
    sqlite3_progress_handler(store_sqlite(s), 1, fail_sums, store_sqlite(s));
    hs_status st = issue(&ctx, CV, "V2", FIRM, WAN(1), NULL, &v, &err);
    sqlite3_progress_handler(store_sqlite(s), 0, NULL, NULL);
    CHECK_EQ_INT(st, HS_STORAGE);
    bool found = true;
    CHECK_EQ_INT(voucher_find(s, "V2", &v, &found, &err), HS_OK);
    CHECK(!found);
    CHECK_EQ_INT(issue(&ctx, CV, "V2", FIRM, WAN(1), NULL, &v, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "limit_used");
    CHECK(book_ok(s));
    store_close(s);
}

/* The shipped voucher policy with `limit once per firm per product` instead of its money limits. */
static hs_status once_policy(const char *path, hs_error *err) {
    FILE *in = fopen(CV, "r");
    FILE *out = fopen(path, "w");
    if (in == NULL || out == NULL) {
        if (in)
            fclose(in);
        if (out)
            fclose(out);
        return hs_fail(err, HS_STORAGE, "cannot write %s", path);
    }
    char line[1024];
    while (fgets(line, sizeof line, in) != NULL) {
        if (strncmp(line, "limit ", 6) == 0)
            continue;
        fputs(line, out);
    }
    fputs("limit once per firm per product\n", out);
    fclose(in);
    fclose(out);
    return HS_OK;
}

TEST(voucher_once_per_firm_per_product_holds) {
    hs_store *s = book(true);
    if (s == NULL)
        return;
    hs_clock clock = hs_clock_system();
    hs_ctx ctx = ops_ctx(s, &clock, test_principal(), ".");
    hs_error err = {0};
    char path[] = "/tmp/huoshui-once-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    CHECK_EQ_INT(once_policy(path, &err), HS_OK);
    voucher v;
    CHECK_EQ_INT(issue(&ctx, path, "O1", FIRM, WAN(10), "p1", &v, &err), HS_OK);
    CHECK_EQ_STR(v.product, "p1");
    CHECK_EQ_INT(issue(&ctx, path, "O2", FIRM, WAN(10), "p1", &v, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "limit_used");
    CHECK(strstr(err.msg, "O1") != NULL);
    CHECK_EQ_INT(issue(&ctx, path, "O3", FIRM, WAN(10), "p2", &v, &err), HS_OK);
    CHECK_EQ_INT(issue(&ctx, path, "O4", FIRM2, WAN(10), "p1", &v, &err), HS_OK);
    unlink(path);
    CHECK(book_ok(s));
    store_close(s);
}

static hs_status count_accounts(void *ctx, const hs_account *a, hs_error *err) {
    (void)a;
    (void)err;
    (*(int *)ctx)++;
    return HS_OK;
}

TEST(voucher_refused_issue_leaves_nothing_behind) {
    hs_store *s = book(false);
    if (s == NULL)
        return;
    hs_clock clock = hs_clock_system();
    hs_ctx ctx = ops_ctx(s, &clock, test_principal(), ".");
    hs_error err = {0};
    voucher v;
    CHECK_EQ_INT(issue(&ctx, CV, "VB", FIRM, 0, NULL, &v, &err), HS_NOT_FOUND);
    CHECK(strstr(err.msg, BUDGET) != NULL);
    int n = 0;
    CHECK_EQ_INT(store_accounts_each(s, NULL, count_accounts, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(issue(&ctx, CV, "VB", "USCC", 0, NULL, &v, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "--firm");
    store_close(s);
}

TEST(voucher_settle_marks_exactly_what_it_pays_and_policy_is_kept) {
    hs_store *s = book(true);
    if (s == NULL)
        return;
    hs_clock clock = hs_clock_system();
    hs_ctx ctx = ops_ctx(s, &clock, test_principal(), ".");
    hs_error err = {0};
    voucher_provider p = {.id = "cd-super", .name = "x", .registered_date = day(2024, 1, 1)};
    CHECK_EQ_INT(ops_voucher_provider_add(&ctx, &p, &err), HS_OK);
    voucher v;
    CHECK_EQ_INT(issue(&ctx, CV, "V1", FIRM, WAN(100), NULL, &v, &err), HS_OK);
    ops_voucher_redeem_req req = {.id = "V1",
                                  .provider = "cd-super",
                                  .bill_id = "B1",
                                  .bill_fen = WAN(100),
                                  .on = day(2024, 4, 1)};
    int64_t paid = 0, total = 0;
    bool existed = true;
    CHECK_EQ_INT(ops_voucher_redeem(&ctx, &req, &paid, &existed, &v, &err), HS_OK);
    CHECK_EQ_INT(paid, WAN(30));
    CHECK(!existed);
    size_t providers = 0;
    json_t *pending = NULL;
    CHECK_EQ_INT(
        ops_voucher_settle(&ctx, NULL, NULL, day(2024, 4, 2), &total, &providers, &pending, &err),
        HS_OK);
    CHECK_EQ_INT(json_array_size(pending), 0); /* no maker-checker on this programme */
    json_decref(pending);
    CHECK_EQ_INT(total, WAN(30));
    CHECK_EQ_INT(providers, 1);
    req.bill_id = "B2";
    CHECK_EQ_INT(ops_voucher_redeem(&ctx, &req, &paid, &existed, &v, &err), HS_OK);
    json_t *view = NULL;
    CHECK_EQ_INT(ops_voucher_show(&ctx, "V1", &v, &view, &err), HS_OK);
    json_t *reds = json_object_get(view, "redemptions");
    CHECK_EQ_INT(json_array_size(reds), 2);
    CHECK(json_is_true(json_object_get(json_array_get(reds, 0), "settled")));
    CHECK(json_is_false(json_object_get(json_array_get(reds, 1), "settled")));
    json_decref(view);
    /* the policy text is in the book under the voucher's hash */
    policy_version_rec rec;
    char *text = NULL;
    size_t len = 0;
    bool found = false;
    CHECK_EQ_INT(policy_repo_find(s, v.policy.sha256, &rec, &text, &len, &found, &err), HS_OK);
    CHECK(found);
    CHECK_EQ_STR(rec.first_used_by, "voucher.issue");
    CHECK_EQ_STR(rec.first_subject, "V1");
    CHECK(len > 100 && text != NULL && strstr(text, "chengdu.compute_voucher") != NULL);
    free(text);
    /* a plain transfer may not move the module's payable */
    hs_account a;
    CHECK_EQ_INT(store_account_by_name(s, "payable/chengdu-2024/vouchers", &a, &found, &err),
                 HS_OK);
    CHECK(found);
    CHECK_EQ_STR(a.owner, "voucher");
    CHECK(book_ok(s));
    store_close(s);
}

/* A second writer commits a redemption right after the settlement's commit (sqlite3_wal_hook runs
 * once the write lock is released): it must stay unsettled, because the settlement did not pay it.
 * Before settle read, decided and wrote in one transaction, its later UPDATE marked it settled. */
typedef struct {
    hs_ctx *other;
    bool fired;
    hs_status st;
} race_ctx;

static int redeem_after_commit(void *vctx, sqlite3 *db, const char *name, int pages) {
    (void)db;
    (void)name;
    (void)pages;
    race_ctx *r = vctx;
    if (r->fired)
        return SQLITE_OK;
    r->fired = true;
    ops_voucher_redeem_req req = {.id = "V1",
                                  .provider = "cd-super",
                                  .bill_id = "B2",
                                  .bill_fen = WAN(100),
                                  .on = day(2024, 4, 1)};
    int64_t paid = 0;
    bool existed = false;
    voucher v;
    hs_error err = {0};
    r->st = ops_voucher_redeem(r->other, &req, &paid, &existed, &v, &err);
    return SQLITE_OK;
}

TEST(voucher_settle_never_marks_a_racing_redemption_settled_unpaid) {
    char path[] = "/tmp/huoshui-settle-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    unlink(path);
    hs_store *s = book_at(path, true);
    if (s == NULL)
        return;
    hs_clock clock = hs_clock_system();
    hs_ctx ctx = ops_ctx(s, &clock, test_principal(), ".");
    hs_error err = {0};
    voucher_provider p = {.id = "cd-super", .name = "x", .registered_date = day(2024, 1, 1)};
    CHECK_EQ_INT(ops_voucher_provider_add(&ctx, &p, &err), HS_OK);
    voucher v;
    CHECK_EQ_INT(issue(&ctx, CV, "V1", FIRM, WAN(100), NULL, &v, &err), HS_OK);
    ops_voucher_redeem_req req = {.id = "V1",
                                  .provider = "cd-super",
                                  .bill_id = "B1",
                                  .bill_fen = WAN(100),
                                  .on = day(2024, 4, 1)};
    int64_t paid = 0, total = 0;
    bool existed = false;
    CHECK_EQ_INT(ops_voucher_redeem(&ctx, &req, &paid, &existed, &v, &err), HS_OK);
    hs_store *s2 = NULL;
    CHECK_EQ_INT(store_open(path, STORE_OPEN_EXISTING, &s2, &err), HS_OK);
    hs_ctx ctx2 = ops_ctx(s2, &clock, test_principal(), ".");
    race_ctx r = {.other = &ctx2};
    sqlite3_wal_hook(store_sqlite(s), redeem_after_commit, &r);
    size_t providers = 0;
    json_t *pending = NULL;
    CHECK_EQ_INT(
        ops_voucher_settle(&ctx, NULL, NULL, day(2024, 4, 2), &total, &providers, &pending, &err),
        HS_OK);
    CHECK_EQ_INT(json_array_size(pending), 0); /* no maker-checker on this programme */
    json_decref(pending);
    sqlite3_wal_hook(store_sqlite(s), NULL, NULL);
    CHECK(r.fired);
    CHECK_EQ_INT(r.st, HS_OK);
    CHECK_EQ_INT(total, WAN(30));
    json_t *view = NULL;
    CHECK_EQ_INT(ops_voucher_show(&ctx, "V1", &v, &view, &err), HS_OK);
    int64_t settled = 0;
    size_t i;
    json_t *red;
    json_array_foreach(json_object_get(view, "redemptions"), i, red) {
        if (json_is_true(json_object_get(red, "settled")))
            settled += json_integer_value(json_object_get(red, "paid_fen"));
    }
    json_decref(view);
    hs_account cash;
    bool found = false;
    CHECK_EQ_INT(store_account_by_name(s, "provider/cd-super/cash", &cash, &found, &err), HS_OK);
    CHECK(found);
    CHECK_EQ_INT(settled, cash.credits_posted_fen); /* what is marked settled was paid */
    CHECK_EQ_INT(settled, WAN(30));
    CHECK(book_ok(s));
    store_close(s2);
    store_close(s);
    char side[sizeof path + 8];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}
