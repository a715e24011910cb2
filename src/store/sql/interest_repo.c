/* interest_repo.c — the interest-subsidy module's records in the book (see
 * instrument/interest_repo.h). The only file with the module's SQL (plain SQL: no engine-only
 * syntax); it runs on the store's connection, inside the caller's transaction when given an hs_tx.
 * Rows read back are checked before they are handed up: a payee, amounts or dates that can't be (a
 * tampered book) are HS_STORAGE, never a crash. */
#include "instrument/interest_repo.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "store/sql/sql_store.h"

static hs_status prepare(hs_store *s, const char *sql, db_stmt **q, hs_error *err) {
    if (db_prepare(store_db(s), sql, q) != DB_OK)
        return store_fail(s, err, "preparing an interest-subsidy query");
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

/* ---- schemes ---- */

#define SCHEME_COLS                                                                                \
    "SELECT id, programme, budget, policy_path, policy_id, policy_label, policy_sha256, payee,"    \
    " created_date FROM interest_schemes"

static hs_status scheme_row(db_stmt *q, interest_scheme *sc, hs_error *err) {
    memset(sc, 0, sizeof *sc);
    store_column_text(q, 0, sc->id, sizeof sc->id);
    store_column_text(q, 1, sc->policy.programme, sizeof sc->policy.programme);
    store_column_text(q, 2, sc->policy.budget, sizeof sc->policy.budget);
    store_column_text(q, 3, sc->policy.path, sizeof sc->policy.path);
    store_column_text(q, 4, sc->policy.id, sizeof sc->policy.id);
    store_column_text(q, 5, sc->policy.label, sizeof sc->policy.label);
    store_column_text(q, 6, sc->policy.sha256, sizeof sc->policy.sha256);
    char payee[16];
    store_column_text(q, 7, payee, sizeof payee);
    sc->created_date = (hs_date)db_column_int64(q, 8);
    if (!interest_payee_parse(payee, &sc->payee))
        return corrupt(err, "interest scheme", sc->id, "unknown payee");
    if (strlen(sc->policy.sha256) != 64)
        return corrupt(err, "interest scheme", sc->id, "no policy hash");
    return HS_OK;
}

static hs_status scheme_get(hs_store *s, const char *id, interest_scheme *out, bool *found,
                            hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, SCHEME_COLS " WHERE id = ?1", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, id);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        st = scheme_row(q, out, err);
    else if (rc != DB_DONE)
        st = store_fail(s, err, "reading an interest scheme");
    db_finalize(q);
    return st;
}

hs_status interest_repo_scheme_get(hs_tx *tx, const char *id, interest_scheme *out, bool *found,
                                   hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    return scheme_get(tx->store, id, out, found, err);
}

hs_status interest_repo_scheme_read(hs_store *s, const char *id, interest_scheme *out, bool *found,
                                    hs_error *err) {
    return scheme_get(s, id, out, found, err);
}

hs_status interest_repo_scheme_insert(hs_tx *tx, const interest_scheme *sc, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "INSERT INTO interest_schemes(id, programme, budget, policy_path,"
                           " policy_id, policy_label, policy_sha256, payee, created_date)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, sc->id);
    bind_text(q, 2, sc->policy.programme);
    bind_text(q, 3, sc->policy.budget);
    bind_text(q, 4, sc->policy.path);
    bind_text(q, 5, sc->policy.id);
    bind_text(q, 6, sc->policy.label);
    bind_text(q, 7, sc->policy.sha256);
    bind_text(q, 8, interest_payee_name(sc->payee));
    db_bind_int64(q, 9, sc->created_date);
    return step_done(s, q, "creating an interest scheme", err);
}

hs_status interest_repo_scheme_of_policy(hs_tx *tx, const char *policy_id, char *scheme, size_t len,
                                         bool *found, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && len > 0);
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s, "SELECT MIN(id) FROM interest_schemes WHERE policy_id = ?1", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, policy_id);
    if (db_step(q) == DB_ROW) {
        *found = !db_column_is_null(q, 0);
        store_column_text(q, 0, scheme, len);
    } else {
        st = store_fail(s, err, "reading interest schemes");
    }
    db_finalize(q);
    return st;
}

hs_status interest_repo_schemes_each(hs_store *s,
                                     hs_status (*fn)(void *ctx, const interest_scheme *sc,
                                                     hs_error *err),
                                     void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, SCHEME_COLS " ORDER BY id", &q, err);
    if (st != HS_OK)
        return st;
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        interest_scheme sc;
        if ((st = scheme_row(q, &sc, err)) == HS_OK)
            st = fn(ctx, &sc, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading interest schemes");
    db_finalize(q);
    return st;
}

