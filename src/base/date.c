/* date.c — day-number arithmetic (civil-from-days style conversion) and the working-day calendar.
 */
#include "base/date.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool date_is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    assert(month >= 1 && month <= 12);
    return (month == 2 && date_is_leap_year(year)) ? 29 : days[month - 1];
}

bool date_valid_ymd(int year, int month, int day) {
    if (year < DATE_YEAR_MIN || year > DATE_YEAR_MAX || month < 1 || month > 12 || day < 1)
        return false;
    return day <= date_days_in_month(year, month);
}

hs_date date_from_ymd(int year, int month, int day) {
    assert(date_valid_ymd(year, month, day));
    int y = year - (month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int mp = (month + 9) % 12; /* March = 0 */
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (hs_date)(era * 146097 + doe - 719468);
}

void date_to_ymd(hs_date date, int *year, int *month, int *day) {
    int z = date + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;
    *year = yoe + era * 400 + (m <= 2);
    *month = m;
    *day = d;
}

bool date_parse(const char *text, hs_date *out) {
    if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)text[i]))
            return false;
    int y = atoi(text), m = atoi(text + 5), d = atoi(text + 8);
    if (!date_valid_ymd(y, m, d))
        return false;
    *out = date_from_ymd(y, m, d);
    return true;
}

char *date_format(hs_date date, char *buf) {
    int y, m, d;
    date_to_ymd(date, &y, &m, &d);
    snprintf(buf, DATE_TEXT_LEN, "%04d-%02d-%02d", y, m, d);
    return buf;
}

int date_weekday(hs_date date) {
    /* 1970-01-01 was a Thursday (ISO 4). */
    int w = (int)(((int64_t)date + 3) % 7);
    if (w < 0)
        w += 7;
    return w + 1;
}

hs_date date_add_days(hs_date date, int32_t days) {
    return date + days;
}

hs_date date_add_months(hs_date date, int32_t months) {
    int y, m, d;
    date_to_ymd(date, &y, &m, &d);
    int total = y * 12 + (m - 1) + months;
    int ny = total / 12, nm = total % 12 + 1;
    int last = date_days_in_month(ny, nm);
    return date_from_ymd(ny, nm, d > last ? last : d);
}

hs_date date_add_years(hs_date date, int32_t years) {
    return date_add_months(date, years * 12);
}

int32_t date_diff_days(hs_date from, hs_date to) {
    return to - from;
}

double date_year_fraction_act365(hs_date from, hs_date to) {
    return (double)(to - from) / 365.0;
}

/* ---- working days ---- */

void calendar_init_weekends_only(hs_calendar *cal) {
    cal->count = 0;
    cal->covered_from = 0;
    cal->covered_to = -1;
}

static int entry_cmp(const void *a, const void *b) {
    const calendar_entry *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

static const calendar_entry *calendar_find(const hs_calendar *cal, hs_date day) {
    calendar_entry key = {.day = day};
    return bsearch(&key, cal->entries, cal->count, sizeof key, entry_cmp);
}

static hs_status calendar_parse_line(hs_calendar *cal, char *line, const char *path, int lineno,
                                     hs_error *err) {
    char *hash = strchr(line, '#');
    if (hash != NULL)
        *hash = '\0';
    char word1[32] = "", word2[32] = "";
    int n = sscanf(line, "%31s %31s", word1, word2);
    if (n <= 0)
        return HS_OK;
    if (strcmp(word1, "covers") == 0) {
        int from = 0, to = 0;
        if (sscanf(line, " covers %d %d", &from, &to) != 2 || !date_valid_ymd(from, 1, 1) ||
            !date_valid_ymd(to, 12, 31) || to < from)
            return hs_fail(err, HS_INPUT, "%s:%d: field 'covers': expected 'covers YYYY YYYY'",
                           path, lineno);
        cal->covered_from = date_from_ymd(from, 1, 1);
        cal->covered_to = date_from_ymd(to, 12, 31);
        return HS_OK;
    }
    hs_date day;
    if (!date_parse(word1, &day))
        return hs_fail(err, HS_INPUT, "%s:%d: field 'date': not a YYYY-MM-DD date: '%s'", path,
                       lineno, word1);
    bool workday;
    if (strcmp(word2, "holiday") == 0)
        workday = false;
    else if (strcmp(word2, "workday") == 0)
        workday = true;
    else
        return hs_fail(err, HS_INPUT,
                       "%s:%d: field 'kind': expected 'holiday' or 'workday', got '%s'", path,
                       lineno, word2);
    if (cal->count >= CALENDAR_ENTRIES_MAX)
        return hs_fail(err, HS_INPUT, "%s:%d: more than %d calendar entries", path, lineno,
                       CALENDAR_ENTRIES_MAX);
    cal->entries[cal->count++] = (calendar_entry){.day = day, .is_workday = workday};
    return HS_OK;
}

hs_status calendar_load(hs_calendar *cal, const char *path, hs_error *err) {
    calendar_init_weekends_only(cal);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return hs_fail(err, HS_INPUT, "%s: cannot open the holiday calendar", path);
    char line[512];
    int lineno = 0;
    hs_status st = HS_OK;
    while (st == HS_OK && fgets(line, sizeof line, f) != NULL) {
        lineno++;
        st = calendar_parse_line(cal, line, path, lineno, err);
    }
    fclose(f);
    if (st != HS_OK)
        return st;
    qsort(cal->entries, cal->count, sizeof cal->entries[0], entry_cmp);
    for (size_t i = 1; i < cal->count; i++)
        if (cal->entries[i].day == cal->entries[i - 1].day) {
            char buf[DATE_TEXT_LEN];
            return hs_fail(err, HS_INPUT, "%s: date %s is listed twice", path,
                           date_format(cal->entries[i].day, buf));
        }
    return HS_OK;
}

bool calendar_is_workday(const hs_calendar *cal, hs_date day) {
    const calendar_entry *e = calendar_find(cal, day);
    if (e != NULL)
        return e->is_workday;
    return date_weekday(day) <= 5;
}

hs_date calendar_add_workdays(const hs_calendar *cal, hs_date day, int32_t n) {
    assert(n >= 0);
    while (!calendar_is_workday(cal, day))
        day++;
    /* Bounded: every week has at least one working day outside the longest holidays (<= 10 days).
     */
    while (n > 0) {
        day++;
        if (calendar_is_workday(cal, day))
            n--;
    }
    return day;
}

int32_t calendar_workdays_between(const hs_calendar *cal, hs_date from, hs_date to) {
    int32_t count = 0;
    for (hs_date d = from + 1; d <= to; d++)
        if (calendar_is_workday(cal, d))
            count++;
    return count;
}
