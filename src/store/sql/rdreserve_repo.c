/* rdreserve_repo.c — the R&D-reserve module's records in the book (see
 * instrument/rdreserve_repo.h). The only file with the module's SQL (plain SQL: no engine-only
 * syntax); it runs on the store's connection, inside the caller's transaction when given an hs_tx.
 * Rows read back are checked before they are handed up: a status, amounts or years that can't be
 * (a tampered book) are HS_STORAGE, never a crash. */
#include "instrument/rdreserve_repo.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "store/sql/sql_store.h"

static hs_status prepare(hs_store *s, const char *sql, db_stmt **q, hs_error *err) {
    if (db_prepare(store_db(s), sql, q) != DB_OK)
        return store_fail(s, err, "preparing an R&D-reserve query");
    return HS_OK;
}

/* Steps a statement that returns no row and finalizes it. */
static hs_status step_done(hs_store *s, db_stmt *q, const char *what, hs_error *err) {
    int rc = db_step(q);
    hs_status st = rc == DB_DONE ? HS_OK : store_fail(s, err, what);
    db_finalize(q);
    return st;
}

static void bind_text(db_stmt *q, int i, const char *t) {
    db_bind_text(q, i, t);
}

static hs_status corrupt(hs_error *err, const char *what, const char *id, const char *why) {
    return hs_fail(err, HS_STORAGE, "the book's %s '%s' is inconsistent (%s): the book was altered",
                   what, id, why);
}

/* ---- filings ---- */

#define FILING_COLS                                                                                \
    "SELECT firm, tax_year, rd_expense_fen, filed_date, source, recorded_date"                     \
    " FROM rdreserve_filings"

static hs_status filing_row(db_stmt *q, rdreserve_filing *f, hs_error *err) {
    memset(f, 0, sizeof *f);
    store_column_text(q, 0, f->firm, sizeof f->firm);
    f->tax_year = db_column_int(q, 1);
    f->rd_expense_fen = db_column_int64(q, 2);
    f->filed_date = (hs_date)db_column_int64(q, 3);
    store_column_text(q, 4, f->source, sizeof f->source);
    f->recorded_date = (hs_date)db_column_int64(q, 5);
    if (!rdreserve_year_valid(f->tax_year) || f->rd_expense_fen < 0)
        return corrupt(err, "R&D filing of firm", f->firm, "year or figure out of range");
    return HS_OK;
}

hs_status rdreserve_repo_filing_get(hs_store *s, const char *firm, int32_t tax_year,
                                    rdreserve_filing *out, bool *found, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, FILING_COLS " WHERE firm = ?1 AND tax_year = ?2", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, firm);
    db_bind_int(q, 2, tax_year);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        st = filing_row(q, out, err);
    else if (rc != DB_DONE)
        st = store_fail(s, err, "reading an R&D filing");
    db_finalize(q);
    return st;
}

hs_status rdreserve_repo_filing_insert(hs_tx *tx, const rdreserve_filing *f, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "INSERT INTO rdreserve_filings(firm, tax_year, rd_expense_fen,"
                           " filed_date, source, recorded_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, f->firm);
    db_bind_int(q, 2, f->tax_year);
    db_bind_int64(q, 3, f->rd_expense_fen);
    db_bind_int64(q, 4, f->filed_date);
    bind_text(q, 5, f->source);
    db_bind_int64(q, 6, f->recorded_date);
    return step_done(s, q, "recording an R&D filing", err);
}

