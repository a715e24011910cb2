/* first_unit_repo.c — the first-unit (首台套) module's records in the book (see
 * instrument/first_unit_repo.h). The only file with the module's SQL (plain SQL: no engine-only
 * syntax); it runs on the store's connection, inside the caller's transaction when given an hs_tx.
 * Rows read back are checked before they are handed up: a party, status, failure, amounts or
 * dates that can't be (a tampered book) are HS_STORAGE, never a crash. */
#include "instrument/first_unit_repo.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "store/sql/sql_store.h"

static hs_status prepare(hs_store *s, const char *sql, db_stmt **q, hs_error *err) {
    if (db_prepare(store_db(s), sql, q) != DB_OK)
        return store_fail(s, err, "preparing a first-unit query");
    return HS_OK;
}

/* Steps a statement that returns no row and finalizes it. */
static hs_status step_done(hs_store *s, db_stmt *q, const char *what, hs_error *err) {
    int rc = db_step(q);
    hs_status st = rc == DB_DONE ? HS_OK : store_fail(s, err, what);
    db_finalize(q);
    return st;
}

static void bind_text(db_stmt *q, int i, const char *t) {
    db_bind_text(q, i, t);
}

static hs_status corrupt(hs_error *err, const char *what, const char *id, const char *why) {
    return hs_fail(err, HS_STORAGE, "the book's %s '%s' is inconsistent (%s): the book was altered",
                   what, id, why);
}

/* Runs a one-row lookup `sql` bound to the text `key`, decoding a row with `row`. */
static hs_status get_one(hs_store *s, const char *sql, const char *key,
                         hs_status (*row)(db_stmt *q, void *out, hs_error *err), void *out,
                         bool *found, const char *what, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, sql, &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, key);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        st = row(q, out, err);
    else if (rc != DB_DONE)
        st = store_fail(s, err, what);
    db_finalize(q);
    return st;
}

/* ---- the catalogue ---- */

#define ITEM_COLS "SELECT item, name, category, edition, added_date FROM first_unit_items"

static hs_status item_row(db_stmt *q, void *out, hs_error *err) {
    first_unit_item *it = out;
    memset(it, 0, sizeof *it);
    store_column_text(q, 0, it->item, sizeof it->item);
    store_column_text(q, 1, it->name, sizeof it->name);
    store_column_text(q, 2, it->category, sizeof it->category);
    store_column_text(q, 3, it->edition, sizeof it->edition);
    it->added_date = (hs_date)db_column_int64(q, 4);
    if (it->name[0] == '\0')
        return corrupt(err, "catalogue item", it->item, "no name");
    return HS_OK;
}

hs_status first_unit_repo_item_get(hs_store *s, const char *item, first_unit_item *out, bool *found,
                                   hs_error *err) {
    return get_one(s, ITEM_COLS " WHERE item = ?1", item, item_row, out, found,
                   "reading a catalogue item", err);
}

hs_status first_unit_repo_item_insert(hs_tx *tx, const first_unit_item *it, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "INSERT INTO first_unit_items(item, name, category, edition,"
                           " added_date) VALUES (?1, ?2, ?3, ?4, ?5)",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, it->item);
    bind_text(q, 2, it->name);
    bind_text(q, 3, it->category);
    bind_text(q, 4, it->edition);
    db_bind_int64(q, 5, it->added_date);
    return step_done(s, q, "adding a catalogue item", err);
}

hs_status first_unit_repo_items_each(hs_store *s,
                                     hs_status (*fn)(void *ctx, const first_unit_item *it,
                                                     hs_error *err),
                                     void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, ITEM_COLS " ORDER BY item", &q, err);
    if (st != HS_OK)
        return st;
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        first_unit_item it;
        if ((st = item_row(q, &it, err)) == HS_OK)
            st = fn(ctx, &it, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading the catalogue");
    db_finalize(q);
    return st;
}

/* ---- units ---- */

