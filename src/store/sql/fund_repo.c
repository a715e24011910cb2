/* fund_repo.c — the fund module's tables in the book (see instrument/fund_repo.h; the DDL
 * is the "fund" block of migrations.c).
 *
 * Every statement is prepared once per connection and kept there (db_prepare_cached): a
 * lookup finds an idle statement with the same text among the connection's statements and resets
 * it; the store finalizes whatever is left when it closes. A statement already stepping (a nested
 * walk) is never reused: a second copy is prepared instead. Every statement is reset after use, so
 * none holds a read snapshot open between calls. */
#include "instrument/fund_repo.h"
#include "store/sql/sql_store.h"

#include "base/money.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- statements ---- */

/* An idle prepared statement for `sql` on the store's connection (prepared on first use). */
static hs_status prep(hs_store *s, const char *sql, db_stmt **q, hs_error *err) {
    if (db_prepare_cached(store_db(s), sql, q) != DB_OK)
        return store_fail(s, err, "preparing a fund query");
    assert(*q != NULL);
    return HS_OK;
}

static void bind_text(db_stmt *q, int i, const char *v) {
    if (v == NULL)
        db_bind_null(q, i);
    else
        db_bind_text(q, i, v);
}

/* Steps a statement that returns no rows to completion and resets it. */
static hs_status run_done(hs_store *s, db_stmt *q, const char *what, hs_error *err) {
    int rc = db_step(q);
    db_reset(q);
    return rc == DB_DONE ? HS_OK : store_fail(s, err, what);
}

/* Steps a one-row aggregate and reads column 0 as an integer (0 for NULL); resets it. */
static hs_status run_sum(hs_store *s, db_stmt *q, int64_t *out, const char *what, hs_error *err) {
    int rc = db_step(q);
    *out = rc == DB_ROW ? db_column_int64(q, 0) : 0;
    db_reset(q);
    return rc == DB_ROW ? HS_OK : store_fail(s, err, what);
}

/* Ends a row loop: resets the statement; HS_STORAGE unless it ended with DB_DONE. */
static hs_status loop_end(hs_store *s, db_stmt *q, int rc, const char *what, hs_error *err) {
    db_reset(q);
    return rc == DB_DONE ? HS_OK : store_fail(s, err, what);
}

static const char *col_text(db_stmt *q, int i) {
    return db_column_text(q, i);
}

/* ---- read snapshots ---- */

hs_status fund_read_begin(hs_store *s, hs_error *err) {
    assert(!store_in_txn(s));
    /* a deferred transaction takes a read lock at its first read and never a write lock */
    if (db_begin_read(store_db(s)) != DB_OK)
        return store_fail(s, err, "beginning a read");
    return HS_OK;
}

void fund_read_end(hs_store *s) {
    assert(!store_in_txn(s));
    if (db_in_txn(store_db(s)))
        db_commit(store_db(s));
}

/* ---- funds ---- */

#define FUND_COLS                                                                                  \
    "id, name, grp, parent, gp, region, size_fen, first_phase_fen, vintage, invest_years,"         \
    " exit_years, extension_years, fee_basis, fee_bp, fee_exit_bp, hurdle_bp, carry_bp,"           \
    " catch_up_bp, waterfall, concession_bp, concession_gp_bp, reinvest_bp, gov_cap_bp,"           \
    " parent_cap_bp"

static void row_to_terms(db_stmt *q, fund_terms *t) {
    memset(t, 0, sizeof *t);
    store_column_text(q, 0, t->id, sizeof t->id);
    store_column_text(q, 1, t->name, sizeof t->name);
    store_column_text(q, 2, t->group, sizeof t->group);
    store_column_text(q, 3, t->parent, sizeof t->parent);
    store_column_text(q, 4, t->gp, sizeof t->gp);
    store_column_text(q, 5, t->region, sizeof t->region);
    t->size_fen = db_column_int64(q, 6);
    t->first_phase_fen = db_column_int64(q, 7);
    t->vintage = (hs_date)db_column_int64(q, 8);
    t->invest_years = db_column_int(q, 9);
    t->exit_years = db_column_int(q, 10);
    t->extension_years = db_column_int(q, 11);
    t->fee_basis = (fund_fee_basis)db_column_int(q, 12);
    t->fee_bp = db_column_int64(q, 13);
    t->fee_exit_bp = db_column_int64(q, 14);
    t->hurdle_bp = db_column_int64(q, 15);
    t->carry_bp = db_column_int64(q, 16);
    t->catch_up_bp = db_column_int64(q, 17);
    t->waterfall = (fund_waterfall_kind)db_column_int(q, 18);
    t->concession_bp = db_column_int64(q, 19);
    t->concession_gp_bp = db_column_int64(q, 20);
    t->reinvest_bp = db_column_int64(q, 21);
    t->gov_cap_bp = db_column_int64(q, 22);
    t->parent_cap_bp = db_column_int64(q, 23);
}

static hs_status get_fund(hs_store *s, const char *id, fund_terms *out, bool *found,
                          hs_error *err) {
    db_stmt *q;
    hs_status st = prep(s, "SELECT " FUND_COLS " FROM fund_funds WHERE id = ?1", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, id);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (*found)
        row_to_terms(q, out);
    db_reset(q);
    return (rc == DB_ROW || rc == DB_DONE) ? HS_OK : store_fail(s, err, "reading a fund");
}

