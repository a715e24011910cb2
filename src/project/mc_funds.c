/* mc_funds.c — funds on a path: Takahashi–Alexander per fund, by quarter, with a random return
 * (see mc_run.h and project/takahashi.h for the yearly model). A year's rates become quarterly
 * ones that compound to them: a call rate RC on the uncalled commitment becomes
 * 1 - (1 - RC)^(1/4), a distribution rate RD = max(Y, (t/L)^B) on the NAV likewise, and the NAV
 * grows by (1 + G)^(1/4) times exp(s Z - s^2/2) with s = volatility / 2 and Z a standard normal
 * drawn per fund and quarter (the factor tabulated at 4096 quantiles and interpolated). In the
 * investment period (the fund's invest_years in the book, else fund_investment_years, from the
 * vintage) a share of each quarter's distribution and exit proceeds is redeployed (循环投资): it
 * stays in the NAV instead of being paid — the fund's own share (--set
 * model.fund_recycling.FUND_ID), else fund_recycling.
 *
 * Listed deals and T–A without double counting: a fund's NAV on the start date is split into its
 * listed deals (held deals in registry firms, at their mark) and the rest, which T–A models (calls
 * go into it, its distributions come out of it). A listed deal is carried at its mark until its
 * firm's fate on the path: the firm's exit pays value x a multiple (log-normal, exit_multiple_
 * median and _sigma, drawn per deal) to the fund that quarter; its failure writes the deal off; at
 * the end of the fund's life an open deal is sold at its mark. Reported NAV = the T–A part + the
 * open listed deals; distributions = T–A's + the proceeds, less what is recycled into the T–A
 * part. */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "project/mc_path.h"
#include "project/mc_rng.h"

static double call_rate_year(const mc_params *p, int t) {
    return t <= 1 ? p->fund_call_rate_1 : t == 2 ? p->fund_call_rate_2 : p->fund_call_rate_3;
}

