/* auth_repo.c — users, scopes, sessions, tokens and login failures in the book (module "auth"; see
 * auth/auth_repo.h for the layout). */
#include "auth/auth_repo.h"
#include "store/sql/sql_store.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* Statements stay prepared on the store's connection between calls (authentication runs on
 * every request): prepare finds an idle statement with the same SQL text among the connection's
 * own (db_prepare_cached) before preparing a new one, so this file holds no state of its own, and
 * store_close finalizes them with the rest. Every statement is handed back with release() (reset,
 * bindings cleared) on every path, so none stays busy or holds a read open. */
static hs_status prepare(hs_store *s, const char *sql, db_stmt **q, const char *what,
                         hs_error *err) {
    if (db_prepare_cached(store_db(s), sql, q) != DB_OK)
        return store_fail(s, err, what);
    return HS_OK;
}

static void release(db_stmt *q) {
    db_reset(q);
    db_clear_bindings(q);
}

/* Steps a statement that returns no rows, then releases it. */
static hs_status run(hs_store *s, db_stmt *q, const char *what, hs_error *err) {
    int rc = db_step(q);
    hs_status st = rc == DB_DONE ? HS_OK : store_fail(s, err, what);
    release(q);
    return st;
}

static void bind_digest(db_stmt *q, int i, const uint8_t digest[AUTH_DIGEST_BYTES]) {
    db_bind_blob(q, i, digest, AUTH_DIGEST_BYTES);
}

static bool read_digest(db_stmt *q, int i, uint8_t out[AUTH_DIGEST_BYTES]) {
    if (db_column_bytes(q, i) != AUTH_DIGEST_BYTES)
        return false;
    memcpy(out, db_column_blob(q, i), AUTH_DIGEST_BYTES);
    return true;
}

static hs_status damaged(hs_error *err, const char *what, const char *key) {
    return hs_fail_code(err, HS_STORAGE, "book_damaged", NULL,
                        "the book is damaged: %s of '%.63s' is not valid", what, key);
}

/* ---- users ---- */

static hs_status insert_scopes(hs_store *s, const auth_user *u, hs_error *err) {
    for (size_t i = 0; i < u->scopes_count; i++) {
        db_stmt *q;
        hs_status st = prepare(s, "INSERT INTO user_scopes(\"user\", kind, id) VALUES (?1, ?2, ?3)",
                               &q, "storing a user's scopes", err);
        if (st != HS_OK)
            return st;
        db_bind_text(q, 1, u->name);
        db_bind_text(q, 2, scope_kind_name(u->scopes[i].kind));
        db_bind_text(q, 3, u->scopes[i].id);
        if ((st = run(s, q, "storing a user's scopes", err)) != HS_OK)
            return st;
    }
    return HS_OK;
}

hs_status auth_repo_user_insert(hs_tx *tx, const auth_user *u, const char *pwhash, bool *existed,
                                hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && u != NULL && pwhash != NULL);
    assert(pwhash[0] != '\0' && u->role > HS_ROLE_NONE && u->role < HS_ROLE_OPERATOR);
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "INSERT INTO users(name, role, pwhash, created_ns, disabled_ns) VALUES "
                           "(?1, ?2, ?3, ?4, 0) ON CONFLICT(name) DO NOTHING",
                           &q, "storing a user", err);
    if (st != HS_OK)
        return st;
    db_bind_text(q, 1, u->name);
    db_bind_text(q, 2, role_name(u->role));
    db_bind_text(q, 3, pwhash);
    db_bind_int64(q, 4, u->created_ns);
    if ((st = run(s, q, "storing a user", err)) != HS_OK)
        return st;
    *existed = db_changes(store_db(s)) == 0;
    if (*existed)
        return HS_OK;
    return insert_scopes(s, u, err);
}

