/* takahashi.c — the Takahashi–Alexander fund model and commitment pacing. See takahashi.h. */
#include "project/takahashi.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

void ta_params_init(ta_params *p) {
    memset(p, 0, sizeof *p);
    p->commitment = 1.0;
    p->bow = 1.0;
    p->life_years = 12;
}

static bool in_range(double v, double lo, double hi) {
    return isfinite(v) && v >= lo && v <= hi;
}

hs_status ta_check(const ta_params *p, hs_error *err) {
    if (!isfinite(p->commitment) || p->commitment <= 0)
        return hs_fail(err, HS_INPUT, "parameter 'commitment': must be a number > 0");
    if (p->call_rate_count == 0 || p->call_rate_count > TA_RATES_MAX)
        return hs_fail(err, HS_INPUT, "parameter 'rc': give 1 to %d call rates", TA_RATES_MAX);
    for (size_t i = 0; i < p->call_rate_count; i++)
        if (!in_range(p->call_rates[i], 0.0, 1.0))
            return hs_fail(err, HS_INPUT,
                           "parameter 'rc': call rate %zu must be between 0 and 1, got %g", i + 1,
                           p->call_rates[i]);
    if (!isfinite(p->growth) || p->growth <= -1.0 || p->growth > 100.0)
        return hs_fail(err, HS_INPUT, "parameter 'growth': must be above -1 and at most 100");
    if (!in_range(p->bow, 0.0, 1000.0))
        return hs_fail(err, HS_INPUT, "parameter 'bow': must be between 0 and 1000");
    if (p->life_years < 1 || p->life_years > TA_YEARS_MAX)
        return hs_fail(err, HS_INPUT, "parameter 'life': must be between 1 and %d years",
                       TA_YEARS_MAX);
    if (!in_range(p->yield, 0.0, 1.0))
        return hs_fail(err, HS_INPUT, "parameter 'yield': must be between 0 and 1");
    int horizon = p->horizon_years != 0 ? p->horizon_years : p->life_years;
    if (p->start_age < 0 || p->start_age >= horizon)
        return hs_fail(err, HS_INPUT, "parameter 'age': must be between 0 and %d (the horizon - 1)",
                       horizon - 1);
    if (!in_range(p->start_paid_in, 0.0, p->commitment))
        return hs_fail(err, HS_INPUT,
                       "parameter 'paid-in': must be between 0 and the commitment (%g)",
                       p->commitment);
    if (!in_range(p->start_nav, 0.0, INFINITY) || !in_range(p->start_distributed, 0.0, INFINITY))
        return hs_fail(err, HS_INPUT, "parameters 'nav' and 'distributed' must be numbers >= 0");
    if (p->start_age == 0 &&
        (p->start_paid_in != 0 || p->start_nav != 0 || p->start_distributed != 0))
        return hs_fail(err, HS_INPUT,
                       "a fund of age 0 has no paid-in capital, NAV or distributions");
    if (p->horizon_years != 0 &&
        (p->horizon_years < p->life_years || p->horizon_years > TA_YEARS_MAX))
        return hs_fail(err, HS_INPUT, "parameter 'horizon': must be between the life (%d) and %d",
                       p->life_years, TA_YEARS_MAX);
    return HS_OK;
}

/* RC_t: the t-th rate given, or the last one. */
static double call_rate(const ta_params *p, int t) {
    size_t i = (size_t)t - 1;
    return p->call_rates[i < p->call_rate_count ? i : p->call_rate_count - 1];
}

/* RD_t = max(Y, (t/L)^B), capped at 1 (after the fund's life everything left is distributed). */
static double distribution_rate(const ta_params *p, int t) {
    double rd = pow((double)t / (double)p->life_years, p->bow);
    if (rd < p->yield)
        rd = p->yield;
    return rd > 1.0 ? 1.0 : rd;
}

