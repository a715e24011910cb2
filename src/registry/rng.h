/* rng.h — a small seeded PRNG for synthetic data: xoshiro256** seeded through splitmix64.
 *
 * Deterministic on every platform: the same seed gives the same stream of 64-bit values. Not for
 * cryptography. Doubles are formed from the top 53 bits, so rng_unit is exact and portable; the
 * normal and log-normal draws use log/sqrt from libm (correctly rounded in glibc). */
#ifndef HS_REGISTRY_RNG_H
#define HS_REGISTRY_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t s[4];
} hs_rng;

/* Seeds the generator (any seed, including 0, gives a valid non-zero state). */
void rng_seed(hs_rng *r, uint64_t seed);
/* The next 64 random bits. */
uint64_t rng_next(hs_rng *r);
/* Uniform in [0, n) without modulo bias; n > 0. */
uint64_t rng_below(hs_rng *r, uint64_t n);
/* Uniform double in (0, 1) (never exactly 0 or 1). */
double rng_unit(hs_rng *r);
/* Standard normal (Marsaglia polar method). */
double rng_normal(hs_rng *r);
/* Log-normal with the given median (> 0) and log-space sigma. */
double rng_lognormal(hs_rng *r, double median, double sigma);
/* True with probability p. */
int rng_chance(hs_rng *r, double p);
/* An index into weights[0..n) drawn in proportion to the weights (integers, sum > 0). */
unsigned rng_weighted(hs_rng *r, const unsigned *weights, unsigned n);

#endif
