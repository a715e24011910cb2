/* approval_view.c — the JSON view of an approval (see approval_view.h). */
#include "ops/approval_view.h"

#include <assert.h>

#include "base/date.h"

static json_t *date_or_null(hs_date d) {
    char t[DATE_TEXT_LEN];
    return d == 0 ? json_null() : json_string(date_format(d, t));
}

json_t *view_approval(const approval *a) {
    assert(a != NULL);
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    json_t *req = json_loads(a->request, 0, NULL);
    json_object_set_new(o, "id", json_string(a->id));
    json_object_set_new(o, "programme", json_string(a->programme));
    json_object_set_new(o, "action", json_string(a->action));
    json_object_set_new(o, "request", req ? req : json_string(a->request));
    json_object_set_new(o, "amount_fen", json_integer(a->amount_fen));
    json_object_set_new(o, "maker", json_string(a->maker));
    json_object_set_new(o, "created", date_or_null(a->created_date));
    json_object_set_new(o, "state", json_string(a->state));
    json_object_set_new(o, "checker", json_string(a->checker));
    json_object_set_new(o, "reason", json_string(a->reason));
    json_object_set_new(o, "decided", date_or_null(a->decided_date));
    return o;
}

json_t *view_approval_pending(const approval *a) {
    json_t *o = json_object();
    if (o != NULL)
        json_object_set_new(o, "pending_approval", view_approval(a));
    return o;
}
