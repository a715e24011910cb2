/* interest.h — interest subsidies (贴息) on the credit module's loans: a scheme under a programme
 * budget and a policy, and the subsidy of one period, paid once.
 *
 * The rule, per loan and period (a month YYYY-MM or a quarter YYYYQN, both inclusive of their
 * first and last day):
 *   subsidy = Σ_days outstanding principal that day × rate_bp / (10000 × 365)
 *           = principal-days × rate_bp / 3,650,000, rounded once, half away from zero, to the fen
 * where the days counted are those of the period inside the policy's validity, from the
 * disbursement day, before the default day (a loan written off earns nothing from that day), and a
 * principal repayment recorded on day d lowers the outstanding from day d on (the credit module
 * charges interest on [disbursement, repayment), so the two agree day for day).
 *
 * The policy decides: which loans qualify (its rules, over the loan's rate, unsecured share,
 * product, bank, first-loan flag, whether it is repaying on its schedule, and the firm's registry
 * record) and the rate, stated as its amount: the yearly subsidy on 1万元 of principal, so
 * `yuan(10000) * min(loan_rate, cap)` is 150元 for a 1.5-point cap (rate_bp = amount / 100,
 * exactly). Its `limit per firm per year <= X` lines cap what one firm receives (the rest of that
 * loan's subsidy is dropped, noted). A policy not in force on any day of the period pays nothing.
 *
 * Money: budget/<programme>/<budget> -> the payee, one transfer per paid loan, code
 * `interest.subsidy`, id int.<scheme>.<period>.l<k> (k: the loan's place in the run), refs
 * scheme, period, loan, firm, bank, policy, clause. The payee is the firm (firm/<uscc>/cash, free)
 * or the lending bank (bank/<b>/interest, credit's: the bank takes that much less interest from
 * the firm) — a scheme setting. The budget account's own limit refuses overspending: then the whole
 * period is refused (exit 1) and nothing is paid or recorded. The module creates no account of its
 * own (firm cash is free; the banks' are credit's).
 *
 * A period is paid once: a second accrual of the same scheme and period pays nothing and answers
 * with what was recorded (existed true). A period not yet over (today <= its last day) is refused
 * (period_open), and so is one sharing days with a period the scheme paid (period_overlaps: May
 * and 2024Q2), so no day is subsidised twice. */
#ifndef HS_INSTRUMENT_INTEREST_H
#define HS_INSTRUMENT_INTEREST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "instrument/credit_db.h"
#include "instrument/decision.h"
#include "store/book.h"
#include "store/store.h"

#define INTEREST_SCHEME_ID_MAX 33 /* bytes including NUL: ids of 1..32 bytes */
#define INTEREST_PERIOD_MAX 8     /* "2024-05" or "2024Q2", NUL included */
#define INTEREST_NOTE_MAX 512
#define INTEREST_CODE "interest.subsidy"
#define INTEREST_DAYS_PER_YEAR 365

typedef enum {
    INTEREST_PAY_FIRM = 0, /* firm/<uscc>/cash */
    INTEREST_PAY_BANK = 1, /* bank/<bank>/interest */
} interest_payee;

/* A subsidy scheme: the policy it runs (stored in the book at creation) and whom it pays. */
typedef struct {
    char id[INTEREST_SCHEME_ID_MAX];
    instrument_policy_ref policy; /* programme and budget come from the policy's budget line */
    interest_payee payee;
    hs_date created_date;
} interest_scheme;

/* A period: its text and its first and last day. */
typedef struct {
    char text[INTEREST_PERIOD_MAX];
    hs_date first, last;
} interest_period;

/* One loan in one period: what was counted, decided and paid. */
typedef struct {
    char scheme[INTEREST_SCHEME_ID_MAX];
    char period[INTEREST_PERIOD_MAX];
    int32_t seq; /* the loan's place in the run, 1-based */
    char loan[CREDIT_ID_MAX], firm[CREDIT_ID_MAX], bank[CREDIT_ID_MAX], product[CREDIT_ID_MAX];
    hs_date from, to;           /* first and last day with principal counted (0 if none) */
    int32_t days;               /* days with principal outstanding counted */
    int64_t principal_days_fen; /* Σ outstanding fen over those days */
    int64_t loan_rate_bp;       /* the loan's contractual rate */
    int64_t rate_bp;            /* the subsidy rate the policy gave (0 if not eligible) */
    bool eligible;
    int64_t computed_fen;           /* principal-days × rate, rounded once */
    int64_t amount_fen;             /* paid: computed, capped by the policy's limits */
    char clause[INTEREST_NOTE_MAX]; /* the amount's clause, or why not eligible */
    char note[INTEREST_NOTE_MAX];   /* a limit that capped it, else "" */
    char payee_account[ACCOUNT_NAME_MAX];
    char transfer_id[TRANSFER_ID_MAX];  /* "" if nothing was paid */
    char inputs[INSTRUMENT_INPUTS_MAX]; /* the policy's inputs, JSON text (for the explanation) */
} interest_accrual;

