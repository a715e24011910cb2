/* notice_repo.c — the notices and notice_objections tables in SQLite (see
 * instrument/notice_repo.h). */
#include "instrument/notice_repo.h"
#include "store/sqlite/sqlite_store.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define NOTICE_COLUMNS                                                                             \
    "seq, application, programme, firm, firm_name, amount_fen, policy_id, policy_label, clause, "  \
    "working_days, published_date, deadline"
#define OBJECTION_COLUMNS                                                                          \
    "seq, notice, filer, reason, filed_date, state, officer, decision, decided_date"

static void read_notice(sqlite3_stmt *q, notice *n) {
    memset(n, 0, sizeof *n);
    n->seq = sqlite3_column_int64(q, 0);
    snprintf(n->id, sizeof n->id, "N-%lld", (long long)n->seq);
    store_column_text(q, 1, n->application, sizeof n->application);
    store_column_text(q, 2, n->programme, sizeof n->programme);
    store_column_text(q, 3, n->firm, sizeof n->firm);
    store_column_text(q, 4, n->firm_name, sizeof n->firm_name);
    n->amount_fen = sqlite3_column_int64(q, 5);
    store_column_text(q, 6, n->policy_id, sizeof n->policy_id);
    store_column_text(q, 7, n->policy_label, sizeof n->policy_label);
    store_column_text(q, 8, n->clause, sizeof n->clause);
    n->working_days = (int)sqlite3_column_int64(q, 9);
    n->published_date = (hs_date)sqlite3_column_int64(q, 10);
    n->deadline = (hs_date)sqlite3_column_int64(q, 11);
}

static hs_status notice_ok(const notice *n, hs_error *err) {
    if (n->seq <= 0 || n->amount_fen <= 0 || n->working_days < 1 || n->working_days > 60 ||
        n->deadline <= n->published_date)
        return hs_fail(err, HS_STORAGE, "notice row %lld is damaged", (long long)n->seq);
    return HS_OK;
}

static void read_objection(sqlite3_stmt *q, notice_objection *o) {
    memset(o, 0, sizeof *o);
    o->seq = sqlite3_column_int64(q, 0);
    snprintf(o->id, sizeof o->id, "O-%lld", (long long)o->seq);
    o->notice_seq = sqlite3_column_int64(q, 1);
    store_column_text(q, 2, o->filer, sizeof o->filer);
    store_column_text(q, 3, o->reason, sizeof o->reason);
    o->filed_date = (hs_date)sqlite3_column_int64(q, 4);
    store_column_text(q, 5, o->state, sizeof o->state);
    store_column_text(q, 6, o->officer, sizeof o->officer);
    store_column_text(q, 7, o->decision, sizeof o->decision);
    o->decided_date = (hs_date)sqlite3_column_int64(q, 8);
}

static hs_status objection_ok(const notice_objection *o, hs_error *err) {
    if (o->seq <= 0 ||
        (strcmp(o->state, "open") && strcmp(o->state, "upheld") && strcmp(o->state, "dismissed")))
        return hs_fail(err, HS_STORAGE, "objection row %lld is damaged (state '%s')",
                       (long long)o->seq, o->state);
    return HS_OK;
}

hs_status notice_repo_insert(hs_tx *tx, notice *n, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && n != NULL);
    sqlite3 *db = store_sqlite(tx->store);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO notices(application, programme, firm, firm_name, "
                           "amount_fen, policy_id, policy_label, clause, working_days, "
                           "published_date, deadline) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                           "?10, ?11)",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "publishing a notice");
    sqlite3_bind_text(q, 1, n->application, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, n->programme, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, n->firm, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, n->firm_name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 5, n->amount_fen);
    sqlite3_bind_text(q, 6, n->policy_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 7, n->policy_label, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 8, n->clause, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 9, n->working_days);
    sqlite3_bind_int64(q, 10, n->published_date);
    sqlite3_bind_int64(q, 11, n->deadline);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_fail(tx->store, err, "publishing a notice");
    n->seq = sqlite3_last_insert_rowid(db);
    snprintf(n->id, sizeof n->id, "N-%lld", (long long)n->seq);
    return HS_OK;
}

