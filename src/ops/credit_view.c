/* credit_view.c — JSON views of credit entities (see credit_view.h). The key order is part of the
 * output contract: do not reorder. */
#include "ops/credit_view.h"

#include <assert.h>
#include <stdio.h>

#include "base/money.h"

static void set(json_t *o, const char *k, json_t *v) {
    json_object_set_new(o, k, v);
}

bool credit_x100_parse(const char *text, int64_t *out_x100) {
    assert(text != NULL && out_x100 != NULL);
    int64_t whole = 0, frac = 0;
    int digits = 0, frac_digits = 0;
    const char *p = text;
    for (; *p >= '0' && *p <= '9' && digits < 6; p++, digits++)
        whole = whole * 10 + (*p - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9' && frac_digits < 2; p++, frac_digits++)
            frac = frac * 10 + (*p - '0');
    if (frac_digits == 1)
        frac *= 10;
    if (*p == 'x' || *p == 'X')
        p++;
    if (digits == 0 || *p != '\0')
        return false;
    *out_x100 = whole * 100 + frac;
    assert(*out_x100 >= 0 && *out_x100 < 100000000);
    return true;
}

char *credit_x100_text(int64_t x100, char *buf, size_t len) {
    snprintf(buf, len, "%lld.%02lldx", (long long)(x100 / 100), (long long)(x100 % 100));
    return buf;
}

json_t *view_product(const credit_product *p) {
    json_t *o = json_object();
    char r[32];
    set(o, "id", json_string(p->id));
    set(o, "bank", json_string(p->bank));
    set(o, "name", json_string(p->name));
    set(o, "rate_bp", json_integer(p->rate_bp));
    set(o, "rate", json_string(rate_format_bp(p->rate_bp, r, sizeof r)));
    set(o, "term_months", json_integer(p->term_months));
    set(o, "period_months", json_integer(p->period_months));
    set(o, "ceiling_fen", json_integer(p->ceiling_fen));
    set(o, "unsecured", json_boolean(p->unsecured));
    set(o, "repayment", json_string(credit_repayment_name(p->repayment)));
    set(o, "pool", json_string(p->pool));
    return o;
}

json_t *view_loan(const credit_loan *l) {
    json_t *o = json_object();
    char d[DATE_TEXT_LEN];
    set(o, "id", json_string(l->id));
    set(o, "product", json_string(l->product));
    set(o, "bank", json_string(l->bank));
    set(o, "firm", json_string(l->firm));
    set(o, "pool", json_string(l->pool));
    set(o, "status", json_string(credit_loan_status_name(l->status)));
    set(o, "amount_fen", json_integer(l->amount_fen));
    set(o, "rate_bp", json_integer(l->rate_bp));
    set(o, "term_months", json_integer(l->term_months));
    set(o, "period_months", json_integer(l->period_months));
    set(o, "repayment", json_string(credit_repayment_name(l->repayment)));
    set(o, "unsecured_bp", json_integer(l->unsecured_bp));
    set(o, "first_loan", json_boolean(l->first_loan));
    set(o, "approved", json_string(date_format(l->approved_date, d)));
    set(o, "disbursed",
        l->status != LOAN_APPROVED ? json_string(date_format(l->disbursed_date, d)) : json_null());
    set(o, "defaulted",
        l->status == LOAN_DEFAULTED ? json_string(date_format(l->defaulted_date, d)) : json_null());
    set(o, "outstanding_fen", json_integer(credit_loan_outstanding(l)));
    set(o, "principal_repaid_fen", json_integer(l->principal_repaid_fen));
    set(o, "interest_paid_fen", json_integer(l->interest_paid_fen));
    set(o, "repayments", json_integer(l->repayments));
    set(o, "written_off_fen", json_integer(l->written_off_fen));
    set(o, "recovered_fen", json_integer(l->recovered_fen));
    set(o, "returned_to_pool_fen", json_integer(l->returned_to_pool_fen));
    return o;
}

json_t *view_claim(const credit_claim *c) {
    json_t *o = json_object();
    char d[DATE_TEXT_LEN];
    set(o, "loan", json_string(c->loan));
    set(o, "pool", json_string(c->pool));
    set(o, "bank", json_string(c->bank));
    set(o, "date", json_string(date_format(c->date, d)));
    set(o, "base_fen", json_integer(c->d.base_fen));
    set(o, "share_bp", json_integer(c->d.share_bp));
    set(o, "rule", json_string(c->d.rule));
    set(o, "entitled_fen", json_integer(c->d.entitled_fen));
    set(o, "capped_fen", json_integer(c->d.capped_fen));
    set(o, "paid_fen", json_integer(c->d.paid_fen));
    set(o, "shortfall_fen", json_integer(c->d.shortfall_fen));
    return o;
}

json_t *view_event(const credit_event *e) {
    json_t *o = json_object();
    char d[DATE_TEXT_LEN];
    set(o, "id", json_string(e->id));
    set(o, "kind", json_string(e->kind));
    set(o, "date", json_string(date_format(e->date, d)));
    set(o, "amount_fen", json_integer(e->amount_fen));
    set(o, "principal_fen", json_integer(e->principal_fen));
    set(o, "interest_fen", json_integer(e->interest_fen));
    set(o, "pool_fen", json_integer(e->pool_fen));
    return o;
}

static json_t *view_instalment(const credit_instalment *i) {
    json_t *e = json_object();
    char d[DATE_TEXT_LEN];
    set(e, "number", json_integer(i->number));
    set(e, "date", json_string(date_format(i->date, d)));
    set(e, "days", json_integer(i->days));
    set(e, "principal_fen", json_integer(i->principal_fen));
    set(e, "interest_fen", json_integer(i->interest_fen));
    set(e, "outstanding_after_fen", json_integer(i->outstanding_after_fen));
    return e;
}

json_t *view_loan_detail(const credit_loan_detail *d) {
    json_t *o = view_loan(&d->loan);
    json_t *arr = json_array();
    for (size_t i = 0; i < d->n_schedule; i++)
        json_array_append_new(arr, view_instalment(&d->schedule[i]));
    set(o, "schedule_basis", json_string(d->from_disbursement ? "disbursed" : "planned"));
    set(o, "schedule", arr);
    set(o, "schedule_principal_fen", json_integer(d->schedule_principal_fen));
    set(o, "schedule_interest_fen", json_integer(d->schedule_interest_fen));
    set(o, "claim", d->claimed ? view_claim(&d->claim) : json_null());
    json_t *events = json_array();
    for (size_t i = 0; i < d->n_events; i++)
        json_array_append_new(events, view_event(&d->events[i]));
    set(o, "events", events);
    return o;
}

json_t *view_repayment(const char *loan, const credit_repayment_result *r) {
    json_t *o = json_object();
    set(o, "loan", json_string(loan));
    set(o, "amount_fen", json_integer(r->amount_fen));
    set(o, "interest_fen", json_integer(r->interest_fen));
    set(o, "principal_fen", json_integer(r->principal_fen));
    set(o, "outstanding_fen", json_integer(r->outstanding_after_fen));
    set(o, "existed", json_boolean(r->existed));
    return o;
}

json_t *view_default(const char *loan, int64_t written_off_fen) {
    json_t *o = json_object();
    set(o, "loan", json_string(loan));
    set(o, "written_off_fen", json_integer(written_off_fen));
    return o;
}

json_t *view_recovery(const char *loan, const credit_recovery_result *r) {
    json_t *o = json_object();
    set(o, "loan", json_string(loan));
    set(o, "amount_fen", json_integer(r->amount_fen));
    set(o, "pool_share_fen", json_integer(r->pool_share_fen));
    set(o, "existed", json_boolean(r->existed));
    return o;
}

json_t *view_overdue(const credit_overdue *o) {
    const credit_loan *l = &o->loan;
    char ap[DATE_TEXT_LEN], dl[DATE_TEXT_LEN], ds[DATE_TEXT_LEN];
    json_t *j = json_object();
    set(j, "loan", json_string(l->id));
    set(j, "bank", json_string(l->bank));
    set(j, "product", json_string(l->product));
    set(j, "firm", json_string(l->firm));
    set(j, "amount_fen", json_integer(l->amount_fen));
    set(j, "approved", json_string(date_format(l->approved_date, ap)));
    set(j, "deadline", json_string(date_format(o->deadline, dl)));
    set(j, "state", json_string(o->disbursed_late ? "disbursed-late" : "not-disbursed"));
    set(j, "disbursed",
        o->disbursed_late ? json_string(date_format(l->disbursed_date, ds)) : json_null());
    set(j, "workdays", json_integer(o->workdays_taken));
    return j;
}

json_t *view_pool_params(const credit_pool_params *p) {
    json_t *o = json_object();
    set(o, "base_share_bp", json_integer(p->base_share_bp));
    set(o, "high_unsecured_min_bp", json_integer(p->high_unsecured_min_bp));
    set(o, "high_unsecured_share_bp", json_integer(p->high_unsecured_share_bp));
    set(o, "first_loan_share_bp", json_integer(p->first_loan_share_bp));
    set(o, "cap_per_loan_fen", json_integer(p->cap_per_loan_fen));
    set(o, "cap_per_bank_year_fen", json_integer(p->cap_per_bank_year_fen));
    set(o, "required_multiple_x100", json_integer(p->required_multiple_x100));
    return o;
}

json_t *view_pool(const credit_pool *p) {
    json_t *o = json_object();
    set(o, "pool", json_string(p->id));
    set(o, "programme", json_string(p->programme));
    set(o, "budget", json_string(p->budget));
    set(o, "params", view_pool_params(&p->params));
    return o;
}

static json_t *view_bank_row(const credit_pool_bank_row *b) {
    json_t *e = json_object();
    set(e, "bank", json_string(b->bank));
    set(e, "loans", json_integer(b->loans));
    set(e, "outstanding_fen", json_integer(b->outstanding_fen));
    set(e, "written_off_fen", json_integer(b->written_off_fen));
    set(e, "claims_paid_fen", json_integer(b->claims_paid_fen));
    set(e, "recovered_fen", json_integer(b->recovered_fen));
    set(e, "returned_fen", json_integer(b->returned_fen));
    return e;
}

json_t *view_pool_report(const credit_pool_report *r) {
    json_t *o = json_object();
    char acct[ACCOUNT_NAME_MAX], x[32], y[32];
    snprintf(acct, sizeof acct, "pool/%s", r->pool.id);
    set(o, "pool", json_string(r->pool.id));
    set(o, "account", json_string(acct));
    set(o, "programme", json_string(r->pool.programme));
    set(o, "budget", json_string(r->pool.budget));
    set(o, "params", view_pool_params(&r->pool.params));
    const struct {
        const char *k;
        int64_t v;
    } f[] = {{"loans", r->loans},
             {"approved_fen", r->approved_fen},
             {"disbursed_loans", r->disbursed_loans},
             {"disbursed_fen", r->disbursed_fen},
             {"outstanding_fen", r->outstanding_fen},
             {"principal_repaid_fen", r->repaid_fen},
             {"interest_paid_fen", r->interest_fen},
             {"defaults", r->defaults},
             {"written_off_fen", r->written_off_fen},
             {"claims", r->claims},
             {"claims_entitled_fen", r->claims_entitled_fen},
             {"claims_paid_fen", r->claims_paid_fen},
             {"claims_shortfall_fen", r->claims_shortfall_fen},
             {"recovered_fen", r->recovered_fen},
             {"returned_fen", r->returned_fen},
             {"fundings", r->fundings},
             {"funded_fen", r->funded_fen},
             {"balance_fen", r->balance_fen},
             {"ledger_balance_fen", r->ledger_balance_fen},
             {"capacity_fen", r->capacity_fen}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        set(o, f[i].k, json_integer(f[i].v));
    set(o, "reconciled", json_boolean(r->reconciled));
    set(o, "leverage_definition",
        json_string("principal outstanding on the pool's loans / pool balance"));
    set(o, "leverage_x100", r->leverage_defined ? json_integer(r->leverage_x100) : json_null());
    set(o, "leverage",
        r->leverage_defined ? json_string(credit_x100_text(r->leverage_x100, x, sizeof x))
                            : json_null());
    set(o, "required_multiple",
        json_string(credit_x100_text(r->pool.params.required_multiple_x100, y, sizeof y)));
    set(o, "meets_required", json_boolean(r->meets_required));
    json_t *banks = json_array();
    for (size_t i = 0; i < r->n_banks; i++)
        json_array_append_new(banks, view_bank_row(&r->banks[i]));
    set(o, "banks", banks);
    return o;
}
