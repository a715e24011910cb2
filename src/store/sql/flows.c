/* flows.c — the reads behind store/flows.h: the ledger's transfers by account and by
 * reference. The refs column holds the canonical JSON object text, '' when a transfer has none. */
#include "store/flows.h"
#include "store/sql/sql_store.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define FLOW_COLUMNS                                                                               \
    "t.id, d.name, c.name, t.debit_id, t.credit_id, t.amount, t.pending_id, t.flags, t.timeout, "  \
    "t.code, t.refs, t.date, t.ts, t.state, t.resolved_date"

/* Fills t from a row of FLOW_COLUMNS starting at column `at`. */
static void read_flow(db_stmt *q, int at, hs_transfer *t) {
    memset(t, 0, sizeof *t);
    store_column_text(q, at + 0, t->id, sizeof t->id);
    store_column_text(q, at + 1, t->debit, sizeof t->debit);
    store_column_text(q, at + 2, t->credit, sizeof t->credit);
    t->debit_account_id = db_column_int64(q, at + 3);
    t->credit_account_id = db_column_int64(q, at + 4);
    t->amount_fen = db_column_int64(q, at + 5);
    store_column_text(q, at + 6, t->pending_id, sizeof t->pending_id);
    t->flags = (uint32_t)db_column_int64(q, at + 7);
    t->timeout_s = (uint32_t)db_column_int64(q, at + 8);
    store_column_text(q, at + 9, t->code, sizeof t->code);
    store_column_text(q, at + 10, t->refs, sizeof t->refs);
    t->date = (hs_date)db_column_int64(q, at + 11);
    t->date_given = true;
    t->ts = db_column_int64(q, at + 12);
    t->state = (pending_state)db_column_int(q, at + 13);
    t->resolved_date = (hs_date)db_column_int64(q, at + 14);
}

hs_status store_flows_by_account(hs_store *s, const char *prefix, const char *kind,
                                 hs_status (*fn)(void *ctx, const hs_transfer *t, flow_side side,
                                                 hs_error *err),
                                 void *ctx, hs_error *err) {
    assert(s != NULL && prefix != NULL && fn != NULL);
    static const char sql[] =
        "WITH b AS (SELECT id FROM accounts WHERE name >= ?1 AND name < ?2 AND (?3 IS NULL OR "
        "kind = ?3)) "
        "SELECT 0, t.seq, " FLOW_COLUMNS " FROM transfers t JOIN b ON b.id = t.debit_id "
        "JOIN accounts d ON d.id = t.debit_id JOIN accounts c ON c.id = t.credit_id "
        "UNION ALL SELECT 1, t.seq, " FLOW_COLUMNS " FROM transfers t JOIN b ON b.id = t.credit_id "
        "JOIN accounts d ON d.id = t.debit_id JOIN accounts c ON c.id = t.credit_id "
        "ORDER BY 2, 1";
    db_stmt *q;
    if (db_prepare(store_db(s), sql, &q) != DB_OK)
        return store_fail(s, err, "reading the flows of accounts");
    char upper[ACCOUNT_NAME_MAX + 5];
    snprintf(upper, sizeof upper, "%s" STORE_TEXT_LAST, prefix);
    db_bind_text(q, 1, prefix);
    db_bind_text(q, 2, upper);
    if (kind != NULL)
        db_bind_text(q, 3, kind);
    hs_status st = HS_OK;
    int rc;
    hs_transfer t;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        read_flow(q, 2, &t);
        st = fn(ctx, &t, db_column_int(q, 0) ? FLOW_CREDIT_SIDE : FLOW_DEBIT_SIDE, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading the flows of accounts");
    db_finalize(q);
    return st;
}

static bool ref_key_valid(const char *key) {
    if (key[0] == '\0')
        return false;
    for (const char *p = key; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '.' || *p == '-'))
            return false;
    return true;
}

hs_status store_flows_with_ref(hs_store *s, const char *key, const char *value,
                               hs_status (*fn)(void *ctx, const hs_transfer *t, hs_error *err),
                               void *ctx, hs_error *err) {
    assert(s != NULL && key != NULL && value != NULL && fn != NULL);
    if (!ref_key_valid(key) || strlen(key) > 64)
        return hs_invalid_field(err, "ref", "'%s' is not a reference key", key);
    /* transfers without references hold '' (not JSON): never hand those to json_extract */
    static const char sql[] =
        "SELECT " FLOW_COLUMNS " FROM transfers t JOIN accounts d ON d.id = t.debit_id "
        "JOIN accounts c ON c.id = t.credit_id WHERE CASE WHEN t.refs != '' AND json_valid(t.refs) "
        "THEN json_extract(t.refs, ?1) END = ?2 ORDER BY t.seq";
    db_stmt *q;
    if (db_prepare(store_db(s), sql, &q) != DB_OK)
        return store_fail(s, err, "reading transfers by reference");
    char path[80];
    snprintf(path, sizeof path, "$.\"%s\"", key);
    db_bind_text_copy(q, 1, path);
    db_bind_text(q, 2, value);
    hs_status st = HS_OK;
    int rc;
    hs_transfer t;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        read_flow(q, 0, &t);
        st = fn(ctx, &t, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading transfers by reference");
    db_finalize(q);
    return st;
}
