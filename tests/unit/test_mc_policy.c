/* test_mc_policy.c — policies in the projection read the firm: a policy of a city (its title's,
 * here set as the ops layer sets it) is tabulated only for firms of that city, so a firm of
 * another city (and a birth there) never draws its money; a bool input named like a registry flag
 * and an int input `employees` take the firm's values (unreported: the input's default); the
 * locality input is true for the city's firms; firms with the same inputs share a profile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "project/mc_policy.h"
#include "project/mc_run.h"

static const char lab_policy[] =
    "policy t.lab version 1\n"
    "title zh \"成都市测试实验室补贴\" en \"Chengdu test lab grant\"\n"
    "instrument subsidy\n"
    "budget \"budget/t/lab\"\n"
    "valid 2024-01-01 .. 2030-12-31\n"
    "source \"test\"\n"
    "input sector: enum(nlp, vision, smart_manufacturing, biomedicine, chips, robotics, data, "
    "compute, other)\n"
    "input bill: money\n"
    "input national_lab: bool = false\n"
    "input employees: int = 0\n"
    "input located_in_chengdu: bool = false\n"
    "rule lab \"clause: lab\": national_lab\n"
    "rule big \"clause: staff\": employees >= 50\n"
    "rule local \"clause: local\": located_in_chengdu\n"
    "amount \"clause: half\": min(bill * 50%, 100万)\n";

static void load(mc_policies *ps, char *path) {
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, lab_policy, sizeof lab_policy - 1) == (ssize_t)(sizeof lab_policy - 1));
    close(fd);
    hs_error err = {0};
    memset(ps, 0, sizeof *ps);
    CHECK_EQ_INT(mc_policy_add_file(ps, path, &err), HS_OK);
    snprintf(ps->v[0].city_key, sizeof ps->v[0].city_key, "510100");
    unlink(path);
}

static const char keys[2][MC_CITY_KEY_MAX] = {"510100", "110000"}; /* 成都, 北京 */

static mc_firm_attr firm(int city, uint32_t flags, int64_t employees, bool reported) {
    return (mc_firm_attr){.sector = FIRM_SECTOR_NLP,
                          .stage = FIRM_STAGE_GROWTH,
                          .city = (uint16_t)city,
                          .flags = flags,
                          .has = reported ? FIRM_HAS_EMPLOYEES : 0,
                          .employees = employees};
}

static double max_amount(const mc_policy *m, size_t k) {
    double v = 0;
    for (int q = 0; q < m->quarters; q++)
        for (int j = 0; j < MC_TEMPLATES; j++)
            if (mc_policy_amount(m, q, k, j) > v)
                v = mc_policy_amount(m, q, k, j);
    return v;
}

TEST(mc_policy_profiles_read_the_firm_and_its_city) {
    char path[] = "/tmp/hs-unit-mc-policy-XXXXXX";
    mc_policies ps;
    load(&ps, path);
    const mc_firm_attr firms[] = {
        firm(0, FIRM_FLAG_NATIONAL_LAB, 80, true), /* Chengdu lab, 80 staff: paid */
        firm(0, 0, 80, true),                      /* no lab */
        firm(1, FIRM_FLAG_NATIONAL_LAB, 80, true), /* Beijing: not the policy's city */
        firm(0, FIRM_FLAG_NATIONAL_LAB, 10, true), /* too few staff */
        firm(0, FIRM_FLAG_NATIONAL_LAB, 999, false) /* staff not reported: default 0 */,
        firm(0, FIRM_FLAG_NATIONAL_LAB, 120, true), /* other inputs than firm 0's: 120 staff */
        firm(0, FIRM_FLAG_NATIONAL_LAB, 80, true),  /* the same inputs as firm 0 */
    };
    mc_tab_firms tf = {.firms = firms, .n_firms = 7, .city_keys = keys, .n_cities = 2};
    hs_error err = {0};
    hs_date on;
    CHECK(date_parse("2024-06-30", &on));
    CHECK_EQ_INT(mc_policy_tabulate_firms(&ps, &tf, on, 8, 1e6, 1.0, &err), HS_OK);
    const mc_policy *m = &ps.v[0];
    size_t k[7];
    for (size_t i = 0; i < 7; i++)
        k[i] = mc_policy_profile(m, i, firms[i].city, firms[i].sector, firms[i].stage);
    CHECK(k[0] != 0 && max_amount(m, k[0]) > 0);
    CHECK(k[1] != 0 && max_amount(m, k[1]) == 0);
    CHECK_EQ_INT((int)k[2], 0);
    CHECK(k[3] != 0 && max_amount(m, k[3]) == 0);
    CHECK(k[4] != 0 && max_amount(m, k[4]) == 0);
    CHECK(k[5] != 0 && k[5] != k[0] && max_amount(m, k[5]) > 0);
    CHECK(k[6] == k[0]);
    CHECK(max_amount(m, k[0]) <= 1e6); /* the policy's own cap */
    for (int s = 0; s < FIRM_SECTOR_COUNT; s++) {
        CHECK_EQ_INT((int)mc_policy_profile(m, 100, 1, s, FIRM_STAGE_SEED),
                     0); /* a birth in Beijing: never */
        size_t b =
            mc_policy_profile(m, 100, 0, s, FIRM_STAGE_SEED); /* in Chengdu: no lab, no pay */
        CHECK(b == 0 || max_amount(m, b) == 0);
    }
    mc_policies_free(&ps);
}

