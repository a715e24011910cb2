/* fund_view.c — JSON views of funds, events, reports and selections (see fund_view.h). */
#include "ops/fund_view.h"

#include <stdio.h>

#include "instrument/metrics.h"

static json_t *jmoney(int64_t fen) {
    return json_integer(fen);
}

static json_t *ratio_json(const metrics_ratio *r) {
    if (r->den <= 0)
        return json_null();
    return json_pack("{s:I,s:I,s:f}", "num_fen", (json_int_t)r->num, "den_fen", (json_int_t)r->den,
                     "value", r->value);
}

json_t *view_fund_event(const fund_event_outcome *o) {
    json_t *flows = json_array();
    for (size_t i = 0; i < o->nflows; i++) {
        const fund_flow_row *f = &o->flows[i];
        json_t *x = json_object();
        json_object_set_new(x, "kind", json_string(f->kind));
        if (f->lp[0])
            json_object_set_new(x, "lp", json_string(f->lp));
        if (f->deal[0])
            json_object_set_new(x, "deal", json_string(f->deal));
        json_object_set_new(x, "amount_fen", jmoney(f->amount_fen));
        json_array_append_new(flows, x);
    }
    json_t *v = json_object();
    json_object_set_new(v, "event", json_string(o->shown_id));
    json_object_set_new(v, "kind", json_string(fund_event_kind_name(o->kind)));
    json_object_set_new(v, "fund", json_string(o->fund));
    json_object_set_new(v, "result", json_string(o->ev.existed ? "exists" : "applied"));
    json_object_set_new(v, "flows", flows);
    return v;
}

json_t *view_fund_created(const fund_terms *t, bool existed) {
    json_t *o = json_object();
    json_object_set_new(o, "fund", json_string(t->id));
    json_object_set_new(o, "result", json_string(existed ? "exists" : "created"));
    json_object_set_new(o, "size_fen", jmoney(t->size_fen));
    return o;
}

static json_t *reinvestment_json(const fund_figures *f) {
    json_t *r = json_object();
    json_object_set_new(r, "region", json_string(f->t.region));
    json_object_set_new(r, "multiple_bp", json_integer(f->t.reinvest_bp));
    json_object_set_new(r, "required_fen", jmoney(f->required_fen));
    json_object_set_new(r, "local_fen", jmoney(f->local_fen));
    json_object_set_new(r, "shortfall_fen", jmoney(f->shortfall_fen));
    json_object_set_new(r, "ratio",
                        f->required_fen > 0
                            ? json_real((double)f->local_fen / (double)f->required_fen)
                            : json_null());
    return r;
}

json_t *view_fund_figures(const fund_figures *f) {
    json_t *o = json_object();
    char d[DATE_TEXT_LEN];
    json_object_set_new(o, "fund", json_string(f->t.id));
    json_object_set_new(o, "name", json_string(f->t.name));
    json_object_set_new(o, "group", json_string(f->t.group));
    json_object_set_new(o, "parent", json_string(f->t.parent));
    json_object_set_new(o, "gp", json_string(f->t.gp));
    json_object_set_new(o, "vintage", json_string(date_format(f->t.vintage, d)));
    json_object_set_new(o, "size_fen", jmoney(f->t.size_fen));
    json_object_set_new(o, "first_phase_fen", jmoney(f->t.first_phase_fen));
    json_t *bt = json_object();
    for (int i = 0; i < FUND_LP_TYPES; i++)
        json_object_set_new(bt, fund_lp_type_name((fund_lp_type)i),
                            jmoney(f->committed_by_type_fen[i]));
    json_object_set_new(o, "committed_by_type_fen", bt);
    json_object_set_new(o, "committed_fen", jmoney(f->committed_fen));
    json_object_set_new(o, "called_fen", jmoney(f->called_fen));
    json_object_set_new(o, "uncalled_fen", jmoney(f->uncalled_fen));
    json_object_set_new(o, "defaulted_fen", jmoney(f->defaulted_fen));
    json_object_set_new(o, "cash_fen", jmoney(f->cash_fen));
    json_object_set_new(o, "invested_fen", jmoney(f->invested_fen));
    json_object_set_new(o, "invested_in_subfunds_fen", jmoney(f->into_subs_fen));
    json_object_set_new(o, "held_cost_fen", jmoney(f->held_cost_fen));
    json_object_set_new(o, "deal_value_fen", jmoney(f->deal_value_fen));
    json_object_set_new(o, "subfund_value_fen", jmoney(f->sub_value_fen));
    json_object_set_new(o, "realised_fen", jmoney(f->realised_fen));
    json_object_set_new(o, "nav_fen", jmoney(f->nav_fen));
    json_object_set_new(o, "distributed_fen", jmoney(f->distributed_fen));
    json_object_set_new(o, "carry_fen", jmoney(f->carry_fen));
    json_object_set_new(o, "fees_fen", jmoney(f->fees_fen));
    json_object_set_new(o, "gains_fen", jmoney(f->gains_fen));
    json_object_set_new(o, "losses_fen", jmoney(f->losses_fen));
    json_object_set_new(o, "irr", f->irr_ok ? json_real(f->irr) : json_null());
    json_object_set_new(o, "tvpi", ratio_json(&f->tvpi));
    json_object_set_new(o, "dpi", ratio_json(&f->dpi));
    json_object_set_new(o, "rvpi", ratio_json(&f->rvpi));
    json_object_set_new(o, "government_money_fen", jmoney(f->gov_money_fen));
    json_object_set_new(o, "leverage", f->gov_money_fen > 0 ? json_real(f->leverage) : json_null());
    json_object_set_new(o, "social_per_government_yuan",
                        f->gov_money_fen > 0 ? json_real(f->social_per_gov) : json_null());
    if (f->t.reinvest_bp > 0)
        json_object_set_new(o, "reinvestment", reinvestment_json(f));
    json_object_set_new(o, "recycled_fen", jmoney(f->recycled_fen));
    json_object_set_new(o, "deployed", json_real(f->deployed));
    json_object_set_new(o, "deployed_per_year", json_real(f->deployed_per_year));
    json_object_set_new(o, "deals", json_integer(f->deals));
    json_object_set_new(o, "deals_held", json_integer(f->deals_held));
    json_object_set_new(o, "lookthrough_weight", json_real(f->weight));
    return o;
}

