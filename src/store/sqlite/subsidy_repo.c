/* subsidy_repo.c — subsidy applications on SQLite (see instrument/subsidy_repo.h). The only file
 * with SQL for the subsidy module; scopes come in as values, never as SQL text. */
#include "instrument/subsidy_repo.h"
#include "store/sqlite/sqlite_store.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define COLUMNS                                                                                    \
    "id, programme, budget, policy_path, policy_id, policy_label, policy_sha256, firm, product, "  \
    "applied_date, inputs, eligible, decided_fen, reason, status, award_fen, paid_fen, "           \
    "clawed_fen, reservation_seq, clawback_count, award_date, pay_by, note"

static void read_row(sqlite3_stmt *q, subsidy_app *a) {
    memset(a, 0, sizeof *a);
    store_column_text(q, 0, a->id, sizeof a->id);
    store_column_text(q, 1, a->policy.programme, sizeof a->policy.programme);
    store_column_text(q, 2, a->policy.budget, sizeof a->policy.budget);
    store_column_text(q, 3, a->policy.path, sizeof a->policy.path);
    store_column_text(q, 4, a->policy.id, sizeof a->policy.id);
    store_column_text(q, 5, a->policy.label, sizeof a->policy.label);
    store_column_text(q, 6, a->policy.sha256, sizeof a->policy.sha256);
    store_column_text(q, 7, a->firm, sizeof a->firm);
    store_column_text(q, 8, a->product, sizeof a->product);
    a->applied_date = (hs_date)sqlite3_column_int64(q, 9);
    store_column_text(q, 10, a->inputs, sizeof a->inputs);
    a->eligible = sqlite3_column_int(q, 11) != 0;
    a->decided_fen = sqlite3_column_int64(q, 12);
    store_column_text(q, 13, a->reason, sizeof a->reason);
    store_column_text(q, 14, a->status, sizeof a->status);
    a->award_fen = sqlite3_column_int64(q, 15);
    a->paid_fen = sqlite3_column_int64(q, 16);
    a->clawed_fen = sqlite3_column_int64(q, 17);
    a->reservation_seq = sqlite3_column_int(q, 18);
    a->clawback_count = sqlite3_column_int(q, 19);
    a->award_date = (hs_date)sqlite3_column_int64(q, 20);
    a->pay_by = (hs_date)sqlite3_column_int64(q, 21);
    store_column_text(q, 22, a->note, sizeof a->note);
}

static void read_row_any(sqlite3_stmt *q, void *out) {
    read_row(q, out);
}

static hs_status get(hs_store *s, const char *id, subsidy_app *out, bool *found, hs_error *err) {
    return store_get_one(s, "SELECT " COLUMNS " FROM subsidy_applications WHERE id = ?1", id,
                         read_row_any, out, found, "reading an application", err);
}

hs_status subsidy_repo_get(hs_tx *tx, const char *id, subsidy_app *out, bool *found,
                           hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    return get(tx->store, id, out, found, err);
}

hs_status subsidy_repo_find(hs_store *s, const char *id, subsidy_app *out, bool *found,
                            hs_error *err) {
    return get(s, id, out, found, err);
}

