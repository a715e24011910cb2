/* verify_repo.c — each instrument check is one SQL query over the module's table and the ledger's
 * transfers that returns a description of its first violation (see instrument/verify_repo.h).
 * References are read only from transfers that have them (refs is '' when a transfer has none).
 * Checks that need transfer ids built from a record's fields (reservations) are C, in
 * instrument/verify.c, so no backend builds id strings in SQL. */
#include "instrument/verify_repo.h"
#include "store/sql/sql_store.h"

#include <assert.h>
#include <stdio.h>

/* The value of reference KEY of transfer t, NULL if t has no (valid) references. */
#define REF(key)                                                                                   \
    "CASE WHEN t.refs != '' AND json_valid(t.refs) THEN json_extract(t.refs, '$." key "') END"

typedef struct {
    const char *module;
    const char *what;
    const char *sql;
} module_check;

static const module_check checks[] = {
    {"subsidy", "each application's paid amount equals its payment transfers",
     "SELECT 'application ' || a.id || ' records ' || a.paid_fen || ' fen paid, the ledger ' || "
     "COALESCE(SUM(t.amount), 0) FROM subsidy_applications a LEFT JOIN transfers t ON t.code = "
     "'subsidy.pay' AND " REF("app") " = a.id GROUP BY a.id HAVING a.paid_fen != "
                                     "COALESCE(SUM(t.amount), 0) LIMIT 1"},
    {"subsidy", "each application's clawed-back amount equals its clawback transfers",
     "SELECT 'application ' || a.id || ' records ' || a.clawed_fen || ' fen clawed back, the "
     "ledger ' || COALESCE(SUM(t.amount), 0) FROM subsidy_applications a LEFT JOIN transfers t "
     "ON t.code = 'subsidy.clawback' AND " REF(
         "app") " = a.id GROUP BY a.id "
                "HAVING a.clawed_fen != COALESCE(SUM(t.amount), 0) LIMIT 1"},
    {"voucher", "each voucher's redeemed amount equals its redemption transfers",
     "SELECT 'voucher ' || v.id || ' records ' || v.redeemed_fen || ' fen redeemed, the ledger ' "
     "|| COALESCE(SUM(t.amount), 0) FROM vouchers v LEFT JOIN transfers t ON t.code = "
     "'voucher.redeem' AND (t.flags & 2) != 0 AND " REF(
         "voucher") " = v.id GROUP BY "
                    "v.id HAVING v.redeemed_fen != COALESCE(SUM(t.amount), 0) LIMIT 1"},
    {"voucher", "the redemptions recorded equal what the vouchers say they paid",
     "SELECT 'voucher ' || v.id || ' records ' || v.redeemed_fen || ' fen, its redemptions ' || "
     "COALESCE(SUM(r.paid_fen), 0) FROM vouchers v LEFT JOIN voucher_redemptions r ON r.voucher "
     "= v.id GROUP BY v.id HAVING v.redeemed_fen != COALESCE(SUM(r.paid_fen), 0) LIMIT 1"},
    /* what `programme show` splits by purpose must add up to each budget's stored balances (it was
     * an assertion in programme.c: data read from disk is checked here instead) */
    {"programme", "each programme budget's flows add up to its balances",
     "WITH b AS (SELECT a.id, a.name, a.credits_posted, a.debits_posted FROM accounts a JOIN "
     "programmes p ON substr(a.name, 1, length(p.id) + 8) = 'budget/' || p.id || '/' WHERE "
     "a.kind = 'budget'), "
     "legs(acc, cin, cout) AS (SELECT credit_id, amount, 0 FROM transfers WHERE (flags & 5) = 0 "
     "AND credit_id IN (SELECT id FROM b) UNION ALL SELECT debit_id, 0, amount FROM transfers "
     "WHERE (flags & 5) = 0 AND debit_id IN (SELECT id FROM b)), "
     "f AS (SELECT acc, SUM(cin) cin, SUM(cout) cout FROM legs GROUP BY acc) "
     "SELECT 'budget ' || b.name || ': its flows bring in ' || COALESCE(f.cin, 0) || ' fen and "
     "take out ' || COALESCE(f.cout, 0) || ', its balances say ' || b.credits_posted || ' in and ' "
     "|| b.debits_posted || ' out' FROM b LEFT JOIN f ON f.acc = b.id WHERE COALESCE(f.cin, 0) != "
     "b.credits_posted OR COALESCE(f.cout, 0) != b.debits_posted ORDER BY b.name LIMIT 1"},
};

size_t verify_repo_check_count(void) {
    return sizeof checks / sizeof checks[0];
}

const char *verify_repo_check_module(size_t i) {
    assert(i < verify_repo_check_count());
    return checks[i].module;
}

const char *verify_repo_check_what(size_t i) {
    assert(i < verify_repo_check_count());
    return checks[i].what;
}

hs_status verify_repo_run_check(hs_store *s, size_t i, bool *violated, char *detail, size_t len,
                                hs_error *err) {
    assert(s != NULL && i < verify_repo_check_count() && violated != NULL && len > 0);
    *violated = false;
    detail[0] = '\0';
    db_stmt *q;
    if (db_prepare(store_db(s), checks[i].sql, &q) != DB_OK)
        return store_fail(s, err, checks[i].what);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        *violated = true;
        store_column_text(q, 0, detail, len);
    }
    db_finalize(q);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(s, err, checks[i].what);
    return HS_OK;
}

hs_status verify_repo_module_present(hs_store *s, const char *module, bool *present,
                                     hs_error *err) {
    assert(s != NULL && module != NULL && present != NULL);
    *present = false;
    db_stmt *q;
    if (db_prepare(store_db(s), "SELECT 1 FROM module_versions WHERE module = ?1", &q) != DB_OK)
        return store_fail(s, err, "reading the book's modules");
    db_bind_text(q, 1, module);
    int rc = db_step(q);
    *present = rc == DB_ROW;
    db_finalize(q);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(s, err, "reading the book's modules");
    return HS_OK;
}
