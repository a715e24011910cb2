/* waterfall.c — European, 让利 and American waterfalls in integer fen. See waterfall.h. */
#include "instrument/waterfall.h"

#include <assert.h>
#include <string.h>

#include "base/money.h"

typedef __int128 i128;

/* Half away from zero for num/den, num >= 0, den > 0. */
static i128 div_round_half_up(i128 num, i128 den) {
    assert(num >= 0 && den > 0);
    i128 q = num / den, r = num % den;
    return 2 * r >= den ? q + 1 : q;
}

const char *waterfall_tier_name(waterfall_tier tier) {
    switch (tier) {
    case WATERFALL_CAPITAL:
        return "return of capital";
    case WATERFALL_PREFERRED:
        return "preferred return";
    case WATERFALL_CATCH_UP:
        return "GP catch-up";
    case WATERFALL_CARRY:
        return "carried interest";
    }
    return "?";
}

hs_status waterfall_check_terms(const waterfall_terms *terms, hs_error *err) {
    if (terms->hurdle_bp < 0 || terms->hurdle_bp > WATERFALL_HURDLE_BP_MAX)
        return hs_fail(err, HS_INPUT, "field 'hurdle': must be between 0%% and %d%%, got %lldbp",
                       (int)(WATERFALL_HURDLE_BP_MAX / 100), (long long)terms->hurdle_bp);
    if (terms->years < 0 || terms->years > WATERFALL_YEARS_MAX)
        return hs_fail(err, HS_INPUT, "field 'years': must be between 0 and %d, got %lld",
                       WATERFALL_YEARS_MAX, (long long)terms->years);
    if (terms->carry_bp < 0 || terms->carry_bp >= MONEY_BP_ONE)
        return hs_fail(err, HS_INPUT,
                       "field 'carry': must be at least 0%% and below 100%%, got %lldbp",
                       (long long)terms->carry_bp);
    if (terms->catch_up_bp != 0 &&
        (terms->catch_up_bp <= terms->carry_bp || terms->catch_up_bp > MONEY_BP_ONE))
        return hs_fail(err, HS_INPUT,
                       "field 'catch-up': must be 0 (none) or above the carry rate and at most "
                       "100%% (a catch-up at or below the carry rate never catches up), got %lldbp",
                       (long long)terms->catch_up_bp);
    return HS_OK;
}

/* ---- exact compounding: a small base-10000 big integer ---- */

#define BIG_BASE 10000u
#define BIG_LIMBS (8 + 2 * WATERFALL_YEARS_MAX) /* P < 10^20 (5 limbs) x (20 bits)^N */

typedef struct {
    uint32_t limb[BIG_LIMBS]; /* little-endian base-10000 digits */
    size_t used;
} big_decimal;

static void big_from_u64(big_decimal *b, uint64_t v) {
    memset(b, 0, sizeof *b);
    while (v > 0) {
        assert(b->used < BIG_LIMBS);
        b->limb[b->used++] = (uint32_t)(v % BIG_BASE);
        v /= BIG_BASE;
    }
}

/* b *= m (m < 2^32). */
static void big_mul_small(big_decimal *b, uint32_t m) {
    uint64_t carry = 0;
    for (size_t i = 0; i < b->used; i++) {
        uint64_t x = (uint64_t)b->limb[i] * m + carry;
        b->limb[i] = (uint32_t)(x % BIG_BASE);
        carry = x / BIG_BASE;
    }
    while (carry > 0) {
        assert(b->used < BIG_LIMBS);
        b->limb[b->used++] = (uint32_t)(carry % BIG_BASE);
        carry /= BIG_BASE;
    }
}

/* round(b / 10000^shift) half away from zero; false if it does not fit in int64. */
static bool big_shift_round(const big_decimal *b, size_t shift, int64_t *out) {
    i128 q = 0;
    for (size_t i = b->used; i > shift; i--) {
        q = q * BIG_BASE + b->limb[i - 1];
        if (q > INT64_MAX)
            return false;
    }
    /* The discarded part is >= half of 10000^shift exactly when its top digit is >= 5000. */
    if (shift > 0 && shift <= b->used && b->limb[shift - 1] >= BIG_BASE / 2)
        q += 1;
    if (q > INT64_MAX)
        return false;
    *out = (int64_t)q;
    return true;
}

