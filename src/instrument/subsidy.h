/* subsidy.h — subsidies decided by a policy file and paid through the ledger.
 *
 * Lifecycle of an application (table subsidy_applications):
 *   apply     evaluate the policy for the firm's inputs on a date; status `applied` (eligible) or
 *             `ineligible` (the reason, down to the rule and clause, is stored)
 *   award     check the policy's limits (once per firm / per product / per year / per programme,
 *             money ceilings), then reserve the amount: a pending transfer budget -> firm
 *             (`sub.<app>.r1`). An award the budget can't cover is refused by the ledger.
 *   pay       post the reservation, in full or in instalments (a partial post plus a new pending
 *             reservation of the rest, linked so they apply together); status `paid` when done
 *   reject    before payment ends the application; on an award it voids the reservation
 *   expire    voids awards whose pay-by date has passed
 *   clawback  returns paid money firm -> budget with a reason (status `clawed_back` when all of it)
 * Every transfer carries refs app, policy (id@version), firm. The policy's text is stored in the
 * book under its SHA-256 at application; award and show re-run exactly that text, from any
 * directory. */
#ifndef HS_INSTRUMENT_SUBSIDY_H
#define HS_INSTRUMENT_SUBSIDY_H

#include <jansson.h>
#include <stdbool.h>

#include "instrument/decision.h"

#define SUBSIDY_ID_MAX 41 /* application ids: 1..40 of A-Z a-z 0-9 . _ - */

typedef struct {
    char id[SUBSIDY_ID_MAX];
    instrument_policy_ref policy; /* programme, budget, path, id, label, sha256 */
    char firm[40];
    char product[64];
    hs_date applied_date;
    char inputs[INSTRUMENT_INPUTS_MAX]; /* JSON object text */
    bool eligible;
    int64_t decided_fen; /* what the policy computed */
    char reason[512];
    char status[16]; /* applied | ineligible | awarded | paid | rejected | expired | clawed_back */
    int64_t award_fen, paid_fen, clawed_fen;
    int reservation_seq; /* current reservation is sub.<id>.r<seq> (0: none) */
    int clawback_count;
    hs_date award_date, pay_by; /* pay_by 0: no deadline */
    char note[512];
} subsidy_app;

/* Every operation below runs inside the caller's transaction `tx` (src/ops opens and ends it): it
 * reads, decides and writes there, so a refusal (any non-HS_OK status) leaves the caller to roll
 * back and nothing stays behind. *out is written only on HS_OK. Errors: HS_NOT_FOUND (code
 * not_found) for an unknown application, HS_INPUT with the field for bad input, HS_REFUSED with a
 * stable code (state_conflict, limit_used, exceeds_credits, policy_changed, ...) for a rule's no,
 * HS_STORAGE when the book cannot be read or written (never read as "nothing there"). */

/* Records and decides an application under ip (stored in the book at first use, `operation`
 * naming the use, e.g. "subsidy.apply"). Idempotent: the same id with the same firm, product,
 * inputs, date and policy returns the stored one; anything else under that id is HS_INPUT. An
 * invalid 统一社会信用代码 is HS_INPUT (field --firm); inputs too long to store are HS_INPUT (field
 * --input). */
hs_status subsidy_apply(hs_tx *tx, const instrument_policy *ip, const char *app_id,
                        const char *uscc, const char *product, const json_t *inputs, hs_date on,
                        const char *operation, subsidy_app *out, hs_error *err);
/* Awards an `applied` application on `on` within the policy's limits (capping the amount to the
 * headroom of a money limit, refusing if none), reserving budget -> firm (sub.<app>.r1). The
 * policy is the one stored in the book under the application's hash. Awarding an awarded or paid
 * application again is a harmless retry (HS_OK, *already true, nothing written). */
hs_status subsidy_award(hs_tx *tx, const char *app_id, hs_date on, hs_date pay_by, subsidy_app *out,
                        bool *already, hs_error *err);
/* As subsidy_award, for an oversubscribed round (ops/subsidy_ops.c shares the budget): the award
 * is share_fen (never more than decided; -1: the decided amount, as subsidy_award), then capped by
 * the limits, with share_note (NULL: none) saying how the share was computed kept in the note. A
 * share of 0 is refused (code oversubscribed, nothing written). */
hs_status subsidy_award_share(hs_tx *tx, const char *app_id, hs_date on, hs_date pay_by,
                              int64_t share_fen, const char *share_note, subsidy_app *out,
                              bool *already, hs_error *err);
/* For sharing a round: what an `applied` application could be awarded on `on` under the policy's
 * limits alone (its decided amount capped to each limit's headroom), without writing anything;
 * *room_fen -1 when it cannot be awarded at all (not applied, or a limit refuses it: its award
 * then says why). */
hs_status subsidy_award_room(hs_tx *tx, const char *app_id, hs_date on, int64_t *room_fen,
                             hs_error *err);
/* For sharing a round: the headroom on `on` of the policy's money limits over the whole policy
 * (not per firm or product: `limit per programme per year <= annual_budget`), the least of them;
 * *limited false when it has none. Reads inside tx. */
hs_status subsidy_round_room(hs_tx *tx, const hs_policy *p, hs_date on, bool *limited,
                             int64_t *room_fen, hs_error *err);
/* The checks of subsidy_pay without moving money: the application is awarded, amount_fen (0:
 * everything still reserved) fits what is reserved and, under a policy with a notice period, the
 * notice allows payment on `on`. On HS_OK *app holds the application and *pay_fen the amount that
 * would be paid. Used by the maker-checker gate before it records an approval. */
hs_status subsidy_pay_check(hs_tx *tx, const char *app_id, int64_t amount_fen, hs_date on,
                            subsidy_app *app, int64_t *pay_fen, hs_error *err);
/* Pays amount_fen (0: everything still reserved) of an awarded application (after
 * subsidy_pay_check's checks). */
hs_status subsidy_pay(hs_tx *tx, const char *app_id, int64_t amount_fen, hs_date on,
                      subsidy_app *out, hs_error *err);
/* Rejects an application (voiding its reservation if awarded); paid money stays paid. */
hs_status subsidy_reject(hs_tx *tx, const char *app_id, const char *reason, hs_date on,
                         subsidy_app *out, hs_error *err);
/* Claws back amount_fen (0: all still held) of what was paid, with a reason. */
hs_status subsidy_clawback(hs_tx *tx, const char *app_id, int64_t amount_fen, const char *reason,
                           hs_date on, subsidy_app *out, hs_error *err);
/* Voids every award (of `programme`, or of every programme when NULL) whose pay-by date is
 * before `on` (status expired); *count gets how many. */
hs_status subsidy_expire(hs_tx *tx, hs_date on, const char *programme, size_t *count,
                         hs_error *err);
/* Loads one application inside tx (*found false if there is none). */
hs_status subsidy_get(hs_tx *tx, const char *app_id, subsidy_app *out, bool *found, hs_error *err);
/* Loads one application for a read-only view, outside any transaction. */
hs_status subsidy_find(hs_store *s, const char *app_id, subsidy_app *out, bool *found,
                       hs_error *err);
/* Calls fn for each application matching the filters (NULL = any), in id order, after
 * `after_id` (NULL: from the first), at most max_rows (0: all) (read-only). */
hs_status subsidy_each(hs_store *s, const char *programme, const char *firm, const char *status,
                       const char *after_id, size_t max_rows,
                       hs_status (*fn)(void *ctx, const subsidy_app *a, hs_error *err), void *ctx,
                       hs_error *err);

#endif
