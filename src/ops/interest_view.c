/* interest_view.c — the interest-subsidy JSON views (see interest_view.h). */
#include "ops/interest_view.h"

#include <assert.h>
#include <stdio.h>

#include "base/money.h"
#include "ops/explain_view.h"

static json_t *date_or_null(hs_date d) {
    char buf[11];
    return d != 0 ? json_string(date_format(d, buf)) : json_null();
}

static json_t *money_json(int64_t fen) {
    char buf[MONEY_TEXT_MAX];
    return json_string(money_format(fen, buf, sizeof buf));
}

json_t *view_interest_scheme(const interest_scheme *sc) {
    assert(sc != NULL);
    return json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s}, s:s, s:o}", "id", sc->id, "programme",
                     sc->policy.programme, "budget", sc->policy.budget, "policy", "label",
                     sc->policy.label, "id", sc->policy.id, "sha256", sc->policy.sha256, "path",
                     sc->policy.path, "payee", interest_payee_name(sc->payee), "created",
                     date_or_null(sc->created_date));
}

json_t *view_interest_accrual(const interest_accrual *a) {
    assert(a != NULL);
    char rate[32], loan_rate[32];
    snprintf(rate, sizeof rate, "%lld.%02lld%%", (long long)(a->rate_bp / 100),
             (long long)(a->rate_bp % 100));
    snprintf(loan_rate, sizeof loan_rate, "%lld.%02lld%%", (long long)(a->loan_rate_bp / 100),
             (long long)(a->loan_rate_bp % 100));
    json_t *o = json_pack(
        "{s:i, s:s, s:s, s:s, s:s, s:o, s:o, s:i, s:I, s:I, s:s, s:I, s:s, s:b, s:s, s:I, s:o, "
        "s:I, s:o}",
        "seq", (int)a->seq, "loan", a->loan, "firm", a->firm, "bank", a->bank, "product",
        a->product, "from", date_or_null(a->from), "to", date_or_null(a->to), "days", (int)a->days,
        "principal_days_fen", (json_int_t)a->principal_days_fen, "loan_rate_bp",
        (json_int_t)a->loan_rate_bp, "loan_rate", loan_rate, "rate_bp", (json_int_t)a->rate_bp,
        "rate", rate, "eligible", a->eligible, "clause", a->clause, "computed_fen",
        (json_int_t)a->computed_fen, "computed", money_json(a->computed_fen), "amount_fen",
        (json_int_t)a->amount_fen, "amount", money_json(a->amount_fen));
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "note", a->note[0] ? json_string(a->note) : json_null());
    json_object_set_new(o, "payee_account",
                        a->payee_account[0] ? json_string(a->payee_account) : json_null());
    json_object_set_new(o, "transfer_id",
                        a->transfer_id[0] ? json_string(a->transfer_id) : json_null());
    return o;
}

json_t *view_interest_run(const interest_run *r) {
    assert(r != NULL);
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:i, s:i, s:I, s:o}", "scheme", r->scheme, "period",
                     r->period, "first", date_or_null(r->first), "last", date_or_null(r->last),
                     "paid_on", date_or_null(r->run_date), "loans", (int)r->loans, "paid",
                     (int)r->paid, "total_fen", (json_int_t)r->total_fen, "total",
                     money_json(r->total_fen));
}

json_t *view_interest_result(const interest_result *r) {
    assert(r != NULL);
    json_t *o = view_interest_run(&r->run);
    json_t *rows = json_array();
    if (o == NULL || rows == NULL) {
        json_decref(o);
        json_decref(rows);
        return NULL;
    }
    for (size_t i = 0; i < r->n; i++)
        json_array_append_new(rows, view_interest_accrual(&r->rows[i]));
    json_object_set_new(o, "existed", json_boolean(r->existed));
    json_object_set_new(o, "rows", rows);
    return o;
}

json_t *view_interest_explained(const interest_accrual *a, const hs_explanation *ex) {
    json_t *o = view_interest_accrual(a);
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "explanation",
                        ex->count > 0 ? view_explanation_items(ex) : json_array());
    return o;
}
