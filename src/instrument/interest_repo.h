/* interest_repo.h — the interest-subsidy module's persistence: typed reads and writes of its
 * records, one backend per implementation (src/store/sql/interest_repo.c, over store/db.h).
 *
 * Records (module "interest"; the schema is created at store_open, see migrations.c):
 *   schemes   id PK, programme, budget, policy_path, policy_id, policy_label, policy_sha256, payee,
 *             created_date
 *   runs      (scheme, period) PK, first, last, run_date, loans, paid, total_fen
 *   accruals  (scheme, period, loan) PK, seq, firm, bank, product, year (of the period's first day
 *             in force), from/to, days, principal_days_fen, loan_rate_bp, rate_bp, eligible,
 *             computed_fen, amount_fen, clause, note, payee_account, transfer_id, inputs, policy_id
 *
 * Functions taking an hs_tx run inside that open write transaction; those taking an hs_store are
 * read-only. Every function returns HS_STORAGE if the book can't be read or written, or if a record
 * read back can't be (a tampered book), nothing else. Outputs are filled only on HS_OK. */
#ifndef HS_INSTRUMENT_INTEREST_REPO_H
#define HS_INSTRUMENT_INTEREST_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "instrument/interest.h"
#include "store/book.h"
#include "store/store.h"

/* Loads scheme `id` (*found false if none): in the transaction, or read-only. */
hs_status interest_repo_scheme_get(hs_tx *tx, const char *id, interest_scheme *out, bool *found,
                                   hs_error *err);
hs_status interest_repo_scheme_read(hs_store *s, const char *id, interest_scheme *out, bool *found,
                                    hs_error *err);
/* Inserts a new scheme (the caller checked that its id is new). */
hs_status interest_repo_scheme_insert(hs_tx *tx, const interest_scheme *sc, hs_error *err);
/* The scheme (*found) that runs policy `policy_id` (any version), inside the transaction. */
hs_status interest_repo_scheme_of_policy(hs_tx *tx, const char *policy_id, char *scheme, size_t len,
                                         bool *found, hs_error *err);
/* Calls fn for each scheme in id order (read-only); stops at fn's first error. */
hs_status interest_repo_schemes_each(hs_store *s,
                                     hs_status (*fn)(void *ctx, const interest_scheme *sc,
                                                     hs_error *err),
                                     void *ctx, hs_error *err);

/* Loads the run of (scheme, period) (*found false if none): in the transaction, or read-only. */
hs_status interest_repo_run_get(hs_tx *tx, const char *scheme, const char *period,
                                interest_run *out, bool *found, hs_error *err);
hs_status interest_repo_run_read(hs_store *s, const char *scheme, const char *period,
                                 interest_run *out, bool *found, hs_error *err);
/* The first run of `scheme` whose days overlap [first, last] (*found), inside the transaction: its
 * period text into period[len]. */
hs_status interest_repo_run_overlapping(hs_tx *tx, const char *scheme, hs_date first, hs_date last,
                                        char *period, size_t len, bool *found, hs_error *err);
/* Records a run (its accruals and transfers were written in the same transaction). */
hs_status interest_repo_run_insert(hs_tx *tx, const interest_run *r, hs_error *err);
/* Calls fn for each run of `scheme` (NULL: every scheme) by scheme then period (read-only). */
hs_status interest_repo_runs_each(hs_store *s, const char *scheme,
                                  hs_status (*fn)(void *ctx, const interest_run *r, hs_error *err),
                                  void *ctx, hs_error *err);

/* Records one loan's accrual; `policy_id` and `year` are what limits count by. */
hs_status interest_repo_accrual_insert(hs_tx *tx, const interest_accrual *a, const char *policy_id,
                                       int year, hs_error *err);
/* Calls fn for each accrual of (scheme, period) in seq order (read-only). */
hs_status interest_repo_accruals_each(hs_store *s, const char *scheme, const char *period,
                                      hs_status (*fn)(void *ctx, const interest_accrual *a,
                                                      hs_error *err),
                                      void *ctx, hs_error *err);
/* How many accruals under policy `policy_id` paid something, and their total, narrowed to firm
 * `firm` (NULL: any) and calendar year `year` (0: any), inside the transaction. */
hs_status interest_repo_paid_sum(hs_tx *tx, const char *policy_id, const char *firm, int year,
                                 int64_t *count, int64_t *total_fen, char *first_id,
                                 size_t first_len, hs_error *err);

#endif
