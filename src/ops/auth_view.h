/* auth_view.h — the JSON views of identity: what `--json` prints and the server returns (the same
 * bytes). No view ever holds a password, a hash, a digest or a secret other than the one a caller
 * is handed once (a new token, a session's CSRF token). Each returns a new reference the caller
 * owns, or NULL if memory runs out. */
#ifndef HS_OPS_AUTH_VIEW_H
#define HS_OPS_AUTH_VIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "auth/auth_repo.h"
#include "auth/principal.h"
#include "auth/user.h"
#include "base/date.h"
#include "ops/auth_ops.h"

/* {"user", "role", "scopes": ["programme:chengdu-2024", ...], "disabled", "created_at" (ISO UTC),
 *  "disabled_at" (ISO UTC, only when disabled)} */
json_t *view_user(const auth_user *u);
/* [view_user, ...] in the order given. */
json_t *view_users(const auth_user *users, size_t n);
/* {"user", "role", "scopes": [...]}: who a request acts as. */
json_t *view_principal(const hs_principal *p);
/* The body of a login: {"user", "role", "csrf_token"}. */
json_t *view_session_grant(const hs_principal *p, const char *csrf_token);
/* `token create --json`: {"user", "token", "expires" (YYYY-MM-DD or null)}. */
json_t *view_token_created(const char *user, const char *token, bool expires, hs_date expires_date);

/* A token as `token list` shows it (never the token or its digest): {"label", "user",
 * "created_at", "expires" (YYYY-MM-DD or null), "revoked", "revoked_at" (only when revoked)} */
json_t *view_token(const auth_token_rec *t);
/* [view_token, ...] in the order given. */
json_t *view_tokens(const auth_token_rec *tokens, size_t n);

/* `user disable --json`: {"user", "was_disabled", "sessions_ended", "tokens_revoked"}. */
json_t *view_user_disabled(const char *user, const auth_disable_result *r);
/* `token revoke --json`: {"label", "user", "was_revoked"}. */
json_t *view_token_revoked(const auth_token_rec *t, bool was_revoked);

#endif
