/* credit_repo.c — the credit module's records in the book (see instrument/credit_repo.h).
 * The only file with the credit module's SQL; it runs on the store's connection, inside the
 * caller's transaction when given an hs_tx. Rows read back are checked before they are handed up:
 * an unknown status or amounts that can't be (a tampered book) are HS_STORAGE, never a crash. */
#include "instrument/credit_repo.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "store/sql/sql_store.h"

static hs_status prepare(hs_store *s, const char *sql, db_stmt **q, hs_error *err) {
    if (db_prepare(store_db(s), sql, q) != DB_OK)
        return store_fail(s, err, "preparing a credit query");
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

/* ---- products ---- */

#define PRODUCT_COLS                                                                               \
    "SELECT id, bank, name, rate_bp, term_months, period_months, ceiling_fen, unsecured,"          \
    " repayment, pool, created_date FROM credit_products"

static hs_status product_row(db_stmt *q, credit_product *p, hs_error *err) {
    memset(p, 0, sizeof *p);
    store_column_text(q, 0, p->id, sizeof p->id);
    store_column_text(q, 1, p->bank, sizeof p->bank);
    store_column_text(q, 2, p->name, sizeof p->name);
    p->rate_bp = db_column_int64(q, 3);
    p->term_months = db_column_int(q, 4);
    p->period_months = db_column_int(q, 5);
    p->ceiling_fen = db_column_int64(q, 6);
    p->unsecured = db_column_int(q, 7) != 0;
    char rep[32];
    store_column_text(q, 8, rep, sizeof rep);
    store_column_text(q, 9, p->pool, sizeof p->pool);
    p->created_date = (hs_date)db_column_int64(q, 10);
    if (!credit_repayment_parse(rep, &p->repayment))
        return corrupt(err, "product", p->id, "unknown repayment method");
    if (p->ceiling_fen <= 0 || p->rate_bp < 0 || p->term_months <= 0 || p->period_months <= 0)
        return corrupt(err, "product", p->id, "terms out of range");
    return HS_OK;
}

static hs_status product_get(hs_store *s, const char *id, credit_product *out, bool *found,
                             hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, PRODUCT_COLS " WHERE id = ?1", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, id);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        st = product_row(q, out, err);
    else if (rc != DB_DONE)
        st = store_fail(s, err, "reading a product");
    db_finalize(q);
    return st;
}

hs_status credit_repo_product_get(hs_tx *tx, const char *id, credit_product *out, bool *found,
                                  hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    return product_get(tx->store, id, out, found, err);
}

hs_status credit_repo_product_read(hs_store *s, const char *id, credit_product *out, bool *found,
                                   hs_error *err) {
    return product_get(s, id, out, found, err);
}

hs_status credit_repo_product_insert(hs_tx *tx, const credit_product *p, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "INSERT INTO credit_products(id, bank, name, rate_bp, term_months,"
                           " period_months, ceiling_fen, unsecured, repayment, pool, created_date)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, p->id);
    bind_text(q, 2, p->bank);
    bind_text(q, 3, p->name);
    db_bind_int64(q, 4, p->rate_bp);
    db_bind_int(q, 5, p->term_months);
    db_bind_int(q, 6, p->period_months);
    db_bind_int64(q, 7, p->ceiling_fen);
    db_bind_int(q, 8, p->unsecured ? 1 : 0);
    bind_text(q, 9, credit_repayment_name(p->repayment));
    bind_text(q, 10, p->pool);
    db_bind_int64(q, 11, p->created_date);
    return step_done(s, q, "creating a product", err);
}

hs_status credit_repo_products_each(hs_store *s,
                                    hs_status (*fn)(void *ctx, const credit_product *p,
                                                    hs_error *err),
                                    void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, PRODUCT_COLS " ORDER BY id", &q, err);
    if (st != HS_OK)
        return st;
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        credit_product p;
        if ((st = product_row(q, &p, err)) == HS_OK)
            st = fn(ctx, &p, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading products");
    db_finalize(q);
    return st;
}

/* ---- pools ---- */

