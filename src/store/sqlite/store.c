/* store.c — the book in one SQLite file (layout in store.h). */
#include "store/store.h"
#include "store/sqlite/sqlite_store.h"

#include "base/strmap.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    Q_ACCOUNT_BY_NAME,
    Q_ACCOUNT_BY_ID,
    Q_ACCOUNT_INSERT,
    Q_ACCOUNT_UPDATE,
    Q_ACCOUNT_UPDATE_POSTED,
    Q_TRANSFER_BY_ID,
    Q_TRANSFER_INSERT,
    Q_TRANSFER_RESOLVE,
    Q_LAST_TS,
    Q_DUE_PENDINGS,
    Q_BEGIN,
    Q_COMMIT,
    Q_ROLLBACK,
    Q_SAVEPOINT,
    Q_SAVEPOINT_RELEASE,
    Q_SAVEPOINT_ROLLBACK,
    Q_DATA_VERSION,
    Q_TRANSFERS_EXIST,
    Q_TRANSFER_EXISTS,
    Q_DUE_FIRST,
    Q_COUNT
};

#define PROBE_IDS 64 /* ids per Q_TRANSFERS_EXIST query */

static const char *const query_sql[Q_COUNT] = {
    [Q_ACCOUNT_BY_NAME] =
        "SELECT id, name, kind, flags, debits_pending, debits_posted, "
        "credits_pending, credits_posted, created_ts, owner FROM accounts WHERE name = ?1",
    [Q_ACCOUNT_BY_ID] =
        "SELECT id, name, kind, flags, debits_pending, debits_posted, "
        "credits_pending, credits_posted, created_ts, owner FROM accounts WHERE id = ?1",
    [Q_ACCOUNT_INSERT] =
        "INSERT INTO accounts(name, kind, flags, created_ts, owner) VALUES (?1, ?2, ?3, ?4, ?5)",
    [Q_ACCOUNT_UPDATE] = "UPDATE accounts SET debits_pending = ?2, debits_posted = ?3, "
                         "credits_pending = ?4, credits_posted = ?5 WHERE id = ?1",
    /* the same binds; for an account whose pending balances the batch left alone (most) */
    [Q_ACCOUNT_UPDATE_POSTED] =
        "UPDATE accounts SET debits_posted = ?3, credits_posted = ?5 WHERE id = ?1",
    [Q_TRANSFER_BY_ID] = "SELECT t.id, d.name, c.name, t.debit_id, t.credit_id, t.amount, "
                         "t.pending_id, t.flags, t.timeout, t.code, t.refs, t.date, t.ts, t.state, "
                         "t.resolved_date FROM transfers t JOIN accounts d ON d.id = t.debit_id "
                         "JOIN accounts c ON c.id = t.credit_id WHERE t.id = ?1",
    [Q_TRANSFER_INSERT] =
        "INSERT INTO transfers(id, debit_id, credit_id, amount, pending_id, flags, timeout, code, "
        "refs, date, ts, state, resolved_date, expires_ts) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [Q_TRANSFER_RESOLVE] = "UPDATE transfers SET state = ?2, resolved_date = ?3 WHERE id = ?1",
    [Q_LAST_TS] = "SELECT ts FROM transfers ORDER BY seq DESC LIMIT 1",
    [Q_DUE_PENDINGS] = "SELECT id FROM transfers WHERE state = 1 AND expires_ts IS NOT NULL AND "
                       "expires_ts <= ?1 ORDER BY expires_ts",
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_SAVEPOINT] = "SAVEPOINT hs_step",
    [Q_SAVEPOINT_RELEASE] = "RELEASE hs_step",
    [Q_SAVEPOINT_ROLLBACK] = "ROLLBACK TO hs_step",
    [Q_DATA_VERSION] = "PRAGMA data_version",
    [Q_TRANSFERS_EXIST] = NULL, /* built by prepare_all: ... WHERE id IN (?1, ..., ?64) */
    [Q_TRANSFER_EXISTS] = "SELECT 1 FROM transfers WHERE id = ?1",
    [Q_DUE_FIRST] = "SELECT min(expires_ts) FROM transfers WHERE state = 1 AND expires_ts IS NOT "
                    "NULL",
};

/* Accounts read or written inside write transactions, kept across transactions while no other
 * connection commits (PRAGMA data_version unchanged), so that a run of small batches doesn't
 * re-read the same accounts. Filled and updated only inside write transactions; emptied on any
 * rollback and whenever another connection has committed. */
typedef struct {
    hs_account *rows;
    size_t count, capacity;
    strmap by_name;  /* name -> index in rows */
    uint32_t *by_id; /* id -> index in rows (checked against rows[i].id), ids < id_capacity */
    size_t id_capacity;
} account_cache;

#define ACCOUNT_CACHE_MAX 65536 /* rows kept; a larger working set is re-read */

struct hs_store {
    sqlite3 *db;
    sqlite3_stmt *q[Q_COUNT];
    bool in_txn;
    bool read_only; /* opened for reading only: this user cannot write the book (see store_open) */
    account_cache cache;
    int64_t data_version; /* PRAGMA data_version when the cache and last_ts were last valid */
    bool last_ts_known;   /* last_ts is the ts of the book's last transfer */
    int64_t last_ts;
    /* With due_known, no open pending transfer expires before due_bound_ns (a lower bound: new
     * pendings lower it, resolutions may leave it low), so store_any_due needs no query while
     * now_ns < due_bound_ns. Valid and invalidated exactly as the account cache. */
    bool due_known;
    int64_t due_bound_ns;
    /* Counts the times the cache was forgotten (store_cache_epoch): state other files keep about
     * the book (the audit chain's tail) is valid while it is unchanged. */
    uint64_t cache_epoch;
    /* The audit chain's per-connection state (audit_repo.c), freed with the store. */
    void *audit_slot;
    /* With ids_assumed_new, the engine's id probe answers "not stored" without a query and a
     * transfer insert that hits an existing id fails with code "transfer_id_taken" (book.c then
     * redoes the step with probes). Row changes undone by ROLLBACK TO, which SQLite's change
     * count still includes, are counted in changes_undone (store_changes). */
    bool ids_assumed_new;
    bool in_savepoint;
    int64_t changes_at_savepoint;
    int64_t changes_undone;
    hs_clock clock;
    char path[1024];
};

static const char *const schema_v1 =
    "CREATE TABLE accounts ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL,"
    "  flags INTEGER NOT NULL DEFAULT 0,"
    "  debits_pending INTEGER NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),"
    "  debits_posted INTEGER NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),"
    "  credits_pending INTEGER NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),"
    "  credits_posted INTEGER NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),"
    "  created_ts INTEGER NOT NULL);"
    "CREATE TABLE transfers ("
    "  seq INTEGER PRIMARY KEY,"
    "  id TEXT NOT NULL UNIQUE,"
    "  debit_id INTEGER NOT NULL REFERENCES accounts(id),"
    "  credit_id INTEGER NOT NULL REFERENCES accounts(id),"
    "  amount INTEGER NOT NULL CHECK (amount > 0),"
    "  pending_id TEXT,"
    "  flags INTEGER NOT NULL,"
    "  timeout INTEGER NOT NULL DEFAULT 0,"
    "  code TEXT NOT NULL DEFAULT '',"
    "  refs TEXT NOT NULL DEFAULT '',"
    "  date INTEGER NOT NULL,"
    "  ts INTEGER NOT NULL,"
    "  state INTEGER NOT NULL DEFAULT 0,"
    "  resolved_date INTEGER,"
    "  expires_ts INTEGER);"
    "CREATE INDEX transfers_by_debit ON transfers(debit_id, seq);"
    "CREATE INDEX transfers_by_credit ON transfers(credit_id, seq);"
    "CREATE INDEX transfers_by_pending ON transfers(pending_id) WHERE pending_id IS NOT NULL;"
    "CREATE INDEX transfers_open_due ON transfers(expires_ts) WHERE state = 1;"
    "CREATE TABLE module_versions (module TEXT PRIMARY KEY, version INTEGER NOT NULL);";

