/* registry.h — the firm registry stored in the book: find, iterate, upsert with history, products.
 *
 * Tables (module "registry", schema version 1, created by registry_open via store_migrate_module):
 *   firms(uscc PK, name, city, district, sector, stage, founded (days since 1970 or NULL),
 *         employees, revenue_fen, rd_spend_fen, patents, trademarks, software_copyrights (NULL =
 *         not reported), high_tech, zjtx, national_lab, national_engineering_center, unicorn
 *         (0/1), version (1 on insert, +1 per change), updated_at (ISO 8601 UTC))
 *   firm_history(uscc, version, <the same firm columns>, valid_from, replaced_at)
 *         -- each superseded version, PK (uscc, version)
 *   firm_products(uscc, product_id, kind, name, price_fen, date, updated_at) PK (uscc, product_id)
 * All three are WITHOUT ROWID tables clustered on their keys, so walks in credit-code order read
 * the file sequentially.
 * Writes run inside the caller's store_begin/commit if one is open, else in their own transaction,
 * so an update and its history row are stored together or not at all. */
#ifndef HS_REGISTRY_REGISTRY_H
#define HS_REGISTRY_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "registry/firm.h"
#include "registry/product.h"
#include "store/store.h"

#define REGISTRY_TIME_LEN 32 /* "2026-11-25T08:30:00Z" + room */

typedef struct hs_registry hs_registry;

/* Version and time of the stored firm (or of one historical version). */
typedef struct {
    int64_t version;
    char updated_at[REGISTRY_TIME_LEN];  /* when this version was stored (valid_from) */
    char replaced_at[REGISTRY_TIME_LEN]; /* history only: when it was superseded; else "" */
} firm_meta;

typedef enum {
    REGISTRY_INSERTED = 0,
    REGISTRY_UPDATED,
    REGISTRY_UNCHANGED,
} registry_upsert_result;

/* Filters for registry_each (NULL/UNSET/0 fields match everything). */
typedef struct {
    const char *city;
    firm_sector sector;
    firm_stage stage;
    uint32_t flags_all; /* every one of these FIRM_FLAG_* must be set */
} firm_filter;

/* Opens the registry on an open book, creating or upgrading its tables. */
hs_status registry_open(hs_store *s, hs_registry **out, hs_error *err);
/* Releases the registry (not the store). NULL is a no-op. */
void registry_close(hs_registry *r);
/* The store it was opened on. */
hs_store *registry_store(hs_registry *r);

/* Looks up a firm by credit code; *found false (and HS_OK) if absent. meta may be NULL. */
hs_status registry_find(hs_registry *r, const char *uscc, hs_firm *out, firm_meta *meta,
                        bool *found, hs_error *err);
/* Inserts the firm, or if its code is stored and any value differs, saves the stored version to
 * firm_history (replaced_at = `now`) and replaces it (version + 1). *result says which happened.
 * `now` is an ISO 8601 UTC time (registry_now). The firm must be valid (code checked: HS_INPUT). */
hs_status registry_upsert(hs_registry *r, const hs_firm *f, const char *now,
                          registry_upsert_result *result, hs_error *err);
/* Like registry_upsert, but only the fields whose bit (1u << firm_field) is set in fields_mask are
 * taken from f when the firm is already stored; the others keep their stored values (a partial
 * update, as when an import file lacks some columns). A new firm is inserted as given. */
hs_status registry_upsert_fields(hs_registry *r, const hs_firm *f, uint32_t fields_mask,
                                 const char *now, registry_upsert_result *result, hs_error *err);
/* Loads every firm matching `filter` (NULL = all) into a new array (*out, *n; free() it), in
 * credit-code order — the input of a bulk policy evaluation over the registry (about 0.5 KB per
 * firm: 1M firms take ~470 MB; use registry_each to stream instead). */
hs_status registry_load(hs_registry *r, const firm_filter *filter, hs_firm **out, size_t *n,
                        hs_error *err);
/* Calls fn for each firm matching `filter` (NULL = all) in credit-code order; a non-OK return from
 * fn stops the walk and is returned. */
hs_status registry_each(hs_registry *r, const firm_filter *filter,
                        hs_status (*fn)(void *ctx, const hs_firm *f, hs_error *err), void *ctx,
                        hs_error *err);
/* Number of firms matching `filter` (NULL = all). */
hs_status registry_count(hs_registry *r, const firm_filter *filter, int64_t *count, hs_error *err);
/* Calls fn for each superseded version of a firm, oldest first. */
hs_status registry_history(hs_registry *r, const char *uscc,
                           hs_status (*fn)(void *ctx, const hs_firm *f, const firm_meta *meta,
                                           hs_error *err),
                           void *ctx, hs_error *err);

/* Inserts or updates a product of a stored firm (HS_INPUT naming the code if the firm is not in
 * the registry). */
hs_status registry_product_upsert(hs_registry *r, const hs_product *p, const char *now,
                                  registry_upsert_result *result, hs_error *err);
/* Calls fn for each product (of one firm if uscc is not NULL), ordered by (uscc, product_id). */
hs_status registry_products_each(hs_registry *r, const char *uscc,
                                 hs_status (*fn)(void *ctx, const hs_product *p, hs_error *err),
                                 void *ctx, hs_error *err);

/* Writes the store clock's time as "YYYY-MM-DDTHH:MM:SSZ" into buf (>= REGISTRY_TIME_LEN); returns
 * buf. */
char *registry_now(hs_registry *r, char *buf, size_t len);

#endif
