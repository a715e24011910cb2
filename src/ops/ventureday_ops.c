/* ventureday_ops.c — venture-day operations over one transaction each, and their views (see
 * ventureday_ops.h). */
#include "ops/ventureday_ops.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"

hs_status ops_vd_event_create(const hs_ctx *ctx, const vd_event *e, hs_error *err) {
    assert(ctx != NULL && e != NULL);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, vd_event_create(&tx, e, err), err);
}

hs_status ops_vd_roadshow_add(const hs_ctx *ctx, const vd_roadshow *r, hs_error *err) {
    assert(ctx != NULL && r != NULL);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, vd_roadshow_add(&tx, r, hs_clock_today(&ctx->clock), err), err);
}

hs_status ops_vd_interest_add(const hs_ctx *ctx, const vd_interest *i, hs_error *err) {
    assert(ctx != NULL && i != NULL);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, vd_interest_add(&tx, i, hs_clock_today(&ctx->clock), err), err);
}

hs_status ops_vd_followup_add(const hs_ctx *ctx, vd_followup *f, hs_error *err) {
    assert(ctx != NULL && f != NULL);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, vd_followup_add(&tx, f, err), err);
}

static json_t *date_json(hs_date d) {
    char text[DATE_TEXT_LEN];
    return json_string(date_format(d, text));
}

json_t *view_vd_event(const vd_event *e) {
    assert(e != NULL);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(e->id));
    json_object_set_new(o, "title", json_string(e->title));
    json_object_set_new(o, "city", json_string(e->city));
    json_object_set_new(o, "date", date_json(e->date));
    return o;
}

json_t *view_vd_roadshow(const vd_roadshow *r) {
    assert(r != NULL && r->seeking_fen > 0);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "event", r->event, "firm", r->firm,
                     "session", r->session, "sector", r->sector, "stage", r->stage, "seeking_fen",
                     (json_int_t)r->seeking_fen);
}

json_t *view_vd_interest(const vd_interest *i) {
    assert(i != NULL && i->ticket_min_fen <= i->ticket_max_fen);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "event", i->event, "investor",
                     i->investor, "session", i->session, "sectors", i->sectors, "stages", i->stages,
                     "ticket_min_fen", (json_int_t)i->ticket_min_fen, "ticket_max_fen",
                     (json_int_t)i->ticket_max_fen);
}

json_t *view_vd_match(const vd_match *m) {
    assert(m != NULL && m->fit > 0);
    json_t *o = json_object();
    json_object_set_new(o, "rank", json_integer(m->rank));
    json_object_set_new(o, "fit", json_integer(m->fit));
    json_object_set_new(o, "firm", json_string(m->roadshow.firm));
    json_object_set_new(o, "session", json_string(m->roadshow.session));
    json_object_set_new(o, "sector", json_string(m->roadshow.sector));
    json_object_set_new(o, "stage", json_string(m->roadshow.stage));
    json_object_set_new(o, "seeking_fen", json_integer(m->roadshow.seeking_fen));
    json_object_set_new(o, "investor", json_string(m->interest.investor));
    json_object_set_new(o, "fund",
                        m->interest.fund[0] ? json_string(m->interest.fund) : json_null());
    json_object_set_new(o, "ticket_min_fen", json_integer(m->interest.ticket_min_fen));
    json_object_set_new(o, "ticket_max_fen", json_integer(m->interest.ticket_max_fen));
    json_object_set_new(o, "explain", json_string(m->explain));
    return o;
}

json_t *view_vd_followup(const vd_followup *f) {
    assert(f != NULL);
    json_t *o = json_object();
    json_object_set_new(o, "seq", json_integer(f->seq));
    json_object_set_new(o, "event", json_string(f->event));
    json_object_set_new(o, "firm", json_string(f->firm));
    json_object_set_new(o, "investor", json_string(f->investor));
    json_object_set_new(o, "status", json_string(vd_status_name(f->status)));
    json_object_set_new(o, "date", date_json(f->date));
    json_object_set_new(o, "note", json_string(f->note));
    json_object_set_new(o, "fund", f->fund[0] ? json_string(f->fund) : json_null());
    json_object_set_new(o, "deal", f->deal[0] ? json_string(f->deal) : json_null());
    return o;
}

