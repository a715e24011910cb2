/* test_money.c — parsing, formatting, overflow and rounding of fen amounts and rates. */
#include "harness.h"

#include "base/money.h"

static int64_t parse_ok(const char *text) {
    int64_t v = -777;
    char why[128];
    if (!money_parse(text, &v, why, sizeof why))
        harness_fail(__FILE__, __LINE__, "money_parse(\"%s\") failed: %s", text, why);
    return v;
}

static void parse_bad(const char *text) {
    int64_t v = 0;
    char why[128] = "";
    if (money_parse(text, &v, why, sizeof why))
        harness_fail(__FILE__, __LINE__, "money_parse(\"%s\") accepted (%lld)", text, (long long)v);
    else if (why[0] == '\0')
        harness_fail(__FILE__, __LINE__, "money_parse(\"%s\") gave no reason", text);
}

TEST(money_parse_plain_forms) {
    CHECK_EQ_INT(parse_ok("12,345.67"), 1234567);
    CHECK_EQ_INT(parse_ok("12345.67 CNY"), 1234567);
    CHECK_EQ_INT(parse_ok("¥12,345.67"), 1234567);
    CHECK_EQ_INT(parse_ok("￥1.5"), 150);
    CHECK_EQ_INT(parse_ok("0"), 0);
    CHECK_EQ_INT(parse_ok("0.01"), 1);
    CHECK_EQ_INT(parse_ok("-3.5"), -350);
    CHECK_EQ_INT(parse_ok("CNY 100"), 10000);
    CHECK_EQ_INT(parse_ok("1,000,000"), 100000000);
    CHECK_EQ_INT(parse_ok("12元"), 1200);
}

TEST(money_parse_chinese_units) {
    CHECK_EQ_INT(parse_ok("500万"), INT64_C(500) * 10000 * 100);
    CHECK_EQ_INT(parse_ok("1283亿"), INT64_C(1283) * 100000000 * 100);
    CHECK_EQ_INT(parse_ok("2.5亿"), INT64_C(250000000) * 100);
    CHECK_EQ_INT(parse_ok("3270万元"), INT64_C(32700000) * 100);
    CHECK_EQ_INT(parse_ok("0.0001万"), 100);
    CHECK_EQ_INT(parse_ok("1.23456789亿"), INT64_C(12345678900));
}

TEST(money_parse_rejects) {
    parse_bad("");
    parse_bad("abc");
    parse_bad("1.234");
    parse_bad("12,34.5");
    parse_bad("1,2345");
    parse_bad("1.");
    parse_bad(".5");
    parse_bad("12 apples");
    parse_bad("0.0000001万");
    parse_bad("99999999999999999999");
    parse_bad("1000000亿亿");
    parse_bad("100000000000亿");
}

TEST(money_format_forms) {
    char buf[MONEY_TEXT_MAX];
    CHECK_EQ_STR(money_format(1234567, buf, sizeof buf), "12,345.67 CNY");
    CHECK_EQ_STR(money_format(-5, buf, sizeof buf), "-0.05 CNY");
    CHECK_EQ_STR(money_format(0, buf, sizeof buf), "0.00 CNY");
    CHECK_EQ_STR(money_format(INT64_MIN, buf, sizeof buf), "-92,233,720,368,547,758.08 CNY");
    CHECK_EQ_STR(money_format_plain(100000000, buf, sizeof buf), "1,000,000.00");
    CHECK_EQ_STR(money_format_decimal(-123456789, buf, sizeof buf), "-1234567.89");
    CHECK_EQ_STR(money_format_cn(INT64_C(128300000000) * 100, buf, sizeof buf), "1,283.00亿");
    CHECK_EQ_STR(money_format_cn(INT64_C(5000000) * 100, buf, sizeof buf), "500.00万");
    CHECK_EQ_STR(money_format_cn(1234, buf, sizeof buf), "12.34元");
    CHECK_EQ_STR(money_format_cn(INT64_C(32700000) * 100, buf, sizeof buf), "3,270.00万");
}

TEST(money_roundtrip_parse_format) {
    char buf[MONEY_TEXT_MAX];
    int64_t samples[] = {0, 1, 99, 100, 123456789, -987654321, INT64_MAX, INT64_MIN + 1};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        money_format(samples[i], buf, sizeof buf);
        CHECK_EQ_INT(parse_ok(buf), samples[i]);
        money_format_decimal(samples[i], buf, sizeof buf);
        CHECK_EQ_INT(parse_ok(buf), samples[i]);
    }
}