/* A snapshot of registry firms (cities 0 Chengdu, 1 Beijing) and one budget of 1亿 for the
 * policy; firm i's city is cities[i]. */
static void snapshot(mc_snapshot *s, const int *cities, size_t n, mc_firm_attr *attrs) {
    memset(s, 0, sizeof *s);
    CHECK(date_parse("2024-06-30", &s->on));
    snprintf(s->programme, sizeof s->programme, "t");
    s->firms = calloc(n, sizeof *s->firms);
    s->n_firms = n;
    for (size_t i = 0; i < n; i++) {
        attrs[i] = firm(cities[i], FIRM_FLAG_NATIONAL_LAB, 80, true);
        s->firms[i] = (mc_firm0){.sector = FIRM_SECTOR_NLP,
                                 .city = (uint16_t)cities[i],
                                 .age_q = 8,
                                 .flags = FIRM_FLAG_NATIONAL_LAB,
                                 .stage = FIRM_STAGE_GROWTH};
    }
    s->cities = calloc(2, sizeof *s->cities);
    snprintf(s->cities[0], sizeof s->cities[0], "成都");
    snprintf(s->cities[1], sizeof s->cities[1], "北京");
    s->n_cities = 2;
    s->budgets = calloc(1, sizeof *s->budgets);
    snprintf(s->budgets[0].account, sizeof s->budgets[0].account, "budget/t/lab");
    s->budgets[0].remaining = 1e8;
    s->n_budgets = 1;
    char path[] = "/tmp/hs-unit-mc-policy-XXXXXX";
    load(&s->policies, path);
    s->policies.v[0].budget_index = 0;
    mc_tab_firms tf = {.firms = attrs, .n_firms = n, .city_keys = keys, .n_cities = 2};
    hs_error err = {0};
    CHECK_EQ_INT(mc_policy_tabulate_firms(&s->policies, &tf, s->on, 12, 1e6, 1.0, &err), HS_OK);
}

TEST(mc_policy_a_firm_of_another_city_never_draws_the_citys_subsidy) {
    mc_params p;
    mc_params_default(&p);
    hs_error err = {0};
    CHECK_EQ_INT(mc_params_set(&p, "apply_rate", "100%", &err), HS_OK);
    mc_run_options o = {.years = 3, .paths = 100, .seed = 3, .threads = 2};
    const int beijing[] = {1, 1, 1, 1, 1, 1, 1, 1};
    const int mixed[] = {1, 1, 1, 1, 0, 1, 1, 1};
    mc_firm_attr attrs[8];
    mc_snapshot s;
    mc_result r = {0}, r1 = {0};
    snapshot(&s, beijing, 8, attrs);
    CHECK_EQ_INT(mc_run(&s, &p, &o, &r, &err), HS_OK);
    for (int64_t i = 0; i < r.paths; i++)
        CHECK(mc_result_value(&r, MC_BUDGET_USED, 3, i) == 0); /* nor their births */
    mc_result_free(&r);
    mc_snapshot_free(&s);
    snapshot(&s, mixed, 8, attrs);
    CHECK_EQ_INT(mc_run(&s, &p, &o, &r, &err), HS_OK);
    o.threads = 1;
    CHECK_EQ_INT(mc_run(&s, &p, &o, &r1, &err), HS_OK);
    CHECK(memcmp(r.values, r1.values, (size_t)MC_METRICS * 3 * 100 * sizeof(double)) == 0);
    double used = 0;
    for (int64_t i = 0; i < r.paths; i++) {
        used += mc_result_value(&r, MC_BUDGET_USED, 3, i);
        CHECK(mc_result_value(&r, MC_BUDGET_USED, 3, i) <= 12 * 1e6 + 1); /* <= 100万 a quarter */
    }
    CHECK(used > 0); /* the one Chengdu firm is paid */
    mc_result_free(&r);
    mc_result_free(&r1);
    mc_snapshot_free(&s);
}

