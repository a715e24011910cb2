/* test_policy_reform.c — reforms: policy_rule_disable (the rule no longer decides, the others keep
 * their order, the policy's own tests still point at their rules) and ops_policy_reform over a
 * four-firm CSV in the registry format with a policy-only column (totals, the delta firm by firm,
 * by sector and by city, the order of gainers and losers, `from`, bad settings). */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops/policy_reform.h"
#include "policy_helpers.h"

#define RF_BODY                                                                                    \
    "param share: rate = 10%\nparam floor: money = 100万\n"                                       \
    "input revenue: money\ninput bonus: money = 0元\ninput high_tech: bool = false\n"             \
    "rule big \"clause: 规模\": revenue >= floor\n"                                              \
    "rule certified \"clause: 高新\": high_tech\n"                                               \
    "amount \"clause: 奖励\": revenue * share + bonus\n"                                         \
    "test \"small\" on 2024-01-01 { revenue = 1万, high_tech = true } => not eligible because "   \
    "big\n"                                                                                        \
    "test \"plain\" on 2024-01-01 { revenue = 200万 } => not eligible because certified\n"

TEST(rule_disable_removes_one_rule) {
    hs_error err;
    hs_policy *p = ph_load(RF_BODY, &err);
    CHECK(p != NULL);
    if (p == NULL)
        return;
    CHECK_EQ_INT((int)policy_rule_count(p), 2);
    CHECK_EQ_INT(policy_rule_disable(p, "nosuch", &err), HS_INPUT);
    CHECK(strstr(err.msg, "no rule 'nosuch'") != NULL);
    CHECK_EQ_INT(policy_rule_disable(p, "big", &err), HS_OK);
    CHECK_EQ_INT((int)policy_rule_count(p), 1);
    CHECK_EQ_STR(policy_rule_name(p, 0), "certified");
    /* the test that named `certified` still names it (index shifted), and still passes */
    const char *name = NULL;
    char why[1200];
    CHECK(policy_run_test(p, 1, &name, why, sizeof why));
    hs_decision d;
    const char *names[] = {"revenue", "high_tech"};
    const char *small[] = {"1万", "true"};
    CHECK_EQ_INT(policy_eval_firm(p, names, small, 2, date_from_ymd(2024, 1, 1), &d, &err), HS_OK);
    CHECK(d.eligible); /* `big` no longer decides */
    CHECK_EQ_INT(d.amount_fen, 100000);
    CHECK_EQ_INT(policy_rule_disable(p, "big", &err), HS_INPUT); /* already off */
    policy_free(p);
}

static const char *write_csv(char *path, size_t len) {
    snprintf(path, len, "/tmp/hs-reform-unit-%d.csv", (int)getpid());
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return NULL;
    fputs("uscc,name,city,sector,revenue,high_tech,bonus\n"
          "914403001922038216,甲,深圳,nlp,500万,true,0\n"
          "91440300708461136T,乙,深圳,chips,300万,false,0\n"
          "91510100MA6CA00016,丙,成都,nlp,50万,true,1元\n"
          "91440400MAQJUG1Y3C,丁,北京,chips,200万,true,0\n",
          f);
    fclose(f);
    return path;
}

TEST(reform_compares_baseline_and_reform) {
    hs_error err = {0};
    hs_policy *p = ph_load(RF_BODY, &err);
    CHECK(p != NULL);
    char path[128];
    if (p == NULL || write_csv(path, sizeof path) == NULL)
        return;
    policy_doc d = {.policy = p, .origin = POLICY_FROM_FILE};
    snprintf(d.name, sizeof d.name, "t.policy");
    json_t *set = json_pack("{s:s}", "share", "20%");
    const char *off[] = {"certified"};
    ops_policy_reform_req req = {.policy = &d,
                                 .on = date_from_ymd(2024, 6, 1),
                                 .set = set,
                                 .rule_off = off,
                                 .rule_off_count = 1,
                                 .firms_csv = path,
                                 .threads = 1};
    ops_policy_reform_result r;
    CHECK_EQ_INT(ops_policy_reform(NULL, &req, &r, &err), HS_OK);
    CHECK_EQ_INT((int)r.nfirms, 4);
    /* baseline: 甲 50万, 丁 20万 (乙 not certified, 丙 too small) */
    CHECK_EQ_INT((int)r.all.baseline_eligible, 2);
    CHECK_EQ_INT(r.all.baseline_fen, 70000000);
    /* reform: 20%, certification off: 甲 100万, 乙 60万, 丁 40万 */
    CHECK_EQ_INT((int)r.all.reform_eligible, 3);
    CHECK_EQ_INT(r.all.reform_fen, 200000000);
    CHECK_EQ_INT(r.all.delta_fen, 130000000);
    CHECK_EQ_INT((int)r.ngainers, 3);
    CHECK_EQ_INT((int)r.nlosers, 0);
    CHECK_EQ_STR(r.firms[r.gainers[0]].uscc, "91440300708461136T"); /* +60万 */
    CHECK_EQ_INT(ops_reform_delta(&r.firms[r.gainers[0]]), 60000000);
    CHECK_EQ_STR(r.firms[r.gainers[1]].uscc, "914403001922038216"); /* +50万 */
    CHECK_EQ_INT((int)r.nby_city, 3);
    CHECK_EQ_STR(r.by_city[0].key, "北京");
    CHECK_EQ_INT((int)r.nsectors_used, 2);
    CHECK_EQ_STR(r.by_sector[0].key, "chips");
    CHECK_EQ_INT(r.by_sector[0].delta_fen, 60000000 + 20000000);
    json_t *v = view_policy_reform(&r);
    CHECK(v != NULL);
    CHECK_EQ_INT(json_integer_value(json_object_get(v, "delta_fen")), 130000000);
    json_decref(v);
    ops_policy_reform_free(&r);

    /* from a later day: the reform is not in force on `on` */
    req.has_from = true;
    req.from = date_from_ymd(2025, 1, 1);
    CHECK_EQ_INT(ops_policy_reform(NULL, &req, &r, &err), HS_OK);
    CHECK(!r.applies);
    CHECK_EQ_INT(r.all.delta_fen, 0);
    CHECK_EQ_INT(r.all.reform_fen, r.all.baseline_fen);
    ops_policy_reform_free(&r);

    /* bad settings name their field */
    json_t *bad = json_pack("{s:s}", "share", "lots");
    req.set = bad;
    req.set_field = "set";
    CHECK_EQ_INT(ops_policy_reform(NULL, &req, &r, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "set");
    ops_policy_reform_free(&r);
    const char *nosuch[] = {"nosuch"};
    req.set = set;
    req.rule_off = nosuch;
    req.rule_off_field = "rule_off";
    CHECK_EQ_INT(ops_policy_reform(NULL, &req, &r, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "rule_off");
    CHECK_EQ_STR(err.code, "unknown_rule");
    ops_policy_reform_free(&r);
    json_decref(bad);
    json_decref(set);
    unlink(path);
    policy_free(p);
}
