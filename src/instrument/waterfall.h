/* waterfall.h — distribution waterfalls in integer fen: European (whole-fund), the government
 * profit concession 让利 on top of it, and American (deal-by-deal).
 *
 * European whole-fund tiers, applied to the proceeds X (>= 0) of a fund with paid-in capital P:
 *   1. return of capital   LP gets min(X, P).
 *   2. preferred return    LP gets up to H = P x ((1 + h)^N - 1), the hurdle h compounded annually
 *                          over N whole years. H is computed exactly (base-10000 big integer, no
 *                          floating point) and rounded half away from zero ONCE, on the final
 *                          figure: H = round(P x (10000 + h_bp)^N / 10000^N) - P.
 *   3. GP catch-up         at catch-up rate k (> carry c; 0 = no catch-up tier): of each yuan, k to
 *                          the GP and 1 - k to the LPs, until the GP holds c of all profit paid so
 *                          far, i.e. the tier's size is T = round(H x c / (k - c)) (k = 100%: the
 *                          GP takes all of it). GP part = round(tier x k), LP part = the rest.
 *   4. carried interest    the rest: GP part = round(rest x c), LP part = the rest.
 * Every round() is half away from zero to the fen; LP + GP of each tier equals the tier exactly, so
 * the totals equal the proceeds to the fen (asserted). */
#ifndef HS_INSTRUMENT_WATERFALL_H
#define HS_INSTRUMENT_WATERFALL_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

#define WATERFALL_TIERS 4
#define WATERFALL_YEARS_MAX 100
#define WATERFALL_HURDLE_BP_MAX 100000 /* 1000% a year: anything above is a typo */
#define WATERFALL_DEALS_MAX 10000

typedef enum {
    WATERFALL_CAPITAL = 0,   /* return of paid-in capital */
    WATERFALL_PREFERRED = 1, /* preferred return (hurdle) */
    WATERFALL_CATCH_UP = 2,  /* GP catch-up */
    WATERFALL_CARRY = 3,     /* carried-interest split */
} waterfall_tier;

/* The terms of a waterfall (rates in basis points of 10000 = 100%). */
typedef struct {
    int64_t hurdle_bp;   /* preferred return a year, compounded annually; 0 <= h <= max */
    int64_t years;       /* whole years the hurdle compounds over; 0 <= N <= WATERFALL_YEARS_MAX */
    int64_t carry_bp;    /* GP's share of profit, 0 <= c < 10000 */
    int64_t catch_up_bp; /* 0 (no catch-up) or c < k <= 10000 */
} waterfall_terms;

/* One tier's split. */
typedef struct {
    int64_t lp_fen;
    int64_t gp_fen;
} waterfall_split;

/* A European split of proceeds. tier[i].lp_fen + tier[i].gp_fen sums to proceeds_fen. */
typedef struct {
    int64_t paid_in_fen;
    int64_t proceeds_fen;
    int64_t preferred_fen; /* H, the hurdle amount owed (paid in full only if proceeds allow) */
    waterfall_split tier[WATERFALL_TIERS];
    int64_t lp_fen; /* sum of the LP column */
    int64_t gp_fen; /* sum of the GP column */
} waterfall_result;

/* The tier's display name ("return of capital", "preferred return", "GP catch-up",
 * "carried interest"). */
const char *waterfall_tier_name(waterfall_tier tier);

/* Checks terms; HS_INPUT naming the field if one is out of range. */
hs_status waterfall_check_terms(const waterfall_terms *terms, hs_error *err);

/* H = round(paid_in x ((1 + h)^N - 1)) exactly (see above). HS_INPUT if paid_in < 0, terms are bad
 * or H does not fit in int64 fen. */
hs_status waterfall_preferred_return(int64_t paid_in_fen, int64_t hurdle_bp, int64_t years,
                                     int64_t *out_fen, hs_error *err);

/* Splits proceeds (>= 0) of a fund with paid-in (>= 0) through the four European tiers. HS_INPUT on
 * bad terms, negative amounts or overflow. On HS_OK, out's columns sum to proceeds exactly. */
hs_status waterfall_european(int64_t paid_in_fen, int64_t proceeds_fen,
                             const waterfall_terms *terms, waterfall_result *out, hs_error *err);

/* ---- government profit concession 让利 ----
 * The LP column of a European result is split between the government LP and the social LPs by
 * commitment, tier by tier, with money_allocate (exact pro-rata, largest remainder; the government
 * is index 0). The government's excess return is its share of tiers 3 and 4 (what it receives
 * beyond its capital and preferred return). It cedes round(excess x concession_bp) of it; of the
 * ceded amount, round(ceded x to_gp_bp) goes to the GP and the rest to the social LPs. */
typedef struct {
    int64_t gov_commitment_fen;    /* >= 0 */
    int64_t social_commitment_fen; /* >= 0; the two commitments sum to > 0 */
    int64_t concession_bp;         /* share of the government's excess it cedes, 0..10000 */
    int64_t to_gp_bp;              /* share of the ceded amount that goes to the GP, 0..10000 */
} waterfall_concession_terms;

typedef struct {
    waterfall_split
        gov_social[WATERFALL_TIERS]; /* lp_fen = government, gp_fen = social, pre-让利 */
    int64_t gov_before_fen;          /* the government's LP share before the concession */
    int64_t social_before_fen;       /* the social LPs' share before the concession */
    int64_t gov_excess_fen;          /* the government's share of tiers 3 and 4 */
    int64_t ceded_fen;               /* round(gov_excess x concession) */
    int64_t ceded_to_gp_fen;
    int64_t ceded_to_social_fen;
    int64_t gov_fen;    /* after the concession */
    int64_t social_fen; /* after the concession */
    int64_t gp_fen;     /* the GP's waterfall share plus what it was ceded */
} waterfall_concession_result;

/* Applies 让利 to a European result. gov + social + gp == wf->proceeds_fen exactly (asserted).
 * HS_INPUT on bad terms. */
hs_status waterfall_concession(const waterfall_result *wf, const waterfall_concession_terms *terms,
                               waterfall_concession_result *out, hs_error *err);

/* ---- American (deal-by-deal) ----
 * Each deal runs its own European waterfall on that deal's capital, proceeds and holding years:
 * its capital and hurdle come back first, then catch-up and carry on that deal's profit. Losses on
 * one deal are not netted against another (no loss carry-forward, no GP clawback). */
typedef struct {
    int64_t paid_in_fen;  /* capital invested in the deal, >= 0 */
    int64_t proceeds_fen; /* what the deal returned, >= 0 */
    int64_t years;        /* years the deal was held (the hurdle compounds over them) */
} waterfall_deal;

typedef struct {
    waterfall_split tier[WATERFALL_TIERS]; /* summed over deals */
    int64_t paid_in_fen;
    int64_t proceeds_fen;
    int64_t lp_fen;
    int64_t gp_fen;
} waterfall_american_result;

/* Runs each deal through the European tiers (terms->years is ignored: each deal has its own);
 * per_deal (may be NULL) receives each deal's result. Totals sum to the proceeds exactly. HS_INPUT
 * naming the deal on bad input. */
hs_status waterfall_american(const waterfall_deal *deals, size_t n, const waterfall_terms *terms,
                             waterfall_result *per_deal, waterfall_american_result *out,
                             hs_error *err);

#endif
