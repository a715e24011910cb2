/* http.c — requests, responses and the error → status mapping (see http.h). */
#include "server/http.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *http_header(const http_request *req, const char *name) {
    for (size_t i = 0; i < req->headers_count; i++)
        if (strcasecmp(req->headers[i].name, name) == 0)
            return req->headers[i].value;
    return NULL;
}

const char *http_query(const http_request *req, const char *name) {
    for (size_t i = 0; i < req->query_count; i++)
        if (strcmp(req->query[i].name, name) == 0)
            return req->query[i].value;
    return NULL;
}

static const char out_of_memory[] = "{\"error\":{\"code\":\"storage_error\",\"message\":\"out of "
                                    "memory\",\"field\":null}}";

bool http_respond_bytes(http_response *resp, int status, const char *type, const char *body,
                        size_t len) {
    assert(resp != NULL && type != NULL);
    http_response_free(resp);
    resp->status = status;
    resp->content_type = type;
    if (len == 0)
        return true;
    resp->body = malloc(len);
    if (resp->body == NULL) {
        resp->status = 503;
        resp->content_type = "application/json";
        resp->body = NULL;
        return false;
    }
    memcpy(resp->body, body, len);
    resp->body_len = len;
    return true;
}

bool http_respond_json(http_response *resp, int status, json_t *body) {
    assert(resp != NULL);
    http_response_free(resp);
    resp->status = status;
    resp->content_type = "application/json";
    if (body == NULL)
        return true;
    char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(body);
    if (text == NULL) {
        resp->status = 503;
        resp->body = strdup(out_of_memory);
        resp->body_len = resp->body ? strlen(resp->body) : 0;
        return false;
    }
    resp->body = text;
    resp->body_len = strlen(text);
    return true;
}

int http_error_status(const hs_error *err, bool validation) {
    static const struct {
        const char *code;
        int status;
    } by_code[] = {
        {"unauthenticated", 401},        {"forbidden", 403},      {"csrf", 403},
        {"rate_limited", 429},           {"body_too_large", 413}, {"idempotency_key_required", 400},
        {"idempotency_key_reused", 409}, {"not_found", 404},      {"approval_pending", 202},
        {"method_not_allowed", 405},
    };
    for (size_t i = 0; i < sizeof by_code / sizeof by_code[0]; i++)
        if (strcmp(err->code, by_code[i].code) == 0)
            return by_code[i].status;
    switch (err->status) {
    case HS_NOT_FOUND:
        return 404;
    case HS_INPUT:
        return validation ? 422 : 400;
    case HS_REFUSED:
        return 409;
    case HS_STORAGE:
        return 503;
    case HS_OK:
        break;
    }
    return 500; /* an HS_OK "error" is a bug in the caller */
}

void http_respond_error(http_response *resp, const hs_error *err, bool validation, json_t *extra) {
    assert(resp != NULL && err != NULL);
    json_t *e = json_object();
    json_object_set_new(e, "code",
                        json_string(err->code[0] ? err->code : hs_status_code(err->status)));
    json_object_set_new(e, "message", json_string(err->msg));
    json_object_set_new(e, "field", err->field[0] ? json_string(err->field) : json_null());
    if (extra != NULL) {
        json_object_update_missing(e, extra);
        json_decref(extra);
    }
    json_t *root = json_object();
    json_object_set_new(root, "error", e);
    http_respond_json(resp, http_error_status(err, validation), root);
    resp->no_store = true;
}

void http_response_free(http_response *resp) {
    free(resp->body);
    resp->body = NULL;
    resp->body_len = 0;
}
