/* voucher_ops.h — the voucher operations the CLI and the HTTP API call: each opens one transaction
 * (ops_begin), lets src/instrument/voucher.c read, decide and write inside it, and ends it
 * (ops_end: commit on success, roll back on any error, so a refused operation leaves nothing
 * behind — not even an account). Nothing here prints. */
#ifndef HS_OPS_VOUCHER_OPS_H
#define HS_OPS_VOUCHER_OPS_H

#include <jansson.h>

#include "approval/approval.h"
#include "instrument/voucher.h"
#include "ops/idempotency_ops.h"
#include "ops/ops.h"
#include "ops/policy_source.h"

typedef struct {
    const char *id, *firm;
    const policy_doc *policy; /* resolved (policy_source.h); its text is stored at first use */
    int64_t face_fen;         /* 0: the policy's firm_cap on `on` */
    hs_date on, expires;
    const json_t *inputs; /* typed by a person (--input): names the policy lacks are refused;
                             `product` names what the voucher is for */
} ops_voucher_issue_req;

/* Issues a voucher (see voucher_issue). */
hs_status ops_voucher_issue(const hs_ctx *ctx, const ops_voucher_issue_req *req, voucher *out,
                            hs_error *err);

typedef struct {
    const char *id, *provider, *bill_id;
    int64_t bill_fen;
    hs_date on;
    const json_t *inputs; /* facts about the bill (--input) */
} ops_voucher_redeem_req;

/* Redeems a bill (see voucher_redeem); *paid_fen and *existed as there. */
hs_status ops_voucher_redeem(const hs_ctx *ctx, const ops_voucher_redeem_req *req,
                             int64_t *paid_fen, bool *existed, voucher *out, hs_error *err);
/* A quote: what ops_voucher_redeem would pay for the bill (same checks, same refusals), in a
 * transaction that is always rolled back, so nothing is written and nothing audited. */
hs_status ops_voucher_redeem_quote(const hs_ctx *ctx, const ops_voucher_redeem_req *req,
                                   int64_t *paid_fen, bool *existed, voucher *out, hs_error *err);
/* Settles what redemptions owe providers (of programme `programme` and provider `provider` when
 * not NULL), in one transaction. Gated by
 * maker-checker (approval/approval.h) per programme: what a programme with an approval threshold
 * owes a provider at or above it is not paid; a pending approval "voucher.settle" is recorded
 * instead. On HS_OK *pending (owned by the caller) is a JSON array of view_approval, empty when
 * nothing was held. */
hs_status ops_voucher_settle(const hs_ctx *ctx, const char *programme, const char *provider,
                             hs_date on, int64_t *settled_fen, size_t *providers, json_t **pending,
                             hs_error *err);
/* Expires vouchers (of `programme`, or of every programme when NULL) past their expiry date, in
 * one transaction. */
hs_status ops_voucher_expire(const hs_ctx *ctx, hs_date on, const char *programme, size_t *count,
                             int64_t *released_fen, hs_error *err);
/* Registers a provider. */
hs_status ops_voucher_provider_add(const hs_ctx *ctx, const voucher_provider *p, hs_error *err);
/* The providers as a JSON array of view_voucher_provider (owned by the caller). Read-only. */
hs_status ops_voucher_providers(const hs_ctx *ctx, json_t **out, hs_error *err);
/* Calls fn for every voucher (only those in `status` issued|exhausted|expired when not NULL) whose
 * id is after `after_id` (NULL: from the first), in id order, at most max_rows (0: all): a keyset
 * page read in the store (read-only). Stops at, and returns, the first status fn returns other
 * than HS_OK. */
hs_status ops_voucher_each(const hs_ctx *ctx, const char *status, const char *after_id,
                           size_t max_rows,
                           hs_status (*fn)(void *arg, const voucher *v, hs_error *err), void *arg,
                           hs_error *err);
/* A voucher and its view with its redemptions (*view owned by the caller); HS_NOT_FOUND if there
 * is none. Read-only. */
hs_status ops_voucher_show(const hs_ctx *ctx, const char *id, voucher *out, json_t **view,
                           hs_error *err);

#endif
