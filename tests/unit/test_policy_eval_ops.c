/* test_policy_eval_ops.c — ops/policy_eval_ops.h on a book with a registry and a data dir of
 * shipped policies: test cases run and counted, eval over JSON rows and over the registry (totals,
 * what-if params on a private copy, caps, errors naming the field), explain with typed inputs over
 * the registry record, and the matcher (versions in force, order, why not, bad and unknown
 * firms). */
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "ops/policy_eval_ops.h"
#include "registry/registry.h"
#include "store/store.h"

#define HT "914403001922038216"    /* high tech, 500 employees */
#define SMALL "91440300708461136T" /* not high tech, 20 employees */
#define NOFIRM "91510100MA6CA00016"

/* A subsidy of `grant` for a high-tech firm with at least 100 employees. */
#define PE_TEXT(id, version, valid, grant)                                                         \
    "policy " id " version " version "\ntitle zh \"单元\" en \"unit " id "\"\n"                    \
    "instrument subsidy\nbudget \"budget/t/b\"\nvalid " valid "\nsource \"s\"\n"                   \
    "param grant: money = " grant "\nparam staff: int = 100\n"                                     \
    "input high_tech: bool = false\ninput employees: int = 0\n"                                    \
    "rule certified \"clause: 高新\": high_tech\n"                                               \
    "rule large \"clause: 规模\": employees >= staff\n"                                          \
    "amount \"clause: 奖励\": grant\n"                                                           \
    "test \"yes\" on 2024-05-01 { high_tech = true, employees = 100 } => eligible, amount " grant  \
    "\ntest \"no\" on 2024-05-01 { high_tech = false, employees = 100 } => not eligible because "  \
    "certified\n"

typedef struct {
    char dir[256];
    hs_store *store;
    hs_clock clock;
    hs_ctx ctx;
} pe_env;

static void write_file(const char *dir, const char *name, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        harness_fail(__FILE__, __LINE__, "cannot write %s", path);
        return;
    }
    fputs(text, f);
    fclose(f);
}

static void add_firm(hs_store *s, const char *uscc, const char *name, bool high_tech,
                     int64_t employees) {
    hs_registry *r;
    hs_error err = {0};
    CHECK_EQ_INT(registry_open(s, &r, &err), HS_OK);
    hs_firm f;
    firm_init(&f);
    snprintf(f.uscc, sizeof f.uscc, "%s", uscc);
    snprintf(f.name, sizeof f.name, "%s", name);
    snprintf(f.city, sizeof f.city, "深圳");
    f.sector = FIRM_SECTOR_NLP;
    f.employees = employees;
    f.has = FIRM_HAS_EMPLOYEES;
    f.flags = high_tech ? FIRM_FLAG_HIGH_TECH : 0;
    registry_upsert_result res;
    CHECK_EQ_INT(registry_upsert(r, &f, "2024-01-01T00:00:00Z", &res, &err), HS_OK);
    registry_close(r);
}

/* A data dir: t.bonus in 2024.1 (2024) and 2024.2 (from 2024-07-01, 20万), t.big (30万), t.tie_a
 * and t.tie_b (1万, rules always true), t.old (2020 only) and t.needs (an input no registry
 * holds); a registry of two firms. */
static void env_open(pe_env *e) {
    memset(e, 0, sizeof *e);
    snprintf(e->dir, sizeof e->dir, "/tmp/hs-policy-eval-XXXXXX");
    if (mkdtemp(e->dir) == NULL)
        harness_fail(__FILE__, __LINE__, "mkdtemp");
    char pol[300];
    snprintf(pol, sizeof pol, "%s/policies", e->dir);
    mkdir(pol, 0700);
    write_file(pol, "b1.policy", PE_TEXT("t.bonus", "2024.1", "2024-01-01 .. 2024-12-31", "10万"));
    write_file(pol, "b2.policy", PE_TEXT("t.bonus", "2024.2", "2024-07-01 .. 2025-12-31", "20万"));
    write_file(pol, "big.policy", PE_TEXT("t.big", "1", "2024-01-01 ..", "30万"));
    write_file(pol, "old.policy", PE_TEXT("t.old", "1", "2020-01-01 .. 2020-12-31", "1万"));
    const char *tie = "instrument subsidy\nbudget \"budget/t/b\"\nvalid 2024-01-01 ..\nsource "
                      "\"s\"\ninput employees: int = 0\nrule any \"clause: 任何\": employees >= "
                      "0\namount \"a\": 1万\n";
    char text[1024];
    snprintf(text, sizeof text, "policy t.tie_b version 1\ntitle zh \"b\" en \"b\"\n%s", tie);
    write_file(pol, "tb.policy", text);
    snprintf(text, sizeof text, "policy t.tie_a version 1\ntitle zh \"a\" en \"a\"\n%s", tie);
    write_file(pol, "ta.policy", text);
    write_file(pol, "needs.policy",
               "policy t.needs version 1\ntitle zh \"n\" en \"n\"\ninstrument subsidy\nbudget "
               "\"budget/t/b\"\nvalid 2024-01-01 ..\nsource \"s\"\ninput price: money\nrule r "
               "\"clause: 价格\": price > 0元\namount \"a\": price\n");
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &e->store, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
    e->clock = hs_clock_system();
    e->ctx = ops_ctx(e->store, &e->clock, test_principal(), e->dir);
    add_firm(e->store, HT, "大企业", true, 500);
    add_firm(e->store, SMALL, "小企业", false, 20);
}

