/* registry.c — the registry's tables in the book and their reads and writes (see registry.h). */
#include "registry/registry.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FIRM_COLS                                                                                  \
    "uscc, name, city, district, sector, stage, founded, employees, revenue_fen, rd_spend_fen, "   \
    "patents, trademarks, software_copyrights, high_tech, zjtx, national_lab, "                    \
    "national_engineering_center, unicorn"
#define FIRM_COLS_N 18

enum {
    Q_FIND,
    Q_INSERT,
    Q_INSERT_NEW,
    Q_UPDATE,
    Q_HISTORY_COPY,
    Q_PRODUCT_FIND,
    Q_PRODUCT_UPSERT,
    Q_COUNT
};

static const char *const registry_sql[Q_COUNT] = {
    [Q_FIND] = "SELECT " FIRM_COLS ", version, updated_at FROM firms WHERE uscc = ?1",
    [Q_INSERT] = "INSERT INTO firms(" FIRM_COLS ", version, updated_at) VALUES (?1, ?2, ?3, ?4, "
                 "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, 1, ?19)",
    [Q_INSERT_NEW] = "INSERT INTO firms(" FIRM_COLS ", version, updated_at) VALUES (?1, ?2, ?3, "
                     "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, 1, ?19) "
                     "ON CONFLICT(uscc) DO NOTHING",
    [Q_UPDATE] = "UPDATE firms SET name = ?2, city = ?3, district = ?4, sector = ?5, stage = ?6, "
                 "founded = ?7, employees = ?8, revenue_fen = ?9, rd_spend_fen = ?10, patents = "
                 "?11, trademarks = ?12, software_copyrights = ?13, high_tech = ?14, zjtx = ?15, "
                 "national_lab = ?16, national_engineering_center = ?17, unicorn = ?18, "
                 "version = version + 1, updated_at = ?19 WHERE uscc = ?1",
    [Q_HISTORY_COPY] = "INSERT INTO firm_history(" FIRM_COLS ", version, valid_from, replaced_at) "
                       "SELECT " FIRM_COLS ", version, updated_at, ?2 FROM firms WHERE uscc = ?1",
    [Q_PRODUCT_FIND] = "SELECT uscc, product_id, kind, name, price_fen, date FROM firm_products "
                       "WHERE uscc = ?1 AND product_id = ?2",
    [Q_PRODUCT_UPSERT] = "INSERT INTO firm_products(uscc, product_id, kind, name, price_fen, date, "
                         "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(uscc, "
                         "product_id) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
                         "price_fen = excluded.price_fen, date = excluded.date, "
                         "updated_at = excluded.updated_at",
};

struct hs_registry {
    hs_store *store;
    sqlite3 *db;
    sqlite3_stmt *q[Q_COUNT];
};

static hs_status db_fail(hs_registry *r, hs_error *err, const char *what) {
    return hs_fail(err, HS_STORAGE, "%s: registry: %s: %s", store_path(r->store), what,
                   sqlite3_errmsg(r->db));
}

hs_status registry_open(hs_store *s, hs_registry **out, hs_error *err) {
    assert(s != NULL && out != NULL);
    *out = NULL;
    hs_status st = HS_OK;
    hs_registry *r = calloc(1, sizeof *r);
    if (r == NULL)
        return hs_fail(err, HS_STORAGE, "registry: out of memory");
    r->store = s;
    r->db = store_sqlite(s);
    for (int i = 0; i < Q_COUNT; i++)
        if (sqlite3_prepare_v2(r->db, registry_sql[i], -1, &r->q[i], NULL) != SQLITE_OK) {
            st = db_fail(r, err, "preparing a statement");
            registry_close(r);
            return st;
        }
    *out = r;
    return HS_OK;
}

void registry_close(hs_registry *r) {
    if (r == NULL)
        return;
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(r->q[i]);
    free(r);
}

