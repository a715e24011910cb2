/* credit_product.h — cooperating banks' loan products (e.g. Wuxi's 锡科贷, 人才贷, 普惠贷): rate,
 * term, ceiling per loan, unsecured or not, repayment method, and the risk-compensation pool that
 * covers its loans by default.
 *
 * A bank is named by a short id (e.g. BOC-WX) and owns three ledger accounts, created with its
 * first product:
 *   bank/<bank>/lending   kind bank: the bank's clearing account for the programme — every yuan
 *                         lent and every principal yuan repaid passes through it (nets to zero)
 *   bank/<bank>/interest  kind income: interest received
 *   bank/<bank>/losses    kind bank: principal written off (debits), compensation from the pool and
 *                         recoveries (credits), pool shares of recoveries returned (debits) */
#ifndef HS_INSTRUMENT_CREDIT_PRODUCT_H
#define HS_INSTRUMENT_CREDIT_PRODUCT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "instrument/credit_db.h"
#include "instrument/credit_schedule.h"
#include "store/store.h"

#define CREDIT_NAME_MAX 128

typedef struct {
    char id[CREDIT_ID_MAX];   /* e.g. "BOC-WX.锡科贷" */
    char bank[CREDIT_ID_MAX]; /* e.g. "BOC-WX" */
    char name[CREDIT_NAME_MAX];
    int64_t rate_bp;       /* annual rate, e.g. 300 = 3% */
    int32_t term_months;   /* 1..600 */
    int32_t period_months; /* instalment every N months (1 = monthly) */
    int64_t ceiling_fen;   /* largest loan under the product (> 0) */
    bool unsecured;        /* 信用贷: loans count as 100% unsecured unless told otherwise */
    credit_repayment repayment;
    char pool[CREDIT_ID_MAX]; /* default pool for its loans ("" = none) */
    hs_date created_date;
} credit_product;

/* Creates a product and its bank's accounts (owned by "credit") inside the caller's transaction;
 * the same id with the same terms is a no-op (*existed true, may be NULL), with other terms
 * HS_INPUT naming the first field that differs. Validates every field (HS_INPUT, invalid_field). */
hs_status credit_product_create(hs_tx *tx, const credit_product *p, bool *existed, hs_error *err);
/* Loads a product, read-only outside any operation; *found false if none. */
hs_status credit_product_get(hs_store *s, const char *id, credit_product *out, bool *found,
                             hs_error *err);
/* Calls fn for each product in id order (read-only). */
hs_status credit_products_each(hs_store *s,
                               hs_status (*fn)(void *ctx, const credit_product *p, hs_error *err),
                               void *ctx, hs_error *err);
/* Creates bank <bank>'s three accounts (owned by "credit") if missing, in the transaction. */
hs_status credit_bank_ensure(hs_tx *tx, const char *bank, hs_error *err);

#endif
