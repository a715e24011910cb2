/* account_ops.c — account create, get and CSV import (see account_ops.h). */
#include "ops/account_ops.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv_reader.h"
#include "base/money.h"
#include "ops/audit_ops.h"
#include "store/book.h"

/* The input field an account error from the book is about. */
static const char *account_error_field(const hs_error *err) {
    if (strstr(err->msg, "kind") != NULL)
        return "kind";
    if (strstr(err->msg, "limit") != NULL)
        return "limit";
    return "name";
}

hs_status ops_account_create(const hs_ctx *ctx, const char *name, const char *kind, uint32_t flags,
                             hs_account *out, bool *existed, hs_error *err) {
    assert(ctx != NULL && name != NULL && kind != NULL && out != NULL && existed != NULL);
    char why[256];
    if (!account_name_valid(name, why, sizeof why))
        return hs_invalid_field(err, "name", "%s", why);
    if (!account_kind_valid(kind))
        return hs_invalid_field(err, "kind", "unknown account kind '%s' (known: %s)", kind,
                                account_kinds_text());
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    st = hs_tx_account_ensure(&tx, name, kind, flags, NULL, out, existed, err);
    if (st == HS_INPUT)
        hs_error_field(err, account_error_field(err));
    /* an account that already existed writes nothing: roll back rather than commit an empty tx */
    st = ops_end(&tx, st == HS_OK && *existed ? HS_REFUSED : st, err);
    if (st == HS_REFUSED)
        st = HS_OK;
    assert(st != HS_OK || out->id > 0);
    return st;
}

hs_status ops_account_get(const hs_ctx *ctx, const char *name, hs_account *out, hs_error *err) {
    assert(ctx != NULL && name != NULL && out != NULL);
    bool found = false;
    hs_status st = store_account_by_name(ctx->store, name, out, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "name", "no account named '%s'", name);
    return HS_OK;
}

/* ---- balances ---- */

typedef struct {
    const char *want;
    hs_status (*fn)(void *ctx, const hs_account *a, hs_error *err);
    void *fn_ctx;
    ops_balance_totals *totals;
} balances_ctx;

/* True if `name` is `want` or lies under it (whole path segments). */
static bool selected(const char *name, const char *want) {
    if (want == NULL)
        return true;
    size_t n = strlen(want);
    if (strncmp(name, want, n) != 0)
        return false;
    return name[n] == '\0' || name[n] == '/' || (n > 0 && want[n - 1] == '/');
}

static hs_status balance_one(void *vctx, const hs_account *a, hs_error *err) {
    balances_ctx *c = vctx;
    if (!selected(a->name, c->want))
        return HS_OK;
    c->totals->count++;
    if (!money_add(c->totals->debits_posted_fen, a->debits_posted_fen,
                   &c->totals->debits_posted_fen) ||
        !money_add(c->totals->credits_posted_fen, a->credits_posted_fen,
                   &c->totals->credits_posted_fen))
        return hs_fail(err, HS_STORAGE, "balance totals overflow (account %s)", a->name);
    return c->fn(c->fn_ctx, a, err);
}

hs_status ops_account_balances(const hs_ctx *ctx, const char *name, const hs_date *at,
                               hs_status (*fn)(void *fn_ctx, const hs_account *a, hs_error *err),
                               void *fn_ctx, ops_balance_totals *totals, hs_error *err) {
    assert(ctx != NULL && fn != NULL && totals != NULL);
    memset(totals, 0, sizeof *totals);
    balances_ctx c = {.want = name, .fn = fn, .fn_ctx = fn_ctx, .totals = totals};
    /* the prefix narrows the scan; `selected` keeps whole path segments only */
    hs_status st = at != NULL ? store_accounts_at(ctx->store, *at, name, balance_one, &c, err)
                              : store_accounts_each(ctx->store, name, balance_one, &c, err);
    if (st != HS_OK)
        return st;
    if (name != NULL && totals->count == 0)
        return hs_not_found(err, "name", "no account named '%s' or under it", name);
    return HS_OK;
}

/* ---- import ---- */

typedef struct {
    char *name, *kind;
    uint32_t flags;
    long line;
} import_row;

typedef struct {
    const char *label;
    int name_col, kind_col, limit_col;
    import_row *rows;
    size_t n, cap;
} import_ctx;

static hs_status import_header(void *vctx, const csv_header *h, hs_error *err) {
    import_ctx *c = vctx;
    c->name_col = csv_header_find(h, "name");
    c->kind_col = csv_header_find(h, "kind");
    c->limit_col = csv_header_find(h, "limit");
    return HS_OK;
}

