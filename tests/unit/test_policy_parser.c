/* test_policy_parser.c — the parser and type checker: header facts, dated parameters, limits,
 * name resolution, enum members, type errors with file:line:col, and hostile nesting. */
#include "harness.h"

#include "policy_helpers.h"

TEST(policy_parser_reads_header_and_facts) {
    hs_error err;
    hs_policy *p = ph_load("param share: rate = 30% from 2000-01-01, 25% from 2026-01-01\n"
                           "param cap: money = 250万\n"
                           "input price: money\ninput role: enum(maker, user) = maker\n"
                           "rule r \"clause 5(1)\": price > 0元 and role in {maker, user}\n"
                           "amount \"clause 5(2)\": min(price * share, cap)\n"
                           "limit once per firm per product\n"
                           "limit per firm per year <= cap\n"
                           "test \"t\" on 2024-01-01 { price = 100万 } => eligible, amount 30万\n",
                           &err);
    CHECK(p != NULL);
    if (p == NULL) {
        printf("%s\n", err.msg);
        return;
    }
    CHECK_EQ_STR(policy_id(p), "t.unit");
    CHECK_EQ_STR(policy_version(p), "1");
    CHECK_EQ_STR(policy_title_zh(p), "单元");
    CHECK_EQ_STR(policy_title_en(p), "unit");
    CHECK_EQ_STR(policy_budget(p), "budget/t");
    CHECK_EQ_INT(policy_instrument(p), HS_INSTR_SUBSIDY);
    hs_date from, to;
    bool open_end;
    policy_validity(p, &from, &to, &open_end);
    CHECK_EQ_INT(from, date_from_ymd(2000, 1, 1));
    CHECK(open_end);
    CHECK(policy_in_force(p, date_from_ymd(2990, 1, 1)));
    CHECK(!policy_in_force(p, date_from_ymd(1999, 12, 31)));
    CHECK_EQ_INT(policy_input_count(p), 2);
    CHECK_EQ_STR(policy_input_name(p, 1), "role");
    CHECK_EQ_INT(policy_input_type(p, 1), HS_T_ENUM);
    CHECK_EQ_INT(policy_rule_count(p), 1);
    CHECK_EQ_STR(policy_rule_clause(p, 0), "clause 5(1)");
    CHECK_EQ_STR(policy_amount_clause(p), "clause 5(2)");
    CHECK_EQ_INT(policy_test_count(p), 1);
    /* dated parameter */
    int64_t v;
    hs_ptype t;
    CHECK_EQ_INT(policy_param(p, "share", date_from_ymd(2025, 12, 31), &t, &v, &err), HS_OK);
    CHECK_EQ_INT(t, HS_T_RATE);
    CHECK_EQ_INT(v, 3000);
    CHECK_EQ_INT(policy_param(p, "share", date_from_ymd(2026, 1, 1), &t, &v, &err), HS_OK);
    CHECK_EQ_INT(v, 2500);
    CHECK_EQ_INT(policy_param(p, "share", date_from_ymd(1999, 1, 1), &t, &v, &err), HS_INPUT);
    CHECK(strstr(err.msg, "parameter 'share' has no value on 1999-01-01") != NULL);
    CHECK_EQ_INT(policy_param(p, "nope", date_from_ymd(2025, 1, 1), &t, &v, &err), HS_INPUT);
    /* limits */
    CHECK_EQ_INT(policy_limit_count(p), 2);
    hs_policy_limit lim;
    CHECK_EQ_INT(policy_limit(p, 0, date_from_ymd(2025, 1, 1), &lim, &err), HS_OK);
    CHECK(lim.once && lim.per_firm && lim.per_product && !lim.per_year && !lim.has_amount);
    CHECK_EQ_INT(policy_limit(p, 1, date_from_ymd(2025, 1, 1), &lim, &err), HS_OK);
    CHECK(!lim.once && lim.per_firm && lim.per_year && lim.has_amount);
    CHECK_EQ_INT(lim.amount_fen, 250000000);
    CHECK_EQ_INT(policy_limit(p, 2, date_from_ymd(2025, 1, 1), &lim, &err), HS_INPUT);
    policy_free(p);
}

