/* registry.h — the firm registry stored in the book: find, iterate, upsert with history, products.
 *
 * What is stored (the tables are created when the book is opened; see registry_repo.h, the only
 * way this module reaches storage):
 *   firms          uscc (key), name, city, district, sector, stage, founded, employees, revenue,
 *                  rd_spend, patents, trademarks, software_copyrights (unset = not reported),
 *                  the five flags, version (1 on insert, +1 per change), updated_at (ISO 8601 UTC)
 *   firm_history   each superseded version, keyed (uscc, version), with valid_from, replaced_at
 *   firm_products  products keyed (uscc, product_id)
 * Walks are in credit-code order.
 *
 * Writes: the *_tx forms run inside the caller's hs_tx (an operation of src/ops); the older forms
 * join a transaction already open on the store, else run in their own, so an update and its
 * history row are stored together or not at all. Errors: a bad credit code, name or city is
 * HS_INPUT with code invalid_field naming the field ("uscc", "name", "city"); a product of a firm
 * that is not registered is HS_NOT_FOUND (field "uscc"); storage failures are HS_STORAGE.
 *
 * Administrative divisions: with a division table (registry_use_divisions), every credit code's
 * characters 3-8 must be a GB/T 2260 division, and a city filter matches every name of the city's
 * division (成都 and 成都市). */
#ifndef HS_REGISTRY_REGISTRY_H
#define HS_REGISTRY_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "registry/division.h"
#include "registry/firm.h"
#include "registry/product.h"
#include "store/book.h"
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
    const char *city; /* with a division table, every name of its division (成都 = 成都市 = 510100);
                         else the stored name exactly */
    firm_sector sector;
    firm_stage stage;
    uint32_t flags_all; /* every one of these FIRM_FLAG_* must be set */
} firm_filter;

/* Opens the registry on an open book (its tables were made when the book was opened). *out is
 * the caller's (registry_close); it borrows the store. No division table is set. */
hs_status registry_open(hs_store *s, hs_registry **out, hs_error *err);
/* Releases the registry (not the store). NULL is a no-op. */
void registry_close(hs_registry *r);
/* The store it was opened on. */
hs_store *registry_store(hs_registry *r);
/* Makes upserts check the division part of credit codes against `d`, and city filters match by
 * division (borrowed: it must outlive the registry; NULL turns both off). */
void registry_use_divisions(hs_registry *r, const hs_divisions *d);
/* The division table in use, or NULL. */
const hs_divisions *registry_divisions(const hs_registry *r);
/* HS_OK if `uscc` is a valid credit code (GB 32100 characters and check character, and with a
 * division table a GB/T 2260 division in characters 3-8); else HS_INPUT, code invalid_field,
 * field "uscc", saying why. */
hs_status registry_check_uscc(const hs_registry *r, const char *uscc, hs_error *err);
/* Tunes the book for (on) or back from (off) a bulk load of many rows in one transaction. */
hs_status registry_bulk_load(hs_registry *r, bool on, hs_error *err);

/* Looks up a firm by credit code; *found false (and HS_OK) if absent. meta may be NULL. */
hs_status registry_find(hs_registry *r, const char *uscc, hs_firm *out, firm_meta *meta,
                        bool *found, hs_error *err);
/* Like registry_find, but an absent firm is HS_NOT_FOUND (code not_found, field "uscc"). */
hs_status registry_get(hs_registry *r, const char *uscc, hs_firm *out, firm_meta *meta,
                       hs_error *err);
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
/* Inside the caller's transaction: registry_upsert_fields with the transaction's time as `now`.
 * On error the caller rolls back (nothing of this call is then kept). */
hs_status registry_upsert_tx(hs_registry *r, hs_tx *tx, const hs_firm *f, uint32_t fields_mask,
                             registry_upsert_result *result, hs_error *err);
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

/* Inserts or updates a product of a stored firm (HS_NOT_FOUND naming the code if the firm is not
 * in the registry). */
hs_status registry_product_upsert(hs_registry *r, const hs_product *p, const char *now,
                                  registry_upsert_result *result, hs_error *err);
/* Inside the caller's transaction: registry_product_upsert with the transaction's time. */
hs_status registry_product_upsert_tx(hs_registry *r, hs_tx *tx, const hs_product *p,
                                     registry_upsert_result *result, hs_error *err);
/* Calls fn for each product (of one firm if uscc is not NULL), ordered by (uscc, product_id). */
hs_status registry_products_each(hs_registry *r, const char *uscc,
                                 hs_status (*fn)(void *ctx, const hs_product *p, hs_error *err),
                                 void *ctx, hs_error *err);

/* Writes the store clock's time as "YYYY-MM-DDTHH:MM:SSZ" into buf (>= REGISTRY_TIME_LEN); returns
 * buf. */
char *registry_now(hs_registry *r, char *buf, size_t len);

#endif
