/* verify_repo.h — the book-wide checks that compare instruments' tables with the ledger, as the
 * storage backend runs them (src/store/sql/verify_repo.c). Each check is numbered 0..count-1,
 * belongs to one module and names what it verifies; running it gives its first violation, if any.
 * Reads run on the store's connection; a failed read is HS_STORAGE, never "no violation". */
#ifndef HS_INSTRUMENT_VERIFY_REPO_H
#define HS_INSTRUMENT_VERIFY_REPO_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "store/store.h"

/* How many checks there are. */
size_t verify_repo_check_count(void);
/* The module (e.g. "subsidy") and the statement (e.g. "each application's paid amount equals its
 * payment transfers") of check i < verify_repo_check_count(); static strings. */
const char *verify_repo_check_module(size_t i);
const char *verify_repo_check_what(size_t i);
/* Runs check i: *violated true and `detail` filled with the first violation, else *violated false.
 */
hs_status verify_repo_run_check(hs_store *s, size_t i, bool *violated, char *detail, size_t len,
                                hs_error *err);
/* *present true if module `module` has its tables in this book. */
hs_status verify_repo_module_present(hs_store *s, const char *module, bool *present, hs_error *err);

#endif
