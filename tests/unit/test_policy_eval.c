/* test_policy_eval.c — the evaluator: rounding, overflow and division errors, laziness of
 * and/or/if/tier, tiers and marginal brackets, dates, conversions, strings, bulk evaluation on
 * several threads agreeing with one thread, explanations and the policy's own test cases. */
#include "harness.h"

#include <stdlib.h>
#include <unistd.h>

#include "base/money.h"
#include "policy_helpers.h"

#define D "2024-06-01"

TEST(policy_eval_money_times_rate_rounds_half_away) {
    CHECK_EQ_STR(ph_let("input m: money", "m * 50%", "m=0.01", D), "0.01 CNY");
    CHECK_EQ_STR(ph_let("input m: money", "m * 50%", "m=-0.01", D), "-0.01 CNY");
    CHECK_EQ_STR(ph_let("input m: money", "m * 30%", "m=0.05", D), "0.02 CNY");
    CHECK_EQ_STR(ph_let("input m: money", "30% * m", "m=1000万", D), "3,000,000.00 CNY");
    CHECK_EQ_STR(ph_let("input r: rate", "r * r", "r=50%", D), "25%");
    CHECK_EQ_STR(ph_let("input m: money", "m * 3", "m=1.5万", D), "45,000.00 CNY");
}

TEST(policy_eval_division) {
    CHECK_EQ_STR(ph_let("input a: money\ninput b: money", "a / b", "a=1;b=3", D), "33.33%");
    CHECK_EQ_STR(ph_let("input a: money\ninput b: money", "a / b", "a=2;b=3", D), "66.67%");
    CHECK_EQ_STR(ph_let("input a: money", "a / 3", "a=0.05", D), "0.02 CNY");
    CHECK_EQ_STR(ph_let("input n: int", "n / 2", "n=-7", D), "-3");
    const char *e = ph_let("input a: money\ninput b: money", "a / b", "a=1;b=0", D);
    CHECK(strstr(e, "error: t.policy:9:11: division by zero") != NULL);
}

TEST(policy_eval_overflow_is_an_error_not_a_wrap) {
    const char *e = ph_let("input m: money\ninput n: int", "m * n", "m=1亿;n=9000000000000", D);
    CHECK(strstr(e, "error: t.policy:9:11: overflow") != NULL);
    e = ph_let("input n: int", "n + 9223372036854775807", "n=1", D);
    CHECK(strstr(e, "overflow") != NULL);
    e = ph_let("input n: int", "-n", "n=-9223372036854775808", D);
    CHECK(strstr(e, "overflow") != NULL);
    e = ph_let("input n: int", "percent(n)", "n=9223372036854775807", D);
    CHECK(strstr(e, "overflow") != NULL);
}

TEST(policy_eval_lazy_branches_hide_their_errors) {
    const char *decls = "input a: money\ninput b: money";
    CHECK_EQ_STR(ph_let(decls, "if b > 0元 then a / b else 0%", "a=1;b=0", D), "0%");
    CHECK_EQ_STR(ph_let(decls, "b > 0元 and a / b > 5%", "a=1;b=0", D), "false");
    CHECK_EQ_STR(ph_let(decls, "b == 0元 or a / b > 5%", "a=1;b=0", D), "true");
    CHECK_EQ_STR(ph_let(decls, "tier b { <= 0元 -> 0%, else -> a / b }", "a=1;b=0", D), "0%");
    CHECK(strstr(ph_let(decls, "b == 0元 and a / b > 5%", "a=1;b=0", D), "division by zero"));
}

TEST(policy_eval_tiers_whole_amount) {
    const char *t = "tier m { <= 100万 -> 10%, < 500万 -> 5%, else -> 2% }";
    CHECK_EQ_STR(ph_let("input m: money", t, "m=100万", D), "10%");
    CHECK_EQ_STR(ph_let("input m: money", t, "m=100.01万", D), "5%");
    CHECK_EQ_STR(ph_let("input m: money", t, "m=500万", D), "2%");
    CHECK_EQ_STR(ph_let("input m: money", t, "m=-5", D), "10%");
    CHECK_EQ_STR(ph_let("input n: int", "tier n { <= 10 -> 1元, else -> 2元 }", "n=11", D),
                 "2.00 CNY");
}

TEST(policy_eval_marginal_brackets) {
    const char *m = "marginal m { <= 100万 -> 10%, <= 500万 -> 5%, else -> 2% }";
    CHECK_EQ_STR(ph_let("input m: money", m, "m=600万", D), "320,000.00 CNY");
    CHECK_EQ_STR(ph_let("input m: money", m, "m=50万", D), "50,000.00 CNY");
    CHECK_EQ_STR(ph_let("input m: money", m, "m=0", D), "0.00 CNY");
    CHECK_EQ_STR(ph_let("input m: money", m, "m=-10万", D), "0.00 CNY");
    /* bounds from parameters are checked at run time */
    const char *e = ph_let("param lo: money = 500万\nparam hi: money = 100万\ninput m: money",
                           "marginal m { <= lo -> 10%, <= hi -> 5%, else -> 2% }", "m=600万", D);
    CHECK(strstr(e, "marginal bracket bounds must increase") != NULL);
}

