/* rdreserve_ops.h — the R&D-reserve (研发准备金) operations both interfaces call: one transaction
 * per change (ops_begin/ops_end, rolled back on any error, so a refused payment pays nothing and
 * records nothing, and a bad filing file stores no row), read-only lookups outside any
 * transaction. The rules are src/instrument/rdreserve.h. */
#ifndef HS_OPS_RDRESERVE_OPS_H
#define HS_OPS_RDRESERVE_OPS_H

#include <stdbool.h>

#include "instrument/rdreserve.h"
#include "ops/ops.h"
#include "ops/policy_source.h"
#include "policy/policy.h"

/* Records filings in one transaction, all or none: the first that fails is returned (its error
 * prefixed with `where[i]` when given, e.g. "filings.csv:3", and then a bad credit code is field
 * "uscc", the file's column), and nothing is stored. *added
 * counts the new ones (may be NULL). */
hs_status rdreserve_ops_filings_add(const hs_ctx *ctx, const rdreserve_filing *f, size_t n,
                                    const char *const *where, size_t *added, hs_error *err);
/* Calls fn for each filing of `firm` (NULL: every firm), by firm then year (read-only). */
hs_status rdreserve_ops_filings_each(const hs_ctx *ctx, const char *firm,
                                     hs_status (*fn)(void *c, const rdreserve_filing *f,
                                                     hs_error *err),
                                     void *c, hs_error *err);
/* Registers firm's reserve for `year` under the resolved policy `doc` (instrument subsidy), dated
 * `on` (0: today), in one transaction: HS_NOT_FOUND (field "firm") if the registry does not hold
 * the firm; otherwise as rdreserve_register. `out` may be NULL. */
hs_status rdreserve_ops_register(const hs_ctx *ctx, const policy_doc *doc, const char *firm,
                                 int32_t year, int64_t reserve_fen, hs_date on, rdreserve *out,
                                 bool *existed, hs_error *err);
/* Pays (firm, year) in one transaction (rdreserve_pay), with the registry's record of the firm
 * merged under the filed figures. */
hs_status rdreserve_ops_pay(const hs_ctx *ctx, const char *firm, int32_t year, rdreserve *out,
                            bool *existed, hs_error *err);
/* Loads (firm, year): HS_NOT_FOUND (field "year") if no reserve. Read-only. */
hs_status rdreserve_ops_show(const hs_ctx *ctx, const char *firm, int32_t year, rdreserve *out,
                             hs_error *err);
/* Calls fn for each reserve narrowed to firm (NULL: any) and year (0: any) (read-only). */
hs_status rdreserve_ops_each(const hs_ctx *ctx, const char *firm, int32_t year,
                             hs_status (*fn)(void *c, const rdreserve *r, hs_error *err), void *c,
                             hs_error *err);
/* The policy's explanation of (firm, year), clause by clause, from the book's copy of the policy:
 * a paid reserve re-runs the inputs stored with it on its payment day; an unpaid one is decided
 * now from the filings the book holds (what `pay` would decide today; nothing stored). *row gets
 * the reserve. Read-only; the caller frees *ex (explanation_free). */
hs_status rdreserve_ops_explain(const hs_ctx *ctx, const char *firm, int32_t year, rdreserve *row,
                                hs_explanation *ex, hs_error *err);

#endif