static const char mature_policy[] = "policy t.mature version 1\n"
                                    "title zh \"测试\" en \"test\"\n"
                                    "instrument voucher\n"
                                    "budget \"budget/t/lab\"\n"
                                    "valid 2024-01-01 .. 2030-12-31\n"
                                    "source \"test\"\n"
                                    "input stage: enum(seed, startup, growth, mature)\n"
                                    "input bill: money\n"
                                    "rule mature \"clause: mature\": stage in {mature}\n"
                                    "amount \"clause: half\": bill * 50%\n";

/* Seed firms grow (stage_up_rate) into the stage a policy pays: the policy reads the stage the
 * firm has reached on the path, not its stage at the start. */
static double used_with_growth(const char *rate) {
    mc_snapshot s;
    memset(&s, 0, sizeof s);
    CHECK(date_parse("2024-06-30", &s.on));
    mc_firm_attr attrs[4];
    s.firms = calloc(4, sizeof *s.firms);
    s.n_firms = 4;
    for (size_t i = 0; i < 4; i++) {
        attrs[i] = (mc_firm_attr){.sector = FIRM_SECTOR_NLP, .stage = FIRM_STAGE_SEED};
        s.firms[i] = (mc_firm0){.sector = FIRM_SECTOR_NLP, .age_q = 8, .stage = FIRM_STAGE_SEED};
    }
    s.cities = calloc(1, sizeof *s.cities);
    s.n_cities = 1;
    s.budgets = calloc(1, sizeof *s.budgets);
    s.budgets[0].remaining = 1e9;
    s.n_budgets = 1;
    char path[] = "/tmp/hs-unit-mc-stage-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, mature_policy, sizeof mature_policy - 1) ==
          (ssize_t)(sizeof mature_policy - 1));
    close(fd);
    hs_error err = {0};
    CHECK_EQ_INT(mc_policy_add_file(&s.policies, path, &err), HS_OK);
    unlink(path);
    s.policies.v[0].budget_index = 0;
    static const char none[1][MC_CITY_KEY_MAX] = {""};
    mc_tab_firms tf = {.firms = attrs, .n_firms = 4, .city_keys = none, .n_cities = 1};
    CHECK_EQ_INT(mc_policy_tabulate_firms(&s.policies, &tf, s.on, 8, 1e6, 1.0, &err), HS_OK);
    CHECK_EQ_INT((int)s.policies.v[0].n_stages, FIRM_STAGE_COUNT);
    mc_params p;
    mc_params_default(&p);
    CHECK_EQ_INT(mc_params_set(&p, "apply_rate", "100%", &err), HS_OK);
    CHECK_EQ_INT(mc_params_set(&p, "stage_up_rate", rate, &err), HS_OK);
    mc_run_options o = {.years = 2, .paths = 50, .seed = 4, .threads = 2};
    mc_result r = {0};
    CHECK_EQ_INT(mc_run(&s, &p, &o, &r, &err), HS_OK);
    double used = 0;
    for (int64_t i = 0; i < r.paths; i++)
        used += mc_result_value(&r, MC_BUDGET_USED, 2, i);
    mc_result_free(&r);
    mc_snapshot_free(&s);
    return used;
}

TEST(mc_policy_firms_grow_into_the_stage_a_policy_pays) {
    CHECK(used_with_growth("0") == 0);   /* seed firms stay seed: never mature */
    CHECK(used_with_growth("100%") > 0); /* a stage a quarter: mature from the third */
}