/* v2: the two per-account history indexes cost more than half of every batch's write time (each
 * batch dirtied a leaf of both for nearly every account); `history` scans instead (about 0.1 s per
 * million transfers). */
static const char *const schema_v2 = "DROP INDEX IF EXISTS transfers_by_debit;"
                                     "DROP INDEX IF EXISTS transfers_by_credit;";

/* v3: the module that owns an account ('' for accounts made with `account create`); a plain
 * transfer may not touch an owned account. */
static const char *const schema_v3 =
    "ALTER TABLE accounts ADD COLUMN owner TEXT NOT NULL DEFAULT '';";

static hs_status db_fail(hs_store *s, hs_error *err, const char *what) {
    if (sqlite3_errcode(s->db) == SQLITE_READONLY)
        return hs_fail_code(err, HS_STORAGE, "book_read_only", NULL,
                            "%s: %s: %s (this user cannot write the book, its -wal/-shm files or "
                            "its directory); nothing was written",
                            s->path, what, sqlite3_errmsg(s->db));
    return hs_fail(err, HS_STORAGE, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

hs_status store_fail(hs_store *s, hs_error *err, const char *what) {
    return db_fail(s, err, what);
}

void store_column_text(sqlite3_stmt *q, int i, char *dst, size_t len) {
    const unsigned char *t = sqlite3_column_text(q, i);
    snprintf(dst, len, "%s", t ? (const char *)t : "");
}

hs_status store_get_one(hs_store *s, const char *sql, const char *key,
                        void (*read)(sqlite3_stmt *q, void *out), void *out, bool *found,
                        const char *what, hs_error *err) {
    sqlite3_stmt *q;
    *found = false;
    if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, err, what);
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *found = rc == SQLITE_ROW;
    if (*found)
        read(q, out);
    sqlite3_finalize(q);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? HS_OK : db_fail(s, err, what);
}

hs_status store_each_row(hs_store *s, const char *sql, const char *key,
                         hs_status (*row)(sqlite3_stmt *q, void *ctx, hs_error *err), void *ctx,
                         const char *what, hs_error *err) {
    assert(s != NULL && sql != NULL && row != NULL && what != NULL);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, err, what);
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    hs_status st = HS_OK;
    int rc;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
        st = row(q, ctx, err);
    if (st == HS_OK && rc != SQLITE_DONE)
        st = db_fail(s, err, what);
    sqlite3_finalize(q);
    return st;
}

uint64_t store_cache_epoch(const hs_store *s) {
    assert(s != NULL);
    return s->cache_epoch;
}

void **store_audit_slot(hs_store *s) {
    assert(s != NULL);
    return &s->audit_slot;
}

sqlite3 *store_sqlite(hs_store *s) {
    return s->db;
}

void store_use_clock(hs_store *s, const hs_clock *clock) {
    assert(s != NULL && clock != NULL);
    s->clock = *clock;
}

const hs_clock *store_clock(const hs_store *s) {
    assert(s != NULL);
    return &s->clock;
}

bool store_in_txn(const hs_store *s) {
    return s->in_txn;
}

const char *store_path(const hs_store *s) {
    return s->path;
}

hs_status store_exec(hs_store *s, const char *sql, hs_error *err) {
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return HS_OK;
    hs_status st = hs_fail(err, HS_STORAGE, "%s: %s", s->path, msg ? msg : "query failed");
    sqlite3_free(msg);
    return st;
}

static hs_status user_version(hs_store *s, int *version, hs_error *err) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return db_fail(s, err, "reading the schema version");
    *version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return HS_OK;
}

/* A read-only book whose schema is older than this program's: upgrading it needs a write. */
static hs_status needs_upgrade(hs_store *s, const char *what, int have, int want, hs_error *err) {
    return hs_fail_code(err, HS_STORAGE, "book_read_only", NULL,
                        "%s: the book is read-only for this user and %s's tables need upgrading "
                        "(version %d to %d); open it once with write access to upgrade it",
                        s->path, what, have, want);
}

static hs_status migrate_core(hs_store *s, hs_error *err) {
    int version;
    hs_status st = user_version(s, &version, err);
    if (st != HS_OK)
        return st;
    if (version > STORE_SCHEMA_VERSION)
        return hs_fail(
            err, HS_INPUT,
            "%s: this book was written by a newer huoshui (schema %d; this program knows "
            "up to %d); upgrade huoshui to open it",
            s->path, version, STORE_SCHEMA_VERSION);
    if (version == STORE_SCHEMA_VERSION)
        return HS_OK;
    if (s->read_only)
        return needs_upgrade(s, "the ledger", version, STORE_SCHEMA_VERSION, err);
    if ((st = store_exec(s, "BEGIN IMMEDIATE", err)) != HS_OK)
        return st;
    if ((st = user_version(s, &version, err)) != HS_OK) /* another process may have won */
        goto fail;
    if (version < 1 && (st = store_exec(s, schema_v1, err)) != HS_OK)
        goto fail;
    if (version < 2 && (st = store_exec(s, schema_v2, err)) != HS_OK)
        goto fail;
    if (version < 3 && (st = store_exec(s, schema_v3, err)) != HS_OK)
        goto fail;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", STORE_SCHEMA_VERSION);
    if ((st = store_exec(s, sql, err)) != HS_OK)
        goto fail;
    return store_exec(s, "COMMIT", err);
fail:
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

static hs_status prepare_all(hs_store *s, hs_error *err) {
    char probe[64 + PROBE_IDS * 6] = "SELECT id FROM transfers WHERE id IN (";
    for (int i = 1; i <= PROBE_IDS; i++)
        snprintf(probe + strlen(probe), sizeof probe - strlen(probe), "?%d%s", i,
                 i < PROBE_IDS ? ", " : ")");
    for (int i = 0; i < Q_COUNT; i++)
        if (sqlite3_prepare_v3(s->db, query_sql[i] ? query_sql[i] : probe, -1,
                               SQLITE_PREPARE_PERSISTENT, &s->q[i], NULL) != SQLITE_OK)
            return db_fail(s, err, "preparing a query");
    return HS_OK;
}

/* Runs control statement `which` (BEGIN, COMMIT, ROLLBACK, data_version) once: the cached
 * statement once prepare_all has run, a fresh one while the book is still being opened. *col0 gets
 * the first column of a row, if any. Returns SQLite's result code of the step. */
static int step_control(hs_store *s, int which, int64_t *col0) {
    sqlite3_stmt *q = s->q[which];
    bool temporary = q == NULL;
    if (temporary && sqlite3_prepare_v2(s->db, query_sql[which], -1, &q, NULL) != SQLITE_OK)
        return sqlite3_errcode(s->db);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && col0 != NULL)
        *col0 = sqlite3_column_int64(q, 0);
    if (temporary)
        sqlite3_finalize(q);
    else
        sqlite3_reset(q);
    return rc;
}

/* ---- the account cache ---- */

static void cache_clear(account_cache *c) {
    strmap_free(&c->by_name);
    c->count = 0;
}

static void cache_free(account_cache *c) {
    strmap_free(&c->by_name);
    free(c->rows);
    free(c->by_id);
    memset(c, 0, sizeof *c);
}

static const hs_account *cache_by_name(const account_cache *c, const char *name) {
    int64_t i;
    return strmap_get(&c->by_name, name, &i) ? &c->rows[i] : NULL;
}

