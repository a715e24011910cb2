/* fund_deal.c — investments, marks, exits and write-offs (see fund_deal.h). */
#include "instrument/fund_deal.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "instrument/fund_repo.h"
#include "store/book.h"

const char *fund_deal_status_name(fund_deal_status s) {
    switch (s) {
    case FUND_DEAL_HELD:
        return "held";
    case FUND_DEAL_EXITED:
        return "exited";
    case FUND_DEAL_WRITTEN_OFF:
        return "written-off";
    }
    return "?";
}

hs_status fund_deal_get(hs_store *s, const char *fund, const char *deal, fund_deal *out,
                        bool *found, hs_error *err) {
    return fund_read_deal_get(s, fund, deal, out, found, err);
}

hs_status fund_deal_get_tx(hs_tx *tx, const char *fund, const char *deal, fund_deal *out,
                           bool *found, hs_error *err) {
    return fund_repo_deal_get(tx, fund, deal, out, found, err);
}

hs_status fund_deals_each(hs_store *s, const char *fund,
                          hs_status (*fn)(void *ctx, const fund_deal *d, hs_error *err), void *ctx,
                          hs_error *err) {
    return fund_read_deals(s, fund, fn, ctx, err);
}

static hs_status need_held_deal(hs_tx *tx, const char *fund, const char *deal, fund_deal *d,
                                hs_error *err) {
    bool found;
    hs_status st = fund_repo_deal_get(tx, fund, deal, d, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "deal", "field 'deal': fund %s has no deal '%s'", fund, deal);
    if (d->status != FUND_DEAL_HELD)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "deal", "deal %s of %s is %s", deal,
                            fund, fund_deal_status_name(d->status));
    return HS_OK;
}

/* A deal's figures are consistent: held within cost, nothing negative. */
static bool deal_sane(const fund_deal *d) {
    return d->held_fen >= 0 && d->held_fen <= d->cost_fen && d->value_fen >= 0 &&
           d->realised_fen >= 0 && d->distributed_fen <= d->realised_fen;
}

#define EVENT_BEGIN(kind)                                                                          \
    if ((st = fund_event_begin(tx, kind, event_id, body, res, err)) != HS_OK || res->existed)      \
    return st

