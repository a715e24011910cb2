/* fund_view.h — the JSON views of the fund module: one per entity, the bytes `huoshui fund ...
 * --json` prints and the HTTP API returns. Each returns a new reference (the caller owns it; NULL
 * only if jansson runs out of memory). Money is in fen (integers, "_fen" names), dates ISO text,
 * ratios {num_fen, den_fen, value} or null when undefined. */
#ifndef HS_OPS_FUND_VIEW_H
#define HS_OPS_FUND_VIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "instrument/fund_select.h"
#include "ops/fund_ops.h"

/* {event, kind, fund, result: "applied"|"exists", flows: [{kind, lp?, deal?, amount_fen}]}. */
json_t *view_fund_event(const fund_event_outcome *o);
/* {fund, result: "created"|"exists", size_fen}. */
json_t *view_fund_created(const fund_terms *t, bool existed);
/* One fund's figures (a report row). */
json_t *view_fund_figures(const fund_figures *f);
/* A deal with its MOIC. */
json_t *view_fund_deal(const fund_deal *d);
/* `fund show`: the figures plus lps and deals_list. */
json_t *view_fund_show(const fund_show *s);
/* `fund report`: the tree's totals, leverage, 返投, every fund's figures and, when by is given
 * (by_name its name), the exposure. */
json_t *view_fund_report(const fund_report *r, fund_by by, const char *by_name);
/* `fund check`: {ok, funds, checks, first_violation}. */
json_t *view_fund_check(const fund_verify_report *r);
/* `fund project --json`: {commitment, first_year, years: [{year, contribution, distribution, nav,
 * net_cash_flow, cumulative_net}], trough_year, trough_value, breakeven_year (null: none)} — a
 * projection in the commitment's unit (doubles: an estimate, not money). */
json_t *view_fund_projection(const ta_params *p, const ta_series *s);
/* `fund select`: {rules, policy, candidates}. */
json_t *view_fund_selection(const fund_candidate *c, size_t n, const char *policy);

#endif
