/* test_approval_notice.c — public notice (公示): the `notice N working days` statement and its
 * errors, working-day deadlines across the 2024 National Day holiday with its 调休 Sunday and
 * Saturday (calendar from npm chinese-days, build/data/calendar-cn.txt), and the notice period on
 * an in-memory book: pay refused before the deadline and while an objection is open or upheld,
 * objections only until the deadline, decided only by an officer in scope. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "instrument/notice.h"
#include "ops/approval_ops.h"
#include "ops/notice_ops.h"
#include "ops/programme_ops.h"
#include "ops/subsidy_ops.h"
#include "policy/policy.h"
#include "store/store.h"

#define FIRM "91510100MA6CA00016"
#define NOTICE_POLICY "tests/data/chengdu-fvs-notice.policy"

static hs_date day(int y, int m, int d) {
    return date_from_ymd(y, m, d);
}

TEST(notice_deadline_counts_state_council_working_days_across_national_day) {
    hs_calendar *cal = NULL;
    hs_error err = {0};
    CHECK_EQ_INT(notice_calendar_load(".", &cal, &err), HS_OK);
    if (cal == NULL)
        return;
    /* 2024: Sun 09-29 is a 调休 working day, 10-01..10-07 holidays, Sat 10-12 a 调休 working day */
    CHECK(calendar_is_workday(cal, day(2024, 9, 29)));
    CHECK(!calendar_is_workday(cal, day(2024, 10, 7)));
    CHECK(calendar_is_workday(cal, day(2024, 10, 12)));
    CHECK_EQ_INT(notice_deadline(cal, day(2024, 9, 27), 1), day(2024, 9, 29));
    CHECK_EQ_INT(notice_deadline(cal, day(2024, 9, 27), 2), day(2024, 9, 30));
    CHECK_EQ_INT(notice_deadline(cal, day(2024, 9, 27), 3), day(2024, 10, 8));
    CHECK_EQ_INT(notice_deadline(cal, day(2024, 9, 27), 5), day(2024, 10, 10));
    CHECK_EQ_INT(notice_deadline(cal, day(2024, 9, 27), 7), day(2024, 10, 12));
    CHECK_EQ_INT(notice_deadline(cal, day(2024, 9, 27), 8), day(2024, 10, 14));
    /* published on a holiday: the period starts with the first working day after it */
    CHECK_EQ_INT(notice_deadline(cal, day(2024, 10, 3), 1), day(2024, 10, 8));
    free(cal);
    /* a missing calendar is a storage error, never weekends only */
    CHECK_EQ_INT(notice_calendar_load("/nonexistent", &cal, &err), HS_STORAGE);
    CHECK_EQ_STR(err.code, "calendar_missing");
    CHECK(cal == NULL);
}

static hs_status load_with_notice(const char *line, hs_policy **p, hs_error *err) {
    char text[1024];
    snprintf(text, sizeof text,
             "policy t.notice version 2024.1\n"
             "title zh \"公示\" en \"notice\"\n"
             "instrument subsidy\n"
             "budget \"budget/p/b\"\n"
             "valid 2024-01-01 .. 2024-12-31\n"
             "source \"s\"\n"
             "amount \"c\": 1万\n"
             "%s\n",
             line);
    return policy_load_text("t.policy", text, strlen(text), p, err);
}

TEST(notice_statement_parses_and_refuses_bad_periods) {
    hs_policy *p = NULL;
    hs_error err = {0};
    CHECK_EQ_INT(load_with_notice("notice 5 working days", &p, &err), HS_OK);
    CHECK_EQ_INT(p ? policy_notice_days(p) : -1, 5);
    policy_free(p);
    CHECK_EQ_INT(load_with_notice("", &p, &err), HS_OK);
    CHECK_EQ_INT(p ? policy_notice_days(p) : -1, 0);
    policy_free(p);
    CHECK_EQ_INT(load_with_notice("notice 0 working days", &p, &err), HS_INPUT);
    CHECK(strstr(err.msg, "t.policy:8:8") != NULL && strstr(err.msg, "1 to 60") != NULL);
    CHECK_EQ_INT(load_with_notice("notice 61 working days", &p, &err), HS_INPUT);
    CHECK_EQ_INT(load_with_notice("notice 5 days", &p, &err), HS_INPUT);
    CHECK(strstr(err.msg, "'working'") != NULL);
    CHECK_EQ_INT(load_with_notice("notice five working days", &p, &err), HS_INPUT);
    CHECK_EQ_INT(load_with_notice("notice 5 working days\nnotice 6 working days", &p, &err),
                 HS_INPUT);
    CHECK(strstr(err.msg, "given twice") != NULL);
}

