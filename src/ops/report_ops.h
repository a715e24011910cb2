/* report_ops.h — the standard reports as operations (see report/reports.h for what each holds).
 * Reads only: no transaction is opened, so a read-only book can be reported on. Each fills a
 * report_table the caller frees with table_free (also after a failure). */
#ifndef HS_OPS_REPORT_OPS_H
#define HS_OPS_REPORT_OPS_H

#include "ops/ops.h"
#include "report/reports.h"

/* Programme status grouped by budget, sector, district or firm, with a total row. HS_INPUT
 * (no_budgets) if the programme has no budgets; HS_STORAGE if the book cannot be read. */
hs_status ops_report_programme(const hs_ctx *ctx, const char *programme, report_grouping by,
                               report_table *t, hs_error *err);
/* A firm's statement: every transfer naming it (ref firm), oldest first. */
hs_status ops_report_firm(const hs_ctx *ctx, const char *uscc, report_table *t, hs_error *err);
/* A risk-compensation pool per bank, reconciled with the ledger. */
hs_status ops_report_pool(const hs_ctx *ctx, const char *pool, report_table *t, hs_error *err);

#endif
