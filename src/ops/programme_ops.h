/* programme_ops.h — the programme operations the CLI and the server call: create, fund and close
 * (each in one transaction: it reads, decides and writes inside it, and a refused operation leaves
 * nothing behind), and the status of a programme with its budgets and totals. */
#ifndef HS_OPS_PROGRAMME_OPS_H
#define HS_OPS_PROGRAMME_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "approval/approval.h"
#include "instrument/programme.h"
#include "ops/idempotency_ops.h"
#include "ops/ops.h"

/* Indices of programme_status.totals, in the order `programme show` prints them. */
enum {
    PROGRAMME_APPROPRIATED,
    PROGRAMME_RETURNED,
    PROGRAMME_RESERVED,
    PROGRAMME_PAID,
    PROGRAMME_CLOSED_OUT,
    PROGRAMME_REMAINING,
    PROGRAMME_FIGURES
};

/* A programme with every budget's figures and their totals. Owns `budgets` (programme_status_free).
 */
typedef struct {
    programme programme;
    programme_appropriation appropriation; /* multi_year false: open-ended */
    programme_budget *budgets;
    size_t n_budgets;
    int64_t totals[PROGRAMME_FIGURES];
} programme_status;

/* Creates the programme (see programme_tx_create) in one transaction. */
hs_status ops_programme_create(const hs_ctx *ctx, const programme *p, hs_error *err);
/* Funds budget `budget` of programme `id` (see programme_tx_fund) in one transaction: the check
 * that the programme is open and the funding commit together. Gated by maker-checker
 * (approval/approval.h): if the programme has an approval threshold and amount_fen is at or above
 * it, nothing moves and a pending approval "programme.fund" by ctx->principal is recorded
 * (gate->pending); else the budget is funded (gate->pending false). */
hs_status ops_programme_fund(const hs_ctx *ctx, const char *id, const char *budget,
                             int64_t amount_fen, hs_date date, const char *transfer_id,
                             approval_outcome *gate, hs_error *err);
/* Releases amount_fen of programme `id`'s multi-year appropriation (see programme_tx_release) in
 * one transaction. Gated by maker-checker like funding: at or above the programme's approval
 * threshold nothing moves and a pending approval "programme.release" is recorded (gate->pending).
 */
hs_status ops_programme_release(const hs_ctx *ctx, const char *id, int64_t amount_fen, hs_date date,
                                const char *transfer_id, approval_outcome *gate, hs_error *err);
/* Closes programme `id` on `date` (see programme_tx_close) in one transaction. */
hs_status ops_programme_close(const hs_ctx *ctx, const char *id, hs_date date, hs_error *err);
/* Calls fn for every programme, in id order (reads only; no transaction). Stops at, and returns,
 * the first status fn returns other than HS_OK. */
hs_status ops_programme_each(const hs_ctx *ctx,
                             hs_status (*fn)(void *arg, const programme *p, hs_error *err),
                             void *arg, hs_error *err);
/* Reads programme `id` and its budgets into *out (reads only; no transaction, so a read-only book
 * can be read). HS_NOT_FOUND if there is no such programme; HS_STORAGE if the book cannot be read
 * or the totals overflow. On success the caller frees *out with programme_status_free; on failure
 * nothing is left to free. */
hs_status ops_programme_status(const hs_ctx *ctx, const char *id, programme_status *out,
                               hs_error *err);
/* Frees what ops_programme_status allocated; safe on a zeroed status. */
void programme_status_free(programme_status *st);

#endif
