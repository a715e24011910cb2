/* target_view.c — JSON views of targets and their status (see target_view.h). */
#include "ops/target_view.h"

#include <assert.h>

json_t *view_target(const target *t) {
    assert(t != NULL);
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    char d[16];
    json_object_set_new(o, "programme", json_string(t->programme));
    json_object_set_new(o, "id", json_string(t->id));
    json_object_set_new(o, "indicator", json_string(target_indicator_name(t->indicator)));
    json_object_set_new(o, "unit",
                        json_string(target_indicator_is_money(t->indicator) ? "fen" : "count"));
    json_object_set_new(o, "value", json_integer(t->value));
    json_object_set_new(o, "deadline", json_string(date_format(t->deadline, d)));
    json_object_set_new(o, "base_year", t->base_year ? json_integer(t->base_year) : json_null());
    json_object_set_new(o, "base_value", json_integer(t->base_value));
    json_object_set_new(o, "filter", json_string(t->filter));
    json_object_set_new(o, "source", json_string(t->source));
    return o;
}

json_t *view_target_status(const target_status *s) {
    assert(s != NULL);
    json_t *o = view_target(&s->t);
    if (o == NULL)
        return NULL;
    char d[16];
    const target_assessment *a = &s->a;
    bool k = s->actual_known;
    json_object_set_new(o, "actual", k ? json_integer(s->actual) : json_null());
    json_object_set_new(o, "actual_source", json_string(s->actual_source));
    json_object_set_new(o, "actual_date", json_string(date_format(s->actual_date, d)));
    json_object_set_new(o, "progress", k ? json_real(a->progress) : json_null());
    json_object_set_new(o, "needed_growth",
                        k && a->needed_ok ? json_real(a->needed_cagr) : json_null());
    json_object_set_new(o, "years_left", k ? json_real(a->years_left) : json_null());
    json_object_set_new(o, "met", json_boolean(k && a->met));
    json_object_set_new(o, "rag", k ? json_string(target_rag_name(a->rag)) : json_null());
    json_object_set_new(o, "path_value", k && a->path_ok ? json_real(a->path_value) : json_null());
    json_object_set_new(o, "probability",
                        s->has_probability ? json_real(s->probability.probability) : json_null());
    json_object_set_new(o, "probability_paths",
                        s->has_probability ? json_integer(s->probability.paths) : json_null());
    return o;
}

json_t *view_target_statuses(const target_status *s, size_t n) {
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, view_target_status(&s[i]));
    return arr;
}
