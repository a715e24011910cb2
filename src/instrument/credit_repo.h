/* credit_repo.h — the credit module's persistence: typed reads and writes of its records, one
 * backend per implementation (src/store/sql/credit_repo.c, over store/db.h). Nothing above this
 * header knows how or where the records are kept.
 *
 * Records (module "credit"; the schema is created at store_open, see migrations.c):
 *   products  id PK, bank, name, rate_bp, term_months, period_months, ceiling_fen, unsecured,
 *             repayment, pool, created_date
 *   pools     id PK, programme, budget, <credit_pool_params>, created_date
 *   fundings  id PK = transfer id, pool, date, amount_fen
 *   loans     seq (creation order), id UNIQUE, the fields of credit_loan
 *   events    id PK = client id, loan, kind, date, amount_fen, principal_fen, interest_fen,
 *             pool_fen                                        -- repayments and recoveries
 *   claims    loan PK, pool, bank, date, year, the fields of credit_claim_decision
 *
 * Functions taking an hs_tx run inside that open write transaction (what they read is what the
 * operation decides on and commits); functions taking an hs_store are read-only listings and
 * lookups for reports and views, outside any operation. Every function returns HS_STORAGE if the
 * book can't be read or written, or if a record read back is inconsistent (a tampered book is
 * reported, never asserted on); nothing else. Outputs are filled only on HS_OK (and *found). */
#ifndef HS_INSTRUMENT_CREDIT_REPO_H
#define HS_INSTRUMENT_CREDIT_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "instrument/credit_pool.h"
#include "store/book.h"
#include "store/store.h"

/* ---- products ---- */
/* Loads product `id` (*found false if none): in the transaction, or read-only. */
hs_status credit_repo_product_get(hs_tx *tx, const char *id, credit_product *out, bool *found,
                                  hs_error *err);
hs_status credit_repo_product_read(hs_store *s, const char *id, credit_product *out, bool *found,
                                   hs_error *err);
/* Inserts a new product (the caller checked that its id is new). */
hs_status credit_repo_product_insert(hs_tx *tx, const credit_product *p, hs_error *err);
/* Calls fn for each product in id order; stops at (and returns) fn's first error. */
hs_status credit_repo_products_each(hs_store *s,
                                    hs_status (*fn)(void *ctx, const credit_product *p,
                                                    hs_error *err),
                                    void *ctx, hs_error *err);

/* ---- pools and their fundings ---- */
/* Loads pool `id` (*found false if none): in the transaction, or read-only. */
hs_status credit_repo_pool_get(hs_tx *tx, const char *id, credit_pool *out, bool *found,
                               hs_error *err);
hs_status credit_repo_pool_read(hs_store *s, const char *id, credit_pool *out, bool *found,
                                hs_error *err);
/* Inserts a new pool (the caller checked that its id is new). */
hs_status credit_repo_pool_insert(hs_tx *tx, const credit_pool *p, hs_error *err);
/* Calls fn with each pool's id in id order (for book-wide checks). */
hs_status credit_repo_pool_ids_each(hs_store *s,
                                    hs_status (*fn)(void *ctx, const char *id, hs_error *err),
                                    void *ctx, hs_error *err);

/* One funding of a pool, keyed by its transfer id. */
typedef struct {
    char id[TRANSFER_ID_MAX];
    char pool[CREDIT_ID_MAX];
    hs_date date;
    int64_t amount_fen;
} credit_funding;

/* Loads the funding recorded under transfer id `id` (*found false if none). */
hs_status credit_repo_funding_get(hs_tx *tx, const char *id, credit_funding *out, bool *found,
                                  hs_error *err);
/* Records a funding (its transfer was applied in the same transaction). */
hs_status credit_repo_funding_insert(hs_tx *tx, const credit_funding *f, hs_error *err);
/* Number and total of a pool's fundings (in the transaction, or read-only). */
hs_status credit_repo_fundings_total(hs_tx *tx, const char *pool, int64_t *count,
                                     int64_t *total_fen, hs_error *err);
hs_status credit_repo_fundings_total_read(hs_store *s, const char *pool, int64_t *count,
                                          int64_t *total_fen, hs_error *err);

/* ---- loans ---- */
/* Loads loan `id` (*found false if none): in the transaction, or read-only. */
hs_status credit_repo_loan_get(hs_tx *tx, const char *id, credit_loan *out, bool *found,
                               hs_error *err);
hs_status credit_repo_loan_read(hs_store *s, const char *id, credit_loan *out, bool *found,
                                hs_error *err);
/* Inserts a new loan in state approved (the caller checked that its id is new). */
hs_status credit_repo_loan_insert(hs_tx *tx, const credit_loan *l, hs_error *err);
/* Saves every mutable field of an existing loan (status, dates, amounts, counters). */
hs_status credit_repo_loan_update(hs_tx *tx, const credit_loan *l, hs_error *err);
/* *any = true if firm `firm` has a loan in the book. */
hs_status credit_repo_firm_has_loans(hs_tx *tx, const char *firm, bool *any, hs_error *err);
/* Calls fn for each loan (of pool `pool`, or all if NULL), in creation order. */
hs_status credit_repo_loans_each(hs_store *s, const char *pool,
                                 hs_status (*fn)(void *ctx, const credit_loan *l, hs_error *err),
                                 void *ctx, hs_error *err);
/* The same from the loan created after loan `after_id` (NULL: the first; an unknown id: none), at
 * most max_rows of them (0: all): a keyset page in creation order. */
hs_status credit_repo_loans_page(hs_store *s, const char *pool, const char *after_id,
                                 size_t max_rows,
                                 hs_status (*fn)(void *ctx, const credit_loan *l, hs_error *err),
                                 void *ctx, hs_error *err);

/* ---- repayments and recoveries ---- */
/* Loads the event recorded under id `id` (*found false if none). */
hs_status credit_repo_event_get(hs_tx *tx, const char *id, credit_event *out, bool *found,
                                hs_error *err);
/* Records a repayment or recovery (its transfers were applied in the same transaction). */
hs_status credit_repo_event_insert(hs_tx *tx, const credit_event *e, hs_error *err);
/* Calls fn for each event of `loan`, in the order they were recorded. */
hs_status credit_repo_events_each(hs_store *s, const char *loan,
                                  hs_status (*fn)(void *ctx, const credit_event *e, hs_error *err),
                                  void *ctx, hs_error *err);

/* ---- claims ---- */
/* Loads the claim on loan `loan` (*found false if none): in the transaction, or read-only. */
hs_status credit_repo_claim_get(hs_tx *tx, const char *loan, credit_claim *out, bool *found,
                                hs_error *err);
hs_status credit_repo_claim_read(hs_store *s, const char *loan, credit_claim *out, bool *found,
                                 hs_error *err);
/* Inserts the claim on c->loan (one per loan); its year is c->date's calendar year. */
hs_status credit_repo_claim_insert(hs_tx *tx, const credit_claim *c, hs_error *err);
/* What pool `pool` paid bank `bank` on claims dated in calendar year `year` (>= 0). */
hs_status credit_repo_claims_paid_in_year(hs_tx *tx, const char *pool, const char *bank, int year,
                                          int64_t *paid_fen, hs_error *err);

#endif