TEST(policy_eval_dates) {
    const char *d = "input a: date\ninput b: date";
    CHECK_EQ_STR(ph_let(d, "years_between(a, b)", "a=2020-02-29;b=2021-02-28", D), "0");
    CHECK_EQ_STR(ph_let(d, "years_between(a, b)", "a=2020-02-29;b=2021-03-01", D), "1");
    CHECK_EQ_STR(ph_let(d, "years_between(a, b)", "a=2024-06-01;b=2020-06-01", D), "-4");
    CHECK_EQ_STR(ph_let(d, "days_between(a, b)", "a=2024-02-28;b=2024-03-01", D), "2");
    CHECK_EQ_STR(ph_let(d, "b - a", "a=2024-02-28;b=2024-03-01", D), "2");
    CHECK_EQ_STR(ph_let(d, "a + 30", "a=2024-02-28;b=2024-03-01", D), "2024-03-29");
    CHECK_EQ_STR(ph_let(d, "add_months(a, 1)", "a=2024-01-31;b=2024-03-01", D), "2024-02-29");
    CHECK_EQ_STR(ph_let(d, "add_years(a, 1)", "a=2024-02-29;b=2024-03-01", D), "2025-02-28");
    CHECK_EQ_STR(ph_let(d, "year(a)", "a=2024-02-29;b=2024-03-01", D), "2024");
    CHECK_EQ_STR(ph_let("input f: date", "years_between(f, today) < 5", "f=2020-06-02", D), "true");
    CHECK(strstr(ph_let(d, "add_years(a, 2000)", "a=2024-02-29;b=2024-03-01", D),
                 "date out of range"));
    CHECK(strstr(ph_let(d, "a + 9000000", "a=2024-02-29;b=2024-03-01", D), "date out of range"));
}

TEST(policy_eval_conversions_and_functions) {
    CHECK_EQ_STR(ph_let("input n: int", "yuan(n)", "n=12", D), "12.00 CNY");
    CHECK_EQ_STR(ph_let("input m: money", "to_int(m)", "m=12.50", D), "13");
    CHECK_EQ_STR(ph_let("input m: money", "to_int(m)", "m=-12.50", D), "-13");
    CHECK_EQ_STR(ph_let("input n: int", "percent(n)", "n=12", D), "12%");
    CHECK_EQ_STR(ph_let("input m: money", "abs(m)", "m=-3", D), "3.00 CNY");
    CHECK_EQ_STR(ph_let("input a: money\ninput b: money", "max(a, b, 1元)", "a=-3;b=0.5", D),
                 "1.00 CNY");
    CHECK_EQ_STR(ph_let("input a: money\ninput b: money", "min(a, b, 1元)", "a=-3;b=0.5", D),
                 "-3.00 CNY");
}

TEST(policy_eval_strings_enums_and_sets) {
    CHECK_EQ_STR(ph_let("input city: string", "city == \"成都\"", "city=成都", D), "true");
    CHECK_EQ_STR(ph_let("input city: string", "city in {\"苏州\", \"珠海\"}", "city=成都", D),
                 "false");
    CHECK_EQ_STR(ph_let("input city: string = \"成都\"", "city == \"成都\"", "", D), "true");
    CHECK_EQ_STR(ph_let("input s: enum(a, b, c)", "s not in {a, b}", "s=c", D), "true");
    CHECK_EQ_STR(ph_let("input s: enum(a, b, c)", "if s == b then c else s", "s=b", D), "c");
    CHECK_EQ_STR(ph_let("input n: int", "n in {1, 2, 3}", "n=2", D), "true");
    CHECK(strstr(ph_let("input s: enum(a, b)", "s", "s=z", D), "'z' is not one of enum(a, b)"));
    CHECK(strstr(ph_let("input b: bool", "b", "b=maybe", D), "not a yes/no value"));
    CHECK_EQ_STR(ph_let("input b: bool", "not b", "b=是", D), "false");
}

TEST(policy_eval_parameters_follow_the_date) {
    const char *p = "param s: rate = 30% from 2000-01-01, 60% from 2025-01-01\ninput m: money";
    CHECK_EQ_STR(ph_let(p, "m * s", "m=100万", "2024-12-31"), "300,000.00 CNY");
    CHECK_EQ_STR(ph_let(p, "m * s", "m=100万", "2025-01-01"), "600,000.00 CNY");
}

/* Writes a CSV of n firms with varied inputs and returns its path. */
static const char *write_population(size_t n) {
    static char path[] = "/tmp/huoshui-policy-unit-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "w");
    fprintf(f, "uscc,revenue,rd_spend,sector,founded\n");
    for (size_t i = 0; i < n; i++)
        fprintf(f, "F%06zu,%zu万,%zu.%02zu万,%s,20%02zu-0%zu-1%zu\n", i, i % 977, (i * 7) % 113,
                i % 100,
                i % 3 == 0   ? "nlp"
                : i % 3 == 1 ? "chips"
                             : "other",
                i % 25, 1 + i % 9, i % 9);
    fclose(f);
    return path;
}

