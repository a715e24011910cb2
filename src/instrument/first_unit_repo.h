/* first_unit_repo.h — the first-unit (首台套) module's persistence: typed reads and writes of its
 * records, one backend per implementation (src/store/sql/first_unit_repo.c, over store/db.h).
 *
 * Records (module "innovation"; the schema is created at store_open, see migrations.c):
 *   first_unit_items   item PK, name, category, edition, added_date
 *   first_units        id PK, item, maker, buyer, price_fen, unit_no, insured, insurer,
 *                      premium_fen, cover_from, cover_years, cover_to, programme, budget,
 *                      policy_path, policy_id, policy_label, policy_sha256, registered_date,
 *                      status, computed_fen, subsidy_fen, subsidy_date, payee_account,
 *                      transfer_id, clause, inputs, claims, insurer_paid_fen, topup_fen
 *   first_unit_claims  id PK, unit, seq, date, failure, loss_fen, insurer_paid_fen, topup_fen,
 *                      payee_account, transfer_id, clause, inputs
 *
 * Functions taking an hs_tx run inside that open write transaction; those taking an hs_store are
 * read-only (or on the caller's open transaction). Every function returns HS_STORAGE if the book
 * can't be read or written, or if a record read back can't be (a tampered book), nothing else.
 * Outputs are filled only on HS_OK. */
#ifndef HS_INSTRUMENT_FIRST_UNIT_REPO_H
#define HS_INSTRUMENT_FIRST_UNIT_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "instrument/first_unit.h"
#include "store/book.h"
#include "store/store.h"

/* Loads catalogue item `item`; *found false if none. */
hs_status first_unit_repo_item_get(hs_store *s, const char *item, first_unit_item *out, bool *found,
                                   hs_error *err);
/* Inserts a new catalogue item. */
hs_status first_unit_repo_item_insert(hs_tx *tx, const first_unit_item *it, hs_error *err);
/* Calls fn for each catalogue item in id order; stops at fn's error. */
hs_status first_unit_repo_items_each(hs_store *s,
                                     hs_status (*fn)(void *ctx, const first_unit_item *it,
                                                     hs_error *err),
                                     void *ctx, hs_error *err);

/* Loads unit `id`; *found false if none. */
hs_status first_unit_repo_get(hs_store *s, const char *id, first_unit *out, bool *found,
                              hs_error *err);
/* Inserts a new registered unit. */
hs_status first_unit_repo_insert(hs_tx *tx, const first_unit *u, hs_error *err);
/* Records a registered unit's premium subsidy (status subsidised and its fields); HS_STORAGE if no
 * registered row was updated. */
hs_status first_unit_repo_mark_subsidised(hs_tx *tx, const first_unit *u, hs_error *err);
/* Adds one claim's figures to unit `id`'s totals (claims + 1). */
hs_status first_unit_repo_add_claim(hs_tx *tx, const char *id, int64_t insurer_paid_fen,
                                    int64_t topup_fen, hs_error *err);
/* Calls fn for each unit whose maker or buyer is `firm` (NULL: any), in id order. */
hs_status first_unit_repo_each(hs_store *s, const char *firm,
                               hs_status (*fn)(void *ctx, const first_unit *u, hs_error *err),
                               void *ctx, hs_error *err);

/* Loads claim `id`; *found false if none. */
hs_status first_unit_repo_claim_get(hs_store *s, const char *id, first_unit_claim *out, bool *found,
                                    hs_error *err);
/* Inserts a new claim. */
hs_status first_unit_repo_claim_insert(hs_tx *tx, const first_unit_claim *c, hs_error *err);
/* Calls fn for each claim of `unit` (NULL: every unit) by unit then seq. */
hs_status first_unit_repo_claims_each(hs_store *s, const char *unit,
                                      hs_status (*fn)(void *ctx, const first_unit_claim *c,
                                                      hs_error *err),
                                      void *ctx, hs_error *err);

#endif
