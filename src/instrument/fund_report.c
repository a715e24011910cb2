/* fund_report.c — per-fund figures and the roll-up of a tree or group (see fund_report.h). */
#include "instrument/fund_report.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/strmap.h"
#include "instrument/fund_deal.h"
#include "instrument/fund_lp.h"
#include "instrument/fund_repo.h"

typedef struct {
    hs_date date;
    int64_t amount_fen;
} dated_flow;

typedef struct {
    dated_flow *v;
    size_t n, cap;
} flow_list;

static bool flow_push(flow_list *l, hs_date d, int64_t a) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        dated_flow *p = realloc(l->v, cap * sizeof *p);
        if (p == NULL)
            return false;
        l->v = p;
        l->cap = cap;
    }
    l->v[l->n++] = (dated_flow){d, a};
    return true;
}

static int flow_cmp(const void *a, const void *b) {
    const dated_flow *x = a, *y = b;
    return (x->date > y->date) - (x->date < y->date);
}

/* XIRR of the flows (sorted and merged by date here; with drop_zero, dates whose flows cancel out
 * are left out: the tree's list adds internal flows and takes them out again). */
static bool xirr_of(flow_list *l, bool drop_zero, double *out) {
    if (l->n < 2)
        return false;
    qsort(l->v, l->n, sizeof *l->v, flow_cmp);
    size_t m = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (m > 0 && l->v[m - 1].date == l->v[i].date)
            l->v[m - 1].amount_fen += l->v[i].amount_fen;
        else
            l->v[m++] = l->v[i];
    }
    if (drop_zero) {
        size_t kept = 0;
        for (size_t i = 0; i < m; i++)
            if (l->v[i].amount_fen != 0)
                l->v[kept++] = l->v[i];
        m = kept;
    }
    l->n = m;
    if (m < 2 || m > METRICS_FLOWS_MAX)
        return false;
    hs_date *d = malloc(m * sizeof *d);
    int64_t *a = malloc(m * sizeof *a);
    bool ok = false;
    if (d && a) {
        for (size_t i = 0; i < m; i++) {
            d[i] = l->v[i].date;
            a[i] = l->v[i].amount_fen;
        }
        hs_error err;
        ok = metrics_xirr(d, a, m, METRICS_XIRR_GUESS, out, &err) == HS_OK;
    }
    free(d);
    free(a);
    return ok;
}

/* ---- building a report ----
 * The steps, in order: collect the tree (parents before children) and index it; each fund's own
 * figures from its tables and accounts; 返投 of sub-funds counted up to their ancestors; sub-fund
 * positions valued children first; then parents first the government money, look-through weight,
 * multiples and IRR, with the tree's totals; finally the exposure. */

typedef struct {
    fund_report *r;
    size_t cap;
} collect_ctx;

