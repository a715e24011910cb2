/* subsidy_ops.h — the subsidy operations the CLI and the HTTP API call: each validates its
 * request, opens one transaction (ops_begin), lets src/instrument/subsidy.c read, decide and write
 * inside it, and ends it (ops_end: commit on success, roll back on any error, so a refused
 * operation leaves nothing behind). Errors are structured (hs_error code and field); nothing here
 * prints. */
#ifndef HS_OPS_SUBSIDY_OPS_H
#define HS_OPS_SUBSIDY_OPS_H

#include <jansson.h>

#include "approval/approval.h"
#include "instrument/subsidy.h"
#include "ops/idempotency_ops.h"
#include "ops/ops.h"
#include "ops/policy_source.h"

/* Where an application's inputs come from, by precedence: `inputs` (typed by a person, --input;
 * names the policy does not know are refused, field --input), else the firm's row in `firms_rows`
 * (a JSON array of objects column -> cell, e.g. a --firms CSV; `firms_source` names it), else the
 * firm's record in the registry. */
typedef struct {
    const policy_doc *policy; /* resolved (policy_source.h); its text is stored at first use */
    const char *firm;         /* 统一社会信用代码 */
    const char *id;           /* the application id */
    const char *product;      /* NULL: the `product` input, if any */
    hs_date on;
    const json_t *inputs;
    const json_t *firms_rows;
    const char *firms_source;
} ops_subsidy_apply_req;

/* Applies (subsidy_apply in one transaction). *out gets the application (eligible or not). */
hs_status ops_subsidy_apply(const hs_ctx *ctx, const ops_subsidy_apply_req *req, subsidy_app *out,
                            hs_error *err);

/* 免申即享: every firm of `firms_rows` (or, if NULL, of the registry, each with the `facts` typed
 * by a person applied over its record) is applied for as auto.<uscc>[.<product>] (or
 * <prefix><uscc>...) and, with `award`, awarded; each firm in transactions of its own, so one
 * refusal at award does not undo the others. */
typedef struct {
    const policy_doc *policy; /* resolved (policy_source.h) */
    const json_t *firms_rows;
    const char *firms_source;
    const json_t *facts;
    const char *prefix;
    hs_date on, pay_by;
    bool award;
} ops_subsidy_match_req;

typedef struct {
    long rows, eligible, awarded, refused;
    int64_t awarded_fen;
    json_t *applications; /* owned: [{id, firm, eligible, reason | decided_fen, award_fen |
                             refused, share (an oversubscribed round)}] */
    json_t *round;        /* owned: NULL, or how an oversubscribed round was shared (see below) */
} ops_subsidy_match_result;

/* Oversubscription (按比例核减, 择优, 单户封顶): with `award`, a policy that says how a round's
 * budget is shared when its eligible applications ask for more than the budget account has left
 * (programme_budgets' remaining, read when the round is shared) declares it with parameters:
 *   param oversubscription_pro_rata: bool = true     each gets requested x budget / requested,
 *                                                    to the fen by largest remainder (ties: the
 *                                                    lower application id), summing to the budget
 *   param oversubscription_ranking: bool = true      by the input ranking_score (int), highest
 *                                                    first, ties by application id: each in full
 *                                                    while it fits; the first that does not and
 *                                                    every one below it get nothing (the cut-off)
 *   param oversubscription_firm_cap: money = 50万    each request capped first; with neither
 *                                                    rule above, a capped round still over budget
 *                                                    is shared pro rata
 * Without any of them the round is first come, first served (each awarded in row order until the
 * ledger refuses). The round is the match's applications still `applied` (a rerun finds the
 * earlier awards already made and the budget they reserved gone, so nothing is awarded twice).
 * Each award then runs in its own transaction (subsidy_award_share: the policy's limits may cap
 * it further; a share of 0 is refused `oversubscribed`) with the scaling in its note, and
 * `round` is {rule, budget_fen, requested_fen, capped_fen, shared_fen, scaled, cap_fen?,
 * cutoff_score?}. */

/* Runs the match; on HS_OK the caller owns out->applications (json_decref). A storage error or a
 * bad row (named by source:record) stops it; refusals at award are counted, not errors. */
hs_status ops_subsidy_match(const hs_ctx *ctx, const ops_subsidy_match_req *req,
                            ops_subsidy_match_result *out, hs_error *err);
/* JSON view of a match result: {firms, eligible, awarded, refused, awarded_fen, applications}
 * (takes its own reference to the applications). */
json_t *view_subsidy_match(const ops_subsidy_match_result *r);

/* The state changes, each in one transaction (see subsidy.h for the rules). */
hs_status ops_subsidy_award(const hs_ctx *ctx, const char *id, hs_date on, hs_date pay_by,
                            subsidy_app *out, hs_error *err);
/* Pay is gated by maker-checker (approval/approval.h): after subsidy_pay_check's checks, if the
 * application's programme has an approval threshold and the amount is at or above it, nothing
 * moves: a pending approval "subsidy.pay" by ctx->principal is recorded (gate->pending, and *out
 * holds the application unchanged); else the payment is made (gate->pending false). *out and
 * *gate are filled inside the transaction (ctx->on_commit sees them). */
hs_status ops_subsidy_pay(const hs_ctx *ctx, const char *id, int64_t amount_fen, hs_date on,
                          subsidy_app *out, approval_outcome *gate, hs_error *err);
hs_status ops_subsidy_reject(const hs_ctx *ctx, const char *id, const char *reason, hs_date on,
                             subsidy_app *out, hs_error *err);
hs_status ops_subsidy_clawback(const hs_ctx *ctx, const char *id, int64_t amount_fen,
                               const char *reason, hs_date on, subsidy_app *out, hs_error *err);
/* Voids every award (of `programme`, or of every programme when NULL) not paid by its pay-by
 * date, all in one transaction. */
hs_status ops_subsidy_expire(const hs_ctx *ctx, hs_date on, const char *programme, size_t *count,
                             hs_error *err);

/* One application and its view with the explanation re-run from the policy text stored in the
 * book (*view owned by the caller). HS_NOT_FOUND if there is none. Read-only. */
hs_status ops_subsidy_show(const hs_ctx *ctx, const char *id, subsidy_app *out, json_t **view,
                           hs_error *err);
/* Calls fn for each application matching the filters (NULL = any), in id order, after `after_id`
 * (NULL: from the first), at most max_rows of them (0: all): a keyset page read in the store.
 * Read-only. */
hs_status ops_subsidy_list(const hs_ctx *ctx, const char *programme, const char *firm,
                           const char *status, const char *after_id, size_t max_rows,
                           hs_status (*fn)(void *c, const subsidy_app *a, hs_error *err), void *c,
                           hs_error *err);

#endif