#define POOL_COLS                                                                                  \
    "SELECT id, programme, budget, base_share_bp, high_unsecured_min_bp, high_unsecured_share_bp," \
    " first_loan_share_bp, cap_per_loan_fen, cap_per_bank_year_fen, required_multiple_x100,"       \
    " created_date FROM credit_pools"

static hs_status pool_get(hs_store *s, const char *id, credit_pool *out, bool *found,
                          hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, POOL_COLS " WHERE id = ?1", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, id);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        store_column_text(q, 0, out->id, sizeof out->id);
        store_column_text(q, 1, out->programme, sizeof out->programme);
        store_column_text(q, 2, out->budget, sizeof out->budget);
        out->params.base_share_bp = db_column_int64(q, 3);
        out->params.high_unsecured_min_bp = db_column_int64(q, 4);
        out->params.high_unsecured_share_bp = db_column_int64(q, 5);
        out->params.first_loan_share_bp = db_column_int64(q, 6);
        out->params.cap_per_loan_fen = db_column_int64(q, 7);
        out->params.cap_per_bank_year_fen = db_column_int64(q, 8);
        out->params.required_multiple_x100 = db_column_int64(q, 9);
        out->created_date = (hs_date)db_column_int64(q, 10);
        hs_error ignored;
        if (credit_pool_params_validate(&out->params, &ignored) != HS_OK)
            st = corrupt(err, "pool", out->id, ignored.msg);
    } else if (rc != DB_DONE) {
        st = store_fail(s, err, "reading a pool");
    }
    db_finalize(q);
    return st;
}

hs_status credit_repo_pool_get(hs_tx *tx, const char *id, credit_pool *out, bool *found,
                               hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    return pool_get(tx->store, id, out, found, err);
}

hs_status credit_repo_pool_read(hs_store *s, const char *id, credit_pool *out, bool *found,
                                hs_error *err) {
    return pool_get(s, id, out, found, err);
}

hs_status credit_repo_pool_insert(hs_tx *tx, const credit_pool *p, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "INSERT INTO credit_pools(id, programme, budget, base_share_bp,"
                           " high_unsecured_min_bp, high_unsecured_share_bp, first_loan_share_bp,"
                           " cap_per_loan_fen, cap_per_bank_year_fen, required_multiple_x100,"
                           " created_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, p->id);
    bind_text(q, 2, p->programme);
    bind_text(q, 3, p->budget);
    db_bind_int64(q, 4, p->params.base_share_bp);
    db_bind_int64(q, 5, p->params.high_unsecured_min_bp);
    db_bind_int64(q, 6, p->params.high_unsecured_share_bp);
    db_bind_int64(q, 7, p->params.first_loan_share_bp);
    db_bind_int64(q, 8, p->params.cap_per_loan_fen);
    db_bind_int64(q, 9, p->params.cap_per_bank_year_fen);
    db_bind_int64(q, 10, p->params.required_multiple_x100);
    db_bind_int64(q, 11, p->created_date);
    return step_done(s, q, "creating a pool", err);
}

hs_status credit_repo_pool_ids_each(hs_store *s,
                                    hs_status (*fn)(void *ctx, const char *id, hs_error *err),
                                    void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, "SELECT id FROM credit_pools ORDER BY id", &q, err);
    if (st != HS_OK)
        return st;
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        char id[CREDIT_ID_MAX];
        store_column_text(q, 0, id, sizeof id);
        st = fn(ctx, id, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading pools");
    db_finalize(q);
    return st;
}

hs_status credit_repo_funding_get(hs_tx *tx, const char *id, credit_funding *out, bool *found,
                                  hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(
        s, "SELECT id, pool, date, amount_fen FROM credit_pool_fundings WHERE id = ?1", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, id);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        store_column_text(q, 0, out->id, sizeof out->id);
        store_column_text(q, 1, out->pool, sizeof out->pool);
        out->date = (hs_date)db_column_int64(q, 2);
        out->amount_fen = db_column_int64(q, 3);
    } else if (rc != DB_DONE) {
        st = store_fail(s, err, "reading a funding");
    }
    db_finalize(q);
    return st;
}

