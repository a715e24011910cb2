/* db_driver.h — what a driver of the statement interface (store/db.h) provides, private to
 * src/store/: db.c forwards each db_* call to the driver of the connection or statement, found
 * in the first member of both. Generated entries, one per function of db.h (same contracts). */
#ifndef HS_STORE_DB_DRIVER_H
#define HS_STORE_DB_DRIVER_H

#include "store/db.h"

typedef struct db_driver db_driver;

/* Every driver's connection and statement structs begin with these. */
struct db_conn {
    const db_driver *driver;
};
struct db_stmt {
    const db_driver *driver;
};

struct db_driver {
    const char *name; /* "sqlite", "postgresql" */
    hs_status (*ready)(db_conn *c, hs_error *err);
    const char *(*target)(const db_conn *c);
    const char *(*errmsg)(db_conn *c);
    db_err_kind (*error_kind)(db_conn *c);
    int (*bulk_load)(db_conn *c, bool on);
    int (*prepare)(db_conn *c, const char *sql, db_stmt **q);
    int (*prepare_cached)(db_conn *c, const char *sql, db_stmt **q);
    void (*release)(db_stmt *q);
    void (*finalize)(db_stmt *q);
    void (*reset)(db_stmt *q);
    void (*clear_bindings)(db_stmt *q);
    void (*bind_int64)(db_stmt *q, int i, int64_t v);
    void (*bind_double)(db_stmt *q, int i, double v);
    void (*bind_null)(db_stmt *q, int i);
    void (*bind_text)(db_stmt *q, int i, const char *v);
    void (*bind_text_copy)(db_stmt *q, int i, const char *v);
    void (*bind_blob)(db_stmt *q, int i, const void *v, size_t len);
    int (*step)(db_stmt *q);
    int64_t (*column_int64)(db_stmt *q, int i);
    double (*column_double)(db_stmt *q, int i);
    const char *(*column_text)(db_stmt *q, int i);
    const void *(*column_blob)(db_stmt *q, int i);
    size_t (*column_bytes)(db_stmt *q, int i);
    bool (*column_is_null)(db_stmt *q, int i);
    bool (*column_is_integer)(db_stmt *q, int i);
    const char *(*sql)(db_stmt *q);
    bool (*busy)(db_stmt *q);
    int (*exec)(db_conn *c, const char *sql);
    int64_t (*changes)(db_conn *c);
    int64_t (*total_changes)(db_conn *c);
    int64_t (*last_insert_id)(db_conn *c);
    int (*begin)(db_conn *c);
    int (*begin_read)(db_conn *c);
    int (*commit)(db_conn *c);
    int (*rollback)(db_conn *c);
    bool (*in_txn)(db_conn *c);
    int (*savepoint)(db_conn *c);
    int (*savepoint_release)(db_conn *c);
    int (*savepoint_undo)(db_conn *c);
    int (*data_version)(db_conn *c, int64_t *version);
    int (*schema_version)(db_conn *c, int *version);
    int (*set_schema_version)(db_conn *c, int version);
    int (*schema_objects)(db_conn *c, int64_t *count);
    int (*column_count)(db_stmt *q);
    const char *(*column_name)(db_stmt *q, int i);
    db_type (*column_type)(db_stmt *q, int i);
    int (*tables)(db_conn *c, bool (*fn)(void *ctx, const char *name), void *ctx);
    int (*keys_follow)(db_conn *c, const char *table);
    void (*close)(db_conn *c);
};

/* The drivers' openers (db_open picks one by the target's form). */
hs_status db_sqlite_open(const char *path, store_open_mode mode, db_conn **out, bool *read_only,
                         hs_error *err);
hs_status db_pg_open(const char *url, store_open_mode mode, db_conn **out, bool *read_only,
                     hs_error *err);

#endif
