/* db_sqlite.c — the statement interface (store/db.h) on SQLite: the only file of the store that
 * includes sqlite3.h, with sqlite_store.h (tests' access to the raw connection).
 *
 * A db_stmt is a sqlite3_stmt (the pointer is cast, never wrapped), so binding, stepping and
 * reading cost one function call more than SQLite's own. The result codes DB_OK, DB_ROW and
 * DB_DONE are SQLite's. */
#include "store/db.h"
#include "store/sqlite/sqlite_store.h"

#include <assert.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

_Static_assert(DB_OK == SQLITE_OK && DB_ERROR == SQLITE_ERROR && DB_ROW == SQLITE_ROW &&
                   DB_DONE == SQLITE_DONE,
               "db.h's result codes are SQLite's");

/* Transaction verbs and pragmas run often: prepared once per connection, on first use. */
enum {
    CTL_BEGIN,
    CTL_BEGIN_READ,
    CTL_COMMIT,
    CTL_ROLLBACK,
    CTL_SAVEPOINT,
    CTL_SAVEPOINT_RELEASE,
    CTL_SAVEPOINT_ROLLBACK,
    CTL_DATA_VERSION,
    CTL_COUNT
};

static const char *const ctl_sql[CTL_COUNT] = {
    [CTL_BEGIN] = "BEGIN IMMEDIATE",
    [CTL_BEGIN_READ] = "BEGIN DEFERRED",
    [CTL_COMMIT] = "COMMIT",
    [CTL_ROLLBACK] = "ROLLBACK",
    [CTL_SAVEPOINT] = "SAVEPOINT hs_step",
    [CTL_SAVEPOINT_RELEASE] = "RELEASE hs_step",
    [CTL_SAVEPOINT_ROLLBACK] = "ROLLBACK TO hs_step",
    [CTL_DATA_VERSION] = "PRAGMA data_version",
};

struct db_conn {
    sqlite3 *db;
    sqlite3_stmt *ctl[CTL_COUNT];
    bool read_only;
    int64_t cache_before; /* PRAGMA cache_size before a bulk load */
    char path[1024];
};

#define Q(q) ((sqlite3_stmt *)(void *)(q))

/* ---- statements ---- */

int db_prepare(db_conn *c, const char *sql, db_stmt **q) {
    sqlite3_stmt *p = NULL;
    int rc = sqlite3_prepare_v2(c->db, sql, -1, &p, NULL);
    *q = (db_stmt *)(void *)p;
    return rc;
}

int db_prepare_cached(db_conn *c, const char *sql, db_stmt **q) {
    for (sqlite3_stmt *p = sqlite3_next_stmt(c->db, NULL); p != NULL;
         p = sqlite3_next_stmt(c->db, p)) {
        const char *text = sqlite3_sql(p);
        if (!sqlite3_stmt_busy(p) && text != NULL && strcmp(text, sql) == 0) {
            *q = (db_stmt *)(void *)p;
            return SQLITE_OK;
        }
    }
    sqlite3_stmt *p = NULL;
    int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &p, NULL);
    *q = (db_stmt *)(void *)p;
    return rc;
}

void db_release(db_stmt *q) {
    if (q == NULL)
        return;
    sqlite3_reset(Q(q));
    sqlite3_clear_bindings(Q(q));
}

void db_finalize(db_stmt *q) {
    sqlite3_finalize(Q(q));
}

void db_reset(db_stmt *q) {
    sqlite3_reset(Q(q));
}

void db_clear_bindings(db_stmt *q) {
    sqlite3_clear_bindings(Q(q));
}

void db_bind_int64(db_stmt *q, int i, int64_t v) {
    sqlite3_bind_int64(Q(q), i, v);
}

void db_bind_int(db_stmt *q, int i, int v) {
    sqlite3_bind_int(Q(q), i, v);
}

void db_bind_double(db_stmt *q, int i, double v) {
    sqlite3_bind_double(Q(q), i, v);
}

void db_bind_null(db_stmt *q, int i) {
    sqlite3_bind_null(Q(q), i);
}

void db_bind_text(db_stmt *q, int i, const char *v) {
    sqlite3_bind_text(Q(q), i, v, -1, SQLITE_STATIC);
}

