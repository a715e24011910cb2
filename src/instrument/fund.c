/* fund.c — the fund tree, terms, accounts and the atomic event path (see fund.h). */
#include "instrument/fund.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "instrument/fund_repo.h"
#include "ledger/transfer_codec.h"
#include "store/book.h"

static const char *const lp_type_names[FUND_LP_TYPES] = {"gov",       "state",  "bank",
                                                         "corporate", "social", "fund"};

const char *fund_lp_type_name(fund_lp_type t) {
    assert(t < FUND_LP_TYPES);
    return lp_type_names[t];
}

bool fund_lp_type_parse(const char *text, fund_lp_type *out) {
    for (int i = 0; i < FUND_LP_TYPES; i++)
        if (strcmp(text, lp_type_names[i]) == 0) {
            *out = (fund_lp_type)i;
            return true;
        }
    return false;
}

bool fund_id_valid(const char *id) {
    size_t n = strlen(id);
    if (n == 0 || n >= FUND_ID_MAX)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return true;
}

bool fund_event_id_valid(const char *id) {
    size_t n = strlen(id);
    if (n == 0 || n >= FUND_EVENT_ID_MAX)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return true;
}

void fund_account(const char *fund, const char *what, char *out, size_t len) {
    snprintf(out, len, "fund/%s/%s", fund, what);
}
void fund_commitment_account(const char *fund, const char *lp, char *out, size_t len) {
    snprintf(out, len, "fund/%s/commitment/%s", fund, lp);
}
void fund_investment_account(const char *fund, const char *deal, char *out, size_t len) {
    snprintf(out, len, "fund/%s/investment/%s", fund, deal);
}

void fund_terms_init(fund_terms *t) {
    memset(t, 0, sizeof *t);
    t->invest_years = 5;
    t->exit_years = 5;
    t->fee_basis = FUND_FEE_COMMITTED;
    t->fee_bp = 200;
    t->fee_exit_bp = 150;
    t->hurdle_bp = 800;
    t->carry_bp = 2000;
    t->catch_up_bp = 10000;
    t->waterfall = FUND_WATERFALL_EUROPEAN;
}

static bool bp_ok(int64_t v) {
    return v >= 0 && v <= MONEY_BP_ONE;
}

