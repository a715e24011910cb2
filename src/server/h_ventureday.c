/* h_ventureday.c — the venture-day routes (see h_ventureday.h). The event is looked up before the
 * caller's ownership of what the body names is judged, so an unknown event is 404 for everyone. */
#include "server/h_ventureday.h"

#include <stdio.h>
#include <string.h>

#include "ops/ventureday_ops.h"
#include "server/body_fields.h"
#include "server/routes.h"

static void respond_err(http_response *resp, hs_error *err) {
    http_respond_error(resp, err, false, NULL);
}

static void forbidden(route_call *call, http_response *resp, const char *what, const char *id) {
    hs_error err = {0};
    hs_fail_code(&err, HS_REFUSED, "forbidden", NULL, "%s (%s) may not act for %s '%.64s'",
                 call->caller->user, role_name(call->caller->role), what, id);
    respond_err(resp, &err);
}

/* The path's event; false with 404 (or a storage error) in resp. */
static bool path_event(route_call *call, http_response *resp, vd_event *e) {
    const char *id = route_param(call->match, "id");
    bool found;
    hs_error err = {0};
    if (vd_event_get(call->ctx->store, id, e, &found, &err) != HS_OK) {
        respond_err(resp, &err);
        return false;
    }
    if (!found) {
        hs_not_found(&err, "event", "no venture-day event '%.64s'", id);
        respond_err(resp, &err);
        return false;
    }
    return true;
}

void h_vd_list(route_call *call, http_response *resp) {
    json_t *list;
    hs_error err = {0};
    if (ops_vd_events_json(call->ctx, &list, &err) != HS_OK) {
        respond_err(resp, &err);
        return;
    }
    http_respond_json(resp, 200, list);
}

void h_vd_create(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"id", "date", "city", "title", NULL};
    const char *id, *city, *title;
    vd_event e = {0};
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "id", true, &id) ||
        !string_field(call, resp, "city", true, &city) ||
        !string_field(call, resp, "title", false, &title) ||
        !date_field(call, resp, "date", true, &e.date) ||
        !copy_field(resp, "id", id, e.id, sizeof e.id) ||
        !copy_field(resp, "city", city, e.city, sizeof e.city) ||
        !copy_field(resp, "title", title, e.title, sizeof e.title))
        return;
    hs_error err = {0};
    if (ops_vd_event_create(call->ctx, &e, &err) != HS_OK) {
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    http_respond_json(resp, 201, view_vd_event(&e));
}

void h_vd_roadshow(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"firm",        "sector",  "stage", "seeking",
                                          "seeking_fen", "session", NULL};
    const char *firm, *sector, *stage, *session;
    vd_roadshow r = {0};
    vd_event e;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "firm", true, &firm) ||
        !string_field(call, resp, "sector", true, &sector) ||
        !string_field(call, resp, "stage", true, &stage) ||
        !string_field(call, resp, "session", false, &session) ||
        !money_field(call, resp, "seeking", true, &r.seeking_fen) || !path_event(call, resp, &e))
        return;
    if (call->caller->role == HS_ROLE_ENTERPRISE &&
        !principal_in_scope(call->caller, HS_SCOPE_FIRM, firm)) {
        forbidden(call, resp, "firm", firm);
        return;
    }
    snprintf(r.event, sizeof r.event, "%s", e.id);
    if (!copy_field(resp, "firm", firm, r.firm, sizeof r.firm) ||
        !copy_field(resp, "sector", sector, r.sector, sizeof r.sector) ||
        !copy_field(resp, "stage", stage, r.stage, sizeof r.stage) ||
        !copy_field(resp, "session", session, r.session, sizeof r.session))
        return;
    hs_error err = {0};
    if (ops_vd_roadshow_add(call->ctx, &r, &err) != HS_OK) {
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    http_respond_json(resp, 201, view_vd_roadshow(&r));
}

void h_vd_interest(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"investor",       "sectors", "stages", "ticket_min",
                                          "ticket_min_fen", "session", "fund",   "ticket_max_fen",
                                          "ticket_max",     NULL};
    const char *investor, *sectors, *stages, *session, *fund;
    vd_interest i = {0};
    vd_event e;
    if (!only_fields(call, resp, allowed) ||
        !string_field(call, resp, "investor", true, &investor) ||
        !string_field(call, resp, "sectors", true, &sectors) ||
        !string_field(call, resp, "stages", false, &stages) ||
        !string_field(call, resp, "session", false, &session) ||
        !string_field(call, resp, "fund", false, &fund) ||
        !money_field(call, resp, "ticket_min", true, &i.ticket_min_fen) ||
        !money_field(call, resp, "ticket_max", true, &i.ticket_max_fen) ||
        !path_event(call, resp, &e))
        return;
    if (call->caller->role == HS_ROLE_FUND_MANAGER &&
        (fund == NULL || !principal_in_scope(call->caller, HS_SCOPE_FUND, fund))) {
        forbidden(call, resp, "fund", fund ? fund : "(none named)");
        return;
    }
    snprintf(i.event, sizeof i.event, "%s", e.id);
    if (!copy_field(resp, "investor", investor, i.investor, sizeof i.investor) ||
        !copy_field(resp, "sectors", sectors, i.sectors, sizeof i.sectors) ||
        !copy_field(resp, "stages", stages, i.stages, sizeof i.stages) ||
        !copy_field(resp, "session", session, i.session, sizeof i.session) ||
        !copy_field(resp, "fund", fund, i.fund, sizeof i.fund))
        return;
    hs_error err = {0};
    if (ops_vd_interest_add(call->ctx, &i, &err) != HS_OK) {
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    http_respond_json(resp, 201, view_vd_interest(&i));
}