static hs_status import_record(void *vctx, const csv_header *h, const csv_record *r,
                               hs_error *err) {
    import_ctx *c = vctx;
    hs_status shape = csv_record_check(h, r, c->label, err);
    if (shape != HS_OK)
        return shape;
    const char *name = c->name_col >= 0 && c->name_col < r->count ? r->cells[c->name_col] : "";
    const char *kind = c->kind_col >= 0 && c->kind_col < r->count ? r->cells[c->kind_col] : "";
    const char *limit = c->limit_col >= 0 && c->limit_col < r->count ? r->cells[c->limit_col] : "";
    if (name[0] == '\0' || kind[0] == '\0')
        return hs_fail_code(err, HS_INPUT, "invalid_field", name[0] ? "kind" : "name",
                            "%s:%ld: fields 'name' and 'kind' are required", c->label, r->line);
    char why[256];
    if (!account_name_valid(name, why, sizeof why))
        return hs_invalid_field(err, "name", "%s:%ld: field 'name': %s", c->label, r->line, why);
    if (!account_kind_valid(kind))
        return hs_invalid_field(err, "kind",
                                "%s:%ld: field 'kind': unknown account kind '%s' "
                                "(known: %s)",
                                c->label, r->line, kind, account_kinds_text());
    uint32_t flags = 0;
    if (limit[0] != '\0' && !account_limit_parse(limit, &flags))
        return hs_invalid_field(err, "limit", "%s:%ld: field 'limit': unknown '%s'", c->label,
                                r->line, limit);
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        import_row *rows = realloc(c->rows, cap * sizeof *rows);
        if (rows == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory reading %s", c->label);
        c->rows = rows;
        c->cap = cap;
    }
    import_row *row = &c->rows[c->n];
    row->name = strdup(name);
    row->kind = row->name ? strdup(kind) : NULL;
    if (row->kind == NULL) {
        free(row->name);
        return hs_fail(err, HS_STORAGE, "out of memory reading %s", c->label);
    }
    row->flags = flags;
    row->line = r->line;
    c->n++;
    return HS_OK;
}

hs_status ops_account_import(const hs_ctx *ctx, const char *path,
                             ops_account_import_summary *summary, hs_error *err) {
    assert(ctx != NULL && path != NULL && summary != NULL);
    memset(summary, 0, sizeof *summary);
    import_ctx c = {.label = strcmp(path, "-") == 0 ? "(stdin)" : path};
    csv_options o = {.header = true, .empty_hint = "a header row name,kind[,limit] is needed"};
    csv_sink sink = {.ctx = &c, .on_header = import_header, .on_record = import_record};
    hs_status st = csv_read_file(path, &o, &sink, err);
    if (st == HS_OK) {
        hs_tx tx;
        st = ops_begin(ctx, &tx, err);
        if (st == HS_OK) {
            for (size_t i = 0; st == HS_OK && i < c.n; i++) {
                hs_account a;
                bool existed = false;
                st = hs_tx_account_ensure(&tx, c.rows[i].name, c.rows[i].kind, c.rows[i].flags,
                                          NULL, &a, &existed, err);
                if (st == HS_OK && !existed)
                    summary->created++;
                else if (st != HS_OK && st != HS_STORAGE)
                    hs_error_prefix(err, "%s:%ld", c.label, c.rows[i].line);
            }
            st = ops_end(&tx, st, err);
        }
    }
    summary->rows = c.n;
    if (st != HS_OK)
        summary->created = 0;
    for (size_t i = 0; i < c.n; i++) {
        free(c.rows[i].name);
        free(c.rows[i].kind);
    }
    free(c.rows);
    return st;
}

bool ops_account_name_in_module_namespace(const char *name) {
    static const char *const namespaces[] = {
        "appropriation", "budget",   "pool", "loan",    "fund",     "gp",    "lp",
        "bank",          "provider", "firm", "payable", "treasury", "pledge"};
    assert(name != NULL);
    const char *slash = strchr(name, '/');
    size_t first = slash ? (size_t)(slash - name) : strlen(name);
    for (size_t i = 0; i < sizeof namespaces / sizeof namespaces[0]; i++)
        if (strlen(namespaces[i]) == first && strncmp(name, namespaces[i], first) == 0)
            return true;
    return false;
}

typedef struct {
    const hs_ctx *ctx;
    int64_t account_id;
    bool with_audit;
    int64_t running_fen;
    hs_status (*fn)(void *fn_ctx, const ops_history_row *row, hs_error *err);
    void *fn_ctx;
} history_walk;

static hs_status history_row(void *arg, const hs_transfer *t, hs_error *err) {
    history_walk *w = arg;
    assert(t->debit_account_id == w->account_id || t->credit_account_id == w->account_id);
    ops_history_row row = {.t = t, .is_debit = t->debit_account_id == w->account_id};
    row.signed_fen = row.is_debit ? -t->amount_fen : t->amount_fen;
    bool posts = !(t->flags & (TRANSFER_PENDING | TRANSFER_VOID_PENDING));
    if (posts && !money_add(w->running_fen, row.signed_fen, &w->running_fen))
        return hs_fail(err, HS_STORAGE, "the running balance of the history overflows");
    row.balance_fen = w->running_fen;
    if (w->with_audit) {
        hs_status st = ops_audit_seq_of_transfer(w->ctx, t->id, &row.audit_seq, err);
        if (st != HS_OK)
            return st;
    }
    return w->fn(w->fn_ctx, &row, err);
}

hs_status ops_account_history(const hs_ctx *ctx, const char *name, bool with_audit,
                              hs_status (*fn)(void *fn_ctx, const ops_history_row *row,
                                              hs_error *err),
                              void *fn_ctx, hs_error *err) {
    assert(ctx != NULL && name != NULL && fn != NULL);
    hs_account a;
    bool found = false;
    hs_status st = store_account_by_name(ctx->store, name, &a, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "name", "no account named '%.200s'", name);
    history_walk w = {ctx, a.id, with_audit, 0, fn, fn_ctx};
    return store_history(ctx->store, a.id, history_row, &w, err);
}
