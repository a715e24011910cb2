/* project_run.c — a projection run and a comparison (see project_run.h). */
#include "ops/project_run.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "project/mc_params.h"
#include "project/mc_policy.h"

/* A fund's own term: model.fund_recycling.FUND_ID=VALUE or model.fund_investment_years.FUND_ID=
 * VALUE, parsed and range-checked as the model parameter is; HS_INPUT (field "set") if the
 * projection has no such fund. */
static hs_status set_fund_term(mc_snapshot *snap, const char *name, const char *fund,
                               const char *value, hs_error *err) {
    mc_params scratch;
    mc_params_default(&scratch);
    hs_status st = mc_params_set(&scratch, name, value, err);
    if (st != HS_OK)
        return st;
    double v = 0;
    bool known = mc_params_get(&scratch, name, &v);
    assert(known);
    (void)known;
    for (size_t f = 0; f < snap->n_funds; f++)
        if (strcmp(snap->funds[f].id, fund) == 0) {
            if (strcmp(name, "fund_recycling") == 0) {
                snap->funds[f].recycling = v;
                snap->funds[f].recycling_set = 1;
            } else {
                snap->funds[f].invest_q = (int32_t)(4.0 * v);
            }
            return HS_OK;
        }
    return hs_invalid_field(err, "set", "--set model.%s.%s: no fund '%s' in this projection", name,
                            fund, fund);
}

/* The fund id of a per-fund set "model.NAME.FUND_ID" (NAME fund_recycling or
 * fund_investment_years; fund ids may hold dots), else NULL; *name gets NAME. */
static const char *per_fund(const char *key, const char **name) {
    static const char *const names[] = {"fund_recycling", "fund_investment_years"};
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen("model.") + strlen(names[i]);
        if (strncmp(key, "model.", 6) == 0 && strncmp(key + 6, names[i], n - 6) == 0 &&
            key[n] == '.' && key[n + 1] != '\0') {
            *name = names[i];
            return key + n + 1;
        }
    }
    return NULL;
}

/* Applies the sets: model.NAME=VALUE to params, model.NAME.FUND_ID=VALUE to one fund's terms,
 * POLICY_ID.PARAM=VALUE to the snapshot's policies (before they are tabulated). */
static hs_status apply_sets(const ops_projection_req *r, mc_snapshot *snap, mc_params *params,
                            hs_error *err) {
    for (size_t i = 0; i < r->n_sets; i++) {
        char buf[512];
        if ((size_t)snprintf(buf, sizeof buf, "%s", r->sets[i]) >= sizeof buf)
            return hs_invalid_field(err, "set", "set '%.60s...' is longer than %zu bytes",
                                    r->sets[i], sizeof buf - 1);
        char *eq = strchr(buf, '=');
        const char *term = NULL, *fund = NULL;
        if (eq != NULL) {
            *eq = '\0';
            fund = per_fund(buf, &term);
            if (fund != NULL) {
                hs_status st = set_fund_term(snap, term, fund, eq + 1, err);
                if (st != HS_OK)
                    return st;
                continue;
            }
            *eq = '=';
        }
        char *dot = eq ? memrchr(buf, '.', (size_t)(eq - buf)) : NULL;
        if (eq == NULL || dot == NULL || dot == buf)
            return hs_invalid_field(err, "set",
                                    "set '%.200s': POLICY.PARAM=VALUE or "
                                    "model.NAME=VALUE",
                                    r->sets[i]);
        *eq = '\0';
        *dot = '\0';
        hs_status st = strcmp(buf, "model") == 0
                           ? mc_params_set(params, dot + 1, eq + 1, err)
                           : mc_policy_set(&snap->policies, buf, dot + 1, eq + 1, err);
        if (st != HS_OK)
            return st;
    }
    return HS_OK;
}

/* Snapshot, sets (with_sets), tabulation, run and summary into *p. */
static hs_status project_once(const hs_ctx *ctx, const ops_projection_req *r, bool with_sets,
                              ops_projection *p, hs_error *err) {
    memset(p, 0, sizeof *p);
    mc_params params;
    mc_params_default(&params);
    hs_status st = ops_project_snapshot(ctx, &r->req, &p->snap, err);
    if (st != HS_OK) {
        memset(&p->snap, 0, sizeof p->snap);
        return st;
    }
    if (with_sets)
        st = apply_sets(r, &p->snap, &params, err);
    if (st == HS_OK)
        st = mc_policy_tabulate_firms(
            &p->snap.policies,
            &(mc_tab_firms){.firms = p->snap.firm_attrs,
                            .n_firms = p->snap.n_firms,
                            .city_keys = (const char(*)[MC_CITY_KEY_MAX])p->snap.city_keys,
                            .n_cities = p->snap.n_cities},
            p->snap.on, r->run.years * 4, params.application_median, params.application_sigma, err);
    if (st == HS_OK)
        st = mc_run(&p->snap, &params, &r->run, &p->result, err);
    if (st == HS_OK)
        st = mc_summarize(&p->result, &p->summary, err);
    if (st != HS_OK)
        ops_projection_free(p);
    assert(st != HS_OK || p->summary.paths == p->result.paths);
    return st;
}

hs_status ops_project_run(const hs_ctx *ctx, const ops_projection_req *r, bool store,
                          ops_projection *out, hs_error *err) {
    assert(ctx != NULL && r != NULL && out != NULL);
    hs_status st = project_once(ctx, r, true, out, err);
    if (st != HS_OK || !store || out->snap.n_targets == 0)
        return st; /* (project_once freed what it made on error) */
    st = ops_project_store_probabilities(ctx, &out->snap, out->summary.target_probability,
                                         out->result.paths, r->run.seed, err);
    if (st != HS_OK)
        ops_projection_free(out);
    return st;
}

hs_status ops_project_compare(const hs_ctx *ctx, const ops_projection_req *r, ops_comparison *out,
                              hs_error *err) {
    assert(ctx != NULL && r != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    if (r->n_sets == 0)
        return hs_invalid_field(err, "set", "give at least one set: the variant to compare");
    hs_status st = project_once(ctx, r, false, &out->base, err);
    if (st == HS_OK && (st = project_once(ctx, r, true, &out->variant, err)) != HS_OK)
        ops_projection_free(&out->base);
    return st;
}

void ops_projection_free(ops_projection *p) {
    mc_summary_free(&p->summary);
    mc_result_free(&p->result);
    mc_snapshot_free(&p->snap);
    memset(p, 0, sizeof *p);
}

void ops_comparison_free(ops_comparison *c) {
    ops_projection_free(&c->base);
    ops_projection_free(&c->variant);
}
