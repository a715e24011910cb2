/* idem_answer.c — Idempotency-Key answers recorded in the operation's transaction (see
 * idem_answer.h). */
#include "server/idem_answer.h"

#include <assert.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

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

static void respond_owned(http_response *resp, int code, char *body, bool hit) {
    http_response_free(resp);
    resp->status = code;
    resp->content_type = "application/json";
    resp->body = body; /* stolen */
    resp->body_len = strlen(body);
    resp->idempotency_hit = hit;
    resp->no_store = true;
}

/* Answers from the key's record when there is one; true when resp was filled. */
static bool replay(const idem_answer *a, http_response *resp) {
    hs_error err = {0};
    idem_record rec = {0};
    bool found = false;
    if (ops_idem_find(a->ctx, a->key, &rec, &found, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return true;
    }
    if (!found)
        return false;
    if (strcmp(rec.request_sha256, a->hash) == 0) {
        respond_owned(resp, rec.response_code, rec.response_body, true);
        return true;
    }
    free(rec.response_body);
    hs_fail_code(&err, HS_REFUSED, "idempotency_key_reused", "Idempotency-Key",
                 "the Idempotency-Key '%.200s' was used before with another request; use a new "
                 "key for a new request",
                 a->key);
    http_respond_error(resp, &err, false, NULL);
    return true;
}

bool idem_answer_begin(route_call *call, http_response *resp, idem_answer *a,
                       json_t *(*build)(void *arg, int *code), void *build_arg) {
    *a = (idem_answer){.ctx = call->ctx,
                       .key = http_header(call->req, "Idempotency-Key"),
                       .build = build,
                       .build_arg = build_arg};
    request_hash(call->req, a->hash);
    return replay(a, resp);
}

static hs_status record(void *varg, hs_tx *tx, hs_error *err) {
    idem_answer *a = varg;
    json_t *v = a->build(a->build_arg, &a->code);
    free(a->body);
    a->body = v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(v);
    if (a->body == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory building the answer");
    idem_record rec = {
        .response_code = a->code, .response_body = a->body, .response_len = strlen(a->body)};
    memcpy(rec.request_sha256, a->hash, sizeof rec.request_sha256);
    return ops_idem_put(a->ctx, tx, a->key, &rec, err);
}

const hs_ctx *idem_answer_ctx(idem_answer *a) {
    assert(a != NULL && a->ctx != NULL);
    a->hook = (ops_commit_hook){.fn = record, .arg = a};
    a->hooked = *a->ctx;
    a->hooked.on_commit = &a->hook;
    return &a->hooked;
}

void idem_answer_finish(route_call *call, http_response *resp, idem_answer *a, hs_status st,
                        const hs_error *err) {
    (void)call;
    if (st == HS_OK && a->body != NULL) {
        respond_owned(resp, a->code, a->body, false);
        a->body = NULL;
        return;
    }
    free(a->body);
    a->body = NULL;
    if (st != HS_OK && strcmp(err->code, "idempotency_key_raced") == 0 && replay(a, resp))
        return;
    if (st != HS_OK) {
        http_respond_error(resp, err, false, NULL);
        return;
    }
    hs_error oom = {0};
    hs_fail(&oom, HS_STORAGE, "the operation committed without its answer");
    http_respond_error(resp, &oom, false, NULL);
}
