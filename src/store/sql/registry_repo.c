/* registry_repo.c — the registry's tables in the book (see registry/registry_repo.h): the only file
 * with the registry's SQL. The tables are created by the "registry" steps of migrations.c. */
#include "registry/registry_repo.h"
#include "store/sql/sql_store.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRM_COLS                                                                                  \
    "uscc, name, city, district, sector, stage, founded, employees, revenue_fen, rd_spend_fen, "   \
    "patents, trademarks, software_copyrights, high_tech, zjtx, national_lab, "                    \
    "national_engineering_center, unicorn"
#define FIRM_COLS_N 18
#define PRODUCT_COLS "uscc, product_id, kind, name, price_fen, date"

enum { Q_FIND, Q_INSERT_NEW, Q_UPDATE, Q_HISTORY_COPY, Q_PRODUCT_FIND, Q_PRODUCT_UPSERT, Q_COUNT };

static const char *const registry_sql[Q_COUNT] = {
    [Q_FIND] = "SELECT " FIRM_COLS ", version, updated_at FROM firms WHERE uscc = ?1",
    [Q_INSERT_NEW] = "INSERT INTO firms(" FIRM_COLS ", version, updated_at) VALUES (?1, ?2, ?3, "
                     "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, 1, ?19) "
                     "ON CONFLICT(uscc) DO NOTHING",
    [Q_UPDATE] = "UPDATE firms SET name = ?2, city = ?3, district = ?4, sector = ?5, stage = ?6, "
                 "founded = ?7, employees = ?8, revenue_fen = ?9, rd_spend_fen = ?10, patents = "
                 "?11, trademarks = ?12, software_copyrights = ?13, high_tech = ?14, zjtx = ?15, "
                 "national_lab = ?16, national_engineering_center = ?17, unicorn = ?18, "
                 "version = version + 1, updated_at = ?19 WHERE uscc = ?1 AND version = ?20",
    [Q_HISTORY_COPY] = "INSERT INTO firm_history(" FIRM_COLS ", version, valid_from, replaced_at) "
                       "SELECT " FIRM_COLS ", version, updated_at, ?3 FROM firms WHERE uscc = ?1 "
                       "AND version = ?2",
    [Q_PRODUCT_FIND] = "SELECT " PRODUCT_COLS " FROM firm_products WHERE uscc = ?1 AND "
                       "product_id = ?2",
    [Q_PRODUCT_UPSERT] = "INSERT INTO firm_products(" PRODUCT_COLS ", updated_at) VALUES (?1, ?2, "
                         "?3, ?4, ?5, ?6, ?7) ON CONFLICT(uscc, product_id) DO UPDATE SET kind = "
                         "excluded.kind, name = excluded.name, price_fen = excluded.price_fen, "
                         "date = excluded.date, updated_at = excluded.updated_at",
};

struct registry_repo {
    hs_store *store;
    db_conn *db;
    db_stmt *q[Q_COUNT];
    bool bulk;
};

static hs_status db_fail(registry_repo *repo, hs_error *err, const char *what) {
    return hs_fail(err, HS_STORAGE, "%s: registry: %s: %s", store_path(repo->store), what,
                   db_errmsg(repo->db));
}

/* A write must run in the transaction of this repository's store. */
static void check_tx(const registry_repo *repo, const hs_tx *tx) {
    assert(repo != NULL && tx != NULL);
    assert(tx->store == repo->store);
    assert(store_in_txn(tx->store));
}

hs_status registry_repo_open(hs_store *s, registry_repo **out, hs_error *err) {
    assert(s != NULL && out != NULL);
    *out = NULL;
    registry_repo *repo = calloc(1, sizeof *repo);
    if (repo == NULL)
        return hs_fail(err, HS_STORAGE, "registry: out of memory");
    repo->store = s;
    repo->db = store_db(s);
    for (int i = 0; i < Q_COUNT; i++)
        if (db_prepare(repo->db, registry_sql[i], &repo->q[i]) != DB_OK) {
            hs_status st = db_fail(repo, err, "preparing a statement");
            registry_repo_close(repo);
            return st;
        }
    *out = repo;
    return HS_OK;
}

