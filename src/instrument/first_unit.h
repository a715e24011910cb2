/* first_unit.h — first units of major equipment (首台（套）重大技术装备): a catalogue of equipment,
 * qualifying first-unit purchases (item, maker, buyer, price) insured against the unit's special
 * risks, the insurance premium subsidised by policy once per unit, and claims on a failure: the
 * insurer's payment recorded, any agency top-up decided by the same policy.
 *
 * One policy decides both amounts (the language has one `amount` per policy): its input `event`
 * is `premium` when subsidising the premium and `claim` when deciding a claim's top-up. The inputs
 * (over the registry's record of the insured party, when it holds one):
 *   event            premium | claim
 *   on_catalogue     the unit's item is on the catalogue (first_unit_catalogue_add)
 *   unit_no          the unit's place among the buyer's first units of it (1 = the first)
 *   price, premium_total  the unit's contract price and the premium for the whole cover
 *   cover_years      whole years of cover (1..), cover_from .. cover_from + years - 1 day
 *   insured          maker | buyer: who bought the insurance (and receives the subsidy)
 *   failure, loss, insurer_paid, in_cover   for a claim: what failed, the loss, what the insurer
 *                    paid, whether the failure day lies in the cover
 *
 * Money (only the agency's, through the ledger): the premium subsidy budget/<programme>/<budget>
 * -> firm/<insured party>/cash, code `first_unit.premium_subsidy`, id fu.<unit>.p1; a claim's
 * top-up budget -> firm/<buyer>/cash (the user bears the loss), code `first_unit.claim_topup`,
 * id fu.<unit>.c<k>; refs instrument=first_unit, unit, firm, policy, clause (and claim). The
 * insurer's own payment is outside the book's money: it is recorded with the claim, not posted.
 * The budget's own limit refuses overspending (exit 1, nothing paid or recorded). */
#ifndef HS_INSTRUMENT_FIRST_UNIT_H
#define HS_INSTRUMENT_FIRST_UNIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "instrument/decision.h"
#include "store/book.h"
#include "store/store.h"

#define FIRST_UNIT_ID_MAX 33   /* ids of 1..32 bytes, NUL included */
#define FIRST_UNIT_FIRM_MAX 19 /* an 18-character credit code and its NUL */
#define FIRST_UNIT_NAME_MAX 128
#define FIRST_UNIT_TEXT_MAX 512
#define FIRST_UNIT_YEARS_MAX 10
#define FIRST_UNIT_SUBSIDY_CODE "first_unit.premium_subsidy"
#define FIRST_UNIT_TOPUP_CODE "first_unit.claim_topup"

/* An item of the catalogue (《首台（套）重大技术装备推广应用指导目录》). */
typedef struct {
    char item[FIRST_UNIT_ID_MAX];
    char name[FIRST_UNIT_NAME_MAX];
    char category[FIRST_UNIT_NAME_MAX];
    char edition[FIRST_UNIT_NAME_MAX]; /* e.g. "2024版" */
    hs_date added_date;
} first_unit_item;

typedef enum { FIRST_UNIT_MAKER = 0, FIRST_UNIT_BUYER = 1 } first_unit_party;
typedef enum { FIRST_UNIT_REGISTERED = 0, FIRST_UNIT_SUBSIDISED = 1 } first_unit_status;

/* What registering a unit states. */
typedef struct {
    char id[FIRST_UNIT_ID_MAX];
    char item[FIRST_UNIT_ID_MAX];
    char maker[FIRST_UNIT_FIRM_MAX], buyer[FIRST_UNIT_FIRM_MAX];
    int64_t price_fen;
    int32_t unit_no; /* 1..: the buyer's n-th unit of the item */
    first_unit_party insured;
    char insurer[FIRST_UNIT_NAME_MAX];
    int64_t premium_fen; /* for the whole cover */
    hs_date cover_from;
    int32_t cover_years; /* 1..FIRST_UNIT_YEARS_MAX */
} first_unit_request;

/* A registered unit and, once subsidised, its premium subsidy; its claims' totals. */
typedef struct {
    first_unit_request req;
    hs_date cover_to; /* cover_from + cover_years years - 1 day */
    instrument_policy_ref policy;
    hs_date registered_date;
    first_unit_status status;
    int64_t computed_fen; /* the policy's premium subsidy */
    int64_t subsidy_fen;  /* paid (the policy's amount; 0 until subsidised) */
    hs_date subsidy_date;
    char payee_account[ACCOUNT_NAME_MAX];
    char transfer_id[TRANSFER_ID_MAX];
    char clause[FIRST_UNIT_TEXT_MAX];
    char inputs[INSTRUMENT_INPUTS_MAX];
    int32_t claims;
    int64_t insurer_paid_fen, topup_fen; /* totals over its claims */
} first_unit;

typedef enum {
    FIRST_UNIT_FAIL_QUALITY = 0,
    FIRST_UNIT_FAIL_LIABILITY = 1,
    FIRST_UNIT_FAIL_OTHER = 2,
} first_unit_failure;