void db_bind_text_copy(db_stmt *q, int i, const char *v) {
    sqlite3_bind_text(Q(q), i, v, -1, SQLITE_TRANSIENT);
}

void db_bind_blob(db_stmt *q, int i, const void *v, size_t len) {
    assert(len <= INT32_MAX);
    sqlite3_bind_blob(Q(q), i, v, (int)len, SQLITE_STATIC);
}

int db_step(db_stmt *q) {
    return sqlite3_step(Q(q));
}

int64_t db_column_int64(db_stmt *q, int i) {
    return sqlite3_column_int64(Q(q), i);
}

int db_column_int(db_stmt *q, int i) {
    return sqlite3_column_int(Q(q), i);
}

double db_column_double(db_stmt *q, int i) {
    return sqlite3_column_double(Q(q), i);
}

const char *db_column_text(db_stmt *q, int i) {
    return (const char *)sqlite3_column_text(Q(q), i);
}

const void *db_column_blob(db_stmt *q, int i) {
    return sqlite3_column_blob(Q(q), i);
}

size_t db_column_bytes(db_stmt *q, int i) {
    int n = sqlite3_column_bytes(Q(q), i);
    return n > 0 ? (size_t)n : 0;
}

bool db_column_is_null(db_stmt *q, int i) {
    return sqlite3_column_type(Q(q), i) == SQLITE_NULL;
}

bool db_column_is_integer(db_stmt *q, int i) {
    return sqlite3_column_type(Q(q), i) == SQLITE_INTEGER;
}

const char *db_sql(db_stmt *q) {
    return sqlite3_sql(Q(q));
}

bool db_busy(db_stmt *q) {
    return sqlite3_stmt_busy(Q(q)) != 0;
}

int db_exec(db_conn *c, const char *sql) {
    return sqlite3_exec(c->db, sql, NULL, NULL, NULL);
}

int64_t db_changes(db_conn *c) {
    return sqlite3_changes64(c->db);
}

int64_t db_total_changes(db_conn *c) {
    return sqlite3_total_changes64(c->db);
}

int64_t db_last_insert_id(db_conn *c) {
    return sqlite3_last_insert_rowid(c->db);
}

const char *db_errmsg(db_conn *c) {
    return c->db != NULL ? sqlite3_errmsg(c->db) : "out of memory";
}

db_err_kind db_error_kind(db_conn *c) {
    if (c->db == NULL)
        return DB_ERR_OTHER;
    int ext = sqlite3_extended_errcode(c->db);
    switch (ext & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return DB_ERR_NONE;
    case SQLITE_READONLY:
        return DB_ERR_READ_ONLY;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return DB_ERR_BUSY;
    case SQLITE_CONSTRAINT:
        return ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY
                   ? DB_ERR_UNIQUE
                   : DB_ERR_CONSTRAINT;
    default:
        return DB_ERR_OTHER;
    }
}

/* ---- transactions ---- */

/* Runs control statement `which` once (prepared on first use), *col0 getting the first column of
 * a row if any. Returns SQLite's result code of the step. */
static int step_control(db_conn *c, int which, int64_t *col0) {
    sqlite3_stmt *q = c->ctl[which];
    if (q == NULL) {
        int rc = sqlite3_prepare_v3(c->db, ctl_sql[which], -1, SQLITE_PREPARE_PERSISTENT, &q, NULL);
        if (rc != SQLITE_OK)
            return rc;
        c->ctl[which] = q;
    }
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && col0 != NULL)
        *col0 = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return rc;
}

/* A control statement's step as a db.h result: DB_OK when it ran to completion. */
static int control(db_conn *c, int which) {
    int rc = step_control(c, which, NULL);
    return rc == SQLITE_DONE ? DB_OK : (rc == SQLITE_OK ? DB_ERROR : rc);
}

int db_begin(db_conn *c) {
    return control(c, CTL_BEGIN);
}

int db_begin_read(db_conn *c) {
    return control(c, CTL_BEGIN_READ);
}

int db_commit(db_conn *c) {
    return control(c, CTL_COMMIT);
}