static const char *load_error(const char *body) {
    static hs_error err;
    hs_policy *p = ph_load(body, &err);
    if (p != NULL) {
        policy_free(p);
        return "(loaded)";
    }
    return err.msg;
}

TEST(policy_parser_type_errors_name_the_spot) {
    CHECK(strstr(load_error("input price: money\nrule r \"c\": price > 0\namount \"a\": price\n"),
                 "t.policy:8:19: type mismatch: money > int") != NULL);
    CHECK(strstr(load_error("input price: money\namount \"a\": price * price\n"),
                 "t.policy:8:19: type mismatch: money * money") != NULL);
    CHECK(strstr(load_error("input n: int\namount \"a\": yuan(n) + 1%\n"),
                 "type mismatch: money + rate") != NULL);
    CHECK(strstr(load_error("input price: money\nrule r \"c\": price\namount \"a\": price\n"),
                 "t.policy:8:13: a rule needs bool, but this is money") != NULL);
    CHECK(strstr(load_error("input d: date\namount \"a\": yuan(years_between(d))\n"),
                 "years_between takes 2 arguments, not 1") != NULL);
    CHECK(strstr(load_error("amount \"a\": 1元\ninput x: int\n"), "(loaded)") != NULL);
}

TEST(policy_parser_names_are_declared_before_use) {
    CHECK(strstr(load_error("let y = x + 1\nlet x = 1\namount \"a\": 0元\n"),
                 "t.policy:7:9: unknown name 'x'") != NULL);
    CHECK(strstr(load_error("input revenue: money\namount \"a\": revnue\n"),
                 "unknown name 'revnue' (did you mean 'revenue'?)") != NULL);
    CHECK(strstr(load_error("input x: int\nlet x = 1\namount \"a\": 0元\n"),
                 "'x' is already declared as an input at line 7") != NULL);
    CHECK(strstr(load_error("input if: int\namount \"a\": 0元\n"), "reserved word") != NULL);
    CHECK(strstr(load_error("input x: int\nrule r \"c\": x > 1\nrule r \"d\": x > 2\n"
                            "amount \"a\": 0元\n"),
                 "rule 'r' is already declared") != NULL);
}

TEST(policy_parser_enum_members_resolve_by_context) {
    CHECK_EQ_STR(load_error("input role: enum(maker, user)\nrule r \"c\": role == user\n"
                            "amount \"a\": 0元\n"),
                 "(loaded)");
    CHECK_EQ_STR(load_error("input role: enum(maker, user)\nrule r \"c\": user != role\n"
                            "amount \"a\": 0元\n"),
                 "(loaded)");
    CHECK(strstr(load_error("input role: enum(maker, user)\nrule r \"c\": role == buyer\n"
                            "amount \"a\": 0元\n"),
                 "'buyer' is neither a declared name nor a member of enum(maker, user)") != NULL);
    CHECK(strstr(load_error("input a: enum(x, y)\ninput b: enum(y, z)\nrule r \"c\": a == b\n"
                            "amount \"a\": 0元\n"),
                 "type mismatch: enum(x, y) == enum(y, z)") != NULL);
    CHECK(strstr(load_error("input a: enum(x, x)\namount \"a\": 0元\n"), "listed twice") != NULL);
}

TEST(policy_parser_required_lines_and_parameters) {
    hs_error err;
    const char *no_amount = "policy a version 1\ntitle zh \"a\" en \"a\"\ninstrument tax\n"
                            "budget \"b\"\nvalid 2024-01-01 .. 2024-12-31\nsource \"s\"\n";
    hs_policy *p = NULL;
    CHECK_EQ_INT(policy_load_text("x.policy", no_amount, strlen(no_amount), &p, &err), HS_INPUT);
    CHECK(p == NULL);
    CHECK(strstr(err.msg, "x.policy:1:1: the policy has no 'amount' line") != NULL);
    CHECK(strstr(load_error("param s: rate = 10%, 20%\namount \"a\": 0元\n"),
                 "each later value of 's' needs 'from DATE'") != NULL);
    CHECK(strstr(load_error("param s: rate = 10% from 2001-01-01\namount \"a\": 0元\n"),
                 "parameter 's' has no value from 2000-01-01") != NULL);
    CHECK(strstr(load_error("param s: string = \"x\"\namount \"a\": 0元\n"),
                 "a parameter is bool, int, money, rate or date") != NULL);
    CHECK(strstr(load_error("amount \"a\": 0元\nlimit once per firm <= 5万\n"), "'once' limits") !=
          NULL);
}

