/* import.h — importing firm and product CSV files into the registry, all-or-nothing or skipping
 * bad rows into a rejects file.
 *
 * Every data row is checked (credit code, required cells, money, dates, counts, labels, a firm
 * repeated in one file, a product whose firm is not registered). Without a rejects file, any bad
 * row means nothing is stored: each problem is listed as "FILE:LINE: field 'F': why" on `diag` and
 * the import returns HS_INPUT. With a rejects file, the good rows are stored and the bad ones are
 * written there: the original columns, then `line` and `error`. The whole import is one store
 * transaction. A re-imported firm is updated (its previous version goes to firm_history); columns
 * absent from the file keep their stored values, present-but-empty cells clear them. */
#ifndef HS_REGISTRY_IMPORT_H
#define HS_REGISTRY_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "registry/registry.h"

typedef enum { IMPORT_FIRMS, IMPORT_PRODUCTS } import_kind;

typedef struct {
    size_t rows; /* data rows read */
    size_t inserted, updated, unchanged, rejected;
} import_summary;

typedef struct {
    const char *rejects_path; /* NULL: all-or-nothing */
    FILE *diag;               /* where bad rows are listed (all-or-nothing mode); NULL: nowhere */
    void (*progress)(void *ctx, size_t rows); /* called every 10,000 rows if set */
    void *progress_ctx;
} import_options;

/* Imports `csv_path` as described above inside the caller's transaction `tx` (the caller commits,
 * or rolls back on any error so that nothing is left); *summary is filled in either way. HS_INPUT
 * for an unreadable or malformed file, a bad header (invalid_field naming the column), or
 * (all-or-nothing) any bad row (invalid_field naming the first bad row's field); HS_STORAGE if the
 * book cannot be written. With a division table on `r`, a code whose characters 3-8 are not a GB/T
 * 2260 division is a bad row (field 'uscc'). */
hs_status registry_import_tx(hs_registry *r, hs_tx *tx, import_kind kind, const char *csv_path,
                             const import_options *opt, import_summary *summary, hs_error *err);
/* registry_import_tx in a transaction of its own (committed on success, else rolled back), with
 * the book tuned for a bulk load meanwhile. Must not be called inside an open transaction. */
hs_status registry_import(hs_registry *r, import_kind kind, const char *csv_path,
                          const import_options *opt, import_summary *summary, hs_error *err);

#endif
