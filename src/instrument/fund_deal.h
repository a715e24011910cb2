/* fund_deal.h — a fund's direct investments (deals) in firms: investment (and follow-ons),
 * valuation marks, exits and write-offs.
 *
 * invest    fund/F/cash -> fund/F/investment/DEAL (code fund.invest; refs fund, deal, firm): the
 *           holding account holds the cost. The fund cannot invest cash it does not hold. Exit
 *           proceeds kept in fund/F/cash can be invested again (recycling).
 * mark      a fair value for a held deal on a date. Marks are NOT money: they are rows in
 *           fund_marks and the deal's current value; NAV = cash + the value of held deals.
 * exit      proceeds P for cost C of the deal (C = all of it unless given): investment -> cash C,
 *           and fund/F/gains -> cash P - C (a gain) or investment -> fund/F/losses C - P (a loss).
 *           The deal's value falls in proportion to the cost sold.
 * writeoff  investment -> fund/F/losses: the whole held cost; value 0. */
#ifndef HS_INSTRUMENT_FUND_DEAL_H
#define HS_INSTRUMENT_FUND_DEAL_H

#include "instrument/fund.h"

typedef enum {
    FUND_DEAL_HELD = 0,
    FUND_DEAL_EXITED = 1,
    FUND_DEAL_WRITTEN_OFF = 2
} fund_deal_status;

typedef struct {
    char fund[FUND_ID_MAX];
    char deal[FUND_ID_MAX];
    char firm[FUND_TEXT_MAX];
    char sector[FUND_TEXT_MAX], stage[FUND_TEXT_MAX], city[FUND_TEXT_MAX], region[FUND_TEXT_MAX];
    int64_t share_bp;        /* equity share acquired */
    hs_date date;            /* first investment */
    hs_date closed_date;     /* exit or write-off, 0 if held */
    int64_t cost_fen;        /* invested, all rounds */
    int64_t held_fen;        /* cost still held */
    int64_t value_fen;       /* fair value of what is held (latest mark, else cost) */
    int64_t realised_fen;    /* exit proceeds */
    int64_t distributed_fen; /* proceeds passed through the American waterfall */
    fund_deal_status status;
} fund_deal;

/* "held", "exited", "written-off". */
const char *fund_deal_status_name(fund_deal_status s);

/* Inside tx: invests amount_fen of fund F in deal (new: firm, sector, stage, city, region, share
 * needed; existing: a follow-on in the same firm). Idempotent on event_id (NULL: derived). The
 * ledger refuses an investment above the fund's cash (exceeds_credits). */
hs_status fund_invest(hs_tx *tx, const char *event_id, const fund_deal *deal, int64_t amount_fen,
                      hs_date date, fund_event_result *res, hs_error *err);
/* Inside tx: marks a held deal at value_fen (>= 0) on date. */
hs_status fund_mark(hs_tx *tx, const char *event_id, const char *fund, const char *deal,
                    int64_t value_fen, hs_date date, fund_event_result *res, hs_error *err);
/* Inside tx: exits cost_fen of the deal (0: all of it) for proceeds_fen (>= 0). */
hs_status fund_exit(hs_tx *tx, const char *event_id, const char *fund, const char *deal,
                    int64_t proceeds_fen, int64_t cost_fen, hs_date date, fund_event_result *res,
                    hs_error *err);
/* Inside tx: writes the deal off. */
hs_status fund_writeoff(hs_tx *tx, const char *event_id, const char *fund, const char *deal,
                        hs_date date, fund_event_result *res, hs_error *err);

/* Read-only: loads one deal; *found false if none. */
hs_status fund_deal_get(hs_store *s, const char *fund, const char *deal, fund_deal *out,
                        bool *found, hs_error *err);
/* Inside tx: loads one deal; *found false if none. */
hs_status fund_deal_get_tx(hs_tx *tx, const char *fund, const char *deal, fund_deal *out,
                           bool *found, hs_error *err);
/* Read-only: calls fn for each deal of fund F in deal order. */
hs_status fund_deals_each(hs_store *s, const char *fund,
                          hs_status (*fn)(void *ctx, const fund_deal *d, hs_error *err), void *ctx,
                          hs_error *err);

#endif
