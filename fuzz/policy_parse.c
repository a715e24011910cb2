/* policy_parse.c — libFuzzer target: parse and check any buffer as a policy file; when it loads,
 * run its own test cases and evaluate one all-defaults firm, so the evaluator sees hostile
 * programs too. Must never crash, hang or leak. */
#include <stddef.h>
#include <stdint.h>

#include "policy/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    hs_policy *p = NULL;
    hs_error err;
    if (policy_load_text("fuzz.policy", (const char *)data, size, &p, &err) != HS_OK)
        return 0;
    for (size_t i = 0; i < policy_test_count(p) && i < 8; i++) {
        const char *name;
        char why[256];
        (void)policy_run_test(p, i, &name, why, sizeof why);
    }
    hs_pop *pop = NULL;
    if (pop_from_fields(p, "fuzz", NULL, NULL, 0, &pop, &err) == HS_OK) {
        hs_date from;
        policy_validity(p, &from, NULL, NULL);
        hs_explanation ex;
        if (policy_explain(p, pop, 0, from, &ex, &err) == HS_OK)
            explanation_free(&ex);
        pop_free(pop);
    }
    for (size_t i = 0; i < policy_limit_count(p); i++) {
        hs_policy_limit lim;
        (void)policy_limit(p, i, 0, &lim, &err);
    }
    policy_free(p);
    return 0;
}
