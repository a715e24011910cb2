/* audit_ops.h — reading the audit chain: what `huoshui audit verify|log` and GET /api/v1/audit
 * call. How entries are appended (every committed state change, in its own transaction): see
 * store/audit_log.h and ops_begin in ops/ops.h.
 *
 * Who may read: the auditor role and the local CLI operator; any other principal is refused
 * (HS_REFUSED, code "forbidden"). Both functions only read (no transaction; a read-only book
 * works). */
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

#endif
