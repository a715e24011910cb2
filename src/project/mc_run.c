/* mc_run.c — the projection's driver: shared tables, paths spread over threads, the yearly
 * figures and each target's outcome per path (see mc_run.h). */
#include "project/mc_run.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "project/mc_path.h"
#include "project/mc_rng.h"

static const char *const metric_names[MC_METRICS] = {
    "budget_used",       "budget_left", "voucher_demand", "pool_balance", "claims_paid",
    "loans_outstanding", "firms_alive", "unicorns",       "exits",        "fund_nav",
    "fund_tvpi",         "fund_dpi",    "social_capital"};

const char *mc_metric_name(mc_metric m) {
    assert(m >= 0 && m < MC_METRICS);
    return metric_names[m];
}

/* ---- shared tables ---- */

static bool same_city(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    if (la == lb)
        return strcmp(a, b) == 0;
    const char *shi = "市";
    size_t ls = strlen(shi);
    if (la == lb + ls)
        return strncmp(a, b, lb) == 0 && strcmp(a + lb, shi) == 0;
    if (lb == la + ls)
        return strncmp(a, b, la) == 0 && strcmp(b + la, shi) == 0;
    return false;
}

static int deadline_quarter(hs_date on, hs_date deadline, int quarters) {
    if (deadline <= on)
        return -1;
    for (int q = 0; q < quarters; q++)
        if (date_add_months(on, 3 * (q + 1)) >= deadline)
            return q;
    return -1;
}

/* True if fund f is `id`, of group `id`, or (through the snapshot's funds) a descendant of one. */
static bool fund_in_tree(const mc_snapshot *s, size_t f, const char *id) {
    for (size_t depth = 0; depth <= s->n_funds; depth++) { /* a parent cycle cannot loop */
        const mc_fund0 *m = &s->funds[f];
        if (strcmp(m->id, id) == 0 || strcmp(m->group, id) == 0)
            return true;
        size_t up = s->n_funds;
        for (size_t g = 0; g < s->n_funds && m->parent[0]; g++)
            if (strcmp(s->funds[g].id, m->parent) == 0)
                up = g;
        if (up == s->n_funds)
            return false;
        f = up;
    }
    return false;
}