#define UNIT_COLS                                                                                  \
    "SELECT id, item, maker, buyer, price_fen, unit_no, insured, insurer, premium_fen,"            \
    " cover_from, cover_years, cover_to, programme, budget, policy_path, policy_id,"               \
    " policy_label, policy_sha256, registered_date, status, computed_fen, subsidy_fen,"            \
    " subsidy_date, payee_account, transfer_id, clause, inputs, claims, insurer_paid_fen,"         \
    " topup_fen FROM first_units"

static hs_status unit_row(db_stmt *q, void *out, hs_error *err) {
    first_unit *u = out;
    memset(u, 0, sizeof *u);
    first_unit_request *r = &u->req;
    char insured[16], status[16];
    store_column_text(q, 0, r->id, sizeof r->id);
    store_column_text(q, 1, r->item, sizeof r->item);
    store_column_text(q, 2, r->maker, sizeof r->maker);
    store_column_text(q, 3, r->buyer, sizeof r->buyer);
    r->price_fen = db_column_int64(q, 4);
    r->unit_no = db_column_int(q, 5);
    store_column_text(q, 6, insured, sizeof insured);
    store_column_text(q, 7, r->insurer, sizeof r->insurer);
    r->premium_fen = db_column_int64(q, 8);
    r->cover_from = (hs_date)db_column_int64(q, 9);
    r->cover_years = db_column_int(q, 10);
    u->cover_to = (hs_date)db_column_int64(q, 11);
    store_column_text(q, 12, u->policy.programme, sizeof u->policy.programme);
    store_column_text(q, 13, u->policy.budget, sizeof u->policy.budget);
    store_column_text(q, 14, u->policy.path, sizeof u->policy.path);
    store_column_text(q, 15, u->policy.id, sizeof u->policy.id);
    store_column_text(q, 16, u->policy.label, sizeof u->policy.label);
    store_column_text(q, 17, u->policy.sha256, sizeof u->policy.sha256);
    u->registered_date = (hs_date)db_column_int64(q, 18);
    store_column_text(q, 19, status, sizeof status);
    u->computed_fen = db_column_int64(q, 20);
    u->subsidy_fen = db_column_int64(q, 21);
    u->subsidy_date = (hs_date)db_column_int64(q, 22);
    store_column_text(q, 23, u->payee_account, sizeof u->payee_account);
    store_column_text(q, 24, u->transfer_id, sizeof u->transfer_id);
    store_column_text(q, 25, u->clause, sizeof u->clause);
    store_column_text(q, 26, u->inputs, sizeof u->inputs);
    u->claims = db_column_int(q, 27);
    u->insurer_paid_fen = db_column_int64(q, 28);
    u->topup_fen = db_column_int64(q, 29);
    if (!first_unit_party_parse(insured, &r->insured))
        return corrupt(err, "first unit", r->id, "unknown insured party");
    if (strcmp(status, "subsidised") == 0)
        u->status = FIRST_UNIT_SUBSIDISED;
    else if (strcmp(status, "registered") == 0)
        u->status = FIRST_UNIT_REGISTERED;
    else
        return corrupt(err, "first unit", r->id, "unknown status");
    bool paid = u->status == FIRST_UNIT_SUBSIDISED;
    if (r->price_fen <= 0 || r->premium_fen <= 0 || r->unit_no < 1 || r->cover_years < 1 ||
        r->cover_years > FIRST_UNIT_YEARS_MAX ||
        u->cover_to != first_unit_cover_to(r->cover_from, r->cover_years) ||
        strlen(u->policy.sha256) != 64 || u->subsidy_fen < 0 || u->subsidy_fen > u->computed_fen ||
        paid != (u->subsidy_date != 0) || (u->subsidy_fen > 0) != (u->transfer_id[0] != '\0') ||
        (!paid && u->subsidy_fen != 0) || u->claims < 0 || u->insurer_paid_fen < 0 ||
        u->topup_fen < 0)
        return corrupt(err, "first unit", r->id, "amounts, dates or status out of range");
    return HS_OK;
}

hs_status first_unit_repo_get(hs_store *s, const char *id, first_unit *out, bool *found,
                              hs_error *err) {
    return get_one(s, UNIT_COLS " WHERE id = ?1", id, unit_row, out, found, "reading a first unit",
                   err);
}

