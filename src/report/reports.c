/* reports.c — programme status and firm statements from the transfers. */
#include "report/reports.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/money.h"
#include "instrument/credit_pool.h"

bool report_grouping_parse(const char *text, report_grouping *out) {
    static const char *const names[] = {"budget", "sector", "district", "firm"};
    for (int i = 0; i < 4; i++)
        if (strcmp(text, names[i]) == 0) {
            *out = (report_grouping)i;
            return true;
        }
    return false;
}

static bool has_registry(hs_store *s) {
    sqlite3_stmt *q;
    bool yes = false;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'firms'",
                           -1, &q, NULL) == SQLITE_OK) {
        yes = sqlite3_step(q) == SQLITE_ROW;
        sqlite3_finalize(q);
    }
    return yes;
}

/* The flows of a programme's budgets, one row per transfer leg touching a budget. */
#define PROGRAMME_FLOWS                                                                            \
    "WITH b AS (SELECT id, name FROM accounts WHERE kind = 'budget' AND name >= ?1 AND name < "    \
    "?2),"                                                                                         \
    " flows AS ("                                                                                  \
    "  SELECT t.debit_id acc, json_extract(t.refs, '$.firm') firm,"                                \
    "   CASE WHEN (t.flags & 5) = 0 AND t.code != 'programme.close' THEN t.amount ELSE 0 END "     \
    "paid,"                                                                                        \
    "   CASE WHEN (t.flags & 1) AND t.state = 1 THEN t.amount ELSE 0 END reserved, 0 returned"     \
    "  FROM transfers t JOIN b ON b.id = t.debit_id"                                               \
    "  UNION ALL SELECT t.credit_id, json_extract(t.refs, '$.firm'), 0, 0,"                        \
    "   CASE WHEN (t.flags & 5) = 0 AND t.code != 'programme.fund' THEN t.amount ELSE 0 END"       \
    "  FROM transfers t JOIN b ON b.id = t.credit_id) "

hs_status report_programme(hs_store *s, const char *programme, report_grouping by, report_table *t,
                           hs_error *err) {
    static const table_column cols[] = {
        {"group", "group", "分组", CELL_TEXT},
        {"firms", "firms served", "服务企业数", CELL_INT},
        {"paid", "paid", "已拨付", CELL_MONEY},
        {"reserved", "reserved", "已预留", CELL_MONEY},
        {"returned", "returned", "已收回", CELL_MONEY},
    };
    static const char *const key_expr[] = {
        "substr(b.name, length(?1) + 1)",
        "COALESCE(firms.sector, '(not in registry)')",
        "COALESCE(NULLIF(firms.district, ''), firms.city, '(not in registry)')",
        "COALESCE(f.firm, '(no firm)')",
    };
    bool registry = has_registry(s);
    char sql[2048];
    snprintf(sql, sizeof sql,
             PROGRAMME_FLOWS "SELECT %s, COUNT(DISTINCT CASE WHEN f.paid + f.reserved > 0 THEN "
                             "f.firm END), SUM(f.paid), SUM(f.reserved), "
                             "SUM(f.returned) FROM flows f JOIN b ON b.id = f.acc %s GROUP BY 1 "
                             "HAVING SUM(f.paid) + SUM(f.reserved) + SUM(f.returned) > 0 OR %d "
                             "ORDER BY 1",
             (by == BY_SECTOR || by == BY_DISTRICT) && !registry ? "'(no registry)'" : key_expr[by],
             registry && (by == BY_SECTOR || by == BY_DISTRICT)
                 ? "LEFT JOIN firms ON firms.uscc = f.firm"
                 : "",
             by == BY_BUDGET);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s), sql, -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "building the programme report");
    char lo[128], hi[132];
    snprintf(lo, sizeof lo, "budget/%s/", programme);
    snprintf(hi, sizeof hi, "%s\xff", lo);
    sqlite3_bind_text(q, 1, lo, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, hi, -1, SQLITE_STATIC);
    static const char *const by_name[] = {"budget", "sector", "district", "firm"};
    char title[256];
    snprintf(title, sizeof title, "programme %s by %s", programme, by_name[by]);
    table_init(t, title, cols, 5);
    int64_t tot[4] = {0, 0, 0, 0};
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        size_t r = table_add_row(t);
        table_set_text(t, r, 0, (const char *)sqlite3_column_text(q, 0));
        for (int c = 1; c <= 4; c++) {
            int64_t v = sqlite3_column_int64(q, c);
            table_set_value(t, r, (size_t)c, v);
            if (c > 1)
                money_add(tot[c - 1], v, &tot[c - 1]);
        }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_fail(s, err, "building the programme report");
    if (t->rows == 0 && by == BY_BUDGET)
        return hs_fail(err, HS_INPUT, "programme %s has no budgets", programme);
    /* firms served overall (a firm counted once even if it appears in several groups) */
    snprintf(sql, sizeof sql,
             PROGRAMME_FLOWS "SELECT COUNT(DISTINCT firm) FROM flows WHERE paid + reserved > 0");
    if (sqlite3_prepare_v2(store_sqlite(s), sql, -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "counting firms served");
    sqlite3_bind_text(q, 1, lo, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, hi, -1, SQLITE_STATIC);
    tot[0] = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    size_t r = table_add_row(t);
    table_set_text(t, r, 0, "total");
    for (int c = 0; c < 4; c++)
        table_set_value(t, r, (size_t)c + 1, tot[c]);
    return HS_OK;
}

