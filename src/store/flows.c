/* flows.c — classifying transfers and reading their references (see flows.h); backend-neutral:
 * the flags and the canonical JSON of references are the ledger's own encodings. */
#include "store/flows.h"

#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

flow_kind flow_kind_of(const hs_transfer *t) {
    assert(t != NULL);
    if (t->flags & TRANSFER_PENDING)
        return FLOW_RESERVE;
    if (t->flags & TRANSFER_POST_PENDING)
        return FLOW_POST;
    if (t->flags & TRANSFER_VOID_PENDING)
        return FLOW_RELEASE;
    return FLOW_MOVE;
}

bool flow_moved(const hs_transfer *t) {
    flow_kind k = flow_kind_of(t);
    return k == FLOW_MOVE || k == FLOW_POST;
}

bool flow_reservation_open(const hs_transfer *t) {
    return flow_kind_of(t) == FLOW_RESERVE && t->state == PENDING_OPEN;
}

bool flow_ref(const hs_transfer *t, const char *key, char *out, size_t len) {
    assert(t != NULL && key != NULL && out != NULL && len > 0);
    out[0] = '\0';
    if (t->refs[0] == '\0')
        return false;
    json_t *o = json_loads(t->refs, 0, NULL);
    if (o == NULL) /* unreadable references name nothing */
        return false;
    bool found = false;
    json_t *v = json_object_get(o, key);
    if (json_is_string(v)) {
        snprintf(out, len, "%s", json_string_value(v));
        found = true;
    } else if (json_is_integer(v)) {
        snprintf(out, len, "%lld", (long long)json_integer_value(v));
        found = true;
    }
    json_decref(o);
    return found;
}