TEST(money_overflow_is_an_error) {
    int64_t out = 42;
    CHECK(!money_add(INT64_MAX, 1, &out));
    CHECK(!money_sub(INT64_MIN, 1, &out));
    CHECK(!money_mul_int(INT64_MAX / 2 + 1, 2, &out));
    CHECK(!money_mul_bp(INT64_MAX, 20000, &out));
    CHECK(!money_mul_ratio(5, 1, 0, &out));
    CHECK_EQ_INT(out, 42);
    CHECK(money_mul_bp(INT64_MAX, 10000, &out));
    CHECK_EQ_INT(out, INT64_MAX);
}

TEST(money_rounding_half_away_from_zero) {
    int64_t out;
    CHECK(money_mul_bp(1, 5000, &out));
    CHECK_EQ_INT(out, 1);
    CHECK(money_mul_bp(-1, 5000, &out));
    CHECK_EQ_INT(out, -1);
    CHECK(money_mul_bp(1, 4999, &out));
    CHECK_EQ_INT(out, 0);
    CHECK(money_mul_bp(250000000, 3000, &out)); /* 30% of 2.5M yuan */
    CHECK_EQ_INT(out, 75000000);
    CHECK(money_mul_ratio(100, 1, 3, &out));
    CHECK_EQ_INT(out, 33);
    CHECK(money_mul_ratio(200, 1, 3, &out));
    CHECK_EQ_INT(out, 67);
    CHECK(money_mul_ratio(-200, 1, 3, &out));
    CHECK_EQ_INT(out, -67);
    CHECK(money_mul_ratio(200, -1, 3, &out));
    CHECK_EQ_INT(out, -67);
}

TEST(money_allocate_sums_exactly) {
    int64_t w3[] = {1, 1, 1}, s3[3];
    CHECK(money_allocate(100, w3, 3, s3));
    CHECK_EQ_INT(s3[0], 34);
    CHECK_EQ_INT(s3[1], 33);
    CHECK_EQ_INT(s3[2], 33);
    int64_t w[] = {2000, 3000, 5000, 0, 7}, s[5];
    CHECK(money_allocate(99999, w, 5, s));
    CHECK_EQ_INT(s[0] + s[1] + s[2] + s[3] + s[4], 99999);
    CHECK_EQ_INT(s[3], 0);
    int64_t big[] = {INT64_MAX, INT64_MAX}, sb[2];
    CHECK(money_allocate(INT64_MAX, big, 2, sb));
    CHECK_EQ_INT(sb[0] - sb[1], 1);
    int64_t zero[] = {0, 0};
    CHECK(!money_allocate(10, zero, 2, sb));
    int64_t neg[] = {1, -1};
    CHECK(!money_allocate(10, neg, 2, sb));
    CHECK(!money_allocate(-10, w3, 3, s3));
    /* many random splits */
    uint64_t seed = 12345;
    for (int round = 0; round < 2000; round++) {
        int64_t ws[7], ss[7], total, sum = 0;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        total = (int64_t)(seed >> 20) % 1000000007;
        for (int i = 0; i < 7; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            ws[i] = (int64_t)(seed >> 40) % 1000;
        }
        ws[0] += 1;
        CHECK(money_allocate(total, ws, 7, ss));
        for (int i = 0; i < 7; i++) {
            sum += ss[i];
            /* each share is within one fen of its exact proportion */
            __int128 exact_num = (__int128)total * ws[i];
            int64_t wsum = 0;
            for (int j = 0; j < 7; j++)
                wsum += ws[j];
            CHECK((__int128)ss[i] * wsum >= exact_num - wsum &&
                  (__int128)ss[i] * wsum <= exact_num + wsum);
        }
        CHECK_EQ_INT(sum, total);
    }
}

TEST(rate_parse_forms) {
    int64_t bp;
    char why[128];
    CHECK(rate_parse_bp("3%", &bp, why, sizeof why));
    CHECK_EQ_INT(bp, 300);
    CHECK(rate_parse_bp("2.5%", &bp, why, sizeof why));
    CHECK_EQ_INT(bp, 250);
    CHECK(rate_parse_bp("0.03", &bp, why, sizeof why));
    CHECK_EQ_INT(bp, 300);
    CHECK(rate_parse_bp("300bp", &bp, why, sizeof why));
    CHECK_EQ_INT(bp, 300);
    CHECK(rate_parse_bp("1", &bp, why, sizeof why));
    CHECK_EQ_INT(bp, 10000);
    CHECK(!rate_parse_bp("0.123456", &bp, why, sizeof why));
    CHECK(!rate_parse_bp("3 percent", &bp, why, sizeof why));
    char buf[32];
    CHECK_EQ_STR(rate_format_bp(250, buf, sizeof buf), "2.5%");
    CHECK_EQ_STR(rate_format_bp(300, buf, sizeof buf), "3%");
    CHECK_EQ_STR(rate_format_bp(1, buf, sizeof buf), "0.01%");
}
