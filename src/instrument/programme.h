/* programme.h — a funding programme (e.g. "chengdu-2024"): an appropriation that funds named budget
 * accounts, which instruments draw on. All money moves as ledger transfers:
 *
 *   appropriation/<programme>            kind appropriation (the source; goes negative as it funds)
 *   budget/<programme>/<budget>          kind budget, limit debits-le-credits (can never overspend)
 *
 * A programme created with a multi-year appropriation (Sichuan: 12亿 over three years) holds it
 * in two more accounts, and its appropriation can then only fund what has been released:
 *
 *   treasury/<programme>                 kind treasury (the source of the whole pledge)
 *   pledge/<programme>                   kind pledge, debits-le-credits: appropriated, not released
 *   appropriation/<programme>            then debits-le-credits too: released, not yet budgeted
 *
 * Creating it moves the whole amount treasury -> pledge; each release (year by year, by an
 * officer) moves part of it pledge -> appropriation; the ledger refuses a release beyond what is
 * left of the pledge and a funding beyond what was released.
 *
 * Funding a budget (and every top-up) is a transfer appropriation -> budget. Closing a programme
 * returns each budget's unreserved remainder to the appropriation and refuses later funding.
 * Both accounts are owned by the module "programme": a plain `huoshui transfer` cannot move them.
 * The programme record itself is kept behind instrument/programme_repo.h. */
#ifndef HS_INSTRUMENT_PROGRAMME_H
#define HS_INSTRUMENT_PROGRAMME_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "store/book.h"
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
    /* create only: a multi-year appropriation of this many fen, released by programme_tx_release;
     * 0 for an open-ended appropriation (funding draws on it without a limit) */
    int64_t multi_year_fen;
} programme;

/* What a multi-year appropriation stands at (all fen, read from the ledger's accounts). */
typedef struct {
    bool multi_year;        /* false: an open-ended appropriation (the figures below are 0) */
    int64_t pledged_fen;    /* the whole appropriation (credited to pledge/<programme>) */
    int64_t released_fen;   /* released so far (pledge -> appropriation) */
    int64_t unreleased_fen; /* pledged - released */
    int64_t unbudgeted_fen; /* released (and returned at close) not yet in a budget */
} programme_appropriation;

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
    int64_t credits_posted_fen;  /* the account's stored balances, which the flows above add up */
    int64_t debits_posted_fen;   /* to on a sound book (`check` verifies it) */
} programme_budget;

/* Inside tx: creates the programme and its appropriation account (owned by "programme"), and with
 * p->multi_year_fen > 0 the pledge of that many fen (see above); the same id with the same titles
 * and appropriation is a no-op. HS_INPUT (invalid_field "id") for a malformed id, HS_INPUT
 * (invalid_field "appropriation") for a negative appropriation, HS_INPUT if the id exists with
 * other titles or another appropriation. Nothing is committed here: the caller ends
 * tx. */
hs_status programme_tx_create(hs_tx *tx, const programme *p, hs_error *err);
/* Inside tx: funds (or tops up) budget `budget_name` of an open programme with amount_fen, creating
 * the budget account (owned by "programme", debits-le-credits) on first use. The programme's state
 * is read in the same transaction as the funding is written, so a close cannot slip between them.
 * transfer_id makes it idempotent (NULL: derived from programme, budget, amount and date).
 * HS_NOT_FOUND for an unknown programme, HS_REFUSED (state_conflict) if it is closed, HS_INPUT
 * (invalid_field "amount") if amount_fen <= 0; a refused transfer is its result's status and
 * name. On any error the caller must roll tx back. */
hs_status programme_tx_fund(hs_tx *tx, const char *programme_id, const char *budget_name,
                            int64_t amount_fen, hs_date date, const char *transfer_id,
                            hs_error *err);
/* Inside tx: releases amount_fen of an open programme's multi-year appropriation on `date`
 * (pledge -> appropriation, code programme.release), so budgets can be funded with it.
 * transfer_id makes it idempotent (NULL: derived from programme, amount and date). HS_NOT_FOUND for
 * an unknown programme; HS_REFUSED state_conflict if it is closed or has no multi-year
 * appropriation; HS_INPUT invalid_field "amount" if amount_fen <= 0; HS_REFUSED exceeds_credits
 * (naming what is left to release) beyond the pledge. On any error the caller must roll tx back. */
hs_status programme_tx_release(hs_tx *tx, const char *programme_id, int64_t amount_fen,
                               hs_date date, const char *transfer_id, hs_error *err);
/* Reads the programme's multi-year appropriation figures (all zero and multi_year false for an
 * open-ended one) from its accounts, on the store's connection (inside an open transaction, if
 * any); a failed read is HS_STORAGE. Figures are reported as found (`check` judges a tampered
 * book). */
hs_status programme_appropriation_read(hs_store *s, const char *programme_id,
                                       programme_appropriation *out, hs_error *err);
/* Inside tx: closes an open programme on `date`: returns each budget's remaining (unreserved)
 * balance to the appropriation in one linked chain and marks the programme closed, all in tx, so
 * no funding can land in between. HS_NOT_FOUND if unknown, HS_REFUSED (state_conflict) if already
 * closed. On any error the caller must roll tx back. */
hs_status programme_tx_close(hs_tx *tx, const char *programme_id, hs_date date, hs_error *err);

/* Self-transacting forms of programme_tx_create / programme_tx_fund for callers without an
 * operation (tests, other modules' set-up): each runs in its own hs_tx, committed on success and
 * rolled back on any error. Must not be called inside an open transaction. */
hs_status programme_create(hs_store *s, const programme *p, hs_error *err);
hs_status programme_fund(hs_store *s, const char *programme_id, const char *budget_name,
                         int64_t amount_fen, hs_date date, const char *transfer_id, hs_error *err);

/* Loads a programme (with multi_year_fen read from its pledge); *found false if there is none.
 * Reads on the store's connection (inside an
 * open transaction, if any). */
hs_status programme_get(hs_store *s, const char *id, programme *out, bool *found, hs_error *err);
/* The account name of a programme's budget ("budget/<programme>/<budget>"). */
void programme_budget_account(const char *programme_id, const char *budget_name, char *out,
                              size_t len);
/* Calls fn for each budget of the programme (name order), with its figures split by purpose from
 * the ledger's flows. Reads on the store's connection (inside an open transaction, if any); a
 * failed read is HS_STORAGE. The figures are reported as found: a tampered book is caught by
 * `check`, never by an assertion here. */
hs_status programme_budgets(hs_store *s, const char *programme_id,
                            hs_status (*fn)(void *ctx, const programme_budget *b, hs_error *err),
                            void *ctx, hs_error *err);
/* HS_OK if the programme exists and is open; HS_REFUSED (state_conflict, closed) or HS_NOT_FOUND
 * (unknown) otherwise. Reads on the store's connection: call it inside the transaction that acts on
 * the answer. */
hs_status programme_require_open(hs_store *s, const char *programme_id, hs_error *err);

#endif
