/* db.h — the statement interface the store is written against, whatever engine holds the book.
 *
 * src/store/sql/ (the store and every repository) speaks only this interface; a driver implements
 * it for one engine (src/store/sqlite/db_sqlite.c, src/store/postgres/db_pg.c; db.c forwards each
 * call to the driver of its connection or statement, db_driver.h). Its shape follows SQLite's C API
 * so that code written for one reads the same on the other: prepare a statement, bind parameters
 * (numbered from 1, written ?1 or ? in the SQL), step it to DB_ROW or DB_DONE, read columns
 * (numbered from 0), reset it to run it again, finalize it when done. Every function that returns
 * an int returns DB_OK, DB_ROW, DB_DONE or another (nonzero) value meaning an error, whose kind
 * db_error_kind and text db_errmsg then describe.
 *
 * SQL given here is the dialect both engines accept; what only one engine has (its transaction
 * verbs, its schema version, its catalogue) is a function of this header instead. DDL is written
 * in SQLite's types; the PostgreSQL driver translates them (docs/postgresql.md). */
#ifndef HS_STORE_DB_H
#define HS_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "store/store.h"

typedef struct db_conn db_conn; /* one connection to a book */
typedef struct db_stmt db_stmt; /* one prepared statement on a connection */

enum {
    DB_OK = 0,     /* the call succeeded */
    DB_ERROR = 1,  /* any failure (db_error_kind says which) */
    DB_ROW = 100,  /* db_step: a row is ready to be read */
    DB_DONE = 101, /* db_step: the statement has run to completion */
};

/* What the last failure on a connection was, for callers that act on it. */
typedef enum {
    DB_ERR_NONE,       /* no failure */
    DB_ERR_OTHER,      /* anything not below */
    DB_ERR_UNIQUE,     /* a UNIQUE or PRIMARY KEY constraint refused a row */
    DB_ERR_CONSTRAINT, /* another constraint (CHECK, NOT NULL, FOREIGN KEY) refused a row */
    DB_ERR_BUSY,       /* a lock held elsewhere, a serialization failure or deadlock, or the
                        * database unreachable: the same request may succeed when retried */
    DB_ERR_READ_ONLY,  /* this connection may not write the book */
} db_err_kind;

/* ---- connections ---- */

/* True if `target` is a PostgreSQL URL (postgresql://... or postgres://...) rather than a path. */
bool db_target_is_postgres(const char *target);
/* Opens the book at `target` (a path: SQLite; a PostgreSQL URL: PostgreSQL) for `mode` (store.h).
 * *read_only tells whether the connection was opened for reading only because this user cannot
 * write the book (then every write fails with DB_ERR_READ_ONLY). On failure *out is NULL and err
 * says why, naming the book; the book's path or address is kept for messages (db_target). */
hs_status db_open(const char *target, store_open_mode mode, db_conn **out, bool *read_only,
                  hs_error *err);
/* Whatever the engine does once a writable book is open and migrated, to keep its commits fast
 * (SQLite: prefills the write-ahead log). Costs nothing when there is nothing to do. */
hs_status db_ready(db_conn *c, hs_error *err);
/* Tunes c for loading many rows in one transaction (on), or back to its settings before (off);
 * SQLite: a 256 MiB page cache while on. */
int db_bulk_load(db_conn *c, bool on);
/* Finalizes every statement still prepared on c and closes it (NULL is a no-op). */
void db_close(db_conn *c);
/* True if c is a PostgreSQL connection. */
bool db_is_postgres(const db_conn *c);
/* The book's path or address, as given to db_open. */
const char *db_target(const db_conn *c);

/* The text of the connection's last failure, and what kind of failure it was. */
const char *db_errmsg(db_conn *c);
db_err_kind db_error_kind(db_conn *c);

/* ---- statements ---- */

/* Prepares `sql` as a fresh statement; finalize it with db_finalize. */
int db_prepare(db_conn *c, const char *sql, db_stmt **q);
/* A statement for `sql` kept on c for reuse: an idle one with the same text, else a new one
 * (db_close finalizes it with the rest). Hand it back with db_release (never db_finalize) on every
 * path, after the last column was read. For statements run on every request. */
int db_prepare_cached(db_conn *c, const char *sql, db_stmt **q);
/* Resets q and clears its bindings, keeping it prepared (NULL is a no-op): it then holds no read
 * open and no pointer into the caller's memory. */
