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
 * Every transfer carries refs app, policy (id@version), clause, firm. The policy file's SHA-256 is
 * stored at application; awarding under a changed file is refused (re-apply instead). */
#ifndef HS_INSTRUMENT_SUBSIDY_H
#define HS_INSTRUMENT_SUBSIDY_H

#include <jansson.h>
#include <stdbool.h>

#include "instrument/decision.h"

#define SUBSIDY_ID_MAX 41 /* application ids: 1..40 of A-Z a-z 0-9 . _ - */

typedef struct {
    char id[SUBSIDY_ID_MAX];
    char programme[64];
    char budget[ACCOUNT_NAME_MAX];
    char policy_path[512];
    char policy_id[96];
    char policy_label[128];
    char policy_sha256[65];
    char firm[40];
    char product[64];
    hs_date applied_date;
    char inputs[2048]; /* JSON object text */
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

/* Records and decides an application (idempotent: the same id with the same firm, product, inputs,
 * date and policy returns the stored one; anything else under that id is HS_INPUT). */
hs_status subsidy_apply(hs_store *s, const instrument_policy *ip, const char *app_id,
                        const char *uscc, const char *product, const json_t *inputs, hs_date on,
                        subsidy_app *out, hs_error *err);
/* Awards an `applied` application on `on` within the policy's limits (capping the amount to the
 * headroom of a money limit, refusing if none). HS_REFUSED with the reason on any refusal. */
hs_status subsidy_award(hs_store *s, const char *app_id, hs_date on, hs_date pay_by,
                        subsidy_app *out, hs_error *err);
/* Pays amount_fen (0: everything still reserved) of an awarded application. */
hs_status subsidy_pay(hs_store *s, const char *app_id, int64_t amount_fen, hs_date on,
                      subsidy_app *out, hs_error *err);
/* Rejects an application (voiding its reservation if awarded); paid money stays paid. */
hs_status subsidy_reject(hs_store *s, const char *app_id, const char *reason, hs_date on,
                         subsidy_app *out, hs_error *err);
/* Claws back amount_fen (0: all still held) of what was paid, with a reason. */
hs_status subsidy_clawback(hs_store *s, const char *app_id, int64_t amount_fen, const char *reason,
                           hs_date on, subsidy_app *out, hs_error *err);
/* Voids every award whose pay-by date is before `on`; *count gets how many. */
hs_status subsidy_expire(hs_store *s, hs_date on, size_t *count, hs_error *err);
/* Loads one application. */
hs_status subsidy_get(hs_store *s, const char *app_id, subsidy_app *out, bool *found,
                      hs_error *err);
/* Calls fn for each application matching the filters (NULL = any), in id order. */
hs_status subsidy_each(hs_store *s, const char *programme, const char *firm, const char *status,
                       hs_status (*fn)(void *ctx, const subsidy_app *a, hs_error *err), void *ctx,
                       hs_error *err);
/* JSON view of an application (amounts in fen). */
json_t *subsidy_to_json(const subsidy_app *a);

#endif
