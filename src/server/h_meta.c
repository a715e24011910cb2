/* h_meta.c — the API about itself and the book as a whole: the OpenAPI document and the check. */
#include "ops/check_ops.h"
#include "server/handlers.h"

void h_openapi(route_call *call, http_response *resp) {
    (void)call;
    json_t *doc = openapi_document();
    if (doc == NULL) {
        hs_error err = {0};
        hs_fail(&err, HS_STORAGE, "out of memory building the OpenAPI document");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    http_respond_json(resp, 200, doc);
}

void h_check(route_call *call, http_response *resp) {
    hs_error err = {0};
    book_check_report report;
    if (ops_book_check(call->ctx, &report, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    http_respond_json(resp, 200, view_book_check(&report));
    resp->no_store = true;
}
