/* fund_deal.c — investments, marks, exits and write-offs (see fund_deal.h). */
#include "instrument/fund_deal.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
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

#define DEAL_COLS                                                                                  \
    "fund, deal, firm, sector, stage, city, region, share_bp, date, closed_date, cost_fen,"        \
    " held_fen, value_fen, realised_fen, distributed_fen, status"

static void row_to_deal(sqlite3_stmt *q, fund_deal *d) {
    memset(d, 0, sizeof *d);
    snprintf(d->fund, sizeof d->fund, "%s", sqlite3_column_text(q, 0));
    snprintf(d->deal, sizeof d->deal, "%s", sqlite3_column_text(q, 1));
    snprintf(d->firm, sizeof d->firm, "%s", sqlite3_column_text(q, 2));
    snprintf(d->sector, sizeof d->sector, "%s", sqlite3_column_text(q, 3));
    snprintf(d->stage, sizeof d->stage, "%s", sqlite3_column_text(q, 4));
    snprintf(d->city, sizeof d->city, "%s", sqlite3_column_text(q, 5));
    snprintf(d->region, sizeof d->region, "%s", sqlite3_column_text(q, 6));
    d->share_bp = sqlite3_column_int64(q, 7);
    d->date = (hs_date)sqlite3_column_int64(q, 8);
    d->closed_date = (hs_date)sqlite3_column_int64(q, 9);
    d->cost_fen = sqlite3_column_int64(q, 10);
    d->held_fen = sqlite3_column_int64(q, 11);
    d->value_fen = sqlite3_column_int64(q, 12);
    d->realised_fen = sqlite3_column_int64(q, 13);
    d->distributed_fen = sqlite3_column_int64(q, 14);
    d->status = (fund_deal_status)sqlite3_column_int(q, 15);
}

