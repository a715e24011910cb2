/* h_transfers.c — POST /api/v1/transfers: one transfer object (the fields of a JSON Lines batch
 * line) or {"transfers":[...]} applied wholly or not at all, with a mandatory Idempotency-Key,
 * through the group committer (or in its own transaction with group commit off). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/transfer_codec.h"
#include "ops/ledger_view.h"
#include "ops/transfer_group.h"
#include "server/committer.h"
#include "server/deferral.h"
#include "server/handlers.h"
#include "server/transfers_render.h"

#define TRANSFERS_PER_REQUEST_MAX 8190

typedef struct {
    bool single; /* the body was one transfer object, answered as one object */
} request_shape;

static bool field_known(const char *key) {
    return transfer_field_known(key) || strcmp(key, "ref") == 0;
}

/* Reads one transfer object; `where` names it in messages ("" or "transfers[3]"). Unknown
 * fields are 400 (the request is malformed); bad values 422 (*validation). */
static bool read_one(const json_t *obj, const char *where, hs_transfer *t, bool *validation,
                     hs_error *err) {
    if (!json_is_object(obj)) {
        *validation = true;
        hs_invalid_field(err, where, "%s: expected a transfer object", where);
        return false;
    }
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)obj, key, value) {
        if (!field_known(key)) {
            hs_fail_code(err, HS_INPUT, "unknown_field", key,
                         "%s%sunknown field '%s' (fields: "
                         "id, debit, credit, amount, amount_fen, pending, timeout, post, void, "
                         "linked, code, date, ref)",
                         where, *where ? ": " : "", key);
            return false;
        }
    }
    char field[64] = "", why[256] = "";
    *validation = true;
    if (!transfer_from_json(obj, t, field, sizeof field, why, sizeof why)) {
        hs_fail_code(err, HS_INPUT, "invalid_field", field, "%s%sfield '%s': %s", where,
                     *where ? ": " : "", field, why);
        return false;
    }
    bool resolves = t->flags & (TRANSFER_POST_PENDING | TRANSFER_VOID_PENDING);
    if (t->id[0] == '\0') {
        hs_invalid_field(err, "id", "%s%sthe transfer needs an id", where, *where ? ": " : "");
        return false;
    }
    if (!resolves && (t->debit[0] == '\0' || t->credit[0] == '\0' || t->amount_fen == 0)) {
        hs_invalid_field(err,
                         t->debit[0] == '\0'    ? "debit"
                         : t->credit[0] == '\0' ? "credit"
                                                : "amount",
                         "%s%sdebit, credit and a positive amount are required (or post/void)",
                         where, *where ? ": " : "");
        return false;
    }
    *validation = false;
    return true;
}

/* Reads the body into *out (malloc'd, *n transfers). On failure err says why; *validation tells
 * 422 (well-formed JSON with bad content) from 400. */
static bool read_transfers(const json_t *body, hs_transfer **out, size_t *n, bool *single,
                           bool *validation, hs_error *err) {
    *out = NULL;
    *n = 0;
    *validation = false;
    json_t *list = json_object_get(body, "transfers");
    *single = list == NULL;
    if (list != NULL) {
        const char *key;
        json_t *value;
        json_object_foreach((json_t *)body, key, value) {
            if (strcmp(key, "transfers") != 0) {
                hs_fail_code(err, HS_INPUT, "unknown_field", key,
                             "unknown field '%s' beside \"transfers\"", key);
                return false;
            }
        }
        if (!json_is_array(list) || json_array_size(list) == 0 ||
            json_array_size(list) > TRANSFERS_PER_REQUEST_MAX) {
            *validation = true;
            hs_invalid_field(err, "transfers",
                             "\"transfers\" must be an array of 1 to %d transfer "
                             "objects",
                             TRANSFERS_PER_REQUEST_MAX);
            return false;
        }
    }
    size_t count = list ? json_array_size(list) : 1;
    hs_transfer *ts = calloc(count, sizeof *ts);
    if (ts == NULL) {
        hs_fail(err, HS_STORAGE, "out of memory reading the transfers");
        return false;
    }
    for (size_t i = 0; i < count; i++) {
        char where[32] = "";
        if (list)
            snprintf(where, sizeof where, "transfers[%zu]", i);
        if (!read_one(list ? json_array_get(list, i) : body, where, &ts[i], validation, err)) {
            free(ts);
            return false;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(ts[j].id, ts[i].id) == 0) {
                *validation = true;
                hs_invalid_field(err, "id",
                                 "transfers[%zu] and transfers[%zu] both have id '%s' "
                                 "(each id may appear once)",
                                 j, i, ts[i].id);
                free(ts);
                return false;
            }
    }
    if (ts[count - 1].flags & TRANSFER_LINKED) {
        *validation = true;
        hs_fail_code(err, HS_INPUT, "linked_event_chain_open", "linked",
                     "the last transfer is linked to a next one that is not there");
        free(ts);
        return false;
    }
    *out = ts;
    *n = count;
    return true;
}

