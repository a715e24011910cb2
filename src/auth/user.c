/* user.c — user names and the scopes each role may hold (see user.h). */
#include "auth/user.h"

#include <assert.h>
#include <string.h>

#include "registry/uscc.h"

bool auth_user_name_valid(const char *name) {
    if (name == NULL || !(name[0] >= 'a' && name[0] <= 'z'))
        return false;
    size_t len = strnlen(name, HS_PRINCIPAL_NAME_MAX);
    if (len >= HS_PRINCIPAL_NAME_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

hs_scope_kind auth_role_scope_kind(hs_role role) {
    switch (role) {
    case HS_ROLE_ENTERPRISE:
        return HS_SCOPE_FIRM;
    case HS_ROLE_BANK:
        return HS_SCOPE_BANK;
    case HS_ROLE_PROVIDER:
        return HS_SCOPE_PROVIDER;
    case HS_ROLE_OFFICER:
    case HS_ROLE_REVIEWER:
        return HS_SCOPE_PROGRAMME;
    case HS_ROLE_FUND_MANAGER:
        return HS_SCOPE_FUND;
    default:
        return HS_SCOPE_NONE;
    }
}

static bool server_role(hs_role r) {
    return r > HS_ROLE_NONE && r < HS_ROLE_OPERATOR;
}

static hs_status check_scope(const auth_user *u, size_t i, hs_scope_kind want, hs_error *err) {
    const hs_scope *s = &u->scopes[i];
    assert(s->kind > HS_SCOPE_NONE && s->kind < HS_SCOPE_KIND_COUNT);
    if (want == HS_SCOPE_NONE)
        return hs_invalid_field(err, "scope",
                                "role %s holds no scope (it acts book-wide), got %s:%s",
                                role_name(u->role), scope_kind_name(s->kind), s->id);
    if (s->kind != want)
        return hs_invalid_field(err, "scope", "role %s works in %s:ID scopes, not %s:%s",
                                role_name(u->role), scope_kind_name(want), scope_kind_name(s->kind),
                                s->id);
    char why[128];
    if (want == HS_SCOPE_FIRM && !uscc_valid(s->id, why, sizeof why))
        return hs_invalid_field(err, "scope", "firm:%s is not a valid 统一社会信用代码: %s", s->id,
                                why);
    for (size_t j = 0; j < i; j++)
        if (u->scopes[j].kind == s->kind && strcmp(u->scopes[j].id, s->id) == 0)
            return hs_invalid_field(err, "scope", "scope %s:%s is given twice",
                                    scope_kind_name(s->kind), s->id);
    return HS_OK;
}

hs_status auth_user_validate(const auth_user *u, hs_error *err) {
    assert(u != NULL && u->scopes_count <= HS_PRINCIPAL_SCOPES_MAX);
    if (!auth_user_name_valid(u->name))
        return hs_invalid_field(err, "name",
                                "user name '%.63s' must be 1..63 bytes of a-z 0-9 . _ - starting "
                                "with a letter",
                                u->name);
    if (!server_role(u->role))
        return hs_invalid_field(err, "role",
                                "role must be one of admin officer reviewer fund_manager bank "
                                "provider enterprise auditor analyst");
    hs_scope_kind want = auth_role_scope_kind(u->role);
    for (size_t i = 0; i < u->scopes_count; i++) {
        hs_status st = check_scope(u, i, want, err);
        if (st != HS_OK)
            return st;
    }
    if (want != HS_SCOPE_NONE && u->scopes_count == 0)
        return hs_invalid_field(err, "scope", "role %s needs at least one --scope %s:%s",
                                role_name(u->role), scope_kind_name(want),
                                want == HS_SCOPE_FIRM ? "USCC" : "ID");
    return HS_OK;
}

hs_principal auth_user_principal(const auth_user *u) {
    assert(u != NULL && server_role(u->role));
    hs_principal p = principal_make(u->name, u->role);
    for (size_t i = 0; i < u->scopes_count; i++) {
        bool added = principal_add_scope(&p, u->scopes[i]);
        assert(added);
        (void)added;
    }
    return p;
}
