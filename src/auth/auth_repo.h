/* auth_repo.h — the tables of authentication in the book: users with their password hash and
 * scopes, sessions, bearer tokens and recent login failures. Implemented per backend
 * (src/store/sql/auth_repo.c; tables created by the "auth" migration step).
 *
 * Layout (SQLite):
 *   users(name PK, role, pwhash, created_ns, disabled_ns)      -- disabled_ns 0 while enabled
 *   user_scopes(user, kind, id, PK(user, kind, id))
 *   sessions(digest BLOB PK, user, created_ns, last_used_ns, address)
 *   tokens(digest BLOB PK, user, label, created_ns, expires_date, revoked_ns)
 *   login_failures(user, address, at_ns)
 * Secrets are stored only as digests (auth/secret.h), passwords only as Argon2id strings. Writes
 * take the caller's transaction (hs_tx); reads take the store and work inside a transaction or
 * outside one (a read-only book can still be read). Every read checks what it reads: a stored
 * role or scope this program does not know is HS_STORAGE ("book_damaged"), never an assertion. */
#ifndef HS_AUTH_AUTH_REPO_H
#define HS_AUTH_AUTH_REPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/password.h"
#include "auth/secret.h"
#include "auth/user.h"
#include "base/date.h"
#include "base/error.h"
#include "store/book.h"
#include "store/store.h"

#define AUTH_ADDRESS_MAX 64     /* a client address as stored (longer ones are cut) */
#define AUTH_TOKEN_LABEL_MAX 16 /* the public start of a token, e.g. "hs_AbCdEfGh" */

typedef struct {
    uint8_t digest[AUTH_DIGEST_BYTES];
    char user[HS_PRINCIPAL_NAME_MAX];
    int64_t created_ns, last_used_ns;
    char address[AUTH_ADDRESS_MAX];
} auth_session_rec;

typedef struct {
    uint8_t digest[AUTH_DIGEST_BYTES];
    char user[HS_PRINCIPAL_NAME_MAX];
    char label[AUTH_TOKEN_LABEL_MAX]; /* auth_token_label of the digest, to name it in lists */
    int64_t created_ns;
    bool expires;
    hs_date expires_date; /* last day it authenticates, if `expires` */
    int64_t revoked_ns;   /* 0 while not revoked */
} auth_token_rec;

/* Inside tx: adds user u (with its scopes) and its password hash, unless a user of that name
 * exists (then *existed is true and nothing changes). */
hs_status auth_repo_user_insert(hs_tx *tx, const auth_user *u, const char *pwhash, bool *existed,
                                hs_error *err);
/* Reads user `name` into *out and, if pwhash is not NULL, its hash; *found false if none. */
hs_status auth_repo_user_get(hs_store *s, const char *name, auth_user *out,
                             char pwhash[AUTH_PWHASH_MAX], bool *found, hs_error *err);
/* Inside tx: replaces the password hash of user `name` (which must exist). */
hs_status auth_repo_user_set_pwhash(hs_tx *tx, const char *name, const char *pwhash, hs_error *err);
/* Inside tx: marks user `name` disabled at now_ns (no-op if already disabled). */
hs_status auth_repo_user_disable(hs_tx *tx, const char *name, int64_t now_ns, hs_error *err);
/* Calls fn for every user in name order; stops at fn's first error. */
hs_status auth_repo_users_each(hs_store *s,
                               hs_status (*fn)(void *ctx, const auth_user *u, hs_error *err),
                               void *ctx, hs_error *err);

/* Inside tx: stores a new session (its digest must be new). */
hs_status auth_repo_session_insert(hs_tx *tx, const auth_session_rec *r, hs_error *err);
/* Reads the session with `digest`; *found false if none. */
hs_status auth_repo_session_get(hs_store *s, const uint8_t digest[AUTH_DIGEST_BYTES],
                                auth_session_rec *out, bool *found, hs_error *err);
/* Inside tx: sets the last use of the session with `digest` to now_ns. */
hs_status auth_repo_session_touch(hs_tx *tx, const uint8_t digest[AUTH_DIGEST_BYTES],
                                  int64_t now_ns, hs_error *err);
/* Inside tx: deletes the session with `digest` (*existed false if there was none). */
hs_status auth_repo_session_delete(hs_tx *tx, const uint8_t digest[AUTH_DIGEST_BYTES],
                                   bool *existed, hs_error *err);
/* Inside tx: deletes every session of `user`, and every session of anyone last used before
 * idle_before_ns (expired ones); *deleted counts the user's. */
hs_status auth_repo_sessions_delete(hs_tx *tx, const char *user, int64_t idle_before_ns,
                                    size_t *deleted, hs_error *err);

/* Inside tx: stores a new bearer token (its digest must be new). */
hs_status auth_repo_token_insert(hs_tx *tx, const auth_token_rec *r, hs_error *err);
/* Reads the token with `digest`; *found false if none. */
hs_status auth_repo_token_get(hs_store *s, const uint8_t digest[AUTH_DIGEST_BYTES],
                              auth_token_rec *out, bool *found, hs_error *err);
/* Calls fn for every token (of `user`, or all if NULL) by user, then creation; stops at fn's
 * first error. */
hs_status auth_repo_tokens_each(hs_store *s, const char *user,
                                hs_status (*fn)(void *ctx, const auth_token_rec *r, hs_error *err),
                                void *ctx, hs_error *err);
/* Reads the token labelled `label` into *out; *matches counts the tokens with that label (0: none,
 * *out untouched; more than 1: *out is one of them). */
hs_status auth_repo_token_by_label(hs_store *s, const char *label, auth_token_rec *out,
                                   size_t *matches, hs_error *err);
/* Inside tx: revokes the token with `digest` at now_ns (no-op if it is revoked already). */
hs_status auth_repo_token_revoke(hs_tx *tx, const uint8_t digest[AUTH_DIGEST_BYTES], int64_t now_ns,
                                 hs_error *err);
/* Inside tx: revokes every unrevoked token of `user` at now_ns; *revoked counts them. */
hs_status auth_repo_tokens_revoke(hs_tx *tx, const char *user, int64_t now_ns, size_t *revoked,
                                  hs_error *err);

/* Inside tx: records a failed login for `user` ("" if the name was not a user name) from
 * `address` ("" if unknown) at at_ns, after deleting failures older than forget_before_ns. */
hs_status auth_repo_failure_add(hs_tx *tx, const char *user, const char *address, int64_t at_ns,
                                int64_t forget_before_ns, hs_error *err);
/* Counts failures at or after since_ns for `user` (0 if user is "") and for `address` (0 if ""). */
hs_status auth_repo_failures_count(hs_store *s, const char *user, const char *address,
                                   int64_t since_ns, int64_t *by_user, int64_t *by_address,
                                   hs_error *err);

#endif
