/* fund_report.c — per-fund figures and the roll-up of a tree or group (see fund_report.h). */
#include "instrument/fund_report.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/strmap.h"
#include "instrument/fund_deal.h"
#include "instrument/fund_lp.h"

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

typedef struct {
    fund_figures *v;
    size_t n, cap;
} fig_list;

static hs_status collect(void *ctx, const fund_terms *t, hs_error *err) {
    fig_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        fund_figures *p = realloc(l->v, cap * sizeof *p);
        if (p == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory");
        l->v = p;
        l->cap = cap;
    }
    fund_figures *f = &l->v[l->n++];
    memset(f, 0, sizeof *f);
    f->t = *t;
    return HS_OK;
}

typedef struct {
    sqlite3_stmt *kinds, *positions, *deals, *dates, *first_call, *last;
} stmts;

static void stmts_free(stmts *q) {
    sqlite3_finalize(q->kinds);
    sqlite3_finalize(q->positions);
    sqlite3_finalize(q->deals);
    sqlite3_finalize(q->dates);
    sqlite3_finalize(q->first_call);
    sqlite3_finalize(q->last);
}

static hs_status stmts_prepare(hs_store *s, stmts *q, hs_error *err) {
    memset(q, 0, sizeof *q);
    hs_status st;
    if ((st = fund_sql_prepare(s,
                               "SELECT kind, SUM(amount_fen) FROM fund_flows WHERE fund = ?1 AND"
                               " kind IN ('fee','carry') GROUP BY kind",
                               &q->kinds, err)) != HS_OK ||
        (st = fund_sql_prepare(s,
                               "SELECT fund, kind, SUM(amount_fen) FROM fund_flows WHERE lp = ?1"
                               " AND kind IN ('call','distribute') AND fund <> ?1 GROUP BY fund,"
                               " kind",
                               &q->positions, err)) != HS_OK ||
        (st = fund_sql_prepare(s,
                               "SELECT COUNT(*), COALESCE(SUM(cost_fen),0),"
                               " COALESCE(SUM(held_fen),0), COALESCE(SUM(value_fen),0),"
                               " COALESCE(SUM(realised_fen),0), COALESCE(SUM(status = 0),0),"
                               " COALESCE(SUM(CASE WHEN region = ?2 OR city = ?2 THEN cost_fen"
                               " ELSE 0 END),0) FROM fund_deals WHERE fund = ?1",
                               &q->deals, err)) != HS_OK ||
        (st = fund_sql_prepare(s,
                               "SELECT date, kind, lp, SUM(amount_fen) FROM fund_flows WHERE"
                               " fund = ?1 AND kind IN ('call','distribute') GROUP BY date, kind,"
                               " lp",
                               &q->dates, err)) != HS_OK ||
        (st = fund_sql_prepare(s,
                               "SELECT MIN(date) FROM fund_flows WHERE fund = ?1 AND kind = 'call'",
                               &q->first_call, err)) != HS_OK ||
        (st = fund_sql_prepare(s, "SELECT MAX(date) FROM fund_events WHERE fund = ?1", &q->last,
                               err)) != HS_OK)
        stmts_free(q);
    return st;
}

