/* subsidy_ops.c — subsidy operations: input precedence, the 免申即享 loop, one transaction per step
 * (see subsidy_ops.h). */
#include "ops/subsidy_ops.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "ops/explain_view.h"
#include "ops/notice_ops.h"
#include "ops/subsidy_view.h"
#include "registry/firm_csv.h"
#include "registry/registry.h"

static const char *const extra_inputs[] = {"product", NULL};

/* A registry firm as a JSON row of CSV cells (the names policies read: sector, high_tech, ...). */
static json_t *firm_row(const hs_firm *f) {
    json_t *row = json_object();
    for (int k = 0; k < FIRM_FIELD_COUNT; k++) {
        char buf[512];
        const char *cell = firm_csv_cell(f, (firm_field)k, buf, sizeof buf);
        if (cell != NULL && cell[0] != '\0')
            json_object_set_new(row, firm_field_name((firm_field)k), json_string(cell));
    }
    return row;
}

/* Merges the registry's record of `uscc` (if any) under the inputs already there. */
static hs_status merge_registry(hs_store *s, const char *uscc, json_t *inputs, hs_error *err) {
    hs_registry *r;
    hs_status st = registry_open(s, &r, err);
    if (st != HS_OK)
        return st;
    hs_firm f;
    firm_meta meta;
    bool found = false;
    st = registry_find(r, uscc, &f, &meta, &found, err);
    if (st == HS_OK && found) {
        json_t *row = firm_row(&f);
        json_object_update_missing(inputs, row);
        json_decref(row);
    }
    registry_close(r);
    return st;
}

/* Applies in one transaction of its own. */
static hs_status apply_tx(const hs_ctx *ctx, const instrument_policy *ip, const char *id,
                          const char *firm, const char *product, const json_t *inputs, hs_date on,
                          const char *operation, subsidy_app *out, hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    st = subsidy_apply(&tx, ip, id, firm, product, inputs, on, operation, out, err);
    return ops_end(&tx, st, err);
}

