/* ventureday_ops.h — the venture-day operations the CLI and the server call (each write in one
 * transaction: it reads, decides and writes inside it, and a refused operation leaves nothing
 * behind), the reads, and their JSON views (CLI --json and HTTP bodies are the same bytes).
 * Errors are those of instrument/ventureday.h. */
#ifndef HS_OPS_VENTUREDAY_OPS_H
#define HS_OPS_VENTUREDAY_OPS_H

#include <jansson.h>

#include "instrument/ventureday.h"
#include "ops/ops.h"

hs_status ops_vd_event_create(const hs_ctx *ctx, const vd_event *e, hs_error *err);
/* Registrations close after the event's day by ctx's clock. */
hs_status ops_vd_roadshow_add(const hs_ctx *ctx, const vd_roadshow *r, hs_error *err);
hs_status ops_vd_interest_add(const hs_ctx *ctx, const vd_interest *i, hs_error *err);
/* On success f->seq is the follow-up's place. */
hs_status ops_vd_followup_add(const hs_ctx *ctx, vd_followup *f, hs_error *err);

/* {"id", "title", "city", "date"} */
json_t *view_vd_event(const vd_event *e);
/* {"event", "firm", "session", "sector", "stage", "seeking_fen"} */
json_t *view_vd_roadshow(const vd_roadshow *r);
/* {"event", "investor", "session", "sectors", "stages", "ticket_min_fen", "ticket_max_fen"} */
json_t *view_vd_interest(const vd_interest *i);
/* {"rank", "fit", "firm", "session", "sector", "stage", "seeking_fen", "investor", "fund",
 *  "ticket_min_fen", "ticket_max_fen", "explain"} */
json_t *view_vd_match(const vd_match *m);
/* {"seq", "event", "firm", "investor", "status", "date", "note", "fund", "deal"} */
json_t *view_vd_followup(const vd_followup *f);
/* {"event", "session", "roadshows", "interests", "matches", "met", "term_sheets", "invested",
 *  "sought_fen", "invested_fen"} */
json_t *view_vd_outcome(const vd_outcome *o);

/* The event's matches (see vd_matches) as a JSON array, into *out (a new reference). */
hs_status ops_vd_matches_json(const hs_ctx *ctx, const char *event, const char *session,
                              const char *firm, const char *investor, json_t **out, hs_error *err);
/* {"event": view_vd_event, "outcome": the whole event, "sessions": [one per session]} */
hs_status ops_vd_report_json(const hs_ctx *ctx, const char *event, json_t **out, hs_error *err);
/* Every event as a JSON array. */
hs_status ops_vd_events_json(const hs_ctx *ctx, json_t **out, hs_error *err);

#endif