hs_status fund_terms_check(const fund_terms *t, hs_error *err) {
    if (!fund_id_valid(t->id))
        return hs_invalid_field(err, "id", "field 'id': '%s' must be 1-39 of a-z A-Z 0-9 - _ .",
                                t->id);
    if (t->group[0] && !fund_id_valid(t->group))
        return hs_invalid_field(err, "group", "field 'group': '%s' is not a valid id", t->group);
    if (t->parent[0] && !fund_id_valid(t->parent))
        return hs_invalid_field(err, "parent", "field 'parent': '%s' is not a valid id", t->parent);
    if (strcmp(t->parent, t->id) == 0)
        return hs_invalid_field(err, "parent", "field 'parent': a fund cannot be its own parent");
    if (!fund_id_valid(t->gp))
        return hs_invalid_field(err, "gp", "field 'gp': '%s' is not a valid id (give --gp)", t->gp);
    if (t->size_fen <= 0 || t->size_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_invalid_field(err, "size", "field 'size': must be positive");
    if (t->first_phase_fen <= 0 || t->first_phase_fen > t->size_fen)
        return hs_invalid_field(err, "first-phase", "field 'first-phase': must be in (0, size]");
    if (t->invest_years < 1 || t->invest_years > 30 || t->exit_years < 0 || t->exit_years > 30 ||
        t->extension_years < 0 || t->extension_years > 10)
        return hs_invalid_field(err, "term",
                                "field 'term': invest 1..30 years, exit 0..30, extensions 0..10");
    if (!bp_ok(t->fee_bp) || !bp_ok(t->fee_exit_bp))
        return hs_invalid_field(err, "fee", "field 'fee': rates must be 0..100%%");
    if (t->fee_basis > FUND_FEE_INVESTED)
        return hs_invalid_field(err, "fee-basis", "field 'fee-basis': unknown");
    if (t->hurdle_bp < 0 || t->hurdle_bp > 100000)
        return hs_invalid_field(err, "hurdle", "field 'hurdle': 0..1000%%");
    if (t->carry_bp < 0 || t->carry_bp >= MONEY_BP_ONE)
        return hs_invalid_field(err, "carry", "field 'carry': 0..<100%%");
    if (t->catch_up_bp != 0 && (t->catch_up_bp <= t->carry_bp || t->catch_up_bp > MONEY_BP_ONE))
        return hs_invalid_field(err, "catch-up",
                                "field 'catch-up': 0 (none) or above carry, up to 100%%");
    if (!bp_ok(t->concession_bp) || !bp_ok(t->concession_gp_bp))
        return hs_invalid_field(err, "concession", "field 'concession': rates must be 0..100%%");
    if (t->reinvest_bp < 0 || t->reinvest_bp > 100000)
        return hs_invalid_field(err, "reinvest", "field 'reinvest': multiple 0..10x");
    if (!bp_ok(t->gov_cap_bp) || !bp_ok(t->parent_cap_bp))
        return hs_invalid_field(err, "cap", "field 'cap': shares must be 0..100%%");
    if (t->reinvest_bp > 0 && t->region[0] == '\0')
        return hs_invalid_field(err, "region", "field 'region': 返投 (--reinvest) needs --region");
    return HS_OK;
}

hs_status fund_get(hs_store *s, const char *id, fund_terms *out, bool *found, hs_error *err) {
    return fund_read_get(s, id, out, found, err);
}

hs_status fund_need(hs_tx *tx, const char *id, const char *field, fund_terms *out, hs_error *err) {
    bool found;
    hs_status st = fund_repo_get(tx, id, out, &found, err);
    if (st == HS_OK && !found)
        st = hs_not_found(err, field, "no fund '%s' (create it with `huoshui fund create`)", id);
    assert(st != HS_OK || strcmp(out->id, id) == 0);
    return st;
}

static bool terms_equal(const fund_terms *a, const fund_terms *b) {
    return !strcmp(a->id, b->id) && !strcmp(a->name, b->name) && !strcmp(a->group, b->group) &&
           !strcmp(a->parent, b->parent) && !strcmp(a->gp, b->gp) &&
           !strcmp(a->region, b->region) && a->size_fen == b->size_fen &&
           a->first_phase_fen == b->first_phase_fen && a->vintage == b->vintage &&
           a->invest_years == b->invest_years && a->exit_years == b->exit_years &&
           a->extension_years == b->extension_years && a->fee_basis == b->fee_basis &&
           a->fee_bp == b->fee_bp && a->fee_exit_bp == b->fee_exit_bp &&
           a->hurdle_bp == b->hurdle_bp && a->carry_bp == b->carry_bp &&
           a->catch_up_bp == b->catch_up_bp && a->waterfall == b->waterfall &&
           a->concession_bp == b->concession_bp && a->concession_gp_bp == b->concession_gp_bp &&
           a->reinvest_bp == b->reinvest_bp && a->gov_cap_bp == b->gov_cap_bp &&
           a->parent_cap_bp == b->parent_cap_bp;
}

/* Ensures an account the module owns. */
static hs_status make_account(hs_tx *tx, const char *name, const char *kind, uint32_t flags,
                              hs_error *err) {
    return hs_tx_account_ensure(tx, name, kind, flags, FUND_OWNER, NULL, NULL, err);
}

/* The accounts of a new fund (see fund.h), all owned by "fund". */
static hs_status create_accounts(hs_tx *tx, const fund_terms *t, hs_error *err) {
    char name[ACCOUNT_NAME_MAX];
    fund_account(t->id, "cash", name, sizeof name);
    hs_status st = make_account(tx, name, "fund-cash", ACCOUNT_DEBITS_LE_CREDITS, err);
    static const char *const memo[][2] = {
        {"committed", "equity"}, {"gains", "income"}, {"losses", "expense"}};
    for (size_t i = 0; i < 3 && st == HS_OK; i++) {
        fund_account(t->id, memo[i][0], name, sizeof name);
        st = make_account(tx, name, memo[i][1], 0, err);
    }
    if (st != HS_OK)
        return st;
    snprintf(name, sizeof name, "gp/%s/fees", t->gp);
    if ((st = make_account(tx, name, "gp", 0, err)) != HS_OK)
        return st;
    snprintf(name, sizeof name, "gp/%s/carry", t->gp);
    return make_account(tx, name, "gp", 0, err);
}

hs_status fund_create(hs_tx *tx, const fund_terms *t, bool *existed, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    *existed = false;
    hs_status st = fund_terms_check(t, err);
    if (st != HS_OK)
        return st;
    fund_terms old;
    bool found;
    if ((st = fund_repo_get(tx, t->id, &old, &found, err)) != HS_OK)
        return st;
    *existed = found;
    if (found)
        return terms_equal(&old, t) ? HS_OK
                                    : hs_fail_code(err, HS_INPUT, "state_conflict", "id",
                                                   "fund %s exists with other terms", t->id);
    if (t->parent[0]) {
        fund_terms parent;
        if ((st = fund_need(tx, t->parent, "parent", &parent, err)) != HS_OK)
            return hs_error_prefix(err, "field 'parent'");
    }
    if ((st = create_accounts(tx, t, err)) != HS_OK)
        return st;
    if ((st = fund_repo_insert(tx, t, err)) != HS_OK)
        return st;
    assert(fund_repo_get(tx, t->id, &old, &found, err) != HS_OK || (found && terms_equal(&old, t)));
    return HS_OK;
}

hs_status fund_each_in_tree(hs_store *s, const char *id,
                            hs_status (*fn)(void *ctx, const fund_terms *t, hs_error *err),
                            void *ctx, hs_error *err) {
    return fund_read_tree(s, id, fn, ctx, err);
}

hs_status fund_each(hs_store *s, hs_status (*fn)(void *ctx, const fund_terms *t, hs_error *err),
                    void *ctx, hs_error *err) {
    return fund_read_all(s, fn, ctx, err);
}

/* ---- legs and events ---- */

void fund_legs_init(fund_legs *l) {
    memset(l, 0, sizeof *l);
}

void fund_legs_free(fund_legs *l) {
    free(l->legs);
    memset(l, 0, sizeof *l);
}

bool fund_legs_add(fund_legs *l, const char *debit, const char *credit, int64_t amount_fen,
                   const char *code, hs_date date, const char *fund, const char *lp,
                   const char *deal, const char *firm) {
    assert(amount_fen >= 0);
    if (amount_fen == 0)
        return true;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        hs_transfer *p = realloc(l->legs, cap * sizeof *p);
        if (p == NULL)
            return false;
        l->legs = p;
        l->cap = cap;
    }
    hs_transfer *t = &l->legs[l->n];
    transfer_init(t);
    snprintf(t->debit, sizeof t->debit, "%s", debit);
    snprintf(t->credit, sizeof t->credit, "%s", credit);
    t->amount_fen = amount_fen;
    snprintf(t->code, sizeof t->code, "%s", code);
    t->date = date;
    t->date_given = true;
    const char *keys[4] = {"fund"}, *values[4] = {fund};
    size_t n = 1;
    if (lp) {
        keys[n] = "lp";
        values[n++] = lp;
    }
    if (deal) {
        keys[n] = "deal";
        values[n++] = deal;
    }
    if (firm && firm[0]) {
        keys[n] = "firm";
        values[n++] = firm;
    }
    char why[128];
    if (!transfer_add_refs(t, keys, values, n, why, sizeof why)) /* refs decoded and encoded once */
        return false;
    assert(t->refs[0] == '{' && l->n < l->cap);
    l->n++;
    return true;
}

