/* rdreserve.h — enterprise R&D reserves (企业研发准备金): a firm registers a reserve for a year
 * under a programme's policy; the agency subsidises a share of the year-on-year increase in the
 * firm's R&D expense, paid once per firm and year.
 *
 * The R&D figures are never the firm's word: they are the filed figures of its R&D
 * super-deduction (研发费用加计扣除) returns, one per firm and tax year, kept as a multi-year
 * history (rdreserve_filing_add: from `rdreserve filing import` CSV or `rdreserve filing add`).
 * A filing is immutable: the same figure again is a no-op, another figure for the same firm and
 * year is refused (filing_exists), so a subsidy once paid always matches the history it read.
 *
 * Paying year Y (rdreserve_pay, on or after Y+1-01-01, the policy in force that day) gives the
 * policy these inputs, merged over the registry's record of the firm:
 *   rd_expense        the filed R&D expense of tax year Y (0元 if none)
 *   prior_rd_expense  the filed R&D expense of tax year Y-1 (0元 if none)
 *   rd_filed, prior_filed  whether those filings exist
 *   reserve           the reserve the firm registered for Y
 * and the policy decides eligibility (a year without a filing is refused by the policy's own
 * clause, named in the refusal), the amount (its share of the increase, capped) and its limits
 * (`limit per firm per year` counts the reserve year Y, not the payment's calendar year). A policy
 * that refuses is HS_REFUSED code not_eligible with the rule and clause; nothing is stored.
 *
 * Money: budget/<programme>/<budget> -> firm/<uscc>/cash, one transfer, code `rdreserve.subsidy`,
 * id rdr.<uscc>.y<Y>, refs instrument=rdreserve, firm, year, policy, clause. The budget account's
 * own limit refuses overspending (exceeds_credits, exit 1, nothing paid or recorded). A second
 * payment of the same firm-year pays nothing and answers with the record (existed). */
#ifndef HS_INSTRUMENT_RDRESERVE_H
#define HS_INSTRUMENT_RDRESERVE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "instrument/decision.h"
#include "store/book.h"
#include "store/store.h"

#define RDRESERVE_FIRM_MAX 19 /* an 18-character credit code and its NUL */
#define RDRESERVE_TEXT_MAX 512
#define RDRESERVE_SOURCE_MAX 160
#define RDRESERVE_CODE "rdreserve.subsidy"
#define RDRESERVE_YEAR_MIN 1990
#define RDRESERVE_YEAR_MAX 2998

/* One filed R&D expense: firm, tax year, the figure, when it was filed and where it came from. */
typedef struct {
    char firm[RDRESERVE_FIRM_MAX];
    int32_t tax_year;
    int64_t rd_expense_fen;
    hs_date filed_date;                /* the return's filing date (0 if not known) */
    char source[RDRESERVE_SOURCE_MAX]; /* "cli" or "FILE:LINE" */
    hs_date recorded_date;             /* when the book took it */
} rdreserve_filing;

typedef enum { RDRESERVE_REGISTERED = 0, RDRESERVE_PAID = 1 } rdreserve_status;

/* A firm's reserve for one year and, once paid, what was decided and paid. */
typedef struct {
    char firm[RDRESERVE_FIRM_MAX];
    int32_t year;
    instrument_policy_ref policy; /* programme and budget come from the policy's budget line */
    int64_t reserve_fen;          /* the reserve the firm set aside for the year */
    hs_date registered_date;
    rdreserve_status status;
    /* filled when paid */
    int64_t rd_fen, prior_rd_fen; /* the filed figures used */
    int64_t computed_fen;         /* the policy's amount */
    int64_t amount_fen;           /* paid: the amount after the policy's limits */
    hs_date paid_date;
    char clause[RDRESERVE_TEXT_MAX]; /* the amount's clause */
    char note[RDRESERVE_TEXT_MAX];   /* a limit that capped it, else "" */
    char payee_account[ACCOUNT_NAME_MAX];
    char transfer_id[TRANSFER_ID_MAX];
    char inputs[INSTRUMENT_INPUTS_MAX]; /* the policy's inputs, JSON text (for the explanation) */
} rdreserve;

/* Merges what the registry knows of firm `uscc` into `inputs` under the names already there. */
typedef hs_status (*rdreserve_firm_inputs_fn)(void *ctx, const char *uscc, json_t *inputs,
                                              hs_error *err);

/* "registered" or "paid". */
const char *rdreserve_status_name(rdreserve_status s);
/* True if `year` is a tax year huoshui accepts (RDRESERVE_YEAR_MIN..MAX). Pure. */
bool rdreserve_year_valid(int64_t year);

/* Records filing `f` (firm, tax_year, rd_expense_fen >= 0, filed_date, source) inside the
 * transaction: HS_INPUT (field "firm", "tax_year", "rd_expense") for a bad value; the same figure
 * again is a no-op (*existed true; may be NULL); another figure for that firm and year HS_REFUSED
 * (code filing_exists). recorded_date is the transaction's today. */
hs_status rdreserve_filing_add(hs_tx *tx, const rdreserve_filing *f, bool *existed, hs_error *err);
/* Calls fn for each filing of `firm` (NULL: every firm) by firm then tax year (read-only). */
hs_status rdreserve_filings_each(hs_store *s, const char *firm,
                                 hs_status (*fn)(void *ctx, const rdreserve_filing *f,
                                                 hs_error *err),
                                 void *ctx, hs_error *err);

/* Registers firm `firm`'s reserve of `reserve_fen` (> 0) for `year` under the policy `ip`
 * (instrument subsidy, storing its text in the book), dated `on`: HS_INPUT for a bad firm, year
 * or amount; HS_NOT_FOUND if the policy's budget account does not exist; the same again is a
 * no-op (*existed), another reserve or policy for that firm-year HS_INPUT (id_reused). The caller
 * checked that the firm is in the registry. */
hs_status rdreserve_register(hs_tx *tx, const instrument_policy *ip, const char *firm, int32_t year,
                             int64_t reserve_fen, hs_date on, rdreserve *out, bool *existed,
                             hs_error *err);
/* Loads the reserve of (firm, year), read-only; *found false if none. */
hs_status rdreserve_get(hs_store *s, const char *firm, int32_t year, rdreserve *out, bool *found,
                        hs_error *err);
/* Calls fn for each reserve, narrowed to `firm` (NULL: any) and `year` (0: any), by firm, year. */
hs_status rdreserve_each(hs_store *s, const char *firm, int32_t year,
                         hs_status (*fn)(void *ctx, const rdreserve *r, hs_error *err), void *ctx,
                         hs_error *err);

/* The policy's inputs for (firm, year) from the filings the book holds (see the header comment)
 * plus the registry's record (fn may be NULL), as a new JSON object in *out. */
hs_status rdreserve_inputs(hs_store *s, const rdreserve *r, rdreserve_firm_inputs_fn fn,
                           void *fn_ctx, json_t **out, hs_error *err);
/* Pays (firm, year) inside the transaction (see the header comment): HS_NOT_FOUND (field "year")
 * without a reserve; HS_REFUSED year_open before the year is over, not_eligible naming the
 * policy's clause, limit_used, exceeds_credits — nothing paid then. Paid before: *existed true and
 * the record, nothing paid. */
hs_status rdreserve_pay(hs_tx *tx, const char *firm, int32_t year, rdreserve_firm_inputs_fn fn,
                        void *fn_ctx, rdreserve *out, bool *existed, hs_error *err);

#endif
