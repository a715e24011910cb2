/* h_guarantee.h — the financing-guarantee (融资担保) routes (h_guarantee.c), on
 * src/ops/guarantee_ops.h with the bodies `huoshui guarantee ... --json` prints
 * (src/ops/guarantee_view.h).
 *
 * Who sees what: auditors and analysts every guarantor and guarantee; an officer the guarantors
 * whose capital comes from a programme it holds, and the guarantees under policies of its
 * programmes (and only it signs and compensates, in that scope); a bank the guarantees on its
 * banks' loans; an enterprise its firm's. */
#ifndef HS_SERVER_H_GUARANTEE_H
#define HS_SERVER_H_GUARANTEE_H

#include "server/dispatch.h"

/* GET /api/v1/guarantors?limit=&cursor=: the guarantors' reports the caller may see. */
void h_guarantor_list(route_call *call, http_response *resp);
/* GET /api/v1/guarantors/{id}: one guarantor's report (capital, in force, leverage, ...). */
void h_guarantor_get(route_call *call, http_response *resp);
/* GET /api/v1/guarantees/{loan}: the guarantee on a loan. */
void h_guarantee_get(route_call *call, http_response *resp);
/* POST /api/v1/guarantees {"loan","guarantor","policy","fee_rate"}: 201 the guarantee (guarantee
 * sign), an officer in the policy's programme. */
void h_guarantee_sign(route_call *call, http_response *resp);
/* POST /api/v1/guarantees/{loan}/compensate {}: 代偿 with Idempotency-Key, an officer in the
 * guarantee's programme; refusals 409, nothing moved. */
void h_guarantee_compensate(route_call *call, http_response *resp);

/* POST /api/v1/guarantors {"id","name","reguarantor","programme","budget","capital"|"capital_fen",
 * "transfer_id"?}: creates the guarantor or adds capital from the programme's budget (guarantee
 * institution add): an officer in the programme; 201 the report. */
void h_guarantor_capital(route_call *call, http_response *resp);
/* POST /api/v1/guarantees/{loan}/recover {"amount"|"amount_fen","id"?,"from"?}: a recovery shared
 * among the parties (guarantee recover), an officer in the programme; Idempotency-Key. */
void h_guarantee_recover(route_call *call, http_response *resp);

#endif