hs_status ta_project(const ta_params *p, ta_series *out, hs_error *err) {
    hs_status st = ta_check(p, err);
    if (st != HS_OK)
        return st;
    memset(out, 0, sizeof *out);
    out->years = p->horizon_years != 0 ? p->horizon_years : p->life_years;
    out->first_year = p->start_age + 1;
    double paid_in = p->start_paid_in, nav = p->start_nav;
    double cumulative = p->start_distributed - p->start_paid_in;
    for (int t = out->first_year; t <= out->years; t++) {
        int i = t - 1;
        double grown = nav * (1.0 + p->growth);
        double c = call_rate(p, t) * (p->commitment - paid_in);
        double d = distribution_rate(p, t) * grown;
        nav = grown + c - d;
        paid_in += c;
        cumulative += d - c;
        out->contribution[i] = c;
        out->distribution[i] = d;
        out->nav[i] = nav;
        out->net_cash_flow[i] = d - c;
        out->cumulative_net[i] = cumulative;
        out->paid_in[i] = paid_in;
        if (!isfinite(nav) || !isfinite(cumulative))
            return hs_fail(err, HS_INPUT, "the projection overflows in year %d", t);
        assert(c >= 0 && d >= 0 && paid_in <= p->commitment * (1 + 1e-12));
    }
    out->trough_year = out->first_year;
    for (int i = out->first_year; i < out->years; i++)
        if (out->cumulative_net[i] < out->cumulative_net[out->trough_year - 1])
            out->trough_year = i + 1;
    out->trough_value = out->cumulative_net[out->trough_year - 1];
    if (out->trough_value > 0)
        out->trough_value = 0;
    out->breakeven_year = 0;
    for (int i = out->trough_year; i < out->years; i++)
        if (out->cumulative_net[i] >= 0) {
            out->breakeven_year = i + 1;
            break;
        }
    return HS_OK;
}

hs_status ta_pace(const ta_pacing_params *p, ta_pacing *out, hs_error *err) {
    if (!isfinite(p->target_nav) || p->target_nav <= 0)
        return hs_fail(err, HS_INPUT, "parameter 'target-nav': must be a number > 0");
    if (!isfinite(p->max_commitment))
        return hs_fail(err, HS_INPUT, "parameter 'max-commitment': must be a number");
    if (p->years < 1 || p->years > TA_YEARS_MAX)
        return hs_fail(err, HS_INPUT, "parameter 'years': must be between 1 and %d", TA_YEARS_MAX);
    ta_params unit = p->fund;
    unit.commitment = 1.0;
    unit.start_age = 0; /* every vintage starts new */
    unit.start_paid_in = unit.start_nav = unit.start_distributed = 0.0;
    unit.horizon_years = TA_YEARS_MAX; /* the whole tail, so K* does not depend on p->years */
    ta_series fund;                    /* about 10 KB of stack */
    hs_status st = ta_project(&unit, &fund, err);
    if (st != HS_OK)
        return st;

    memset(out, 0, sizeof *out);
    out->years = p->years;
    int peak = 1;
    for (int a = 2; a <= unit.life_years; a++)
        if (fund.nav[a - 1] > fund.nav[peak - 1])
            peak = a;
    out->peak_age = peak;
    double peak_nav = fund.nav[peak - 1];
    if (!(peak_nav > 0))
        return hs_fail(err, HS_INPUT, "the fund model never holds any NAV: nothing to pace");

    double nav_sum = 0.0;
    for (int a = 1; a <= fund.years; a++)
        nav_sum += fund.nav[a - 1];
    out->steady_commitment = p->target_nav / nav_sum;

    for (int y = 1; y <= p->years; y++) {
        /* the programme's NAV at the end of year w without vintage y (age = w - vintage + 1) */
        int w = y + peak - 1;
        double others = 0.0;
        for (int v = 1; v <= w; v++) {
            int age = w - v + 1;
            if (v == y || age > fund.years)
                continue;
            double k = v < y ? out->commitment[v - 1] : out->steady_commitment;
            others += k * fund.nav[age - 1];
        }
        double k = (p->target_nav - others) / peak_nav;
        if (k < 0)
            k = 0;
        if (p->max_commitment > 0 && k > p->max_commitment)
            k = p->max_commitment;
        out->commitment[y - 1] = k;
    }
    for (int y = 1; y <= p->years; y++)
        for (int v = 1; v <= y; v++) {
            int age = y - v + 1;
            double k = out->commitment[v - 1];
            out->contribution[y - 1] += k * fund.contribution[age - 1];
            out->distribution[y - 1] += k * fund.distribution[age - 1];
            out->nav[y - 1] += k * fund.nav[age - 1];
        }
    for (int y = 0; y < p->years; y++)
        out->net_cash_flow[y] = out->distribution[y] - out->contribution[y];
    return HS_OK;
}