hs_store *registry_store(hs_registry *r) {
    return r->store;
}

/* ---- rows <-> firms ---- */

static void bind_opt(sqlite3_stmt *q, int idx, bool has, int64_t v) {
    if (has)
        sqlite3_bind_int64(q, idx, v);
    else
        sqlite3_bind_null(q, idx);
}

/* Binds ?1..?18 in FIRM_COLS order. */
static void bind_firm(sqlite3_stmt *q, const hs_firm *f) {
    sqlite3_bind_text(q, 1, f->uscc, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, f->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, f->city, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, f->district, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, firm_sector_code(f->sector), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, firm_stage_code(f->stage), -1, SQLITE_STATIC);
    bind_opt(q, 7, f->has & FIRM_HAS_FOUNDED, f->founded);
    bind_opt(q, 8, f->has & FIRM_HAS_EMPLOYEES, f->employees);
    bind_opt(q, 9, f->has & FIRM_HAS_REVENUE, f->revenue_fen);
    bind_opt(q, 10, f->has & FIRM_HAS_RD_SPEND, f->rd_spend_fen);
    bind_opt(q, 11, f->has & FIRM_HAS_PATENTS, f->patents);
    bind_opt(q, 12, f->has & FIRM_HAS_TRADEMARKS, f->trademarks);
    bind_opt(q, 13, f->has & FIRM_HAS_SOFTWARE_COPYRIGHTS, f->software_copyrights);
    sqlite3_bind_int(q, 14, (f->flags & FIRM_FLAG_HIGH_TECH) != 0);
    sqlite3_bind_int(q, 15, (f->flags & FIRM_FLAG_ZJTX) != 0);
    sqlite3_bind_int(q, 16, (f->flags & FIRM_FLAG_NATIONAL_LAB) != 0);
    sqlite3_bind_int(q, 17, (f->flags & FIRM_FLAG_NATIONAL_ENGINEERING_CENTER) != 0);
    sqlite3_bind_int(q, 18, (f->flags & FIRM_FLAG_UNICORN) != 0);
}

static void col_text(sqlite3_stmt *q, int col, char *dst, size_t cap) {
    const unsigned char *t = sqlite3_column_text(q, col);
    snprintf(dst, cap, "%s", t ? (const char *)t : "");
}

static void col_opt(sqlite3_stmt *q, int col, hs_firm *f, uint32_t bit, int64_t *dst) {
    if (sqlite3_column_type(q, col) == SQLITE_NULL)
        return;
    *dst = sqlite3_column_int64(q, col);
    f->has |= bit;
}

/* Reads FIRM_COLS starting at column 0. */
static void read_firm(sqlite3_stmt *q, hs_firm *f) {
    firm_init(f);
    col_text(q, 0, f->uscc, sizeof f->uscc);
    col_text(q, 1, f->name, sizeof f->name);
    col_text(q, 2, f->city, sizeof f->city);
    col_text(q, 3, f->district, sizeof f->district);
    const unsigned char *sector = sqlite3_column_text(q, 4), *stage = sqlite3_column_text(q, 5);
    if (sector == NULL || !firm_sector_parse((const char *)sector, &f->sector))
        f->sector = FIRM_SECTOR_UNSET;
    if (stage == NULL || !firm_stage_parse((const char *)stage, &f->stage))
        f->stage = FIRM_STAGE_UNSET;
    if (sqlite3_column_type(q, 6) != SQLITE_NULL) {
        f->founded = (hs_date)sqlite3_column_int(q, 6);
        f->has |= FIRM_HAS_FOUNDED;
    }
    col_opt(q, 7, f, FIRM_HAS_EMPLOYEES, &f->employees);
    col_opt(q, 8, f, FIRM_HAS_REVENUE, &f->revenue_fen);
    col_opt(q, 9, f, FIRM_HAS_RD_SPEND, &f->rd_spend_fen);
    col_opt(q, 10, f, FIRM_HAS_PATENTS, &f->patents);
    col_opt(q, 11, f, FIRM_HAS_TRADEMARKS, &f->trademarks);
    col_opt(q, 12, f, FIRM_HAS_SOFTWARE_COPYRIGHTS, &f->software_copyrights);
    static const uint32_t flags[FIRM_FLAG_COUNT] = {
        FIRM_FLAG_HIGH_TECH, FIRM_FLAG_ZJTX, FIRM_FLAG_NATIONAL_LAB,
        FIRM_FLAG_NATIONAL_ENGINEERING_CENTER, FIRM_FLAG_UNICORN};
    for (int i = 0; i < FIRM_FLAG_COUNT; i++)
        if (sqlite3_column_int(q, 13 + i))
            f->flags |= flags[i];
}