void registry_repo_close(registry_repo *repo) {
    if (repo == NULL)
        return;
    if (repo->bulk) {
        hs_error ignored;
        registry_repo_bulk_load(repo, false, &ignored);
    }
    for (int i = 0; i < Q_COUNT; i++)
        db_finalize(repo->q[i]);
    free(repo);
}

/* ---- rows <-> firms ---- */

static void bind_opt(db_stmt *q, int idx, bool has, int64_t v) {
    if (has)
        db_bind_int64(q, idx, v);
    else
        db_bind_null(q, idx);
}

/* Binds ?1..?18 in FIRM_COLS order. */
static void bind_firm(db_stmt *q, const hs_firm *f) {
    db_bind_text(q, 1, f->uscc);
    db_bind_text(q, 2, f->name);
    db_bind_text(q, 3, f->city);
    db_bind_text(q, 4, f->district);
    db_bind_text(q, 5, firm_sector_code(f->sector));
    db_bind_text(q, 6, firm_stage_code(f->stage));
    bind_opt(q, 7, f->has & FIRM_HAS_FOUNDED, f->founded);
    bind_opt(q, 8, f->has & FIRM_HAS_EMPLOYEES, f->employees);
    bind_opt(q, 9, f->has & FIRM_HAS_REVENUE, f->revenue_fen);
    bind_opt(q, 10, f->has & FIRM_HAS_RD_SPEND, f->rd_spend_fen);
    bind_opt(q, 11, f->has & FIRM_HAS_PATENTS, f->patents);
    bind_opt(q, 12, f->has & FIRM_HAS_TRADEMARKS, f->trademarks);
    bind_opt(q, 13, f->has & FIRM_HAS_SOFTWARE_COPYRIGHTS, f->software_copyrights);
    db_bind_int(q, 14, (f->flags & FIRM_FLAG_HIGH_TECH) != 0);
    db_bind_int(q, 15, (f->flags & FIRM_FLAG_ZJTX) != 0);
    db_bind_int(q, 16, (f->flags & FIRM_FLAG_NATIONAL_LAB) != 0);
    db_bind_int(q, 17, (f->flags & FIRM_FLAG_NATIONAL_ENGINEERING_CENTER) != 0);
    db_bind_int(q, 18, (f->flags & FIRM_FLAG_UNICORN) != 0);
}

static void col_opt(db_stmt *q, int col, hs_firm *f, uint32_t bit, int64_t *dst) {
    if (db_column_is_null(q, col))
        return;
    *dst = db_column_int64(q, col);
    f->has |= bit;
}