static hs_status read_scopes(hs_store *s, auth_user *u, hs_error *err) {
    db_stmt *q;
    hs_status st =
        prepare(s, "SELECT kind, id FROM user_scopes WHERE \"user\" = ?1 ORDER BY kind, id", &q,
                "reading a user's scopes", err);
    if (st != HS_OK)
        return st;
    db_bind_text(q, 1, u->name);
    u->scopes_count = 0;
    int rc;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        char text[HS_SCOPE_ID_MAX + 16];
        snprintf(text, sizeof text, "%s:%s", db_column_text(q, 0), db_column_text(q, 1));
        hs_scope sc;
        if (u->scopes_count == HS_PRINCIPAL_SCOPES_MAX || !scope_parse(text, &sc))
            st = damaged(err, "a scope", u->name);
        else
            u->scopes[u->scopes_count++] = sc;
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading a user's scopes");
    release(q);
    return st;
}

#define USER_COLS "name, role, created_ns, disabled_ns, pwhash"

/* Fills u from a row of USER_COLS; the role must be a server role. */
static hs_status read_user(db_stmt *q, auth_user *u, char pwhash[AUTH_PWHASH_MAX], hs_error *err) {
    memset(u, 0, sizeof *u);
    store_column_text(q, 0, u->name, sizeof u->name);
    char role[32];
    store_column_text(q, 1, role, sizeof role);
    u->role = role_parse(role);
    u->created_ns = db_column_int64(q, 2);
    u->disabled_ns = db_column_int64(q, 3);
    u->disabled = u->disabled_ns != 0;
    if (pwhash != NULL)
        store_column_text(q, 4, pwhash, AUTH_PWHASH_MAX);
    if (u->role == HS_ROLE_NONE || !auth_user_name_valid(u->name))
        return damaged(err, "the user record", u->name);
    return HS_OK;
}

hs_status auth_repo_user_get(hs_store *s, const char *name, auth_user *out,
                             char pwhash[AUTH_PWHASH_MAX], bool *found, hs_error *err) {
    assert(s != NULL && name != NULL && out != NULL && found != NULL);
    *found = false;
    db_stmt *q;
    hs_status st =
        prepare(s, "SELECT " USER_COLS " FROM users WHERE name = ?1", &q, "reading a user", err);
    if (st != HS_OK)
        return st;
    db_bind_text(q, 1, name);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        st = read_user(q, out, pwhash, err);
        *found = st == HS_OK;
    } else if (rc != DB_DONE) {
        st = store_fail(s, err, "reading a user");
    }
    release(q);
    if (st == HS_OK && *found)
        st = read_scopes(s, out, err);
    if (st != HS_OK)
        *found = false;
    return st;
}

hs_status auth_repo_user_set_pwhash(hs_tx *tx, const char *name, const char *pwhash,
                                    hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && name != NULL && pwhash != NULL);
    db_stmt *q;
    hs_status st = prepare(tx->store, "UPDATE users SET pwhash = ?2 WHERE name = ?1", &q,
                           "updating a password hash", err);
    if (st != HS_OK)
        return st;
    db_bind_text(q, 1, name);
    db_bind_text(q, 2, pwhash);
    return run(tx->store, q, "updating a password hash", err);
}

hs_status auth_repo_user_disable(hs_tx *tx, const char *name, int64_t now_ns, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && name != NULL && now_ns > 0);
    db_stmt *q;
    hs_status st =
        prepare(tx->store, "UPDATE users SET disabled_ns = ?2 WHERE name = ?1 AND disabled_ns = 0",
                &q, "disabling a user", err);
    if (st != HS_OK)
        return st;
    db_bind_text(q, 1, name);
    db_bind_int64(q, 2, now_ns);
    return run(tx->store, q, "disabling a user", err);
}

hs_status auth_repo_users_each(hs_store *s,
                               hs_status (*fn)(void *ctx, const auth_user *u, hs_error *err),
                               void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    db_stmt *q;
    hs_status st =
        prepare(s, "SELECT " USER_COLS " FROM users ORDER BY name", &q, "listing users", err);
    if (st != HS_OK)
        return st;
    int rc;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        auth_user u;
        st = read_user(q, &u, NULL, err);
        if (st == HS_OK)
            st = read_scopes(s, &u, err);
        if (st == HS_OK)
            st = fn(ctx, &u, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "listing users");
    release(q);
    return st;
}

