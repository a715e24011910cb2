/* explain_view.c — the JSON encoding of an explanation (see explain_view.h). */
#include "ops/explain_view.h"

#include "base/money.h"

json_t *view_explanation_items(const hs_explanation *ex) {
    json_t *items = json_array();
    for (size_t i = 0; items != NULL && i < ex->count; i++) {
        const hs_explain_item *it = &ex->items[i];
        json_t *j = json_object();
        json_object_set_new(j, "kind", json_string(policy_explain_kind_name(it->kind)));
        json_object_set_new(j, "depth", json_integer(it->depth));
        json_object_set_new(j, "label", json_string(it->label));
        json_object_set_new(j, "value", json_string(it->value));
        if (it->note[0])
            json_object_set_new(j, "note", json_string(it->note));
        if (it->ref[0])
            json_object_set_new(j, "ref", json_string(it->ref));
        if (it->kind == HS_EX_RULE || it->kind == HS_EX_HEADER || it->kind == HS_EX_EXCEPTION)
            json_object_set_new(j, "passed", json_boolean(it->passed));
        json_object_set_new(j, "line", json_integer(it->line));
        json_array_append_new(items, j);
    }
    return items;
}

json_t *view_explanation(const hs_explanation *ex, const char *uscc, const char *on_text) {
    char buf[MONEY_TEXT_MAX];
    json_t *j = json_object();
    json_object_set_new(j, "uscc", json_string(uscc));
    json_object_set_new(j, "on", json_string(on_text));
    json_object_set_new(j, "eligible", json_boolean(ex->decision.eligible));
    json_object_set_new(
        j, "amount", json_string(money_format_decimal(ex->decision.amount_fen, buf, sizeof buf)));
    json_object_set_new(j, "amount_fen", json_integer(ex->decision.amount_fen));
    json_object_set_new(j, "reason", json_string(ex->decision.reason));
    json_object_set_new(j, "items", view_explanation_items(ex));
    return j;
}