hs_status fund_repo_get(hs_tx *tx, const char *id, fund_terms *out, bool *found, hs_error *err) {
    return get_fund(tx->store, id, out, found, err);
}

hs_status fund_read_get(hs_store *s, const char *id, fund_terms *out, bool *found, hs_error *err) {
    return get_fund(s, id, out, found, err);
}

hs_status fund_repo_insert(hs_tx *tx, const fund_terms *t, hs_error *err) {
    db_stmt *q;
    hs_status st = prep(tx->store,
                        "INSERT INTO fund_funds (" FUND_COLS
                        ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,"
                        "?17,?18,?19,?20,?21,?22,?23,?24)",
                        &q, err);
    if (st != HS_OK)
        return st;
    const char *text[] = {t->id, t->name, t->group, t->parent, t->gp, t->region};
    for (int i = 0; i < 6; i++)
        bind_text(q, i + 1, text[i]);
    int64_t v[] = {t->size_fen,    t->first_phase_fen, t->vintage,          t->invest_years,
                   t->exit_years,  t->extension_years, t->fee_basis,        t->fee_bp,
                   t->fee_exit_bp, t->hurdle_bp,       t->carry_bp,         t->catch_up_bp,
                   t->waterfall,   t->concession_bp,   t->concession_gp_bp, t->reinvest_bp,
                   t->gov_cap_bp,  t->parent_cap_bp};
    for (int i = 0; i < (int)(sizeof v / sizeof v[0]); i++)
        db_bind_int64(q, 7 + i, v[i]);
    return run_done(tx->store, q, "creating a fund", err);
}

static hs_status each_fund(hs_store *s, db_stmt *q,
                           hs_status (*fn)(void *ctx, const fund_terms *t, hs_error *err),
                           void *ctx, hs_error *err) {
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        fund_terms t;
        row_to_terms(q, &t);
        hs_status st = fn(ctx, &t, err);
        if (st != HS_OK) {
            db_reset(q);
            return st;
        }
    }
    return loop_end(s, q, rc, "reading funds", err);
}

hs_status fund_read_tree(hs_store *s, const char *root,
                         hs_status (*fn)(void *ctx, const fund_terms *t, hs_error *err), void *ctx,
                         hs_error *err) {
    db_stmt *q;
    /* breadth-first: the fund or the group's funds, then children by depth */
    hs_status st = prep(
        s,
        "WITH RECURSIVE t(id, depth) AS (SELECT id, 0 FROM fund_funds WHERE id = ?1 OR grp = ?1"
        " UNION SELECT f.id, t.depth + 1 FROM fund_funds f JOIN t ON f.parent = t.id WHERE"
        " t.depth < 16) SELECT " FUND_COLS ", m.d FROM fund_funds JOIN (SELECT id, MAX(depth) AS d"
        " FROM t GROUP BY id) AS m USING (id) ORDER BY m.d, id",
        &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, root);
    return each_fund(s, q, fn, ctx, err);
}

hs_status fund_read_all(hs_store *s, hs_status (*fn)(void *ctx, const fund_terms *t, hs_error *err),
                        void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prep(s, "SELECT " FUND_COLS " FROM fund_funds ORDER BY id", &q, err);
    return st != HS_OK ? st : each_fund(s, q, fn, ctx, err);
}

/* ---- events and flows ---- */

hs_status fund_repo_event_find(hs_tx *tx, const char *id, const char *body, bool *found, bool *same,
                               hs_error *err) {
    db_stmt *q;
    hs_status st = prep(tx->store, "SELECT body FROM fund_events WHERE id = ?1", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, id);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    const char *stored = *found ? col_text(q, 0) : NULL;
    *same = stored != NULL && strcmp(stored, body) == 0;
    db_reset(q);
    return (rc == DB_ROW || rc == DB_DONE) ? HS_OK
                                           : store_fail(tx->store, err, "reading fund events");
}

/* The derived totals of an event's flows (fund_flow_totals per kind and LP, fund_flow_days per
 * kind and date for calls and distributions): one UPSERT per flow and one per dated kind. */
static hs_status totals_add(hs_store *s, const fund_event_row *e, const fund_flow *flows,
                            size_t nflows, hs_error *err) {
    db_stmt *q;
    hs_status st = prep(s,
                        "INSERT INTO fund_flow_totals (fund, kind, lp, amount_fen, flows) VALUES"
                        " (?1,?2,?3,?4,1) ON CONFLICT (fund, kind, lp) DO UPDATE SET amount_fen ="
                        " fund_flow_totals.amount_fen + excluded.amount_fen, flows ="
                        " fund_flow_totals.flows + 1",
                        &q, err);
    int64_t called_fen = 0, distributed_fen = 0;
    for (size_t i = 0; i < nflows && st == HS_OK; i++) {
        if (flows[i].amount_fen == 0)
            continue;
        assert(flows[i].amount_fen > 0 && flows[i].kind != NULL);
        bind_text(q, 1, e->fund);
        bind_text(q, 2, flows[i].kind);
        bind_text(q, 3, flows[i].lp ? flows[i].lp : "");
        db_bind_int64(q, 4, flows[i].amount_fen);
        st = run_done(s, q, "recording the fund's flow totals", err);
        int64_t *sum = strcmp(flows[i].kind, "call") == 0         ? &called_fen
                       : strcmp(flows[i].kind, "distribute") == 0 ? &distributed_fen
                                                                  : NULL;
        if (st == HS_OK && sum != NULL && !money_add(*sum, flows[i].amount_fen, sum))
            st = hs_fail(err, HS_INPUT, "the flows of event %s overflow", e->id);
    }
    if (st == HS_OK &&
        (st = prep(s,
                   "INSERT INTO fund_flow_days (fund, kind, date, amount_fen) VALUES (?1,?2,?3,?4)"
                   " ON CONFLICT (fund, kind, date) DO UPDATE SET amount_fen ="
                   " fund_flow_days.amount_fen + excluded.amount_fen",
                   &q, err)) != HS_OK)
        return st;
    for (int call = 1; call >= 0 && st == HS_OK; call--) {
        int64_t amount_fen = call ? called_fen : distributed_fen;
        if (amount_fen == 0)
            continue;
        bind_text(q, 1, e->fund);
        bind_text(q, 2, call ? "call" : "distribute");
        db_bind_int64(q, 3, e->date);
        db_bind_int64(q, 4, amount_fen);
        st = run_done(s, q, "recording the fund's dated flows", err);
    }
    return st;
}