static hs_account *cache_by_id(account_cache *c, int64_t id) {
    if (id <= 0 || (uint64_t)id >= c->id_capacity)
        return NULL;
    uint32_t i = c->by_id[id];
    return i < c->count && c->rows[i].id == id ? &c->rows[i] : NULL;
}

/* Remembers (or refreshes) an account as stored in the open transaction. Out of memory or a full
 * cache only means later reads go to the book. */
static void cache_put(account_cache *c, const hs_account *a) {
    hs_account *known = cache_by_id(c, a->id);
    if (known != NULL) {
        assert(strcmp(known->name, a->name) == 0);
        *known = *a;
        return;
    }
    if (a->id <= 0 || a->id >= (int64_t)ACCOUNT_CACHE_MAX * 16 || cache_by_name(c, a->name))
        return; /* an id too large to index, or a damaged book (the engine will say so) */
    if (c->count == ACCOUNT_CACHE_MAX)
        cache_clear(c);
    if (c->count == c->capacity) {
        size_t cap = c->capacity ? c->capacity * 2 : 256;
        hs_account *rows = realloc(c->rows, cap * sizeof *rows);
        if (rows == NULL)
            return;
        c->rows = rows;
        c->capacity = cap;
    }
    if ((uint64_t)a->id >= c->id_capacity) {
        size_t cap = c->id_capacity ? c->id_capacity : 1024;
        while (cap <= (uint64_t)a->id)
            cap *= 2;
        uint32_t *ids = realloc(c->by_id, cap * sizeof *ids);
        if (ids == NULL)
            return;
        memset(ids + c->id_capacity, 0xff, (cap - c->id_capacity) * sizeof *ids);
        c->by_id = ids;
        c->id_capacity = cap;
    }
    if (!strmap_put(&c->by_name, a->name, (int64_t)c->count))
        return;
    c->rows[c->count] = *a;
    c->by_id[a->id] = (uint32_t)c->count;
    c->count++;
}

/* Forgets what the cache knows (after a rollback, or when another connection committed). */
static void cache_invalidate(hs_store *s) {
    s->cache_epoch++;
    cache_clear(&s->cache);
    s->last_ts_known = false;
    s->due_known = false;
}

/* Refuses a file that is not a huoshui book before anything is written to it: a SQLite file with
 * tables but no huoshui schema version, or an empty file opened by a command other than init. */
static hs_status refuse_foreign(hs_store *s, store_open_mode mode, hs_error *err) {
    int version;
    hs_status st = user_version(s, &version, err);
    if (st != HS_OK || version > 0)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT COUNT(*) FROM sqlite_master", -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, err, "reading the book's schema");
    int rc = sqlite3_step(q);
    int64_t objects = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW)
        return db_fail(s, err, "reading the book's schema");
    if (objects > 0)
        return hs_fail_code(err, HS_INPUT, "not_a_book", "book",
                            "%s: not a huoshui book (a SQLite database with other tables); "
                            "nothing was written to it",
                            s->path);
    if (mode != STORE_CREATE)
        return hs_fail_code(err, HS_INPUT, "not_a_book", "book",
                            "%s: not a huoshui book (the file is empty); create a book with "
                            "`huoshui --book %s init`",
                            s->path, s->path);
    return HS_OK;
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

/* Reopens a read-only book as immutable (file: URI, immutable=1): SQLite then needs no -shm, which
 * a read-only directory can't hold. Only sound when no -wal holds frames that the book file lacks,
 * so a non-empty -wal without its -shm is refused with a clear error instead. */
static hs_status reopen_immutable(hs_store *s, hs_error *err) {
    if (wal_size(s->path) > 0)
        return hs_fail_code(err, HS_STORAGE, "book_read_only", NULL,
                            "%s: cannot read the book: it is read-only for this user, its -wal "
                            "file may hold committed transfers and its -shm index is missing "
                            "and cannot be created here; have the book's owner run any huoshui "
                            "command on it (that restores the -shm), or copy the book, -wal and "
                            "-shm files together",
                            s->path);
    char uri[3200] = "file:";
    size_t n = strlen(uri);
    const char *c = s->path;
    for (; *c != '\0' && n + 4 < sizeof uri; c++) {
        if (*c == '%' || *c == '?' || *c == '#')
            n += (size_t)snprintf(uri + n, sizeof uri - n, "%%%02X", (unsigned char)*c);
        else
            uri[n++] = *c;
    }
    if (*c != '\0' || n + sizeof "?immutable=1" > sizeof uri) /* never open a truncated path */
        return hs_fail(err, HS_INPUT, "%.200s...: the book's path is too long to open read-only",
                       s->path);
    snprintf(uri + n, sizeof uri - n, "?immutable=1");
    assert(strlen(uri) == n + strlen("?immutable=1"));
    sqlite3_close_v2(s->db); /* v2: statements still prepared are finalized with it */
    s->db = NULL;
    if (sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK)
        return db_fail(s, err, "cannot open the book read-only");
    return HS_OK;
}

/* Pages of WAL after which a commit checkpoints them into the book (SQLite's wal_autocheckpoint).
 */
#ifndef STORE_WAL_CHECKPOINT_PAGES
#define STORE_WAL_CHECKPOINT_PAGES 1000
#endif

/* Makes the -wal file at least one checkpoint cycle long, written with zeros, so that commits
 * overwrite blocks the file system has already allocated: an fdatasync of a write that extends a
 * file also has to write the file's block maps (on ext4 about twice the time of an overwrite).
 * SQLite restarts the WAL at its start after each checkpoint and keeps the file (PERSIST_WAL), so
 * from the second cycle on this is what it does anyway; prefilling makes a fresh book behave the
 * same from its first commit. Zeros are never valid frames (the header and every frame carry
 * checksums and salts), so the bytes beyond the last frame are ignored by readers and recovery.
 * Runs under the write lock (no other process is writing frames) on a writable file-backed book;
 * costs one stat when the file is already long enough. */
static hs_status wal_prefill(hs_store *s, hs_error *err) {
    const char *db_file = sqlite3_db_filename(s->db, "main");
    if (s->read_only || db_file == NULL || db_file[0] == '\0')
        return HS_OK; /* in memory: no WAL file */
    const char *wal = sqlite3_filename_wal(db_file);
    int page_size = 4096;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "PRAGMA page_size", -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            page_size = sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
    }
    off_t want = 32 + (off_t)STORE_WAL_CHECKPOINT_PAGES * (page_size + 24);
    struct stat stat_buf;
    if (wal == NULL || stat(wal, &stat_buf) != 0 || stat_buf.st_size >= want)
        return HS_OK;
    hs_status st = store_begin(s, err);
    if (st != HS_OK)
        return st;
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
    store_rollback(s);
    return HS_OK;
}

/* Process-wide SQLite settings, once before the first connection: no memory statistics (they
 * take a global mutex on every allocation). */
