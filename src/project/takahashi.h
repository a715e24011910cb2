/* takahashi.h — the Takahashi–Alexander (Yale, 2002) model of a private fund's cash flows, for one
 * fund and for a commitment programme (pacing). An estimate: doubles, in the commitment's unit.
 *
 * For years t = 1 .. H (H = the fund's life L unless a longer horizon is asked for):
 *   C_t   = RC_t x (CC - PIC_t)                      contribution (capital call)
 *   RD_t  = max(Y, (t / L)^B), capped at 1           rate of distribution
 *   D_t   = RD_t x NAV_{t-1} x (1 + G)               distribution
 *   NAV_t = NAV_{t-1} x (1 + G) + C_t - D_t          net asset value, NAV_0 = 0
 * where CC is the commitment, PIC_t the capital paid in BEFORE year t's call (C_1 + .. + C_{t-1}),
 * RC_t the call rate for year t (the last one given repeats), G the annual growth, B the bow, Y the
 * yield floor. The net cash flow to the investor is D_t - C_t. Everything is linear in CC.
 *
 * A fund already running (the hook for projecting a fund in the book) starts from its state at the
 * end of year `start_age`: paid-in capital, NAV and distributions so far; the model then runs for
 * t = start_age + 1 .. H. A new fund has start_age 0 and a zero state. */
#ifndef HS_PROJECT_TAKAHASHI_H
#define HS_PROJECT_TAKAHASHI_H

#include <stddef.h>

#include "base/error.h"

#define TA_YEARS_MAX 200
#define TA_RATES_MAX TA_YEARS_MAX

/* The model's parameters. */
typedef struct {
    double commitment;               /* CC > 0 */
    double call_rates[TA_RATES_MAX]; /* RC_1, RC_2, ... each in [0, 1] */
    size_t call_rate_count;          /* >= 1; RC_t for t > count is the last one */
    double growth;                   /* G > -1 */
    double bow;                      /* B >= 0 */
    int life_years;                  /* L, 1 .. TA_YEARS_MAX */
    double yield;                    /* Y in [0, 1] */
    int horizon_years;               /* H: 0 means L; otherwise L .. TA_YEARS_MAX */
    int start_age;                   /* years already run, 0 .. H - 1 (0: a new fund) */
    double start_paid_in;            /* capital called so far, 0 .. CC */
    double start_nav;                /* NAV at the end of year start_age, >= 0 */
    double start_distributed;        /* distributed so far, >= 0 (for the cumulative net only) */
} ta_params;

/* One fund's projected series; index i is year i + 1. Years before first_year (those already run
 * when start_age > 0) are zero and not part of the projection. */
typedef struct {
    int years;      /* H, the last year */
    int first_year; /* start_age + 1 */
    double contribution[TA_YEARS_MAX];
    double distribution[TA_YEARS_MAX];
    double nav[TA_YEARS_MAX];
    double net_cash_flow[TA_YEARS_MAX];  /* D_t - C_t */
    double cumulative_net[TA_YEARS_MAX]; /* distributed - paid in, up to and including year t */
    double paid_in[TA_YEARS_MAX];        /* contributions up to and including year t */
    int trough_year; /* projected year of the lowest cumulative net cash flow (J-curve trough) */
    double trough_value; /* that lowest value (<= 0) */
    int breakeven_year;  /* first year the cumulative net cash flow is >= 0 after the trough;
                            0 if never within the horizon */
} ta_series;

/* Sets the defaults the CLI uses: no rates, G 0, B 1, L 12, Y 0, horizon = L. */
void ta_params_init(ta_params *p);

/* Checks p; HS_INPUT naming the parameter if one is out of range. */
hs_status ta_check(const ta_params *p, hs_error *err);

/* Runs the model (the hook the fund module calls with a fund's own parameters). On HS_OK every
 * series value is finite, contributions and distributions >= 0 and sum(C) <= CC. */
hs_status ta_project(const ta_params *p, ta_series *out, hs_error *err);

/* ---- commitment programme (pacing) ----
 * Each year y = 1 .. H the programme commits K_y to a new fund (vintage y) that follows the
 * model scaled by K_y (the model is linear in the commitment).
 *   n(a)  a unit fund's NAV at age a (ages up to TA_YEARS_MAX: past its life a fund still
 *         calls a vanishing tail), a* the age at which n peaks;
 *   K*    = target / sum_a n(a), the constant yearly commitment that holds the NAV at the
 *         target in steady state.
 * Algorithm ("fill the gap at the peak"): at year y, with w = y + a* - 1, project the NAV at
 * the end of year w of
 *   (i)  the vintages already committed, 1 .. y-1, at their K_v, and
 *   (ii) the vintages still to come, y+1 .. w, assumed at K*;
 * then K_y = clamp((target - (i) - (ii)) / n(a*), 0, max_commitment).
 * Deterministic and greedy: larger commitments while ramping up, K_y -> K* in steady state. */
typedef struct {
    ta_params fund;        /* the per-fund model; fund.commitment is ignored (unit funds) */
    double target_nav;     /* > 0 */
    double max_commitment; /* cap on one year's commitment; <= 0 means no cap */
    int years;             /* H, 1 .. TA_YEARS_MAX */
} ta_pacing_params;

typedef struct {
    int years;
    int peak_age;             /* a* */
    double steady_commitment; /* K* */
    double commitment[TA_YEARS_MAX];
    double contribution[TA_YEARS_MAX];
    double distribution[TA_YEARS_MAX];
    double nav[TA_YEARS_MAX];
    double net_cash_flow[TA_YEARS_MAX];
} ta_pacing;

/* Plans the yearly commitments and sums the vintages' cash flows. HS_INPUT on bad parameters. */
hs_status ta_pace(const ta_pacing_params *p, ta_pacing *out, hs_error *err);

#endif
