/* explain_view.h — the one JSON encoding of a policy explanation, used by `policy explain --json`,
 * `subsidy show --json` and the HTTP API alike (same bytes for the same explanation). */
#ifndef HS_OPS_EXPLAIN_VIEW_H
#define HS_OPS_EXPLAIN_VIEW_H

#include <jansson.h>

#include "policy/policy.h"

/* The items as an array of {kind, depth, label, value, note (when there is one), passed (rules and
 * the header), line}. Returns a new reference (NULL only when out of memory). */
json_t *view_explanation_items(const hs_explanation *ex);
/* The whole explanation of one firm on a date: {uscc, on, eligible, amount, amount_fen, reason,
 * items}. Returns a new reference. */
json_t *view_explanation(const hs_explanation *ex, const char *uscc, const char *on_text);

#endif
