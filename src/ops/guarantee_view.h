/* guarantee_view.h — the JSON views of the guarantee module: what `guarantee ... --json` prints
 * and what /api/v1/guarantees and /api/v1/guarantors return, byte for byte. Each returns a new
 * reference (NULL only when out of memory). */
#ifndef HS_OPS_GUARANTEE_VIEW_H
#define HS_OPS_GUARANTEE_VIEW_H

#include <jansson.h>

#include "instrument/guarantee.h"

/* A guarantee: loan, parties, policy, the fee and its subsidy, the shares, status, the loss split
 * and the recoveries per party. */
json_t *view_guarantee(const guarantee *g);
/* A guarantor's report: capital, in-force balance, leverage, fees, compensation, recoveries. */
json_t *view_guarantor_report(const guarantor_report *r);

#endif