static pthread_once_t sqlite_configured = PTHREAD_ONCE_INIT;
static void configure_sqlite(void) {
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

hs_status store_open(const char *path, store_open_mode mode, hs_store **out, hs_error *err) {
    *out = NULL;
    if (mode == STORE_OPEN_EXISTING && access(path, F_OK) != 0)
        return hs_fail_code(err, HS_INPUT, "no_such_book", "book",
                            "%s: no such book (create it with `huoshui --book %s init`)", path,
                            path);
    hs_store *s = calloc(1, sizeof *s);
    if (s == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    snprintf(s->path, sizeof s->path, "%s", path);
    s->clock = hs_clock_system();
    /* An existing book this user cannot write (an auditor's copy, a read-only directory) is opened
     * for reading: every read works and every write fails with a clear "read-only" error. */
    s->read_only = mode == STORE_OPEN_EXISTING && !book_writable(path);
    int flags = s->read_only
                    ? SQLITE_OPEN_READONLY
                    : SQLITE_OPEN_READWRITE | (mode == STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
    /* One connection per thread (the CLI's, each server worker's, the committer's): SQLite's own
     * per-call mutex would only cost time. */
    flags |= SQLITE_OPEN_NOMUTEX;
    pthread_once(&sqlite_configured, configure_sqlite);
    hs_status st;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        st = db_fail(s, err, "cannot open the book");
        store_close(s);
        return st;
    }
    sqlite3_busy_timeout(s->db, 120000);
    st = refuse_foreign(s, mode, err);
    /* read-only and the WAL index can't be opened or created: read the book file as it stands */
    if (st == HS_STORAGE && s->read_only && (st = reopen_immutable(s, err)) == HS_OK) {
        sqlite3_busy_timeout(s->db, 120000);
        st = refuse_foreign(s, mode, err);
    }
    if (st != HS_OK) {
        store_close(s);
        return st;
    }
    /* the WAL is durable at each commit; checkpointing is left to the autocheckpoint */
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    /* A 128 MiB page cache so a batch's dirty pages never spill mid-transaction; checkpoints every
     * ~40 MiB of WAL rather than every 4 MiB inside a commit; the WAL file kept between opens (no
     * re-create and directory fsync per command). A read-only book is only read. */
    int persist = 1;
    if ((st = store_exec(s,
                         s->read_only ? "PRAGMA cache_size = -131072;"
                                      : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                                        "PRAGMA cache_size = -131072;",
                         err)) != HS_OK ||
        /* (an in-memory book has no WAL file: the control is then not found, which is fine) */
        (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist), false) ||
        (!s->read_only &&
         sqlite3_wal_autocheckpoint(s->db, STORE_WAL_CHECKPOINT_PAGES) != SQLITE_OK) ||
        (st = migrate_core(s, err)) != HS_OK || (st = sqlite_migrate_modules(s, err)) != HS_OK ||
        (st = prepare_all(s, err)) != HS_OK || (st = wal_prefill(s, err)) != HS_OK) {
        if (st == HS_OK)
            st = db_fail(s, err, "configuring the book");
        store_close(s);
        return st;
    }
    *out = s;
    return HS_OK;
}

void store_close(hs_store *s) {
    if (s == NULL)
        return;
    if (s->in_txn)
        store_rollback(s);
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(s->q[i]);
    /* statements the repositories keep prepared on the connection (e.g. fund_repo.c) */
    for (sqlite3_stmt *q; s->db != NULL && (q = sqlite3_next_stmt(s->db, NULL)) != NULL;)
        sqlite3_finalize(q);
    sqlite3_close(s->db);
    cache_free(&s->cache);
    free(s->audit_slot);
    free(s);
}

hs_status store_begin(hs_store *s, hs_error *err) {
    assert(!s->in_txn);
    if (s->read_only)
        return hs_fail_code(err, HS_STORAGE, "book_read_only", NULL,
                            "%s: the book is open read-only (this user cannot write the book, its "
                            "-wal/-shm files or its directory); nothing was written",
                            s->path);
    if (step_control(s, Q_BEGIN, NULL) != SQLITE_DONE)
        return db_fail(s, err, "beginning a write transaction");
    s->in_txn = true;
    /* Another connection's commit since ours changes data_version: what the cache holds (and the
     * last timestamp) may then be stale. Our own commits leave it unchanged. */
    int64_t version = -1;
    if (step_control(s, Q_DATA_VERSION, &version) != SQLITE_ROW) {
        store_rollback(s);
        return db_fail(s, err, "reading the book's data version");
    }
    if (version != s->data_version)
        cache_invalidate(s);
    s->data_version = version;
    assert(s->in_txn);
    return HS_OK;
}

hs_status store_commit(hs_store *s, hs_error *err) {
    assert(s->in_txn);
    if (step_control(s, Q_COMMIT, NULL) != SQLITE_DONE) {
        hs_status st = db_fail(s, err, "committing");
        store_rollback(s);
        return st;
    }
    s->in_txn = false;
    return HS_OK;
}

void store_rollback(hs_store *s) {
    if (s->in_txn)
        step_control(s, Q_ROLLBACK, NULL);
    /* whatever the transaction read or wrote is gone: so is what the cache learnt from it */
    cache_invalidate(s);
    s->in_txn = false;
    s->in_savepoint = false;
    s->ids_assumed_new = false;
    assert(s->cache.count == 0 && !s->last_ts_known);
}

hs_status store_step_begin(hs_store *s, bool assume_new_ids, hs_error *err) {
    assert(s != NULL && s->in_txn && !s->in_savepoint);
    if (step_control(s, Q_SAVEPOINT, NULL) != SQLITE_DONE)
        return db_fail(s, err, "opening a step of the transaction");
    s->in_savepoint = true;
    s->ids_assumed_new = assume_new_ids;
    s->changes_at_savepoint = sqlite3_total_changes64(s->db);
    return HS_OK;
}

void store_step_probe_ids(hs_store *s) {
    assert(s != NULL && s->in_txn && s->in_savepoint);
    s->ids_assumed_new = false;
}

hs_status store_step_end(hs_store *s, hs_error *err) {
    assert(s != NULL && s->in_txn && s->in_savepoint);
    s->in_savepoint = false;
    s->ids_assumed_new = false;
    if (step_control(s, Q_SAVEPOINT_RELEASE, NULL) != SQLITE_DONE)
        return db_fail(s, err, "closing a step of the transaction");
    return HS_OK;
}

hs_status store_step_undo(hs_store *s, hs_error *err) {
    assert(s != NULL && s->in_txn && s->in_savepoint);
    int64_t changed = sqlite3_total_changes64(s->db) - s->changes_at_savepoint;
    assert(changed >= 0);
    /* the cache may hold balances the step wrote: forget it, as a rollback does */
    cache_invalidate(s);
    s->in_savepoint = false;
    s->ids_assumed_new = false;
    if (step_control(s, Q_SAVEPOINT_ROLLBACK, NULL) != SQLITE_DONE ||
        step_control(s, Q_SAVEPOINT_RELEASE, NULL) != SQLITE_DONE)
        return db_fail(s, err, "undoing a step of the transaction");
    s->changes_undone += changed;
    return HS_OK;
}

int64_t store_changes(const hs_store *s) {
    assert(s != NULL);
    int64_t n = sqlite3_total_changes64(s->db) - s->changes_undone;
    assert(n >= 0);
    return n;
}

hs_status store_migrate_module(hs_store *s, const char *module, const store_migration *steps,
                               size_t n, hs_error *err) {
    sqlite3_stmt *q;
    int have = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT version FROM module_versions WHERE module = ?1", -1, &q,
                           NULL) != SQLITE_OK)
        return db_fail(s, err, "reading module versions");
    sqlite3_bind_text(q, 1, module, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW)
        have = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    int want = n ? steps[n - 1].version : 0;
    if (have > want)
        return hs_fail(err, HS_INPUT,
                       "%s: module '%s' was written by a newer huoshui (version %d; this program "
                       "knows up to %d)",
                       s->path, module, have, want);
    if (have == want)
        return HS_OK;
    if (s->read_only)
        return needs_upgrade(s, module, have, want, err);
    bool own_txn = !s->in_txn;
    hs_status st;
    if (own_txn && (st = store_begin(s, err)) != HS_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (steps[i].version <= have)
            continue;
        if ((st = store_exec(s, steps[i].sql, err)) != HS_OK) {
            if (own_txn)
                store_rollback(s);
            return st;
        }
    }
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO module_versions(module, version) VALUES ('%s', %d) "
             "ON CONFLICT(module) DO UPDATE SET version = excluded.version",
             module, want);
    if ((st = store_exec(s, sql, err)) != HS_OK) {
        if (own_txn)
            store_rollback(s);
        return st;
    }
    return own_txn ? store_commit(s, err) : HS_OK;
}

