/* fund_dist.c — fees and waterfall distributions (see fund_dist.h). Each event reads the LPs, the
 * deal and the prior distributions it decides on inside the caller's transaction. */
#include "instrument/fund_dist.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "instrument/fund_deal.h"
#include "instrument/fund_lp.h"
#include "instrument/fund_repo.h"
#include "store/book.h"

int64_t fund_whole_years(hs_date from, hs_date to) {
    int64_t n = 0;
    while (n < WATERFALL_YEARS_MAX && date_add_years(from, (int32_t)(n + 1)) <= to)
        n++;
    return n;
}

hs_status fund_fee_basis_fen(hs_tx *tx, const fund_terms *t, int64_t *basis_fen, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && t != NULL && basis_fen != NULL);
    int64_t committed, paid_in;
    hs_status st = fund_repo_fee_bases(tx, t->id, &committed, &paid_in, err);
    if (st != HS_OK)
        return st;
    if (t->fee_basis == FUND_FEE_COMMITTED) {
        *basis_fen = committed;
        return HS_OK;
    }
    if (t->fee_basis == FUND_FEE_PAID_IN) {
        *basis_fen = paid_in;
        return HS_OK;
    }
    int64_t held, into_subs;
    if ((st = fund_repo_invested(tx, t->id, &held, &into_subs, err)) != HS_OK)
        return st;
    /* sums read from the book: a negative one is a damaged book, not a broken invariant */
    if (held < 0 || into_subs < 0 || held > INT64_MAX - into_subs)
        return hs_fail(err, HS_STORAGE, "fund %s: invested capital out of range (corrupt book)",
                       t->id);
    *basis_fen = held + into_subs;
    return HS_OK;
}