hs_status waterfall_preferred_return(int64_t paid_in_fen, int64_t hurdle_bp, int64_t years,
                                     int64_t *out_fen, hs_error *err) {
    if (paid_in_fen < 0)
        return hs_fail(err, HS_INPUT, "field 'paid-in': must not be negative");
    waterfall_terms terms = {.hurdle_bp = hurdle_bp, .years = years};
    hs_status st = waterfall_check_terms(&terms, err);
    if (st != HS_OK)
        return st;
    big_decimal b;
    big_from_u64(&b, (uint64_t)paid_in_fen);
    for (int64_t y = 0; y < years; y++)
        big_mul_small(&b, (uint32_t)(MONEY_BP_ONE + hurdle_bp));
    int64_t grown;
    if (!big_shift_round(&b, (size_t)years, &grown))
        return hs_fail(err, HS_INPUT,
                       "field 'hurdle': the preferred return on %lld fen over %lld years "
                       "overflows",
                       (long long)paid_in_fen, (long long)years);
    assert(grown >= paid_in_fen);
    *out_fen = grown - paid_in_fen;
    return HS_OK;
}

/* ---- European ---- */

hs_status waterfall_european(int64_t paid_in_fen, int64_t proceeds_fen,
                             const waterfall_terms *terms, waterfall_result *out, hs_error *err) {
    if (paid_in_fen < 0)
        return hs_fail(err, HS_INPUT, "field 'paid-in': must not be negative");
    if (proceeds_fen < 0)
        return hs_fail(err, HS_INPUT, "field 'proceeds': must not be negative");
    hs_status st = waterfall_check_terms(terms, err);
    if (st != HS_OK)
        return st;
    int64_t preferred;
    st = waterfall_preferred_return(paid_in_fen, terms->hurdle_bp, terms->years, &preferred, err);
    if (st != HS_OK)
        return st;

    memset(out, 0, sizeof *out);
    out->paid_in_fen = paid_in_fen;
    out->proceeds_fen = proceeds_fen;
    out->preferred_fen = preferred;
    int64_t left = proceeds_fen;

    /* 1. return of capital */
    int64_t t1 = left < paid_in_fen ? left : paid_in_fen;
    out->tier[WATERFALL_CAPITAL].lp_fen = t1;
    left -= t1;

    /* 2. preferred return */
    int64_t t2 = left < preferred ? left : preferred;
    out->tier[WATERFALL_PREFERRED].lp_fen = t2;
    left -= t2;

    /* 3. GP catch-up: T = round(H x c / (k - c)), capped by what is left */
    if (terms->catch_up_bp > 0 && left > 0) {
        i128 size = div_round_half_up((i128)preferred * terms->carry_bp,
                                      terms->catch_up_bp - terms->carry_bp);
        int64_t t3 = size < (i128)left ? (int64_t)size : left;
        int64_t gp3 = (int64_t)div_round_half_up((i128)t3 * terms->catch_up_bp, MONEY_BP_ONE);
        out->tier[WATERFALL_CATCH_UP].gp_fen = gp3;
        out->tier[WATERFALL_CATCH_UP].lp_fen = t3 - gp3;
        left -= t3;
    }

    /* 4. carried interest on the rest */
    int64_t gp4 = (int64_t)div_round_half_up((i128)left * terms->carry_bp, MONEY_BP_ONE);
    out->tier[WATERFALL_CARRY].gp_fen = gp4;
    out->tier[WATERFALL_CARRY].lp_fen = left - gp4;

    i128 lp = 0, gp = 0;
    for (int i = 0; i < WATERFALL_TIERS; i++) {
        assert(out->tier[i].lp_fen >= 0 && out->tier[i].gp_fen >= 0);
        lp += out->tier[i].lp_fen;
        gp += out->tier[i].gp_fen;
    }
    assert(lp + gp == proceeds_fen);
    out->lp_fen = (int64_t)lp;
    out->gp_fen = (int64_t)gp;
    return HS_OK;
}

/* ---- 让利 ---- */

