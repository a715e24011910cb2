/* programme.h — a funding programme (e.g. "chengdu-2024"): an appropriation that funds named budget
 * accounts, which instruments draw on. All money moves as ledger transfers:
 *
 *   appropriation/<programme>            kind appropriation (the source; goes negative as it funds)
 *   budget/<programme>/<budget>          kind budget, limit debits-le-credits (can never overspend)
 *
 * Funding a budget (and every top-up) is a transfer appropriation -> budget. Closing a programme
 * returns each budget's unreserved remainder to the appropriation and refuses later funding.
 * Table programmes(id PK, title_zh, title_en, created_date, closed_date) records the programme. */
#ifndef HS_INSTRUMENT_PROGRAMME_H
#define HS_INSTRUMENT_PROGRAMME_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "store/store.h"

#define PROGRAMME_ID_MAX 64
#define PROGRAMME_TITLE_MAX 256

typedef struct {
    char id[PROGRAMME_ID_MAX];
    char title_zh[PROGRAMME_TITLE_MAX];
    char title_en[PROGRAMME_TITLE_MAX];
    hs_date created_date;
    hs_date closed_date; /* 0 if open */
    bool closed;
} programme;

/* One budget of a programme with its figures (all fen). */
typedef struct {
    char account[ACCOUNT_NAME_MAX];
    char name[ACCOUNT_NAME_MAX]; /* the part after budget/<programme>/ */
    int64_t appropriated_fen;    /* funded from the appropriation (code programme.fund) */
    int64_t returned_fen;        /* other money back in: clawbacks, recoveries */
    int64_t reserved_fen;        /* debits pending: awards approved, vouchers issued */
    int64_t paid_fen;            /* paid out (posted debits other than the close-out) */
    int64_t closed_out_fen;      /* returned to the appropriation when the programme closed */
    int64_t remaining_fen;       /* appropriated + returned - paid - closed out - reserved */
} programme_budget;

/* Creates a programme and its appropriation account; same id + same titles is a no-op. */
hs_status programme_create(hs_store *s, const programme *p, hs_error *err);
/* Loads a programme; *found false if there is none. */
hs_status programme_get(hs_store *s, const char *id, programme *out, bool *found, hs_error *err);
/* Funds (or tops up) budget `budget_name` of an open programme with amount_fen, creating the budget
 * account on first use. transfer_id makes it idempotent (NULL: derived from programme, budget,
 * amount and date). */
hs_status programme_fund(hs_store *s, const char *programme_id, const char *budget_name,
                         int64_t amount_fen, hs_date date, const char *transfer_id, hs_error *err);
/* The account name of a programme's budget ("budget/<programme>/<budget>"). */
void programme_budget_account(const char *programme_id, const char *budget_name, char *out,
                              size_t len);
/* Calls fn for each budget of the programme, with its figures. */
hs_status programme_budgets(hs_store *s, const char *programme_id,
                            hs_status (*fn)(void *ctx, const programme_budget *b, hs_error *err),
                            void *ctx, hs_error *err);
/* Closes an open programme on `date`: returns each budget's remaining (unreserved) balance to the
 * appropriation in one linked batch, then marks it closed. HS_REFUSED if already closed. */
hs_status programme_close(hs_store *s, const char *programme_id, hs_date date, hs_error *err);
/* HS_OK if the programme exists and is open; HS_REFUSED (closed) or HS_INPUT (unknown) otherwise.
 */
hs_status programme_require_open(hs_store *s, const char *programme_id, hs_error *err);

#endif