/* A claim on a unit: the failure, the loss, the insurer's payment, the agency's top-up. */
typedef struct {
    char id[FIRST_UNIT_ID_MAX];
    char unit[FIRST_UNIT_ID_MAX];
    int32_t seq; /* 1.. within the unit */
    hs_date date;
    first_unit_failure failure;
    int64_t loss_fen, insurer_paid_fen, topup_fen;
    char payee_account[ACCOUNT_NAME_MAX]; /* "" when no top-up */
    char transfer_id[TRANSFER_ID_MAX];    /* "" when no top-up */
    char clause[FIRST_UNIT_TEXT_MAX];
    char inputs[INSTRUMENT_INPUTS_MAX];
} first_unit_claim;

/* Merges what the registry knows of firm `uscc` into `inputs` under the names already there. */
typedef hs_status (*first_unit_firm_inputs_fn)(void *ctx, const char *uscc, json_t *inputs,
                                               hs_error *err);

const char *first_unit_party_name(first_unit_party p);
bool first_unit_party_parse(const char *text, first_unit_party *out);
const char *first_unit_status_name(first_unit_status s);
const char *first_unit_failure_name(first_unit_failure f);
bool first_unit_failure_parse(const char *text, first_unit_failure *out);
/* The last day of a cover of `years` whole years from `from` (from + years years - 1 day). */
hs_date first_unit_cover_to(hs_date from, int32_t years);

/* Adds item `it` to the catalogue inside the transaction (added_date the transaction's today):
 * the same again a no-op (*existed), another name for the id HS_INPUT (id_reused); HS_INPUT
 * (field "item", "name") for a bad id or an empty name. */
hs_status first_unit_catalogue_add(hs_tx *tx, const first_unit_item *it, bool *existed,
                                   hs_error *err);
/* Calls fn for each catalogue item in id order (read-only). */
hs_status first_unit_catalogue_each(hs_store *s,
                                    hs_status (*fn)(void *ctx, const first_unit_item *it,
                                                    hs_error *err),
                                    void *ctx, hs_error *err);

/* Registers unit `r->id` under policy `ip` (instrument subsidy, its text stored in the book),
 * dated `on`: HS_INPUT naming the field for a bad id, credit code, price, premium, unit number,
 * years or date; HS_NOT_FOUND if the policy's budget does not exist; the same again a no-op
 * (*existed), another body HS_INPUT (id_reused). The item need not be on the catalogue (the
 * policy decides: on_catalogue). */
hs_status first_unit_register(hs_tx *tx, const instrument_policy *ip, const first_unit_request *r,
                              hs_date on, first_unit *out, bool *existed, hs_error *err);
/* Loads unit `id` (read-only, or on the caller's transaction); *found false if none. */
hs_status first_unit_get(hs_store *s, const char *id, first_unit *out, bool *found, hs_error *err);
/* Calls fn for each unit whose maker or buyer is `firm` (NULL: every unit), in id order. */
hs_status first_unit_each(hs_store *s, const char *firm,
                          hs_status (*fn)(void *ctx, const first_unit *u, hs_error *err), void *ctx,
                          hs_error *err);
/* Calls fn for each claim of unit `unit` in seq order (read-only). */
hs_status first_unit_claims_each(hs_store *s, const char *unit,
                                 hs_status (*fn)(void *ctx, const first_unit_claim *c,
                                                 hs_error *err),
                                 void *ctx, hs_error *err);

/* The policy's inputs for unit u and event "premium" (c NULL) or its claim c, as a new JSON object
 * in *out (fn may be NULL). */
hs_status first_unit_inputs(hs_store *s, const first_unit *u, const first_unit_claim *c,
                            first_unit_firm_inputs_fn fn, void *fn_ctx, json_t **out,
                            hs_error *err);
/* Pays unit `id`'s premium subsidy once, inside the transaction, decided on the transaction's
 * today: HS_NOT_FOUND (field "unit"); HS_REFUSED not_eligible naming the policy's clause,
 * exceeds_credits — nothing paid then; subsidised before: *existed and the record. */
hs_status first_unit_subsidise(hs_tx *tx, const char *id, first_unit_firm_inputs_fn fn,
                               void *fn_ctx, first_unit *out, bool *existed, hs_error *err);
/* Records claim `c` (id, unit, date, failure, loss_fen > 0, insurer_paid_fen 0..loss) inside the
 * transaction and pays the top-up the policy gives on the claim's date (0: none, recorded all the
 * same): HS_INPUT naming the field for bad values; HS_NOT_FOUND (field "unit"); HS_REFUSED
 * not_eligible (a failure the cover does not take, or outside it), exceeds_credits — nothing
 * recorded then. The same claim again: *existed, the record; another body HS_INPUT (id_reused).
 * *out gets the recorded claim. */
hs_status first_unit_claim_record(hs_tx *tx, const first_unit_claim *c,
                                  first_unit_firm_inputs_fn fn, void *fn_ctx, first_unit_claim *out,
                                  bool *existed, hs_error *err);

#endif
