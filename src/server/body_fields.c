/* body_fields.c — reading the members of a route's JSON body (see body_fields.h). */
#include "server/body_fields.h"

#include <string.h>

#include "base/money.h"

/* Checks that the body has only the fields in `allowed` (NULL-ended); false with resp filled. */
bool only_fields(route_call *call, http_response *resp, const char *const *allowed) {
    const char *key;
    json_t *v;
    json_object_foreach(call->body, key, v) {
        bool ok = false;
        for (size_t i = 0; allowed[i] != NULL && !ok; i++)
            ok = strcmp(key, allowed[i]) == 0;
        if (!ok) {
            hs_error err = {0};
            hs_fail_code(&err, HS_INPUT, "unknown_field", key, "unknown field '%.64s'", key);
            http_respond_error(resp, &err, false, NULL);
            return false;
        }
    }
    return true;
}

/* An optional string member; false (resp filled, 422) when present and not a non-empty string. */
bool string_field(route_call *call, http_response *resp, const char *name, bool required,
                  const char **out) {
    json_t *v = json_object_get(call->body, name);
    *out = json_string_value(v);
    if ((v == NULL && !required) || (*out != NULL && (*out)[0] != '\0'))
        return true;
    hs_error err = {0};
    hs_invalid_field(&err, name, "%s must be a non-empty string", name);
    http_respond_error(resp, &err, true, NULL);
    return false;
}

/* An optional amount: any money form as a string ("250万", "1,000.00") or integer fen as
 * amount_fen; 0 when absent. False (resp filled, 422) when malformed or both are given. */
bool amount_field(route_call *call, http_response *resp, int64_t *fen) {
    hs_error err = {0};
    json_t *text = json_object_get(call->body, "amount"),
           *raw = json_object_get(call->body, "amount_fen");
    *fen = 0;
    if (text != NULL && raw != NULL) {
        hs_invalid_field(&err, "amount", "give amount or amount_fen, not both");
    } else if (raw != NULL) {
        if (json_is_integer(raw) && json_integer_value(raw) > 0) {
            *fen = json_integer_value(raw);
            return true;
        }
        hs_invalid_field(&err, "amount_fen", "amount_fen must be a positive integer");
    } else if (text != NULL) {
        char why[128] = "";
        if (json_is_string(text) && money_parse(json_string_value(text), fen, why, sizeof why) &&
            *fen > 0)
            return true;
        hs_invalid_field(&err, "amount", "not a positive amount: %s", why[0] ? why : "");
    } else {
        return true;
    }
    http_respond_error(resp, &err, true, NULL);
    return false;
}