hs_status report_firm(hs_store *s, const char *uscc, report_table *t, hs_error *err) {
    static const table_column cols[] = {
        {"date", "date", "日期", CELL_TEXT},     {"instrument", "instrument", "工具", CELL_TEXT},
        {"code", "code", "业务", CELL_TEXT},     {"transfer", "transfer", "转账编号", CELL_TEXT},
        {"from", "from", "付款账户", CELL_TEXT}, {"to", "to", "收款账户", CELL_TEXT},
        {"status", "status", "状态", CELL_TEXT}, {"amount", "amount", "金额", CELL_MONEY},
        {"policy", "policy", "政策", CELL_TEXT},
    };
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            store_sqlite(s),
            "SELECT t.date, t.code, t.id, d.name, c.name, t.flags, t.state, t.amount, "
            "COALESCE(json_extract(t.refs, '$.policy'), '') FROM transfers t JOIN accounts d ON "
            "d.id = t.debit_id JOIN accounts c ON c.id = t.credit_id WHERE "
            "json_extract(t.refs, '$.firm') = ?1 ORDER BY t.seq",
            -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "building the firm statement");
    sqlite3_bind_text(q, 1, uscc, -1, SQLITE_STATIC);
    char title[128];
    snprintf(title, sizeof title, "statement of firm %s", uscc);
    table_init(t, title, cols, 9);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        size_t r = table_add_row(t);
        char d[DATE_TEXT_LEN], instrument[48];
        table_set_text(t, r, 0, date_format((hs_date)sqlite3_column_int64(q, 0), d));
        const char *code = (const char *)sqlite3_column_text(q, 1);
        snprintf(instrument, sizeof instrument, "%s", code ? code : "");
        char *dot = strchr(instrument, '.');
        if (dot)
            *dot = '\0';
        table_set_text(t, r, 1, instrument);
        table_set_text(t, r, 2, code);
        table_set_text(t, r, 3, (const char *)sqlite3_column_text(q, 2));
        table_set_text(t, r, 4, (const char *)sqlite3_column_text(q, 3));
        table_set_text(t, r, 5, (const char *)sqlite3_column_text(q, 4));
        int flags = sqlite3_column_int(q, 5), state = sqlite3_column_int(q, 6);
        static const char *const states[] = {"", "reserved", "reserved, posted", "reserved, voided",
                                             "reserved, expired"};
        table_set_text(t, r, 6,
                       (flags & 1)   ? states[state >= 0 && state <= 4 ? state : 0]
                       : (flags & 2) ? "paid (posts a reservation)"
                       : (flags & 4) ? "released"
                                     : "moved");
        table_set_value(t, r, 7, sqlite3_column_int64(q, 7));
        table_set_text(t, r, 8, (const char *)sqlite3_column_text(q, 8));
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? HS_OK : store_fail(s, err, "building the firm statement");
}

hs_status report_pool(hs_store *s, const char *pool, report_table *t, hs_error *err) {
    static const table_column cols[] = {
        {"bank", "bank", "合作银行", CELL_TEXT},
        {"loans", "loans", "贷款笔数", CELL_INT},
        {"outstanding", "outstanding", "贷款余额", CELL_MONEY},
        {"written_off", "written off", "核销", CELL_MONEY},
        {"claims_paid", "claims paid", "补偿金额", CELL_MONEY},
        {"recovered", "recovered", "追偿回收", CELL_MONEY},
        {"returned", "returned to pool", "返还资金池", CELL_MONEY},
    };
    static credit_pool_report rep; /* large; one report at a time per process */
    hs_status st = credit_pool_report_build(s, pool, &rep, err);
    if (st != HS_OK)
        return st;
    char title[256], bal[MONEY_TEXT_MAX];
    snprintf(title, sizeof title,
             "pool %s: balance %s (%s), leverage %lld.%02lldx (%s the required multiple)", pool,
             money_format(rep.balance_fen, bal, sizeof bal),
             rep.reconciled ? "reconciled with the ledger" : "NOT reconciled",
             (long long)(rep.leverage_x100 / 100), (long long)(rep.leverage_x100 % 100),
             rep.meets_required ? "meets" : "below");
    table_init(t, title, cols, 7);
    int64_t tot[6] = {0};
    for (size_t i = 0; i < rep.n_banks; i++) {
        const credit_pool_bank_row *b = &rep.banks[i];
        int64_t v[6] = {b->loans,           b->outstanding_fen, b->written_off_fen,
                        b->claims_paid_fen, b->recovered_fen,   b->returned_fen};
        size_t r = table_add_row(t);
        table_set_text(t, r, 0, b->bank);
        for (int c = 0; c < 6; c++) {
            table_set_value(t, r, (size_t)c + 1, v[c]);
            money_add(tot[c], v[c], &tot[c]);
        }
    }
    size_t r = table_add_row(t);
    table_set_text(t, r, 0, "total");
    for (int c = 0; c < 6; c++)
        table_set_value(t, r, (size_t)c + 1, tot[c]);
    return HS_OK;
}
