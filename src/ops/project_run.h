/* project_run.h — a projection run and a comparison as one operation each, for `huoshui project
 * run|compare` and POST /api/v1/projections: the snapshot of the live book (project_ops.h), the
 * what-if settings, the tabulation of the policies, the Monte Carlo run and its summary, and (for
 * a run asked to) the targets' probabilities stored for `report targets`. Nothing here prints;
 * the caller owns every output and frees it with ops_projection_free / ops_comparison_free. */
#ifndef HS_OPS_PROJECT_RUN_H
#define HS_OPS_PROJECT_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "ops/project_ops.h"
#include "project/mc_stats.h"

#define PROJECTION_SETS_MAX 32 /* what-if settings in one request */

typedef struct {
    project_request req;
    const char *const *sets; /* "model.NAME=VALUE" or "POLICY_ID.PARAM=VALUE" (borrowed) */
    size_t n_sets;
    mc_run_options run; /* years, paths, seed, threads, progress */
} ops_projection_req;

typedef struct {
    mc_snapshot snap;
    mc_result result;
    mc_summary summary;
} ops_projection;

typedef struct {
    ops_projection base, variant; /* on common random numbers: the same seed and draws */
} ops_comparison;

/* Projects: snapshot, the sets applied (a bad one: HS_INPUT invalid_field "set" naming it, or the
 * parameter's own error), tabulation, run and summary; with `store` and targets projected, their
 * probabilities are stored (one transaction). On HS_OK the caller owns *out; on error *out holds
 * nothing to free. */
hs_status ops_project_run(const hs_ctx *ctx, const ops_projection_req *r, bool store,
                          ops_projection *out, hs_error *err);
/* The baseline (no sets) and the variant (the sets; at least one, else HS_INPUT "set") on the
 * same seed; stores nothing. On HS_OK the caller owns *out. */
hs_status ops_project_compare(const hs_ctx *ctx, const ops_projection_req *r, ops_comparison *out,
                              hs_error *err);
/* Frees what a projection or a comparison holds (safe on a zeroed one). */
void ops_projection_free(ops_projection *p);
void ops_comparison_free(ops_comparison *c);

#endif