static int64_t cash_of(hs_store *s, const char *account) {
    hs_account a;
    bool found = false;
    hs_error err = {0};
    if (store_account_by_name(s, account, &a, &found, &err) != HS_OK || !found)
        return -1;
    return a.credits_posted_fen;
}

/* chengdu-2024 funded, with `threshold` (NULL: no maker-checker); one award n1 on 2024-09-27. */
static hs_store *awarded(const int64_t *threshold, hs_clock *clock, hs_ctx *op) {
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK) {
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
        return NULL;
    }
    *clock = hs_clock_system();
    *op = ops_ctx(s, clock, test_principal(), ".");
    programme p = {.id = "chengdu-2024", .created_date = day(2024, 1, 1)};
    CHECK_EQ_INT(ops_approval_programme_create(op, &p, NULL, &err), HS_OK);
    approval_outcome gate;
    CHECK_EQ_INT(ops_programme_fund(op, "chengdu-2024", "first-version-software",
                                    (int64_t)1000 * 10000 * 100, day(2024, 1, 2), NULL, &gate,
                                    &err),
                 HS_OK);
    if (threshold != NULL) { /* maker-checker from here on */
        CHECK_EQ_INT(ops_approval_programme_create(op, &p, threshold, &err), HS_OK);
    }
    json_t *inputs = json_pack("{s:s, s:s}", "role", "maker", "software_price", "1000万");
    policy_doc doc_;
    hs_error perr_ = {0};
    if (policy_doc_file(NOTICE_POLICY, &doc_, &perr_) != HS_OK)
        harness_fail(__FILE__, __LINE__, "%s", perr_.msg);
    ops_subsidy_apply_req req = {.policy = &doc_,
                                 .firm = FIRM,
                                 .id = "n1",
                                 .product = "soft-A",
                                 .on = day(2024, 9, 27),
                                 .inputs = inputs};
    subsidy_app app;
    CHECK_EQ_INT(ops_subsidy_apply(op, &req, &app, &err), HS_OK);
    policy_doc_free(&doc_);
    json_decref(inputs);
    CHECK_EQ_INT(ops_subsidy_award(op, "n1", day(2024, 9, 27), 0, &app, &err), HS_OK);
    return s;
}