json_t *view_vd_outcome(const vd_outcome *oc) {
    assert(oc != NULL);
    json_t *o = json_object();
    json_object_set_new(o, "event", json_string(oc->event));
    json_object_set_new(o, "session", json_string(oc->session));
    json_object_set_new(o, "roadshows", json_integer(oc->roadshows));
    json_object_set_new(o, "interests", json_integer(oc->interests));
    json_object_set_new(o, "matches", json_integer(oc->matches));
    json_object_set_new(o, "met", json_integer(oc->met));
    json_object_set_new(o, "term_sheets", json_integer(oc->term_sheets));
    json_object_set_new(o, "invested", json_integer(oc->invested));
    json_object_set_new(o, "sought_fen", json_integer(oc->sought_fen));
    json_object_set_new(o, "invested_fen", json_integer(oc->invested_fen));
    return o;
}

hs_status ops_vd_matches_json(const hs_ctx *ctx, const char *event, const char *session,
                              const char *firm, const char *investor, json_t **out, hs_error *err) {
    assert(ctx != NULL && event != NULL && out != NULL);
    *out = NULL;
    vd_match *m;
    size_t n;
    hs_status st = vd_matches(ctx->store, event, session, firm, investor, &m, &n, err);
    if (st != HS_OK)
        return st;
    json_t *a = json_array();
    for (size_t k = 0; k < n; k++)
        json_array_append_new(a, view_vd_match(&m[k]));
    free(m);
    *out = a;
    return HS_OK;
}

typedef struct {
    char (*v)[VD_ID_MAX];
    size_t n, cap;
} session_set;

static hs_status add_session(session_set *s, const char *session, hs_error *err) {
    if (session[0] == '\0')
        return HS_OK;
    for (size_t k = 0; k < s->n; k++)
        if (strcmp(s->v[k], session) == 0)
            return HS_OK;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        char(*v)[VD_ID_MAX] = realloc(s->v, cap * sizeof *v);
        if (v == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory listing sessions");
        s->v = v;
        s->cap = cap;
    }
    snprintf(s->v[s->n++], VD_ID_MAX, "%s", session);
    return HS_OK;
}

static hs_status session_of_roadshow(void *ctx, const vd_roadshow *r, hs_error *err) {
    return add_session(ctx, r->session, err);
}

static int session_order(const void *a, const void *b) {
    return strcmp(a, b);
}

hs_status ops_vd_report_json(const hs_ctx *ctx, const char *event, json_t **out, hs_error *err) {
    assert(ctx != NULL && event != NULL && out != NULL);
    *out = NULL;
    vd_event e;
    bool found;
    hs_status st = vd_event_get(ctx->store, event, &e, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "event", "no venture-day event '%.80s'", event);
    vd_outcome whole;
    if ((st = vd_outcome_of(ctx->store, event, NULL, &whole, err)) != HS_OK)
        return st;
    session_set sessions = {0};
    if ((st = vd_roadshows_each(ctx->store, event, session_of_roadshow, &sessions, err)) != HS_OK) {
        free(sessions.v);
        return st;
    }
    if (sessions.n > 1)
        qsort(sessions.v, sessions.n, sizeof *sessions.v, session_order);
    json_t *per = json_array();
    for (size_t k = 0; st == HS_OK && k < sessions.n; k++) {
        vd_outcome o;
        if ((st = vd_outcome_of(ctx->store, event, sessions.v[k], &o, err)) == HS_OK)
            json_array_append_new(per, view_vd_outcome(&o));
    }
    free(sessions.v);
    if (st != HS_OK) {
        json_decref(per);
        return st;
    }
    json_t *o = json_object();
    json_object_set_new(o, "event", view_vd_event(&e));
    json_object_set_new(o, "outcome", view_vd_outcome(&whole));
    json_object_set_new(o, "sessions", per);
    *out = o;
    return HS_OK;
}

static hs_status event_into(void *ctx, const vd_event *e, hs_error *err) {
    (void)err;
    json_array_append_new(ctx, view_vd_event(e));
    return HS_OK;
}

hs_status ops_vd_events_json(const hs_ctx *ctx, json_t **out, hs_error *err) {
    assert(ctx != NULL && out != NULL);
    json_t *a = json_array();
    hs_status st = vd_events_each(ctx->store, event_into, a, err);
    if (st != HS_OK) {
        json_decref(a);
        a = NULL;
    }
    *out = a;
    return st;
}
