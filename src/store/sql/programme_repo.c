/* programme_repo.c — the programmes table in the book (see instrument/programme_repo.h). */
#include "instrument/programme_repo.h"
#include "store/sql/sql_store.h"

#include <assert.h>
#include <string.h>

#define PROGRAMME_COLUMNS "id, title_zh, title_en, created_date, closed_date"

static void read_programme(db_stmt *q, void *out) {
    programme *p = out;
    memset(p, 0, sizeof *p);
    store_column_text(q, 0, p->id, sizeof p->id);
    store_column_text(q, 1, p->title_zh, sizeof p->title_zh);
    store_column_text(q, 2, p->title_en, sizeof p->title_en);
    p->created_date = (hs_date)db_column_int64(q, 3);
    p->closed = !db_column_is_null(q, 4);
    p->closed_date = p->closed ? (hs_date)db_column_int64(q, 4) : 0;
}

hs_status programme_repo_get(hs_store *s, const char *id, programme *out, bool *found,
                             hs_error *err) {
    assert(s != NULL && id != NULL && out != NULL && found != NULL);
    return store_get_one(s, "SELECT " PROGRAMME_COLUMNS " FROM programmes WHERE id = ?1", id,
                         read_programme, out, found, "reading a programme", err);
}

hs_status programme_repo_insert(hs_tx *tx, const programme *p, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && p != NULL);
    db_stmt *q;
    if (db_prepare(store_db(tx->store),
                   "INSERT INTO programmes(id, title_zh, title_en, created_date) VALUES "
                   "(?1, ?2, ?3, ?4)",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "creating a programme");
    db_bind_text(q, 1, p->id);
    db_bind_text(q, 2, p->title_zh);
    db_bind_text(q, 3, p->title_en);
    db_bind_int64(q, 4, p->created_date);
    int rc = db_step(q);
    db_finalize(q);
    return rc == DB_DONE ? HS_OK : store_fail(tx->store, err, "creating a programme");
}

hs_status programme_repo_set_closed(hs_tx *tx, const char *id, hs_date date, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && id != NULL);
    db_stmt *q;
    if (db_prepare(store_db(tx->store), "UPDATE programmes SET closed_date = ?2 WHERE id = ?1",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "closing a programme");
    db_bind_text(q, 1, id);
    db_bind_int64(q, 2, date);
    int rc = db_step(q);
    int changed = db_changes(store_db(tx->store));
    db_finalize(q);
    if (rc != DB_DONE)
        return store_fail(tx->store, err, "closing a programme");
    if (changed != 1)
        return hs_fail(err, HS_STORAGE, "closing programme %s: %d rows changed, expected 1", id,
                       changed);
    return HS_OK;
}

hs_status programme_repo_each(hs_store *s,
                              hs_status (*fn)(void *ctx, const programme *p, hs_error *err),
                              void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    db_stmt *q;
    if (db_prepare(store_db(s), "SELECT " PROGRAMME_COLUMNS " FROM programmes ORDER BY id", &q) !=
        DB_OK)
        return store_fail(s, err, "listing programmes");
    hs_status st = HS_OK;
    int rc;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        programme p;
        read_programme(q, &p);
        st = fn(ctx, &p, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "listing programmes");
    db_finalize(q);
    return st;
}
