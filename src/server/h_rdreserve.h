/* h_rdreserve.h — the R&D-reserve (研发准备金) routes (h_rdreserve.c), on src/ops/rdreserve_ops.h
 * with the bodies `huoshui rdreserve ... --json` prints (src/ops/rdreserve_view.h).
 *
 * Who sees what: auditors and analysts every reserve and filing; an officer the reserves of the
 * programmes it holds (and only it registers and pays them, in the policy's programme), and every
 * filing (it imports them); an enterprise its own firm's reserves and filings. */
#ifndef HS_SERVER_H_RDRESERVE_H
#define HS_SERVER_H_RDRESERVE_H

#include "server/dispatch.h"

/* GET /api/v1/rd-reserves?firm=&year=&limit=&cursor=: the reserves the caller may see, by firm
 * and year (rdreserve list --json; each item has "key" FIRM/YEAR for the cursor). */
void h_rdreserve_list(route_call *call, http_response *resp);
/* POST /api/v1/rd-reserves {"firm","year","policy","reserve"}: 201 the reserve (rdreserve
 * register): an officer in the policy's programme; the same again 200 with existed true. */
void h_rdreserve_create(route_call *call, http_response *resp);
/* GET /api/v1/rd-reserves/{firm}/{year}: the reserve with the policy's explanation, clause by
 * clause (rdreserve show --explain --json). */
void h_rdreserve_get(route_call *call, http_response *resp);
/* POST /api/v1/rd-reserves/{firm}/{year}/pay {}: pays it once (rdreserve pay): an officer in the
 * programme; Idempotency-Key; a refusal (not_eligible, year_open, exceeds_credits) 409, nothing
 * paid. */
void h_rdreserve_pay(route_call *call, http_response *resp);
/* GET /api/v1/rd-filings?firm=&limit=&cursor=: the filed R&D figures the caller may see. */
void h_rdfiling_list(route_call *call, http_response *resp);
/* POST /api/v1/rd-filings {"filings":[{"firm","tax_year","rd_expense","filed_date"?}]}: records
 * them all or none (rdreserve filing import): an officer; a bad item 422 naming
 * filings[i].field, a differing figure for a filed year 409 filing_exists. */
void h_rdfiling_add(route_call *call, http_response *resp);

#endif
