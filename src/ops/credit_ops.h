/* credit_ops.h — the credit operations the CLI and the HTTP server call: products, loans and their
 * life (disburse, repay, default, recover), claims on the risk-compensation pool, pools and their
 * funding, and the read views (show, list, pool report, overdue approvals).
 *
 * Every writing operation opens one transaction on ctx->store (ops_begin), calls the instrument
 * (src/instrument/credit_*.h) that reads, decides and writes inside it, and commits; on any error
 * it rolls back, so a refused or failed operation leaves nothing behind. Dates not given (0) are
 * today by ctx->clock. Errors: HS_NOT_FOUND (not_found) for an unknown product, loan or pool;
 * HS_REFUSED with a stable code (state_conflict, above_ceiling, exceeds_credits, limit_used,
 * pool_empty, exceeds_pool, exceeds_owed, exceeds_loss, ...); HS_INPUT (invalid_field naming the
 * field) for bad input; HS_STORAGE if the book can't be read or written. Ops never print. */
#ifndef HS_OPS_CREDIT_OPS_H
#define HS_OPS_CREDIT_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "approval/approval.h"
#include "ops/idempotency_ops.h"
#include "instrument/credit_pool.h"
#include "ops/ops.h"

/* ---- products ---- */
/* Creates a product (idempotent: the same terms again is a no-op). */
hs_status credit_ops_product_create(const hs_ctx *ctx, const credit_product *p, hs_error *err);
/* Loads product `id` (HS_NOT_FOUND if none). */
hs_status credit_ops_product_show(const hs_ctx *ctx, const char *id, credit_product *out,
                                  hs_error *err);
/* Calls fn for each product in id order. */
hs_status credit_ops_products_each(const hs_ctx *ctx,
                                   hs_status (*fn)(void *c, const credit_product *p, hs_error *err),
                                   void *c, hs_error *err);

/* ---- loans ---- */
/* Approves a loan; *out (may be NULL) gets it as recorded. */
hs_status credit_ops_loan_create(const hs_ctx *ctx, const credit_loan_request *req,
                                 credit_loan *out, hs_error *err);
/* Disburses loan `id` on `date` (0: today); *out (may be NULL) gets it as saved. */
hs_status credit_ops_loan_disburse(const hs_ctx *ctx, const char *id, hs_date date,
                                   credit_loan *out, hs_error *err);
/* Repays (amount 0: the next instalment) on `date` (0: today); client_id may be NULL. */
hs_status credit_ops_repay(const hs_ctx *ctx, const char *id, int64_t amount_fen, hs_date date,
                           const char *client_id, credit_repayment_result *out, hs_error *err);
/* Declares loan `id` in default on `date` (0: today); *written_off_fen (may be NULL) gets the
 * principal written off. */
hs_status credit_ops_default(const hs_ctx *ctx, const char *id, hs_date date,
                             int64_t *written_off_fen, hs_error *err);
/* Claims on the loan's pool (pool NULL: the loan's) on `date` (0: today). */
hs_status credit_ops_claim(const hs_ctx *ctx, const char *loan, const char *pool, hs_date date,
                           bool allow_partial, credit_claim *out, hs_error *err);
/* Records a recovery on a defaulted loan (from NULL: the firm's cash; client_id may be NULL). */
hs_status credit_ops_recover(const hs_ctx *ctx, const char *loan, int64_t amount_fen, hs_date date,
                             const char *client_id, const char *from, credit_recovery_result *out,
                             hs_error *err);

/* Everything `loan show` tells about one loan. Owned by the caller: release with
 * credit_loan_detail_free. */
typedef struct {
    credit_loan loan;
    bool claimed;
    credit_claim claim;
    bool from_disbursement; /* the schedule runs from the disbursement, else planned */
    credit_instalment *schedule;
    size_t n_schedule;
    int64_t schedule_principal_fen, schedule_interest_fen; /* the schedule's totals */
    credit_event *events;                                  /* repayments and recoveries */
    size_t n_events;
} credit_loan_detail;

/* Fills *out for loan `id` (HS_NOT_FOUND if none); on error nothing is left to free. */
hs_status credit_ops_loan_show(const hs_ctx *ctx, const char *id, credit_loan_detail *out,
                               hs_error *err);
/* Frees what credit_ops_loan_show allocated (the struct itself is the caller's). */
void credit_loan_detail_free(credit_loan_detail *d);
/* Calls fn for each loan (of pool `pool`, or all if NULL) in creation order. */
hs_status credit_ops_loans_each(const hs_ctx *ctx, const char *pool,
                                hs_status (*fn)(void *c, const credit_loan *l, hs_error *err),
                                void *c, hs_error *err);
/* The same from the loan created after `after_id` (NULL: the first), at most max_rows (0: all): a
 * keyset page read in the store. Read-only. */
hs_status credit_ops_loans_page(const hs_ctx *ctx, const char *pool, const char *after_id,
                                size_t max_rows,
                                hs_status (*fn)(void *c, const credit_loan *l, hs_error *err),
                                void *c, hs_error *err);

/* The 5-working-day service check: loans not disbursed within `workdays` (< 0: 5) Chinese working
 * days of approval as of `on` (0: today), on the holiday calendar data/holidays-cn.txt under
 * ctx->data_dir. *on_out and *workdays_out (may be NULL) get the values used. */
hs_status credit_ops_overdue(const hs_ctx *ctx, hs_date on, int32_t workdays,
                             hs_status (*fn)(void *c, const credit_overdue *o, hs_error *err),
                             void *c, hs_date *on_out, int32_t *workdays_out, hs_error *err);

/* ---- pools ---- */
/* Creates a pool (created_date 0: today). */
hs_status credit_ops_pool_create(const hs_ctx *ctx, const credit_pool *p, hs_error *err);
/* Funds pool `id` from its budget on `date` (0: today); *existed (may be NULL) for a retry.
 * Gated by maker-checker (approval/approval.h) on the pool's programme: at or above its approval
 * threshold nothing moves and a pending approval "credit.pool.fund" is recorded (gate->pending). */
hs_status credit_ops_pool_fund(const hs_ctx *ctx, const char *id, int64_t amount_fen, hs_date date,
                               const char *transfer_id, bool *existed, approval_outcome *gate,
                               hs_error *err);
/* Calls fn with each pool's report in pool-id order, read-only (each report borrowed for the call
 * only). Stops at fn's first error and returns it; HS_STORAGE when the book can't be read. */
hs_status credit_ops_pools_each(const hs_ctx *ctx,
                                hs_status (*fn)(void *arg, const credit_pool_report *r,
                                                hs_error *err),
                                void *arg, hs_error *err);
/* The pool report (HS_NOT_FOUND if no such pool). Returns a heap report the caller frees with
 * free(), or NULL with err set (HS_STORAGE if out of memory). */
credit_pool_report *credit_ops_pool_show(const hs_ctx *ctx, const char *id, hs_error *err);

#endif
