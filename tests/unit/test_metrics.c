/* test_metrics.c — XIRR and NPV against Microsoft's documented Excel examples and closed forms;
 * the multiples TVPI, DPI, RVPI, MOIC. */
#include "harness.h"

#include <math.h>

#include "base/date.h"
#include "instrument/metrics.h"

static hs_date day(const char *iso) {
    hs_date d = 0;
    if (!date_parse(iso, &d))
        harness_fail(__FILE__, __LINE__, "bad test date %s", iso);
    return d;
}

#define CHECK_NEAR(a, b, tol)                                                                      \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (tol)))                                                             \
            harness_fail(__FILE__, __LINE__, "%s ~ %s (%.12g vs %.12g, tol %g)", #a, #b, a_, b_,   \
                         (double)(tol));                                                           \
    } while (0)

/* Microsoft's XIRR example: -10,000 on 2008-01-01, 2,750 on 2008-03-01, 4,250 on 2008-10-30,
 * 3,250 on 2009-02-15, 2,750 on 2009-04-01 -> 0.373362535 (Excel stops within 0.000001%, i.e.
 * 1e-8; the exact root is 0.37336253352). */
TEST(xirr_excel_documented_example) {
    hs_date d[] = {day("2008-01-01"), day("2008-03-01"), day("2008-10-30"), day("2009-02-15"),
                   day("2009-04-01")};
    int64_t a[] = {-1000000, 275000, 425000, 325000, 275000};
    double r = 0;
    hs_error err;
    CHECK_EQ_INT(metrics_xirr(d, a, 5, METRICS_XIRR_GUESS, &r, &err), HS_OK);
    CHECK_NEAR(r, 0.373362535, 1e-8);
    CHECK_NEAR(r, 0.3733625335188, 1e-11);
    CHECK_NEAR(metrics_xnpv(r, d, a, 5), 0.0, 1e-6);
}

TEST(xirr_dates_in_any_order_after_the_first) {
    hs_date d[] = {day("2008-01-01"), day("2009-04-01"), day("2008-10-30"), day("2008-03-01"),
                   day("2009-02-15")};
    int64_t a[] = {-1000000, 275000, 425000, 275000, 325000};
    double r = 0;
    hs_error err;
    CHECK_EQ_INT(metrics_xirr(d, a, 5, METRICS_XIRR_GUESS, &r, &err), HS_OK);
    CHECK_NEAR(r, 0.3733625335188, 1e-11);
}

TEST(xirr_closed_forms) {
    hs_error err;
    double r = 0;
    /* a leap year: 366 days counted as 366/365 years */
    hs_date d1[] = {day("2020-01-01"), day("2021-01-01")};
    int64_t a1[] = {-100000, 110000};
    CHECK_EQ_INT(metrics_xirr(d1, a1, 2, 0.1, &r, &err), HS_OK);
    CHECK_NEAR(r, pow(1.1, 365.0 / 366.0) - 1.0, 1e-12);
    /* a loss of half in one 365-day year */
    hs_date d2[] = {day("2021-01-01"), day("2022-01-01")};
    int64_t a2[] = {-100000, 50000};
    CHECK_EQ_INT(metrics_xirr(d2, a2, 2, 0.1, &r, &err), HS_OK);
    CHECK_NEAR(r, -0.5, 1e-12);
    /* a tenfold gain in 100 days: far from the guess */
    hs_date d3[] = {day("2021-01-01"), day("2021-04-11")};
    int64_t a3[] = {-100, 1000};
    CHECK_EQ_INT(metrics_xirr(d3, a3, 2, 0.1, &r, &err), HS_OK);
    CHECK_NEAR(r / (pow(10.0, 3.65) - 1.0), 1.0, 1e-9);
    /* a near-total loss: the root is close to -1 */
    int64_t a4[] = {-1000000, 1};
    CHECK_EQ_INT(metrics_xirr(d2, a4, 2, 0.1, &r, &err), HS_OK);
    CHECK_NEAR(r, -0.999999, 1e-9);
    /* a wild guess still finds the root */
    CHECK_EQ_INT(metrics_xirr(d1, a1, 2, 50.0, &r, &err), HS_OK);
    CHECK_NEAR(r, pow(1.1, 365.0 / 366.0) - 1.0, 1e-12);
    CHECK_EQ_INT(metrics_xirr(d1, a1, 2, -5.0, &r, &err), HS_OK);
    CHECK_NEAR(r, pow(1.1, 365.0 / 366.0) - 1.0, 1e-12);
}

TEST(xirr_fund_flows_with_many_dates) {
    /* quarterly calls and distributions: whatever the root is, the XNPV there must be ~0 */
    hs_date d[12];
    int64_t a[12];
    for (int i = 0; i < 12; i++) {
        d[i] = date_add_months(day("2020-03-31"), 3 * i);
        a[i] = i < 4 ? -2500000 : 1600000 + 10000 * i;
    }
    double r = 0;
    hs_error err;
    CHECK_EQ_INT(metrics_xirr(d, a, 12, METRICS_XIRR_GUESS, &r, &err), HS_OK);
    CHECK(r > 0.0 && r < 1.0);
    CHECK_NEAR(metrics_xnpv(r, d, a, 12) / 1e7, 0.0, 1e-9);
}

TEST(xirr_no_sign_change_is_bad_input) {
    hs_date d[] = {day("2024-01-01"), day("2024-06-01")};
    int64_t pos[] = {100000, 200000}, neg[] = {-100000, -200000}, zero[] = {0, 0};
    double r = 42;
    hs_error err;
    CHECK_EQ_INT(metrics_xirr(d, pos, 2, 0.1, &r, &err), HS_INPUT);
    CHECK(strstr(err.msg, "no sign change") != NULL);
    CHECK_EQ_INT(metrics_xirr(d, neg, 2, 0.1, &r, &err), HS_INPUT);
    CHECK_EQ_INT(metrics_xirr(d, zero, 2, 0.1, &r, &err), HS_INPUT);
    CHECK(r == 42); /* untouched */
}

