/* credit_pool.h — risk-compensation pools (风险补偿资金池): funded from a programme budget, they
 * compensate cooperating banks for a share of the principal lost on covered loans that default,
 * and take back their share of whatever the bank later recovers.
 *
 * Ledger (pool/ and bank/ accounts are owned by "credit": a plain `huoshui transfer` is refused):
 *   pool/<id>  kind pool, limit debits-le-credits: the ledger itself refuses any claim beyond what
 *              the pool holds, so its balance never goes negative.
 *   fund     credit.pool.fund  budget/<programme>/<budget> -> pool/<id>  (the budget can't
 *                              overspend)
 *   claim    credit.claim      pool/<id> -> bank/<b>/losses               paid compensation
 *   recover  credit.recover    firm/<uscc>/cash (or --from) -> bank/<b>/losses  recovered R,
 *                              linked with bank/<b>/losses -> pool/<id>   the pool's share
 *
 * Claim rule (credit_claim_decide):
 *   base      = principal written off at default - recoveries before the claim
 *   share     = the highest that applies: first_loan_share (a firm's first loan),
 *               high_unsecured_share (unsecured share of the principal >= high_unsecured_min),
 *               else base_share
 *   entitled  = base x share (half away from zero, to the fen)
 *   capped    = min(entitled, cap_per_loan, what the bank has left of cap_per_bank_year in the
 *               claim's calendar year); caps of 0 mean "no cap"
 *   paid      = min(capped, pool balance available)
 * Decision on a pool too small to pay in full: the claim is PAID PARTIALLY with what the pool holds
 * and the shortfall is recorded and reported but not owed later ("以资金池余额为限": compensation
 * is limited to the pool). With allow_partial = false (CLI: --no-partial) such a claim is refused
 * instead (exceeds_pool). A claim on an empty pool (pool_empty), or one whose bank has used up its
 * annual cap (limit_used), is refused. One claim per loan. Refused (HS_REFUSED): the loan is not
 * covered by a pool (not_covered), has not defaulted or was already claimed (state_conflict), has
 * no loss left (no_loss).
 *
 * Recoveries after a claim return to the pool pro rata: of every yuan the bank recovers, the pool
 * gets paid / base. The shares are computed on cumulative recoveries (round(paid x recovered_total
 * / base) - already returned), so rounding never drifts and the pool never gets back more than it
 * paid. Recoveries before the claim instead reduce the claim's base.
 *
 * Leverage (放大倍数) is defined here as principal outstanding on the pool's loans / pool balance;
 * the pool's required multiple (e.g. 10x) is a floor the banks' lending should reach. */
#ifndef HS_INSTRUMENT_CREDIT_POOL_H
#define HS_INSTRUMENT_CREDIT_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "instrument/credit_loan.h"
#include "store/store.h"

/* The parameters of a pool's compensation rule, stored with the pool. One struct, so that a policy
 * file can fill it later. Defaults (credit_pool_params_default) and their sources:
 *   base_share_bp            5000  Zhuhai pool: 50% of the bad-loan balance (loans > 50% unsecured;
 *                                  huoshui applies it to every covered loan: enrolment is the
 *                                  pool's rule, not the claim's)
 *   high_unsecured_min_bp    7000  Zhuhai: ">= 70% unsecured"
 *   high_unsecured_share_bp  7000  Zhuhai: 70% when >= 70% unsecured
 *   first_loan_share_bp      9000  Zhuhai: 90% on a firm's first loan (首贷)
 *   cap_per_loan_fen         300万  Zhuhai: at most 300万 per loan
 *   cap_per_bank_year_fen    0     none in the Zhuhai text; a per-programme parameter (0 = no cap)
 *   required_multiple_x100   1000  10x: Ningbo 10x, Changzhou ">= 10x required" (13x achieved);
 *                                  Jiangxi asks 20x
 * (seed-programmes.md, "Reference parameters: risk-compensation pools".) */
typedef struct {
    int64_t base_share_bp;
    int64_t high_unsecured_min_bp;
    int64_t high_unsecured_share_bp;
    int64_t first_loan_share_bp;
    int64_t cap_per_loan_fen;
    int64_t cap_per_bank_year_fen;
    int64_t required_multiple_x100;
} credit_pool_params;

typedef struct {
    char id[CREDIT_ID_MAX];
    char programme[CREDIT_ID_MAX];
    char budget[CREDIT_ID_MAX];
    credit_pool_params params;
    hs_date created_date;
} credit_pool;

/* The outcome of the claim rule for one loan. */
typedef struct {
    int64_t base_fen, share_bp;
    char rule[96];              /* which share applied and which caps bit, e.g. "first-loan 90%" */
    int64_t entitled_fen;       /* base x share */
    int64_t capped_fen;         /* after the per-loan and per-bank-year caps */
    int64_t bank_year_room_fen; /* what the bank had left of its annual cap (-1: no cap) */
    int64_t pool_available_fen;
    int64_t paid_fen, shortfall_fen; /* paid = min(capped, pool); shortfall = capped - paid */
} credit_claim_decision;

/* A claim as recorded. */
typedef struct {
    char loan[CREDIT_ID_MAX], pool[CREDIT_ID_MAX], bank[CREDIT_ID_MAX];
    hs_date date;
    credit_claim_decision d;
} credit_claim;

/* A recovery's outcome. */
typedef struct {
    int64_t amount_fen, pool_share_fen;
    bool existed;
} credit_recovery_result;