TEST(policy_parser_survives_hostile_nesting) {
    static char body[70000];
    size_t at = (size_t)snprintf(body, sizeof body, "amount \"a\": ");
    for (int i = 0; i < 20000; i++)
        body[at++] = '(';
    snprintf(body + at, sizeof body - at, "1元");
    hs_error err;
    char text[80000];
    snprintf(text, sizeof text, "%s%s", PH_HEADER, body);
    hs_policy *p = NULL;
    CHECK_EQ_INT(policy_load_text("deep.policy", text, strlen(text), &p, &err), HS_INPUT);
    CHECK(strstr(err.msg, "nested too deeply") != NULL);
    at = (size_t)snprintf(body, sizeof body, "amount \"a\": ");
    for (int i = 0; i < 20000; i++)
        body[at++] = '-';
    snprintf(body + at, sizeof body - at, "1元");
    snprintf(text, sizeof text, "%s%s", PH_HEADER, body);
    CHECK_EQ_INT(policy_load_text("deep.policy", text, strlen(text), &p, &err), HS_INPUT);
    CHECK(strstr(err.msg, "nested too deeply") != NULL);
    /* a NUL byte in the file */
    CHECK_EQ_INT(policy_load_text("nul.policy", "policy\0x", 8, &p, &err), HS_INPUT);
}

TEST(policy_parser_loads_every_shipped_policy) {
    const char *files[] = {
        "policies/chengdu-first-version-software.policy", "policies/chengdu-compute-voucher.policy",
        "policies/hengqin-vat-offset.policy", "policies/rd-super-deduction.policy"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        hs_policy *p = NULL;
        hs_error err;
        hs_status st = policy_load_file(files[i], &p, &err);
        if (st != HS_OK)
            harness_fail(__FILE__, __LINE__, "%s: %s", files[i], err.msg);
        policy_free(p);
    }
}

TEST(policy_parser_parameter_override_what_if) {
    hs_error err;
    hs_policy *p = ph_load("param s: rate = 30% from 2000-01-01, 60% from 2025-01-01\n"
                           "param cap: money = 250万\nparam flag: bool = false\n"
                           "amount \"a\": cap * s\n",
                           &err);
    CHECK(p != NULL);
    if (p == NULL)
        return;
    CHECK_EQ_INT(policy_param_count(p), 3);
    CHECK_EQ_STR(policy_param_name(p, 1), "cap");
    CHECK_EQ_INT(policy_param_type(p, 0), HS_T_RATE);
    CHECK_EQ_INT(policy_param_override(p, "s", "45%", &err), HS_OK);
    int64_t v;
    hs_ptype t;
    CHECK_EQ_INT(policy_param(p, "s", date_from_ymd(1990, 1, 1), &t, &v, &err), HS_OK);
    CHECK_EQ_INT(v, 4500);
    CHECK_EQ_INT(policy_param(p, "s", date_from_ymd(2026, 1, 1), &t, &v, &err), HS_OK);
    CHECK_EQ_INT(v, 4500);
    CHECK_EQ_INT(policy_param_override(p, "cap", "3亿", &err), HS_OK);
    CHECK_EQ_INT(policy_param(p, "cap", date_from_ymd(2026, 1, 1), &t, &v, &err), HS_OK);
    CHECK_EQ_INT(v, 30000000000);
    CHECK_EQ_INT(policy_param_override(p, "flag", "maybe", &err), HS_INPUT);
    CHECK_EQ_INT(policy_param_override(p, "cap", "lots", &err), HS_INPUT);
    CHECK(strstr(err.msg, "parameter 'cap'") != NULL);
    CHECK_EQ_INT(policy_param_override(p, "nope", "1", &err), HS_INPUT);
    policy_free(p);
}
