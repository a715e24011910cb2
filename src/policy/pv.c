/* pv.c — the exact present value of an amount due in n years at a discount rate in basis points:
 * amount x 10000^n / (10000 + rate)^n, computed in multi-word integers and rounded once, half
 * away from zero, to the fen. No floating point: the same inputs give the same fen everywhere. */
#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "policy/internal.h"

enum { LIMBS = 64 }; /* 2048 bits: 20000^100 x 2^64 fits */

typedef struct {
    uint32_t w[LIMBS]; /* little-endian */
} big;

/* x *= m; false on overflow of LIMBS words. */
static bool big_mul_small(big *x, uint64_t m) {
    unsigned __int128 carry = 0;
    for (int i = 0; i < LIMBS; i++) {
        unsigned __int128 t = (unsigned __int128)x->w[i] * m + carry;
        x->w[i] = (uint32_t)t;
        carry = t >> 32;
    }
    return carry == 0;
}

static void big_set(big *x, uint64_t v) {
    memset(x, 0, sizeof *x);
    x->w[0] = (uint32_t)v;
    x->w[1] = (uint32_t)(v >> 32);
}

/* -1, 0, 1 as a < b, a == b, a > b */
static int big_cmp(const big *a, const big *b) {
    for (int i = LIMBS - 1; i >= 0; i--)
        if (a->w[i] != b->w[i])
            return a->w[i] < b->w[i] ? -1 : 1;
    return 0;
}

bool pol_present_value(int64_t amount_fen, int64_t rate_bp, int64_t years, int64_t *out) {
    if (rate_bp < 0 || rate_bp > 10000 || years < 0 || years > 100)
        return false;
    bool neg = amount_fen < 0;
    /* |INT64_MIN| fits in uint64 */
    uint64_t a = neg ? (uint64_t)0 - (uint64_t)amount_fen : (uint64_t)amount_fen;
    big num, den;
    big_set(&num, a);
    big_set(&den, 1);
    for (int64_t k = 0; k < years; k++)
        if (!big_mul_small(&num, 10000) || !big_mul_small(&den, (uint64_t)(10000 + rate_bp)))
            return false;
    /* the quotient is at most a: binary search for the largest q with q x den <= num */
    uint64_t lo = 0, hi = a;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo + 1) / 2;
        big t = den;
        if (big_mul_small(&t, mid) && big_cmp(&t, &num) <= 0)
            lo = mid;
        else
            hi = mid - 1;
    }
    /* round half away from zero: up when 2 num >= (2q + 1) den */
    big twice = num, upper = den;
    bool ok = big_mul_small(&twice, 2) && big_mul_small(&upper, 2 * (uint64_t)lo + 1);
    assert(ok); /* num < 2^2000 and (2q + 1) den <= 3 num */
    uint64_t q = lo + (ok && big_cmp(&twice, &upper) >= 0 ? 1 : 0);
    assert(q <= a);
    *out = neg ? (int64_t)((uint64_t)0 - q) : (int64_t)q;
    return true;
}