TEST(policy_eval_bulk_threads_agree_with_one_thread) {
    hs_error err;
    hs_policy *p = ph_load(
        "input revenue: money\ninput rd_spend: money\ninput sector: enum(nlp, chips, other)\n"
        "input founded: date\n"
        "let intensity = if revenue > 0元 then rd_spend / revenue else 0%\n"
        "rule ai \"c1\": sector != other\n"
        "rule young \"c2\": years_between(founded, today) <= 15\n"
        "rule rd \"c3\": intensity >= 3%\n"
        "amount \"c4\": min(marginal rd_spend { <= 10万 -> 50%, <= 50万 -> 30%, else -> 10% },"
        " 20万)\n",
        &err);
    CHECK(p != NULL);
    if (p == NULL) {
        printf("%s\n", err.msg);
        return;
    }
    const char *path = write_population(5000);
    CHECK(path != NULL);
    hs_pop *pop = NULL;
    CHECK_EQ_INT(pop_load_csv(p, path, &pop, &err), HS_OK);
    unlink(path);
    if (pop == NULL) {
        printf("%s\n", err.msg);
        policy_free(p);
        return;
    }
    CHECK_EQ_INT(pop_rows(pop), 5000);
    CHECK_EQ_STR(pop_uscc(pop, 4999), "F004999");
    CHECK_EQ_INT(pop_find(pop, "F000123"), 123);
    hs_pop_result one, two;
    hs_date on = date_from_ymd(2024, 6, 1);
    CHECK_EQ_INT(policy_eval_pop(p, pop, on, 1, &one, &err), HS_OK);
    CHECK_EQ_INT(policy_eval_pop(p, pop, on, 2, &two, &err), HS_OK);
    size_t eligible = 0, differ = 0;
    for (size_t i = 0; i < one.rows; i++) {
        eligible += one.eligible[i];
        differ += one.eligible[i] != two.eligible[i] || one.amount_fen[i] != two.amount_fen[i] ||
                  one.failed_rule[i] != two.failed_rule[i] || one.error[i] != two.error[i];
        /* each bulk row equals the single-row decision */
        if (i % 499 == 0) {
            hs_decision d;
            CHECK_EQ_INT(policy_eval_row(p, pop, i, on, &d, &err), HS_OK);
            CHECK_EQ_INT(d.eligible, one.eligible[i]);
            CHECK_EQ_INT(d.amount_fen, one.amount_fen[i]);
        }
    }
    CHECK_EQ_INT(differ, 0);
    CHECK(eligible > 100 && eligible < 5000);
    pop_result_free(&one);
    pop_result_free(&two);
    pop_free(pop);
    policy_free(p);
}

TEST(policy_eval_explain_lists_every_clause) {
    hs_policy *p = NULL;
    hs_error err;
    CHECK_EQ_INT(policy_load_file("policies/chengdu-compute-voucher.policy", &p, &err), HS_OK);
    if (p == NULL)
        return;
    const char *names[] = {"bill", "sector", "provider_local"};
    const char *values[] = {"1200万", "compute", "false"};
    hs_pop *pop = NULL;
    CHECK_EQ_INT(pop_from_fields(p, "X", names, values, 3, &pop, &err), HS_OK);
    hs_explanation ex;
    CHECK_EQ_INT(policy_explain(p, pop, 0, date_from_ymd(2025, 3, 1), &ex, &err), HS_OK);
    int rules = 0, failed = 0, params = 0;
    bool saw_share = false, saw_offset = false;
    for (size_t i = 0; i < ex.count; i++) {
        const hs_explain_item *it = &ex.items[i];
        if (it->kind == HS_EX_RULE) {
            rules++;
            failed += !it->passed;
        }
        if (it->kind == HS_EX_PARAM) {
            params++;
            if (strcmp(it->label, "share") == 0 && strcmp(it->value, "60%") == 0 &&
                strcmp(it->note, "from 2025-01-01") == 0)
                saw_share = true;
        }
        if (it->kind == HS_EX_LET && strcmp(it->label, "offset") == 0 &&
            strcmp(it->value, "7,200,000.00 CNY") == 0)
            saw_offset = true;
    }
    CHECK_EQ_INT(rules, 2);
    CHECK_EQ_INT(failed, 1);
    CHECK_EQ_INT(params, 3);
    CHECK(saw_share);
    CHECK(saw_offset);
    CHECK(!ex.decision.eligible);
    CHECK_EQ_INT(ex.decision.failed_rule, 0);
    CHECK(strstr(ex.decision.reason, "local_provider") != NULL);
    explanation_free(&ex);
    pop_free(pop);
    policy_free(p);
}

