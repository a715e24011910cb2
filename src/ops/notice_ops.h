/* notice_ops.h — public notice (公示) operations the CLI and the server call (rules in
 * instrument/notice.h): publishing an award's notice inside the award's transaction, the public
 * list (GET /api/v1/public/notices: no login, public fields only), filing an objection (anyone),
 * and upholding or dismissing it (an officer in scope, or the local operator). Each state change
 * runs in one transaction (ops_begin/ops_end); nothing here prints. */
#ifndef HS_OPS_NOTICE_OPS_H
#define HS_OPS_NOTICE_OPS_H

#include <jansson.h>

#include "instrument/notice.h"
#include "instrument/subsidy.h"
#include "ops/ops.h"

/* Inside the award's open transaction tx: if the policy stored under the application's hash states
 * `notice N working days`, publishes the award's notice (firm name from the registry, else the
 * code; the amount clause; deadline by the State Council calendar under ctx->data_dir, HS_STORAGE
 * calendar_missing if it cannot be read; HS_REFUSED calendar_not_covering when the period leaves
 * the years the calendar covers). Nothing is written for a policy without a notice. */
hs_status ops_notice_publish_award(const hs_ctx *ctx, hs_tx *tx, const subsidy_app *app,
                                   hs_error *err);

/* Every notice as a JSON array of view_notice_public (owned by the caller), in publication order,
 * each saying whether it is still under notice on `on`. Read-only; public data only. */
hs_status ops_notice_list(const hs_ctx *ctx, hs_date on, json_t **out, hs_error *err);
/* One keyset page of ops_notice_list: at most `limit` (>= 1) notices after notice `after_id`
 * (NULL: from the first) as a JSON array of view_notice_public (*items owned by the caller);
 * *more true when more follow. Reads only the page's rows and one more. HS_INPUT (invalid_field
 * "cursor") for a malformed after_id. Read-only. */
hs_status ops_notice_page(const hs_ctx *ctx, hs_date on, const char *after_id, size_t limit,
                          json_t **items, bool *more, hs_error *err);

/* Files an objection to notice `notice_id` ("N-k") as ctx->principal (anyone: the filer is
 * recorded) with a reason, on `on` (not after the deadline: HS_REFUSED notice_closed). */
hs_status ops_notice_object(const hs_ctx *ctx, const char *notice_id, const char *reason,
                            hs_date on, notice_objection *out, hs_error *err);

/* Upholds (uphold true) or dismisses objection `objection_id` ("O-k") with a reason, as
 * ctx->principal (an officer in the programme's scope, or the local operator). */
hs_status ops_notice_decide(const hs_ctx *ctx, const char *objection_id, bool uphold,
                            const char *reason, hs_date on, notice_objection *out, hs_error *err);

/* {"id": "N-1", "firm_name", "amount_fen", "policy": "<id>", "policy_version": "<id>@<version>",
 *  "clause", "published", "objection_deadline", "under_notice": bool} — no firm code, no inputs. */
json_t *view_notice_public(const notice *n, hs_date on);
/* {"id": "O-1", "notice": "N-1", "reason", "filed", "state", "officer", "decision", "decided"} */
json_t *view_notice_objection(const notice_objection *o);

#endif
