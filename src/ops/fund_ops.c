/* fund_ops.c — fund operations: one transaction each (see fund_ops.h). */
#include "ops/fund_ops.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[FUND_EV_KINDS] = {
    "commit", "call", "default", "invest", "mark", "fee", "exit", "distribute", "writeoff"};

const char *fund_event_kind_name(fund_event_kind k) {
    assert(k < FUND_EV_KINDS);
    return kind_names[k];
}

bool fund_event_kind_parse(const char *text, fund_event_kind *out) {
    for (int i = 0; i < FUND_EV_KINDS; i++)
        if (strcmp(text, kind_names[i]) == 0) {
            *out = (fund_event_kind)i;
            return true;
        }
    return false;
}

void fund_event_outcome_free(fund_event_outcome *o) {
    free(o->flows);
    o->flows = NULL;
    o->nflows = 0;
}

/* ---- events ---- */

/* Dispatches one event to its instrument function inside tx. */
static hs_status apply(hs_tx *tx, const fund_event_req *q, hs_date date, fund_event_outcome *o,
                       hs_error *err) {
    const char *deal = q->deal.deal[0] ? q->deal.deal : NULL;
    fund_event_result *res = &o->ev;
    switch (q->kind) {
    case FUND_EV_COMMIT:
        return fund_commit(tx, q->id, q->fund, q->lp ? q->lp : "", q->lp_type, q->from,
                           q->amount_fen, q->phase ? q->phase : 1, date, res, err);
    case FUND_EV_CALL:
        return fund_call(tx, q->id, q->fund, q->amount_fen, date, q->defaulting_lp, res, err);
    case FUND_EV_DEFAULT:
        return fund_lp_default(tx, q->id, q->fund, q->lp ? q->lp : "", date, res, err);
    case FUND_EV_INVEST: {
        fund_deal d = q->deal;
        snprintf(d.fund, sizeof d.fund, "%s", q->fund);
        if (d.region[0] == '\0') /* a deal's region is its city unless given */
            snprintf(d.region, sizeof d.region, "%s", d.city);
        return fund_invest(tx, q->id, &d, q->amount_fen, date, res, err);
    }
    case FUND_EV_MARK:
        return fund_mark(tx, q->id, q->fund, q->deal.deal, q->value_fen, date, res, err);
    case FUND_EV_FEE:
        return fund_fee(tx, q->id, q->fund, date, q->days, q->amount_fen, &o->fee_fen, res, err);
    case FUND_EV_EXIT:
        return fund_exit(tx, q->id, q->fund, q->deal.deal, q->proceeds_fen, q->cost_fen, date, res,
                         err);
    case FUND_EV_DISTRIBUTE:
        return fund_distribute(tx, q->id, q->fund, q->amount_fen, deal, date, &o->dist, res, err);
    case FUND_EV_WRITEOFF:
        return fund_writeoff(tx, q->id, q->fund, q->deal.deal, date, res, err);
    case FUND_EV_KINDS:
        break;
    }
    return hs_invalid_field(err, "kind", "unknown fund event kind");
}

hs_status fund_ops_event_in(hs_tx *tx, const fund_event_req *req, fund_event_outcome *out,
                            hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && req != NULL);
    memset(out, 0, sizeof *out);
    out->kind = req->kind;
    if (req->fund == NULL || req->fund[0] == '\0')
        return hs_invalid_field(err, "fund", "give the FUND");
    snprintf(out->fund, sizeof out->fund, "%s", req->fund);
    hs_status st = apply(tx, req, req->date ? req->date : tx->today, out, err);
    if (st == HS_OK)
        snprintf(out->shown_id, sizeof out->shown_id, "%s",
                 req->id           ? req->id
                 : out->ev.existed ? "(derived)"
                                   : out->ev.id);
    return st;
}

typedef struct {
    fund_event_outcome *o;
    size_t cap;
} flows_ctx;

