/* h_first_unit.h — the first-unit (首台套) routes (h_first_unit.c), on src/ops/first_unit_ops.h
 * with the bodies `huoshui first-unit ... --json` prints (src/ops/first_unit_view.h).
 *
 * Who sees what: auditors and analysts every unit; an officer the units of the programmes it
 * holds (and only it registers them, pays their premium subsidies and records claims, in the
 * programme's scope); an enterprise the units it made or bought. The catalogue is public to every
 * role allowed; officers add to it. */
#ifndef HS_SERVER_H_FIRST_UNIT_H
#define HS_SERVER_H_FIRST_UNIT_H

#include "server/dispatch.h"

/* GET /api/v1/first-units?firm=&limit=&cursor=: the units the caller may see, in id order. */
void h_first_unit_list(route_call *call, http_response *resp);
/* POST /api/v1/first-units {"id","item","maker","buyer","price","unit_no","insured","insurer",
 * "premium","from","years","policy"}: 201 the unit (first-unit register); 200 existed. */
void h_first_unit_create(route_call *call, http_response *resp);
/* GET /api/v1/first-units/{id}: the unit, its claims and the premium subsidy's explanation. */
void h_first_unit_get(route_call *call, http_response *resp);
/* POST /api/v1/first-units/{id}/subsidise {}: pays the premium subsidy once; Idempotency-Key. */
void h_first_unit_subsidise(route_call *call, http_response *resp);
/* POST /api/v1/first-units/{id}/claims {"id","date","failure","loss","insurer_paid"}: records a
 * claim and pays any top-up; Idempotency-Key; a failure that does not qualify 409. */
void h_first_unit_claim(route_call *call, http_response *resp);
/* GET /api/v1/first-unit-catalogue: the catalogue in item order. */
void h_first_unit_catalogue_list(route_call *call, http_response *resp);
/* POST /api/v1/first-unit-catalogue {"item","name","category"?,"edition"?}: an officer. */
void h_first_unit_catalogue_add(route_call *call, http_response *resp);

#endif
