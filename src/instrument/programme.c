/* programme.c — programmes, their appropriation and budgets; money only through book_transfer. */
#include "instrument/programme.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "ledger/transfer_codec.h"
#include "store/book.h"

static bool id_valid(const char *id) {
    size_t n = strlen(id);
    if (n == 0 || n >= PROGRAMME_ID_MAX)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
              *p == '.'))
            return false;
    return true;
}

hs_status programme_get(hs_store *s, const char *id, programme *out, bool *found, hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT id, title_zh, title_en, created_date, closed_date FROM "
                           "programmes WHERE id = ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "reading a programme");
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *found = rc == SQLITE_ROW;
    if (*found) {
        memset(out, 0, sizeof *out);
        snprintf(out->id, sizeof out->id, "%s", sqlite3_column_text(q, 0));
        snprintf(out->title_zh, sizeof out->title_zh, "%s", sqlite3_column_text(q, 1));
        snprintf(out->title_en, sizeof out->title_en, "%s", sqlite3_column_text(q, 2));
        out->created_date = (hs_date)sqlite3_column_int64(q, 3);
        out->closed = sqlite3_column_type(q, 4) != SQLITE_NULL;
        out->closed_date = out->closed ? (hs_date)sqlite3_column_int64(q, 4) : 0;
    }
    sqlite3_finalize(q);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? HS_OK
                                                   : store_fail(s, err, "reading a programme");
}

hs_status programme_create(hs_store *s, const programme *p, hs_error *err) {
    if (!id_valid(p->id))
        return hs_fail(err, HS_INPUT,
                       "programme id '%s' must be 1-63 characters of a-z, 0-9, '-', '_', '.'",
                       p->id);
    programme existing;
    bool found;
    hs_status st = programme_get(s, p->id, &existing, &found, err);
    if (st != HS_OK)
        return st;
    if (found) {
        if (strcmp(existing.title_zh, p->title_zh) || strcmp(existing.title_en, p->title_en))
            return hs_fail(err, HS_INPUT, "programme %s exists with other titles", p->id);
        return HS_OK;
    }
    char account[ACCOUNT_NAME_MAX];
    snprintf(account, sizeof account, "appropriation/%s", p->id);
    hs_account a;
    bool existed;
    if ((st = book_account_create(s, account, "appropriation", 0, &a, &existed, err)) != HS_OK)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "INSERT INTO programmes(id, title_zh, title_en, created_date) VALUES "
                           "(?1, ?2, ?3, ?4)",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "creating a programme");
    sqlite3_bind_text(q, 1, p->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, p->title_zh, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, p->title_en, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, p->created_date);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? HS_OK : store_fail(s, err, "creating a programme");
}

hs_status programme_require_open(hs_store *s, const char *programme_id, hs_error *err) {
    programme p;
    bool found;
    hs_status st = programme_get(s, programme_id, &p, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_fail(err, HS_INPUT,
                       "no programme '%s' (create it with `huoshui programme create`)",
                       programme_id);
    if (p.closed) {
        char d[DATE_TEXT_LEN];
        return hs_fail(err, HS_REFUSED, "programme %s was closed on %s", programme_id,
                       date_format(p.closed_date, d));
    }
    return HS_OK;
}

void programme_budget_account(const char *programme_id, const char *budget_name, char *out,
                              size_t len) {
    snprintf(out, len, "budget/%s/%s", programme_id, budget_name);
}

hs_status programme_fund(hs_store *s, const char *programme_id, const char *budget_name,
                         int64_t amount_fen, hs_date date, const char *transfer_id, hs_error *err) {
    hs_status st = programme_require_open(s, programme_id, err);
    if (st != HS_OK)
        return st;
    if (amount_fen <= 0)
        return hs_fail(err, HS_INPUT, "field 'amount': must be positive");
    char budget[ACCOUNT_NAME_MAX], approp[ACCOUNT_NAME_MAX];
    programme_budget_account(programme_id, budget_name, budget, sizeof budget);
    snprintf(approp, sizeof approp, "appropriation/%s", programme_id);
    hs_account a;
    bool existed;
    if ((st = book_account_create(s, budget, "budget", ACCOUNT_DEBITS_LE_CREDITS, &a, &existed,
                                  err)) != HS_OK)
        return st;
    hs_transfer t;
    transfer_init(&t);
    char d[DATE_TEXT_LEN];
    if (transfer_id != NULL)
        snprintf(t.id, sizeof t.id, "%s", transfer_id);
    else
        snprintf(t.id, sizeof t.id, "fund.%s.%s.%s.%lld", programme_id, budget_name,
                 date_format(date, d), (long long)amount_fen);
    snprintf(t.debit, sizeof t.debit, "%s", approp);
    snprintf(t.credit, sizeof t.credit, "%s", budget);
    t.amount_fen = amount_fen;
    t.date = date;
    t.date_given = true;
    snprintf(t.code, sizeof t.code, "programme.fund");
    char why[256];
    if (!transfer_add_ref(&t, "programme", programme_id, why, sizeof why))
        return hs_fail(err, HS_INPUT, "%s", why);
    transfer_result r;
    st = book_transfer(s, &t, 1, &r, true, NULL, err);
    if (st == HS_STORAGE)
        return st;
    if (r != TR_OK && r != TR_EXISTS)
        return hs_fail(err, transfer_result_status(r), "funding %s refused: %s", budget,
                       transfer_result_name(r));
    return HS_OK;
}

typedef struct {
    hs_store *store;
    const char *programme_id;
    size_t prefix_len;
    hs_status (*fn)(void *ctx, const programme_budget *b, hs_error *err);
    void *ctx;
} budgets_ctx;

/* Splits a budget's posted flows by purpose (funding, returns, payments, close-out). */
static hs_status budget_flows(hs_store *s, const hs_account *a, programme_budget *b,
                              hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            store_sqlite(s),
            "SELECT COALESCE(SUM(CASE WHEN credit_id = ?1 AND code = 'programme.fund' THEN amount "
            "END), 0), COALESCE(SUM(CASE WHEN credit_id = ?1 AND code != 'programme.fund' THEN "
            "amount END), 0), COALESCE(SUM(CASE WHEN debit_id = ?1 AND code != 'programme.close' "
            "THEN amount END), 0), COALESCE(SUM(CASE WHEN debit_id = ?1 AND code = "
            "'programme.close' THEN amount END), 0) FROM transfers WHERE (flags & 5) = 0 AND seq "
            "IN "
            "(SELECT seq FROM transfers WHERE debit_id = ?1 UNION ALL SELECT seq FROM transfers "
            "WHERE credit_id = ?1)",
            -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "reading a budget's flows");
    sqlite3_bind_int64(q, 1, a->id);
    if (sqlite3_step(q) == SQLITE_ROW) {
        b->appropriated_fen = sqlite3_column_int64(q, 0);
        b->returned_fen = sqlite3_column_int64(q, 1);
        b->paid_fen = sqlite3_column_int64(q, 2);
        b->closed_out_fen = sqlite3_column_int64(q, 3);
    }
    sqlite3_finalize(q);
    /* the flows add up to the account's balances: assert it */
    assert(b->appropriated_fen + b->returned_fen == a->credits_posted_fen);
    assert(b->paid_fen + b->closed_out_fen == a->debits_posted_fen);
    return HS_OK;
}

