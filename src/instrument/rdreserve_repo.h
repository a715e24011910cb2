/* rdreserve_repo.h — the R&D-reserve module's persistence: typed reads and writes of its records,
 * one backend per implementation (src/store/sql/rdreserve_repo.c, over store/db.h).
 *
 * Records (module "innovation"; the schema is created at store_open, see migrations.c):
 *   rdreserve_filings  (firm, tax_year) PK, rd_expense_fen, filed_date, source, recorded_date
 *   rdreserves         (firm, year) PK, programme, budget, policy_path, policy_id, policy_label,
 *                      policy_sha256, reserve_fen, registered_date, status, rd_fen, prior_rd_fen,
 *                      computed_fen, amount_fen, paid_date, clause, note, payee_account,
 *                      transfer_id, inputs
 *
 * Functions taking an hs_tx run inside that open write transaction; those taking an hs_store are
 * read-only (or on the caller's open transaction). Every function returns HS_STORAGE if the book
 * can't be read or written, or if a record read back can't be (a tampered book), nothing else.
 * Outputs are filled only on HS_OK. */
#ifndef HS_INSTRUMENT_RDRESERVE_REPO_H
#define HS_INSTRUMENT_RDRESERVE_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "instrument/rdreserve.h"
#include "store/book.h"
#include "store/store.h"

/* Loads the filing of (firm, tax_year); *found false if none. */
hs_status rdreserve_repo_filing_get(hs_store *s, const char *firm, int32_t tax_year,
                                    rdreserve_filing *out, bool *found, hs_error *err);
/* Inserts a new filing (the caller checked that none exists for its firm and year). */
hs_status rdreserve_repo_filing_insert(hs_tx *tx, const rdreserve_filing *f, hs_error *err);
/* Calls fn for each filing of `firm` (NULL: any) by firm then tax year; stops at fn's error. */
hs_status rdreserve_repo_filings_each(hs_store *s, const char *firm,
                                      hs_status (*fn)(void *ctx, const rdreserve_filing *f,
                                                      hs_error *err),
                                      void *ctx, hs_error *err);

/* Loads the reserve of (firm, year); *found false if none. */
hs_status rdreserve_repo_get(hs_store *s, const char *firm, int32_t year, rdreserve *out,
                             bool *found, hs_error *err);
/* Inserts a new registered reserve. */
hs_status rdreserve_repo_insert(hs_tx *tx, const rdreserve *r, hs_error *err);
/* Records the payment of a registered reserve (status paid and the decision's fields); HS_STORAGE
 * if no registered row of (firm, year) was updated. */
hs_status rdreserve_repo_mark_paid(hs_tx *tx, const rdreserve *r, hs_error *err);
/* Calls fn for each reserve narrowed to `firm` (NULL: any) and `year` (0: any), by firm, year. */
hs_status rdreserve_repo_each(hs_store *s, const char *firm, int32_t year,
                              hs_status (*fn)(void *ctx, const rdreserve *r, hs_error *err),
                              void *ctx, hs_error *err);
/* How many paid reserves under policy `policy_id` there are, and their total, narrowed to firm
 * `firm` (NULL: any) and reserve year `year` (0: any), inside the transaction. */
hs_status rdreserve_repo_paid_sum(hs_tx *tx, const char *policy_id, const char *firm, int year,
                                  int64_t *count, int64_t *total_fen, char *first_id,
                                  size_t first_len, hs_error *err);

#endif
