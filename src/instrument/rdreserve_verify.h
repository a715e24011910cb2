/* rdreserve_verify.h — checks that the R&D-reserve tables agree with the ledger: every paid
 * reserve has its transfer (same id and amount, the policy's budget debited, the firm's cash
 * credited, code rdreserve.subsidy), and every transfer the module made (ref
 * instrument=rdreserve) belongs to a paid reserve: counts and totals agree. `huoshui check` runs
 * it. */
#ifndef HS_INSTRUMENT_RDRESERVE_VERIFY_H
#define HS_INSTRUMENT_RDRESERVE_VERIFY_H

#include <stdbool.h>

#include "store/store.h"

typedef struct {
    bool ok;
    int checks; /* how many reserves were checked */
    char first_violation[512];
} rdreserve_verify_report;

/* Runs the checks; out->ok false names the first violation. Reads only; HS_STORAGE if the book
 * cannot be read. */
hs_status rdreserve_verify(hs_store *s, rdreserve_verify_report *out, hs_error *err);

#endif