hs_status waterfall_concession(const waterfall_result *wf, const waterfall_concession_terms *terms,
                               waterfall_concession_result *out, hs_error *err) {
    if (terms->gov_commitment_fen < 0 || terms->social_commitment_fen < 0 ||
        (i128)terms->gov_commitment_fen + terms->social_commitment_fen <= 0)
        return hs_fail(err, HS_INPUT,
                       "field 'commitment': the government and social commitments must be >= 0 "
                       "and not both 0");
    if (terms->concession_bp < 0 || terms->concession_bp > MONEY_BP_ONE)
        return hs_fail(err, HS_INPUT, "field 'concession': must be between 0%% and 100%%");
    if (terms->to_gp_bp < 0 || terms->to_gp_bp > MONEY_BP_ONE)
        return hs_fail(err, HS_INPUT, "field 'to-gp': must be between 0%% and 100%%");

    memset(out, 0, sizeof *out);
    const int64_t weights[2] = {terms->gov_commitment_fen, terms->social_commitment_fen};
    for (int i = 0; i < WATERFALL_TIERS; i++) {
        int64_t shares[2];
        bool ok = money_allocate(wf->tier[i].lp_fen, weights, 2, shares);
        assert(ok);
        (void)ok;
        out->gov_social[i].lp_fen = shares[0];
        out->gov_social[i].gp_fen = shares[1];
        out->gov_before_fen += shares[0];
        out->social_before_fen += shares[1];
    }
    out->gov_excess_fen =
        out->gov_social[WATERFALL_CATCH_UP].lp_fen + out->gov_social[WATERFALL_CARRY].lp_fen;
    out->ceded_fen =
        (int64_t)div_round_half_up((i128)out->gov_excess_fen * terms->concession_bp, MONEY_BP_ONE);
    out->ceded_to_gp_fen =
        (int64_t)div_round_half_up((i128)out->ceded_fen * terms->to_gp_bp, MONEY_BP_ONE);
    out->ceded_to_social_fen = out->ceded_fen - out->ceded_to_gp_fen;
    assert(out->ceded_fen <= out->gov_excess_fen && out->ceded_to_social_fen >= 0);

    out->gov_fen = out->gov_before_fen - out->ceded_fen;
    out->social_fen = out->social_before_fen + out->ceded_to_social_fen;
    out->gp_fen = wf->gp_fen + out->ceded_to_gp_fen;
    assert(out->gov_before_fen + out->social_before_fen == wf->lp_fen);
    assert((i128)out->gov_fen + out->social_fen + out->gp_fen == wf->proceeds_fen);
    return HS_OK;
}

/* ---- American ---- */

hs_status waterfall_american(const waterfall_deal *deals, size_t n, const waterfall_terms *terms,
                             waterfall_result *per_deal, waterfall_american_result *out,
                             hs_error *err) {
    if (n > WATERFALL_DEALS_MAX)
        return hs_fail(err, HS_INPUT, "too many deals (%zu, at most %d)", n, WATERFALL_DEALS_MAX);
    memset(out, 0, sizeof *out);
    i128 lp = 0, gp = 0, paid = 0, proceeds = 0;
    i128 tier_lp[WATERFALL_TIERS] = {0}, tier_gp[WATERFALL_TIERS] = {0};
    for (size_t d = 0; d < n; d++) {
        waterfall_terms deal_terms = *terms;
        deal_terms.years = deals[d].years;
        waterfall_result r;
        hs_status st =
            waterfall_european(deals[d].paid_in_fen, deals[d].proceeds_fen, &deal_terms, &r, err);
        if (st != HS_OK)
            return hs_error_prefix(err, "deal %zu", d + 1);
        if (per_deal != NULL)
            per_deal[d] = r;
        for (int i = 0; i < WATERFALL_TIERS; i++) {
            tier_lp[i] += r.tier[i].lp_fen;
            tier_gp[i] += r.tier[i].gp_fen;
        }
        lp += r.lp_fen;
        gp += r.gp_fen;
        paid += r.paid_in_fen;
        proceeds += r.proceeds_fen;
    }
    if (paid > INT64_MAX || proceeds > INT64_MAX)
        return hs_fail(err, HS_INPUT, "the deals' total capital or proceeds overflows");
    for (int i = 0; i < WATERFALL_TIERS; i++) {
        out->tier[i].lp_fen = (int64_t)tier_lp[i];
        out->tier[i].gp_fen = (int64_t)tier_gp[i];
    }
    assert(lp + gp == proceeds);
    out->paid_in_fen = (int64_t)paid;
    out->proceeds_fen = (int64_t)proceeds;
    out->lp_fen = (int64_t)lp;
    out->gp_fen = (int64_t)gp;
    return HS_OK;
}
