/* fuzz/credit.c — libFuzzer target: any loan through the schedule, any loss through the claim rule,
 * any sequence of recoveries through the pro-rata share. Bad input must be refused (HS_INPUT /
 * HS_REFUSED / false); accepted input must hold every invariant: instalments add up to the
 * principal exactly (the last absorbs the rounding), a claim never exceeds the pool's balance, its
 * caps or base x share, and recoveries never return more than the pool paid (all of it on full
 * recovery). Input: little-endian int64 fields, missing bytes read as 0. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "instrument/credit_pool.h"

typedef struct {
    const uint8_t *data;
    size_t size, at;
} reader;

static int64_t next_i64(reader *r) {
    uint64_t v = 0;
    for (int i = 0; i < 8; i++, r->at++)
        if (r->at < r->size)
            v |= (uint64_t)r->data[r->at] << (8 * i);
    return (int64_t)v;
}

/* A value mostly inside [lo, hi), sometimes the raw bits (to hit the range checks). */
static int64_t ranged(reader *r, int64_t lo, int64_t hi) {
    int64_t raw = next_i64(r);
    if ((raw & 0xff) == 0xff)
        return raw;
    uint64_t span = (uint64_t)(hi - lo);
    return lo + (int64_t)((uint64_t)raw % span);
}

static void fuzz_schedule(reader *r) {
    static credit_instalment s[CREDIT_INSTALMENTS_MAX];
    size_t n = 0;
    hs_error err;
    int64_t p = ranged(r, -5, INT64_C(100000000000000));
    int64_t rate = ranged(r, -5, 20000);
    int32_t term = (int32_t)ranged(r, -2, 700), period = (int32_t)ranged(r, -2, 60);
    credit_repayment m = (next_i64(r) & 1) ? CREDIT_BULLET : CREDIT_EQUAL_PRINCIPAL;
    hs_date start = (hs_date)ranged(r, 0, 300000);
    hs_status st =
        credit_schedule(p, rate, start, term, period, m, s, CREDIT_INSTALMENTS_MAX, &n, &err);
    if (st != HS_OK) {
        if (st != HS_INPUT)
            abort();
        return;
    }
    __int128 sum = 0;
    for (size_t k = 0; k < n; k++) {
        if (s[k].principal_fen < 0 || s[k].interest_fen < 0 || s[k].days <= 0)
            abort();
        if (m == CREDIT_BULLET && k + 1 < n && s[k].principal_fen != 0)
            abort();
        if (m == CREDIT_EQUAL_PRINCIPAL && k + 1 < n && s[k].principal_fen != p / (int64_t)n)
            abort();
        sum += s[k].principal_fen;
    }
    if (n == 0 || sum != p || s[n - 1].outstanding_after_fen != 0)
        abort();
}

static void fuzz_claim(reader *r) {
    credit_pool_params p;
    credit_pool_params_default(&p);
    p.base_share_bp = ranged(r, -1, 10002);
    p.high_unsecured_min_bp = ranged(r, -1, 10002);
    p.high_unsecured_share_bp = ranged(r, -1, 10002);
    p.first_loan_share_bp = ranged(r, -1, 10002);
    p.cap_per_loan_fen = ranged(r, -1, INT64_C(10000000000));
    p.cap_per_bank_year_fen = ranged(r, -1, INT64_C(10000000000));
    hs_error err;
    if (credit_pool_params_validate(&p, &err) != HS_OK)
        return;
    int64_t unsecured = ranged(r, 0, 10001), base = ranged(r, -1, INT64_C(100000000000000));
    int64_t year_paid = ranged(r, 0, INT64_C(20000000000));
    int64_t pool = ranged(r, 0, INT64_C(100000000000000));
    bool first = next_i64(r) & 1, partial = next_i64(r) & 1;
    if (year_paid < 0 || pool < 0)
        return;
    credit_claim_decision d;
    hs_status st =
        credit_claim_decide(&p, unsecured, first, base, year_paid, pool, partial, &d, &err);
    if (st != HS_OK) {
        if (st != HS_REFUSED && st != HS_INPUT)
            abort();
        return;
    }
    int64_t expect;
    if (!money_mul_bp(base, d.share_bp, &expect) || d.entitled_fen != expect)
        abort();
    if (d.paid_fen <= 0 || d.paid_fen > pool || d.paid_fen > d.capped_fen ||
        d.capped_fen > d.entitled_fen || d.shortfall_fen != d.capped_fen - d.paid_fen)
        abort();
    if (p.cap_per_loan_fen > 0 && d.capped_fen > p.cap_per_loan_fen)
        abort();
    if (p.cap_per_bank_year_fen > 0 && year_paid + d.paid_fen > p.cap_per_bank_year_fen)
        abort();
    if (!partial && d.shortfall_fen != 0)
        abort();
    int64_t best = p.base_share_bp;
    if (unsecured >= p.high_unsecured_min_bp && p.high_unsecured_share_bp > best)
        best = p.high_unsecured_share_bp;
    if (first && p.first_loan_share_bp > best)
        best = p.first_loan_share_bp;
    if (d.share_bp != best)
        abort();
    if (base > TRANSFER_AMOUNT_MAX_FEN) /* raw bits: no loan is that large */
        return;
    /* recoveries: split the base into up to 16 pieces */
    int64_t got = 0, back = 0;
    for (int i = 0; i < 16 && got < base; i++) {
        int64_t piece = i == 15 ? base - got : ranged(r, 1, base - got + 1);
        int64_t share;
        bool ok = credit_recovery_pool_share(d.paid_fen, base, got, piece, back, &share);
        if (piece < 1 || piece > base - got) { /* the raw bits: must be refused */
            if (ok)
                abort();
            continue;
        }
        if (!ok)
            abort();
        got += piece;
        back += share;
        if (share < 0 || back > d.paid_fen)
            abort();
    }
    if (got == base && back != d.paid_fen)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    reader r = {data, size, 0};
    fuzz_schedule(&r);
    fuzz_claim(&r);
    return 0;
}
