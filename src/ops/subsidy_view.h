/* subsidy_view.h — the JSON views of subsidy applications: what `subsidy ... --json` prints and
 * the HTTP API returns, byte for byte. Amounts are in fen. Every function returns a new reference.
 */
#ifndef HS_OPS_SUBSIDY_VIEW_H
#define HS_OPS_SUBSIDY_VIEW_H

#include <jansson.h>

#include "instrument/subsidy.h"

/* One application: id, programme, budget, policy, policy_file, policy_sha256, firm, product,
 * applied, inputs, eligible, decided_fen, reason, status, award_fen, paid_fen, clawed_back_fen,
 * awarded and pay_by (when set), note. */
json_t *view_subsidy(const subsidy_app *a);
/* An application with its explanation (`explanation`, an array, empty if none) and whether the
 * policy it was decided under is available unchanged (`policy_unchanged`). Steals `explanation`. */
json_t *view_subsidy_show(const subsidy_app *a, json_t *explanation, bool policy_unchanged);

#endif