static int64_t held_of(hs_store *s, const char *fund, const char *what, hs_error *err,
                       hs_status *st) {
    char name[ACCOUNT_NAME_MAX];
    fund_account(fund, what, name, sizeof name);
    hs_account a;
    bool found;
    *st = store_account_by_name(s, name, &a, &found, err);
    return (*st == HS_OK && found) ? account_held_fen(&a) : 0;
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

/* The fund's own figures except those needing the tree (sub_value, nav, IRR, 返投). */
static hs_status own_figures(hs_store *s, stmts *q, fund_figures *f, const fund_lp *lps, size_t n,
                             const strmap *in_tree, flow_list *own, flow_list *external,
                             hs_date *last, hs_error *err) {
    const char *id = f->t.id;
    hs_status st = HS_OK;
    f->lps = (int)n;
    for (size_t i = 0; i < n; i++) {
        int64_t c = lps[i].called_fen + lps[i].uncalled_fen;
        f->committed_by_type[lps[i].type] += c;
        f->committed += c;
        f->called += lps[i].called_fen;
        f->uncalled += lps[i].uncalled_fen;
        f->defaulted += lps[i].drawn_fen - lps[i].called_fen;
        f->distributed += lps[i].distributed_fen;
    }
    f->cash = held_of(s, id, "cash", err, &st);
    if (st == HS_OK)
        f->gains = -held_of(s, id, "gains", err, &st);
    if (st == HS_OK)
        f->losses = held_of(s, id, "losses", err, &st);
    if (st != HS_OK)
        goto done;
    sqlite3_stmt *k = q->kinds;
    sqlite3_reset(k);
    sqlite3_bind_text(k, 1, id, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(k) == SQLITE_ROW) {
        const char *kind = (const char *)sqlite3_column_text(k, 0);
        *(strcmp(kind, "fee") == 0 ? &f->fees : &f->carry) += sqlite3_column_int64(k, 1);
    }
    sqlite3_stmt *d = q->deals;
    sqlite3_reset(d);
    sqlite3_bind_text(d, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(d, 2, f->t.region, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(d) == SQLITE_ROW) {
        f->local_fen = sqlite3_column_int64(d, 6);
        f->deals = sqlite3_column_int(d, 0);
        f->invested = sqlite3_column_int64(d, 1);
        f->held_cost = sqlite3_column_int64(d, 2);
        f->deal_value = sqlite3_column_int64(d, 3);
        f->realised = sqlite3_column_int64(d, 4);
        f->deals_held = sqlite3_column_int(d, 5);
    }
    sqlite3_stmt *p = q->positions;
    sqlite3_reset(p);
    sqlite3_bind_text(p, 1, id, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(p) == SQLITE_ROW)
        if (strcmp((const char *)sqlite3_column_text(p, 1), "call") == 0)
            f->into_subs += sqlite3_column_int64(p, 2);
    f->invested += f->into_subs;
    sqlite3_stmt *fc = q->first_call;
    sqlite3_reset(fc);
    sqlite3_bind_text(fc, 1, id, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(fc) == SQLITE_ROW && sqlite3_column_type(fc, 0) != SQLITE_NULL)
        f->first_call = (hs_date)sqlite3_column_int64(fc, 0);
    sqlite3_stmt *l = q->last;
    sqlite3_reset(l);
    sqlite3_bind_text(l, 1, id, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(l) == SQLITE_ROW && sqlite3_column_type(l, 0) != SQLITE_NULL) {
        hs_date v = (hs_date)sqlite3_column_int64(l, 0);
        if (v > *last)
            *last = v;
    }
    /* LP flows by date: all of them for the fund's own IRR; those of LPs outside the tree for
     * the tree's */
    sqlite3_stmt *dt = q->dates;
    sqlite3_reset(dt);
    sqlite3_bind_text(dt, 1, id, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(dt) == SQLITE_ROW) {
        hs_date date = (hs_date)sqlite3_column_int64(dt, 0);
        bool call = strcmp((const char *)sqlite3_column_text(dt, 1), "call") == 0;
        const char *lp = (const char *)sqlite3_column_text(dt, 2);
        int64_t a = sqlite3_column_int64(dt, 3);
        int64_t v = call ? -a : a;
        int64_t dummy;
        bool internal = false;
        for (size_t i = 0; lp && i < n; i++)
            if (strcmp(lps[i].lp, lp) == 0)
                internal = lps[i].type == FUND_LP_FUND && strmap_get(in_tree, lp, &dummy);
        if (!flow_push(own, date, v) || (!internal && !flow_push(external, date, v)))
            return hs_fail(err, HS_STORAGE, "out of memory");
    }
done:
    return st;
}

static void ratio(int64_t num, int64_t den, metrics_ratio *r) {
    r->num = num;
    r->den = den;
    r->value = den > 0 ? (double)num / (double)den : 0;
}

/* Cost of fund `fund`'s deals in `region` (deal region or city). */
static hs_status local_deals(hs_store *s, sqlite3_stmt **q, const char *fund, const char *region,
                             int64_t *out, hs_error *err) {
    hs_status st;
    if (*q == NULL &&
        (st = fund_sql_prepare(s,
                               "SELECT COALESCE(SUM(cost_fen),0) FROM fund_deals WHERE fund = ?1 "
                               "AND (region = ?2 OR city = ?2)",
                               q, err)) != HS_OK)
        return st;
    sqlite3_reset(*q);
    sqlite3_bind_text(*q, 1, fund, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(*q, 2, region, -1, SQLITE_TRANSIENT);
    *out = sqlite3_step(*q) == SQLITE_ROW ? sqlite3_column_int64(*q, 0) : 0;
    return HS_OK;
}

typedef struct {
    const char *dim;
    double weight;
    fund_exposure **v;
    size_t *n, *cap;
    strmap *keys;
} expo_ctx;

static hs_status add_exposure(hs_store *s, const char *fund, fund_by by, double weight,
                              strmap *keys, fund_exposure **v, size_t *n, size_t *cap,
                              hs_error *err) {
    const char *sql =
        by == FUND_BY_SECTOR  ? "SELECT sector, COUNT(*), SUM(held_fen), SUM(value_fen)"
                                " FROM fund_deals WHERE fund = ?1 AND status = 0"
                                " GROUP BY sector"
        : by == FUND_BY_STAGE ? "SELECT stage, COUNT(*), SUM(held_fen), SUM(value_fen)"
                                " FROM fund_deals WHERE fund = ?1 AND status = 0"
                                " GROUP BY stage"
                              : "SELECT city, COUNT(*), SUM(held_fen), SUM(value_fen)"
                                " FROM fund_deals WHERE fund = ?1 AND status = 0"
                                " GROUP BY city";
    sqlite3_stmt *q;
    hs_status st = fund_sql_prepare(s, sql, &q, err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, fund, -1, SQLITE_STATIC);
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(q, 0);
        int64_t idx;
        if (!strmap_get(keys, key, &idx)) {
            if (*n == *cap) {
                *cap = *cap ? *cap * 2 : 16;
                fund_exposure *p = realloc(*v, *cap * sizeof *p);
                if (p == NULL) {
                    sqlite3_finalize(q);
                    return hs_fail(err, HS_STORAGE, "out of memory");
                }
                *v = p;
            }
            idx = (int64_t)(*n)++;
            memset(&(*v)[idx], 0, sizeof **v);
            snprintf((*v)[idx].key, sizeof(*v)[idx].key, "%s", key);
            if (!strmap_put(keys, key, idx)) {
                sqlite3_finalize(q);
                return hs_fail(err, HS_STORAGE, "out of memory");
            }
        }
        fund_exposure *e = &(*v)[idx];
        e->deals += sqlite3_column_int(q, 1);
        e->cost_fen += weight * (double)sqlite3_column_int64(q, 2);
        e->value_fen += weight * (double)sqlite3_column_int64(q, 3);
    }
    sqlite3_finalize(q);
    return HS_OK;
}

static int expo_cmp(const void *a, const void *b) {
    const fund_exposure *x = a, *y = b;
    if (x->value_fen != y->value_fen)
        return x->value_fen < y->value_fen ? 1 : -1;
    return strcmp(x->key, y->key);
}

void fund_report_free(fund_report *r) {
    free(r->funds);
    free(r->exposure);
    memset(r, 0, sizeof *r);
}

hs_status fund_report_build(hs_store *s, const char *root, hs_date as_of, fund_by by,
                            fund_report *r, hs_error *err) {
    memset(r, 0, sizeof *r);
    snprintf(r->root, sizeof r->root, "%s", root);
    fig_list l = {0};
    hs_status st = fund_each_in_tree(s, root, collect, &l, err);
    if (st != HS_OK) {
        free(l.v);
        return st;
    }
    if (l.n == 0) {
        free(l.v);
        return hs_fail(err, HS_INPUT, "no fund or group '%s'", root);
    }
    r->funds = l.v;
    r->n = l.n;
    r->is_group = strcmp(l.v[0].t.id, root) != 0;
    /* a report reads much of the book: let SQLite cache it (this connection only) */
    store_exec(s, "PRAGMA cache_size = -65536", err);
    strmap idx;
    strmap_init(&idx);
    for (size_t i = 0; i < r->n; i++)
        if (!strmap_put(&idx, r->funds[i].t.id, (int64_t)i)) {
            strmap_free(&idx);
            return hs_fail(err, HS_STORAGE, "out of memory");
        }
    stmts q;
    if ((st = stmts_prepare(s, &q, err)) != HS_OK) {
        strmap_free(&idx);
        return st;
    }
    sqlite3_stmt *local_q = NULL;
    flow_list *own = calloc(r->n, sizeof *own);
    fund_lp **lps = calloc(r->n, sizeof *lps);
    size_t *nlps = calloc(r->n, sizeof *nlps);
    flow_list external = {0};
    hs_date last = 0;
    if (own == NULL || lps == NULL || nlps == NULL) {
        st = hs_fail(err, HS_STORAGE, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < r->n && st == HS_OK; i++) {
        if ((st = fund_lps_load(s, r->funds[i].t.id, &lps[i], &nlps[i], err)) != HS_OK)
            break;
        st =
            own_figures(s, &q, &r->funds[i], lps[i], nlps[i], &idx, &own[i], &external, &last, err);
        if (r->funds[i].t.reinvest_bp == 0)
            r->funds[i].local_fen = 0;
    }
    if (st != HS_OK)
        goto done;
    r->as_of = as_of ? as_of : last;
    /* 返投 counts the local deals of sub-funds in full: add each fund's deals in the region of
     * every ancestor that has a requirement */
    for (size_t k = 0; k < r->n; k++) {
        int64_t j;
        const char *parent = r->funds[k].t.parent;
        for (int depth = 0; parent[0] && depth < 16 && strmap_get(&idx, parent, &j); depth++) {
            fund_figures *a = &r->funds[j];
            if (a->t.reinvest_bp > 0) {
                int64_t v;
                if ((st = local_deals(s, &local_q, r->funds[k].t.id, a->t.region, &v, err)) !=
                    HS_OK)
                    goto done;
                a->local_fen += v;
            }
            parent = a->t.parent;
        }
    }
    /* children before parents: sub-fund positions at their look-through value */
    for (size_t k = r->n; k-- > 0;) {
        fund_figures *f = &r->funds[k];
        int64_t value = 0;
        if (f->into_subs > 0) {
            sqlite3_stmt *p = q.positions;
            sqlite3_reset(p);
            sqlite3_bind_text(p, 1, f->t.id, -1, SQLITE_TRANSIENT);
            while (sqlite3_step(p) == SQLITE_ROW) {
                if (strcmp((const char *)sqlite3_column_text(p, 1), "call") != 0)
                    continue;
                const char *sub = (const char *)sqlite3_column_text(p, 0);
                int64_t paid = sqlite3_column_int64(p, 2), j, part = paid;
                if (strmap_get(&idx, sub, &j) && (size_t)j > k && r->funds[j].called > 0)
                    if (!money_mul_ratio(r->funds[j].nav, paid, r->funds[j].called, &part))
                        part = paid;
                value += part;
            }
        }
        f->sub_value = value;
        f->nav = f->cash + f->deal_value + f->sub_value;
    }
    /* parents before children: government money, look-through weights, multiples, IRR */
    for (size_t k = 0; k < r->n; k++) {
        fund_figures *f = &r->funds[k];
        f->gov_money = 0;
        for (size_t i = 0; i < nlps[k]; i++) {
            const fund_lp *lp = &lps[k][i];
            int64_t c = lp->called_fen + lp->uncalled_fen, j, g = 0, kk = 0, part = 0;
            if (lp->type == FUND_LP_GOV) {
                f->gov_money += c;
                continue;
            }
            if (lp->type != FUND_LP_FUND)
                continue;
            if (strmap_get(&idx, lp->lp, &j) && (size_t)j < k) {
                g = r->funds[j].gov_money;
                kk = r->funds[j].committed;
            } else if ((st = gov_money_of(s, lp->lp, 1, &g, &kk, err)) != HS_OK) {
                goto done;
            }
            if (kk > 0 && money_mul_ratio(c, g, kk, &part))
                f->gov_money += part;
        }
        int64_t j;
        f->weight = 1.0;
        if (!r->is_group && k > 0 && f->t.parent[0] && strmap_get(&idx, f->t.parent, &j)) {
            /* the parent's share of this fund: its paid-in (else committed) share */
            double share = 0;
            for (size_t i = 0; i < nlps[k]; i++) {
                const fund_lp *lp = &lps[k][i];
                if (strcmp(lp->lp, f->t.parent) == 0)
                    share = f->called > 0 ? (double)lp->called_fen / (double)f->called
                            : f->committed > 0
                                ? (double)(lp->called_fen + lp->uncalled_fen) / (double)f->committed
                                : 0;
            }
            f->weight = r->funds[j].weight * share;
        }
        if (f->gov_money > 0) {
            f->leverage = (double)f->committed / (double)f->gov_money;
            f->social_per_gov = (double)(f->committed - f->gov_money) / (double)f->gov_money;
        }
        if (f->t.reinvest_bp > 0) {
            if (!money_mul_bp(f->gov_money, f->t.reinvest_bp, &f->required_fen))
                f->required_fen = INT64_MAX;
            f->shortfall_fen = f->required_fen > f->local_fen ? f->required_fen - f->local_fen : 0;
        }
        if (f->called > 0) {
            ratio(f->distributed + f->nav, f->called, &f->tvpi);
            ratio(f->distributed, f->called, &f->dpi);
            ratio(f->nav, f->called, &f->rvpi);
        }
        f->recycled = f->invested - (f->called - f->fees);
        if (f->recycled < 0)
            f->recycled = 0;
        if (f->committed > 0) {
            f->deployed = (double)f->invested / (double)f->committed;
            double years = date_year_fraction_act365(f->t.vintage, r->as_of);
            f->deployed_per_year = years > 0 ? f->deployed / years : 0;
        }
        if (f->nav > 0 && !flow_push(&own[k], r->as_of, f->nav)) {
            st = hs_fail(err, HS_STORAGE, "out of memory");
            goto done;
        }
        f->irr_ok = xirr_of(&own[k], &f->irr);
        r->size_total += f->t.size_fen;
        r->committed_total += f->committed;
        r->nav_total += f->cash + f->deal_value;
        r->invested_total += f->invested - f->into_subs;
        r->fees_total += f->fees;
        r->carry_total += f->carry;
        r->local_total += f->local_fen;
        r->required_total += f->required_fen;
        r->shortfall_total += f->shortfall_fen;
        r->deals_total += f->deals;
        /* external capital: LPs outside the tree */
        for (size_t i = 0; i < nlps[k]; i++) {
            const fund_lp *lp = &lps[k][i];
            int64_t c = lp->called_fen + lp->uncalled_fen;
            if (lp->type == FUND_LP_FUND && strmap_get(&idx, lp->lp, &j))
                continue;
            r->external_committed += c;
            r->external_called += lp->called_fen;
            r->external_distributed += lp->distributed_fen;
            if (lp->type == FUND_LP_GOV) {
                r->external_gov += c;
            } else if (lp->type == FUND_LP_FUND) {
                int64_t g, kk, part = 0;
                if ((st = gov_money_of(s, lp->lp, 1, &g, &kk, err)) != HS_OK)
                    goto done;
                if (kk > 0 && money_mul_ratio(c, g, kk, &part))
                    r->external_gov += part;
            }
        }
    }
    if (r->external_gov > 0) {
        r->leverage_size = (double)r->size_total / (double)r->external_gov;
        r->leverage_external = (double)r->external_committed / (double)r->external_gov;
        r->social_per_gov =
            (double)(r->external_committed - r->external_gov) / (double)r->external_gov;
    }
    if (r->external_called > 0) {
        ratio(r->external_distributed + r->nav_total, r->external_called, &r->tvpi);
        ratio(r->external_distributed, r->external_called, &r->dpi);
        ratio(r->nav_total, r->external_called, &r->rvpi);
    }
    if (r->nav_total > 0 && !flow_push(&external, r->as_of, r->nav_total)) {
        st = hs_fail(err, HS_STORAGE, "out of memory");
        goto done;
    }
    r->irr_ok = xirr_of(&external, &r->irr);
    if (by != FUND_BY_NONE) {
        strmap keys;
        strmap_init(&keys);
        size_t cap = 0;
        for (size_t k = 0; k < r->n && st == HS_OK; k++)
            st = add_exposure(s, r->funds[k].t.id, by, r->funds[k].weight, &keys, &r->exposure,
                              &r->n_exposure, &cap, err);
        strmap_free(&keys);
        if (st == HS_OK && r->n_exposure > 1)
            qsort(r->exposure, r->n_exposure, sizeof *r->exposure, expo_cmp);
    }
done:
    if (own)
        for (size_t i = 0; i < r->n; i++)
            free(own[i].v);
    if (lps)
        for (size_t i = 0; i < r->n; i++)
            free(lps[i]);
    free(lps);
    free(nlps);
    free(own);
    free(external.v);
    sqlite3_finalize(local_q);
    stmts_free(&q);
    strmap_free(&idx);
    if (st != HS_OK)
        fund_report_free(r);
    return st;
}

hs_status fund_figures_get(hs_store *s, const char *fund, hs_date as_of, fund_figures *out,
                           hs_error *err) {
    fund_terms t;
    bool found;
    hs_status st = fund_get(s, fund, &t, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_fail(err, HS_INPUT, "no fund '%s'", fund);
    fund_report r;
    if ((st = fund_report_build(s, fund, as_of, FUND_BY_NONE, &r, err)) != HS_OK)
        return st;
    *out = r.funds[0];
    fund_report_free(&r);
    return HS_OK;
}
