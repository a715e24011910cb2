/* authn.c — who sends a request: a bearer token or the session cookie (see dispatch.h,
 * server_handle). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "server/dispatch.h"
#include "server/static.h"

/* The value of cookie `name` in the Cookie header, copied into out; false if absent or too long. */
static bool cookie_value(const http_request *req, const char *name, char *out, size_t len) {
    const char *h = http_header(req, "Cookie");
    size_t nl = strlen(name);
    for (const char *p = h; p != NULL && *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        size_t seg = end ? (size_t)(end - p) : strlen(p);
        if (seg > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
            size_t vl = seg - nl - 1;
            if (vl + 1 > len)
                return false;
            memcpy(out, p + nl + 1, vl);
            out[vl] = '\0';
            while (vl > 0 && out[vl - 1] == ' ')
                out[--vl] = '\0';
            return vl > 0;
        }
        p = end;
    }
    return false;
}

/* The context authentication runs in: the worker's store, acting as nobody. */
static hs_ctx anonymous_ctx(const server_env *env, const hs_principal *nobody) {
    store_use_clock(env->store, &env->clock);
    return (hs_ctx){.store = env->store,
                    .clock = env->clock,
                    .actor = nobody->user,
                    .data_dir = env->data_dir,
                    .principal = nobody};
}

static bool is_public(const http_request *req) {
    route_match m;
    hs_error err = {0};
    return route_find(req->method, req->path, &m, &err) == HS_OK && m.route->public_route;
}

void server_handle(const server_env *env, const http_request *req, http_response *resp) {
    if (static_is_web_path(req->path)) { /* the dashboard's files: no API, no authentication */
        static_handle(env->data_dir, req, resp);
        return;
    }
    hs_principal nobody = principal_make("anonymous", HS_ROLE_NONE);
    hs_ctx ctx = anonymous_ctx(env, &nobody);
    hs_error err = {0};
    hs_principal who;
    const char *authz = http_header(req, "Authorization");
    if (authz != NULL) {
        if (strncasecmp(authz, "Bearer ", 7) != 0) {
            hs_fail_code(&err, HS_REFUSED, "unauthenticated", "Authorization",
                         "Authorization must be 'Bearer TOKEN'");
            http_respond_error(resp, &err, false, NULL);
            return;
        }
        const char *token = authz + 7;
        while (*token == ' ')
            token++;
        if (ops_token_authenticate(&ctx, token, &who, &err) != HS_OK) {
            http_respond_error(resp, &err, false, NULL);
            return;
        }
        server_handle_as(env, req, &who, NULL, NULL, resp);
        return;
    }
    char session[SERVER_SECRET_MAX];
    if (cookie_value(req, "huoshui_session", session, sizeof session)) {
        char csrf[AUTH_SECRET_MAX];
        hs_status st = ops_session_resume(&ctx, &env->auth, session, &who, csrf, &err);
        if (st == HS_OK)
            server_handle_as(env, req, &who, session, csrf, resp);
        else if (is_public(req))
            server_handle_as(env, req, NULL, NULL, NULL, resp);
        else
            http_respond_error(resp, &err, false, NULL);
        sodium_memzero(csrf, sizeof csrf);
        sodium_memzero(session, sizeof session);
        return;
    }
    server_handle_as(env, req, NULL, NULL, NULL, resp);
}
