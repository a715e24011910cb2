/* principal.h — who is acting: a user's name, role and scopes, as the server authenticated them
 * (or the local CLI operator). Shared by src/auth (which builds principals from passwords,
 * sessions and tokens), src/ops (which records the actor and enforces maker-checker) and
 * src/server (which authorises routes).
 *
 * Roles and scope kinds are a closed set; their names are part of the CLI and HTTP contract:
 * roles admin officer reviewer fund_manager bank provider enterprise auditor analyst, scopes
 * programme:ID fund:ID bank:ID provider:ID firm:USCC. A principal owns its strings (fixed-size
 * buffers), so it can be copied by value. */
#ifndef HS_AUTH_PRINCIPAL_H
#define HS_AUTH_PRINCIPAL_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    HS_ROLE_NONE = 0, /* not a role: parse failure, or "nobody" */
    HS_ROLE_ADMIN,
    HS_ROLE_OFFICER,
    HS_ROLE_REVIEWER,
    HS_ROLE_FUND_MANAGER,
    HS_ROLE_BANK,
    HS_ROLE_PROVIDER,
    HS_ROLE_ENTERPRISE,
    HS_ROLE_AUDITOR,
    HS_ROLE_ANALYST,
    HS_ROLE_OPERATOR, /* the local CLI operator: holds the book file, so every right; never a
                         server user (user add refuses it) */
    HS_ROLE_COUNT
} hs_role;

typedef enum {
    HS_SCOPE_NONE = 0,
    HS_SCOPE_PROGRAMME,
    HS_SCOPE_FUND,
    HS_SCOPE_BANK,
    HS_SCOPE_PROVIDER,
    HS_SCOPE_FIRM,
    HS_SCOPE_KIND_COUNT
} hs_scope_kind;

#define HS_PRINCIPAL_NAME_MAX 64 /* user names: 1..63 bytes */
#define HS_SCOPE_ID_MAX 64       /* scope ids: 1..63 bytes */
#define HS_PRINCIPAL_SCOPES_MAX 16

typedef struct {
    hs_scope_kind kind;
    char id[HS_SCOPE_ID_MAX];
} hs_scope;

typedef struct {
    char user[HS_PRINCIPAL_NAME_MAX]; /* "alice", or "cli:root" for the local operator */
    hs_role role;
    size_t scopes_count;
    hs_scope scopes[HS_PRINCIPAL_SCOPES_MAX];
} hs_principal;

/* The contract name of a role ("fund_manager"); "operator" for the CLI operator; "none" for
 * HS_ROLE_NONE. Never NULL; static storage. */
const char *role_name(hs_role role);

/* The role named `name` (a contract name; "operator" is not accepted), or HS_ROLE_NONE. */
hs_role role_parse(const char *name);

/* The contract name of a scope kind ("programme"), or "none". Static storage. */
const char *scope_kind_name(hs_scope_kind kind);

/* Parses "KIND:ID" (e.g. "programme:chengdu-2024") into *out. Returns false (out untouched) when
 * the kind is unknown, the id is empty, longer than HS_SCOPE_ID_MAX-1 bytes or holds a control
 * character. */
bool scope_parse(const char *text, hs_scope *out);

/* The local CLI operator "cli:OS_USER" (OS_USER from the effective uid, "unknown" if it has no
 * passwd entry), role HS_ROLE_OPERATOR, no scopes. */
hs_principal principal_cli_operator(void);

/* A principal with `user` (truncated to fit, always NUL-terminated) and `role`, no scopes. */
hs_principal principal_make(const char *user, hs_role role);

/* Adds a scope; false when the principal already holds HS_PRINCIPAL_SCOPES_MAX. */
bool principal_add_scope(hs_principal *p, hs_scope scope);

/* True when p may act on object (kind, id): the local operator is in every scope; any other
 * principal only when it holds exactly that scope (a principal with no scope of `kind` is in no
 * object of that kind). Roles are not checked here: whether the role may act at all is the
 * caller's rule (the server's route table, maker-checker in ops). */
bool principal_in_scope(const hs_principal *p, hs_scope_kind kind, const char *id);

#endif
