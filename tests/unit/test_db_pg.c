/* test_db_pg.c — the statement interface (store/db.h) on its PostgreSQL driver, against the
 * database named by $HUOSHUI_TEST_PG (tests/run.sh starts the throwaway cluster of scripts/pg.sh
 * and sets it): placeholders, binds and columns, blobs, cached statements, transactions and the
 * savepoint, the error kinds, the data version another connection's commit changes, the schema
 * version, the DDL the driver translates, parameters only tested with IS NULL, and a connection
 * the server dropped being opened again. Without $HUOSHUI_TEST_PG each test says so on stderr and
 * checks nothing. */
#include "harness.h"

#include <stdlib.h>

#include "store/db.h"

/* A connection to the test database with table t dropped, or NULL (and a note) without one. */
static db_conn *open_pg(const char *test) {
    const char *url = getenv("HUOSHUI_TEST_PG");
    if (url == NULL || url[0] == '\0') {
        fprintf(stderr, "%s: HUOSHUI_TEST_PG is not set: not run (tests/run.sh sets it)\n", test);
        return NULL;
    }
    db_conn *c = NULL;
    bool read_only = true;
    hs_error err = {0};
    if (db_open(url, STORE_CREATE, &c, &read_only, &err) != HS_OK) {
        harness_fail(__FILE__, __LINE__, "db_open %s: %s", url, err.msg);
        return NULL;
    }
    CHECK(!read_only && db_is_postgres(c));
    CHECK_EQ_INT(db_exec(c, "DROP TABLE IF EXISTS t"), DB_OK);
    return c;
}

TEST(db_pg_binds_steps_and_reads_columns) {
    db_conn *c = open_pg(__func__);
    if (c == NULL)
        return;
    CHECK_EQ_INT(db_exec(c, "CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER, b BLOB, z TEXT)"),
                 DB_OK);
    db_stmt *q;
    /* numbered, repeated and bare placeholders; a ? inside quoted text is text */
    CHECK_EQ_INT(db_prepare(c, "INSERT INTO t(k, n, b, z) VALUES (?1, ?2, ?3, ?4 || '?')", &q),
                 DB_OK);
    char key[8] = "a";
    db_bind_text_copy(q, 1, key);
    key[0] = 'x';
    db_bind_int64(q, 2, INT64_MAX);
    db_bind_blob(q, 3, "\x01\x00\x02", 3);
    db_bind_text(q, 4, "z");
    CHECK_EQ_INT(db_step(q), DB_DONE);
    CHECK_EQ_INT(db_changes(c), 1);
    db_reset(q);
    db_clear_bindings(q);
    db_bind_text(q, 1, "b");
    db_bind_int(q, 2, -7);
    CHECK_EQ_INT(db_step(q), DB_DONE);
    db_finalize(q);
    CHECK_EQ_INT(db_prepare(c, "SELECT k, n, b, z FROM t WHERE n > ? OR k = ? ORDER BY k", &q),
                 DB_OK);
    db_bind_int64(q, 1, 0);
    db_bind_text(q, 2, "b");
    CHECK_EQ_INT(db_step(q), DB_ROW);
    CHECK_EQ_STR(db_column_text(q, 0), "a");
    CHECK(db_column_int64(q, 1) == INT64_MAX);
    CHECK(db_column_is_integer(q, 1));
    CHECK_EQ_INT(db_column_bytes(q, 2), 3);
    CHECK(memcmp(db_column_blob(q, 2), "\x01\x00\x02", 3) == 0);
    CHECK_EQ_STR(db_column_text(q, 3), "z?");
    CHECK(db_busy(q));
    CHECK_EQ_INT(db_step(q), DB_ROW);
    CHECK_EQ_STR(db_column_text(q, 0), "b");
    CHECK_EQ_INT(db_column_int(q, 1), -7);
    CHECK(db_column_is_null(q, 2) && db_column_text(q, 3) == NULL);
    CHECK_EQ_INT(db_step(q), DB_DONE);
    CHECK(!db_busy(q));
    db_finalize(q);
    db_close(c);
}

