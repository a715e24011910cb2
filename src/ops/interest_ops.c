/* interest_ops.c — the interest-subsidy operations (see interest_ops.h): one transaction each,
 * rolled back on any error. */
#include "ops/interest_ops.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "registry/firm_csv.h"
#include "registry/registry.h"

hs_status interest_ops_scheme_add(const hs_ctx *ctx, const policy_doc *doc, const char *id,
                                  interest_payee payee, hs_date on, interest_scheme *out,
                                  bool *existed, hs_error *err) {
    assert(ctx != NULL && doc != NULL);
    instrument_policy ip;
    hs_status st = ops_instrument_policy(doc, HS_INSTR_CREDIT, &ip, err);
    if (st != HS_OK)
        return st;
    interest_scheme scratch;
    hs_tx tx;
    if ((st = ops_begin(ctx, &tx, err)) == HS_OK)
        st = ops_end(&tx,
                     interest_scheme_create(&tx, &ip, id, payee,
                                            on != 0 ? on : hs_clock_today(&ctx->clock),
                                            out ? out : &scratch, existed, err),
                     err);
    instrument_policy_free(&ip);
    return st;
}

hs_status interest_ops_scheme_show(const hs_ctx *ctx, const char *id, interest_scheme *out,
                                   hs_error *err) {
    bool found = false;
    hs_status st = interest_scheme_get(ctx->store, id, out, &found, err);
    if (st == HS_OK && !found)
        return hs_not_found(err, "scheme", "no interest-subsidy scheme '%s'", id);
    return st;
}

hs_status interest_ops_schemes_each(const hs_ctx *ctx,
                                    hs_status (*fn)(void *c, const interest_scheme *sc,
                                                    hs_error *err),
                                    void *c, hs_error *err) {
    return interest_schemes_each(ctx->store, fn, c, err);
}

/* The registry's record of a borrower as CSV cells, under the loan's own inputs (read on the
 * operation's connection, inside its transaction). */
static hs_status firm_inputs(void *vctx, const char *uscc, json_t *inputs, hs_error *err) {
    hs_store *s = vctx;
    hs_registry *r;
    hs_status st = registry_open(s, &r, err);
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

hs_status interest_ops_accrue(const hs_ctx *ctx, const char *scheme, const char *period,
                              interest_result *out, hs_error *err) {
    assert(ctx != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    st = interest_accrue(&tx, scheme, period, firm_inputs, ctx->store, out, err);
    return ops_end(&tx, st, err);
}

hs_status interest_ops_period_show(const hs_ctx *ctx, const char *scheme, const char *period,
                                   interest_result *out, hs_error *err) {
    interest_scheme sc;
    hs_status st = interest_ops_scheme_show(ctx, scheme, &sc, err);
    if (st != HS_OK)
        return st;
    bool found = false;
    if ((st = interest_period_get(ctx->store, scheme, period, out, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "period", "scheme %s has not paid period '%s'", scheme, period);
    return HS_OK;
}

hs_status interest_ops_runs_each(const hs_ctx *ctx, const char *scheme,
                                 hs_status (*fn)(void *c, const interest_run *r, hs_error *err),
                                 void *c, hs_error *err) {
    return interest_runs_each(ctx->store, scheme, fn, c, err);
}

hs_status interest_ops_explain(const hs_ctx *ctx, const char *scheme, const char *period,
                               const char *loan, interest_accrual *row, hs_explanation *ex,
                               hs_error *err) {
    assert(ctx != NULL && row != NULL && ex != NULL);
    memset(ex, 0, sizeof *ex);
    interest_scheme sc;
    hs_status st = interest_ops_scheme_show(ctx, scheme, &sc, err);
    if (st != HS_OK)
        return st;
    interest_result r;
    if ((st = interest_ops_period_show(ctx, scheme, period, &r, err)) != HS_OK) {
        interest_result_free(&r);
        return st;
    }
    bool found = false;
    for (size_t i = 0; i < r.n && !found; i++)
        if (strcmp(r.rows[i].loan, loan) == 0) {
            *row = r.rows[i];
            found = true;
        }
    interest_result_free(&r);
    if (!found)
        return hs_not_found(err, "loan", "loan '%s' has no accrual in %s of scheme %s", loan,
                            period, scheme);
    if (row->days == 0 || strcmp(row->inputs, "{}") == 0)
        return HS_OK; /* counted outside the policy's validity: nothing was decided */
    instrument_policy ip;
    if ((st = instrument_policy_stored_ro(ctx->store, &sc.policy, HS_INSTR_CREDIT, &ip, err)) !=
        HS_OK)
        return st;
    json_error_t jerr;
    json_t *inputs = json_loads(row->inputs, 0, &jerr);
    if (inputs == NULL)
        st = hs_fail(err, HS_STORAGE, "the book's inputs of loan %s in %s are not JSON", loan,
                     period);
    else {
        /* decided on the period's first day in force, as interest_accrue did */
        interest_period pd;
        hs_date vf, vt;
        bool open;
        policy_validity(ip.policy, &vf, &vt, &open);
        hs_date on = interest_period_parse(period, &pd) && pd.first > vf ? pd.first : vf;
        st = instrument_explain(&ip, row->firm, inputs, on, ex, err);
    }
    json_decref(inputs);
    instrument_policy_free(&ip);
    return st;
}
