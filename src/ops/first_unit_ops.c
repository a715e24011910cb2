/* first_unit_ops.c — the first-unit operations (see first_unit_ops.h): one transaction each,
 * rolled back on any error. */
#include "ops/first_unit_ops.h"

#include <assert.h>
#include <string.h>

#include "ops/firm_inputs.h"

hs_status first_unit_ops_catalogue_add(const hs_ctx *ctx, const first_unit_item *it, bool *existed,
                                       hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, first_unit_catalogue_add(&tx, it, existed, err), err);
}

hs_status first_unit_ops_catalogue_each(const hs_ctx *ctx,
                                        hs_status (*fn)(void *c, const first_unit_item *it,
                                                        hs_error *err),
                                        void *c, hs_error *err) {
    return first_unit_catalogue_each(ctx->store, fn, c, err);
}

hs_status first_unit_ops_register(const hs_ctx *ctx, const policy_doc *doc,
                                  const first_unit_request *r, hs_date on, first_unit *out,
                                  bool *existed, hs_error *err) {
    assert(ctx != NULL && doc != NULL && out != NULL);
    instrument_policy ip;
    hs_status st = ops_instrument_policy(doc, HS_INSTR_SUBSIDY, &ip, err);
    if (st != HS_OK)
        return st;
    hs_tx tx;
    if ((st = ops_begin(ctx, &tx, err)) == HS_OK)
        st = ops_end(&tx,
                     first_unit_register(&tx, &ip, r, on != 0 ? on : hs_clock_today(&ctx->clock),
                                         out, existed, err),
                     err);
    instrument_policy_free(&ip);
    return st;
}

hs_status first_unit_ops_subsidise(const hs_ctx *ctx, const char *id, first_unit *out,
                                   bool *existed, hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(
        &tx, first_unit_subsidise(&tx, id, ops_firm_inputs, ctx->store, out, existed, err), err);
}

hs_status first_unit_ops_claim(const hs_ctx *ctx, const first_unit_claim *c, first_unit_claim *out,
                               bool *existed, hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(
        &tx, first_unit_claim_record(&tx, c, ops_firm_inputs, ctx->store, out, existed, err), err);
}

hs_status first_unit_ops_show(const hs_ctx *ctx, const char *id, first_unit *out, hs_error *err) {
    bool found = false;
    hs_status st = first_unit_get(ctx->store, id, out, &found, err);
    if (st == HS_OK && !found)
        return hs_not_found(err, "unit", "no first unit '%s'", id);
    return st;
}

hs_status first_unit_ops_each(const hs_ctx *ctx, const char *firm,
                              hs_status (*fn)(void *c, const first_unit *u, hs_error *err), void *c,
                              hs_error *err) {
    return first_unit_each(ctx->store, firm, fn, c, err);
}

hs_status first_unit_ops_claims_each(const hs_ctx *ctx, const char *unit,
                                     hs_status (*fn)(void *c, const first_unit_claim *cl,
                                                     hs_error *err),
                                     void *c, hs_error *err) {
    return first_unit_claims_each(ctx->store, unit, fn, c, err);
}

hs_status first_unit_ops_explain(const hs_ctx *ctx, const char *id, first_unit *row,
                                 hs_explanation *ex, hs_error *err) {
    assert(ctx != NULL && row != NULL && ex != NULL);
    memset(ex, 0, sizeof *ex);
    hs_status st = first_unit_ops_show(ctx, id, row, err);
    if (st != HS_OK)
        return st;
    instrument_policy ip;
    if ((st = instrument_policy_stored_ro(ctx->store, &row->policy, HS_INSTR_SUBSIDY, &ip, err)) !=
        HS_OK)
        return st;
    json_t *inputs = NULL;
    hs_date on = hs_clock_today(&ctx->clock);
    if (row->status == FIRST_UNIT_SUBSIDISED) {
        json_error_t jerr;
        on = row->subsidy_date;
        if ((inputs = json_loads(row->inputs, 0, &jerr)) == NULL)
            st = hs_fail(err, HS_STORAGE, "the book's inputs of first unit %s are not JSON", id);
    } else {
        st = first_unit_inputs(ctx->store, row, NULL, ops_firm_inputs, ctx->store, &inputs, err);
    }
    if (st == HS_OK)
        st = instrument_explain(&ip, row->req.id, inputs, on, ex, err);
    json_decref(inputs);
    instrument_policy_free(&ip);
    return st;
}
