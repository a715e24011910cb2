/* credit_db.c — the credit module's tables and shared helpers for applying its transfers. */
#include "instrument/credit_db.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */

#include <stdio.h>
#include <string.h>

#include "ledger/transfer_codec.h"

#include "base/date.h"

hs_status credit_db_fail(hs_store *s, hs_error *err, const char *what) {
    return store_fail(s, err, what);
}

bool credit_id_valid(const char *id) {
    size_t n = id ? strlen(id) : 0;
    if (n == 0 || n >= CREDIT_ID_MAX || id[0] == '-')
        return false;
    for (const char *p = id; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c == 0x7f || c == '/' || c == ',' || c == '"' || c == '\\')
            return false;
    }
    return true;
}

hs_status credit_require_id(const char *field, const char *id, hs_error *err) {
    if (credit_id_valid(id))
        return HS_OK;
    return hs_fail(err, HS_INPUT,
                   "field '%s': '%s' must be 1-63 bytes without '/', spaces, commas or quotes",
                   field, id ? id : "");
}

hs_status credit_prepare(hs_store *s, const char *sql, sqlite3_stmt **q, hs_error *err) {
    if (sqlite3_prepare_v2(store_sqlite(s), sql, -1, q, NULL) != SQLITE_OK)
        return credit_db_fail(s, err, "preparing a credit query");
    return HS_OK;
}

hs_status credit_step_done(hs_store *s, sqlite3_stmt *q, const char *what, hs_error *err) {
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? HS_OK : credit_db_fail(s, err, what);
}

void credit_column_text(sqlite3_stmt *q, int col, char *out, size_t len) {
    const unsigned char *t = sqlite3_column_text(q, col);
    snprintf(out, len, "%s", t ? (const char *)t : "");
}

void credit_transfer_init(hs_transfer *t, const char *id, const char *debit, const char *credit,
                          int64_t amount_fen, const char *code, hs_date date, bool linked) {
    transfer_init(t);
    snprintf(t->id, sizeof t->id, "%s", id);
    snprintf(t->debit, sizeof t->debit, "%s", debit);
    snprintf(t->credit, sizeof t->credit, "%s", credit);
    t->amount_fen = amount_fen;
    snprintf(t->code, sizeof t->code, "%s", code);
    t->date = date;
    t->date_given = true;
    t->flags = linked ? TRANSFER_LINKED : 0;
}

hs_status credit_transfer_refs(hs_transfer *t, const char *const *pairs, hs_error *err) {
    char why[256];
    for (size_t i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2) {
        if (pairs[i + 1][0] == '\0')
            continue;
        if (!transfer_add_ref(t, pairs[i], pairs[i + 1], why, sizeof why))
            return hs_fail(err, HS_INPUT, "transfer %s: %s", t->id, why);
    }
    return HS_OK;
}

hs_status credit_apply(hs_tx *txn, const hs_transfer *events, size_t n, const char *what,
                       hs_error *err) {
    transfer_result results[8];
    if (n > sizeof results / sizeof results[0])
        return hs_fail(err, HS_INPUT, "%s: too many transfers", what);
    hs_status st = hs_tx_transfer(txn, events, n, results, err);
    if (st != HS_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (results[i] == TR_OK || results[i] == TR_EXISTS)
            continue;
        /* a chain reports linked_event_failed on its other members: name the real cause */
        size_t j = i;
        for (size_t k = 0; k < n; k++)
            if (results[k] != TR_OK && results[k] != TR_EXISTS &&
                results[k] != TR_LINKED_EVENT_FAILED) {
                j = k;
                break;
            }
        return hs_fail(err, transfer_result_status(results[j]),
                       "%s refused by the ledger: %s -> %s: %s", what, events[j].debit,
                       events[j].credit, transfer_result_name(results[j]));
    }
    return HS_OK;
}

hs_status credit_account(hs_store *s, const char *name, hs_account *out, hs_error *err) {
    bool found = false;
    hs_status st = store_account_by_name(s, name, out, &found, err);
    if (st != HS_OK)
        return st;
    return found ? HS_OK : hs_fail(err, HS_INPUT, "no account %s", name);
}

