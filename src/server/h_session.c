/* h_session.c — POST/GET/DELETE /api/v1/session: password login to a cookie session with its
 * CSRF token, who am I, and logout, over ops/auth_ops. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "server/handlers.h"

#define COOKIE_ATTRS "HttpOnly; SameSite=Strict; Path=/"

/* Wipes the password held in the parsed body (jansson's own copy). */
static void wipe_string(json_t *v) {
    if (json_is_string(v))
        sodium_memzero((char *)json_string_value(v), json_string_length(v));
}

void h_session_login(route_call *call, http_response *resp) {
    hs_error err = {0};
    const char *key;
    json_t *value;
    json_object_foreach(call->body, key, value) {
        if (strcmp(key, "user") != 0 && strcmp(key, "password") != 0) {
            hs_fail_code(&err, HS_INPUT, "unknown_field", key,
                         "unknown field '%s' (give user and password)", key);
            http_respond_error(resp, &err, false, NULL);
            wipe_string(json_object_get(call->body, "password"));
            return;
        }
    }
    json_t *u = json_object_get(call->body, "user"), *p = json_object_get(call->body, "password");
    if (!json_is_string(u) || !json_is_string(p)) {
        hs_invalid_field(&err, json_is_string(u) ? "password" : "user",
                         "give user and password as strings");
        http_respond_error(resp, &err, true, NULL);
        wipe_string(p);
        return;
    }
    auth_session_grant grant;
    hs_status st = ops_session_login(call->ctx, &call->env->auth, json_string_value(u),
                                     json_string_value(p), call->req->client_addr, &grant, &err);
    wipe_string(p);
    if (st != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *body = json_pack("{s:s, s:s, s:s}", "user", grant.principal.user, "role",
                             role_name(grant.principal.role), "csrf_token", grant.csrf_token);
    http_respond_json(resp, 200, body);
    resp->no_store = true;
    snprintf(resp->set_cookie, sizeof resp->set_cookie, "huoshui_session=%s; " COOKIE_ATTRS "%s",
             grant.session_token, call->env->cookie_secure ? "; Secure" : "");
    sodium_memzero(&grant, sizeof grant);
}

void h_session_get(route_call *call, http_response *resp) {
    const hs_principal *p = call->caller;
    json_t *scopes = json_array();
    for (size_t i = 0; i < p->scopes_count; i++) {
        char text[HS_SCOPE_ID_MAX + 16];
        snprintf(text, sizeof text, "%s:%s", scope_kind_name(p->scopes[i].kind), p->scopes[i].id);
        json_array_append_new(scopes, json_string(text));
    }
    http_respond_json(resp, 200,
                      json_pack("{s:s, s:s, s:o, s:s}", "user", p->user, "role", role_name(p->role),
                                "scopes", scopes, "via",
                                call->session_token ? "session" : "bearer"));
    resp->no_store = true;
}

void h_session_logout(route_call *call, http_response *resp) {
    hs_error err = {0};
    if (call->session_token == NULL) {
        hs_fail_code(&err, HS_INPUT, "no_session", NULL,
                     "this request came with a bearer token, not a session cookie: there is no "
                     "session to end");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    if (ops_session_logout(call->ctx, call->session_token, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    http_respond_json(resp, 200, json_pack("{s:b}", "logged_out", 1));
    resp->no_store = true;
    snprintf(resp->set_cookie, sizeof resp->set_cookie,
             "huoshui_session=; Max-Age=0; " COOKIE_ATTRS "%s",
             call->env->cookie_secure ? "; Secure" : "");
}
