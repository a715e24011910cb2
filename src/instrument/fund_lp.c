/* fund_lp.c — commitments, calls and LP default (see fund_lp.h). Every event reads the LPs and
 * terms it decides on inside the caller's transaction. */
#include "instrument/fund_lp.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "instrument/fund_repo.h"
#include "store/book.h"

typedef hs_status (*account_reader)(void *ctx, const char *name, hs_account *out, bool *found,
                                    hs_error *err);

static hs_status read_store_account(void *ctx, const char *name, hs_account *out, bool *found,
                                    hs_error *err) {
    return store_account_by_name(ctx, name, out, found, err);
}

static hs_status read_tx_account(void *ctx, const char *name, hs_account *out, bool *found,
                                 hs_error *err) {
    return hs_tx_account_get(ctx, name, out, found, err);
}

/* Fills committed/drawn/uncalled from each LP's commitment account. */
static hs_status add_commitments(const char *fund, fund_lp *v, size_t n, account_reader read,
                                 void *ctx, hs_error *err) {
    for (size_t i = 0; i < n; i++) {
        char name[ACCOUNT_NAME_MAX];
        fund_commitment_account(fund, v[i].lp, name, sizeof name);
        hs_account a;
        bool found;
        hs_status st = read(ctx, name, &a, &found, err);
        if (st != HS_OK)
            return st;
        if (!found)
            continue;
        v[i].committed_fen = a.debits_posted_fen;
        v[i].drawn_fen = a.credits_posted_fen;
        v[i].uncalled_fen = a.debits_posted_fen - a.credits_posted_fen;
        if (v[i].uncalled_fen < 0) /* the ledger forbids it: the book is damaged */
            return hs_fail(err, HS_STORAGE, "%s: drawn beyond its commitment (corrupt book)", name);
    }
    return HS_OK;
}