/* ---- reads ---- */

hs_status registry_find(hs_registry *r, const char *uscc, hs_firm *out, firm_meta *meta,
                        bool *found, hs_error *err) {
    assert(r != NULL && uscc != NULL && out != NULL && found != NULL);
    sqlite3_stmt *q = r->q[Q_FIND];
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, uscc, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *found = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW) {
        read_firm(q, out);
        if (meta != NULL) {
            meta->version = sqlite3_column_int64(q, FIRM_COLS_N);
            col_text(q, FIRM_COLS_N + 1, meta->updated_at, sizeof meta->updated_at);
            meta->replaced_at[0] = '\0';
        }
    }
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(r, err, "reading a firm");
    return HS_OK;
}

/* Appends the WHERE clause for `filter` to sql; binds happen in bind_filter in the same order. */
static void filter_sql(const firm_filter *filter, char *sql, size_t len) {
    if (filter == NULL)
        return;
    size_t used = strlen(sql);
    const char *sep = " WHERE ";
#define ADD(text)                                                                                  \
    do {                                                                                           \
        used += (size_t)snprintf(sql + used, len - used, "%s%s", sep, text);                       \
        sep = " AND ";                                                                             \
    } while (0)
    if (filter->city != NULL)
        ADD("city = ?");
    if (filter->sector != FIRM_SECTOR_UNSET)
        ADD("sector = ?");
    if (filter->stage != FIRM_STAGE_UNSET)
        ADD("stage = ?");
    static const char *const flag_cols[FIRM_FLAG_COUNT] = {
        "high_tech = 1", "zjtx = 1", "national_lab = 1", "national_engineering_center = 1",
        "unicorn = 1"};
    for (int i = 0; i < FIRM_FLAG_COUNT; i++)
        if (filter->flags_all & (1u << i))
            ADD(flag_cols[i]);
#undef ADD
    assert(used < len);
}

static void bind_filter(sqlite3_stmt *q, const firm_filter *filter) {
    if (filter == NULL)
        return;
    int idx = 1;
    if (filter->city != NULL)
        sqlite3_bind_text(q, idx++, filter->city, -1, SQLITE_STATIC);
    if (filter->sector != FIRM_SECTOR_UNSET)
        sqlite3_bind_text(q, idx++, firm_sector_code(filter->sector), -1, SQLITE_STATIC);
    if (filter->stage != FIRM_STAGE_UNSET)
        sqlite3_bind_text(q, idx++, firm_stage_code(filter->stage), -1, SQLITE_STATIC);
}

hs_status registry_each(hs_registry *r, const firm_filter *filter,
                        hs_status (*fn)(void *ctx, const hs_firm *f, hs_error *err), void *ctx,
                        hs_error *err) {
    assert(r != NULL && fn != NULL);
    char sql[1024] = "SELECT " FIRM_COLS " FROM firms";
    filter_sql(filter, sql, sizeof sql - 32);
    strcat(sql, " ORDER BY uscc");
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(r->db, sql, -1, &q, NULL) != SQLITE_OK)
        return db_fail(r, err, "listing firms");
    bind_filter(q, filter);
    hs_status st = HS_OK;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        hs_firm f;
        read_firm(q, &f);
        if ((st = fn(ctx, &f, err)) != HS_OK)
            break;
    }
    if (st == HS_OK && rc != SQLITE_DONE)
        st = db_fail(r, err, "listing firms");
    sqlite3_finalize(q);
    return st;
}

