/* interest_verify.h — checks that the interest-subsidy tables agree with the ledger: every paid
 * accrual has its transfer (same id, amount, budget debited, payee credited, code
 * interest.subsidy), every interest.subsidy transfer of a scheme has its accrual (no payment
 * without a record), and every period's run adds up to its rows. `huoshui check` runs it. */
#ifndef HS_INSTRUMENT_INTEREST_VERIFY_H
#define HS_INSTRUMENT_INTEREST_VERIFY_H

#include <stdbool.h>

#include "store/store.h"

typedef struct {
    bool ok;
    int checks; /* how many accruals and schemes were checked */
    char first_violation[512];
} interest_verify_report;

/* Runs the checks over every scheme; out->ok false names the first violation. Reads only;
 * HS_STORAGE if the book cannot be read (a period whose rows don't add up is a violation). */
hs_status interest_verify(hs_store *s, interest_verify_report *out, hs_error *err);

#endif
