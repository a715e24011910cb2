/* approval_repo.c — the approvals and approval_thresholds tables in the book (see
 * approval/approval_repo.h). */
#include "approval/approval_repo.h"
#include "store/sql/sql_store.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define APPROVAL_COLUMNS                                                                           \
    "seq, programme, action, request, amount_fen, maker, created_date, state, checker, reason, "   \
    "decided_date"

static void read_approval(db_stmt *q, approval *a) {
    memset(a, 0, sizeof *a);
    a->seq = db_column_int64(q, 0);
    snprintf(a->id, sizeof a->id, "A-%lld", (long long)a->seq);
    store_column_text(q, 1, a->programme, sizeof a->programme);
    store_column_text(q, 2, a->action, sizeof a->action);
    store_column_text(q, 3, a->request, sizeof a->request);
    a->amount_fen = db_column_int64(q, 4);
    store_column_text(q, 5, a->maker, sizeof a->maker);
    a->created_date = (hs_date)db_column_int64(q, 6);
    store_column_text(q, 7, a->state, sizeof a->state);
    store_column_text(q, 8, a->checker, sizeof a->checker);
    store_column_text(q, 9, a->reason, sizeof a->reason);
    a->decided_date = (hs_date)db_column_int64(q, 10);
}

/* A row read from disk is checked, never asserted: a tampered row is a storage error. */
static hs_status row_ok(const approval *a, hs_error *err) {
    bool state_known = !strcmp(a->state, "pending") || !strcmp(a->state, "executed") ||
                       !strcmp(a->state, "rejected");
    if (a->seq <= 0 || a->amount_fen <= 0 || !state_known || a->maker[0] == '\0')
        return hs_fail(err, HS_STORAGE, "approval row %lld is damaged (state '%s', amount %lld)",
                       (long long)a->seq, a->state, (long long)a->amount_fen);
    return HS_OK;
}

hs_status approval_repo_threshold_get(hs_store *s, const char *programme, int64_t *threshold_fen,
                                      bool *set, hs_error *err) {
    assert(s != NULL && programme != NULL && threshold_fen != NULL && set != NULL);
    db_stmt *q;
    *set = false;
    if (db_prepare(store_db(s),
                   "SELECT threshold_fen FROM approval_thresholds WHERE programme = ?1",
                   &q) != DB_OK)
        return store_fail(s, err, "reading an approval threshold");
    db_bind_text(q, 1, programme);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        *set = true;
        *threshold_fen = db_column_int64(q, 0);
    }
    db_finalize(q);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(s, err, "reading an approval threshold");
    if (*set && *threshold_fen < 0)
        return hs_fail(err, HS_STORAGE, "the approval threshold of %s is negative", programme);
    return HS_OK;
}

hs_status approval_repo_threshold_set(hs_tx *tx, const char *programme, int64_t threshold_fen,
                                      hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && programme != NULL);
    db_stmt *q;
    if (db_prepare(store_db(tx->store),
                   "INSERT INTO approval_thresholds(programme, threshold_fen) VALUES (?1, "
                   "?2) ON CONFLICT(programme) DO UPDATE SET threshold_fen = ?2",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "setting an approval threshold");
    db_bind_text(q, 1, programme);
    db_bind_int64(q, 2, threshold_fen);
    int rc = db_step(q);
    db_finalize(q);
    return rc == DB_DONE ? HS_OK : store_fail(tx->store, err, "setting an approval threshold");
}

hs_status approval_repo_insert(hs_tx *tx, approval *a, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && a != NULL);
    db_stmt *q;
    if (db_prepare(store_db(tx->store),
                   "INSERT INTO approvals(programme, action, request, amount_fen, maker, "
                   "created_date, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending')",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "recording an approval");
    db_bind_text(q, 1, a->programme);
    db_bind_text(q, 2, a->action);
    db_bind_text(q, 3, a->request);
    db_bind_int64(q, 4, a->amount_fen);
    db_bind_text(q, 5, a->maker);
    db_bind_int64(q, 6, a->created_date);
    int rc = db_step(q);
    db_finalize(q);
    if (rc != DB_DONE)
        return store_fail(tx->store, err, "recording an approval");
    a->seq = db_last_insert_id(store_db(tx->store));
    snprintf(a->id, sizeof a->id, "A-%lld", (long long)a->seq);
    return HS_OK;
}

hs_status approval_repo_get(hs_store *s, int64_t seq, approval *out, bool *found, hs_error *err) {
    assert(s != NULL && out != NULL && found != NULL);
    db_stmt *q;
    *found = false;
    if (db_prepare(store_db(s), "SELECT " APPROVAL_COLUMNS " FROM approvals WHERE seq = ?1", &q) !=
        DB_OK)
        return store_fail(s, err, "reading an approval");
    db_bind_int64(q, 1, seq);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        *found = true;
        read_approval(q, out);
    }
    db_finalize(q);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(s, err, "reading an approval");
    return *found ? row_ok(out, err) : HS_OK;
}

hs_status approval_repo_decide(hs_tx *tx, int64_t seq, const char *state, const char *checker,
                               const char *reason, hs_date on, bool *changed, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && state != NULL && checker != NULL);
    db_stmt *q;
    if (db_prepare(store_db(tx->store),
                   "UPDATE approvals SET state = ?2, checker = ?3, reason = ?4, "
                   "decided_date = ?5 WHERE seq = ?1 AND state = 'pending'",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "deciding an approval");
    db_bind_int64(q, 1, seq);
    db_bind_text(q, 2, state);
    db_bind_text(q, 3, checker);
    db_bind_text(q, 4, reason ? reason : "");
    db_bind_int64(q, 5, on);
    int rc = db_step(q);
    *changed = db_changes(store_db(tx->store)) == 1;
    db_finalize(q);
    return rc == DB_DONE ? HS_OK : store_fail(tx->store, err, "deciding an approval");
}

hs_status approval_repo_each(hs_store *s, const char *programme, const char *state,
                             int64_t after_seq, size_t max_rows,
                             hs_status (*fn)(void *ctx, const approval *a, hs_error *err),
                             void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "SELECT " APPROVAL_COLUMNS " FROM approvals WHERE (?1 IS NULL OR "
                   "programme = ?1) AND (?2 IS NULL OR state = ?2) AND seq > ?3 ORDER BY seq "
                   "LIMIT ?4",
                   &q) != DB_OK)
        return store_fail(s, err, "listing approvals");
    if (programme != NULL)
        db_bind_text(q, 1, programme);
    if (state != NULL)
        db_bind_text(q, 2, state);
    db_bind_int64(q, 3, after_seq);
    db_bind_int64(q, 4, max_rows == 0 ? INT64_MAX : (int64_t)max_rows);
    hs_status st = HS_OK;
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        approval a;
        read_approval(q, &a);
        if ((st = row_ok(&a, err)) == HS_OK)
            st = fn(ctx, &a, err);
    }
    bool failed = st == HS_OK && rc != DB_DONE;
    db_finalize(q);
    return failed ? store_fail(s, err, "listing approvals") : st;
}
