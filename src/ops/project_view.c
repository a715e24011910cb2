/* project_view.c — JSON views of projections (see project_view.h). */
#include "ops/project_view.h"

#include <assert.h>
#include <math.h>

static json_t *num(double v) {
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *quarter_date(hs_date on, int32_t q) {
    char d[16];
    return q < 0 ? json_null() : json_string(date_format(date_add_months(on, 3 * (q + 1)), d));
}

static json_t *band(const mc_band *b) {
    return json_pack("{s:o,s:o,s:o,s:o}", "p10", num(b->p10), "p50", num(b->p50), "p90",
                     num(b->p90), "mean", num(b->mean));
}

json_t *view_projection(const mc_snapshot *snap, const mc_summary *s, uint64_t seed) {
    assert(snap != NULL && s != NULL);
    char d[16];
    json_t *o = json_object();
    json_object_set_new(o, "programme", json_string(snap->programme));
    json_object_set_new(o, "on", json_string(date_format(snap->on, d)));
    json_object_set_new(o, "paths", json_integer(s->paths));
    json_object_set_new(o, "seed", json_integer((json_int_t)seed));
    json_object_set_new(o, "years", json_integer(s->years));
    json_object_set_new(
        o, "start",
        json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "firms", (json_int_t)snap->n_firms, "loans",
                  (json_int_t)snap->n_loans, "pools", (json_int_t)snap->n_pools, "funds",
                  (json_int_t)snap->n_funds, "policies", (json_int_t)snap->policies.n, "budgets",
                  (json_int_t)snap->n_budgets, "deals", (json_int_t)snap->n_deals, "deals_unlisted",
                  (json_int_t)snap->n_deals_unlisted));
    json_t *pols = json_array(); /* each policy's city (null: open to every firm) and profiles */
    for (size_t i = 0; i < snap->policies.n; i++) {
        const mc_policy *m = &snap->policies.v[i];
        json_array_append_new(
            pols, json_pack("{s:s,s:o,s:I}", "id", m->id, "city",
                            m->city_name[0] ? json_string(m->city_name) : json_null(), "profiles",
                            (json_int_t)(m->n_profiles ? m->n_profiles - 1 : 0)));
    }
    json_object_set_new(o, "policies", pols);
    json_t *ys = json_array();
    for (int y = 1; y <= s->years; y++) {
        json_t *row = json_object();
        json_object_set_new(row, "year", json_integer(y));
        json_object_set_new(row, "date", json_string(date_format(date_add_years(snap->on, y), d)));
        for (int m = 0; m < MC_METRICS; m++)
            json_object_set_new(row, mc_metric_name((mc_metric)m), band(&s->band[m][y - 1]));
        json_array_append_new(ys, row);
    }
    json_object_set_new(o, "years_data", ys);
    json_object_set_new(o, "pool_depletion",
                        json_pack("{s:o,s:o,s:o,s:o}", "share", num(s->depletion_share), "p10",
                                  quarter_date(snap->on, s->depletion_q[0]), "p50",
                                  quarter_date(snap->on, s->depletion_q[1]), "p90",
                                  quarter_date(snap->on, s->depletion_q[2])));
    json_t *ts = json_array();
    for (size_t t = 0; t < snap->n_targets; t++) {
        const target *tg = &snap->targets[t];
        json_array_append_new(ts, json_pack("{s:s,s:s,s:I,s:s,s:o}", "id", tg->id, "indicator",
                                            target_indicator_name(tg->indicator), "value",
                                            (json_int_t)tg->value, "deadline",
                                            date_format(tg->deadline, d), "probability",
                                            num(s->target_probability[t])));
    }
    json_object_set_new(o, "targets", ts);
    return o;
}

json_t *view_comparison(const mc_snapshot *snap, const mc_result *base, const mc_result *variant,
                        const mc_summary *sb, const mc_summary *sv, uint64_t seed,
                        const char *set_text) {
    char d[16];
    json_t *o = json_object();
    json_object_set_new(o, "programme", json_string(snap->programme));
    json_object_set_new(o, "on", json_string(date_format(snap->on, d)));
    json_object_set_new(o, "paths", json_integer(base->paths));
    json_object_set_new(o, "seed", json_integer((json_int_t)seed));
    json_object_set_new(o, "set", json_string(set_text));
    json_t *ms = json_array();
    for (int m = 0; m < MC_METRICS; m++)
        for (int y = 1; y <= base->years; y++) {
            mc_diff df = mc_diff_metric(base, variant, (mc_metric)m, y);
            json_array_append_new(ms, json_pack("{s:s,s:i,s:o,s:o,s:o,s:o,s:o}", "metric",
                                                mc_metric_name((mc_metric)m), "year", y, "base",
                                                num(sb->band[m][y - 1].mean), "variant",
                                                num(sv->band[m][y - 1].mean), "difference",
                                                num(df.mean), "lo", num(df.lo), "hi", num(df.hi)));
        }
    json_object_set_new(o, "metrics", ms);
    json_t *ts = json_array();
    for (size_t t = 0; t < snap->n_targets; t++) {
        mc_diff df = mc_diff_target(base, variant, t);
        json_array_append_new(ts, json_pack("{s:s,s:o,s:o,s:o,s:o,s:o}", "id", snap->targets[t].id,
                                            "base", num(sb->target_probability[t]), "variant",
                                            num(sv->target_probability[t]), "difference",
                                            num(df.mean), "lo", num(df.lo), "hi", num(df.hi)));
    }
    json_object_set_new(o, "targets", ts);
    return o;
}