hs_status fund_deal_get(hs_store *s, const char *fund, const char *deal, fund_deal *out,
                        bool *found, hs_error *err) {
    hs_status st = HS_OK;
    sqlite3_stmt *q;
    if ((st = fund_sql_prepare(s,
                               "SELECT " DEAL_COLS " FROM fund_deals WHERE fund = ?1 AND deal = ?2",
                               &q, err)) != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, fund, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, deal, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *found = rc == SQLITE_ROW;
    if (*found)
        row_to_deal(q, out);
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return hs_fail(err, HS_STORAGE, "%s: reading a deal", store_path(s));
    return HS_OK;
}

hs_status fund_deals_each(hs_store *s, const char *fund,
                          hs_status (*fn)(void *ctx, const fund_deal *d, hs_error *err), void *ctx,
                          hs_error *err) {
    hs_status st = HS_OK;
    sqlite3_stmt *q;
    if ((st = fund_sql_prepare(s,
                               "SELECT " DEAL_COLS " FROM fund_deals WHERE fund = ?1 ORDER BY deal",
                               &q, err)) != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, fund, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        fund_deal d;
        row_to_deal(q, &d);
        if ((st = fn(ctx, &d, err)) != HS_OK) {
            sqlite3_finalize(q);
            return st;
        }
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? HS_OK : hs_fail(err, HS_STORAGE, "%s: reading deals", store_path(s));
}

/* Writes the deal row (insert or replace) inside the event's transaction. */
static hs_status save_deal(void *ctx, hs_store *s, hs_error *err) {
    const fund_deal *d = ctx;
    sqlite3_stmt *q;
    hs_status st =
        fund_sql_prepare(s,
                         "INSERT OR REPLACE INTO fund_deals (" DEAL_COLS
                         ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)",
                         &q, err);
    if (st != HS_OK)
        return st;
    const char *t[] = {d->fund, d->deal, d->firm, d->sector, d->stage, d->city, d->region};
    for (int i = 0; i < 7; i++)
        sqlite3_bind_text(q, i + 1, t[i], -1, SQLITE_STATIC);
    int64_t v[] = {d->share_bp,  d->date,         d->closed_date,     d->cost_fen, d->held_fen,
                   d->value_fen, d->realised_fen, d->distributed_fen, d->status};
    for (int i = 0; i < 9; i++)
        sqlite3_bind_int64(q, 8 + i, v[i]);
    return fund_sql_done(s, q, "saving a deal", err);
}

static hs_status need_fund(hs_store *s, const char *fund, hs_error *err) {
    fund_terms t;
    bool found;
    hs_status st = fund_get(s, fund, &t, &found, err);
    if (st == HS_OK && !found)
        st = hs_fail(err, HS_INPUT, "no fund '%s'", fund);
    return st;
}

static hs_status need_held_deal(hs_store *s, const char *fund, const char *deal, fund_deal *d,
                                hs_error *err) {
    bool found;
    hs_status st = fund_deal_get(s, fund, deal, d, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_fail(err, HS_INPUT, "field 'deal': fund %s has no deal '%s'", fund, deal);
    if (d->status != FUND_DEAL_HELD)
        return hs_fail(err, HS_REFUSED, "deal %s of %s is %s", deal, fund,
                       fund_deal_status_name(d->status));
    return HS_OK;
}

#define EVENT_ID(kind)                                                                             \
    char idbuf[FUND_EVENT_ID_MAX + 32];                                                            \
    if (event_id == NULL) {                                                                        \
        fund_default_event_id(kind, body, idbuf, sizeof idbuf);                                    \
        event_id = idbuf;                                                                          \
    }                                                                                              \
    if ((st = fund_event_check(s, event_id, body, existed, err)) != HS_OK || *existed)             \
    return st

hs_status fund_invest(hs_store *s, const char *event_id, const fund_deal *in, int64_t amount_fen,
                      hs_date date, bool *existed, hs_error *err) {
    *existed = false;
    hs_status st = need_fund(s, in->fund, err);
    if (st != HS_OK)
        return st;
    if (!fund_id_valid(in->deal))
        return hs_fail(err, HS_INPUT, "field 'deal': '%s' is not a valid id", in->deal);
    if (amount_fen <= 0 || amount_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_fail(err, HS_INPUT, "field 'amount': must be positive");
    if (in->share_bp < 0 || in->share_bp > MONEY_BP_ONE)
        return hs_fail(err, HS_INPUT, "field 'share': 0..100%%");
    char body[1024], dt[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "invest|%s|%s|%s|%s|%s|%s|%s|%lld|%lld|%s", in->fund, in->deal,
             in->firm, in->sector, in->stage, in->city, in->region, (long long)in->share_bp,
             (long long)amount_fen, date_format(date, dt));
    EVENT_ID("invest");
    fund_deal d;
    bool found;
    if ((st = fund_deal_get(s, in->fund, in->deal, &d, &found, err)) != HS_OK)
        return st;
    if (found) {
        if (d.status != FUND_DEAL_HELD)
            return hs_fail(err, HS_REFUSED, "deal %s of %s is %s", in->deal, in->fund,
                           fund_deal_status_name(d.status));
        if (in->firm[0] && strcmp(in->firm, d.firm) != 0)
            return hs_fail(err, HS_INPUT, "field 'firm': deal %s is in firm %s", in->deal, d.firm);
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
    hs_account a;
    bool ex;
    if ((st = book_account_create(s, inv, "holding", 0, &a, &ex, err)) != HS_OK)
        return st;
    fund_legs legs;
    fund_legs_init(&legs);
    if (!fund_legs_add(&legs, cash, inv, amount_fen, "fund.invest", date, in->fund, NULL, in->deal,
                       d.firm)) {
        fund_legs_free(&legs);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    fund_flow flow = {.deal = in->deal, .kind = "invest", .amount_fen = amount_fen};
    st = fund_apply_event(s, event_id, in->fund, "invest", date, body, &legs, &flow, 1, save_deal,
                          &d, existed, err);
    fund_legs_free(&legs);
    return st;
}

typedef struct {
    fund_deal *d;
    const char *event_id;
    hs_date date;
} mark_ctx;

static hs_status mark_rows(void *vctx, hs_store *s, hs_error *err) {
    mark_ctx *c = vctx;
    sqlite3_stmt *q;
    hs_status st = fund_sql_prepare(
        s, "INSERT INTO fund_marks (fund, deal, date, value_fen, event) VALUES (?1,?2,?3,?4,?5)",
        &q, err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, c->d->fund, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, c->d->deal, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, c->date);
    sqlite3_bind_int64(q, 4, c->d->value_fen);
    sqlite3_bind_text(q, 5, c->event_id, -1, SQLITE_STATIC);
    if ((st = fund_sql_done(s, q, "recording a mark", err)) != HS_OK)
        return st;
    return save_deal(c->d, s, err);
}

hs_status fund_mark(hs_store *s, const char *event_id, const char *fund, const char *deal,
                    int64_t value_fen, hs_date date, bool *existed, hs_error *err) {
    *existed = false;
    hs_status st = need_fund(s, fund, err);
    if (st != HS_OK)
        return st;
    if (value_fen < 0 || value_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_fail(err, HS_INPUT, "field 'value': must be >= 0");
    char body[256], dt[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "mark|%s|%s|%lld|%s", fund, deal, (long long)value_fen,
             date_format(date, dt));
    EVENT_ID("mark");
    fund_deal d;
    if ((st = need_held_deal(s, fund, deal, &d, err)) != HS_OK)
        return st;
    d.value_fen = value_fen;
    fund_legs legs;
    fund_legs_init(&legs);
    mark_ctx c = {&d, event_id, date};
    return fund_apply_event(s, event_id, fund, "mark", date, body, &legs, NULL, 0, mark_rows, &c,
                            existed, err);
}

hs_status fund_exit(hs_store *s, const char *event_id, const char *fund, const char *deal,
                    int64_t proceeds_fen, int64_t cost_fen, hs_date date, bool *existed,
                    hs_error *err) {
    *existed = false;
    hs_status st = need_fund(s, fund, err);
    if (st != HS_OK)
        return st;
    if (proceeds_fen < 0 || proceeds_fen > TRANSFER_AMOUNT_MAX_FEN || cost_fen < 0)
        return hs_fail(err, HS_INPUT, "field 'proceeds': must be >= 0");
    char body[256], dt[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "exit|%s|%s|%lld|%lld|%s", fund, deal, (long long)proceeds_fen,
             (long long)cost_fen, date_format(date, dt));
    EVENT_ID("exit");
    fund_deal d;
    if ((st = need_held_deal(s, fund, deal, &d, err)) != HS_OK)
        return st;
    if (cost_fen == 0)
        cost_fen = d.held_fen;
    if (cost_fen > d.held_fen) {
        char m[MONEY_TEXT_MAX];
        return hs_fail(err, HS_INPUT, "field 'cost': the deal holds only %s at cost",
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
    st = fund_apply_event(s, event_id, fund, "exit", date, body, &legs, &flow, 1, save_deal, &d,
                          existed, err);
    fund_legs_free(&legs);
    return st;
}

hs_status fund_writeoff(hs_store *s, const char *event_id, const char *fund, const char *deal,
                        hs_date date, bool *existed, hs_error *err) {
    *existed = false;
    hs_status st = need_fund(s, fund, err);
    if (st != HS_OK)
        return st;
    char body[256], dt[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "writeoff|%s|%s|%s", fund, deal, date_format(date, dt));
    EVENT_ID("writeoff");
    fund_deal d;
    if ((st = need_held_deal(s, fund, deal, &d, err)) != HS_OK)
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
    st = fund_apply_event(s, event_id, fund, "writeoff", date, body, &legs, &flow, 1, save_deal, &d,
                          existed, err);
    fund_legs_free(&legs);
    return st;
}
