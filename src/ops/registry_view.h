/* registry_view.h — the registry's JSON views: what `--json` prints and the HTTP API returns
 * (the same bytes). Each returns a new reference the caller owns, or NULL if memory runs out. */
#ifndef HS_OPS_REGISTRY_VIEW_H
#define HS_OPS_REGISTRY_VIEW_H

#include <jansson.h>

#include "ops/registry_ops.h"

/* A firm: the flat object of firm_json.h (uscc, name, city, ..., the five flags). */
json_t *view_firm(const hs_firm *f);
/* A product: uscc, product_id, kind, name, price_fen, date. */
json_t *view_firm_product(const hs_product *p);
/* `firm show`: the firm, then version, updated_at, products [...], history [{version, valid_from,
 * replaced_at, firm}], and division {code, name, former} when the division table knows the code
 * (former: abolished or renumbered since). */
json_t *view_firm_record(const firm_record *rec);
/* `firm import`: file, rows, inserted, updated, unchanged, rejected, and rejects_file if given. */
json_t *view_import_summary(const char *file, const import_summary *sum, const char *rejects);
/* `firm check`: one code's verdict {uscc, valid, error}. */
json_t *view_uscc_check(const char *uscc, bool valid, const char *why);

#endif
