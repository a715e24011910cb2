/* audit_ops.h — reading the audit chain: what `huoshui audit verify|log` and GET /api/v1/audit
 * call. How entries are appended (every committed state change, in its own transaction): see
 * store/audit_log.h and ops_begin in ops/ops.h.
 *
 * Who may read: the auditor role and the local CLI operator; any other principal is refused
 * (HS_REFUSED, code "forbidden"). Both functions only read (no transaction; a read-only book
 * works).
 *
 * For the server: a handler describes its request with audit_request_make(principal user,
 * "METHOD /path", the object's id, body, body_len) and sets ctx.request before calling the
 * operation (ops_begin installs it; the actor is always the principal). GET /api/v1/audit maps
 * ?actor=&object=&after=&limit= onto ops_audit_query and returns the page with next_after as its
 * cursor (0: no further page). */
#ifndef HS_OPS_AUDIT_OPS_H
#define HS_OPS_AUDIT_OPS_H

#include <jansson.h>
#include <stdint.h>

#include "audit/audit_verify.h"
#include "ops/ops.h"

#define AUDIT_PAGE_MAX 1000 /* the largest page ops_audit_log returns */

typedef struct {
    const char *actor;  /* only entries by this actor (NULL or "": any) */
    const char *object; /* only entries on this object (NULL or "": any) */
    int64_t after_seq;  /* the cursor: entries with seq > after_seq (0: from the start) */
    int64_t limit;      /* at most this many (1..AUDIT_PAGE_MAX; 0 means AUDIT_PAGE_MAX) */
} ops_audit_query;

/* Verifies the whole chain (audit_verify). HS_OK with out->ok false when it is broken. */
hs_status ops_audit_verify(const hs_ctx *ctx, audit_verify_report *out, hs_error *err);

/* One page of entries matching q in seq order: *entries a new JSON array of view_audit_entry
 * (caller owns it; NULL on error), *next_after the cursor for the next page (the last seq
 * returned) or 0 when this page is the last. HS_INPUT (invalid_field "limit" / "after") for a
 * limit outside 0..AUDIT_PAGE_MAX or a negative cursor. */
hs_status ops_audit_log(const hs_ctx *ctx, const ops_audit_query *q, json_t **entries,
                        int64_t *next_after, hs_error *err);

/* One entry with the money it moved: {entry: view_audit_entry, transfers: [view_transfer...] (in
 * the order applied; [] when it moved none)} — from an audit entry to its transfers, each with
 * its code and refs (the instrument's object: the application, voucher or loan whose decision
 * says the clause). HS_NOT_FOUND (field "seq") when there is no such entry; auditors and the CLI
 * operator only ("forbidden"). *out is a new reference on HS_OK. Read-only. */
hs_status ops_audit_entry(const hs_ctx *ctx, int64_t seq, json_t **out, hs_error *err);

/* The sequence of the audit entry whose transaction committed transfer `transfer_id` (*audit_seq;
 * 0 when the transfer predates the chain). HS_NOT_FOUND if there is no such transfer. Any
 * principal: it says which entry to ask an auditor about, nothing of the entry itself. */
hs_status ops_audit_seq_of_transfer(const hs_ctx *ctx, const char *transfer_id, int64_t *audit_seq,
                                    hs_error *err);

/* Inside an operation's open transaction, appends the audit entry for `req` now (actor forced to
 * ctx->actor) covering what the transaction changed since the previous entry, and links the
 * transfers written since then to it: for a group commit, which applies several requests in one
 * transaction, call it after each request's work so that each gets its own entry (the commit then
 * appends nothing more unless something changed after the last call). *seq (may be NULL) is the
 * entry's sequence, 0 when nothing changed. HS_STORAGE if the write fails (roll back). */
hs_status ops_audit_record(const hs_ctx *ctx, hs_tx *tx, const audit_request *req, int64_t *seq,
                           hs_error *err);

#endif