typedef struct {
    hs_firm *firms;
    size_t n, cap;
} load_ctx;

static hs_status load_one(void *ctx, const hs_firm *f, hs_error *err) {
    load_ctx *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        hs_firm *grown = realloc(c->firms, cap * sizeof *grown);
        if (grown == NULL)
            return hs_fail(err, HS_STORAGE, "registry: out of memory loading %zu firms", c->n);
        c->firms = grown;
        c->cap = cap;
    }
    c->firms[c->n++] = *f;
    return HS_OK;
}

hs_status registry_load(hs_registry *r, const firm_filter *filter, hs_firm **out, size_t *n,
                        hs_error *err) {
    load_ctx c = {.firms = NULL};
    hs_status st = registry_each(r, filter, load_one, &c, err);
    if (st != HS_OK) {
        free(c.firms);
        c.firms = NULL;
        c.n = 0;
    }
    *out = c.firms;
    *n = c.n;
    return st;
}

hs_status registry_count(hs_registry *r, const firm_filter *filter, int64_t *count, hs_error *err) {
    char sql[1024] = "SELECT count(*) FROM firms";
    filter_sql(filter, sql, sizeof sql);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(r->db, sql, -1, &q, NULL) != SQLITE_OK)
        return db_fail(r, err, "counting firms");
    bind_filter(q, filter);
    hs_status st = HS_OK;
    if (sqlite3_step(q) == SQLITE_ROW)
        *count = sqlite3_column_int64(q, 0);
    else
        st = db_fail(r, err, "counting firms");
    sqlite3_finalize(q);
    return st;
}

hs_status registry_history(hs_registry *r, const char *uscc,
                           hs_status (*fn)(void *ctx, const hs_firm *f, const firm_meta *meta,
                                           hs_error *err),
                           void *ctx, hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(r->db,
                           "SELECT " FIRM_COLS ", version, valid_from, replaced_at FROM "
                           "firm_history WHERE uscc = ?1 ORDER BY version",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(r, err, "reading firm history");
    sqlite3_bind_text(q, 1, uscc, -1, SQLITE_STATIC);
    hs_status st = HS_OK;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        hs_firm f;
        firm_meta meta;
        read_firm(q, &f);
        meta.version = sqlite3_column_int64(q, FIRM_COLS_N);
        col_text(q, FIRM_COLS_N + 1, meta.updated_at, sizeof meta.updated_at);
        col_text(q, FIRM_COLS_N + 2, meta.replaced_at, sizeof meta.replaced_at);
        if ((st = fn(ctx, &f, &meta, err)) != HS_OK)
            break;
    }
    if (st == HS_OK && rc != SQLITE_DONE)
        st = db_fail(r, err, "reading firm history");
    sqlite3_finalize(q);
    return st;
}

/* ---- writes ---- */

/* Runs one statement to completion (it has no result rows). */
static hs_status run(hs_registry *r, sqlite3_stmt *q, const char *what, hs_error *err) {
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_DONE ? HS_OK : db_fail(r, err, what);
}

typedef struct {
    const hs_firm *firm;
    uint32_t fields_mask;
} upsert_arg;

