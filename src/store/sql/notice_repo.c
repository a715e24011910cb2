/* notice_repo.c — the notices and notice_objections tables in the book (see
 * instrument/notice_repo.h). */
#include "instrument/notice_repo.h"
#include "store/sql/sql_store.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define NOTICE_COLUMNS                                                                             \
    "seq, application, programme, firm, firm_name, amount_fen, policy_id, policy_label, clause, "  \
    "working_days, published_date, deadline"
#define OBJECTION_COLUMNS                                                                          \
    "seq, notice, filer, reason, filed_date, state, officer, decision, decided_date"

static void read_notice(db_stmt *q, notice *n) {
    memset(n, 0, sizeof *n);
    n->seq = db_column_int64(q, 0);
    snprintf(n->id, sizeof n->id, "N-%lld", (long long)n->seq);
    store_column_text(q, 1, n->application, sizeof n->application);
    store_column_text(q, 2, n->programme, sizeof n->programme);
    store_column_text(q, 3, n->firm, sizeof n->firm);
    store_column_text(q, 4, n->firm_name, sizeof n->firm_name);
    n->amount_fen = db_column_int64(q, 5);
    store_column_text(q, 6, n->policy_id, sizeof n->policy_id);
    store_column_text(q, 7, n->policy_label, sizeof n->policy_label);
    store_column_text(q, 8, n->clause, sizeof n->clause);
    n->working_days = (int)db_column_int64(q, 9);
    n->published_date = (hs_date)db_column_int64(q, 10);
    n->deadline = (hs_date)db_column_int64(q, 11);
}

static hs_status notice_ok(const notice *n, hs_error *err) {
    if (n->seq <= 0 || n->amount_fen <= 0 || n->working_days < 1 || n->working_days > 60 ||
        n->deadline <= n->published_date)
        return hs_fail(err, HS_STORAGE, "notice row %lld is damaged", (long long)n->seq);
    return HS_OK;
}

static void read_objection(db_stmt *q, notice_objection *o) {
    memset(o, 0, sizeof *o);
    o->seq = db_column_int64(q, 0);
    snprintf(o->id, sizeof o->id, "O-%lld", (long long)o->seq);
    o->notice_seq = db_column_int64(q, 1);
    store_column_text(q, 2, o->filer, sizeof o->filer);
    store_column_text(q, 3, o->reason, sizeof o->reason);
    o->filed_date = (hs_date)db_column_int64(q, 4);
    store_column_text(q, 5, o->state, sizeof o->state);
    store_column_text(q, 6, o->officer, sizeof o->officer);
    store_column_text(q, 7, o->decision, sizeof o->decision);
    o->decided_date = (hs_date)db_column_int64(q, 8);
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
    db_conn *db = store_db(tx->store);
    db_stmt *q;
    if (db_prepare(db,
                   "INSERT INTO notices(application, programme, firm, firm_name, "
                   "amount_fen, policy_id, policy_label, clause, working_days, "
                   "published_date, deadline) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                   "?10, ?11)",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "publishing a notice");
    db_bind_text(q, 1, n->application);
    db_bind_text(q, 2, n->programme);
    db_bind_text(q, 3, n->firm);
    db_bind_text(q, 4, n->firm_name);
    db_bind_int64(q, 5, n->amount_fen);
    db_bind_text(q, 6, n->policy_id);
    db_bind_text(q, 7, n->policy_label);
    db_bind_text(q, 8, n->clause);
    db_bind_int64(q, 9, n->working_days);
    db_bind_int64(q, 10, n->published_date);
    db_bind_int64(q, 11, n->deadline);
    int rc = db_step(q);
    db_finalize(q);
    if (rc != DB_DONE)
        return store_fail(tx->store, err, "publishing a notice");
    n->seq = db_last_insert_id(db);
    snprintf(n->id, sizeof n->id, "N-%lld", (long long)n->seq);
    return HS_OK;
}

hs_status notice_repo_get(hs_store *s, int64_t seq, const char *by_app, notice *out, bool *found,
                          hs_error *err) {
    assert(s != NULL && out != NULL && found != NULL);
    db_stmt *q;
    *found = false;
    const char *sql = by_app ? "SELECT " NOTICE_COLUMNS " FROM notices WHERE application = ?1"
                             : "SELECT " NOTICE_COLUMNS " FROM notices WHERE seq = ?1";
    if (db_prepare(store_db(s), sql, &q) != DB_OK)
        return store_fail(s, err, "reading a notice");
    if (by_app)
        db_bind_text(q, 1, by_app);
    else
        db_bind_int64(q, 1, seq);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        *found = true;
        read_notice(q, out);
    }
    db_finalize(q);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(s, err, "reading a notice");
    return *found ? notice_ok(out, err) : HS_OK;
}

