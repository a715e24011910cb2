/* test_target.c — targets: filters and checks name the field at fault, the red/amber/green rule
 * and the growth still needed, storage round trips, imports all or nothing, imported actuals
 * winning over computed ones, firm counts from the registry, and stored probabilities. */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instrument/target.h"
#include "ops/registry_ops.h"
#include "ops/target_ops.h"
#include "store/store.h"

static hs_store *book(void) {
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
    return s;
}

static hs_ctx ctx_on(hs_store *s, hs_clock *clock, hs_date today) {
    *clock = (hs_clock){.today_fixed = true, .today = today};
    return ops_ctx(s, clock, test_principal(), ".");
}

static target sample(void) {
    target t = {.programme = "shenzhen-ai",
                .id = "ai-firms",
                .indicator = TARGET_FIRMS,
                .value = 3000,
                .deadline = date_from_ymd(2026, 12, 31),
                .filter = "city=深圳",
                .source = "seed 003"};
    return t;
}

TEST(target_filter_parses_formats_and_names_bad_parts) {
    target_filter f;
    hs_error err = {0};
    CHECK_EQ_INT(target_filter_parse("city=深圳,sector=大模型,flag=unicorn,flag=zjtx", &f, &err),
                 HS_OK);
    CHECK_EQ_INT(f.sector, FIRM_SECTOR_NLP);
    CHECK_EQ_STR(f.city, "深圳");
    CHECK(f.flags_all == (FIRM_FLAG_UNICORN | FIRM_FLAG_ZJTX));
    char buf[TARGET_FILTER_MAX];
    CHECK_EQ_STR(target_filter_format(&f, buf, sizeof buf),
                 "sector=nlp,city=深圳,flag=zjtx,flag=unicorn");
    CHECK_EQ_INT(target_filter_parse("colour=red", &f, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "filter");
    CHECK(strstr(err.msg, "colour") != NULL);
    CHECK_EQ_INT(target_filter_parse("sector=banking", &f, &err), HS_INPUT);
    CHECK(strstr(err.msg, "banking") != NULL);
    CHECK_EQ_INT(target_filter_parse("city", &f, &err), HS_INPUT);
    CHECK_EQ_INT(target_filter_parse("", &f, &err), HS_OK);
    CHECK_EQ_STR(target_filter_format(&f, buf, sizeof buf), "");
}

TEST(target_check_names_each_bad_field) {
    hs_error err = {0};
    target t = sample();
    CHECK_EQ_INT(target_check(&t, &err), HS_OK);
    t.value = 0;
    CHECK_EQ_INT(target_check(&t, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "value");
    t = sample();
    snprintf(t.id, sizeof t.id, "bad id");
    CHECK_EQ_INT(target_check(&t, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "id");
    t = sample();
    t.source[0] = '\0';
    CHECK_EQ_INT(target_check(&t, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "source");
    t = sample();
    t.base_year = 2030; /* after the deadline */
    CHECK_EQ_INT(target_check(&t, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "base_year");
    t = sample();
    t.indicator = TARGET_BUDGET_EXECUTED; /* a city filter means nothing for a budget */
    CHECK_EQ_INT(target_check(&t, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "filter");
    t = sample();
    snprintf(t.filter, sizeof t.filter, "fund=anhui-ai");
    CHECK_EQ_INT(target_check(&t, &err), HS_INPUT);
    t.indicator = TARGET_FUND_COMMITTED;
    CHECK_EQ_INT(target_check(&t, &err), HS_OK);
}

TEST(target_values_parse_in_the_indicators_unit) {
    int64_t v;
    hs_error err = {0};
    CHECK_EQ_INT(target_value_parse(TARGET_INDUSTRY_OUTPUT, "8000亿", "value", &v, &err), HS_OK);
    CHECK(v == 80000000000000LL); /* 8000亿 yuan in fen */
    CHECK_EQ_INT(target_value_parse(TARGET_FIRMS, "3000", "value", &v, &err), HS_OK);
    CHECK(v == 3000);
    CHECK_EQ_INT(target_value_parse(TARGET_FIRMS, "3000亿", "value", &v, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "value");
    CHECK_EQ_INT(target_value_parse(TARGET_UNICORNS, "-1", "base_value", &v, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "base_value");
}

TEST(target_assess_growth_rule_without_a_base) {
    target t = sample();
    hs_date on = date_from_ymd(2024, 12, 31); /* two years (730 days) before the deadline */
    target_assessment a = target_assess(&t, 2500, on);
    CHECK(fabs(a.progress - 2500.0 / 3000.0) < 1e-12);
    CHECK(a.needed_ok && !a.met);
    double want = pow(3000.0 / 2500.0, 1.0 / (730.0 / 365.25)) - 1;
    CHECK(fabs(a.needed_cagr - want) < 1e-12);
    CHECK_EQ_INT(a.rag, TARGET_RAG_GREEN); /* ~9.5%/yr <= 10% */
    a = target_assess(&t, 2000, on);       /* ~22.5%/yr */
    CHECK_EQ_INT(a.rag, TARGET_RAG_AMBER);
    a = target_assess(&t, 1000, on); /* ~73%/yr */
    CHECK_EQ_INT(a.rag, TARGET_RAG_RED);
    a = target_assess(&t, 0, on); /* nothing to grow from */
    CHECK(!a.needed_ok);
    CHECK_EQ_INT(a.rag, TARGET_RAG_RED);
    a = target_assess(&t, 3100, date_from_ymd(2027, 6, 1)); /* met, even late */
    CHECK(a.met);
    CHECK_EQ_INT(a.rag, TARGET_RAG_GREEN);
    a = target_assess(&t, 2900, date_from_ymd(2027, 6, 1)); /* past the deadline, not met */
    CHECK_EQ_INT(a.rag, TARGET_RAG_RED);
}

TEST(target_assess_path_rule_with_a_base) {
    target t = sample();
    t.base_year = 2022;
    t.base_value = 1000;
    /* the path runs from 1000 on 2022-12-31 to 3000 on 2026-12-31; halfway is 2000 */
    hs_date mid = date_from_ymd(2024, 12, 31);
    target_assessment a = target_assess(&t, 2000, mid);
    CHECK(a.path_ok);
    CHECK(fabs(a.path_value - (1000.0 + 2000.0 * 731.0 / 1461.0)) < 1e-9);
    CHECK_EQ_INT(target_assess(&t, 2001, mid).rag, TARGET_RAG_GREEN);
    CHECK_EQ_INT(target_assess(&t, 1850, mid).rag, TARGET_RAG_AMBER); /* >= 90% of ~2000 */
    CHECK_EQ_INT(target_assess(&t, 1700, mid).rag, TARGET_RAG_RED);
}

TEST(target_store_add_replace_list_and_probability) {
    hs_store *s = book();
    hs_clock clock;
    hs_ctx ctx = ctx_on(s, &clock, date_from_ymd(2025, 6, 30));
    hs_error err = {0};
    target t = sample();
    bool replaced = true;
    CHECK_EQ_INT(ops_target_add(&ctx, &t, &replaced, &err), HS_OK);
    CHECK(!replaced);
    t.value = 3500;
    CHECK_EQ_INT(ops_target_add(&ctx, &t, &replaced, &err), HS_OK);
    CHECK(replaced);
    target bad = sample();
    bad.value = -5;
    CHECK_EQ_INT(ops_target_add(&ctx, &bad, NULL, &err), HS_INPUT);
    target *v = NULL;
    size_t n = 0;
    CHECK_EQ_INT(ops_target_list(&ctx, NULL, &v, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 1);
    CHECK(v[0].value == 3500);
    CHECK(target_equal(&v[0], &t));
    free(v);
    double p = 0.25;
    CHECK_EQ_INT(ops_target_probabilities_store(&ctx, &t, &p, 1, 1000, 7,
                                                date_from_ymd(2025, 6, 30), "run-1", &err),
                 HS_OK);
    target_status *st = NULL;
    CHECK_EQ_INT(ops_target_status(&ctx, "shenzhen-ai", 0, &st, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 1);
    CHECK(st[0].has_probability && st[0].probability.probability == 0.25);
    CHECK(st[0].probability.paths == 1000 && st[0].probability.seed == 7);
    free(st);
    store_close(s);
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fputs(text, f);
    fclose(f);
}

TEST(target_import_is_all_or_nothing_and_names_the_line) {
    hs_store *s = book();
    hs_clock clock;
    hs_ctx ctx = ctx_on(s, &clock, date_from_ymd(2025, 6, 30));
    hs_error err = {0};
    char path[] = "/tmp/hs-target-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    write_file(path, "programme,id,indicator,value,deadline,source\n"
                     "p,a,firms,100,2026-12-31,s\n"
                     "p,b,unicorns,ten,2026-12-31,s\n");
    size_t count = 9;
    CHECK_EQ_INT(ops_target_import(&ctx, path, &count, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "value");
    CHECK(strstr(err.msg, ":3") != NULL);
    CHECK_EQ_INT(count, 0);
    target *v = NULL;
    size_t n = 7;
    CHECK_EQ_INT(ops_target_list(&ctx, NULL, &v, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 0); /* the good first row was rolled back with the bad one */
    free(v);
    write_file(path, "programme,id,indicator,value,deadline,source\n"
                     "p,a,firms,100,2026-12-31,s\n"
                     "p,out,industry_output,10亿,2026-12-31,s\n");
    CHECK_EQ_INT(ops_target_import(&ctx, path, &count, &err), HS_OK);
    CHECK_EQ_INT(count, 2);
    write_file(path, "programme,target,date,value,source\np,nope,2025-01-01,5,x\n");
    CHECK_EQ_INT(ops_target_actual_import(&ctx, path, &count, &err), HS_NOT_FOUND);
    write_file(path, "programme,target,date,value,source\n"
                     "p,out,2024-12-31,4亿,bureau\np,out,2025-12-31,6亿,bureau\n");
    CHECK_EQ_INT(ops_target_actual_import(&ctx, path, &count, &err), HS_OK);
    CHECK_EQ_INT(count, 2);
    target_status *st = NULL;
    CHECK_EQ_INT(ops_target_status(&ctx, "p", date_from_ymd(2025, 6, 30), &st, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 2);
    /* "out": the figure dated on or before the as-of date (4亿 of 2024), not the later one */
    CHECK_EQ_STR(st[1].t.id, "out");
    CHECK(st[1].actual_known && st[1].actual == 40000000000LL);
    CHECK_EQ_STR(st[1].actual_source, "imported");
    CHECK(fabs(st[1].a.progress - 0.4) < 1e-12);
    /* "a": firms counted in the (empty) registry */
    CHECK(st[0].actual_known && st[0].actual == 0);
    CHECK_EQ_STR(st[0].actual_source, "registry");
    free(st);
    remove(path);
    store_close(s);
}

static hs_status put_firm(hs_ctx *ctx, const char *uscc, const char *city, bool unicorn) {
    registry_session rs;
    hs_error err = {0};
    hs_status st = registry_session_open(ctx, false, &rs, &err);
    if (st != HS_OK)
        return st;
    hs_firm f;
    firm_init(&f);
    snprintf(f.uscc, sizeof f.uscc, "%s", uscc);
    snprintf(f.name, sizeof f.name, "firm %s", uscc);
    snprintf(f.city, sizeof f.city, "%s", city);
    f.sector = FIRM_SECTOR_NLP;
    if (unicorn)
        f.flags |= FIRM_FLAG_UNICORN;
    registry_upsert_result res;
    st = registry_upsert(rs.registry, &f, "2025-01-01T00:00:00Z", &res, &err);
    registry_session_close(&rs);
    return st;
}

TEST(target_actuals_count_the_registry_by_filter) {
    hs_store *s = book();
    hs_clock clock;
    hs_ctx ctx = ctx_on(s, &clock, date_from_ymd(2025, 6, 30));
    hs_error err = {0};
    CHECK_EQ_INT(put_firm(&ctx, "91440300708461136T", "深圳", true), HS_OK);
    CHECK_EQ_INT(put_firm(&ctx, "91110000802100433B", "北京", true), HS_OK);
    CHECK_EQ_INT(put_firm(&ctx, "91440300MA5F0X8P37", "深圳", false), HS_OK);
    target t = sample();
    int64_t actual = -1;
    bool known = false;
    CHECK_EQ_INT(ops_target_actual_computed(&ctx, &t, 0, &actual, &known, &err), HS_OK);
    CHECK(known);
    CHECK_EQ_INT(actual, 2);
    t.indicator = TARGET_UNICORNS;
    CHECK_EQ_INT(ops_target_actual_computed(&ctx, &t, 0, &actual, &known, &err), HS_OK);
    CHECK_EQ_INT(actual, 1);
    t.filter[0] = '\0';
    CHECK_EQ_INT(ops_target_actual_computed(&ctx, &t, 0, &actual, &known, &err), HS_OK);
    CHECK_EQ_INT(actual, 2);
    t.indicator = TARGET_INDUSTRY_OUTPUT;
    CHECK_EQ_INT(ops_target_actual_computed(&ctx, &t, 0, &actual, &known, &err), HS_OK);
    CHECK(!known);
    store_close(s);
}
