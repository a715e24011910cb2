/* credit_schedule.c — contractual schedules (equal-principal, bullet), interest actual/365. */
#include "instrument/credit_schedule.h"

#include <assert.h>
#include <string.h>

#include "base/money.h"

bool credit_repayment_parse(const char *text, credit_repayment *out) {
    assert(out != NULL);
    if (text != NULL && strcmp(text, "equal-principal") == 0) {
        *out = CREDIT_EQUAL_PRINCIPAL;
        return true;
    }
    if (text != NULL && strcmp(text, "bullet") == 0) {
        *out = CREDIT_BULLET;
        return true;
    }
    return false;
}

const char *credit_repayment_name(credit_repayment m) {
    assert(m == CREDIT_BULLET || m == CREDIT_EQUAL_PRINCIPAL);
    return m == CREDIT_BULLET ? "bullet" : "equal-principal";
}

bool credit_interest_act365(int64_t outstanding_fen, int64_t rate_bp, int32_t days,
                            int64_t *interest_fen) {
    assert(interest_fen != NULL);
    if (outstanding_fen < 0 || rate_bp < 0 || days < 0)
        return false;
    int64_t num;
    if (!money_mul_int(rate_bp, days, &num))
        return false;
    bool ok = money_mul_ratio(outstanding_fen, num, MONEY_BP_ONE * 365, interest_fen);
    assert(!ok || *interest_fen >= 0); /* non-negative inputs give non-negative interest */
    return ok;
}

hs_status credit_schedule(int64_t principal_fen, int64_t rate_bp, hs_date start,
                          int32_t term_months, int32_t period_months, credit_repayment method,
                          credit_instalment *out, size_t cap, size_t *n, hs_error *err) {
    *n = 0;
    if (principal_fen <= 0)
        return hs_invalid_field(err, "amount", "field 'amount': principal must be positive");
    if (rate_bp < 0 || rate_bp > MONEY_BP_ONE * 10)
        return hs_invalid_field(err, "rate", "field 'rate': must be between 0%% and 1000%%");
    if (term_months < 1 || term_months > CREDIT_TERM_MONTHS_MAX)
        return hs_invalid_field(err, "term-months", "field 'term-months': must be 1..%d",
                                CREDIT_TERM_MONTHS_MAX);
    if (period_months < 1 || period_months > term_months)
        return hs_invalid_field(err, "period-months",
                                "field 'period-months': must be 1..term-months (%d)", term_months);
    int y = 0, m, d;
    bool in_range = start >= date_from_ymd(DATE_YEAR_MIN, 1, 1) &&
                    start <= date_from_ymd(DATE_YEAR_MAX, 12, 31);
    if (in_range)
        date_to_ymd(start, &y, &m, &d);
    if (!in_range || y < DATE_YEAR_MIN || y + term_months / 12 + 1 > DATE_YEAR_MAX)
        return hs_invalid_field(err, "date", "field 'date': the schedule runs outside %d..%d",
                                DATE_YEAR_MIN, DATE_YEAR_MAX);
    size_t count = (size_t)((term_months + period_months - 1) / period_months);
    if (count > cap)
        return hs_fail(err, HS_INPUT, "schedule needs %zu instalments, more than %zu", count, cap);
    int64_t each = method == CREDIT_EQUAL_PRINCIPAL ? principal_fen / (int64_t)count : 0;
    int64_t outstanding = principal_fen;
    hs_date prev = start;
    for (size_t k = 1; k <= count; k++) {
        credit_instalment *in = &out[k - 1];
        memset(in, 0, sizeof *in);
        in->number = (int)k;
        int32_t months = k == count ? term_months : (int32_t)k * period_months;
        in->date = date_add_months(start, months);
        in->days = date_diff_days(prev, in->date);
        assert(in->days > 0);
        if (!credit_interest_act365(outstanding, rate_bp, in->days, &in->interest_fen))
            return hs_fail(err, HS_INPUT, "interest overflows");
        in->principal_fen = k == count ? outstanding : each; /* the last absorbs the rounding */
        outstanding -= in->principal_fen;
        assert(outstanding >= 0);
        in->outstanding_after_fen = outstanding;
        prev = in->date;
    }
    assert(outstanding == 0);
    *n = count;
    return HS_OK;
}
