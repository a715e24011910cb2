/* registry_ops.h — the registry's operations (firm import, list, show, credit-code check), called
 * by the CLI and the HTTP server alike.
 *
 * A registry_session is the registry of ctx->store with the GB/T 2260 division table of
 * ctx->data_dir (see registry/division.h). Writes run in one transaction per operation
 * (ops_begin/ops_end): a refused or failed import leaves nothing behind. Ops never print. */
#ifndef HS_OPS_REGISTRY_OPS_H
#define HS_OPS_REGISTRY_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "ops/ops.h"
#include "registry/division.h"
#include "registry/import.h"
#include "registry/registry.h"

typedef struct {
    hs_registry *registry;
    hs_divisions *divisions;  /* NULL if the data file could not be read */
    hs_error divisions_error; /* why not, when divisions is NULL */
} registry_session;

/* Opens the registry of ctx->store and loads the division table. With `need_divisions`, a missing
 * or unreadable division file is an error (HS_STORAGE, code divisions_missing, saying how the file
 * is made); without, the session works without it (city filters match names exactly) and
 * divisions_error says why. Close with registry_session_close. */
hs_status registry_session_open(const hs_ctx *ctx, bool need_divisions, registry_session *out,
                                hs_error *err);
/* Releases what registry_session_open made (not the store). Safe on a zeroed session. */
void registry_session_close(registry_session *rs);

/* Loads the division table of a data directory alone (no book), for `firm check`. */
hs_status registry_divisions_load(const char *data_dir, hs_divisions **out, hs_error *err);

/* `firm import` / `firm import-products`: the file in one transaction (bulk-load tuning on
 * meanwhile); every row's credit code is checked against the division table. Errors as for
 * registry_import_tx; nothing is stored unless HS_OK. */
hs_status firm_import_op(const hs_ctx *ctx, registry_session *rs, import_kind kind,
                         const char *csv_path, const import_options *opt, import_summary *summary,
                         hs_error *err);

/* `firm import` of CSV text held in memory (an HTTP body): the bytes are written to a private
 * temporary file and imported by firm_import_op, all or nothing (opt->rejects_path must be NULL);
 * messages and opt->diag lines name `name` instead of that file. The file is removed before
 * returning. HS_STORAGE if it cannot be written. */
hs_status firm_import_text_op(const hs_ctx *ctx, registry_session *rs, import_kind kind,
                              const char *csv, size_t len, const char *name,
                              const import_options *opt, import_summary *summary, hs_error *err);
/* `firm list`: calls fn for each firm matching filter (NULL: all) in credit-code order; a non-OK
 * return from fn stops the walk and is returned. Read-only. */
hs_status firm_list_op(const hs_ctx *ctx, registry_session *rs, const firm_filter *filter,
                       hs_status (*fn)(void *arg, const hs_firm *f, hs_error *err), void *arg,
                       hs_error *err);
/* The products of firm `uscc` in product-id order (those `firm show` lists): HS_INPUT
 * (invalid_field "uscc") for a malformed code, HS_NOT_FOUND for a firm the registry lacks; fn as
 * for firm_list_op. Read-only. */
hs_status firm_products_op(const hs_ctx *ctx, registry_session *rs, const char *uscc,
                           hs_status (*fn)(void *arg, const hs_product *p, hs_error *err),
                           void *arg, hs_error *err);

/* One firm with its products and superseded versions (oldest first): what `firm show` shows. All
 * arrays are owned by the record (firm_record_free). */
typedef struct {
    hs_firm firm;
    firm_meta meta;
    hs_firm *history;
    firm_meta *history_meta;
    size_t nhistory;
    hs_product *products;
    size_t nproducts;
    const char *division_name; /* of characters 3-8 (owned by the session's table), or NULL */
    bool division_former;      /* that division has been abolished or renumbered since */
} firm_record;

/* `firm show USCC`: HS_INPUT (invalid_field "uscc") for a malformed code, HS_NOT_FOUND if the
 * registry has no such firm, HS_STORAGE if the book cannot be read. On error *out holds nothing to
 * free. */
hs_status firm_show_op(const hs_ctx *ctx, registry_session *rs, const char *uscc, firm_record *out,
                       hs_error *err);
/* Frees the arrays of a record filled by firm_show_op. */
void firm_record_free(firm_record *rec);

/* One credit code's verdict (`firm check`): *valid, and why not in `why`. With a division table,
 * characters 3-8 must be a GB/T 2260 division. */
void uscc_check_op(const hs_divisions *d, const char *uscc, bool *valid, char *why, size_t why_len);

#endif