static void env_close(pe_env *e) {
    store_close(e->store);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", e->dir);
    if (system(cmd) != 0)
        harness_fail(__FILE__, __LINE__, "rm -rf %s", e->dir);
}

static hs_date day(const char *text) {
    hs_date d = 0;
    CHECK(date_parse(text, &d));
    return d;
}

static void resolve(pe_env *e, const char *ref, policy_doc *d) {
    hs_error err = {0};
    CHECK_EQ_INT(policy_doc_resolve(&e->ctx, ref, "id", d, &err), HS_OK);
}

TEST(policy_eval_ops_test_runs_every_case_and_views_them) {
    pe_env e;
    env_open(&e);
    policy_doc d;
    resolve(&e, "t.bonus@2024.1", &d);
    ops_policy_test_result r;
    hs_error err = {0};
    CHECK_EQ_INT(ops_policy_test(&d, &r, &err), HS_OK);
    CHECK_EQ_INT(r.count, 2);
    CHECK_EQ_INT(r.passed, 2);
    CHECK_EQ_INT(r.failed, 0);
    json_t *v = view_policy_test(&r);
    char *text = json_dumps(v, JSON_COMPACT);
    CHECK_EQ_STR(text, "{\"policy\":\"t.bonus\",\"version\":\"2024.1\",\"passed\":2,\"failed\":0,"
                       "\"results\":[{\"test\":\"yes\",\"passed\":true},{\"test\":\"no\","
                       "\"passed\":true}]}");
    free(text);
    json_decref(v);
    v = view_policy_test_cases(&r, "f.policy");
    text = json_dumps(json_array_get(v, 0), JSON_COMPACT);
    CHECK_EQ_STR(text, "{\"file\":\"f.policy\",\"test\":\"yes\",\"passed\":true}");
    free(text);
    json_decref(v);
    ops_policy_test_free(&r);
    policy_doc_free(&d);

    /* a case that fails is counted and says why */
    policy_doc bad = {0};
    const char *src = PE_TEXT("t.wrong", "1", "2024-01-01 ..", "10万");
    char *wrong = strdup(src);
    char *at = strstr(wrong, "amount 10万\n");
    CHECK(at != NULL);
    if (at != NULL)
        memcpy(at, "amount 11万\n", strlen("amount 11万\n"));
    CHECK_EQ_INT(policy_load_text("wrong.policy", wrong, strlen(wrong), &bad.policy, &err), HS_OK);
    free(wrong);
    CHECK_EQ_INT(ops_policy_test(&bad, &r, &err), HS_OK);
    CHECK_EQ_INT(r.failed, 1);
    CHECK(!r.cases[0].passed && strstr(r.cases[0].why, "expected amount") != NULL);
    v = view_policy_test(&r);
    CHECK(json_is_string(json_object_get(json_array_get(json_object_get(v, "results"), 0), "why")));
    json_decref(v);
    ops_policy_test_free(&r);
    policy_doc_free(&bad);
    env_close(&e);
}

