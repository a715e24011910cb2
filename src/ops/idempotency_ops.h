/* idempotency_ops.h — the HTTP API's idempotency records (store/idempotency_repo.h) for
 * operations other than the transfer group: looked up before an operation runs (a retry's fast
 * path) and written by a commit hook inside the operation's own transaction, so that a key is
 * stored exactly when its outcome commits. Keys are per user (ctx->principal->user). */
#ifndef HS_OPS_IDEMPOTENCY_OPS_H
#define HS_OPS_IDEMPOTENCY_OPS_H

#include <stdbool.h>

#include "ops/ops.h"
#include "store/idempotency_repo.h"

/* The record of (ctx->principal->user, key): *found false if none (out->response_body NULL),
 * else out->response_body is the caller's to free. Read-only, outside any transaction. */
hs_status ops_idem_find(const hs_ctx *ctx, const char *key, idem_record *out, bool *found,
                        hs_error *err);

/* Inside tx: stores rec under (ctx->principal->user, key). If a concurrent request stored the key
 * first, HS_REFUSED "idempotency_key_raced" (roll back, then look the key up again and answer
 * from it). HS_STORAGE when the write fails. */
hs_status ops_idem_put(const hs_ctx *ctx, hs_tx *tx, const char *key, const idem_record *rec,
                       hs_error *err);

#endif
