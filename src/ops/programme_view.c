/* programme_view.c — JSON views of programmes (see programme_view.h). */
#include "ops/programme_view.h"

#include <assert.h>

static const char *const figure_keys[PROGRAMME_FIGURES] = {"appropriated_fen", "returned_fen",
                                                           "reserved_fen",     "paid_fen",
                                                           "closed_out_fen",   "remaining_fen"};

json_t *view_programme_budget(const programme_budget *b) {
    assert(b != NULL);
    int64_t v[PROGRAMME_FIGURES] = {b->appropriated_fen, b->returned_fen,   b->reserved_fen,
                                    b->paid_fen,         b->closed_out_fen, b->remaining_fen};
    json_t *o = json_object();
    json_object_set_new(o, "budget", json_string(b->name));
    json_object_set_new(o, "account", json_string(b->account));
    for (int i = 0; i < PROGRAMME_FIGURES; i++)
        json_object_set_new(o, figure_keys[i], json_integer(v[i]));
    return o;
}

json_t *view_programme_appropriation(const programme_status *s) {
    assert(s != NULL);
    const programme_appropriation *a = &s->appropriation;
    if (!a->multi_year)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "pledged_fen", json_integer(a->pledged_fen));
    json_object_set_new(o, "released_fen", json_integer(a->released_fen));
    json_object_set_new(o, "unreleased_fen", json_integer(a->unreleased_fen));
    json_object_set_new(o, "unbudgeted_fen", json_integer(a->unbudgeted_fen));
    return o;
}

json_t *view_programme_status(const programme_status *s) {
    assert(s != NULL && (s->n_budgets == 0 || s->budgets != NULL));
    json_t *budgets = json_array();
    for (size_t i = 0; i < s->n_budgets; i++)
        json_array_append_new(budgets, view_programme_budget(&s->budgets[i]));
    json_t *o = json_object();
    json_object_set_new(o, "programme", json_string(s->programme.id));
    json_object_set_new(o, "title_zh", json_string(s->programme.title_zh));
    json_object_set_new(o, "title_en", json_string(s->programme.title_en));
    json_object_set_new(o, "closed", json_boolean(s->programme.closed));
    json_object_set_new(o, "multi_year_appropriation", view_programme_appropriation(s));
    json_object_set_new(o, "budgets", budgets);
    for (int i = 0; i < PROGRAMME_FIGURES; i++)
        json_object_set_new(o, figure_keys[i], json_integer(s->totals[i]));
    return o;
}