json_t *view_fund_deal(const fund_deal *d) {
    metrics_ratio moic = {0};
    hs_error e2;
    bool ok = d->cost_fen > 0 &&
              metrics_moic(d->realised_fen, d->value_fen, d->cost_fen, &moic, &e2) == HS_OK;
    json_t *o = json_object();
    char dt[DATE_TEXT_LEN];
    json_object_set_new(o, "deal", json_string(d->deal));
    json_object_set_new(o, "firm", json_string(d->firm));
    json_object_set_new(o, "sector", json_string(d->sector));
    json_object_set_new(o, "stage", json_string(d->stage));
    json_object_set_new(o, "city", json_string(d->city));
    json_object_set_new(o, "region", json_string(d->region));
    json_object_set_new(o, "share_bp", json_integer(d->share_bp));
    json_object_set_new(o, "date", json_string(date_format(d->date, dt)));
    json_object_set_new(o, "status", json_string(fund_deal_status_name(d->status)));
    json_object_set_new(o, "cost_fen", jmoney(d->cost_fen));
    json_object_set_new(o, "held_fen", jmoney(d->held_fen));
    json_object_set_new(o, "value_fen", jmoney(d->value_fen));
    json_object_set_new(o, "realised_fen", jmoney(d->realised_fen));
    json_object_set_new(o, "moic", ok ? ratio_json(&moic) : json_null());
    return o;
}

json_t *view_fund_show(const fund_show *s) {
    json_t *o = view_fund_figures(&s->f), *arr = json_array();
    for (size_t i = 0; i < s->nlps; i++) {
        const fund_lp *l = &s->lps[i];
        json_array_append_new(
            arr, json_pack("{s:s,s:s,s:s,s:i,s:b,s:I,s:I,s:I,s:I}", "lp", l->lp, "type",
                           fund_lp_type_name(l->type), "account", l->account, "phase", l->phase,
                           "defaulted", l->defaulted, "committed_fen",
                           (json_int_t)(l->called_fen + l->uncalled_fen), "called_fen",
                           (json_int_t)l->called_fen, "uncalled_fen", (json_int_t)l->uncalled_fen,
                           "distributed_fen", (json_int_t)l->distributed_fen));
    }
    json_object_set_new(o, "lps", arr);
    json_t *deals = json_array();
    for (size_t i = 0; i < s->ndeals; i++)
        json_array_append_new(deals, view_fund_deal(&s->deals[i]));
    json_object_set_new(o, "deals_list", deals);
    return o;
}

static json_t *leverage_json(const fund_report *r) {
    json_t *lev = json_object();
    json_object_set_new(lev, "size_over_government",
                        r->external_gov_fen ? json_real(r->leverage_size) : json_null());
    json_object_set_new(lev, "committed_over_government",
                        r->external_gov_fen ? json_real(r->leverage_external) : json_null());
    json_object_set_new(lev, "social_per_government_yuan",
                        r->external_gov_fen ? json_real(r->social_per_gov) : json_null());
    json_object_set_new(
        lev, "definition",
        json_string("size_over_government = sum of fund sizes / government money from "
                    "outside the tree; committed_over_government = capital committed from "
                    "outside the tree / that government money; social = (committed - "
                    "government) / government"));
    return lev;
}

