/* rdreserve_view.c — the R&D-reserve JSON views (see rdreserve_view.h). */
#include "ops/rdreserve_view.h"

#include <assert.h>

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

json_t *view_rdreserve_filing(const rdreserve_filing *f) {
    assert(f != NULL);
    return json_pack("{s:s, s:i, s:I, s:o, s:o, s:s, s:o}", "firm", f->firm, "tax_year",
                     (int)f->tax_year, "rd_expense_fen", (json_int_t)f->rd_expense_fen,
                     "rd_expense", money_json(f->rd_expense_fen), "filed",
                     date_or_null(f->filed_date), "source", f->source, "recorded",
                     date_or_null(f->recorded_date));
}

json_t *view_rdreserve(const rdreserve *r) {
    assert(r != NULL);
    json_t *o =
        json_pack("{s:s, s:i, s:s, s:s, s:{s:s, s:s, s:s, s:s}, s:I, s:o, s:o, s:s}", "firm",
                  r->firm, "year", (int)r->year, "programme", r->policy.programme, "budget",
                  r->policy.budget, "policy", "label", r->policy.label, "id", r->policy.id,
                  "sha256", r->policy.sha256, "path", r->policy.path, "reserve_fen",
                  (json_int_t)r->reserve_fen, "reserve", money_json(r->reserve_fen), "registered",
                  date_or_null(r->registered_date), "status", rdreserve_status_name(r->status));
    if (o == NULL)
        return NULL;
    bool paid = r->status == RDRESERVE_PAID;
    int64_t increase = r->rd_fen - r->prior_rd_fen; /* both filed figures are < 2^62 */
    json_object_set_new(o, "rd_fen", paid ? json_integer(r->rd_fen) : json_null());
    json_object_set_new(o, "prior_rd_fen", paid ? json_integer(r->prior_rd_fen) : json_null());
    json_object_set_new(o, "increase_fen", paid ? json_integer(increase) : json_null());
    json_object_set_new(o, "computed_fen", paid ? json_integer(r->computed_fen) : json_null());
    json_object_set_new(o, "amount_fen", json_integer(r->amount_fen));
    json_object_set_new(o, "amount", money_json(r->amount_fen));
    json_object_set_new(o, "paid_on", date_or_null(r->paid_date));
    json_object_set_new(o, "clause", text_or_null(r->clause));
    json_object_set_new(o, "note", text_or_null(r->note));
    json_object_set_new(o, "payee_account", text_or_null(r->payee_account));
    json_object_set_new(o, "transfer_id", text_or_null(r->transfer_id));
    return o;
}

json_t *view_rdreserve_explained(const rdreserve *r, const hs_explanation *ex) {
    json_t *o = view_rdreserve(r);
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "explanation",
                        ex->count > 0 ? view_explanation_items(ex) : json_array());
    json_object_set_new(o, "decision",
                        json_pack("{s:b, s:I, s:s}", "eligible", ex->decision.eligible,
                                  "amount_fen", (json_int_t)ex->decision.amount_fen, "reason",
                                  ex->decision.reason));
    return o;
}
