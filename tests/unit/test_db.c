/* test_db.c — the statement interface (store/db.h) on its SQLite driver: statements, cached
 * statements, transactions and the savepoint, the error kinds callers act on, the data version
 * another connection's commit changes, and the schema version. */
#include "harness.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/db.h"

/* A fresh book file in /tmp (removed by drop_book), opened with the driver. */
static db_conn *open_file(char *path, size_t len) {
    snprintf(path, len, "/tmp/hs-test-db-%ld.db", (long)getpid());
    unlink(path);
    db_conn *c = NULL;
    bool read_only = true;
    hs_error err = {0};
    if (db_open(path, STORE_CREATE, &c, &read_only, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "db_open: %s", err.msg);
    CHECK(!read_only);
    return c;
}

static void drop_book(const char *path) {
    char side[300];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static int64_t count_rows(db_conn *c) {
    db_stmt *q;
    int64_t n = -1;
    if (db_prepare(c, "SELECT COUNT(*) FROM t", &q) != DB_OK)
        return -1;
    if (db_step(q) == DB_ROW)
        n = db_column_int64(q, 0);
    db_finalize(q);
    return n;
}

TEST(db_binds_steps_and_reads_columns) {
    char path[256];
    db_conn *c = open_file(path, sizeof path);
    CHECK_EQ_INT(db_exec(c, "CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER, b BLOB, z TEXT)"),
                 DB_OK);
    db_stmt *q;
    CHECK_EQ_INT(db_prepare(c, "INSERT INTO t(k, n, b, z) VALUES (?1, ?2, ?3, ?4)", &q), DB_OK);
    char key[8] = "a";
    db_bind_text_copy(q, 1, key);
    key[0] = 'x'; /* the copy is what is written */
    db_bind_int64(q, 2, INT64_MAX);
    db_bind_blob(q, 3, "\x01\x00\x02", 3);
    db_bind_null(q, 4);
    CHECK_EQ_INT(db_step(q), DB_DONE);
    CHECK_EQ_INT(db_changes(c), 1);
    db_reset(q);
    db_clear_bindings(q);
    db_bind_text(q, 1, "b");
    db_bind_int(q, 2, -7);
    CHECK_EQ_INT(db_step(q), DB_DONE);
    db_finalize(q);
    CHECK_EQ_INT(db_prepare(c, "SELECT k, n, b, z FROM t ORDER BY k", &q), DB_OK);
    CHECK_EQ_INT(db_step(q), DB_ROW);
    CHECK_EQ_STR(db_column_text(q, 0), "a");
    CHECK(db_column_int64(q, 1) == INT64_MAX);
    CHECK(db_column_is_integer(q, 1));
    CHECK_EQ_INT(db_column_bytes(q, 2), 3);
    CHECK(memcmp(db_column_blob(q, 2), "\x01\x00\x02", 3) == 0);
    CHECK(db_column_is_null(q, 3));
    CHECK(db_column_text(q, 3) == NULL);
    CHECK(db_busy(q));
    CHECK_EQ_INT(db_step(q), DB_ROW);
    CHECK_EQ_STR(db_column_text(q, 0), "b");
    CHECK_EQ_INT(db_column_int(q, 1), -7);
    CHECK(db_column_is_null(q, 2) && !db_column_is_integer(q, 2));
    CHECK_EQ_INT(db_step(q), DB_DONE);
    db_finalize(q);
    db_close(c);
    drop_book(path);
}

TEST(db_cached_statements_are_reused_only_when_idle) {
    char path[256];
    db_conn *c = open_file(path, sizeof path);
    CHECK_EQ_INT(
        db_exec(c, "CREATE TABLE t (k INTEGER PRIMARY KEY); INSERT INTO t VALUES (1), (2)"), DB_OK);
    static const char sql[] = "SELECT k FROM t ORDER BY k";
    db_stmt *a, *b, *again;
    CHECK_EQ_INT(db_prepare_cached(c, sql, &a), DB_OK);
    CHECK_EQ_STR(db_sql(a), sql);
    CHECK_EQ_INT(db_step(a), DB_ROW);
    /* a is stepping (a nested walk): a second one is prepared */
    CHECK_EQ_INT(db_prepare_cached(c, sql, &b), DB_OK);
    CHECK(a != b);
    db_release(a);
    db_release(b);
    CHECK_EQ_INT(db_prepare_cached(c, sql, &again), DB_OK);
    CHECK(again == a || again == b);
    CHECK_EQ_INT(db_step(again), DB_ROW);
    CHECK_EQ_INT(db_column_int64(again, 0), 1);
    db_release(again);
    db_release(NULL);
    db_close(c); /* finalizes the cached statements (ASan would see a leak) */
    drop_book(path);
}

TEST(db_transactions_and_the_savepoint) {
    char path[256];
    db_conn *c = open_file(path, sizeof path);
    CHECK_EQ_INT(db_exec(c, "CREATE TABLE t (k INTEGER PRIMARY KEY)"), DB_OK);
    CHECK(!db_in_txn(c));
    CHECK_EQ_INT(db_begin(c), DB_OK);
    CHECK(db_in_txn(c));
    CHECK_EQ_INT(db_exec(c, "INSERT INTO t VALUES (1)"), DB_OK);
    int64_t before = db_total_changes(c);
    CHECK_EQ_INT(db_savepoint(c), DB_OK);
    CHECK_EQ_INT(db_exec(c, "INSERT INTO t VALUES (2)"), DB_OK);
    CHECK_EQ_INT(db_last_insert_id(c), 2);
    CHECK_EQ_INT(db_savepoint_undo(c), DB_OK);
    /* undone rows still count in the connection's total (store_changes subtracts them) */
    CHECK_EQ_INT(db_total_changes(c) - before, 1);
    CHECK_EQ_INT(count_rows(c), 1);
    CHECK_EQ_INT(db_savepoint(c), DB_OK);
    CHECK_EQ_INT(db_exec(c, "INSERT INTO t VALUES (3)"), DB_OK);
    CHECK_EQ_INT(db_savepoint_release(c), DB_OK);
    CHECK(db_in_txn(c));
    CHECK_EQ_INT(db_commit(c), DB_OK);
    CHECK(!db_in_txn(c));
    CHECK_EQ_INT(count_rows(c), 2);
    CHECK_EQ_INT(db_begin(c), DB_OK);
    CHECK_EQ_INT(db_exec(c, "DELETE FROM t"), DB_OK);
    CHECK_EQ_INT(db_rollback(c), DB_OK);
    CHECK_EQ_INT(count_rows(c), 2);
    CHECK_EQ_INT(db_begin_read(c), DB_OK);
    CHECK(db_in_txn(c));
    CHECK_EQ_INT(count_rows(c), 2);
    CHECK_EQ_INT(db_commit(c), DB_OK);
    db_close(c);
    drop_book(path);
}

TEST(db_error_kinds_name_unique_busy_and_read_only) {
    char path[256];
    db_conn *c = open_file(path, sizeof path);
    CHECK_EQ_INT(db_exec(c, "CREATE TABLE t (k INTEGER PRIMARY KEY, u TEXT UNIQUE, "
                            "n INTEGER CHECK (n >= 0))"),
                 DB_OK);
    CHECK_EQ_INT(db_error_kind(c), DB_ERR_NONE);
    CHECK_EQ_INT(db_exec(c, "INSERT INTO t VALUES (1, 'a', 0)"), DB_OK);
    CHECK(db_exec(c, "INSERT INTO t VALUES (2, 'a', 0)") != DB_OK);
    CHECK_EQ_INT(db_error_kind(c), DB_ERR_UNIQUE);
    CHECK(db_exec(c, "INSERT INTO t VALUES (1, 'b', 0)") != DB_OK);
    CHECK_EQ_INT(db_error_kind(c), DB_ERR_UNIQUE);
    CHECK(db_exec(c, "INSERT INTO t VALUES (3, 'c', -1)") != DB_OK);
    CHECK_EQ_INT(db_error_kind(c), DB_ERR_CONSTRAINT);
    CHECK(db_exec(c, "SELECT nonsense FROM nowhere") != DB_OK);
    CHECK_EQ_INT(db_error_kind(c), DB_ERR_OTHER);
    CHECK(strstr(db_errmsg(c), "nowhere") != NULL);

    /* a second connection holding the write lock: the first one's write is busy, not an error of
     * another kind (the driver's busy timeout is long, so the lock is taken by this test itself) */
    db_conn *other = NULL;
    bool read_only;
    hs_error err = {0};
    CHECK_EQ_INT(db_open(path, STORE_OPEN_EXISTING, &other, &read_only, &err), HS_OK);
    CHECK_EQ_INT(db_begin(other), DB_OK);
    CHECK_EQ_INT(db_exec(c, "PRAGMA busy_timeout = 0"), DB_OK);
    CHECK(db_begin(c) != DB_OK);
    CHECK_EQ_INT(db_error_kind(c), DB_ERR_BUSY);
    CHECK_EQ_INT(db_rollback(other), DB_OK);
    db_close(other);
    db_close(c);

    /* a book this user cannot write opens read-only, and a write says so */
    if (geteuid() != 0) { /* root writes regardless of the mode */
        CHECK_EQ_INT(chmod(path, 0444), 0);
        CHECK_EQ_INT(db_open(path, STORE_OPEN_EXISTING, &c, &read_only, &err), HS_OK);
        CHECK(read_only);
        CHECK(db_exec(c, "INSERT INTO t VALUES (9, 'z', 0)") != DB_OK);
        CHECK_EQ_INT(db_error_kind(c), DB_ERR_READ_ONLY);
        db_close(c);
        chmod(path, 0644);
    }
    drop_book(path);
}

TEST(db_data_version_changes_when_another_connection_commits) {
    char path[256];
    db_conn *c = open_file(path, sizeof path);
    CHECK_EQ_INT(db_exec(c, "CREATE TABLE t (k INTEGER PRIMARY KEY)"), DB_OK);
    db_conn *other = NULL;
    bool read_only;
    hs_error err = {0};
    CHECK_EQ_INT(db_open(path, STORE_OPEN_EXISTING, &other, &read_only, &err), HS_OK);
    int64_t v1 = -1, v2 = -1, v3 = -1;
    CHECK_EQ_INT(db_begin(c), DB_OK);
    CHECK_EQ_INT(db_data_version(c, &v1), DB_OK);
    CHECK_EQ_INT(db_exec(c, "INSERT INTO t VALUES (1)"), DB_OK);
    CHECK_EQ_INT(db_commit(c), DB_OK);
    CHECK_EQ_INT(db_begin(c), DB_OK);
    CHECK_EQ_INT(db_data_version(c, &v2), DB_OK);
    CHECK_EQ_INT(db_commit(c), DB_OK);
    CHECK_EQ_INT(v1, v2); /* our own commit */
    CHECK_EQ_INT(db_exec(other, "INSERT INTO t VALUES (2)"), DB_OK);
    CHECK_EQ_INT(db_begin(c), DB_OK);
    CHECK_EQ_INT(db_data_version(c, &v3), DB_OK);
    CHECK_EQ_INT(db_commit(c), DB_OK);
    CHECK(v3 != v2); /* another connection's */
    db_close(other);
    db_close(c);
    drop_book(path);
}

TEST(db_schema_version_and_objects) {
    char path[256];
    db_conn *c = open_file(path, sizeof path);
    int version = -1;
    int64_t objects = -1;
    CHECK_EQ_INT(db_schema_version(c, &version), DB_OK);
    CHECK_EQ_INT(version, 0);
    CHECK_EQ_INT(db_schema_objects(c, &objects), DB_OK);
    CHECK_EQ_INT(objects, 0);
    CHECK_EQ_INT(db_begin(c), DB_OK);
    CHECK_EQ_INT(db_exec(c, "CREATE TABLE t (k INTEGER PRIMARY KEY)"), DB_OK);
    CHECK_EQ_INT(db_set_schema_version(c, 7), DB_OK);
    CHECK_EQ_INT(db_commit(c), DB_OK);
    CHECK_EQ_INT(db_bulk_load(c, true), DB_OK);
    CHECK_EQ_INT(db_bulk_load(c, false), DB_OK);
    db_close(c);
    db_conn *again = NULL;
    bool read_only;
    hs_error err = {0};
    CHECK_EQ_INT(db_open(path, STORE_OPEN_EXISTING, &again, &read_only, &err), HS_OK);
    CHECK_EQ_INT(db_schema_version(again, &version), DB_OK);
    CHECK_EQ_INT(version, 7);
    CHECK_EQ_INT(db_schema_objects(again, &objects), DB_OK);
    CHECK_EQ_INT(objects, 1);
    CHECK_EQ_STR(db_target(again), path);
    db_close(again);
    drop_book(path);
    CHECK(db_open(path, STORE_OPEN_EXISTING, &again, &read_only, &err) == HS_INPUT);
    CHECK_EQ_STR(err.code, "no_such_book");
    CHECK(again == NULL);
}
