/* db_sqlite.c — the SQLite driver of the statement interface (store/db.h, db_driver.h): the only
 * file of the store that includes sqlite3.h, with sqlite_store.h (tests' access to the raw
 * connection).
 *
 * A statement is a small struct around its sqlite3_stmt; the ones kept for reuse
 * (db_prepare_cached) are on a list of the connection. The result codes DB_OK, DB_ROW and DB_DONE
 * are SQLite's. */
#include "store/db_driver.h"
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

typedef struct {
    db_stmt base;
    sqlite3_stmt *q;
    bool cached; /* kept on the connection's list (db_prepare_cached) */
    void *next;  /* the next cached statement */
} sq_stmt;

typedef struct {
    db_conn base;
    sqlite3 *db;
    sq_stmt *cached; /* statements kept for reuse, newest first */
    sqlite3_stmt *ctl[CTL_COUNT];
    bool read_only;
    int64_t cache_before; /* PRAGMA cache_size before a bulk load */
    char path[1024];
} sq_conn;

static const db_driver sqlite_driver;
static void sq_close(db_conn *vc);

#define Q(q) (((sq_stmt *)(void *)(q))->q)
#define C(c) ((sq_conn *)(void *)(c))

/* ---- statements ---- */

/* Wraps p (NULL if SQLite prepared nothing: empty SQL or an error) into a statement. */
static int wrap(sqlite3_stmt *p, int rc, bool cached, db_stmt **q) {
    *q = NULL;
    if (p == NULL)
        return rc == SQLITE_OK ? SQLITE_ERROR : rc;
    sq_stmt *w = calloc(1, sizeof *w);
    if (w == NULL) {
        sqlite3_finalize(p);
        return SQLITE_NOMEM;
    }
    w->base.driver = &sqlite_driver;
    w->q = p;
    w->cached = cached;
    *q = &w->base;
    return rc;
}

static int sq_prepare(db_conn *vc, const char *sql, db_stmt **q) {
    sq_conn *c = C(vc);
    sqlite3_stmt *p = NULL;
    int rc = sqlite3_prepare_v2(C(c)->db, sql, -1, &p, NULL);
    return wrap(p, rc, false, q);
}

static int sq_prepare_cached(db_conn *vc, const char *sql, db_stmt **q) {
    sq_conn *c = C(vc);
    for (sq_stmt *w = c->cached; w != NULL; w = w->next) {
        const char *text = sqlite3_sql(w->q);
        if (!sqlite3_stmt_busy(w->q) && text != NULL && strcmp(text, sql) == 0) {
            *q = &w->base;
            return SQLITE_OK;
        }
    }
    sqlite3_stmt *p = NULL;
    int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &p, NULL);
    if ((rc = wrap(p, rc, true, q)) == SQLITE_OK) {
        sq_stmt *w = (sq_stmt *)(void *)*q;
        w->next = c->cached;
        c->cached = w;
    }
    return rc;
}

static void sq_release(db_stmt *q) {
    sqlite3_reset(Q(q));
    sqlite3_clear_bindings(Q(q));
}

static void sq_finalize(db_stmt *q) {
    sq_stmt *w = (sq_stmt *)(void *)q;
    if (w->cached)
        return; /* finalized with the connection */
    sqlite3_finalize(w->q);
    free(w);
}

static void sq_reset(db_stmt *q) {
    sqlite3_reset(Q(q));
}

static void sq_clear_bindings(db_stmt *q) {
    sqlite3_clear_bindings(Q(q));
}

static void sq_bind_int64(db_stmt *q, int i, int64_t v) {
    sqlite3_bind_int64(Q(q), i, v);
}

static void sq_bind_double(db_stmt *q, int i, double v) {
    sqlite3_bind_double(Q(q), i, v);
}

static void sq_bind_null(db_stmt *q, int i) {
    sqlite3_bind_null(Q(q), i);
}

static void sq_bind_text(db_stmt *q, int i, const char *v) {
    sqlite3_bind_text(Q(q), i, v, -1, SQLITE_STATIC);
}

