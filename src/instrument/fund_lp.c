/* fund_lp.c — commitments, calls and LP default (see fund_lp.h). */
#include "instrument/fund_lp.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "store/book.h"

hs_status fund_lps_load(hs_store *s, const char *fund, fund_lp **out, size_t *n, hs_error *err) {
    *out = NULL;
    *n = 0;
    hs_status st = HS_OK;
    sqlite3_stmt *q;
    if ((st = fund_sql_prepare(s,
                               "SELECT l.lp, l.type, l.account, l.phase, l.defaulted,"
                               " (SELECT COALESCE(SUM(amount_fen),0) FROM fund_flows f WHERE"
                               "  f.fund = l.fund AND f.lp = l.lp AND f.kind = 'call'),"
                               " (SELECT COALESCE(SUM(amount_fen),0) FROM fund_flows f WHERE"
                               "  f.fund = l.fund AND f.lp = l.lp AND f.kind IN"
                               "  ('distribute','carry-back'))"
                               " FROM fund_lps l WHERE l.fund = ?1 ORDER BY l.lp",
                               &q, err)) != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, fund, -1, SQLITE_STATIC);
    size_t cap = 0;
    fund_lp *v = NULL;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            fund_lp *p = realloc(v, cap * sizeof *p);
            if (p == NULL) {
                sqlite3_finalize(q);
                free(v);
                return hs_fail(err, HS_STORAGE, "out of memory");
            }
            v = p;
        }
        fund_lp *l = &v[(*n)++];
        memset(l, 0, sizeof *l);
        snprintf(l->lp, sizeof l->lp, "%s", sqlite3_column_text(q, 0));
        l->type = (fund_lp_type)sqlite3_column_int(q, 1);
        snprintf(l->account, sizeof l->account, "%s", sqlite3_column_text(q, 2));
        l->phase = sqlite3_column_int(q, 3);
        l->defaulted = sqlite3_column_int(q, 4) != 0;
        l->called_fen = sqlite3_column_int64(q, 5);
        l->distributed_fen = sqlite3_column_int64(q, 6);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        free(v);
        return hs_fail(err, HS_STORAGE, "%s: reading LPs of %s", store_path(s), fund);
    }
    for (size_t i = 0; i < *n; i++) {
        char name[ACCOUNT_NAME_MAX];
        fund_commitment_account(fund, v[i].lp, name, sizeof name);
        hs_account a;
        bool found;
        if ((st = store_account_by_name(s, name, &a, &found, err)) != HS_OK) {
            free(v);
            return st;
        }
        if (found) {
            v[i].committed_fen = a.debits_posted_fen;
            v[i].drawn_fen = a.credits_posted_fen;
            v[i].uncalled_fen = a.debits_posted_fen - a.credits_posted_fen;
            assert(v[i].uncalled_fen >= 0);
        }
    }
    *out = v;
    return HS_OK;
}

static hs_status need_fund(hs_store *s, const char *fund, fund_terms *t, hs_error *err) {
    bool found;
    hs_status st = fund_get(s, fund, t, &found, err);
    if (st == HS_OK && !found)
        st = hs_fail(err, HS_INPUT, "no fund '%s' (create it with `huoshui fund create`)", fund);
    return st;
}

typedef struct {
    const char *fund, *lp, *account;
    fund_lp_type type;
    int phase;
    bool new_lp;
} commit_ctx;

static hs_status commit_rows(void *vctx, hs_store *s, hs_error *err) {
    commit_ctx *c = vctx;
    if (!c->new_lp)
        return HS_OK;
    sqlite3_stmt *q;
    hs_status st = fund_sql_prepare(
        s, "INSERT INTO fund_lps (fund, lp, type, account, phase) VALUES (?1,?2,?3,?4,?5)", &q,
        err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, c->fund, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, c->lp, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 3, c->type);
    sqlite3_bind_text(q, 4, c->account, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 5, c->phase);
    return fund_sql_done(s, q, "recording an LP", err);
}

static bool is_state(fund_lp_type t) {
    return t == FUND_LP_GOV || t == FUND_LP_STATE || t == FUND_LP_FUND;
}