TEST(db_pg_integer_keys_are_assigned_and_sorted_by_bytes) {
    db_conn *c = open_pg(__func__);
    if (c == NULL)
        return;
    /* INTEGER PRIMARY KEY is assigned on insert, as SQLite's rowid; TEXT sorts by bytes */
    CHECK_EQ_INT(db_exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"), DB_OK);
    CHECK_EQ_INT(db_exec(c, "INSERT INTO t(name) VALUES ('b')"), DB_OK);
    CHECK_EQ_INT(db_last_insert_id(c), 1);
    CHECK_EQ_INT(db_exec(c, "INSERT INTO t(name) VALUES ('B'), ('a/x')"), DB_OK);
    CHECK_EQ_INT(db_last_insert_id(c), 3);
    db_stmt *q;
    CHECK_EQ_INT(db_prepare(c, "SELECT name FROM t ORDER BY name", &q), DB_OK);
    const char *want[] = {"B", "a/x", "b"};
    for (int i = 0; i < 3; i++) {
        CHECK_EQ_INT(db_step(q), DB_ROW);
        CHECK_EQ_STR(db_column_text(q, 0), want[i]);
    }
    db_finalize(q);
    db_close(c);
}

TEST(db_pg_parameters_tested_with_is_null_get_a_type) {
    db_conn *c = open_pg(__func__);
    if (c == NULL)
        return;
    CHECK_EQ_INT(db_exec(c, "CREATE TABLE t (seq INTEGER PRIMARY KEY, who TEXT NOT NULL); "
                            "INSERT INTO t(who) VALUES ('x'), ('y'), ('x')"),
                 DB_OK);
    static const char sql[] = "SELECT COUNT(*) FROM t WHERE (?1 IS NULL OR who = ?1) AND "
                              "(?2 IS NULL OR seq > ?2)";
    for (int round = 0; round < 2; round++) { /* the second from the connection's memo */
        db_stmt *q;
        CHECK_EQ_INT(db_begin(c), DB_OK); /* settling the types must not abort a transaction */
        CHECK_EQ_INT(round ? db_prepare(c, sql, &q) : db_prepare_cached(c, sql, &q), DB_OK);
        CHECK_EQ_INT(db_step(q), DB_ROW);
        CHECK_EQ_INT(db_column_int64(q, 0), 3);
        db_reset(q);
        db_bind_text(q, 1, "x");
        CHECK_EQ_INT(db_step(q), DB_ROW);
        CHECK_EQ_INT(db_column_int64(q, 0), 2);
        db_reset(q);
        db_bind_int64(q, 2, 1);
        CHECK_EQ_INT(db_step(q), DB_ROW);
        CHECK_EQ_INT(db_column_int64(q, 0), 1);
        CHECK_EQ_INT(db_commit(c), DB_OK);
        if (round)
            db_finalize(q);
        else
            db_release(q);
    }
    db_close(c);
}

TEST(db_pg_transactions_savepoint_and_error_kinds) {
    db_conn *c = open_pg(__func__);
    if (c == NULL)
        return;
    CHECK_EQ_INT(db_exec(c, "CREATE TABLE t (k INTEGER PRIMARY KEY, u TEXT UNIQUE, "
                            "n INTEGER CHECK (n >= 0))"),
                 DB_OK);
    CHECK(!db_in_txn(c));
    CHECK_EQ_INT(db_begin(c), DB_OK);
    CHECK(db_in_txn(c));
    CHECK_EQ_INT(db_exec(c, "INSERT INTO t VALUES (1, 'a', 0)"), DB_OK);
    int64_t before = db_total_changes(c);
    CHECK_EQ_INT(db_savepoint(c), DB_OK);
    CHECK(db_exec(c, "INSERT INTO t VALUES (2, 'a', 0)") != DB_OK);
    CHECK_EQ_INT(db_error_kind(c), DB_ERR_UNIQUE);
    CHECK_EQ_INT(db_savepoint_undo(c), DB_OK); /* the transaction goes on */
    CHECK_EQ_INT(db_savepoint(c), DB_OK);
    CHECK(db_exec(c, "INSERT INTO t VALUES (3, 'c', -1)") != DB_OK);
    CHECK_EQ_INT(db_error_kind(c), DB_ERR_CONSTRAINT);
    CHECK_EQ_INT(db_savepoint_undo(c), DB_OK);
    CHECK_EQ_INT(db_savepoint(c), DB_OK);
    CHECK_EQ_INT(db_exec(c, "INSERT INTO t VALUES (4, 'd', 1)"), DB_OK);
    CHECK_EQ_INT(db_savepoint_release(c), DB_OK);
    CHECK_EQ_INT(db_total_changes(c) - before, 1);
    CHECK_EQ_INT(db_commit(c), DB_OK);
    CHECK(!db_in_txn(c));
    CHECK_EQ_INT(db_begin(c), DB_OK);
    CHECK_EQ_INT(db_exec(c, "DELETE FROM t"), DB_OK);
    CHECK_EQ_INT(db_rollback(c), DB_OK);
    db_stmt *q;
    CHECK_EQ_INT(db_prepare(c, "SELECT COUNT(*) FROM t", &q), DB_OK);
    CHECK_EQ_INT(db_step(q), DB_ROW);
    CHECK_EQ_INT(db_column_int64(q, 0), 2);
    db_finalize(q);
    CHECK(db_exec(c, "SELECT nonsense FROM nowhere") != DB_OK);
    CHECK_EQ_INT(db_error_kind(c), DB_ERR_OTHER);
    CHECK(strstr(db_errmsg(c), "nowhere") != NULL);
    CHECK_EQ_INT(db_begin_read(c), DB_OK);
    CHECK(db_exec(c, "INSERT INTO t VALUES (9, 'z', 0)") != DB_OK);
    CHECK_EQ_INT(db_error_kind(c), DB_ERR_READ_ONLY);
    CHECK_EQ_INT(db_rollback(c), DB_OK);
    db_close(c);
}

TEST(db_pg_data_version_changes_when_another_connection_commits) {
    db_conn *c = open_pg(__func__);
    if (c == NULL)
        return;
    CHECK_EQ_INT(db_exec(c, "CREATE TABLE t (k INTEGER PRIMARY KEY)"), DB_OK);
    db_conn *other = open_pg(__func__);
    if (other == NULL) {
        db_close(c);
        return;
    }
    /* (open_pg dropped t again on the way: make it once more) */
    CHECK_EQ_INT(db_exec(c, "CREATE TABLE t (k INTEGER PRIMARY KEY)"), DB_OK);
    int64_t v1 = -1, v2 = -1, v3 = -1;
    CHECK_EQ_INT(db_begin(c), DB_OK);
    CHECK_EQ_INT(db_data_version(c, &v1), DB_OK);
    CHECK_EQ_INT(db_exec(c, "INSERT INTO t VALUES (1)"), DB_OK);
    CHECK_EQ_INT(db_commit(c), DB_OK);
    CHECK_EQ_INT(db_begin(c), DB_OK);
    CHECK_EQ_INT(db_data_version(c, &v2), DB_OK);
    CHECK_EQ_INT(db_commit(c), DB_OK);
    CHECK_EQ_INT(v1, v2); /* our own commit */
    CHECK_EQ_INT(db_begin(other), DB_OK);
    CHECK_EQ_INT(db_exec(other, "INSERT INTO t VALUES (2)"), DB_OK);
    CHECK_EQ_INT(db_commit(other), DB_OK);
    CHECK_EQ_INT(db_begin(c), DB_OK);
    CHECK_EQ_INT(db_data_version(c, &v3), DB_OK);
    CHECK_EQ_INT(db_commit(c), DB_OK);
    CHECK(v3 != v2); /* another connection's */
    db_close(other);
    db_close(c);
}

TEST(db_pg_schema_version) {
    db_conn *c = open_pg(__func__);
    if (c == NULL)
        return;
    int version = -1;
    CHECK_EQ_INT(db_begin(c), DB_OK);
    CHECK_EQ_INT(db_set_schema_version(c, 41), DB_OK);
    CHECK_EQ_INT(db_schema_version(c, &version), DB_OK);
    CHECK_EQ_INT(version, 41);
    CHECK_EQ_INT(db_rollback(c), DB_OK);
    int64_t objects = -1;
    CHECK_EQ_INT(db_schema_objects(c, &objects), DB_OK);
    CHECK(objects >= 0);
    CHECK_EQ_INT(db_bulk_load(c, true), DB_OK);
    CHECK_EQ_INT(db_bulk_load(c, false), DB_OK);
    CHECK(strncmp(db_target(c), "postgres", 8) == 0);
    db_close(c);
}

TEST(db_pg_a_dropped_connection_is_opened_again) {
    db_conn *c = open_pg(__func__);
    if (c == NULL)
        return;
    db_conn *killer = open_pg(__func__);
    if (killer == NULL) {
        db_close(c);
        return;
    }
    CHECK_EQ_INT(db_exec(c, "CREATE TABLE t (k INTEGER PRIMARY KEY)"), DB_OK);
    static const char sql[] = "SELECT COUNT(*), pg_backend_pid() FROM t";
    db_stmt *q;
    CHECK_EQ_INT(db_prepare_cached(c, sql, &q), DB_OK);
    CHECK_EQ_INT(db_step(q), DB_ROW);
    int64_t pid = db_column_int64(q, 1);
    db_release(q);
    /* the server drops c's session (as a restart would) */
    db_stmt *kill;
    CHECK_EQ_INT(db_prepare(killer, "SELECT pg_terminate_backend(?1)", &kill), DB_OK);
    db_bind_int64(kill, 1, pid);
    CHECK_EQ_INT(db_step(kill), DB_ROW);
    db_finalize(kill);
    /* the first statement after it may fail (busy: a 503, never a hang); the next transaction
     * reconnects, and the cached statement is prepared again in the new session */
    if (db_step(q) != DB_ROW)
        CHECK_EQ_INT(db_error_kind(c), DB_ERR_BUSY);
    db_release(q);
    CHECK_EQ_INT(db_begin(c), DB_OK);
    CHECK_EQ_INT(db_prepare_cached(c, sql, &q), DB_OK);
    CHECK_EQ_INT(db_step(q), DB_ROW);
    CHECK_EQ_INT(db_column_int64(q, 0), 0);
    CHECK(db_column_int64(q, 1) != pid);
    db_release(q);
    CHECK_EQ_INT(db_exec(c, "INSERT INTO t VALUES (1)"), DB_OK);
    CHECK_EQ_INT(db_commit(c), DB_OK);
    db_close(killer);
    db_close(c);
}
