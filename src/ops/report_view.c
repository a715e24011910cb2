/* report_view.c — the JSON view of a report (see report_view.h). */
#include "ops/report_view.h"

#include <assert.h>

json_t *view_report_table(const report_table *t) {
    assert(t != NULL);
    json_t *o = json_object();
    json_object_set_new(o, "title", json_string(t->title));
    json_object_set_new(o, "rows", table_to_json(t));
    return o;
}