int db_rollback(db_conn *c) {
    return control(c, CTL_ROLLBACK);
}

bool db_in_txn(db_conn *c) {
    return !sqlite3_get_autocommit(c->db);
}

int db_savepoint(db_conn *c) {
    return control(c, CTL_SAVEPOINT);
}

int db_savepoint_release(db_conn *c) {
    return control(c, CTL_SAVEPOINT_RELEASE);
}

int db_savepoint_undo(db_conn *c) {
    int rc = control(c, CTL_SAVEPOINT_ROLLBACK);
    return rc != DB_OK ? rc : control(c, CTL_SAVEPOINT_RELEASE);
}

int db_data_version(db_conn *c, int64_t *version) {
    int rc = step_control(c, CTL_DATA_VERSION, version);
    return rc == SQLITE_ROW ? DB_OK : (rc == SQLITE_OK || rc == SQLITE_DONE ? DB_ERROR : rc);
}

/* ---- the book's schema ---- */

/* Runs `sql`, whose one row has an integer in its first column, into *out (0 without a row). */
static int one_int(db_conn *c, const char *sql, int64_t *out) {
    sqlite3_stmt *q;
    *out = 0;
    int rc = sqlite3_prepare_v2(c->db, sql, -1, &q, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : rc;
}

int db_schema_version(db_conn *c, int *version) {
    int64_t v;
    int rc = one_int(c, "PRAGMA user_version", &v);
    *version = (int)v;
    return rc;
}

int db_set_schema_version(db_conn *c, int version) {
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version);
    return sqlite3_exec(c->db, sql, NULL, NULL, NULL);
}

int db_schema_objects(db_conn *c, int64_t *count) {
    return one_int(c, "SELECT COUNT(*) FROM sqlite_master", count);
}

/* ---- opening a book ---- */

static hs_status open_fail(db_conn *c, hs_error *err, const char *what) {
    if (c->db != NULL && sqlite3_errcode(c->db) == SQLITE_READONLY)
        return hs_fail_code(err, HS_STORAGE, "book_read_only", NULL,
                            "%s: %s: %s (this user cannot write the book, its -wal/-shm files or "
                            "its directory); nothing was written",
                            c->path, what, db_errmsg(c));
    return hs_fail(err, HS_STORAGE, "%s: %s: %s", c->path, what, db_errmsg(c));
}

/* True if this process can write the book: the file itself, and its -wal and -shm files (or the
 * directory, to create them). A book that is not writable is opened for reading only. */
static bool book_writable(const char *path) {
    if (access(path, W_OK) != 0)
        return false;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    bool dir_writable = access(dir, W_OK) == 0;
    static const char *const sides[] = {"-wal", "-shm"};
    for (size_t i = 0; i < 2; i++) {
        char side[1100];
        snprintf(side, sizeof side, "%s%s", path, sides[i]);
        if (access(side, F_OK) == 0 ? access(side, W_OK) != 0 : !dir_writable)
            return false;
    }
    return true;
}

/* Size of the book's -wal file (0 if there is none). */
static long long wal_size(const char *path) {
    char wal[1100];
    snprintf(wal, sizeof wal, "%s-wal", path);
    struct stat st;
    return stat(wal, &st) == 0 ? (long long)st.st_size : 0;
}

/* Closes c's connection with every statement on it. */
static void close_connection(db_conn *c) {
    for (int i = 0; i < CTL_COUNT; i++) {
        sqlite3_finalize(c->ctl[i]);
        c->ctl[i] = NULL;
    }
    /* statements the store and the repositories keep prepared on the connection */
    for (sqlite3_stmt *q; c->db != NULL && (q = sqlite3_next_stmt(c->db, NULL)) != NULL;)
        sqlite3_finalize(q);
    sqlite3_close(c->db);
    c->db = NULL;
}

/* Reopens a read-only book as immutable (file: URI, immutable=1): SQLite then needs no -shm, which
 * a read-only directory can't hold. Only sound when no -wal holds frames that the book file lacks,
 * so a non-empty -wal without its -shm is refused with a clear error instead. */
