/* project_ops.c — the projection's snapshot of the book (see project_ops.h). */
#include "ops/project_ops.h"

#include <assert.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instrument/credit_loan.h"
#include "instrument/credit_pool.h"
#include "instrument/fund_report.h"
#include "instrument/fund_repo.h"
#include "ops/credit_ops.h"
#include "ops/programme_funds.h"
#include "ops/programme_ops.h"
#include "ops/registry_ops.h"
#include "ops/target_ops.h"

/* ---- targets ---- */

static hs_status read_targets(const hs_ctx *ctx, mc_snapshot *s, hs_error *err) {
    target_status *ts = NULL;
    size_t n = 0;
    hs_status st = ops_target_status(ctx, s->programme, s->on, &ts, &n, err);
    if (st != HS_OK)
        return st;
    s->targets = calloc(n + 1, sizeof *s->targets);
    s->target_start = calloc(n + 1, sizeof *s->target_start);
    s->target_known = calloc(n + 1, 1);
    if (!s->targets || !s->target_start || !s->target_known) {
        free(ts);
        return hs_fail(err, HS_STORAGE, "out of memory reading targets");
    }
    for (size_t i = 0; i < n; i++) {
        s->targets[i] = ts[i].t;
        s->target_start[i] = (double)ts[i].actual;
        s->target_known[i] = ts[i].actual_known;
    }
    s->n_targets = n;
    free(ts);
    return HS_OK;
}

/* ---- funds ---- */

static int32_t quarters_between(hs_date from, hs_date to) {
    int32_t d = date_diff_days(from, to);
    return d <= 0 ? 0 : (int32_t)((double)d / 91.3125);
}

static hs_status read_funds(const hs_ctx *ctx, const project_request *req, mc_snapshot *s,
                            hs_error *err) {
    programme_fund_id *ids = NULL;
    size_t n = 0;
    hs_status st = ops_programme_fund_ids(ctx, s->programme, &ids, &n, err);
    if (st != HS_OK)
        return st;
    size_t total = n + (size_t)(req->new_funds > 0 ? req->new_funds : 0);
    s->funds = calloc(total + 1, sizeof *s->funds);
    if (s->funds == NULL) {
        free(ids);
        return hs_fail(err, HS_STORAGE, "out of memory reading funds");
    }
    hs_date today = hs_clock_today(&ctx->clock);
    for (size_t i = 0; i < n && st == HS_OK; i++) {
        fund_figures f;
        if ((st = fund_figures_get(ctx->store, ids[i], s->on, today, &f, err)) != HS_OK)
            break;
        if (f.committed_fen <= 0)
            continue;
        mc_fund0 *m = &s->funds[s->n_funds++];
        snprintf(m->id, sizeof m->id, "%s", f.t.id);
        m->committed = (double)f.committed_fen / 100.0;
        m->paid_in = (double)f.called_fen / 100.0;
        m->nav = (double)f.nav_fen / 100.0;
        m->distributed = (double)f.distributed_fen / 100.0;
        m->invested = (double)f.invested_fen / 100.0;
        m->gov_share = (double)f.gov_money_fen / (double)f.committed_fen;
        if (m->gov_share > 1)
            m->gov_share = 1;
        m->age_q = quarters_between(f.t.vintage, s->on);
        int life = f.t.invest_years + f.t.exit_years + f.t.extension_years;
        m->life_q = 4 * (life > 0 ? life : 10);
    }
    free(ids);
    for (int k = 0; k < req->new_funds && st == HS_OK; k++) { /* what-if: new funds */
        mc_fund0 *m = &s->funds[s->n_funds++];
        snprintf(m->id, sizeof m->id, "new-%d", k + 1);
        m->committed = (double)req->new_fund_size_fen / 100.0;
        m->gov_share = 0.2; /* 财建〔2011〕668号: central money <= 20% of a sub-fund */
        m->life_q = 4 * 10;
    }
    return st;
}

/* ---- firms ---- */

static int city_index(mc_snapshot *s, const char *city, size_t *cap) {
    for (size_t i = 0; i < s->n_cities; i++)
        if (strcmp(s->cities[i], city) == 0)
            return (int)i;
    if (s->n_cities == *cap) {
        size_t c = *cap ? 2 * *cap : 16;
        void *p = realloc(s->cities, c * sizeof *s->cities);
        if (p == NULL)
            return -1;
        s->cities = p;
        *cap = c;
    }
    snprintf(s->cities[s->n_cities], sizeof s->cities[0], "%s", city);
    return (int)s->n_cities++;
}

