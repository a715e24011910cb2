/* first_unit_verify.h — checks that the first-unit tables agree with the ledger: every subsidised
 * unit and every claim with a top-up has its transfer (same id and amount, the unit's budget
 * debited, the payee's cash credited, its code), each unit's claim totals add up to its claims,
 * and the module's transfers (ref instrument=first_unit) are exactly those: counts and totals
 * agree. `huoshui check` runs it. */
#ifndef HS_INSTRUMENT_FIRST_UNIT_VERIFY_H
#define HS_INSTRUMENT_FIRST_UNIT_VERIFY_H

#include <stdbool.h>

#include "store/store.h"

typedef struct {
    bool ok;
    int checks; /* how many units and claims were checked */
    char first_violation[512];
} first_unit_verify_report;

/* Runs the checks; out->ok false names the first violation. Reads only; HS_STORAGE if the book
 * cannot be read. */
hs_status first_unit_verify(hs_store *s, first_unit_verify_report *out, hs_error *err);

#endif