/* ---- sessions ---- */

hs_status auth_repo_session_insert(hs_tx *tx, const auth_session_rec *r, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && r != NULL && r->user[0] != '\0');
    db_stmt *q;
    hs_status st =
        prepare(tx->store,
                "INSERT INTO sessions(digest, \"user\", created_ns, last_used_ns, address) "
                "VALUES (?1, ?2, ?3, ?4, ?5)",
                &q, "storing a session", err);
    if (st != HS_OK)
        return st;
    bind_digest(q, 1, r->digest);
    db_bind_text(q, 2, r->user);
    db_bind_int64(q, 3, r->created_ns);
    db_bind_int64(q, 4, r->last_used_ns);
    db_bind_text(q, 5, r->address);
    return run(tx->store, q, "storing a session", err);
}

hs_status auth_repo_session_get(hs_store *s, const uint8_t digest[AUTH_DIGEST_BYTES],
                                auth_session_rec *out, bool *found, hs_error *err) {
    assert(s != NULL && digest != NULL && out != NULL && found != NULL);
    *found = false;
    db_stmt *q;
    hs_status st =
        prepare(s,
                "SELECT digest, \"user\", created_ns, last_used_ns, address FROM sessions "
                "WHERE digest = ?1",
                &q, "reading a session", err);
    if (st != HS_OK)
        return st;
    bind_digest(q, 1, digest);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        store_column_text(q, 1, out->user, sizeof out->user);
        out->created_ns = db_column_int64(q, 2);
        out->last_used_ns = db_column_int64(q, 3);
        store_column_text(q, 4, out->address, sizeof out->address);
        if (!read_digest(q, 0, out->digest))
            st = damaged(err, "a session digest", out->user);
        else
            *found = true;
    } else if (rc != DB_DONE) {
        st = store_fail(s, err, "reading a session");
    }
    release(q);
    return st;
}

hs_status auth_repo_session_touch(hs_tx *tx, const uint8_t digest[AUTH_DIGEST_BYTES],
                                  int64_t now_ns, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && digest != NULL);
    db_stmt *q;
    hs_status st = prepare(tx->store, "UPDATE sessions SET last_used_ns = ?2 WHERE digest = ?1", &q,
                           "refreshing a session", err);
    if (st != HS_OK)
        return st;
    bind_digest(q, 1, digest);
    db_bind_int64(q, 2, now_ns);
    return run(tx->store, q, "refreshing a session", err);
}

hs_status auth_repo_session_delete(hs_tx *tx, const uint8_t digest[AUTH_DIGEST_BYTES],
                                   bool *existed, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && digest != NULL && existed != NULL);
    db_stmt *q;
    hs_status st =
        prepare(tx->store, "DELETE FROM sessions WHERE digest = ?1", &q, "ending a session", err);
    if (st != HS_OK)
        return st;
    bind_digest(q, 1, digest);
    if ((st = run(tx->store, q, "ending a session", err)) != HS_OK)
        return st;
    *existed = db_changes(store_db(tx->store)) > 0;
    return HS_OK;
}

hs_status auth_repo_sessions_delete(hs_tx *tx, const char *user, int64_t idle_before_ns,
                                    size_t *deleted, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && user != NULL && deleted != NULL);
    db_stmt *q;
    hs_status st = prepare(tx->store, "DELETE FROM sessions WHERE \"user\" = ?1", &q,
                           "ending a user's sessions", err);
    if (st != HS_OK)
        return st;
    db_bind_text(q, 1, user);
    if ((st = run(tx->store, q, "ending a user's sessions", err)) != HS_OK)
        return st;
    *deleted = (size_t)db_changes(store_db(tx->store));
    if ((st = prepare(tx->store, "DELETE FROM sessions WHERE last_used_ns < ?1", &q,
                      "forgetting expired sessions", err)) != HS_OK)
        return st;
    db_bind_int64(q, 1, idle_before_ns);
    return run(tx->store, q, "forgetting expired sessions", err);
}