hs_status credit_repo_funding_insert(hs_tx *tx, const credit_funding *f, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "INSERT INTO credit_pool_fundings(id, pool, date, amount_fen)"
                           " VALUES (?1, ?2, ?3, ?4)",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, f->id);
    bind_text(q, 2, f->pool);
    db_bind_int64(q, 3, f->date);
    db_bind_int64(q, 4, f->amount_fen);
    return step_done(s, q, "recording a funding", err);
}

static hs_status fundings_total(hs_store *s, const char *pool, int64_t *count, int64_t *total_fen,
                                hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s,
                           "SELECT COUNT(*), COALESCE(SUM(amount_fen), 0) FROM credit_pool_fundings"
                           " WHERE pool = ?1",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, pool);
    if (db_step(q) == DB_ROW) {
        *count = db_column_int64(q, 0);
        *total_fen = db_column_int64(q, 1);
        if (*count < 0 || *total_fen < 0)
            st = corrupt(err, "fundings of pool", pool, "negative total");
    } else {
        st = store_fail(s, err, "summing a pool's fundings");
    }
    db_finalize(q);
    return st;
}

hs_status credit_repo_fundings_total(hs_tx *tx, const char *pool, int64_t *count,
                                     int64_t *total_fen, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    return fundings_total(tx->store, pool, count, total_fen, err);
}

hs_status credit_repo_fundings_total_read(hs_store *s, const char *pool, int64_t *count,
                                          int64_t *total_fen, hs_error *err) {
    return fundings_total(s, pool, count, total_fen, err);
}

/* ---- loans ---- */

#define LOAN_COLS                                                                                  \
    "SELECT id, product, bank, firm, pool, amount_fen, rate_bp, term_months, period_months,"       \
    " repayment, unsecured_bp, first_loan, approved_date, status, disbursed_date, defaulted_date," \
    " principal_repaid_fen, interest_paid_fen, interest_paid_to, repayments, written_off_fen,"     \
    " recovered_fen, recovered_before_claim_fen, returned_to_pool_fen, recoveries FROM "           \
    "credit_loans"

static const char *const status_names[] = {"approved", "disbursed", "repaid", "defaulted"};

static bool status_parse(const char *text, credit_loan_status *out) {
    for (int i = 0; i <= LOAN_DEFAULTED; i++)
        if (strcmp(text, status_names[i]) == 0) {
            *out = (credit_loan_status)i;
            return true;
        }
    return false;
}

/* Why a loan row can't be (NULL if it is consistent). */
static const char *loan_inconsistency(const credit_loan *l) {
    if (l->amount_fen <= 0 || l->rate_bp < 0 || l->term_months <= 0 || l->period_months <= 0)
        return "terms out of range";
    if (l->principal_repaid_fen < 0 || l->interest_paid_fen < 0 || l->written_off_fen < 0 ||
        l->recovered_fen < 0 || l->recovered_before_claim_fen < 0 || l->returned_to_pool_fen < 0 ||
        l->repayments < 0 || l->recoveries < 0)
        return "negative amounts";
    if (l->principal_repaid_fen > l->amount_fen ||
        l->written_off_fen > l->amount_fen - l->principal_repaid_fen)
        return "more repaid and written off than lent";
    if (l->recovered_fen > l->written_off_fen || l->recovered_before_claim_fen > l->recovered_fen)
        return "more recovered than written off";
    if (l->unsecured_bp < 0 || l->unsecured_bp > 10000)
        return "unsecured share out of range";
    return NULL;
}

