/* principal.c — role and scope names, and scope membership (see principal.h). */
#include "auth/principal.h"

#include <assert.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const role_names[HS_ROLE_COUNT] = {
    [HS_ROLE_NONE] = "none",
    [HS_ROLE_ADMIN] = "admin",
    [HS_ROLE_OFFICER] = "officer",
    [HS_ROLE_REVIEWER] = "reviewer",
    [HS_ROLE_FUND_MANAGER] = "fund_manager",
    [HS_ROLE_BANK] = "bank",
    [HS_ROLE_PROVIDER] = "provider",
    [HS_ROLE_ENTERPRISE] = "enterprise",
    [HS_ROLE_AUDITOR] = "auditor",
    [HS_ROLE_ANALYST] = "analyst",
    [HS_ROLE_OPERATOR] = "operator",
};

static const char *const scope_names[HS_SCOPE_KIND_COUNT] = {
    [HS_SCOPE_NONE] = "none", [HS_SCOPE_PROGRAMME] = "programme", [HS_SCOPE_FUND] = "fund",
    [HS_SCOPE_BANK] = "bank", [HS_SCOPE_PROVIDER] = "provider",   [HS_SCOPE_FIRM] = "firm",
};

const char *role_name(hs_role role) {
    if (role < 0 || role >= HS_ROLE_COUNT)
        return "none";
    return role_names[role];
}

hs_role role_parse(const char *name) {
    if (name == NULL)
        return HS_ROLE_NONE;
    for (int r = HS_ROLE_ADMIN; r < HS_ROLE_OPERATOR; r++)
        if (strcmp(role_names[r], name) == 0)
            return (hs_role)r;
    return HS_ROLE_NONE;
}

const char *scope_kind_name(hs_scope_kind kind) {
    if (kind < 0 || kind >= HS_SCOPE_KIND_COUNT)
        return "none";
    return scope_names[kind];
}

bool scope_parse(const char *text, hs_scope *out) {
    assert(out != NULL);
    if (text == NULL)
        return false;
    const char *colon = strchr(text, ':');
    if (colon == NULL)
        return false;
    size_t kind_len = (size_t)(colon - text);
    const char *id = colon + 1;
    size_t id_len = strlen(id);
    if (id_len == 0 || id_len >= HS_SCOPE_ID_MAX)
        return false;
    for (size_t i = 0; i < id_len; i++)
        if ((unsigned char)id[i] < 0x20 || id[i] == 0x7f)
            return false;
    for (int k = HS_SCOPE_PROGRAMME; k < HS_SCOPE_KIND_COUNT; k++) {
        if (strlen(scope_names[k]) == kind_len && memcmp(scope_names[k], text, kind_len) == 0) {
            out->kind = (hs_scope_kind)k;
            memcpy(out->id, id, id_len + 1);
            return true;
        }
    }
    return false;
}

hs_principal principal_make(const char *user, hs_role role) {
    assert(role >= HS_ROLE_NONE && role < HS_ROLE_COUNT);
    hs_principal p = {.role = role, .scopes_count = 0};
    snprintf(p.user, sizeof p.user, "%s", user != NULL ? user : "");
    return p;
}

hs_principal principal_cli_operator(void) {
    const struct passwd *pw = getpwuid(geteuid());
    char name[HS_PRINCIPAL_NAME_MAX];
    snprintf(name, sizeof name, "cli:%s",
             pw != NULL && pw->pw_name != NULL ? pw->pw_name : "unknown");
    return principal_make(name, HS_ROLE_OPERATOR);
}

bool principal_add_scope(hs_principal *p, hs_scope scope) {
    assert(p != NULL && p->scopes_count <= HS_PRINCIPAL_SCOPES_MAX);
    assert(scope.kind > HS_SCOPE_NONE && scope.kind < HS_SCOPE_KIND_COUNT);
    if (p->scopes_count == HS_PRINCIPAL_SCOPES_MAX)
        return false;
    p->scopes[p->scopes_count++] = scope;
    return true;
}

bool principal_in_scope(const hs_principal *p, hs_scope_kind kind, const char *id) {
    assert(p != NULL && id != NULL);
    if (p->role == HS_ROLE_OPERATOR)
        return true;
    for (size_t i = 0; i < p->scopes_count; i++)
        if (p->scopes[i].kind == kind && strcmp(p->scopes[i].id, id) == 0)
            return true;
    return false;
}