hs_status rdreserve_repo_filings_each(hs_store *s, const char *firm,
                                      hs_status (*fn)(void *ctx, const rdreserve_filing *f,
                                                      hs_error *err),
                                      void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st =
        prepare(s, FILING_COLS " WHERE ?1 IS NULL OR firm = ?1 ORDER BY firm, tax_year", &q, err);
    if (st != HS_OK)
        return st;
    if (firm != NULL)
        bind_text(q, 1, firm);
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        rdreserve_filing f;
        if ((st = filing_row(q, &f, err)) == HS_OK)
            st = fn(ctx, &f, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading R&D filings");
    db_finalize(q);
    return st;
}

/* ---- reserves ---- */

#define RESERVE_COLS                                                                               \
    "SELECT firm, year, programme, budget, policy_path, policy_id, policy_label, policy_sha256,"   \
    " reserve_fen, registered_date, status, rd_fen, prior_rd_fen, computed_fen, amount_fen,"       \
    " paid_date, clause, note, payee_account, transfer_id, inputs FROM rdreserves"

static hs_status reserve_row(db_stmt *q, rdreserve *r, hs_error *err) {
    memset(r, 0, sizeof *r);
    store_column_text(q, 0, r->firm, sizeof r->firm);
    r->year = db_column_int(q, 1);
    store_column_text(q, 2, r->policy.programme, sizeof r->policy.programme);
    store_column_text(q, 3, r->policy.budget, sizeof r->policy.budget);
    store_column_text(q, 4, r->policy.path, sizeof r->policy.path);
    store_column_text(q, 5, r->policy.id, sizeof r->policy.id);
    store_column_text(q, 6, r->policy.label, sizeof r->policy.label);
    store_column_text(q, 7, r->policy.sha256, sizeof r->policy.sha256);
    r->reserve_fen = db_column_int64(q, 8);
    r->registered_date = (hs_date)db_column_int64(q, 9);
    char status[16];
    store_column_text(q, 10, status, sizeof status);
    r->rd_fen = db_column_int64(q, 11);
    r->prior_rd_fen = db_column_int64(q, 12);
    r->computed_fen = db_column_int64(q, 13);
    r->amount_fen = db_column_int64(q, 14);
    r->paid_date = (hs_date)db_column_int64(q, 15);
    store_column_text(q, 16, r->clause, sizeof r->clause);
    store_column_text(q, 17, r->note, sizeof r->note);
    store_column_text(q, 18, r->payee_account, sizeof r->payee_account);
    store_column_text(q, 19, r->transfer_id, sizeof r->transfer_id);
    store_column_text(q, 20, r->inputs, sizeof r->inputs);
    if (strcmp(status, "paid") == 0)
        r->status = RDRESERVE_PAID;
    else if (strcmp(status, "registered") == 0)
        r->status = RDRESERVE_REGISTERED;
    else
        return corrupt(err, "R&D reserve of firm", r->firm, "unknown status");
    bool paid = r->status == RDRESERVE_PAID;
    if (!rdreserve_year_valid(r->year) || r->reserve_fen <= 0 || strlen(r->policy.sha256) != 64 ||
        r->amount_fen < 0 || r->computed_fen < 0 || r->amount_fen > r->computed_fen ||
        paid != (r->amount_fen > 0) || paid != (r->transfer_id[0] != '\0') ||
        paid != (r->paid_date != 0))
        return corrupt(err, "R&D reserve of firm", r->firm, "amounts or status out of range");
    return HS_OK;
}

hs_status rdreserve_repo_get(hs_store *s, const char *firm, int32_t year, rdreserve *out,
                             bool *found, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, RESERVE_COLS " WHERE firm = ?1 AND year = ?2", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, firm);
    db_bind_int(q, 2, year);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        st = reserve_row(q, out, err);
    else if (rc != DB_DONE)
        st = store_fail(s, err, "reading an R&D reserve");
    db_finalize(q);
    return st;
}