static hs_status loan_row(db_stmt *q, credit_loan *l, hs_error *err) {
    memset(l, 0, sizeof *l);
    store_column_text(q, 0, l->id, sizeof l->id);
    store_column_text(q, 1, l->product, sizeof l->product);
    store_column_text(q, 2, l->bank, sizeof l->bank);
    store_column_text(q, 3, l->firm, sizeof l->firm);
    store_column_text(q, 4, l->pool, sizeof l->pool);
    l->amount_fen = db_column_int64(q, 5);
    l->rate_bp = db_column_int64(q, 6);
    l->term_months = db_column_int(q, 7);
    l->period_months = db_column_int(q, 8);
    char rep[32], status[32];
    store_column_text(q, 9, rep, sizeof rep);
    l->unsecured_bp = db_column_int64(q, 10);
    l->first_loan = db_column_int(q, 11) != 0;
    l->approved_date = (hs_date)db_column_int64(q, 12);
    store_column_text(q, 13, status, sizeof status);
    l->disbursed_date = (hs_date)db_column_int64(q, 14);
    l->defaulted_date = (hs_date)db_column_int64(q, 15);
    l->principal_repaid_fen = db_column_int64(q, 16);
    l->interest_paid_fen = db_column_int64(q, 17);
    l->interest_paid_to = (hs_date)db_column_int64(q, 18);
    l->repayments = db_column_int(q, 19);
    l->written_off_fen = db_column_int64(q, 20);
    l->recovered_fen = db_column_int64(q, 21);
    l->recovered_before_claim_fen = db_column_int64(q, 22);
    l->returned_to_pool_fen = db_column_int64(q, 23);
    l->recoveries = db_column_int(q, 24);
    if (!credit_repayment_parse(rep, &l->repayment))
        return corrupt(err, "loan", l->id, "unknown repayment method");
    if (!status_parse(status, &l->status))
        return corrupt(err, "loan", l->id, "unknown status");
    const char *why = loan_inconsistency(l);
    return why == NULL ? HS_OK : corrupt(err, "loan", l->id, why);
}

static hs_status loan_get(hs_store *s, const char *id, credit_loan *out, bool *found,
                          hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, LOAN_COLS " WHERE id = ?1", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, id);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        st = loan_row(q, out, err);
    else if (rc != DB_DONE)
        st = store_fail(s, err, "reading a loan");
    db_finalize(q);
    return st;
}

hs_status credit_repo_loan_get(hs_tx *tx, const char *id, credit_loan *out, bool *found,
                               hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    return loan_get(tx->store, id, out, found, err);
}

hs_status credit_repo_loan_read(hs_store *s, const char *id, credit_loan *out, bool *found,
                                hs_error *err) {
    return loan_get(s, id, out, found, err);
}

hs_status credit_repo_loan_insert(hs_tx *tx, const credit_loan *l, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(
        s,
        "INSERT INTO credit_loans(id, product, bank, firm, pool, amount_fen, rate_bp, term_months,"
        " period_months, repayment, unsecured_bp, first_loan, approved_date, status)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'approved')",
        &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, l->id);
    bind_text(q, 2, l->product);
    bind_text(q, 3, l->bank);
    bind_text(q, 4, l->firm);
    bind_text(q, 5, l->pool);
    db_bind_int64(q, 6, l->amount_fen);
    db_bind_int64(q, 7, l->rate_bp);
    db_bind_int(q, 8, l->term_months);
    db_bind_int(q, 9, l->period_months);
    bind_text(q, 10, credit_repayment_name(l->repayment));
    db_bind_int64(q, 11, l->unsecured_bp);
    db_bind_int(q, 12, l->first_loan ? 1 : 0);
    db_bind_int64(q, 13, l->approved_date);
    return step_done(s, q, "creating a loan", err);
}

static void bind_date_or_null(db_stmt *q, int col, hs_date d, bool present) {
    if (present)
        db_bind_int64(q, col, d);
    else
        db_bind_null(q, col);
}

hs_status credit_repo_loan_update(hs_tx *tx, const credit_loan *l, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st =
        prepare(s,
                "UPDATE credit_loans SET status = ?2, disbursed_date = ?3, defaulted_date = ?4,"
                " principal_repaid_fen = ?5, interest_paid_fen = ?6, interest_paid_to = ?7,"
                " repayments = ?8, written_off_fen = ?9, recovered_fen = ?10,"
                " recovered_before_claim_fen = ?11, returned_to_pool_fen = ?12, recoveries = ?13"
                " WHERE id = ?1",
                &q, err);
    if (st != HS_OK)
        return st;
    bool disbursed = l->status != LOAN_APPROVED;
    bind_text(q, 1, l->id);
    bind_text(q, 2, credit_loan_status_name(l->status));
    bind_date_or_null(q, 3, l->disbursed_date, disbursed);
    bind_date_or_null(q, 4, l->defaulted_date, l->status == LOAN_DEFAULTED);
    db_bind_int64(q, 5, l->principal_repaid_fen);
    db_bind_int64(q, 6, l->interest_paid_fen);
    bind_date_or_null(q, 7, l->interest_paid_to, disbursed);
    db_bind_int(q, 8, l->repayments);
    db_bind_int64(q, 9, l->written_off_fen);
    db_bind_int64(q, 10, l->recovered_fen);
    db_bind_int64(q, 11, l->recovered_before_claim_fen);
    db_bind_int64(q, 12, l->returned_to_pool_fen);
    db_bind_int(q, 13, l->recoveries);
    if ((st = step_done(s, q, "saving a loan", err)) != HS_OK)
        return st;
    if (db_changes(store_db(s)) != 1)
        return hs_fail(err, HS_STORAGE, "saving loan %s: no such row", l->id);
    return HS_OK;
}

