/* test_date.c — ISO dates, month arithmetic and the Chinese working-day calendar. */
#include "harness.h"

#include "base/date.h"

static hs_date d(const char *text) {
    hs_date v = 0;
    if (!date_parse(text, &v))
        harness_fail(__FILE__, __LINE__, "date_parse(\"%s\") failed", text);
    return v;
}

static const char *fmt(hs_date v) {
    static char buf[DATE_TEXT_LEN];
    return date_format(v, buf);
}

TEST(date_parse_and_format) {
    CHECK_EQ_INT(d("1970-01-01"), 0);
    CHECK_EQ_INT(d("2000-03-01"), 11017);
    CHECK_EQ_STR(fmt(d("2024-02-29")), "2024-02-29");
    hs_date v;
    CHECK(!date_parse("2023-02-29", &v));
    CHECK(!date_parse("2024-13-01", &v));
    CHECK(!date_parse("2024-1-01", &v));
    CHECK(!date_parse("2024/01/01", &v));
    CHECK(!date_parse("1899-12-31", &v));
    CHECK(!date_parse("", &v));
    CHECK(!date_parse("2024-01-01x", &v));
    /* every day of 1900..2999 round-trips */
    hs_date lo = d("1900-01-01"), hi = d("2999-12-31");
    int bad = 0;
    for (hs_date x = lo; x <= hi; x++) {
        int y, m, dd;
        date_to_ymd(x, &y, &m, &dd);
        if (date_from_ymd(y, m, dd) != x)
            bad++;
    }
    CHECK_EQ_INT(bad, 0);
}

TEST(date_weekday_and_arithmetic) {
    CHECK_EQ_INT(date_weekday(d("2026-11-25")), 3); /* Wednesday */
    CHECK_EQ_INT(date_weekday(d("1970-01-01")), 4);
    CHECK_EQ_STR(fmt(date_add_months(d("2024-01-31"), 1)), "2024-02-29");
    CHECK_EQ_STR(fmt(date_add_months(d("2023-01-31"), 1)), "2023-02-28");
    CHECK_EQ_STR(fmt(date_add_months(d("2024-03-31"), -1)), "2024-02-29");
    CHECK_EQ_STR(fmt(date_add_months(d("2024-11-15"), 14)), "2026-01-15");
    CHECK_EQ_STR(fmt(date_add_years(d("2024-02-29"), 1)), "2025-02-28");
    CHECK_EQ_STR(fmt(date_add_days(d("2024-12-31"), 1)), "2025-01-01");
    CHECK_EQ_INT(date_diff_days(d("2024-01-01"), d("2025-01-01")), 366);
    CHECK(date_year_fraction_act365(d("2024-01-01"), d("2025-01-01")) > 1.0);
}

TEST(calendar_working_days) {
    static hs_calendar cal;
    hs_error err = {0};
    CHECK_EQ_INT(calendar_load(&cal, "data/holidays-cn.txt", &err), HS_OK);
    /* 2024-02-04 (Sunday) is a make-up working day; 2024-02-12 (Monday) is Spring Festival. */
    CHECK(calendar_is_workday(&cal, d("2024-02-04")));
    CHECK(!calendar_is_workday(&cal, d("2024-02-12")));
    CHECK(!calendar_is_workday(&cal, d("2024-02-24")));
    CHECK(calendar_is_workday(&cal, d("2024-02-26")));
    /* A loan approved Friday 2024-02-09 must be disbursed within 5 working days:
     * 2024-02-18 (Sun, make-up), 19, 20, 21, 22. */
    CHECK_EQ_STR(fmt(calendar_add_workdays(&cal, d("2024-02-09"), 5)), "2024-02-22");
    CHECK_EQ_INT(calendar_workdays_between(&cal, d("2024-02-09"), d("2024-02-22")), 5);
    /* National Day 2025 spans Oct 1-8; Oct 11 (Sat) is a working day. */
    CHECK_EQ_STR(fmt(calendar_add_workdays(&cal, d("2025-09-30"), 1)), "2025-10-09");
    CHECK(calendar_is_workday(&cal, d("2025-10-11")));
    /* n = 0 moves a rest day to the next working day */
    CHECK_EQ_STR(fmt(calendar_add_workdays(&cal, d("2024-10-01"), 0)), "2024-10-08");
}

TEST(calendar_bad_file_names_line) {
    static hs_calendar cal;
    hs_error err = {0};
    FILE *f = fopen("build/bad-calendar.txt", "w");
    CHECK(f != NULL);
    if (f == NULL)
        return;
    fputs("# ok\n2024-01-01 holiday\n2024-02-30 holiday\n", f);
    fclose(f);
    CHECK_EQ_INT(calendar_load(&cal, "build/bad-calendar.txt", &err), HS_INPUT);
    CHECK(strstr(err.msg, "build/bad-calendar.txt:3") != NULL);
    CHECK(strstr(err.msg, "date") != NULL);
    CHECK_EQ_INT(calendar_load(&cal, "build/no-such-file.txt", &err), HS_INPUT);
}
