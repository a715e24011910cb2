/* project_run.c — a projection run and a comparison (see project_run.h). */
#include "ops/project_run.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "project/mc_params.h"
#include "project/mc_policy.h"

/* Applies the sets: model.NAME=VALUE to params, POLICY_ID.PARAM=VALUE to the snapshot's policies
 * (before they are tabulated). */
static hs_status apply_sets(const ops_projection_req *r, mc_snapshot *snap, mc_params *params,
                            hs_error *err) {
    for (size_t i = 0; i < r->n_sets; i++) {
        char buf[512];
        if ((size_t)snprintf(buf, sizeof buf, "%s", r->sets[i]) >= sizeof buf)
            return hs_invalid_field(err, "set", "set '%.60s...' is longer than %zu bytes",
                                    r->sets[i], sizeof buf - 1);
        char *eq = strchr(buf, '=');
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
        st = mc_policy_tabulate(&p->snap.policies, p->snap.on, r->run.years * 4,
                                params.application_median, params.application_sigma, err);
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
