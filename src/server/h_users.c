/* h_users.c — the users of the book and their bearer tokens over HTTP, on src/ops/auth_ops.h with
 * the caller's context (the ops refuse every role but admin for changes, and but admin and
 * auditor for lists): an admin adds a user (the password in the body, hashed with Argon2id and
 * never stored, logged or audited in clear), disables one (its sessions end and its tokens are
 * revoked in the same transaction), creates a token for a machine client (shown once, in this
 * answer only, never cached) and revokes one; admins and auditors list users and tokens (never a
 * hash or a digest). Bodies are the bytes `user ... --json` / `token ... --json` print. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "ops/auth_ops.h"
#include "ops/auth_view.h"
#include "server/body_fields.h"
#include "server/handlers.h"
#include "server/paging.h"

static void respond_invalid(http_response *resp, const char *field, const char *msg) {
    hs_error err = {0};
    hs_invalid_field(&err, field, "%s", msg);
    http_respond_error(resp, &err, true, NULL);
}

void h_user_list(route_call *call, http_response *resp) {
    char after[HS_PRINCIPAL_NAME_MAX];
    bool has_cursor;
    size_t limit;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    auth_user *users = NULL;
    size_t n = 0;
    hs_error err = {0};
    if (ops_user_list(call->ctx, &users, &n, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *all = view_users(users, n);
    free(users);
    json_t *page = all ? page_of_array(all, "user", has_cursor ? after : NULL, limit) : NULL;
    json_decref(all);
    respond_page(resp, page);
}

/* Fills u from the body's user, role and scopes; false with resp filled. */
static bool user_of_body(route_call *call, http_response *resp, auth_user *u) {
    const char *name, *role;
    if (!string_field(call, resp, "user", true, &name) ||
        !string_field(call, resp, "role", true, &role))
        return false;
    memset(u, 0, sizeof *u);
    if (strlen(name) >= sizeof u->name || !auth_user_name_valid(name)) {
        respond_invalid(resp, "user",
                        "user name must be 1..63 bytes of a-z 0-9 . _ - starting with a letter");
        return false;
    }
    snprintf(u->name, sizeof u->name, "%s", name);
    if ((u->role = role_parse(role)) == HS_ROLE_NONE) {
        respond_invalid(resp, "role",
                        "role is one of admin officer reviewer fund_manager bank provider "
                        "enterprise auditor analyst");
        return false;
    }
    json_t *scopes = json_object_get(call->body, "scopes");
    if (scopes != NULL &&
        (!json_is_array(scopes) || json_array_size(scopes) > HS_PRINCIPAL_SCOPES_MAX)) {
        respond_invalid(resp, "scopes", "scopes is an array of at most 32 KIND:ID strings");
        return false;
    }
    size_t i;
    json_t *s;
    json_array_foreach(scopes, i, s) {
        if (!json_is_string(s) || !scope_parse(json_string_value(s), &u->scopes[u->scopes_count])) {
            respond_invalid(resp, "scopes",
                            "each scope is KIND:ID (KIND one of programme fund bank provider "
                            "firm; ID 1..63 bytes, no control characters)");
            return false;
        }
        u->scopes_count++;
    }
    return true;
}

void h_user_add(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"user", "role", "scopes", "password", NULL};
    auth_user u;
    const char *password;
    if (!only_fields(call, resp, allowed) || !user_of_body(call, resp, &u) ||
        !string_field(call, resp, "password", true, &password))
        return;
    if (strlen(password) > AUTH_PASSWORD_MAX) {
        respond_invalid(resp, "password", "the password is longer than 256 bytes");
        return;
    }
    hs_error err = {0};
    if (ops_user_add(call->ctx, &call->env->auth, &u, password, &err) != HS_OK) {
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    auth_user *users = NULL;
    size_t n = 0;
    json_t *view = NULL;
    if (ops_user_list(call->ctx, &users, &n, &err) == HS_OK)
        for (size_t i = 0; i < n && view == NULL; i++)
            if (strcmp(users[i].name, u.name) == 0)
                view = view_user(&users[i]);
    free(users);
    if (view == NULL) {
        hs_principal p = auth_user_principal(&u);
        view = view_principal(&p); /* an admin added it but may not list: who it is */
    }
    http_respond_json(resp, 201, view);
}

void h_user_disable(route_call *call, http_response *resp) {
    const char *name = route_param(call->match, "name");
    auth_disable_result r;
    hs_error err = {0};
    if (ops_user_disable(call->ctx, name, &r, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_view(resp, view_user_disabled(name, &r));
}

void h_token_create(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"user", "expires", NULL};
    const char *user;
    hs_date expires;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "user", true, &user) ||
        !date_field(call, resp, "expires", false, &expires))
        return;
    char token[AUTH_SECRET_MAX];
    hs_error err = {0};
    if (ops_token_create(call->ctx, user, expires != 0, expires, token, &err) != HS_OK) {
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    json_t *view = view_token_created(user, token, expires != 0, expires);
    sodium_memzero(token, sizeof token);
    resp->no_store = true; /* the token is in this answer only */
    http_respond_json(resp, 201, view);
}

void h_token_list(route_call *call, http_response *resp) {
    char after[AUTH_TOKEN_LABEL_MAX];
    bool has_cursor;
    size_t limit;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    auth_token_rec *tokens = NULL;
    size_t n = 0;
    hs_error err = {0};
    if (ops_token_list(call->ctx, http_query(call->req, "user"), &tokens, &n, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *all = view_tokens(tokens, n);
    sodium_memzero(tokens, n * sizeof *tokens);
    free(tokens);
    json_t *page = all ? page_of_array(all, "label", has_cursor ? after : NULL, limit) : NULL;
    json_decref(all);
    respond_page(resp, page);
}

void h_token_revoke(route_call *call, http_response *resp) {
    auth_token_rec t;
    bool was_revoked = false;
    hs_error err = {0};
    if (ops_token_revoke(call->ctx, route_param(call->match, "label"), &t, &was_revoked, &err) !=
        HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *view = view_token_revoked(&t, was_revoked);
    sodium_memzero(&t, sizeof t);
    respond_view(resp, view);
}