TEST(policy_eval_ops_eval_rows_params_and_caps) {
    pe_env e;
    env_open(&e);
    policy_doc d;
    resolve(&e, "t.bonus@2024.1", &d);
    json_t *firms =
        json_pack("[{s:s, s:b, s:I}, {s:s, s:s, s:s}, {s:s, s:b, s:I}]", "uscc", "A1", "high_tech",
                  1, "employees", (json_int_t)150, "uscc", "A2", "high_tech", "true", "employees",
                  "99", "uscc", "A3", "high_tech", 0, "employees", (json_int_t)500);
    ops_policy_eval_req req = {
        .policy = &d, .on = day("2024-06-01"), .firms = firms, .threads = 1, .repeat = 1};
    ops_policy_eval_result r;
    hs_error err = {0};
    CHECK_EQ_INT(ops_policy_eval(NULL, &req, &r, &err), HS_OK);
    CHECK_EQ_INT(r.rows, 3);
    CHECK_EQ_INT(r.eligible, 1);
    CHECK_EQ_INT(r.total_fen, 10000000);
    ops_policy_eval_row row;
    ops_policy_eval_row_at(&r, 1, &row);
    CHECK_EQ_STR(row.uscc, "A2");
    CHECK(!row.eligible && !row.error);
    char reason[1024];
    ops_policy_eval_reason(&r, 1, reason, sizeof reason);
    CHECK(strstr(reason, "rule 'large'") != NULL);
    json_t *v = view_policy_eval(&r);
    CHECK_EQ_STR(json_string_value(json_object_get(v, "total")), "100000.00");
    CHECK_EQ_STR(json_string_value(json_object_get(v, "on")), "2024-06-01");
    CHECK_EQ_INT(json_array_size(json_object_get(v, "firms")), 3);
    json_decref(v);
    v = view_policy_eval_stats(&r, false);
    char *text = json_dumps(v, JSON_COMPACT);
    CHECK_EQ_STR(text, "{\"firms\":3,\"eligible\":1,\"errors\":0,\"total\":\"100000.00\"}");
    free(text);
    json_decref(v);
    ops_policy_eval_free(&r);

    /* what if: a lower staff threshold and another grant; the doc's policy is not changed */
    json_t *params = json_pack("{s:s, s:i}", "grant", "50万", "staff", 99);
    req.params = params;
    CHECK_EQ_INT(ops_policy_eval(NULL, &req, &r, &err), HS_OK);
    CHECK_EQ_INT(r.eligible, 2);
    CHECK_EQ_INT(r.total_fen, 100000000);
    ops_policy_eval_free(&r);
    hs_ptype t;
    int64_t grant = 0;
    CHECK_EQ_INT(policy_param(d.policy, "grant", day("2024-06-01"), &t, &grant, &err), HS_OK);
    CHECK_EQ_INT(grant, 10000000);
    json_decref(params);

    params = json_pack("{s:s}", "grant", "lots");
    req.params = params;
    req.params_field = "params";
    CHECK_EQ_INT(ops_policy_eval(NULL, &req, &r, &err), HS_INPUT);
    CHECK_EQ_STR(err.code, "invalid_field");
    CHECK_EQ_STR(err.field, "params");
    CHECK(strstr(err.msg, "parameter 'grant'") != NULL);
    ops_policy_eval_free(&r);
    json_decref(params);
    params = json_pack("{s:s}", "nope", "1");
    req.params = params;
    CHECK_EQ_INT(ops_policy_eval(NULL, &req, &r, &err), HS_INPUT);
    ops_policy_eval_free(&r);
    json_decref(params);
    req.params = NULL;

    /* a row with an input the policy lacks, a value of the wrong type, no uscc */
    json_t *bad[] = {json_pack("[{s:s, s:s}]", "uscc", "A1", "colour", "red"),
                     json_pack("[{s:s, s:f}]", "uscc", "A1", "employees", 1.5),
                     json_pack("[{s:i}]", "employees", 1), json_pack("{s:s}", "uscc", "A1")};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        req.firms = bad[i];
        req.firms_field = "firms";
        hs_error_clear(&err);
        CHECK_EQ_INT(ops_policy_eval(NULL, &req, &r, &err), HS_INPUT);
        CHECK_EQ_STR(err.field, "firms");
        ops_policy_eval_free(&r);
        json_decref(bad[i]);
    }
    /* at most POLICY_EVAL_FIRMS_MAX rows */
    json_t *many = json_array();
    for (int i = 0; i <= POLICY_EVAL_FIRMS_MAX; i++)
        json_array_append_new(many, json_pack("{s:s}", "uscc", "A"));
    req.firms = many;
    CHECK_EQ_INT(ops_policy_eval(NULL, &req, &r, &err), HS_INPUT);
    CHECK(strstr(err.msg, "10001 rows") != NULL);
    ops_policy_eval_free(&r);
    json_decref(many);
    json_decref(firms);
    policy_doc_free(&d);
    env_close(&e);
}

