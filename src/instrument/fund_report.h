/* fund_report.h — a fund's figures, and a fund tree or group rolled up.
 *
 * Per fund (amounts in fen):
 *   committed      called + uncalled (commitments cancelled by an LP default excluded), by LP type
 *   called         paid-in capital;  uncalled: what may still be called
 *   invested       cost of direct deals (all rounds) + capital paid into sub-funds as their LP
 *   NAV            cash + fair value of held deals (latest mark, else cost) + the value of each
 *                  sub-fund position (its share of the sub-fund's paid-in x the sub-fund's NAV)
 *   distributed    to LPs; carry to the GP; fees to the GP
 *   IRR            XIRR (actual/365) of the LPs' flows: calls negative, distributions positive,
 *                  and the NAV on the as-of date as the last positive flow
 *   TVPI, DPI, RVPI  (distributed + NAV) / paid-in, distributed / paid-in, NAV / paid-in
 *   government money (look-through): gov-type commitments plus, for each fund LP, its
 *                  commitment x that fund's own government share
 *   leverage (放大倍数): committed / government money; social capital per yuan of government
 *                  money = (committed - government money) / government money
 *   返投            required = k x government money; local = cost of deals in the fund's region
 *                  (deal region or city equal to it), plus the local deals of its sub-funds in
 *                  full (the usual counting rule); ratio = local / required; shortfall.
 *   deployment     invested / committed, and that per year since the vintage.
 *   recycled       max(0, invested - (paid-in - fees)): exit proceeds invested again.
 * Roll-up (a group, or a fund and everything under it): funds are summed once each; "external"
 * capital is what comes from LPs outside the tree (a mother's commitment to its own sub-fund is
 * internal), so group leverage = external committed / external government money, and the group
 * IRR is over external flows with the tree's NAV (cash and deals of every fund, no sub-fund
 * positions: nothing counted twice). Look-through exposure: every deal of the tree, weighted by
 * the root's share when the root is a fund (a group weighs every deal fully). */
#ifndef HS_INSTRUMENT_FUND_REPORT_H
#define HS_INSTRUMENT_FUND_REPORT_H

#include <stdbool.h>

#include "instrument/fund.h"
#include "instrument/metrics.h"

typedef struct {
    fund_terms t;
    double weight; /* look-through share of the report's root (1 for a group) */
    int64_t committed_by_type_fen[FUND_LP_TYPES];
    int64_t committed_fen, called_fen, uncalled_fen, defaulted_fen;
    int64_t cash_fen, invested_fen, into_subs_fen, held_cost_fen, deal_value_fen, realised_fen,
        sub_value_fen;
    int64_t distributed_fen, carry_fen, fees_fen, gains_fen, losses_fen;
    int64_t recycled_fen; /* invested beyond paid-in net of fees: exit proceeds invested again */
    int64_t nav_fen;
    int64_t gov_money_fen; /* look-through government money committed */
    int64_t local_fen;     /* 返投 local investment counted */
    int64_t required_fen;  /* 返投 required (0 if the fund has no requirement) */
    int64_t shortfall_fen;
    int deals, deals_held, lps;
    bool irr_ok;
    double irr;
    metrics_ratio tvpi, dpi, rvpi;   /* den 0 if nothing paid in */
    double leverage, social_per_gov; /* 0 if no government money */
    double deployed, deployed_per_year;
    hs_date first_call;
} fund_figures;

/* One key of the look-through exposure: held deals weighted by the root's share, rounded to the
 * fen; share = this key's weighted value / all keys' (0..1, from the unrounded values). */
typedef struct {
    char key[FUND_TEXT_MAX];
    int deals;
    int64_t cost_fen, value_fen;
    double share;
} fund_exposure;

typedef struct {
    char root[FUND_ID_MAX];
    bool is_group;
    hs_date as_of;
    size_t n;
    fund_figures *funds; /* parents before children */
    /* the tree's totals */
    int64_t size_total_fen, committed_total_fen, external_committed_fen, external_gov_fen,
        external_called_fen, external_distributed_fen, nav_total_fen, invested_total_fen,
        fees_total_fen, carry_total_fen, local_total_fen, required_total_fen, shortfall_total_fen;
    int deals_total;
    bool irr_ok;
    double irr, leverage_size, leverage_external, social_per_gov;
    metrics_ratio tvpi, dpi, rvpi;
    fund_exposure *exposure; /* by the dimension asked for, largest value first */
    size_t n_exposure;
} fund_report;

typedef enum { FUND_BY_NONE = 0, FUND_BY_SECTOR, FUND_BY_STAGE, FUND_BY_CITY } fund_by;

/* Read-only: builds the report of `root` (a fund id, or a group) as of `as_of` (0: the later of
 * `today` and the tree's last event date; today 0: the last event date). The figures are the
 * book's running totals, so an as_of before the tree's last event is HS_INPUT (invalid_field
 * "as_of"), never today's figures under an earlier date. HS_NOT_FOUND if no fund or group has that
 * id; HS_STORAGE if the book cannot be read. On success *out owns its arrays: free
 * it with fund_report_free. */
hs_status fund_report_build(hs_store *s, const char *root, hs_date as_of, hs_date today, fund_by by,
                            fund_report *out, hs_error *err);
/* Frees the arrays of a built report and zeroes it (a zeroed report is a no-op). */
void fund_report_free(fund_report *r);
/* Read-only: the figures of one fund (its own row of a report rooted at it, as_of and today as for
 * fund_report_build); HS_NOT_FOUND if it does not exist. */
hs_status fund_figures_get(hs_store *s, const char *fund, hs_date as_of, hs_date today,
                           fund_figures *out, hs_error *err);

#endif
