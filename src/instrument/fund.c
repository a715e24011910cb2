/* fund.c — the fund tree, terms, accounts and the atomic event path (see fund.h). */
#include "instrument/fund.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "ledger/transfer_codec.h"
#include "store/book.h"

hs_status fund_sql_prepare(hs_store *s, const char *sql, sqlite3_stmt **q, hs_error *err) {
    if (sqlite3_prepare_v2(store_sqlite(s), sql, -1, q, NULL) != SQLITE_OK)
        return hs_fail(err, HS_STORAGE, "%s: preparing fund query: %s", store_path(s),
                       sqlite3_errmsg(store_sqlite(s)));
    return HS_OK;
}

hs_status fund_sql_done(hs_store *s, sqlite3_stmt *q, const char *what, hs_error *err) {
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return hs_fail(err, HS_STORAGE, "%s: %s: %s", store_path(s), what,
                       sqlite3_errmsg(store_sqlite(s)));
    return HS_OK;
}

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
        return hs_fail(err, HS_INPUT, "field 'id': '%s' must be 1-39 of a-z A-Z 0-9 - _ .", t->id);
    if (t->group[0] && !fund_id_valid(t->group))
        return hs_fail(err, HS_INPUT, "field 'group': '%s' is not a valid id", t->group);
    if (t->parent[0] && !fund_id_valid(t->parent))
        return hs_fail(err, HS_INPUT, "field 'parent': '%s' is not a valid id", t->parent);
    if (strcmp(t->parent, t->id) == 0)
        return hs_fail(err, HS_INPUT, "field 'parent': a fund cannot be its own parent");
    if (!fund_id_valid(t->gp))
        return hs_fail(err, HS_INPUT, "field 'gp': '%s' is not a valid id (give --gp)", t->gp);
    if (t->size_fen <= 0 || t->size_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_fail(err, HS_INPUT, "field 'size': must be positive");
    if (t->first_phase_fen <= 0 || t->first_phase_fen > t->size_fen)
        return hs_fail(err, HS_INPUT, "field 'first-phase': must be in (0, size]");
    if (t->invest_years < 1 || t->invest_years > 30 || t->exit_years < 0 || t->exit_years > 30 ||
        t->extension_years < 0 || t->extension_years > 10)
        return hs_fail(err, HS_INPUT,
                       "field 'term': invest 1..30 years, exit 0..30, extensions 0..10");
    if (!bp_ok(t->fee_bp) || !bp_ok(t->fee_exit_bp))
        return hs_fail(err, HS_INPUT, "field 'fee': rates must be 0..100%%");
    if (t->fee_basis > FUND_FEE_INVESTED)
        return hs_fail(err, HS_INPUT, "field 'fee-basis': unknown");
    if (t->hurdle_bp < 0 || t->hurdle_bp > 100000)
        return hs_fail(err, HS_INPUT, "field 'hurdle': 0..1000%%");
    if (t->carry_bp < 0 || t->carry_bp >= MONEY_BP_ONE)
        return hs_fail(err, HS_INPUT, "field 'carry': 0..<100%%");
    if (t->catch_up_bp != 0 && (t->catch_up_bp <= t->carry_bp || t->catch_up_bp > MONEY_BP_ONE))
        return hs_fail(err, HS_INPUT, "field 'catch-up': 0 (none) or above carry, up to 100%%");
    if (!bp_ok(t->concession_bp) || !bp_ok(t->concession_gp_bp))
        return hs_fail(err, HS_INPUT, "field 'concession': rates must be 0..100%%");
    if (t->reinvest_bp < 0 || t->reinvest_bp > 100000)
        return hs_fail(err, HS_INPUT, "field 'reinvest': multiple 0..10x");
    if (!bp_ok(t->gov_cap_bp) || !bp_ok(t->parent_cap_bp))
        return hs_fail(err, HS_INPUT, "field 'cap': shares must be 0..100%%");
    if (t->reinvest_bp > 0 && t->region[0] == '\0')
        return hs_fail(err, HS_INPUT, "field 'region': 返投 (--reinvest) needs --region");
    return HS_OK;
}

