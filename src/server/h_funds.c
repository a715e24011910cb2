/* h_funds.c — the fund module over HTTP, each route on src/ops/fund_ops.h with the caller's
 * context and the bodies `huoshui fund ... --json` prints (src/ops/fund_view.h): the funds a caller
 * may see (cursor pages), creating a fund, a fund's figures (fund show), its events (one event or
 * a batch, all or nothing, under an Idempotency-Key since calls and distributions move money), its
 * report (NAV, IRR, TVPI, DPI, 返投, leverage), its check against the ledger and its
 * Takahashi–Alexander projection.
 *
 * Who (fund_visible): auditors and analysts read every fund; a fund manager the funds it holds
 * (scope fund:ID) — a scope on a mother fund covers its sub-funds (the fund module's `parent`),
 * down the tree. Only fund managers write, within that scope: a new fund is created by a manager
 * holding its id or its mother fund. Analysts get aggregates only: `fund show` without the LP rows
 * (lps) and the deal rows (deals_list, firm-level); every other figure is the fund's own total.
 * Officers, reviewers, banks, providers, enterprises and admins get no fund route. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/fund_json.h"
#include "ops/fund_ops.h"
#include "ops/fund_view.h"
#include "project/ta_args.h"
#include "server/body_fields.h"
#include "server/fund_scope.h"
#include "server/handlers.h"
#include "server/idem_answer.h"
#include "server/paging.h"

#define FUND_EVENTS_MAX 10000 /* events of one request (the body is at most 1 MiB anyway) */

/* ---- what the routes share ---- */

static void respond_forbidden(route_call *call, http_response *resp, const char *id) {
    hs_error err = {0};
    hs_fail_code(&err, HS_REFUSED, "forbidden", "fund",
                 "%s (%s) may not act on fund '%.60s': not in its scope (fund:ID, or the mother "
                 "fund's)",
                 call->caller->user, role_name(call->caller->role), id);
    http_respond_error(resp, &err, false, NULL);
}

static void respond_invalid(http_response *resp, const char *field, const char *msg) {
    hs_error err = {0};
    hs_invalid_field(&err, field, "%s", msg);
    http_respond_error(resp, &err, true, NULL);
}

/* Fails (resp filled: 404 for an unknown fund a manager asks about, 403 out of scope) unless the
 * caller may see fund `id`: auditors and analysts any, a fund manager those it holds. */