void db_release(db_stmt *q);
/* Frees q (NULL is a no-op). */
void db_finalize(db_stmt *q);
/* Makes q ready to run again; its bindings stay. */
void db_reset(db_stmt *q);
/* Sets every parameter of q back to NULL. */
void db_clear_bindings(db_stmt *q);

/* Parameter i (from 1) of q. Text and blobs passed to db_bind_text and db_bind_blob must stay
 * unchanged until q is stepped to its end, reset or released; db_bind_text_copy copies. */
void db_bind_int64(db_stmt *q, int i, int64_t v);
void db_bind_int(db_stmt *q, int i, int v);
void db_bind_double(db_stmt *q, int i, double v);
void db_bind_null(db_stmt *q, int i);
void db_bind_text(db_stmt *q, int i, const char *v);
void db_bind_text_copy(db_stmt *q, int i, const char *v);
void db_bind_blob(db_stmt *q, int i, const void *v, size_t len);

/* Runs q to its next row (DB_ROW), to its end (DB_DONE), or fails (another value). */
int db_step(db_stmt *q);

/* Column i (from 0) of q's current row. db_column_text is NULL for SQL NULL and valid until the
 * next step, reset or release of q; so is db_column_blob (db_column_bytes long). */
int64_t db_column_int64(db_stmt *q, int i);
int db_column_int(db_stmt *q, int i);
double db_column_double(db_stmt *q, int i);
const char *db_column_text(db_stmt *q, int i);
const void *db_column_blob(db_stmt *q, int i);
size_t db_column_bytes(db_stmt *q, int i);
bool db_column_is_null(db_stmt *q, int i);
/* True if column i holds an integer (not NULL, text, a real or a blob). */
bool db_column_is_integer(db_stmt *q, int i);
/* The value types a column of a row can hold (db_column_type). */
typedef enum { DB_NULL, DB_INTEGER, DB_FLOAT, DB_TEXT, DB_BLOB } db_type;
/* The number of columns of q's rows, the name of column i, and the type of its current value. */
int db_column_count(db_stmt *q);
const char *db_column_name(db_stmt *q, int i);
db_type db_column_type(db_stmt *q, int i);
/* The SQL text q was prepared from. */
const char *db_sql(db_stmt *q);
/* True while q has started and not yet been reset or run to its end. */
bool db_busy(db_stmt *q);

/* Runs one or more statements with no results (DDL, writes with literal values). */
int db_exec(db_conn *c, const char *sql);
/* Rows changed by the last INSERT, UPDATE or DELETE; rows changed since the connection opened
 * (rows whose change a savepoint rollback undid included); the id the last INSERT into a table
 * with an integer primary key assigned. */
int64_t db_changes(db_conn *c);
int64_t db_total_changes(db_conn *c);
int64_t db_last_insert_id(db_conn *c);

/* ---- transactions ---- */

/* A write transaction that holds the book's write lock from its start (SQLite: BEGIN IMMEDIATE). */
int db_begin(db_conn *c);
/* A read transaction: every read in it sees one snapshot of the book. */
int db_begin_read(db_conn *c);
int db_commit(db_conn *c);
int db_rollback(db_conn *c);
/* True while a transaction (of either kind) is open on c. */
bool db_in_txn(db_conn *c);
/* The one savepoint a write transaction may hold (store_step_begin): opens it, releases it (its
 * changes stay in the transaction), or undoes every change since it was opened and releases it. */
int db_savepoint(db_conn *c);
int db_savepoint_release(db_conn *c);
int db_savepoint_undo(db_conn *c);
/* A number that changes whenever another connection has committed to the book since the last
 * call (our own commits leave it unchanged). Called inside a write transaction. */
int db_data_version(db_conn *c, int64_t *version);

/* ---- the book's schema ---- */

/* The core schema version stored in the book (0 for a new book), and setting it inside the open
 * transaction. */
int db_schema_version(db_conn *c, int *version);
int db_set_schema_version(db_conn *c, int version);
/* Calls fn(ctx, name) for each table of the book (the driver's own left out), in name order; stops
 * at fn's first false. */
int db_tables(db_conn *c, bool (*fn)(void *ctx, const char *name), void *ctx);
/* After rows were written into `table` with their integer keys given (a copy of a book): makes
 * the keys the table assigns from now on follow the largest written (PostgreSQL: its identity
 * sequences; SQLite needs nothing). */
int db_keys_follow(db_conn *c, const char *table);
/* How many tables, indexes and other schema objects the book holds (0 for an empty book). */
int db_schema_objects(db_conn *c, int64_t *count);

#endif
