/* policy_repo.c — the policy texts of the book in the book (table policy_texts, module "policy").
 */
#include "instrument/policy_repo.h"
#include "store/sql/sql_store.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define PCOLS                                                                                      \
    "sha256, policy_id, version, path, first_used, first_used_by, first_subject, stored_ns, "      \
    "length(text)"

static void read_rec(db_stmt *q, policy_version_rec *r) {
    memset(r, 0, sizeof *r);
    store_column_text(q, 0, r->sha256, sizeof r->sha256);
    store_column_text(q, 1, r->policy_id, sizeof r->policy_id);
    store_column_text(q, 2, r->version, sizeof r->version);
    store_column_text(q, 3, r->path, sizeof r->path);
    r->first_used = (hs_date)db_column_int64(q, 4);
    store_column_text(q, 5, r->first_used_by, sizeof r->first_used_by);
    store_column_text(q, 6, r->first_subject, sizeof r->first_subject);
    r->stored_ns = db_column_int64(q, 7);
    r->text_len = (size_t)db_column_int64(q, 8);
}

static hs_status get(hs_store *s, const char *sha256, policy_version_rec *rec, char **text,
                     size_t *len, bool *found, hs_error *err) {
    *found = false;
    *text = NULL;
    *len = 0;
    db_stmt *q;
    if (db_prepare(store_db(s), "SELECT " PCOLS ", text FROM policy_texts WHERE sha256 = ?1", &q) !=
        DB_OK)
        return store_fail(s, err, "reading a stored policy");
    db_bind_text(q, 1, sha256);
    int rc = db_step(q);
    hs_status st = HS_OK;
    if (rc == DB_ROW) {
        read_rec(q, rec);
        const void *blob = db_column_blob(q, 9);
        size_t n = db_column_bytes(q, 9);
        char *copy = malloc(n + 1);
        if (copy == NULL) {
            st = hs_fail(err, HS_STORAGE, "out of memory reading a stored policy");
        } else {
            if (n > 0)
                memcpy(copy, blob, n);
            copy[n] = '\0';
            *text = copy;
            *len = n;
            *found = true;
        }
    } else if (rc != DB_DONE) {
        st = store_fail(s, err, "reading a stored policy");
    }
    db_finalize(q);
    return st;
}

hs_status policy_repo_get(hs_tx *tx, const char *sha256, policy_version_rec *rec, char **text,
                          size_t *len, bool *found, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    return get(tx->store, sha256, rec, text, len, found, err);
}

hs_status policy_repo_find(hs_store *s, const char *sha256, policy_version_rec *rec, char **text,
                           size_t *len, bool *found, hs_error *err) {
    return get(s, sha256, rec, text, len, found, err);
}

hs_status policy_repo_put(hs_tx *tx, const policy_version_rec *rec, const char *text, size_t len,
                          bool *existed, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    assert(strlen(rec->sha256) == 64 && text != NULL);
    hs_store *s = tx->store;
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "INSERT INTO policy_texts(sha256, policy_id, version, path, first_used, "
                   "first_used_by, first_subject, stored_ns, text) VALUES (?1, ?2, ?3, ?4, "
                   "?5, ?6, ?7, ?8, ?9) ON CONFLICT(sha256) DO NOTHING",
                   &q) != DB_OK)
        return store_fail(s, err, "storing a policy");
    db_bind_text(q, 1, rec->sha256);
    db_bind_text(q, 2, rec->policy_id);
    db_bind_text(q, 3, rec->version);
    db_bind_text(q, 4, rec->path);
    db_bind_int64(q, 5, rec->first_used);
    db_bind_text(q, 6, rec->first_used_by);
    db_bind_text(q, 7, rec->first_subject);
    db_bind_int64(q, 8, rec->stored_ns);
    db_bind_blob(q, 9, text, len);
    int rc = db_step(q);
    db_finalize(q);
    if (rc != DB_DONE)
        return store_fail(s, err, "storing a policy");
    *existed = db_changes(store_db(s)) == 0;
    return HS_OK;
}

hs_status policy_repo_each(hs_store *s, const char *policy_id,
                           hs_status (*fn)(void *ctx, const policy_version_rec *rec, hs_error *err),
                           void *ctx, hs_error *err) {
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "SELECT " PCOLS " FROM policy_texts WHERE (?1 IS NULL OR policy_id = ?1) "
                   "ORDER BY policy_id, first_used, stored_ns, sha256",
                   &q) != DB_OK)
        return store_fail(s, err, "listing stored policies");
    db_bind_text(q, 1, policy_id);
    hs_status st = HS_OK;
    int rc;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        policy_version_rec r;
        read_rec(q, &r);
        st = fn(ctx, &r, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "listing stored policies");
    db_finalize(q);
    return st;
}