/* ---- tokens ---- */

hs_status auth_repo_token_insert(hs_tx *tx, const auth_token_rec *r, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && r != NULL && r->user[0] != '\0');
    db_stmt *q;
    hs_status st = prepare(tx->store,
                           "INSERT INTO tokens(digest, \"user\", label, created_ns, expires_date, "
                           "revoked_ns) VALUES (?1, ?2, ?3, ?4, ?5, 0)",
                           &q, "storing a token", err);
    if (st != HS_OK)
        return st;
    bind_digest(q, 1, r->digest);
    db_bind_text(q, 2, r->user);
    db_bind_text(q, 3, r->label);
    db_bind_int64(q, 4, r->created_ns);
    if (r->expires)
        db_bind_int64(q, 5, r->expires_date);
    else
        db_bind_null(q, 5);
    return run(tx->store, q, "storing a token", err);
}

#define TOKEN_COLS "digest, \"user\", label, created_ns, expires_date, revoked_ns"

static hs_status read_token(db_stmt *q, auth_token_rec *out, hs_error *err) {
    memset(out, 0, sizeof *out);
    store_column_text(q, 1, out->user, sizeof out->user);
    store_column_text(q, 2, out->label, sizeof out->label);
    out->created_ns = db_column_int64(q, 3);
    out->expires = !db_column_is_null(q, 4);
    out->expires_date = out->expires ? (hs_date)db_column_int64(q, 4) : 0;
    out->revoked_ns = db_column_int64(q, 5);
    if (!read_digest(q, 0, out->digest))
        return damaged(err, "a token digest", out->user);
    return HS_OK;
}

hs_status auth_repo_token_get(hs_store *s, const uint8_t digest[AUTH_DIGEST_BYTES],
                              auth_token_rec *out, bool *found, hs_error *err) {
    assert(s != NULL && digest != NULL && out != NULL && found != NULL);
    *found = false;
    db_stmt *q;
    hs_status st = prepare(s, "SELECT " TOKEN_COLS " FROM tokens WHERE digest = ?1", &q,
                           "reading a token", err);
    if (st != HS_OK)
        return st;
    bind_digest(q, 1, digest);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        st = read_token(q, out, err);
        *found = st == HS_OK;
    } else if (rc != DB_DONE) {
        st = store_fail(s, err, "reading a token");
    }
    release(q);
    return st;
}

hs_status auth_repo_tokens_each(hs_store *s, const char *user,
                                hs_status (*fn)(void *ctx, const auth_token_rec *r, hs_error *err),
                                void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    db_stmt *q;
    hs_status st = prepare(s,
                           "SELECT " TOKEN_COLS " FROM tokens WHERE (?1 IS NULL OR \"user\" = ?1) "
                           "ORDER BY \"user\", created_ns, label",
                           &q, "listing tokens", err);
    if (st != HS_OK)
        return st;
    if (user != NULL)
        db_bind_text(q, 1, user);
    int rc;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        auth_token_rec r;
        st = read_token(q, &r, err);
        if (st == HS_OK)
            st = fn(ctx, &r, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "listing tokens");
    release(q);
    return st;
}

hs_status auth_repo_token_by_label(hs_store *s, const char *label, auth_token_rec *out,
                                   size_t *matches, hs_error *err) {
    assert(s != NULL && label != NULL && out != NULL && matches != NULL);
    *matches = 0;
    db_stmt *q;
    hs_status st = prepare(s, "SELECT " TOKEN_COLS " FROM tokens WHERE label = ?1 LIMIT 2", &q,
                           "reading a token", err);
    if (st != HS_OK)
        return st;
    db_bind_text(q, 1, label);
    int rc;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        auth_token_rec r;
        if ((st = read_token(q, &r, err)) == HS_OK && (*matches)++ == 0)
            *out = r;
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading a token");
    release(q);
    return st;
}