static hs_status keep_flow(void *vctx, const char *lp, const char *deal, const char *kind,
                           int64_t amount_fen, hs_error *err) {
    flows_ctx *c = vctx;
    fund_event_outcome *o = c->o;
    if (o->nflows == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        fund_flow_row *p = realloc(o->flows, cap * sizeof *p);
        if (p == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory");
        o->flows = p;
        c->cap = cap;
    }
    fund_flow_row *r = &o->flows[o->nflows++];
    memset(r, 0, sizeof *r);
    snprintf(r->lp, sizeof r->lp, "%s", lp ? lp : "");
    snprintf(r->deal, sizeof r->deal, "%s", deal ? deal : "");
    snprintf(r->kind, sizeof r->kind, "%s", kind ? kind : "");
    r->amount_fen = amount_fen;
    return HS_OK;
}

hs_status fund_ops_event(const hs_ctx *ctx, const fund_event_req *req, fund_event_outcome *out,
                         hs_error *err) {
    memset(out, 0, sizeof *out);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    st = fund_ops_event_in(&tx, req, out, err);
    /* the flows are read inside the transaction (its own writes), so that a commit hook
     * (ctx->on_commit, run by ops_end) sees the whole outcome */
    flows_ctx c = {out, 0};
    if (st == HS_OK && !out->ev.existed)
        st = fund_event_flows(ctx->store, out->ev.id, keep_flow, &c, err);
    st = ops_end(&tx, st, err);
    if (st != HS_OK)
        fund_event_outcome_free(out);
    return st;
}

hs_status fund_ops_events(const hs_ctx *ctx, const fund_event_req *events, size_t n,
                          size_t *applied, size_t *existed, size_t *failed_at, hs_error *err) {
    *applied = *existed = 0;
    *failed_at = 0;
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    for (size_t i = 0; i < n && st == HS_OK; i++) {
        fund_event_outcome o;
        st = fund_ops_event_in(&tx, &events[i], &o, err);
        if (st != HS_OK) {
            *failed_at = i;
            break;
        }
        *(o.ev.existed ? existed : applied) += 1;
    }
    if (st == HS_OK || store_in_txn(ctx->store))
        st = ops_end(&tx, st, err);
    if (st != HS_OK)
        *applied = *existed = 0;
    assert(st != HS_OK || *applied + *existed == n);
    return st;
}

/* ---- create ---- */

void fund_create_defaults(fund_terms *t) {
    if (t->first_phase_fen == 0)
        t->first_phase_fen = t->size_fen;
    if (t->name[0] == '\0')
        snprintf(t->name, sizeof t->name, "%s", t->id);
}

hs_status fund_ops_create(const hs_ctx *ctx, const fund_terms *in, bool *existed, hs_error *err) {
    fund_terms t = *in;
    fund_create_defaults(&t);
    *existed = false;
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, fund_create(&tx, &t, existed, err), err);
}

/* ---- reads ---- */

hs_status fund_ops_get(const hs_ctx *ctx, const char *fund, fund_terms *out, hs_error *err) {
    bool found = false;
    hs_status st = fund_get(ctx->store, fund, out, &found, err);
    if (st == HS_OK && !found)
        st = hs_not_found(err, "fund", "no fund '%.60s'", fund);
    return st;
}

typedef struct {
    char (*ids)[FUND_ID_MAX];
    size_t n, cap;
} ids_acc;

static hs_status keep_id(void *vctx, const fund_terms *t, hs_error *err) {
    ids_acc *a = vctx;
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 32;
        char(*p)[FUND_ID_MAX] = realloc(a->ids, cap * sizeof *p);
        if (p == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory listing funds");
        a->ids = p;
        a->cap = cap;
    }
    snprintf(a->ids[a->n++], FUND_ID_MAX, "%s", t->id);
    return HS_OK;
}

hs_status fund_ops_list(const hs_ctx *ctx,
                        hs_status (*fn)(void *arg, const fund_figures *f, hs_error *err), void *arg,
                        hs_error *err) {
    ids_acc a = {NULL, 0, 0};
    /* the ids first: the figures are read with statements of their own, not inside the walk */
    hs_status st = fund_each(ctx->store, keep_id, &a, err);
    hs_date today = hs_clock_today(&ctx->clock);
    for (size_t i = 0; st == HS_OK && i < a.n; i++) {
        fund_figures f;
        st = fund_figures_get(ctx->store, a.ids[i], 0, today, &f, err);
        if (st == HS_OK)
            st = fn(arg, &f, err);
    }
    free(a.ids);
    return st;
}

hs_status fund_ops_report(const hs_ctx *ctx, const char *root, hs_date as_of, fund_by by,
                          fund_report *out, hs_error *err) {
    memset(out, 0, sizeof *out);
    return fund_report_build(ctx->store, root, as_of, hs_clock_today(&ctx->clock), by, out, err);
}

