/* auth_ops.c — users, tokens, sessions and logins over the auth repository (see auth_ops.h). */
#include "ops/auth_ops.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth_repo.h"

#define UNAUTHENTICATED_MSG "wrong user name or password"
#define NO_SESSION_MSG "not logged in, or the session has expired"
#define BAD_TOKEN_MSG "the bearer token is not valid"

auth_config auth_config_default(void) {
    return (auth_config){.session_idle_ns = 30 * 60 * AUTH_NS_PER_SECOND,
                         .session_max_ns = 12 * 3600 * AUTH_NS_PER_SECOND,
                         .session_refresh_ns = 60 * AUTH_NS_PER_SECOND,
                         .login_failures_max = 5,
                         .login_window_ns = 60 * AUTH_NS_PER_SECOND,
                         .pwhash = auth_pwhash_interactive()};
}

static void config_assert(const auth_config *cfg) {
    assert(cfg != NULL && cfg->session_idle_ns > 0 && cfg->session_max_ns > 0);
    assert(cfg->session_refresh_ns >= 0 && cfg->session_refresh_ns < cfg->session_idle_ns);
    assert(cfg->login_failures_max > 0 && cfg->login_window_ns > 0);
}

static hs_status unauthenticated(hs_error *err, const char *msg) {
    return hs_fail_code(err, HS_REFUSED, "unauthenticated", NULL, "%s", msg);
}

static hs_status crypto_ready(hs_error *err) {
    if (auth_crypto_init())
        return HS_OK;
    return hs_fail_code(err, HS_STORAGE, "crypto_unavailable", NULL,
                        "libsodium could not start (no entropy source?)");
}

/* The operator or an admin: who may manage users and tokens. */
static hs_status may_administer(const hs_ctx *ctx, const char *what, hs_error *err) {
    hs_role r = ctx->principal->role;
    if (r == HS_ROLE_OPERATOR || r == HS_ROLE_ADMIN)
        return HS_OK;
    return hs_fail_code(err, HS_REFUSED, "forbidden", NULL, "role %s may not %s", role_name(r),
                        what);
}

/* The enabled user `name`, as a principal; unauthenticated (with msg) otherwise. */
static hs_status enabled_principal(hs_store *s, const char *name, hs_principal *out,
                                   const char *msg, hs_error *err) {
    auth_user u;
    bool found;
    hs_status st = auth_repo_user_get(s, name, &u, NULL, &found, err);
    if (st != HS_OK)
        return st;
    if (!found || u.disabled)
        return unauthenticated(err, msg);
    *out = auth_user_principal(&u);
    return HS_OK;
}

/* ---- users ---- */

hs_status ops_user_add(const hs_ctx *ctx, const auth_config *cfg, const auth_user *u,
                       const char *password, hs_error *err) {
    assert(ctx != NULL && u != NULL);
    config_assert(cfg);
    hs_status st = may_administer(ctx, "add users", err);
    if (st == HS_OK)
        st = auth_user_validate(u, err);
    if (st == HS_OK)
        st = auth_password_check(u->name, password, err);
    if (st == HS_OK)
        st = crypto_ready(err);
    if (st != HS_OK)
        return st;
    char hash[AUTH_PWHASH_MAX];
    if ((st = auth_password_hash(password, &cfg->pwhash, hash, err)) != HS_OK)
        return st;
    hs_tx tx;
    if ((st = ops_begin(ctx, &tx, err)) != HS_OK) {
        sodium_memzero(hash, sizeof hash);
        return st;
    }
    auth_user rec = *u;
    rec.disabled = false;
    rec.disabled_ns = 0;
    rec.created_ns = tx.now_ns;
    bool existed = false;
    st = auth_repo_user_insert(&tx, &rec, hash, &existed, err);
    sodium_memzero(hash, sizeof hash);
    if (st == HS_OK && existed)
        st = hs_fail_code(err, HS_REFUSED, "state_conflict", "name", "user '%s' exists already",
                          u->name);
    return ops_end(&tx, st, err);
}

typedef struct {
    auth_user *users;
    size_t n, cap;
} user_list;