static hs_status upsert_in_txn(hs_registry *r, const upsert_arg *arg, const char *now,
                               registry_upsert_result *result, hs_error *err) {
    /* the common case first: a new firm is one insert, no lookup */
    sqlite3_stmt *ins = r->q[Q_INSERT_NEW];
    bind_firm(ins, arg->firm);
    sqlite3_bind_text(ins, 19, now, -1, SQLITE_STATIC);
    hs_status st = run(r, ins, "inserting a firm", err);
    if (st != HS_OK)
        return st;
    if (sqlite3_changes(r->db) == 1) {
        *result = REGISTRY_INSERTED;
        return HS_OK;
    }
    hs_firm old, merged;
    bool found;
    st = registry_find(r, arg->firm->uscc, &old, NULL, &found, err);
    if (st != HS_OK)
        return st;
    const hs_firm *f = arg->firm;
    if (found) {
        merged = old;
        firm_copy_fields(&merged, arg->firm, arg->fields_mask);
        f = &merged;
    }
    if (found && firm_equal(&old, f)) {
        *result = REGISTRY_UNCHANGED;
        return HS_OK;
    }
    if (found) {
        sqlite3_stmt *h = r->q[Q_HISTORY_COPY];
        sqlite3_bind_text(h, 1, f->uscc, -1, SQLITE_STATIC);
        sqlite3_bind_text(h, 2, now, -1, SQLITE_STATIC);
        if ((st = run(r, h, "saving firm history", err)) != HS_OK)
            return st;
    }
    sqlite3_stmt *q = r->q[found ? Q_UPDATE : Q_INSERT];
    bind_firm(q, f);
    sqlite3_bind_text(q, 19, now, -1, SQLITE_STATIC);
    if ((st = run(r, q, found ? "updating a firm" : "inserting a firm", err)) != HS_OK)
        return st;
    *result = found ? REGISTRY_UPDATED : REGISTRY_INSERTED;
    return HS_OK;
}

/* Runs `op` inside the caller's transaction, or its own if none is open. */
static hs_status in_txn(hs_registry *r,
                        hs_status op(hs_registry *, const void *, const char *,
                                     registry_upsert_result *, hs_error *),
                        const void *arg, const char *now, registry_upsert_result *result,
                        hs_error *err) {
    bool own = sqlite3_get_autocommit(r->db) != 0;
    hs_status st;
    if (own && (st = store_begin(r->store, err)) != HS_OK)
        return st;
    st = op(r, arg, now, result, err);
    if (!own)
        return st;
    if (st != HS_OK) {
        store_rollback(r->store);
        return st;
    }
    return store_commit(r->store, err);
}

static hs_status firm_op(hs_registry *r, const void *arg, const char *now,
                         registry_upsert_result *result, hs_error *err) {
    return upsert_in_txn(r, arg, now, result, err);
}

hs_status registry_upsert(hs_registry *r, const hs_firm *f, const char *now,
                          registry_upsert_result *result, hs_error *err) {
    return registry_upsert_fields(r, f, (1u << FIRM_FIELD_COUNT) - 1, now, result, err);
}

hs_status registry_upsert_fields(hs_registry *r, const hs_firm *f, uint32_t fields_mask,
                                 const char *now, registry_upsert_result *result, hs_error *err) {
    assert(r != NULL && f != NULL && now != NULL && result != NULL);
    assert(fields_mask & (1u << FIRM_FIELD_USCC));
    assert(f->sector >= 0 && f->sector < FIRM_SECTOR_COUNT);
    assert(f->stage >= 0 && f->stage < FIRM_STAGE_COUNT);
    char why[200];
    if (!uscc_valid(f->uscc, why, sizeof why))
        return hs_fail(err, HS_INPUT, "credit code '%s': %s", f->uscc, why);
    if (f->name[0] == '\0' || f->city[0] == '\0')
        return hs_fail(err, HS_INPUT, "firm %s: name and city are required", f->uscc);
    upsert_arg arg = {.firm = f, .fields_mask = fields_mask};
    return in_txn(r, firm_op, &arg, now, result, err);
}

/* ---- products ---- */

