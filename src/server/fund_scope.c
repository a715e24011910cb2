/* fund_scope.c — a fund manager's scope over a fund tree (see fund_scope.h). */
#include "server/fund_scope.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "ops/fund_ops.h"
#include "server/routes.h"

hs_status fund_scope_held(const hs_ctx *ctx, const hs_principal *p, const char *id, bool *held,
                          hs_error *err) {
    assert(ctx != NULL && p != NULL && id != NULL && held != NULL);
    char cur[FUND_ID_MAX];
    snprintf(cur, sizeof cur, "%s", id);
    *held = false;
    for (int depth = 0; depth <= FUND_TREE_DEPTH_MAX && cur[0] != '\0'; depth++) {
        if (principal_in_scope(p, HS_SCOPE_FUND, cur)) {
            *held = true;
            return HS_OK;
        }
        fund_terms t;
        hs_status st = fund_ops_get(ctx, cur, &t, err);
        if (st != HS_OK)
            return depth == 0 ? st : HS_OK; /* a missing ancestor: not held */
        snprintf(cur, sizeof cur, "%s", t.parent);
    }
    return HS_OK;
}

bool fund_scope_account_visible(const hs_ctx *ctx, const hs_principal *p, const char *name) {
    if (route_account_visible(p, name))
        return true;
    if (p->role != HS_ROLE_FUND_MANAGER || strncmp(name, "fund/", 5) != 0)
        return false;
    char id[FUND_ID_MAX];
    const char *s = name + 5, *e = strchr(s, '/');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (n == 0 || n >= sizeof id)
        return false;
    memcpy(id, s, n);
    id[n] = '\0';
    hs_error err = {0};
    bool held = false;
    return fund_scope_held(ctx, p, id, &held, &err) == HS_OK && held;
}
