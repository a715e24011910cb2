/* rdreserve_view.h — the JSON views of the R&D-reserve module: what `rdreserve ... --json` prints
 * and what /api/v1/rd-reserves returns, byte for byte. Each returns a new reference (NULL only
 * when out of memory); views read the struct given and nothing else. */
#ifndef HS_OPS_RDRESERVE_VIEW_H
#define HS_OPS_RDRESERVE_VIEW_H

#include <jansson.h>

#include "instrument/rdreserve.h"
#include "policy/policy.h"

/* A filing: firm, tax_year, rd_expense_fen, rd_expense, filed (date or null), source, recorded. */
json_t *view_rdreserve_filing(const rdreserve_filing *f);
/* A reserve: firm, year, programme, budget, policy {label, id, sha256, path}, reserve, registered,
 * status, and when paid: rd, prior_rd, increase, computed, amount, paid_on, clause, note, payee
 * account and transfer id (null while registered). */
json_t *view_rdreserve(const rdreserve *r);
/* A reserve with the policy's explanation (`rdreserve show --explain`). */
json_t *view_rdreserve_explained(const rdreserve *r, const hs_explanation *ex);

#endif
