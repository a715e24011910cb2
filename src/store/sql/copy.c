/* copy.c — a whole book into a new, empty one, on either backend (store_copy in store.h). */
#include "store/store.h"
#include "store/sql/sql_store.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY_TABLES_MAX 256

typedef struct {
    char names[COPY_TABLES_MAX][64];
    size_t n;
    bool overflow;
} table_list;

static bool add_table(void *ctx, const char *name) {
    table_list *l = ctx;
    if (l->n == COPY_TABLES_MAX || strlen(name) >= sizeof l->names[0]) {
        l->overflow = true;
        return false;
    }
    snprintf(l->names[l->n++], sizeof l->names[0], "%s", name);
    return true;
}

static bool listed(const table_list *l, const char *name) {
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->names[i], name) == 0)
            return true;
    return false;
}

/* Tables the copy leaves to the destination: the schema versions its migrations wrote, and what
 * a trigger keeps from another table (fund_deal_totals, from fund_deals as they are copied). */
static bool derived(const char *table) {
    return strcmp(table, "module_versions") == 0 || strcmp(table, "fund_deal_totals") == 0;
}

static hs_status fail_on(hs_store *s, hs_error *err, const char *what, const char *table) {
    char w[160];
    snprintf(w, sizeof w, "%s %s", what, table);
    return store_fail(s, err, w);
}

/* Copies every row of `table` from src to dst (inside dst's open transaction), in insertion order
 * where the table has one; adds the rows to *rows. */
static hs_status copy_table(hs_store *src, hs_store *dst, const char *table, int64_t *rows,
                            hs_error *err) {
    char sql[4096];
    db_stmt *q, *ins = NULL;
    snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY rowid", table);
    if (db_prepare(store_db(src), sql, &q) != DB_OK) { /* a table without rowids (SQLite) */
        snprintf(sql, sizeof sql, "SELECT * FROM %s", table);
        if (db_prepare(store_db(src), sql, &q) != DB_OK)
            return fail_on(src, err, "reading", table);
    }
    snprintf(sql, sizeof sql, "DELETE FROM %s", table);
    if (db_exec(store_db(dst), sql) != DB_OK) {
        db_finalize(q);
        return fail_on(dst, err, "emptying", table);
    }
    hs_status st = HS_OK;
    int rc, cols = 0, map[128]; /* map[k]: the source column of insert parameter k + 1 */
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        if (ins == NULL) {
            int n = db_column_count(q);
            size_t len = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s (", table);
            for (int i = 0; i < n && len < sizeof sql; i++) {
                const char *name = db_column_name(q, i);
                if (name == NULL || strcmp(name, "hs_rowid") == 0)
                    continue; /* PostgreSQL's insertion order: numbered again as rows arrive */
                if (cols == (int)(sizeof map / sizeof map[0])) {
                    st = hs_fail(err, HS_STORAGE, "table %s has too many columns to copy", table);
                    break;
                }
                len += (size_t)snprintf(sql + len, sizeof sql - len, "%s\"%s\"", cols ? ", " : "",
                                        name);
                map[cols++] = i;
            }
            for (int k = 0; k < cols && len < sizeof sql; k++)
                len += (size_t)snprintf(sql + len, sizeof sql - len, "%s?%d",
                                        k ? ", " : ") VALUES (", k + 1);
            if (len + 2 >= sizeof sql)
                st = hs_fail(err, HS_STORAGE, "table %s: its insert is too long", table);
            if (st != HS_OK)
                break;
            snprintf(sql + len, sizeof sql - len, ")");
            if (db_prepare(store_db(dst), sql, &ins) != DB_OK) {
                st = fail_on(dst, err, "writing", table);
                break;
            }
        }
        for (int k = 0; k < cols; k++) {
            int i = map[k];
            switch (db_column_type(q, i)) {
            case DB_NULL:
                db_bind_null(ins, k + 1);
                break;
            case DB_INTEGER:
                db_bind_int64(ins, k + 1, db_column_int64(q, i));
                break;
            case DB_FLOAT:
                db_bind_double(ins, k + 1, db_column_double(q, i));
                break;
            case DB_TEXT:
                db_bind_text(ins, k + 1, db_column_text(q, i));
                break;
            case DB_BLOB:
                db_bind_blob(ins, k + 1, db_column_blob(q, i), db_column_bytes(q, i));
                break;
            }
        }
        if (db_step(ins) != DB_DONE)
            st = fail_on(dst, err, "writing", table);
        db_reset(ins);
        (*rows)++;
    }
    if (st == HS_OK && rc != DB_DONE)
        st = fail_on(src, err, "reading", table);
    db_finalize(q);
    db_finalize(ins);
    if (st == HS_OK && db_keys_follow(store_db(dst), table) != DB_OK)
        st = fail_on(dst, err, "renumbering the keys of", table);
    return st;
}