hs_status mc_funds_prepare(mc_shared *sh, hs_error *err) {
    const mc_snapshot *s = sh->snap;
    const mc_params *p = sh->p;
    int oldest = 0;
    for (size_t f = 0; f < s->n_funds; f++)
        if (s->funds[f].age_q > oldest)
            oldest = s->funds[f].age_q;
    sh->fund_ages = oldest + sh->quarters + 1;
    size_t cells = s->n_funds * (size_t)sh->fund_ages;
    sh->fund_rc = cells ? malloc(cells * sizeof *sh->fund_rc) : NULL;
    sh->fund_rd = cells ? malloc(cells * sizeof *sh->fund_rd) : NULL;
    if (cells && (sh->fund_rc == NULL || sh->fund_rd == NULL))
        return hs_fail(err, HS_STORAGE, "out of memory preparing %zu funds", s->n_funds);
    for (size_t f = 0; f < s->n_funds; f++) {
        double life_y = (double)s->funds[f].life_q / 4.0;
        for (int a = 0; a < sh->fund_ages; a++) {
            int t = a / 4 + 1; /* the fund's year */
            double rd = pow((double)(a + 1) / 4.0 / life_y, p->fund_bow);
            if (rd < p->fund_yield)
                rd = p->fund_yield;
            if (rd > 1)
                rd = 1;
            sh->fund_rc[f * (size_t)sh->fund_ages + (size_t)a] = mc_quarterly(call_rate_year(p, t));
            sh->fund_rd[f * (size_t)sh->fund_ages + (size_t)a] = mc_quarterly(rd);
        }
    }
    sh->fund_hot = calloc(s->n_funds + 1, sizeof *sh->fund_hot);
    if (sh->fund_hot == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory preparing %zu funds", s->n_funds);
    for (size_t f = 0; f < s->n_funds; f++) {
        const mc_fund0 *m = &s->funds[f];
        sh->fund_hot[f] = (mc_fund_hot){
            .committed = m->committed,
            .recycle = m->recycling_set ? m->recycling : p->fund_recycling,
            .age_q = m->age_q,
            .invest_q = m->invest_q > 0 ? m->invest_q : (int32_t)(4.0 * p->fund_investment_years),
            .wind_q = m->n_deals > 0 ? m->life_q - 1 : INT32_MAX};
        assert(sh->fund_hot[f].recycle >= 0 && sh->fund_hot[f].recycle <= 1);
    }
    sh->deal_funds = calloc(s->n_funds + 1, sizeof *sh->deal_funds);
    if (sh->deal_funds == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory preparing %zu funds", s->n_funds);
    for (size_t f = 0; f < s->n_funds; f++)
        if (s->funds[f].n_deals > 0)
            sh->deal_funds[sh->n_deal_funds++] = (uint32_t)f;
    size_t n_firms = s->n_firms;
    sh->firm_deal_start = calloc(n_firms + 2, sizeof *sh->firm_deal_start);
    sh->firm_deals = calloc(s->n_deals + 1, sizeof *sh->firm_deals);
    if (sh->firm_deal_start == NULL || sh->firm_deals == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory preparing %zu deals", s->n_deals);
    for (size_t d = 0; d < s->n_deals; d++) { /* counting sort of the deals by firm */
        assert(s->deals[d].firm >= 0 && (size_t)s->deals[d].firm < n_firms);
        assert(s->deals[d].fund >= 0 && (size_t)s->deals[d].fund < s->n_funds);
        sh->firm_deal_start[s->deals[d].firm + 1]++;
    }
    for (size_t i = 0; i < n_firms; i++)
        sh->firm_deal_start[i + 1] += sh->firm_deal_start[i];
    uint32_t *fill = calloc(n_firms + 1, sizeof *fill);
    if (fill == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory preparing deals");
    for (size_t d = 0; d < s->n_deals; d++) {
        size_t i = (size_t)s->deals[d].firm;
        sh->firm_deals[sh->firm_deal_start[i] + fill[i]++] = (uint32_t)d;
    }
    free(fill);
    double sq = p->fund_volatility / 2.0;
    sh->fund_sigma_q = sq;
    sh->fund_drift_q = 0.25 * log1p(p->fund_growth) - sq * sq / 2.0;
    /* the quarterly growth factor by the uniform that draws it, tabulated like the normal */
    for (int i = 0; i <= MC_FACTOR_TABLE; i++)
        sh->fund_factor[i] =
            exp(sh->fund_drift_q + sq * mc_normal((double)i / (MC_FACTOR_TABLE + 1.0)));
    return HS_OK;
}

void mc_deals_firm_event(const mc_shared *sh, mc_pstate *ps, uint64_t firm, int q, bool exited) {
    const mc_snapshot *s = sh->snap;
    if (firm >= s->n_firms || s->n_deals == 0)
        return;
    const mc_params *p = sh->p;
    for (uint32_t k = sh->firm_deal_start[firm]; k < sh->firm_deal_start[firm + 1]; k++) {
        uint32_t d = sh->firm_deals[k];
        double v = ps->deal_value[d];
        if (v <= 0)
            continue; /* closed already (or marked at nothing) */
        ps->deal_value[d] = 0;
        if (!exited)
            continue; /* written off: the NAV loses v */
        double u =
            mc_uniform(mc_bits(sh->opt->seed, (uint64_t)ps->path, (uint32_t)q, MC_STREAM_DEAL, d));
        double multiple = p->exit_multiple_median * exp(p->exit_multiple_sigma * mc_normal(u));
        assert(multiple >= 0 && isfinite(multiple));
        ps->fund_proceeds[s->deals[d].fund] += v * multiple;
    }
}

double mc_fund_listed_value(const mc_shared *sh, const mc_pstate *ps, size_t f) {
    const mc_fund0 *m = &sh->snap->funds[f];
    double v = 0;
    for (int32_t d = m->first_deal; d < m->first_deal + m->n_deals; d++)
        v += ps->deal_value[d];
    return v;
}

/* The quarter's listed-deal money of the funds that have deals: open deals sold at their mark
 * once the fund winds up, then the quarter's proceeds paid out, less the share the fund recycles
 * in its investment period (added to the T–A part after its growth, as T–A's own payout is). */
static void deal_proceeds(const mc_shared *sh, mc_pstate *ps, int q) {
    const mc_snapshot *s = sh->snap;
    for (size_t j = 0; j < sh->n_deal_funds; j++) {
        uint32_t f = sh->deal_funds[j];
        const mc_fund_hot *m = &sh->fund_hot[f];
        const mc_fund0 *m0 = &s->funds[f];
        int32_t a = m->age_q + q;
        if (a >= m->wind_q) /* wound up: its open listed deals sold at their mark */
            for (int32_t k = m0->first_deal; k < m0->first_deal + m0->n_deals; k++) {
                ps->fund_proceeds[f] += ps->deal_value[k];
                ps->deal_value[k] = 0;
            }
        double out = ps->fund_proceeds[f];
        ps->fund_proceeds[f] = 0;
        double kept = a < m->invest_q ? m->recycle * out : 0.0;
        assert(out >= 0 && kept >= 0 && kept <= out);
        ps->fund_nav[f] += kept;
        ps->fund_dist[f] += out - kept;
    }
}

void mc_funds_quarter(const mc_shared *sh, mc_pstate *ps, int q) {
    const mc_snapshot *s = sh->snap;
    const uint64_t key = mc_key(sh->opt->seed, (uint64_t)ps->path, (uint32_t)q, MC_STREAM_FUND);
    const double *factor = sh->fund_factor;
    const size_t ages = (size_t)sh->fund_ages;
    const mc_fund_hot *hot = sh->fund_hot;
    for (size_t f = 0; f < s->n_funds; f++) {
        const mc_fund_hot *m = &hot[f];
        size_t a = (size_t)(m->age_q + q);
        assert(a < ages);
        double x = mc_uniform(mc_bits_at(key, f)) * MC_FACTOR_TABLE;
        int i = (int)x;
        double g = factor[i] + (x - i) * (factor[i + 1] - factor[i]);
        double nav = ps->fund_nav[f] * g;
        double c = sh->fund_rc[f * ages + a] * (m->committed - ps->fund_pic[f]);
        double d = sh->fund_rd[f * ages + a] * nav;
        /* in the investment period a share of what would be distributed is redeployed */
        double kept = a < (size_t)m->invest_q ? m->recycle * d : 0.0;
        ps->fund_nav[f] = nav + c - d + kept;
        ps->fund_pic[f] += c;
        ps->fund_dist[f] += d - kept;
        assert(kept >= 0 && kept <= d);
    }
    deal_proceeds(sh, ps, q);
}
