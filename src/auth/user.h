/* user.h — the users of a shared book: who they are (a name, a role, the scopes the role works
 * in), and the rules a new user must meet. A user's password hash, sessions and bearer tokens are
 * kept by auth_repo.h; none of them is part of an auth_user.
 *
 * Rules: a name is 1..63 bytes of [a-z0-9._-] starting with a letter (so it can never be the CLI
 * operator's "cli:..."). The role is a server role (never "operator"). Scopes follow the role:
 *   enterprise   firm:USCC (a valid 统一社会信用代码), at least one
 *   bank         bank:ID, at least one          provider  provider:ID, at least one
 *   officer      programme:ID, at least one     reviewer  programme:ID, at least one
 *   fund_manager fund:ID, at least one
 *   admin, auditor, analyst: no scope (they act book-wide, within what their role allows)
 * A scope may be given once; at most HS_PRINCIPAL_SCOPES_MAX. */
#ifndef HS_AUTH_USER_H
#define HS_AUTH_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/principal.h"
#include "base/error.h"

typedef struct {
    char name[HS_PRINCIPAL_NAME_MAX];
    hs_role role;
    bool disabled;
    int64_t created_ns;  /* when it was added (the transaction's clock) */
    int64_t disabled_ns; /* when it was disabled, 0 while enabled */
    size_t scopes_count;
    hs_scope scopes[HS_PRINCIPAL_SCOPES_MAX];
} auth_user;

/* True if `name` is a valid user name (see above). */
bool auth_user_name_valid(const char *name);

/* HS_OK if u (name, role, scopes) meets every rule above; else HS_INPUT "invalid_field" with
 * field "name", "role" or "scope" and a message saying what the role needs. */
hs_status auth_user_validate(const auth_user *u, hs_error *err);

/* The scope kind a role works in (HS_SCOPE_NONE for admin, auditor, analyst). */
hs_scope_kind auth_role_scope_kind(hs_role role);

/* The principal acting as u: its name, role and scopes. */
hs_principal auth_user_principal(const auth_user *u);

#endif
