/* guarantee.h — financing guarantees (融资担保) on the credit module's loans: guarantee
 * institutions and their capital, guarantees signed on loans with a fee and the programme's fee
 * subsidy (降费), the compensation (代偿) of a defaulted loan shared among the national guarantee
 * fund, the provincial re-guarantor, the bank and the guarantor, the sharing of recoveries, and the
 * capital's leverage (放大倍数).
 *
 * Ledger accounts (all owned by "guarantee"; firm cash and the banks' accounts are not):
 *   guarantor/<g>/capital   kind equity, debits-le-credits: the guarantor's capital; it can't pay
 *                           out more than it holds
 *   guarantor/<g>/fees      kind income: guarantee fees received (the firm's part and the subsidy)
 *   reguarantee/national    kind pool, debits-le-credits: the national guarantee fund's account
 *   reguarantee/<r>         kind pool, debits-le-credits: a provincial re-guarantor's account
 *
 * Transfers (refs loan, guarantor, bank, firm, policy, clause):
 *   capital      guarantee.capital      budget/<p>/<b> -> guarantor/<g>/capital
 *   party fund   guarantee.party.fund   budget/<p>/<b> -> reguarantee/<party>
 *   sign         guarantee.fee          firm/<uscc>/cash -> guarantor/<g>/fees    the firm's part
 *                guarantee.fee_subsidy  <policy's budget> -> guarantor/<g>/fees   the subsidy
 *   compensate   guarantee.compensate   guarantor/<g>/capital -> bank/<b>/losses  loss x (1 - bank)
 *                guarantee.reguarantee  reguarantee/national -> guarantor/<g>/capital  loss x nat.
 *                guarantee.reguarantee  reguarantee/<r> -> guarantor/<g>/capital   loss x prov.
 *   recover      guarantee.recover      firm/<uscc>/cash (or --from) -> each party, pro rata
 *
 * The policy (instrument credit) decides at signing: eligibility (its rules over the loan's
 * amount, rate, unsecured share, product, bank, the fee rate, the firm's registry record), the fee
 * subsidy rate as its amount (the yearly subsidy on 1万元, like interest.h: `yuan(10000) *
 * min(max(fee_rate - fee_cap, 0%), subsidy_cap)`), and through its parameters national_share,
 * provincial_share, bank_share, guarantor_share (rates adding up to 100%: 4:3:2:1 by default) and
 * max_leverage (int: in-force balance / capital at most that many times). The shares in force on
 * the signing day are stored with the guarantee.
 *
 * Fee = principal × fee rate × term days / 365 (the term from disbursement, or approval if not
 * yet disbursed, to that date + term months), rounded once half away from zero; the subsidy the
 * same at the subsidy rate; the firm pays the rest. Compensation: loss = the principal credit wrote
 * off at default, split by money_allocate over the four shares (exact to the fen); the guarantor
 * pays the bank everything but the bank's share, and is reimbursed by the national fund and the
 * re-guarantor. A loan the risk pool already compensated (credit claim) is refused, so no loss is
 * paid twice. Recoveries (at most the loss in total) go back to the four parties in proportion to
 * what each bore, computed on the cumulative amount so rounding never drifts. */
#ifndef HS_INSTRUMENT_GUARANTEE_H
#define HS_INSTRUMENT_GUARANTEE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "instrument/credit_db.h"
#include "instrument/credit_product.h"
#include "instrument/decision.h"
#include "store/book.h"
#include "store/store.h"

#define GUARANTEE_ID_MAX 33 /* guarantor and re-guarantor ids: 1..32 bytes */
#define GUARANTEE_OWNER "guarantee"
#define GUARANTEE_NATIONAL "national"
#define GUARANTEE_PARTIES 4 /* national fund, provincial re-guarantor, bank, guarantor */

typedef enum {
    GUARANTEE_SHARE_NATIONAL = 0,
    GUARANTEE_SHARE_PROVINCIAL = 1,
    GUARANTEE_SHARE_BANK = 2,
    GUARANTEE_SHARE_GUARANTOR = 3,
} guarantee_party;

/* A guarantee institution. */
typedef struct {
    char id[GUARANTEE_ID_MAX];
    char name[CREDIT_NAME_MAX];
    char reguarantor[GUARANTEE_ID_MAX]; /* its provincial re-guarantor */
    char programme[64], budget[64];     /* where its capital came from */
    int64_t contributed_fen;            /* capital paid in from the budget */
    hs_date created_date;
} guarantor;

typedef enum {
    GUARANTEE_ACTIVE = 0,
    GUARANTEE_COMPENSATED = 1,
} guarantee_status;

