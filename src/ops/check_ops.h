/* check_ops.h — what `huoshui check` (and the server's check endpoint) means: the ledger's own
 * invariants (store_check), then, for the modules present in the book, the fund tables
 * (fund_verify), the subsidy, voucher and programme tables and every risk-compensation pool
 * (instrument_verify), each against the ledger, and the audit chain (audit_verify). The first
 * violation found is the one reported. */
#ifndef HS_OPS_CHECK_OPS_H
#define HS_OPS_CHECK_OPS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "ops/ops.h"

typedef struct {
    bool ok;                     /* every invariant holds */
    int64_t accounts, transfers; /* what the ledger holds */
    char first_violation[512];   /* when !ok: the first invariant violated, named */
} book_check_report;

/* Runs every check on ctx->store, reading only (no transaction is opened, so a read-only book can
 * be checked). HS_OK with out->ok false on a violation; HS_STORAGE if the book cannot be read. */
hs_status ops_book_check(const hs_ctx *ctx, book_check_report *out, hs_error *err);

/* The check's JSON view: {"ok", "accounts", "transfers", and "violation" when not ok}. New
 * reference. */
json_t *view_book_check(const book_check_report *r);

#endif
