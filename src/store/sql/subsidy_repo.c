/* subsidy_repo.c — subsidy applications in the book (see instrument/subsidy_repo.h). The only file
 * with SQL for the subsidy module; scopes come in as values, never as SQL text. */
#include "instrument/subsidy_repo.h"
#include "store/sql/sql_store.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define COLUMNS                                                                                    \
    "id, programme, budget, policy_path, policy_id, policy_label, policy_sha256, firm, product, "  \
    "applied_date, inputs, eligible, decided_fen, reason, status, award_fen, paid_fen, "           \
    "clawed_fen, reservation_seq, clawback_count, award_date, pay_by, note"

static void read_row(db_stmt *q, subsidy_app *a) {
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
    a->applied_date = (hs_date)db_column_int64(q, 9);
    store_column_text(q, 10, a->inputs, sizeof a->inputs);
    a->eligible = db_column_int(q, 11) != 0;
    a->decided_fen = db_column_int64(q, 12);
    store_column_text(q, 13, a->reason, sizeof a->reason);
    store_column_text(q, 14, a->status, sizeof a->status);
    a->award_fen = db_column_int64(q, 15);
    a->paid_fen = db_column_int64(q, 16);
    a->clawed_fen = db_column_int64(q, 17);
    a->reservation_seq = db_column_int(q, 18);
    a->clawback_count = db_column_int(q, 19);
    a->award_date = (hs_date)db_column_int64(q, 20);
    a->pay_by = (hs_date)db_column_int64(q, 21);
    store_column_text(q, 22, a->note, sizeof a->note);
}

static void read_row_any(db_stmt *q, void *out) {
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
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "INSERT INTO subsidy_applications(id, programme, budget, policy_path, "
                   "policy_id, policy_label, policy_sha256, firm, product, applied_date, "
                   "inputs, eligible, decided_fen, reason, status) VALUES (?1, ?2, ?3, ?4, "
                   "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                   &q) != DB_OK)
        return store_fail(s, err, "recording an application");
    const char *texts[] = {a->id,        a->policy.programme, a->policy.budget, a->policy.path,
                           a->policy.id, a->policy.label,     a->policy.sha256, a->firm,
                           a->product};
    for (int i = 0; i < 9; i++)
        db_bind_text(q, i + 1, texts[i]);
    db_bind_int64(q, 10, a->applied_date);
    db_bind_text(q, 11, a->inputs);
    db_bind_int(q, 12, a->eligible);
    db_bind_int64(q, 13, a->decided_fen);
    db_bind_text(q, 14, a->reason);
    db_bind_text(q, 15, a->status);
    int rc = db_step(q);
    db_finalize(q);
    return rc == DB_DONE ? HS_OK : store_fail(s, err, "recording an application");
}

hs_status subsidy_repo_save(hs_tx *tx, const subsidy_app *a, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "UPDATE subsidy_applications SET status = ?2, award_fen = ?3, "
                   "paid_fen = ?4, clawed_fen = ?5, reservation_seq = ?6, "
                   "clawback_count = ?7, award_date = ?8, award_year = ?9, pay_by = ?10, "
                   "note = ?11 WHERE id = ?1",
                   &q) != DB_OK)
        return store_fail(s, err, "updating an application");
    int y = 0, m, d;
    if (a->award_date != 0)
        date_to_ymd(a->award_date, &y, &m, &d);
    db_bind_text(q, 1, a->id);
    db_bind_text(q, 2, a->status);
    db_bind_int64(q, 3, a->award_fen);
    db_bind_int64(q, 4, a->paid_fen);
    db_bind_int64(q, 5, a->clawed_fen);
    db_bind_int(q, 6, a->reservation_seq);
    db_bind_int(q, 7, a->clawback_count);
    db_bind_int64(q, 8, a->award_date);
    db_bind_int(q, 9, y);
    db_bind_int64(q, 10, a->pay_by);
    db_bind_text(q, 11, a->note);
    int rc = db_step(q);
    int changed = db_changes(store_db(s));
    db_finalize(q);
    if (rc != DB_DONE)
        return store_fail(s, err, "updating an application");
    if (changed != 1)
        return hs_fail(err, HS_STORAGE, "updating application %s: %d rows changed", a->id, changed);
    return HS_OK;
}

hs_status subsidy_repo_limit_usage(hs_tx *tx, const instrument_limit_scope *scope,
                                   instrument_limit_usage *out, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && scope->policy_id != NULL);
    hs_store *s = tx->store;
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "SELECT COUNT(*), COALESCE(SUM(award_fen - clawed_fen), 0), "
                   "COALESCE(MIN(id), '') FROM subsidy_applications WHERE policy_id = ?1 "
                   "AND status IN ('awarded', 'paid', 'clawed_back') AND id != ?2 "
                   "AND (?3 IS NULL OR firm = ?3) AND (?4 IS NULL OR product = ?4) "
                   "AND (?5 = 0 OR award_year = ?5)",
                   &q) != DB_OK)
        return store_fail(s, err, "checking limits");
    db_bind_text(q, 1, scope->policy_id);
    db_bind_text(q, 2, scope->exclude_id ? scope->exclude_id : "");
    db_bind_text(q, 3, scope->firm);
    db_bind_text(q, 4, scope->product);
    db_bind_int(q, 5, scope->year);
    memset(out, 0, sizeof *out);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        out->count = db_column_int64(q, 0);
        out->used_fen = db_column_int64(q, 1);
        store_column_text(q, 2, out->first_id, sizeof out->first_id);
    }
    db_finalize(q);
    return rc == DB_ROW ? HS_OK : store_fail(s, err, "checking limits");
}

hs_status subsidy_repo_due(hs_tx *tx, hs_date on, const char *programme,
                           char (**ids)[SUBSIDY_ID_MAX], size_t *n, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    *ids = NULL;
    *n = 0;
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "SELECT id FROM subsidy_applications WHERE status = 'awarded' AND "
                   "pay_by != 0 AND pay_by < ?1 AND (?2 IS NULL OR programme = ?2) ORDER BY id",
                   &q) != DB_OK)
        return store_fail(s, err, "listing due awards");
    db_bind_int64(q, 1, on);
    if (programme != NULL)
        db_bind_text(q, 2, programme);
    hs_status st = HS_OK;
    size_t cap = 0;
    int rc;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
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
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "listing due awards");
    db_finalize(q);
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
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "SELECT " COLUMNS " FROM subsidy_applications WHERE (?1 IS NULL OR "
                   "programme = ?1) AND (?2 IS NULL OR firm = ?2) AND (?3 IS NULL OR "
                   "status = ?3) AND (?4 IS NULL OR id > ?4) ORDER BY id LIMIT ?5",
                   &q) != DB_OK)
        return store_fail(s, err, "listing applications");
    db_bind_text(q, 1, programme);
    db_bind_text(q, 2, firm);
    db_bind_text(q, 3, status);
    db_bind_text(q, 4, after_id);
    db_bind_int64(q, 5, max_rows == 0 || max_rows > INT64_MAX ? INT64_MAX : (int64_t)max_rows);
    int rc;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        subsidy_app a;
        read_row(q, &a);
        st = fn(ctx, &a, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "listing applications");
    db_finalize(q);
    return st;
}