hs_status subsidy_repo_insert(hs_tx *tx, const subsidy_app *a, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "INSERT INTO subsidy_applications(id, programme, budget, policy_path, "
                           "policy_id, policy_label, policy_sha256, firm, product, applied_date, "
                           "inputs, eligible, decided_fen, reason, status) VALUES (?1, ?2, ?3, ?4, "
                           "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "recording an application");
    const char *texts[] = {a->id,        a->policy.programme, a->policy.budget, a->policy.path,
                           a->policy.id, a->policy.label,     a->policy.sha256, a->firm,
                           a->product};
    for (int i = 0; i < 9; i++)
        sqlite3_bind_text(q, i + 1, texts[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 10, a->applied_date);
    sqlite3_bind_text(q, 11, a->inputs, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 12, a->eligible);
    sqlite3_bind_int64(q, 13, a->decided_fen);
    sqlite3_bind_text(q, 14, a->reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 15, a->status, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? HS_OK : store_fail(s, err, "recording an application");
}

hs_status subsidy_repo_save(hs_tx *tx, const subsidy_app *a, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "UPDATE subsidy_applications SET status = ?2, award_fen = ?3, "
                           "paid_fen = ?4, clawed_fen = ?5, reservation_seq = ?6, "
                           "clawback_count = ?7, award_date = ?8, award_year = ?9, pay_by = ?10, "
                           "note = ?11 WHERE id = ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "updating an application");
    int y = 0, m, d;
    if (a->award_date != 0)
        date_to_ymd(a->award_date, &y, &m, &d);
    sqlite3_bind_text(q, 1, a->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, a->status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, a->award_fen);
    sqlite3_bind_int64(q, 4, a->paid_fen);
    sqlite3_bind_int64(q, 5, a->clawed_fen);
    sqlite3_bind_int(q, 6, a->reservation_seq);
    sqlite3_bind_int(q, 7, a->clawback_count);
    sqlite3_bind_int64(q, 8, a->award_date);
    sqlite3_bind_int(q, 9, y);
    sqlite3_bind_int64(q, 10, a->pay_by);
    sqlite3_bind_text(q, 11, a->note, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    int changed = sqlite3_changes(store_sqlite(s));
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_fail(s, err, "updating an application");
    if (changed != 1)
        return hs_fail(err, HS_STORAGE, "updating application %s: %d rows changed", a->id, changed);
    return HS_OK;
}

hs_status subsidy_repo_limit_usage(hs_tx *tx, const instrument_limit_scope *scope,
                                   instrument_limit_usage *out, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && scope->policy_id != NULL);
    hs_store *s = tx->store;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT COUNT(*), COALESCE(SUM(award_fen - clawed_fen), 0), "
                           "COALESCE(MIN(id), '') FROM subsidy_applications WHERE policy_id = ?1 "
                           "AND status IN ('awarded', 'paid', 'clawed_back') AND id != ?2 "
                           "AND (?3 IS NULL OR firm = ?3) AND (?4 IS NULL OR product = ?4) "
                           "AND (?5 = 0 OR award_year = ?5)",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "checking limits");
    sqlite3_bind_text(q, 1, scope->policy_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, scope->exclude_id ? scope->exclude_id : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, scope->firm, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, scope->product, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 5, scope->year);
    memset(out, 0, sizeof *out);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        out->count = sqlite3_column_int64(q, 0);
        out->used_fen = sqlite3_column_int64(q, 1);
        store_column_text(q, 2, out->first_id, sizeof out->first_id);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? HS_OK : store_fail(s, err, "checking limits");
}

hs_status subsidy_repo_due(hs_tx *tx, hs_date on, const char *programme,
                           char (**ids)[SUBSIDY_ID_MAX], size_t *n, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            store_sqlite(s),
            "SELECT id FROM subsidy_applications WHERE status = 'awarded' AND "
            "pay_by != 0 AND pay_by < ?1 AND (?2 IS NULL OR programme = ?2) ORDER BY id",
            -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "listing due awards");
    sqlite3_bind_int64(q, 1, on);
    if (programme != NULL)
        sqlite3_bind_text(q, 2, programme, -1, SQLITE_STATIC);
    hs_status st = HS_OK;
    size_t cap = 0;
    int rc;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            void *p = realloc(*ids, cap * sizeof **ids);
            if (p == NULL) {
                st = hs_fail(err, HS_STORAGE, "out of memory");
                break;
            }
            *ids = p;
        }
        store_column_text(q, 0, (*ids)[(*n)++], SUBSIDY_ID_MAX);
    }
    if (st == HS_OK && rc != SQLITE_DONE)
        st = store_fail(s, err, "listing due awards");
    sqlite3_finalize(q);
    if (st != HS_OK) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return st;
}

hs_status subsidy_repo_each(hs_store *s, const char *programme, const char *firm,
                            const char *status, const char *after_id, size_t max_rows,
                            hs_status (*fn)(void *ctx, const subsidy_app *a, hs_error *err),
                            void *ctx, hs_error *err) {
    hs_status st = HS_OK;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT " COLUMNS " FROM subsidy_applications WHERE (?1 IS NULL OR "
                           "programme = ?1) AND (?2 IS NULL OR firm = ?2) AND (?3 IS NULL OR "
                           "status = ?3) AND (?4 IS NULL OR id > ?4) ORDER BY id LIMIT ?5",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "listing applications");
    sqlite3_bind_text(q, 1, programme, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, firm, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, after_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 5, max_rows == 0 || max_rows > INT64_MAX ? -1 : (sqlite3_int64)max_rows);
    int rc;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        subsidy_app a;
        read_row(q, &a);
        st = fn(ctx, &a, err);
    }
    if (st == HS_OK && rc != SQLITE_DONE)
        st = store_fail(s, err, "listing applications");
    sqlite3_finalize(q);
    return st;
}