static hs_status collect_user(void *vctx, const auth_user *u, hs_error *err) {
    user_list *l = vctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        auth_user *nu = realloc(l->users, cap * sizeof *nu);
        if (nu == NULL)
            return hs_fail_code(err, HS_STORAGE, "out_of_memory", NULL,
                                "out of memory listing users");
        l->users = nu;
        l->cap = cap;
    }
    l->users[l->n++] = *u;
    return HS_OK;
}

hs_status ops_user_list(const hs_ctx *ctx, auth_user **out, size_t *n, hs_error *err) {
    assert(ctx != NULL && out != NULL && n != NULL);
    *out = NULL;
    *n = 0;
    hs_role r = ctx->principal->role;
    if (r != HS_ROLE_OPERATOR && r != HS_ROLE_ADMIN && r != HS_ROLE_AUDITOR)
        return hs_fail_code(err, HS_REFUSED, "forbidden", NULL, "role %s may not list users",
                            role_name(r));
    user_list l = {0};
    hs_status st = auth_repo_users_each(ctx->store, collect_user, &l, err);
    if (st != HS_OK) {
        free(l.users);
        return st;
    }
    *out = l.users;
    *n = l.n;
    return HS_OK;
}

hs_status ops_user_disable(const hs_ctx *ctx, const char *name, auth_disable_result *out,
                           hs_error *err) {
    assert(ctx != NULL && name != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    hs_status st = may_administer(ctx, "disable users", err);
    if (st != HS_OK)
        return st;
    hs_tx tx;
    if ((st = ops_begin(ctx, &tx, err)) != HS_OK)
        return st;
    auth_user u;
    bool found = false;
    st = auth_repo_user_get(tx.store, name, &u, NULL, &found, err);
    if (st == HS_OK && !found)
        st = hs_not_found(err, "name", "no user '%.63s'", name);
    if (st == HS_OK) {
        out->was_disabled = u.disabled;
        st = auth_repo_user_disable(&tx, name, tx.now_ns, err);
    }
    if (st == HS_OK)
        st = auth_repo_sessions_delete(&tx, name, INT64_MIN, &out->sessions_ended, err);
    if (st == HS_OK)
        st = auth_repo_tokens_revoke(&tx, name, tx.now_ns, &out->tokens_revoked, err);
    return ops_end(&tx, st, err);
}

/* ---- bearer tokens ---- */

hs_status ops_token_create(const hs_ctx *ctx, const char *user, bool expires, hs_date expires_date,
                           char token_out[AUTH_SECRET_MAX], hs_error *err) {
    assert(ctx != NULL && user != NULL && token_out != NULL);
    token_out[0] = '\0';
    hs_status st = may_administer(ctx, "create tokens", err);
    if (st == HS_OK)
        st = crypto_ready(err);
    if (st != HS_OK)
        return st;
    hs_tx tx;
    if ((st = ops_begin(ctx, &tx, err)) != HS_OK)
        return st;
    auth_user u;
    bool found = false;
    st = auth_repo_user_get(tx.store, user, &u, NULL, &found, err);
    if (st == HS_OK && !found)
        st = hs_not_found(err, "user", "no user '%.63s'", user);
    if (st == HS_OK && u.disabled)
        st = hs_fail_code(err, HS_REFUSED, "state_conflict", "user", "user '%s' is disabled",
                          u.name);
    if (st == HS_OK && expires && expires_date < tx.today) {
        char d[DATE_TEXT_LEN];
        st = hs_invalid_field(err, "expires", "--expires %s is in the past",
                              date_format(expires_date, d));
    }
    char token[AUTH_SECRET_MAX];
    if (st == HS_OK) {
        auth_secret_new(AUTH_SECRET_BEARER, token);
        auth_token_rec rec = {.created_ns = tx.now_ns,
                              .expires = expires,
                              .expires_date = expires ? expires_date : 0};
        auth_secret_digest(token, rec.digest);
        snprintf(rec.user, sizeof rec.user, "%s", u.name);
        auth_token_label(rec.digest, rec.label);
        st = auth_repo_token_insert(&tx, &rec, err);
    }
    st = ops_end(&tx, st, err);
    if (st == HS_OK) {
        assert(auth_secret_well_formed(AUTH_SECRET_BEARER, token));
        memcpy(token_out, token, strlen(token) + 1);
    }
    sodium_memzero(token, sizeof token);
    return st;
}

static bool label_well_formed(const char *label) {
    if (label == NULL || strncmp(label, AUTH_TOKEN_PREFIX, strlen(AUTH_TOKEN_PREFIX)) != 0 ||
        strlen(label) != AUTH_TOKEN_LABEL_LEN)
        return false;
    for (const char *c = label + strlen(AUTH_TOKEN_PREFIX); *c != '\0'; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f')))
            return false;
    return true;
}

hs_status ops_token_revoke(const hs_ctx *ctx, const char *label, auth_token_rec *out,
                           bool *was_revoked, hs_error *err) {
    assert(ctx != NULL && out != NULL && was_revoked != NULL);
    memset(out, 0, sizeof *out);
    *was_revoked = false;
    hs_status st = may_administer(ctx, "revoke tokens", err);
    if (st == HS_OK && !label_well_formed(label))
        st = hs_invalid_field(err, "label",
                              "a token label is hs_ and 8 hex digits, as `token "
                              "list` shows it");
    if (st != HS_OK)
        return st;
    hs_tx tx;
    if ((st = ops_begin(ctx, &tx, err)) != HS_OK)
        return st;
    size_t matches = 0;
    st = auth_repo_token_by_label(tx.store, label, out, &matches, err);
    if (st == HS_OK && matches == 0)
        st = hs_not_found(err, "label", "no token labelled %s", label);
    if (st == HS_OK && matches > 1)
        st = hs_fail_code(err, HS_REFUSED, "state_conflict", "label",
                          "two tokens share the label %s: disable their user instead", label);
    if (st == HS_OK) {
        *was_revoked = out->revoked_ns != 0;
        st = auth_repo_token_revoke(&tx, out->digest, tx.now_ns, err);
    }
    return ops_end(&tx, st, err);
}

typedef struct {
    auth_token_rec *tokens;
    size_t n, cap;
} token_list;

static hs_status collect_token(void *vctx, const auth_token_rec *r, hs_error *err) {
    token_list *l = vctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        auth_token_rec *nt = realloc(l->tokens, cap * sizeof *nt);
        if (nt == NULL)
            return hs_fail_code(err, HS_STORAGE, "out_of_memory", NULL,
                                "out of memory listing tokens");
        l->tokens = nt;
        l->cap = cap;
    }
    l->tokens[l->n++] = *r;
    return HS_OK;
}

hs_status ops_token_list(const hs_ctx *ctx, const char *user, auth_token_rec **out, size_t *n,
                         hs_error *err) {
    assert(ctx != NULL && out != NULL && n != NULL);
    *out = NULL;
    *n = 0;
    hs_role r = ctx->principal->role;
    if (r != HS_ROLE_OPERATOR && r != HS_ROLE_ADMIN && r != HS_ROLE_AUDITOR)
        return hs_fail_code(err, HS_REFUSED, "forbidden", NULL, "role %s may not list tokens",
                            role_name(r));
    if (user != NULL) {
        auth_user u;
        bool found = false;
        hs_status st = auth_repo_user_get(ctx->store, user, &u, NULL, &found, err);
        if (st != HS_OK)
            return st;
        if (!found)
            return hs_not_found(err, "user", "no user '%.63s'", user);
    }
    token_list l = {0};
    hs_status st = auth_repo_tokens_each(ctx->store, user, collect_token, &l, err);
    if (st != HS_OK) {
        free(l.tokens);
        return st;
    }
    *out = l.tokens;
    *n = l.n;
    return HS_OK;
}

hs_status ops_token_authenticate(const hs_ctx *ctx, const char *bearer_token, hs_principal *out,
                                 hs_error *err) {
    assert(ctx != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    hs_status st = crypto_ready(err);
    if (st != HS_OK)
        return st;
    if (!auth_secret_well_formed(AUTH_SECRET_BEARER, bearer_token))
        return unauthenticated(err, BAD_TOKEN_MSG);
    uint8_t digest[AUTH_DIGEST_BYTES];
    auth_secret_digest(bearer_token, digest);
    auth_token_rec rec;
    bool found;
    if ((st = auth_repo_token_get(ctx->store, digest, &rec, &found, err)) != HS_OK)
        return st;
    if (!found || !auth_digest_equal(rec.digest, digest) || rec.revoked_ns != 0)
        return unauthenticated(err, BAD_TOKEN_MSG);
    if (rec.expires && hs_clock_today(&ctx->clock) > rec.expires_date)
        return unauthenticated(err, BAD_TOKEN_MSG);
    st = enabled_principal(ctx->store, rec.user, out, BAD_TOKEN_MSG, err);
    if (st != HS_OK)
        memset(out, 0, sizeof *out);
    return st;
}

/* ---- passwords and sessions ---- */

/* Verifies `password` for `name`: *ok, the user (if found) and its hash. An unknown or disabled
 * user costs one Argon2id computation as a wrong password does. */
static hs_status check_password(hs_store *s, const char *name, const char *password,
                                const auth_pwhash_limits *burn_limits, auth_user *u,
                                char hash[AUTH_PWHASH_MAX], bool *ok, hs_error *err) {
    *ok = false;
    hash[0] = '\0';
    bool found = false;
    if (auth_user_name_valid(name)) {
        hs_status st = auth_repo_user_get(s, name, u, hash, &found, err);
        if (st != HS_OK)
            return st;
    }
    bool usable = found && !u->disabled && password != NULL &&
                  strnlen(password, AUTH_PASSWORD_MAX + 1) <= AUTH_PASSWORD_MAX;
    if (usable)
        *ok = auth_password_verify(hash, password);
    else
        auth_password_burn(password, burn_limits);
    return HS_OK;
}

hs_status ops_password_verify(const hs_ctx *ctx, const char *user, const char *password,
                              hs_principal *out, hs_error *err) {
    assert(ctx != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    hs_status st = crypto_ready(err);
    if (st != HS_OK)
        return st;
    auth_user u;
    char hash[AUTH_PWHASH_MAX];
    bool ok;
    auth_pwhash_limits limits = auth_pwhash_interactive();
    st = check_password(ctx->store, user, password, &limits, &u, hash, &ok, err);
    sodium_memzero(hash, sizeof hash);
    if (st != HS_OK)
        return st;
    if (!ok)
        return unauthenticated(err, UNAUTHENTICATED_MSG);
    *out = auth_user_principal(&u);
    return HS_OK;
}

/* Login's bounded copies of the client's claims: the name to count failures under ("" if it is
 * not a user name) and the address ("" if unknown; cut to fit). */
typedef struct {
    char user[HS_PRINCIPAL_NAME_MAX];
    char address[AUTH_ADDRESS_MAX];
} login_keys;

static login_keys keys_of(const char *user, const char *client_addr) {
    login_keys k = {{0}, {0}};
    if (auth_user_name_valid(user))
        snprintf(k.user, sizeof k.user, "%s", user);
    snprintf(k.address, sizeof k.address, "%s", client_addr != NULL ? client_addr : "");
    return k;
}

static hs_status rate_limited(hs_store *s, const auth_config *cfg, const login_keys *k,
                              int64_t now_ns, bool *limited, hs_error *err) {
    int64_t by_user = 0, by_address = 0;
    hs_status st = auth_repo_failures_count(s, k->user, k->address, now_ns - cfg->login_window_ns,
                                            &by_user, &by_address, err);
    *limited = st == HS_OK &&
               (by_user >= cfg->login_failures_max || by_address >= cfg->login_failures_max);
    return st;
}

static hs_status refuse_rate_limited(hs_error *err, const auth_config *cfg) {
    return hs_fail_code(err, HS_REFUSED, "rate_limited", NULL,
                        "too many failed logins for this user or address: try again in %lld s",
                        (long long)(cfg->login_window_ns / AUTH_NS_PER_SECOND));
}

/* Inside tx: the decision of a login whose password check gave `ok` against `hash`: records a
 * failure, or (after re-checking that the user is still enabled with that hash) stores the
 * session and the new hash if one was made. Returns what the login answers; *commit says whether
 * the transaction's writes should stand even so (a failure is recorded and committed). */
static hs_status login_decide(hs_tx *tx, const auth_config *cfg, const login_keys *k, bool ok,
                              const char *hash, const char *new_hash, const auth_user *u,
                              const uint8_t digest[AUTH_DIGEST_BYTES], bool *commit,
                              hs_error *err) {
    *commit = false;
    bool limited;
    hs_status st = rate_limited(tx->store, cfg, k, tx->now_ns, &limited, err);
    if (st != HS_OK)
        return st;
    if (limited)
        return refuse_rate_limited(err, cfg);
    int64_t forget = tx->now_ns - cfg->login_window_ns;
    if (!ok) {
        st = auth_repo_failure_add(tx, k->user, k->address, tx->now_ns, forget, err);
        *commit = st == HS_OK;
        return st == HS_OK ? unauthenticated(err, UNAUTHENTICATED_MSG) : st;
    }
    auth_user now;
    char stored[AUTH_PWHASH_MAX];
    bool found;
    st = auth_repo_user_get(tx->store, u->name, &now, stored, &found, err);
    bool same = st == HS_OK && found && !now.disabled && strcmp(stored, hash) == 0;
    sodium_memzero(stored, sizeof stored);
    if (st != HS_OK)
        return st;
    if (!same) /* disabled or re-hashed since the check: log in again */
        return unauthenticated(err, UNAUTHENTICATED_MSG);
    if (new_hash[0] != '\0' &&
        (st = auth_repo_user_set_pwhash(tx, u->name, new_hash, err)) != HS_OK)
        return st;
    size_t ended;
    if ((st = auth_repo_sessions_delete(tx, "", tx->now_ns - cfg->session_idle_ns, &ended, err)) !=
        HS_OK)
        return st;
    auth_session_rec rec = {.created_ns = tx->now_ns, .last_used_ns = tx->now_ns};
    memcpy(rec.digest, digest, AUTH_DIGEST_BYTES);
    snprintf(rec.user, sizeof rec.user, "%s", u->name);
    snprintf(rec.address, sizeof rec.address, "%s", k->address);
    st = auth_repo_session_insert(tx, &rec, err);
    *commit = st == HS_OK;
    return st;
}

hs_status ops_session_login(const hs_ctx *ctx, const auth_config *cfg, const char *user,
                            const char *password, const char *client_addr, auth_session_grant *out,
                            hs_error *err) {
    assert(ctx != NULL && out != NULL);
    config_assert(cfg);
    memset(out, 0, sizeof *out);
    hs_status st = crypto_ready(err);
    if (st != HS_OK)
        return st;
    login_keys k = keys_of(user, client_addr);
    bool limited;
    if ((st = rate_limited(ctx->store, cfg, &k, hs_clock_now_ns(&ctx->clock), &limited, err)) !=
        HS_OK)
        return st;
    if (limited)
        return refuse_rate_limited(err, cfg);
    auth_user u;
    char hash[AUTH_PWHASH_MAX], new_hash[AUTH_PWHASH_MAX] = "";
    bool ok;
    st = check_password(ctx->store, user, password, &cfg->pwhash, &u, hash, &ok, err);
    if (st == HS_OK && ok && auth_password_needs_rehash(hash, &cfg->pwhash))
        st = auth_password_hash(password, &cfg->pwhash, new_hash, err);
    auth_session_grant g;
    memset(&g, 0, sizeof g);
    uint8_t digest[AUTH_DIGEST_BYTES] = {0};
    if (st == HS_OK && ok) {
        auth_secret_new(AUTH_SECRET_SESSION, g.session_token);
        auth_secret_digest(g.session_token, digest);
        bool derived = auth_csrf_token(g.session_token, g.csrf_token);
        assert(derived);
        (void)derived;
        g.principal = auth_user_principal(&u);
    }
    hs_tx tx;
    if (st == HS_OK && (st = ops_begin(ctx, &tx, err)) == HS_OK) {
        bool commit;
        hs_status answer = login_decide(&tx, cfg, &k, ok, hash, new_hash, &u, digest, &commit, err);
        hs_error end_err;
        st = ops_end(&tx, commit ? HS_OK : answer, commit ? &end_err : err);
        if (st != HS_OK && commit)
            *err = end_err;
        else
            st = answer;
    }
    sodium_memzero(hash, sizeof hash);
    sodium_memzero(new_hash, sizeof new_hash);
    assert(st != HS_OK || (ok && strcmp(g.principal.user, user) == 0 &&
                           auth_secret_well_formed(AUTH_SECRET_SESSION, g.session_token) &&
                           auth_secret_well_formed(AUTH_SECRET_SESSION, g.csrf_token)));
    if (st == HS_OK)
        *out = g;
    sodium_memzero(&g, sizeof g);
    return st;
}

hs_status ops_session_resume(const hs_ctx *ctx, const auth_config *cfg, const char *session_token,
                             hs_principal *out, char csrf_token_out[AUTH_SECRET_MAX],
                             hs_error *err) {
    assert(ctx != NULL && out != NULL && csrf_token_out != NULL);
    config_assert(cfg);
    memset(out, 0, sizeof *out);
    csrf_token_out[0] = '\0';
    hs_status st = crypto_ready(err);
    if (st != HS_OK)
        return st;
    if (!auth_secret_well_formed(AUTH_SECRET_SESSION, session_token))
        return unauthenticated(err, NO_SESSION_MSG);
    uint8_t digest[AUTH_DIGEST_BYTES];
    auth_secret_digest(session_token, digest);
    auth_session_rec rec;
    bool found;
    if ((st = auth_repo_session_get(ctx->store, digest, &rec, &found, err)) != HS_OK)
        return st;
    int64_t now = hs_clock_now_ns(&ctx->clock);
    if (!found || !auth_digest_equal(rec.digest, digest) ||
        now - rec.last_used_ns > cfg->session_idle_ns || now - rec.created_ns > cfg->session_max_ns)
        return unauthenticated(err, NO_SESSION_MSG);
    hs_principal p;
    if ((st = enabled_principal(ctx->store, rec.user, &p, NO_SESSION_MSG, err)) != HS_OK)
        return st;
    if (now - rec.last_used_ns >= cfg->session_refresh_ns) {
        hs_tx tx;
        if ((st = ops_begin(ctx, &tx, err)) != HS_OK)
            return st;
        /* re-read under the lock: a logout or disable committed since must win */
        st = auth_repo_session_get(tx.store, digest, &rec, &found, err);
        if (st == HS_OK && (!found || tx.now_ns - rec.last_used_ns > cfg->session_idle_ns))
            st = unauthenticated(err, NO_SESSION_MSG);
        if (st == HS_OK)
            st = enabled_principal(tx.store, rec.user, &p, NO_SESSION_MSG, err);
        if (st == HS_OK)
            st = auth_repo_session_touch(&tx, digest, tx.now_ns, err);
        if ((st = ops_end(&tx, st, err)) != HS_OK)
            return st;
    }
    if (!auth_csrf_token(session_token, csrf_token_out))
        return unauthenticated(err, NO_SESSION_MSG);
    assert(strcmp(p.user, rec.user) == 0 && p.role != HS_ROLE_OPERATOR);
    *out = p;
    return HS_OK;
}

hs_status ops_session_logout(const hs_ctx *ctx, const char *session_token, hs_error *err) {
    assert(ctx != NULL);
    hs_status st = crypto_ready(err);
    if (st != HS_OK)
        return st;
    if (!auth_secret_well_formed(AUTH_SECRET_SESSION, session_token))
        return unauthenticated(err, NO_SESSION_MSG);
    uint8_t digest[AUTH_DIGEST_BYTES];
    auth_secret_digest(session_token, digest);
    hs_tx tx;
    if ((st = ops_begin(ctx, &tx, err)) != HS_OK)
        return st;
    bool existed = false;
    st = auth_repo_session_delete(&tx, digest, &existed, err);
    if (st == HS_OK && !existed)
        st = unauthenticated(err, NO_SESSION_MSG);
    return ops_end(&tx, st, err);
}
