/* report_ops.c — the reports as operations (see report_ops.h). */
#include "ops/report_ops.h"

#include <assert.h>

hs_status ops_report_programme(const hs_ctx *ctx, const char *programme, report_grouping by,
                               report_table *t, hs_error *err) {
    assert(ctx != NULL && ctx->store != NULL && programme != NULL && t != NULL);
    return report_programme(ctx->store, programme, by, t, err);
}

hs_status ops_report_firm(const hs_ctx *ctx, const char *uscc, report_table *t, hs_error *err) {
    assert(ctx != NULL && ctx->store != NULL && uscc != NULL && t != NULL);
    return report_firm(ctx->store, uscc, t, err);
}

hs_status ops_report_pool(const hs_ctx *ctx, const char *pool, report_table *t, hs_error *err) {
    assert(ctx != NULL && ctx->store != NULL && pool != NULL && t != NULL);
    return report_pool(ctx->store, pool, t, err);
}
