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

/* XIRR of the flows (sorted and merged by date here). */
static bool xirr_of(flow_list *l, double *out) {
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

/* Working state of one build (freed by build_free). */
typedef struct {
    hs_store *s;
    fund_report *r;
    strmap idx;     /* fund id -> index in r->funds */
    flow_list *own; /* per fund: its LPs' dated flows */
    fund_lp **lps;  /* per fund */
    size_t *nlps;   /* per fund */
    flow_list external;
    hs_date last;
} build;

static void build_free(build *b) {
    if (b->own)
        for (size_t i = 0; i < b->r->n; i++)
            free(b->own[i].v);
    if (b->lps)
        for (size_t i = 0; i < b->r->n; i++)
            free(b->lps[i]);
    free(b->lps);
    free(b->nlps);
    free(b->own);
    free(b->external.v);
    strmap_free(&b->idx);
}

static hs_status held_of(hs_store *s, const char *fund, const char *what, int64_t *out,
                         hs_error *err) {
    char name[ACCOUNT_NAME_MAX];
    fund_account(fund, what, name, sizeof name);
    hs_account a;
    bool found;
    hs_status st = store_account_by_name(s, name, &a, &found, err);
    *out = (st == HS_OK && found) ? account_held_fen(&a) : 0;
    return st;
}

/* Government money committed to `fund` (look-through), recursing into fund LPs. */
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

typedef struct {
    build *b;
    size_t k;
} flows_ctx;

/* LP flows by date: all of them for the fund's own IRR; those of LPs outside the tree for the
 * tree's. */
static hs_status add_lp_flow(void *vctx, hs_date date, bool is_call, const char *lp,
                             int64_t amount_fen, hs_error *err) {
    flows_ctx *c = vctx;
    build *b = c->b;
    int64_t v = is_call ? -amount_fen : amount_fen, dummy;
    bool internal = false;
    for (size_t i = 0; lp && i < b->nlps[c->k]; i++)
        if (strcmp(b->lps[c->k][i].lp, lp) == 0)
            internal = b->lps[c->k][i].type == FUND_LP_FUND && strmap_get(&b->idx, lp, &dummy);
    if (!flow_push(&b->own[c->k], date, v) || (!internal && !flow_push(&b->external, date, v)))
        return hs_fail(err, HS_STORAGE, "out of memory");
    return HS_OK;
}

/* The fund's own figures except those needing the tree (sub_value, nav, IRR, 返投 of subs). */
static hs_status own_figures(build *b, size_t k, hs_error *err) {
    fund_figures *f = &b->r->funds[k];
    const char *id = f->t.id;
    hs_status st = fund_lps_load(b->s, id, &b->lps[k], &b->nlps[k], err);
    if (st != HS_OK)
        return st;
    const fund_lp *lps = b->lps[k];
    f->lps = (int)b->nlps[k];
    for (size_t i = 0; i < b->nlps[k]; i++) {
        int64_t c = lps[i].called_fen + lps[i].uncalled_fen;
        f->committed_by_type_fen[lps[i].type] += c;
        f->committed_fen += c;
        f->called_fen += lps[i].called_fen;
        f->uncalled_fen += lps[i].uncalled_fen;
        f->defaulted_fen += lps[i].drawn_fen - lps[i].called_fen;
        f->distributed_fen += lps[i].distributed_fen;
    }
    int64_t gains, losses;
    if ((st = held_of(b->s, id, "cash", &f->cash_fen, err)) != HS_OK ||
        (st = held_of(b->s, id, "gains", &gains, err)) != HS_OK ||
        (st = held_of(b->s, id, "losses", &losses, err)) != HS_OK)
        return st;
    f->gains_fen = -gains;
    f->losses_fen = losses;
    fund_table_figures tf;
    if ((st = fund_read_figures(b->s, id, f->t.region, &tf, err)) != HS_OK)
        return st;
    f->fees_fen = tf.fees_fen;
    f->carry_fen = tf.carry_fen;
    f->deals = tf.deals;
    f->deals_held = tf.deals_held;
    f->held_cost_fen = tf.held_fen;
    f->deal_value_fen = tf.value_fen;
    f->realised_fen = tf.realised_fen;
    f->into_subs_fen = tf.into_subs_fen;
    f->invested_fen = tf.cost_fen + tf.into_subs_fen;
    f->local_fen = f->t.reinvest_bp > 0 ? tf.local_fen : 0;
    f->first_call = tf.first_call;
    if (tf.last_event > b->last)
        b->last = tf.last_event;
    flows_ctx c = {b, k};
    return fund_read_lp_flows(b->s, id, add_lp_flow, &c, err);
}

/* 返投 counts the local deals of sub-funds in full: each fund's deals in the region of every
 * ancestor that has a requirement. */
static hs_status reinvest_up(build *b, hs_error *err) {
    fund_report *r = b->r;
    for (size_t k = 0; k < r->n; k++) {
        int64_t j;
        const char *parent = r->funds[k].t.parent;
        for (int depth = 0; parent[0] && depth < 16 && strmap_get(&b->idx, parent, &j); depth++) {
            fund_figures *a = &r->funds[j];
            if (a->t.reinvest_bp > 0) {
                int64_t v;
                hs_status st = fund_read_local_cost(b->s, r->funds[k].t.id, a->t.region, &v, err);
                if (st != HS_OK)
                    return st;
                a->local_fen += v;
            }
            parent = a->t.parent;
        }
    }
    return HS_OK;
}

typedef struct {
    build *b;
    size_t k;
    int64_t value;
} position_ctx;

/* A sub-fund position at its look-through value: its share of the sub-fund's paid-in x NAV. */
static hs_status add_position(void *vctx, const char *sub, int64_t paid_fen, hs_error *err) {
    position_ctx *c = vctx;
    const fund_report *r = c->b->r;
    int64_t j, part = paid_fen;
    if (strmap_get(&c->b->idx, sub, &j) && (size_t)j > c->k && r->funds[j].called_fen > 0)
        if (!money_mul_ratio(r->funds[j].nav_fen, paid_fen, r->funds[j].called_fen, &part))
            part = paid_fen;
    c->value += part;
    return HS_OK;
}

/* Children before parents: NAV = cash + deals + sub-fund positions. */
static hs_status sub_values(build *b, hs_error *err) {
    for (size_t k = b->r->n; k-- > 0;) {
        fund_figures *f = &b->r->funds[k];
        position_ctx c = {b, k, 0};
        if (f->into_subs_fen > 0) {
            hs_status st = fund_read_positions(b->s, f->t.id, add_position, &c, err);
            if (st != HS_OK)
                return st;
        }
        f->sub_value_fen = c.value;
        f->nav_fen = f->cash_fen + f->deal_value_fen + f->sub_value_fen;
    }
    return HS_OK;
}

/* Look-through government money of fund k (parents already done). */
static hs_status fund_gov_money(build *b, size_t k, hs_error *err) {
    fund_figures *f = &b->r->funds[k];
    f->gov_money_fen = 0;
    for (size_t i = 0; i < b->nlps[k]; i++) {
        const fund_lp *lp = &b->lps[k][i];
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
    for (size_t i = 0; i < b->nlps[k]; i++) {
        const fund_lp *lp = &b->lps[k][i];
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
    if (f->nav_fen > 0 && !flow_push(&b->own[k], b->r->as_of, f->nav_fen))
        return hs_fail(err, HS_STORAGE, "out of memory");
    f->irr_ok = xirr_of(&b->own[k], &f->irr);
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
    for (size_t i = 0; i < b->nlps[k]; i++) {
        const fund_lp *lp = &b->lps[k][i];
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
    r->irr_ok = xirr_of(&b->external, &r->irr);
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

static hs_status add_exposure(void *vctx, const char *key, int deals, int64_t held_fen,
                              int64_t value_fen, hs_error *err) {
    expo_acc *e = vctx;
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
    expo_acc e = {0};
    strmap_init(&e.keys);
    hs_status st = HS_OK;
    for (size_t k = 0; k < r->n && st == HS_OK; k++) {
        e.weight = r->funds[k].weight;
        st = fund_read_exposure(b->s, r->funds[k].t.id, (int)by, add_exposure, &e, err);
    }
    expo_sort *v = st == HS_OK && e.n ? calloc(e.n, sizeof *v) : NULL;
    if (st == HS_OK && e.n && v == NULL)
        st = hs_fail(err, HS_STORAGE, "out of memory");
    if (st == HS_OK && e.n) {
        double total = 0;
        for (size_t i = 0; i < e.n; i++)
            total += e.value[i];
        for (size_t i = 0; i < e.n; i++) {
            v[i].e = e.v[i];
            v[i].e.cost_fen = (int64_t)(e.cost[i] + 0.5);
            v[i].e.value_fen = (int64_t)(e.value[i] + 0.5);
            v[i].e.share = total > 0 ? e.value[i] / total : 0.0;
            v[i].value = e.value[i];
        }
        qsort(v, e.n, sizeof *v, expo_cmp);
        for (size_t i = 0; i < e.n; i++)
            e.v[i] = v[i].e;
        r->exposure = e.v;
        r->n_exposure = e.n;
        e.v = NULL;
    }
    free(v);
    free(e.v);
    free(e.cost);
    free(e.value);
    strmap_free(&e.keys);
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
    b->own = calloc(r->n, sizeof *b->own);
    b->lps = calloc(r->n, sizeof *b->lps);
    b->nlps = calloc(r->n, sizeof *b->nlps);
    if (b->own == NULL || b->lps == NULL || b->nlps == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    return HS_OK;
}

hs_status fund_report_build(hs_store *s, const char *root, hs_date as_of, hs_date today, fund_by by,
                            fund_report *r, hs_error *err) {
    memset(r, 0, sizeof *r);
    snprintf(r->root, sizeof r->root, "%s", root);
    build b = {.s = s, .r = r};
    strmap_init(&b.idx);
    hs_status st = build_begin(&b, root, err);
    for (size_t k = 0; k < r->n && st == HS_OK; k++)
        st = own_figures(&b, k, err);
    if (st == HS_OK) {
        r->as_of = as_of ? as_of : b.last > today ? b.last : today;
        st = reinvest_up(&b, err);
    }
    if (st == HS_OK)
        st = sub_values(&b, err);
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