/* One period's run of a scheme. */
typedef struct {
    char scheme[INTEREST_SCHEME_ID_MAX];
    char period[INTEREST_PERIOD_MAX];
    hs_date first, last, run_date;
    int32_t loans; /* loans with principal in the period (one accrual row each) */
    int32_t paid;  /* of which paid something */
    int64_t total_fen;
} interest_run;

/* The result of one accrual: the run and its rows (owned: interest_result_free). */
typedef struct {
    interest_run run;
    interest_accrual *rows;
    size_t n;
    bool existed; /* the period had been paid before: nothing was paid now */
} interest_result;

/* Merges what the registry knows of firm `uscc` into `inputs` under the names already there (the
 * operations layer reads the registry; NULL: nothing is merged). */
typedef hs_status (*interest_firm_inputs_fn)(void *ctx, const char *uscc, json_t *inputs,
                                             hs_error *err);

/* Parses "YYYY-MM" or "YYYYQN" (N 1..4) into *out; false if neither. */
bool interest_period_parse(const char *text, interest_period *out);
/* "firm" or "bank". */
const char *interest_payee_name(interest_payee p);
/* Parses "firm" or "bank"; false if neither. */
bool interest_payee_parse(const char *text, interest_payee *out);

/* A principal change on a date: +amount at disbursement, -principal at a repayment. */
typedef struct {
    hs_date date;
    int64_t delta_fen;
} interest_step;

/* Counts principal-days over [from, to] (inclusive; from <= to) for a balance that starts at 0 and
 * changes by steps[i].delta_fen from steps[i].date on (steps in date order), ending at `stop` (0:
 * never; else no principal counts from that day on: a default). Fills *principal_days_fen, *days
 * (days with a positive balance) and *first_day / *last_day (0 if none). False on overflow or a
 * negative balance. Pure. */
bool interest_principal_days(const interest_step *steps, size_t n, hs_date from, hs_date to,
                             hs_date stop, int64_t *principal_days_fen, int32_t *days,
                             hs_date *first_day, hs_date *last_day);
/* principal_days_fen × rate_bp / (10000 × 365), rounded half away from zero; false on overflow or
 * negative input. Pure. */
bool interest_subsidy_fen(int64_t principal_days_fen, int64_t rate_bp, int64_t *out_fen);

/* Creates scheme `s->id` under the policy `ip` (which must feed instrument credit) inside the
 * transaction, storing the policy's text in the book; the same id with the same policy and payee is
 * a no-op (*existed true; may be NULL), another body HS_INPUT (id_reused); another scheme already
 * running that policy id HS_REFUSED (policy_in_use: no loan is paid twice). HS_NOT_FOUND if the
 * policy's budget account does not exist; HS_INPUT (invalid_field) for a bad id. */
hs_status interest_scheme_create(hs_tx *tx, const instrument_policy *ip, const char *id,
                                 interest_payee payee, hs_date on, interest_scheme *out,
                                 bool *existed, hs_error *err);
/* Calls fn for each scheme in id order (read-only). */
hs_status interest_schemes_each(hs_store *s,
                                hs_status (*fn)(void *ctx, const interest_scheme *sc,
                                                hs_error *err),
                                void *ctx, hs_error *err);
/* Calls fn for each period run of `scheme` (NULL: every scheme), by scheme then period. */
hs_status interest_runs_each(hs_store *s, const char *scheme,
                             hs_status (*fn)(void *ctx, const interest_run *r, hs_error *err),
                             void *ctx, hs_error *err);
/* Loads a scheme, read-only; *found false if none. */
hs_status interest_scheme_get(hs_store *s, const char *id, interest_scheme *out, bool *found,
                              hs_error *err);

/* Pays period `period` of scheme `scheme_id` inside the transaction (see the header comment):
 * HS_NOT_FOUND for an unknown scheme (field "scheme"); HS_INPUT for a bad period (field
 * "period"); HS_REFUSED period_open before the period is over, period_overlaps when it shares days
 * with a period paid, exceeds_credits (and the rest of
 * the ledger's refusals) when the budget can't pay it all — nothing is paid then. A period paid
 * before: out->existed, the recorded rows, nothing paid. The caller frees *out
 * (interest_result_free) whatever the status. */
hs_status interest_accrue(hs_tx *tx, const char *scheme_id, const char *period,
                          interest_firm_inputs_fn firm_inputs, void *firm_ctx, interest_result *out,
                          hs_error *err);
/* Loads a recorded period run with its rows, read-only; *found false if the period was not run.
 * The caller frees *out. */
hs_status interest_period_get(hs_store *s, const char *scheme_id, const char *period,
                              interest_result *out, bool *found, hs_error *err);
/* Frees the rows of a result (safe on a zeroed one). */
void interest_result_free(interest_result *r);

#endif