/* Whether the caller may see match m: an enterprise its firms', a fund manager its funds'. */
static bool match_visible(const hs_principal *p, const json_t *m) {
    if (p->role == HS_ROLE_ENTERPRISE)
        return principal_in_scope(p, HS_SCOPE_FIRM, json_string_value(json_object_get(m, "firm")));
    if (p->role == HS_ROLE_FUND_MANAGER) {
        const char *fund = json_string_value(json_object_get(m, "fund"));
        return fund != NULL && principal_in_scope(p, HS_SCOPE_FUND, fund);
    }
    return true;
}

void h_vd_matches(route_call *call, http_response *resp) {
    vd_event e;
    if (!path_event(call, resp, &e))
        return;
    json_t *all;
    hs_error err = {0};
    if (ops_vd_matches_json(call->ctx, e.id, http_query(call->req, "session"),
                            http_query(call->req, "firm"), http_query(call->req, "investor"), &all,
                            &err) != HS_OK) {
        respond_err(resp, &err);
        return;
    }
    json_t *seen = json_array();
    size_t k;
    json_t *m;
    json_array_foreach(all, k, m) if (match_visible(call->caller, m)) json_array_append(seen, m);
    json_decref(all);
    http_respond_json(resp, 200, seen);
}

void h_vd_followup(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"firm", "investor", "status", "date",
                                          "note", "fund",     "deal",   NULL};
    const char *firm, *investor, *status, *note, *fund, *deal;
    vd_followup f = {0};
    vd_event e;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "firm", true, &firm) ||
        !string_field(call, resp, "investor", true, &investor) ||
        !string_field(call, resp, "status", true, &status) ||
        !string_field(call, resp, "note", false, &note) ||
        !string_field(call, resp, "fund", false, &fund) ||
        !string_field(call, resp, "deal", false, &deal) ||
        !date_field(call, resp, "date", false, &f.date) || !path_event(call, resp, &e))
        return;
    hs_error err = {0};
    if (!vd_status_parse(status, &f.status)) {
        hs_invalid_field(&err, "status",
                         "field 'status': met, diligence, term-sheet, invested or declined");
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    if (call->caller->role == HS_ROLE_FUND_MANAGER) {
        /* a fund manager records the follow-ups of its own funds' interests only */
        vd_match *mine = NULL;
        size_t n = 0;
        if (vd_matches(call->ctx->store, e.id, NULL, firm, investor, &mine, &n, &err) != HS_OK) {
            respond_err(resp, &err);
            return;
        }
        bool ok = n == 1 && mine[0].interest.fund[0] != '\0' &&
                  principal_in_scope(call->caller, HS_SCOPE_FUND, mine[0].interest.fund);
        free(mine);
        if (!ok) {
            forbidden(call, resp, "investor", investor);
            return;
        }
    }
    snprintf(f.event, sizeof f.event, "%s", e.id);
    if (f.date == 0)
        f.date = hs_clock_today(&call->ctx->clock);
    if (!copy_field(resp, "firm", firm, f.firm, sizeof f.firm) ||
        !copy_field(resp, "investor", investor, f.investor, sizeof f.investor) ||
        !copy_field(resp, "note", note, f.note, sizeof f.note) ||
        !copy_field(resp, "fund", fund, f.fund, sizeof f.fund) ||
        !copy_field(resp, "deal", deal, f.deal, sizeof f.deal))
        return;
    if (ops_vd_followup_add(call->ctx, &f, &err) != HS_OK) {
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    http_respond_json(resp, 201, view_vd_followup(&f));
}

void h_vd_report(route_call *call, http_response *resp) {
    vd_event e;
    if (!path_event(call, resp, &e))
        return;
    json_t *r;
    hs_error err = {0};
    if (ops_vd_report_json(call->ctx, e.id, &r, &err) != HS_OK) {
        respond_err(resp, &err);
        return;
    }
    http_respond_json(resp, 200, r);
}
