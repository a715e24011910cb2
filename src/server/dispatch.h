/* dispatch.h — one request through the API: route, authenticate, check CSRF, role and scope,
 * parse the JSON body, demand an Idempotency-Key where money moves, call the handler, then add
 * the ETag (and answer 304 for a matching If-None-Match). Every outcome is a response; nothing
 * here prints or logs.
 *
 * Threads: a server_env belongs to one worker thread (its store is that thread's connection);
 * the committer it points to is shared and thread-safe. */
#ifndef HS_SERVER_DISPATCH_H
#define HS_SERVER_DISPATCH_H

#include <jansson.h>
#include <stdbool.h>

#include "auth/principal.h"
#include "base/clock.h"
#include "ops/auth_ops.h"
#include "ops/ops.h"
#include "server/http.h"
#include "server/routes.h"

#define SERVER_SECRET_MAX 128 /* session tokens and CSRF tokens as sent, NUL included */

struct group_committer;

typedef struct {
    hs_store *store;                   /* this worker's connection (borrowed) */
    hs_clock clock;                    /* the process clock */
    const char *data_dir;              /* data/ and policies/ */
    struct group_committer *committer; /* group commit of transfers; NULL: commit per request */
    bool cookie_secure;                /* add Secure to the session cookie (TLS in front) */
    auth_config auth;                  /* session expiry, login rate limits (auth_ops.h) */
} server_env;

/* What a handler is given. All borrowed for the call. */
struct route_call {
    const server_env *env;
    const http_request *req;
    const route_match *match;
    const hs_ctx *ctx; /* the operation context: env->store, the clock, the caller */
    const hs_principal
        *caller;               /* the authenticated principal (an anonymous one on public routes) */
    json_t *body;              /* the parsed JSON body, or NULL */
    const char *session_token; /* the cookie's session token when authenticated by cookie */
};

/* Handles one request completely: authentication by `Authorization: Bearer TOKEN`
 * (ops_token_authenticate) or the huoshui_session cookie (ops_session_resume, which also gives the
 * session's CSRF token), then server_handle_as. A bad token or an over session is 401
 * unauthenticated (a stale cookie on a public route is ignored). resp is filled (the caller frees
 * its body). Secrets are wiped from the stack before returning (authn.c). */
void server_handle(const server_env *env, const http_request *req, http_response *resp);

/* Handles a request as an already authenticated caller: `caller` NULL means anonymous (only
 * public routes pass; others 401); `csrf_token` non-NULL means the caller came by session cookie,
 * so a state-changing request must carry a matching X-CSRF-Token. Used by server_handle and by
 * unit tests (no HTTP route can reach it without authenticating). */
void server_handle_as(const server_env *env, const http_request *req, const hs_principal *caller,
                      const char *session_token, const char *csrf_token, http_response *resp);

/* Constant-time equality of two non-empty secrets (auth_secret_equal); false for NULL or "". */
bool server_secret_equal(const char *a, const char *b);

#endif
