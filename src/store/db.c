/* db.c — the statement interface (store/db.h): picks a driver when a book is opened and forwards
 * every call to the driver of its connection or statement (db_driver.h). */
#include "store/db_driver.h"

#include <assert.h>
#include <string.h>

bool db_target_is_postgres(const char *target) {
    return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
}

hs_status db_open(const char *target, store_open_mode mode, db_conn **out, bool *read_only,
                  hs_error *err) {
    assert(target != NULL && out != NULL && read_only != NULL);
    if (db_target_is_postgres(target))
        return db_pg_open(target, mode, out, read_only, err);
    return db_sqlite_open(target, mode, out, read_only, err);
}

void db_bind_int(db_stmt *q, int i, int v) {
    q->driver->bind_int64(q, i, v);
}

bool db_is_postgres(const db_conn *c) {
    return strcmp(c->driver->name, "postgresql") == 0;
}

int db_column_int(db_stmt *q, int i) {
    return (int)q->driver->column_int64(q, i);
}

hs_status db_ready(db_conn *c, hs_error *err) {
    return c->driver->ready(c, err);
}

const char *db_target(const db_conn *c) {
    return c->driver->target(c);
}

const char *db_errmsg(db_conn *c) {
    return c->driver->errmsg(c);
}

db_err_kind db_error_kind(db_conn *c) {
    return c->driver->error_kind(c);
}

int db_bulk_load(db_conn *c, bool on) {
    return c->driver->bulk_load(c, on);
}

int db_prepare(db_conn *c, const char *sql, db_stmt **q) {
    return c->driver->prepare(c, sql, q);
}

int db_prepare_cached(db_conn *c, const char *sql, db_stmt **q) {
    return c->driver->prepare_cached(c, sql, q);
}

void db_release(db_stmt *q) {
    if (q == NULL)
        return;
    q->driver->release(q);
}

void db_finalize(db_stmt *q) {
    if (q == NULL)
        return;
    q->driver->finalize(q);
}

void db_reset(db_stmt *q) {
    q->driver->reset(q);
}

void db_clear_bindings(db_stmt *q) {
    q->driver->clear_bindings(q);
}

void db_bind_int64(db_stmt *q, int i, int64_t v) {
    q->driver->bind_int64(q, i, v);
}

void db_bind_double(db_stmt *q, int i, double v) {
    q->driver->bind_double(q, i, v);
}

void db_bind_null(db_stmt *q, int i) {
    q->driver->bind_null(q, i);
}

void db_bind_text(db_stmt *q, int i, const char *v) {
    q->driver->bind_text(q, i, v);
}

void db_bind_text_copy(db_stmt *q, int i, const char *v) {
    q->driver->bind_text_copy(q, i, v);
}

void db_bind_blob(db_stmt *q, int i, const void *v, size_t len) {
    q->driver->bind_blob(q, i, v, len);
}

int db_step(db_stmt *q) {
    return q->driver->step(q);
}

int64_t db_column_int64(db_stmt *q, int i) {
    return q->driver->column_int64(q, i);
}

double db_column_double(db_stmt *q, int i) {
    return q->driver->column_double(q, i);
}

const char *db_column_text(db_stmt *q, int i) {
    return q->driver->column_text(q, i);
}

const void *db_column_blob(db_stmt *q, int i) {
    return q->driver->column_blob(q, i);
}

size_t db_column_bytes(db_stmt *q, int i) {
    return q->driver->column_bytes(q, i);
}

bool db_column_is_null(db_stmt *q, int i) {
    return q->driver->column_is_null(q, i);
}

bool db_column_is_integer(db_stmt *q, int i) {
    return q->driver->column_is_integer(q, i);
}

const char *db_sql(db_stmt *q) {
    return q->driver->sql(q);
}

bool db_busy(db_stmt *q) {
    return q->driver->busy(q);
}

int db_exec(db_conn *c, const char *sql) {
    return c->driver->exec(c, sql);
}

int64_t db_changes(db_conn *c) {
    return c->driver->changes(c);
}

int64_t db_total_changes(db_conn *c) {
    return c->driver->total_changes(c);
}

int64_t db_last_insert_id(db_conn *c) {
    return c->driver->last_insert_id(c);
}

int db_begin(db_conn *c) {
    return c->driver->begin(c);
}

int db_begin_read(db_conn *c) {
    return c->driver->begin_read(c);
}

int db_commit(db_conn *c) {
    return c->driver->commit(c);
}

int db_rollback(db_conn *c) {
    return c->driver->rollback(c);
}

bool db_in_txn(db_conn *c) {
    return c->driver->in_txn(c);
}

int db_savepoint(db_conn *c) {
    return c->driver->savepoint(c);
}

int db_savepoint_release(db_conn *c) {
    return c->driver->savepoint_release(c);
}

int db_savepoint_undo(db_conn *c) {
    return c->driver->savepoint_undo(c);
}

int db_data_version(db_conn *c, int64_t *version) {
    return c->driver->data_version(c, version);
}

int db_schema_version(db_conn *c, int *version) {
    return c->driver->schema_version(c, version);
}

int db_set_schema_version(db_conn *c, int version) {
    return c->driver->set_schema_version(c, version);
}

int db_schema_objects(db_conn *c, int64_t *count) {
    return c->driver->schema_objects(c, count);
}

int db_column_count(db_stmt *q) {
    return q->driver->column_count(q);
}

const char *db_column_name(db_stmt *q, int i) {
    return q->driver->column_name(q, i);
}

db_type db_column_type(db_stmt *q, int i) {
    return q->driver->column_type(q, i);
}

int db_tables(db_conn *c, bool (*fn)(void *ctx, const char *name), void *ctx) {
    return c->driver->tables(c, fn, ctx);
}

int db_keys_follow(db_conn *c, const char *table) {
    return c->driver->keys_follow(c, table);
}

void db_close(db_conn *c) {
    if (c == NULL)
        return;
    c->driver->close(c);
}
