/* first_unit_ops.h — the first-unit (首台套) operations both interfaces call: one transaction per
 * change (ops_begin/ops_end, rolled back on any error, so a refused subsidy or claim pays and
 * records nothing), read-only lookups outside any transaction. The rules are
 * src/instrument/first_unit.h. */
#ifndef HS_OPS_FIRST_UNIT_OPS_H
#define HS_OPS_FIRST_UNIT_OPS_H

#include <stdbool.h>

#include "instrument/first_unit.h"
#include "ops/ops.h"
#include "ops/policy_source.h"
#include "policy/policy.h"

/* Adds a catalogue item in one transaction (first_unit_catalogue_add). */
hs_status first_unit_ops_catalogue_add(const hs_ctx *ctx, const first_unit_item *it, bool *existed,
                                       hs_error *err);
/* Calls fn for each catalogue item in id order (read-only). */
hs_status first_unit_ops_catalogue_each(const hs_ctx *ctx,
                                        hs_status (*fn)(void *c, const first_unit_item *it,
                                                        hs_error *err),
                                        void *c, hs_error *err);
/* Registers a unit under the resolved policy `doc` (instrument subsidy), dated `on` (0: today),
 * in one transaction (first_unit_register). */
hs_status first_unit_ops_register(const hs_ctx *ctx, const policy_doc *doc,
                                  const first_unit_request *r, hs_date on, first_unit *out,
                                  bool *existed, hs_error *err);
/* Pays the unit's premium subsidy once, in one transaction, with the insured party's registry
 * record merged under the unit's inputs (first_unit_subsidise). */
hs_status first_unit_ops_subsidise(const hs_ctx *ctx, const char *id, first_unit *out,
                                   bool *existed, hs_error *err);
/* Records a claim and pays the policy's top-up, in one transaction (first_unit_claim_record). */
hs_status first_unit_ops_claim(const hs_ctx *ctx, const first_unit_claim *c, first_unit_claim *out,
                               bool *existed, hs_error *err);
/* Loads unit `id`: HS_NOT_FOUND (field "unit") if none. Read-only. */
hs_status first_unit_ops_show(const hs_ctx *ctx, const char *id, first_unit *out, hs_error *err);
/* Calls fn for each unit whose maker or buyer is `firm` (NULL: all), in id order (read-only). */
hs_status first_unit_ops_each(const hs_ctx *ctx, const char *firm,
                              hs_status (*fn)(void *c, const first_unit *u, hs_error *err), void *c,
                              hs_error *err);
/* Calls fn for each claim of `unit` in order (read-only). */
hs_status first_unit_ops_claims_each(const hs_ctx *ctx, const char *unit,
                                     hs_status (*fn)(void *c, const first_unit_claim *cl,
                                                     hs_error *err),
                                     void *c, hs_error *err);
/* The policy's explanation of the unit's premium subsidy, clause by clause, from the book's copy
 * of the policy: as decided (the stored inputs, on the subsidy's day) or, before that, as it would
 * be decided today (nothing stored). *row gets the unit. The caller frees *ex. */
hs_status first_unit_ops_explain(const hs_ctx *ctx, const char *id, first_unit *row,
                                 hs_explanation *ex, hs_error *err);

#endif
