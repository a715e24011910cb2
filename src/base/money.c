/* money.c — fen arithmetic, parsing and formatting. See money.h for the rules. */
#include "base/money.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

typedef __int128 i128;

static bool fits_i64(i128 v) {
    return v >= (i128)INT64_MIN && v <= (i128)INT64_MAX;
}

/* Rounds num/den half away from zero (den > 0). */
static i128 div_round_half_away(i128 num, i128 den) {
    assert(den > 0);
    i128 q = num / den;
    i128 r = num % den;
    if (r < 0)
        r = -r;
    if (2 * r >= den)
        q += (num < 0) ? -1 : 1;
    return q;
}

bool money_add(int64_t a_fen, int64_t b_fen, int64_t *out_fen) {
    int64_t r;
    if (__builtin_add_overflow(a_fen, b_fen, &r))
        return false;
    *out_fen = r;
    return true;
}

bool money_sub(int64_t a_fen, int64_t b_fen, int64_t *out_fen) {
    int64_t r;
    if (__builtin_sub_overflow(a_fen, b_fen, &r))
        return false;
    *out_fen = r;
    return true;
}

bool money_mul_int(int64_t amount_fen, int64_t count, int64_t *out_fen) {
    int64_t r;
    if (__builtin_mul_overflow(amount_fen, count, &r))
        return false;
    *out_fen = r;
    return true;
}

bool money_mul_ratio(int64_t amount_fen, int64_t num, int64_t den, int64_t *out_fen) {
    if (den == 0)
        return false;
    i128 n = (i128)amount_fen * (i128)num;
    i128 d = den;
    if (d < 0) {
        n = -n;
        d = -d;
    }
    i128 q = div_round_half_away(n, d);
    if (!fits_i64(q))
        return false;
    *out_fen = (int64_t)q;
    return true;
}

bool money_mul_bp(int64_t amount_fen, int64_t rate_bp, int64_t *out_fen) {
    return money_mul_ratio(amount_fen, rate_bp, MONEY_BP_ONE, out_fen);
}

bool money_allocate(int64_t total_fen, const int64_t *weights, size_t n, int64_t *shares_fen) {
    if (total_fen < 0 || n == 0)
        return false;
    i128 weight_sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (weights[i] < 0)
            return false;
        weight_sum += weights[i];
    }
    if (weight_sum <= 0)
        return false;
    i128 given = 0;
    for (size_t i = 0; i < n; i++) {
        shares_fen[i] = (int64_t)(((i128)total_fen * weights[i]) / weight_sum);
        given += shares_fen[i];
    }
    i128 left = (i128)total_fen - given;
    assert(left >= 0 && left < (i128)n);
    /* Hand out the leftover fen one by one to the largest remainders (lower index wins ties).
     * n is bounded by the caller's arrays; left < n, so this is at most n passes of n. */
    while (left > 0) {
        size_t best = n;
        i128 best_rem = -1;
        for (size_t i = 0; i < n; i++) {
            i128 rem = ((i128)total_fen * weights[i]) % weight_sum;
            /* a share that already got its extra fen is marked by exceeding the floor */
            i128 floor_share = ((i128)total_fen * weights[i]) / weight_sum;
            if ((i128)shares_fen[i] > floor_share)
                continue;
            if (rem > best_rem) {
                best_rem = rem;
                best = i;
            }
        }
        assert(best < n);
        shares_fen[best] += 1;
        left--;
    }
    return true;
}

/* ---- parsing ---- */

