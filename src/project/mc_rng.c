/* mc_rng.c — counter-based random numbers for the Monte Carlo (see mc_rng.h). */
#include "project/mc_rng.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>

uint64_t mc_key(uint64_t seed, uint64_t path, uint32_t quarter, uint32_t stream) {
    uint64_t k = mc_mix64(seed + 0x9e3779b97f4a7c15ULL);
    k = mc_mix64(k ^ (path * 0xd1b54a32d192ed03ULL));
    return mc_mix64(k ^ (((uint64_t)quarter << 32 | stream) * 0xaef17502108ef2d9ULL));
}

uint64_t mc_bits(uint64_t seed, uint64_t path, uint32_t quarter, uint32_t stream, uint64_t index) {
    return mc_bits_at(mc_key(seed, path, quarter, stream), index);
}

#define NORMAL_TABLE 4096
static double normal_table[NORMAL_TABLE + 1];
static pthread_once_t normal_once = PTHREAD_ONCE_INIT;

/* The inverse normal CDF by Acklam's rational approximation (relative error < 1.2e-9). */
static double inverse_normal(double p) {
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    assert(p > 0 && p < 1);
    if (p < 0.02425) {
        double q = sqrt(-2 * log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - 0.02425)
        return -inverse_normal(1 - p);
    double q = p - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

static void fill_normal_table(void) {
    for (int i = 0; i <= NORMAL_TABLE; i++) {
        double p = ((double)i + 0.5) / (NORMAL_TABLE + 1.0);
        normal_table[i] = inverse_normal(p);
    }
}

void mc_rng_init(void) {
    pthread_once(&normal_once, fill_normal_table);
}

double mc_normal(double u) {
    assert(normal_table[0] < 0 && u >= 0 && u < 1); /* mc_rng_init ran */
    double x = u * NORMAL_TABLE;
    int i = (int)x;
    if (i >= NORMAL_TABLE)
        return normal_table[NORMAL_TABLE];
    double f = x - i;
    return normal_table[i] + f * (normal_table[i + 1] - normal_table[i]);
}

int64_t mc_poisson(double lambda, double u) {
    assert(lambda >= 0 && u >= 0 && u < 1);
    if (lambda <= 0)
        return 0;
    if (lambda > 30) {
        double v = lambda + sqrt(lambda) * mc_normal(u);
        return v < 0 ? 0 : (int64_t)(v + 0.5);
    }
    double p = exp(-lambda), cdf = p;
    int64_t k = 0;
    while (u > cdf && k < 1000) {
        k++;
        p *= lambda / (double)k;
        cdf += p;
    }
    return k;
}
