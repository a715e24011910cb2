/* first_unit_view.h — the JSON views of the first-unit (首台套) module: what `first-unit ...
 * --json` prints and what /api/v1/first-units returns, byte for byte. Each returns a new
 * reference (NULL only when out of memory); views read the struct given and nothing else. */
#ifndef HS_OPS_FIRST_UNIT_VIEW_H
#define HS_OPS_FIRST_UNIT_VIEW_H

#include <jansson.h>

#include "instrument/first_unit.h"
#include "policy/policy.h"

/* A catalogue item: item, name, category, edition, added. */
json_t *view_first_unit_item(const first_unit_item *it);
/* A unit: id, item, maker, buyer, price, unit_no, insured, insurer, premium, cover {from, to,
 * years}, programme, budget, policy {...}, registered, status, the premium subsidy (computed,
 * subsidy, paid_on, payee_account, transfer_id, clause: null until subsidised) and the claims'
 * totals (claims, insurer_paid, topup). */
json_t *view_first_unit(const first_unit *u);
/* A claim: id, unit, seq, date, failure, loss, insurer_paid, topup, clause, payee_account and
 * transfer_id (null without a top-up). */
json_t *view_first_unit_claim(const first_unit_claim *c);
/* A unit with its claims (an array of view_first_unit_claim, borrowed) and, when ex is not NULL,
 * the policy's explanation of its premium subsidy. */
json_t *view_first_unit_full(const first_unit *u, json_t *claims, const hs_explanation *ex);

#endif
