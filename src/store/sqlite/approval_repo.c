/* approval_repo.c — the approvals and approval_thresholds tables in SQLite (see
 * approval/approval_repo.h). */
#include "approval/approval_repo.h"
#include "store/sqlite/sqlite_store.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define APPROVAL_COLUMNS                                                                           \
    "seq, programme, action, request, amount_fen, maker, created_date, state, checker, reason, "   \
    "decided_date"

static void read_approval(sqlite3_stmt *q, approval *a) {
    memset(a, 0, sizeof *a);
    a->seq = sqlite3_column_int64(q, 0);
    snprintf(a->id, sizeof a->id, "A-%lld", (long long)a->seq);
    store_column_text(q, 1, a->programme, sizeof a->programme);
    store_column_text(q, 2, a->action, sizeof a->action);
    store_column_text(q, 3, a->request, sizeof a->request);
    a->amount_fen = sqlite3_column_int64(q, 4);
    store_column_text(q, 5, a->maker, sizeof a->maker);
    a->created_date = (hs_date)sqlite3_column_int64(q, 6);
    store_column_text(q, 7, a->state, sizeof a->state);
    store_column_text(q, 8, a->checker, sizeof a->checker);
    store_column_text(q, 9, a->reason, sizeof a->reason);
    a->decided_date = (hs_date)sqlite3_column_int64(q, 10);
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
    sqlite3_stmt *q;
    *set = false;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT threshold_fen FROM approval_thresholds WHERE programme = ?1", -1,
                           &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "reading an approval threshold");
    sqlite3_bind_text(q, 1, programme, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *set = true;
        *threshold_fen = sqlite3_column_int64(q, 0);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(s, err, "reading an approval threshold");
    if (*set && *threshold_fen < 0)
        return hs_fail(err, HS_STORAGE, "the approval threshold of %s is negative", programme);
    return HS_OK;
}

hs_status approval_repo_threshold_set(hs_tx *tx, const char *programme, int64_t threshold_fen,
                                      hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && programme != NULL);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(tx->store),
                           "INSERT INTO approval_thresholds(programme, threshold_fen) VALUES (?1, "
                           "?2) ON CONFLICT(programme) DO UPDATE SET threshold_fen = ?2",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "setting an approval threshold");
    sqlite3_bind_text(q, 1, programme, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, threshold_fen);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? HS_OK : store_fail(tx->store, err, "setting an approval threshold");
}

hs_status approval_repo_insert(hs_tx *tx, approval *a, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && a != NULL);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(tx->store),
                           "INSERT INTO approvals(programme, action, request, amount_fen, maker, "
                           "created_date, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending')",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "recording an approval");
    sqlite3_bind_text(q, 1, a->programme, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, a->action, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, a->request, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, a->amount_fen);
    sqlite3_bind_text(q, 5, a->maker, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 6, a->created_date);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_fail(tx->store, err, "recording an approval");
    a->seq = sqlite3_last_insert_rowid(store_sqlite(tx->store));
    snprintf(a->id, sizeof a->id, "A-%lld", (long long)a->seq);
    return HS_OK;
}

hs_status approval_repo_get(hs_store *s, int64_t seq, approval *out, bool *found, hs_error *err) {
    assert(s != NULL && out != NULL && found != NULL);
    sqlite3_stmt *q;
    *found = false;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT " APPROVAL_COLUMNS " FROM approvals WHERE seq = ?1", -1, &q,
                           NULL) != SQLITE_OK)
        return store_fail(s, err, "reading an approval");
    sqlite3_bind_int64(q, 1, seq);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *found = true;
        read_approval(q, out);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(s, err, "reading an approval");
    return *found ? row_ok(out, err) : HS_OK;
}

hs_status approval_repo_decide(hs_tx *tx, int64_t seq, const char *state, const char *checker,
                               const char *reason, hs_date on, bool *changed, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && state != NULL && checker != NULL);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(tx->store),
                           "UPDATE approvals SET state = ?2, checker = ?3, reason = ?4, "
                           "decided_date = ?5 WHERE seq = ?1 AND state = 'pending'",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "deciding an approval");
    sqlite3_bind_int64(q, 1, seq);
    sqlite3_bind_text(q, 2, state, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, checker, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, reason ? reason : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 5, on);
    int rc = sqlite3_step(q);
    *changed = sqlite3_changes(store_sqlite(tx->store)) == 1;
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? HS_OK : store_fail(tx->store, err, "deciding an approval");
}

hs_status approval_repo_each(hs_store *s, const char *programme, const char *state,
                             int64_t after_seq, size_t max_rows,
                             hs_status (*fn)(void *ctx, const approval *a, hs_error *err),
                             void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            store_sqlite(s),
            "SELECT " APPROVAL_COLUMNS " FROM approvals WHERE (?1 IS NULL OR "
            "programme = ?1) AND (?2 IS NULL OR state = ?2) AND seq > ?3 ORDER BY seq "
            "LIMIT ?4",
            -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "listing approvals");
    if (programme != NULL)
        sqlite3_bind_text(q, 1, programme, -1, SQLITE_STATIC);
    if (state != NULL)
        sqlite3_bind_text(q, 2, state, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, after_seq);
    sqlite3_bind_int64(q, 4, max_rows == 0 ? -1 : (sqlite3_int64)max_rows);
    hs_status st = HS_OK;
    int rc = SQLITE_DONE;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        approval a;
        read_approval(q, &a);
        if ((st = row_ok(&a, err)) == HS_OK)
            st = fn(ctx, &a, err);
    }
    bool failed = st == HS_OK && rc != SQLITE_DONE;
    sqlite3_finalize(q);
    return failed ? store_fail(s, err, "listing approvals") : st;
}