hs_status store_copy(const char *src_path, const char *dst_path, store_copy_report *report,
                     hs_error *err) {
    assert(src_path != NULL && dst_path != NULL && report != NULL);
    memset(report, 0, sizeof *report);
    hs_store *src = NULL, *dst = NULL;
    hs_status st = store_open(src_path, STORE_OPEN_EXISTING, &src, err);
    if (st != HS_OK)
        return st;
    if (store_book_exists(dst_path)) {
        store_check_report c;
        if ((st = store_open(dst_path, STORE_OPEN_EXISTING, &dst, err)) == HS_OK &&
            (st = store_check(dst, &c, err)) == HS_OK && (c.accounts > 0 || c.transfers > 0))
            st = hs_fail_code(err, HS_INPUT, "book_not_empty", "destination",
                              "%s: the destination book already holds %lld accounts and %lld "
                              "transfers; copy into a new, empty book",
                              dst_path, (long long)c.accounts, (long long)c.transfers);
    } else
        st = store_open(dst_path, STORE_CREATE, &dst, err);
    table_list *from = calloc(2, sizeof *from), *to = from ? from + 1 : NULL;
    if (st == HS_OK && from == NULL)
        st = hs_fail(err, HS_STORAGE, "out of memory");
    if (st == HS_OK && (db_tables(store_db(src), add_table, from) != DB_OK || from->overflow))
        st = store_fail(src, err, "listing the tables");
    if (st == HS_OK && (db_tables(store_db(dst), add_table, to) != DB_OK || to->overflow))
        st = store_fail(dst, err, "listing the tables");
    for (size_t i = 0; st == HS_OK && i < from->n; i++)
        if (!listed(to, from->names[i]))
            st = hs_fail(err, HS_STORAGE, "%s: table %s has no place in %s", src_path,
                         from->names[i], dst_path);
    /* one transaction: the copy is whole or not there; rows as stored (the audit chain's hashes,
     * the transfers' sequence numbers and ids), never through the ledger */
    if (st == HS_OK && db_begin(store_db(dst)) != DB_OK)
        st = store_fail(dst, err, "beginning the copy");
    bool open = st == HS_OK;
    /* tables in name order, each under a savepoint: one whose rows name rows of a table not yet
     * copied (a foreign key) is undone and tried again in the next pass */
    bool done[COPY_TABLES_MAX] = {false};
    for (size_t pass = 0, left = from->n; st == HS_OK && left > 0; pass++) {
        size_t before = left;
        for (size_t i = 0; st == HS_OK && i < from->n; i++) {
            if (done[i] || derived(from->names[i])) {
                if (!done[i])
                    left--;
                done[i] = true;
                continue;
            }
            int64_t rows = 0;
            if (db_savepoint(store_db(dst)) != DB_OK) {
                st = store_fail(dst, err, "copying");
                break;
            }
            st = copy_table(src, dst, from->names[i], &rows, err);
            if (st == HS_STORAGE && db_error_kind(store_db(dst)) == DB_ERR_CONSTRAINT &&
                pass + 1 < from->n) {
                if (db_savepoint_undo(store_db(dst)) != DB_OK)
                    break;
                st = HS_OK; /* again in the next pass */
                continue;
            }
            if (st == HS_OK && db_savepoint_release(store_db(dst)) != DB_OK)
                st = store_fail(dst, err, "copying");
            done[i] = true;
            left--;
            report->rows += rows;
            report->tables++;
        }
        if (st == HS_OK && left == before)
            st = hs_fail(err, HS_STORAGE, "%s: the tables' references go round in a circle",
                         dst_path);
    }
    if (st == HS_OK && db_commit(store_db(dst)) != DB_OK)
        st = store_fail(dst, err, "committing the copy");
    else if (st != HS_OK && open)
        db_rollback(store_db(dst));
    free(from);
    store_close(dst);
    store_close(src);
    return st;
}