hs_status fund_invest(hs_tx *tx, const char *event_id, const fund_deal *in, int64_t amount_fen,
                      hs_date date, fund_event_result *res, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    memset(res, 0, sizeof *res);
    fund_terms t;
    hs_status st = fund_need(tx, in->fund, "fund", &t, err);
    if (st != HS_OK)
        return st;
    if (!fund_id_valid(in->deal))
        return hs_invalid_field(err, "deal", "field 'deal': '%s' is not a valid id", in->deal);
    if (amount_fen <= 0 || amount_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_invalid_field(err, "amount", "field 'amount': must be positive");
    if (in->share_bp < 0 || in->share_bp > MONEY_BP_ONE)
        return hs_invalid_field(err, "share", "field 'share': 0..100%%");
    char body[1024], dt[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "invest|%s|%s|%s|%s|%s|%s|%s|%lld|%lld|%s", in->fund, in->deal,
             in->firm, in->sector, in->stage, in->city, in->region, (long long)in->share_bp,
             (long long)amount_fen, date_format(date, dt));
    EVENT_BEGIN("invest");
    fund_deal d;
    bool found;
    if ((st = fund_repo_deal_get(tx, in->fund, in->deal, &d, &found, err)) != HS_OK)
        return st;
    if (found) {
        if (d.status != FUND_DEAL_HELD)
            return hs_fail_code(err, HS_REFUSED, "state_conflict", "deal", "deal %s of %s is %s",
                                in->deal, in->fund, fund_deal_status_name(d.status));
        if (in->firm[0] && strcmp(in->firm, d.firm) != 0)
            return hs_invalid_field(err, "firm", "field 'firm': deal %s is in firm %s", in->deal,
                                    d.firm);
        d.cost_fen += amount_fen;
        d.held_fen += amount_fen;
        d.value_fen += amount_fen;
        if (in->share_bp > 0)
            d.share_bp = in->share_bp;
    } else {
        if (!in->firm[0] || !in->sector[0] || !in->stage[0] || !in->city[0])
            return hs_fail(err, HS_INPUT,
                           "a new deal needs --firm, --sector, --stage and --city (and --region)");
        d = *in;
        d.date = date;
        d.closed_date = 0;
        d.cost_fen = d.held_fen = d.value_fen = amount_fen;
        d.realised_fen = d.distributed_fen = 0;
        d.status = FUND_DEAL_HELD;
    }
    char inv[ACCOUNT_NAME_MAX], cash[ACCOUNT_NAME_MAX];
    fund_investment_account(in->fund, in->deal, inv, sizeof inv);
    fund_account(in->fund, "cash", cash, sizeof cash);
    if ((st = hs_tx_account_ensure(tx, inv, "holding", 0, FUND_OWNER, NULL, NULL, err)) != HS_OK)
        return st;
    fund_legs legs;
    fund_legs_init(&legs);
    if (!fund_legs_add(&legs, cash, inv, amount_fen, "fund.invest", date, in->fund, NULL, in->deal,
                       d.firm)) {
        fund_legs_free(&legs);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    fund_flow flow = {.deal = in->deal, .kind = "invest", .amount_fen = amount_fen};
    st = fund_apply_event(tx, res->id, in->fund, "invest", date, body, &legs, &flow, 1, err);
    fund_legs_free(&legs);
    assert(deal_sane(&d) && d.held_fen >= amount_fen);
    return st == HS_OK ? fund_repo_deal_save(tx, &d, err) : st;
}

hs_status fund_mark(hs_tx *tx, const char *event_id, const char *fund, const char *deal,
                    int64_t value_fen, hs_date date, fund_event_result *res, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    memset(res, 0, sizeof *res);
    fund_terms t;
    hs_status st = fund_need(tx, fund, "fund", &t, err);
    if (st != HS_OK)
        return st;
    if (value_fen < 0 || value_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_invalid_field(err, "value", "field 'value': must be >= 0");
    char body[256], dt[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "mark|%s|%s|%lld|%s", fund, deal, (long long)value_fen,
             date_format(date, dt));
    EVENT_BEGIN("mark");
    fund_deal d;
    if ((st = need_held_deal(tx, fund, deal, &d, err)) != HS_OK)
        return st;
    d.value_fen = value_fen;
    fund_legs legs;
    fund_legs_init(&legs);
    if ((st = fund_apply_event(tx, res->id, fund, "mark", date, body, &legs, NULL, 0, err)) !=
            HS_OK ||
        (st = fund_repo_mark_insert(tx, fund, deal, date, value_fen, res->id, err)) != HS_OK)
        return st;
    assert(deal_sane(&d));
    return fund_repo_deal_save(tx, &d, err);
}

hs_status fund_exit(hs_tx *tx, const char *event_id, const char *fund, const char *deal,
                    int64_t proceeds_fen, int64_t cost_fen, hs_date date, fund_event_result *res,
                    hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    memset(res, 0, sizeof *res);
    fund_terms t;
    hs_status st = fund_need(tx, fund, "fund", &t, err);
    if (st != HS_OK)
        return st;
    if (proceeds_fen < 0 || proceeds_fen > TRANSFER_AMOUNT_MAX_FEN || cost_fen < 0)
        return hs_invalid_field(err, "proceeds", "field 'proceeds': must be >= 0");
    char body[256], dt[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "exit|%s|%s|%lld|%lld|%s", fund, deal, (long long)proceeds_fen,
             (long long)cost_fen, date_format(date, dt));
    EVENT_BEGIN("exit");
    fund_deal d;
    if ((st = need_held_deal(tx, fund, deal, &d, err)) != HS_OK)
        return st;
    if (cost_fen == 0)
        cost_fen = d.held_fen;
    if (cost_fen > d.held_fen) {
        char m[MONEY_TEXT_MAX];
        return hs_invalid_field(err, "cost", "field 'cost': the deal holds only %s at cost",
                                money_format(d.held_fen, m, sizeof m));
    }
    char inv[ACCOUNT_NAME_MAX], cash[ACCOUNT_NAME_MAX], gains[ACCOUNT_NAME_MAX],
        losses[ACCOUNT_NAME_MAX];
    fund_investment_account(fund, deal, inv, sizeof inv);
    fund_account(fund, "cash", cash, sizeof cash);
    fund_account(fund, "gains", gains, sizeof gains);
    fund_account(fund, "losses", losses, sizeof losses);
    fund_legs legs;
    fund_legs_init(&legs);
    bool ok;
    if (proceeds_fen >= cost_fen)
        ok = fund_legs_add(&legs, inv, cash, cost_fen, "fund.exit", date, fund, NULL, deal,
                           d.firm) &&
             fund_legs_add(&legs, gains, cash, proceeds_fen - cost_fen, "fund.exit", date, fund,
                           NULL, deal, d.firm);
    else
        ok = fund_legs_add(&legs, inv, cash, proceeds_fen, "fund.exit", date, fund, NULL, deal,
                           d.firm) &&
             fund_legs_add(&legs, inv, losses, cost_fen - proceeds_fen, "fund.exit", date, fund,
                           NULL, deal, d.firm);
    if (!ok) {
        fund_legs_free(&legs);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    /* the value of what is sold falls in proportion to its cost */
    int64_t sold_value = d.value_fen;
    if (cost_fen < d.held_fen && !money_mul_ratio(d.value_fen, cost_fen, d.held_fen, &sold_value)) {
        fund_legs_free(&legs);
        return hs_fail(err, HS_INPUT, "exit: value overflow");
    }
    d.value_fen -= sold_value;
    d.held_fen -= cost_fen;
    d.realised_fen += proceeds_fen;
    if (d.held_fen == 0) {
        d.status = FUND_DEAL_EXITED;
        d.closed_date = date;
        d.value_fen = 0;
    }
    fund_flow flow = {.deal = deal, .kind = "exit", .amount_fen = proceeds_fen};
    st = fund_apply_event(tx, res->id, fund, "exit", date, body, &legs, &flow, 1, err);
    fund_legs_free(&legs);
    assert(deal_sane(&d));
    return st == HS_OK ? fund_repo_deal_save(tx, &d, err) : st;
}

hs_status fund_writeoff(hs_tx *tx, const char *event_id, const char *fund, const char *deal,
                        hs_date date, fund_event_result *res, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    memset(res, 0, sizeof *res);
    fund_terms t;
    hs_status st = fund_need(tx, fund, "fund", &t, err);
    if (st != HS_OK)
        return st;
    char body[256], dt[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "writeoff|%s|%s|%s", fund, deal, date_format(date, dt));
    EVENT_BEGIN("writeoff");
    fund_deal d;
    if ((st = need_held_deal(tx, fund, deal, &d, err)) != HS_OK)
        return st;
    char inv[ACCOUNT_NAME_MAX], losses[ACCOUNT_NAME_MAX];
    fund_investment_account(fund, deal, inv, sizeof inv);
    fund_account(fund, "losses", losses, sizeof losses);
    fund_legs legs;
    fund_legs_init(&legs);
    if (!fund_legs_add(&legs, inv, losses, d.held_fen, "fund.writeoff", date, fund, NULL, deal,
                       d.firm)) {
        fund_legs_free(&legs);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    fund_flow flow = {.deal = deal, .kind = "writeoff", .amount_fen = d.held_fen};
    d.held_fen = 0;
    d.value_fen = 0;
    d.status = FUND_DEAL_WRITTEN_OFF;
    d.closed_date = date;
    st = fund_apply_event(tx, res->id, fund, "writeoff", date, body, &legs, &flow, 1, err);
    fund_legs_free(&legs);
    assert(deal_sane(&d) && d.held_fen == 0 && d.value_fen == 0);
    return st == HS_OK ? fund_repo_deal_save(tx, &d, err) : st;
}