/* ---- runs ---- */

#define RUN_COLS                                                                                   \
    "SELECT scheme, period, first_day, last_day, run_date, loans, paid, total_fen"                 \
    " FROM interest_runs"

static hs_status run_row(db_stmt *q, interest_run *r, hs_error *err) {
    memset(r, 0, sizeof *r);
    store_column_text(q, 0, r->scheme, sizeof r->scheme);
    store_column_text(q, 1, r->period, sizeof r->period);
    r->first = (hs_date)db_column_int64(q, 2);
    r->last = (hs_date)db_column_int64(q, 3);
    r->run_date = (hs_date)db_column_int64(q, 4);
    r->loans = db_column_int(q, 5);
    r->paid = db_column_int(q, 6);
    r->total_fen = db_column_int64(q, 7);
    if (r->first > r->last || r->loans < 0 || r->paid < 0 || r->paid > r->loans ||
        r->total_fen < 0 || (r->paid == 0) != (r->total_fen == 0))
        return corrupt(err, "interest period", r->period, "counts or total out of range");
    return HS_OK;
}

static hs_status run_get(hs_store *s, const char *scheme, const char *period, interest_run *out,
                         bool *found, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, RUN_COLS " WHERE scheme = ?1 AND period = ?2", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, scheme);
    bind_text(q, 2, period);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        st = run_row(q, out, err);
    else if (rc != DB_DONE)
        st = store_fail(s, err, "reading an interest period");
    db_finalize(q);
    return st;
}

hs_status interest_repo_run_get(hs_tx *tx, const char *scheme, const char *period,
                                interest_run *out, bool *found, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    return run_get(tx->store, scheme, period, out, found, err);
}

hs_status interest_repo_run_read(hs_store *s, const char *scheme, const char *period,
                                 interest_run *out, bool *found, hs_error *err) {
    return run_get(s, scheme, period, out, found, err);
}

hs_status interest_repo_run_overlapping(hs_tx *tx, const char *scheme, hs_date first, hs_date last,
                                        char *period, size_t len, bool *found, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && first <= last && len > 0);
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "SELECT period FROM interest_runs WHERE scheme = ?1 AND first_day <= ?3"
                           " AND last_day >= ?2 ORDER BY first_day LIMIT 1",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, scheme);
    db_bind_int64(q, 2, first);
    db_bind_int64(q, 3, last);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        store_column_text(q, 0, period, len);
    else if (rc != DB_DONE)
        st = store_fail(s, err, "reading interest periods");
    db_finalize(q);
    return st;
}

hs_status interest_repo_run_insert(hs_tx *tx, const interest_run *r, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "INSERT INTO interest_runs(scheme, period, first_day, last_day,"
                           " run_date, loans, paid, total_fen)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, r->scheme);
    bind_text(q, 2, r->period);
    db_bind_int64(q, 3, r->first);
    db_bind_int64(q, 4, r->last);
    db_bind_int64(q, 5, r->run_date);
    db_bind_int(q, 6, r->loans);
    db_bind_int(q, 7, r->paid);
    db_bind_int64(q, 8, r->total_fen);
    return step_done(s, q, "recording an interest period", err);
}