hs_status notice_repo_each(hs_store *s, int64_t after_seq, size_t max_rows,
                           hs_status (*fn)(void *ctx, const notice *n, hs_error *err), void *ctx,
                           hs_error *err) {
    assert(s != NULL && fn != NULL);
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "SELECT " NOTICE_COLUMNS " FROM notices WHERE seq > ?1 ORDER BY seq LIMIT ?2",
                   &q) != DB_OK)
        return store_fail(s, err, "listing notices");
    db_bind_int64(q, 1, after_seq);
    db_bind_int64(q, 2, max_rows == 0 ? INT64_MAX : (int64_t)max_rows);
    hs_status st = HS_OK;
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        notice n;
        read_notice(q, &n);
        if ((st = notice_ok(&n, err)) == HS_OK)
            st = fn(ctx, &n, err);
    }
    bool failed = st == HS_OK && rc != DB_DONE;
    db_finalize(q);
    return failed ? store_fail(s, err, "listing notices") : st;
}

hs_status notice_repo_objection_insert(hs_tx *tx, notice_objection *o, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && o != NULL);
    db_conn *db = store_db(tx->store);
    db_stmt *q;
    if (db_prepare(db,
                   "INSERT INTO notice_objections(notice, filer, reason, filed_date, "
                   "state) VALUES (?1, ?2, ?3, ?4, 'open')",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "filing an objection");
    db_bind_int64(q, 1, o->notice_seq);
    db_bind_text(q, 2, o->filer);
    db_bind_text(q, 3, o->reason);
    db_bind_int64(q, 4, o->filed_date);
    int rc = db_step(q);
    db_finalize(q);
    if (rc != DB_DONE)
        return store_fail(tx->store, err, "filing an objection");
    o->seq = db_last_insert_id(db);
    snprintf(o->id, sizeof o->id, "O-%lld", (long long)o->seq);
    return HS_OK;
}

hs_status notice_repo_objection_get(hs_store *s, int64_t seq, notice_objection *out, bool *found,
                                    hs_error *err) {
    assert(s != NULL && out != NULL && found != NULL);
    db_stmt *q;
    *found = false;
    if (db_prepare(store_db(s),
                   "SELECT " OBJECTION_COLUMNS " FROM notice_objections WHERE seq = ?1",
                   &q) != DB_OK)
        return store_fail(s, err, "reading an objection");
    db_bind_int64(q, 1, seq);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        *found = true;
        read_objection(q, out);
    }
    db_finalize(q);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(s, err, "reading an objection");
    return *found ? objection_ok(out, err) : HS_OK;
}

hs_status notice_repo_objections_filed(hs_tx *tx, const char *filer, hs_date on, int64_t *count,
                                       hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && filer != NULL && count != NULL);
    db_stmt *q;
    *count = 0;
    if (db_prepare(store_db(tx->store),
                   "SELECT count(*) FROM notice_objections WHERE filer = ?1 AND "
                   "filed_date = ?2",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "counting objections");
    db_bind_text(q, 1, filer);
    db_bind_int64(q, 2, on);
    int rc = db_step(q);
    if (rc == DB_ROW)
        *count = db_column_int64(q, 0);
    db_finalize(q);
    return rc == DB_ROW ? HS_OK : store_fail(tx->store, err, "counting objections");
}

hs_status notice_repo_objection_decide(hs_tx *tx, int64_t seq, const char *state,
                                       const char *officer, const char *decision, hs_date on,
                                       bool *changed, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && state != NULL && officer != NULL);
    db_stmt *q;
    if (db_prepare(store_db(tx->store),
                   "UPDATE notice_objections SET state = ?2, officer = ?3, decision = ?4, "
                   "decided_date = ?5 WHERE seq = ?1 AND state = 'open'",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "deciding an objection");
    db_bind_int64(q, 1, seq);
    db_bind_text(q, 2, state);
    db_bind_text(q, 3, officer);
    db_bind_text(q, 4, decision ? decision : "");
    db_bind_int64(q, 5, on);
    int rc = db_step(q);
    *changed = db_changes(store_db(tx->store)) == 1;
    db_finalize(q);
    return rc == DB_DONE ? HS_OK : store_fail(tx->store, err, "deciding an objection");
}

hs_status notice_repo_objections_each(hs_store *s, int64_t notice_seq,
                                      hs_status (*fn)(void *ctx, const notice_objection *o,
                                                      hs_error *err),
                                      void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "SELECT " OBJECTION_COLUMNS
                   " FROM notice_objections WHERE notice = ?1 ORDER BY seq",
                   &q) != DB_OK)
        return store_fail(s, err, "listing objections");
    db_bind_int64(q, 1, notice_seq);
    hs_status st = HS_OK;
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        notice_objection o;
        read_objection(q, &o);
        if ((st = objection_ok(&o, err)) == HS_OK)
            st = fn(ctx, &o, err);
    }
    bool failed = st == HS_OK && rc != DB_DONE;
    db_finalize(q);
    return failed ? store_fail(s, err, "listing objections") : st;
}
