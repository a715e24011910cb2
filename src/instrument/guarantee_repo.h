/* guarantee_repo.h — the guarantee module's persistence: typed reads and writes of its records,
 * one backend per implementation (src/store/sql/guarantee_repo.c, over store/db.h).
 *
 * Records (module "guarantee"; the schema is created at store_open, see migrations.c):
 *   guarantors   id PK, name, reguarantor, programme, budget, contributed_fen, created_date
 *   guarantees   loan PK, the fields of `guarantee` (shares and the loss split as four columns
 * each) recoveries   id PK = client id, loan, date, amount_fen
 *
 * Functions taking an hs_tx run inside that open write transaction; those taking an hs_store are
 * read-only. Every function returns HS_STORAGE if the book can't be read or written, or if a record
 * read back can't be (a tampered book), nothing else. Outputs are filled only on HS_OK. */
#ifndef HS_INSTRUMENT_GUARANTEE_REPO_H
#define HS_INSTRUMENT_GUARANTEE_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "instrument/guarantee.h"
#include "store/book.h"
#include "store/store.h"

/* Loads guarantor `id` (*found false if none): in the transaction, or read-only. */
hs_status guarantee_repo_guarantor_get(hs_tx *tx, const char *id, guarantor *out, bool *found,
                                       hs_error *err);
hs_status guarantee_repo_guarantor_read(hs_store *s, const char *id, guarantor *out, bool *found,
                                        hs_error *err);
/* Inserts a new guarantor, or saves contributed_fen of an existing one (`update`). */
hs_status guarantee_repo_guarantor_put(hs_tx *tx, const guarantor *g, bool update, hs_error *err);
/* Calls fn for each guarantor in id order (read-only). */
hs_status guarantee_repo_guarantors_each(hs_store *s,
                                         hs_status (*fn)(void *ctx, const guarantor *g,
                                                         hs_error *err),
                                         void *ctx, hs_error *err);

/* Loads the guarantee on `loan` (*found false if none): in the transaction, or read-only. */
hs_status guarantee_repo_get(hs_tx *tx, const char *loan, guarantee *out, bool *found,
                             hs_error *err);
hs_status guarantee_repo_read(hs_store *s, const char *loan, guarantee *out, bool *found,
                              hs_error *err);
/* Inserts a new guarantee, or saves every field of an existing one (`update`). */
hs_status guarantee_repo_put(hs_tx *tx, const guarantee *gt, bool update, hs_error *err);
/* Calls fn for each guarantee of guarantor `g` (NULL: all), by loan (read-only). */
hs_status guarantee_repo_each(hs_store *s, const char *g,
                              hs_status (*fn)(void *ctx, const guarantee *gt, hs_error *err),
                              void *ctx, hs_error *err);

/* *found and the recorded loan, date and amount of recovery `id`, inside the transaction. */
hs_status guarantee_repo_recovery_get(hs_tx *tx, const char *id, char *loan, size_t loan_len,
                                      hs_date *date, int64_t *amount_fen, bool *found,
                                      hs_error *err);
/* Records a recovery (its transfers were applied in the same transaction). */
hs_status guarantee_repo_recovery_insert(hs_tx *tx, const char *id, const char *loan, hs_date date,
                                         int64_t amount_fen, hs_error *err);

#endif