typedef struct {
    fund_show *s;
    size_t cap;
} deals_ctx;

static hs_status keep_deal(void *vctx, const fund_deal *d, hs_error *err) {
    deals_ctx *c = vctx;
    if (c->s->ndeals == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        fund_deal *p = realloc(c->s->deals, cap * sizeof *p);
        if (p == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory");
        c->s->deals = p;
        c->cap = cap;
    }
    c->s->deals[c->s->ndeals++] = *d;
    return HS_OK;
}

hs_status fund_ops_show(const hs_ctx *ctx, const char *fund, hs_date as_of, fund_show *out,
                        hs_error *err) {
    memset(out, 0, sizeof *out);
    fund_terms t;
    bool found;
    hs_status st = fund_get(ctx->store, fund, &t, &found, err);
    if (st == HS_OK && !found)
        st = hs_not_found(err, "fund", "no fund '%s'", fund);
    if (st == HS_OK)
        st = fund_figures_get(ctx->store, fund, as_of, hs_clock_today(&ctx->clock), &out->f, err);
    if (st == HS_OK)
        st = fund_lps_load(ctx->store, fund, &out->lps, &out->nlps, err);
    deals_ctx c = {out, 0};
    if (st == HS_OK)
        st = fund_deals_each(ctx->store, fund, keep_deal, &c, err);
    if (st != HS_OK)
        fund_show_free(out);
    return st;
}

void fund_show_free(fund_show *s) {
    free(s->lps);
    free(s->deals);
    memset(s, 0, sizeof *s);
}

hs_status fund_ops_check(const hs_ctx *ctx, const char *root, fund_verify_report *out,
                         hs_error *err) {
    return fund_verify(ctx->store, root, out, err);
}

/* ---- project FUND ---- */

hs_status fund_ops_projection(const hs_ctx *ctx, const char *fund, const fund_projection_given *g,
                              ta_params *p, char *title, size_t title_len, hs_error *err) {
    fund_terms t;
    bool found;
    hs_status st = fund_get(ctx->store, fund, &t, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "fund",
                            "fund %s not found in the book (create it with `huoshui fund create`, "
                            "or give --commitment, --rc, --growth, --bow and --life to project "
                            "from parameters)",
                            fund);
    fund_figures f;
    if ((st = fund_figures_get(ctx->store, fund, 0, 0, &f, err)) != HS_OK)
        return st;
    if (f.committed_fen <= 0)
        return hs_invalid_field(err, "fund", "fund %s has no commitments to project", fund);
    /* defaults: the rates of Takahashi & Alexander's example unless given */
    if (!g->have_rc) {
        p->call_rates[0] = 0.25;
        p->call_rates[1] = 1.0 / 3.0;
        p->call_rates[2] = 0.5;
        p->call_rate_count = 3;
    }
    if (!g->have_growth)
        p->growth = 0.13;
    if (!g->have_bow)
        p->bow = 2.5;
    if (!g->have_life)
        p->life_years = f.t.invest_years + f.t.exit_years + f.t.extension_years;
    p->commitment = (double)f.committed_fen / 100.0;
    int64_t age = fund_whole_years(f.t.vintage, hs_clock_today(&ctx->clock));
    int horizon = p->horizon_years ? p->horizon_years : p->life_years;
    if (age >= horizon)
        age = horizon - 1;
    p->start_age = (int)age;
    if (age > 0) {
        p->start_paid_in = (double)f.called_fen / 100.0;
        p->start_nav = (double)f.nav_fen / 100.0;
        p->start_distributed = (double)f.distributed_fen / 100.0;
    }
    snprintf(title, title_len, "fund %s (yuan; age %d, paid in %.2f, NAV %.2f)", fund, p->start_age,
             p->start_paid_in, p->start_nav);
    return HS_OK;
}

hs_status fund_ops_project(const hs_ctx *ctx, const char *fund, const fund_projection_given *g,
                           ta_params *p, ta_series *s, hs_error *err) {
    char title[160];
    hs_status st = fund_ops_projection(ctx, fund, g, p, title, sizeof title, err);
    if (st != HS_OK)
        return st;
    return ta_project(p, s, err);
}
