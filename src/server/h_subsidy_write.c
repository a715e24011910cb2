/* h_subsidy_write.c — the state changes of a subsidy application over HTTP, each on src/ops with
 * the caller's context and shown only to whom route_record_visible allows (an officer in the
 * programme's scope): award, reject, and pay — which moves money, so it takes an Idempotency-Key
 * whose record is written by a commit hook inside the payment's own transaction
 * (ops_subsidy_pay_hooked), and answers 202 with the pending approval when maker-checker holds it
 * back. Bodies are the bytes `subsidy ... --json` prints (view_subsidy, view_approval_pending). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "ops/approval_view.h"
#include "ops/idempotency_ops.h"
#include "ops/subsidy_ops.h"
#include "ops/subsidy_view.h"
#include "server/handlers.h"
#include "server/paging.h"

/* Fails (resp filled) unless the application exists and the caller may see it. */
static bool visible(route_call *call, http_response *resp, const char *id) {
    hs_error err = {0};
    subsidy_app a;
    json_t *view = NULL;
    if (ops_subsidy_show(call->ctx, id, &a, &view, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return false;
    }
    json_decref(view);
    if (route_record_visible(call->caller, a.policy.programme, a.firm))
        return true;
    hs_fail_code(&err, HS_REFUSED, "forbidden", NULL,
                 "%s (%s) may not act on subsidy application '%.100s': not in its scope",
                 call->caller->user, role_name(call->caller->role), id);
    http_respond_error(resp, &err, false, NULL);
    return false;
}

/* Checks that the body has only the fields in `allowed` (NULL-ended); false with resp filled. */
static bool only_fields(route_call *call, http_response *resp, const char *const *allowed) {
    const char *key;
    json_t *v;
    json_object_foreach(call->body, key, v) {
        bool ok = false;
        for (size_t i = 0; allowed[i] != NULL && !ok; i++)
            ok = strcmp(key, allowed[i]) == 0;
        if (!ok) {
            hs_error err = {0};
            hs_fail_code(&err, HS_INPUT, "unknown_field", key, "unknown field '%.64s'", key);
            http_respond_error(resp, &err, false, NULL);
            return false;
        }
    }
    return true;
}

/* An optional string member; false (resp filled, 422) when present and not a non-empty string. */
static bool string_field(route_call *call, http_response *resp, const char *name, bool required,
                         const char **out) {
    json_t *v = json_object_get(call->body, name);
    *out = json_string_value(v);
    if ((v == NULL && !required) || (*out != NULL && (*out)[0] != '\0'))
        return true;
    hs_error err = {0};
    hs_invalid_field(&err, name, "%s must be a non-empty string", name);
    http_respond_error(resp, &err, true, NULL);
    return false;
}

/* An optional amount: any money form as a string ("250万", "1,000.00") or integer fen as
 * amount_fen; 0 when absent. False (resp filled, 422) when malformed or both are given. */
static bool amount_field(route_call *call, http_response *resp, int64_t *fen) {
    hs_error err = {0};
    json_t *text = json_object_get(call->body, "amount"),
           *raw = json_object_get(call->body, "amount_fen");
    *fen = 0;
    if (text != NULL && raw != NULL) {
        hs_invalid_field(&err, "amount", "give amount or amount_fen, not both");
    } else if (raw != NULL) {
        if (json_is_integer(raw) && json_integer_value(raw) > 0) {
            *fen = json_integer_value(raw);
            return true;
        }
        hs_invalid_field(&err, "amount_fen", "amount_fen must be a positive integer");
    } else if (text != NULL) {
        char why[128] = "";
        if (json_is_string(text) && money_parse(json_string_value(text), fen, why, sizeof why) &&
            *fen > 0)
            return true;
        hs_invalid_field(&err, "amount", "not a positive amount: %s", why[0] ? why : "");
    } else {
        return true;
    }
    http_respond_error(resp, &err, true, NULL);
    return false;
}

void h_subsidy_award(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"pay_by", NULL};
    const char *id = route_param(call->match, "id"), *pay_by_text;
    if (!only_fields(call, resp, allowed) ||
        !string_field(call, resp, "pay_by", false, &pay_by_text) || !visible(call, resp, id))
        return;
    hs_error err = {0};
    hs_date pay_by = 0;
    if (pay_by_text != NULL && !date_parse(pay_by_text, &pay_by)) {
        hs_invalid_field(&err, "pay_by", "pay_by must be a date YYYY-MM-DD");
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    subsidy_app app;
    if (ops_subsidy_award(call->ctx, id, hs_clock_today(&call->ctx->clock), pay_by, &app, &err) !=
        HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_view(resp, view_subsidy(&app));
}

void h_subsidy_reject(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"reason", NULL};
    const char *id = route_param(call->match, "id"), *reason;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "reason", true, &reason) ||
        !visible(call, resp, id))
        return;
    hs_error err = {0};
    subsidy_app app;
    if (ops_subsidy_reject(call->ctx, id, reason, hs_clock_today(&call->ctx->clock), &app, &err) !=
        HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_view(resp, view_subsidy(&app));
}