hs_status fund_commit(hs_store *s, const char *event_id, const char *fund, const char *lp,
                      fund_lp_type type, const char *account, int64_t amount_fen, int phase,
                      hs_date date, bool *existed, hs_error *err) {
    *existed = false;
    fund_terms t;
    hs_status st = need_fund(s, fund, &t, err);
    if (st != HS_OK)
        return st;
    if (!fund_id_valid(lp))
        return hs_fail(err, HS_INPUT, "field 'lp': '%s' is not a valid id", lp);
    if (amount_fen <= 0 || amount_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_fail(err, HS_INPUT, "field 'amount': must be positive");
    if (phase < 1 || phase > 9)
        return hs_fail(err, HS_INPUT, "field 'phase': 1..9");
    char acct[ACCOUNT_NAME_MAX];
    if (type == FUND_LP_FUND) {
        fund_terms m;
        if ((st = need_fund(s, lp, &m, err)) != HS_OK)
            return hs_error_prefix(err, "field 'lp' (type fund)");
        if (strcmp(lp, fund) == 0)
            return hs_fail(err, HS_INPUT, "field 'lp': a fund cannot commit to itself");
        fund_account(lp, "cash", acct, sizeof acct);
        if (account != NULL && strcmp(account, acct) != 0)
            return hs_fail(err, HS_INPUT, "field 'from': a fund LP pays from %s", acct);
    } else if (account != NULL) {
        snprintf(acct, sizeof acct, "%s", account);
        hs_account a;
        bool found;
        if ((st = store_account_by_name(s, acct, &a, &found, err)) != HS_OK)
            return st;
        if (!found)
            return hs_fail(err, HS_INPUT, "field 'from': no account '%s'", acct);
    } else {
        snprintf(acct, sizeof acct, "lp/%s/cash", lp);
    }
    /* the body identifies the event for idempotency */
    char body[512], d[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "commit|%s|%s|%s|%s|%lld|%d|%s", fund, lp, fund_lp_type_name(type),
             acct, (long long)amount_fen, phase, date_format(date, d));
    char idbuf[FUND_EVENT_ID_MAX + 32];
    if (event_id == NULL) {
        fund_default_event_id("commit", body, idbuf, sizeof idbuf);
        event_id = idbuf;
    }
    if ((st = fund_event_check(s, event_id, body, existed, err)) != HS_OK || *existed)
        return st;
    fund_lp *lps;
    size_t n;
    if ((st = fund_lps_load(s, fund, &lps, &n, err)) != HS_OK)
        return st;
    int64_t total = 0, phase1 = 0, state = 0, parent = 0;
    bool new_lp = true;
    for (size_t i = 0; i < n; i++) {
        total += lps[i].committed_fen;
        if (is_state(lps[i].type))
            state += lps[i].committed_fen;
        if (t.parent[0] && strcmp(lps[i].lp, t.parent) == 0)
            parent += lps[i].committed_fen;
        if (strcmp(lps[i].lp, lp) == 0) {
            new_lp = false;
            if (lps[i].type != type || strcmp(lps[i].account, acct) != 0) {
                free(lps);
                return hs_fail(err, HS_INPUT, "LP %s is in fund %s as type %s paying from %s", lp,
                               fund, fund_lp_type_name(lps[i].type), lps[i].account);
            }
            if (lps[i].defaulted) {
                free(lps);
                return hs_fail(err, HS_REFUSED, "LP %s is in default in fund %s", lp, fund);
            }
        }
    }
    free(lps);
    {
        sqlite3_stmt *q;
        if ((st = fund_sql_prepare(s,
                                   "SELECT COALESCE(SUM(amount_fen),0) FROM fund_flows WHERE fund "
                                   "= ?1 AND kind = 'commit' AND phase = 1",
                                   &q, err)) != HS_OK)
            return st;
        sqlite3_bind_text(q, 1, fund, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW)
            phase1 = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    {
        char m1[MONEY_TEXT_MAX], m2[MONEY_TEXT_MAX];
        if (total + amount_fen > t.size_fen)
            return hs_fail(err, HS_REFUSED, "commitments would reach %s, above the fund size %s",
                           money_format(total + amount_fen, m1, sizeof m1),
                           money_format(t.size_fen, m2, sizeof m2));
        if (phase == 1 && phase1 + amount_fen > t.first_phase_fen)
            return hs_fail(err, HS_REFUSED,
                           "phase-1 (首期) commitments would reach %s, above the first phase %s",
                           money_format(phase1 + amount_fen, m1, sizeof m1),
                           money_format(t.first_phase_fen, m2, sizeof m2));
        int64_t cap;
        if (t.gov_cap_bp > 0 && is_state(type) && money_mul_bp(t.size_fen, t.gov_cap_bp, &cap) &&
            state + amount_fen > cap)
            return hs_fail(err, HS_REFUSED,
                           "state money (gov, state and fund LPs) would reach %s, above the cap "
                           "of %lld bp of the fund size (%s)",
                           money_format(state + amount_fen, m1, sizeof m1), (long long)t.gov_cap_bp,
                           money_format(cap, m2, sizeof m2));
        if (t.parent_cap_bp > 0 && strcmp(lp, t.parent) == 0 &&
            money_mul_bp(t.size_fen, t.parent_cap_bp, &cap) && parent + amount_fen > cap)
            return hs_fail(err, HS_REFUSED,
                           "the parent %s's commitment would reach %s, above the cap of %lld bp "
                           "of the fund size (%s)",
                           lp, money_format(parent + amount_fen, m1, sizeof m1),
                           (long long)t.parent_cap_bp, money_format(cap, m2, sizeof m2));
    }
    char caccount[ACCOUNT_NAME_MAX], committed[ACCOUNT_NAME_MAX];
    fund_commitment_account(fund, lp, caccount, sizeof caccount);
    fund_account(fund, "committed", committed, sizeof committed);
    hs_account a;
    bool ex;
    if ((st = book_account_create(s, caccount, "commitment", ACCOUNT_CREDITS_LE_DEBITS, &a, &ex,
                                  err)) != HS_OK)
        return st;
    if (type != FUND_LP_FUND && account == NULL &&
        (st = book_account_create(s, acct, "lp", 0, &a, &ex, err)) != HS_OK)
        return st;
    fund_legs legs;
    fund_legs_init(&legs);
    if (!fund_legs_add(&legs, caccount, committed, amount_fen, "fund.commit", date, fund, lp, NULL,
                       NULL)) {
        fund_legs_free(&legs);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    fund_flow flow = {.lp = lp, .kind = "commit", .amount_fen = amount_fen, .phase = phase};
    commit_ctx c = {fund, lp, acct, type, phase, new_lp};
    st = fund_apply_event(s, event_id, fund, "commit", date, body, &legs, &flow, 1, commit_rows, &c,
                          existed, err);
    fund_legs_free(&legs);
    return st;
}

typedef struct {
    const char *fund, *lp;
} default_ctx;

static hs_status default_rows(void *vctx, hs_store *s, hs_error *err) {
    default_ctx *c = vctx;
    if (c->lp == NULL)
        return HS_OK;
    sqlite3_stmt *q;
    hs_status st = fund_sql_prepare(
        s, "UPDATE fund_lps SET defaulted = 1 WHERE fund = ?1 AND lp = ?2", &q, err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, c->fund, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, c->lp, -1, SQLITE_STATIC);
    return fund_sql_done(s, q, "marking an LP in default", err);
}

/* Builds the default legs of LP index i (uncalled cancelled). */
static bool add_default(fund_legs *legs, const char *fund, const fund_lp *l, hs_date date) {
    char caccount[ACCOUNT_NAME_MAX], committed[ACCOUNT_NAME_MAX];
    fund_commitment_account(fund, l->lp, caccount, sizeof caccount);
    fund_account(fund, "committed", committed, sizeof committed);
    return fund_legs_add(legs, committed, caccount, l->uncalled_fen, "fund.default", date, fund,
                         l->lp, NULL, NULL);
}

hs_status fund_call(hs_store *s, const char *event_id, const char *fund, int64_t amount_fen,
                    hs_date date, const char *defaulting_lp, bool *existed, hs_error *err) {
    *existed = false;
    fund_terms t;
    hs_status st = need_fund(s, fund, &t, err);
    if (st != HS_OK)
        return st;
    if (amount_fen <= 0 || amount_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_fail(err, HS_INPUT, "field 'amount': must be positive");
    char body[512], d[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "call|%s|%lld|%s|%s", fund, (long long)amount_fen,
             date_format(date, d), defaulting_lp ? defaulting_lp : "");
    char idbuf[FUND_EVENT_ID_MAX + 32];
    if (event_id == NULL) {
        fund_default_event_id("call", body, idbuf, sizeof idbuf);
        event_id = idbuf;
    }
    if ((st = fund_event_check(s, event_id, body, existed, err)) != HS_OK || *existed)
        return st;
    fund_lp *lps;
    size_t n;
    if ((st = fund_lps_load(s, fund, &lps, &n, err)) != HS_OK)
        return st;
    int64_t *weights = calloc(n ? n : 1, sizeof *weights);
    int64_t *shares = calloc(n ? n : 1, sizeof *shares);
    fund_legs legs;
    fund_legs_init(&legs);
    fund_flow *flows = calloc(n + 1, sizeof *flows);
    size_t nflows = 0;
    int64_t total = 0;
    bool found_default = defaulting_lp == NULL;
    if (weights == NULL || shares == NULL || flows == NULL) {
        st = hs_fail(err, HS_STORAGE, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        bool defaults = defaulting_lp && strcmp(lps[i].lp, defaulting_lp) == 0;
        if (defaults) {
            found_default = true;
            if (lps[i].defaulted) {
                st = hs_fail(err, HS_REFUSED, "LP %s is in default already", defaulting_lp);
                goto done;
            }
            if (!add_default(&legs, fund, &lps[i], date)) {
                st = hs_fail(err, HS_STORAGE, "out of memory");
                goto done;
            }
            flows[nflows++] =
                (fund_flow){.lp = lps[i].lp, .kind = "default", .amount_fen = lps[i].uncalled_fen};
            continue;
        }
        weights[i] = lps[i].defaulted ? 0 : lps[i].uncalled_fen;
        total += weights[i];
    }
    if (!found_default) {
        st = hs_fail(err, HS_INPUT, "field 'default': %s is not an LP of %s", defaulting_lp, fund);
        goto done;
    }
    if (amount_fen > total) {
        char m1[MONEY_TEXT_MAX], m2[MONEY_TEXT_MAX];
        st = hs_fail(err, HS_REFUSED, "call of %s exceeds the uncalled commitments %s",
                     money_format(amount_fen, m1, sizeof m1), money_format(total, m2, sizeof m2));
        goto done;
    }
    if (!money_allocate(amount_fen, weights, n, shares)) {
        st = hs_fail(err, HS_INPUT, "call: cannot allocate");
        goto done;
    }
    char cash[ACCOUNT_NAME_MAX], committed[ACCOUNT_NAME_MAX];
    fund_account(fund, "cash", cash, sizeof cash);
    fund_account(fund, "committed", committed, sizeof committed);
    for (size_t i = 0; i < n; i++) {
        if (shares[i] == 0)
            continue;
        char caccount[ACCOUNT_NAME_MAX];
        fund_commitment_account(fund, lps[i].lp, caccount, sizeof caccount);
        if (!fund_legs_add(&legs, lps[i].account, cash, shares[i], "fund.call", date, fund,
                           lps[i].lp, NULL, NULL) ||
            !fund_legs_add(&legs, committed, caccount, shares[i], "fund.call", date, fund,
                           lps[i].lp, NULL, NULL)) {
            st = hs_fail(err, HS_STORAGE, "out of memory");
            goto done;
        }
        flows[nflows++] = (fund_flow){.lp = lps[i].lp, .kind = "call", .amount_fen = shares[i]};
    }
    default_ctx c = {fund, defaulting_lp};
    st = fund_apply_event(s, event_id, fund, "call", date, body, &legs, flows, nflows, default_rows,
                          &c, existed, err);
done:
    fund_legs_free(&legs);
    free(flows);
    free(weights);
    free(shares);
    free(lps);
    return st;
}

hs_status fund_lp_default(hs_store *s, const char *event_id, const char *fund, const char *lp,
                          hs_date date, bool *existed, hs_error *err) {
    *existed = false;
    fund_terms t;
    hs_status st = need_fund(s, fund, &t, err);
    if (st != HS_OK)
        return st;
    char body[256], d[DATE_TEXT_LEN];
    snprintf(body, sizeof body, "default|%s|%s|%s", fund, lp, date_format(date, d));
    char idbuf[FUND_EVENT_ID_MAX + 32];
    if (event_id == NULL) {
        fund_default_event_id("default", body, idbuf, sizeof idbuf);
        event_id = idbuf;
    }
    if ((st = fund_event_check(s, event_id, body, existed, err)) != HS_OK || *existed)
        return st;
    fund_lp *lps;
    size_t n;
    if ((st = fund_lps_load(s, fund, &lps, &n, err)) != HS_OK)
        return st;
    const fund_lp *l = NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(lps[i].lp, lp) == 0)
            l = &lps[i];
    fund_legs legs;
    fund_legs_init(&legs);
    if (l == NULL) {
        st = hs_fail(err, HS_INPUT, "field 'lp': %s is not an LP of %s", lp, fund);
    } else if (!add_default(&legs, fund, l, date)) {
        st = hs_fail(err, HS_STORAGE, "out of memory");
    } else {
        fund_flow flow = {.lp = lp, .kind = "default", .amount_fen = l->uncalled_fen};
        default_ctx c = {fund, lp};
        st = fund_apply_event(s, event_id, fund, "default", date, body, &legs, &flow, 1,
                              default_rows, &c, existed, err);
    }
    fund_legs_free(&legs);
    free(lps);
    return st;
}
