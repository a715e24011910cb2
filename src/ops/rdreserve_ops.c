/* rdreserve_ops.c — the R&D-reserve operations (see rdreserve_ops.h): one transaction each,
 * rolled back on any error. */
#include "ops/rdreserve_ops.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "ops/firm_inputs.h"

hs_status rdreserve_ops_filings_add(const hs_ctx *ctx, const rdreserve_filing *f, size_t n,
                                    const char *const *where, size_t *added, hs_error *err) {
    assert(ctx != NULL && (f != NULL || n == 0));
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    size_t fresh = 0;
    for (size_t i = 0; st == HS_OK && i < n; i++) {
        bool existed = false;
        st = rdreserve_filing_add(&tx, &f[i], &existed, err);
        if (st != HS_OK && where != NULL && where[i] != NULL) {
            hs_error_prefix(err, "%s", where[i]);
            if (strcmp(err->field, "firm") == 0) /* a file names the firm's column uscc */
                snprintf(err->field, sizeof err->field, "uscc");
        }
        fresh += st == HS_OK && !existed;
    }
    st = ops_end(&tx, st, err);
    if (st == HS_OK && added != NULL)
        *added = fresh;
    return st;
}

hs_status rdreserve_ops_filings_each(const hs_ctx *ctx, const char *firm,
                                     hs_status (*fn)(void *c, const rdreserve_filing *f,
                                                     hs_error *err),
                                     void *c, hs_error *err) {
    return rdreserve_filings_each(ctx->store, firm, fn, c, err);
}

hs_status rdreserve_ops_register(const hs_ctx *ctx, const policy_doc *doc, const char *firm,
                                 int32_t year, int64_t reserve_fen, hs_date on, rdreserve *out,
                                 bool *existed, hs_error *err) {
    assert(ctx != NULL && doc != NULL);
    instrument_policy ip;
    hs_status st = ops_instrument_policy(doc, HS_INSTR_SUBSIDY, &ip, err);
    if (st != HS_OK)
        return st;
    rdreserve scratch;
    hs_tx tx;
    if ((st = ops_begin(ctx, &tx, err)) == HS_OK) {
        bool found = false;
        st = instrument_firm_check(firm, err);
        if (st != HS_OK)
            snprintf(err->field, sizeof err->field, "firm");
        if (st == HS_OK && (st = ops_firm_registered(ctx->store, firm, &found, err)) == HS_OK &&
            !found)
            st = hs_not_found(err, "firm",
                              "firm %s is not in the registry (firm import): a reserve is "
                              "registered by a registry firm",
                              firm);
        if (st == HS_OK)
            st = rdreserve_register(&tx, &ip, firm, year, reserve_fen,
                                    on != 0 ? on : hs_clock_today(&ctx->clock),
                                    out ? out : &scratch, existed, err);
        st = ops_end(&tx, st, err);
    }
    instrument_policy_free(&ip);
    return st;
}

hs_status rdreserve_ops_pay(const hs_ctx *ctx, const char *firm, int32_t year, rdreserve *out,
                            bool *existed, hs_error *err) {
    assert(ctx != NULL && out != NULL && existed != NULL);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    st = rdreserve_pay(&tx, firm, year, ops_firm_inputs, ctx->store, out, existed, err);
    return ops_end(&tx, st, err);
}

hs_status rdreserve_ops_show(const hs_ctx *ctx, const char *firm, int32_t year, rdreserve *out,
                             hs_error *err) {
    bool found = false;
    hs_status st = rdreserve_get(ctx->store, firm, year, out, &found, err);
    if (st == HS_OK && !found)
        return hs_not_found(err, "year", "firm %s registered no R&D reserve for %d", firm,
                            (int)year);
    return st;
}

hs_status rdreserve_ops_each(const hs_ctx *ctx, const char *firm, int32_t year,
                             hs_status (*fn)(void *c, const rdreserve *r, hs_error *err), void *c,
                             hs_error *err) {
    return rdreserve_each(ctx->store, firm, year, fn, c, err);
}

hs_status rdreserve_ops_explain(const hs_ctx *ctx, const char *firm, int32_t year, rdreserve *row,
                                hs_explanation *ex, hs_error *err) {
    assert(ctx != NULL && row != NULL && ex != NULL);
    memset(ex, 0, sizeof *ex);
    hs_status st = rdreserve_ops_show(ctx, firm, year, row, err);
    if (st != HS_OK)
        return st;
    instrument_policy ip;
    if ((st = instrument_policy_stored_ro(ctx->store, &row->policy, HS_INSTR_SUBSIDY, &ip, err)) !=
        HS_OK)
        return st;
    json_t *inputs = NULL;
    hs_date on = hs_clock_today(&ctx->clock);
    if (row->status == RDRESERVE_PAID) {
        json_error_t jerr;
        on = row->paid_date;
        if ((inputs = json_loads(row->inputs, 0, &jerr)) == NULL)
            st = hs_fail(err, HS_STORAGE, "the book's inputs of reserve %s/%d are not JSON", firm,
                         (int)year);
    } else {
        st = rdreserve_inputs(ctx->store, row, ops_firm_inputs, ctx->store, &inputs, err);
    }
    if (st == HS_OK)
        st = instrument_explain(&ip, row->firm, inputs, on, ex, err);
    json_decref(inputs);
    instrument_policy_free(&ip);
    return st;
}