static void read_product(sqlite3_stmt *q, hs_product *p) {
    memset(p, 0, sizeof *p);
    col_text(q, 0, p->uscc, sizeof p->uscc);
    col_text(q, 1, p->product_id, sizeof p->product_id);
    const unsigned char *kind = sqlite3_column_text(q, 2);
    if (kind == NULL || !product_kind_parse((const char *)kind, &p->kind))
        p->kind = PRODUCT_KIND_OTHER;
    col_text(q, 3, p->name, sizeof p->name);
    if (sqlite3_column_type(q, 4) != SQLITE_NULL) {
        p->price_fen = sqlite3_column_int64(q, 4);
        p->has |= PRODUCT_HAS_PRICE;
    }
    if (sqlite3_column_type(q, 5) != SQLITE_NULL) {
        p->date = (hs_date)sqlite3_column_int(q, 5);
        p->has |= PRODUCT_HAS_DATE;
    }
}

static hs_status product_op(hs_registry *r, const void *arg, const char *now,
                            registry_upsert_result *result, hs_error *err) {
    const hs_product *p = arg;
    bool found;
    hs_firm firm;
    hs_status st = registry_find(r, p->uscc, &firm, NULL, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_fail(err, HS_INPUT, "firm %s is not in the registry (import it first)", p->uscc);
    sqlite3_stmt *q = r->q[Q_PRODUCT_FIND];
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, p->uscc, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, p->product_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    hs_product old;
    bool exists = rc == SQLITE_ROW;
    if (exists)
        read_product(q, &old);
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(r, err, "reading a product");
    if (exists && product_equal(&old, p)) {
        *result = REGISTRY_UNCHANGED;
        return HS_OK;
    }
    q = r->q[Q_PRODUCT_UPSERT];
    sqlite3_bind_text(q, 1, p->uscc, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, p->product_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, product_kind_code(p->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, p->name, -1, SQLITE_STATIC);
    bind_opt(q, 5, p->has & PRODUCT_HAS_PRICE, p->price_fen);
    bind_opt(q, 6, p->has & PRODUCT_HAS_DATE, p->date);
    sqlite3_bind_text(q, 7, now, -1, SQLITE_STATIC);
    if ((st = run(r, q, "storing a product", err)) != HS_OK)
        return st;
    *result = exists ? REGISTRY_UPDATED : REGISTRY_INSERTED;
    return HS_OK;
}

hs_status registry_product_upsert(hs_registry *r, const hs_product *p, const char *now,
                                  registry_upsert_result *result, hs_error *err) {
    assert(r != NULL && p != NULL && now != NULL && result != NULL);
    assert(p->kind >= 0 && p->kind < PRODUCT_KIND_COUNT);
    return in_txn(r, product_op, p, now, result, err);
}

hs_status registry_products_each(hs_registry *r, const char *uscc,
                                 hs_status (*fn)(void *ctx, const hs_product *p, hs_error *err),
                                 void *ctx, hs_error *err) {
    sqlite3_stmt *q;
    const char *sql = uscc ? "SELECT uscc, product_id, kind, name, price_fen, date FROM "
                             "firm_products WHERE uscc = ?1 ORDER BY uscc, product_id"
                           : "SELECT uscc, product_id, kind, name, price_fen, date FROM "
                             "firm_products ORDER BY uscc, product_id";
    if (sqlite3_prepare_v2(r->db, sql, -1, &q, NULL) != SQLITE_OK)
        return db_fail(r, err, "listing products");
    if (uscc)
        sqlite3_bind_text(q, 1, uscc, -1, SQLITE_STATIC);
    hs_status st = HS_OK;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        hs_product p;
        read_product(q, &p);
        if ((st = fn(ctx, &p, err)) != HS_OK)
            break;
    }
    if (st == HS_OK && rc != SQLITE_DONE)
        st = db_fail(r, err, "listing products");
    sqlite3_finalize(q);
    return st;
}

char *registry_now(hs_registry *r, char *buf, size_t len) {
    return hs_clock_iso(store_clock(r->store), buf, len);
}