static hs_status one_budget(void *vctx, const hs_account *a, hs_error *err) {
    budgets_ctx *c = vctx;
    if (strcmp(a->kind, "budget") != 0)
        return HS_OK;
    programme_budget b;
    memset(&b, 0, sizeof b);
    snprintf(b.account, sizeof b.account, "%s", a->name);
    snprintf(b.name, sizeof b.name, "%s", a->name + c->prefix_len);
    hs_status st = budget_flows(c->store, a, &b, err);
    if (st != HS_OK)
        return st;
    b.reserved_fen = a->debits_pending_fen;
    b.remaining_fen = a->credits_posted_fen - a->debits_posted_fen - a->debits_pending_fen;
    assert(b.remaining_fen >= 0); /* the ledger's limit guarantees it */
    return c->fn(c->ctx, &b, err);
}

hs_status programme_budgets(hs_store *s, const char *programme_id,
                            hs_status (*fn)(void *ctx, const programme_budget *b, hs_error *err),
                            void *ctx, hs_error *err) {
    char prefix[ACCOUNT_NAME_MAX];
    snprintf(prefix, sizeof prefix, "budget/%s/", programme_id);
    budgets_ctx c = {s, programme_id, strlen(prefix), fn, ctx};
    return store_accounts_each(s, prefix, one_budget, &c, err);
}

typedef struct {
    hs_transfer *events;
    size_t n, cap;
    const char *programme_id;
    hs_date date;
} close_ctx;

static hs_status collect_return(void *vctx, const programme_budget *b, hs_error *err) {
    close_ctx *c = vctx;
    if (b->remaining_fen == 0)
        return HS_OK;
    if (c->n == c->cap)
        return hs_fail(err, HS_INPUT, "programme %s has more than %zu budgets", c->programme_id,
                       c->cap);
    hs_transfer *t = &c->events[c->n++];
    transfer_init(t);
    char d[DATE_TEXT_LEN];
    snprintf(t->id, sizeof t->id, "close.%s.%s", c->programme_id, b->name);
    snprintf(t->debit, sizeof t->debit, "%s", b->account);
    snprintf(t->credit, sizeof t->credit, "appropriation/%s", c->programme_id);
    t->amount_fen = b->remaining_fen;
    t->date = c->date;
    t->date_given = true;
    t->flags = TRANSFER_LINKED;
    snprintf(t->code, sizeof t->code, "programme.close");
    char why[128];
    transfer_add_ref(t, "programme", c->programme_id, why, sizeof why);
    (void)d;
    return HS_OK;
}

hs_status programme_close(hs_store *s, const char *programme_id, hs_date date, hs_error *err) {
    hs_status st = programme_require_open(s, programme_id, err);
    if (st != HS_OK)
        return st;
    hs_transfer events[256];
    close_ctx c = {events, 0, 256, programme_id, date};
    if ((st = programme_budgets(s, programme_id, collect_return, &c, err)) != HS_OK)
        return st;
    if (c.n > 0) {
        events[c.n - 1].flags &= ~(uint32_t)TRANSFER_LINKED;
        transfer_result results[256];
        st = book_transfer(s, events, c.n, results, true, NULL, err);
        if (st == HS_STORAGE)
            return st;
        for (size_t i = 0; i < c.n; i++)
            if (results[i] != TR_OK && results[i] != TR_EXISTS)
                return hs_fail(err, transfer_result_status(results[i]), "returning %s refused: %s",
                               events[i].debit, transfer_result_name(results[i]));
    }
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s), "UPDATE programmes SET closed_date = ?2 WHERE id = ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "closing a programme");
    sqlite3_bind_text(q, 1, programme_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, date);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? HS_OK : store_fail(s, err, "closing a programme");
}