hs_status notice_repo_get(hs_store *s, int64_t seq, const char *by_app, notice *out, bool *found,
                          hs_error *err) {
    assert(s != NULL && out != NULL && found != NULL);
    sqlite3_stmt *q;
    *found = false;
    const char *sql = by_app ? "SELECT " NOTICE_COLUMNS " FROM notices WHERE application = ?1"
                             : "SELECT " NOTICE_COLUMNS " FROM notices WHERE seq = ?1";
    if (sqlite3_prepare_v2(store_sqlite(s), sql, -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "reading a notice");
    if (by_app)
        sqlite3_bind_text(q, 1, by_app, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(q, 1, seq);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *found = true;
        read_notice(q, out);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(s, err, "reading a notice");
    return *found ? notice_ok(out, err) : HS_OK;
}

hs_status notice_repo_each(hs_store *s, int64_t after_seq, size_t max_rows,
                           hs_status (*fn)(void *ctx, const notice *n, hs_error *err), void *ctx,
                           hs_error *err) {
    assert(s != NULL && fn != NULL);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT " NOTICE_COLUMNS
                           " FROM notices WHERE seq > ?1 ORDER BY seq LIMIT ?2",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "listing notices");
    sqlite3_bind_int64(q, 1, after_seq);
    sqlite3_bind_int64(q, 2, max_rows == 0 ? -1 : (sqlite3_int64)max_rows);
    hs_status st = HS_OK;
    int rc = SQLITE_DONE;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        notice n;
        read_notice(q, &n);
        if ((st = notice_ok(&n, err)) == HS_OK)
            st = fn(ctx, &n, err);
    }
    bool failed = st == HS_OK && rc != SQLITE_DONE;
    sqlite3_finalize(q);
    return failed ? store_fail(s, err, "listing notices") : st;
}

hs_status notice_repo_objection_insert(hs_tx *tx, notice_objection *o, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && o != NULL);
    sqlite3 *db = store_sqlite(tx->store);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO notice_objections(notice, filer, reason, filed_date, "
                           "state) VALUES (?1, ?2, ?3, ?4, 'open')",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "filing an objection");
    sqlite3_bind_int64(q, 1, o->notice_seq);
    sqlite3_bind_text(q, 2, o->filer, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, o->reason, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, o->filed_date);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_fail(tx->store, err, "filing an objection");
    o->seq = sqlite3_last_insert_rowid(db);
    snprintf(o->id, sizeof o->id, "O-%lld", (long long)o->seq);
    return HS_OK;
}

hs_status notice_repo_objection_get(hs_store *s, int64_t seq, notice_objection *out, bool *found,
                                    hs_error *err) {
    assert(s != NULL && out != NULL && found != NULL);
    sqlite3_stmt *q;
    *found = false;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT " OBJECTION_COLUMNS " FROM notice_objections WHERE seq = ?1", -1,
                           &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "reading an objection");
    sqlite3_bind_int64(q, 1, seq);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *found = true;
        read_objection(q, out);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(s, err, "reading an objection");
    return *found ? objection_ok(out, err) : HS_OK;
}

hs_status notice_repo_objections_filed(hs_tx *tx, const char *filer, hs_date on, int64_t *count,
                                       hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && filer != NULL && count != NULL);
    sqlite3_stmt *q;
    *count = 0;
    if (sqlite3_prepare_v2(store_sqlite(tx->store),
                           "SELECT count(*) FROM notice_objections WHERE filer = ?1 AND "
                           "filed_date = ?2",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "counting objections");
    sqlite3_bind_text(q, 1, filer, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, on);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *count = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? HS_OK : store_fail(tx->store, err, "counting objections");
}

hs_status notice_repo_objection_decide(hs_tx *tx, int64_t seq, const char *state,
                                       const char *officer, const char *decision, hs_date on,
                                       bool *changed, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && state != NULL && officer != NULL);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(tx->store),
                           "UPDATE notice_objections SET state = ?2, officer = ?3, decision = ?4, "
                           "decided_date = ?5 WHERE seq = ?1 AND state = 'open'",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "deciding an objection");
    sqlite3_bind_int64(q, 1, seq);
    sqlite3_bind_text(q, 2, state, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, officer, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, decision ? decision : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 5, on);
    int rc = sqlite3_step(q);
    *changed = sqlite3_changes(store_sqlite(tx->store)) == 1;
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? HS_OK : store_fail(tx->store, err, "deciding an objection");
}

hs_status notice_repo_objections_each(hs_store *s, int64_t notice_seq,
                                      hs_status (*fn)(void *ctx, const notice_objection *o,
                                                      hs_error *err),
                                      void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT " OBJECTION_COLUMNS
                           " FROM notice_objections WHERE notice = ?1 ORDER BY seq",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "listing objections");
    sqlite3_bind_int64(q, 1, notice_seq);
    hs_status st = HS_OK;
    int rc = SQLITE_DONE;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        notice_objection o;
        read_objection(q, &o);
        if ((st = objection_ok(&o, err)) == HS_OK)
            st = fn(ctx, &o, err);
    }
    bool failed = st == HS_OK && rc != SQLITE_DONE;
    sqlite3_finalize(q);
    return failed ? store_fail(s, err, "listing objections") : st;
}
