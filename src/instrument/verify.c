/* verify.c — each check is one SQL query that returns a description of its first violation. */
#include "instrument/verify.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */

#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "instrument/credit_pool.h"

typedef struct {
    const char *module;
    const char *what;
    const char *sql;
} module_check;

static const module_check checks[] = {
    {"subsidy", "each application's paid amount equals its payment transfers",
     "SELECT 'application ' || a.id || ' records ' || a.paid_fen || ' fen paid, the ledger ' || "
     "COALESCE(SUM(t.amount), 0) FROM subsidy_applications a LEFT JOIN transfers t ON t.code = "
     "'subsidy.pay' AND json_extract(t.refs, '$.app') = a.id GROUP BY a.id HAVING a.paid_fen != "
     "COALESCE(SUM(t.amount), 0) LIMIT 1"},
    {"subsidy", "each application's clawed-back amount equals its clawback transfers",
     "SELECT 'application ' || a.id || ' records ' || a.clawed_fen || ' fen clawed back, the "
     "ledger ' || COALESCE(SUM(t.amount), 0) FROM subsidy_applications a LEFT JOIN transfers t "
     "ON t.code = 'subsidy.clawback' AND json_extract(t.refs, '$.app') = a.id GROUP BY a.id "
     "HAVING a.clawed_fen != COALESCE(SUM(t.amount), 0) LIMIT 1"},
    {"subsidy", "each live award holds an open reservation of what is left to pay",
     "SELECT 'application ' || a.id || ' is awarded with ' || (a.award_fen - a.paid_fen) || ' fen "
     "left, but reservation sub.' || a.id || '.r' || a.reservation_seq || ' is ' || "
     "COALESCE('state ' || t.state || ' of ' || t.amount, 'missing') FROM subsidy_applications a "
     "LEFT JOIN transfers t ON t.id = 'sub.' || a.id || '.r' || a.reservation_seq WHERE a.status "
     "= 'awarded' AND (t.id IS NULL OR t.state != 1 OR t.amount != a.award_fen - a.paid_fen) "
     "LIMIT 1"},
    {"voucher", "each voucher's redeemed amount equals its redemption transfers",
     "SELECT 'voucher ' || v.id || ' records ' || v.redeemed_fen || ' fen redeemed, the ledger ' "
     "|| COALESCE(SUM(t.amount), 0) FROM vouchers v LEFT JOIN transfers t ON t.code = "
     "'voucher.redeem' AND (t.flags & 2) AND json_extract(t.refs, '$.voucher') = v.id GROUP BY "
     "v.id HAVING v.redeemed_fen != COALESCE(SUM(t.amount), 0) LIMIT 1"},
    {"voucher", "each issued voucher holds an open reservation of what is left on it",
     "SELECT 'voucher ' || v.id || ' has ' || (v.face_fen - v.redeemed_fen) || ' fen left, but "
     "reservation vch.' || v.id || '.r' || v.reservation_seq || ' is ' || COALESCE('state ' || "
     "t.state || ' of ' || t.amount, 'missing') FROM vouchers v LEFT JOIN transfers t ON t.id = "
     "'vch.' || v.id || '.r' || v.reservation_seq WHERE v.status = 'issued' AND (t.id IS NULL OR "
     "t.state != 1 OR t.amount != v.face_fen - v.redeemed_fen) LIMIT 1"},
    {"voucher", "the redemptions recorded equal what the vouchers say they paid",
     "SELECT 'voucher ' || v.id || ' records ' || v.redeemed_fen || ' fen, its redemptions ' || "
     "COALESCE(SUM(r.paid_fen), 0) FROM vouchers v LEFT JOIN voucher_redemptions r ON r.voucher "
     "= v.id GROUP BY v.id HAVING v.redeemed_fen != COALESCE(SUM(r.paid_fen), 0) LIMIT 1"},
};

bool instrument_module_present(hs_store *s, const char *module) {
    sqlite3_stmt *q;
    bool yes = false;
    if (sqlite3_prepare_v2(store_sqlite(s), "SELECT 1 FROM module_versions WHERE module = ?1", -1,
                           &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, module, -1, SQLITE_STATIC);
        yes = sqlite3_step(q) == SQLITE_ROW;
        sqlite3_finalize(q);
    }
    return yes;
}

/* Every risk-compensation pool's records (fundings, claims, returns) reconcile with pool/<id>. */
static hs_status verify_pools(hs_store *s, instrument_verify_report *out, hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s), "SELECT id FROM credit_pools ORDER BY id", -1, &q,
                           NULL) != SQLITE_OK)
        return store_fail(s, err, "listing pools");
    hs_status st = HS_OK;
    static credit_pool_report rep; /* large; one at a time */
    while (st == HS_OK && out->ok && sqlite3_step(q) == SQLITE_ROW) {
        char id[CREDIT_ID_MAX];
        store_column_text(q, 0, id, sizeof id);
        st = credit_pool_report_build(s, id, &rep, err);
        out->checks++;
        if (st == HS_OK && !rep.reconciled) {
            char a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX];
            out->ok = false;
            snprintf(out->first_violation, sizeof out->first_violation,
                     "each risk-compensation pool reconciles with the ledger: pool %s records %s, "
                     "the ledger holds %s",
                     id, money_format(rep.balance_fen, a, sizeof a),
                     money_format(rep.ledger_balance_fen, b, sizeof b));
        }
    }
    sqlite3_finalize(q);
    return st;
}

hs_status instrument_verify(hs_store *s, instrument_verify_report *out, hs_error *err) {
    memset(out, 0, sizeof *out);
    out->ok = true;
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        if (!instrument_module_present(s, checks[i].module))
            continue;
        sqlite3_stmt *q;
        if (sqlite3_prepare_v2(store_sqlite(s), checks[i].sql, -1, &q, NULL) != SQLITE_OK)
            return store_fail(s, err, checks[i].what);
        int rc = sqlite3_step(q);
        out->checks++;
        if (rc == SQLITE_ROW) {
            out->ok = false;
            snprintf(out->first_violation, sizeof out->first_violation, "%s: %s", checks[i].what,
                     (const char *)sqlite3_column_text(q, 0));
        }
        sqlite3_finalize(q);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return store_fail(s, err, checks[i].what);
        if (!out->ok)
            break;
    }
    if (out->ok && instrument_module_present(s, "credit"))
        return verify_pools(s, out, err);
    return HS_OK;
}
