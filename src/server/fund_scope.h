/* fund_scope.h — who holds a fund: a fund manager's scope fund:ID covers the fund ID and every
 * fund under it (the fund module's `parent`, down the tree), for the fund routes and for the
 * fund's accounts (fund/ID/...) alike. */
#ifndef HS_SERVER_FUND_SCOPE_H
#define HS_SERVER_FUND_SCOPE_H

#include <stdbool.h>

#include "auth/principal.h"
#include "ops/ops.h"

#define FUND_TREE_DEPTH_MAX 16 /* as the fund module walks trees (fund_read_tree) */

/* *held: whether p holds fund `id` or one of its ancestors (the walk reads each fund's terms;
 * HS_NOT_FOUND when `id` itself does not exist, a missing ancestor is simply not held). Read-only.
 */
hs_status fund_scope_held(const hs_ctx *ctx, const hs_principal *p, const char *id, bool *held,
                          hs_error *err);
/* route_account_visible, and also a fund manager's view of the accounts fund/ID/... of a fund
 * under a mother fund it holds. A failed read is "not visible". */
bool fund_scope_account_visible(const hs_ctx *ctx, const hs_principal *p, const char *name);

#endif
