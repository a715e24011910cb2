/* body_fields.c — reading the members of a route's JSON body (see body_fields.h). */
#include "server/body_fields.h"

#include <assert.h>
#include <stdio.h>
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

/* A money member: `name` in any money form as a string ("250万", "1,000.00") or `name`_fen an
 * integer; 0 when absent and not required. False (resp filled, 422) when malformed, not positive,
 * both given, or required and absent. */
bool copy_field(http_response *resp, const char *name, const char *value, char *dst, size_t cap) {
    assert(resp != NULL && name != NULL && dst != NULL && cap > 0);
    if (value == NULL) {
        dst[0] = '\0';
        return true;
    }
    if (strlen(value) < cap) {
        snprintf(dst, cap, "%s", value);
        return true;
    }
    hs_error err = {0};
    hs_invalid_field(&err, name, "%s is longer than %zu bytes", name, cap - 1);
    http_respond_error(resp, &err, true, NULL);
    return false;
}

bool money_field(route_call *call, http_response *resp, const char *name, bool required,
                 int64_t *fen) {
    char fen_name[64];
    snprintf(fen_name, sizeof fen_name, "%s_fen", name);
    hs_error err = {0};
    json_t *text = json_object_get(call->body, name), *raw = json_object_get(call->body, fen_name);
    *fen = 0;
    if (text != NULL && raw != NULL) {
        hs_invalid_field(&err, name, "give %s or %s, not both", name, fen_name);
    } else if (raw != NULL) {
        if (json_is_integer(raw) && json_integer_value(raw) > 0) {
            *fen = json_integer_value(raw);
            return true;
        }
        hs_invalid_field(&err, fen_name, "%s must be a positive integer", fen_name);
    } else if (text != NULL) {
        char why[128] = "";
        if (json_is_string(text) && money_parse(json_string_value(text), fen, why, sizeof why) &&
            *fen > 0)
            return true;
        hs_invalid_field(&err, name, "not a positive amount: %s", why);
    } else if (required) {
        hs_invalid_field(&err, name, "give %s (any money form) or %s", name, fen_name);
    } else {
        return true;
    }
    assert(err.code[0] != '\0');
    http_respond_error(resp, &err, true, NULL);
    return false;
}

bool amount_field(route_call *call, http_response *resp, int64_t *fen) {
    return money_field(call, resp, "amount", false, fen);
}

/* A date member YYYY-MM-DD; *out 0 when absent and not required. */
bool date_field(route_call *call, http_response *resp, const char *name, bool required,
                hs_date *out) {
    json_t *v = json_object_get(call->body, name);
    *out = 0;
    if (v == NULL && !required)
        return true;
    if (json_is_string(v) && date_parse(json_string_value(v), out))
        return true;
    hs_error err = {0};
    hs_invalid_field(&err, name, "%s must be a date YYYY-MM-DD", name);
    http_respond_error(resp, &err, true, NULL);
    return false;
}

/* A boolean member; *out false when absent. */
bool bool_field(route_call *call, http_response *resp, const char *name, bool *out) {
    json_t *v = json_object_get(call->body, name);
    *out = json_is_true(v);
    if (v == NULL || json_is_boolean(v))
        return true;
    hs_error err = {0};
    hs_invalid_field(&err, name, "%s must be true or false", name);
    http_respond_error(resp, &err, true, NULL);
    return false;
}

/* An object member of at most max_members members, each a string of at most FACT_TEXT_MAX bytes
 * (the facts a person types, NAME -> VALUE, as on the CLI's --input: "true", "2500万");
 * *out borrowed, NULL when absent. */
bool facts_field(route_call *call, http_response *resp, const char *name, size_t max_members,
                 json_t **out) {
    json_t *v = json_object_get(call->body, name);
    *out = v;
    if (v == NULL)
        return true;
    hs_error err = {0};
    if (!json_is_object(v) || json_object_size(v) > max_members) {
        hs_invalid_field(&err, name, "%s must be an object of at most %zu facts", name,
                         max_members);
    } else {
        const char *key;
        json_t *fact;
        json_object_foreach(v, key, fact) {
            if (!json_is_string(fact) || json_string_length(fact) > FACT_TEXT_MAX) {
                hs_invalid_field(&err, name,
                                 "%s.%.64s must be a string of at most %d bytes (as typed: "
                                 "\"true\", \"2500万\")",
                                 name, key, FACT_TEXT_MAX);
                break;
            }
        }
        if (err.code[0] == '\0')
            return true;
    }
    http_respond_error(resp, &err, true, NULL);
    return false;
}
