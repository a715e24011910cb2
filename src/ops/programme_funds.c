/* programme_funds.c — a programme's funds (see programme_funds.h). */
#include "ops/programme_funds.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instrument/fund_lp.h"
#include "instrument/fund_repo.h"

typedef struct {
    hs_store *s;
    char prefix[FUND_ID_MAX + 80];
    programme_fund_id *ids;
    size_t n, cap;
} collector;

static hs_status collect(void *c, const fund_terms *t, hs_error *err) {
    collector *fc = c;
    fund_lp *lps = NULL;
    size_t n = 0;
    hs_status st = fund_read_lps(fc->s, t->id, &lps, &n, err);
    if (st != HS_OK)
        return st;
    bool ours = false;
    for (size_t i = 0; i < n && !ours; i++)
        ours = strncmp(lps[i].account, fc->prefix, strlen(fc->prefix)) == 0;
    free(lps);
    if (!ours)
        return HS_OK;
    if (fc->n == fc->cap) {
        size_t cap = fc->cap ? 2 * fc->cap : 8;
        programme_fund_id *p = realloc(fc->ids, cap * sizeof *p);
        if (p == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory listing funds");
        fc->ids = p;
        fc->cap = cap;
    }
    snprintf(fc->ids[fc->n++], FUND_ID_MAX, "%s", t->id);
    return HS_OK;
}

hs_status ops_programme_fund_ids(const hs_ctx *ctx, const char *programme, programme_fund_id **ids,
                                 size_t *n, hs_error *err) {
    assert(ctx != NULL && programme != NULL && ids != NULL && n != NULL);
    collector fc = {.s = ctx->store};
    snprintf(fc.prefix, sizeof fc.prefix, "budget/%s/", programme);
    hs_status st = fund_read_begin(ctx->store, err);
    if (st == HS_OK) {
        st = fund_read_all(ctx->store, collect, &fc, err);
        fund_read_end(ctx->store);
    }
    if (st != HS_OK) {
        free(fc.ids);
        fc.ids = NULL;
        fc.n = 0;
    }
    *ids = fc.ids;
    *n = fc.n;
    return st;
}
