/* interest_view.h — the JSON views of the interest-subsidy module: what `interest ... --json`
 * prints and what /api/v1/interest-subsidies returns, byte for byte. Each returns a new reference
 * (NULL only when out of memory); views read the struct given and nothing else. */
#ifndef HS_OPS_INTEREST_VIEW_H
#define HS_OPS_INTEREST_VIEW_H

#include <jansson.h>

#include "instrument/interest.h"
#include "policy/policy.h"

/* A scheme: id, programme, budget, policy (label, id, sha256, path), payee, created. */
json_t *view_interest_scheme(const interest_scheme *sc);
/* One loan's accrual: the days and principal counted, the rates, eligibility with its clause,
 * what was computed and paid, to whom, under which transfer. */
json_t *view_interest_accrual(const interest_accrual *a);
/* A period run without its rows: scheme, period, first, last, paid_on, loans, paid, total. */
json_t *view_interest_run(const interest_run *r);
/* A period with its rows (`interest accrue`, `interest show --period`): the run, existed, rows. */
json_t *view_interest_result(const interest_result *r);
/* One accrual with the policy's explanation of it (`interest explain`). */
json_t *view_interest_explained(const interest_accrual *a, const hs_explanation *ex);

#endif
