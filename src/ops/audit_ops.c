/* audit_ops.c — verifying and listing the audit chain (see audit_ops.h). */
#include "ops/audit_ops.h"

#include <assert.h>
#include <stdio.h>

#include "ops/audit_view.h"
#include "ops/ledger_view.h"
#include "store/audit_log.h"
#include "store/store.h"

/* The auditor and the local operator read the chain; nobody else. */
static hs_status may_read(const hs_ctx *ctx, hs_error *err) {
    hs_role role = ctx->principal->role;
    if (role == HS_ROLE_AUDITOR || role == HS_ROLE_OPERATOR)
        return HS_OK;
    return hs_fail_code(err, HS_REFUSED, "forbidden", NULL,
                        "%s (role %s) may not read the audit chain: auditors only",
                        ctx->principal->user, role_name(role));
}

hs_status ops_audit_verify(const hs_ctx *ctx, audit_verify_report *out, hs_error *err) {
    assert(ctx != NULL && ctx->store != NULL && out != NULL);
    hs_status st = may_read(ctx, err);
    return st == HS_OK ? audit_verify(ctx->store, out, err) : st;
}

typedef struct {
    json_t *array;
    int64_t last_seq;
    int64_t count;
} page;

static hs_status add_entry(void *vctx, const audit_entry *e, hs_error *err) {
    page *p = vctx;
    json_t *v = view_audit_entry(e);
    if (v == NULL || json_array_append_new(p->array, v) != 0)
        return hs_fail_code(err, HS_STORAGE, "out_of_memory", NULL, "out of memory");
    p->last_seq = e->seq;
    p->count++;
    return HS_OK;
}

hs_status ops_audit_log(const hs_ctx *ctx, const ops_audit_query *q, json_t **entries,
                        int64_t *next_after, hs_error *err) {
    assert(ctx != NULL && q != NULL && entries != NULL && next_after != NULL);
    *entries = NULL;
    *next_after = 0;
    hs_status st = may_read(ctx, err);
    if (st != HS_OK)
        return st;
    if (q->limit < 0 || q->limit > AUDIT_PAGE_MAX)
        return hs_invalid_field(err, "limit", "limit %lld: give 1 to %d", (long long)q->limit,
                                AUDIT_PAGE_MAX);
    if (q->after_seq < 0)
        return hs_invalid_field(err, "after", "after %lld: give a sequence number >= 0",
                                (long long)q->after_seq);
    int64_t limit = q->limit == 0 ? AUDIT_PAGE_MAX : q->limit;
    page p = {.array = json_array()};
    if (p.array == NULL)
        return hs_fail_code(err, HS_STORAGE, "out_of_memory", NULL, "out of memory");
    /* one more than asked, to know whether another page follows */
    audit_log_filter f = {
        .actor = q->actor, .object = q->object, .after_seq = q->after_seq, .limit = limit + 1};
    if ((st = audit_log_each(ctx->store, &f, add_entry, &p, err)) != HS_OK) {
        json_decref(p.array);
        return st;
    }
    if (p.count > limit) {
        json_array_remove(p.array, (size_t)limit);
        json_t *last = json_array_get(p.array, (size_t)limit - 1);
        *next_after = json_integer_value(json_object_get(last, "seq"));
    }
    *entries = p.array;
    return HS_OK;
}

static hs_status add_transfer(void *vctx, const hs_transfer *t, hs_error *err) {
    json_t *v = view_transfer(t);
    if (v == NULL || json_array_append_new(vctx, v) != 0)
        return hs_fail_code(err, HS_STORAGE, "out_of_memory", NULL, "out of memory");
    return HS_OK;
}

hs_status ops_audit_entry(const hs_ctx *ctx, int64_t seq, json_t **out, hs_error *err) {
    assert(ctx != NULL && out != NULL);
    *out = NULL;
    hs_status st = may_read(ctx, err);
    if (st != HS_OK)
        return st;
    if (seq < 1)
        return hs_invalid_field(err, "seq", "seq %lld: audit entries are numbered from 1",
                                (long long)seq);
    page p = {.array = json_array()};
    json_t *transfers = json_array();
    audit_log_filter f = {.after_seq = seq - 1, .limit = 1};
    int64_t first = 0, last = 0;
    bool linked = false;
    if (p.array == NULL || transfers == NULL)
        st = hs_fail_code(err, HS_STORAGE, "out_of_memory", NULL, "out of memory");
    if (st == HS_OK)
        st = audit_log_each(ctx->store, &f, add_entry, &p, err);
    if (st == HS_OK && (p.count == 0 || p.last_seq != seq))
        st = hs_not_found(err, "seq", "no audit entry %lld", (long long)seq);
    if (st == HS_OK)
        st = audit_log_transfers_of(ctx->store, seq, &first, &last, &linked, err);
    if (st == HS_OK && linked)
        st = store_transfers_by_seq(ctx->store, first, last, add_transfer, transfers, err);
    if (st == HS_OK) {
        *out = json_pack("{s:O, s:o}", "entry", json_array_get(p.array, 0), "transfers", transfers);
        transfers = NULL;
        if (*out == NULL)
            st = hs_fail_code(err, HS_STORAGE, "out_of_memory", NULL, "out of memory");
    }
    json_decref(transfers);
    json_decref(p.array);
    return st;
}

hs_status ops_audit_seq_of_transfer(const hs_ctx *ctx, const char *transfer_id, int64_t *audit_seq,
                                    hs_error *err) {
    assert(ctx != NULL && transfer_id != NULL && audit_seq != NULL);
    bool found = false;
    hs_status st = audit_log_seq_of_transfer(ctx->store, transfer_id, audit_seq, &found, err);
    if (st == HS_OK && !found)
        return hs_not_found(err, "id", "no transfer '%s'", transfer_id);
    return st;
}

hs_status ops_audit_record(const hs_ctx *ctx, hs_tx *tx, const audit_request *req, int64_t *seq,
                           hs_error *err) {
    assert(ctx != NULL && tx != NULL && req != NULL && tx->store == ctx->store);
    assert(store_in_txn(tx->store));
    audit_request r = *req;
    snprintf(r.actor, sizeof r.actor, "%s", ctx->actor); /* never taken from the request */
    hs_status st = audit_log_set_request(tx->store, &r, err);
    return st == HS_OK ? audit_log_append(tx->store, tx->now_ns, NULL, seq, err) : st;
}