/* ---- rows <-> structs ---- */

static void copy_text(char *dst, size_t len, const unsigned char *src) {
    snprintf(dst, len, "%s", src ? (const char *)src : "");
}

static void read_account(sqlite3_stmt *q, hs_account *a) {
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(q, 0);
    copy_text(a->name, sizeof a->name, sqlite3_column_text(q, 1));
    copy_text(a->kind, sizeof a->kind, sqlite3_column_text(q, 2));
    a->flags = (uint32_t)sqlite3_column_int64(q, 3);
    a->debits_pending_fen = sqlite3_column_int64(q, 4);
    a->debits_posted_fen = sqlite3_column_int64(q, 5);
    a->credits_pending_fen = sqlite3_column_int64(q, 6);
    a->credits_posted_fen = sqlite3_column_int64(q, 7);
    a->created_ts = sqlite3_column_int64(q, 8);
    copy_text(a->owner, sizeof a->owner, sqlite3_column_text(q, 9));
}

/* Reads the columns of Q_TRANSFER_BY_ID's shape. */
static void read_transfer(sqlite3_stmt *q, hs_transfer *t) {
    memset(t, 0, sizeof *t);
    copy_text(t->id, sizeof t->id, sqlite3_column_text(q, 0));
    copy_text(t->debit, sizeof t->debit, sqlite3_column_text(q, 1));
    copy_text(t->credit, sizeof t->credit, sqlite3_column_text(q, 2));
    t->debit_account_id = sqlite3_column_int64(q, 3);
    t->credit_account_id = sqlite3_column_int64(q, 4);
    t->amount_fen = sqlite3_column_int64(q, 5);
    copy_text(t->pending_id, sizeof t->pending_id, sqlite3_column_text(q, 6));
    t->flags = (uint32_t)sqlite3_column_int64(q, 7);
    t->timeout_s = (uint32_t)sqlite3_column_int64(q, 8);
    copy_text(t->code, sizeof t->code, sqlite3_column_text(q, 9));
    copy_text(t->refs, sizeof t->refs, sqlite3_column_text(q, 10));
    t->date = (hs_date)sqlite3_column_int64(q, 11);
    t->date_given = true;
    t->ts = sqlite3_column_int64(q, 12);
    t->state = (pending_state)sqlite3_column_int(q, 13);
    t->resolved_date = (hs_date)sqlite3_column_int64(q, 14);
}

static hs_status account_query(hs_store *s, int which, sqlite3_stmt *bound, hs_account *out,
                               bool *found, hs_error *err) {
    (void)which;
    int rc = sqlite3_step(bound);
    *found = rc == SQLITE_ROW;
    if (*found)
        read_account(bound, out);
    sqlite3_reset(bound);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(s, err, "reading an account");
    return HS_OK;
}

hs_status store_account_by_name(hs_store *s, const char *name, hs_account *out, bool *found,
                                hs_error *err) {
    assert(s != NULL && name != NULL && out != NULL && found != NULL);
    if (s->in_txn) {
        const hs_account *known = cache_by_name(&s->cache, name);
        if (known != NULL) {
            *out = *known;
            *found = true;
            return HS_OK;
        }
    }
    sqlite3_stmt *q = s->q[Q_ACCOUNT_BY_NAME];
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    hs_status st = account_query(s, Q_ACCOUNT_BY_NAME, q, out, found, err);
    if (st == HS_OK && *found && s->in_txn && strcmp(out->name, name) == 0)
        cache_put(&s->cache, out);
    return st;
}

static hs_status io_account_by_name(void *ctx, const char *name, hs_account *out, bool *found,
                                    hs_error *err) {
    return store_account_by_name(ctx, name, out, found, err);
}

static hs_status io_account_by_id(void *ctx, int64_t id, hs_account *out, bool *found,
                                  hs_error *err) {
    hs_store *s = ctx;
    assert(s != NULL && out != NULL && found != NULL);
    if (s->in_txn) {
        const hs_account *known = cache_by_id(&s->cache, id);
        if (known != NULL) {
            *out = *known;
            *found = true;
            return HS_OK;
        }
    }
    sqlite3_stmt *q = s->q[Q_ACCOUNT_BY_ID];
    sqlite3_bind_int64(q, 1, id);
    hs_status st = account_query(s, Q_ACCOUNT_BY_ID, q, out, found, err);
    if (st == HS_OK && *found && s->in_txn && out->id == id)
        cache_put(&s->cache, out);
    return st;
}

/* Sets *exists: whether the book holds a transfer with id `id` (one index seek). */
static hs_status transfer_exists(hs_store *s, const char *id, bool *exists, hs_error *err) {
    sqlite3_stmt *q = s->q[Q_TRANSFER_EXISTS];
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    *exists = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? HS_OK
                                                 : db_fail(s, err, "looking a transfer up by id");
}

/* Sets exists[i] for each of ids[0..n): whether the book holds a transfer with that id. Full groups
 * of PROBE_IDS ids go in one query; the rest (and small batches) one seek each, which costs less
 * than filling an IN list with NULLs. */
static hs_status io_transfers_exist(void *ctx, const char *const *ids, size_t n, bool *exists,
                                    hs_error *err) {
    hs_store *s = ctx;
    assert(s->in_txn && (n == 0 || (ids != NULL && exists != NULL)));
    if (s->ids_assumed_new) {
        assert(s->in_savepoint); /* an insert that finds the id taken must be undoable */
        memset(exists, 0, n * sizeof *exists);
        return HS_OK;
    }
    sqlite3_stmt *q = s->q[Q_TRANSFERS_EXIST];
    for (size_t from = 0; from < n; from += PROBE_IDS) {
        size_t k = n - from < PROBE_IDS ? n - from : PROBE_IDS;
        if (k < PROBE_IDS) {
            hs_status st = HS_OK;
            for (size_t i = 0; st == HS_OK && i < k; i++)
                st = transfer_exists(s, ids[from + i], &exists[from + i], err);
            return st;
        }
        for (size_t i = 0; i < PROBE_IDS; i++) {
            if (i < k)
                sqlite3_bind_text(q, (int)i + 1, ids[from + i], -1, SQLITE_STATIC);
            else
                sqlite3_bind_null(q, (int)i + 1);
            if (i < k)
                exists[from + i] = false;
        }
        int rc;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            const char *id = (const char *)sqlite3_column_text(q, 0);
            for (size_t i = 0; id != NULL && i < k; i++)
                if (strcmp(ids[from + i], id) == 0)
                    exists[from + i] = true;
        }
        sqlite3_reset(q);
        sqlite3_clear_bindings(q);
        if (rc != SQLITE_DONE)
            return db_fail(s, err, "looking transfers up by id");
    }
    return HS_OK;
}

hs_status store_transfer_by_id(hs_store *s, const char *id, hs_transfer *out, bool *found,
                               hs_error *err) {
    assert(s != NULL && id != NULL && out != NULL && found != NULL);
    sqlite3_stmt *q = s->q[Q_TRANSFER_BY_ID];
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *found = rc == SQLITE_ROW;
    if (*found)
        read_transfer(q, out);
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(s, err, "reading a transfer");
    return HS_OK;
}

static hs_status io_transfer_by_id(void *ctx, const char *id, hs_transfer *out, bool *found,
                                   hs_error *err) {
    return store_transfer_by_id(ctx, id, out, found, err);
}