static const char *skip_space(const char *p) {
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static bool starts_with(const char *p, const char *prefix) {
    return strncmp(p, prefix, strlen(prefix)) == 0;
}

static bool fail_why(char *why, size_t why_len, const char *msg, const char *text) {
    if (why != NULL && why_len > 0)
        snprintf(why, why_len, "%s: '%s'", msg, text);
    return false;
}

/* Reads digits with optional thousands commas and an optional fraction into mantissa/frac_digits.
 */
static const char *read_decimal(const char *p, i128 *mantissa, int *frac_digits, bool *ok) {
    i128 m = 0;
    int digits = 0, frac = 0, group = -1;
    bool in_frac = false;
    *ok = false;
    for (;; p++) {
        if (isdigit((unsigned char)*p)) {
            if (digits >= 30)
                return p; /* far beyond int64: overflow */
            m = m * 10 + (*p - '0');
            digits++;
            if (in_frac)
                frac++;
            else if (group >= 0)
                group++;
        } else if (*p == ',' && !in_frac && digits > 0) {
            if (group >= 0 && group != 3)
                return p;
            group = 0;
            if (!isdigit((unsigned char)p[1]))
                return p;
        } else if (*p == '.' && !in_frac && digits > 0) {
            in_frac = true;
            if (!isdigit((unsigned char)p[1]))
                return p;
        } else {
            break;
        }
    }
    if (digits == 0 || (group >= 0 && group != 3))
        return p;
    *mantissa = m;
    *frac_digits = frac;
    *ok = true;
    return p;
}

bool money_parse(const char *text, int64_t *out_fen, char *why, size_t why_len) {
    if (text == NULL)
        return fail_why(why, why_len, "no amount", "");
    const char *p = skip_space(text);
    bool negative = false;
    if (*p == '-') {
        negative = true;
        p++;
    }
    if (starts_with(p, "\xc2\xa5")) /* ¥ */
        p += 2;
    else if (starts_with(p, "\xef\xbf\xa5")) /* ￥ */
        p += 3;
    else if (starts_with(p, "CNY"))
        p = skip_space(p + 3);
    if (*p == '-' && !negative) {
        negative = true;
        p++;
    }
    i128 mantissa;
    int frac_digits;
    bool ok;
    p = read_decimal(p, &mantissa, &frac_digits, &ok);
    if (!ok)
        return fail_why(why, why_len, "not a money amount", text);
    int unit_exp = 0;                     /* power of ten of the unit, in yuan */
    if (starts_with(p, "\xe4\xb8\x87")) { /* 万 */
        unit_exp = 4;
        p += 3;
    } else if (starts_with(p, "\xe4\xba\xbf")) { /* 亿 */
        unit_exp = 8;
        p += 3;
    }
    if (starts_with(p, "\xe5\x85\x83")) /* 元 */
        p += 3;
    p = skip_space(p);
    if (starts_with(p, "CNY"))
        p = skip_space(p + 3);
    if (*p != '\0')
        return fail_why(why, why_len, "unexpected text after the amount", text);
    int exp10 = 2 + unit_exp - frac_digits;
    i128 fen = mantissa;
    if (exp10 < 0) {
        for (int i = 0; i < -exp10; i++) {
            if (fen % 10 != 0)
                return fail_why(why, why_len, "amount is finer than one fen", text);
            fen /= 10;
        }
    } else {
        for (int i = 0; i < exp10; i++) {
            fen *= 10;
            if (fen > (i128)INT64_MAX)
                return fail_why(why, why_len, "amount too large", text);
        }
    }
    if (fen > (i128)INT64_MAX)
        return fail_why(why, why_len, "amount too large", text);
    *out_fen = negative ? -(int64_t)fen : (int64_t)fen;
    return true;
}

/* ---- formatting ---- */

/* Writes |v| with thousands separators into buf; returns buf. */
static char *group_digits(uint64_t v, char *buf, size_t len, bool grouped) {
    char rev[32];
    int n = 0, since = 0;
    do {
        if (grouped && since == 3) {
            rev[n++] = ',';
            since = 0;
        }
        rev[n++] = (char)('0' + v % 10);
        v /= 10;
        since++;
    } while (v > 0);
    size_t i = 0;
    for (; n > 0 && i + 1 < len; i++)
        buf[i] = rev[--n];
    buf[i] = '\0';
    return buf;
}

static uint64_t magnitude(int64_t v) {
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

static char *format_fen(int64_t amount_fen, char *buf, size_t len, bool grouped,
                        const char *suffix) {
    uint64_t m = magnitude(amount_fen);
    char whole[32];
    group_digits(m / 100, whole, sizeof whole, grouped);
    snprintf(buf, len, "%s%s.%02u%s", amount_fen < 0 ? "-" : "", whole, (unsigned)(m % 100),
             suffix);
    return buf;
}

char *money_format(int64_t amount_fen, char *buf, size_t len) {
    return format_fen(amount_fen, buf, len, true, " CNY");
}

char *money_format_plain(int64_t amount_fen, char *buf, size_t len) {
    return format_fen(amount_fen, buf, len, true, "");
}

char *money_format_decimal(int64_t amount_fen, char *buf, size_t len) {
    return format_fen(amount_fen, buf, len, false, "");
}

char *money_format_cn(int64_t amount_fen, char *buf, size_t len) {
    uint64_t m = magnitude(amount_fen);
    const char *unit = "\xe5\x85\x83"; /* 元 */
    uint64_t unit_fen = 100;
    if (m >= UINT64_C(10000000000)) {
        unit = "\xe4\xba\xbf"; /* 亿 = 1e8 yuan = 1e10 fen */
        unit_fen = UINT64_C(10000000000);
    } else if (m >= UINT64_C(1000000)) {
        unit = "\xe4\xb8\x87"; /* 万 = 1e4 yuan = 1e6 fen */
        unit_fen = UINT64_C(1000000);
    }
    /* hundredths of the unit, rounded half away from zero */
    uint64_t step = unit_fen / 100;
    uint64_t hundredths = m / step + ((m % step) * 2 >= step ? 1 : 0);
    char whole[32];
    group_digits(hundredths / 100, whole, sizeof whole, true);
    snprintf(buf, len, "%s%s.%02u%s", amount_fen < 0 ? "-" : "", whole,
             (unsigned)(hundredths % 100), unit);
    return buf;
}

bool rate_parse_bp(const char *text, int64_t *out_bp, char *why, size_t why_len) {
    if (text == NULL)
        return fail_why(why, why_len, "no rate", "");
    const char *p = skip_space(text);
    bool negative = false;
    if (*p == '-') {
        negative = true;
        p++;
    }
    i128 mantissa;
    int frac_digits;
    bool ok;
    p = read_decimal(p, &mantissa, &frac_digits, &ok);
    if (!ok)
        return fail_why(why, why_len, "not a rate", text);
    int exp10; /* bp = mantissa * 10^exp10 */
    if (*p == '%') {
        exp10 = 2 - frac_digits;
        p++;
    } else if (starts_with(p, "bp")) {
        exp10 = -frac_digits;
        p += 2;
    } else {
        exp10 = 4 - frac_digits;
    }
    if (*skip_space(p) != '\0')
        return fail_why(why, why_len, "unexpected text after the rate", text);
    i128 bp = mantissa;
    for (int i = 0; i < -exp10; i++) {
        if (bp % 10 != 0)
            return fail_why(why, why_len, "rate is finer than one basis point", text);
        bp /= 10;
    }
    for (int i = 0; i < exp10; i++) {
        bp *= 10;
        if (bp > (i128)INT64_MAX / 10)
            return fail_why(why, why_len, "rate too large", text);
    }
    *out_bp = negative ? -(int64_t)bp : (int64_t)bp;
    return true;
}

char *rate_format_bp(int64_t rate_bp, char *buf, size_t len) {
    uint64_t m = magnitude(rate_bp);
    const char *sign = rate_bp < 0 ? "-" : "";
    uint64_t whole = m / 100, frac = m % 100;
    if (frac == 0)
        snprintf(buf, len, "%s%llu%%", sign, (unsigned long long)whole);
    else if (frac % 10 == 0)
        snprintf(buf, len, "%s%llu.%llu%%", sign, (unsigned long long)whole,
                 (unsigned long long)(frac / 10));
    else
        snprintf(buf, len, "%s%llu.%02llu%%", sign, (unsigned long long)whole,
                 (unsigned long long)frac);
    return buf;
}