static void sq_bind_text_copy(db_stmt *q, int i, const char *v) {
    sqlite3_bind_text(Q(q), i, v, -1, SQLITE_TRANSIENT);
}

static void sq_bind_blob(db_stmt *q, int i, const void *v, size_t len) {
    assert(len <= INT32_MAX);
    sqlite3_bind_blob(Q(q), i, v, (int)len, SQLITE_STATIC);
}

static int sq_step(db_stmt *q) {
    return sqlite3_step(Q(q));
}

static int64_t sq_column_int64(db_stmt *q, int i) {
    return sqlite3_column_int64(Q(q), i);
}

static double sq_column_double(db_stmt *q, int i) {
    return sqlite3_column_double(Q(q), i);
}

static const char *sq_column_text(db_stmt *q, int i) {
    return (const char *)sqlite3_column_text(Q(q), i);
}

static const void *sq_column_blob(db_stmt *q, int i) {
    return sqlite3_column_blob(Q(q), i);
}

static size_t sq_column_bytes(db_stmt *q, int i) {
    int n = sqlite3_column_bytes(Q(q), i);
    return n > 0 ? (size_t)n : 0;
}

static bool sq_column_is_null(db_stmt *q, int i) {
    return sqlite3_column_type(Q(q), i) == SQLITE_NULL;
}

static bool sq_column_is_integer(db_stmt *q, int i) {
    return sqlite3_column_type(Q(q), i) == SQLITE_INTEGER;
}

static const char *sq_sql(db_stmt *q) {
    return sqlite3_sql(Q(q));
}

static bool sq_busy(db_stmt *q) {
    return sqlite3_stmt_busy(Q(q)) != 0;
}

static int sq_exec(db_conn *vc, const char *sql) {
    sq_conn *c = C(vc);
    return sqlite3_exec(c->db, sql, NULL, NULL, NULL);
}

static int64_t sq_changes(db_conn *vc) {
    sq_conn *c = C(vc);
    return sqlite3_changes64(c->db);
}

static int64_t sq_total_changes(db_conn *vc) {
    sq_conn *c = C(vc);
    return sqlite3_total_changes64(c->db);
}

static int64_t sq_last_insert_id(db_conn *vc) {
    sq_conn *c = C(vc);
    return sqlite3_last_insert_rowid(c->db);
}

static const char *sq_errmsg(db_conn *vc) {
    sq_conn *c = C(vc);
    return c->db != NULL ? sqlite3_errmsg(c->db) : "out of memory";
}

