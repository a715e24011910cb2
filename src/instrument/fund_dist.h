/* fund_dist.h — management fees and distributions through the waterfall.
 *
 * fee         fund/F/cash -> gp/GP/fees (code fund.fee). Unless an amount is given, the fee for
 *             `days` is basis x rate x days / 365, rounded half away from zero, where the rate is
 *             the fund's fee rate during the investment period (vintage + invest years) and its
 *             exit-period rate after, and the basis is committed capital (less defaults), paid-in
 *             capital, or invested capital still held (deals at cost plus capital paid into
 *             sub-funds), as the fund's fee basis says.
 * distribute  proceeds A from fund/F/cash through the waterfall (cumulative, so that many
 *             distributions add up to one):
 *   European  X = everything distributed so far + A, P = paid-in, N = whole years since the
 *             vintage; waterfall_european(P, X) (and waterfall_concession for 让利: LP types gov
 * and fund count as government money) gives the cumulative LP, government, social and GP amounts;
 * this distribution pays the increase over what was paid before. If the GP's cumulative share falls
 * (more capital paid in, a longer hurdle), it receives nothing now and the shortfall is reported
 * (no clawback transfer). American  deal by deal (--deal): the deal's own cost, its proceeds
 * distributed so far + A and its holding years run through the same tiers (waterfall_american on
 * one deal). A defaults to the deal's undistributed exit proceeds. The LP amount is split over the
 * LPs by paid-in capital with money_allocate (government and social separately when 让利 applies):
 * exact to the fen. Legs: fund/F/cash -> each LP's account (fund.distribute), fund/F/cash ->
 * gp/GP/carry (fund.carry), one linked chain. */
#ifndef HS_INSTRUMENT_FUND_DIST_H
#define HS_INSTRUMENT_FUND_DIST_H

#include "instrument/fund.h"
#include "instrument/waterfall.h"

/* What one distribution paid. */
typedef struct {
    int64_t amount_fen;
    int64_t lp_fen, gp_fen;      /* this distribution */
    int64_t gov_fen, social_fen; /* the LP part by kind (gov includes fund LPs) */
    int64_t gp_shortfall_fen;    /* GP carry above its cumulative due (not paid back) */
    waterfall_result cumulative; /* the cumulative waterfall behind it */
    int64_t years;
} fund_distribution;

/* Inside tx: charges the management fee (amount_fen > 0 given, or computed for `days` when
 * amount_fen is 0; exactly one of them: HS_INPUT otherwise). *fee_fen gets the amount charged. */
hs_status fund_fee(hs_tx *tx, const char *event_id, const char *fund, hs_date date, int days,
                   int64_t amount_fen, int64_t *fee_fen, fund_event_result *res, hs_error *err);
/* Inside tx: the fee basis of fund F now, as its terms define it. */
hs_status fund_fee_basis_fen(hs_tx *tx, const fund_terms *t, int64_t *basis_fen, hs_error *err);
/* Inside tx: distributes amount_fen (or, American with deal and amount 0, the deal's
 * undistributed proceeds) through the fund's waterfall; out (may be NULL) says how it was split.
 * The LP and GP parts sum to the amount to the fen. */
hs_status fund_distribute(hs_tx *tx, const char *event_id, const char *fund, int64_t amount_fen,
                          const char *deal, hs_date date, fund_distribution *out,
                          fund_event_result *res, hs_error *err);
/* Whole years from `from` to `to` (the largest N with from + N years <= to; 0 if to < from). */
int64_t fund_whole_years(hs_date from, hs_date to);

#endif