static void request_hash(const http_request *req, char hex[65]) {
    crypto_hash_sha256_state s;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&s);
    crypto_hash_sha256_update(&s, (const unsigned char *)req->method, strlen(req->method));
    crypto_hash_sha256_update(&s, (const unsigned char *)" ", 1);
    crypto_hash_sha256_update(&s, (const unsigned char *)req->path, strlen(req->path));
    crypto_hash_sha256_update(&s, (const unsigned char *)"\n", 1);
    if (req->body_len > 0)
        crypto_hash_sha256_update(&s, (const unsigned char *)req->body, req->body_len);
    crypto_hash_sha256_final(&s, h);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

static void respond_stored(http_response *resp, int code, char *body, size_t len, bool hit) {
    http_response_free(resp);
    resp->status = code;
    resp->content_type = "application/json";
    resp->body = body; /* stolen */
    resp->body_len = len;
    resp->idempotency_hit = hit;
    resp->no_store = true;
}

bool transfers_render(void *ctx, const ops_group_request *r, int *code, char **body, size_t *len) {
    (void)ctx;
    const request_shape *shape = r->caller_data;
    json_t *v;
    if (r->status == HS_OK) {
        json_t *list = shape->single ? NULL : json_array();
        v = NULL;
        for (size_t k = 0; k < r->n; k++) {
            ops_transfer_outcome o = {
                .result = r->results[k], .stored = r->stored[k], .stored_found = true};
            json_t *one = view_transfer_outcome(&r->transfers[k], &o);
            if (shape->single)
                v = one;
            else
                json_array_append_new(list, one);
        }
        if (!shape->single)
            v = json_pack("{s:o}", "transfers", list);
        *code = 200;
    } else {
        json_t *e = json_object();
        json_object_set_new(e, "code", json_string(r->err.code));
        json_object_set_new(e, "message", json_string(r->err.msg));
        json_object_set_new(e, "field", r->err.field[0] ? json_string(r->err.field) : json_null());
        if (r->idem_key == NULL || strcmp(r->err.code, "idempotency_key_reused") != 0) {
            json_object_set_new(e, "id", json_string(r->transfers[r->refused_index].id));
            if (r->detail[0])
                json_object_set_new(e, "detail", json_string(r->detail));
        }
        v = json_pack("{s:o}", "error", e);
        *code = http_error_status(&r->err, true);
    }
    char *text = v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(v);
    if (text == NULL)
        return false;
    *body = text;
    *len = strlen(text);
    return true;
}

/* The answer to a request the committer (or the worker) applied. */
static void answer(ops_group_request *r, http_response *resp) {
    if (r->status == HS_STORAGE && r->response_body == NULL)
        http_respond_error(resp, &r->err, false, NULL);
    else
        respond_stored(resp, r->response_code, r->response_body, r->response_len, r->replayed);
}

/* A request waiting for its group's commit while its connection is suspended: everything the
 * committer reads is owned here (the handler's stack is gone by then), except the
 * Idempotency-Key, which is the request's header (valid while the connection is suspended). */
