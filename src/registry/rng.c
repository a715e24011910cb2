/* rng.c — xoshiro256** (Blackman & Vigna) with splitmix64 seeding (see rng.h). */
#include "registry/rng.h"

#include <assert.h>
#include <math.h>

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

void rng_seed(hs_rng *r, uint64_t seed) {
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
    assert(r->s[0] | r->s[1] | r->s[2] | r->s[3]);
}

uint64_t rng_next(hs_rng *r) {
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t rng_below(hs_rng *r, uint64_t n) {
    assert(n > 0);
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = rng_next(r);
    while (x >= limit);
    return x % n;
}

double rng_unit(hs_rng *r) {
    return ((double)(rng_next(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

double rng_normal(hs_rng *r) {
    for (;;) {
        double u = 2.0 * rng_unit(r) - 1.0, v = 2.0 * rng_unit(r) - 1.0;
        double s = u * u + v * v;
        if (s > 0.0 && s < 1.0)
            return u * sqrt(-2.0 * log(s) / s);
    }
}

double rng_lognormal(hs_rng *r, double median, double sigma) {
    assert(median > 0.0);
    return median * exp(sigma * rng_normal(r));
}

int rng_chance(hs_rng *r, double p) {
    return rng_unit(r) < p;
}

unsigned rng_weighted(hs_rng *r, const unsigned *weights, unsigned n) {
    uint64_t total = 0;
    for (unsigned i = 0; i < n; i++)
        total += weights[i];
    assert(total > 0);
    uint64_t x = rng_below(r, total);
    for (unsigned i = 0; i < n; i++) {
        if (x < weights[i])
            return i;
        x -= weights[i];
    }
    assert(0 && "unreachable");
    return n - 1;
}