/* Fills p with the Zhuhai defaults documented above. */
void credit_pool_params_default(credit_pool_params *p);
/* HS_INPUT naming the field unless every share is 0..100%, caps >= 0, multiple > 0. */
hs_status credit_pool_params_validate(const credit_pool_params *p, hs_error *err);
/* The claim rule (pure): HS_OK with *out filled, or HS_REFUSED naming why (no loss, annual cap used
 * up, empty pool, or a partial payment when !allow_partial). */
hs_status credit_claim_decide(const credit_pool_params *p, int64_t unsecured_bp, bool first_loan,
                              int64_t base_fen, int64_t bank_year_paid_fen,
                              int64_t pool_available_fen, bool allow_partial,
                              credit_claim_decision *out, hs_error *err);
/* The pool's share of a recovery (pure): round(paid x (recovered_before + amount) / base) -
 * returned_before; false on bad input (base <= 0, recoveries above base, overflow). */
bool credit_recovery_pool_share(int64_t paid_fen, int64_t base_fen, int64_t recovered_before_fen,
                                int64_t amount_fen, int64_t returned_before_fen,
                                int64_t *share_fen);

#define CREDIT_POOL_ID_MAX_LEN 32 /* so "credit.pool.<id>.fund.<n>" always fits TRANSFER_ID_MAX */

/* Creates a pool drawing on budget/<programme>/<budget> of an open programme, with account
 * pool/<id> owned by "credit", inside the caller's transaction; same id and parameters again is a
 * no-op, others HS_INPUT. Pool ids are at most CREDIT_POOL_ID_MAX_LEN bytes (HS_INPUT naming
 * "id"). */
hs_status credit_pool_create(hs_tx *tx, const credit_pool *p, hs_error *err);
/* Loads a pool, read-only outside any operation; *found false if none. */
hs_status credit_pool_get(hs_store *s, const char *id, credit_pool *out, bool *found,
                          hs_error *err);
/* Calls fn with each pool's id in id order (read-only; for book-wide checks). */
hs_status credit_pool_ids_each(hs_store *s,
                               hs_status (*fn)(void *ctx, const char *id, hs_error *err), void *ctx,
                               hs_error *err);
/* Moves amount_fen from the pool's budget into pool/<id> inside the transaction (refused,
 * exceeds_credits, if the budget can't cover it). transfer_id (NULL: "credit.pool.<id>.fund.<n>",
 * never truncated: HS_INPUT naming "pool" if it would not fit) makes a retry idempotent; *existed
 * (may be NULL) says so. HS_NOT_FOUND for an unknown pool or budget. */
hs_status credit_pool_fund(hs_tx *tx, const char *id, int64_t amount_fen, hs_date date,
                           const char *transfer_id, bool *existed, hs_error *err);
/* Claims compensation for a defaulted loan from its pool (pool_id NULL: the loan's; else must be
 * the loan's) on `date`, inside the transaction, as described above. *out (may be NULL) gets the
 * recorded claim. */
hs_status credit_claim_loan(hs_tx *tx, const char *loan_id, const char *pool_id, hs_date date,
                            bool allow_partial, credit_claim *out, hs_error *err);
/* Loads the claim on a loan, read-only; *found false if none. */
hs_status credit_claim_get(hs_store *s, const char *loan_id, credit_claim *out, bool *found,
                           hs_error *err);
/* Records a recovery of amount_fen on a defaulted loan from `from` (NULL: the firm's cash) inside
 * the transaction and returns the pool's share if the loan was compensated. Total recoveries can't
 * exceed the principal written off (HS_REFUSED, exceeds_loss). client_id (NULL: next in sequence)
 * makes a retry idempotent. `out` may be NULL. */
hs_status credit_recover(hs_tx *tx, const char *loan_id, int64_t amount_fen, hs_date date,
                         const char *client_id, const char *from, credit_recovery_result *out,
                         hs_error *err);

#define CREDIT_REPORT_BANKS_MAX 32

typedef struct {
    char bank[CREDIT_ID_MAX];
    int64_t loans, outstanding_fen, written_off_fen, claims_paid_fen, recovered_fen, returned_fen;
} credit_pool_bank_row;

/* The pool report: everything from the module's records, and the ledger's own figure for the pool
 * account, which must agree (reconciled). */
typedef struct {
    credit_pool pool;
    int64_t loans, approved_fen, disbursed_loans, disbursed_fen, outstanding_fen, repaid_fen,
        interest_fen;
    int64_t defaults, written_off_fen;
    int64_t claims, claims_entitled_fen, claims_paid_fen, claims_shortfall_fen;
    int64_t recovered_fen, returned_fen;
    int64_t fundings, funded_fen;
    int64_t balance_fen;        /* funded - claims paid + returned, from the records */
    int64_t ledger_balance_fen; /* pool/<id>: credits posted - debits posted */
    bool reconciled;
    bool leverage_defined; /* false if the balance is 0 */
    int64_t leverage_x100; /* outstanding / balance x 100, half away from zero */
    bool meets_required;   /* leverage >= required multiple */
    int64_t capacity_fen;  /* balance x required multiple: lending the pool is meant to back */
    size_t n_banks;
    credit_pool_bank_row banks[CREDIT_REPORT_BANKS_MAX];
} credit_pool_report;

/* Builds the report of pool `id`, read-only (HS_NOT_FOUND if unknown; HS_STORAGE on a book whose
 * records can't be). */
hs_status credit_pool_report_build(hs_store *s, const char *id, credit_pool_report *out,
                                   hs_error *err);

#endif
