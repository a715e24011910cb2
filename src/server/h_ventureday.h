/* h_ventureday.h — the venture-day (创投日) routes (h_ventureday.c), on src/ops/ventureday_ops.h
 * with the bodies `huoshui ventureday ... --json` prints.
 *
 * Who does what: an officer creates events and records anything; an enterprise registers its own
 * firm's roadshow (scope firm:ID) and sees its own firm's matches; a fund manager registers
 * interests of its funds (scope fund:ID), sees their matches and records their follow-ups;
 * analysts and auditors read matches and reports; reviewers read reports; every signed-in role
 * lists the events. */
#ifndef HS_SERVER_H_VENTUREDAY_H
#define HS_SERVER_H_VENTUREDAY_H

#include "server/dispatch.h"

/* GET /api/v1/venture-days: every event, in date order. */
void h_vd_list(route_call *call, http_response *resp);
/* POST /api/v1/venture-days {"id","date","city","title"?}: 201 the event (officers). */
void h_vd_create(route_call *call, http_response *resp);
/* POST /api/v1/venture-days/{id}/roadshows {"firm","sector","stage","seeking"|"seeking_fen",
 * "session"?}: 201 (an enterprise for its own firm, or an officer). */
void h_vd_roadshow(route_call *call, http_response *resp);
/* POST /api/v1/venture-days/{id}/interests {"investor","sectors","stages"?,"ticket_min"|
 * "ticket_min_fen","ticket_max"|"ticket_max_fen","session"?,"fund"?}: 201 (a fund manager for
 * its own fund, named; or an officer). */
void h_vd_interest(route_call *call, http_response *resp);
/* GET /api/v1/venture-days/{id}/matches?session=&firm=&investor=: the ranked matches the caller
 * may see. */
void h_vd_matches(route_call *call, http_response *resp);
/* POST /api/v1/venture-days/{id}/followups {"firm","investor","status","date"?,"note"?,"fund"?,
 * "deal"?}: 201 the follow-up (an officer; a fund manager for its fund's interests). */
void h_vd_followup(route_call *call, http_response *resp);
/* GET /api/v1/venture-days/{id}/report: the outcome figures (ventureday report --json). */
void h_vd_report(route_call *call, http_response *resp);

#endif
