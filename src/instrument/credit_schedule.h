/* credit_schedule.h — a loan's contractual repayment schedule, exact in fen.
 *
 * Instalments fall every `period_months` months after the start (disbursement) date, measured from
 * the start (start + k*period months, clamped to month end), the last on start + term_months.
 *   equal-principal (等额本金): every instalment repays floor(P / n) of principal; the last one
 *                    absorbs the rounding, so the principal instalments add up to P exactly.
 *   bullet (按期付息、到期还本): interest every period, all principal with the last instalment.
 * Interest is actual/365 on the principal outstanding over each period:
 *   interest = outstanding x rate_bp x days / (10000 x 365), rounded half away from zero to the fen
 * (one rounding per instalment, never accumulated). */
#ifndef HS_INSTRUMENT_CREDIT_SCHEDULE_H
#define HS_INSTRUMENT_CREDIT_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"

#define CREDIT_INSTALMENTS_MAX 600 /* 50 years of monthly instalments */
#define CREDIT_TERM_MONTHS_MAX 600

typedef enum {
    CREDIT_EQUAL_PRINCIPAL = 0,
    CREDIT_BULLET = 1,
} credit_repayment;

typedef struct {
    int number; /* 1-based */
    hs_date date;
    int32_t days;                  /* days of interest since the previous instalment (or start) */
    int64_t principal_fen;         /* principal repaid by this instalment */
    int64_t interest_fen;          /* actual/365 interest for the period */
    int64_t outstanding_after_fen; /* principal still owed after it */
} credit_instalment;

/* Parses "equal-principal" or "bullet"; false if neither. */
bool credit_repayment_parse(const char *text, credit_repayment *out);
/* The CLI spelling of a repayment method ("equal-principal" or "bullet"). */
const char *credit_repayment_name(credit_repayment m);
/* Interest on outstanding_fen at rate_bp for `days` days, actual/365, rounded half away from zero;
 * false on overflow or negative input. */
bool credit_interest_act365(int64_t outstanding_fen, int64_t rate_bp, int32_t days,
                            int64_t *interest_fen);
/* Fills out[0..*n) with the schedule of a loan of principal_fen (> 0) at rate_bp (>= 0) from
 * `start` over term_months (1..600) with an instalment every period_months (1..term); the principal
 * instalments add up to principal_fen exactly. HS_INPUT (naming the field) on bad parameters or if
 * more than `cap` instalments would be needed. */
hs_status credit_schedule(int64_t principal_fen, int64_t rate_bp, hs_date start,
                          int32_t term_months, int32_t period_months, credit_repayment method,
                          credit_instalment *out, size_t cap, size_t *n, hs_error *err);

#endif