TEST(policy_eval_ops_eval_over_the_registry) {
    pe_env e;
    env_open(&e);
    policy_doc d;
    resolve(&e, "t.bonus@2024.1", &d);
    ops_policy_eval_req req = {.policy = &d, .on = day("2024-06-01"), .threads = 1, .repeat = 1};
    ops_policy_eval_result r;
    hs_error err = {0};
    CHECK_EQ_INT(ops_policy_eval(&e.ctx, &req, &r, &err), HS_OK);
    CHECK_EQ_INT(r.rows, 2);
    CHECK_EQ_INT(r.eligible, 1);
    CHECK_EQ_INT(r.total_fen, 10000000);
    ops_policy_eval_row row;
    ops_policy_eval_row_at(&r, 0, &row);
    CHECK_EQ_STR(row.uscc, HT);
    CHECK(row.eligible);
    ops_policy_eval_free(&r);
    policy_doc_free(&d);

    /* a policy reading an input no registry record holds: refused naming the firm */
    resolve(&e, "t.needs", &d);
    CHECK_EQ_INT(ops_policy_eval(&e.ctx, &req, &r, &err), HS_INPUT);
    CHECK(strstr(err.msg, "registry firm " HT) != NULL && strstr(err.msg, "price") != NULL);
    ops_policy_eval_free(&r);
    policy_doc_free(&d);
    env_close(&e);
}