hs_status fund_fee(hs_tx *tx, const char *event_id, const char *fund, hs_date date, int days,
                   int64_t amount_fen, int64_t *fee_fen, fund_event_result *res, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    memset(res, 0, sizeof *res);
    *fee_fen = 0;
    fund_terms t;
    hs_status st = fund_need(tx, fund, "fund", &t, err);
    if (st != HS_OK)
        return st;
    if (amount_fen < 0 || amount_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_invalid_field(err, "amount", "field 'amount': must be positive");
    if ((days > 0) == (amount_fen > 0))
        return hs_invalid_field(err, "days", "fee: give exactly one of --days and --amount");
    if (amount_fen == 0 && (days <= 0 || days > 3660))
        return hs_invalid_field(err, "days", "field 'days': give --days 1..3660 or --amount");
    char body[256], dt[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "fee|%s|%s|%d|%lld", fund, date_format(date, dt), days,
             (long long)amount_fen);
    if ((st = fund_event_begin(tx, "fee", event_id, body, res, err)) != HS_OK || res->existed)
        return st;
    int64_t fee = amount_fen;
    if (fee == 0) {
        int64_t basis;
        if ((st = fund_fee_basis_fen(tx, &t, &basis, err)) != HS_OK)
            return st;
        bool investing = date < date_add_years(t.vintage, t.invest_years);
        int64_t rate = investing ? t.fee_bp : t.fee_exit_bp;
        if (!money_mul_ratio(basis, rate * days, MONEY_BP_ONE * 365, &fee))
            return hs_invalid_field(err, "days", "fee: overflow");
        if (fee == 0)
            return hs_fail_code(err, HS_REFUSED, "nothing_to_charge", NULL,
                                "fee: nothing to charge (basis or rate is zero)");
    }
    assert(fee > 0);
    char cash[ACCOUNT_NAME_MAX], gp[ACCOUNT_NAME_MAX];
    fund_account(fund, "cash", cash, sizeof cash);
    snprintf(gp, sizeof gp, "gp/%s/fees", t.gp);
    fund_legs legs;
    fund_legs_init(&legs);
    if (!fund_legs_add(&legs, cash, gp, fee, "fund.fee", date, fund, NULL, NULL, NULL)) {
        fund_legs_free(&legs);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    assert(legs.n == 1 && legs.legs[0].amount_fen == fee); /* one leg: cash -> the GP's fees */
    fund_flow flow = {.kind = "fee", .amount_fen = fee};
    st = fund_apply_event(tx, res->id, fund, "fee", date, body, &legs, &flow, 1, err);
    fund_legs_free(&legs);
    if (st == HS_OK)
        *fee_fen = fee;
    assert(st != HS_OK || (*fee_fen > 0 && *fee_fen <= TRANSFER_AMOUNT_MAX_FEN));
    return st;
}

static bool is_gov(fund_lp_type t) {
    return t == FUND_LP_GOV || t == FUND_LP_FUND;
}

/* ---- distribute ---- */

/* Everything one distribution decides on and what it decided. */
typedef struct {
    const fund_terms *t;
    const char *deal; /* American: the deal, else NULL */
    fund_deal d;      /* the deal's row (American) */
    int64_t amount;
    hs_date date;
    fund_lp *lps;
    size_t n;
    int64_t *prior, *shares, *weights, *tmp; /* n each, one allocation */
    int64_t gp_prior, paid_in, gov_commit, social_commit, gov_prior, lp_prior;
    fund_distribution res;
} dist_plan;

static void dist_plan_free(dist_plan *p) {
    free(p->lps);
    free(p->prior);
    memset(p, 0, sizeof *p);
}

static void add_prior(void *vctx, const char *lp, const char *kind, int64_t amount_fen) {
    dist_plan *p = vctx;
    if (strcmp(kind, "carry") == 0) {
        p->gp_prior += amount_fen;
        return;
    }
    for (size_t i = 0; lp && i < p->n; i++)
        if (strcmp(p->lps[i].lp, lp) == 0)
            p->prior[i] += amount_fen;
}

/* American: the deal and its undistributed proceeds (the default amount). */
static hs_status dist_deal(hs_tx *tx, dist_plan *p, hs_error *err) {
    bool found;
    hs_status st = fund_repo_deal_get(tx, p->t->id, p->deal, &p->d, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "deal", "field 'deal': fund %s has no deal '%s'", p->t->id,
                            p->deal);
    int64_t undistributed = p->d.realised_fen - p->d.distributed_fen;
    if (p->amount == 0)
        p->amount = undistributed;
    if (p->amount == 0 || p->amount > undistributed) {
        char m[MONEY_TEXT_MAX];
        return hs_fail_code(err, HS_REFUSED, "exceeds_undistributed", "amount",
                            "deal %s has %s of exit proceeds not yet distributed", p->deal,
                            money_format(undistributed, m, sizeof m));
    }
    return HS_OK;
}

/* The LPs, their prior distributions and the paid-in and commitment totals. */
static hs_status dist_load(hs_tx *tx, dist_plan *p, hs_error *err) {
    hs_status st = fund_lps_load_tx(tx, p->t->id, &p->lps, &p->n, err);
    if (st != HS_OK)
        return st;
    size_t n = p->n ? p->n : 1;
    p->prior = calloc(4 * n, sizeof *p->prior);
    if (p->prior == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    p->shares = p->prior + n;
    p->weights = p->prior + 2 * n;
    p->tmp = p->prior + 3 * n;
    assert(p->paid_in == 0 && p->lp_prior == 0 && p->gp_prior == 0); /* summed from zero below */
    if ((st = fund_repo_distributions(tx, p->t->id, p->deal, add_prior, p, err)) != HS_OK)
        return st;
    for (size_t i = 0; i < p->n; i++) {
        const fund_lp *l = &p->lps[i];
        p->paid_in += l->called_fen;
        p->lp_prior += p->prior[i];
        if (is_gov(l->type)) {
            p->gov_commit += l->called_fen + l->uncalled_fen;
            p->gov_prior += p->prior[i];
        } else {
            p->social_commit += l->called_fen + l->uncalled_fen;
        }
    }
    if (p->paid_in == 0)
        return hs_fail_code(err, HS_REFUSED, "nothing_paid_in", NULL,
                            "fund %s has no paid-in capital to distribute to", p->t->id);
    return HS_OK;
}

/* The cumulative waterfall over everything distributed so far plus this amount. */
static hs_status dist_waterfall(dist_plan *p, hs_error *err) {
    const fund_terms *t = p->t;
    waterfall_terms wt = {
        .hurdle_bp = t->hurdle_bp, .carry_bp = t->carry_bp, .catch_up_bp = t->catch_up_bp};
    int64_t cum = p->lp_prior + p->gp_prior + p->amount;
    hs_status st;
    if (p->deal == NULL) {
        wt.years = fund_whole_years(t->vintage, p->date);
        st = waterfall_european(p->paid_in, cum, &wt, &p->res.cumulative, err);
    } else {
        waterfall_deal wd = {
            .paid_in_fen = p->d.cost_fen,
            .proceeds_fen = cum,
            .years = fund_whole_years(p->d.date, p->d.closed_date ? p->d.closed_date : p->date)};
        wt.years = wd.years;
        waterfall_american_result am;
        st = waterfall_american(&wd, 1, &wt, &p->res.cumulative, &am, err);
    }
    p->res.years = wt.years;
    return st;
}

/* Splits total over the LPs selected by `pick` (1 government, 0 social, -1 all) in proportion to
 * their paid-in capital, adding to shares. false if there is something to split and no weight. */
static bool split_lps(dist_plan *p, int64_t total, int pick) {
    if (total == 0)
        return true;
    for (size_t i = 0; i < p->n; i++)
        p->weights[i] =
            (pick < 0 || (pick == 1) == is_gov(p->lps[i].type)) ? p->lps[i].called_fen : 0;
    if (!money_allocate(total, p->weights, p->n, p->tmp))
        return false;
    for (size_t i = 0; i < p->n; i++)
        p->shares[i] += p->tmp[i];
    return true;
}

/* This distribution's GP and LP parts (the increase over what was paid before), and each LP's
 * share (government and social separately under 让利). */
static hs_status dist_split(dist_plan *p, hs_error *err) {
    const fund_terms *t = p->t;
    int64_t gp_cum = p->res.cumulative.gp_fen, gov_cum = -1;
    if (t->concession_bp > 0 && p->gov_commit > 0) {
        waterfall_concession_terms ct = {.gov_commitment_fen = p->gov_commit,
                                         .social_commitment_fen = p->social_commit,
                                         .concession_bp = t->concession_bp,
                                         .to_gp_bp = t->concession_gp_bp};
        waterfall_concession_result cr;
        hs_status st = waterfall_concession(&p->res.cumulative, &ct, &cr, err);
        if (st != HS_OK)
            return st;
        gp_cum = cr.gp_fen;
        gov_cum = cr.gov_fen;
    }
    int64_t gp_now = gp_cum - p->gp_prior;
    if (gp_now < 0) {
        p->res.gp_shortfall_fen = -gp_now;
        gp_now = 0;
    }
    if (gp_now > p->amount)
        gp_now = p->amount;
    int64_t lp_now = p->amount - gp_now;
    memset(p->shares, 0, p->n * sizeof *p->shares);
    bool ok;
    if (gov_cum >= 0) {
        int64_t gov_now = gov_cum - p->gov_prior;
        if (gov_now < 0)
            gov_now = 0;
        if (gov_now > lp_now)
            gov_now = lp_now;
        int64_t social_now = lp_now - gov_now;
        bool any_social = false;
        for (size_t i = 0; i < p->n; i++)
            any_social |= !is_gov(p->lps[i].type) && p->lps[i].called_fen > 0;
        if (!any_social) {
            gov_now += social_now;
            social_now = 0;
        }
        p->res.gov_fen = gov_now;
        p->res.social_fen = social_now;
        ok = split_lps(p, gov_now, 1) && split_lps(p, social_now, 0);
    } else {
        ok = split_lps(p, lp_now, -1);
        for (size_t i = 0; i < p->n; i++)
            *(is_gov(p->lps[i].type) ? &p->res.gov_fen : &p->res.social_fen) += p->shares[i];
    }
    if (!ok)
        return hs_fail(err, HS_INPUT, "distribute: no paid-in capital to split by");
    p->res.amount_fen = p->amount;
    p->res.lp_fen = lp_now;
    p->res.gp_fen = gp_now;
    return HS_OK;
}

/* The legs: fund cash to each LP's account and to the GP's carry; and the flows. */
static hs_status dist_legs(const dist_plan *p, fund_legs *legs, fund_flow *flows, size_t *nflows,
                           hs_error *err) {
    const char *fund = p->t->id;
    char cash[ACCOUNT_NAME_MAX], carry[ACCOUNT_NAME_MAX];
    fund_account(fund, "cash", cash, sizeof cash);
    snprintf(carry, sizeof carry, "gp/%s/carry", p->t->gp);
    int64_t check = p->res.gp_fen;
    *nflows = 0;
    for (size_t i = 0; i < p->n; i++) {
        check += p->shares[i];
        if (!fund_legs_add(legs, cash, p->lps[i].account, p->shares[i], "fund.distribute", p->date,
                           fund, p->lps[i].lp, p->deal, NULL))
            return hs_fail(err, HS_STORAGE, "out of memory");
        if (p->shares[i] > 0)
            flows[(*nflows)++] = (fund_flow){.lp = p->lps[i].lp,
                                             .deal = p->deal,
                                             .kind = "distribute",
                                             .amount_fen = p->shares[i]};
    }
    /* the waterfall is exact: LP shares and carry sum to the amount, to the fen */
    assert(check == p->amount);
    assert(p->res.gov_fen + p->res.social_fen == p->res.lp_fen);
    if (!fund_legs_add(legs, cash, carry, p->res.gp_fen, "fund.carry", p->date, fund, NULL, p->deal,
                       NULL))
        return hs_fail(err, HS_STORAGE, "out of memory");
    flows[(*nflows)++] = (fund_flow){.deal = p->deal, .kind = "carry", .amount_fen = p->res.gp_fen};
    return HS_OK;
}

/* Checks the inputs against the fund's waterfall kind. */
static hs_status dist_check(const fund_terms *t, int64_t amount_fen, const char *deal,
                            hs_error *err) {
    if (t->waterfall == FUND_WATERFALL_AMERICAN && deal == NULL)
        return hs_invalid_field(err, "deal",
                                "field 'deal': fund %s distributes deal by deal (American)", t->id);
    if (t->waterfall == FUND_WATERFALL_EUROPEAN && deal != NULL)
        return hs_invalid_field(
            err, "deal", "field 'deal': fund %s distributes whole-fund (European); no --deal",
            t->id);
    if (amount_fen < 0 || amount_fen > TRANSFER_AMOUNT_MAX_FEN || (amount_fen == 0 && deal == NULL))
        return hs_invalid_field(err, "amount", "field 'amount': must be positive");
    return HS_OK;
}

hs_status fund_distribute(hs_tx *tx, const char *event_id, const char *fund, int64_t amount_fen,
                          const char *deal, hs_date date, fund_distribution *out,
                          fund_event_result *res, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    memset(res, 0, sizeof *res);
    fund_terms t;
    hs_status st = fund_need(tx, fund, "fund", &t, err);
    if (st != HS_OK || (st = dist_check(&t, amount_fen, deal, err)) != HS_OK)
        return st;
    char body[256], dt[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "distribute|%s|%lld|%s|%s", fund, (long long)amount_fen,
             deal ? deal : "", date_format(date, dt));
    if ((st = fund_event_begin(tx, "dist", event_id, body, res, err)) != HS_OK || res->existed)
        return st;
    dist_plan p = {.t = &t, .deal = deal, .amount = amount_fen, .date = date};
    fund_legs legs;
    fund_legs_init(&legs);
    fund_flow *flows = NULL;
    size_t nflows = 0;
    if (deal != NULL)
        st = dist_deal(tx, &p, err);
    if (st == HS_OK)
        st = dist_load(tx, &p, err);
    if (st == HS_OK)
        st = dist_waterfall(&p, err);
    if (st == HS_OK)
        st = dist_split(&p, err);
    if (st == HS_OK && (flows = calloc(p.n + 1, sizeof *flows)) == NULL)
        st = hs_fail(err, HS_STORAGE, "out of memory");
    if (st == HS_OK)
        st = dist_legs(&p, &legs, flows, &nflows, err);
    if (st == HS_OK)
        st = fund_apply_event(tx, res->id, fund, "distribute", date, body, &legs, flows, nflows,
                              err);
    if (st == HS_OK && deal != NULL) {
        p.d.distributed_fen += p.amount;
        assert(p.d.distributed_fen <= p.d.realised_fen);
        st = fund_repo_deal_save(tx, &p.d, err);
    }
    if (st == HS_OK && out != NULL)
        *out = p.res;
    fund_legs_free(&legs);
    free(flows);
    dist_plan_free(&p);
    return st;
}
