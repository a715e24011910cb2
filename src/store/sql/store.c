/* store.c — the book: accounts, transfers and the check, on any backend of store/db.h (layout in
 * store.h). */
#include "store/store.h"
#include "store/sql/sql_store.h"

#include "base/strmap.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    [Q_TRANSFERS_EXIST] = NULL, /* built by prepare_all: ... WHERE id IN (?1, ..., ?64) */
    [Q_TRANSFER_EXISTS] = "SELECT 1 FROM transfers WHERE id = ?1",
    [Q_DUE_FIRST] = "SELECT min(expires_ts) FROM transfers WHERE state = 1 AND expires_ts IS NOT "
                    "NULL",
};

/* Accounts read or written inside write transactions, kept across transactions while no other
 * connection commits (db_data_version unchanged), so that a run of small batches doesn't
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
    db_conn *db;
    db_stmt *q[Q_COUNT];
    bool in_txn;
    bool read_only; /* opened for reading only: this user cannot write the book (see store_open) */
    account_cache cache;
    int64_t data_version; /* db_data_version when the cache and last_ts were last valid */
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
     * redoes the step with probes). Row changes undone by a savepoint undo, which the
     * connection's change count still includes, are counted in changes_undone (store_changes). */
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

/* HS_STORAGE for the connection's last failure, its code saying what kind it was: "book_read_only",
 * "storage_busy" (a lock or serialization failure: the same request may succeed when retried),
 * "unique_violation" (a row whose key the book already holds), else "storage_error". */
static hs_status db_fail(hs_store *s, hs_error *err, const char *what) {
    switch (db_error_kind(s->db)) {
    case DB_ERR_READ_ONLY:
        return hs_fail_code(err, HS_STORAGE, "book_read_only", NULL,
                            "%s: %s: %s (this user cannot write the book, its -wal/-shm files or "
                            "its directory); nothing was written",
                            s->path, what, db_errmsg(s->db));
    case DB_ERR_BUSY:
        return hs_fail_code(err, HS_STORAGE, "storage_busy", NULL, "%s: %s: %s", s->path, what,
                            db_errmsg(s->db));
    case DB_ERR_UNIQUE:
        return hs_fail_code(err, HS_STORAGE, "unique_violation", NULL, "%s: %s: %s", s->path, what,
                            db_errmsg(s->db));
    case DB_ERR_NONE:
    case DB_ERR_OTHER:
    case DB_ERR_CONSTRAINT:
        break;
    }
    return hs_fail(err, HS_STORAGE, "%s: %s: %s", s->path, what, db_errmsg(s->db));
}

hs_status store_fail(hs_store *s, hs_error *err, const char *what) {
    return db_fail(s, err, what);
}

void store_column_text(db_stmt *q, int i, char *dst, size_t len) {
    const char *t = db_column_text(q, i);
    snprintf(dst, len, "%s", t ? t : "");
}

hs_status store_get_one(hs_store *s, const char *sql, const char *key,
                        void (*read)(db_stmt *q, void *out), void *out, bool *found,
                        const char *what, hs_error *err) {
    db_stmt *q;
    *found = false;
    if (db_prepare(s->db, sql, &q) != DB_OK)
        return db_fail(s, err, what);
    db_bind_text(q, 1, key);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (*found)
        read(q, out);
    db_finalize(q);
    return (rc == DB_ROW || rc == DB_DONE) ? HS_OK : db_fail(s, err, what);
}

hs_status store_each_row(hs_store *s, const char *sql, const char *key,
                         hs_status (*row)(db_stmt *q, void *ctx, hs_error *err), void *ctx,
                         const char *what, hs_error *err) {
    assert(s != NULL && sql != NULL && row != NULL && what != NULL);
    db_stmt *q;
    if (db_prepare(s->db, sql, &q) != DB_OK)
        return db_fail(s, err, what);
    db_bind_text(q, 1, key);
    hs_status st = HS_OK;
    int rc;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW)
        st = row(q, ctx, err);
    if (st == HS_OK && rc != DB_DONE)
        st = db_fail(s, err, what);
    db_finalize(q);
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