static hs_status read_firms(const hs_ctx *ctx, mc_snapshot *s, double default_age_years,
                            hs_error *err) {
    registry_session rs;
    hs_status st = registry_session_open(ctx, false, &rs, err);
    if (st != HS_OK)
        return st;
    hs_firm *firms = NULL;
    size_t n = 0;
    st = registry_load(rs.registry, NULL, &firms, &n, err);
    registry_session_close(&rs);
    if (st != HS_OK)
        return st;
    s->firms = calloc(n + 1, sizeof *s->firms);
    size_t cap = 0;
    for (size_t i = 0; i < n && s->firms != NULL; i++) {
        const hs_firm *f = &firms[i];
        int c = city_index(s, f->city, &cap);
        if (c < 0 || c > 65535)
            break;
        mc_firm0 *m = &s->firms[s->n_firms++];
        m->sector = (uint8_t)f->sector;
        m->stage = (uint8_t)f->stage;
        m->city = (uint16_t)c;
        m->flags = f->flags;
        m->unicorn = (f->flags & FIRM_FLAG_UNICORN) != 0;
        m->age_q = (f->has & FIRM_HAS_FOUNDED) ? quarters_between(f->founded, s->on)
                                               : (int32_t)(default_age_years * 4);
    }
    free(firms);
    if (s->n_firms != n)
        return hs_fail(err, HS_STORAGE, "out of memory reading %zu firms", n);
    return HS_OK;
}

/* ---- pools and loans ---- */

typedef struct {
    const hs_ctx *ctx;
    mc_snapshot *s;
    size_t cap_loans;
    char (*banks)[CREDIT_ID_MAX];
    size_t cap_banks;
    int pool;
    hs_status oom;
} credit_reader;

static int bank_index(credit_reader *cr, const char *bank) {
    for (size_t i = 0; i < cr->s->n_banks; i++)
        if (strcmp(cr->banks[i], bank) == 0)
            return (int)i;
    if (cr->s->n_banks == cr->cap_banks) {
        size_t c = cr->cap_banks ? 2 * cr->cap_banks : 8;
        void *p = realloc(cr->banks, c * sizeof *cr->banks);
        if (p == NULL)
            return -1;
        cr->banks = p;
        cr->cap_banks = c;
    }
    snprintf(cr->banks[cr->s->n_banks], CREDIT_ID_MAX, "%s", bank);
    return (int)cr->s->n_banks++;
}