ledger_io store_ledger_io(hs_store *s) {
    return (ledger_io){.ctx = s,
                       .account_by_name = io_account_by_name,
                       .account_by_id = io_account_by_id,
                       .transfer_by_id = io_transfer_by_id,
                       .transfers_exist = io_transfers_exist};
}

hs_status store_last_ts(hs_store *s, int64_t *ts, hs_error *err) {
    if (s->in_txn && s->last_ts_known) {
        *ts = s->last_ts;
        return HS_OK;
    }
    sqlite3_stmt *q = s->q[Q_LAST_TS];
    int rc = sqlite3_step(q);
    *ts = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(s, err, "reading the last timestamp");
    if (s->in_txn) {
        s->last_ts = *ts;
        s->last_ts_known = true;
    }
    return HS_OK;
}

hs_status store_due_pendings(hs_store *s, int64_t now_ns,
                             hs_status (*fn)(void *ctx, const char *id, hs_error *err), void *ctx,
                             hs_error *err) {
    sqlite3_stmt *q = s->q[Q_DUE_PENDINGS];
    sqlite3_bind_int64(q, 1, now_ns);
    /* Collect first: the callback reads the same table. Bounded by the open pendings. */
    size_t n = 0, cap = 0;
    char(*ids)[TRANSFER_ID_MAX] = NULL;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            void *p = realloc(ids, cap * sizeof *ids);
            if (p == NULL) {
                free(ids);
                sqlite3_reset(q);
                return hs_fail(err, HS_STORAGE, "out of memory");
            }
            ids = p;
        }
        copy_text(ids[n++], TRANSFER_ID_MAX, sqlite3_column_text(q, 0));
    }
    sqlite3_reset(q);
    hs_status st = (rc == SQLITE_DONE) ? HS_OK : db_fail(s, err, "listing due pending transfers");
    for (size_t i = 0; st == HS_OK && i < n; i++)
        st = fn(ctx, ids[i], err);
    free(ids);
    return st;
}

hs_status store_any_due(hs_store *s, int64_t now_ns, bool *any, hs_error *err) {
    assert(s != NULL && any != NULL);
    if (s->in_txn && s->due_known && now_ns < s->due_bound_ns) {
        *any = false; /* nothing open expires before the bound (see hs_store.due_known) */
        return HS_OK;
    }
    sqlite3_stmt *q = s->q[Q_DUE_FIRST];
    int rc = sqlite3_step(q);
    bool open = rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL;
    int64_t first = open ? sqlite3_column_int64(q, 0) : INT64_MAX;
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(s, err, "looking for due pendings");
    *any = open && first <= now_ns;
    if (s->in_txn) {
        s->due_known = true;
        s->due_bound_ns = first;
    }
    return HS_OK;
}

static hs_status insert_transfer(hs_store *s, const hs_transfer *t, hs_error *err) {
    /* the engine's output, not data read from disk */
    assert(s->in_txn && t->id[0] != '\0' && t->amount_fen > 0 && t->ts > 0);
    assert(t->debit_account_id > 0 && t->credit_account_id > 0 &&
           t->debit_account_id != t->credit_account_id);
    sqlite3_stmt *q = s->q[Q_TRANSFER_INSERT];
    sqlite3_bind_text(q, 1, t->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, t->debit_account_id);
    sqlite3_bind_int64(q, 3, t->credit_account_id);
    sqlite3_bind_int64(q, 4, t->amount_fen);
    if (t->pending_id[0])
        sqlite3_bind_text(q, 5, t->pending_id, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, 5);
    sqlite3_bind_int64(q, 6, t->flags);
    sqlite3_bind_int64(q, 7, t->timeout_s);
    sqlite3_bind_text(q, 8, t->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 9, t->refs, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 10, t->date);
    sqlite3_bind_int64(q, 11, t->ts);
    sqlite3_bind_int(q, 12, t->state);
    if (t->state == PENDING_POSTED || t->state == PENDING_VOIDED || t->state == PENDING_EXPIRED)
        sqlite3_bind_int64(q, 13, t->resolved_date);
    else
        sqlite3_bind_null(q, 13);
    if ((t->flags & TRANSFER_PENDING) && t->timeout_s > 0) {
        int64_t expires_ns = t->ts + (int64_t)t->timeout_s * 1000000000;
        sqlite3_bind_int64(q, 14, expires_ns);
        if (s->due_known && expires_ns < s->due_bound_ns)
            s->due_bound_ns = expires_ns; /* keeps the bound below every open pending's expiry */
    } else
        sqlite3_bind_null(q, 14);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc == SQLITE_CONSTRAINT && s->ids_assumed_new &&
        sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE)
        return hs_fail_code(err, HS_STORAGE, "transfer_id_taken", "id",
                            "%s: transfer %s is already in the book", s->path, t->id);
    return rc == SQLITE_DONE ? HS_OK : db_fail(s, err, "writing a transfer");
}

/* Writes an account's balances. When the cache holds the row as the transaction last stored it and
 * only posted balances differ (a batch of plain transfers), only those two columns are written. */
static hs_status update_account(hs_store *s, const hs_account *a, hs_error *err) {
    assert(s->in_txn && a->id > 0);
    assert(account_within_limits(a));
    const hs_account *was = cache_by_id(&s->cache, a->id);
    bool posted_only = was != NULL && was->debits_pending_fen == a->debits_pending_fen &&
                       was->credits_pending_fen == a->credits_pending_fen;
    sqlite3_stmt *q = s->q[posted_only ? Q_ACCOUNT_UPDATE_POSTED : Q_ACCOUNT_UPDATE];
    sqlite3_bind_int64(q, 1, a->id);
    sqlite3_bind_int64(q, 2, a->debits_pending_fen);
    sqlite3_bind_int64(q, 3, a->debits_posted_fen);
    sqlite3_bind_int64(q, 4, a->credits_pending_fen);
    sqlite3_bind_int64(q, 5, a->credits_posted_fen);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return db_fail(s, err, "writing an account");
    cache_put(&s->cache, a); /* what the book now holds, inside this transaction */
    return HS_OK;
}

static hs_status resolve_pending(hs_store *s, const hs_transfer *p, hs_error *err) {
    assert(p->state == PENDING_POSTED || p->state == PENDING_VOIDED || p->state == PENDING_EXPIRED);
    sqlite3_stmt *q = s->q[Q_TRANSFER_RESOLVE];
    sqlite3_bind_text(q, 1, p->id, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 2, p->state);
    sqlite3_bind_int64(q, 3, p->resolved_date);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? HS_OK : db_fail(s, err, "resolving a pending transfer");
}

hs_status store_save_batch(hs_store *s, ledger_batch *b, hs_error *err) {
    assert(s->in_txn);
    const hs_transfer *created;
    size_t n = ledger_batch_created(b, &created);
    hs_status st = HS_OK;
    for (size_t i = 0; st == HS_OK && i < n; i++) {
        assert(i == 0 || created[i].ts > created[i - 1].ts);
        st = insert_transfer(s, &created[i], err);
    }
    if (st == HS_OK && n > 0) {
        assert(!s->last_ts_known || created[n - 1].ts > s->last_ts);
        s->last_ts = created[n - 1].ts;
        s->last_ts_known = true;
    }
    size_t r = ledger_batch_resolved_count(b);
    for (size_t i = 0; st == HS_OK && i < r; i++)
        st = resolve_pending(s, ledger_batch_resolved(b, i), err);
    size_t a = ledger_batch_account_count(b);
    for (size_t i = 0; st == HS_OK && i < a; i++) {
        bool changed;
        const hs_account *acc = ledger_batch_account(b, i, &changed);
        if (changed)
            st = update_account(s, acc, err);
    }
    return st;
}