hs_status rdreserve_repo_insert(hs_tx *tx, const rdreserve *r, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && r->status == RDRESERVE_REGISTERED);
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "INSERT INTO rdreserves(firm, year, programme, budget, policy_path,"
                           " policy_id, policy_label, policy_sha256, reserve_fen, registered_date,"
                           " status, rd_fen, prior_rd_fen, computed_fen, amount_fen, paid_date,"
                           " clause, note, payee_account, transfer_id, inputs)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'registered', 0, 0,"
                           " 0, 0, 0, '', '', '', '', '{}')",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, r->firm);
    db_bind_int(q, 2, r->year);
    bind_text(q, 3, r->policy.programme);
    bind_text(q, 4, r->policy.budget);
    bind_text(q, 5, r->policy.path);
    bind_text(q, 6, r->policy.id);
    bind_text(q, 7, r->policy.label);
    bind_text(q, 8, r->policy.sha256);
    db_bind_int64(q, 9, r->reserve_fen);
    db_bind_int64(q, 10, r->registered_date);
    return step_done(s, q, "registering an R&D reserve", err);
}

hs_status rdreserve_repo_mark_paid(hs_tx *tx, const rdreserve *r, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && r->status == RDRESERVE_PAID);
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "UPDATE rdreserves SET status = 'paid', rd_fen = ?3, prior_rd_fen = ?4,"
                           " computed_fen = ?5, amount_fen = ?6, paid_date = ?7, clause = ?8,"
                           " note = ?9, payee_account = ?10, transfer_id = ?11, inputs = ?12"
                           " WHERE firm = ?1 AND year = ?2 AND status = 'registered'",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, r->firm);
    db_bind_int(q, 2, r->year);
    db_bind_int64(q, 3, r->rd_fen);
    db_bind_int64(q, 4, r->prior_rd_fen);
    db_bind_int64(q, 5, r->computed_fen);
    db_bind_int64(q, 6, r->amount_fen);
    db_bind_int64(q, 7, r->paid_date);
    bind_text(q, 8, r->clause);
    bind_text(q, 9, r->note);
    bind_text(q, 10, r->payee_account);
    bind_text(q, 11, r->transfer_id);
    bind_text(q, 12, r->inputs);
    if ((st = step_done(s, q, "recording an R&D-reserve payment", err)) != HS_OK)
        return st;
    if (db_changes(store_db(s)) != 1)
        return corrupt(err, "R&D reserve of firm", r->firm, "no registered row to pay");
    return HS_OK;
}

hs_status rdreserve_repo_each(hs_store *s, const char *firm, int32_t year,
                              hs_status (*fn)(void *ctx, const rdreserve *r, hs_error *err),
                              void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s,
                           RESERVE_COLS " WHERE (?1 IS NULL OR firm = ?1) AND (?2 = 0 OR year = ?2)"
                                        " ORDER BY firm, year",
                           &q, err);
    if (st != HS_OK)
        return st;
    if (firm != NULL)
        bind_text(q, 1, firm);
    db_bind_int(q, 2, year);
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        rdreserve r;
        if ((st = reserve_row(q, &r, err)) == HS_OK)
            st = fn(ctx, &r, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading R&D reserves");
    db_finalize(q);
    return st;
}

hs_status rdreserve_repo_paid_sum(hs_tx *tx, const char *policy_id, const char *firm, int year,
                                  int64_t *count, int64_t *total_fen, char *first_id,
                                  size_t first_len, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && year >= 0);
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "SELECT COUNT(*), COALESCE(SUM(amount_fen), 0), MIN(transfer_id)"
                           " FROM rdreserves WHERE policy_id = ?1 AND status = 'paid'"
                           " AND (?2 IS NULL OR firm = ?2) AND (?3 = 0 OR year = ?3)",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, policy_id);
    if (firm != NULL)
        bind_text(q, 2, firm);
    db_bind_int(q, 3, year);
    if (db_step(q) == DB_ROW) {
        *count = db_column_int64(q, 0);
        *total_fen = db_column_int64(q, 1);
        if (first_id != NULL && first_len > 0)
            store_column_text(q, 2, first_id, first_len);
        if (*count < 0 || *total_fen < 0)
            st = corrupt(err, "R&D reserves of policy", policy_id, "negative total");
    } else {
        st = store_fail(s, err, "summing R&D-reserve subsidies paid");
    }
    db_finalize(q);
    return st;
}
