/* registry_repo.h — the registry's persistence: typed reads and writes of firms, their superseded
 * versions and their products, implemented per backend (SQLite: src/store/sql/registry_repo.c,
 * the only file with the registry's SQL).
 *
 * Stored data (module "registry", schema in the backend's migrations):
 *   firms          one row per credit code: the hs_firm fields, `version` (1 on insert, +1 per
 *                  change) and `updated_at` (ISO 8601 UTC, when this version was stored)
 *   firm_history   each superseded version of a firm, keyed (uscc, version), with valid_from and
 *                  replaced_at
 *   firm_products  products keyed (uscc, product_id)
 * Walks return firms in credit-code order.
 *
 * Writes take the operation's hs_tx (they run inside it and are undone by its rollback); reads take
 * the repository alone and see the store's connection, so inside an open hs_tx they see what it
 * wrote. Rules (validation, merging, deciding what changed) live in registry.c, not here. Every
 * function returns HS_STORAGE naming the book and the failed step if the backend fails. Stored
 * labels that no longer decode (an unknown sector word in a tampered book) read as unset; nothing
 * read from the book is asserted on. */
#ifndef HS_REGISTRY_REGISTRY_REPO_H
#define HS_REGISTRY_REGISTRY_REPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "registry/firm.h"
#include "registry/product.h"
#include "registry/registry.h" /* firm_meta */
#include "store/book.h"
#include "store/store.h"

typedef struct registry_repo registry_repo;

/* Which firms a walk or count covers (NULL/UNSET/0 fields match everything). */
typedef struct {
    const char *const *cities; /* firms whose city is any of these ncities names */
    size_t ncities;
    firm_sector sector;
    firm_stage stage;
    uint32_t flags_all; /* every one of these FIRM_FLAG_* must be set */
} registry_query;

/* Opens the repository on an open book (prepares what it reuses). *out is owned by the caller
 * (registry_repo_close); it borrows the store, which must outlive it. */
hs_status registry_repo_open(hs_store *s, registry_repo **out, hs_error *err);
/* Releases the repository (not the store). NULL is a no-op. */
void registry_repo_close(registry_repo *repo);

/* Reads a firm by credit code; *found false (HS_OK) if absent. meta may be NULL. */
hs_status registry_repo_firm_find(registry_repo *repo, const char *uscc, hs_firm *out,
                                  firm_meta *meta, bool *found, hs_error *err);
/* Calls fn for each firm matching q (NULL = all) in credit-code order; a non-OK return from fn
 * stops the walk and is returned. */
hs_status registry_repo_firms_each(registry_repo *repo, const registry_query *q,
                                   hs_status (*fn)(void *ctx, const hs_firm *f, hs_error *err),
                                   void *ctx, hs_error *err);
/* Number of firms matching q (NULL = all). */
hs_status registry_repo_firms_count(registry_repo *repo, const registry_query *q, int64_t *count,
                                    hs_error *err);
/* Calls fn for each superseded version of a firm, oldest first (meta->replaced_at set). */
hs_status registry_repo_history_each(registry_repo *repo, const char *uscc,
                                     hs_status (*fn)(void *ctx, const hs_firm *f,
                                                     const firm_meta *meta, hs_error *err),
                                     void *ctx, hs_error *err);
/* Calls fn for each product (of one firm if uscc is not NULL), ordered by (uscc, product_id). */
hs_status registry_repo_products_each(registry_repo *repo, const char *uscc,
                                      hs_status (*fn)(void *ctx, const hs_product *p,
                                                      hs_error *err),
                                      void *ctx, hs_error *err);
/* Reads one product; *found false (HS_OK) if absent. */
hs_status registry_repo_product_find(registry_repo *repo, const char *uscc, const char *product_id,
                                     hs_product *out, bool *found, hs_error *err);

/* In tx: stores f as version 1 at `now` unless its credit code is already stored; *inserted says
 * which (a stored firm is left untouched). */
hs_status registry_repo_firm_insert(registry_repo *repo, hs_tx *tx, const hs_firm *f,
                                    const char *now, bool *inserted, hs_error *err);
/* In tx: copies the stored version `version` of f's firm to firm_history (replaced_at = now), then
 * replaces it with f as version + 1 stored at `now`. HS_STORAGE if the stored firm is not at
 * `version` (nothing is changed then). */
hs_status registry_repo_firm_replace(registry_repo *repo, hs_tx *tx, const hs_firm *f,
                                     int64_t version, const char *now, hs_error *err);
/* In tx: inserts or replaces the product (uscc, product_id) at `now`. */
hs_status registry_repo_product_put(registry_repo *repo, hs_tx *tx, const hs_product *p,
                                    const char *now, hs_error *err);

/* Tunes the connection for (on) or back from (off) a bulk load of many rows in one transaction:
 * on SQLite a large page cache, so random-order key inserts do not spill the same pages again and
 * again. Best effort; off restores the book's own setting. */
hs_status registry_repo_bulk_load(registry_repo *repo, bool on, hs_error *err);

#endif
