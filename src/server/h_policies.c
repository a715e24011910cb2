/* h_policies.c — the policy versions the book holds (ops_policy_history, the objects of
 * `policy history --json`), as a paged list and per policy. Who first used a version
 * (first_used_by, first_subject) is firm-level detail: analysts and enterprises get the version
 * without it. */
#include <string.h>

#include "ops/policy_ops.h"
#include "server/handlers.h"
#include "server/paging.h"

/* True when the caller may see who first used a version and on what subject. */
static bool sees_first_use(const hs_principal *p) {
    return p->role == HS_ROLE_OFFICER || p->role == HS_ROLE_REVIEWER || p->role == HS_ROLE_AUDITOR;
}

/* Removes the first-use members from every version in arr unless the caller may see them. */
static void redact(const hs_principal *p, json_t *arr) {
    if (sees_first_use(p))
        return;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        json_object_del(v, "first_used_by");
        json_object_del(v, "first_subject");
    }
}

void h_policy_list(route_call *call, http_response *resp) {
    hs_error err = {0};
    size_t limit;
    char after[256];
    bool has_cursor;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    json_t *all = NULL;
    if (ops_policy_history(call->ctx, NULL, &all, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    redact(call->caller, all);
    json_t *page = page_of_array(all, "label", has_cursor ? after : NULL, limit);
    json_decref(all);
    respond_page(resp, page);
}

void h_policy_get(route_call *call, http_response *resp) {
    hs_error err = {0};
    const char *id = route_param(call->match, "id");
    json_t *versions = NULL;
    if (ops_policy_history(call->ctx, id, &versions, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    redact(call->caller, versions);
    json_t *o = json_object();
    if (o == NULL || json_object_set_new(o, "policy", json_string(id)) != 0 ||
        json_object_set_new(o, "versions", versions) != 0) {
        json_decref(o);
        respond_view(resp, NULL);
        return;
    }
    respond_view(resp, o);
}
