/* guarantee_repo.c — the guarantee module's records in the book (see
 * instrument/guarantee_repo.h). The only file with the module's SQL (plain SQL: no engine-only
 * syntax); it runs on the store's connection, inside the caller's transaction when given an hs_tx.
 * Rows read back are checked: shares that do not add up to 100%, a loss split that does not add up
 * to the loss, negative amounts (a tampered book) are HS_STORAGE, never a crash. */
#include "instrument/guarantee_repo.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "store/sql/sql_store.h"

static hs_status prepare(hs_store *s, const char *sql, db_stmt **q, hs_error *err) {
    if (db_prepare(store_db(s), sql, q) != DB_OK)
        return store_fail(s, err, "preparing a guarantee query");
    return HS_OK;
}

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

/* ---- guarantors ---- */

#define GUARANTOR_COLS                                                                             \
    "SELECT id, name, reguarantor, programme, budget, contributed_fen, created_date"               \
    " FROM guarantee_guarantors"

static hs_status guarantor_row(db_stmt *q, guarantor *g, hs_error *err) {
    memset(g, 0, sizeof *g);
    store_column_text(q, 0, g->id, sizeof g->id);
    store_column_text(q, 1, g->name, sizeof g->name);
    store_column_text(q, 2, g->reguarantor, sizeof g->reguarantor);
    store_column_text(q, 3, g->programme, sizeof g->programme);
    store_column_text(q, 4, g->budget, sizeof g->budget);
    g->contributed_fen = db_column_int64(q, 5);
    g->created_date = (hs_date)db_column_int64(q, 6);
    if (g->contributed_fen <= 0)
        return corrupt(err, "guarantor", g->id, "no capital");
    return HS_OK;
}

static hs_status guarantor_get(hs_store *s, const char *id, guarantor *out, bool *found,
                               hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, GUARANTOR_COLS " WHERE id = ?1", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, id);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        st = guarantor_row(q, out, err);
    else if (rc != DB_DONE)
        st = store_fail(s, err, "reading a guarantor");
    db_finalize(q);
    return st;
}

hs_status guarantee_repo_guarantor_get(hs_tx *tx, const char *id, guarantor *out, bool *found,
                                       hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    return guarantor_get(tx->store, id, out, found, err);
}

hs_status guarantee_repo_guarantor_read(hs_store *s, const char *id, guarantor *out, bool *found,
                                        hs_error *err) {
    return guarantor_get(s, id, out, found, err);
}

hs_status guarantee_repo_guarantor_put(hs_tx *tx, const guarantor *g, bool update, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && g->contributed_fen > 0);
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st =
        update ? prepare(s, "UPDATE guarantee_guarantors SET contributed_fen = ?6 WHERE id = ?1",
                         &q, err)
               : prepare(s,
                         "INSERT INTO guarantee_guarantors(id, name, reguarantor, programme,"
                         " budget, contributed_fen, created_date)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                         &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, g->id);
    if (!update) {
        bind_text(q, 2, g->name);
        bind_text(q, 3, g->reguarantor);
        bind_text(q, 4, g->programme);
        bind_text(q, 5, g->budget);
        db_bind_int64(q, 7, g->created_date);
    }
    db_bind_int64(q, 6, g->contributed_fen);
    return step_done(s, q, "saving a guarantor", err);
}

hs_status guarantee_repo_guarantors_each(hs_store *s,
                                         hs_status (*fn)(void *ctx, const guarantor *g,
                                                         hs_error *err),
                                         void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, GUARANTOR_COLS " ORDER BY id", &q, err);
    if (st != HS_OK)
        return st;
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        guarantor g;
        if ((st = guarantor_row(q, &g, err)) == HS_OK)
            st = fn(ctx, &g, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading guarantors");
    db_finalize(q);
    return st;
}

/* ---- guarantees ---- */

#define GUARANTEE_COLS                                                                             \
    "SELECT loan, guarantor, reguarantor, firm, bank, programme, budget, policy_path, policy_id,"  \
    " policy_label, policy_sha256, signed_date, principal_fen, term_days, fee_rate_bp,"            \
    " subsidy_rate_bp, fee_fen, subsidy_fen, firm_fee_fen, share_national_bp,"                     \
    " share_provincial_bp, share_bank_bp, share_guarantor_bp, status, compensated_date,"           \
    " loss_fen, borne_national_fen, borne_provincial_fen, borne_bank_fen, borne_guarantor_fen,"    \
    " recovered_fen, rec_national_fen, rec_provincial_fen, rec_bank_fen, rec_guarantor_fen,"       \
    " recoveries, clause FROM guarantee_loans"

