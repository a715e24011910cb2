/* ops.c — the operation context and transaction bracket (see ops.h). */
#include "ops/ops.h"

#include <assert.h>
#include <stdio.h>

#include "store/audit_log.h"

hs_ctx ops_ctx(hs_store *store, const hs_clock *clock, const hs_principal *principal,
               const char *data_dir) {
    assert(store != NULL && clock != NULL && principal != NULL);
    assert(principal->user[0] != '\0' && principal->role != HS_ROLE_NONE);
    store_use_clock(store, clock);
    hs_ctx ctx = {.store = store,
                  .clock = *clock,
                  .actor = principal->user,
                  .data_dir = data_dir != NULL ? data_dir : ".",
                  .principal = principal};
    return ctx;
}

hs_status ops_attribute(const hs_ctx *ctx, hs_error *err) {
    assert(ctx != NULL && ctx->store != NULL && !store_in_txn(ctx->store));
    audit_request req =
        ctx->request != NULL ? *ctx->request : audit_request_make(ctx->actor, "ops", "", NULL, 0);
    snprintf(req.actor, sizeof req.actor, "%s", ctx->actor); /* never taken from the request */
    return audit_log_set_request(ctx->store, &req, err);
}

hs_status ops_begin(const hs_ctx *ctx, hs_tx *tx, hs_error *err) {
    assert(ctx != NULL && ctx->store != NULL && tx != NULL);
    assert(!store_in_txn(ctx->store));
    store_use_clock(ctx->store, &ctx->clock);
    hs_status st = ops_attribute(ctx, err);
    if (st == HS_OK)
        st = hs_tx_begin(ctx->store, tx, err);
    if (st == HS_OK && ctx->on_commit != NULL) {
        assert(ctx->on_commit->fn != NULL);
        tx->before_commit = ctx->on_commit->fn;
        tx->before_commit_arg = ctx->on_commit->arg;
    }
    return st;
}

hs_status ops_end(hs_tx *tx, hs_status st, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_tx_hook_fn hook = tx->before_commit;
    tx->before_commit = NULL; /* once */
    if (st == HS_OK && hook != NULL)
        st = hook(tx->before_commit_arg, tx, err);
    if (st != HS_OK) {
        hs_tx_rollback(tx);
        return st;
    }
    st = hs_tx_commit(tx, err);
    assert(!store_in_txn(tx->store));
    return st;
}
