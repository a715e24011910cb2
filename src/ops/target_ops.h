/* target_ops.h — programme targets: add, import (targets and statistics-bureau actuals), list,
 * and their status (actual, progress, growth still needed, red/amber/green, the last projection's
 * probability), called by the CLI (`huoshui target`, `huoshui report targets`) and the server.
 *
 * Writes run in one transaction each (a bad row anywhere in a file stores nothing). Actuals are
 * computed from the book and the registry (see instrument/target.h for each indicator); an
 * imported actual dated on or before the as-of date wins over the computed one (it is what the
 * analyst loaded on purpose) and says so in `actual_source`. Ops never print. */
#ifndef HS_OPS_TARGET_OPS_H
#define HS_OPS_TARGET_OPS_H

#include <stddef.h>

#include "instrument/target.h"
#include "instrument/target_repo.h"
#include "ops/ops.h"

/* Checks t (target_check, canonicalising its filter) and stores it in one transaction; the same
 * programme and id replaces the old target (*replaced, may be NULL). HS_INPUT naming the field. */
hs_status ops_target_add(const hs_ctx *ctx, target *t, bool *replaced, hs_error *err);

/* `target import CSV`: a header row with programme,id,indicator,value,deadline and optionally
 * base_year,base_value,filter,source; every row checked as by ops_target_add, all stored in one
 * transaction or none (errors say FILE:LINE and the field). *count = rows stored. */
hs_status ops_target_import(const hs_ctx *ctx, const char *csv_path, size_t *count, hs_error *err);

/* `target actual import CSV`: header programme,target,date,value[,source]; each target must exist
 * (HS_NOT_FOUND naming FILE:LINE), values parsed in its unit. One transaction. */
hs_status ops_target_actual_import(const hs_ctx *ctx, const char *csv_path, size_t *count,
                                   hs_error *err);

/* One target with its actual and assessment as of `on`. */
typedef struct {
    target t;
    bool actual_known; /* false: no figure (industry_output with nothing imported) */
    int64_t actual;
    char actual_source[32]; /* "registry", "book", "imported" */
    hs_date actual_date;    /* the as-of date, or the imported figure's date */
    target_assessment a;    /* meaningful only if actual_known */
    bool has_probability;
    target_probability probability;
} target_status;

/* The targets of `programme` (NULL: all) in (programme, id) order; *out malloc'd (free()). */
hs_status ops_target_list(const hs_ctx *ctx, const char *programme, target **out, size_t *n,
                          hs_error *err);

/* Each target of `programme` (NULL: all) with its actual as of `on` (0: today) and assessment;
 * *out malloc'd (free()). HS_STORAGE if the book cannot be read. */
hs_status ops_target_status(const hs_ctx *ctx, const char *programme, hs_date on,
                            target_status **out, size_t *n, hs_error *err);

/* The actual of one target as of `on` computed from the book and registry (not imported figures);
 * *known false for indicators with no book source (industry_output). */
hs_status ops_target_actual_computed(const hs_ctx *ctx, const target *t, hs_date on,
                                     int64_t *actual, bool *known, hs_error *err);

/* Stores the probabilities of a projection run for the given targets (n of them, probability[i]
 * for targets[i]) in one transaction. */
hs_status ops_target_probabilities_store(const hs_ctx *ctx, const target *targets,
                                         const double *probability, size_t n, int64_t paths,
                                         uint64_t seed, hs_date run_on, const char *run_id,
                                         hs_error *err);

#endif
