/* fund_verify.c — the fund tables against the ledger (see fund_verify.h). */
#include "instrument/fund_verify.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instrument/fund_lp.h"

typedef struct {
    hs_store *s;
    fund_verify_report *out;
} verify_ctx;

static int64_t sum1(hs_store *s, const char *sql, const char *a, const char *b) {
    sqlite3_stmt *q;
    hs_error err;
    if (fund_sql_prepare(s, sql, &q, &err) != HS_OK)
        return INT64_MIN;
    sqlite3_bind_text(q, 1, a, -1, SQLITE_STATIC);
    if (b)
        sqlite3_bind_text(q, 2, b, -1, SQLITE_STATIC);
    int64_t v = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : INT64_MIN;
    sqlite3_finalize(q);
    return v;
}

static bool expect(verify_ctx *c, const char *what, const char *who, int64_t table,
                   int64_t ledger) {
    c->out->checks++;
    if (table == ledger || !c->out->ok)
        return table == ledger;
    c->out->ok = false;
    snprintf(c->out->first_violation, sizeof c->out->first_violation,
             "%s of %s: fund tables say %lld fen, the ledger %lld fen", what, who, (long long)table,
             (long long)ledger);
    return false;
}

static bool account(hs_store *s, const char *name, hs_account *a) {
    bool found;
    hs_error err;
    memset(a, 0, sizeof *a);
    return store_account_by_name(s, name, a, &found, &err) == HS_OK;
}

static hs_status verify_fund(void *vctx, const fund_terms *t, hs_error *err) {
    verify_ctx *c = vctx;
    hs_store *s = c->s;
    c->out->funds++;
    fund_lp *lps;
    size_t n;
    hs_status st = fund_lps_load(s, t->id, &lps, &n, err);
    if (st != HS_OK)
        return st;
    char name[ACCOUNT_NAME_MAX], who[128];
    hs_account a;
    for (size_t i = 0; i < n; i++) {
        fund_commitment_account(t->id, lps[i].lp, name, sizeof name);
        account(s, name, &a);
        snprintf(who, sizeof who, "%s LP %s", t->id, lps[i].lp);
        expect(c, "commitments", who,
               sum1(s,
                    "SELECT COALESCE(SUM(amount_fen),0) FROM fund_flows WHERE fund = ?1 AND lp = "
                    "?2 AND kind = 'commit'",
                    t->id, lps[i].lp),
               a.debits_posted_fen);
        expect(c, "calls and cancellations", who,
               sum1(s,
                    "SELECT COALESCE(SUM(amount_fen),0) FROM fund_flows WHERE fund = ?1 AND lp = "
                    "?2 AND kind IN ('call','default')",
                    t->id, lps[i].lp),
               a.credits_posted_fen);
    }
    free(lps);
    /* deals */
    sqlite3_stmt *q;
    if ((st = fund_sql_prepare(s, "SELECT deal, cost_fen, held_fen FROM fund_deals WHERE fund = ?1",
                               &q, err)) != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, t->id, -1, SQLITE_STATIC);
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *deal = (const char *)sqlite3_column_text(q, 0);
        fund_investment_account(t->id, deal, name, sizeof name);
        account(s, name, &a);
        snprintf(who, sizeof who, "%s deal %s", t->id, deal);
        expect(c, "cost invested", who, sqlite3_column_int64(q, 1), a.credits_posted_fen);
        expect(c, "cost held", who, sqlite3_column_int64(q, 2), account_held_fen(&a));
        expect(c, "investment flows", who,
               sum1(s,
                    "SELECT COALESCE(SUM(amount_fen),0) FROM fund_flows WHERE fund = ?1 AND deal "
                    "= ?2 AND kind = 'invest'",
                    t->id, deal),
               a.credits_posted_fen);
    }
    sqlite3_finalize(q);
    /* cash */
    int64_t in = sum1(s,
                      "SELECT COALESCE(SUM(CASE WHEN kind IN ('call','exit') THEN amount_fen WHEN"
                      " kind IN ('invest','fee','distribute','carry') THEN -amount_fen ELSE 0 END),"
                      "0) FROM fund_flows WHERE fund = ?1",
                      t->id, NULL);
    int64_t as_lp = sum1(s,
                         "SELECT COALESCE(SUM(CASE WHEN kind = 'distribute' THEN amount_fen WHEN"
                         " kind = 'call' THEN -amount_fen ELSE 0 END),0) FROM fund_flows WHERE"
                         " lp = ?1 AND fund <> ?1",
                         t->id, NULL);
    fund_account(t->id, "cash", name, sizeof name);
    account(s, name, &a);
    expect(c, "cash", t->id, in + as_lp, account_held_fen(&a));
    return HS_OK;
}

hs_status fund_verify(hs_store *s, const char *root, fund_verify_report *out, hs_error *err) {
    memset(out, 0, sizeof *out);
    out->ok = true;
    hs_status st = HS_OK;
    verify_ctx c = {s, out};
    if (root != NULL && root[0]) {
        st = fund_each_in_tree(s, root, verify_fund, &c, err);
        if (st == HS_OK && out->funds == 0)
            return hs_fail(err, HS_INPUT, "no fund or group '%s'", root);
        return st;
    }
    sqlite3_stmt *q;
    if ((st = fund_sql_prepare(s, "SELECT id FROM fund_funds ORDER BY id", &q, err)) != HS_OK)
        return st;
    while (st == HS_OK && sqlite3_step(q) == SQLITE_ROW) {
        fund_terms t;
        bool found;
        char id[FUND_ID_MAX];
        snprintf(id, sizeof id, "%s", sqlite3_column_text(q, 0));
        st = fund_get(s, id, &t, &found, err);
        if (st == HS_OK && found)
            st = verify_fund(&c, &t, err);
    }
    sqlite3_finalize(q);
    return st;
}
