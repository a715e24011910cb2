/* router.c — matching a method and raw path against the route table, percent-decoding each path
 * segment on its own (see routes.h). */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "server/routes.h"

static int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool route_decode_segment(const char *s, size_t len, char *out, size_t out_len, char *why,
                          size_t why_len) {
    assert(out_len > 0);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            int hi = i + 1 < len ? hex_value(s[i + 1]) : -1;
            int lo = i + 2 < len ? hex_value(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                snprintf(why, why_len, "a '%%' must be followed by two hex digits");
                return false;
            }
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        }
        if (c < 0x20 || c == 0x7f) {
            snprintf(why, why_len, "path segments may not hold control characters or NUL");
            return false;
        }
        if (n + 1 >= out_len) {
            snprintf(why, why_len, "a path segment is longer than %zu bytes", out_len - 1);
            return false;
        }
        out[n++] = (char)c;
    }
    out[n] = '\0';
    if (n == 0) {
        snprintf(why, why_len, "empty path segment");
        return false;
    }
    if (strcmp(out, ".") == 0 || strcmp(out, "..") == 0) {
        snprintf(why, why_len, "'.' and '..' are not path segments here");
        return false;
    }
    return true;
}

/* Matches one template against the path's segments; fills m on success. */
static bool match_template(const char *tmpl, const char *path, route_match *m, bool *bad, char *why,
                           size_t why_len) {
    m->count = 0;
    const char *t = tmpl, *p = path;
    while (*t == '/' && *p == '/') {
        t++;
        p++;
        const char *te = strchr(t, '/'), *pe = strchr(p, '/');
        size_t tl = te ? (size_t)(te - t) : strlen(t), pl = pe ? (size_t)(pe - p) : strlen(p);
        if (tl > 2 && t[0] == '{' && t[tl - 1] == '}') {
            if (m->count == ROUTE_PARAMS_MAX)
                return false;
            if (!route_decode_segment(p, pl, m->values[m->count], ROUTE_PARAM_MAX, why, why_len)) {
                *bad = true;
                return false;
            }
            m->names[m->count] = t + 1; /* "name}..." — compared up to '}' by route_param */
            m->count++;
        } else if (tl != pl || memcmp(t, p, tl) != 0) {
            return false;
        }
        t += tl;
        p += pl;
    }
    return *t == '\0' && *p == '\0';
}

hs_status route_find(const char *method, const char *path, route_match *m, hs_error *err) {
    assert(method != NULL && path != NULL && m != NULL);
    memset(m, 0, sizeof *m);
    bool other_method = false;
    char why[160] = "";
    for (const server_route *r = server_routes; r->method != NULL; r++) {
        bool bad = false;
        route_match tmp;
        if (!match_template(r->path, path, &tmp, &bad, why, sizeof why)) {
            if (bad)
                return hs_fail_code(err, HS_INPUT, "invalid_path", "path", "bad path '%.200s': %s",
                                    path, why);
            continue;
        }
        if (strcmp(r->method, method) != 0) {
            other_method = true;
            continue;
        }
        *m = tmp;
        m->route = r;
        return HS_OK;
    }
    if (other_method)
        return hs_fail_code(err, HS_INPUT, "method_not_allowed", "method",
                            "%.16s is not allowed on %.200s", method, path);
    return hs_not_found(err, "path", "no route %.16s %.200s", method, path);
}

const char *route_param(const route_match *m, const char *name) {
    size_t len = strlen(name);
    for (size_t i = 0; i < m->count; i++)
        if (strncmp(m->names[i], name, len) == 0 && m->names[i][len] == '}')
            return m->values[i];
    return NULL;
}

static json_t *role_list(uint32_t roles) {
    json_t *a = json_array();
    for (int r = HS_ROLE_NONE + 1; r < HS_ROLE_OPERATOR; r++)
        if (roles & ROLE_BIT(r))
            json_array_append_new(a, json_string(role_name((hs_role)r)));
    return a;
}

json_t *routes_json(void) {
    json_t *all = json_array();
    if (all == NULL)
        return NULL;
    for (const server_route *r = server_routes; r->method != NULL; r++) {
        json_t *o = json_object();
        json_object_set_new(o, "method", json_string(r->method));
        json_object_set_new(o, "path", json_string(r->path));
        json_object_set_new(o, "public", json_boolean(r->public_route));
        json_object_set_new(o, "roles", r->public_route ? json_array() : role_list(r->roles));
        static const char *const scope_names[] = {[SCOPE_RULE_NONE] = "none",
                                                  [SCOPE_RULE_ACCOUNT] = "account",
                                                  [SCOPE_RULE_PROGRAMME] = "programme",
                                                  [SCOPE_RULE_FIRM] = "firm"};
        json_object_set_new(o, "scope", json_string(scope_names[r->scope]));
        json_object_set_new(o, "scope_param",
                            r->scope_param ? json_string(r->scope_param) : json_null());
        json_object_set_new(o, "idempotent", json_boolean(r->idempotent_post));
        json_object_set_new(o, "example_path", json_string(r->example_path));
        json_object_set_new(o, "example_body",
                            r->example_body ? json_string(r->example_body) : json_null());
        json_object_set_new(o, "example_status", json_integer(r->example_status));
        json_array_append_new(all, o);
    }
    return all;
}