/* What the payment's commit hook answers and records. */
typedef struct {
    const hs_ctx *ctx;
    const char *key;
    char hash[65];
    const subsidy_app *app;
    const approval_outcome *gate;
    int code;
    char *body; /* the serialised answer (owned) */
} pay_answer;

static hs_status pay_record(void *varg, hs_tx *tx, hs_error *err) {
    pay_answer *a = varg;
    json_t *v = a->gate->pending ? view_approval_pending(&a->gate->approval) : view_subsidy(a->app);
    a->code = a->gate->pending ? 202 : 200;
    a->body = v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(v);
    if (a->body == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory answering the payment");
    idem_record rec = {
        .response_code = a->code, .response_body = a->body, .response_len = strlen(a->body)};
    memcpy(rec.request_sha256, a->hash, sizeof rec.request_sha256);
    return ops_idem_put(a->ctx, tx, a->key, &rec, err);
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

static void respond_owned(http_response *resp, int code, char *body, bool hit) {
    http_response_free(resp);
    resp->status = code;
    resp->content_type = "application/json";
    resp->body = body; /* stolen */
    resp->body_len = strlen(body);
    resp->idempotency_hit = hit;
    resp->no_store = true;
}

/* Answers from the key's record when there is one: the original answer for the same request, 409
 * idempotency_key_reused for another. True when resp was filled. */
static bool replay(route_call *call, http_response *resp, const char *key, const char *hash) {
    hs_error err = {0};
    idem_record rec = {0};
    bool found = false;
    if (ops_idem_find(call->ctx, key, &rec, &found, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return true;
    }
    if (!found)
        return false;
    if (strcmp(rec.request_sha256, hash) == 0) {
        respond_owned(resp, rec.response_code, rec.response_body, true);
        return true;
    }
    free(rec.response_body);
    hs_fail_code(&err, HS_REFUSED, "idempotency_key_reused", "Idempotency-Key",
                 "the Idempotency-Key '%.200s' was used before with another request; use a new "
                 "key for a new request",
                 key);
    http_respond_error(resp, &err, false, NULL);
    return true;
}

void h_subsidy_pay(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"amount", "amount_fen", NULL};
    const char *id = route_param(call->match, "id");
    const char *key = http_header(call->req, "Idempotency-Key"); /* dispatch checked it */
    pay_answer ans = {.ctx = call->ctx, .key = key};
    request_hash(call->req, ans.hash);
    if (replay(call, resp, key, ans.hash))
        return;
    int64_t amount_fen;
    if (!only_fields(call, resp, allowed) || !amount_field(call, resp, &amount_fen) ||
        !visible(call, resp, id))
        return;
    hs_error err = {0};
    subsidy_app app;
    approval_outcome gate;
    ans.app = &app;
    ans.gate = &gate;
    ops_commit_hook hook = {.fn = pay_record, .arg = &ans};
    hs_status st = ops_subsidy_pay_hooked(
        call->ctx, id, amount_fen, hs_clock_today(&call->ctx->clock), &hook, &app, &gate, &err);
    if (st == HS_OK) {
        respond_owned(resp, ans.code, ans.body, false);
        return;
    }
    free(ans.body);
    if (strcmp(err.code, "idempotency_key_raced") == 0 && replay(call, resp, key, ans.hash))
        return;
    http_respond_error(resp, &err, false, NULL);
}