/* Why a guarantee row can't be (NULL if consistent). */
static const char *guarantee_inconsistency(const guarantee *g) {
    int64_t shares = 0, borne = 0, rec = 0;
    for (int i = 0; i < GUARANTEE_PARTIES; i++) {
        if (g->share_bp[i] < 0 || g->borne_fen[i] < 0 || g->recovered_to_fen[i] < 0)
            return "negative share or amount";
        shares += g->share_bp[i];
        borne += g->borne_fen[i];
        rec += g->recovered_to_fen[i];
    }
    if (shares != 10000)
        return "shares do not add up to 100%";
    if (g->principal_fen <= 0 || g->term_days <= 0 || g->fee_fen < 0 || g->subsidy_fen < 0 ||
        g->firm_fee_fen < 0 || g->fee_fen != g->subsidy_fen + g->firm_fee_fen)
        return "fee out of range";
    if (borne != g->loss_fen || rec != g->recovered_fen || g->recovered_fen > g->loss_fen)
        return "loss or recoveries do not add up";
    if ((g->status == GUARANTEE_COMPENSATED) != (g->compensated_date != 0))
        return "status and compensation date disagree";
    return NULL;
}

static hs_status guarantee_row(db_stmt *q, guarantee *g, hs_error *err) {
    memset(g, 0, sizeof *g);
    int c = 0;
    store_column_text(q, c++, g->loan, sizeof g->loan);
    store_column_text(q, c++, g->guarantor, sizeof g->guarantor);
    store_column_text(q, c++, g->reguarantor, sizeof g->reguarantor);
    store_column_text(q, c++, g->firm, sizeof g->firm);
    store_column_text(q, c++, g->bank, sizeof g->bank);
    store_column_text(q, c++, g->policy.programme, sizeof g->policy.programme);
    store_column_text(q, c++, g->policy.budget, sizeof g->policy.budget);
    store_column_text(q, c++, g->policy.path, sizeof g->policy.path);
    store_column_text(q, c++, g->policy.id, sizeof g->policy.id);
    store_column_text(q, c++, g->policy.label, sizeof g->policy.label);
    store_column_text(q, c++, g->policy.sha256, sizeof g->policy.sha256);
    g->signed_date = (hs_date)db_column_int64(q, c++);
    g->principal_fen = db_column_int64(q, c++);
    g->term_days = db_column_int(q, c++);
    g->fee_rate_bp = db_column_int64(q, c++);
    g->subsidy_rate_bp = db_column_int64(q, c++);
    g->fee_fen = db_column_int64(q, c++);
    g->subsidy_fen = db_column_int64(q, c++);
    g->firm_fee_fen = db_column_int64(q, c++);
    for (int i = 0; i < GUARANTEE_PARTIES; i++)
        g->share_bp[i] = db_column_int64(q, c++);
    char status[16];
    store_column_text(q, c++, status, sizeof status);
    g->compensated_date = (hs_date)db_column_int64(q, c++);
    g->loss_fen = db_column_int64(q, c++);
    for (int i = 0; i < GUARANTEE_PARTIES; i++)
        g->borne_fen[i] = db_column_int64(q, c++);
    g->recovered_fen = db_column_int64(q, c++);
    for (int i = 0; i < GUARANTEE_PARTIES; i++)
        g->recovered_to_fen[i] = db_column_int64(q, c++);
    g->recoveries = db_column_int(q, c++);
    store_column_text(q, c++, g->clause, sizeof g->clause);
    if (strcmp(status, "active") == 0)
        g->status = GUARANTEE_ACTIVE;
    else if (strcmp(status, "compensated") == 0)
        g->status = GUARANTEE_COMPENSATED;
    else
        return corrupt(err, "guarantee on loan", g->loan, "unknown status");
    const char *why = guarantee_inconsistency(g);
    return why ? corrupt(err, "guarantee on loan", g->loan, why) : HS_OK;
}

static hs_status guarantee_get_row(hs_store *s, const char *loan, guarantee *out, bool *found,
                                   hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, GUARANTEE_COLS " WHERE loan = ?1", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, loan);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        st = guarantee_row(q, out, err);
    else if (rc != DB_DONE)
        st = store_fail(s, err, "reading a guarantee");
    db_finalize(q);
    return st;
}

hs_status guarantee_repo_get(hs_tx *tx, const char *loan, guarantee *out, bool *found,
                             hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    return guarantee_get_row(tx->store, loan, out, found, err);
}

hs_status guarantee_repo_read(hs_store *s, const char *loan, guarantee *out, bool *found,
                              hs_error *err) {
    return guarantee_get_row(s, loan, out, found, err);
}