typedef struct {
    ops_group_request r;
    request_shape shape;
    char user[HS_PRINCIPAL_NAME_MAX];
    char hash[65];
    audit_request audit;
    http_deferral *deferral;
} deferred_post;

static void deferred_free(deferred_post *d) {
    free((void *)d->r.transfers);
    free(d->r.results);
    free(d->r.stored);
    free(d);
}

/* On the committer's thread, after the commit: answer and resume the connection. */
static void deferred_done(void *ctx, ops_group_request *r) {
    deferred_post *d = ctx;
    http_response resp = {0};
    answer(r, &resp);
    http_deferral *deferral = d->deferral;
    deferred_free(d);
    deferral_complete(deferral, &resp);
}

/* Suspends the connection and queues the request (ts is taken); the committer answers it. */
static void submit_deferred(route_call *call, hs_transfer *ts, size_t n, request_shape shape,
                            const char *key, const char hash[65], http_response *resp) {
    hs_error err = {0};
    deferred_post *d = calloc(1, sizeof *d);
    transfer_result *results = calloc(n, sizeof *results);
    hs_transfer *stored = calloc(n, sizeof *stored);
    if (d == NULL || results == NULL || stored == NULL) {
        free(d);
        free(ts);
        free(results);
        free(stored);
        hs_fail(&err, HS_STORAGE, "out of memory");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    d->shape = shape;
    snprintf(d->user, sizeof d->user, "%s", call->caller->user);
    memcpy(d->hash, hash, sizeof d->hash);
    if (call->ctx->request != NULL)
        d->audit = *call->ctx->request;
    d->deferral = call->req->deferral;
    d->r = (ops_group_request){.transfers = ts,
                               .n = n,
                               .user = d->user,
                               .idem_key = key,
                               .request_sha256 = d->hash,
                               .caller_data = &d->shape,
                               .audit = call->ctx->request != NULL ? &d->audit : NULL,
                               .results = results,
                               .stored = stored};
    deferral_suspend(d->deferral);
    if (!committer_submit_async(call->env->committer, &d->r, deferred_done, d)) {
        deferred_free(d);
        hs_fail_code(&err, HS_STORAGE, "server_stopping", NULL,
                     "the server is stopping: the transfer was not applied (retry elsewhere)");
        http_respond_error(resp, &err, false, NULL);
        deferral_complete(call->req->deferral, resp); /* resume: the answer goes out now */
        resp->deferred = true;
        return;
    }
    resp->deferred = true;
}

void h_transfers_post(route_call *call, http_response *resp) {
    hs_error err = {0};
    hs_transfer *ts;
    size_t n;
    request_shape shape;
    bool validation;
    if (!read_transfers(call->body, &ts, &n, &shape.single, &validation, &err)) {
        http_respond_error(resp, &err, validation, NULL);
        return;
    }
    const char *key = http_header(call->req, "Idempotency-Key");
    char hash[65];
    request_hash(call->req, hash);
    /* a replay (same key, same request) and a reused key (another request) are answered by
     * ops_transfer_group from the key's record, read inside the group's transaction: no read
     * here, so the check and the write cannot race */
    if (call->env->committer != NULL && call->req->deferral != NULL) {
        submit_deferred(call, ts, n, shape, key, hash, resp);
        return;
    }
    transfer_result *results = calloc(n, sizeof *results);
    hs_transfer *stored = calloc(n, sizeof *stored);
    if (results == NULL || stored == NULL) {
        free(ts);
        free(results);
        free(stored);
        hs_fail(&err, HS_STORAGE, "out of memory");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    ops_group_request r = {.transfers = ts,
                           .n = n,
                           .user = call->caller->user,
                           .idem_key = key,
                           .request_sha256 = hash,
                           .caller_data = &shape,
                           .audit = call->ctx->request,
                           .results = results,
                           .stored = stored};
    if (call->env->committer != NULL)
        committer_submit(call->env->committer, &r);
    else
        (void)ops_transfer_group(call->ctx, &r, 1, transfers_render, NULL, &err);
    answer(&r, resp);
    free(ts);
    free(results);
    free(stored);
}