static hs_status collect(void *vctx, const fund_terms *t, hs_error *err) {
    collect_ctx *c = vctx;
    fund_report *r = c->r;
    if (r->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        fund_figures *p = realloc(r->funds, cap * sizeof *p);
        if (p == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory");
        r->funds = p;
        c->cap = cap;
    }
    fund_figures *f = &r->funds[r->n++];
    memset(f, 0, sizeof *f);
    f->t = *t;
    return HS_OK;
}

/* A sub-fund position: the capital a fund paid into fund `sub` as its LP. */
typedef struct {
    char sub[FUND_ID_MAX];
    int64_t paid_fen;
} position;

/* The cost of a fund's deals in one place (region and city), for 返投. */
typedef struct {
    char region[FUND_TEXT_MAX], city[FUND_TEXT_MAX];
    int64_t cost_fen;
} deal_place;

/* What a build gathers of one fund before the figures are derived. */
typedef struct {
    fund_lp *lps;
    size_t nlps, cap_lps;
    position *pos;
    size_t npos, cap_pos;
    deal_place *places;
    size_t nplaces, cap_places;
    bool needs_places; /* 返投: it or an ancestor has a requirement */
    flow_list own;     /* its LPs' dated flows */
} fund_work;

/* Working state of one build (freed by build_free). Many funds are read table by table in one
 * pass each ("all"); a few, fund by fund. */
typedef struct {
    hs_store *s;
    fund_report *r;
    strmap idx; /* fund id -> index in r->funds */
    fund_work *w;
    flow_list external;
    hs_date last;
    bool all;
    char last_fund[FUND_ID_MAX];
    int64_t last_k; /* cache of the last lookup, -1 none */
} build;

#define REPORT_ALL_FUNDS_MIN 32 /* from this many funds a report reads whole tables */

static void build_free(build *b) {
    if (b->w)
        for (size_t i = 0; i < b->r->n; i++) {
            free(b->w[i].lps);
            free(b->w[i].pos);
            free(b->w[i].places);
            free(b->w[i].own.v);
        }
    free(b->w);
    free(b->external.v);
    strmap_free(&b->idx);
}

/* Index of fund `id` in the report, -1 if it is not in the tree (the last answer is cached: rows
 * come grouped by fund). */
static int64_t fund_index(build *b, const char *id) {
    if (id == NULL)
        return -1;
    if (b->last_k >= -1 && strcmp(b->last_fund, id) == 0)
        return b->last_k;
    int64_t k;
    if (!strmap_get(&b->idx, id, &k))
        k = -1;
    snprintf(b->last_fund, sizeof b->last_fund, "%s", id);
    b->last_k = k;
    return k;
}

static void *grow(void *v, size_t *cap, size_t n, size_t size) {
    if (n < *cap)
        return v;
    size_t c = *cap ? *cap * 2 : 8;
    void *p = realloc(v, c * size);
    if (p != NULL)
        *cap = c;
    return p;
}

static hs_status on_lp(void *vctx, const char *fund, const fund_lp *l, hs_error *err) {
    build *b = vctx;
    int64_t k = fund_index(b, fund);
    if (k < 0)
        return HS_OK;
    fund_work *w = &b->w[k];
    fund_lp *p = grow(w->lps, &w->cap_lps, w->nlps, sizeof *p);
    if (p == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    w->lps = p;
    w->lps[w->nlps++] = *l;
    return HS_OK;
}

static fund_lp *lp_of(fund_work *w, const char *lp) {
    for (size_t i = 0; lp && i < w->nlps; i++)
        if (strcmp(w->lps[i].lp, lp) == 0)
            return &w->lps[i];
    return NULL;
}

/* The ledger's side: fund/F/cash, gains, losses and each LP's commitment account. */
static hs_status on_account(void *vctx, const hs_account *a, hs_error *err) {
    build *b = vctx;
    const char *id = a->name + 5, *slash = strchr(id, '/');
    if (strncmp(a->name, "fund/", 5) != 0 || slash == NULL || slash - id >= FUND_ID_MAX)
        return HS_OK;
    char fund[FUND_ID_MAX];
    snprintf(fund, sizeof fund, "%.*s", (int)(slash - id), id);
    int64_t k = fund_index(b, fund);
    if (k < 0)
        return HS_OK;
    fund_figures *f = &b->r->funds[k];
    const char *what = slash + 1;
    if (strcmp(what, "cash") == 0) {
        f->cash_fen = account_held_fen(a);
    } else if (strcmp(what, "gains") == 0) {
        f->gains_fen = -account_held_fen(a);
    } else if (strcmp(what, "losses") == 0) {
        f->losses_fen = account_held_fen(a);
    } else if (strncmp(what, "commitment/", 11) == 0) {
        fund_lp *l = lp_of(&b->w[k], what + 11);
        if (l == NULL)
            return HS_OK;
        l->committed_fen = a->debits_posted_fen;
        l->drawn_fen = a->credits_posted_fen;
        l->uncalled_fen = a->debits_posted_fen - a->credits_posted_fen;
        if (l->uncalled_fen < 0) /* the ledger forbids it: the book is damaged */
            return hs_fail(err, HS_STORAGE, "%s: drawn beyond its commitment (corrupt book)",
                           a->name);
    }
    return HS_OK;
}

/* The flows between fund `lp` as an LP and the funds it is an LP of: its sub-fund positions
 * (calls), and for funds of the tree the internal flows the tree's IRR leaves out. */
static hs_status on_as_lp(void *vctx, const char *lp, const char *fund, bool is_call, hs_date date,
                          int64_t amount_fen, hs_error *err) {
    build *b = vctx;
    int64_t j = fund_index(b, lp), k;
    if (j < 0) /* an LP outside the tree (reading every fund's) */
        return HS_OK;
    assert(amount_fen > 0 && fund != NULL);
    if (is_call) {
        fund_work *w = &b->w[j];
        b->r->funds[j].into_subs_fen += amount_fen;
        if (w->npos == 0 || strcmp(w->pos[w->npos - 1].sub, fund) != 0) {
            position *p = grow(w->pos, &w->cap_pos, w->npos, sizeof *p);
            if (p == NULL)
                return hs_fail(err, HS_STORAGE, "out of memory");
            w->pos = p;
            memset(&w->pos[w->npos], 0, sizeof w->pos[w->npos]);
            snprintf(w->pos[w->npos].sub, sizeof w->pos[w->npos].sub, "%s", fund);
            w->npos++;
        }
        w->pos[w->npos - 1].paid_fen += amount_fen;
    }
    if (!strmap_get(&b->idx, fund, &k))
        return HS_OK;
    const fund_lp *l = lp_of(&b->w[k], lp);
    if (l == NULL || l->type != FUND_LP_FUND)
        return HS_OK;
    if (!flow_push(&b->external, date, is_call ? amount_fen : -amount_fen))
        return hs_fail(err, HS_STORAGE, "out of memory");
    return HS_OK;
}

/* The deals of one fund in one place: into its fund's summary and, for 返投, its place. */
static hs_status on_deal(void *vctx, const fund_deal_total *d, hs_error *err) {
    build *b = vctx;
    int64_t k = fund_index(b, d->fund);
    if (k < 0)
        return HS_OK;
    fund_figures *f = &b->r->funds[k];
    fund_work *w = &b->w[k];
    assert(d->deals >= 0 && d->held >= 0 && d->held <= d->deals);
    if (d->deals > INT32_MAX - f->deals ||
        !money_add(f->invested_fen, d->cost_fen, &f->invested_fen) ||
        !money_add(f->held_cost_fen, d->held_fen, &f->held_cost_fen) ||
        !money_add(f->deal_value_fen, d->value_fen, &f->deal_value_fen) ||
        !money_add(f->realised_fen, d->realised_fen, &f->realised_fen))
        return hs_fail(err, HS_STORAGE, "fund %s: its deal totals overflow (corrupt book)",
                       d->fund);
    f->deals += (int)d->deals;
    f->deals_held += (int)d->held;
    if (!w->needs_places)
        return HS_OK;
    if (f->t.reinvest_bp > 0 &&
        (strcmp(d->region, f->t.region) == 0 || strcmp(d->city, f->t.region) == 0))
        f->local_fen += d->cost_fen;
    for (size_t i = w->nplaces; i-- > 0;)
        if (strcmp(w->places[i].city, d->city) == 0 &&
            strcmp(w->places[i].region, d->region) == 0) {
            w->places[i].cost_fen += d->cost_fen;
            return HS_OK;
        }
    deal_place *p = grow(w->places, &w->cap_places, w->nplaces, sizeof *p);
    if (p == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    w->places = p;
    deal_place *pl = &w->places[w->nplaces++];
    snprintf(pl->region, sizeof pl->region, "%s", d->region);
    snprintf(pl->city, sizeof pl->city, "%s", d->city);
    pl->cost_fen = d->cost_fen;
    return HS_OK;
}

/* One running total of a fund's flows (per kind and LP): fees and carry; each LP's calls and
 * distributions (carry paid back counts as distributed). */
static hs_status on_total(void *vctx, const char *fund, const char *kind, const char *lp,
                          int64_t amount_fen, hs_error *err) {
    build *b = vctx;
    int64_t k = fund_index(b, fund);
    if (k < 0)
        return HS_OK;
    fund_figures *f = &b->r->funds[k];
    fund_lp *l = lp_of(&b->w[k], lp);
    int64_t *sum = NULL;
    if (strcmp(kind, "fee") == 0)
        sum = &f->fees_fen;
    else if (strcmp(kind, "carry") == 0)
        sum = &f->carry_fen;
    else if (l != NULL && strcmp(kind, "call") == 0)
        sum = &l->called_fen;
    else if (l != NULL && (strcmp(kind, "distribute") == 0 || strcmp(kind, "carry-back") == 0))
        sum = &l->distributed_fen;
    if (sum != NULL && (amount_fen < 0 || !money_add(*sum, amount_fen, sum)))
        return hs_fail(err, HS_STORAGE, "fund %s: its %s flows overflow (corrupt book)", fund,
                       kind);
    return HS_OK;
}

/* One date's calls (or distributions) of a fund's LPs: the fund's first call, its dated flows for
 * its IRR and, all of them at first, the tree's (the flows of the tree's funds as LPs take the
 * internal ones out again). */
static hs_status on_day(void *vctx, const char *fund, bool is_call, hs_date date,
                        int64_t amount_fen, hs_error *err) {
    build *b = vctx;
    int64_t k = fund_index(b, fund);
    if (k < 0)
        return HS_OK;
    assert(amount_fen > 0);
    fund_figures *f = &b->r->funds[k];
    if (is_call && (f->first_call == 0 || date < f->first_call))
        f->first_call = date;
    int64_t v = is_call ? -amount_fen : amount_fen;
    if (!flow_push(&b->w[k].own, date, v) || !flow_push(&b->external, date, v))
        return hs_fail(err, HS_STORAGE, "out of memory");
    return HS_OK;
}

static hs_status on_last(void *vctx, const char *fund, hs_date date, hs_error *err) {
    build *b = vctx;
    if (fund_index(b, fund) >= 0 && date > b->last)
        b->last = date;
    return HS_OK;
}

/* Reads the tables of `fund` (NULL: every fund) into the build: LPs, accounts (not the deal
 * holdings: deals come from their table), the running totals and dated sums of the flows (not the
 * flows themselves), the deal totals by place (not every deal) and, for every fund, positions as
 * an LP. */
static hs_status read_tables(build *b, const char *fund, hs_error *err) {
    char prefix[ACCOUNT_NAME_MAX];
    if (fund)
        snprintf(prefix, sizeof prefix, "fund/%s/", fund);
    else
        snprintf(prefix, sizeof prefix, "fund/");
    hs_status st = fund_read_lp_rows(b->s, fund, on_lp, b, err);
    if (st == HS_OK)
        st = store_accounts_each_skip(b->s, prefix, "investment", on_account, b, err);
    if (st == HS_OK)
        st = fund_read_flow_totals(b->s, fund, on_total, b, err);
    if (st == HS_OK)
        st = fund_read_flow_days(b->s, fund, on_day, b, err);
    if (st == HS_OK && fund == NULL) /* every fund's positions as an LP, in one pass */
        st = fund_read_as_lp(b->s, NULL, on_as_lp, b, err);
    if (st == HS_OK)
        st = fund_read_deal_totals(b->s, fund, on_deal, b, err);
    return st;
}

/* Whether 返投 needs fund k's deals by place: it or an ancestor has a requirement. */
static bool needs_places(build *b, size_t k) {
    const fund_figures *f = &b->r->funds[k];
    if (f->t.reinvest_bp > 0)
        return true;
    int64_t j;
    const char *parent = f->t.parent;
    for (int depth = 0; parent[0] && depth < 16 && strmap_get(&b->idx, parent, &j); depth++) {
        if (b->r->funds[j].t.reinvest_bp > 0)
            return true;
        parent = b->r->funds[j].t.parent;
    }
    return false;
}

/* Per fund of the tree: the date of its last event (one index seek) and, unless every fund's
 * flows were read, its positions as an LP. */
static hs_status read_per_fund(build *b, size_t k, hs_error *err) {
    const char *id = b->r->funds[k].t.id;
    hs_status st = fund_read_last_events(b->s, id, on_last, b, err);
    if (st == HS_OK && !b->all)
        st = fund_read_as_lp(b->s, id, on_as_lp, b, err);
    return st;
}

/* Every fund's own figures from its tables and accounts. */
static hs_status own_figures(build *b, hs_error *err) {
    fund_report *r = b->r;
    hs_status st = HS_OK;
    for (size_t k = 0; k < r->n; k++)
        b->w[k].needs_places = needs_places(b, k);
    if (b->all)
        st = read_tables(b, NULL, err);
    for (size_t k = 0; k < r->n && st == HS_OK && !b->all; k++)
        st = read_tables(b, r->funds[k].t.id, err);
    /* one index seek each: the last event */
    for (size_t k = 0; k < r->n && st == HS_OK; k++)
        st = read_per_fund(b, k, err);
    for (size_t k = 0; k < r->n && st == HS_OK; k++) {
        fund_figures *f = &r->funds[k];
        const fund_work *w = &b->w[k];
        f->lps = (int)w->nlps;
        for (size_t i = 0; i < w->nlps; i++) {
            const fund_lp *l = &w->lps[i];
            int64_t c = l->called_fen + l->uncalled_fen;
            f->committed_by_type_fen[l->type] += c;
            f->committed_fen += c;
            f->called_fen += l->called_fen;
            f->uncalled_fen += l->uncalled_fen;
            f->defaulted_fen += l->drawn_fen - l->called_fen;
            f->distributed_fen += l->distributed_fen;
        }
        f->invested_fen += f->into_subs_fen;
    }
    return st;
}

/* 返投 counts the local deals of sub-funds in full: each fund's deals in the region of every
 * ancestor that has a requirement. */
static void reinvest_up(build *b) {
    fund_report *r = b->r;
    for (size_t k = 0; k < r->n; k++) {
        int64_t j;
        const char *parent = r->funds[k].t.parent;
        for (int depth = 0; parent[0] && depth < 16 && strmap_get(&b->idx, parent, &j); depth++) {
            fund_figures *a = &r->funds[j];
            for (size_t i = 0; a->t.reinvest_bp > 0 && i < b->w[k].nplaces; i++) {
                const deal_place *p = &b->w[k].places[i];
                if (strcmp(p->region, a->t.region) == 0 || strcmp(p->city, a->t.region) == 0)
                    a->local_fen += p->cost_fen;
            }
            parent = a->t.parent;
        }
    }
}

/* Children before parents: NAV = cash + deals + sub-fund positions at their look-through value
 * (the position's share of the sub-fund's paid-in x its NAV). */
static void sub_values(build *b) {
    const fund_report *r = b->r;
    for (size_t k = r->n; k-- > 0;) {
        fund_figures *f = &b->r->funds[k];
        int64_t value = 0;
        for (size_t i = 0; i < b->w[k].npos; i++) {
            const position *p = &b->w[k].pos[i];
            int64_t j, part = p->paid_fen;
            if (strmap_get(&b->idx, p->sub, &j) && (size_t)j > k && r->funds[j].called_fen > 0)
                if (!money_mul_ratio(r->funds[j].nav_fen, p->paid_fen, r->funds[j].called_fen,
                                     &part))
                    part = p->paid_fen;
            value += part;
        }
        f->sub_value_fen = value;
        f->nav_fen = f->cash_fen + f->deal_value_fen + f->sub_value_fen;
    }
}

/* Government money committed to `fund` (look-through), recursing into fund LPs: for funds outside
 * the tree. */
static hs_status gov_money_of(hs_store *s, const char *fund, int depth, int64_t *gov,
                              int64_t *committed, hs_error *err) {
    *gov = *committed = 0;
    fund_lp *lps;
    size_t n;
    hs_status st = fund_lps_load(s, fund, &lps, &n, err);
    if (st != HS_OK)
        return st;
    for (size_t i = 0; i < n && st == HS_OK; i++) {
        int64_t c = lps[i].called_fen + lps[i].uncalled_fen;
        *committed += c;
        if (lps[i].type == FUND_LP_GOV) {
            *gov += c;
        } else if (lps[i].type == FUND_LP_FUND && depth < 16) {
            int64_t g, k, part = 0;
            st = gov_money_of(s, lps[i].lp, depth + 1, &g, &k, err);
            if (st == HS_OK && k > 0 && money_mul_ratio(c, g, k, &part))
                *gov += part;
        }
    }
    free(lps);
    return st;
}

/* Look-through government money of fund k (parents already done). */
static hs_status fund_gov_money(build *b, size_t k, hs_error *err) {
    fund_figures *f = &b->r->funds[k];
    f->gov_money_fen = 0;
    for (size_t i = 0; i < b->w[k].nlps; i++) {
        const fund_lp *lp = &b->w[k].lps[i];
        int64_t c = lp->called_fen + lp->uncalled_fen, j, g = 0, kk = 0, part = 0;
        if (lp->type == FUND_LP_GOV) {
            f->gov_money_fen += c;
            continue;
        }
        if (lp->type != FUND_LP_FUND)
            continue;
        if (strmap_get(&b->idx, lp->lp, &j) && (size_t)j < k) {
            g = b->r->funds[j].gov_money_fen;
            kk = b->r->funds[j].committed_fen;
        } else {
            hs_status st = gov_money_of(b->s, lp->lp, 1, &g, &kk, err);
            if (st != HS_OK)
                return st;
        }
        if (kk > 0 && money_mul_ratio(c, g, kk, &part))
            f->gov_money_fen += part;
    }
    return HS_OK;
}

/* The parent's look-through share of fund k: its paid-in (else committed) share. */
static void fund_weight(build *b, size_t k) {
    fund_figures *f = &b->r->funds[k];
    int64_t j;
    f->weight = 1.0;
    if (b->r->is_group || k == 0 || !f->t.parent[0] || !strmap_get(&b->idx, f->t.parent, &j))
        return;
    double share = 0;
    for (size_t i = 0; i < b->w[k].nlps; i++) {
        const fund_lp *lp = &b->w[k].lps[i];
        if (strcmp(lp->lp, f->t.parent) == 0)
            share = f->called_fen > 0 ? (double)lp->called_fen / (double)f->called_fen
                    : f->committed_fen > 0
                        ? (double)(lp->called_fen + lp->uncalled_fen) / (double)f->committed_fen
                        : 0;
    }
    f->weight = b->r->funds[j].weight * share;
}

static void ratio(int64_t num, int64_t den, metrics_ratio *r) {
    r->num = num;
    r->den = den;
    r->value = den > 0 ? (double)num / (double)den : 0;
}

/* Leverage, 返投 shortfall, multiples, recycling, deployment and IRR of one fund. */
static hs_status fund_derived(build *b, size_t k, hs_error *err) {
    fund_figures *f = &b->r->funds[k];
    if (f->gov_money_fen > 0) {
        f->leverage = (double)f->committed_fen / (double)f->gov_money_fen;
        f->social_per_gov =
            (double)(f->committed_fen - f->gov_money_fen) / (double)f->gov_money_fen;
    }
    if (f->t.reinvest_bp > 0) {
        if (!money_mul_bp(f->gov_money_fen, f->t.reinvest_bp, &f->required_fen))
            f->required_fen = INT64_MAX;
        f->shortfall_fen = f->required_fen > f->local_fen ? f->required_fen - f->local_fen : 0;
    }
    if (f->called_fen > 0) {
        ratio(f->distributed_fen + f->nav_fen, f->called_fen, &f->tvpi);
        ratio(f->distributed_fen, f->called_fen, &f->dpi);
        ratio(f->nav_fen, f->called_fen, &f->rvpi);
    }
    f->recycled_fen = f->invested_fen - (f->called_fen - f->fees_fen);
    if (f->recycled_fen < 0)
        f->recycled_fen = 0;
    if (f->committed_fen > 0) {
        f->deployed = (double)f->invested_fen / (double)f->committed_fen;
        double years = date_year_fraction_act365(f->t.vintage, b->r->as_of);
        f->deployed_per_year = years > 0 ? f->deployed / years : 0;
    }
    if (f->nav_fen > 0 && !flow_push(&b->w[k].own, b->r->as_of, f->nav_fen))
        return hs_fail(err, HS_STORAGE, "out of memory");
    f->irr_ok = xirr_of(&b->w[k].own, false, &f->irr);
    return HS_OK;
}

/* Adds fund k to the tree's totals; external capital is what LPs outside the tree commit. */
static hs_status add_totals(build *b, size_t k, hs_error *err) {
    fund_report *r = b->r;
    const fund_figures *f = &r->funds[k];
    r->size_total_fen += f->t.size_fen;
    r->committed_total_fen += f->committed_fen;
    r->nav_total_fen += f->cash_fen + f->deal_value_fen;
    r->invested_total_fen += f->invested_fen - f->into_subs_fen;
    r->fees_total_fen += f->fees_fen;
    r->carry_total_fen += f->carry_fen;
    r->local_total_fen += f->local_fen;
    r->required_total_fen += f->required_fen;
    r->shortfall_total_fen += f->shortfall_fen;
    r->deals_total += f->deals;
    for (size_t i = 0; i < b->w[k].nlps; i++) {
        const fund_lp *lp = &b->w[k].lps[i];
        int64_t c = lp->called_fen + lp->uncalled_fen, j;
        if (lp->type == FUND_LP_FUND && strmap_get(&b->idx, lp->lp, &j))
            continue;
        r->external_committed_fen += c;
        r->external_called_fen += lp->called_fen;
        r->external_distributed_fen += lp->distributed_fen;
        if (lp->type == FUND_LP_GOV) {
            r->external_gov_fen += c;
        } else if (lp->type == FUND_LP_FUND) {
            int64_t g, kk, part = 0;
            hs_status st = gov_money_of(b->s, lp->lp, 1, &g, &kk, err);
            if (st != HS_OK)
                return st;
            if (kk > 0 && money_mul_ratio(c, g, kk, &part))
                r->external_gov_fen += part;
        }
    }
    return HS_OK;
}

/* The tree's leverage, multiples and IRR (over external flows with the tree's NAV). */
static hs_status tree_figures(build *b, hs_error *err) {
    fund_report *r = b->r;
    if (r->external_gov_fen > 0) {
        r->leverage_size = (double)r->size_total_fen / (double)r->external_gov_fen;
        r->leverage_external = (double)r->external_committed_fen / (double)r->external_gov_fen;
        r->social_per_gov =
            (double)(r->external_committed_fen - r->external_gov_fen) / (double)r->external_gov_fen;
    }
    if (r->external_called_fen > 0) {
        ratio(r->external_distributed_fen + r->nav_total_fen, r->external_called_fen, &r->tvpi);
        ratio(r->external_distributed_fen, r->external_called_fen, &r->dpi);
        ratio(r->nav_total_fen, r->external_called_fen, &r->rvpi);
    }
    if (r->nav_total_fen > 0 && !flow_push(&b->external, r->as_of, r->nav_total_fen))
        return hs_fail(err, HS_STORAGE, "out of memory");
    r->irr_ok = xirr_of(&b->external, true, &r->irr);
    return HS_OK;
}

/* ---- exposure ---- */

typedef struct {
    fund_exposure *v;
    double *cost, *value; /* unrounded weighted sums, per key */
    size_t n, cap;
    strmap keys;
    double weight;
} expo_acc;

typedef struct {
    build *b;
    expo_acc acc;
} expo_ctx;

static hs_status add_exposure(void *vctx, const char *fund, const char *key, int deals,
                              int64_t held_fen, int64_t value_fen, hs_error *err) {
    expo_ctx *x = vctx;
    expo_acc *e = &x->acc;
    int64_t k = fund_index(x->b, fund);
    if (k < 0)
        return HS_OK;
    e->weight = x->b->r->funds[k].weight;
    int64_t idx;
    if (!strmap_get(&e->keys, key, &idx)) {
        if (e->n == e->cap) {
            size_t cap = e->cap ? e->cap * 2 : 16;
            fund_exposure *v = realloc(e->v, cap * sizeof *v);
            if (v != NULL)
                e->v = v;
            double *c = realloc(e->cost, cap * sizeof *c);
            if (c != NULL)
                e->cost = c;
            double *w = realloc(e->value, cap * sizeof *w);
            if (w != NULL)
                e->value = w;
            if (v == NULL || c == NULL || w == NULL)
                return hs_fail(err, HS_STORAGE, "out of memory");
            e->cap = cap;
        }
        idx = (int64_t)e->n++;
        memset(&e->v[idx], 0, sizeof e->v[idx]);
        e->cost[idx] = e->value[idx] = 0;
        snprintf(e->v[idx].key, sizeof e->v[idx].key, "%s", key);
        if (!strmap_put(&e->keys, key, idx))
            return hs_fail(err, HS_STORAGE, "out of memory");
    }
    e->v[idx].deals += deals;
    e->cost[idx] += e->weight * (double)held_fen;
    e->value[idx] += e->weight * (double)value_fen;
    return HS_OK;
}

typedef struct {
    fund_exposure e;
    double value;
} expo_sort;

static int expo_cmp(const void *a, const void *b) {
    const expo_sort *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? 1 : -1;
    return strcmp(x->e.key, y->e.key);
}

/* Look-through exposure by `by` over the held deals of every fund, weighted. */
static hs_status exposure(build *b, fund_by by, hs_error *err) {
    fund_report *r = b->r;
    expo_ctx c = {.b = b};
    expo_acc *e = &c.acc;
    strmap_init(&e->keys);
    hs_status st = HS_OK;
    if (b->all)
        st = fund_read_exposure(b->s, NULL, (int)by, add_exposure, &c, err);
    for (size_t k = 0; k < r->n && st == HS_OK && !b->all; k++)
        st = fund_read_exposure(b->s, r->funds[k].t.id, (int)by, add_exposure, &c, err);
    expo_sort *v = st == HS_OK && e->n ? calloc(e->n, sizeof *v) : NULL;
    if (st == HS_OK && e->n && v == NULL)
        st = hs_fail(err, HS_STORAGE, "out of memory");
    if (st == HS_OK && e->n) {
        double total = 0;
        for (size_t i = 0; i < e->n; i++)
            total += e->value[i];
        for (size_t i = 0; i < e->n; i++) {
            v[i].e = e->v[i];
            v[i].e.cost_fen = (int64_t)(e->cost[i] + 0.5);
            v[i].e.value_fen = (int64_t)(e->value[i] + 0.5);
            v[i].e.share = total > 0 ? e->value[i] / total : 0.0;
            v[i].value = e->value[i];
        }
        qsort(v, e->n, sizeof *v, expo_cmp);
        for (size_t i = 0; i < e->n; i++)
            e->v[i] = v[i].e;
        r->exposure = e->v;
        r->n_exposure = e->n;
        e->v = NULL;
    }
    free(v);
    free(e->v);
    free(e->cost);
    free(e->value);
    strmap_free(&e->keys);
    return st;
}

void fund_report_free(fund_report *r) {
    free(r->funds);
    free(r->exposure);
    memset(r, 0, sizeof *r);
}

/* Collects the tree and indexes it. */
static hs_status build_begin(build *b, const char *root, hs_error *err) {
    fund_report *r = b->r;
    collect_ctx c = {r, 0};
    hs_status st = fund_read_tree(b->s, root, collect, &c, err);
    if (st != HS_OK)
        return st;
    if (r->n == 0)
        return hs_not_found(err, "fund", "no fund or group '%s'", root);
    r->is_group = strcmp(r->funds[0].t.id, root) != 0;
    for (size_t i = 0; i < r->n; i++)
        if (!strmap_put(&b->idx, r->funds[i].t.id, (int64_t)i))
            return hs_fail(err, HS_STORAGE, "out of memory");
    b->all = r->n >= REPORT_ALL_FUNDS_MIN;
    b->w = calloc(r->n, sizeof *b->w);
    if (b->w == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    return HS_OK;
}

hs_status fund_report_build(hs_store *s, const char *root, hs_date as_of, hs_date today, fund_by by,
                            fund_report *r, hs_error *err) {
    memset(r, 0, sizeof *r);
    snprintf(r->root, sizeof r->root, "%s", root);
    build b = {.s = s, .r = r};
    strmap_init(&b.idx);
    hs_status st = fund_read_begin(s, err);
    if (st != HS_OK)
        return st;
    b.last_k = -2; /* nothing cached */
    st = build_begin(&b, root, err);
    if (st == HS_OK)
        st = own_figures(&b, err); /* (which reads each fund's last event date into b.last) */
    if (st == HS_OK && as_of != 0 && as_of < b.last) {
        /* the figures are the book's running totals: as of a date before an event they would be
         * today's under an earlier date, so that is refused rather than shown wrong */
        char a[DATE_TEXT_LEN], l[DATE_TEXT_LEN];
        st = hs_invalid_field(err, "as_of",
                              "as of %s: %s has events up to %s, and figures before its last event "
                              "are not computed; give a date on or after %s",
                              date_format(as_of, a), root, date_format(b.last, l), l);
    }
    if (st == HS_OK) {
        r->as_of = as_of ? as_of : b.last > today ? b.last : today;
        reinvest_up(&b);
        sub_values(&b);
    }
    /* parents before children: government money, look-through weights, multiples, IRR */
    for (size_t k = 0; k < r->n && st == HS_OK; k++) {
        if ((st = fund_gov_money(&b, k, err)) != HS_OK)
            break;
        fund_weight(&b, k);
        if ((st = fund_derived(&b, k, err)) == HS_OK)
            st = add_totals(&b, k, err);
    }
    if (st == HS_OK)
        st = tree_figures(&b, err);
    if (st == HS_OK && by != FUND_BY_NONE)
        st = exposure(&b, by, err);
    build_free(&b);
    fund_read_end(s);
    if (st != HS_OK)
        fund_report_free(r);
    assert(st != HS_OK || (r->n > 0 && r->funds != NULL));
    return st;
}

hs_status fund_figures_get(hs_store *s, const char *fund, hs_date as_of, hs_date today,
                           fund_figures *out, hs_error *err) {
    fund_terms t;
    bool found;
    hs_status st = fund_get(s, fund, &t, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "fund", "no fund '%s'", fund);
    fund_report r;
    if ((st = fund_report_build(s, fund, as_of, today, FUND_BY_NONE, &r, err)) != HS_OK)
        return st;
    *out = r.funds[0];
    fund_report_free(&r);
    return HS_OK;
}
