/* approval_view.h — the JSON view of an approval: what `approval list --json` prints and the
 * server returns (GET /api/v1/approvals, and the 202 body of an operation that became pending),
 * the same bytes. Returns a new reference (NULL only if jansson is out of memory). */
#ifndef HS_OPS_APPROVAL_VIEW_H
#define HS_OPS_APPROVAL_VIEW_H

#include <jansson.h>

#include "approval/approval.h"

/* {"id": "A-1", "programme", "action", "request": {...}, "amount_fen", "maker", "created",
 *  "state": "pending|executed|rejected", "checker", "reason", "decided" (null while pending)} */
json_t *view_approval(const approval *a);
/* {"pending_approval": view_approval} — what a gated operation answers instead of its result. */
json_t *view_approval_pending(const approval *a);

#endif
