/* mc_rng.h — the Monte Carlo's counter-based random numbers: every draw is a pure function of
 * (seed, path, quarter, stream, index), so a path gives the same numbers whichever thread runs
 * it and in whatever order paths are run, and two runs with the same seed share their draws
 * (common random numbers for `project compare`).
 *
 * The generator hashes the counter with the SplitMix64 finaliser (Steele, Lea & Flood, "Fast
 * splittable pseudorandom number generators", OOPSLA 2014) applied twice over the mixed key; the
 * 64 output bits give one uniform in [0, 1) (53 bits) or three 21-bit uniforms. Normals come from
 * a 4096-point table of the inverse normal CDF with linear interpolation (error < 1e-3 in the
 * body; tails clipped at about 3.7 sigma), which is what the projection needs and is fast. */
#ifndef HS_PROJECT_MC_RNG_H
#define HS_PROJECT_MC_RNG_H

#include <assert.h>
#include <stdint.h>

/* Streams: one per kind of draw, so adding draws of one kind never shifts another's. */
enum {
    MC_STREAM_FIRM = 1, /* a firm's quarter: failure, unicorn, application */
    MC_STREAM_BIRTH,    /* births of a sector/city cell */
    MC_STREAM_APPLY,    /* the size of an application */
    MC_STREAM_LOAN,     /* a loan's quarter: default, rollover */
    MC_STREAM_FUND,     /* a fund's quarterly return */
    MC_STREAM_OUTPUT,   /* imported industry output's growth */
    MC_STREAM_DEAL,     /* a listed deal's exit multiple */
    MC_STREAM_STAGE,    /* a firm's move up a stage */
    MC_STREAM_NEWLOAN,  /* new pool-backed loans: how many, and which loan each resembles */
};

/* The SplitMix64 finaliser. */
static inline uint64_t mc_mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
/* The key of (seed, path, quarter, stream): the mixing every index of one stream's quarter
 * shares, so that a loop over many indices (a path's funds, firms, loans) mixes it once. */
uint64_t mc_key(uint64_t seed, uint64_t path, uint32_t quarter, uint32_t stream);
/* The 64 random bits of index `index` under key `key`: mc_bits_at(mc_key(s, p, q, st), i) ==
 * mc_bits(s, p, q, st, i). */
static inline uint64_t mc_bits_at(uint64_t key, uint64_t index) {
    return mc_mix64(key ^ (index * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL));
}
/* The 64 random bits of counter (seed, path, quarter, stream, index). */
uint64_t mc_bits(uint64_t seed, uint64_t path, uint32_t quarter, uint32_t stream, uint64_t index);
/* A uniform in [0, 1) from 53 of the bits. */
static inline double mc_uniform(uint64_t bits) {
    return (double)(bits >> 11) * 0x1.0p-53;
}
/* The k-th (0..2) of three uniforms in [0, 1) of 21 bits each from the same 64 bits (inline: it
 * is drawn several times per firm and loan every quarter). */
static inline double mc_uniform21(uint64_t bits, int k) {
    assert(k >= 0 && k < 3);
    return (double)((bits >> (21 * k)) & 0x1fffff) * 0x1.0p-21;
}
/* Fills the normal table once per process (thread-safe); call before the first mc_normal. */
void mc_rng_init(void);
/* A standard normal from a uniform in [0, 1) (the inverse CDF, tabulated). */
double mc_normal(double u);
/* A Poisson(lambda) count (lambda >= 0) by inversion from the uniform u; lambda above 30 uses
 * the normal approximation rounded to the nearest count (never negative). */
int64_t mc_poisson(double lambda, double u);

#endif
