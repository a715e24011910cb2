/* guarantee_ops.h — the financing-guarantee (融资担保) operations both interfaces call: one
 * transaction per change (ops_begin/ops_end, rolled back on any error, so a refusal leaves nothing
 * behind), read-only reports outside any transaction. The rules are src/instrument/guarantee.h. */
#ifndef HS_OPS_GUARANTEE_OPS_H
#define HS_OPS_GUARANTEE_OPS_H

#include "instrument/guarantee.h"
#include "ops/ops.h"
#include "ops/policy_source.h"

/* Creates guarantor g (or adds capital to it) with capital_fen from its programme budget, dated
 * `on` (0: today). Errors as guarantor_add_capital. */
hs_status guarantee_ops_guarantor_add(const hs_ctx *ctx, const guarantor *g, int64_t capital_fen,
                                      const char *transfer_id, hs_date on, hs_error *err);
/* Funds the national fund ("national") or a provincial re-guarantor from a programme budget. */
hs_status guarantee_ops_party_fund(const hs_ctx *ctx, const char *party, const char *prog_id,
                                   const char *budget, int64_t amount_fen, const char *transfer_id,
                                   hs_date on, hs_error *err);
/* Signs a guarantee on `loan` by guarantor `g` at fee_rate_bp under the resolved policy `doc`
 * (instrument credit), merging the borrower's registry record into the policy's inputs. */
hs_status guarantee_ops_sign(const hs_ctx *ctx, const policy_doc *doc, const char *loan,
                             const char *g, int64_t fee_rate_bp, hs_date on, guarantee *out,
                             hs_error *err);
/* Compensates (代偿) the defaulted loan's guarantee. */
hs_status guarantee_ops_compensate(const hs_ctx *ctx, const char *loan, hs_date on, guarantee *out,
                                   hs_error *err);
/* Records a recovery shared among the parties. */
hs_status guarantee_ops_recover(const hs_ctx *ctx, const char *loan, int64_t amount_fen,
                                const char *from, const char *client_id, hs_date on, guarantee *out,
                                hs_error *err);
/* The guarantee on `loan`: HS_NOT_FOUND (field "loan") if none. Read-only. */
hs_status guarantee_ops_show(const hs_ctx *ctx, const char *loan, guarantee *out, hs_error *err);
/* A guarantor's report; HS_NOT_FOUND if none. Read-only. */
hs_status guarantee_ops_guarantor_show(const hs_ctx *ctx, const char *id, guarantor_report *out,
                                       hs_error *err);
/* Calls fn with every guarantor's report in id order. Read-only. */
hs_status guarantee_ops_guarantors_each(const hs_ctx *ctx,
                                        hs_status (*fn)(void *c, const guarantor_report *r,
                                                        hs_error *err),
                                        void *c, hs_error *err);

#endif