hs_status credit_repo_firm_has_loans(hs_tx *tx, const char *firm, bool *any, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s, "SELECT 1 FROM credit_loans WHERE firm = ?1 LIMIT 1", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, firm);
    int rc = db_step(q);
    *any = rc == DB_ROW;
    if (rc != DB_ROW && rc != DB_DONE)
        st = store_fail(s, err, "reading a firm's loans");
    db_finalize(q);
    return st;
}

hs_status credit_repo_loans_page(hs_store *s, const char *pool, const char *after_id,
                                 size_t max_rows,
                                 hs_status (*fn)(void *ctx, const credit_loan *l, hs_error *err),
                                 void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s,
                           LOAN_COLS " WHERE (?1 IS NULL OR pool = ?1) AND (?2 IS NULL OR seq > "
                                     "(SELECT seq FROM credit_loans WHERE id = ?2)) ORDER BY seq "
                                     "LIMIT ?3",
                           &q, err);
    if (st != HS_OK)
        return st;
    db_bind_text(q, 1, pool);
    db_bind_text(q, 2, after_id);
    db_bind_int64(q, 3, max_rows == 0 || max_rows > INT64_MAX ? INT64_MAX : (int64_t)max_rows);
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        credit_loan l;
        if ((st = loan_row(q, &l, err)) == HS_OK)
            st = fn(ctx, &l, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading loans");
    db_finalize(q);
    return st;
}

hs_status credit_repo_loans_each(hs_store *s, const char *pool,
                                 hs_status (*fn)(void *ctx, const credit_loan *l, hs_error *err),
                                 void *ctx, hs_error *err) {
    return credit_repo_loans_page(s, pool, NULL, 0, fn, ctx, err);
}

/* ---- events ---- */

static void event_row(db_stmt *q, credit_event *e) {
    memset(e, 0, sizeof *e);
    store_column_text(q, 0, e->id, sizeof e->id);
    store_column_text(q, 1, e->loan, sizeof e->loan);
    store_column_text(q, 2, e->kind, sizeof e->kind);
    e->date = (hs_date)db_column_int64(q, 3);
    e->amount_fen = db_column_int64(q, 4);
    e->principal_fen = db_column_int64(q, 5);
    e->interest_fen = db_column_int64(q, 6);
    e->pool_fen = db_column_int64(q, 7);
}

#define EVENT_COLS                                                                                 \
    "SELECT id, loan, kind, date, amount_fen, principal_fen, interest_fen, pool_fen"               \
    " FROM credit_events"

hs_status credit_repo_event_get(hs_tx *tx, const char *id, credit_event *out, bool *found,
                                hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s, EVENT_COLS " WHERE id = ?1", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, id);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        event_row(q, out);
    else if (rc != DB_DONE)
        st = store_fail(s, err, "reading an event");
    db_finalize(q);
    return st;
}

hs_status credit_repo_event_insert(hs_tx *tx, const credit_event *e, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "INSERT INTO credit_events(id, loan, kind, date, amount_fen,"
                           " principal_fen, interest_fen, pool_fen)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, e->id);
    bind_text(q, 2, e->loan);
    bind_text(q, 3, e->kind);
    db_bind_int64(q, 4, e->date);
    db_bind_int64(q, 5, e->amount_fen);
    db_bind_int64(q, 6, e->principal_fen);
    db_bind_int64(q, 7, e->interest_fen);
    db_bind_int64(q, 8, e->pool_fen);
    return step_done(s, q, "recording an event", err);
}