/* Reads FIRM_COLS starting at column 0 (labels that do not decode read as unset). */
static void read_firm(db_stmt *q, hs_firm *f) {
    firm_init(f);
    store_column_text(q, 0, f->uscc, sizeof f->uscc);
    store_column_text(q, 1, f->name, sizeof f->name);
    store_column_text(q, 2, f->city, sizeof f->city);
    store_column_text(q, 3, f->district, sizeof f->district);
    const char *sector = db_column_text(q, 4), *stage = db_column_text(q, 5);
    if (sector == NULL || !firm_sector_parse((const char *)sector, &f->sector))
        f->sector = FIRM_SECTOR_UNSET;
    if (stage == NULL || !firm_stage_parse((const char *)stage, &f->stage))
        f->stage = FIRM_STAGE_UNSET;
    if (!db_column_is_null(q, 6)) {
        f->founded = (hs_date)db_column_int(q, 6);
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
        if (db_column_int(q, 13 + i))
            f->flags |= flags[i];
}

static void read_meta(db_stmt *q, int col, bool history, firm_meta *meta) {
    meta->version = db_column_int64(q, col);
    store_column_text(q, col + 1, meta->updated_at, sizeof meta->updated_at);
    if (history)
        store_column_text(q, col + 2, meta->replaced_at, sizeof meta->replaced_at);
    else
        meta->replaced_at[0] = '\0';
}

static void read_product(db_stmt *q, hs_product *p) {
    memset(p, 0, sizeof *p);
    store_column_text(q, 0, p->uscc, sizeof p->uscc);
    store_column_text(q, 1, p->product_id, sizeof p->product_id);
    const char *kind = db_column_text(q, 2);
    if (kind == NULL || !product_kind_parse((const char *)kind, &p->kind))
        p->kind = PRODUCT_KIND_OTHER;
    store_column_text(q, 3, p->name, sizeof p->name);
    if (!db_column_is_null(q, 4)) {
        p->price_fen = db_column_int64(q, 4);
        p->has |= PRODUCT_HAS_PRICE;
    }
    if (!db_column_is_null(q, 5)) {
        p->date = (hs_date)db_column_int(q, 5);
        p->has |= PRODUCT_HAS_DATE;
    }
}

/* ---- reads ---- */

hs_status registry_repo_firm_find(registry_repo *repo, const char *uscc, hs_firm *out,
                                  firm_meta *meta, bool *found, hs_error *err) {
    assert(repo != NULL && uscc != NULL && out != NULL && found != NULL);
    db_stmt *q = repo->q[Q_FIND];
    db_reset(q);
    db_bind_text(q, 1, uscc);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW) {
        read_firm(q, out);
        if (meta != NULL)
            read_meta(q, FIRM_COLS_N, false, meta);
    }
    db_reset(q);
    db_clear_bindings(q);
    if (rc != DB_ROW && rc != DB_DONE)
        return db_fail(repo, err, "reading a firm");
    return HS_OK;
}

/* Appends the WHERE clause for `query` to sql; bind_query binds in the same order. */
static bool query_sql(const registry_query *query, char *sql, size_t len) {
    if (query == NULL)
        return true;
    size_t used = strlen(sql);
    const char *sep = " WHERE ";
#define ADD(text)                                                                                  \
    do {                                                                                           \
        int n = snprintf(sql + used, len - used, "%s%s", sep, text);                               \
        if (n < 0 || (size_t)n >= len - used)                                                      \
            return false;                                                                          \
        used += (size_t)n;                                                                         \
        sep = " AND ";                                                                             \
    } while (0)
    if (query->ncities > 0) {
        ADD("city IN (?");
        for (size_t i = 1; i < query->ncities; i++) {
            sep = "";
            ADD(", ?");
        }
        sep = "";
        ADD(")");
        sep = " AND ";
    }
    if (query->sector != FIRM_SECTOR_UNSET)
        ADD("sector = ?");
    if (query->stage != FIRM_STAGE_UNSET)
        ADD("stage = ?");
    static const char *const flag_cols[FIRM_FLAG_COUNT] = {
        "high_tech = 1", "zjtx = 1", "national_lab = 1", "national_engineering_center = 1",
        "unicorn = 1"};
    for (int i = 0; i < FIRM_FLAG_COUNT; i++)
        if (query->flags_all & (1u << i))
            ADD(flag_cols[i]);
#undef ADD
    return true;
}

static void bind_query(db_stmt *q, const registry_query *query) {
    if (query == NULL)
        return;
    int idx = 1;
    for (size_t i = 0; i < query->ncities; i++)
        db_bind_text(q, idx++, query->cities[i]);
    if (query->sector != FIRM_SECTOR_UNSET)
        db_bind_text(q, idx++, firm_sector_code(query->sector));
    if (query->stage != FIRM_STAGE_UNSET)
        db_bind_text(q, idx++, firm_stage_code(query->stage));
}

/* Prepares `head` + the query's WHERE clause + `tail`. */
static hs_status prepare_query(registry_repo *repo, const char *head, const registry_query *query,
                               const char *tail, db_stmt **out, const char *what, hs_error *err) {
    assert(query == NULL || query->ncities <= 64);
    char sql[2048];
    snprintf(sql, sizeof sql, "%s", head);
    if (!query_sql(query, sql, sizeof sql - strlen(tail) - 1))
        return hs_fail(err, HS_INPUT, "registry: %s: too many conditions", what);
    strcat(sql, tail);
    if (db_prepare(repo->db, sql, out) != DB_OK)
        return db_fail(repo, err, what);
    bind_query(*out, query);
    return HS_OK;
}