hs_status first_unit_repo_insert(hs_tx *tx, const first_unit *u, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && u->status == FIRST_UNIT_REGISTERED);
    hs_store *s = tx->store;
    const first_unit_request *r = &u->req;
    db_stmt *q;
    hs_status st =
        prepare(s,
                "INSERT INTO first_units(id, item, maker, buyer, price_fen, unit_no, insured,"
                " insurer, premium_fen, cover_from, cover_years, cover_to, programme, budget,"
                " policy_path, policy_id, policy_label, policy_sha256, registered_date, status,"
                " computed_fen, subsidy_fen, subsidy_date, payee_account, transfer_id, clause,"
                " inputs, claims, insurer_paid_fen, topup_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, 'registered', 0,"
                " 0, 0, '', '', '', '{}', 0, 0, 0)",
                &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, r->id);
    bind_text(q, 2, r->item);
    bind_text(q, 3, r->maker);
    bind_text(q, 4, r->buyer);
    db_bind_int64(q, 5, r->price_fen);
    db_bind_int(q, 6, r->unit_no);
    bind_text(q, 7, first_unit_party_name(r->insured));
    bind_text(q, 8, r->insurer);
    db_bind_int64(q, 9, r->premium_fen);
    db_bind_int64(q, 10, r->cover_from);
    db_bind_int(q, 11, r->cover_years);
    db_bind_int64(q, 12, u->cover_to);
    bind_text(q, 13, u->policy.programme);
    bind_text(q, 14, u->policy.budget);
    bind_text(q, 15, u->policy.path);
    bind_text(q, 16, u->policy.id);
    bind_text(q, 17, u->policy.label);
    bind_text(q, 18, u->policy.sha256);
    db_bind_int64(q, 19, u->registered_date);
    return step_done(s, q, "registering a first unit", err);
}

hs_status first_unit_repo_mark_subsidised(hs_tx *tx, const first_unit *u, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && u->status == FIRST_UNIT_SUBSIDISED);
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "UPDATE first_units SET status = 'subsidised', computed_fen = ?2,"
                           " subsidy_fen = ?3, subsidy_date = ?4, payee_account = ?5,"
                           " transfer_id = ?6, clause = ?7, inputs = ?8"
                           " WHERE id = ?1 AND status = 'registered'",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, u->req.id);
    db_bind_int64(q, 2, u->computed_fen);
    db_bind_int64(q, 3, u->subsidy_fen);
    db_bind_int64(q, 4, u->subsidy_date);
    bind_text(q, 5, u->payee_account);
    bind_text(q, 6, u->transfer_id);
    bind_text(q, 7, u->clause);
    bind_text(q, 8, u->inputs);
    if ((st = step_done(s, q, "recording a premium subsidy", err)) != HS_OK)
        return st;
    if (db_changes(store_db(s)) != 1)
        return corrupt(err, "first unit", u->req.id, "no registered row to subsidise");
    return HS_OK;
}

hs_status first_unit_repo_add_claim(hs_tx *tx, const char *id, int64_t insurer_paid_fen,
                                    int64_t topup_fen, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && insurer_paid_fen >= 0 && topup_fen >= 0);
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "UPDATE first_units SET claims = claims + 1,"
                           " insurer_paid_fen = insurer_paid_fen + ?2, topup_fen = topup_fen + ?3"
                           " WHERE id = ?1",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, id);
    db_bind_int64(q, 2, insurer_paid_fen);
    db_bind_int64(q, 3, topup_fen);
    if ((st = step_done(s, q, "recording a claim on a first unit", err)) != HS_OK)
        return st;
    if (db_changes(store_db(s)) != 1)
        return corrupt(err, "first unit", id, "no row to add the claim to");
    return HS_OK;
}

