/* first_unit_view.c — the first-unit JSON views (see first_unit_view.h). */
#include "ops/first_unit_view.h"

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

static json_t *text_or_null(const char *t) {
    return t[0] != '\0' ? json_string(t) : json_null();
}

/* Sets NAME_fen and NAME (the money text) on o. */
static void set_money(json_t *o, const char *name, int64_t fen) {
    char key[64];
    snprintf(key, sizeof key, "%s_fen", name);
    json_object_set_new(o, key, json_integer(fen));
    json_object_set_new(o, name, money_json(fen));
}

json_t *view_first_unit_item(const first_unit_item *it) {
    assert(it != NULL);
    return json_pack("{s:s, s:s, s:s, s:s, s:o}", "item", it->item, "name", it->name, "category",
                     it->category, "edition", it->edition, "added", date_or_null(it->added_date));
}

json_t *view_first_unit(const first_unit *u) {
    assert(u != NULL);
    const first_unit_request *r = &u->req;
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:{s:o, s:o, s:i}, s:s, s:s, s:{s:s, s:s, s:s, s:s}, "
        "s:o, s:s}",
        "id", r->id, "item", r->item, "maker", r->maker, "buyer", r->buyer, "unit_no",
        (int)r->unit_no, "insured", first_unit_party_name(r->insured), "insurer", r->insurer,
        "cover", "from", date_or_null(r->cover_from), "to", date_or_null(u->cover_to), "years",
        (int)r->cover_years, "programme", u->policy.programme, "budget", u->policy.budget, "policy",
        "label", u->policy.label, "id", u->policy.id, "sha256", u->policy.sha256, "path",
        u->policy.path, "registered", date_or_null(u->registered_date), "status",
        first_unit_status_name(u->status));
    if (o == NULL)
        return NULL;
    set_money(o, "price", r->price_fen);
    set_money(o, "premium", r->premium_fen);
    set_money(o, "subsidy", u->subsidy_fen);
    json_object_set_new(o, "paid_on", date_or_null(u->subsidy_date));
    json_object_set_new(o, "clause", text_or_null(u->clause));
    json_object_set_new(o, "payee_account", text_or_null(u->payee_account));
    json_object_set_new(o, "transfer_id", text_or_null(u->transfer_id));
    json_object_set_new(o, "claims", json_integer(u->claims));
    set_money(o, "insurer_paid", u->insurer_paid_fen);
    set_money(o, "topup", u->topup_fen);
    return o;
}

json_t *view_first_unit_claim(const first_unit_claim *c) {
    assert(c != NULL);
    json_t *o = json_pack("{s:s, s:s, s:i, s:o, s:s, s:s}", "id", c->id, "unit", c->unit, "seq",
                          (int)c->seq, "date", date_or_null(c->date), "failure",
                          first_unit_failure_name(c->failure), "clause", c->clause);
    if (o == NULL)
        return NULL;
    set_money(o, "loss", c->loss_fen);
    set_money(o, "insurer_paid", c->insurer_paid_fen);
    set_money(o, "topup", c->topup_fen);
    json_object_set_new(o, "payee_account", text_or_null(c->payee_account));
    json_object_set_new(o, "transfer_id", text_or_null(c->transfer_id));
    return o;
}

json_t *view_first_unit_full(const first_unit *u, json_t *claims, const hs_explanation *ex) {
    json_t *o = view_first_unit(u);
    if (o == NULL)
        return NULL;
    if (claims != NULL)
        json_object_set(o, "claim_rows", claims);
    else
        json_object_set_new(o, "claim_rows", json_array());
    if (ex != NULL) {
        json_object_set_new(o, "explanation",
                            ex->count > 0 ? view_explanation_items(ex) : json_array());
        json_object_set_new(o, "decision",
                            json_pack("{s:b, s:I, s:s}", "eligible", ex->decision.eligible,
                                      "amount_fen", (json_int_t)ex->decision.amount_fen, "reason",
                                      ex->decision.reason));
    }
    return o;
}