hs_status store_account_insert(hs_store *s, hs_account *a, hs_error *err) {
    assert(s->in_txn && a != NULL && a->name[0] != '\0');
    sqlite3_stmt *q = s->q[Q_ACCOUNT_INSERT];
    sqlite3_bind_text(q, 1, a->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, a->kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, a->flags);
    sqlite3_bind_int64(q, 4, a->created_ts);
    sqlite3_bind_text(q, 5, a->owner, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return db_fail(s, err, "creating an account");
    a->id = sqlite3_last_insert_rowid(s->db);
    assert(a->id > 0); /* an INTEGER PRIMARY KEY SQLite just assigned */
    return HS_OK;
}

/* Binds a prefix as a LIKE-free range: name >= prefix AND name < prefix + 0xFF. */
static void bind_prefix(sqlite3_stmt *q, int lo, int hi, const char *prefix, char *upper,
                        size_t len) {
    snprintf(upper, len, "%s\xff", prefix ? prefix : "");
    sqlite3_bind_text(q, lo, prefix ? prefix : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, hi, upper, -1, SQLITE_STATIC);
}

/* Steps a prepared account query, handing each row to fn; finalizes it. */
static hs_status each_account_row(hs_store *s, sqlite3_stmt *q,
                                  hs_status (*fn)(void *ctx, const hs_account *a, hs_error *err),
                                  void *ctx, const char *what, hs_error *err) {
    hs_status st = HS_OK;
    int rc;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        hs_account a;
        read_account(q, &a);
        st = fn(ctx, &a, err);
    }
    if (st == HS_OK && rc != SQLITE_DONE)
        st = db_fail(s, err, what);
    sqlite3_finalize(q);
    return st;
}

hs_status store_accounts_each(hs_store *s, const char *prefix,
                              hs_status (*fn)(void *ctx, const hs_account *a, hs_error *err),
                              void *ctx, hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT id, name, kind, flags, debits_pending, debits_posted, "
                           "credits_pending, credits_posted, created_ts, owner FROM accounts "
                           "WHERE name >= ?1 AND name < ?2 ORDER BY name",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, err, "listing accounts");
    char upper[ACCOUNT_NAME_MAX + 2];
    bind_prefix(q, 1, 2, prefix, upper, sizeof upper);
    return each_account_row(s, q, fn, ctx, "listing accounts", err);
}

hs_status store_accounts_each_skip(hs_store *s, const char *prefix, const char *segment,
                                   hs_status (*fn)(void *ctx, const hs_account *a, hs_error *err),
                                   void *ctx, hs_error *err) {
    assert(prefix != NULL && segment != NULL);
    size_t n = strlen(segment), plen = strlen(prefix);
    assert(n > 0 && n < 32 && strspn(segment, "abcdefghijklmnopqrstuvwxyz") == n);
    char mark[40];
    snprintf(mark, sizeof mark, "/%s/", segment);
    sqlite3_stmt *q;
    /* a walk of the name index that seeks past each run of names with the segment (one seek per
     * run: with "fund/" and "investment", one per fund, not one row per deal) */
    if (sqlite3_prepare_v2(s->db,
                           "SELECT id, name, kind, flags, debits_pending, debits_posted, "
                           "credits_pending, credits_posted, created_ts, owner FROM accounts "
                           "WHERE name >= ?1 AND name < ?2 ORDER BY name",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, err, "listing accounts");
    char lower[ACCOUNT_NAME_MAX + 2], upper[ACCOUNT_NAME_MAX + 2];
    bind_prefix(q, 1, 2, prefix, upper, sizeof upper);
    snprintf(lower, sizeof lower, "%s", prefix);
    hs_status st = HS_OK;
    int rc = SQLITE_DONE;
    bool seek = false;
    while (st == HS_OK) {
        if (seek) {
            sqlite3_reset(q);
            sqlite3_bind_text(q, 1, lower, -1, SQLITE_TRANSIENT);
            seek = false;
        }
        if ((rc = sqlite3_step(q)) != SQLITE_ROW)
            break;
        const char *name = (const char *)sqlite3_column_text(q, 1);
        const char *hit =
            name && strncmp(name, prefix, plen) == 0 ? strstr(name + plen, mark) : NULL;
        if (hit != NULL) { /* past every name that starts like this one up to the segment */
            size_t keep = (size_t)(hit - name) + n + 2;
            if (keep + 2 > sizeof lower) {
                st = hs_fail(err, HS_STORAGE, "%s: account name '%.40s...' too long (corrupt book)",
                             s->path, name);
                break;
            }
            snprintf(lower, sizeof lower, "%.*s\xff", (int)keep, name);
            seek = true;
            continue;
        }
        hs_account a;
        read_account(q, &a);
        st = fn(ctx, &a, err);
    }
    if (st == HS_OK && rc != SQLITE_DONE)
        st = db_fail(s, err, "listing accounts");
    sqlite3_finalize(q);
    return st;
}

/* Recomputed balances per account; ?1 is the date limit (or a far-future day for "now"). */
#define RECOMPUTED_BALANCES                                                                        \
    "WITH moves(acc, dpend, dpost, cpend, cpost) AS ("                                             \
    "  SELECT debit_id, 0, amount, 0, 0 FROM transfers WHERE date <= ?1 AND (flags & 5) = 0"       \
    "  UNION ALL SELECT credit_id, 0, 0, 0, amount FROM transfers"                                 \
    "    WHERE date <= ?1 AND (flags & 5) = 0"                                                     \
    "  UNION ALL SELECT debit_id, amount, 0, 0, 0 FROM transfers WHERE (flags & 1) AND"            \
    "    date <= ?1 AND (state = 1 OR resolved_date > ?1)"                                         \
    "  UNION ALL SELECT credit_id, 0, 0, amount, 0 FROM transfers WHERE (flags & 1) AND"           \
    "    date <= ?1 AND (state = 1 OR resolved_date > ?1)),"                                       \
    " sums AS (SELECT acc, SUM(dpend) dpend, SUM(dpost) dpost, SUM(cpend) cpend,"                  \
    "   SUM(cpost) cpost FROM moves GROUP BY acc) "

hs_status store_accounts_at(hs_store *s, hs_date date, const char *prefix,
                            hs_status (*fn)(void *ctx, const hs_account *a, hs_error *err),
                            void *ctx, hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db,
                           RECOMPUTED_BALANCES
                           "SELECT a.id, a.name, a.kind, a.flags, COALESCE(s.dpend, 0), "
                           "COALESCE(s.dpost, 0), COALESCE(s.cpend, 0), COALESCE(s.cpost, 0), "
                           "a.created_ts, a.owner FROM accounts a LEFT JOIN sums s ON s.acc = a.id "
                           "WHERE a.name >= ?2 AND a.name < ?3 ORDER BY a.name",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, err, "computing balances at a date");
    sqlite3_bind_int64(q, 1, date);
    char upper[ACCOUNT_NAME_MAX + 2];
    bind_prefix(q, 2, 3, prefix, upper, sizeof upper);
    return each_account_row(s, q, fn, ctx, "computing balances at a date", err);
}

/* The transfer columns read_transfer reads, with the account names joined. */
#define TRANSFER_ROW_SELECT                                                                        \
    "SELECT t.id, d.name, c.name, t.debit_id, t.credit_id, t.amount, t.pending_id, "               \
    "t.flags, t.timeout, t.code, t.refs, t.date, t.ts, t.state, t.resolved_date "                  \
    "FROM transfers t JOIN accounts d ON d.id = t.debit_id JOIN accounts c ON "                    \
    "c.id = t.credit_id "

