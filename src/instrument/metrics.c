/* metrics.c — XIRR, NPV and the fund multiples. See metrics.h for the exact semantics. */
#include "instrument/metrics.h"

#include <assert.h>
#include <math.h>

#define XIRR_NEWTON_ITERATIONS 100
#define XIRR_BISECT_ITERATIONS 400
#define XIRR_STEP_TOLERANCE 1e-12

/* Years from the first date to date i, actual/365 (Excel XIRR's day count). */
static double years_from_first(const hs_date *dates, size_t i) {
    return (double)date_diff_days(dates[0], dates[i]) / 365.0;
}

double metrics_xnpv(double rate, const hs_date *dates, const int64_t *amounts_fen, size_t n) {
    assert(rate > -1.0);
    double log_base = log1p(rate), sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += (double)amounts_fen[i] * exp(-years_from_first(dates, i) * log_base);
    return sum;
}

/* d XNPV / d rate at `rate`. */
static double xnpv_derivative(double rate, const hs_date *dates, const int64_t *amounts_fen,
                              size_t n) {
    double log_base = log1p(rate), sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double t = years_from_first(dates, i);
        sum -= t * (double)amounts_fen[i] * exp(-(t + 1.0) * log_base);
    }
    return sum;
}

static hs_status check_flows(const hs_date *dates, const int64_t *amounts_fen, size_t n,
                             hs_error *err) {
    if (n < 2)
        return hs_fail(err, HS_INPUT, "XIRR needs at least two dated cash flows, got %zu", n);
    if (n > METRICS_FLOWS_MAX)
        return hs_fail(err, HS_INPUT, "too many cash flows (%zu, at most %d)", n,
                       METRICS_FLOWS_MAX);
    bool has_negative = false, has_positive = false;
    for (size_t i = 0; i < n; i++) {
        if (date_diff_days(dates[0], dates[i]) < 0) {
            char first[DATE_TEXT_LEN], bad[DATE_TEXT_LEN];
            return hs_fail(err, HS_INPUT,
                           "flow %zu: date %s is before the first date %s (XIRR counts from the "
                           "first flow's date)",
                           i + 1, date_format(dates[i], bad), date_format(dates[0], first));
        }
        has_negative |= amounts_fen[i] < 0;
        has_positive |= amounts_fen[i] > 0;
    }
    bool spread = false;
    for (size_t i = 1; i < n; i++)
        spread |= dates[i] != dates[0];
    if (!spread)
        return hs_fail(err, HS_INPUT,
                       "every flow is on the same date: XIRR needs flows on at least two dates");
    if (!has_negative || !has_positive)
        return hs_fail(err, HS_INPUT,
                       "the cash flows have no sign change: XIRR needs at least one negative "
                       "(outflow) and one positive (inflow) amount");
    return HS_OK;
}

/* Newton's method from `guess`; true with *out if it converged inside (-1, inf). */
static bool xirr_newton(const hs_date *dates, const int64_t *amounts_fen, size_t n, double guess,
                        double *out) {
    double rate = guess;
    for (int k = 0; k < XIRR_NEWTON_ITERATIONS; k++) {
        double f = metrics_xnpv(rate, dates, amounts_fen, n);
        double df = xnpv_derivative(rate, dates, amounts_fen, n);
        if (!isfinite(f) || !isfinite(df) || df == 0.0)
            return false;
        double next = rate - f / df;
        if (!isfinite(next) || next <= -1.0)
            return false;
        if (fabs(next - rate) <= XIRR_STEP_TOLERANCE * fmax(1.0, fabs(next))) {
            *out = next;
            return true;
        }
        rate = next;
    }
    return false;
}

/* Brackets a root on a fixed ladder of rates (the bracket nearest the guess wins), then bisects. */
static bool xirr_bisect(const hs_date *dates, const int64_t *amounts_fen, size_t n, double guess,
                        double *out) {
    static const double ladder[] = {
        -0.999999999, -0.9999, -0.999, -0.99, -0.95, -0.9, -0.8, -0.6, -0.4,  -0.2, -0.1, 0.0, 0.05,
        0.1,          0.2,     0.4,    0.7,   1.0,   2.0,  5.0,  10.0, 100.0, 1e3,  1e4,  1e6, 1e9};
    const size_t steps = sizeof ladder / sizeof ladder[0];
    double best_lo = 0, best_hi = 0, best_distance = INFINITY;
    double f_prev = metrics_xnpv(ladder[0], dates, amounts_fen, n);
    for (size_t i = 1; i < steps; i++) {
        double f = metrics_xnpv(ladder[i], dates, amounts_fen, n);
        if (isfinite(f_prev) && isfinite(f) && (f_prev == 0.0 || (f_prev < 0) != (f < 0))) {
            double distance = guess < ladder[i - 1] ? ladder[i - 1] - guess
                              : guess > ladder[i]   ? guess - ladder[i]
                                                    : 0.0;
            if (distance < best_distance) {
                best_distance = distance;
                best_lo = ladder[i - 1];
                best_hi = ladder[i];
            }
        }
        f_prev = f;
    }
    if (!isfinite(best_distance))
        return false;
    double lo = best_lo, hi = best_hi;
    double f_lo = metrics_xnpv(lo, dates, amounts_fen, n);
    if (f_lo == 0.0) { /* the ladder hit the root exactly */
        *out = lo;
        return true;
    }
    for (int k = 0; k < XIRR_BISECT_ITERATIONS && hi - lo > 1e-15 * fmax(1.0, fabs(hi)); k++) {
        double mid = lo + (hi - lo) / 2.0;
        double f_mid = metrics_xnpv(mid, dates, amounts_fen, n);
        if (f_mid == 0.0) {
            lo = hi = mid;
            break;
        }
        if ((f_mid < 0) == (f_lo < 0)) {
            lo = mid;
            f_lo = f_mid;
        } else {
            hi = mid;
        }
    }
    *out = lo + (hi - lo) / 2.0;
    return true;
}