hs_status credit_ensure_account(hs_store *s, const char *name, const char *kind, uint32_t flags,
                                hs_error *err) {
    hs_account a;
    bool existed;
    return book_account_create(s, name, kind, flags, &a, &existed, err);
}

void credit_bank_account(const char *bank, const char *part, char *out, size_t len) {
    snprintf(out, len, "bank/%s/%s", bank, part);
}

/* Looks a repayment or recovery event up by id. */
static hs_status event_get(hs_store *s, const char *id, char *loan, size_t loan_len, char *kind,
                           size_t kind_len, hs_date *date, int64_t v[4], bool *found,
                           hs_error *err) {
    sqlite3_stmt *q;
    hs_status st = credit_prepare(s,
                                  "SELECT loan, kind, date, amount_fen, principal_fen, "
                                  "interest_fen, pool_fen FROM credit_events WHERE id = ?1",
                                  &q, err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *found = rc == SQLITE_ROW;
    if (*found) {
        credit_column_text(q, 0, loan, loan_len);
        credit_column_text(q, 1, kind, kind_len);
        *date = (hs_date)sqlite3_column_int64(q, 2);
        for (int i = 0; i < 4; i++)
            v[i] = sqlite3_column_int64(q, 3 + i);
    }
    sqlite3_finalize(q);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? HS_OK
                                                   : credit_db_fail(s, err, "reading an event");
}

hs_status credit_event_insert(hs_store *s, const char *id, const char *loan, const char *kind,
                              hs_date date, const int64_t v[4], hs_error *err) {
    sqlite3_stmt *q;
    hs_status st = credit_prepare(s,
                                  "INSERT INTO credit_events(id, loan, kind, date, amount_fen,"
                                  " principal_fen, interest_fen, pool_fen)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                  &q, err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, loan, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, date);
    for (int i = 0; i < 4; i++)
        sqlite3_bind_int64(q, 5 + i, v[i]);
    return credit_step_done(s, q, "recording an event", err);
}

hs_status credit_event_existing(hs_store *s, const char *id, const char *loan, const char *kind,
                                int64_t amount_fen, hs_date date, int64_t v[4], bool *found,
                                hs_error *err) {
    char have_loan[CREDIT_ID_MAX], have_kind[16];
    hs_date have_date = 0;
    hs_status st = event_get(s, id, have_loan, sizeof have_loan, have_kind, sizeof have_kind,
                             &have_date, v, found, err);
    if (st != HS_OK || !*found)
        return st;
    if (strcmp(have_loan, loan) || strcmp(have_kind, kind) || have_date != date ||
        (amount_fen != 0 && amount_fen != v[0]))
        return hs_fail(err, HS_INPUT, "id '%s' was already used for another %s (loan %s)", id,
                       have_kind, have_loan);
    return HS_OK;
}

hs_status credit_events_each(hs_store *s, const char *loan,
                             hs_status (*fn)(void *ctx, const credit_event *e, hs_error *err),
                             void *ctx, hs_error *err) {
    hs_status st = HS_OK;
    sqlite3_stmt *q;
    if (st != HS_OK ||
        (st = credit_prepare(s,
                             "SELECT id, kind, date, amount_fen, principal_fen, interest_fen,"
                             " pool_fen FROM credit_events WHERE loan = ?1 ORDER BY rowid",
                             &q, err)) != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, loan, -1, SQLITE_STATIC);
    int rc = SQLITE_DONE;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        credit_event e;
        memset(&e, 0, sizeof e);
        credit_column_text(q, 0, e.id, sizeof e.id);
        credit_column_text(q, 1, e.kind, sizeof e.kind);
        e.date = (hs_date)sqlite3_column_int64(q, 2);
        e.amount_fen = sqlite3_column_int64(q, 3);
        e.principal_fen = sqlite3_column_int64(q, 4);
        e.interest_fen = sqlite3_column_int64(q, 5);
        e.pool_fen = sqlite3_column_int64(q, 6);
        st = fn(ctx, &e, err);
    }
    sqlite3_finalize(q);
    if (st == HS_OK && rc != SQLITE_DONE)
        return credit_db_fail(s, err, "reading events");
    return st;
}
