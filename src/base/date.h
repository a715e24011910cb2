/* date.h — calendar dates as int32_t days since 1970-01-01 (proleptic Gregorian), ISO YYYY-MM-DD
 * text, and the Chinese working-day calendar (weekends, public holidays and the make-up working
 * days 调休).
 *
 * Valid range: 1900-01-01 .. 2999-12-31. Month arithmetic clamps to the month's last day
 * (2024-01-31 + 1 month = 2024-02-29). */
#ifndef HS_BASE_DATE_H
#define HS_BASE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

typedef int32_t hs_date; /* days since 1970-01-01 */

#define DATE_TEXT_LEN 11 /* "YYYY-MM-DD" + NUL */
#define DATE_YEAR_MIN 1900
#define DATE_YEAR_MAX 2999

/* True if y-m-d names a real day within the valid range. */
bool date_valid_ymd(int year, int month, int day);
/* The day number of a valid y-m-d (asserts validity). */
hs_date date_from_ymd(int year, int month, int day);
/* Splits a day number into y-m-d. */
void date_to_ymd(hs_date date, int *year, int *month, int *day);
/* Parses exactly "YYYY-MM-DD" (a real day in range); false otherwise. */
bool date_parse(const char *text, hs_date *out);
/* Writes "YYYY-MM-DD" into buf (>= DATE_TEXT_LEN bytes); returns buf. */
char *date_format(hs_date date, char *buf);
/* ISO weekday: 1 = Monday .. 7 = Sunday. */
int date_weekday(hs_date date);
/* date + days. */
hs_date date_add_days(hs_date date, int32_t days);
/* date + months, clamped to the end of the target month. */
hs_date date_add_months(hs_date date, int32_t months);
/* date + years, clamped (Feb 29 -> Feb 28 in a common year). */
hs_date date_add_years(hs_date date, int32_t years);
/* Days from `from` to `to` (negative if `to` is earlier). */
int32_t date_diff_days(hs_date from, hs_date to);
/* Year fraction actual/365 from `from` to `to` (used by XIRR). */
double date_year_fraction_act365(hs_date from, hs_date to);
/* True for a leap year. */
bool date_is_leap_year(int year);
/* Days in the given month. */
int date_days_in_month(int year, int month);

/* ---- working days ---- */

#define CALENDAR_ENTRIES_MAX 4096

typedef struct {
    hs_date day;
    bool is_workday; /* true: a make-up working day on a weekend (调休); false: a public holiday */
} calendar_entry;

typedef struct {
    calendar_entry entries[CALENDAR_ENTRIES_MAX]; /* sorted by day, unique */
    size_t count;
    hs_date covered_from,
        covered_to; /* the years the file covers; outside them only weekends count */
} hs_calendar;

/* Loads a calendar file: lines "YYYY-MM-DD holiday|workday [note]", '#' comments, "covers YYYY
 * YYYY". Errors name the file and line. */
hs_status calendar_load(hs_calendar *cal, const char *path, hs_error *err);
/* Initialises an empty calendar (weekends only). */
void calendar_init_weekends_only(hs_calendar *cal);
/* True if `day` is a working day: a weekday that is not a holiday, or a make-up working day. */
bool calendar_is_workday(const hs_calendar *cal, hs_date day);
/* The working day that is n (>= 0) working days after `day` (n = 0: `day` itself if a working day,
 * else the next one). */
hs_date calendar_add_workdays(const hs_calendar *cal, hs_date day, int32_t n);
/* Working days in (from, to]: how many working days elapsed after `from` up to and including `to`.
 */
int32_t calendar_workdays_between(const hs_calendar *cal, hs_date from, hs_date to);

#endif
