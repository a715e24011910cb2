/* programme_funds.h — which funds are a programme's: those with an LP paying from one of the
 * programme's budgets (an account under budget/<programme>/), the link `fund commit --from`
 * makes. Shared by targets (fund indicators) and projections (funds in the snapshot). */
#ifndef HS_OPS_PROGRAMME_FUNDS_H
#define HS_OPS_PROGRAMME_FUNDS_H

#include <stddef.h>

#include "instrument/fund.h"
#include "ops/ops.h"

typedef char programme_fund_id[FUND_ID_MAX];

/* The ids of programme's funds in id order into *ids (malloc'd, free()) and *n, read in one read
 * snapshot. HS_STORAGE if the book cannot be read. */
hs_status ops_programme_fund_ids(const hs_ctx *ctx, const char *programme, programme_fund_id **ids,
                                 size_t *n, hs_error *err);

#endif