TEST(policy_eval_runs_the_policy_test_cases) {
    hs_error err;
    hs_policy *p =
        ph_load("input m: money\ninput k: int = 1\nrule pos \"c\": m > 0元\n"
                "amount \"a\": m * k * 10%\n"
                "test \"ok\" on 2024-01-01 { m = 10元 } => eligible, amount 1元\n"
                "test \"wrong\" on 2024-01-01 { m = 10元 } => eligible, amount 2元\n"
                "test \"no\" on 2024-01-01 { m = 0元 } => not eligible because pos\n"
                "test \"early\" on 1999-01-01 { m = 1元 } => not eligible because valid\n"
                "test \"boom\" on 2024-01-01 { m = 1亿, k = 100000000000 } => error\n",
                &err);
    CHECK(p != NULL);
    if (p == NULL) {
        printf("%s\n", err.msg);
        return;
    }
    CHECK_EQ_INT(policy_test_count(p), 5);
    const char *name;
    char why[512];
    CHECK(policy_run_test(p, 0, &name, why, sizeof why));
    CHECK(!policy_run_test(p, 1, &name, why, sizeof why));
    CHECK_EQ_STR(name, "wrong");
    CHECK_EQ_STR(why, "expected amount 2.00 CNY, got 1.00 CNY");
    CHECK(policy_run_test(p, 2, &name, why, sizeof why));
    CHECK(policy_run_test(p, 3, &name, why, sizeof why));
    CHECK(policy_run_test(p, 4, &name, why, sizeof why));
    policy_free(p);
}

TEST(policy_eval_one_firm_api) {
    hs_policy *p = NULL;
    hs_error err;
    CHECK_EQ_INT(policy_load_file("policies/chengdu-first-version-software.policy", &p, &err),
                 HS_OK);
    if (p == NULL)
        return;
    const char *names[] = {"role", "software_price"};
    const char *values[] = {"user", "500万"};
    hs_decision d;
    CHECK_EQ_INT(policy_eval_firm(p, names, values, 2, date_from_ymd(2024, 6, 1), &d, &err), HS_OK);
    CHECK(d.eligible);
    CHECK_EQ_INT(d.amount_fen, 150000000);
    values[1] = "0元";
    CHECK_EQ_INT(policy_eval_firm(p, names, values, 2, date_from_ymd(2024, 6, 1), &d, &err), HS_OK);
    CHECK(!d.eligible);
    CHECK_EQ_STR(d.reason, "rule 'has_price' (clause: 按合同金额) not met");
    CHECK_EQ_INT(policy_eval_firm(p, names, values, 2, date_from_ymd(2027, 1, 1), &d, &err), HS_OK);
    CHECK_EQ_INT(d.failed_rule, -2);
    /* typed values: role index 0 = maker, price in fen */
    const int64_t typed[] = {0, 100000000000};
    hs_pop *pop = NULL;
    CHECK_EQ_INT(pop_from_values(p, "T1", names, typed, 2, &pop, &err), HS_OK);
    CHECK_EQ_INT(policy_eval_row(p, pop, 0, date_from_ymd(2024, 6, 1), &d, &err), HS_OK);
    CHECK_EQ_INT(d.amount_fen, 250000000);
    pop_free(pop);
    const int64_t bad[] = {7, 1};
    CHECK_EQ_INT(pop_from_values(p, "T2", names, bad, 2, &pop, &err), HS_INPUT);
    CHECK(strstr(err.msg, "no enum member 7") != NULL);
    policy_free(p);
}

TEST(policy_eval_string_lets_in_test_cases) {
    hs_error err;
    hs_policy *p =
        ph_load("input city: string\nlet c = city\namount \"a\": 0元\n"
                "test \"s\" on 2024-01-01 { city = \"成都\" } => eligible, c = \"成都\"\n"
                "test \"t\" on 2024-01-01 { city = \"苏州\" } => eligible, c = \"成都\"\n",
                &err);
    CHECK(p != NULL);
    if (p == NULL)
        return;
    const char *name;
    char why[256];
    CHECK(policy_run_test(p, 0, &name, why, sizeof why));
    CHECK(!policy_run_test(p, 1, &name, why, sizeof why));
    CHECK_EQ_STR(why, "expected c = \"成都\", got \"苏州\"");
    policy_free(p);
}

