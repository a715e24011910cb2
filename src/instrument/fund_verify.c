/* fund_verify.c — the fund tables against the ledger (see fund_verify.h). A figure that cannot be
 * read is a storage error (HS_STORAGE), never a silent mismatch or match. */
#include "instrument/fund_verify.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "instrument/fund_lp.h"
#include "instrument/fund_repo.h"

typedef struct {
    hs_store *s;
    fund_verify_report *out;
    const char *fund; /* the fund being verified (borrowed) */
} verify_ctx;

/* Counts a check of `what` of `who` (side a against side b); records the first disagreement. */
static void expect_sides(verify_ctx *c, const char *what, const char *who, const char *a_name,
                         int64_t a, const char *b_name, int64_t b, const char *unit) {
    c->out->checks++;
    if (a == b || !c->out->ok)
        return;
    c->out->ok = false;
    snprintf(c->out->first_violation, sizeof c->out->first_violation,
             "%s of %s: %s say %lld%s, %s %lld%s", what, who, a_name, (long long)a, unit, b_name,
             (long long)b, unit);
}

/* Counts a check of a fund table figure against the ledger; records the first disagreement. */
static void expect(verify_ctx *c, const char *what, const char *who, int64_t table,
                   int64_t ledger) {
    expect_sides(c, what, who, "fund tables", table, "the ledger", ledger, " fen");
}

/* Reads an account (zero figures if it does not exist). */
static hs_status account(hs_store *s, const char *name, hs_account *a, hs_error *err) {
    bool found;
    memset(a, 0, sizeof *a);
    hs_status st = store_account_by_name(s, name, a, &found, err);
    if (st == HS_OK && !found)
        memset(a, 0, sizeof *a);
    return st;
}

static hs_status verify_lps(verify_ctx *c, const fund_terms *t, hs_error *err) {
    fund_lp *lps;
    size_t n;
    hs_status st = fund_read_lps(c->s, t->id, &lps, &n, err);
    for (size_t i = 0; i < n && st == HS_OK; i++) {
        char name[ACCOUNT_NAME_MAX], who[128];
        hs_account a;
        fund_lp_recorded r;
        fund_commitment_account(t->id, lps[i].lp, name, sizeof name);
        if ((st = account(c->s, name, &a, err)) != HS_OK ||
            (st = fund_read_lp_recorded(c->s, t->id, lps[i].lp, &r, err)) != HS_OK)
            break;
        snprintf(who, sizeof who, "%s LP %s", t->id, lps[i].lp);
        expect(c, "commitments", who, r.committed_fen, a.debits_posted_fen);
        expect(c, "calls and cancellations", who, r.drawn_fen, a.credits_posted_fen);
    }
    free(lps);
    return st;
}

static hs_status verify_deal(void *vctx, const fund_deal *d, hs_error *err) {
    verify_ctx *c = vctx;
    char name[ACCOUNT_NAME_MAX], who[128];
    hs_account a;
    int64_t invested;
    fund_investment_account(d->fund, d->deal, name, sizeof name);
    hs_status st = account(c->s, name, &a, err);
    if (st == HS_OK)
        st = fund_read_deal_invested(c->s, d->fund, d->deal, &invested, err);
    if (st != HS_OK)
        return st;
    snprintf(who, sizeof who, "%s deal %s", d->fund, d->deal);
    expect(c, "cost invested", who, d->cost_fen, a.credits_posted_fen);
    expect(c, "cost held", who, d->held_fen, account_held_fen(&a));
    expect(c, "investment flows", who, invested, a.credits_posted_fen);
    return HS_OK;
}

/* One key of the derived flow totals against what the flows sum to (amount and, per LP, count). */
static hs_status verify_total(void *vctx, const fund_total_recorded *t, hs_error *err) {
    (void)err;
    verify_ctx *c = vctx;
    char who[160], date[16] = "";
    if (t->date != 0)
        date_format(t->date, date);
    snprintf(who, sizeof who, "%s %s%s%s%s%s", c->fund, t->kind ? t->kind : "?",
             t->lp ? " LP " : "", t->lp ? t->lp : "", t->date ? " on " : "", date);
    expect_sides(c, t->date ? "the dated flow total" : "the flow total", who, "the totals",
                 t->total_fen, "the flows", t->flows_fen, " fen");
    if (!t->date)
        expect_sides(c, "the flow count", who, "the totals", t->total_flows, "the flows", t->flows,
                     "");
    return HS_OK;
}

/* One place of a fund's deals: the derived totals against what its deals sum to. */
static hs_status verify_deal_total(void *vctx, const fund_deal_total *table,
                                   const fund_deal_total *deals, hs_error *err) {
    (void)err;
    verify_ctx *c = vctx;
    char who[200];
    snprintf(who, sizeof who, "%s deals in %s/%s", c->fund, table->region, table->city);
    const char *t = "the deal totals", *d = "the deals";
    expect_sides(c, "the deal count", who, t, table->deals, d, deals->deals, "");
    expect_sides(c, "the held deal count", who, t, table->held, d, deals->held, "");
    expect_sides(c, "the cost", who, t, table->cost_fen, d, deals->cost_fen, " fen");
    expect_sides(c, "the cost held", who, t, table->held_fen, d, deals->held_fen, " fen");
    expect_sides(c, "the value", who, t, table->value_fen, d, deals->value_fen, " fen");
    expect_sides(c, "the realised", who, t, table->realised_fen, d, deals->realised_fen, " fen");
    return HS_OK;
}

static hs_status verify_fund(void *vctx, const fund_terms *t, hs_error *err) {
    verify_ctx *c = vctx;
    c->out->funds++;
    hs_status st = verify_lps(c, t, err);
    if (st == HS_OK)
        st = fund_read_deals(c->s, t->id, verify_deal, c, err);
    if (st != HS_OK)
        return st;
    char name[ACCOUNT_NAME_MAX];
    hs_account a;
    int64_t cash;
    fund_account(t->id, "cash", name, sizeof name);
    if ((st = account(c->s, name, &a, err)) != HS_OK ||
        (st = fund_read_cash_recorded(c->s, t->id, &cash, err)) != HS_OK)
        return st;
    expect(c, "cash", t->id, cash, account_held_fen(&a));
    c->fund = t->id;
    if ((st = fund_read_totals_recorded(c->s, t->id, verify_total, c, err)) != HS_OK)
        return st;
    return fund_read_deal_totals_recorded(c->s, t->id, verify_deal_total, c, err);
}

hs_status fund_verify(hs_store *s, const char *root, fund_verify_report *out, hs_error *err) {
    memset(out, 0, sizeof *out);
    out->ok = true;
    verify_ctx c = {s, out, NULL};
    hs_status st = fund_read_begin(s, err);
    if (st != HS_OK)
        return st;
    if (root == NULL || root[0] == '\0')
        st = fund_read_all(s, verify_fund, &c, err);
    else
        st = fund_read_tree(s, root, verify_fund, &c, err);
    fund_read_end(s);
    if (st == HS_OK && root != NULL && root[0] && out->funds == 0)
        return hs_not_found(err, "fund", "no fund or group '%s'", root);
    assert(st != HS_OK || out->checks >= out->funds);
    return st;
}
