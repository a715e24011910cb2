/* interest_ops.h — the interest-subsidy (贴息) operations both interfaces call: one transaction per
 * change (ops_begin/ops_end, rolled back on any error so that a refused period pays nothing and
 * records nothing), read-only lookups outside any transaction. The rules are
 * src/instrument/interest.h. */
#ifndef HS_OPS_INTEREST_OPS_H
#define HS_OPS_INTEREST_OPS_H

#include <stdbool.h>

#include "instrument/interest.h"
#include "ops/ops.h"
#include "ops/policy_source.h"
#include "policy/policy.h"

/* Creates scheme `id` under the resolved policy `doc` (instrument credit), paying `payee`, dated
 * `on` (0: today), in one transaction; the same again is a no-op (*existed true; may be NULL).
 * Errors as interest_scheme_create. `out` may be NULL. */
hs_status interest_ops_scheme_add(const hs_ctx *ctx, const policy_doc *doc, const char *id,
                                  interest_payee payee, hs_date on, interest_scheme *out,
                                  bool *existed, hs_error *err);
/* Loads scheme `id`: HS_NOT_FOUND (field "scheme") if none. Read-only. */
hs_status interest_ops_scheme_show(const hs_ctx *ctx, const char *id, interest_scheme *out,
                                   hs_error *err);
/* Calls fn for each scheme in id order (read-only). */
hs_status interest_ops_schemes_each(const hs_ctx *ctx,
                                    hs_status (*fn)(void *c, const interest_scheme *sc,
                                                    hs_error *err),
                                    void *c, hs_error *err);
/* Pays one period of a scheme in one transaction (interest_accrue), merging each borrower's
 * registry record (sector, high_tech, employees, ...) under the loan's own inputs. The caller frees
 * *out (interest_result_free) whatever the status; on a refusal nothing was paid. */
hs_status interest_ops_accrue(const hs_ctx *ctx, const char *scheme, const char *period,
                              interest_result *out, hs_error *err);
/* The recorded period of a scheme with its rows: HS_NOT_FOUND (field "period") if it was not run,
 * or the scheme is unknown (field "scheme"). The caller frees *out. Read-only. */
hs_status interest_ops_period_show(const hs_ctx *ctx, const char *scheme, const char *period,
                                   interest_result *out, hs_error *err);
/* Calls fn for each period run of `scheme` (NULL: every scheme), by scheme then period. */
hs_status interest_ops_runs_each(const hs_ctx *ctx, const char *scheme,
                                 hs_status (*fn)(void *c, const interest_run *r, hs_error *err),
                                 void *c, hs_error *err);
/* The policy's explanation of loan `loan`'s accrual in a recorded period, re-run from the book's
 * copy of the policy and the inputs stored with the row, on the row's first day in force: *row
 * gets the accrual. HS_NOT_FOUND (field "loan") if the loan has no accrual in that period; a row
 * for a period outside the policy's validity has no explanation (ex->count 0). Read-only; the
 * caller frees *ex (explanation_free). */
hs_status interest_ops_explain(const hs_ctx *ctx, const char *scheme, const char *period,
                               const char *loan, interest_accrual *row, hs_explanation *ex,
                               hs_error *err);

#endif