json_t *view_fund_report(const fund_report *r, fund_by by, const char *by_name) {
    json_t *o = json_object(), *arr = json_array();
    char d[DATE_TEXT_LEN];
    json_object_set_new(o, "root", json_string(r->root));
    json_object_set_new(o, "kind", json_string(r->is_group ? "group" : "fund"));
    json_object_set_new(o, "as_of", json_string(date_format(r->as_of, d)));
    json_object_set_new(o, "funds_count", json_integer((json_int_t)r->n));
    json_object_set_new(o, "size_total_fen", jmoney(r->size_total_fen));
    json_object_set_new(o, "committed_total_fen", jmoney(r->committed_total_fen));
    json_object_set_new(o, "external_committed_fen", jmoney(r->external_committed_fen));
    json_object_set_new(o, "external_government_fen", jmoney(r->external_gov_fen));
    json_object_set_new(o, "external_called_fen", jmoney(r->external_called_fen));
    json_object_set_new(o, "external_distributed_fen", jmoney(r->external_distributed_fen));
    json_object_set_new(o, "nav_fen", jmoney(r->nav_total_fen));
    json_object_set_new(o, "invested_fen", jmoney(r->invested_total_fen));
    json_object_set_new(o, "fees_fen", jmoney(r->fees_total_fen));
    json_object_set_new(o, "carry_fen", jmoney(r->carry_total_fen));
    json_object_set_new(o, "deals", json_integer(r->deals_total));
    json_object_set_new(o, "irr", r->irr_ok ? json_real(r->irr) : json_null());
    json_object_set_new(o, "tvpi", ratio_json(&r->tvpi));
    json_object_set_new(o, "dpi", ratio_json(&r->dpi));
    json_object_set_new(o, "rvpi", ratio_json(&r->rvpi));
    json_object_set_new(o, "leverage", leverage_json(r));
    json_t *rt = json_object();
    json_object_set_new(rt, "required_fen", jmoney(r->required_total_fen));
    json_object_set_new(rt, "local_fen", jmoney(r->local_total_fen));
    json_object_set_new(rt, "shortfall_fen", jmoney(r->shortfall_total_fen));
    json_object_set_new(o, "reinvestment", rt);
    for (size_t i = 0; i < r->n; i++)
        json_array_append_new(arr, view_fund_figures(&r->funds[i]));
    json_object_set_new(o, "funds", arr);
    if (by != FUND_BY_NONE) {
        json_t *ex = json_array();
        for (size_t i = 0; i < r->n_exposure; i++)
            json_array_append_new(ex, json_pack("{s:s,s:i,s:I,s:I}", "key", r->exposure[i].key,
                                                "deals", r->exposure[i].deals, "cost_fen",
                                                (json_int_t)r->exposure[i].cost_fen, "value_fen",
                                                (json_int_t)r->exposure[i].value_fen));
        json_object_set_new(o, "by", json_string(by_name));
        json_object_set_new(o, "exposure", ex);
    }
    return o;
}

json_t *view_fund_check(const fund_verify_report *r) {
    json_t *o = json_object();
    json_object_set_new(o, "ok", json_boolean(r->ok));
    json_object_set_new(o, "funds", json_integer((json_int_t)r->funds));
    json_object_set_new(o, "checks", json_integer((json_int_t)r->checks));
    json_object_set_new(o, "first_violation",
                        r->ok ? json_null() : json_string(r->first_violation));
    return o;
}

json_t *view_fund_selection(const fund_candidate *c, size_t n, const char *policy) {
    json_t *o = json_object(), *rules = json_array(), *arr = json_array();
    for (size_t i = 0; i < fund_select_rule_count; i++) {
        const fund_select_rule *r = &fund_select_rules[i];
        json_array_append_new(rules, json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:s}", "id", r->id,
                                               "field", r->field, "kind", r->kind, "cmp",
                                               r->cmp == SELECT_MIN ? ">=" : "<=", "threshold",
                                               (json_int_t)r->threshold, "text", r->text, "source",
                                               r->source));
    }
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:i,s:b,s:s,s:f,s:f,s:f,s:f,s:i}", "manager",
                                             c[i].manager, "kind", c[i].kind, "line", c[i].line,
                                             "eligible", c[i].eligible, "reasons", c[i].reasons,
                                             "score", c[i].score, "score_aum", c[i].score_aum,
                                             "score_staff", c[i].score_staff, "score_paid_in",
                                             c[i].score_paid_in, "rank", c[i].rank));
    json_object_set_new(o, "rules", rules);
    json_object_set_new(o, "policy", policy ? json_string(policy) : json_null());
    json_object_set_new(o, "candidates", arr);
    return o;
}

json_t *view_fund_projection(const ta_params *p, const ta_series *s) {
    json_t *o = json_object(), *rows = json_array();
    json_object_set_new(o, "commitment", json_real(p->commitment));
    json_object_set_new(o, "first_year", json_integer(s->first_year));
    for (int i = s->first_year - 1; i < s->years; i++)
        json_array_append_new(rows,
                              json_pack("{s:i,s:f,s:f,s:f,s:f,s:f}", "year", i + 1, "contribution",
                                        s->contribution[i], "distribution", s->distribution[i],
                                        "nav", s->nav[i], "net_cash_flow", s->net_cash_flow[i],
                                        "cumulative_net", s->cumulative_net[i]));
    json_object_set_new(o, "years", rows);
    json_object_set_new(o, "trough_year", json_integer(s->trough_year));
    json_object_set_new(o, "trough_value", json_real(s->trough_value));
    json_object_set_new(o, "breakeven_year",
                        s->breakeven_year ? json_integer(s->breakeven_year) : json_null());
    return o;
}