TEST(policy_eval_ops_explain_types_inputs_over_the_record) {
    pe_env e;
    env_open(&e);
    policy_doc d;
    resolve(&e, "t.bonus@2024.1", &d);
    hs_error err = {0};
    hs_explanation ex;
    ops_policy_explain_req req = {.policy = &d,
                                  .firm = SMALL,
                                  .on = day("2024-06-01"),
                                  .registry = true,
                                  .firm_field = "firm"};
    CHECK_EQ_INT(ops_policy_explain(&e.ctx, &req, &ex, &err), HS_OK);
    CHECK(!ex.decision.eligible);
    CHECK(strstr(ex.decision.reason, "clause: 高新") != NULL);
    bool large_failed = false;
    for (size_t i = 0; i < ex.count; i++)
        if (ex.items[i].kind == HS_EX_RULE && strcmp(ex.items[i].label, "large") == 0)
            large_failed = !ex.items[i].passed;
    CHECK(large_failed); /* 20 employees from the record */
    explanation_free(&ex);

    /* typed inputs win over the record */
    json_t *inputs = json_pack("{s:s, s:i}", "high_tech", "true", "employees", 100);
    req.inputs = inputs;
    req.inputs_field = "inputs";
    CHECK_EQ_INT(ops_policy_explain(&e.ctx, &req, &ex, &err), HS_OK);
    CHECK(ex.decision.eligible);
    CHECK_EQ_INT(ex.decision.amount_fen, 10000000);
    explanation_free(&ex);
    /* with what-if params */
    json_t *params = json_pack("{s:s}", "grant", "7万");
    req.params = params;
    CHECK_EQ_INT(ops_policy_explain(&e.ctx, &req, &ex, &err), HS_OK);
    CHECK_EQ_INT(ex.decision.amount_fen, 7000000);
    explanation_free(&ex);
    req.params = NULL;
    json_decref(params);
    /* without the registry the typed inputs alone decide (an analyst's view) */
    json_t *partial = json_pack("{s:s}", "employees", "500");
    req.inputs = partial;
    req.firm = HT;
    req.registry = false;
    CHECK_EQ_INT(ops_policy_explain(NULL, &req, &ex, &err), HS_OK);
    CHECK(!ex.decision.eligible); /* high_tech not read from the record */
    explanation_free(&ex);
    req.registry = true;
    CHECK_EQ_INT(ops_policy_explain(&e.ctx, &req, &ex, &err), HS_OK);
    CHECK(ex.decision.eligible);
    explanation_free(&ex);
    json_decref(partial);

    /* errors: an unknown input, a firm the registry lacks, a malformed code, no source at all */
    json_t *unknown = json_pack("{s:s}", "colour", "red");
    req.inputs = unknown;
    CHECK_EQ_INT(ops_policy_explain(&e.ctx, &req, &ex, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "inputs");
    json_decref(unknown);
    req.inputs = NULL;
    req.firm = NOFIRM;
    CHECK_EQ_INT(ops_policy_explain(&e.ctx, &req, &ex, &err), HS_NOT_FOUND);
    CHECK_EQ_STR(err.field, "firm");
    req.firm = "BAD";
    CHECK_EQ_INT(ops_policy_explain(&e.ctx, &req, &ex, &err), HS_INPUT);
    CHECK_EQ_STR(err.code, "invalid_field");
    CHECK_EQ_STR(err.field, "firm");
    req.registry = false;
    CHECK_EQ_INT(ops_policy_explain(NULL, &req, &ex, &err), HS_INPUT);
    json_decref(inputs);
    policy_doc_free(&d);
    env_close(&e);
}

/* The labels of a match object, space-separated, into buf. */
static const char *labels(const json_t *m, char *buf, size_t len) {
    size_t at = 0, i;
    json_t *v;
    buf[0] = '\0';
    json_array_foreach(json_object_get(m, "matches"), i, v) at += (size_t)snprintf(
        buf + at, len - at, "%s%s", i ? " " : "", json_string_value(json_object_get(v, "label")));
    return buf;
}

TEST(policy_eval_ops_match_orders_policies_in_force) {
    pe_env e;
    env_open(&e);
    json_t *m = NULL;
    hs_error err = {0};
    char buf[1024];
    CHECK_EQ_INT(ops_policy_match(&e.ctx, HT, day("2024-08-01"), &m, &err), HS_OK);
    CHECK_EQ_STR(json_string_value(json_object_get(m, "name")), "大企业");
    CHECK_EQ_STR(json_string_value(json_object_get(m, "on")), "2024-08-01");
    /* eligible by amount (30万, 20万: the 2024.2 version in force), ties by label, then the rest */
    CHECK_EQ_STR(labels(m, buf, sizeof buf),
                 "t.big@1 t.bonus@2024.2 t.tie_a@1 t.tie_b@1 t.needs@1");
    json_t *needs = json_array_get(json_object_get(m, "matches"), 4);
    CHECK(json_is_false(json_object_get(needs, "eligible")));
    CHECK(strstr(json_string_value(json_object_get(needs, "reason")), "price") != NULL);
    CHECK_EQ_INT(json_array_size(json_object_get(needs, "failed")), 0);
    json_t *big = json_array_get(json_object_get(m, "matches"), 0);
    CHECK_EQ_STR(json_string_value(json_object_get(big, "amount")), "300000.00");
    CHECK_EQ_INT(json_integer_value(json_object_get(big, "amount_fen")), 30000000);
    CHECK_EQ_STR(json_string_value(json_object_get(big, "instrument")), "subsidy");
    json_decref(m);

    /* before July the 2024.1 version; the small firm fails both rules, each named */
    CHECK_EQ_INT(ops_policy_match(&e.ctx, SMALL, day("2024-03-01"), &m, &err), HS_OK);
    CHECK_EQ_STR(labels(m, buf, sizeof buf),
                 "t.tie_a@1 t.tie_b@1 t.big@1 t.bonus@2024.1 t.needs@1");
    json_t *bonus = json_array_get(json_object_get(m, "matches"), 3);
    json_t *failed = json_object_get(bonus, "failed");
    CHECK_EQ_INT(json_array_size(failed), 2);
    CHECK_EQ_STR(json_string_value(json_object_get(json_array_get(failed, 0), "rule")),
                 "certified");
    CHECK_EQ_STR(json_string_value(json_object_get(json_array_get(failed, 0), "clause")),
                 "clause: 高新");
    CHECK(json_integer_value(json_object_get(json_array_get(failed, 1), "line")) > 0);
    CHECK(strstr(json_string_value(json_object_get(bonus, "reason")), "certified") != NULL);
    json_decref(m);

    /* in 2020 only t.old was in force */
    CHECK_EQ_INT(ops_policy_match(&e.ctx, HT, day("2020-06-01"), &m, &err), HS_OK);
    CHECK_EQ_STR(labels(m, buf, sizeof buf), "t.old@1");
    json_decref(m);

    CHECK_EQ_INT(ops_policy_match(&e.ctx, NOFIRM, day("2024-06-01"), &m, &err), HS_NOT_FOUND);
    CHECK_EQ_STR(err.code, "not_found");
    CHECK_EQ_STR(err.field, "uscc");
    CHECK(m == NULL);
    CHECK_EQ_INT(ops_policy_match(&e.ctx, "91440300708461136X", day("2024-06-01"), &m, &err),
                 HS_INPUT);
    CHECK_EQ_STR(err.code, "invalid_field");
    CHECK_EQ_STR(err.field, "uscc");
    env_close(&e);
}
