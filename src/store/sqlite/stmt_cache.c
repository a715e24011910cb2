/* stmt_cache.c — statements kept prepared on a store's connection (see sqlite_store.h). */
#include "store/sqlite/sqlite_store.h"

#include <string.h>

int store_stmt_cached(hs_store *s, const char *sql, sqlite3_stmt **q) {
    sqlite3 *db = store_sqlite(s);
    for (sqlite3_stmt *p = sqlite3_next_stmt(db, NULL); p != NULL; p = sqlite3_next_stmt(db, p)) {
        const char *text = sqlite3_sql(p);
        if (!sqlite3_stmt_busy(p) && text != NULL && strcmp(text, sql) == 0) {
            *q = p;
            return SQLITE_OK;
        }
    }
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, q, NULL);
}

void store_stmt_release(sqlite3_stmt *q) {
    if (q == NULL)
        return;
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
}