hs_status registry_repo_firms_each(registry_repo *repo, const registry_query *query,
                                   hs_status (*fn)(void *ctx, const hs_firm *f, hs_error *err),
                                   void *ctx, hs_error *err) {
    assert(repo != NULL && fn != NULL);
    db_stmt *q;
    hs_status st = prepare_query(repo, "SELECT " FIRM_COLS " FROM firms", query, " ORDER BY uscc",
                                 &q, "listing firms", err);
    if (st != HS_OK)
        return st;
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        hs_firm f;
        read_firm(q, &f);
        if ((st = fn(ctx, &f, err)) != HS_OK)
            break;
    }
    if (st == HS_OK && rc != DB_DONE)
        st = db_fail(repo, err, "listing firms");
    db_finalize(q);
    return st;
}

hs_status registry_repo_firms_count(registry_repo *repo, const registry_query *query,
                                    int64_t *count, hs_error *err) {
    assert(repo != NULL && count != NULL);
    db_stmt *q;
    hs_status st =
        prepare_query(repo, "SELECT count(*) FROM firms", query, "", &q, "counting firms", err);
    if (st != HS_OK)
        return st;
    if (db_step(q) == DB_ROW)
        *count = db_column_int64(q, 0);
    else
        st = db_fail(repo, err, "counting firms");
    db_finalize(q);
    return st;
}

hs_status registry_repo_history_each(registry_repo *repo, const char *uscc,
                                     hs_status (*fn)(void *ctx, const hs_firm *f,
                                                     const firm_meta *meta, hs_error *err),
                                     void *ctx, hs_error *err) {
    assert(repo != NULL && uscc != NULL && fn != NULL);
    db_stmt *q;
    if (db_prepare(repo->db,
                   "SELECT " FIRM_COLS ", version, valid_from, replaced_at FROM "
                   "firm_history WHERE uscc = ?1 ORDER BY version",
                   &q) != DB_OK)
        return db_fail(repo, err, "reading firm history");
    db_bind_text(q, 1, uscc);
    hs_status st = HS_OK;
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        hs_firm f;
        firm_meta meta;
        read_firm(q, &f);
        read_meta(q, FIRM_COLS_N, true, &meta);
        if ((st = fn(ctx, &f, &meta, err)) != HS_OK)
            break;
    }
    if (st == HS_OK && rc != DB_DONE)
        st = db_fail(repo, err, "reading firm history");
    db_finalize(q);
    return st;
}

hs_status registry_repo_products_each(registry_repo *repo, const char *uscc,
                                      hs_status (*fn)(void *ctx, const hs_product *p,
                                                      hs_error *err),
                                      void *ctx, hs_error *err) {
    assert(repo != NULL && fn != NULL);
    db_stmt *q;
    const char *sql = uscc ? "SELECT " PRODUCT_COLS
                             " FROM firm_products WHERE uscc = ?1 ORDER BY uscc, "
                             "product_id"
                           : "SELECT " PRODUCT_COLS " FROM firm_products ORDER BY uscc, product_id";
    if (db_prepare(repo->db, sql, &q) != DB_OK)
        return db_fail(repo, err, "listing products");
    if (uscc)
        db_bind_text(q, 1, uscc);
    hs_status st = HS_OK;
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        hs_product p;
        read_product(q, &p);
        if ((st = fn(ctx, &p, err)) != HS_OK)
            break;
    }
    if (st == HS_OK && rc != DB_DONE)
        st = db_fail(repo, err, "listing products");
    db_finalize(q);
    return st;
}

hs_status registry_repo_product_find(registry_repo *repo, const char *uscc, const char *product_id,
                                     hs_product *out, bool *found, hs_error *err) {
    assert(repo != NULL && uscc != NULL && product_id != NULL && out != NULL && found != NULL);
    db_stmt *q = repo->q[Q_PRODUCT_FIND];
    db_reset(q);
    db_bind_text(q, 1, uscc);
    db_bind_text(q, 2, product_id);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        read_product(q, out);
    db_reset(q);
    db_clear_bindings(q);
    if (rc != DB_ROW && rc != DB_DONE)
        return db_fail(repo, err, "reading a product");
    return HS_OK;
}

