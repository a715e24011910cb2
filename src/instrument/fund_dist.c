/* fund_dist.c — fees and waterfall distributions (see fund_dist.h). */
#include "instrument/fund_dist.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "instrument/fund_deal.h"
#include "instrument/fund_lp.h"
#include "store/book.h"

int64_t fund_whole_years(hs_date from, hs_date to) {
    int64_t n = 0;
    while (n < WATERFALL_YEARS_MAX && date_add_years(from, (int32_t)(n + 1)) <= to)
        n++;
    return n;
}

static hs_status need_fund(hs_store *s, const char *fund, fund_terms *t, hs_error *err) {
    bool found;
    hs_status st = fund_get(s, fund, t, &found, err);
    if (st == HS_OK && !found)
        st = hs_fail(err, HS_INPUT, "no fund '%s'", fund);
    return st;
}

/* One number from SQL with one text parameter (and an optional second). */
static hs_status sql_sum(hs_store *s, const char *sql, const char *a, const char *b, int64_t *out,
                         hs_error *err) {
    sqlite3_stmt *q;
    hs_status st = fund_sql_prepare(s, sql, &q, err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, a, -1, SQLITE_STATIC);
    if (b != NULL)
        sqlite3_bind_text(q, 2, b, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? HS_OK : hs_fail(err, HS_STORAGE, "%s: summing flows", store_path(s));
}

hs_status fund_fee_basis_fen(hs_store *s, const fund_terms *t, int64_t *basis_fen, hs_error *err) {
    fund_lp *lps;
    size_t n;
    hs_status st = fund_lps_load(s, t->id, &lps, &n, err);
    if (st != HS_OK)
        return st;
    int64_t committed = 0, paid_in = 0;
    for (size_t i = 0; i < n; i++) {
        committed += lps[i].called_fen + lps[i].uncalled_fen;
        paid_in += lps[i].called_fen;
    }
    free(lps);
    if (t->fee_basis == FUND_FEE_COMMITTED) {
        *basis_fen = committed;
        return HS_OK;
    }
    if (t->fee_basis == FUND_FEE_PAID_IN) {
        *basis_fen = paid_in;
        return HS_OK;
    }
    int64_t held, into_subs;
    if ((st = sql_sum(s, "SELECT COALESCE(SUM(held_fen),0) FROM fund_deals WHERE fund = ?1", t->id,
                      NULL, &held, err)) != HS_OK ||
        (st = sql_sum(s,
                      "SELECT COALESCE(SUM(amount_fen),0) FROM fund_flows WHERE lp = ?1 AND kind "
                      "= 'call' AND fund <> ?1",
                      t->id, NULL, &into_subs, err)) != HS_OK)
        return st;
    *basis_fen = held + into_subs;
    return HS_OK;
}

hs_status fund_fee(hs_store *s, const char *event_id, const char *fund, hs_date date, int days,
                   int64_t amount_fen, int64_t *fee_fen, bool *existed, hs_error *err) {
    *existed = false;
    *fee_fen = 0;
    fund_terms t;
    hs_status st = need_fund(s, fund, &t, err);
    if (st != HS_OK)
        return st;
    if (amount_fen < 0 || amount_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_fail(err, HS_INPUT, "field 'amount': must be positive");
    if (amount_fen == 0 && (days <= 0 || days > 3660))
        return hs_fail(err, HS_INPUT, "field 'days': give --days 1..3660 or --amount");
    char body[256], dt[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "fee|%s|%s|%d|%lld", fund, date_format(date, dt), days,
             (long long)amount_fen);
    char idbuf[FUND_EVENT_ID_MAX + 32];
    if (event_id == NULL) {
        fund_default_event_id("fee", body, idbuf, sizeof idbuf);
        event_id = idbuf;
    }
    if ((st = fund_event_check(s, event_id, body, existed, err)) != HS_OK || *existed)
        return st;
    int64_t fee = amount_fen;
    if (fee == 0) {
        int64_t basis;
        if ((st = fund_fee_basis_fen(s, &t, &basis, err)) != HS_OK)
            return st;
        bool investing = date < date_add_years(t.vintage, t.invest_years);
        int64_t rate = investing ? t.fee_bp : t.fee_exit_bp;
        if (!money_mul_ratio(basis, rate * days, MONEY_BP_ONE * 365, &fee))
            return hs_fail(err, HS_INPUT, "fee: overflow");
        if (fee == 0)
            return hs_fail(err, HS_REFUSED, "fee: nothing to charge (basis or rate is zero)");
    }
    char cash[ACCOUNT_NAME_MAX], gp[ACCOUNT_NAME_MAX];
    fund_account(fund, "cash", cash, sizeof cash);
    snprintf(gp, sizeof gp, "gp/%s/fees", t.gp);
    fund_legs legs;
    fund_legs_init(&legs);
    if (!fund_legs_add(&legs, cash, gp, fee, "fund.fee", date, fund, NULL, NULL, NULL)) {
        fund_legs_free(&legs);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    fund_flow flow = {.kind = "fee", .amount_fen = fee};
    st = fund_apply_event(s, event_id, fund, "fee", date, body, &legs, &flow, 1, NULL, NULL,
                          existed, err);
    fund_legs_free(&legs);
    if (st == HS_OK)
        *fee_fen = fee;
    return st;
}

static bool is_gov(fund_lp_type t) {
    return t == FUND_LP_GOV || t == FUND_LP_FUND;
}

/* Prior distributions (for the deal, if given) by LP into per-LP sums, and the GP's carry. */
static hs_status priors(hs_store *s, const char *fund, const char *deal, const fund_lp *lps,
                        size_t n, int64_t *per_lp, int64_t *gp_prior, hs_error *err) {
    sqlite3_stmt *q;
    hs_status st = fund_sql_prepare(
        s,
        deal ? "SELECT lp, kind, SUM(amount_fen) FROM fund_flows WHERE fund = ?1 AND deal = ?2 AND"
               " kind IN ('distribute','carry') GROUP BY lp, kind"
             : "SELECT lp, kind, SUM(amount_fen) FROM fund_flows WHERE fund = ?1 AND kind IN"
               " ('distribute','carry') GROUP BY lp, kind",
        &q, err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, fund, -1, SQLITE_STATIC);
    if (deal)
        sqlite3_bind_text(q, 2, deal, -1, SQLITE_STATIC);
    *gp_prior = 0;
    memset(per_lp, 0, n * sizeof *per_lp);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *kind = (const char *)sqlite3_column_text(q, 1);
        int64_t v = sqlite3_column_int64(q, 2);
        if (strcmp(kind, "carry") == 0) {
            *gp_prior += v;
            continue;
        }
        const char *lp = (const char *)sqlite3_column_text(q, 0);
        for (size_t i = 0; lp && i < n; i++)
            if (strcmp(lps[i].lp, lp) == 0)
                per_lp[i] += v;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? HS_OK
                             : hs_fail(err, HS_STORAGE, "%s: reading distributions", store_path(s));
}

typedef struct {
    fund_deal *deal; /* American: the deal row to update */
} dist_ctx;

static hs_status dist_rows(void *vctx, hs_store *s, hs_error *err) {
    dist_ctx *c = vctx;
    if (c->deal == NULL)
        return HS_OK;
    sqlite3_stmt *q;
    hs_status st = fund_sql_prepare(
        s, "UPDATE fund_deals SET distributed_fen = ?3 WHERE fund = ?1 AND deal = ?2", &q, err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, c->deal->fund, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, c->deal->deal, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, c->deal->distributed_fen);
    return fund_sql_done(s, q, "updating a deal", err);
}

/* Splits total over the LPs selected by `pick` in proportion to their paid-in capital, adding to
 * shares. false if there is something to split and no weight. */
static bool split_lps(int64_t total, const fund_lp *lps, size_t n, int pick, int64_t *shares,
                      int64_t *weights, int64_t *tmp) {
    if (total == 0)
        return true;
    for (size_t i = 0; i < n; i++)
        weights[i] = (pick < 0 || (pick == 1) == is_gov(lps[i].type)) ? lps[i].called_fen : 0;
    if (!money_allocate(total, weights, n, tmp))
        return false;
    for (size_t i = 0; i < n; i++)
        shares[i] += tmp[i];
    return true;
}

hs_status fund_distribute(hs_store *s, const char *event_id, const char *fund, int64_t amount_fen,
                          const char *deal, hs_date date, fund_distribution *out, bool *existed,
                          hs_error *err) {
    *existed = false;
    fund_distribution res;
    memset(&res, 0, sizeof res);
    fund_terms t;
    hs_status st = need_fund(s, fund, &t, err);
    if (st != HS_OK)
        return st;
    if (t.waterfall == FUND_WATERFALL_AMERICAN && deal == NULL)
        return hs_fail(err, HS_INPUT, "field 'deal': fund %s distributes deal by deal (American)",
                       fund);
    if (t.waterfall == FUND_WATERFALL_EUROPEAN && deal != NULL)
        return hs_fail(err, HS_INPUT,
                       "field 'deal': fund %s distributes whole-fund (European); no --deal", fund);
    if (amount_fen < 0 || amount_fen > TRANSFER_AMOUNT_MAX_FEN || (amount_fen == 0 && deal == NULL))
        return hs_fail(err, HS_INPUT, "field 'amount': must be positive");
    char body[256], dt[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "distribute|%s|%lld|%s|%s", fund, (long long)amount_fen,
             deal ? deal : "", date_format(date, dt));
    char idbuf[FUND_EVENT_ID_MAX + 32];
    if (event_id == NULL) {
        fund_default_event_id("dist", body, idbuf, sizeof idbuf);
        event_id = idbuf;
    }
    if ((st = fund_event_check(s, event_id, body, existed, err)) != HS_OK || *existed)
        return st;
    fund_deal d;
    if (deal != NULL) {
        bool found;
        if ((st = fund_deal_get(s, fund, deal, &d, &found, err)) != HS_OK)
            return st;
        if (!found)
            return hs_fail(err, HS_INPUT, "field 'deal': fund %s has no deal '%s'", fund, deal);
        int64_t undistributed = d.realised_fen - d.distributed_fen;
        if (amount_fen == 0)
            amount_fen = undistributed;
        if (amount_fen == 0 || amount_fen > undistributed) {
            char m[MONEY_TEXT_MAX];
            return hs_fail(err, HS_REFUSED, "deal %s has %s of exit proceeds not yet distributed",
                           deal, money_format(undistributed, m, sizeof m));
        }
    }
    fund_lp *lps;
    size_t n;
    if ((st = fund_lps_load(s, fund, &lps, &n, err)) != HS_OK)
        return st;
    int64_t *buf = calloc(4 * (n ? n : 1), sizeof *buf);
    int64_t *prior = buf, *shares = buf + n, *weights = buf + 2 * n, *tmp = buf + 3 * n;
    fund_legs legs;
    fund_legs_init(&legs);
    fund_flow *flows = calloc(n + 1, sizeof *flows);
    size_t nflows = 0;
    if (buf == NULL || flows == NULL) {
        st = hs_fail(err, HS_STORAGE, "out of memory");
        goto done;
    }
    int64_t gp_prior, paid_in = 0, gov_commit = 0, social_commit = 0, gov_prior = 0, lp_prior = 0;
    if ((st = priors(s, fund, deal, lps, n, prior, &gp_prior, err)) != HS_OK)
        goto done;
    for (size_t i = 0; i < n; i++) {
        paid_in += lps[i].called_fen;
        lp_prior += prior[i];
        if (is_gov(lps[i].type)) {
            gov_commit += lps[i].called_fen + lps[i].uncalled_fen;
            gov_prior += prior[i];
        } else {
            social_commit += lps[i].called_fen + lps[i].uncalled_fen;
        }
    }
    if (paid_in == 0) {
        st = hs_fail(err, HS_REFUSED, "fund %s has no paid-in capital to distribute to", fund);
        goto done;
    }
    waterfall_terms wt = {
        .hurdle_bp = t.hurdle_bp, .carry_bp = t.carry_bp, .catch_up_bp = t.catch_up_bp};
    int64_t cum = lp_prior + gp_prior + amount_fen;
    if (deal == NULL) {
        wt.years = fund_whole_years(t.vintage, date);
        st = waterfall_european(paid_in, cum, &wt, &res.cumulative, err);
    } else {
        waterfall_deal wd = {.paid_in_fen = d.cost_fen,
                             .proceeds_fen = cum,
                             .years =
                                 fund_whole_years(d.date, d.closed_date ? d.closed_date : date)};
        wt.years = wd.years;
        waterfall_american_result am;
        st = waterfall_american(&wd, 1, &wt, &res.cumulative, &am, err);
    }
    res.years = wt.years;
    if (st != HS_OK)
        goto done;
    int64_t gp_cum = res.cumulative.gp_fen, gov_cum = -1;
    if (t.concession_bp > 0 && gov_commit > 0) {
        waterfall_concession_terms ct = {.gov_commitment_fen = gov_commit,
                                         .social_commitment_fen = social_commit,
                                         .concession_bp = t.concession_bp,
                                         .to_gp_bp = t.concession_gp_bp};
        waterfall_concession_result cr;
        if ((st = waterfall_concession(&res.cumulative, &ct, &cr, err)) != HS_OK)
            goto done;
        gp_cum = cr.gp_fen;
        gov_cum = cr.gov_fen;
    }
    int64_t gp_now = gp_cum - gp_prior;
    if (gp_now < 0) {
        res.gp_shortfall_fen = -gp_now;
        gp_now = 0;
    }
    if (gp_now > amount_fen)
        gp_now = amount_fen;
    int64_t lp_now = amount_fen - gp_now;
    memset(shares, 0, n * sizeof *shares);
    bool ok;
    if (gov_cum >= 0) {
        int64_t gov_now = gov_cum - gov_prior;
        if (gov_now < 0)
            gov_now = 0;
        if (gov_now > lp_now)
            gov_now = lp_now;
        int64_t social_now = lp_now - gov_now;
        bool any_social = false;
        for (size_t i = 0; i < n; i++)
            any_social |= !is_gov(lps[i].type) && lps[i].called_fen > 0;
        if (!any_social) {
            gov_now += social_now;
            social_now = 0;
        }
        res.gov_fen = gov_now;
        res.social_fen = social_now;
        ok = split_lps(gov_now, lps, n, 1, shares, weights, tmp) &&
             split_lps(social_now, lps, n, 0, shares, weights, tmp);
    } else {
        ok = split_lps(lp_now, lps, n, -1, shares, weights, tmp);
        for (size_t i = 0; i < n; i++)
            *(is_gov(lps[i].type) ? &res.gov_fen : &res.social_fen) += shares[i];
    }
    if (!ok) {
        st = hs_fail(err, HS_INPUT, "distribute: no paid-in capital to split by");
        goto done;
    }
    res.amount_fen = amount_fen;
    res.lp_fen = lp_now;
    res.gp_fen = gp_now;
    char cash[ACCOUNT_NAME_MAX], carry[ACCOUNT_NAME_MAX];
    fund_account(fund, "cash", cash, sizeof cash);
    snprintf(carry, sizeof carry, "gp/%s/carry", t.gp);
    int64_t check = gp_now;
    for (size_t i = 0; i < n; i++) {
        check += shares[i];
        if (!fund_legs_add(&legs, cash, lps[i].account, shares[i], "fund.distribute", date, fund,
                           lps[i].lp, deal, NULL)) {
            st = hs_fail(err, HS_STORAGE, "out of memory");
            goto done;
        }
        if (shares[i] > 0)
            flows[nflows++] = (fund_flow){
                .lp = lps[i].lp, .deal = deal, .kind = "distribute", .amount_fen = shares[i]};
    }
    assert(check == amount_fen);
    if (!fund_legs_add(&legs, cash, carry, gp_now, "fund.carry", date, fund, NULL, deal, NULL)) {
        st = hs_fail(err, HS_STORAGE, "out of memory");
        goto done;
    }
    flows[nflows++] = (fund_flow){.deal = deal, .kind = "carry", .amount_fen = gp_now};
    dist_ctx c = {NULL};
    if (deal != NULL) {
        d.distributed_fen += amount_fen;
        c.deal = &d;
    }
    st = fund_apply_event(s, event_id, fund, "distribute", date, body, &legs, flows, nflows,
                          dist_rows, &c, existed, err);
    if (st == HS_OK && out != NULL)
        *out = res;
done:
    fund_legs_free(&legs);
    free(flows);
    free(buf);
    free(lps);
    return st;
}
