/* verify.h — checks that the instruments' own tables agree with the ledger they index: what an
 * application says was paid or clawed back, what a voucher says was redeemed, and the open
 * reservation each live award or voucher must hold, that each programme budget's flows add up to
 * its balances, and each risk-compensation pool's records.
 * `huoshui check` runs it after the ledger's own invariants (and fund_verify for the fund tables).
 */
#ifndef HS_INSTRUMENT_VERIFY_H
#define HS_INSTRUMENT_VERIFY_H

#include <stdbool.h>

#include "store/store.h"

typedef struct {
    bool ok;
    int checks; /* how many checks ran */
    char first_violation[512];
} instrument_verify_report;

/* *present true if module `module` has created its tables in this book; a failed read is
 * HS_STORAGE (never "absent"). */
hs_status instrument_module_present(hs_store *s, const char *module, bool *present, hs_error *err);
/* Runs every check of the modules present in the book (subsidy, voucher, programme budgets) and
 * reconciles every risk-compensation pool; out->ok false names the first violation. Reads only, on
 * the store's connection; HS_STORAGE if the book cannot be read. */
hs_status instrument_verify(hs_store *s, instrument_verify_report *out, hs_error *err);

#endif
