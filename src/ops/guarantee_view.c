/* guarantee_view.c — the guarantee JSON views (see guarantee_view.h). */
#include "ops/guarantee_view.h"

#include <assert.h>
#include <stdio.h>

#include "base/money.h"

static json_t *date_or_null(hs_date d) {
    char buf[11];
    return d != 0 ? json_string(date_format(d, buf)) : json_null();
}

/* {national, provincial, bank, guarantor} of four integers. */
static json_t *parties(const int64_t v[GUARANTEE_PARTIES]) {
    json_t *o = json_object();
    for (int i = 0; o != NULL && i < GUARANTEE_PARTIES; i++)
        json_object_set_new(o, guarantee_party_name((guarantee_party)i), json_integer(v[i]));
    return o;
}

json_t *view_guarantee(const guarantee *g) {
    assert(g != NULL);
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:i, s:I, s:I, s:I, s:I, s:I, s:s, "
        "s:o, s:s, s:o, s:I, s:o, s:I, s:o, s:i}",
        "loan", g->loan, "guarantor", g->guarantor, "reguarantor", g->reguarantor, "firm", g->firm,
        "bank", g->bank, "policy", g->policy.label, "signed", date_or_null(g->signed_date),
        "principal_fen", (json_int_t)g->principal_fen, "term_days", (int)g->term_days,
        "fee_rate_bp", (json_int_t)g->fee_rate_bp, "subsidy_rate_bp",
        (json_int_t)g->subsidy_rate_bp, "fee_fen", (json_int_t)g->fee_fen, "subsidy_fen",
        (json_int_t)g->subsidy_fen, "firm_fee_fen", (json_int_t)g->firm_fee_fen, "clause",
        g->clause, "shares_bp", parties(g->share_bp), "status", guarantee_status_name(g->status),
        "compensated", date_or_null(g->compensated_date), "loss_fen", (json_int_t)g->loss_fen,
        "borne_fen", parties(g->borne_fen), "recovered_fen", (json_int_t)g->recovered_fen,
        "recovered_to_fen", parties(g->recovered_to_fen), "recoveries", (int)g->recoveries);
}

json_t *view_guarantor_report(const guarantor_report *r) {
    assert(r != NULL);
    char lev[32];
    snprintf(lev, sizeof lev, "%lld.%02lldx", (long long)(r->leverage_x100 / 100),
             (long long)(r->leverage_x100 % 100));
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:s, s:I, s:I, s:I, s:I, "
        "s:I, s:I}",
        "id", r->g.id, "name", r->g.name, "reguarantor", r->g.reguarantor, "programme",
        r->g.programme, "budget", r->g.budget, "contributed_fen", (json_int_t)r->g.contributed_fen,
        "capital_fen", (json_int_t)r->capital_fen, "guarantees", (json_int_t)r->guarantees,
        "in_force_fen", (json_int_t)r->in_force_fen, "leverage_x100", (json_int_t)r->leverage_x100,
        "leverage", lev, "fees_fen", (json_int_t)r->fees_fen, "fee_subsidy_fen",
        (json_int_t)r->fee_subsidy_fen, "compensated_fen", (json_int_t)r->compensated_fen,
        "reguaranteed_fen", (json_int_t)r->reguaranteed_fen, "recovered_fen",
        (json_int_t)r->recovered_fen, "defaults", (json_int_t)r->defaults);
}