#define FUND_COLS                                                                                  \
    "id, name, grp, parent, gp, region, size_fen, first_phase_fen, vintage, invest_years,"         \
    " exit_years, extension_years, fee_basis, fee_bp, fee_exit_bp, hurdle_bp, carry_bp,"           \
    " catch_up_bp, waterfall, concession_bp, concession_gp_bp, reinvest_bp, gov_cap_bp,"           \
    " parent_cap_bp"

static void text_col(sqlite3_stmt *q, int i, char *out, size_t len) {
    const unsigned char *v = sqlite3_column_text(q, i);
    snprintf(out, len, "%s", v ? (const char *)v : "");
}

static void row_to_terms(sqlite3_stmt *q, fund_terms *t) {
    memset(t, 0, sizeof *t);
    text_col(q, 0, t->id, sizeof t->id);
    text_col(q, 1, t->name, sizeof t->name);
    text_col(q, 2, t->group, sizeof t->group);
    text_col(q, 3, t->parent, sizeof t->parent);
    text_col(q, 4, t->gp, sizeof t->gp);
    text_col(q, 5, t->region, sizeof t->region);
    t->size_fen = sqlite3_column_int64(q, 6);
    t->first_phase_fen = sqlite3_column_int64(q, 7);
    t->vintage = (hs_date)sqlite3_column_int64(q, 8);
    t->invest_years = sqlite3_column_int(q, 9);
    t->exit_years = sqlite3_column_int(q, 10);
    t->extension_years = sqlite3_column_int(q, 11);
    t->fee_basis = (fund_fee_basis)sqlite3_column_int(q, 12);
    t->fee_bp = sqlite3_column_int64(q, 13);
    t->fee_exit_bp = sqlite3_column_int64(q, 14);
    t->hurdle_bp = sqlite3_column_int64(q, 15);
    t->carry_bp = sqlite3_column_int64(q, 16);
    t->catch_up_bp = sqlite3_column_int64(q, 17);
    t->waterfall = (fund_waterfall_kind)sqlite3_column_int(q, 18);
    t->concession_bp = sqlite3_column_int64(q, 19);
    t->concession_gp_bp = sqlite3_column_int64(q, 20);
    t->reinvest_bp = sqlite3_column_int64(q, 21);
    t->gov_cap_bp = sqlite3_column_int64(q, 22);
    t->parent_cap_bp = sqlite3_column_int64(q, 23);
}