/* ---- writes ---- */

/* Runs one statement to completion (it has no result rows); *changes gets the rows it changed. */
static hs_status run(registry_repo *repo, db_stmt *q, const char *what, int *changes,
                     hs_error *err) {
    int rc = db_step(q);
    db_reset(q);
    db_clear_bindings(q);
    if (rc != DB_DONE)
        return db_fail(repo, err, what);
    *changes = db_changes(repo->db);
    return HS_OK;
}

hs_status registry_repo_firm_insert(registry_repo *repo, hs_tx *tx, const hs_firm *f,
                                    const char *now, bool *inserted, hs_error *err) {
    check_tx(repo, tx);
    assert(f != NULL && now != NULL && inserted != NULL);
    db_stmt *q = repo->q[Q_INSERT_NEW];
    bind_firm(q, f);
    db_bind_text(q, 19, now);
    int changes = 0;
    hs_status st = run(repo, q, "inserting a firm", &changes, err);
    if (st != HS_OK)
        return st;
    assert(changes == 0 || changes == 1); /* one row, keyed by the credit code */
    *inserted = changes == 1;
    return HS_OK;
}

hs_status registry_repo_firm_replace(registry_repo *repo, hs_tx *tx, const hs_firm *f,
                                     int64_t version, const char *now, hs_error *err) {
    check_tx(repo, tx);
    assert(f != NULL && now != NULL);
    db_stmt *h = repo->q[Q_HISTORY_COPY];
    db_bind_text(h, 1, f->uscc);
    db_bind_int64(h, 2, version);
    db_bind_text(h, 3, now);
    int changes = 0;
    hs_status st = run(repo, h, "saving firm history", &changes, err);
    if (st != HS_OK)
        return st;
    if (changes != 1)
        return hs_fail(err, HS_STORAGE,
                       "%s: registry: firm %s is not stored at version %lld (history not saved)",
                       store_path(repo->store), f->uscc, (long long)version);
    db_stmt *u = repo->q[Q_UPDATE];
    bind_firm(u, f);
    db_bind_text(u, 19, now);
    db_bind_int64(u, 20, version);
    if ((st = run(repo, u, "updating a firm", &changes, err)) != HS_OK)
        return st;
    if (changes != 1) /* the history row was copied from this very row in this transaction */
        return hs_fail(err, HS_STORAGE, "%s: registry: firm %s vanished while being updated",
                       store_path(repo->store), f->uscc);
    return HS_OK;
}

hs_status registry_repo_product_put(registry_repo *repo, hs_tx *tx, const hs_product *p,
                                    const char *now, hs_error *err) {
    check_tx(repo, tx);
    assert(p != NULL && now != NULL);
    db_stmt *q = repo->q[Q_PRODUCT_UPSERT];
    db_bind_text(q, 1, p->uscc);
    db_bind_text(q, 2, p->product_id);
    db_bind_text(q, 3, product_kind_code(p->kind));
    db_bind_text(q, 4, p->name);
    bind_opt(q, 5, p->has & PRODUCT_HAS_PRICE, p->price_fen);
    bind_opt(q, 6, p->has & PRODUCT_HAS_DATE, p->date);
    db_bind_text(q, 7, now);
    int changes = 0;
    hs_status st = run(repo, q, "storing a product", &changes, err);
    if (st == HS_OK)
        assert(changes == 1);
    return st;
}

/* ---- bulk loads ---- */

hs_status registry_repo_bulk_load(registry_repo *repo, bool on, hs_error *err) {
    assert(repo != NULL);
    if (on == repo->bulk)
        return HS_OK;
    repo->bulk = on;
    if (db_bulk_load(repo->db, on) != DB_OK)
        return store_fail(repo->store, err, on ? "preparing a bulk load" : "ending a bulk load");
    return HS_OK;
}
