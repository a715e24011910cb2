/* account_ops.h — free accounts, as `huoshui account` and the HTTP API make and read them.
 *
 * Accounts made here have no owner: plain transfers may move them. (A module's accounts are made
 * by the module inside its own operation, with hs_tx_account_ensure and its name as owner.) */
#ifndef HS_OPS_ACCOUNT_OPS_H
#define HS_OPS_ACCOUNT_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "ledger/account.h"
#include "ledger/transfer.h"
#include "ops/ops.h"

/* Creates the free account `name` in one transaction, or confirms it exists with the same kind
 * and limit (*existed = true, nothing written). HS_INPUT naming the field ("name", "kind",
 * "limit") for a bad name, an unknown kind, or an existing account of another kind, limit or
 * owner. *out is the account as stored. */
hs_status ops_account_create(const hs_ctx *ctx, const char *name, const char *kind, uint32_t flags,
                             hs_account *out, bool *existed, hs_error *err);

/* Whether `name` lies in a namespace the instruments make their own accounts under (budget/,
 * appropriation/, pool/, loan/, fund/, gp/, lp/, bank/, provider/, firm/, payable/, treasury/,
 * pledge/): a free account
 * there would squat on a name a module will need, so callers that do not trust the creator (the
 * HTTP API) refuse it. */
bool ops_account_name_in_module_namespace(const char *name);

/* Reads one account (no transaction needed: one consistent read). HS_NOT_FOUND (code not_found,
 * field "name") if there is none. */
hs_status ops_account_get(const hs_ctx *ctx, const char *name, hs_account *out, hs_error *err);

/* Sums over the accounts a balance listing selected. */
typedef struct {
    size_t count;
    int64_t debits_posted_fen, credits_posted_fen;
} ops_balance_totals;

/* Calls fn for every account that is `name` or lies under it, in name order, with whole path
 * segments only ("budget" and "budget/" select budget and budget/..., never budgets/x; NULL
 * selects all), with its balances now, or as of the end of *at (recomputed from value dates) if
 * `at` is given. Sums the posted balances into *totals. HS_NOT_FOUND (field "name") if `name` is
 * given and selects nothing; HS_STORAGE for a failed read (totals overflowing included); else
 * the first non-HS_OK status of fn. Read only: no transaction is opened. */
hs_status ops_account_balances(const hs_ctx *ctx, const char *name, const hs_date *at,
                               hs_status (*fn)(void *fn_ctx, const hs_account *a, hs_error *err),
                               void *fn_ctx, ops_balance_totals *totals, hs_error *err);

/* One row of an account's history. */
typedef struct {
    const hs_transfer *t; /* borrowed for the call */
    bool is_debit;        /* the account is the transfer's debit side */
    int64_t signed_fen;   /* +amount on the credit side, -amount on the debit side */
    int64_t balance_fen;  /* the running posted balance (credits - debits) after this row, in
                             value-date order (a reservation or a void leaves it unchanged) */
    int64_t audit_seq;    /* the audit entry that committed it; 0 when older than the chain or
                             not asked for */
} ops_history_row;

/* Calls fn for every transfer touching account `name` in value-date order (date, then the order
 * applied), with the running posted balance; with `with_audit`, each row's audit_seq is looked up
 * (one read per row). HS_NOT_FOUND (not_found, field "name") if there is no such account;
 * HS_STORAGE if a read fails or the running balance overflows; else the first non-HS_OK status of
 * fn. Read-only. */
hs_status ops_account_history(const hs_ctx *ctx, const char *name, bool with_audit,
                              hs_status (*fn)(void *fn_ctx, const ops_history_row *row,
                                              hs_error *err),
                              void *fn_ctx, hs_error *err);

/* What an import did. */
typedef struct {
    size_t rows;    /* accounts listed in the file */
    size_t created; /* of which new (the rest existed already, unchanged) */
} ops_account_import_summary;

/* Reads a CSV file ("-" = stdin) with columns name,kind[,limit] (base/csv_reader.h rules) and
 * creates every account in it in one transaction, all or nothing: a bad row (missing name or kind,
 * a name that is not a valid account name, an unknown kind or limit, or one clashing with an
 * existing account) fails the whole import with HS_INPUT and "FILE:LINE: field 'F': ...". */
hs_status ops_account_import(const hs_ctx *ctx, const char *path,
                             ops_account_import_summary *summary, hs_error *err);

#endif
