/* auth_view.c — the JSON views of identity (see auth_view.h). */
#include "ops/auth_view.h"

#include <stdio.h>

#include "base/clock.h"

static json_t *scopes_json(const hs_scope *scopes, size_t n) {
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < n; i++) {
        char text[HS_SCOPE_ID_MAX + 16];
        snprintf(text, sizeof text, "%s:%s", scope_kind_name(scopes[i].kind), scopes[i].id);
        if (json_array_append_new(a, json_string(text)) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *iso_time(int64_t ns) {
    if (ns <= 0)
        return json_null();
    hs_clock at = {.fixed_now_ns = ns};
    char buf[32];
    return json_string(hs_clock_iso(&at, buf, sizeof buf));
}

json_t *view_user(const auth_user *u) {
    json_t *o = json_pack("{s:s, s:s, s:o, s:b, s:o}", "user", u->name, "role", role_name(u->role),
                          "scopes", scopes_json(u->scopes, u->scopes_count), "disabled",
                          u->disabled, "created_at", iso_time(u->created_ns));
    if (o != NULL && u->disabled)
        json_object_set_new(o, "disabled_at", iso_time(u->disabled_ns));
    return o;
}

json_t *view_users(const auth_user *users, size_t n) {
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < n; i++) {
        if (json_array_append_new(a, view_user(&users[i])) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

json_t *view_principal(const hs_principal *p) {
    return json_pack("{s:s, s:s, s:o}", "user", p->user, "role", role_name(p->role), "scopes",
                     scopes_json(p->scopes, p->scopes_count));
}

json_t *view_session_grant(const hs_principal *p, const char *csrf_token) {
    return json_pack("{s:s, s:s, s:s}", "user", p->user, "role", role_name(p->role), "csrf_token",
                     csrf_token);
}

json_t *view_token(const auth_token_rec *t) {
    char d[DATE_TEXT_LEN];
    json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:b}", "label", t->label, "user", t->user,
                          "created_at", iso_time(t->created_ns), "expires",
                          t->expires ? json_string(date_format(t->expires_date, d)) : json_null(),
                          "revoked", t->revoked_ns != 0);
    if (o != NULL && t->revoked_ns != 0)
        json_object_set_new(o, "revoked_at", iso_time(t->revoked_ns));
    return o;
}

json_t *view_tokens(const auth_token_rec *tokens, size_t n) {
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < n; i++) {
        if (json_array_append_new(a, view_token(&tokens[i])) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

json_t *view_token_created(const char *user, const char *token, bool expires,
                           hs_date expires_date) {
    char d[DATE_TEXT_LEN];
    return json_pack("{s:s, s:s, s:o}", "user", user, "token", token, "expires",
                     expires ? json_string(date_format(expires_date, d)) : json_null());
}

json_t *view_user_disabled(const char *user, const auth_disable_result *r) {
    return json_pack("{s:s, s:b, s:I, s:I}", "user", user, "was_disabled", r->was_disabled,
                     "sessions_ended", (json_int_t)r->sessions_ended, "tokens_revoked",
                     (json_int_t)r->tokens_revoked);
}

json_t *view_token_revoked(const auth_token_rec *t, bool was_revoked) {
    return json_pack("{s:s, s:s, s:b}", "label", t->label, "user", t->user, "was_revoked",
                     was_revoked);
}