TEST(notice_award_is_published_and_payable_only_after_the_period_without_objection) {
    hs_clock clock;
    hs_ctx op;
    hs_store *s = awarded(NULL, &clock, &op);
    if (s == NULL)
        return;
    hs_error err = {0};
    json_t *list = NULL;
    CHECK_EQ_INT(ops_notice_list(&op, day(2024, 10, 10), &list, &err), HS_OK);
    CHECK_EQ_INT(json_array_size(list), 1);
    json_t *n = json_array_get(list, 0);
    CHECK_EQ_STR(json_string_value(json_object_get(n, "id")), "N-1");
    CHECK_EQ_STR(json_string_value(json_object_get(n, "objection_deadline")), "2024-10-10");
    { /* the keyset page: the one notice, no more; after it, nothing; a bad cursor refused */
        json_t *items = NULL;
        bool more = true;
        CHECK_EQ_INT(ops_notice_page(&op, day(2024, 10, 10), NULL, 1, &items, &more, &err), HS_OK);
        CHECK(json_equal(json_array_get(items, 0), n));
        CHECK(!more);
        json_decref(items);
        CHECK_EQ_INT(ops_notice_page(&op, day(2024, 10, 10), "N-1", 5, &items, &more, &err), HS_OK);
        CHECK_EQ_INT(json_array_size(items), 0);
        json_decref(items);
        CHECK_EQ_INT(ops_notice_page(&op, day(2024, 10, 10), "x", 5, &items, &more, &err),
                     HS_INPUT);
        CHECK_EQ_STR(err.field, "cursor");
    }
    CHECK_EQ_STR(json_string_value(json_object_get(n, "policy")),
                 "chengdu.first_version_software_notice");
    CHECK(json_is_true(json_object_get(n, "under_notice")));
    CHECK_EQ_INT(json_integer_value(json_object_get(n, "amount_fen")), (int64_t)250 * 10000 * 100);
    CHECK(json_object_get(n, "firm") == NULL); /* public fields only */
    json_decref(list);
    subsidy_app app;
    approval_outcome gate;
    CHECK_EQ_INT(ops_subsidy_pay(&op, "n1", 0, day(2024, 10, 10), &app, &gate, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "notice_period");
    CHECK_EQ_INT(cash_of(s, "firm/" FIRM "/cash"), 0);
    /* an objection on the deadline day holds payment after it */
    hs_principal ent = principal_make("firm-user", HS_ROLE_ENTERPRISE);
    hs_ctx as_ent = ops_ctx(s, &clock, &ent, ".");
    notice_objection o;
    CHECK_EQ_INT(ops_notice_object(&as_ent, "N-1", "", day(2024, 10, 10), &o, &err), HS_INPUT);
    CHECK_EQ_INT(
        ops_notice_object(&as_ent, "N-1", "not a first version", day(2024, 10, 10), &o, &err),
        HS_OK);
    CHECK_EQ_STR(o.id, "O-1");
    CHECK_EQ_STR(o.filer, "firm-user");
    CHECK_EQ_INT(ops_notice_object(&as_ent, "N-1", "late", day(2024, 10, 11), &o, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "notice_closed");
    CHECK_EQ_INT(ops_subsidy_pay(&op, "n1", 0, day(2024, 10, 11), &app, &gate, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "notice_period");
    CHECK(strstr(err.msg, "open") != NULL);
    /* only an officer in scope (or the operator) decides; the filer cannot */
    hs_principal other = principal_make("olga", HS_ROLE_OFFICER);
    principal_add_scope(&other, (hs_scope){.kind = HS_SCOPE_PROGRAMME, .id = "elsewhere"});
    hs_ctx as_other = ops_ctx(s, &clock, &other, ".");
    CHECK_EQ_INT(ops_notice_decide(&as_other, "O-1", false, "fine", day(2024, 10, 11), &o, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "forbidden");
    CHECK_EQ_INT(ops_notice_decide(&as_ent, "O-1", false, "fine", day(2024, 10, 11), &o, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "forbidden");
    hs_principal officer = principal_make("oscar", HS_ROLE_OFFICER);
    principal_add_scope(&officer, (hs_scope){.kind = HS_SCOPE_PROGRAMME, .id = "chengdu-2024"});
    hs_ctx as_officer = ops_ctx(s, &clock, &officer, ".");
    CHECK_EQ_INT(ops_notice_decide(&as_officer, "O-1", true, "the product shipped in 2022",
                                   day(2024, 10, 11), &o, &err),
                 HS_OK);
    CHECK_EQ_STR(o.state, "upheld");
    CHECK_EQ_INT(ops_notice_decide(&as_officer, "O-1", false, "again", day(2024, 10, 12), &o, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "state_conflict");
    CHECK_EQ_INT(ops_subsidy_pay(&op, "n1", 0, day(2024, 10, 14), &app, &gate, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "notice_period");
    CHECK(strstr(err.msg, "upheld") != NULL);
    /* the existing reject path ends it; nothing was ever paid */
    CHECK_EQ_INT(ops_subsidy_reject(&op, "n1", "objection upheld", day(2024, 10, 14), &app, &err),
                 HS_OK);
    CHECK_EQ_INT(cash_of(s, "firm/" FIRM "/cash"), 0);
    store_close(s);
}

TEST(notice_dismissed_objection_pays_and_notice_comes_before_maker_checker) {
    hs_clock clock;
    hs_ctx op;
    int64_t zero = 0;
    hs_store *s = awarded(&zero, &clock, &op);
    if (s == NULL)
        return;
    hs_error err = {0};
    subsidy_app app;
    approval_outcome gate;
    /* under notice, a gated pay is refused, not made a pending approval */
    CHECK_EQ_INT(ops_subsidy_pay(&op, "n1", 0, day(2024, 10, 9), &app, &gate, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "notice_period");
    CHECK(!gate.pending);
    notice_objection o;
    CHECK_EQ_INT(ops_notice_object(&op, "N-1", "check", day(2024, 10, 9), &o, &err), HS_OK);
    CHECK_EQ_INT(ops_notice_decide(&op, "O-1", false, "unfounded", day(2024, 10, 10), &o, &err),
                 HS_OK);
    CHECK_EQ_STR(o.state, "dismissed");
    CHECK_EQ_INT(ops_subsidy_pay(&op, "n1", 0, day(2024, 10, 11), &app, &gate, &err), HS_OK);
    CHECK(gate.pending);
    hs_principal carol = principal_make("carol", HS_ROLE_REVIEWER);
    principal_add_scope(&carol, (hs_scope){.kind = HS_SCOPE_PROGRAMME, .id = "chengdu-2024"});
    hs_ctx as_carol = ops_ctx(s, &clock, &carol, ".");
    approval a;
    CHECK_EQ_INT(
        ops_approval_approve(&as_carol, gate.approval.id, NULL, day(2024, 10, 11), &a, &err),
        HS_OK);
    CHECK_EQ_INT(cash_of(s, "firm/" FIRM "/cash"), (int64_t)250 * 10000 * 100);
    store_close(s);
}

TEST(notice_period_beyond_the_calendar_refuses_the_award) {
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK)
        return;
    hs_clock clock = hs_clock_system();
    hs_ctx op = ops_ctx(s, &clock, test_principal(), ".");
    programme p = {.id = "chengdu-2024", .created_date = day(2024, 1, 1)};
    CHECK_EQ_INT(ops_approval_programme_create(&op, &p, NULL, &err), HS_OK);
    approval_outcome gate;
    CHECK_EQ_INT(ops_programme_fund(&op, "chengdu-2024", "first-version-software",
                                    (int64_t)1000 * 10000 * 100, day(2024, 1, 2), NULL, &gate,
                                    &err),
                 HS_OK);
    json_t *inputs = json_pack("{s:s, s:s}", "role", "maker", "software_price", "100万");
    policy_doc doc_;
    hs_error perr_ = {0};
    if (policy_doc_file(NOTICE_POLICY, &doc_, &perr_) != HS_OK)
        harness_fail(__FILE__, __LINE__, "%s", perr_.msg);
    ops_subsidy_apply_req req = {.policy = &doc_,
                                 .firm = FIRM,
                                 .id = "late",
                                 .product = "soft-B",
                                 .on = day(2026, 12, 28),
                                 .inputs = inputs};
    subsidy_app app;
    CHECK_EQ_INT(ops_subsidy_apply(&op, &req, &app, &err), HS_OK);
    policy_doc_free(&doc_);
    json_decref(inputs);
    /* 5 working days after 2026-12-28 end in 2027, which chinese-days 1.5.7 does not announce */
    CHECK_EQ_INT(ops_subsidy_award(&op, "late", day(2026, 12, 28), 0, &app, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "calendar_not_covering");
    json_t *list = NULL;
    CHECK_EQ_INT(ops_notice_list(&op, day(2026, 12, 28), &list, &err), HS_OK);
    CHECK_EQ_INT(json_array_size(list), 0); /* the award rolled back with its notice */
    json_decref(list);
    CHECK_EQ_INT(ops_subsidy_show(&op, "late", &app, &list, &err), HS_OK);
    json_decref(list);
    CHECK_EQ_STR(app.status, "applied");
    store_close(s);
}
