/* routes.h — the API's route table: every route's method, path template, handler, the roles that
 * may call it, its scope rule and its OpenAPI description. The router, the OpenAPI document
 * (openapi.c), `huoshui serve --routes` and the role × route matrix test are all generated from
 * this one table, so a route cannot exist without being documented and tested.
 *
 * Path templates are segments separated by '/', a segment "{name}" capturing one percent-decoded
 * segment (so "budget%2Fchengdu" is one segment "budget/chengdu"). */
#ifndef HS_SERVER_ROUTES_H
#define HS_SERVER_ROUTES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/principal.h"
#include "server/http.h"

#define ROUTE_PARAMS_MAX 4
#define ROUTE_PARAM_MAX 512 /* bytes of one decoded path segment, NUL included */

#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL                                                                                  \
    (ROLE_BIT(HS_ROLE_ADMIN) | ROLE_BIT(HS_ROLE_OFFICER) | ROLE_BIT(HS_ROLE_REVIEWER) |            \
     ROLE_BIT(HS_ROLE_FUND_MANAGER) | ROLE_BIT(HS_ROLE_BANK) | ROLE_BIT(HS_ROLE_PROVIDER) |        \
     ROLE_BIT(HS_ROLE_ENTERPRISE) | ROLE_BIT(HS_ROLE_AUDITOR) | ROLE_BIT(HS_ROLE_ANALYST))

/* How a route finds the object whose scope the caller must hold. */
typedef enum {
    SCOPE_RULE_NONE = 0,  /* no object: the role alone decides */
    SCOPE_RULE_ACCOUNT,   /* path parameter `scope_param` is an account name: its first segments
                             (budget/PROG, fund/ID, bank/ID, provider/ID, firm/USCC) name the
                             object; a free account (no such prefix) only for officer and auditor */
    SCOPE_RULE_PROGRAMME, /* path parameter `scope_param` is a programme id */
    SCOPE_RULE_FIRM,      /* path parameter `scope_param` is a firm's USCC */
} route_scope_rule;

struct route_call;
typedef struct route_call route_call;

/* A handler fills resp (success or error) and returns nothing: every outcome is a response. */
typedef void (*route_handler)(route_call *call, http_response *resp);

typedef struct {
    const char *method;
    const char *path; /* template, e.g. "/api/v1/accounts/{name}" */
    route_handler handler;
    bool public_route;      /* no authentication (then `roles` is ignored) */
    uint32_t roles;         /* ROLE_BIT set of the roles allowed */
    route_scope_rule scope; /* which object's scope the caller must hold */
    const char *scope_param;
    bool idempotent_post; /* moves money: Idempotency-Key required, replayed on retry */
    bool body_json;       /* takes a JSON body */
    bool body_has_secret; /* its body's "password" is left out of the audit entry's body hash */
    const char *operation_id, *summary;
    const char *request_schema;  /* OpenAPI Schema Object as JSON text, or NULL */
    const char *response_schema; /* the success response's schema as JSON text */
    int success_status;          /* 200, 201, ... */
    /* for the role × route matrix test: a request an allowed role makes, and its status */
    const char *example_path, *example_body;
    int example_status;
} server_route;

/* The table, ended by an entry with method NULL. Static storage. */
extern const server_route server_routes[];

/* A matched route: the route and its decoded path parameters. */
typedef struct {
    const server_route *route;
    const char *names[ROUTE_PARAMS_MAX];
    char values[ROUTE_PARAMS_MAX][ROUTE_PARAM_MAX];
    size_t count;
} route_match;

/* Finds the route for method and raw path. HS_OK with *m filled; HS_NOT_FOUND (not_found) if no
 * template matches the path; HS_INPUT code "method_not_allowed" if one matches with another method;
 * HS_INPUT invalid_path for a bad percent-encoding, an encoded NUL or control character, an empty
 * segment or a "." / ".." segment (no path traversal). */
hs_status route_find(const char *method, const char *path, route_match *m, hs_error *err);
/* The decoded value of path parameter `name`, or NULL. */
const char *route_param(const route_match *m, const char *name);
/* Decodes one percent-encoded path segment [s, s+len) into out (NUL-terminated). False (with
 * why) for a bad escape, NUL or control characters, "." or "..", or when it does not fit. */
bool route_decode_segment(const char *s, size_t len, char *out, size_t out_len, char *why,
                          size_t why_len);
/* True when principal p may read the account `name` under SCOPE_RULE_ACCOUNT: auditors every
 * account; an account under budget/PROG, fund/ID, bank/ID, provider/ID or firm/USCC only a
 * principal holding that scope; a free account only an officer (dispatch.c). */
bool route_account_visible(const hs_principal *p, const char *name);
/* The scope kind a role's scopes are of (officer and reviewer: programme; fund_manager: fund;
 * bank; provider; enterprise: firm), or HS_SCOPE_NONE for the roles that hold none (admin,
 * auditor, analyst). Under a SCOPE_RULE_PROGRAMME or _FIRM route, a role whose scopes are of the
 * rule's kind must hold the object's scope; other allowed roles pass on their role alone. */
hs_scope_kind route_role_scope_kind(hs_role role);
/* True when p may see a record of `programme` about `firm` (either may be NULL or ""): auditors
 * every record; officers and reviewers holding the programme's scope; an enterprise holding the
 * firm's scope. */
bool route_record_visible(const hs_principal *p, const char *programme, const char *firm);
/* The table as JSON for `huoshui serve --routes`: [{method, path, public, roles:[...], scope,
 * idempotent, example_path, example_body, example_status}]. New reference (NULL on OOM). */
json_t *routes_json(void);
/* The OpenAPI 3.1 document of every route (openapi.c). New reference (NULL on OOM). */
json_t *openapi_document(void);

#endif