db_conn *store_db(hs_store *s) {
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

int store_stmt_cached(hs_store *s, const char *sql, db_stmt **q) {
    return db_prepare_cached(s->db, sql, q);
}

void store_stmt_release(db_stmt *q) {
    db_release(q);
}

hs_status store_exec(hs_store *s, const char *sql, hs_error *err) {
    if (db_exec(s->db, sql) == DB_OK)
        return HS_OK;
    return hs_fail(err, HS_STORAGE, "%s: %s", s->path, db_errmsg(s->db));
}

static hs_status user_version(hs_store *s, int *version, hs_error *err) {
    if (db_schema_version(s->db, version) != DB_OK)
        return db_fail(s, err, "reading the schema version");
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
    if (db_begin(s->db) != DB_OK)
        return db_fail(s, err, "beginning a write transaction");
    if ((st = user_version(s, &version, err)) != HS_OK) /* another process may have won */
        goto fail;
    if (version < 1 && (st = store_exec(s, schema_v1, err)) != HS_OK)
        goto fail;
    if (version < 2 && (st = store_exec(s, schema_v2, err)) != HS_OK)
        goto fail;
    if (version < 3 && (st = store_exec(s, schema_v3, err)) != HS_OK)
        goto fail;
    if (db_set_schema_version(s->db, STORE_SCHEMA_VERSION) != DB_OK) {
        st = db_fail(s, err, "recording the schema version");
        goto fail;
    }
    if (db_commit(s->db) != DB_OK) {
        st = db_fail(s, err, "committing the schema");
        goto fail;
    }
    return HS_OK;
fail:
    db_rollback(s->db);
    return st;
}

static hs_status prepare_all(hs_store *s, hs_error *err) {
    char probe[64 + PROBE_IDS * 6] = "SELECT id FROM transfers WHERE id IN (";
    for (int i = 1; i <= PROBE_IDS; i++)
        snprintf(probe + strlen(probe), sizeof probe - strlen(probe), "?%d%s", i,
                 i < PROBE_IDS ? ", " : ")");
    for (int i = 0; i < Q_COUNT; i++)
        if (db_prepare_cached(s->db, query_sql[i] ? query_sql[i] : probe, &s->q[i]) != DB_OK)
            return db_fail(s, err, "preparing a query");
    return HS_OK;
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
    int64_t objects;
    if (db_schema_objects(s->db, &objects) != DB_OK)
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

hs_status store_open(const char *path, store_open_mode mode, hs_store **out, hs_error *err) {
    *out = NULL;
    hs_store *s = calloc(1, sizeof *s);
    if (s == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    snprintf(s->path, sizeof s->path, "%s", path);
    s->clock = hs_clock_system();
    hs_status st = db_open(path, mode, &s->db, &s->read_only, err);
    if (st != HS_OK || (st = refuse_foreign(s, mode, err)) != HS_OK ||
        (st = migrate_core(s, err)) != HS_OK || (st = store_migrate_modules(s, err)) != HS_OK ||
        (st = prepare_all(s, err)) != HS_OK || (st = db_ready(s->db, err)) != HS_OK) {
        store_close(s);
        return st;
    }
    *out = s;
    return HS_OK;
}

bool store_book_exists(const char *path) {
    if (!db_target_is_postgres(path))
        return access(path, F_OK) == 0;
    db_conn *c;
    bool read_only;
    hs_error ignored = {0};
    if (db_open(path, STORE_OPEN_EXISTING, &c, &read_only, &ignored) != HS_OK)
        return false;
    int version = 0;
    bool exists = db_schema_version(c, &version) == DB_OK && version > 0;
    db_close(c);
    return exists;
}

void store_close(hs_store *s) {
    if (s == NULL)
        return;
    if (s->in_txn)
        store_rollback(s);
    db_close(s->db); /* with every statement still prepared on it (the store's and repositories') */
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
    if (db_begin(s->db) != DB_OK)
        return db_fail(s, err, "beginning a write transaction");
    s->in_txn = true;
    /* Another connection's commit since ours changes data_version: what the cache holds (and the
     * last timestamp) may then be stale. Our own commits leave it unchanged. */
    int64_t version = -1;
    if (db_data_version(s->db, &version) != DB_OK) {
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
    if (db_commit(s->db) != DB_OK) {
        hs_status st = db_fail(s, err, "committing");
        store_rollback(s);
        return st;
    }
    s->in_txn = false;
    return HS_OK;
}

void store_rollback(hs_store *s) {
    if (s->in_txn)
        db_rollback(s->db);
    /* whatever the transaction read or wrote is gone: so is what the cache learnt from it */
    cache_invalidate(s);
    s->in_txn = false;
    s->in_savepoint = false;
    s->ids_assumed_new = false;
    assert(s->cache.count == 0 && !s->last_ts_known);
}

hs_status store_step_begin(hs_store *s, bool assume_new_ids, hs_error *err) {
    assert(s != NULL && s->in_txn && !s->in_savepoint);
    if (db_savepoint(s->db) != DB_OK)
        return db_fail(s, err, "opening a step of the transaction");
    s->in_savepoint = true;
    s->ids_assumed_new = assume_new_ids;
    s->changes_at_savepoint = db_total_changes(s->db);
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
    if (db_savepoint_release(s->db) != DB_OK)
        return db_fail(s, err, "closing a step of the transaction");
    return HS_OK;
}

hs_status store_step_undo(hs_store *s, hs_error *err) {
    assert(s != NULL && s->in_txn && s->in_savepoint);
    int64_t changed = db_total_changes(s->db) - s->changes_at_savepoint;
    assert(changed >= 0);
    /* the cache may hold balances the step wrote: forget it, as a rollback does */
    cache_invalidate(s);
    s->in_savepoint = false;
    s->ids_assumed_new = false;
    if (db_savepoint_undo(s->db) != DB_OK)
        return db_fail(s, err, "undoing a step of the transaction");
    s->changes_undone += changed;
    return HS_OK;
}

int64_t store_changes(const hs_store *s) {
    assert(s != NULL);
    int64_t n = db_total_changes(s->db) - s->changes_undone;
    assert(n >= 0);
    return n;
}

hs_status store_migrate_module(hs_store *s, const char *module, const store_migration *steps,
                               size_t n, hs_error *err) {
    db_stmt *q;
    int have = 0;
    if (db_prepare(s->db, "SELECT version FROM module_versions WHERE module = ?1", &q) != DB_OK)
        return db_fail(s, err, "reading module versions");
    db_bind_text(q, 1, module);
    if (db_step(q) == DB_ROW)
        have = db_column_int(q, 0);
    db_finalize(q);
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
        const char *sql =
            steps[i].pg_sql != NULL && db_is_postgres(s->db) ? steps[i].pg_sql : steps[i].sql;
        if ((st = store_exec(s, sql, err)) != HS_OK) {
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

static void copy_text(char *dst, size_t len, const char *src) {
    snprintf(dst, len, "%s", src ? src : "");
}

static void read_account(db_stmt *q, hs_account *a) {
    memset(a, 0, sizeof *a);
    a->id = db_column_int64(q, 0);
    copy_text(a->name, sizeof a->name, db_column_text(q, 1));
    copy_text(a->kind, sizeof a->kind, db_column_text(q, 2));
    a->flags = (uint32_t)db_column_int64(q, 3);
    a->debits_pending_fen = db_column_int64(q, 4);
    a->debits_posted_fen = db_column_int64(q, 5);
    a->credits_pending_fen = db_column_int64(q, 6);
    a->credits_posted_fen = db_column_int64(q, 7);
    a->created_ts = db_column_int64(q, 8);
    copy_text(a->owner, sizeof a->owner, db_column_text(q, 9));
}

/* Reads the columns of Q_TRANSFER_BY_ID's shape. */
static void read_transfer(db_stmt *q, hs_transfer *t) {
    memset(t, 0, sizeof *t);
    copy_text(t->id, sizeof t->id, db_column_text(q, 0));
    copy_text(t->debit, sizeof t->debit, db_column_text(q, 1));
    copy_text(t->credit, sizeof t->credit, db_column_text(q, 2));
    t->debit_account_id = db_column_int64(q, 3);
    t->credit_account_id = db_column_int64(q, 4);
    t->amount_fen = db_column_int64(q, 5);
    copy_text(t->pending_id, sizeof t->pending_id, db_column_text(q, 6));
    t->flags = (uint32_t)db_column_int64(q, 7);
    t->timeout_s = (uint32_t)db_column_int64(q, 8);
    copy_text(t->code, sizeof t->code, db_column_text(q, 9));
    copy_text(t->refs, sizeof t->refs, db_column_text(q, 10));
    t->date = (hs_date)db_column_int64(q, 11);
    t->date_given = true;
    t->ts = db_column_int64(q, 12);
    t->state = (pending_state)db_column_int(q, 13);
    t->resolved_date = (hs_date)db_column_int64(q, 14);
}

static hs_status account_query(hs_store *s, int which, db_stmt *bound, hs_account *out, bool *found,
                               hs_error *err) {
    (void)which;
    int rc = db_step(bound);
    *found = rc == DB_ROW;
    if (*found)
        read_account(bound, out);
    db_reset(bound);
    if (rc != DB_ROW && rc != DB_DONE)
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
    db_stmt *q = s->q[Q_ACCOUNT_BY_NAME];
    db_bind_text(q, 1, name);
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
    db_stmt *q = s->q[Q_ACCOUNT_BY_ID];
    db_bind_int64(q, 1, id);
    hs_status st = account_query(s, Q_ACCOUNT_BY_ID, q, out, found, err);
    if (st == HS_OK && *found && s->in_txn && out->id == id)
        cache_put(&s->cache, out);
    return st;
}

/* Sets *exists: whether the book holds a transfer with id `id` (one index seek). */
static hs_status transfer_exists(hs_store *s, const char *id, bool *exists, hs_error *err) {
    db_stmt *q = s->q[Q_TRANSFER_EXISTS];
    db_bind_text(q, 1, id);
    int rc = db_step(q);
    db_reset(q);
    *exists = rc == DB_ROW;
    return rc == DB_ROW || rc == DB_DONE ? HS_OK : db_fail(s, err, "looking a transfer up by id");
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
    db_stmt *q = s->q[Q_TRANSFERS_EXIST];
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
                db_bind_text(q, (int)i + 1, ids[from + i]);
            else
                db_bind_null(q, (int)i + 1);
            if (i < k)
                exists[from + i] = false;
        }
        int rc;
        while ((rc = db_step(q)) == DB_ROW) {
            const char *id = db_column_text(q, 0);
            for (size_t i = 0; id != NULL && i < k; i++)
                if (strcmp(ids[from + i], id) == 0)
                    exists[from + i] = true;
        }
        db_reset(q);
        db_clear_bindings(q);
        if (rc != DB_DONE)
            return db_fail(s, err, "looking transfers up by id");
    }
    return HS_OK;
}

hs_status store_transfer_by_id(hs_store *s, const char *id, hs_transfer *out, bool *found,
                               hs_error *err) {
    assert(s != NULL && id != NULL && out != NULL && found != NULL);
    db_stmt *q = s->q[Q_TRANSFER_BY_ID];
    db_bind_text(q, 1, id);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (*found)
        read_transfer(q, out);
    db_reset(q);
    if (rc != DB_ROW && rc != DB_DONE)
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
    db_stmt *q = s->q[Q_LAST_TS];
    int rc = db_step(q);
    *ts = rc == DB_ROW ? db_column_int64(q, 0) : 0;
    db_reset(q);
    if (rc != DB_ROW && rc != DB_DONE)
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
    db_stmt *q = s->q[Q_DUE_PENDINGS];
    db_bind_int64(q, 1, now_ns);
    /* Collect first: the callback reads the same table. Bounded by the open pendings. */
    size_t n = 0, cap = 0;
    char(*ids)[TRANSFER_ID_MAX] = NULL;
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            void *p = realloc(ids, cap * sizeof *ids);
            if (p == NULL) {
                free(ids);
                db_reset(q);
                return hs_fail(err, HS_STORAGE, "out of memory");
            }
            ids = p;
        }
        copy_text(ids[n++], TRANSFER_ID_MAX, db_column_text(q, 0));
    }
    db_reset(q);
    hs_status st = (rc == DB_DONE) ? HS_OK : db_fail(s, err, "listing due pending transfers");
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
    db_stmt *q = s->q[Q_DUE_FIRST];
    int rc = db_step(q);
    bool open = rc == DB_ROW && !db_column_is_null(q, 0);
    int64_t first = open ? db_column_int64(q, 0) : INT64_MAX;
    db_reset(q);
    if (rc != DB_ROW && rc != DB_DONE)
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
    db_stmt *q = s->q[Q_TRANSFER_INSERT];
    db_bind_text(q, 1, t->id);
    db_bind_int64(q, 2, t->debit_account_id);
    db_bind_int64(q, 3, t->credit_account_id);
    db_bind_int64(q, 4, t->amount_fen);
    if (t->pending_id[0])
        db_bind_text(q, 5, t->pending_id);
    else
        db_bind_null(q, 5);
    db_bind_int64(q, 6, t->flags);
    db_bind_int64(q, 7, t->timeout_s);
    db_bind_text(q, 8, t->code);
    db_bind_text(q, 9, t->refs);
    db_bind_int64(q, 10, t->date);
    db_bind_int64(q, 11, t->ts);
    db_bind_int(q, 12, t->state);
    if (t->state == PENDING_POSTED || t->state == PENDING_VOIDED || t->state == PENDING_EXPIRED)
        db_bind_int64(q, 13, t->resolved_date);
    else
        db_bind_null(q, 13);
    if ((t->flags & TRANSFER_PENDING) && t->timeout_s > 0) {
        int64_t expires_ns = t->ts + (int64_t)t->timeout_s * 1000000000;
        db_bind_int64(q, 14, expires_ns);
        if (s->due_known && expires_ns < s->due_bound_ns)
            s->due_bound_ns = expires_ns; /* keeps the bound below every open pending's expiry */
    } else
        db_bind_null(q, 14);
    int rc = db_step(q);
    db_reset(q);
    if (rc != DB_DONE && s->ids_assumed_new && db_error_kind(s->db) == DB_ERR_UNIQUE)
        return hs_fail_code(err, HS_STORAGE, "transfer_id_taken", "id",
                            "%s: transfer %s is already in the book", s->path, t->id);
    return rc == DB_DONE ? HS_OK : db_fail(s, err, "writing a transfer");
}

/* Writes an account's balances. When the cache holds the row as the transaction last stored it and
 * only posted balances differ (a batch of plain transfers), only those two columns are written. */
static hs_status update_account(hs_store *s, const hs_account *a, hs_error *err) {
    assert(s->in_txn && a->id > 0);
    assert(account_within_limits(a));
    const hs_account *was = cache_by_id(&s->cache, a->id);
    bool posted_only = was != NULL && was->debits_pending_fen == a->debits_pending_fen &&
                       was->credits_pending_fen == a->credits_pending_fen;
    db_stmt *q = s->q[posted_only ? Q_ACCOUNT_UPDATE_POSTED : Q_ACCOUNT_UPDATE];
    db_bind_int64(q, 1, a->id);
    db_bind_int64(q, 2, a->debits_pending_fen);
    db_bind_int64(q, 3, a->debits_posted_fen);
    db_bind_int64(q, 4, a->credits_pending_fen);
    db_bind_int64(q, 5, a->credits_posted_fen);
    int rc = db_step(q);
    db_reset(q);
    if (rc != DB_DONE)
        return db_fail(s, err, "writing an account");
    cache_put(&s->cache, a); /* what the book now holds, inside this transaction */
    return HS_OK;
}

static hs_status resolve_pending(hs_store *s, const hs_transfer *p, hs_error *err) {
    assert(p->state == PENDING_POSTED || p->state == PENDING_VOIDED || p->state == PENDING_EXPIRED);
    db_stmt *q = s->q[Q_TRANSFER_RESOLVE];
    db_bind_text(q, 1, p->id);
    db_bind_int(q, 2, p->state);
    db_bind_int64(q, 3, p->resolved_date);
    int rc = db_step(q);
    db_reset(q);
    return rc == DB_DONE ? HS_OK : db_fail(s, err, "resolving a pending transfer");
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
    db_stmt *q = s->q[Q_ACCOUNT_INSERT];
    db_bind_text(q, 1, a->name);
    db_bind_text(q, 2, a->kind);
    db_bind_int64(q, 3, a->flags);
    db_bind_int64(q, 4, a->created_ts);
    db_bind_text(q, 5, a->owner);
    int rc = db_step(q);
    db_reset(q);
    if (rc != DB_DONE)
        return db_fail(s, err, "creating an account");
    a->id = db_last_insert_id(s->db);
    assert(a->id > 0); /* an integer primary key the book just assigned */
    return HS_OK;
}

/* Binds a prefix as a LIKE-free range: name >= prefix AND name < prefix + STORE_TEXT_LAST. */
static void bind_prefix(db_stmt *q, int lo, int hi, const char *prefix, char *upper, size_t len) {
    snprintf(upper, len, "%s" STORE_TEXT_LAST, prefix ? prefix : "");
    db_bind_text(q, lo, prefix ? prefix : "");
    db_bind_text(q, hi, upper);
}

/* Steps a prepared account query, handing each row to fn; finalizes it. */
static hs_status each_account_row(hs_store *s, db_stmt *q,
                                  hs_status (*fn)(void *ctx, const hs_account *a, hs_error *err),
                                  void *ctx, const char *what, hs_error *err) {
    hs_status st = HS_OK;
    int rc;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        hs_account a;
        read_account(q, &a);
        st = fn(ctx, &a, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = db_fail(s, err, what);
    db_finalize(q);
    return st;
}

hs_status store_accounts_each(hs_store *s, const char *prefix,
                              hs_status (*fn)(void *ctx, const hs_account *a, hs_error *err),
                              void *ctx, hs_error *err) {
    db_stmt *q;
    if (db_prepare(s->db,
                   "SELECT id, name, kind, flags, debits_pending, debits_posted, "
                   "credits_pending, credits_posted, created_ts, owner FROM accounts "
                   "WHERE name >= ?1 AND name < ?2 ORDER BY name",
                   &q) != DB_OK)
        return db_fail(s, err, "listing accounts");
    char upper[ACCOUNT_NAME_MAX + 5];
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
    db_stmt *q;
    /* a walk of the name index that seeks past each run of names with the segment (one seek per
     * run: with "fund/" and "investment", one per fund, not one row per deal) */
    if (db_prepare(s->db,
                   "SELECT id, name, kind, flags, debits_pending, debits_posted, "
                   "credits_pending, credits_posted, created_ts, owner FROM accounts "
                   "WHERE name >= ?1 AND name < ?2 ORDER BY name",
                   &q) != DB_OK)
        return db_fail(s, err, "listing accounts");
    char lower[ACCOUNT_NAME_MAX + 5], upper[ACCOUNT_NAME_MAX + 5];
    bind_prefix(q, 1, 2, prefix, upper, sizeof upper);
    snprintf(lower, sizeof lower, "%s", prefix);
    hs_status st = HS_OK;
    int rc = DB_DONE;
    bool seek = false;
    while (st == HS_OK) {
        if (seek) {
            db_reset(q);
            db_bind_text_copy(q, 1, lower);
            seek = false;
        }
        if ((rc = db_step(q)) != DB_ROW)
            break;
        const char *name = db_column_text(q, 1);
        const char *hit =
            name && strncmp(name, prefix, plen) == 0 ? strstr(name + plen, mark) : NULL;
        if (hit != NULL) { /* past every name that starts like this one up to the segment */
            size_t keep = (size_t)(hit - name) + n + 2;
            if (keep + 5 > sizeof lower) {
                st = hs_fail(err, HS_STORAGE, "%s: account name '%.40s...' too long (corrupt book)",
                             s->path, name);
                break;
            }
            snprintf(lower, sizeof lower, "%.*s" STORE_TEXT_LAST, (int)keep, name);
            seek = true;
            continue;
        }
        hs_account a;
        read_account(q, &a);
        st = fn(ctx, &a, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = db_fail(s, err, "listing accounts");
    db_finalize(q);
    return st;
}

/* Recomputed balances per account; ?1 is the date limit (or a far-future day for "now"). */
#define RECOMPUTED_BALANCES                                                                        \
    "WITH moves(acc, dpend, dpost, cpend, cpost) AS ("                                             \
    "  SELECT debit_id, 0, amount, 0, 0 FROM transfers WHERE date <= ?1 AND (flags & 5) = 0"       \
    "  UNION ALL SELECT credit_id, 0, 0, 0, amount FROM transfers"                                 \
    "    WHERE date <= ?1 AND (flags & 5) = 0"                                                     \
    "  UNION ALL SELECT debit_id, amount, 0, 0, 0 FROM transfers WHERE (flags & 1) != 0 AND"       \
    "    date <= ?1 AND (state = 1 OR resolved_date > ?1)"                                         \
    "  UNION ALL SELECT credit_id, 0, 0, amount, 0 FROM transfers WHERE (flags & 1) != 0 AND"      \
    "    date <= ?1 AND (state = 1 OR resolved_date > ?1)),"                                       \
    " sums AS (SELECT acc, SUM(dpend) dpend, SUM(dpost) dpost, SUM(cpend) cpend,"                  \
    "   SUM(cpost) cpost FROM moves GROUP BY acc) "

hs_status store_accounts_at(hs_store *s, hs_date date, const char *prefix,
                            hs_status (*fn)(void *ctx, const hs_account *a, hs_error *err),
                            void *ctx, hs_error *err) {
    db_stmt *q;
    if (db_prepare(s->db,
                   RECOMPUTED_BALANCES
                   "SELECT a.id, a.name, a.kind, a.flags, COALESCE(s.dpend, 0), "
                   "COALESCE(s.dpost, 0), COALESCE(s.cpend, 0), COALESCE(s.cpost, 0), "
                   "a.created_ts, a.owner FROM accounts a LEFT JOIN sums s ON s.acc = a.id "
                   "WHERE a.name >= ?2 AND a.name < ?3 ORDER BY a.name",
                   &q) != DB_OK)
        return db_fail(s, err, "computing balances at a date");
    db_bind_int64(q, 1, date);
    char upper[ACCOUNT_NAME_MAX + 5];
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
static hs_status each_transfer_row(hs_store *s, db_stmt *q,
                                   hs_status (*fn)(void *ctx, const hs_transfer *t, hs_error *err),
                                   void *ctx, const char *what, hs_error *err) {
    hs_status st = HS_OK;
    int rc;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        hs_transfer t;
        read_transfer(q, &t);
        st = fn(ctx, &t, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = db_fail(s, err, what);
    db_finalize(q);
    return st;
}

hs_status store_history(hs_store *s, int64_t account_id,
                        hs_status (*fn)(void *ctx, const hs_transfer *t, hs_error *err), void *ctx,
                        hs_error *err) {
    db_stmt *q;
    if (db_prepare(s->db,
                   TRANSFER_ROW_SELECT "WHERE t.debit_id = ?1 OR t.credit_id = ?1 "
                                       "ORDER BY t.date, t.seq",
                   &q) != DB_OK)
        return db_fail(s, err, "reading history");
    db_bind_int64(q, 1, account_id);
    return each_transfer_row(s, q, fn, ctx, "reading history", err);
}

hs_status store_transfers_by_seq(hs_store *s, int64_t first_seq, int64_t last_seq,
                                 hs_status (*fn)(void *ctx, const hs_transfer *t, hs_error *err),
                                 void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    db_stmt *q;
    if (db_prepare(s->db, TRANSFER_ROW_SELECT "WHERE t.seq BETWEEN ?1 AND ?2 ORDER BY t.seq", &q) !=
        DB_OK)
        return db_fail(s, err, "reading transfers");
    db_bind_int64(q, 1, first_seq);
    db_bind_int64(q, 2, last_seq);
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
     "SELECT 'account ' || name || ' (' || CASE WHEN (flags & 1) != 0 THEN 'debits-le-credits' "
     "ELSE "
     "'credits-le-debits' END || ') crosses its limit' FROM accounts WHERE ((flags & 1) != 0 AND "
     "debits_pending + debits_posted > credits_posted) OR ((flags & 2) != 0 AND credits_pending + "
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
     "COALESCE((SELECT CASE WHEN (r.flags & 2) != 0 THEN 'was posted by ' ELSE 'was voided by ' "
     "END || "
     "r.id FROM transfers r WHERE r.pending_id = p.id), 'no resolution') FROM transfers p "
     "WHERE (p.flags & 1) != 0 AND NOT ((p.state IN (1, 4) AND NOT EXISTS (SELECT 1 FROM transfers "
     "r "
     "WHERE r.pending_id = p.id)) OR (p.state = 2 AND EXISTS (SELECT 1 FROM transfers r WHERE "
     "r.pending_id = p.id AND (r.flags & 2) != 0)) OR (p.state = 3 AND EXISTS (SELECT 1 FROM "
     "transfers r WHERE r.pending_id = p.id AND (r.flags & 4) != 0))) LIMIT 1"},
    {"every transfer moves a positive amount between two different accounts",
     "SELECT 'transfer ' || id || ' is malformed' FROM transfers WHERE amount <= 0 OR debit_id = "
     "credit_id OR debit_id NOT IN (SELECT id FROM accounts) OR credit_id NOT IN (SELECT id FROM "
     "accounts) LIMIT 1"},
    {"timestamps strictly increase in apply order",
     "SELECT 'transfer ' || id || ' has timestamp ' || ts || ' not after its predecessor''s ' || "
     "prev FROM (SELECT id, ts, LAG(ts) OVER (ORDER BY seq) prev FROM transfers) AS ordered WHERE "
     "ts <= "
     "prev LIMIT 1"},
};

hs_status store_check(hs_store *s, store_check_report *report, hs_error *err) {
    memset(report, 0, sizeof *report);
    report->ok = true;
    db_stmt *q;
    if (db_prepare(s->db,
                   "SELECT (SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM "
                   "transfers)",
                   &q) != DB_OK)
        return db_fail(s, err, "checking the book");
    if (db_step(q) == DB_ROW) {
        report->accounts = db_column_int64(q, 0);
        report->transfers = db_column_int64(q, 1);
    }
    db_finalize(q);
    for (size_t i = 0; i < sizeof invariants / sizeof invariants[0]; i++) {
        if (db_prepare(s->db, invariants[i].sql, &q) != DB_OK)
            return db_fail(s, err, invariants[i].what);
        db_bind_int64(q, 1, INT32_MAX);
        int rc = db_step(q);
        if (rc == DB_ROW) {
            report->ok = false;
            snprintf(report->first_violation, sizeof report->first_violation, "%s: %s",
                     invariants[i].what, db_column_text(q, 0));
        }
        db_finalize(q);
        if (rc != DB_ROW && rc != DB_DONE)
            return db_fail(s, err, invariants[i].what);
        if (!report->ok)
            return HS_OK;
    }
    return HS_OK;
}
