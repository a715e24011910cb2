/* h_policy_eval.c — the shipped policies by id (never by path: ops/policy_source.h) and their
 * evaluation for one firm over HTTP, on src/ops with the caller's context; bodies are the bytes
 * the CLI's --json prints. */
#include <string.h>

#include "ops/policy_source.h"
#include "server/handlers.h"
#include "server/paging.h"

void h_policy_shipped(route_call *call, http_response *resp) {
    hs_error err = {0};
    size_t limit;
    char after[256];
    bool has_cursor;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    json_t *all = NULL;
    if (policy_shipped_list(call->ctx, &all, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *page = page_of_array(all, "label", has_cursor ? after : NULL, limit);
    json_decref(all);
    respond_page(resp, page);
}