/* A guarantee on one loan. */
typedef struct {
    char loan[CREDIT_ID_MAX];
    char guarantor[GUARANTEE_ID_MAX], reguarantor[GUARANTEE_ID_MAX];
    char firm[CREDIT_ID_MAX], bank[CREDIT_ID_MAX];
    instrument_policy_ref policy;
    hs_date signed_date;
    int64_t principal_fen;
    int32_t term_days;
    int64_t fee_rate_bp, subsidy_rate_bp;
    int64_t fee_fen, subsidy_fen, firm_fee_fen;
    int64_t share_bp[GUARANTEE_PARTIES]; /* national, provincial, bank, guarantor */
    guarantee_status status;
    hs_date compensated_date;
    int64_t loss_fen;                     /* principal written off */
    int64_t borne_fen[GUARANTEE_PARTIES]; /* the loss split by the shares */
    int64_t recovered_fen;
    int64_t recovered_to_fen[GUARANTEE_PARTIES];
    int32_t recoveries;
    char clause[256]; /* the fee subsidy's clause */
} guarantee;

/* A guarantor's figures: capital, what it guarantees and its leverage. */
typedef struct {
    guarantor g;
    int64_t capital_fen;   /* what guarantor/<g>/capital holds now */
    int64_t guarantees;    /* signed */
    int64_t in_force_fen;  /* principal outstanding on active guarantees (在保余额) */
    int64_t leverage_x100; /* in_force / capital, in hundredths (0 if no capital) */
    int64_t fees_fen, fee_subsidy_fen, compensated_fen, reguaranteed_fen, recovered_fen;
    int64_t defaults;
} guarantor_report;

/* The name of a party's share ("national", "provincial", "bank", "guarantor"). */
const char *guarantee_party_name(guarantee_party p);
/* "active" or "compensated". */
const char *guarantee_status_name(guarantee_status st);

/* Creates guarantor `g->id` with its accounts and pays `capital_fen` (> 0) of capital from
 * budget/<programme>/<budget>, inside the transaction. The same id again adds capital (a new
 * transfer) when `transfer_id` is new; HS_INPUT for bad fields; HS_NOT_FOUND for a missing budget;
 * the ledger's refusals (exceeds_credits) as HS_REFUSED. */
hs_status guarantor_add_capital(hs_tx *tx, const guarantor *g, int64_t capital_fen,
                                const char *transfer_id, hs_date on, hs_error *err);
/* Funds re-guarantee party `party` ("national" or a re-guarantor id) from a programme budget. */
hs_status guarantee_party_fund(hs_tx *tx, const char *party, const char *prog_id,
                               const char *budget, int64_t amount_fen, const char *transfer_id,
                               hs_date on, hs_error *err);
/* Merges what the registry knows of a firm into inputs (see interest.h). */
typedef hs_status (*guarantee_firm_inputs_fn)(void *ctx, const char *uscc, json_t *inputs,
                                              hs_error *err);
/* Signs a guarantee by guarantor `g` on credit loan `loan` (approved or disbursed, not guaranteed
 * yet) at fee_rate_bp under policy `ip` on `on`, charging the fee (the firm's part and the
 * subsidy from the policy's budget). HS_REFUSED: not_eligible (the policy's reason),
 * state_conflict, leverage_exceeded (the guarantor's in-force balance would pass max_leverage x
 * capital), exceeds_credits; HS_NOT_FOUND for the loan or guarantor. *out gets the guarantee. */
hs_status guarantee_sign(hs_tx *tx, const instrument_policy *ip, const char *loan, const char *g,
                         int64_t fee_rate_bp, hs_date on, guarantee_firm_inputs_fn fn, void *fn_ctx,
                         guarantee *out, hs_error *err);
/* Compensates (代偿) the defaulted guaranteed loan on `on`: HS_REFUSED state_conflict unless the
 * loan is defaulted in credit, guaranteed, not compensated yet and not claimed on a pool;
 * exceeds_credits if the guarantor's capital or a re-guarantor can't pay. */
hs_status guarantee_compensate(hs_tx *tx, const char *loan, hs_date on, guarantee *out,
                               hs_error *err);
/* Records a recovery of amount_fen on a compensated loan from `from` (NULL: the firm's cash; else a
 * free account — one a module owns is refused, account_owned_by_module),
 * shared among the parties; client_id (NULL: the next number) makes a retry idempotent. HS_REFUSED
 * state_conflict before compensation, exceeds_loss past the loss. */
hs_status guarantee_recover(hs_tx *tx, const char *loan, int64_t amount_fen, const char *from,
                            const char *client_id, hs_date on, guarantee *out, hs_error *err);
/* Loads the guarantee on `loan` (read-only); *found false if none. */
hs_status guarantee_get(hs_store *s, const char *loan, guarantee *out, bool *found, hs_error *err);
/* The report of guarantor `id` (read-only): HS_NOT_FOUND if none. */
hs_status guarantor_report_get(hs_store *s, const char *id, guarantor_report *out, hs_error *err);
/* Calls fn with each guarantor's report, in id order (read-only). */
hs_status guarantor_reports_each(hs_store *s,
                                 hs_status (*fn)(void *ctx, const guarantor_report *r,
                                                 hs_error *err),
                                 void *ctx, hs_error *err);

#endif