static hs_status add_loan(void *c, const credit_loan *l, hs_error *err) {
    credit_reader *cr = c;
    mc_snapshot *s = cr->s;
    int64_t out_fen = credit_loan_outstanding(l);
    if (out_fen <= 0 || l->status != LOAN_DISBURSED)
        return HS_OK;
    if (s->n_loans == cr->cap_loans) {
        size_t cap = cr->cap_loans ? 2 * cr->cap_loans : 64;
        void *p = realloc(s->loans, cap * sizeof *s->loans);
        if (p == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory reading loans");
        s->loans = p;
        cr->cap_loans = cap;
    }
    int bank = bank_index(cr, l->bank);
    if (bank < 0)
        return hs_fail(err, HS_STORAGE, "out of memory reading banks");
    int term_q = l->term_months / 3 > 0 ? l->term_months / 3 : 1;
    hs_date end = date_add_months(l->disbursed_date, l->term_months);
    int left = (int)ceil((double)date_diff_days(s->on, end) / 91.3125);
    s->loans[s->n_loans++] = (mc_loan0){.outstanding = (double)out_fen / 100.0,
                                        .amount = (double)l->amount_fen / 100.0,
                                        .pool = cr->pool,
                                        .bank = bank,
                                        .quarters_left = left > 0 ? left : 1,
                                        .term_quarters = term_q,
                                        .unsecured_bp = l->unsecured_bp,
                                        .first_loan = l->first_loan};
    return HS_OK;
}

static hs_status add_pool(void *c, const char *id, hs_error *err) {
    credit_reader *cr = c;
    mc_snapshot *s = cr->s;
    credit_pool p;
    bool found = false;
    hs_status st = credit_pool_get(cr->ctx->store, id, &p, &found, err);
    if (st != HS_OK || !found || strcmp(p.programme, s->programme) != 0)
        return st;
    credit_pool_report *rep = credit_ops_pool_show(cr->ctx, id, err);
    if (rep == NULL)
        return err->status;
    mc_pool0 *np = realloc(s->pools, (s->n_pools + 1) * sizeof *np);
    if (np == NULL) {
        free(rep);
        return hs_fail(err, HS_STORAGE, "out of memory reading pools");
    }
    s->pools = np;
    mc_pool0 *m = &s->pools[s->n_pools];
    memset(m, 0, sizeof *m);
    snprintf(m->id, sizeof m->id, "%s", id);
    m->params = p.params;
    m->balance = (double)rep->balance_fen / 100.0;
    free(rep);
    cr->pool = (int)s->n_pools++;
    return credit_loans_each(cr->ctx->store, id, add_loan, cr, err);
}

static hs_status read_credit(const hs_ctx *ctx, mc_snapshot *s, hs_error *err) {
    credit_reader cr = {.ctx = ctx, .s = s};
    hs_status st = credit_pool_ids_each(ctx->store, add_pool, &cr, err);
    free(cr.banks);
    return st;
}

/* ---- budgets and policies ---- */

static hs_status read_budgets(const hs_ctx *ctx, mc_snapshot *s, bool *exists, hs_error *err) {
    programme_status ps;
    hs_status st = ops_programme_status(ctx, s->programme, &ps, err);
    *exists = st == HS_OK;
    if (st == HS_NOT_FOUND)
        return HS_OK;
    if (st != HS_OK)
        return st;
    s->budgets = calloc(ps.n_budgets + 1, sizeof *s->budgets);
    for (size_t i = 0; i < ps.n_budgets && s->budgets != NULL; i++) {
        mc_budget0 *b = &s->budgets[s->n_budgets++];
        snprintf(b->account, sizeof b->account, "%s", ps.budgets[i].account);
        b->remaining = (double)ps.budgets[i].remaining_fen / 100.0;
        b->paid = (double)ps.budgets[i].paid_fen / 100.0;
    }
    programme_status_free(&ps);
    return s->budgets ? HS_OK : hs_fail(err, HS_STORAGE, "out of memory reading budgets");
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Loads every shipped policy whose budget is one of the programme's, in file-name order. */
static hs_status shipped_policies(const hs_ctx *ctx, mc_snapshot *s, hs_error *err) {
    char dir[4096], prefix[TARGET_ID_MAX + 16];
    snprintf(dir, sizeof dir, "%s/policies", ctx->data_dir ? ctx->data_dir : ".");
    snprintf(prefix, sizeof prefix, "budget/%s/", s->programme);
    DIR *d = opendir(dir);
    if (d == NULL)
        return HS_OK; /* no shipped policies here: only those named */
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 256) {
        size_t len = strlen(e->d_name);
        if (len > 7 && strcmp(e->d_name + len - 7, ".policy") == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    hs_status st = HS_OK;
    for (size_t i = 0; i < n; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, names[i] ? names[i] : "");
        hs_policy *p = NULL;
        hs_error ignored;
        if (st == HS_OK && names[i] && policy_load_file(path, &p, &ignored) == HS_OK) {
            hs_instrument k = policy_instrument(p);
            bool ours = strncmp(policy_budget(p), prefix, strlen(prefix)) == 0 &&
                        (k == HS_INSTR_SUBSIDY || k == HS_INSTR_VOUCHER);
            policy_free(p);
            if (ours)
                st = mc_policy_add_file(&s->policies, path, err);
        }
        free(names[i]);
    }
    return st;
}

static void link_budgets(mc_snapshot *s) {
    for (size_t i = 0; i < s->policies.n; i++)
        for (size_t b = 0; b < s->n_budgets; b++)
            if (strcmp(s->policies.v[i].budget, s->budgets[b].account) == 0)
                s->policies.v[i].budget_index = (int)b;
}

hs_status ops_project_snapshot(const hs_ctx *ctx, const project_request *req, mc_snapshot *out,
                               hs_error *err) {
    assert(ctx != NULL && req != NULL && req->programme != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    if (strlen(req->programme) == 0 || strlen(req->programme) >= sizeof out->programme)
        return hs_invalid_field(err, "programme", "--programme: 1..63 bytes needed");
    snprintf(out->programme, sizeof out->programme, "%s", req->programme);
    out->on = req->on ? req->on : hs_clock_today(&ctx->clock);
    mc_params defaults;
    mc_params_default(&defaults);
    bool exists = false;
    hs_status st = read_targets(ctx, out, err);
    if (st == HS_OK)
        st = read_funds(ctx, req, out, err);
    if (st == HS_OK)
        st = fund_read_begin(ctx->store, err); /* one read snapshot for the rest */
    if (st == HS_OK) {
        st = read_firms(ctx, out, defaults.default_age_years, err);
        if (st == HS_OK)
            st = read_credit(ctx, out, err);
        if (st == HS_OK)
            st = read_budgets(ctx, out, &exists, err);
        fund_read_end(ctx->store);
    }
    if (st == HS_OK && !exists && out->n_targets == 0 && req->new_funds == 0)
        st = hs_not_found(err, "programme", "no programme '%s' and no targets for it",
                          req->programme);
    if (st == HS_OK)
        st = shipped_policies(ctx, out, err);
    for (size_t i = 0; i < req->n_policy_files && st == HS_OK; i++)
        st = mc_policy_add_file(&out->policies, req->policy_files[i], err);
    if (st == HS_OK)
        link_budgets(out);
    if (st != HS_OK)
        mc_snapshot_free(out);
    return st;
}

hs_status ops_project_store_probabilities(const hs_ctx *ctx, const mc_snapshot *snap,
                                          const double *probability, int64_t paths, uint64_t seed,
                                          hs_error *err) {
    target *ts = malloc((snap->n_targets + 1) * sizeof *ts);
    double *ps = malloc((snap->n_targets + 1) * sizeof *ps);
    if (ts == NULL || ps == NULL) {
        free(ts);
        free(ps);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    size_t n = 0;
    for (size_t i = 0; i < snap->n_targets; i++)
        if (isfinite(probability[i])) {
            ts[n] = snap->targets[i];
            ps[n++] = probability[i];
        }
    char run_id[TARGET_ID_MAX];
    snprintf(run_id, sizeof run_id, "seed-%llu-paths-%lld", (unsigned long long)seed,
             (long long)paths);
    hs_status st =
        ops_target_probabilities_store(ctx, ts, ps, n, paths, seed, snap->on, run_id, err);
    free(ts);
    free(ps);
    return st;
}