static hs_status prepare_targets(mc_shared *sh, hs_error *err) {
    const mc_snapshot *s = sh->snap;
    size_t n = s->n_targets ? s->n_targets : 1;
    sh->tfilter = calloc(n, sizeof *sh->tfilter);
    sh->tcity = calloc(n, sizeof *sh->tcity);
    sh->tdeadline_q = calloc(n, sizeof *sh->tdeadline_q);
    sh->tfund = calloc(n * (s->n_funds + 1), 1);
    if (sh->tfilter == NULL || sh->tcity == NULL || sh->tdeadline_q == NULL || sh->tfund == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory preparing targets");
    for (size_t t = 0; t < s->n_targets; t++) {
        hs_status st = target_filter_parse(s->targets[t].filter, &sh->tfilter[t], err);
        if (st != HS_OK)
            return st;
        for (size_t f = 0; f < s->n_funds; f++)
            sh->tfund[t * s->n_funds + f] =
                !sh->tfilter[t].fund[0] || fund_in_tree(s, f, sh->tfilter[t].fund);
        sh->tcity[t] = -1;
        for (size_t c = 0; c < s->n_cities && sh->tfilter[t].city[0]; c++)
            if (same_city(s->cities[c], sh->tfilter[t].city))
                sh->tcity[t] = (int)c;
        sh->tdeadline_q[t] =
            s->target_known[t] ? deadline_quarter(s->on, s->targets[t].deadline, sh->quarters) : -1;
    }
    return HS_OK;
}

static hs_status prepare(mc_shared *sh, hs_error *err) {
    const mc_params *p = sh->p;
    for (int a = 0; a < MC_HAZARD_YEARS; a++)
        sh->hazard_q[a] = mc_quarterly(p->hazard[a]);
    sh->unicorn_q = mc_quarterly(p->unicorn_rate);
    sh->exit_q = mc_quarterly(p->exit_rate);
    sh->apply_q = mc_quarterly(p->apply_rate);
    sh->default_q = mc_quarterly(p->default_rate);
    sh->stage_up_q = mc_quarterly(p->stage_up_rate);
    sh->unicorn_min_q = (int32_t)(p->unicorn_min_age * 4);
    sh->exit_min_q = (int32_t)(p->exit_min_age * 4);
    int y0, m, d;
    date_to_ymd(sh->snap->on, &y0, &m, &d);
    for (int q = 0; q < sh->quarters; q++) {
        int y;
        date_to_ymd(date_add_months(sh->snap->on, 3 * q + 1), &y, &m, &d);
        sh->cal_year_of_q[q] = y - y0;
    }
    double so = p->output_volatility / 2.0;
    sh->output_sigma_q = so;
    sh->output_drift_q = 0.25 * log1p(p->output_growth) - so * so / 2.0;
    sh->budget_drawn = calloc(sh->snap->n_budgets + 1, 1);
    if (sh->budget_drawn == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    for (size_t i = 0; i < sh->snap->policies.n; i++)
        if (sh->snap->policies.v[i].budget_index >= 0)
            sh->budget_drawn[sh->snap->policies.v[i].budget_index] = 1;
    hs_status st = mc_firms_prepare(sh, err);
    if (st == HS_OK)
        st = mc_credit_prepare(sh, err);
    if (st == HS_OK)
        st = mc_funds_prepare(sh, err);
    if (st == HS_OK)
        st = prepare_targets(sh, err);
    return st;
}

static void shared_free(mc_shared *sh) {
    free(sh->cells);
    free(sh->budget_drawn);
    free(sh->fund_rc);
    free(sh->fund_rd);
    free(sh->fund_hot);
    free(sh->deal_funds);
    free(sh->firm_deal_start);
    free(sh->firm_deals);
    free(sh->pool_loan_start);
    free(sh->pool_loans);
    free(sh->tfilter);
    free(sh->tcity);
    free(sh->tdeadline_q);
    free(sh->tfund);
}

/* ---- one path ---- */

static hs_status state_alloc(const mc_snapshot *s, mc_pstate *ps, hs_error *err) {
    memset(ps, 0, sizeof *ps);
    ps->cap_loans = s->n_loans + 1;
    ps->loans = malloc(ps->cap_loans * sizeof *ps->loans);
    ps->pool_balance = malloc((s->n_pools + 1) * sizeof(double));
    ps->bank_year_paid = malloc((s->n_banks + 1) * sizeof(double));
    ps->budget_left = malloc((s->n_budgets + 1) * sizeof(double));
    ps->fund_pic = malloc((s->n_funds + 1) * sizeof(double));
    ps->fund_nav = malloc((s->n_funds + 1) * sizeof(double));
    ps->fund_dist = malloc((s->n_funds + 1) * sizeof(double));
    ps->fund_proceeds = malloc((s->n_funds + 1) * sizeof(double));
    ps->deal_value = malloc((s->n_deals + 1) * sizeof(double));
    ps->output = malloc((s->n_targets + 1) * sizeof(double));
    if (!ps->loans || !ps->pool_balance || !ps->bank_year_paid || !ps->budget_left ||
        !ps->fund_pic || !ps->fund_nav || !ps->fund_dist || !ps->output || !ps->fund_proceeds ||
        !ps->deal_value)
        return hs_fail(err, HS_STORAGE, "out of memory for a path");
    return HS_OK;
}

static void state_free(mc_pstate *ps) {
    free(ps->firms);
    free(ps->loans);
    free(ps->pool_balance);
    free(ps->bank_year_paid);
    free(ps->budget_left);
    free(ps->fund_pic);
    free(ps->fund_nav);
    free(ps->fund_dist);
    free(ps->fund_proceeds);
    free(ps->deal_value);
    free(ps->output);
}

static hs_status state_start(const mc_shared *sh, mc_pstate *ps, int64_t path, hs_error *err) {
    const mc_snapshot *s = sh->snap;
    ps->path = path;
    if (s->n_loans > 0) /* (memcpy from a NULL array of none is undefined) */
        memcpy(ps->loans, s->loans, s->n_loans * sizeof *s->loans);
    ps->n_loans = s->n_loans;
    for (size_t i = 0; i < s->n_pools; i++)
        ps->pool_balance[i] = s->pools[i].balance;
    for (size_t i = 0; i < s->n_banks; i++)
        ps->bank_year_paid[i] = 0;
    for (size_t i = 0; i < s->n_budgets; i++)
        ps->budget_left[i] = s->budgets[i].remaining;
    for (size_t d = 0; d < s->n_deals; d++)
        ps->deal_value[d] = s->deals[d].value;
    for (size_t f = 0; f < s->n_funds; f++) {
        ps->fund_pic[f] = s->funds[f].paid_in;
        double listed = mc_fund_listed_value(sh, ps, f);
        ps->fund_nav[f] = s->funds[f].nav > listed ? s->funds[f].nav - listed : 0;
        ps->fund_dist[f] = s->funds[f].distributed;
        ps->fund_proceeds[f] = 0;
    }
    for (size_t t = 0; t < s->n_targets; t++)
        ps->output[t] = s->target_start[t];
    memset(ps->programme_year_paid, 0, sizeof ps->programme_year_paid);
    ps->programme_year = 0;
    ps->bank_year = 0;
    ps->budget_used = ps->demand = ps->claims_paid = ps->exits = 0;
    ps->depletion_q = -1;
    return mc_firms_start(sh, ps, err);
}

static bool firm_matches(const mc_pfirm *f, const target_filter *tf, int city, bool unicorn) {
    if (!f->alive || (unicorn && !f->unicorn))
        return false;
    if (tf->sector && f->sector != tf->sector)
        return false;
    if (tf->stage && f->stage != tf->stage)
        return false;
    if (tf->city[0] && (city < 0 || f->city != city))
        return false;
    uint32_t flags = tf->flags_all & ~(uint32_t)FIRM_FLAG_UNICORN;
    if ((f->flags & flags) != flags)
        return false;
    return !(tf->flags_all & FIRM_FLAG_UNICORN) || f->unicorn;
}

static double budgets_paid_before(const mc_snapshot *s) {
    double v = 0;
    for (size_t b = 0; b < s->n_budgets; b++)
        v += s->budgets[b].paid;
    return v;
}

/* Target t's indicator on the path now. */
static double indicator(const mc_shared *sh, const mc_pstate *ps, size_t t) {
    const mc_snapshot *s = sh->snap;
    const target *tg = &s->targets[t];
    double v = 0;
    switch (tg->indicator) {
    case TARGET_FIRMS:
    case TARGET_UNICORNS:
        for (size_t i = 0; i < ps->n_firms; i++)
            v += firm_matches(&ps->firms[i], &sh->tfilter[t], sh->tcity[t],
                              tg->indicator == TARGET_UNICORNS);
        return v;
    case TARGET_LOANS_OUTSTANDING:
        for (size_t i = 0; i < ps->n_loans; i++)
            v += ps->loans[i].outstanding;
        return v * 100.0;
    case TARGET_BUDGET_EXECUTED:
        return (budgets_paid_before(s) + ps->budget_used) * 100.0;
    case TARGET_FUND_DEPLOYED:
        if (sh->tfilter[t].fund[0]) { /* one tree or group: its start figure + its calls since */
            for (size_t f = 0; f < s->n_funds; f++)
                if (sh->tfund[t * s->n_funds + f])
                    v += ps->fund_pic[f] - s->funds[f].paid_in;
            return s->target_start[t] + v * 100.0;
        }
        for (size_t f = 0; f < s->n_funds; f++)
            v += s->funds[f].invested + (ps->fund_pic[f] - s->funds[f].paid_in);
        return v * 100.0;
    case TARGET_INDUSTRY_OUTPUT:
        return ps->output[t];
    case TARGET_FUND_COMMITTED:
    case TARGET_SOCIAL_CAPITAL:
    case TARGET_INDICATORS:
        break;
    }
    return s->target_start[t]; /* commitments do not change on a path */
}

static void grow_output(const mc_shared *sh, mc_pstate *ps, int q) {
    const mc_snapshot *s = sh->snap;
    for (size_t t = 0; t < s->n_targets; t++) {
        if (s->targets[t].indicator != TARGET_INDUSTRY_OUTPUT)
            continue;
        double u = mc_uniform(
            mc_bits(sh->opt->seed, (uint64_t)ps->path, (uint32_t)q, MC_STREAM_OUTPUT, t));
        ps->output[t] *= exp(sh->output_drift_q + sh->output_sigma_q * mc_normal(u));
    }
}

static void record_year(const mc_shared *sh, const mc_pstate *ps, int y, mc_result *r) {
    const mc_snapshot *s = sh->snap;
    double v[MC_METRICS] = {0};
    v[MC_BUDGET_USED] = ps->budget_used;
    for (size_t b = 0; b < s->n_budgets; b++)
        if (sh->budget_drawn[b])
            v[MC_BUDGET_LEFT] += ps->budget_left[b];
    v[MC_VOUCHER_DEMAND] = ps->demand;
    for (size_t i = 0; i < s->n_pools; i++)
        v[MC_POOL_BALANCE] += ps->pool_balance[i];
    v[MC_CLAIMS_PAID] = ps->claims_paid;
    double pooled = 0;
    for (size_t i = 0; i < ps->n_loans; i++) {
        v[MC_LOANS_OUTSTANDING] += ps->loans[i].outstanding;
        if (ps->loans[i].pool >= 0)
            pooled += ps->loans[i].outstanding;
    }
    for (size_t i = 0; i < ps->n_firms; i++) {
        v[MC_FIRMS_ALIVE] += ps->firms[i].alive;
        v[MC_UNICORNS] += ps->firms[i].alive && ps->firms[i].unicorn;
    }
    v[MC_EXITS] = ps->exits;
    double pic = 0, dist = 0, social = pooled;
    for (size_t d = 0; d < s->n_deals; d++) /* the open listed deals, at their mark */
        v[MC_FUND_NAV] += ps->deal_value[d];
    for (size_t f = 0; f < s->n_funds; f++) {
        v[MC_FUND_NAV] += ps->fund_nav[f];
        pic += ps->fund_pic[f];
        dist += ps->fund_dist[f];
        social += ps->fund_pic[f] * (1.0 - s->funds[f].gov_share);
    }
    v[MC_FUND_TVPI] = pic > 0 ? (dist + v[MC_FUND_NAV]) / pic : 0;
    v[MC_FUND_DPI] = pic > 0 ? dist / pic : 0;
    v[MC_SOCIAL_CAPITAL] = social;
    for (int m = 0; m < MC_METRICS; m++)
        r->values[((size_t)m * (size_t)r->years + (size_t)(y - 1)) * (size_t)r->paths +
                  (size_t)ps->path] = v[m];
}

static hs_status run_path(const mc_shared *sh, mc_pstate *ps, int64_t path, mc_result *r,
                          hs_error *err) {
    const mc_snapshot *s = sh->snap;
    hs_status st = state_start(sh, ps, path, err);
    for (size_t t = 0; t < s->n_targets; t++)
        r->reached[t * (size_t)r->paths + (size_t)path] = -1;
    for (int q = 0; q < sh->quarters && st == HS_OK; q++) {
        int cy = sh->cal_year_of_q[q];
        if (cy != ps->programme_year) { /* a new calendar year: ceilings reset, new money */
            ps->programme_year = cy;
            memset(ps->programme_year_paid, 0, sizeof ps->programme_year_paid);
            for (size_t b = 0; b < s->n_budgets; b++)
                ps->budget_left[b] += sh->p->budget_topup;
        }
        if ((st = mc_firms_quarter(sh, ps, q, err)) != HS_OK)
            break;
        if ((st = mc_credit_quarter(sh, ps, q, err)) != HS_OK)
            break;
        mc_funds_quarter(sh, ps, q);
        grow_output(sh, ps, q);
        for (size_t t = 0; t < s->n_targets; t++)
            if (sh->tdeadline_q[t] == q)
                r->reached[t * (size_t)r->paths + (size_t)path] =
                    indicator(sh, ps, t) >= (double)s->targets[t].value;
        if (q % 4 == 3)
            record_year(sh, ps, q / 4 + 1, r);
    }
    r->depletion_q[path] = ps->depletion_q;
    return st;
}

/* ---- threads ---- */

typedef struct {
    const mc_shared *sh;
    mc_result *r;
    atomic_llong *next;
    hs_status st;
    hs_error err;
} worker;

static void *work(void *arg) {
    worker *w = arg;
    mc_pstate ps;
    w->st = state_alloc(w->sh->snap, &ps, &w->err);
    while (w->st == HS_OK) {
        long long p = atomic_fetch_add(w->next, 1);
        if (p >= w->r->paths)
            break;
        w->st = run_path(w->sh, &ps, p, w->r, &w->err);
        if (w->sh->opt->progress)
            atomic_fetch_add(w->sh->opt->progress, 1);
    }
    state_free(&ps);
    return NULL;
}

static hs_status result_alloc(mc_result *r, const mc_run_options *o, size_t n_targets,
                              hs_error *err) {
    memset(r, 0, sizeof *r);
    r->years = o->years;
    r->paths = o->paths;
    r->n_targets = n_targets;
    size_t np = (size_t)o->paths;
    r->values = malloc((size_t)MC_METRICS * (size_t)o->years * np * sizeof *r->values);
    r->depletion_q = malloc(np * sizeof *r->depletion_q);
    r->reached = malloc((n_targets ? n_targets : 1) * np);
    if (r->values == NULL || r->depletion_q == NULL || r->reached == NULL) {
        mc_result_free(r);
        return hs_fail(err, HS_STORAGE, "out of memory for %lld paths", (long long)o->paths);
    }
    return HS_OK;
}

hs_status mc_run(const mc_snapshot *snap, const mc_params *params, const mc_run_options *opt,
                 mc_result *out, hs_error *err) {
    assert(snap != NULL && params != NULL && opt != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    if (opt->years < 1 || opt->years > MC_YEARS_MAX)
        return hs_invalid_field(err, "years", "--years: 1..%d", MC_YEARS_MAX);
    if (opt->paths < 1 || opt->paths > 10000000)
        return hs_invalid_field(err, "paths", "--paths: 1..10000000");
    if (opt->threads < 1 || opt->threads > 256)
        return hs_invalid_field(err, "threads", "--threads: 1..256");
    for (size_t i = 0; i < snap->policies.n; i++)
        if (snap->policies.v[i].quarters < opt->years * 4)
            return hs_fail(err, HS_INPUT, "policy %s is not tabulated for %d years",
                           snap->policies.v[i].id, opt->years);
    mc_rng_init();
    mc_shared sh = {.snap = snap, .p = params, .opt = opt, .quarters = opt->years * 4};
    hs_status st = prepare(&sh, err);
    if (st == HS_OK)
        st = result_alloc(out, opt, snap->n_targets, err);
    if (st != HS_OK) {
        shared_free(&sh);
        return st;
    }
    atomic_llong next = 0;
    worker w[256];
    pthread_t tid[256];
    int started = 0;
    for (int t = 0; t < opt->threads; t++) {
        w[t] = (worker){.sh = &sh, .r = out, .next = &next, .st = HS_OK};
        if (t == 0 || pthread_create(&tid[t], NULL, work, &w[t]) == 0)
            started = t + 1;
        else
            break;
    }
    work(&w[0]); /* the calling thread is worker 0 */
    for (int t = 1; t < started; t++)
        pthread_join(tid[t], NULL);
    for (int t = 0; t < started && st == HS_OK; t++)
        if (w[t].st != HS_OK) {
            st = w[t].st;
            *err = w[t].err;
        }
    shared_free(&sh);
    if (st != HS_OK)
        mc_result_free(out);
    return st;
}

void mc_result_free(mc_result *r) {
    if (r == NULL)
        return;
    free(r->values);
    free(r->depletion_q);
    free(r->reached);
    memset(r, 0, sizeof *r);
}