hs_status interest_repo_runs_each(hs_store *s, const char *scheme,
                                  hs_status (*fn)(void *ctx, const interest_run *r, hs_error *err),
                                  void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st =
        prepare(s, RUN_COLS " WHERE ?1 IS NULL OR scheme = ?1 ORDER BY scheme, first_day", &q, err);
    if (st != HS_OK)
        return st;
    if (scheme != NULL)
        bind_text(q, 1, scheme);
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        interest_run r;
        if ((st = run_row(q, &r, err)) == HS_OK)
            st = fn(ctx, &r, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading interest periods");
    db_finalize(q);
    return st;
}

/* ---- accruals ---- */

hs_status interest_repo_accrual_insert(hs_tx *tx, const interest_accrual *a, const char *policy_id,
                                       int year, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st =
        prepare(s,
                "INSERT INTO interest_accruals(scheme, period, loan, seq, firm, bank, product,"
                " policy_id, year, from_day, to_day, days, principal_days_fen, loan_rate_bp,"
                " rate_bp, eligible, computed_fen, amount_fen, clause, note, payee_account,"
                " transfer_id, inputs) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
                &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, a->scheme);
    bind_text(q, 2, a->period);
    bind_text(q, 3, a->loan);
    db_bind_int(q, 4, a->seq);
    bind_text(q, 5, a->firm);
    bind_text(q, 6, a->bank);
    bind_text(q, 7, a->product);
    bind_text(q, 8, policy_id);
    db_bind_int(q, 9, year);
    db_bind_int64(q, 10, a->from);
    db_bind_int64(q, 11, a->to);
    db_bind_int(q, 12, a->days);
    db_bind_int64(q, 13, a->principal_days_fen);
    db_bind_int64(q, 14, a->loan_rate_bp);
    db_bind_int64(q, 15, a->rate_bp);
    db_bind_int(q, 16, a->eligible ? 1 : 0);
    db_bind_int64(q, 17, a->computed_fen);
    db_bind_int64(q, 18, a->amount_fen);
    bind_text(q, 19, a->clause);
    bind_text(q, 20, a->note);
    bind_text(q, 21, a->payee_account);
    bind_text(q, 22, a->transfer_id);
    bind_text(q, 23, a->inputs);
    return step_done(s, q, "recording an interest accrual", err);
}

static hs_status accrual_row(db_stmt *q, interest_accrual *a, hs_error *err) {
    memset(a, 0, sizeof *a);
    store_column_text(q, 0, a->scheme, sizeof a->scheme);
    store_column_text(q, 1, a->period, sizeof a->period);
    store_column_text(q, 2, a->loan, sizeof a->loan);
    a->seq = db_column_int(q, 3);
    store_column_text(q, 4, a->firm, sizeof a->firm);
    store_column_text(q, 5, a->bank, sizeof a->bank);
    store_column_text(q, 6, a->product, sizeof a->product);
    a->from = (hs_date)db_column_int64(q, 7);
    a->to = (hs_date)db_column_int64(q, 8);
    a->days = db_column_int(q, 9);
    a->principal_days_fen = db_column_int64(q, 10);
    a->loan_rate_bp = db_column_int64(q, 11);
    a->rate_bp = db_column_int64(q, 12);
    a->eligible = db_column_int(q, 13) != 0;
    a->computed_fen = db_column_int64(q, 14);
    a->amount_fen = db_column_int64(q, 15);
    store_column_text(q, 16, a->clause, sizeof a->clause);
    store_column_text(q, 17, a->note, sizeof a->note);
    store_column_text(q, 18, a->payee_account, sizeof a->payee_account);
    store_column_text(q, 19, a->transfer_id, sizeof a->transfer_id);
    store_column_text(q, 20, a->inputs, sizeof a->inputs);
    if (a->seq < 1 || a->days < 0 || a->principal_days_fen < 0 || a->rate_bp < 0 ||
        a->computed_fen < 0 || a->amount_fen < 0 || a->amount_fen > a->computed_fen ||
        (!a->eligible && a->amount_fen != 0) || (a->amount_fen > 0) != (a->transfer_id[0] != '\0'))
        return corrupt(err, "interest accrual of loan", a->loan, "amounts out of range");
    return HS_OK;
}

hs_status interest_repo_accruals_each(hs_store *s, const char *scheme, const char *period,
                                      hs_status (*fn)(void *ctx, const interest_accrual *a,
                                                      hs_error *err),
                                      void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s,
                           "SELECT scheme, period, loan, seq, firm, bank, product, from_day,"
                           " to_day, days, principal_days_fen, loan_rate_bp, rate_bp, eligible,"
                           " computed_fen, amount_fen, clause, note, payee_account, transfer_id,"
                           " inputs FROM interest_accruals WHERE scheme = ?1 AND period = ?2"
                           " ORDER BY seq",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, scheme);
    bind_text(q, 2, period);
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        interest_accrual a;
        if ((st = accrual_row(q, &a, err)) == HS_OK)
            st = fn(ctx, &a, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading interest accruals");
    db_finalize(q);
    return st;
}

hs_status interest_repo_paid_sum(hs_tx *tx, const char *policy_id, const char *firm, int year,
                                 int64_t *count, int64_t *total_fen, char *first_id,
                                 size_t first_len, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && year >= 0);
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "SELECT COUNT(*), COALESCE(SUM(amount_fen), 0), MIN(transfer_id)"
                           " FROM interest_accruals WHERE policy_id = ?1 AND amount_fen > 0"
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
            st = corrupt(err, "interest accruals of policy", policy_id, "negative total");
    } else {
        st = store_fail(s, err, "summing interest subsidies paid");
    }
    db_finalize(q);
    return st;
}
