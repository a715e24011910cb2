/* transfer_group.h — group commit: many requests' transfers applied in one transaction (one
 * fsync), each request all or nothing on its own, TigerBeetle-style.
 *
 * Each request's transfers are linked into one chain (the engine applies a chain wholly or not at
 * all), so one request's refusal never fails another's. A request may carry an idempotency key
 * (scoped to its user): the key's record — the rendered answer — is written in the same
 * transaction as the transfers, and a key already stored answers from its record (the same
 * request) or is refused idempotency_key_reused (another request). The server's committer thread
 * calls this with whatever requests queued up meanwhile; with group commit off, the worker calls
 * it with one request. */
#ifndef HS_OPS_TRANSFER_GROUP_H
#define HS_OPS_TRANSFER_GROUP_H

#include <stdbool.h>
#include <stddef.h>

#include "audit/audit_request.h"
#include "ops/ops.h"
#include "ops/transfer_ops.h"

typedef struct {
    /* the request (borrowed) */
    const hs_transfer *transfers; /* n >= 1; the last one is not linked (callers check) */
    size_t n;
    const char *user;           /* who asks: scopes the key */
    const char *idem_key;       /* NULL: no key */
    const char *request_sha256; /* hex SHA-256 of the request, required with a key */
    void *caller_data;          /* the caller's, for its render function */
    const audit_request *audit; /* what the request's audit entry says (actor forced to `user`);
                                   NULL: the group's context's request */
    /* the outcome (filled) */
    hs_status status; /* HS_OK: applied (or all already there); else err says why */
    hs_error err;
    transfer_result *results; /* caller's, n slots: each transfer's result */
    hs_transfer *stored;      /* caller's, n slots: the transfers as stored (status HS_OK) */
    size_t refused_index;     /* the transfer that failed the request (status != HS_OK) */
    char detail[OPS_DETAIL_MAX];
    bool replayed;       /* answered from the key's record: response_* is the original answer */
    int response_code;   /* the rendered answer (render's), or the replayed one */
    char *response_body; /* malloc'd, the caller frees */
    size_t response_len;
} ops_group_request;

/* Renders a request's answer (status code and body) from its outcome, inside the transaction, so
 * that the key's record holds exactly what is answered. False when out of memory. */
typedef bool (*ops_group_render)(void *ctx, const ops_group_request *r, int *code, char **body,
                                 size_t *len);

/* Applies reqs[0..n) in one transaction on ctx->store (plain transfers: free accounts only), in
 * order, and commits once. Each request that changed the book gets its own audit entry in that
 * transaction (ops_audit_record, actor the request's user), linked to its transfers. Each request
 * gets its own status, error, results and answer. Returns HS_OK when the transaction committed
 * (whatever each request's outcome), else HS_STORAGE for all (err, and every request's status, say
 * why; nothing was applied or stored). */
hs_status ops_transfer_group(const hs_ctx *ctx, ops_group_request *reqs, size_t n,
                             ops_group_render render, void *render_ctx, hs_error *err);

#endif
