/* credit_db.h — what the credit files share: the credit module's tables, id checks, and building
 * and applying the ledger transfers of one credit operation inside a single book transaction (so
 * the module's rows and the money always change together or not at all).
 *
 * Tables (module "credit", version 1):
 *   credit_products(id PK, bank, name, rate_bp, term_months, period_months, ceiling_fen, unsecured,
 *                   repayment, pool, created_date)
 *   credit_pools(id PK, programme, budget, <credit_pool_params columns>, created_date)
 *   credit_pool_fundings(id PK = transfer id, pool, date, amount_fen)
 *   credit_loans(seq PK, id UNIQUE, product, bank, firm, pool, amount_fen, rate_bp, term_months,
 *                period_months, repayment, unsecured_bp, first_loan, approved_date, status,
 *                disbursed_date, defaulted_date, principal_repaid_fen, interest_paid_fen,
 *                interest_paid_to, repayments, written_off_fen, recovered_fen,
 *                recovered_before_claim_fen, returned_to_pool_fen, recoveries)
 *   credit_events(id PK = client id, loan, kind, date, amount_fen, principal_fen, interest_fen,
 *                 pool_fen)                                   -- repayments and recoveries
 *   credit_claims(loan PK, pool, bank, date, year, base_fen, share_bp, rule, entitled_fen,
 *                 capped_fen, paid_fen, shortfall_fen) */
#ifndef HS_INSTRUMENT_CREDIT_DB_H
#define HS_INSTRUMENT_CREDIT_DB_H

#include <stdbool.h>
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "ledger/transfer.h"
#include "store/book.h"
#include "store/store.h"

#define CREDIT_ID_MAX 64

/* HS_STORAGE naming the book, `what` and SQLite's message. */
hs_status credit_db_fail(hs_store *s, hs_error *err, const char *what);
/* True if `id` is 1..63 bytes with no '/', spaces, commas, quotes or control characters and no
 * leading '-' (so it can sit inside an account name); UTF-8 (银行, 锡科贷) is fine. */
bool credit_id_valid(const char *id);
/* HS_INPUT naming `field` unless credit_id_valid(id). */
hs_status credit_require_id(const char *field, const char *id, hs_error *err);
/* Prepares `sql` on the book; HS_STORAGE on failure. */
hs_status credit_prepare(hs_store *s, const char *sql, sqlite3_stmt **q, hs_error *err);
/* Steps a statement that returns no row and finalizes it; HS_STORAGE on failure. */
hs_status credit_step_done(hs_store *s, sqlite3_stmt *q, const char *what, hs_error *err);
/* Copies column `col` as text into out (empty if NULL). */
void credit_column_text(sqlite3_stmt *q, int col, char *out, size_t len);

/* Initialises a dated transfer id: debit -> credit, amount, code; linked if `linked`. */
void credit_transfer_init(hs_transfer *t, const char *id, const char *debit, const char *credit,
                          int64_t amount_fen, const char *code, hs_date date, bool linked);
/* Adds references from NULL-terminated key/value pairs (empty values skipped); HS_INPUT if too
 * long.
 */
hs_status credit_transfer_refs(hs_transfer *t, const char *const *pairs, hs_error *err);
/* Applies events in the open transaction; HS_OK only if every one is ok (a retry's "exists" counts
 * as ok); otherwise the first refusal's status with "what: account: reason". */
hs_status credit_apply(hs_tx *txn, const hs_transfer *events, size_t n, const char *what,
                       hs_error *err);
/* Reads an account (in the open transaction or not); HS_INPUT if it does not exist. */
hs_status credit_account(hs_store *s, const char *name, hs_account *out, hs_error *err);
/* Creates an account if missing (kind and flags must match an existing one). */
hs_status credit_ensure_account(hs_store *s, const char *name, const char *kind, uint32_t flags,
                                hs_error *err);

/* Records a repayment or recovery: v = {amount, principal, interest, pool} in fen. */
hs_status credit_event_insert(hs_store *s, const char *id, const char *loan, const char *kind,
                              hs_date date, const int64_t v[4], hs_error *err);
/* Looks event `id` up: *found false if new; if found with the same loan, kind, date and amount
 * (amount 0 matches any), fills v (see credit_event_insert); otherwise HS_INPUT (id reused). */
hs_status credit_event_existing(hs_store *s, const char *id, const char *loan, const char *kind,
                                int64_t amount_fen, hs_date date, int64_t v[4], bool *found,
                                hs_error *err);

/* One recorded repayment or recovery. */
typedef struct {
    char id[TRANSFER_ID_MAX];
    char kind[16]; /* "repay" or "recover" */
    hs_date date;
    int64_t amount_fen, principal_fen, interest_fen, pool_fen;
} credit_event;

/* Calls fn for each repayment and recovery of `loan`, in the order they were recorded. */
hs_status credit_events_each(hs_store *s, const char *loan,
                             hs_status (*fn)(void *ctx, const credit_event *e, hs_error *err),
                             void *ctx, hs_error *err);

/* Account names of a bank: "bank/<bank>/<part>" (part: lending, interest, losses). */
void credit_bank_account(const char *bank, const char *part, char *out, size_t len);

#endif
