/* dispatch.c — a request through the API as an authenticated caller (see dispatch.h). */
#include "server/dispatch.h"

#include "server/fund_scope.h"

#include "audit/audit_request.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

bool server_secret_equal(const char *a, const char *b) {
    if (a == NULL || b == NULL || a[0] == '\0' || b[0] == '\0')
        return false;
    return auth_secret_equal(a, b);
}

/* The scope object an account name belongs to: budget/PROG, fund/ID, bank/ID, provider/ID,
 * firm/USCC; HS_SCOPE_NONE for a free account name. */
static hs_scope_kind account_object(const char *name, char *id, size_t id_len) {
    static const struct {
        const char *prefix;
        hs_scope_kind kind;
    } kinds[] = {{"budget/", HS_SCOPE_PROGRAMME},
                 {"fund/", HS_SCOPE_FUND},
                 {"bank/", HS_SCOPE_BANK},
                 {"provider/", HS_SCOPE_PROVIDER},
                 {"firm/", HS_SCOPE_FIRM}};
    id[0] = '\0';
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t pl = strlen(kinds[i].prefix);
        if (strncmp(name, kinds[i].prefix, pl) != 0)
            continue;
        const char *s = name + pl, *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0 || n >= id_len)
            return HS_SCOPE_NONE;
        memcpy(id, s, n);
        id[n] = '\0';
        return kinds[i].kind;
    }
    return HS_SCOPE_NONE;
}

bool route_account_visible(const hs_principal *p, const char *name) {
    if (p->role == HS_ROLE_AUDITOR || p->role == HS_ROLE_OPERATOR)
        return true;
    char id[HS_SCOPE_ID_MAX];
    hs_scope_kind kind = account_object(name, id, sizeof id);
    if (kind == HS_SCOPE_NONE)
        return p->role == HS_ROLE_OFFICER;
    return principal_in_scope(p, kind, id);
}

hs_scope_kind route_role_scope_kind(hs_role role) {
    switch (role) {
    case HS_ROLE_OFFICER:
    case HS_ROLE_REVIEWER:
        return HS_SCOPE_PROGRAMME;
    case HS_ROLE_FUND_MANAGER:
        return HS_SCOPE_FUND;
    case HS_ROLE_BANK:
        return HS_SCOPE_BANK;
    case HS_ROLE_PROVIDER:
        return HS_SCOPE_PROVIDER;
    case HS_ROLE_ENTERPRISE:
        return HS_SCOPE_FIRM;
    default:
        return HS_SCOPE_NONE;
    }
}

bool route_record_visible(const hs_principal *p, const char *programme, const char *firm) {
    if (p->role == HS_ROLE_AUDITOR || p->role == HS_ROLE_OPERATOR)
        return true;
    hs_scope_kind k = route_role_scope_kind(p->role);
    if (k == HS_SCOPE_PROGRAMME && programme != NULL && programme[0] != '\0')
        return principal_in_scope(p, k, programme);
    if (k == HS_SCOPE_FIRM && firm != NULL && firm[0] != '\0')
        return principal_in_scope(p, k, firm);
    return false;
}

static bool scope_allows(const server_env *env, const route_match *m, const hs_principal *p,
                         hs_error *err) {
    const server_route *r = m->route;
    if (r->scope == SCOPE_RULE_NONE)
        return true;
    const char *value = route_param(m, r->scope_param);
    assert(value != NULL); /* the table names a parameter its template has */
    if (r->scope == SCOPE_RULE_ACCOUNT) {
        /* a fund manager's mother-fund scope covers its sub-funds' accounts (fund_scope.h) */
        hs_ctx ctx = ops_ctx(env->store, &env->clock, p, env->data_dir);
        if (fund_scope_account_visible(&ctx, p, value))
            return true;
    }
    if (r->scope != SCOPE_RULE_ACCOUNT) {
        hs_scope_kind want = r->scope == SCOPE_RULE_PROGRAMME ? HS_SCOPE_PROGRAMME : HS_SCOPE_FIRM;
        if (route_role_scope_kind(p->role) != want || principal_in_scope(p, want, value))
            return true;
    }
    hs_fail_code(err, HS_REFUSED, "forbidden", r->scope_param,
                 "%s (%s) may not act on '%.200s': not in its scope", p->user, role_name(p->role),
                 value);
    return false;
}

/* The audit request of a call: its body's SHA-256, except that a body carrying a secret (a
 * password) is hashed without it, canonically, so that the chain holds no hash one could test
 * guesses of the password against. */
static void audit_body(const server_route *r, const http_request *req, json_t *body,
                       const char *actor, const char *action, const char *object,
                       audit_request *out) {
    if (!r->body_has_secret || !json_is_object(body)) {
        *out = audit_request_make(actor, action, object, req->body, req->body_len);
        return;
    }
    json_t *kept = json_deep_copy(body);
    char *text = NULL;
    if (kept != NULL) {
        json_object_del(kept, "password");
        text = json_dumps(kept, JSON_COMPACT | JSON_SORT_KEYS);
    }
    *out = audit_request_make(actor, action, object, text ? text : "", text ? strlen(text) : 0);
    free(text);
    json_decref(kept);
}

static bool state_changing(const char *method) {
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
           strcmp(method, "OPTIONS") != 0;
}

