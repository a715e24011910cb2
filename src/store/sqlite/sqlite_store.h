/* sqlite_store.h — the raw SQLite connection under a store, for tests and benchmarks that tamper
 * with a book or watch SQLite's own hooks on purpose. Nothing under src/ outside src/store/sqlite/
 * includes it: the store itself speaks only store/db.h. */
#ifndef HS_STORE_SQLITE_SQLITE_STORE_H
#define HS_STORE_SQLITE_SQLITE_STORE_H

#include <sqlite3.h>

#include "store/db.h"
#include "store/sql/sql_store.h"

/* The SQLite connection of a db_conn opened by db_sqlite.c (owned by it). */
sqlite3 *db_sqlite_handle(db_conn *c);
/* The SQLite connection of the store (owned by the store). */
sqlite3 *store_sqlite(hs_store *s);

#endif
