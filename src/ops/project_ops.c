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
#include "instrument/fund_deal.h"
#include "instrument/fund_report.h"
#include "instrument/fund_repo.h"
#include "ops/credit_ops.h"
#include "ops/programme_funds.h"
#include "ops/programme_ops.h"
#include "ops/registry_ops.h"
#include "ops/target_ops.h"
#include "registry/division.h"

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

/* ---- funds and their deals ---- */

/* A held deal read with its fund, before the firms are read (firm by credit code). */
typedef struct {
    mc_deal0 d;
    size_t seq; /* read order: by fund, then the fund's deal order */
    char firm[FUND_TEXT_MAX];
} pending_deal;

typedef struct {
    mc_snapshot *s;
    int32_t fund;
    pending_deal *v;
    size_t n, cap;
} deal_reader;

/* Keeps a deal held on the start date: at its mark if still held, else (closed after the start)
 * at its cost. */
static hs_status add_deal(void *c, const fund_deal *d, hs_error *err) {
    deal_reader *dr = c;
    hs_date on = dr->s->on;
    bool held_now = d->status == FUND_DEAL_HELD && d->held_fen > 0;
    bool held_then = d->date <= on && (held_now || (d->closed_date > on && d->cost_fen > 0));
    if (!held_then)
        return HS_OK;
    if (dr->n == dr->cap) {
        size_t cap = dr->cap ? 2 * dr->cap : 32;
        void *p = realloc(dr->v, cap * sizeof *dr->v);
        if (p == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory reading deals");
        dr->v = p;
        dr->cap = cap;
    }
    pending_deal *pd = &dr->v[dr->n];
    pd->seq = dr->n++;
    pd->d = (mc_deal0){.fund = dr->fund,
                       .firm = -1,
                       .value = (double)(held_now ? d->value_fen : d->cost_fen) / 100.0,
                       .cost = (double)(held_now ? d->held_fen : d->cost_fen) / 100.0,
                       .share_bp = d->share_bp};
    snprintf(pd->firm, sizeof pd->firm, "%s", d->firm);
    return HS_OK;
}

static int32_t quarters_between(hs_date from, hs_date to) {
    int32_t d = date_diff_days(from, to);
    return d <= 0 ? 0 : (int32_t)((double)d / 91.3125);
}

static hs_status read_funds(const hs_ctx *ctx, const project_request *req, mc_snapshot *s,
                            deal_reader *dr, hs_error *err) {
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
        snprintf(m->group, sizeof m->group, "%s", f.t.group);
        snprintf(m->parent, sizeof m->parent, "%s", f.t.parent);
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
        m->invest_q = 4 * (f.t.invest_years > 0 ? f.t.invest_years : 0);
        dr->fund = (int32_t)(s->n_funds - 1);
        st = fund_deals_each(ctx->store, m->id, add_deal, dr, err);
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

/* The normalised key of a city name: its GB/T 2260 division code when the table knows it, else
 * the name without a trailing 市 ("" for no city). */
static void city_key(const hs_divisions *dv, const char *name, char *out, size_t len) {
    const char *code = dv && name[0] ? divisions_city(dv, name) : NULL;
    if (code != NULL)
        snprintf(out, len, "%.6s", code);
    else
        mc_city_key_plain(name, out, len);
}

static int city_index(mc_snapshot *s, const hs_divisions *dv, const char *city, size_t *cap) {
    for (size_t i = 0; i < s->n_cities; i++)
        if (strcmp(s->cities[i], city) == 0)
            return (int)i;
    if (s->n_cities == *cap) {
        size_t c = *cap ? 2 * *cap : 16;
        void *p = realloc(s->cities, c * sizeof *s->cities);
        void *k = p ? realloc(s->city_keys, c * sizeof *s->city_keys) : NULL;
        if (p != NULL)
            s->cities = p;
        if (k == NULL)
            return -1;
        s->city_keys = k;
        *cap = c;
    }
    snprintf(s->cities[s->n_cities], sizeof s->cities[0], "%s", city);
    city_key(dv, city, s->city_keys[s->n_cities], sizeof s->city_keys[0]);
    return (int)s->n_cities++;
}

static int cmp_deal_firm(const void *a, const void *b) {
    return strcmp(((const pending_deal *)a)->firm, ((const pending_deal *)b)->firm);
}

/* Resolves the pending deals' firms (sorted by credit code) against firm i of the registry. */
static void resolve_deals(deal_reader *dr, const char *uscc, int32_t i) {
    pending_deal key;
    snprintf(key.firm, sizeof key.firm, "%s", uscc);
    pending_deal *hit = bsearch(&key, dr->v, dr->n, sizeof *dr->v, cmp_deal_firm);
    if (hit == NULL)
        return;
    while (hit > dr->v && strcmp(hit[-1].firm, uscc) == 0)
        hit--;
    for (; hit < dr->v + dr->n && strcmp(hit->firm, uscc) == 0; hit++)
        hit->d.firm = i;
}

static hs_status read_firms(const hs_ctx *ctx, mc_snapshot *s, const hs_divisions *dv,
                            deal_reader *dr, double default_age_years, hs_error *err) {
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
    s->firm_attrs = calloc(n + 1, sizeof *s->firm_attrs);
    size_t cap = 0;
    if (dr->n > 0) /* deals by firm, with the fund order kept within a firm's */
        qsort(dr->v, dr->n, sizeof *dr->v, cmp_deal_firm);
    for (size_t i = 0; i < n && s->firms != NULL && s->firm_attrs != NULL; i++) {
        const hs_firm *f = &firms[i];
        int c = city_index(s, dv, f->city, &cap);
        if (c < 0 || c > 65535)
            break;
        if (dr->n > 0)
            resolve_deals(dr, f->uscc, (int32_t)s->n_firms);
        s->firm_attrs[s->n_firms] = (mc_firm_attr){.sector = (uint8_t)f->sector,
                                                   .stage = (uint8_t)f->stage,
                                                   .city = (uint16_t)c,
                                                   .flags = f->flags,
                                                   .has = f->has,
                                                   .employees = f->employees,
                                                   .revenue_fen = f->revenue_fen,
                                                   .rd_spend_fen = f->rd_spend_fen,
                                                   .patents = f->patents,
                                                   .trademarks = f->trademarks,
                                                   .software_copyrights = f->software_copyrights,
                                                   .founded = f->founded};
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

static int cmp_deal_seq(const void *a, const void *b) {
    size_t x = ((const pending_deal *)a)->seq, y = ((const pending_deal *)b)->seq;
    return x < y ? -1 : x > y;
}

/* The deals whose firm is in the registry become the snapshot's (grouped by fund); the others
 * stay in their fund's T–A part and are only counted. */
static hs_status finish_deals(mc_snapshot *s, deal_reader *dr, hs_error *err) {
    qsort(dr->v, dr->n, sizeof *dr->v, cmp_deal_seq);
    s->deals = calloc(dr->n + 1, sizeof *s->deals);
    if (s->deals == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory reading deals");
    for (size_t f = 0; f < s->n_funds; f++)
        s->funds[f].first_deal = s->funds[f].n_deals = 0;
    for (size_t i = 0; i < dr->n; i++) {
        const mc_deal0 *d = &dr->v[i].d;
        assert(d->fund >= 0 && (size_t)d->fund < s->n_funds);
        if (d->firm < 0 || d->value <= 0) {
            s->n_deals_unlisted += d->value > 0;
            continue;
        }
        mc_fund0 *m = &s->funds[d->fund];
        if (m->n_deals == 0)
            m->first_deal = (int32_t)s->n_deals;
        assert(m->first_deal + m->n_deals == (int32_t)s->n_deals); /* grouped by fund */
        m->n_deals++;
        s->deals[s->n_deals++] = *d;
    }
    return HS_OK;
}

/* The city a policy's Chinese title begins with (成都市算力券 -> 成都市), normalised like the
 * firms' cities; "" if the title names none. */
static void policy_city(const hs_divisions *dv, mc_policy *m) {
    const char *title = policy_title_zh(m->policy);
    const char *shi = "市";
    m->city_key[0] = m->city_name[0] = '\0';
    for (const char *at = strstr(title, shi); at != NULL; at = strstr(at + 1, shi)) {
        size_t len = (size_t)(at - title) + strlen(shi);
        if (len >= sizeof m->city_name)
            return;
        char name[MC_CITY_KEY_MAX];
        snprintf(name, sizeof name, "%.*s", (int)len, title);
        const char *code = dv ? divisions_city(dv, name) : NULL;
        if (code == NULL && dv != NULL)
            continue; /* not a city: a longer prefix may be */
        snprintf(m->city_name, sizeof m->city_name, "%s", name);
        city_key(dv, name, m->city_key, sizeof m->city_key);
        return;
    }
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

/* Each policy's city and its budget in the snapshot. */
static void link_policies(mc_snapshot *s, const hs_divisions *dv) {
    for (size_t i = 0; i < s->policies.n; i++)
        policy_city(dv, &s->policies.v[i]);
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
    hs_divisions *dv = NULL; /* without the table, cities compare by name less 市 */
    hs_error no_table;
    if (registry_divisions_load(ctx->data_dir, &dv, &no_table) != HS_OK)
        dv = NULL;
    deal_reader dr = {.s = out};
    hs_status st = read_targets(ctx, out, err);
    if (st == HS_OK)
        st = read_funds(ctx, req, out, &dr, err);
    if (st == HS_OK)
        st = fund_read_begin(ctx->store, err); /* one read snapshot for the rest */
    if (st == HS_OK) {
        st = read_firms(ctx, out, dv, &dr, defaults.default_age_years, err);
        if (st == HS_OK)
            st = finish_deals(out, &dr, err);
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
        link_policies(out, dv);
    free(dr.v);
    divisions_free(dv);
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