hs_status fund_repo_event_insert(hs_tx *tx, const fund_event_row *e, const fund_flow *flows,
                                 size_t nflows, hs_error *err) {
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prep(
        s, "INSERT INTO fund_events (id, fund, kind, date, body) VALUES (?1,?2,?3,?4,?5)", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, e->id);
    bind_text(q, 2, e->fund);
    bind_text(q, 3, e->kind);
    db_bind_int64(q, 4, e->date);
    bind_text(q, 5, e->body);
    if ((st = run_done(s, q, "recording a fund event", err)) != HS_OK || nflows == 0)
        return st;
    if ((st = prep(s,
                   "INSERT INTO fund_flows (event, fund, lp, deal, kind, date, amount_fen, phase)"
                   " VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
                   &q, err)) != HS_OK)
        return st;
    for (size_t i = 0; i < nflows && st == HS_OK; i++) {
        if (flows[i].amount_fen == 0)
            continue;
        bind_text(q, 1, e->id);
        bind_text(q, 2, e->fund);
        bind_text(q, 3, flows[i].lp);
        bind_text(q, 4, flows[i].deal);
        bind_text(q, 5, flows[i].kind);
        db_bind_int64(q, 6, e->date);
        db_bind_int64(q, 7, flows[i].amount_fen);
        db_bind_int(q, 8, flows[i].phase);
        st = run_done(s, q, "recording fund flows", err);
    }
    if (st == HS_OK)
        st = totals_add(s, e, flows, nflows, err);
    return st;
}

hs_status fund_read_event_flows(hs_store *s, const char *event_id,
                                hs_status (*fn)(void *ctx, const char *lp, const char *deal,
                                                const char *kind, int64_t amount_fen,
                                                hs_error *err),
                                void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st =
        prep(s, "SELECT lp, deal, kind, amount_fen FROM fund_flows WHERE event = ?1 ORDER BY rowid",
             &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, event_id);
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        st = fn(ctx, col_text(q, 0), col_text(q, 1), col_text(q, 2), db_column_int64(q, 3), err);
        if (st != HS_OK) {
            db_reset(q);
            return st;
        }
    }
    return loop_end(s, q, rc, "reading an event's flows", err);
}

/* ---- LPs ---- */

static hs_status load_lps(hs_store *s, const char *fund, fund_lp **out, size_t *n, hs_error *err) {
    *out = NULL;
    *n = 0;
    db_stmt *q;
    hs_status st = prep(s,
                        "SELECT l.lp, l.type, l.account, l.phase, l.defaulted,"
                        " (SELECT COALESCE(SUM(amount_fen),0) FROM fund_flows f WHERE"
                        "  f.fund = l.fund AND f.lp = l.lp AND f.kind = 'call'),"
                        " (SELECT COALESCE(SUM(amount_fen),0) FROM fund_flows f WHERE"
                        "  f.fund = l.fund AND f.lp = l.lp AND f.kind IN"
                        "  ('distribute','carry-back'))"
                        " FROM fund_lps l WHERE l.fund = ?1 ORDER BY l.lp",
                        &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    size_t cap = 0;
    fund_lp *v = NULL;
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            fund_lp *p = realloc(v, cap * sizeof *p);
            if (p == NULL) {
                db_reset(q);
                free(v);
                *n = 0;
                return hs_fail(err, HS_STORAGE, "out of memory");
            }
            v = p;
        }
        fund_lp *l = &v[(*n)++];
        memset(l, 0, sizeof *l);
        store_column_text(q, 0, l->lp, sizeof l->lp);
        int type = db_column_int(q, 1);
        l->type = (type >= 0 && type < FUND_LP_TYPES) ? (fund_lp_type)type : FUND_LP_SOCIAL;
        store_column_text(q, 2, l->account, sizeof l->account);
        l->phase = db_column_int(q, 3);
        l->defaulted = db_column_int(q, 4) != 0;
        l->called_fen = db_column_int64(q, 5);
        l->distributed_fen = db_column_int64(q, 6);
        if (type < 0 || type >= FUND_LP_TYPES) {
            db_reset(q);
            free(v);
            *n = 0;
            return hs_fail(err, HS_STORAGE, "%s: LP %s of %s has an unknown type %d (corrupt book)",
                           store_path(s), l->lp, fund, type);
        }
    }
    if ((st = loop_end(s, q, rc, "reading LPs", err)) != HS_OK) {
        free(v);
        *n = 0;
        return st;
    }
    *out = v;
    return HS_OK;
}