TEST(xirr_rejects_bad_dates_and_counts) {
    hs_date d[] = {day("2024-01-01"), day("2023-12-31")};
    int64_t a[] = {-100, 200};
    double r;
    hs_error err;
    CHECK_EQ_INT(metrics_xirr(d, a, 2, 0.1, &r, &err), HS_INPUT);
    CHECK(strstr(err.msg, "before the first date") != NULL);
    CHECK_EQ_INT(metrics_xirr(d, a, 1, 0.1, &r, &err), HS_INPUT);
    hs_date same[] = {day("2024-01-01"), day("2024-01-01")};
    CHECK_EQ_INT(metrics_xirr(same, a, 2, 0.1, &r, &err), HS_INPUT);
    CHECK(strstr(err.msg, "same date") != NULL);
}

TEST(xirr_flows_without_a_root_are_bad_input) {
    /* -100, +300, -250 one year apart: XNPV = -100 + 300x - 250x^2 (x = 1/(1+r)) never reaches 0 */
    hs_date d[] = {day("2021-01-01"), day("2022-01-01"), day("2023-01-01")};
    int64_t a[] = {-10000, 30000, -25000};
    double r = 42;
    hs_error err;
    CHECK_EQ_INT(metrics_xirr(d, a, 3, 0.1, &r, &err), HS_INPUT);
    CHECK(strstr(err.msg, "no XIRR") != NULL);
    CHECK(r == 42);
}

/* Microsoft's NPV examples: NPV(10%, -10000, 3000, 4200, 6800) = 1,188.44;
 * NPV(8%, 8000, 9200, 10000, 12000, 14500) - 40000 = 1,922.06; with a further -9000: -3,749.47. */
TEST(npv_excel_documented_examples) {
    hs_error err;
    double v = 0;
    int64_t a[] = {-1000000, 300000, 420000, 680000};
    CHECK_EQ_INT(metrics_npv(0.1, a, 4, &v, &err), HS_OK);
    CHECK_EQ_INT(llround(v), 118844);
    CHECK_NEAR(v, 118844.34123352, 1e-6);
    int64_t b[] = {800000, 920000, 1000000, 1200000, 1450000, -900000};
    CHECK_EQ_INT(metrics_npv(0.08, b, 5, &v, &err), HS_OK);
    CHECK_EQ_INT(llround(v - 4000000), 192206);
    CHECK_EQ_INT(metrics_npv(0.08, b, 6, &v, &err), HS_OK);
    CHECK_EQ_INT(llround(v - 4000000), -374947);
}

TEST(npv_first_amount_is_discounted_one_period) {
    hs_error err;
    double v = 0;
    int64_t a[] = {110};
    CHECK_EQ_INT(metrics_npv(0.1, a, 1, &v, &err), HS_OK);
    CHECK_NEAR(v, 100.0, 1e-12);
    CHECK_EQ_INT(metrics_npv(0.0, a, 1, &v, &err), HS_OK);
    CHECK_NEAR(v, 110.0, 0.0);
    CHECK_EQ_INT(metrics_npv(-1.0, a, 1, &v, &err), HS_INPUT);
    CHECK_EQ_INT(metrics_npv(NAN, a, 1, &v, &err), HS_INPUT);
    CHECK_EQ_INT(metrics_npv(0.1, a, 0, &v, &err), HS_INPUT);
}

TEST(multiples_are_exact_ratios) {
    metrics_ratio r;
    hs_error err;
    CHECK_EQ_INT(metrics_tvpi(5000000, 8000000, 10000000, &r, &err), HS_OK);
    CHECK_EQ_INT(r.num, 13000000);
    CHECK_EQ_INT(r.den, 10000000);
    CHECK(r.value == 1.3);
    CHECK_EQ_INT(metrics_dpi(5000000, 10000000, &r, &err), HS_OK);
    CHECK(r.value == 0.5);
    CHECK_EQ_INT(metrics_rvpi(8000000, 10000000, &r, &err), HS_OK);
    CHECK(r.value == 0.8);
    CHECK_EQ_INT(metrics_moic(3, 0, 1, &r, &err), HS_OK);
    CHECK_EQ_INT(r.num, 3);
    /* TVPI = DPI + RVPI exactly (same denominator) */
    metrics_ratio dpi, rvpi, tvpi;
    metrics_dpi(123457, 99991, &dpi, &err);
    metrics_rvpi(777, 99991, &rvpi, &err);
    metrics_tvpi(123457, 777, 99991, &tvpi, &err);
    CHECK_EQ_INT(dpi.num + rvpi.num, tvpi.num);
    CHECK_EQ_INT(dpi.den, tvpi.den);
}

TEST(multiples_reject_bad_input) {
    metrics_ratio r;
    hs_error err;
    CHECK_EQ_INT(metrics_tvpi(1, 1, 0, &r, &err), HS_INPUT);
    CHECK_EQ_INT(metrics_dpi(-1, 10, &r, &err), HS_INPUT);
    CHECK_EQ_INT(metrics_rvpi(1, -10, &r, &err), HS_INPUT);
    CHECK_EQ_INT(metrics_moic(INT64_MAX, 1, 10, &r, &err), HS_INPUT);
    CHECK_EQ_INT(metrics_moic(1, -1, 10, &r, &err), HS_INPUT);
}