static uint64_t fnv64(const char *a, const char *b) {
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = a; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;
    for (const char *p = b; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return h;
}

void fund_default_event_id(const char *kind, const char *body, char *out, size_t len) {
    snprintf(out, len, "%.16s-%016llx", kind, (unsigned long long)fnv64(kind, body));
}

hs_status fund_event_begin(hs_tx *tx, const char *kind, const char *event_id, const char *body,
                           fund_event_result *res, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    memset(res, 0, sizeof *res);
    if (event_id == NULL)
        fund_default_event_id(kind, body, res->id, sizeof res->id);
    else if (!fund_event_id_valid(event_id))
        return hs_invalid_field(
            err, "id", "field 'id': event id '%s' must be 1-43 of a-z A-Z 0-9 - _ .", event_id);
    else
        snprintf(res->id, sizeof res->id, "%s", event_id);
    assert(fund_event_id_valid(res->id));
    bool found, same;
    hs_status st = fund_repo_event_find(tx, res->id, body, &found, &same, err);
    if (st != HS_OK)
        return st;
    if (found && !same)
        return hs_fail_code(err, HS_INPUT, "idempotency_conflict", "id",
                            "event %s exists with another body", res->id);
    res->existed = found;
    return HS_OK;
}

/* Names the leg refused for a reason of its own (not a linked follower). */
static hs_status refusal(const char *kind, const fund_legs *legs, const transfer_result *results,
                         hs_error *err) {
    size_t bad = legs->n;
    for (size_t i = 0; i < legs->n && bad == legs->n; i++)
        if (results[i] != TR_OK && results[i] != TR_EXISTS && results[i] != TR_LINKED_EVENT_FAILED)
            bad = i;
    for (size_t i = 0; i < legs->n && bad == legs->n; i++)
        if (results[i] != TR_OK)
            bad = i;
    assert(bad < legs->n);
    const hs_transfer *t = &legs->legs[bad];
    char m[MONEY_TEXT_MAX];
    return hs_fail_code(err, transfer_result_status(results[bad]),
                        transfer_result_name(results[bad]), NULL, "%s refused: %s -> %s %s: %s",
                        kind, t->debit, t->credit, money_format(t->amount_fen, m, sizeof m),
                        transfer_result_name(results[bad]));
}

hs_status fund_apply_event(hs_tx *tx, const char *event_id, const char *fund, const char *kind,
                           hs_date date, const char *body, fund_legs *legs, const fund_flow *flows,
                           size_t nflows, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    assert(fund_event_id_valid(event_id));
    for (size_t i = 0; i < legs->n; i++) {
        snprintf(legs->legs[i].id, sizeof legs->legs[i].id, "%s#%zu", event_id, i + 1);
        if (i + 1 < legs->n)
            legs->legs[i].flags |= TRANSFER_LINKED;
        else
            legs->legs[i].flags &= ~(uint32_t)TRANSFER_LINKED;
    }
    hs_status st = HS_OK;
    if (legs->n > 0) {
        transfer_result *results = calloc(legs->n, sizeof *results);
        if (results == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory");
        book_summary before = tx->summary;
        st = hs_tx_transfer(tx, legs->legs, legs->n, results, err);
        if (st == HS_OK && tx->summary.refused > before.refused)
            st = refusal(kind, legs, results, err);
        else if (st == HS_OK && tx->summary.existed > before.existed)
            st = hs_fail_code(err, HS_INPUT, "idempotency_conflict", "id",
                              "event %s: its transfers exist already (id reused)", event_id);
        assert(st != HS_OK || tx->summary.applied == before.applied + legs->n);
        free(results);
    }
    if (st != HS_OK)
        return st;
    fund_event_row row = {.id = event_id, .fund = fund, .kind = kind, .body = body, .date = date};
    return fund_repo_event_insert(tx, &row, flows, nflows, err);
}

hs_status fund_event_flows(hs_store *s, const char *event_id,
                           hs_status (*fn)(void *ctx, const char *lp, const char *deal,
                                           const char *kind, int64_t amount_fen, hs_error *err),
                           void *ctx, hs_error *err) {
    return fund_read_event_flows(s, event_id, fn, ctx, err);
}