/* Deterministic 64-bit generator for the property test. */
static uint64_t next_rand(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

TEST(policy_eval_columnar_money_times_rate_matches_money_mul_bp) {
    hs_error err;
    hs_policy *p = ph_load("input m: money\ninput r: rate\namount \"a\": m * r\n", &err);
    CHECK(p != NULL);
    if (p == NULL)
        return;
    char path[] = "/tmp/huoshui-mulbp-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "uscc,m_fen,r\n");
    uint64_t s = 0x9e3779b97f4a7c15u;
    enum { N = 3000 };
    static int64_t ms[N], rs[N];
    for (int i = 0; i < N; i++) {
        uint64_t a = next_rand(&s), b = next_rand(&s);
        int shift = (int)(a % 62);
        ms[i] = (int64_t)(b >> (shift + 2)) * ((a >> 8) & 1 ? -1 : 1);
        uint64_t span = a % 4 == 0 ? 2000001 : 40001; /* +-20000% sometimes, else +-200% */
        rs[i] = (int64_t)(next_rand(&s) % span) - (int64_t)(span / 2);
        fprintf(f, "R%d,%lld,%lldbp\n", i, (long long)ms[i], (long long)rs[i]);
    }
    fclose(f);
    hs_pop *pop = NULL;
    CHECK_EQ_INT(pop_load_csv(p, path, &pop, &err), HS_OK);
    unlink(path);
    if (pop == NULL) {
        printf("%s\n", err.msg);
        policy_free(p);
        return;
    }
    hs_pop_result r;
    CHECK_EQ_INT(policy_eval_pop(p, pop, date_from_ymd(2024, 1, 1), 2, &r, &err), HS_OK);
    int bad = 0, overflows = 0;
    for (int i = 0; i < N; i++) {
        int64_t want = 0;
        bool ok = money_mul_bp(ms[i], rs[i], &want);
        overflows += !ok;
        if (ok ? (r.error[i] != 0 || r.amount_fen[i] != want) : r.error[i] == 0)
            bad++;
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(overflows > 0); /* the generator reaches the overflow path too */
    pop_result_free(&r);
    pop_free(pop);
    policy_free(p);
}

/* Issue 12: a ratio is compared exactly, never rounded to the basis point first. */
TEST(policy_eval_ratio_thresholds_are_exact) {
    const char *decls = "input rd: money\ninput rev: money";
    /* 5.999999% rounds to 6.00% but is below 6% */
    CHECK_EQ_STR(ph_let(decls, "rd / rev >= 6%", "rd=5999999;rev=1亿", D), "false");
    CHECK_EQ_STR(ph_let(decls, "rd / rev < 6%", "rd=5999999;rev=1亿", D), "true");
    CHECK_EQ_STR(ph_let(decls, "6% <= rd / rev", "rd=5999999;rev=1亿", D), "false");
    CHECK_EQ_STR(ph_let(decls, "rd / rev >= 6%", "rd=600万;rev=1亿", D), "true");
    CHECK_EQ_STR(ph_let(decls, "rd / rev == 6%", "rd=600万;rev=1亿", D), "true");
    /* 6.00004% rounds to 6.00% but is above 6% */
    CHECK_EQ_STR(ph_let(decls, "rd / rev > 6%", "rd=6000004;rev=1亿", D), "true");
    /* negative denominators keep the order right */
    CHECK_EQ_STR(ph_let(decls, "rd / rev < 0%", "rd=1;rev=-3", D), "true");
    /* through a let and an if, as policies write intensity */
    const char *let = "input rd: money\ninput rev: money\n"
                      "let intensity = if rev > 0元 then rd / rev else 0%";
    CHECK_EQ_STR(ph_let(let, "intensity >= 6%", "rd=5999999;rev=1亿", D), "false");
    CHECK_EQ_STR(ph_let(let, "intensity >= 6%", "rd=600万;rev=1亿", D), "true");
    CHECK_EQ_STR(ph_let(let, "intensity >= 0%", "rd=1;rev=0", D), "true");
    CHECK_EQ_STR(ph_let(let, "intensity / 2 >= 0%", "rd=1;rev=0", D), "true");
    /* two quotients */
    CHECK_EQ_STR(ph_let(decls, "rd / rev < (rd + 1元) / rev", "rd=1;rev=3", D), "true");
    /* tiers over a quotient test their bounds exactly */
    const char *t = "tier intensity { < 6% -> 30%, < 10% -> 60%, else -> 100% }";
    CHECK_EQ_STR(ph_let(let, t, "rd=5999999;rev=1亿", D), "30%");
    CHECK_EQ_STR(ph_let(let, t, "rd=600万;rev=1亿", D), "60%");
    CHECK_EQ_STR(ph_let(let, t, "rd=1;rev=0", D), "30%");
    /* division by zero is still an error, not a silent result */
    CHECK(strstr(ph_let(decls, "rd / rev >= 6%", "rd=1;rev=0", D), "division by zero") != NULL);
    /* the explanation notes the exact value beside the rounded one */
    hs_error err;
    hs_policy *p = ph_load("input rd: money\ninput rev: money\nlet x = rd / rev\n"
                           "rule r \"c\": rd / rev >= 6%\namount \"a\": 0元\n",
                           &err);
    CHECK(p != NULL);
    const char *names[] = {"rd", "rev"}, *values[] = {"59999.99", "1000000"};
    hs_pop *pop = NULL;
    CHECK(pop_from_fields(p, "F1", names, values, 2, &pop, &err) == HS_OK);
    hs_date on;
    date_parse(D, &on);
    hs_explanation ex;
    CHECK(policy_explain(p, pop, 0, on, &ex, &err) == HS_OK);
    int notes = 0;
    for (size_t i = 0; i < ex.count; i++)
        if (strcmp(ex.items[i].note, "exactly 5.999999%") == 0 &&
            strcmp(ex.items[i].value, "6%") == 0)
            notes++;
    CHECK_EQ_INT(notes, 2); /* the let and the rule's left side */
    CHECK(!ex.decision.eligible);
    explanation_free(&ex);
    pop_free(pop);
    policy_free(p);
}

/* Issue 12: each dated value may cite its document; the value in force on a date gives its own. */
TEST(policy_eval_param_refs_follow_the_date) {
    hs_error err;
    hs_policy *p = ph_load("param r: rate = 75% from 2000-01-01 ref \"财税〔2018〕99号\",\n"
                           "  90% from 2021-01-01,\n"
                           "  100% from 2023-01-01 ref \"公告2023年第7号\"\n"
                           "param k: int = 3 ref \"k doc\"\namount \"a\": 0元\n",
                           &err);
    CHECK(p != NULL);
    if (p == NULL)
        return;
    hs_date d;
    date_parse("2019-05-01", &d);
    CHECK_EQ_STR(policy_param_ref(p, 0, d), "财税〔2018〕99号");
    date_parse("2022-05-01", &d);
    CHECK(policy_param_ref(p, 0, d) == NULL); /* the 2021 value cites nothing */
    date_parse("2024-05-01", &d);
    CHECK_EQ_STR(policy_param_ref(p, 0, d), "公告2023年第7号");
    CHECK_EQ_STR(policy_param_ref(p, 1, d), "k doc");
    CHECK(policy_param_override(p, "r", "50%", &err) == HS_OK);
    CHECK(policy_param_ref(p, 0, d) == NULL); /* a what-if cites no document */
    policy_free(p);
    CHECK(ph_load("param r: rate = 5% ref \"\"\namount \"a\": 0元\n", &err) == NULL);
    CHECK(strstr(err.msg, "cannot be empty") != NULL);
    CHECK(ph_load("param r: rate = 5% ref 3\namount \"a\": 0元\n", &err) == NULL);
}

/* Issue 12: exceptions (原则上…，对…可提高至…): the one that applies wins, a more specific one
 * (`to` another exception) wins over its parent, two at one level are an error naming both. */
TEST(policy_eval_exceptions_default_logic) {
    const char *decls = "input a: bool = false\ninput b: bool = false\ninput m: money = 0元\n"
                        "let share = 20%\n"
                        "exception hi \"对重点项目可提高至30%\" when a: 30%\n"
                        "exception top to hi \"其中国家级可提高至40%\" when b: 40%";
    CHECK_EQ_STR(ph_let(decls, "share", "", D), "20%");
    CHECK_EQ_STR(ph_let(decls, "share", "a=true", D), "30%");
    CHECK_EQ_STR(ph_let(decls, "share", "a=true;b=true", D), "40%");
    CHECK_EQ_STR(ph_let(decls, "share", "b=true", D), "20%"); /* top refines hi only */
    const char *rival = "input a: bool = false\ninput b: bool = false\n"
                        "let share = 20%\n"
                        "exception hi \"甲\" when a: 30%\n"
                        "exception other \"乙\" when b: 35%";
    CHECK_EQ_STR(ph_let(rival, "share", "b=true", D), "35%");
    const char *e = ph_let(rival, "share", "a=true;b=true", D);
    CHECK(strstr(e, "conflicting exceptions: 'hi' (甲, line 10) and 'other' (乙, line 11)") !=
          NULL);
    /* a branch not chosen keeps its error to itself */
    const char *lazy = "input a: bool = false\ninput m: money\nlet r = 10%\n"
                       "exception d \"c\" when a: m / m";
    CHECK_EQ_STR(ph_let(lazy, "r", "m=0", D), "10%");
    CHECK(strstr(ph_let(lazy, "r", "m=0;a=true", D), "division by zero") != NULL);
    /* rules and amounts take exceptions too */
    hs_error err;
    hs_policy *p = ph_load("input cap: money\ninput young: bool = false\n"
                           "rule size \"原则上不低于1000万\": cap >= 1000万\n"
                           "exception relax \"对初创企业放宽至500万\" when young: cap >= 500万\n"
                           "amount \"原则上100万\": 100万\n"
                           "exception more \"对初创企业150万\" when young: 150万\n",
                           &err);
    CHECK(p != NULL);
    if (p == NULL)
        return;
    hs_decision dec;
    hs_date on;
    date_parse(D, &on);
    const char *n1[] = {"cap", "young"}, *v1[] = {"600万", "true"}, *v2[] = {"600万", "false"};
    CHECK(policy_eval_firm(p, n1, v1, 2, on, &dec, &err) == HS_OK);
    CHECK(dec.eligible);
    CHECK_EQ_INT(dec.amount_fen, 150000000);
    CHECK(policy_eval_firm(p, n1, v2, 2, on, &dec, &err) == HS_OK);
    CHECK(!dec.eligible);
    CHECK_EQ_INT(dec.failed_rule, 0);
    /* the explanation says which exception applied */
    hs_pop *pop = NULL;
    CHECK(pop_from_fields(p, "F1", n1, v1, 2, &pop, &err) == HS_OK);
    hs_explanation ex;
    CHECK(policy_explain(p, pop, 0, on, &ex, &err) == HS_OK);
    int applied = 0;
    for (size_t i = 0; i < ex.count; i++)
        if (ex.items[i].kind == HS_EX_EXCEPTION && ex.items[i].passed &&
            strcmp(ex.items[i].value, "applies") == 0)
            applied++;
    CHECK_EQ_INT(applied, 2); /* relax and more */
    CHECK_EQ_STR(policy_explain_kind_name(HS_EX_EXCEPTION), "exception");
    explanation_free(&ex);
    pop_free(pop);
    policy_free(p);
}

/* Exceptions are checked when the policy loads. */
TEST(policy_eval_exception_errors) {
    hs_error err;
    CHECK(ph_load("exception x \"c\" when true: 1元\namount \"a\": 0元\n", &err) == NULL);
    CHECK(strstr(err.msg, "refines a rule, let or amount declared above") != NULL);
    CHECK(ph_load("let r = 5%\nexception x to nope \"c\" when true: 6%\namount \"a\": 0元\n",
                  &err) == NULL);
    CHECK(strstr(err.msg, "'nope' is not a rule, let or exception") != NULL);
    CHECK(ph_load("let r = 5%\nexception x \"c\" when true: 6元\namount \"a\": 0元\n", &err) ==
          NULL);
    CHECK(strstr(err.msg, "the exception gives money but what it refines is rate") != NULL);
    CHECK(ph_load("let r = 5%\nlet s = r * 2\nexception x to r \"c\" when true: 6%\n"
                  "amount \"a\": 0元\n",
                  &err) == NULL);
    CHECK(strstr(err.msg, "must come before its first use") != NULL);
    CHECK(ph_load("let r = 5%\nexception x \"c\" when 3: 6%\namount \"a\": 0元\n", &err) == NULL);
    CHECK(strstr(err.msg, "condition needs bool") != NULL);
    CHECK(ph_load("let r = 5%\nexception x \"c\" when true: 6%\nexception x \"d\" when true: 7%\n"
                  "amount \"a\": 0元\n",
                  &err) == NULL);
    CHECK(strstr(err.msg, "already the name of") != NULL);
}

/* Issue 12: periods — quarterly inputs, sum_quarters, quarter_start, a parameter at a date. */
TEST(policy_eval_periods_quarters_and_dated_lookups) {
    const char *q = "input rd: money per quarter = 0元\n"
                    "param r: rate = 75% from 2000-01-01, 100% from 2022-10-01";
    CHECK_EQ_STR(ph_let(q, "sum_quarters(rd)", "rd.Q1=1元;rd.Q4=2元", D), "3.00 CNY");
    CHECK_EQ_STR(ph_let(q, "rd.Q4 * (r at quarter_start(4))", "rd.Q4=100元", "2022-12-31"),
                 "100.00 CNY");
    CHECK_EQ_STR(ph_let(q, "rd.Q3 * (r at quarter_start(3))", "rd.Q3=100元", "2022-12-31"),
                 "75.00 CNY");
    CHECK_EQ_STR(ph_let(q, "quarter_start(2)", "", "2021-05-06"), "2021-04-01");
    CHECK(strstr(ph_let(q, "quarter_start(5)", "", D), "date out of range") != NULL);
    CHECK(strstr(ph_let(q, "r at 1999-01-01", "", D), "no value on that date") != NULL);
    /* a column named with its year */
    CHECK_EQ_STR(ph_let(q, "rd.Q2", "rd.2022Q2=5元", "2022-12-31"), "5.00 CNY");
    CHECK(strstr(ph_let(q, "rd.Q2", "rd.2022Q2=5元;rd.2023Q1=1元", D), "other quarterly") != NULL);
    CHECK(strstr(ph_let(q, "rd.Q2", "rd.2022Q2=5元", "2023-12-31"), "are for 2022") != NULL);
    /* load-time checks */
    CHECK(strstr(ph_let(q, "rd", "", D), "given per quarter") != NULL);
    CHECK(strstr(ph_let(q, "rd.Q5", "", D), "Q1, Q2, Q3 or Q4") != NULL);
    CHECK(strstr(ph_let(q, "sum_quarters(r)", "", D), "not an input declared 'per quarter'") !=
          NULL);
    CHECK(strstr(ph_let(q, "r at 3", "", D), "needs date") != NULL);
    /* the period statement and its end dates */
    hs_error err;
    hs_policy *p = ph_load("period year\namount \"a\": 0元\n", &err);
    CHECK(p != NULL && policy_period(p) == HS_PERIOD_YEAR);
    policy_free(p);
    CHECK(ph_load("period week\namount \"a\": 0元\n", &err) == NULL);
    hs_date d, want;
    CHECK(policy_period_end("2022", &d));
    date_parse("2022-12-31", &want);
    CHECK_EQ_INT(d, want);
    CHECK(policy_period_end("2024-02", &d));
    date_parse("2024-02-29", &want);
    CHECK_EQ_INT(d, want);
    CHECK(!policy_period_end("22", &d));
    CHECK(!policy_period_end("2022-13", &d));
    CHECK(!policy_period_end("2022Q1", &d));
}

/* present_value(): exact (checked against Python's fractions), rounded once to the fen. */
TEST(policy_eval_present_value_is_exact) {
    const char *d = "input a: money\ninput r: rate\ninput n: int";
    CHECK_EQ_STR(ph_let(d, "present_value(a, r, n)", "a=100万;r=3%;n=5", D), "862,608.78 CNY");
    CHECK_EQ_STR(ph_let(d, "present_value(a, r, n)", "a=0.01;r=50%;n=1", D), "0.01 CNY");
    CHECK_EQ_STR(ph_let(d, "present_value(a, r, n)", "a=0.03;r=50%;n=1", D), "0.02 CNY");
    CHECK_EQ_STR(ph_let(d, "present_value(a, r, n)", "a=-0.03;r=50%;n=1", D), "-0.02 CNY");
    CHECK_EQ_STR(ph_let(d, "present_value(a, r, n)", "a=1234567.89;r=2.75%;n=30", D),
                 "547,091.62 CNY");
    CHECK_EQ_STR(ph_let(d, "present_value(a, r, n)", "a=1000;r=0%;n=100", D), "1,000.00 CNY");
    CHECK_EQ_STR(ph_let(d, "present_value(a, r, n)", "a=1000;r=100%;n=100", D), "0.00 CNY");
    CHECK_EQ_STR(ph_let(d, "present_value(a, r, n)", "a=9000000亿;r=7%;n=0", D),
                 "900,000,000,000,000.00 CNY");
    CHECK_EQ_STR(ph_let(d, "present_value(a, r, n)", "a=9000000亿;r=0.01%;n=100", D),
                 "891,045,295,867,088.53 CNY");
    CHECK(strstr(ph_let(d, "present_value(a, r, n)", "a=1;r=3%;n=101", D), "0 to 100 years"));
    CHECK(strstr(ph_let(d, "present_value(a, r, n)", "a=1;r=-1%;n=1", D), "0% to 100%"));
    CHECK(strstr(ph_let(d, "present_value(a, n, r)", "a=1;r=1%;n=1", D), "needs rate"));
}

/* Issue 12: amendments (`amends ID from DATE`) and what changed between two versions. */
TEST(policy_eval_amendments_and_diff) {
    hs_error err;
    /* PH_HEADER's id is t.unit, valid from 2000-01-01 */
    hs_policy *a = ph_load("param share: rate = 30% ref \"2023 doc\"\ninput bill: money\n"
                           "rule has_bill \"按实际费用\": bill > 0元\n"
                           "amount \"按比例\": bill * share\n",
                           &err);
    hs_policy *b = ph_load("amends t.unit from 2025-01-01\n"
                           "param share: rate = 60% ref \"2025 doc\"\ninput bill: money\n"
                           "param cap: money = 500万\n"
                           "amount \"按比例，封顶\": min(bill * share, cap)\n",
                           &err);
    CHECK(a != NULL && b != NULL);
    if (a == NULL || b == NULL)
        return;
    hs_date from = 0, d;
    CHECK(policy_amends(a, &from) == NULL);
    CHECK_EQ_STR(policy_amends(b, &from), "t.unit");
    date_parse("2025-01-01", &d);
    CHECK_EQ_INT(from, d);
    CHECK_EQ_INT(policy_effective_from(b), d);
    date_parse("2000-01-01", &d);
    CHECK_EQ_INT(policy_effective_from(a), d);
    hs_policy_change *ch = NULL;
    size_t n = policy_diff(a, b, &ch);
    char seen[1024] = "";
    for (size_t i = 0; i < n; i++) {
        char one[200];
        snprintf(one, sizeof one, "%s:%s:%s;", ch[i].kind, ch[i].name, ch[i].change);
        strncat(seen, one, sizeof seen - strlen(seen) - 1);
    }
    CHECK_EQ_STR(seen, "policy:amends from:added;param:share:changed;param:cap:added;"
                       "rule:has_bill:removed;amount:amount:changed;");
    CHECK_EQ_STR(ch[1].before, "rate = 30% ref \"2023 doc\"");
    CHECK_EQ_STR(ch[4].after, "\"按比例，封顶\": min(bill * share, cap)");
    free(ch);
    CHECK_EQ_INT(policy_diff(a, a, &ch), 0);
    free(ch);
    policy_free(a);
    policy_free(b);
    CHECK(ph_load("amends other.id from 2025-01-01\namount \"a\": 0元\n", &err) == NULL);
    CHECK(strstr(err.msg, "an amendment keeps the id") != NULL);
    CHECK(ph_load("amends t.unit from 1999-01-01\namount \"a\": 0元\n", &err) == NULL);
    CHECK(strstr(err.msg, "outside its own 'valid' period") != NULL);
}
