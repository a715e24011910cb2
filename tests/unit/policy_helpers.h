/* policy_helpers.h — shared helpers for the policy unit tests: load a policy from text and read
 * one let's value for one firm as the text `policy explain` would show. */
#ifndef HS_TESTS_POLICY_HELPERS_H
#define HS_TESTS_POLICY_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"

#define PH_HEADER                                                                                  \
    "policy t.unit version 1\ntitle zh \"单元\" en \"unit\"\ninstrument subsidy\n"               \
    "budget \"budget/t\"\nvalid 2000-01-01 ..\nsource \"s\"\n"

/* Loads PH_HEADER + body; returns NULL (and the message in err) on error. */
static inline hs_policy *ph_load(const char *body, hs_error *err) {
    char text[8192];
    snprintf(text, sizeof text, "%s%s", PH_HEADER, body);
    hs_policy *p = NULL;
    hs_error_clear(err);
    policy_load_text("t.policy", text, strlen(text), &p, err);
    return p;
}

/* Evaluates `let x = EXPR` after DECLS for one firm given as name=value pairs on DATE; returns
 * the value text ("error: ..." on a runtime error, "LOAD: msg" if the policy did not load). */
static inline const char *ph_let(const char *decls, const char *expr, const char *fields,
                                 const char *date) {
    static char out[1200];
    char body[4096];
    snprintf(body, sizeof body, "%s\nlet x = %s\namount \"a\": 0元\n", decls, expr);
    hs_error err;
    hs_policy *p = ph_load(body, &err);
    if (p == NULL) {
        snprintf(out, sizeof out, "LOAD: %s", err.msg);
        return out;
    }
    const char *names[16], *values[16];
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", fields);
    size_t n = 0;
    for (char *tok = strtok(buf, ";"); tok != NULL && n < 16; tok = strtok(NULL, ";")) {
        char *eq = strchr(tok, '=');
        if (eq == NULL)
            continue;
        *eq = '\0';
        names[n] = tok;
        values[n++] = eq + 1;
    }
    hs_pop *pop = NULL;
    if (pop_from_fields(p, "F1", names, values, n, &pop, &err) != HS_OK) {
        snprintf(out, sizeof out, "POP: %s", err.msg);
        policy_free(p);
        return out;
    }
    hs_date on;
    date_parse(date, &on);
    hs_explanation ex;
    snprintf(out, sizeof out, "NOT FOUND");
    if (policy_explain(p, pop, 0, on, &ex, &err) == HS_OK) {
        for (size_t i = 0; i < ex.count; i++)
            if (ex.items[i].kind == HS_EX_LET && strcmp(ex.items[i].label, "x") == 0)
                snprintf(out, sizeof out, "%s", ex.items[i].value);
        explanation_free(&ex);
    } else {
        snprintf(out, sizeof out, "EXPLAIN: %s", err.msg);
    }
    pop_free(pop);
    policy_free(p);
    return out;
}

#endif
