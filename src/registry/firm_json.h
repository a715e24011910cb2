/* firm_json.h — JSON objects for firms and products (CLI --json and the HTTP API).
 *
 * A firm is a flat object: uscc, name, city, district, sector, stage, founded ("YYYY-MM-DD"),
 * employees, revenue_fen, rd_spend_fen, patents, trademarks, software_copyrights (null when not
 * reported; text fields "" when not reported), and the booleans high_tech, zjtx, national_lab,
 * national_engineering_center, unicorn. Money is integer fen (exact). */
#ifndef HS_REGISTRY_FIRM_JSON_H
#define HS_REGISTRY_FIRM_JSON_H

#include <jansson.h>

#include "registry/firm.h"
#include "registry/product.h"

/* A new JSON object for the firm (caller owns the reference). */
json_t *firm_to_json(const hs_firm *f);
/* A new JSON object for the product: uscc, product_id, kind, name, price_fen, date. */
json_t *product_to_json(const hs_product *p);

#endif
