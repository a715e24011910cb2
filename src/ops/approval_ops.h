/* approval_ops.h — maker-checker operations the CLI and the server call (see approval/approval.h
 * for the rules): creating a programme with an approval threshold, listing approvals, approving
 * (which executes the stored request in the same transaction) and rejecting. Each runs in one
 * transaction (ops_begin/ops_end): a refusal leaves nothing behind. Acts as ctx->principal.
 * Nothing here prints. */
#ifndef HS_OPS_APPROVAL_OPS_H
#define HS_OPS_APPROVAL_OPS_H

#include <jansson.h>

#include "approval/approval.h"
#include "instrument/programme.h"
#include "ops/idempotency_ops.h"
#include "ops/ops.h"

/* Creates the programme (programme_tx_create) and, when threshold_fen is not NULL, sets its
 * approval threshold (>= 0; 0: every payment needs approval), in one transaction. NULL: the
 * programme has no maker-checker (as before; an existing threshold is kept). */
hs_status ops_approval_programme_create(const hs_ctx *ctx, const programme *p,
                                        const int64_t *threshold_fen, hs_error *err);

/* The approvals matching the filters (NULL = any; state pending|executed|rejected, else HS_INPUT
 * field --state) as a JSON array of view_approval, in id order, owned by the caller. A reviewer or
 * officer sees only programmes in their scope; the local operator, auditors and others see all
 * (the server's route table decides who may list at all). Read-only. */
hs_status ops_approval_list(const hs_ctx *ctx, const char *programme_id, const char *state,
                            json_t **out, hs_error *err);

/* One keyset page of ops_approval_list: at most `limit` (>= 1) of the approvals the caller may see
 * after approval `after_id` (NULL: from the first), as a JSON array of view_approval in id order
 * (*items owned by the caller); *more true when at least one more follows. Reads only the rows up
 * to the page's end (plus those the caller's scope skips), never the whole list. HS_INPUT
 * (invalid_field "cursor") for a malformed after_id, (field --state) for an unknown state.
 * Read-only. */
hs_status ops_approval_page(const hs_ctx *ctx, const char *programme_id, const char *state,
                            const char *after_id, size_t limit, json_t **items, bool *more,
                            hs_error *err);

/* Approval `id` ("A-N") into *out: HS_INPUT for a malformed id, HS_NOT_FOUND if none. Read-only;
 * no scope filter (the caller authorises, as for the list). */
hs_status ops_approval_get(const hs_ctx *ctx, const char *id, approval *out, hs_error *err);
/* Programme `programme_id`'s approval threshold: *set false when it has no maker-checker.
 * HS_NOT_FOUND for an unknown programme. Read-only. */
hs_status ops_approval_threshold(const hs_ctx *ctx, const char *programme_id,
                                 int64_t *threshold_fen, bool *set, hs_error *err);

/* Approves approval `id` ("A-N") as ctx->principal on `on` (approval_may_decide: pending,
 * reviewer or operator in scope, not the maker) and executes its stored request in the same
 * transaction, the money moving dated `on`; *out (may be NULL) gets the executed approval. If the
 * request is now refused by the rules, that refusal is returned, nothing commits and the approval
 * stays pending. HS_NOT_FOUND for an unknown id; reason may be NULL. */
hs_status ops_approval_approve(const hs_ctx *ctx, const char *id, const char *reason, hs_date on,
                               approval *out, hs_error *err);
/* Rejects approval `id` with a reason (HS_INPUT field --reason if empty) as ctx->principal
 * (reviewer or operator in scope; the maker may withdraw their own). Nothing moves. */
hs_status ops_approval_reject(const hs_ctx *ctx, const char *id, const char *reason, hs_date on,
                              approval *out, hs_error *err);

#endif
