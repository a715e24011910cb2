/* metrics.h — fund performance measures: XIRR and NPV (Excel semantics), and the multiples TVPI,
 * DPI, RVPI and MOIC.
 *
 * XIRR and NPV are estimates and use double; their inputs are fen (int64_t) and NPV's result is in
 * fen as a double (callers round it for display). The multiples are exact rationals over the
 * amounts in fen (num / den, den > 0, not reduced) with a double view for display.
 *
 * XIRR (as Microsoft documents it): the rate r with sum_i P_i / (1 + r)^((d_i - d_1) / 365) = 0,
 * where d_1 is the FIRST date given (every other date must not be earlier), days counted
 * actual/365. The flows need at least one negative and one positive amount. Default guess 0.1.
 * Solved by Newton's method from the guess; if Newton leaves the domain (r <= -1), stalls or does
 * not converge, the root is bracketed and bisected. Converged when the step is below 1e-12
 * (relative) -- tighter than Excel's documented 0.000001 percent.
 *
 * NPV (Excel convention): NPV = sum_{i=1..n} v_i / (1 + rate)^i -- the FIRST amount is discounted
 * one full period (Excel's investment "begins one period before the date of the value1 cash
 * flow"). */
#ifndef HS_INSTRUMENT_METRICS_H
#define HS_INSTRUMENT_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"

#define METRICS_XIRR_GUESS 0.1
#define METRICS_FLOWS_MAX 100000 /* more flows than this is bad input */

/* An exact ratio num/den of two fen sums (den > 0); value is num/den as a double. */
typedef struct {
    int64_t num;
    int64_t den;
    double value;
} metrics_ratio;

/* XNPV of the flows at `rate` (> -1), discounting each flow by (1+rate)^((d_i - d_0)/365); fen. */
double metrics_xnpv(double rate, const hs_date *dates, const int64_t *amounts_fen, size_t n);

/* Excel XIRR of n >= 2 dated flows (guess: METRICS_XIRR_GUESS unless you know better). HS_INPUT
 * with a clear message if there is no sign change, a date precedes the first, all dates are the
 * same, n < 2, or no rate in (-1, 1e9) zeroes the XNPV. On HS_OK *out_rate is the root. */
hs_status metrics_xirr(const hs_date *dates, const int64_t *amounts_fen, size_t n, double guess,
                       double *out_rate, hs_error *err);

/* Excel NPV: sum of amounts_fen[i] / (1+rate)^(i+1), in fen. HS_INPUT if rate <= -1, n == 0 or
 * rate/amounts are not finite. */
hs_status metrics_npv(double rate, const int64_t *amounts_fen, size_t n, double *out_npv_fen,
                      hs_error *err);

/* TVPI = (distributed + residual NAV) / paid-in. HS_INPUT if paid-in <= 0 or an amount < 0. */
hs_status metrics_tvpi(int64_t distributed_fen, int64_t nav_fen, int64_t paid_in_fen,
                       metrics_ratio *out, hs_error *err);
/* DPI = distributed / paid-in (realised multiple). Same errors as TVPI. */
hs_status metrics_dpi(int64_t distributed_fen, int64_t paid_in_fen, metrics_ratio *out,
                      hs_error *err);
/* RVPI = residual NAV / paid-in (unrealised multiple). Same errors as TVPI. */
hs_status metrics_rvpi(int64_t nav_fen, int64_t paid_in_fen, metrics_ratio *out, hs_error *err);
/* MOIC = (realised + unrealised value) / invested cost (gross, deal or portfolio level). HS_INPUT
 * if invested <= 0 or an amount < 0. */
hs_status metrics_moic(int64_t realised_fen, int64_t unrealised_fen, int64_t invested_fen,
                       metrics_ratio *out, hs_error *err);

#endif
