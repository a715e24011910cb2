/* store.c — the book in one SQLite file (layout in store.h). */
#include "store/store.h"
#include "store/sqlite/sqlite_store.h"

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
    Q_TRANSFER_BY_ID,
    Q_TRANSFER_INSERT,
    Q_TRANSFER_RESOLVE,
    Q_LAST_TS,
    Q_DUE_PENDINGS,
    Q_COUNT
};

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
};

struct hs_store {
    sqlite3 *db;
    sqlite3_stmt *q[Q_COUNT];
    bool in_txn;
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
    for (int i = 0; i < Q_COUNT; i++)
        if (sqlite3_prepare_v3(s->db, query_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->q[i],
                               NULL) != SQLITE_OK)
            return db_fail(s, err, "preparing a query");
    return HS_OK;
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
    int flags = SQLITE_OPEN_READWRITE | (mode == STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
    hs_status st;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        st = db_fail(s, err, "cannot open the book");
        store_close(s);
        return st;
    }
    sqlite3_busy_timeout(s->db, 120000);
    if ((st = refuse_foreign(s, mode, err)) != HS_OK) {
        store_close(s);
        return st;
    }
    /* the WAL is durable at each commit; checkpointing is left to the autocheckpoint */
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    /* A 128 MiB page cache so a batch's dirty pages never spill mid-transaction; checkpoints every
     * ~40 MiB of WAL rather than every 4 MiB inside a commit; the WAL file kept between opens (no
     * re-create and directory fsync per command). */
    int persist = 1;
    if ((st = store_exec(s,
                         "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                         "PRAGMA cache_size = -131072; PRAGMA wal_autocheckpoint = 10000;",
                         err)) != HS_OK ||
        /* (an in-memory book has no WAL file: the control is then not found, which is fine) */
        (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist), false) ||
        (st = migrate_core(s, err)) != HS_OK || (st = sqlite_migrate_modules(s, err)) != HS_OK ||
        (st = prepare_all(s, err)) != HS_OK) {
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
    free(s);
}

hs_status store_begin(hs_store *s, hs_error *err) {
    assert(!s->in_txn);
    hs_status st = store_exec(s, "BEGIN IMMEDIATE", err);
    if (st == HS_OK)
        s->in_txn = true;
    return st;
}

hs_status store_commit(hs_store *s, hs_error *err) {
    assert(s->in_txn);
    hs_status st = store_exec(s, "COMMIT", err);
    if (st == HS_OK)
        s->in_txn = false;
    else
        store_rollback(s);
    return st;
}

void store_rollback(hs_store *s) {
    if (s->in_txn)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_txn = false;
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
    sqlite3_stmt *q = s->q[Q_ACCOUNT_BY_NAME];
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    return account_query(s, Q_ACCOUNT_BY_NAME, q, out, found, err);
}

static hs_status io_account_by_name(void *ctx, const char *name, hs_account *out, bool *found,
                                    hs_error *err) {
    return store_account_by_name(ctx, name, out, found, err);
}

static hs_status io_account_by_id(void *ctx, int64_t id, hs_account *out, bool *found,
                                  hs_error *err) {
    hs_store *s = ctx;
    sqlite3_stmt *q = s->q[Q_ACCOUNT_BY_ID];
    sqlite3_bind_int64(q, 1, id);
    return account_query(s, Q_ACCOUNT_BY_ID, q, out, found, err);
}

hs_status store_transfer_by_id(hs_store *s, const char *id, hs_transfer *out, bool *found,
                               hs_error *err) {
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
                       .transfer_by_id = io_transfer_by_id};
}

hs_status store_last_ts(hs_store *s, int64_t *ts, hs_error *err) {
    sqlite3_stmt *q = s->q[Q_LAST_TS];
    int rc = sqlite3_step(q);
    *ts = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(s, err, "reading the last timestamp");
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
    sqlite3_stmt *q = s->q[Q_DUE_PENDINGS];
    sqlite3_bind_int64(q, 1, now_ns);
    int rc = sqlite3_step(q);
    *any = rc == SQLITE_ROW;
    sqlite3_reset(q);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? HS_OK
                                                   : db_fail(s, err, "looking for due pendings");
}

static hs_status insert_transfer(hs_store *s, const hs_transfer *t, hs_error *err) {
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
    if ((t->flags & TRANSFER_PENDING) && t->timeout_s > 0)
        sqlite3_bind_int64(q, 14, t->ts + (int64_t)t->timeout_s * 1000000000);
    else
        sqlite3_bind_null(q, 14);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? HS_OK : db_fail(s, err, "writing a transfer");
}

static hs_status update_account(hs_store *s, const hs_account *a, hs_error *err) {
    assert(account_within_limits(a));
    sqlite3_stmt *q = s->q[Q_ACCOUNT_UPDATE];
    sqlite3_bind_int64(q, 1, a->id);
    sqlite3_bind_int64(q, 2, a->debits_pending_fen);
    sqlite3_bind_int64(q, 3, a->debits_posted_fen);
    sqlite3_bind_int64(q, 4, a->credits_pending_fen);
    sqlite3_bind_int64(q, 5, a->credits_posted_fen);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? HS_OK : db_fail(s, err, "writing an account");
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
    for (size_t i = 0; st == HS_OK && i < n; i++)
        st = insert_transfer(s, &created[i], err);
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

hs_status store_history(hs_store *s, int64_t account_id,
                        hs_status (*fn)(void *ctx, const hs_transfer *t, hs_error *err), void *ctx,
                        hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            s->db,
            "SELECT t.id, d.name, c.name, t.debit_id, t.credit_id, t.amount, t.pending_id, "
            "t.flags, t.timeout, t.code, t.refs, t.date, t.ts, t.state, t.resolved_date "
            "FROM transfers t JOIN accounts d ON d.id = t.debit_id JOIN accounts c ON "
            "c.id = t.credit_id WHERE t.debit_id = ?1 OR t.credit_id = ?1 ORDER BY t.seq",
            -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, err, "reading history");
    sqlite3_bind_int64(q, 1, account_id);
    hs_status st = HS_OK;
    int rc;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        hs_transfer t;
        read_transfer(q, &t);
        st = fn(ctx, &t, err);
    }
    if (st == HS_OK && rc != SQLITE_DONE)
        st = db_fail(s, err, "reading history");
    sqlite3_finalize(q);
    return st;
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
