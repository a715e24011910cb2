/* decision.h — what every policy-driven instrument shares: a policy loaded for an instrument (with
 * the SHA-256 of its text, so a decision stays traceable to the exact rules), the programme and
 * budget it draws on, and one firm's decision and explanation from stored inputs.
 *
 * Inputs travel as a JSON object of name -> text (the same text a CSV cell would hold); names that
 * are not inputs of the policy are ignored, so a whole registry record can be passed. */
#ifndef HS_INSTRUMENT_DECISION_H
#define HS_INSTRUMENT_DECISION_H

#include <jansson.h>

#include "base/error.h"
#include "ledger/account.h"
#include "policy/policy.h"
#include "store/book.h"
#include "store/store.h"

typedef struct {
    hs_policy *policy;
    char path[512];
    char sha256[65];               /* hex digest of the file's bytes */
    char programme[64];            /* from the budget path budget/<programme>/<name> */
    char budget[ACCOUNT_NAME_MAX]; /* the budget account the policy draws on */
    char label[128];               /* "<policy id>@<version>" */
} instrument_policy;

/* Loads and checks a policy that must feed `expected`; derives programme and budget. */
hs_status instrument_policy_load(const char *path, hs_instrument expected, instrument_policy *out,
                                 hs_error *err);
/* Frees the loaded policy. */
void instrument_policy_free(instrument_policy *ip);
/* Evaluates the policy for one firm from a JSON object of inputs on `on`. */
hs_status instrument_decide(const instrument_policy *ip, const char *uscc, const json_t *inputs,
                            hs_date on, hs_decision *out, hs_error *err);
/* The explanation of that decision, as a JSON array of {kind, label, value, note, passed}. */
hs_status instrument_explain_json(const instrument_policy *ip, const char *uscc,
                                  const json_t *inputs, hs_date on, json_t **out, hs_error *err);
/* Ensures the account `firm/<uscc>/cash` exists (kind enterprise) and writes its name. */
hs_status instrument_firm_account(hs_store *s, const char *uscc, char *out, size_t len,
                                  hs_error *err);
/* Ensures an account exists with the given kind and limit flags. */
hs_status instrument_ensure_account(hs_store *s, const char *name, const char *kind, uint32_t flags,
                                    hs_error *err);
/* Applies up to 8 transfers inside an open book transaction; HS_OK if all applied (or existed),
 * else the status of the refusal, naming its cause (not a linked casualty) and `what`. */
hs_status instrument_apply(hs_tx *txn, const hs_transfer *ev, size_t n, const char *what,
                           hs_error *err);

#endif
