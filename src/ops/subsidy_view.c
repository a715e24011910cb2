/* subsidy_view.c — JSON views of subsidy applications (see subsidy_view.h). */
#include "ops/subsidy_view.h"

json_t *view_subsidy(const subsidy_app *a) {
    char d[DATE_TEXT_LEN];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(a->id));
    json_object_set_new(o, "programme", json_string(a->policy.programme));
    json_object_set_new(o, "budget", json_string(a->policy.budget));
    json_object_set_new(o, "policy", json_string(a->policy.label));
    json_object_set_new(o, "policy_file", json_string(a->policy.path));
    json_object_set_new(o, "policy_sha256", json_string(a->policy.sha256));
    json_object_set_new(o, "firm", json_string(a->firm));
    json_object_set_new(o, "product", json_string(a->product));
    json_object_set_new(o, "applied", json_string(date_format(a->applied_date, d)));
    json_t *inputs = json_loads(a->inputs, 0, NULL);
    json_object_set_new(o, "inputs", inputs ? inputs : json_object());
    json_object_set_new(o, "eligible", json_boolean(a->eligible));
    json_object_set_new(o, "decided_fen", json_integer(a->decided_fen));
    json_object_set_new(o, "reason", json_string(a->reason));
    json_object_set_new(o, "status", json_string(a->status));
    json_object_set_new(o, "award_fen", json_integer(a->award_fen));
    json_object_set_new(o, "paid_fen", json_integer(a->paid_fen));
    json_object_set_new(o, "clawed_back_fen", json_integer(a->clawed_fen));
    if (a->award_date)
        json_object_set_new(o, "awarded", json_string(date_format(a->award_date, d)));
    if (a->pay_by)
        json_object_set_new(o, "pay_by", json_string(date_format(a->pay_by, d)));
    json_object_set_new(o, "note", json_string(a->note));
    return o;
}

json_t *view_subsidy_show(const subsidy_app *a, json_t *explanation, bool policy_unchanged) {
    json_t *o = view_subsidy(a);
    json_object_set_new(o, "policy_unchanged", json_boolean(policy_unchanged));
    json_object_set_new(o, "explanation", explanation ? explanation : json_array());
    return o;
}