hs_status ops_subsidy_apply(const hs_ctx *ctx, const ops_subsidy_apply_req *req, subsidy_app *out,
                            hs_error *err) {
    assert(ctx != NULL && req != NULL && out != NULL);
    if (req->policy == NULL || req->firm == NULL || req->id == NULL)
        return hs_invalid_field(err,
                                req->policy == NULL ? "--policy"
                                : req->firm == NULL ? "--firm"
                                                    : "--id",
                                "--policy, --firm and --id are required");
    hs_status st = instrument_firm_check(req->firm, err);
    if (st != HS_OK)
        return st;
    instrument_policy ip;
    if ((st = ops_instrument_policy(req->policy, HS_INSTR_SUBSIDY, &ip, err)) != HS_OK)
        return st;
    json_t *inputs = req->inputs ? json_deep_copy(req->inputs) : json_object();
    if (inputs == NULL) {
        instrument_policy_free(&ip);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    if (req->inputs != NULL)
        st = instrument_inputs_known(&ip, req->inputs, extra_inputs, err);
    if (st == HS_OK && req->firms_rows != NULL) {
        /* precedence: typed inputs > the firm's row of the CSV (the registry is not consulted) */
        const json_t *found = NULL;
        size_t i;
        json_t *row;
        json_array_foreach(req->firms_rows, i, row) {
            json_t *u = json_object_get(row, "uscc");
            if (json_is_string(u) && strcmp(json_string_value(u), req->firm) == 0) {
                found = row;
                break;
            }
        }
        if (found == NULL)
            st = hs_not_found(err, "--firm", "%s: no row with uscc %s",
                              req->firms_source ? req->firms_source : "firms", req->firm);
        else
            json_object_update_missing(inputs, (json_t *)found);
    } else if (st == HS_OK) {
        /* precedence: typed inputs > the firm's registry record */
        st = merge_registry(ctx->store, req->firm, inputs, err);
    }
    const char *product = req->product;
    if (product == NULL && json_is_string(json_object_get(inputs, "product")))
        product = json_string_value(json_object_get(inputs, "product"));
    if (st == HS_OK)
        st = apply_tx(ctx, &ip, req->id, req->firm, product, inputs, req->on, "subsidy.apply", out,
                      err);
    json_decref(inputs);
    instrument_policy_free(&ip);
    return st;
}

/* ---- 免申即享 ---- */

typedef struct {
    const hs_ctx *ctx;
    const instrument_policy *ip;
    const ops_subsidy_match_req *req;
    ops_subsidy_match_result *out;
} match_ctx;

static hs_status award_tx(const hs_ctx *ctx, const char *id, hs_date on, hs_date pay_by,
                          subsidy_app *out, hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    bool already = false;
    st = subsidy_award(&tx, id, on, pay_by, out, &already, err);
    if (st == HS_OK && !already) /* 公示, in the award's transaction */
        st = ops_notice_publish_award(ctx, &tx, out, err);
    return ops_end(&tx, st, err);
}

static hs_status match_row(match_ctx *m, const json_t *row, long record, hs_error *err) {
    const char *source =
        m->req->firms_rows ? (m->req->firms_source ? m->req->firms_source : "firms") : "registry";
    json_t *u = json_object_get(row, "uscc");
    if (!json_is_string(u))
        return hs_invalid_field(err, "uscc", "%s:%ld: field 'uscc': missing", source, record);
    const char *uscc = json_string_value(u);
    json_t *prod = json_object_get(row, "product");
    const char *product = json_is_string(prod) ? json_string_value(prod) : "";
    char id[SUBSIDY_ID_MAX];
    int n = snprintf(id, sizeof id, "%s%s%s%s", m->req->prefix ? m->req->prefix : "auto.", uscc,
                     product[0] ? "." : "", product);
    if (n < 0 || (size_t)n >= sizeof id)
        return hs_invalid_field(err, "--prefix",
                                "%s:%ld: application id %s%s%s%s is longer than %d characters",
                                source, record, m->req->prefix ? m->req->prefix : "auto.", uscc,
                                product[0] ? "." : "", product, SUBSIDY_ID_MAX - 1);
    subsidy_app app;
    m->out->rows++;
    hs_status st =
        apply_tx(m->ctx, m->ip, id, uscc, product, row, m->req->on, "subsidy.match", &app, err);
    if (st != HS_OK)
        return hs_error_prefix(err, "%s:%ld", source, record);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(app.id));
    json_object_set_new(o, "firm", json_string(uscc));
    json_object_set_new(o, "eligible", json_boolean(app.eligible));
    if (!app.eligible) {
        json_object_set_new(o, "reason", json_string(app.reason));
        json_array_append_new(m->out->applications, o);
        return HS_OK;
    }
    m->out->eligible++;
    json_object_set_new(o, "decided_fen", json_integer(app.decided_fen));
    if (m->req->award) {
        hs_error aerr = {0};
        st = award_tx(m->ctx, app.id, m->req->on, m->req->pay_by, &app, &aerr);
        if (st == HS_STORAGE) {
            json_decref(o);
            *err = aerr;
            return st;
        }
        if (st == HS_OK) {
            m->out->awarded++;
            if (!money_add(m->out->awarded_fen, app.award_fen, &m->out->awarded_fen)) {
                json_decref(o);
                return hs_fail(err, HS_STORAGE, "awarded total overflows");
            }
            json_object_set_new(o, "award_fen", json_integer(app.award_fen));
        } else {
            m->out->refused++;
            json_object_set_new(o, "refused", json_string(aerr.msg));
        }
    }
    json_array_append_new(m->out->applications, o);
    return HS_OK;
}

/* Every registry firm, with the typed facts applied over its record. */
static hs_status match_registry(match_ctx *m, hs_error *err) {
    hs_registry *r;
    hs_status st = registry_open(m->ctx->store, &r, err);
    if (st != HS_OK)
        return st;
    hs_firm *firms = NULL;
    size_t n = 0;
    st = registry_load(r, NULL, &firms, &n, err);
    registry_close(r);
    for (size_t i = 0; st == HS_OK && i < n; i++) {
        json_t *row = firm_row(&firms[i]);
        if (m->req->facts != NULL)
            json_object_update(row, (json_t *)m->req->facts);
        st = match_row(m, row, (long)i + 1, err);
        json_decref(row);
    }
    free(firms);
    return st;
}