static db_err_kind sq_error_kind(db_conn *vc) {
    sq_conn *c = C(vc);
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
static int step_control(sq_conn *c, int which, int64_t *col0) {
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
static int control(sq_conn *c, int which) {
    int rc = step_control(c, which, NULL);
    return rc == SQLITE_DONE ? DB_OK : (rc == SQLITE_OK ? DB_ERROR : rc);
}

static int sq_begin(db_conn *vc) {
    sq_conn *c = C(vc);
    return control(c, CTL_BEGIN);
}

static int sq_begin_read(db_conn *vc) {
    sq_conn *c = C(vc);
    return control(c, CTL_BEGIN_READ);
}

static int sq_commit(db_conn *vc) {
    sq_conn *c = C(vc);
    return control(c, CTL_COMMIT);
}

static int sq_rollback(db_conn *vc) {
    sq_conn *c = C(vc);
    return control(c, CTL_ROLLBACK);
}

static bool sq_in_txn(db_conn *vc) {
    sq_conn *c = C(vc);
    return !sqlite3_get_autocommit(c->db);
}

static int sq_savepoint(db_conn *vc) {
    sq_conn *c = C(vc);
    return control(c, CTL_SAVEPOINT);
}

static int sq_savepoint_release(db_conn *vc) {
    sq_conn *c = C(vc);
    return control(c, CTL_SAVEPOINT_RELEASE);
}

static int sq_savepoint_undo(db_conn *vc) {
    sq_conn *c = C(vc);
    int rc = control(c, CTL_SAVEPOINT_ROLLBACK);
    return rc != DB_OK ? rc : control(c, CTL_SAVEPOINT_RELEASE);
}

static int sq_data_version(db_conn *vc, int64_t *version) {
    sq_conn *c = C(vc);
    int rc = step_control(c, CTL_DATA_VERSION, version);
    return rc == SQLITE_ROW ? DB_OK : (rc == SQLITE_OK || rc == SQLITE_DONE ? DB_ERROR : rc);
}

/* ---- the book's schema ---- */

/* Runs `sql`, whose one row has an integer in its first column, into *out (0 without a row). */
static int one_int(sq_conn *c, const char *sql, int64_t *out) {
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

static int sq_schema_version(db_conn *vc, int *version) {
    sq_conn *c = C(vc);
    int64_t v;
    int rc = one_int(c, "PRAGMA user_version", &v);
    *version = (int)v;
    return rc;
}

static int sq_set_schema_version(db_conn *vc, int version) {
    sq_conn *c = C(vc);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version);
    return sqlite3_exec(c->db, sql, NULL, NULL, NULL);
}

static int sq_schema_objects(db_conn *vc, int64_t *count) {
    sq_conn *c = C(vc);
    return one_int(c, "SELECT COUNT(*) FROM sqlite_master", count);
}

/* ---- opening a book ---- */

static hs_status open_fail(sq_conn *c, hs_error *err, const char *what) {
    if (c->db != NULL && sqlite3_errcode(c->db) == SQLITE_READONLY)
        return hs_fail_code(err, HS_STORAGE, "book_read_only", NULL,
                            "%s: %s: %s (this user cannot write the book, its -wal/-shm files or "
                            "its directory); nothing was written",
                            c->path, what, sq_errmsg(&c->base));
    return hs_fail(err, HS_STORAGE, "%s: %s: %s", c->path, what, sq_errmsg(&c->base));
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
static void close_connection(sq_conn *c) {
    for (int i = 0; i < CTL_COUNT; i++) {
        sqlite3_finalize(c->ctl[i]);
        c->ctl[i] = NULL;
    }
    /* statements the store and the repositories keep prepared on the connection */
    while (c->cached != NULL) {
        sq_stmt *w = c->cached;
        c->cached = w->next;
        sqlite3_finalize(w->q);
        free(w);
    }
    /* (and any a caller failed to finalize) */
    for (sqlite3_stmt *q; c->db != NULL && (q = sqlite3_next_stmt(c->db, NULL)) != NULL;)
        sqlite3_finalize(q);
    sqlite3_close(c->db);
    c->db = NULL;
}

/* Reopens a read-only book as immutable (file: URI, immutable=1): SQLite then needs no -shm, which
 * a read-only directory can't hold. Only sound when no -wal holds frames that the book file lacks,
 * so a non-empty -wal without its -shm is refused with a clear error instead. */
static hs_status reopen_immutable(sq_conn *c, hs_error *err) {
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
static hs_status probe(sq_conn *c, hs_error *err) {
    int version;
    int64_t objects;
    if (sq_schema_version(&c->base, &version) != DB_OK)
        return open_fail(c, err, "reading the schema version");
    if (sq_schema_objects(&c->base, &objects) != DB_OK)
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

hs_status db_sqlite_open(const char *path, store_open_mode mode, db_conn **out, bool *read_only,
                         hs_error *err) {
    *out = NULL;
    *read_only = false;
    if (mode == STORE_OPEN_EXISTING && access(path, F_OK) != 0)
        return hs_fail_code(err, HS_INPUT, "no_such_book", "book",
                            "%s: no such book (create it with `huoshui --book %s init`)", path,
                            path);
    sq_conn *c = calloc(1, sizeof *c);
    if (c == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    c->base.driver = &sqlite_driver;
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
        sq_close(&c->base);
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
        sq_close(&c->base);
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
        sq_close(&c->base);
        return st;
    }
    *read_only = c->read_only;
    *out = &c->base;
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
static hs_status sq_ready(db_conn *vc, hs_error *err) {
    sq_conn *c = C(vc);
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
    if (sq_begin(&c->base) != DB_OK)
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
    sq_rollback(&c->base);
    return HS_OK;
}

static int sq_bulk_load(db_conn *vc, bool on) {
    sq_conn *c = C(vc);
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

static void sq_close(db_conn *vc) {
    sq_conn *c = C(vc);
    if (c == NULL)
        return;
    close_connection(c);
    free(c);
}

static const char *sq_target(const db_conn *c) {
    return ((const sq_conn *)(const void *)c)->path;
}

sqlite3 *db_sqlite_handle(db_conn *c) {
    assert(c->driver == &sqlite_driver);
    return C(c)->db;
}

sqlite3 *store_sqlite(hs_store *s) {
    return db_sqlite_handle(store_db(s));
}

static int sq_column_count(db_stmt *q) {
    return sqlite3_column_count(Q(q));
}

static const char *sq_column_name(db_stmt *q, int i) {
    return sqlite3_column_name(Q(q), i);
}

static db_type sq_column_type(db_stmt *q, int i) {
    switch (sqlite3_column_type(Q(q), i)) {
    case SQLITE_INTEGER:
        return DB_INTEGER;
    case SQLITE_FLOAT:
        return DB_FLOAT;
    case SQLITE_TEXT:
        return DB_TEXT;
    case SQLITE_BLOB:
        return DB_BLOB;
    default:
        return DB_NULL;
    }
}

static int sq_tables(db_conn *vc, bool (*fn)(void *ctx, const char *name), void *ctx) {
    sq_conn *c = C(vc);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(c->db,
                                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                                "LIKE 'sqlite_%' ORDER BY name",
                                -1, &q, NULL);
    if (rc != SQLITE_OK)
        return rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (!fn(ctx, (const char *)sqlite3_column_text(q, 0))) {
            rc = SQLITE_DONE;
            break;
        }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int sq_keys_follow(db_conn *c, const char *table) {
    (void)c;
    (void)table; /* an INTEGER PRIMARY KEY continues after the largest rowid by itself */
    return SQLITE_OK;
}

static const db_driver sqlite_driver = {
    .column_count = sq_column_count,
    .column_name = sq_column_name,
    .column_type = sq_column_type,
    .tables = sq_tables,
    .keys_follow = sq_keys_follow,
    .name = "sqlite",
    .ready = sq_ready,
    .target = sq_target,
    .errmsg = sq_errmsg,
    .error_kind = sq_error_kind,
    .bulk_load = sq_bulk_load,
    .prepare = sq_prepare,
    .prepare_cached = sq_prepare_cached,
    .release = sq_release,
    .finalize = sq_finalize,
    .reset = sq_reset,
    .clear_bindings = sq_clear_bindings,
    .bind_int64 = sq_bind_int64,
    .bind_double = sq_bind_double,
    .bind_null = sq_bind_null,
    .bind_text = sq_bind_text,
    .bind_text_copy = sq_bind_text_copy,
    .bind_blob = sq_bind_blob,
    .step = sq_step,
    .column_int64 = sq_column_int64,
    .column_double = sq_column_double,
    .column_text = sq_column_text,
    .column_blob = sq_column_blob,
    .column_bytes = sq_column_bytes,
    .column_is_null = sq_column_is_null,
    .column_is_integer = sq_column_is_integer,
    .sql = sq_sql,
    .busy = sq_busy,
    .exec = sq_exec,
    .changes = sq_changes,
    .total_changes = sq_total_changes,
    .last_insert_id = sq_last_insert_id,
    .begin = sq_begin,
    .begin_read = sq_begin_read,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .in_txn = sq_in_txn,
    .savepoint = sq_savepoint,
    .savepoint_release = sq_savepoint_release,
    .savepoint_undo = sq_savepoint_undo,
    .data_version = sq_data_version,
    .schema_version = sq_schema_version,
    .set_schema_version = sq_set_schema_version,
    .schema_objects = sq_schema_objects,
    .close = sq_close,
};
