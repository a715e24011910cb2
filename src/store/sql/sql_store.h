/* sql_store.h — what the files of the store share, private to src/store/.
 *
 * The store (store.c) and the repositories of the modules (credit, subsidy, voucher, fund,
 * programme, registry, report, ...) are written once, against the statement interface
 * store/db.h, in SQL every backend accepts; they run on the connection of an hs_store, inside the
 * caller's transaction. Only the drivers (src/store/sqlite/) know the engine. */
#ifndef HS_STORE_SQL_SQL_STORE_H
#define HS_STORE_SQL_SQL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "store/db.h"
#include "store/store.h"

/* The greatest character (U+10FFFF in UTF-8): prefix + STORE_TEXT_LAST is an upper bound of every
 * valid UTF-8 text starting with prefix, in byte order (SQLite's BINARY, PostgreSQL's "C"). */
#define STORE_TEXT_LAST "\xf4\x8f\xbf\xbf"

/* The connection of the store (owned by the store). */
db_conn *store_db(hs_store *s);

/* A number that changes whenever the store forgets what it cached about the book: on every rollback
 * and when a transaction begins after another connection committed. Our own commits leave it
 * unchanged, so what was read or written under one epoch is still what the book holds while the
 * epoch is the same. */
uint64_t store_cache_epoch(const hs_store *s);
/* Where the audit chain keeps its per-connection state (audit_repo.c): a pointer owned by the
 * store, NULL until set, released with free() by store_close. */
void **store_audit_slot(hs_store *s);

/* HS_STORAGE naming the book, `what` and the database's message (code "book_read_only" when the
 * book may not be written). */
hs_status store_fail(hs_store *s, hs_error *err, const char *what);
/* Copies text column i of a row into dst ("" for NULL), truncating to len. */
void store_column_text(db_stmt *q, int i, char *dst, size_t len);

/* Runs a query returning at most one row, with ?1 bound to `key`; if a row comes back, read(q,
 * out) fills *out and *found is true. Errors name `what`. */
hs_status store_get_one(hs_store *s, const char *sql, const char *key,
                        void (*read)(db_stmt *q, void *out), void *out, bool *found,
                        const char *what, hs_error *err);

/* Runs a query with ?1 bound to `key` (NULL binds SQL NULL) and calls row(q, ctx, err) for each
 * row in order, stopping at (and returning) row's first non-HS_OK status; a failed step is
 * HS_STORAGE naming `what`. */
hs_status store_each_row(hs_store *s, const char *sql, const char *key,
                         hs_status (*row)(db_stmt *q, void *ctx, hs_error *err), void *ctx,
                         const char *what, hs_error *err);

/* A prepared statement for `sql` kept on s's connection for reuse (db_prepare_cached). Returns
 * DB_OK or an error. Hand it back with store_stmt_release (never db_finalize) on every path,
 * after the last column was read: it is reset, its bindings cleared, so it holds no read open and
 * no pointer into the caller's memory. For statements run on every request. */
int store_stmt_cached(hs_store *s, const char *sql, db_stmt **q);
/* Resets q and clears its bindings, keeping it prepared (NULL is a no-op). */
void store_stmt_release(db_stmt *q);
/* Runs SQL with no results (DDL, pragmas); errors name the statement. */
hs_status store_exec(hs_store *s, const char *sql, hs_error *err);

/* A module's schema step: version `version` is reached by running `sql`, or on PostgreSQL `pg_sql`
 * when the step needs what only that dialect spells its own way (triggers); NULL: `sql` on both
 * (column types are translated by the driver). */
typedef struct {
    int version;
    const char *sql;
    const char *pg_sql;
} store_migration;
/* Brings module `module`'s tables to the last of `steps` (ascending versions), inside the caller's
 * transaction or its own. HS_INPUT if the book holds a newer version of the module. */
hs_status store_migrate_module(hs_store *s, const char *module, const store_migration *steps,
                               size_t n, hs_error *err);

/* Creates or migrates every module's tables (migrations.c); called by store_open. */
hs_status store_migrate_modules(hs_store *s, hs_error *err);

#endif