hs_status fund_repo_lps(hs_tx *tx, const char *fund, fund_lp **out, size_t *n, hs_error *err) {
    return load_lps(tx->store, fund, out, n, err);
}

hs_status fund_read_lps(hs_store *s, const char *fund, fund_lp **out, size_t *n, hs_error *err) {
    return load_lps(s, fund, out, n, err);
}

hs_status fund_repo_lp_insert(hs_tx *tx, const char *fund, const fund_lp *l, hs_error *err) {
    db_stmt *q;
    hs_status st = prep(
        tx->store, "INSERT INTO fund_lps (fund, lp, type, account, phase) VALUES (?1,?2,?3,?4,?5)",
        &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    bind_text(q, 2, l->lp);
    db_bind_int(q, 3, l->type);
    bind_text(q, 4, l->account);
    db_bind_int(q, 5, l->phase);
    return run_done(tx->store, q, "recording an LP", err);
}

hs_status fund_repo_lp_set_defaulted(hs_tx *tx, const char *fund, const char *lp, hs_error *err) {
    db_stmt *q;
    hs_status st =
        prep(tx->store, "UPDATE fund_lps SET defaulted = 1 WHERE fund = ?1 AND lp = ?2", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    bind_text(q, 2, lp);
    return run_done(tx->store, q, "marking an LP in default", err);
}

hs_status fund_repo_phase_committed(hs_tx *tx, const char *fund, int phase, int64_t *out_fen,
                                    hs_error *err) {
    db_stmt *q;
    hs_status st = prep(tx->store,
                        "SELECT COALESCE(SUM(amount_fen),0) FROM fund_flows WHERE fund = ?1 AND"
                        " kind = 'commit' AND phase = ?2",
                        &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    db_bind_int(q, 2, phase);
    return run_sum(tx->store, q, out_fen, "summing commitments", err);
}

/* ---- deals ---- */

#define DEAL_COLS                                                                                  \
    "fund, deal, firm, sector, stage, city, region, share_bp, date, closed_date, cost_fen,"        \
    " held_fen, value_fen, realised_fen, distributed_fen, status"

static void row_to_deal(db_stmt *q, fund_deal *d) {
    memset(d, 0, sizeof *d);
    store_column_text(q, 0, d->fund, sizeof d->fund);
    store_column_text(q, 1, d->deal, sizeof d->deal);
    store_column_text(q, 2, d->firm, sizeof d->firm);
    store_column_text(q, 3, d->sector, sizeof d->sector);
    store_column_text(q, 4, d->stage, sizeof d->stage);
    store_column_text(q, 5, d->city, sizeof d->city);
    store_column_text(q, 6, d->region, sizeof d->region);
    d->share_bp = db_column_int64(q, 7);
    d->date = (hs_date)db_column_int64(q, 8);
    d->closed_date = (hs_date)db_column_int64(q, 9);
    d->cost_fen = db_column_int64(q, 10);
    d->held_fen = db_column_int64(q, 11);
    d->value_fen = db_column_int64(q, 12);
    d->realised_fen = db_column_int64(q, 13);
    d->distributed_fen = db_column_int64(q, 14);
    int status = db_column_int(q, 15);
    d->status = (status >= FUND_DEAL_HELD && status <= FUND_DEAL_WRITTEN_OFF)
                    ? (fund_deal_status)status
                    : FUND_DEAL_WRITTEN_OFF;
}

static hs_status get_deal(hs_store *s, const char *fund, const char *deal, fund_deal *out,
                          bool *found, hs_error *err) {
    db_stmt *q;
    hs_status st =
        prep(s, "SELECT " DEAL_COLS " FROM fund_deals WHERE fund = ?1 AND deal = ?2", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    bind_text(q, 2, deal);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (*found)
        row_to_deal(q, out);
    db_reset(q);
    return (rc == DB_ROW || rc == DB_DONE) ? HS_OK : store_fail(s, err, "reading a deal");
}

hs_status fund_repo_deal_get(hs_tx *tx, const char *fund, const char *deal, fund_deal *out,
                             bool *found, hs_error *err) {
    return get_deal(tx->store, fund, deal, out, found, err);
}

hs_status fund_read_deal_get(hs_store *s, const char *fund, const char *deal, fund_deal *out,
                             bool *found, hs_error *err) {
    return get_deal(s, fund, deal, out, found, err);
}

hs_status fund_read_deals(hs_store *s, const char *fund,
                          hs_status (*fn)(void *ctx, const fund_deal *d, hs_error *err), void *ctx,
                          hs_error *err) {
    db_stmt *q;
    hs_status st =
        prep(s, "SELECT " DEAL_COLS " FROM fund_deals WHERE fund = ?1 ORDER BY deal", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        fund_deal d;
        row_to_deal(q, &d);
        if ((st = fn(ctx, &d, err)) != HS_OK) {
            db_reset(q);
            return st;
        }
    }
    return loop_end(s, q, rc, "reading deals", err);
}

hs_status fund_repo_deal_save(hs_tx *tx, const fund_deal *d, hs_error *err) {
    hs_store *s = tx->store;
    db_stmt *q;
    /* an existing deal is updated in place (the common case: marks, exits, follow-ons); a new one
     * inserted */
    hs_status st = prep(s,
                        "UPDATE fund_deals SET firm = ?3, sector = ?4, stage = ?5, city = ?6,"
                        " region = ?7, share_bp = ?8, date = ?9, closed_date = ?10,"
                        " cost_fen = ?11, held_fen = ?12, value_fen = ?13, realised_fen = ?14,"
                        " distributed_fen = ?15, status = ?16 WHERE fund = ?1 AND deal = ?2",
                        &q, err);
    for (int pass = 0; pass < 2 && st == HS_OK; pass++) {
        const char *t[] = {d->fund, d->deal, d->firm, d->sector, d->stage, d->city, d->region};
        for (int i = 0; i < 7; i++)
            bind_text(q, i + 1, t[i]);
        int64_t v[] = {d->share_bp,  d->date,         d->closed_date,     d->cost_fen, d->held_fen,
                       d->value_fen, d->realised_fen, d->distributed_fen, d->status};
        for (int i = 0; i < 9; i++)
            db_bind_int64(q, 8 + i, v[i]);
        if ((st = run_done(s, q, "saving a deal", err)) != HS_OK || db_changes(store_db(s)) > 0)
            return st;
        st = prep(s,
                  "INSERT INTO fund_deals (" DEAL_COLS
                  ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)",
                  &q, err);
    }
    return st;
}

hs_status fund_repo_mark_insert(hs_tx *tx, const char *fund, const char *deal, hs_date date,
                                int64_t value_fen, const char *event_id, hs_error *err) {
    db_stmt *q;
    hs_status st =
        prep(tx->store,
             "INSERT INTO fund_marks (fund, deal, date, value_fen, event) VALUES (?1,?2,?3,?4,?5)",
             &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    bind_text(q, 2, deal);
    db_bind_int64(q, 3, date);
    db_bind_int64(q, 4, value_fen);
    bind_text(q, 5, event_id);
    return run_done(tx->store, q, "recording a mark", err);
}

/* The capital `fund` paid into other funds as their LP. */
static hs_status into_subs(hs_store *s, const char *fund, int64_t *out, hs_error *err) {
    db_stmt *q;
    hs_status st = prep(s,
                        "SELECT COALESCE(SUM(amount_fen),0) FROM fund_flows WHERE lp = ?1 AND"
                        " kind = 'call' AND fund <> ?1",
                        &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    return run_sum(s, q, out, "summing calls paid into sub-funds", err);
}

hs_status fund_repo_fee_bases(hs_tx *tx, const char *fund, int64_t *committed_fen,
                              int64_t *paid_in_fen, hs_error *err) {
    db_stmt *q;
    hs_status st = prep(tx->store,
                        "SELECT COALESCE(SUM(CASE WHEN kind = 'commit' THEN amount_fen WHEN kind ="
                        " 'default' THEN -amount_fen ELSE 0 END),0), COALESCE(SUM(CASE WHEN kind"
                        " = 'call' THEN amount_fen ELSE 0 END),0) FROM fund_flows WHERE fund = ?1"
                        " AND kind IN ('commit','default','call')",
                        &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        *committed_fen = db_column_int64(q, 0);
        *paid_in_fen = db_column_int64(q, 1);
    }
    db_reset(q);
    return rc == DB_ROW ? HS_OK : store_fail(tx->store, err, "summing fee bases");
}

hs_status fund_repo_invested(hs_tx *tx, const char *fund, int64_t *held_fen, int64_t *into_subs_fen,
                             hs_error *err) {
    db_stmt *q;
    hs_status st = prep(
        tx->store, "SELECT COALESCE(SUM(held_fen),0) FROM fund_deals WHERE fund = ?1", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    if ((st = run_sum(tx->store, q, held_fen, "summing deals held", err)) != HS_OK)
        return st;
    return into_subs(tx->store, fund, into_subs_fen, err);
}

hs_status fund_repo_distributions(hs_tx *tx, const char *fund, const char *deal,
                                  void (*fn)(void *ctx, const char *lp, const char *kind,
                                             int64_t amount_fen),
                                  void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st =
        prep(tx->store,
             deal ? "SELECT lp, kind, amount_fen FROM fund_flows WHERE fund = ?1 AND deal = ?2 AND"
                    " kind IN ('distribute','carry')"
                  : "SELECT lp, kind, amount_fen FROM fund_flows WHERE fund = ?1 AND kind IN"
                    " ('distribute','carry')",
             &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    if (deal)
        bind_text(q, 2, deal);
    int rc;
    while ((rc = db_step(q)) == DB_ROW)
        fn(ctx, col_text(q, 0), col_text(q, 1), db_column_int64(q, 2));
    return loop_end(tx->store, q, rc, "reading distributions", err);
}

/* ---- report reads ---- */

/* Binds ?1 to `fund` when one is named (the "one fund" text of a query pair). */
static hs_status prep_for(hs_store *s, const char *fund, const char *sql_one, const char *sql_all,
                          db_stmt **q, hs_error *err) {
    hs_status st = prep(s, fund ? sql_one : sql_all, q, err);
    if (st == HS_OK && fund)
        bind_text(*q, 1, fund);
    return st;
}

hs_status fund_read_lp_rows(hs_store *s, const char *fund,
                            hs_status (*fn)(void *ctx, const char *fund, const fund_lp *l,
                                            hs_error *err),
                            void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prep_for(
        s, fund, "SELECT fund, lp, type, account, phase, defaulted FROM fund_lps WHERE fund = ?1",
        "SELECT fund, lp, type, account, phase, defaulted FROM fund_lps", &q, err);
    if (st != HS_OK)
        return st;
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        fund_lp l;
        memset(&l, 0, sizeof l);
        store_column_text(q, 1, l.lp, sizeof l.lp);
        int type = db_column_int(q, 2);
        if (type < 0 || type >= FUND_LP_TYPES) {
            db_reset(q);
            return hs_fail(err, HS_STORAGE, "%s: LP %s has an unknown type %d (corrupt book)",
                           store_path(s), l.lp, type);
        }
        l.type = (fund_lp_type)type;
        store_column_text(q, 3, l.account, sizeof l.account);
        l.phase = db_column_int(q, 4);
        l.defaulted = db_column_int(q, 5) != 0;
        if ((st = fn(ctx, col_text(q, 0), &l, err)) != HS_OK) {
            db_reset(q);
            return st;
        }
    }
    return loop_end(s, q, rc, "reading LPs", err);
}

/* Whether columns from..to of the row are integers (a sum stored as anything else is damage). */
static bool cols_integer(db_stmt *q, int from, int to) {
    for (int i = from; i <= to; i++)
        if (!db_column_is_integer(q, i))
            return false;
    return true;
}

hs_status fund_read_flow_totals(hs_store *s, const char *fund,
                                hs_status (*fn)(void *ctx, const char *fund, const char *kind,
                                                const char *lp, int64_t amount_fen, hs_error *err),
                                void *ctx, hs_error *err) {
    db_stmt *q;
#define TOTALS "SELECT fund, kind, lp, amount_fen FROM fund_flow_totals"
    hs_status st = prep_for(s, fund, TOTALS " WHERE fund = ?1", TOTALS, &q, err);
#undef TOTALS
    if (st != HS_OK)
        return st;
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        const char *lp = col_text(q, 2);
        if (!cols_integer(q, 3, 3))
            st = hs_fail(err, HS_STORAGE,
                         "%s: a flow total of fund %s is not an integer (corrupt"
                         " book)",
                         store_path(s), col_text(q, 0));
        else
            st = fn(ctx, col_text(q, 0), col_text(q, 1), lp && lp[0] ? lp : NULL,
                    db_column_int64(q, 3), err);
        if (st != HS_OK) {
            db_reset(q);
            return st;
        }
    }
    return loop_end(s, q, rc, "reading fund flow totals", err);
}

hs_status fund_read_flow_days(hs_store *s, const char *fund,
                              hs_status (*fn)(void *ctx, const char *fund, bool is_call,
                                              hs_date date, int64_t amount_fen, hs_error *err),
                              void *ctx, hs_error *err) {
    db_stmt *q;
#define DAYS "SELECT fund, kind, date, amount_fen FROM fund_flow_days"
    hs_status st = prep_for(s, fund, DAYS " WHERE fund = ?1", DAYS, &q, err);
#undef DAYS
    if (st != HS_OK)
        return st;
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        const char *kind = col_text(q, 1);
        if (!cols_integer(q, 2, 3) || db_column_int64(q, 3) <= 0 || kind == NULL ||
            (strcmp(kind, "call") != 0 && strcmp(kind, "distribute") != 0))
            st = hs_fail(err, HS_STORAGE, "%s: a dated flow of fund %s is damaged (corrupt book)",
                         store_path(s), col_text(q, 0));
        else
            st = fn(ctx, col_text(q, 0), strcmp(kind, "call") == 0, (hs_date)db_column_int64(q, 2),
                    db_column_int64(q, 3), err);
        if (st != HS_OK) {
            db_reset(q);
            return st;
        }
    }
    return loop_end(s, q, rc, "reading dated fund flows", err);
}

hs_status fund_read_totals_recorded(hs_store *s, const char *fund,
                                    hs_status (*fn)(void *ctx, const fund_total_recorded *t,
                                                    hs_error *err),
                                    void *ctx, hs_error *err) {
    db_stmt *q;
    /* every key of either side once: the derived row (if any) beside what the flows sum to */
    hs_status st = prep(
        s,
        "SELECT kind, lp, 0, SUM(t_fen), SUM(t_n), SUM(f_fen), SUM(f_n) FROM (SELECT kind, lp,"
        " amount_fen AS t_fen, flows AS t_n, 0 AS f_fen, 0 AS f_n FROM fund_flow_totals WHERE"
        " fund = ?1 UNION ALL SELECT kind, COALESCE(lp, ''), 0, 0, amount_fen, 1 FROM fund_flows"
        " WHERE fund = ?1) AS by_lp GROUP BY kind, lp"
        " UNION ALL SELECT kind, '', date, SUM(t_fen), 0, SUM(f_fen), 0 FROM (SELECT kind, date,"
        " amount_fen AS t_fen, 0 AS f_fen FROM fund_flow_days WHERE fund = ?1 UNION ALL SELECT"
        " kind, date, 0, amount_fen FROM fund_flows WHERE fund = ?1 AND kind IN ('call',"
        " 'distribute')) AS by_day GROUP BY kind, date",
        &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        const char *lp = col_text(q, 1);
        fund_total_recorded t = {.kind = col_text(q, 0),
                                 .lp = lp && lp[0] ? lp : NULL,
                                 .date = (hs_date)db_column_int64(q, 2),
                                 .total_fen = db_column_int64(q, 3),
                                 .total_flows = db_column_int64(q, 4),
                                 .flows_fen = db_column_int64(q, 5),
                                 .flows = db_column_int64(q, 6)};
        if (!cols_integer(q, 3, 6))
            st = hs_fail(err, HS_STORAGE,
                         "%s: a flow total of fund %s is not an integer (corrupt"
                         " book)",
                         store_path(s), fund);
        else
            st = fn(ctx, &t, err);
        if (st != HS_OK) {
            db_reset(q);
            return st;
        }
    }
    return loop_end(s, q, rc, "reading fund flow totals", err);
}

hs_status fund_read_as_lp(hs_store *s, const char *lp,
                          hs_status (*fn)(void *ctx, const char *lp, const char *fund, bool is_call,
                                          hs_date date, int64_t amount_fen, hs_error *err),
                          void *ctx, hs_error *err) {
    db_stmt *q;
    /* rows in the order of the covering index (lp, kind, fund, date, amount_fen): one seek per
     * fund and kind, no sort and no grouping (the caller adds the rows up) */
    hs_status st = prep_for(
        s, lp,
        "SELECT lp, kind, fund, date, amount_fen FROM fund_flows WHERE lp = ?1 AND"
        " kind IN ('call','distribute') AND fund <> ?1 ORDER BY lp, kind, fund, date",
        "SELECT lp, kind, fund, date, amount_fen FROM fund_flows WHERE lp IN (SELECT id FROM"
        " fund_funds) AND kind IN ('call','distribute') AND fund <> lp ORDER BY lp, kind, fund,"
        " date",
        &q, err);
    if (st != HS_OK)
        return st;
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        const char *kind = col_text(q, 1);
        st = fn(ctx, col_text(q, 0), col_text(q, 2), kind != NULL && strcmp(kind, "call") == 0,
                (hs_date)db_column_int64(q, 3), db_column_int64(q, 4), err);
        if (st != HS_OK) {
            db_reset(q);
            return st;
        }
    }
    return loop_end(s, q, rc, "reading flows as an LP", err);
}

hs_status fund_read_deal_totals(hs_store *s, const char *fund,
                                hs_status (*fn)(void *ctx, const fund_deal_total *d, hs_error *err),
                                void *ctx, hs_error *err) {
    db_stmt *q;
#define DEAL_TOTALS                                                                                \
    "SELECT fund, region, city, deals, held, cost_fen, held_fen, value_fen, realised_fen FROM"     \
    " fund_deal_totals"
    hs_status st = prep_for(s, fund, DEAL_TOTALS " WHERE fund = ?1", DEAL_TOTALS, &q, err);
#undef DEAL_TOTALS
    if (st != HS_OK)
        return st;
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        const char *region = col_text(q, 1), *city = col_text(q, 2);
        fund_deal_total d = {.fund = col_text(q, 0),
                             .region = region ? region : "",
                             .city = city ? city : "",
                             .deals = db_column_int64(q, 3),
                             .held = db_column_int64(q, 4),
                             .cost_fen = db_column_int64(q, 5),
                             .held_fen = db_column_int64(q, 6),
                             .value_fen = db_column_int64(q, 7),
                             .realised_fen = db_column_int64(q, 8)};
        if (!cols_integer(q, 3, 8) || d.deals < 0 || d.held < 0 || d.held > d.deals)
            st = hs_fail(err, HS_STORAGE,
                         "%s: the deal totals of fund %s are damaged (corrupt book)", store_path(s),
                         d.fund ? d.fund : "?");
        else
            st = fn(ctx, &d, err);
        if (st != HS_OK) {
            db_reset(q);
            return st;
        }
    }
    return loop_end(s, q, rc, "reading deal totals", err);
}

hs_status fund_read_deal_totals_recorded(hs_store *s, const char *fund,
                                         hs_status (*fn)(void *ctx, const fund_deal_total *table,
                                                         const fund_deal_total *deals,
                                                         hs_error *err),
                                         void *ctx, hs_error *err) {
    db_stmt *q;
    /* every place of either side once: the derived row (if any) beside the deals' sums */
    hs_status st = prep(
        s,
        "SELECT region, city, SUM(t * deals), SUM(t * held), SUM(t * cost_fen), SUM(t * held_fen),"
        " SUM(t * value_fen), SUM(t * realised_fen), SUM((1 - t) * deals), SUM((1 - t) * held),"
        " SUM((1 - t) * cost_fen), SUM((1 - t) * held_fen), SUM((1 - t) * value_fen),"
        " SUM((1 - t) * realised_fen) FROM (SELECT 1 AS t, region, city, deals, held, cost_fen,"
        " held_fen, value_fen, realised_fen FROM fund_deal_totals WHERE fund = ?1 UNION ALL"
        " SELECT 0, region, city, 1, CASE WHEN status = 0 THEN 1 ELSE 0 END, cost_fen, held_fen,"
        " value_fen, realised_fen FROM fund_deals WHERE fund = ?1) AS both_sides GROUP BY region,"
        " city",
        &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        const char *region = col_text(q, 0), *city = col_text(q, 1);
        fund_deal_total side[2];
        for (int k = 0; k < 2; k++)
            side[k] = (fund_deal_total){.fund = fund,
                                        .region = region ? region : "",
                                        .city = city ? city : "",
                                        .deals = db_column_int64(q, 2 + 6 * k),
                                        .held = db_column_int64(q, 3 + 6 * k),
                                        .cost_fen = db_column_int64(q, 4 + 6 * k),
                                        .held_fen = db_column_int64(q, 5 + 6 * k),
                                        .value_fen = db_column_int64(q, 6 + 6 * k),
                                        .realised_fen = db_column_int64(q, 7 + 6 * k)};
        if (!cols_integer(q, 2, 13))
            st = hs_fail(err, HS_STORAGE,
                         "%s: the deal totals of fund %s are damaged (corrupt book)", store_path(s),
                         fund);
        else
            st = fn(ctx, &side[0], &side[1], err);
        if (st != HS_OK) {
            db_reset(q);
            return st;
        }
    }
    return loop_end(s, q, rc, "reading deal totals", err);
}

hs_status fund_read_last_events(hs_store *s, const char *fund,
                                hs_status (*fn)(void *ctx, const char *fund, hs_date date,
                                                hs_error *err),
                                void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prep_for(
        s, fund, "SELECT fund, date FROM fund_events WHERE fund = ?1 ORDER BY date DESC LIMIT 1",
        "SELECT fund, MAX(date) FROM fund_events GROUP BY fund", &q, err);
    if (st != HS_OK)
        return st;
    int rc;
    while ((rc = db_step(q)) == DB_ROW)
        if ((st = fn(ctx, col_text(q, 0), (hs_date)db_column_int64(q, 1), err)) != HS_OK) {
            db_reset(q);
            return st;
        }
    return loop_end(s, q, rc, "reading the last events", err);
}

hs_status fund_read_exposure(hs_store *s, const char *fund, int by,
                             hs_status (*fn)(void *ctx, const char *fund, const char *key,
                                             int deals, int64_t held_fen, int64_t value_fen,
                                             hs_error *err),
                             void *ctx, hs_error *err) {
    assert(by >= 1 && by <= 3);
#define EXPO(col) "SELECT fund, " col ", COUNT(*), SUM(held_fen), SUM(value_fen) FROM fund_deals"
#define HELD " WHERE status = 0"
    static const char *const one[] = {EXPO("sector") HELD " AND fund = ?1 GROUP BY fund, sector",
                                      EXPO("stage") HELD " AND fund = ?1 GROUP BY fund, stage",
                                      EXPO("city") HELD " AND fund = ?1 GROUP BY fund, city"};
    static const char *const all[] = {EXPO("sector") HELD " GROUP BY fund, sector",
                                      EXPO("stage") HELD " GROUP BY fund, stage",
                                      EXPO("city") HELD " GROUP BY fund, city"};
#undef HELD
#undef EXPO
    db_stmt *q;
    hs_status st = prep_for(s, fund, one[by - 1], all[by - 1], &q, err);
    if (st != HS_OK)
        return st;
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        const char *key = col_text(q, 1);
        st = fn(ctx, col_text(q, 0), key ? key : "", db_column_int(q, 2), db_column_int64(q, 3),
                db_column_int64(q, 4), err);
        if (st != HS_OK) {
            db_reset(q);
            return st;
        }
    }
    return loop_end(s, q, rc, "reading exposure", err);
}

/* ---- check ---- */

hs_status fund_read_lp_recorded(hs_store *s, const char *fund, const char *lp,
                                fund_lp_recorded *out, hs_error *err) {
    db_stmt *q;
    hs_status st = prep(s,
                        "SELECT COALESCE(SUM(CASE WHEN kind = 'commit' THEN amount_fen ELSE 0"
                        " END),0), COALESCE(SUM(CASE WHEN kind IN ('call','default') THEN"
                        " amount_fen ELSE 0 END),0) FROM fund_flows WHERE fund = ?1 AND lp = ?2",
                        &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    bind_text(q, 2, lp);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        out->committed_fen = db_column_int64(q, 0);
        out->drawn_fen = db_column_int64(q, 1);
    }
    db_reset(q);
    return rc == DB_ROW ? HS_OK : store_fail(s, err, "summing an LP's flows");
}

hs_status fund_read_deal_invested(hs_store *s, const char *fund, const char *deal, int64_t *out_fen,
                                  hs_error *err) {
    db_stmt *q;
    hs_status st = prep(s,
                        "SELECT COALESCE(SUM(amount_fen),0) FROM fund_flows WHERE fund = ?1 AND"
                        " deal = ?2 AND kind = 'invest'",
                        &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    bind_text(q, 2, deal);
    return run_sum(s, q, out_fen, "summing a deal's investments", err);
}

hs_status fund_read_cash_recorded(hs_store *s, const char *fund, int64_t *out_fen, hs_error *err) {
    db_stmt *q;
    hs_status st = prep(s,
                        "SELECT COALESCE(SUM(CASE WHEN kind IN ('call','exit') THEN amount_fen WHEN"
                        " kind IN ('invest','fee','distribute','carry') THEN -amount_fen ELSE 0"
                        " END),0) FROM fund_flows WHERE fund = ?1",
                        &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, fund);
    int64_t own, as_lp;
    if ((st = run_sum(s, q, &own, "summing a fund's cash flows", err)) != HS_OK)
        return st;
    if ((st = prep(s,
                   "SELECT COALESCE(SUM(CASE WHEN kind = 'distribute' THEN amount_fen WHEN"
                   " kind = 'call' THEN -amount_fen ELSE 0 END),0) FROM fund_flows WHERE"
                   " lp = ?1 AND fund <> ?1",
                   &q, err)) != HS_OK)
        return st;
    bind_text(q, 1, fund);
    if ((st = run_sum(s, q, &as_lp, "summing a fund's flows as an LP", err)) != HS_OK)
        return st;
    *out_fen = own + as_lp;
    return HS_OK;
}
