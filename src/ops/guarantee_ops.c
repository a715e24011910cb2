/* guarantee_ops.c — the financing-guarantee operations (see guarantee_ops.h): one transaction
 * each, rolled back on any error. */
#include "ops/guarantee_ops.h"

#include <assert.h>
#include <string.h>

#include "registry/firm_csv.h"
#include "registry/registry.h"

static hs_date or_today(const hs_ctx *ctx, hs_date d) {
    return d != 0 ? d : hs_clock_today(&ctx->clock);
}

hs_status guarantee_ops_guarantor_add(const hs_ctx *ctx, const guarantor *g, int64_t capital_fen,
                                      const char *transfer_id, hs_date on, hs_error *err) {
    assert(ctx != NULL && g != NULL);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(
        &tx, guarantor_add_capital(&tx, g, capital_fen, transfer_id, or_today(ctx, on), err), err);
}

hs_status guarantee_ops_party_fund(const hs_ctx *ctx, const char *party, const char *prog_id,
                                   const char *budget, int64_t amount_fen, const char *transfer_id,
                                   hs_date on, hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx,
                   guarantee_party_fund(&tx, party, prog_id, budget, amount_fen, transfer_id,
                                        or_today(ctx, on), err),
                   err);
}

/* The registry's record of a borrower as CSV cells, under the loan's own inputs. */
static hs_status firm_inputs(void *vctx, const char *uscc, json_t *inputs, hs_error *err) {
    hs_registry *r;
    hs_status st = registry_open(vctx, &r, err);
    if (st != HS_OK)
        return st;
    hs_firm f;
    firm_meta meta;
    bool found = false;
    st = registry_find(r, uscc, &f, &meta, &found, err);
    if (st == HS_OK && found) {
        json_t *row = json_object();
        for (int k = 0; row != NULL && k < FIRM_FIELD_COUNT; k++) {
            char buf[512];
            const char *cell = firm_csv_cell(&f, (firm_field)k, buf, sizeof buf);
            if (cell != NULL && cell[0] != '\0')
                json_object_set_new(row, firm_field_name((firm_field)k), json_string(cell));
        }
        if (row == NULL)
            st = hs_fail(err, HS_STORAGE, "out of memory");
        else
            json_object_update_missing(inputs, row);
        json_decref(row);
    }
    registry_close(r);
    return st;
}

hs_status guarantee_ops_sign(const hs_ctx *ctx, const policy_doc *doc, const char *loan,
                             const char *g, int64_t fee_rate_bp, hs_date on, guarantee *out,
                             hs_error *err) {
    assert(ctx != NULL && doc != NULL && out != NULL);
    instrument_policy ip;
    hs_status st = ops_instrument_policy(doc, HS_INSTR_CREDIT, &ip, err);
    if (st != HS_OK)
        return st;
    hs_tx tx;
    if ((st = ops_begin(ctx, &tx, err)) == HS_OK)
        st = ops_end(&tx,
                     guarantee_sign(&tx, &ip, loan, g, fee_rate_bp, or_today(ctx, on), firm_inputs,
                                    ctx->store, out, err),
                     err);
    instrument_policy_free(&ip);
    return st;
}

hs_status guarantee_ops_compensate(const hs_ctx *ctx, const char *loan, hs_date on, guarantee *out,
                                   hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, guarantee_compensate(&tx, loan, or_today(ctx, on), out, err), err);
}

hs_status guarantee_ops_recover(const hs_ctx *ctx, const char *loan, int64_t amount_fen,
                                const char *from, const char *client_id, hs_date on, guarantee *out,
                                hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(
        &tx, guarantee_recover(&tx, loan, amount_fen, from, client_id, or_today(ctx, on), out, err),
        err);
}

hs_status guarantee_ops_show(const hs_ctx *ctx, const char *loan, guarantee *out, hs_error *err) {
    bool found = false;
    hs_status st = guarantee_get(ctx->store, loan, out, &found, err);
    if (st == HS_OK && !found)
        return hs_not_found(err, "loan", "loan '%s' has no guarantee", loan);
    return st;
}

hs_status guarantee_ops_guarantor_show(const hs_ctx *ctx, const char *id, guarantor_report *out,
                                       hs_error *err) {
    return guarantor_report_get(ctx->store, id, out, err);
}

hs_status guarantee_ops_guarantors_each(const hs_ctx *ctx,
                                        hs_status (*fn)(void *c, const guarantor_report *r,
                                                        hs_error *err),
                                        void *c, hs_error *err) {
    return guarantor_reports_each(ctx->store, fn, c, err);
}