hs_status first_unit_repo_each(hs_store *s, const char *firm,
                               hs_status (*fn)(void *ctx, const first_unit *u, hs_error *err),
                               void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st =
        prepare(s, UNIT_COLS " WHERE ?1 IS NULL OR maker = ?1 OR buyer = ?1 ORDER BY id", &q, err);
    if (st != HS_OK)
        return st;
    if (firm != NULL)
        bind_text(q, 1, firm);
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        first_unit u;
        if ((st = unit_row(q, &u, err)) == HS_OK)
            st = fn(ctx, &u, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading first units");
    db_finalize(q);
    return st;
}

/* ---- claims ---- */

#define CLAIM_COLS                                                                                 \
    "SELECT id, unit, seq, date, failure, loss_fen, insurer_paid_fen, topup_fen, payee_account,"   \
    " transfer_id, clause, inputs FROM first_unit_claims"

static hs_status claim_row(db_stmt *q, void *out, hs_error *err) {
    first_unit_claim *c = out;
    memset(c, 0, sizeof *c);
    char failure[16];
    store_column_text(q, 0, c->id, sizeof c->id);
    store_column_text(q, 1, c->unit, sizeof c->unit);
    c->seq = db_column_int(q, 2);
    c->date = (hs_date)db_column_int64(q, 3);
    store_column_text(q, 4, failure, sizeof failure);
    c->loss_fen = db_column_int64(q, 5);
    c->insurer_paid_fen = db_column_int64(q, 6);
    c->topup_fen = db_column_int64(q, 7);
    store_column_text(q, 8, c->payee_account, sizeof c->payee_account);
    store_column_text(q, 9, c->transfer_id, sizeof c->transfer_id);
    store_column_text(q, 10, c->clause, sizeof c->clause);
    store_column_text(q, 11, c->inputs, sizeof c->inputs);
    if (!first_unit_failure_parse(failure, &c->failure))
        return corrupt(err, "first-unit claim", c->id, "unknown failure");
    if (c->seq < 1 || c->loss_fen <= 0 || c->insurer_paid_fen < 0 ||
        c->insurer_paid_fen > c->loss_fen || c->topup_fen < 0 ||
        (c->topup_fen > 0) != (c->transfer_id[0] != '\0'))
        return corrupt(err, "first-unit claim", c->id, "amounts out of range");
    return HS_OK;
}

hs_status first_unit_repo_claim_get(hs_store *s, const char *id, first_unit_claim *out, bool *found,
                                    hs_error *err) {
    return get_one(s, CLAIM_COLS " WHERE id = ?1", id, claim_row, out, found,
                   "reading a first-unit claim", err);
}

hs_status first_unit_repo_claim_insert(hs_tx *tx, const first_unit_claim *c, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_store *s = tx->store;
    db_stmt *q;
    hs_status st = prepare(s,
                           "INSERT INTO first_unit_claims(id, unit, seq, date, failure, loss_fen,"
                           " insurer_paid_fen, topup_fen, payee_account, transfer_id, clause,"
                           " inputs) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, c->id);
    bind_text(q, 2, c->unit);
    db_bind_int(q, 3, c->seq);
    db_bind_int64(q, 4, c->date);
    bind_text(q, 5, first_unit_failure_name(c->failure));
    db_bind_int64(q, 6, c->loss_fen);
    db_bind_int64(q, 7, c->insurer_paid_fen);
    db_bind_int64(q, 8, c->topup_fen);
    bind_text(q, 9, c->payee_account);
    bind_text(q, 10, c->transfer_id);
    bind_text(q, 11, c->clause);
    bind_text(q, 12, c->inputs);
    return step_done(s, q, "recording a first-unit claim", err);
}

hs_status first_unit_repo_claims_each(hs_store *s, const char *unit,
                                      hs_status (*fn)(void *ctx, const first_unit_claim *c,
                                                      hs_error *err),
                                      void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st =
        prepare(s, CLAIM_COLS " WHERE ?1 IS NULL OR unit = ?1 ORDER BY unit, seq", &q, err);
    if (st != HS_OK)
        return st;
    if (unit != NULL)
        bind_text(q, 1, unit);
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        first_unit_claim c;
        if ((st = claim_row(q, &c, err)) == HS_OK)
            st = fn(ctx, &c, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading first-unit claims");
    db_finalize(q);
    return st;
}