/* Steps q (a TRANSFER_ROW_SELECT, bound), calling fn for each transfer; finalizes q. */
static hs_status each_transfer_row(hs_store *s, sqlite3_stmt *q,
                                   hs_status (*fn)(void *ctx, const hs_transfer *t, hs_error *err),
                                   void *ctx, const char *what, hs_error *err) {
    hs_status st = HS_OK;
    int rc;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        hs_transfer t;
        read_transfer(q, &t);
        st = fn(ctx, &t, err);
    }
    if (st == HS_OK && rc != SQLITE_DONE)
        st = db_fail(s, err, what);
    sqlite3_finalize(q);
    return st;
}

hs_status store_history(hs_store *s, int64_t account_id,
                        hs_status (*fn)(void *ctx, const hs_transfer *t, hs_error *err), void *ctx,
                        hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db,
                           TRANSFER_ROW_SELECT "WHERE t.debit_id = ?1 OR t.credit_id = ?1 "
                                               "ORDER BY t.date, t.seq",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, err, "reading history");
    sqlite3_bind_int64(q, 1, account_id);
    return each_transfer_row(s, q, fn, ctx, "reading history", err);
}

hs_status store_transfers_by_seq(hs_store *s, int64_t first_seq, int64_t last_seq,
                                 hs_status (*fn)(void *ctx, const hs_transfer *t, hs_error *err),
                                 void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db,
                           TRANSFER_ROW_SELECT "WHERE t.seq BETWEEN ?1 AND ?2 ORDER BY t.seq", -1,
                           &q, NULL) != SQLITE_OK)
        return db_fail(s, err, "reading transfers");
    sqlite3_bind_int64(q, 1, first_seq);
    sqlite3_bind_int64(q, 2, last_seq);
    return each_transfer_row(s, q, fn, ctx, "reading transfers", err);
}

/* ---- check ---- */

typedef struct {
    const char *what;
    const char *sql; /* returns rows describing violations; first column text */
} invariant;

static const invariant invariants[] = {
    {"stored balances equal the balances recomputed from transfers", RECOMPUTED_BALANCES
     "SELECT 'account ' || a.name || ': stored (dr pending ' || a.debits_pending || ', dr posted ' "
     "|| a.debits_posted || ', cr pending ' || a.credits_pending || ', cr posted ' || "
     "a.credits_posted || ') but transfers give (' || COALESCE(s.dpend,0) || ', ' || "
     "COALESCE(s.dpost,0) || ', ' || COALESCE(s.cpend,0) || ', ' || COALESCE(s.cpost,0) || ')' "
     "FROM accounts a LEFT JOIN sums s ON s.acc = a.id WHERE a.debits_pending != "
     "COALESCE(s.dpend,0) OR a.debits_posted != COALESCE(s.dpost,0) OR a.credits_pending != "
     "COALESCE(s.cpend,0) OR a.credits_posted != COALESCE(s.cpost,0) LIMIT 1"},
    {"total debits equal total credits",
     "SELECT 'posted debits ' || SUM(debits_posted) || ' != posted credits ' || "
     "SUM(credits_posted) || ' or pending debits ' || SUM(debits_pending) || ' != pending "
     "credits ' || SUM(credits_pending) FROM accounts HAVING SUM(debits_posted) != "
     "SUM(credits_posted) OR SUM(debits_pending) != SUM(credits_pending)"},
    {"no flagged account crosses its limit",
     "SELECT 'account ' || name || ' (' || CASE WHEN flags & 1 THEN 'debits-le-credits' ELSE "
     "'credits-le-debits' END || ') crosses its limit' FROM accounts WHERE ((flags & 1) AND "
     "debits_pending + debits_posted > credits_posted) OR ((flags & 2) AND credits_pending + "
     "credits_posted > debits_posted) LIMIT 1"},
    /* only an account's module may move it (book.h): an owner naming no module would lock the
     * account away from every command, and a stray owner is damage */
    {"each account's owner is empty (a free account) or a module of this book",
     "SELECT 'account ' || name || ' is owned by ''' || owner || ''', which is no module of this "
     "book' FROM accounts WHERE owner != '' AND owner NOT IN (SELECT module FROM module_versions) "
     "ORDER BY name LIMIT 1"},
    {"each pending transfer is resolved at most once",
     "SELECT 'pending transfer ' || pending_id || ' is resolved ' || COUNT(*) || ' times' FROM "
     "transfers WHERE pending_id IS NOT NULL GROUP BY pending_id HAVING COUNT(*) > 1 LIMIT 1"},
    {"each resolution names an existing pending transfer with the same accounts and no more money",
     "SELECT 'transfer ' || r.id || ' resolves ' || r.pending_id || CASE WHEN p.id IS NULL THEN "
     "', which does not exist' WHEN (p.flags & 1) = 0 THEN ', which is not pending' WHEN "
     "p.debit_id != r.debit_id OR p.credit_id != r.credit_id THEN ' with other accounts' ELSE "
     "' for more than it reserved' END FROM transfers r LEFT JOIN transfers p ON p.id = "
     "r.pending_id WHERE r.pending_id IS NOT NULL AND (p.id IS NULL OR (p.flags & 1) = 0 OR "
     "p.debit_id != r.debit_id OR p.credit_id != r.credit_id OR r.amount > p.amount) LIMIT 1"},
    {"each pending transfer's state agrees with its resolution",
     "SELECT 'pending transfer ' || p.id || ' has state ' || p.state || ' but ' || "
     "COALESCE((SELECT CASE WHEN r.flags & 2 THEN 'was posted by ' ELSE 'was voided by ' END || "
     "r.id FROM transfers r WHERE r.pending_id = p.id), 'no resolution') FROM transfers p "
     "WHERE (p.flags & 1) AND NOT ((p.state IN (1, 4) AND NOT EXISTS (SELECT 1 FROM transfers r "
     "WHERE r.pending_id = p.id)) OR (p.state = 2 AND EXISTS (SELECT 1 FROM transfers r WHERE "
     "r.pending_id = p.id AND (r.flags & 2))) OR (p.state = 3 AND EXISTS (SELECT 1 FROM "
     "transfers r WHERE r.pending_id = p.id AND (r.flags & 4)))) LIMIT 1"},
    {"every transfer moves a positive amount between two different accounts",
     "SELECT 'transfer ' || id || ' is malformed' FROM transfers WHERE amount <= 0 OR debit_id = "
     "credit_id OR debit_id NOT IN (SELECT id FROM accounts) OR credit_id NOT IN (SELECT id FROM "
     "accounts) LIMIT 1"},
    {"timestamps strictly increase in apply order",
     "SELECT 'transfer ' || id || ' has timestamp ' || ts || ' not after its predecessor''s ' || "
     "prev FROM (SELECT id, ts, LAG(ts) OVER (ORDER BY seq) prev FROM transfers) WHERE ts <= "
     "prev LIMIT 1"},
};

hs_status store_check(hs_store *s, store_check_report *report, hs_error *err) {
    memset(report, 0, sizeof *report);
    report->ok = true;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT (SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM "
                           "transfers)",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, err, "checking the book");
    if (sqlite3_step(q) == SQLITE_ROW) {
        report->accounts = sqlite3_column_int64(q, 0);
        report->transfers = sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
    for (size_t i = 0; i < sizeof invariants / sizeof invariants[0]; i++) {
        if (sqlite3_prepare_v2(s->db, invariants[i].sql, -1, &q, NULL) != SQLITE_OK)
            return db_fail(s, err, invariants[i].what);
        sqlite3_bind_int64(q, 1, INT32_MAX);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            report->ok = false;
            snprintf(report->first_violation, sizeof report->first_violation, "%s: %s",
                     invariants[i].what, (const char *)sqlite3_column_text(q, 0));
        }
        sqlite3_finalize(q);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return db_fail(s, err, invariants[i].what);
        if (!report->ok)
            return HS_OK;
    }
    return HS_OK;
}
