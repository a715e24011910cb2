/* programme_view.h — the JSON views of programmes: what `--json` prints and the server returns,
 * the same bytes. Each returns a new reference (NULL only if jansson is out of memory). */
#ifndef HS_OPS_PROGRAMME_VIEW_H
#define HS_OPS_PROGRAMME_VIEW_H

#include <jansson.h>

#include "instrument/programme.h"
#include "ops/programme_ops.h"

/* {"budget", "account", "appropriated_fen", "returned_fen", "reserved_fen", "paid_fen",
 *  "closed_out_fen", "remaining_fen"} */
json_t *view_programme_budget(const programme_budget *b);
/* null for an open-ended appropriation, else {"pledged_fen", "released_fen", "unreleased_fen",
 *  "unbudgeted_fen"} */
json_t *view_programme_appropriation(const programme_status *s);
/* {"programme", "title_zh", "title_en", "closed", "multi_year_appropriation", "budgets": [...], and
 *  the six totals as above} */
json_t *view_programme_status(const programme_status *s);

#endif
