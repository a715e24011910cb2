/* h_interest.h — the interest-subsidy (贴息) routes (h_interest.c), on src/ops/interest_ops.h with
 * the bodies `huoshui interest ... --json` prints (src/ops/interest_view.h).
 *
 * Who sees what: auditors and analysts every scheme and row; an officer the schemes of the
 * programmes it holds (and only it creates schemes and pays periods, in its programme's scope); a
 * bank every scheme, and of a period the rows of the banks it holds; an enterprise every scheme,
 * and of a period its own firm's rows. */
#ifndef HS_SERVER_H_INTEREST_H
#define HS_SERVER_H_INTEREST_H

#include "server/dispatch.h"

/* GET /api/v1/interest-subsidies?limit=&cursor=: the schemes the caller may see, in id order. */
void h_interest_list(route_call *call, http_response *resp);
/* POST /api/v1/interest-subsidies {"id","policy","pay_to"?}: 201 the scheme (interest scheme
 * add): an officer in the policy's programme; the same again 200 with existed true. */
void h_interest_create(route_call *call, http_response *resp);
/* GET /api/v1/interest-subsidies/{id}: the scheme with its periods (interest scheme show). */
void h_interest_get(route_call *call, http_response *resp);
/* POST /api/v1/interest-subsidies/{id}/accrue {"period"}: pays the period once (interest
 * accrue): an officer in the programme; Idempotency-Key; a refusal (budget, period_open) 409 and
 * nothing paid. */
void h_interest_accrue(route_call *call, http_response *resp);
/* GET /api/v1/interest-subsidies/{id}/periods/{period}: the period with the rows the caller may
 * see (interest show). */
void h_interest_period(route_call *call, http_response *resp);
/* GET /api/v1/interest-subsidies/{id}/periods/{period}/loans/{loan}: one loan's accrual with the
 * policy's explanation (interest explain). */
void h_interest_explain(route_call *call, http_response *resp);

#endif