hs_status ops_subsidy_match(const hs_ctx *ctx, const ops_subsidy_match_req *req,
                            ops_subsidy_match_result *out, hs_error *err) {
    assert(ctx != NULL && req != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    if (req->policy == NULL)
        return hs_invalid_field(err, "--policy", "--policy is required");
    instrument_policy ip;
    hs_status st = ops_instrument_policy(req->policy, HS_INSTR_SUBSIDY, &ip, err);
    if (st != HS_OK)
        return st;
    if (req->facts != NULL &&
        (st = instrument_inputs_known(&ip, req->facts, extra_inputs, err)) != HS_OK) {
        instrument_policy_free(&ip);
        return st;
    }
    out->applications = json_array();
    match_ctx m = {ctx, &ip, req, out};
    if (req->firms_rows != NULL) {
        size_t i;
        json_t *row;
        json_array_foreach(req->firms_rows, i, row) {
            if ((st = match_row(&m, row, (long)i + 2, err)) != HS_OK)
                break;
        }
    } else {
        st = match_registry(&m, err);
    }
    instrument_policy_free(&ip);
    if (st != HS_OK) {
        json_decref(out->applications);
        out->applications = NULL;
    }
    assert(st != HS_OK || out->awarded + out->refused <= out->eligible);
    return st;
}

json_t *view_subsidy_match(const ops_subsidy_match_result *r) {
    json_t *o = json_object();
    json_object_set_new(o, "firms", json_integer(r->rows));
    json_object_set_new(o, "eligible", json_integer(r->eligible));
    json_object_set_new(o, "awarded", json_integer(r->awarded));
    json_object_set_new(o, "refused", json_integer(r->refused));
    json_object_set_new(o, "awarded_fen", json_integer(r->awarded_fen));
    json_object_set(o, "applications", r->applications ? r->applications : json_array());
    return o;
}

/* ---- state changes ---- */

hs_status ops_subsidy_award(const hs_ctx *ctx, const char *id, hs_date on, hs_date pay_by,
                            subsidy_app *out, hs_error *err) {
    return award_tx(ctx, id, on, pay_by, out, err);
}

hs_status ops_subsidy_pay(const hs_ctx *ctx, const char *id, int64_t amount_fen, hs_date on,
                          subsidy_app *out, approval_outcome *gate, hs_error *err) {
    assert(ctx != NULL && id != NULL && out != NULL && gate != NULL);
    memset(gate, 0, sizeof *gate);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    subsidy_app app;
    int64_t pay_fen = 0;
    st = subsidy_pay_check(&tx, id, amount_fen, on, &app, &pay_fen, err);
    if (st == HS_OK) {
        json_t *req =
            json_pack("{s:s, s:I}", "application", app.id, "amount_fen", (json_int_t)pay_fen);
        st = req ? approval_tx_gate(&tx, ctx->principal, app.policy.programme, "subsidy.pay", req,
                                    pay_fen, on, gate, err)
                 : hs_fail(err, HS_STORAGE, "out of memory");
        json_decref(req);
    }
    if (st == HS_OK && gate->pending)
        *out = app; /* nothing moved: the approval's execution pays */
    else if (st == HS_OK)
        st = subsidy_pay(&tx, id, pay_fen, on, out, err);
    return ops_end(&tx, st, err);
}

hs_status ops_subsidy_reject(const hs_ctx *ctx, const char *id, const char *reason, hs_date on,
                             subsidy_app *out, hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, subsidy_reject(&tx, id, reason, on, out, err), err);
}

hs_status ops_subsidy_clawback(const hs_ctx *ctx, const char *id, int64_t amount_fen,
                               const char *reason, hs_date on, subsidy_app *out, hs_error *err) {
    if (reason == NULL || *reason == '\0')
        return hs_invalid_field(err, "--reason", "a clawback needs a reason");
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    st = subsidy_clawback(&tx, id, amount_fen, reason, on, out, err);
    return ops_end(&tx, st, err);
}

hs_status ops_subsidy_expire(const hs_ctx *ctx, hs_date on, const char *programme, size_t *count,
                             hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, subsidy_expire(&tx, on, programme, count, err), err);
}

/* ---- reads ---- */

hs_status ops_subsidy_show(const hs_ctx *ctx, const char *id, subsidy_app *out, json_t **view,
                           hs_error *err) {
    *view = NULL;
    bool found = false;
    hs_status st = subsidy_find(ctx->store, id, out, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "APP", "no subsidy application '%s'", id);
    instrument_policy ip;
    hs_error perr = {0};
    json_t *explanation = NULL;
    bool unchanged = false;
    st = instrument_policy_stored_ro(ctx->store, &out->policy, HS_INSTR_SUBSIDY, &ip, &perr);
    if (st == HS_STORAGE) {
        *err = perr;
        return st;
    }
    if (st == HS_OK) {
        unchanged = true;
        json_t *inputs = json_loads(out->inputs, 0, NULL);
        hs_explanation ex;
        if (inputs != NULL &&
            instrument_explain(&ip, out->firm, inputs, out->applied_date, &ex, &perr) == HS_OK) {
            explanation = view_explanation_items(&ex);
            explanation_free(&ex);
        }
        json_decref(inputs);
        instrument_policy_free(&ip);
    }
    *view = view_subsidy_show(out, explanation, unchanged);
    return *view ? HS_OK : hs_fail(err, HS_STORAGE, "out of memory");
}

hs_status ops_subsidy_list(const hs_ctx *ctx, const char *programme, const char *firm,
                           const char *status, const char *after_id, size_t max_rows,
                           hs_status (*fn)(void *c, const subsidy_app *a, hs_error *err), void *c,
                           hs_error *err) {
    return subsidy_each(ctx->store, programme, firm, status, after_id, max_rows, fn, c, err);
}
