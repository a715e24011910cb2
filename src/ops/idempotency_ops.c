/* idempotency_ops.c — idempotency records for the API's money-moving operations (see
 * idempotency_ops.h). */
#include "ops/idempotency_ops.h"

#include <assert.h>
#include <stdlib.h>

hs_status ops_idem_find(const hs_ctx *ctx, const char *key, idem_record *out, bool *found,
                        hs_error *err) {
    assert(ctx != NULL && ctx->principal != NULL && key != NULL);
    return idem_repo_find(ctx->store, ctx->principal->user, key, out, found, err);
}

hs_status ops_idem_put(const hs_ctx *ctx, hs_tx *tx, const char *key, const idem_record *rec,
                       hs_error *err) {
    assert(ctx != NULL && tx != NULL && key != NULL && rec != NULL && rec->response_body != NULL);
    idem_record old = {0};
    bool found = false;
    hs_status st = idem_repo_get(tx, ctx->principal->user, key, &old, &found, err);
    if (st != HS_OK)
        return st;
    free(old.response_body);
    if (found)
        return hs_fail_code(err, HS_REFUSED, "idempotency_key_raced", "Idempotency-Key",
                            "another request with this Idempotency-Key committed first");
    return idem_repo_put(tx, ctx->principal->user, key, rec, err);
}