static bool fund_visible(route_call *call, http_response *resp, const char *id) {
    const hs_principal *p = call->caller;
    if (p->role == HS_ROLE_AUDITOR || p->role == HS_ROLE_ANALYST)
        return true;
    hs_error err = {0};
    bool held = false;
    if (p->role == HS_ROLE_FUND_MANAGER &&
        fund_scope_held(call->ctx, p, id, &held, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return false;
    }
    if (!held)
        respond_forbidden(call, resp, id);
    return held;
}

/* Fails (resp filled) unless the caller is a fund manager holding fund `id` (the writes). */
static bool fund_managed(route_call *call, http_response *resp, const char *id) {
    if (call->caller->role != HS_ROLE_FUND_MANAGER) {
        respond_forbidden(call, resp, id);
        return false;
    }
    return fund_visible(call, resp, id);
}

/* ?name=YYYY-MM-DD into *out (0 when absent); false with resp filled when malformed. */
static bool date_query(route_call *call, http_response *resp, const char *name, hs_date *out) {
    const char *t = http_query(call->req, name);
    *out = 0;
    if (t == NULL || date_parse(t, out))
        return true;
    char msg[96];
    snprintf(msg, sizeof msg, "%s must be a date YYYY-MM-DD", name);
    respond_invalid(resp, name, msg);
    return false;
}

/* ---- GET /funds ---- */

typedef struct {
    route_call *call;
    json_t *all;
} list_acc;

static hs_status list_add(void *arg, const fund_figures *f, hs_error *err) {
    list_acc *a = arg;
    const hs_principal *p = a->call->caller;
    if (p->role == HS_ROLE_FUND_MANAGER) {
        bool held = false;
        hs_status st = fund_scope_held(a->call->ctx, p, f->t.id, &held, err);
        if (st != HS_OK || !held)
            return st;
    }
    json_t *v = view_fund_figures(f);
    if (v == NULL || json_array_append_new(a->all, v) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing funds");
    return HS_OK;
}

void h_fund_list(route_call *call, http_response *resp) {
    char after[FUND_ID_MAX];
    bool has_cursor;
    size_t limit;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    list_acc a = {call, json_array()};
    if (a.all == NULL) {
        respond_view(resp, NULL);
        return;
    }
    hs_error err = {0};
    if (fund_ops_list(call->ctx, list_add, &a, &err) != HS_OK) {
        json_decref(a.all);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *page = page_of_array(a.all, "fund", has_cursor ? after : NULL, limit);
    json_decref(a.all);
    respond_page(resp, page);
}

/* ---- POST /funds ---- */

void h_fund_create(route_call *call, http_response *resp) {
    hs_error err = {0};
    fund_terms t;
    if (fund_terms_from_json(call->body, hs_clock_today(&call->ctx->clock), &t, &err) != HS_OK) {
        http_respond_error(resp, &err, strcmp(err.code, "unknown_field") != 0, NULL);
        return;
    }
    /* a manager creates a fund it holds, or a sub-fund under a mother fund it holds */
    bool held = principal_in_scope(call->caller, HS_SCOPE_FUND, t.id);
    if (!held && t.parent[0] != '\0' &&
        fund_scope_held(call->ctx, call->caller, t.parent, &held, &err) != HS_OK) {
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    if (!held) {
        respond_forbidden(call, resp, t.id);
        return;
    }
    bool existed = false;
    if (fund_ops_create(call->ctx, &t, &existed, &err) != HS_OK) {
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    http_respond_json(resp, existed ? 200 : 201, view_fund_created(&t, existed));
}

/* ---- GET /funds/{id} ---- */

void h_fund_get(route_call *call, http_response *resp) {
    const char *id = route_param(call->match, "id");
    hs_date as_of;
    if (!date_query(call, resp, "as_of", &as_of) || !fund_visible(call, resp, id))
        return;
    hs_error err = {0};
    fund_show sh;
    if (fund_ops_show(call->ctx, id, as_of, &sh, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = view_fund_show(&sh);
    fund_show_free(&sh);
    if (v != NULL && call->caller->role == HS_ROLE_ANALYST) {
        json_object_del(v, "lps");
        json_object_del(v, "deals_list");
    }
    respond_view(resp, v);
}

/* ---- POST /funds/{id}/events ---- */

typedef struct {
    bool batch;
    fund_event_outcome one;
    size_t n, applied, existed;
} events_result;

/* Inside the events' transaction: what `fund KIND --json` or `fund events --batch --json` prints.
 */
static json_t *events_view(void *arg, int *code) {
    const events_result *r = arg;
    *code = 200;
    if (!r->batch)
        return view_fund_event(&r->one);
    return json_pack("{s:I,s:I,s:I}", "events", (json_int_t)r->n, "applied", (json_int_t)r->applied,
                     "existed", (json_int_t)r->existed);
}

/* The events of the body into reqs[0..*n): one event object, or {"events":[...]} of 1..
 * FUND_EVENTS_MAX; each event's "fund" defaults to the path's and must equal it. */
static bool events_of(route_call *call, http_response *resp, const char *fund, fund_event_req *reqs,
                      size_t cap, size_t *n) {
    json_t *list = json_object_get(call->body, "events");
    bool batch = list != NULL;
    if (batch && (json_object_size(call->body) != 1 || !json_is_array(list) ||
                  json_array_size(list) == 0 || json_array_size(list) > cap)) {
        respond_invalid(resp, "events",
                        "a batch is {\"events\":[...]} alone, an array of 1 to 10000 events");
        return false;
    }
    *n = batch ? json_array_size(list) : 1;
    hs_date today = hs_clock_today(&call->ctx->clock);
    for (size_t i = 0; i < *n; i++) {
        hs_error err = {0};
        json_t *o = batch ? json_array_get(list, i) : call->body;
        hs_status st = fund_event_from_json(o, &reqs[i], &err);
        if (st == HS_OK && reqs[i].fund != NULL && strcmp(reqs[i].fund, fund) != 0)
            st = hs_invalid_field(&err, "fund", "the event's fund '%.60s' is not the path's '%s'",
                                  reqs[i].fund, fund);
        if (st != HS_OK) {
            if (batch)
                hs_error_prefix(&err, "events[%zu]", i);
            http_respond_error(resp, &err, strcmp(err.code, "unknown_field") != 0, NULL);
            return false;
        }
        reqs[i].fund = fund;
        if (reqs[i].date == 0)
            reqs[i].date = today;
    }
    return true;
}

void h_fund_events(route_call *call, http_response *resp) {
    const char *fund = route_param(call->match, "id");
    events_result r;
    memset(&r, 0, sizeof r);
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, events_view, &r))
        return;
    json_t *list = json_object_get(call->body, "events");
    size_t cap = json_is_array(list) ? json_array_size(list) : 1;
    if (cap == 0 || cap > FUND_EVENTS_MAX)
        cap = 1; /* events_of refuses it */
    fund_event_req *reqs = calloc(cap, sizeof *reqs);
    if (reqs == NULL) {
        respond_view(resp, NULL);
        return;
    }
    if (!fund_managed(call, resp, fund) || !events_of(call, resp, fund, reqs, cap, &r.n)) {
        free(reqs);
        return;
    }
    hs_error err = {0};
    hs_status st;
    r.batch = list != NULL;
    if (!r.batch) {
        st = fund_ops_event(idem_answer_ctx(&ans), &reqs[0], &r.one, &err);
    } else {
        size_t failed_at = 0;
        st = fund_ops_events(idem_answer_ctx(&ans), reqs, r.n, &r.applied, &r.existed, &failed_at,
                             &err);
        if (st != HS_OK)
            hs_error_prefix(&err, "events[%zu] (nothing applied)", failed_at);
    }
    idem_answer_finish(call, resp, &ans, st, &err);
    fund_event_outcome_free(&r.one);
    free(reqs);
}

/* ---- GET /funds/{id}/report ---- */

void h_fund_report(route_call *call, http_response *resp) {
    const char *id = route_param(call->match, "id");
    const char *b = http_query(call->req, "by");
    fund_by by = FUND_BY_NONE;
    if (b != NULL) {
        if (!strcmp(b, "sector"))
            by = FUND_BY_SECTOR;
        else if (!strcmp(b, "stage"))
            by = FUND_BY_STAGE;
        else if (!strcmp(b, "city"))
            by = FUND_BY_CITY;
        else {
            respond_invalid(resp, "by", "by is sector, stage or city");
            return;
        }
    }
    hs_date as_of;
    if (!date_query(call, resp, "as_of", &as_of))
        return;
    hs_error err = {0};
    fund_report r;
    if (fund_ops_report(call->ctx, id, as_of, by, &r, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    /* a group (or tree) is shown to a manager only when it holds every fund in it */
    bool ok = true;
    for (size_t i = 0; ok && i < r.n && call->caller->role == HS_ROLE_FUND_MANAGER; i++) {
        bool held = false;
        ok =
            fund_scope_held(call->ctx, call->caller, r.funds[i].t.id, &held, &err) == HS_OK && held;
    }
    if (!ok) {
        fund_report_free(&r);
        respond_forbidden(call, resp, id);
        return;
    }
    json_t *v = view_fund_report(&r, by, b);
    fund_report_free(&r);
    respond_view(resp, v);
}

/* ---- GET /funds/{id}/check ---- */

void h_fund_check(route_call *call, http_response *resp) {
    const char *id = route_param(call->match, "id");
    hs_error err = {0};
    fund_terms t;
    if (fund_ops_get(call->ctx, id, &t, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    if (!fund_visible(call, resp, id))
        return;
    fund_verify_report r;
    if (fund_ops_check(call->ctx, id, &r, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_view(resp, view_fund_check(&r));
}

/* ---- GET /funds/{id}/projection ---- */

/* ?name= a number or percentage into *out (*given); false with resp filled when malformed. */
static bool number_query(route_call *call, http_response *resp, const char *name, double *out,
                         bool *given) {
    const char *t = http_query(call->req, name);
    if (t == NULL)
        return true;
    if (!ta_number_parse(t, out)) {
        char msg[96];
        snprintf(msg, sizeof msg, "%s is a number such as 0.13 or 13%%", name);
        respond_invalid(resp, name, msg);
        return false;
    }
    if (given != NULL)
        *given = true;
    return true;
}

/* ?name= whole years 1..TA_YEARS_MAX into *out (*given). */
static bool years_query(route_call *call, http_response *resp, const char *name, int *out,
                        bool *given) {
    const char *t = http_query(call->req, name);
    if (t == NULL)
        return true;
    char *end = NULL;
    long v = strtol(t, &end, 10);
    if (*t == '\0' || *end != '\0' || v < 1 || v > TA_YEARS_MAX) {
        char msg[96];
        snprintf(msg, sizeof msg, "%s is whole years from 1 to %d", name, TA_YEARS_MAX);
        respond_invalid(resp, name, msg);
        return false;
    }
    *out = (int)v;
    if (given != NULL)
        *given = true;
    return true;
}

void h_fund_projection(route_call *call, http_response *resp) {
    const char *id = route_param(call->match, "id");
    ta_params p;
    ta_params_init(&p);
    fund_projection_given g = {false, false, false, false};
    const char *rc = http_query(call->req, "rc");
    char why[128];
    if (rc != NULL) {
        if (!ta_call_rates_parse(rc, &p, why, sizeof why)) {
            respond_invalid(resp, "rc", why);
            return;
        }
        g.have_rc = true;
    }
    if (!number_query(call, resp, "growth", &p.growth, &g.have_growth) ||
        !number_query(call, resp, "bow", &p.bow, &g.have_bow) ||
        !number_query(call, resp, "yield", &p.yield, NULL) ||
        !years_query(call, resp, "life", &p.life_years, &g.have_life) ||
        !years_query(call, resp, "horizon", &p.horizon_years, NULL) ||
        !fund_visible(call, resp, id))
        return;
    hs_error err = {0};
    ta_series s;
    if (fund_ops_project(call->ctx, id, &g, &p, &s, &err) != HS_OK) {
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    respond_view(resp, view_fund_projection(&p, &s));
}
