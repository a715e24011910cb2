/* guarantee_verify.h — checks that the guarantee tables agree with the ledger: each guarantor's
 * capital account holds what was paid in, less its own share of the losses compensated, plus its
 * share of the recoveries; its fee account holds the fees of its guarantees. `huoshui check` runs
 * it. */
#ifndef HS_INSTRUMENT_GUARANTEE_VERIFY_H
#define HS_INSTRUMENT_GUARANTEE_VERIFY_H

#include <stdbool.h>

#include "store/store.h"

typedef struct {
    bool ok;
    int checks;
    char first_violation[512];
} guarantee_verify_report;

/* Runs the checks over every guarantor; out->ok false names the first violation. Reads only;
 * HS_STORAGE if the book cannot be read. */
hs_status guarantee_verify(hs_store *s, guarantee_verify_report *out, hs_error *err);

#endif