/* Parses the body as JSON: HS_INPUT invalid_json naming line and column when malformed. */
static hs_status parse_body(const http_request *req, json_t **out, hs_error *err) {
    *out = NULL;
    if (req->body == NULL || req->body_len == 0)
        return hs_fail_code(err, HS_INPUT, "invalid_json", "body",
                            "this route takes a JSON body; none was sent");
    json_error_t jerr;
    json_t *v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (v == NULL)
        return hs_fail_code(err, HS_INPUT, "invalid_json", "body",
                            "the body is not valid JSON: line %d, column %d: %s", jerr.line,
                            jerr.column, jerr.text);
    if (!json_is_object(v)) {
        json_decref(v);
        return hs_fail_code(err, HS_INPUT, "invalid_json", "body",
                            "the body must be a JSON object");
    }
    *out = v;
    return HS_OK;
}

static bool idempotency_key_ok(const char *key) {
    size_t n = key ? strlen(key) : 0;
    if (n == 0 || n > 255)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)key[i] < 0x21 || (unsigned char)key[i] > 0x7e)
            return false;
    return true;
}

/* Adds the ETag of a successful GET and turns it into 304 when If-None-Match names it. */
static void etag(const http_request *req, http_response *resp) {
    if (strcmp(req->method, "GET") != 0 || resp->status != 200 || resp->body == NULL)
        return;
    unsigned char h[16];
    crypto_generichash(h, sizeof h, (const unsigned char *)resp->body, resp->body_len, NULL, 0);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(resp->etag, sizeof resp->etag, "\"%s\"", hex);
    const char *inm = http_header(req, "If-None-Match");
    if (inm == NULL)
        return;
    bool match = strcmp(inm, "*") == 0;
    for (const char *p = inm; !match && (p = strstr(p, resp->etag)) != NULL; p++)
        match = true;
    if (!match) {
        /* weak comparison: W/"x" matches "x" */
        char weak[48];
        snprintf(weak, sizeof weak, "W/%s", resp->etag);
        match = strstr(inm, weak) != NULL;
    }
    if (match) {
        http_response_free(resp);
        resp->status = 304;
    }
}

void server_handle_as(const server_env *env, const http_request *req, const hs_principal *caller,
                      const char *session_token, const char *csrf_token, http_response *resp) {
    assert(env != NULL && req != NULL && resp != NULL);
    hs_error err = {0};
    route_match m;
    if (route_find(req->method, req->path, &m, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    const server_route *r = m.route;
    hs_principal anonymous = principal_make("anonymous", HS_ROLE_NONE);
    if (!r->public_route) {
        if (caller == NULL) {
            hs_fail_code(&err, HS_REFUSED, "unauthenticated", NULL,
                         "log in (POST /api/v1/session) or send Authorization: Bearer TOKEN");
            http_respond_error(resp, &err, false, NULL);
            return;
        }
        if (csrf_token != NULL && state_changing(req->method) &&
            !server_secret_equal(http_header(req, "X-CSRF-Token"), csrf_token)) {
            hs_fail_code(&err, HS_REFUSED, "csrf", "X-CSRF-Token",
                         "a request authenticated by the session cookie must carry the session's "
                         "X-CSRF-Token header");
            http_respond_error(resp, &err, false, NULL);
            return;
        }
        if (caller->role <= HS_ROLE_NONE || caller->role >= HS_ROLE_OPERATOR ||
            !(r->roles & ROLE_BIT(caller->role))) {
            hs_fail_code(&err, HS_REFUSED, "forbidden", NULL, "%s (%s) may not %s %s", caller->user,
                         role_name(caller->role), r->method, r->path);
            http_respond_error(resp, &err, false, NULL);
            return;
        }
        if (!scope_allows(env, &m, caller, &err)) {
            http_respond_error(resp, &err, false, NULL);
            return;
        }
    } else {
        caller = caller != NULL ? caller : &anonymous;
    }
    if (req->body_too_large) {
        hs_fail_code(&err, HS_INPUT, "body_too_large", "body", "the body is larger than %u bytes",
                     HTTP_BODY_MAX_DEFAULT);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    if (r->idempotent_post && !idempotency_key_ok(http_header(req, "Idempotency-Key"))) {
        hs_fail_code(&err, HS_INPUT, "idempotency_key_required", "Idempotency-Key",
                     "%s %s moves money: send an Idempotency-Key header (1..255 visible ASCII "
                     "characters) so that a retry cannot pay twice",
                     r->method, r->path);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *body = NULL;
    if (r->body_json && parse_body(req, &body, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    /* The context acts as the caller; anonymous callers (public routes) get a context whose
     * principal holds no right (role none), built without ops_ctx's assertion for real users. */
    hs_ctx ctx;
    if (caller->role != HS_ROLE_NONE) {
        ctx = ops_ctx(env->store, &env->clock, caller, env->data_dir);
    } else {
        store_use_clock(env->store, &env->clock);
        ctx = (hs_ctx){.store = env->store,
                       .clock = env->clock,
                       .actor = caller->user,
                       .data_dir = env->data_dir,
                       .principal = caller};
    }
    /* what the audit entry of any change this request commits says: the route, the object named
     * by the path (its first parameter), the SHA-256 of the body; the actor is the caller */
    char action[AUDIT_ACTION_MAX];
    snprintf(action, sizeof action, "%s %s", r->method, r->path);
    audit_request audit;
    audit_body(r, req, body, caller->user, action, m.count > 0 ? m.values[0] : "", &audit);
    ctx.request = &audit;
    route_call call = {.env = env,
                       .req = req,
                       .match = &m,
                       .ctx = &ctx,
                       .caller = caller,
                       .body = body,
                       .session_token = session_token};
    r->handler(&call, resp);
    json_decref(body);
    etag(req, resp);
}
