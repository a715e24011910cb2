/* auth_ops.h — identity operations the CLI and the server call: users (add, list, disable),
 * bearer tokens (create, authenticate), password sessions (login, resume, logout) and password
 * checks for `--as USER`.
 *
 * Guarantees common to every function here:
 *   - each write is one transaction (ops_begin/ops_end): it re-reads and re-checks inside it what
 *     it decided on, so a concurrent disable, logout or login failure is never overtaken. Argon2id
 *     runs *before* the transaction opens, so a slow hash never holds the book's writer lock;
 *   - a password is never stored, logged, printed or put into an error message; secrets (session
 *     ids, CSRF tokens, bearer tokens) are returned once to the caller and stored only as
 *     BLAKE2b-256 digests (auth/secret.h); the caller wipes its copies (sodium_memzero);
 *   - authentication failures are HS_REFUSED with code "unauthenticated" and the same message
 *     whatever the cause (unknown user, wrong password, disabled user, expired or logged-out
 *     session, unknown, revoked or expired token); too many failed logins are HS_REFUSED
 *     "rate_limited"; an operation the acting principal's role may not run is HS_REFUSED
 *     "forbidden"; bad input is HS_INPUT "invalid_field" naming the field; a missing user is
 *     HS_NOT_FOUND; HS_STORAGE when the book cannot be read or written.
 * ctx->principal is who acts for the user, token and listing operations (checked as each says);
 * login, resume, logout, token authentication and password checks do not consult it (they
 * establish who acts), so the server may call them with its own service principal.
 * Thread safety: as the store (one hs_ctx/store per thread). No global state besides libsodium's
 * one-time initialisation. */
#ifndef HS_OPS_AUTH_OPS_H
#define HS_OPS_AUTH_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/auth_repo.h"
#include "auth/password.h"
#include "auth/principal.h"
#include "auth/secret.h" /* AUTH_SECRET_MAX, auth_secret_equal */
#include "auth/user.h"
#include "ops/ops.h"

#define AUTH_NS_PER_SECOND INT64_C(1000000000)

typedef struct {
    int64_t session_idle_ns;    /* a session unused this long is over: 30 min by default */
    int64_t session_max_ns;     /* a session is over this long after login however used: 12 h */
    int64_t session_refresh_ns; /* last use is written when older than this (1 min), so most
                                   authenticated requests write nothing */
    int login_failures_max;     /* failures allowed per user and per address in the window: 5 */
    int64_t login_window_ns;    /* the rate-limit window: 1 min */
    auth_pwhash_limits pwhash;  /* Argon2id limits for new hashes (INTERACTIVE); tests may lower */
} auth_config;

/* The production defaults above. */
auth_config auth_config_default(void);

typedef struct {
    char session_token[AUTH_SECRET_MAX]; /* the cookie value: shown once, stored as a digest */
    char csrf_token[AUTH_SECRET_MAX];    /* what X-CSRF-Token must carry for this session */
    hs_principal principal;
} auth_session_grant;

/* Logs `user` in with `password` from `client_addr` (NULL or "" if unknown, e.g. the CLI): on
 * success a new session in *out. A wrong password, an unknown or a disabled user: HS_REFUSED
 * "unauthenticated" (one message for all three; the failure is recorded and committed). When the
 * user or the address already has cfg->login_failures_max failures in the last
 * cfg->login_window_ns: HS_REFUSED "rate_limited", whatever the password (nothing recorded, no hash
 * computed). Rehashes the password if its hash was made under other limits than cfg->pwhash. On
 * failure *out is zeroed. */
hs_status ops_session_login(const hs_ctx *ctx, const auth_config *cfg, const char *user,
                            const char *password, const char *client_addr, auth_session_grant *out,
                            hs_error *err);

/* The principal of the session `session_token` and its CSRF token. Idle longer than
 * cfg->session_idle_ns, older than cfg->session_max_ns, logged out, unknown, malformed, or its
 * user disabled: HS_REFUSED "unauthenticated". Refreshes the session's last use (a write, in its
 * own transaction, only when the stored last use is older than cfg->session_refresh_ns). */