hs_status fund_lps_load(hs_store *s, const char *fund, fund_lp **out, size_t *n, hs_error *err) {
    hs_status st = fund_read_lps(s, fund, out, n, err);
    if (st == HS_OK &&
        (st = add_commitments(fund, *out, *n, read_store_account, s, err)) != HS_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return st;
}

hs_status fund_lps_load_tx(hs_tx *tx, const char *fund, fund_lp **out, size_t *n, hs_error *err) {
    assert(store_in_txn(tx->store));
    hs_status st = fund_repo_lps(tx, fund, out, n, err);
    if (st == HS_OK && (st = add_commitments(fund, *out, *n, read_tx_account, tx, err)) != HS_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return st;
}

static bool is_state(fund_lp_type t) {
    return t == FUND_LP_GOV || t == FUND_LP_STATE || t == FUND_LP_FUND;
}

/* ---- commit ---- */

/* Resolves the account the LP pays from into acct (and checks a given one exists). */
static hs_status paying_account(hs_tx *tx, const char *fund, const char *lp, fund_lp_type type,
                                const char *account, char *acct, size_t len, hs_error *err) {
    hs_status st;
    if (type == FUND_LP_FUND) {
        fund_terms m;
        if ((st = fund_need(tx, lp, "lp", &m, err)) != HS_OK)
            return hs_error_prefix(err, "field 'lp' (type fund)");
        if (strcmp(lp, fund) == 0)
            return hs_invalid_field(err, "lp", "field 'lp': a fund cannot commit to itself");
        fund_account(lp, "cash", acct, len);
        if (account != NULL && strcmp(account, acct) != 0)
            return hs_invalid_field(err, "from", "field 'from': a fund LP pays from %s", acct);
        return HS_OK;
    }
    if (account == NULL) {
        snprintf(acct, len, "lp/%s/cash", lp);
        return HS_OK;
    }
    snprintf(acct, len, "%s", account);
    hs_account a;
    bool found;
    if ((st = hs_tx_account_get(tx, acct, &a, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "from", "field 'from': no account '%s'", acct);
    return HS_OK;
}

/* The LP's default account lp/LP/cash: an existing plain lp account is used as it is (the LP may
 * have made it); else it is created, owned by the fund module. */
static hs_status ensure_lp_account(hs_tx *tx, const char *acct, hs_error *err) {
    hs_account a;
    bool found;
    hs_status st = hs_tx_account_get(tx, acct, &a, &found, err);
    if (st != HS_OK || (found && strcmp(a.kind, "lp") == 0 && a.flags == 0))
        return st;
    return hs_tx_account_ensure(tx, acct, "lp", 0, FUND_OWNER, NULL, NULL, err);
}

/* What the fund's commitments are so far, and how the LP stands in it. */
typedef struct {
    int64_t total, phase, state, parent;
    bool new_lp;
} commit_totals;

static hs_status commit_totals_read(hs_tx *tx, const fund_terms *t, const char *lp,
                                    fund_lp_type type, const char *acct, int phase,
                                    commit_totals *c, hs_error *err) {
    memset(c, 0, sizeof *c);
    c->new_lp = true;
    fund_lp *lps;
    size_t n;
    hs_status st = fund_lps_load_tx(tx, t->id, &lps, &n, err);
    if (st != HS_OK)
        return st;
    for (size_t i = 0; i < n && st == HS_OK; i++) {
        c->total += lps[i].committed_fen;
        if (is_state(lps[i].type))
            c->state += lps[i].committed_fen;
        if (t->parent[0] && strcmp(lps[i].lp, t->parent) == 0)
            c->parent += lps[i].committed_fen;
        if (strcmp(lps[i].lp, lp) != 0)
            continue;
        c->new_lp = false;
        if (lps[i].type != type || strcmp(lps[i].account, acct) != 0)
            st = hs_fail_code(err, HS_INPUT, "state_conflict", "lp",
                              "LP %s is in fund %s as type %s paying from %s", lp, t->id,
                              fund_lp_type_name(lps[i].type), lps[i].account);
        else if (lps[i].defaulted)
            st = hs_fail_code(err, HS_REFUSED, "state_conflict", "lp",
                              "LP %s is in default in fund %s", lp, t->id);
    }
    free(lps);
    if (st == HS_OK)
        st = fund_repo_phase_committed(tx, t->id, phase, &c->phase, err);
    return st;
}

/* The fund's limits on a new commitment (size, 首期, state money cap, parent cap). */
static hs_status commit_limits(const fund_terms *t, const commit_totals *c, const char *lp,
                               fund_lp_type type, int64_t amount_fen, int phase, hs_error *err) {
    char m1[MONEY_TEXT_MAX], m2[MONEY_TEXT_MAX];
    if (c->total + amount_fen > t->size_fen)
        return hs_fail_code(err, HS_REFUSED, "exceeds_fund_size", "amount",
                            "commitments would reach %s, above the fund size %s",
                            money_format(c->total + amount_fen, m1, sizeof m1),
                            money_format(t->size_fen, m2, sizeof m2));
    if (phase == 1 && c->phase + amount_fen > t->first_phase_fen)
        return hs_fail_code(err, HS_REFUSED, "exceeds_first_phase", "amount",
                            "phase-1 (首期) commitments would reach %s, above the first phase %s",
                            money_format(c->phase + amount_fen, m1, sizeof m1),
                            money_format(t->first_phase_fen, m2, sizeof m2));
    int64_t cap;
    if (t->gov_cap_bp > 0 && is_state(type) && money_mul_bp(t->size_fen, t->gov_cap_bp, &cap) &&
        c->state + amount_fen > cap)
        return hs_fail_code(err, HS_REFUSED, "exceeds_gov_cap", "amount",
                            "state money (gov, state and fund LPs) would reach %s, above the cap "
                            "of %lld bp of the fund size (%s)",
                            money_format(c->state + amount_fen, m1, sizeof m1),
                            (long long)t->gov_cap_bp, money_format(cap, m2, sizeof m2));
    if (t->parent_cap_bp > 0 && strcmp(lp, t->parent) == 0 &&
        money_mul_bp(t->size_fen, t->parent_cap_bp, &cap) && c->parent + amount_fen > cap)
        return hs_fail_code(err, HS_REFUSED, "exceeds_parent_cap", "amount",
                            "the parent %s's commitment would reach %s, above the cap of %lld bp "
                            "of the fund size (%s)",
                            lp, money_format(c->parent + amount_fen, m1, sizeof m1),
                            (long long)t->parent_cap_bp, money_format(cap, m2, sizeof m2));
    return HS_OK;
}

hs_status fund_commit(hs_tx *tx, const char *event_id, const char *fund, const char *lp,
                      fund_lp_type type, const char *account, int64_t amount_fen, int phase,
                      hs_date date, fund_event_result *res, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    memset(res, 0, sizeof *res);
    fund_terms t;
    hs_status st = fund_need(tx, fund, "fund", &t, err);
    if (st != HS_OK)
        return st;
    if (!fund_id_valid(lp))
        return hs_invalid_field(err, "lp", "field 'lp': '%s' is not a valid id", lp);
    if (amount_fen <= 0 || amount_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_invalid_field(err, "amount", "field 'amount': must be positive");
    if (phase < 1 || phase > 9)
        return hs_invalid_field(err, "phase", "field 'phase': 1..9");
    char acct[ACCOUNT_NAME_MAX];
    if ((st = paying_account(tx, fund, lp, type, account, acct, sizeof acct, err)) != HS_OK)
        return st;
    /* the body identifies the event for idempotency */
    char body[512], d[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "commit|%s|%s|%s|%s|%lld|%d|%s", fund, lp, fund_lp_type_name(type),
             acct, (long long)amount_fen, phase, date_format(date, d));
    if ((st = fund_event_begin(tx, "commit", event_id, body, res, err)) != HS_OK || res->existed)
        return st;
    commit_totals c;
    if ((st = commit_totals_read(tx, &t, lp, type, acct, phase, &c, err)) != HS_OK ||
        (st = commit_limits(&t, &c, lp, type, amount_fen, phase, err)) != HS_OK)
        return st;
    char caccount[ACCOUNT_NAME_MAX], committed[ACCOUNT_NAME_MAX];
    fund_commitment_account(fund, lp, caccount, sizeof caccount);
    fund_account(fund, "committed", committed, sizeof committed);
    if ((st = hs_tx_account_ensure(tx, caccount, "commitment", ACCOUNT_CREDITS_LE_DEBITS,
                                   FUND_OWNER, NULL, NULL, err)) != HS_OK)
        return st;
    if (type != FUND_LP_FUND && account == NULL && (st = ensure_lp_account(tx, acct, err)) != HS_OK)
        return st;
    fund_legs legs;
    fund_legs_init(&legs);
    if (!fund_legs_add(&legs, caccount, committed, amount_fen, "fund.commit", date, fund, lp, NULL,
                       NULL)) {
        fund_legs_free(&legs);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    fund_flow flow = {.lp = lp, .kind = "commit", .amount_fen = amount_fen, .phase = phase};
    st = fund_apply_event(tx, res->id, fund, "commit", date, body, &legs, &flow, 1, err);
    fund_legs_free(&legs);
    if (st == HS_OK && c.new_lp) {
        fund_lp row = {.type = type, .phase = phase};
        snprintf(row.lp, sizeof row.lp, "%s", lp);
        snprintf(row.account, sizeof row.account, "%s", acct);
        st = fund_repo_lp_insert(tx, fund, &row, err);
    }
    /* postcondition: the fund's commitments stay within its size */
    assert(st != HS_OK || c.total + amount_fen <= t.size_fen);
    return st;
}

/* ---- call and default ---- */

/* Builds the default legs of an LP (its uncalled commitment cancelled). */
static bool add_default(fund_legs *legs, const char *fund, const fund_lp *l, hs_date date) {
    assert(legs != NULL && fund != NULL && l != NULL && !l->defaulted);
    size_t before = legs->n;
    char caccount[ACCOUNT_NAME_MAX], committed[ACCOUNT_NAME_MAX];
    fund_commitment_account(fund, l->lp, caccount, sizeof caccount);
    fund_account(fund, "committed", committed, sizeof committed);
    bool ok = fund_legs_add(legs, committed, caccount, l->uncalled_fen, "fund.default", date, fund,
                            l->lp, NULL, NULL);
    assert(!ok || legs->n <= before + 1); /* one leg, none when nothing was uncalled */
    return ok;
}

/* The split of a call over the LPs. */
typedef struct {
    fund_lp *lps;
    size_t n;
    int64_t *weights, *shares;
    fund_flow *flows;
    size_t nflows;
    int64_t uncalled; /* of the LPs taking part */
} call_plan;

static void call_plan_free(call_plan *p) {
    free(p->lps);
    free(p->weights);
    free(p->shares);
    free(p->flows);
    memset(p, 0, sizeof *p);
}

/* Weights (uncalled commitments of the LPs not in default) and the default legs, if any. */
static hs_status call_weights(const char *fund, const char *defaulting_lp, hs_date date,
                              call_plan *p, fund_legs *legs, hs_error *err) {
    bool found_default = defaulting_lp == NULL;
    for (size_t i = 0; i < p->n; i++) {
        const fund_lp *l = &p->lps[i];
        if (defaulting_lp == NULL || strcmp(l->lp, defaulting_lp) != 0) {
            p->weights[i] = l->defaulted ? 0 : l->uncalled_fen;
            p->uncalled += p->weights[i];
            continue;
        }
        found_default = true;
        if (l->defaulted)
            return hs_fail_code(err, HS_REFUSED, "state_conflict", "default",
                                "LP %s is in default already", defaulting_lp);
        if (!add_default(legs, fund, l, date))
            return hs_fail(err, HS_STORAGE, "out of memory");
        p->flows[p->nflows++] =
            (fund_flow){.lp = l->lp, .kind = "default", .amount_fen = l->uncalled_fen};
    }
    if (!found_default)
        return hs_not_found(err, "default", "field 'default': %s is not an LP of %s", defaulting_lp,
                            fund);
    return HS_OK;
}

/* Each LP pays its share into the fund's cash; its commitment is drawn down by as much. */
static hs_status call_legs(const char *fund, hs_date date, call_plan *p, fund_legs *legs,
                           hs_error *err) {
    char cash[ACCOUNT_NAME_MAX], committed[ACCOUNT_NAME_MAX];
    fund_account(fund, "cash", cash, sizeof cash);
    fund_account(fund, "committed", committed, sizeof committed);
    size_t legs_before = legs->n, flows_before = p->nflows;
    for (size_t i = 0; i < p->n; i++) {
        if (p->shares[i] == 0)
            continue;
        assert(p->shares[i] > 0 && p->shares[i] <= p->weights[i]);
        char caccount[ACCOUNT_NAME_MAX];
        fund_commitment_account(fund, p->lps[i].lp, caccount, sizeof caccount);
        if (!fund_legs_add(legs, p->lps[i].account, cash, p->shares[i], "fund.call", date, fund,
                           p->lps[i].lp, NULL, NULL) ||
            !fund_legs_add(legs, committed, caccount, p->shares[i], "fund.call", date, fund,
                           p->lps[i].lp, NULL, NULL))
            return hs_fail(err, HS_STORAGE, "out of memory");
        p->flows[p->nflows++] =
            (fund_flow){.lp = p->lps[i].lp, .kind = "call", .amount_fen = p->shares[i]};
    }
    /* two legs per paying LP (its payment and the draw on its commitment), one flow each */
    assert(legs->n - legs_before == 2 * (p->nflows - flows_before) && p->nflows <= p->n + 1);
    return HS_OK;
}

hs_status fund_call(hs_tx *tx, const char *event_id, const char *fund, int64_t amount_fen,
                    hs_date date, const char *defaulting_lp, fund_event_result *res,
                    hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    memset(res, 0, sizeof *res);
    fund_terms t;
    hs_status st = fund_need(tx, fund, "fund", &t, err);
    if (st != HS_OK)
        return st;
    if (amount_fen <= 0 || amount_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_invalid_field(err, "amount", "field 'amount': must be positive");
    char body[512], d[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "call|%s|%lld|%s|%s", fund, (long long)amount_fen,
             date_format(date, d), defaulting_lp ? defaulting_lp : "");
    if ((st = fund_event_begin(tx, "call", event_id, body, res, err)) != HS_OK || res->existed)
        return st;
    call_plan p = {0};
    if ((st = fund_lps_load_tx(tx, fund, &p.lps, &p.n, err)) != HS_OK)
        return st;
    p.weights = calloc(p.n ? p.n : 1, sizeof *p.weights);
    p.shares = calloc(p.n ? p.n : 1, sizeof *p.shares);
    p.flows = calloc(p.n + 1, sizeof *p.flows);
    fund_legs legs;
    fund_legs_init(&legs);
    if (p.weights == NULL || p.shares == NULL || p.flows == NULL)
        st = hs_fail(err, HS_STORAGE, "out of memory");
    if (st == HS_OK)
        st = call_weights(fund, defaulting_lp, date, &p, &legs, err);
    if (st == HS_OK && amount_fen > p.uncalled) {
        char m1[MONEY_TEXT_MAX], m2[MONEY_TEXT_MAX];
        st = hs_fail_code(err, HS_REFUSED, "exceeds_uncalled", "amount",
                          "call of %s exceeds the uncalled commitments %s",
                          money_format(amount_fen, m1, sizeof m1),
                          money_format(p.uncalled, m2, sizeof m2));
    }
    if (st == HS_OK && !money_allocate(amount_fen, p.weights, p.n, p.shares))
        st = hs_fail(err, HS_INPUT, "call: cannot allocate");
    if (st == HS_OK)
        st = call_legs(fund, date, &p, &legs, err);
    if (st == HS_OK) {
        int64_t sum = 0; /* the shares are exact to the fen */
        for (size_t i = 0; i < p.n; i++)
            sum += p.shares[i];
        assert(sum == amount_fen && sum <= p.uncalled);
        st = fund_apply_event(tx, res->id, fund, "call", date, body, &legs, p.flows, p.nflows, err);
    }
    if (st == HS_OK && defaulting_lp != NULL)
        st = fund_repo_lp_set_defaulted(tx, fund, defaulting_lp, err);
    fund_legs_free(&legs);
    call_plan_free(&p);
    return st;
}

hs_status fund_lp_default(hs_tx *tx, const char *event_id, const char *fund, const char *lp,
                          hs_date date, fund_event_result *res, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    memset(res, 0, sizeof *res);
    fund_terms t;
    hs_status st = fund_need(tx, fund, "fund", &t, err);
    if (st != HS_OK)
        return st;
    char body[256], d[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "default|%s|%s|%s", fund, lp, date_format(date, d));
    if ((st = fund_event_begin(tx, "default", event_id, body, res, err)) != HS_OK || res->existed)
        return st;
    fund_lp *lps;
    size_t n;
    if ((st = fund_lps_load_tx(tx, fund, &lps, &n, err)) != HS_OK)
        return st;
    const fund_lp *l = NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(lps[i].lp, lp) == 0)
            l = &lps[i];
    fund_legs legs;
    fund_legs_init(&legs);
    if (l == NULL) {
        st = hs_not_found(err, "lp", "field 'lp': %s is not an LP of %s", lp, fund);
    } else if (l->defaulted) {
        st = hs_fail_code(err, HS_REFUSED, "state_conflict", "lp", "LP %s is in default already",
                          lp);
    } else if (!add_default(&legs, fund, l, date)) {
        st = hs_fail(err, HS_STORAGE, "out of memory");
    } else {
        assert(legs.n <= 1);
        fund_flow flow = {.lp = lp, .kind = "default", .amount_fen = l->uncalled_fen};
        st = fund_apply_event(tx, res->id, fund, "default", date, body, &legs, &flow, 1, err);
        if (st == HS_OK)
            st = fund_repo_lp_set_defaulted(tx, fund, lp, err);
    }
    fund_legs_free(&legs);
    free(lps);
    return st;
}
