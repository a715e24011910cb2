/* credit_product.c — loan products and their banks' accounts. */
#include "instrument/credit_product.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */

#include <stdio.h>
#include <string.h>

#include "base/money.h"

hs_status credit_bank_ensure(hs_store *s, const char *bank, hs_error *err) {
    hs_status st = credit_require_id("bank", bank, err);
    static const struct {
        const char *part, *kind;
    } parts[] = {{"lending", "bank"}, {"interest", "income"}, {"losses", "bank"}};
    for (size_t i = 0; st == HS_OK && i < sizeof parts / sizeof parts[0]; i++) {
        char name[ACCOUNT_NAME_MAX];
        credit_bank_account(bank, parts[i].part, name, sizeof name);
        st = credit_ensure_account(s, name, parts[i].kind, 0, err);
    }
    return st;
}

static hs_status validate(const credit_product *p, hs_error *err) {
    hs_status st;
    if ((st = credit_require_id("id", p->id, err)) != HS_OK ||
        (st = credit_require_id("bank", p->bank, err)) != HS_OK)
        return st;
    if (p->name[0] == '\0')
        return hs_fail(err, HS_INPUT, "field 'name': must not be empty");
    if (p->pool[0] != '\0' && (st = credit_require_id("pool", p->pool, err)) != HS_OK)
        return st;
    if (p->ceiling_fen <= 0 || p->ceiling_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_fail(err, HS_INPUT, "field 'ceiling': must be positive");
    credit_instalment probe[CREDIT_INSTALMENTS_MAX];
    size_t n;
    /* the schedule of a ceiling-sized loan validates rate, term and period together */
    return credit_schedule(p->ceiling_fen, p->rate_bp, 0, p->term_months, p->period_months,
                           p->repayment, probe, CREDIT_INSTALMENTS_MAX, &n, err);
}

static const char *first_difference(const credit_product *a, const credit_product *b) {
    if (strcmp(a->bank, b->bank))
        return "bank";
    if (strcmp(a->name, b->name))
        return "name";
    if (a->rate_bp != b->rate_bp)
        return "rate";
    if (a->term_months != b->term_months)
        return "term-months";
    if (a->period_months != b->period_months)
        return "period-months";
    if (a->ceiling_fen != b->ceiling_fen)
        return "ceiling";
    if (a->unsecured != b->unsecured)
        return "unsecured";
    if (a->repayment != b->repayment)
        return "repayment";
    if (strcmp(a->pool, b->pool))
        return "pool";
    return NULL;
}

hs_status credit_product_create(hs_store *s, const credit_product *p, hs_error *err) {
    hs_status st = validate(p, err);
    if (st != HS_OK)
        return st;
    credit_product old;
    bool found;
    if ((st = credit_product_get(s, p->id, &old, &found, err)) != HS_OK)
        return st;
    if (found) {
        const char *diff = first_difference(p, &old);
        if (diff != NULL)
            return hs_fail(err, HS_INPUT, "product %s exists with another '%s'", p->id, diff);
        return HS_OK;
    }
    if ((st = credit_bank_ensure(s, p->bank, err)) != HS_OK)
        return st;
    sqlite3_stmt *q;
    if ((st =
             credit_prepare(s,
                            "INSERT INTO credit_products(id, bank, name, rate_bp, term_months,"
                            " period_months, ceiling_fen, unsecured, repayment, pool, created_date)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                            &q, err)) != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, p->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, p->bank, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, p->rate_bp);
    sqlite3_bind_int(q, 5, p->term_months);
    sqlite3_bind_int(q, 6, p->period_months);
    sqlite3_bind_int64(q, 7, p->ceiling_fen);
    sqlite3_bind_int(q, 8, p->unsecured ? 1 : 0);
    sqlite3_bind_text(q, 9, credit_repayment_name(p->repayment), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 10, p->pool, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 11, p->created_date);
    return credit_step_done(s, q, "creating a product", err);
}

static const char *const product_cols =
    "SELECT id, bank, name, rate_bp, term_months, period_months, ceiling_fen, unsecured,"
    " repayment, pool, created_date FROM credit_products";

static void read_row(sqlite3_stmt *q, credit_product *p) {
    memset(p, 0, sizeof *p);
    credit_column_text(q, 0, p->id, sizeof p->id);
    credit_column_text(q, 1, p->bank, sizeof p->bank);
    credit_column_text(q, 2, p->name, sizeof p->name);
    p->rate_bp = sqlite3_column_int64(q, 3);
    p->term_months = sqlite3_column_int(q, 4);
    p->period_months = sqlite3_column_int(q, 5);
    p->ceiling_fen = sqlite3_column_int64(q, 6);
    p->unsecured = sqlite3_column_int(q, 7) != 0;
    char rep[32];
    credit_column_text(q, 8, rep, sizeof rep);
    if (!credit_repayment_parse(rep, &p->repayment))
        p->repayment = CREDIT_EQUAL_PRINCIPAL;
    credit_column_text(q, 9, p->pool, sizeof p->pool);
    p->created_date = (hs_date)sqlite3_column_int64(q, 10);
}

static void read_row_any(sqlite3_stmt *q, void *out) {
    read_row(q, out);
}

hs_status credit_product_get(hs_store *s, const char *id, credit_product *out, bool *found,
                             hs_error *err) {
    char sql[512];
    snprintf(sql, sizeof sql, "%s WHERE id = ?1", product_cols);
    return store_get_one(s, sql, id, read_row_any, out, found, "reading a product", err);
}

hs_status credit_products_each(hs_store *s,
                               hs_status (*fn)(void *ctx, const credit_product *p, hs_error *err),
                               void *ctx, hs_error *err) {
    hs_status st = HS_OK;
    char sql[512];
    snprintf(sql, sizeof sql, "%s ORDER BY id", product_cols);
    sqlite3_stmt *q;
    if ((st = credit_prepare(s, sql, &q, err)) != HS_OK)
        return st;
    int rc = SQLITE_DONE;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        credit_product p;
        read_row(q, &p);
        st = fn(ctx, &p, err);
    }
    sqlite3_finalize(q);
    if (st == HS_OK && rc != SQLITE_DONE)
        return credit_db_fail(s, err, "reading products");
    return st;
}