hs_status guarantee_repo_put(hs_tx *tx, const guarantee *g, bool update, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && guarantee_inconsistency(g) == NULL);
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st =
        update
            ? prepare(s,
                      "UPDATE guarantee_loans SET status = ?24, compensated_date = ?25,"
                      " loss_fen = ?26, borne_national_fen = ?27, borne_provincial_fen = ?28,"
                      " borne_bank_fen = ?29, borne_guarantor_fen = ?30, recovered_fen = ?31,"
                      " rec_national_fen = ?32, rec_provincial_fen = ?33, rec_bank_fen = ?34,"
                      " rec_guarantor_fen = ?35, recoveries = ?36 WHERE loan = ?1",
                      &q, err)
            : prepare(s,
                      "INSERT INTO guarantee_loans(loan, guarantor, reguarantor, firm, bank,"
                      " programme, budget, policy_path, policy_id, policy_label, policy_sha256,"
                      " signed_date, principal_fen, term_days, fee_rate_bp, subsidy_rate_bp,"
                      " fee_fen, subsidy_fen, firm_fee_fen, share_national_bp,"
                      " share_provincial_bp, share_bank_bp, share_guarantor_bp, status,"
                      " compensated_date, loss_fen, borne_national_fen, borne_provincial_fen,"
                      " borne_bank_fen, borne_guarantor_fen, recovered_fen, rec_national_fen,"
                      " rec_provincial_fen, rec_bank_fen, rec_guarantor_fen, recoveries, clause)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                      " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29,"
                      " ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37)",
                      &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, g->loan);
    if (!update) {
        bind_text(q, 2, g->guarantor);
        bind_text(q, 3, g->reguarantor);
        bind_text(q, 4, g->firm);
        bind_text(q, 5, g->bank);
        bind_text(q, 6, g->policy.programme);
        bind_text(q, 7, g->policy.budget);
        bind_text(q, 8, g->policy.path);
        bind_text(q, 9, g->policy.id);
        bind_text(q, 10, g->policy.label);
        bind_text(q, 11, g->policy.sha256);
        db_bind_int64(q, 12, g->signed_date);
        db_bind_int64(q, 13, g->principal_fen);
        db_bind_int(q, 14, g->term_days);
        db_bind_int64(q, 15, g->fee_rate_bp);
        db_bind_int64(q, 16, g->subsidy_rate_bp);
        db_bind_int64(q, 17, g->fee_fen);
        db_bind_int64(q, 18, g->subsidy_fen);
        db_bind_int64(q, 19, g->firm_fee_fen);
        for (int i = 0; i < GUARANTEE_PARTIES; i++)
            db_bind_int64(q, 20 + i, g->share_bp[i]);
        bind_text(q, 37, g->clause);
    }
    bind_text(q, 24, guarantee_status_name(g->status));
    db_bind_int64(q, 25, g->compensated_date);
    db_bind_int64(q, 26, g->loss_fen);
    for (int i = 0; i < GUARANTEE_PARTIES; i++)
        db_bind_int64(q, 27 + i, g->borne_fen[i]);
    db_bind_int64(q, 31, g->recovered_fen);
    for (int i = 0; i < GUARANTEE_PARTIES; i++)
        db_bind_int64(q, 32 + i, g->recovered_to_fen[i]);
    db_bind_int(q, 36, g->recoveries);
    return step_done(s, q, "saving a guarantee", err);
}

hs_status guarantee_repo_each(hs_store *s, const char *g,
                              hs_status (*fn)(void *ctx, const guarantee *gt, hs_error *err),
                              void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st =
        prepare(s, GUARANTEE_COLS " WHERE ?1 IS NULL OR guarantor = ?1 ORDER BY loan", &q, err);
    if (st != HS_OK)
        return st;
    if (g != NULL)
        bind_text(q, 1, g);
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        guarantee gt;
        if ((st = guarantee_row(q, &gt, err)) == HS_OK)
            st = fn(ctx, &gt, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading guarantees");
    db_finalize(q);
    return st;
}

/* ---- recoveries ---- */

hs_status guarantee_repo_recovery_get(hs_tx *tx, const char *id, char *loan, size_t loan_len,
                                      hs_date *date, int64_t *amount_fen, bool *found,
                                      hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(
        s, "SELECT loan, date, amount_fen FROM guarantee_recoveries WHERE id = ?1", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, id);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW) {
        store_column_text(q, 0, loan, loan_len);
        *date = (hs_date)db_column_int64(q, 1);
        *amount_fen = db_column_int64(q, 2);
    } else if (rc != DB_DONE) {
        st = store_fail(s, err, "reading a recovery");
    }
    db_finalize(q);
    return st;
}

hs_status guarantee_repo_recovery_insert(hs_tx *tx, const char *id, const char *loan, hs_date date,
                                         int64_t amount_fen, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && amount_fen > 0);
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "INSERT INTO guarantee_recoveries(id, loan, date, amount_fen)"
                           " VALUES (?1, ?2, ?3, ?4)",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, id);
    bind_text(q, 2, loan);
    db_bind_int64(q, 3, date);
    db_bind_int64(q, 4, amount_fen);
    return step_done(s, q, "recording a recovery", err);
}