hs_status fund_get(hs_store *s, const char *id, fund_terms *out, bool *found, hs_error *err) {
    hs_status st = HS_OK;
    sqlite3_stmt *q;
    if ((st = fund_sql_prepare(s, "SELECT " FUND_COLS " FROM fund_funds WHERE id = ?1", &q, err)) !=
        HS_OK)
        return st;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *found = rc == SQLITE_ROW;
    if (*found)
        row_to_terms(q, out);
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return hs_fail(err, HS_STORAGE, "%s: reading fund %s", store_path(s), id);
    return HS_OK;
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

static hs_status make_account(hs_store *s, const char *name, const char *kind, uint32_t flags,
                              hs_error *err) {
    hs_account a;
    bool existed;
    return book_account_create(s, name, kind, flags, &a, &existed, err);
}

hs_status fund_create(hs_store *s, const fund_terms *t, bool *existed, hs_error *err) {
    hs_status st = fund_terms_check(t, err);
    if (st != HS_OK)
        return st;
    fund_terms old;
    bool found;
    if ((st = fund_get(s, t->id, &old, &found, err)) != HS_OK)
        return st;
    *existed = found;
    if (found)
        return terms_equal(&old, t)
                   ? HS_OK
                   : hs_fail(err, HS_INPUT, "fund %s exists with other terms", t->id);
    if (t->parent[0]) {
        fund_terms parent;
        if ((st = fund_get(s, t->parent, &parent, &found, err)) != HS_OK)
            return st;
        if (!found)
            return hs_fail(err, HS_INPUT, "field 'parent': no fund '%s'", t->parent);
    }
    char name[ACCOUNT_NAME_MAX];
    fund_account(t->id, "cash", name, sizeof name);
    if ((st = make_account(s, name, "fund-cash", ACCOUNT_DEBITS_LE_CREDITS, err)) != HS_OK)
        return st;
    static const char *const memo[][2] = {
        {"committed", "equity"}, {"gains", "income"}, {"losses", "expense"}};
    for (size_t i = 0; i < 3; i++) {
        fund_account(t->id, memo[i][0], name, sizeof name);
        if ((st = make_account(s, name, memo[i][1], 0, err)) != HS_OK)
            return st;
    }
    char gp[ACCOUNT_NAME_MAX];
    snprintf(gp, sizeof gp, "gp/%s/fees", t->gp);
    if ((st = make_account(s, gp, "gp", 0, err)) != HS_OK)
        return st;
    snprintf(gp, sizeof gp, "gp/%s/carry", t->gp);
    if ((st = make_account(s, gp, "gp", 0, err)) != HS_OK)
        return st;
    sqlite3_stmt *q;
    if ((st = fund_sql_prepare(s,
                               "INSERT INTO fund_funds (" FUND_COLS
                               ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,"
                               "?17,?18,?19,?20,?21,?22,?23,?24)",
                               &q, err)) != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, t->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, t->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, t->group, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, t->parent, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, t->gp, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, t->region, -1, SQLITE_STATIC);
    int64_t v[] = {t->size_fen,    t->first_phase_fen, t->vintage,          t->invest_years,
                   t->exit_years,  t->extension_years, t->fee_basis,        t->fee_bp,
                   t->fee_exit_bp, t->hurdle_bp,       t->carry_bp,         t->catch_up_bp,
                   t->waterfall,   t->concession_bp,   t->concession_gp_bp, t->reinvest_bp,
                   t->gov_cap_bp,  t->parent_cap_bp};
    for (int i = 0; i < (int)(sizeof v / sizeof v[0]); i++)
        sqlite3_bind_int64(q, 7 + i, v[i]);
    return fund_sql_done(s, q, "creating a fund", err);
}

hs_status fund_each_in_tree(hs_store *s, const char *id,
                            hs_status (*fn)(void *ctx, const fund_terms *t, hs_error *err),
                            void *ctx, hs_error *err) {
    hs_status st = HS_OK;
    sqlite3_stmt *q;
    /* breadth-first: roots (the fund, or the group's funds without a parent in the group), then
     * children by depth */
    if ((st = fund_sql_prepare(
             s,
             "WITH RECURSIVE t(id, depth) AS (SELECT id, 0 FROM fund_funds WHERE id = ?1 OR grp = "
             "?1 UNION SELECT f.id, t.depth + 1 FROM fund_funds f JOIN t ON f.parent = t.id WHERE "
             "t.depth < 16) SELECT " FUND_COLS ", MAX(t.depth) AS d FROM t JOIN fund_funds USING "
             "(id) GROUP BY id ORDER BY d, id",
             &q, err)) != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        fund_terms t;
        row_to_terms(q, &t);
        if ((st = fn(ctx, &t, err)) != HS_OK) {
            sqlite3_finalize(q);
            return st;
        }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return hs_fail(err, HS_STORAGE, "%s: reading the fund tree", store_path(s));
    return HS_OK;
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
    char why[128];
    if (!transfer_add_ref(t, "fund", fund, why, sizeof why) ||
        (lp && !transfer_add_ref(t, "lp", lp, why, sizeof why)) ||
        (deal && !transfer_add_ref(t, "deal", deal, why, sizeof why)) ||
        (firm && firm[0] && !transfer_add_ref(t, "firm", firm, why, sizeof why)))
        return false;
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

/* Looks the event up: *found and, if so, whether its body equals `body`. */
static hs_status event_lookup(hs_store *s, const char *id, const char *body, bool *found,
                              bool *same, hs_error *err) {
    sqlite3_stmt *q;
    hs_status st = fund_sql_prepare(s, "SELECT body FROM fund_events WHERE id = ?1", &q, err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *found = rc == SQLITE_ROW;
    *same = *found && strcmp((const char *)sqlite3_column_text(q, 0), body) == 0;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return hs_fail(err, HS_STORAGE, "%s: reading fund events", store_path(s));
    return HS_OK;
}

hs_status fund_event_check(hs_store *s, const char *event_id, const char *body, bool *existed,
                           hs_error *err) {
    *existed = false;
    if (!fund_event_id_valid(event_id))
        return hs_fail(err, HS_INPUT, "field 'id': event id '%s' must be 1-43 of a-z A-Z 0-9 - _ .",
                       event_id);
    hs_status st = HS_OK;
    bool found, same;
    if ((st = event_lookup(s, event_id, body, &found, &same, err)) != HS_OK)
        return st;
    if (found && !same)
        return hs_fail(err, HS_INPUT, "event %s exists with another body", event_id);
    *existed = found;
    return HS_OK;
}

static hs_status write_rows(hs_store *s, const char *event_id, const char *fund, const char *kind,
                            hs_date date, const char *body, const fund_flow *flows, size_t nflows,
                            hs_error *err) {
    sqlite3_stmt *q;
    hs_status st = fund_sql_prepare(
        s, "INSERT INTO fund_events (id, fund, kind, date, body) VALUES (?1,?2,?3,?4,?5)", &q, err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, event_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, fund, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, date);
    sqlite3_bind_text(q, 5, body, -1, SQLITE_STATIC);
    if ((st = fund_sql_done(s, q, "recording a fund event", err)) != HS_OK)
        return st;
    if (nflows == 0)
        return HS_OK;
    if ((st = fund_sql_prepare(s,
                               "INSERT INTO fund_flows (event, fund, lp, deal, kind, date, "
                               "amount_fen, phase) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
                               &q, err)) != HS_OK)
        return st;
    for (size_t i = 0; i < nflows; i++) {
        if (flows[i].amount_fen == 0)
            continue;
        sqlite3_reset(q);
        sqlite3_bind_text(q, 1, event_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, fund, -1, SQLITE_STATIC);
        if (flows[i].lp)
            sqlite3_bind_text(q, 3, flows[i].lp, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(q, 3);
        if (flows[i].deal)
            sqlite3_bind_text(q, 4, flows[i].deal, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(q, 4);
        sqlite3_bind_text(q, 5, flows[i].kind, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 6, date);
        sqlite3_bind_int64(q, 7, flows[i].amount_fen);
        sqlite3_bind_int(q, 8, flows[i].phase);
        if (sqlite3_step(q) != SQLITE_DONE) {
            sqlite3_finalize(q);
            return hs_fail(err, HS_STORAGE, "%s: recording fund flows: %s", store_path(s),
                           sqlite3_errmsg(store_sqlite(s)));
        }
    }
    sqlite3_finalize(q);
    return HS_OK;
}

hs_status fund_apply_event(hs_store *s, const char *event_id, const char *fund, const char *kind,
                           hs_date date, const char *body, fund_legs *legs, const fund_flow *flows,
                           size_t nflows, hs_status (*extra)(void *ctx, hs_store *s, hs_error *err),
                           void *ctx, bool *existed, hs_error *err) {
    *existed = false;
    if (!fund_event_id_valid(event_id))
        return hs_fail(err, HS_INPUT, "field 'id': event id '%s' must be 1-43 of a-z A-Z 0-9 - _ .",
                       event_id);
    bool found, same;
    hs_status st = event_lookup(s, event_id, body, &found, &same, err);
    if (st != HS_OK)
        return st;
    if (found) {
        if (!same)
            return hs_fail(err, HS_INPUT, "event %s exists with another body", event_id);
        *existed = true;
        return HS_OK;
    }
    for (size_t i = 0; i < legs->n; i++) {
        snprintf(legs->legs[i].id, sizeof legs->legs[i].id, "%s#%zu", event_id, i + 1);
        if (i + 1 < legs->n)
            legs->legs[i].flags |= TRANSFER_LINKED;
        else
            legs->legs[i].flags &= ~(uint32_t)TRANSFER_LINKED;
    }
    transfer_result *results = legs->n ? calloc(legs->n, sizeof *results) : NULL;
    if (legs->n && results == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    hs_tx txn;
    if ((st = hs_tx_begin(s, &txn, err)) != HS_OK) {
        free(results);
        return st;
    }
    if (legs->n && (st = hs_tx_transfer(&txn, legs->legs, legs->n, results, err)) != HS_OK)
        goto fail;
    if (txn.summary.refused > 0) {
        /* name the leg that was refused for a reason of its own, not a linked follower */
        size_t bad = txn.summary.first_refused;
        for (size_t i = 0; i < legs->n; i++)
            if (results[i] != TR_OK && results[i] != TR_EXISTS &&
                results[i] != TR_LINKED_EVENT_FAILED) {
                bad = i;
                break;
            }
        const hs_transfer *t = &legs->legs[bad];
        char m[MONEY_TEXT_MAX];
        st = hs_fail(err, transfer_result_status(results[bad]), "%s refused: %s -> %s %s: %s", kind,
                     t->debit, t->credit, money_format(t->amount_fen, m, sizeof m),
                     transfer_result_name(results[bad]));
        goto fail;
    }
    if (txn.summary.existed > 0) {
        st = hs_fail(err, HS_INPUT, "event %s: its transfers exist already (id reused)", event_id);
        goto fail;
    }
    if ((st = write_rows(s, event_id, fund, kind, date, body, flows, nflows, err)) != HS_OK)
        goto fail;
    if (extra != NULL && (st = extra(ctx, s, err)) != HS_OK)
        goto fail;
    free(results);
    return hs_tx_commit(&txn, err);
fail:
    hs_tx_rollback(&txn);
    free(results);
    return st;
}

hs_status fund_last_event(hs_store *s, const char *fund, char *out, size_t len, hs_error *err) {
    sqlite3_stmt *q;
    hs_status st = fund_sql_prepare(
        s, "SELECT id FROM fund_events WHERE fund = ?1 ORDER BY rowid DESC LIMIT 1", &q, err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, fund, -1, SQLITE_STATIC);
    out[0] = '\0';
    if (sqlite3_step(q) == SQLITE_ROW)
        snprintf(out, len, "%s", sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return HS_OK;
}

hs_status fund_event_flows(hs_store *s, const char *event_id,
                           hs_status (*fn)(void *ctx, const char *lp, const char *deal,
                                           const char *kind, int64_t amount_fen, hs_error *err),
                           void *ctx, hs_error *err) {
    sqlite3_stmt *q;
    hs_status st = fund_sql_prepare(
        s, "SELECT lp, deal, kind, amount_fen FROM fund_flows WHERE event = ?1 ORDER BY rowid", &q,
        err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, event_id, -1, SQLITE_STATIC);
    while (st == HS_OK && sqlite3_step(q) == SQLITE_ROW)
        st = fn(ctx, (const char *)sqlite3_column_text(q, 0),
                (const char *)sqlite3_column_text(q, 1), (const char *)sqlite3_column_text(q, 2),
                sqlite3_column_int64(q, 3), err);
    sqlite3_finalize(q);
    return st;
}
