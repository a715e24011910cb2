/* idempotency_repo.c — idempotency records in the book (table idempotency_keys, module "server").
 */
#include "store/idempotency_repo.h"
#include "store/sql/sql_store.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static hs_status get(hs_store *s, const char *user, const char *key, idem_record *out, bool *found,
                     hs_error *err) {
    memset(out, 0, sizeof *out);
    *found = false;
    db_stmt *q;
    if (store_stmt_cached(s,
                          "SELECT request_sha256, response_code, response_body, created_ns "
                          "FROM idempotency_keys WHERE \"user\" = ?1 AND key = ?2",
                          &q) != DB_OK)
        return store_fail(s, err, "reading an idempotency key");
    db_bind_text(q, 1, user);
    db_bind_text(q, 2, key);
    int rc = db_step(q);
    hs_status st = HS_OK;
    if (rc == DB_ROW) {
        store_column_text(q, 0, out->request_sha256, sizeof out->request_sha256);
        out->response_code = db_column_int(q, 1);
        const void *blob = db_column_blob(q, 2);
        size_t n = db_column_bytes(q, 2);
        out->created_ns = db_column_int64(q, 3);
        out->response_body = malloc(n + 1);
        if (out->response_body == NULL) {
            st = hs_fail(err, HS_STORAGE, "out of memory reading an idempotency key");
        } else {
            if (n > 0)
                memcpy(out->response_body, blob, n);
            out->response_body[n] = '\0';
            out->response_len = n;
            *found = true;
        }
    } else if (rc != DB_DONE) {
        st = store_fail(s, err, "reading an idempotency key");
    }
    store_stmt_release(q);
    return st;
}

hs_status idem_repo_get(hs_tx *tx, const char *user, const char *key, idem_record *out, bool *found,
                        hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    return get(tx->store, user, key, out, found, err);
}

hs_status idem_repo_find(hs_store *s, const char *user, const char *key, idem_record *out,
                         bool *found, hs_error *err) {
    return get(s, user, key, out, found, err);
}

hs_status idem_repo_put(hs_tx *tx, const char *user, const char *key, const idem_record *rec,
                        hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && rec != NULL);
    assert(strlen(rec->request_sha256) == 64);
    hs_store *s = tx->store;
    db_stmt *q;
    if (store_stmt_cached(
            s,
            "INSERT INTO idempotency_keys(\"user\", key, request_sha256, response_code,"
            " response_body, created_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &q) != DB_OK)
        return store_fail(s, err, "storing an idempotency key");
    db_bind_text(q, 1, user);
    db_bind_text(q, 2, key);
    db_bind_text(q, 3, rec->request_sha256);
    db_bind_int(q, 4, rec->response_code);
    db_bind_blob(q, 5, rec->response_body ? rec->response_body : "", rec->response_len);
    db_bind_int64(q, 6, tx->now_ns);
    hs_status st = db_step(q) == DB_DONE ? HS_OK : store_fail(s, err, "storing an idempotency key");
    store_stmt_release(q);
    return st;
}