hs_status auth_repo_token_revoke(hs_tx *tx, const uint8_t digest[AUTH_DIGEST_BYTES], int64_t now_ns,
                                 hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && digest != NULL && now_ns > 0);
    db_stmt *q;
    hs_status st =
        prepare(tx->store, "UPDATE tokens SET revoked_ns = ?2 WHERE digest = ?1 AND revoked_ns = 0",
                &q, "revoking a token", err);
    if (st != HS_OK)
        return st;
    bind_digest(q, 1, digest);
    db_bind_int64(q, 2, now_ns);
    return run(tx->store, q, "revoking a token", err);
}

hs_status auth_repo_tokens_revoke(hs_tx *tx, const char *user, int64_t now_ns, size_t *revoked,
                                  hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && user != NULL && now_ns > 0);
    db_stmt *q;
    hs_status st = prepare(
        tx->store, "UPDATE tokens SET revoked_ns = ?2 WHERE \"user\" = ?1 AND revoked_ns = 0", &q,
        "revoking a user's tokens", err);
    if (st != HS_OK)
        return st;
    db_bind_text(q, 1, user);
    db_bind_int64(q, 2, now_ns);
    if ((st = run(tx->store, q, "revoking a user's tokens", err)) != HS_OK)
        return st;
    *revoked = (size_t)db_changes(store_db(tx->store));
    return HS_OK;
}

/* ---- login failures ---- */

hs_status auth_repo_failure_add(hs_tx *tx, const char *user, const char *address, int64_t at_ns,
                                int64_t forget_before_ns, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && user != NULL && address != NULL);
    db_stmt *q;
    hs_status st = prepare(tx->store, "DELETE FROM login_failures WHERE at_ns < ?1", &q,
                           "forgetting old login failures", err);
    if (st != HS_OK)
        return st;
    db_bind_int64(q, 1, forget_before_ns);
    if ((st = run(tx->store, q, "forgetting old login failures", err)) != HS_OK)
        return st;
    if ((st = prepare(tx->store,
                      "INSERT INTO login_failures(\"user\", address, at_ns) VALUES (?1, ?2, ?3)",
                      &q, "recording a login failure", err)) != HS_OK)
        return st;
    db_bind_text(q, 1, user);
    db_bind_text(q, 2, address);
    db_bind_int64(q, 3, at_ns);
    return run(tx->store, q, "recording a login failure", err);
}

static hs_status count(hs_store *s, const char *sql, const char *key, int64_t since_ns,
                       int64_t *out, hs_error *err) {
    *out = 0;
    if (key[0] == '\0')
        return HS_OK;
    db_stmt *q;
    hs_status st = prepare(s, sql, &q, "counting login failures", err);
    if (st != HS_OK)
        return st;
    db_bind_text(q, 1, key);
    db_bind_int64(q, 2, since_ns);
    if (db_step(q) == DB_ROW)
        *out = db_column_int64(q, 0);
    else
        st = store_fail(s, err, "counting login failures");
    release(q);
    return st;
}

hs_status auth_repo_failures_count(hs_store *s, const char *user, const char *address,
                                   int64_t since_ns, int64_t *by_user, int64_t *by_address,
                                   hs_error *err) {
    assert(s != NULL && user != NULL && address != NULL && by_user != NULL && by_address != NULL);
    hs_status st =
        count(s, "SELECT count(*) FROM login_failures WHERE \"user\" = ?1 AND at_ns >= ?2", user,
              since_ns, by_user, err);
    if (st != HS_OK)
        return st;
    return count(s, "SELECT count(*) FROM login_failures WHERE address = ?1 AND at_ns >= ?2",
                 address, since_ns, by_address, err);
}