hs_status credit_repo_events_each(hs_store *s, const char *loan,
                                  hs_status (*fn)(void *ctx, const credit_event *e, hs_error *err),
                                  void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, EVENT_COLS " WHERE loan = ?1 ORDER BY rowid", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, loan);
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        credit_event e;
        event_row(q, &e);
        st = fn(ctx, &e, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading events");
    db_finalize(q);
    return st;
}

/* ---- claims ---- */

static hs_status claim_get(hs_store *s, const char *loan, credit_claim *out, bool *found,
                           hs_error *err) {
    db_stmt *q;
    hs_status st =
        prepare(s,
                "SELECT loan, pool, bank, date, base_fen, share_bp, rule, entitled_fen,"
                " capped_fen, paid_fen, shortfall_fen FROM credit_claims WHERE loan = ?1",
                &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, loan);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        store_column_text(q, 0, out->loan, sizeof out->loan);
        store_column_text(q, 1, out->pool, sizeof out->pool);
        store_column_text(q, 2, out->bank, sizeof out->bank);
        out->date = (hs_date)db_column_int64(q, 3);
        out->d.base_fen = db_column_int64(q, 4);
        out->d.share_bp = db_column_int64(q, 5);
        store_column_text(q, 6, out->d.rule, sizeof out->d.rule);
        out->d.entitled_fen = db_column_int64(q, 7);
        out->d.capped_fen = db_column_int64(q, 8);
        out->d.paid_fen = db_column_int64(q, 9);
        out->d.shortfall_fen = db_column_int64(q, 10);
        out->d.bank_year_room_fen = -1;
        if (out->d.base_fen <= 0 || out->d.paid_fen < 0 || out->d.paid_fen > out->d.base_fen ||
            out->d.shortfall_fen < 0)
            st = corrupt(err, "claim on loan", out->loan, "amounts out of range");
    } else if (rc != DB_DONE) {
        st = store_fail(s, err, "reading a claim");
    }
    db_finalize(q);
    return st;
}

hs_status credit_repo_claim_get(hs_tx *tx, const char *loan, credit_claim *out, bool *found,
                                hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    return claim_get(tx->store, loan, out, found, err);
}

hs_status credit_repo_claim_read(hs_store *s, const char *loan, credit_claim *out, bool *found,
                                 hs_error *err) {
    return claim_get(s, loan, out, found, err);
}

hs_status credit_repo_claim_insert(hs_tx *tx, const credit_claim *c, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st =
        prepare(s,
                "INSERT INTO credit_claims(loan, pool, bank, date, year, base_fen, share_bp, rule,"
                " entitled_fen, capped_fen, paid_fen, shortfall_fen)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                &q, err);
    if (st != HS_OK)
        return st;
    int y, m, d;
    date_to_ymd(c->date, &y, &m, &d);
    bind_text(q, 1, c->loan);
    bind_text(q, 2, c->pool);
    bind_text(q, 3, c->bank);
    db_bind_int64(q, 4, c->date);
    db_bind_int(q, 5, y);
    db_bind_int64(q, 6, c->d.base_fen);
    db_bind_int64(q, 7, c->d.share_bp);
    bind_text(q, 8, c->d.rule);
    db_bind_int64(q, 9, c->d.entitled_fen);
    db_bind_int64(q, 10, c->d.capped_fen);
    db_bind_int64(q, 11, c->d.paid_fen);
    db_bind_int64(q, 12, c->d.shortfall_fen);
    return step_done(s, q, "recording a claim", err);
}

hs_status credit_repo_claims_paid_in_year(hs_tx *tx, const char *pool, const char *bank, int year,
                                          int64_t *paid_fen, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "SELECT COALESCE(SUM(paid_fen), 0) FROM credit_claims"
                           " WHERE pool = ?1 AND bank = ?2 AND year = ?3",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, pool);
    bind_text(q, 2, bank);
    db_bind_int(q, 3, year);
    if (db_step(q) == DB_ROW) {
        *paid_fen = db_column_int64(q, 0);
        if (*paid_fen < 0)
            st = corrupt(err, "claims of pool", pool, "negative total paid");
    } else {
        st = store_fail(s, err, "summing a bank's claims");
    }
    db_finalize(q);
    return st;
}