hs_status ops_session_resume(const hs_ctx *ctx, const auth_config *cfg, const char *session_token,
                             hs_principal *out, char csrf_token_out[AUTH_SECRET_MAX],
                             hs_error *err);

/* Ends the session `session_token` (deletes it). HS_REFUSED "unauthenticated" if there is none. */
hs_status ops_session_logout(const hs_ctx *ctx, const char *session_token, hs_error *err);

/* The principal of bearer token `bearer_token` ("hs_..."). Unknown, malformed, revoked (its user
 * was disabled), expired (today by ctx's clock is after its last day) or its user disabled:
 * HS_REFUSED "unauthenticated". Reads only (works on a read-only book). */
hs_status ops_token_authenticate(const hs_ctx *ctx, const char *bearer_token, hs_principal *out,
                                 hs_error *err);

/* Checks `password` for `user` without opening a session (the CLI's `--as USER`): the principal
 * in *out on success, else HS_REFUSED "unauthenticated" as for login. Not rate limited (whoever
 * runs the CLI holds the book file). */
hs_status ops_password_verify(const hs_ctx *ctx, const char *user, const char *password,
                              hs_principal *out, hs_error *err);

/* Adds user u (name, role, scopes; the other fields are ignored) with `password` hashed under
 * cfg->pwhash. Only the CLI operator or an admin may (else "forbidden"). Invalid name, role,
 * scopes (auth/user.h) or password (auth/password.h): HS_INPUT "invalid_field"; a user of that
 * name exists: HS_REFUSED "state_conflict". */
hs_status ops_user_add(const hs_ctx *ctx, const auth_config *cfg, const auth_user *u,
                       const char *password, hs_error *err);

/* Every user in name order (never any hash) into a malloc'd array *out of *n (caller frees with
 * free(); NULL when empty). Operator, admin or auditor only ("forbidden"). */
hs_status ops_user_list(const hs_ctx *ctx, auth_user **out, size_t *n, hs_error *err);

typedef struct {
    bool was_disabled;     /* it was disabled already (nothing changed) */
    size_t sessions_ended; /* its sessions, deleted */
    size_t tokens_revoked; /* its tokens, revoked */
} auth_disable_result;

/* Disables user `name` and, in the same transaction, ends its sessions and revokes its tokens,
 * so none authenticates from the commit on. Idempotent. Operator or admin only. HS_NOT_FOUND if
 * there is no such user. */
hs_status ops_user_disable(const hs_ctx *ctx, const char *name, auth_disable_result *out,
                           hs_error *err);

/* Creates a bearer token for enabled user `user`, valid through `expires_date` if `expires`
 * (which must not be before today: "invalid_field" "expires"), into token_out: shown this once,
 * stored only as its digest. Operator or admin only. HS_NOT_FOUND for no such user;
 * "state_conflict" for a disabled one. */
hs_status ops_token_create(const hs_ctx *ctx, const char *user, bool expires, hs_date expires_date,
                           char token_out[AUTH_SECRET_MAX], hs_error *err);

/* Revokes the token labelled `label` ("hs_" + 8 hex digits, as `token list` shows it): from the
 * commit on it authenticates no more. *out is the token as it was found; *was_revoked if it had
 * been revoked already (nothing changes). Operator or admin only. A malformed label: HS_INPUT
 * "invalid_field" "label"; none: HS_NOT_FOUND; two tokens sharing the label: HS_REFUSED
 * "state_conflict" (revoke by disabling the user). */
hs_status ops_token_revoke(const hs_ctx *ctx, const char *label, auth_token_rec *out,
                           bool *was_revoked, hs_error *err);

/* The bearer tokens of `user` (or every user's, if NULL) into a malloc'd array *out of *n (caller
 * frees with free(); NULL when empty), by user then creation. The records hold each token's
 * digest, which views never show. Operator, admin or auditor only ("forbidden"). */
hs_status ops_token_list(const hs_ctx *ctx, const char *user, auth_token_rec **out, size_t *n,
                         hs_error *err);

#endif