hs_status metrics_xirr(const hs_date *dates, const int64_t *amounts_fen, size_t n, double guess,
                       double *out_rate, hs_error *err) {
    hs_status st = check_flows(dates, amounts_fen, n, err);
    if (st != HS_OK)
        return st;
    if (!isfinite(guess) || guess <= -1.0)
        guess = METRICS_XIRR_GUESS;
    double rate;
    if (xirr_newton(dates, amounts_fen, n, guess, &rate) ||
        xirr_bisect(dates, amounts_fen, n, guess, &rate)) {
        assert(rate > -1.0 && isfinite(rate));
        *out_rate = rate;
        return HS_OK;
    }
    return hs_fail(err, HS_INPUT,
                   "these flows have no XIRR: no rate between -100%% and 1e9 makes their XNPV "
                   "zero");
}

hs_status metrics_npv(double rate, const int64_t *amounts_fen, size_t n, double *out_npv_fen,
                      hs_error *err) {
    if (!isfinite(rate) || rate <= -1.0)
        return hs_fail(err, HS_INPUT, "NPV rate must be a number above -100%%, got %g", rate);
    if (n == 0)
        return hs_fail(err, HS_INPUT, "NPV needs at least one amount");
    double log_base = log1p(rate), sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += (double)amounts_fen[i] * exp(-(double)(i + 1) * log_base);
    if (!isfinite(sum))
        return hs_fail(err, HS_INPUT, "NPV overflows at rate %g", rate);
    *out_npv_fen = sum;
    return HS_OK;
}

/* num/den with the checks every multiple shares. */
static hs_status make_ratio(const char *what, int64_t num_fen, int64_t den_fen, metrics_ratio *out,
                            hs_error *err) {
    if (den_fen <= 0)
        return hs_fail(err, HS_INPUT, "%s: the denominator (paid-in or invested) must be > 0",
                       what);
    if (num_fen < 0)
        return hs_fail(err, HS_INPUT, "%s: amounts must not be negative", what);
    out->num = num_fen;
    out->den = den_fen;
    out->value = (double)num_fen / (double)den_fen;
    return HS_OK;
}

/* Adds two non-negative fen amounts for a numerator; HS_INPUT on a negative or overflow. */
static hs_status add_parts(const char *what, int64_t a_fen, int64_t b_fen, int64_t *out,
                           hs_error *err) {
    if (a_fen < 0 || b_fen < 0)
        return hs_fail(err, HS_INPUT, "%s: amounts must not be negative", what);
    if (__builtin_add_overflow(a_fen, b_fen, out))
        return hs_fail(err, HS_INPUT, "%s: the total value overflows", what);
    return HS_OK;
}

hs_status metrics_tvpi(int64_t distributed_fen, int64_t nav_fen, int64_t paid_in_fen,
                       metrics_ratio *out, hs_error *err) {
    int64_t total = 0;
    hs_status st = add_parts("TVPI", distributed_fen, nav_fen, &total, err);
    return st != HS_OK ? st : make_ratio("TVPI", total, paid_in_fen, out, err);
}

hs_status metrics_dpi(int64_t distributed_fen, int64_t paid_in_fen, metrics_ratio *out,
                      hs_error *err) {
    return make_ratio("DPI", distributed_fen, paid_in_fen, out, err);
}

hs_status metrics_rvpi(int64_t nav_fen, int64_t paid_in_fen, metrics_ratio *out, hs_error *err) {
    return make_ratio("RVPI", nav_fen, paid_in_fen, out, err);
}

hs_status metrics_moic(int64_t realised_fen, int64_t unrealised_fen, int64_t invested_fen,
                       metrics_ratio *out, hs_error *err) {
    int64_t total = 0;
    hs_status st = add_parts("MOIC", realised_fen, unrealised_fen, &total, err);
    return st != HS_OK ? st : make_ratio("MOIC", total, invested_fen, out, err);
}