static hs_status reopen_immutable(db_conn *c, hs_error *err) {
    if (wal_size(c->path) > 0)
        return hs_fail_code(err, HS_STORAGE, "book_read_only", NULL,
                            "%s: cannot read the book: it is read-only for this user, its -wal "
                            "file may hold committed transfers and its -shm index is missing "
                            "and cannot be created here; have the book's owner run any huoshui "
                            "command on it (that restores the -shm), or copy the book, -wal and "
                            "-shm files together",
                            c->path);
    char uri[3200] = "file:";
    size_t n = strlen(uri);
    const char *p = c->path;
    for (; *p != '\0' && n + 4 < sizeof uri; p++) {
        if (*p == '%' || *p == '?' || *p == '#')
            n += (size_t)snprintf(uri + n, sizeof uri - n, "%%%02X", (unsigned char)*p);
        else
            uri[n++] = *p;
    }
    if (*p != '\0' || n + sizeof "?immutable=1" > sizeof uri) /* never open a truncated path */
        return hs_fail(err, HS_INPUT, "%.200s...: the book's path is too long to open read-only",
                       c->path);
    snprintf(uri + n, sizeof uri - n, "?immutable=1");
    assert(strlen(uri) == n + strlen("?immutable=1"));
    close_connection(c);
    if (sqlite3_open_v2(uri, &c->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK)
        return open_fail(c, err, "cannot open the book read-only");
    return HS_OK;
}

/* Reads what opening a book reads first (its schema version and catalogue), so that a book that
 * cannot be read fails here. */
static hs_status probe(db_conn *c, hs_error *err) {
    int version;
    int64_t objects;
    if (db_schema_version(c, &version) != DB_OK)
        return open_fail(c, err, "reading the schema version");
    if (db_schema_objects(c, &objects) != DB_OK)
        return open_fail(c, err, "reading the book's schema");
    return HS_OK;
}

/* Pages of WAL after which a commit checkpoints them into the book (SQLite's wal_autocheckpoint).
 */
#ifndef STORE_WAL_CHECKPOINT_PAGES
#define STORE_WAL_CHECKPOINT_PAGES 1000
#endif

/* Process-wide SQLite settings, once before the first connection: no memory statistics (they
 * take a global mutex on every allocation). */
static pthread_once_t sqlite_configured = PTHREAD_ONCE_INIT;
static void configure_sqlite(void) {
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

hs_status db_open(const char *path, store_open_mode mode, db_conn **out, bool *read_only,
                  hs_error *err) {
    *out = NULL;
    *read_only = false;
    if (mode == STORE_OPEN_EXISTING && access(path, F_OK) != 0)
        return hs_fail_code(err, HS_INPUT, "no_such_book", "book",
                            "%s: no such book (create it with `huoshui --book %s init`)", path,
                            path);
    db_conn *c = calloc(1, sizeof *c);
    if (c == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    snprintf(c->path, sizeof c->path, "%s", path);
    /* An existing book this user cannot write (an auditor's copy, a read-only directory) is opened
     * for reading: every read works and every write fails with a clear "read-only" error. */
    c->read_only = mode == STORE_OPEN_EXISTING && !book_writable(path);
    int flags = c->read_only
                    ? SQLITE_OPEN_READONLY
                    : SQLITE_OPEN_READWRITE | (mode == STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
    /* One connection per thread (the CLI's, each server worker's, the committer's): SQLite's own
     * per-call mutex would only cost time. */
    flags |= SQLITE_OPEN_NOMUTEX;
    pthread_once(&sqlite_configured, configure_sqlite);
    hs_status st;
    if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) {
        st = open_fail(c, err, "cannot open the book");
        db_close(c);
        return st;
    }
    sqlite3_busy_timeout(c->db, 120000);
    st = probe(c, err);
    /* read-only and the WAL index can't be opened or created: read the book file as it stands */
    if (st == HS_STORAGE && c->read_only && (st = reopen_immutable(c, err)) == HS_OK) {
        sqlite3_busy_timeout(c->db, 120000);
        st = probe(c, err);
    }
    if (st != HS_OK) {
        db_close(c);
        return st;
    }
    /* the WAL is durable at each commit; checkpointing is left to the autocheckpoint */
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    /* A 128 MiB page cache so a batch's dirty pages never spill mid-transaction; checkpoints every
     * ~40 MiB of WAL rather than every 4 MiB inside a commit; the WAL file kept between opens (no
     * re-create and directory fsync per command). A read-only book is only read. */
    int persist = 1;
    if (sqlite3_exec(c->db,
                     c->read_only ? "PRAGMA cache_size = -131072;"
                                  : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                                    "PRAGMA cache_size = -131072;",
                     NULL, NULL, NULL) != SQLITE_OK ||
        /* (an in-memory book has no WAL file: the control is then not found, which is fine) */
        (sqlite3_file_control(c->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist), false) ||
        (!c->read_only &&
         sqlite3_wal_autocheckpoint(c->db, STORE_WAL_CHECKPOINT_PAGES) != SQLITE_OK)) {
        st = open_fail(c, err, "configuring the book");
        db_close(c);
        return st;
    }
    *read_only = c->read_only;
    *out = c;
    return HS_OK;
}

/* Makes the -wal file at least one checkpoint cycle long, written with zeros, so that commits
 * overwrite blocks the file system has already allocated: an fdatasync of a write that extends a
 * file also has to write the file's block maps (on ext4 about twice the time of an overwrite).
 * SQLite restarts the WAL at its start after each checkpoint and keeps the file (PERSIST_WAL), so
 * from the second cycle on this is what it does anyway; prefilling makes a fresh book behave the
 * same from its first commit. Zeros are never valid frames (the header and every frame carry
 * checksums and salts), so the bytes beyond the last frame are ignored by readers and recovery.
 * Runs under the write lock (no other process is writing frames) on a writable file-backed book;
 * costs one stat when the file is already long enough. */
hs_status db_ready(db_conn *c, hs_error *err) {
    const char *db_file = sqlite3_db_filename(c->db, "main");
    if (c->read_only || db_file == NULL || db_file[0] == '\0')
        return HS_OK; /* in memory: no WAL file */
    const char *wal = sqlite3_filename_wal(db_file);
    int64_t page_size = 4096;
    if (one_int(c, "PRAGMA page_size", &page_size) != DB_OK || page_size <= 0)
        page_size = 4096;
    off_t want = 32 + (off_t)STORE_WAL_CHECKPOINT_PAGES * (page_size + 24);
    struct stat stat_buf;
    if (wal == NULL || stat(wal, &stat_buf) != 0 || stat_buf.st_size >= want)
        return HS_OK;
    if (db_begin(c) != DB_OK)
        return open_fail(c, err, "beginning a write transaction");
    int fd = open(wal, O_WRONLY | O_CLOEXEC);
    if (fd >= 0 && fstat(fd, &stat_buf) == 0 && stat_buf.st_size < want) {
        static const char zeros[65536];
        bool ok = true;
        for (off_t at = stat_buf.st_size; ok && at < want;) {
            size_t n = (size_t)(want - at) < sizeof zeros ? (size_t)(want - at) : sizeof zeros;
            ssize_t w = pwrite(fd, zeros, n, at);
            ok = w > 0;
            at += ok ? w : 0;
        }
        if (ok)
            fdatasync(fd);
        /* a failed prefill only costs speed: the WAL grows as it would have */
    }
    if (fd >= 0)
        close(fd);
    db_rollback(c);
    return HS_OK;
}

int db_bulk_load(db_conn *c, bool on) {
    char sql[64];
    if (on) {
        /* up to 256 MiB, released with the connection */
        if (one_int(c, "PRAGMA cache_size", &c->cache_before) != DB_OK)
            c->cache_before = -2000; /* SQLite's default */
        snprintf(sql, sizeof sql, "PRAGMA cache_size = -262144");
    } else
        snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)c->cache_before);
    return sqlite3_exec(c->db, sql, NULL, NULL, NULL);
}

void db_close(db_conn *c) {
    if (c == NULL)
        return;
    close_connection(c);
    free(c);
}

const char *db_target(const db_conn *c) {
    return c->path;
}

sqlite3 *db_sqlite_handle(db_conn *c) {
    return c->db;
}

sqlite3 *store_sqlite(hs_store *s) {
    return db_sqlite_handle(store_db(s));
}
