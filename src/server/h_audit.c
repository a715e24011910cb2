/* h_audit.c — GET /api/v1/audit: the audit chain for auditors, a page at a time over
 * ops_audit_log (each entry the bytes `audit log --json` prints). */
#include <errno.h>
#include <stdlib.h>

#include "ops/audit_ops.h"
#include "ops/audit_view.h"
#include "server/handlers.h"
#include "server/paging.h"

/* Parses an optional non-negative integer query parameter; false (resp filled, 400 invalid_field
 * naming it) when present and malformed. */
static bool int_arg(route_call *call, http_response *resp, const char *name, int64_t *out) {
    const char *s = http_query(call->req, name);
    if (s == NULL)
        return true;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno != 0 || v < 0) {
        hs_error err = {0};
        hs_invalid_field(&err, name, "%s must be a non-negative integer", name);
        http_respond_error(resp, &err, false, NULL);
        return false;
    }
    *out = (int64_t)v;
    return true;
}

void h_audit_log(route_call *call, http_response *resp) {
    ops_audit_query q = {.actor = http_query(call->req, "actor"),
                         .object = http_query(call->req, "object")};
    if (!int_arg(call, resp, "after", &q.after_seq) || !int_arg(call, resp, "limit", &q.limit))
        return;
    if (http_query(call->req, "limit") != NULL && q.limit == 0) {
        hs_error err = {0};
        hs_invalid_field(&err, "limit", "limit must be from 1 to %d", AUDIT_PAGE_MAX);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    hs_error err = {0};
    json_t *entries = NULL;
    int64_t next_after = 0;
    if (ops_audit_log(call->ctx, &q, &entries, &next_after, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_view(resp,
                 json_pack("{s:o, s:I}", "entries", entries, "next_after", (json_int_t)next_after));
}

void h_audit_verify(route_call *call, http_response *resp) {
    audit_verify_report r;
    hs_error err = {0};
    if (ops_audit_verify(call->ctx, &r, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    resp->no_store = true; /* a verdict of now: never answered from a cache */
    respond_view(resp, view_audit_verify(&r));
}

void h_audit_entry(route_call *call, http_response *resp) {
    const char *text = route_param(call->match, "seq");
    char *end = NULL;
    errno = 0;
    long long seq = strtoll(text, &end, 10);
    hs_error err = {0};
    if (end == text || *end != '\0' || errno != 0 || seq < 1) {
        hs_invalid_field(&err, "seq", "seq is an audit sequence number, 1 or more");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = NULL;
    if (ops_audit_entry(call->ctx, (int64_t)seq, &v, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_view(resp, v);
}
