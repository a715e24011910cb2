/* fuzz/waterfall.c — libFuzzer target: any paid-in, proceeds and terms through the European
 * waterfall and 让利, and a few deals through the American one. Bad input must be refused with
 * HS_INPUT; accepted input must split the proceeds exactly (LP + GP == proceeds, every tier >= 0).
 * Input: little-endian int64 fields, missing bytes read as 0. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "instrument/waterfall.h"

typedef struct {
    const uint8_t *data;
    size_t size, at;
} reader;

static int64_t next_i64(reader *r) {
    uint64_t v = 0;
    for (int i = 0; i < 8; i++, r->at++)
        if (r->at < r->size)
            v |= (uint64_t)r->data[r->at] << (8 * i);
    return (int64_t)v;
}

/* A value mostly inside [lo, hi), sometimes the raw bits (to hit the range checks). */
static int64_t ranged(reader *r, int64_t lo, int64_t hi) {
    int64_t raw = next_i64(r);
    if ((raw & 0xff) == 0xff)
        return raw;
    uint64_t span = (uint64_t)(hi - lo);
    return lo + (int64_t)((uint64_t)raw % span);
}

static void check_split(const waterfall_split *tiers, int64_t lp, int64_t gp, int64_t proceeds) {
    __int128 l = 0, g = 0;
    for (int i = 0; i < WATERFALL_TIERS; i++) {
        if (tiers[i].lp_fen < 0 || tiers[i].gp_fen < 0)
            abort();
        l += tiers[i].lp_fen;
        g += tiers[i].gp_fen;
    }
    if (l != lp || g != gp || l + g != proceeds)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    reader r = {data, size, 0};
    int64_t paid_in = next_i64(&r), proceeds = next_i64(&r);
    waterfall_terms t = {.hurdle_bp = ranged(&r, -100, WATERFALL_HURDLE_BP_MAX + 100),
                         .years = ranged(&r, -2, WATERFALL_YEARS_MAX + 3),
                         .carry_bp = ranged(&r, -100, 10100),
                         .catch_up_bp = ranged(&r, -100, 10100)};
    waterfall_result res;
    hs_error err;
    hs_status st = waterfall_european(paid_in, proceeds, &t, &res, &err);
    if (st != HS_OK && st != HS_INPUT)
        abort();
    if (st == HS_OK) {
        check_split(res.tier, res.lp_fen, res.gp_fen, proceeds);
        waterfall_concession_terms ct = {next_i64(&r), next_i64(&r), ranged(&r, -10, 10010),
                                         ranged(&r, -10, 10010)};
        waterfall_concession_result c;
        st = waterfall_concession(&res, &ct, &c, &err);
        if (st != HS_OK && st != HS_INPUT)
            abort();
        if (st == HS_OK && ((__int128)c.gov_fen + c.social_fen + c.gp_fen != proceeds ||
                            c.gov_fen < 0 || c.social_fen < 0))
            abort();
    }
    waterfall_deal deals[4];
    size_t n = (size_t)ranged(&r, 0, 5);
    if (n > 4)
        n = 4;
    for (size_t i = 0; i < n; i++)
        deals[i] = (waterfall_deal){next_i64(&r) >> 8, next_i64(&r) >> 8, ranged(&r, -1, 30)};
    waterfall_american_result am;
    st = waterfall_american(deals, n, &t, NULL, &am, &err);
    if (st != HS_OK && st != HS_INPUT)
        abort();
    if (st == HS_OK)
        check_split(am.tier, am.lp_fen, am.gp_fen, am.proceeds_fen);
    return 0;
}
