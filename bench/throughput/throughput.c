/* throughput.c — durable batched transfer throughput: huoshui's book_transfer against plain SQLite.
 *
 *   throughput huoshui|sqlite|sqlite-audit BOOK BATCH COUNT [ACCOUNTS]
 *
 * BOOK may be a PostgreSQL URL (postgresql://...; an empty database) in huoshui mode: the same
 * rows through the PostgreSQL driver, checked through the store (check, counts and sums).
 *
 * Creates a fresh book at BOOK (store_open STORE_CREATE, ACCOUNTS accounts via
 * book_account_create, default 300), then applies COUNT deterministic transfers in batches of
 * BATCH, each batch committed durably (WAL, synchronous=FULL: one fsync per batch):
 *   huoshui  book_transfer(all_or_nothing = false): the ledger engine (idempotency lookup by id,
 *            account reads, limits, invariants) and store_save_batch
 *   sqlite   the same rows written by hand into the same schema (the book is created by huoshui
 *            and then reopened with plain sqlite3): per batch BEGIN IMMEDIATE; per transfer one
 *            INSERT into transfers (same columns, same indexes) and two balance UPDATEs; COMMIT
 *   sqlite-audit  the same, plus what huoshui's commit also writes: one audit_log row per
 *            batch (the chain's hash of the previous entry and this one, audit_entry_hash, and
 *            the batch's transfer range) — plain SQLite doing exactly the rows huoshui does
 * Only the apply/commit calls are timed (building the events is not). Afterwards it checks that
 * the book holds COUNT transfers and that every account's posted debits and credits sum to the
 * amounts generated, and prints one line:
 *   MODE BATCH COUNT SECONDS TRANSFERS_PER_S PEAK_RSS_KB CHECK(ok|FAILED)
 * Exit 0 if the check passed, 1 if not, 2 on bad usage, 3 on a storage error.
 * For experiments only: $THROUGHPUT_SQL (e.g. "PRAGMA cache_size = -65536") is run on the
 * connection right after opening, in both modes, to measure what a storage setting would change
 * without touching src/ (run.sh never sets it). */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "audit/audit_entry.h"
#include "base/date.h"
#include "ledger/transfer_codec.h"
#include "store/book.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "store/sqlite/sqlite_store.h"

typedef struct {
    uint64_t state;
} rng;

static uint32_t rng_next(rng *r, uint32_t bound) {
    r->state = r->state * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)((r->state >> 33) % bound);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The i-th transfer: accounts (by index), amount and value date; the same in both modes. */
typedef struct {
    uint32_t debit, credit;
    int64_t amount_fen;
    hs_date date;
} move;

static move next_move(rng *r, uint32_t accounts, hs_date base) {
    move m;
    m.debit = rng_next(r, accounts);
    m.credit = rng_next(r, accounts - 1);
    if (m.credit >= m.debit)
        m.credit++;
    m.amount_fen = 1 + (int64_t)rng_next(r, 10000000);
    m.date = base + (hs_date)rng_next(r, 365);
    return m;
}

static void account_name(uint32_t i, char *buf, size_t len) {
    snprintf(buf, len, "acct/a%04u", i);
}

static int fail(const char *what, const hs_error *err) {
    fprintf(stderr, "throughput: %s: %s\n", what, err->msg);
    return 3;
}

/* Applies COUNT transfers through book_transfer; *seconds is the time spent inside it. */
static int run_huoshui(hs_store *s, size_t batch, size_t count, uint32_t accounts, double *seconds,
                       int64_t *total_fen) {
    hs_transfer *events = malloc(batch * sizeof *events);
    transfer_result *results = malloc(batch * sizeof *results);
    if (events == NULL || results == NULL) {
        fprintf(stderr, "throughput: out of memory\n");
        return 3;
    }
    rng r = {.state = 20241125};
    hs_date base = date_from_ymd(2024, 1, 1);
    hs_error err = {0};
    *seconds = 0;
    *total_fen = 0;
    for (size_t done = 0; done < count;) {
        size_t n = count - done < batch ? count - done : batch;
        for (size_t i = 0; i < n; i++) {
            move m = next_move(&r, accounts, base);
            hs_transfer *t = &events[i];
            transfer_init(t);
            snprintf(t->id, sizeof t->id, "t%09zu", done + i);
            account_name(m.debit, t->debit, sizeof t->debit);
            account_name(m.credit, t->credit, sizeof t->credit);
            t->amount_fen = m.amount_fen;
            t->date = m.date;
            t->date_given = true;
            *total_fen += m.amount_fen;
        }
        book_summary sum;
        double t0 = now_s();
        hs_status st = book_transfer(s, events, n, results, false, &sum, &err);
        *seconds += now_s() - t0;
        if (st != HS_OK || sum.applied != n) {
            fprintf(stderr, "throughput: batch at %zu: %zu of %zu applied, first refusal %s\n",
                    done, sum.applied, n,
                    sum.refused ? transfer_result_name(results[sum.first_refused]) : "none");
            free(events);
            free(results);
            return st == HS_STORAGE ? fail("book_transfer", &err) : 1;
        }
        done += n;
    }
    free(events);
    free(results);
    return 0;
}

static int sql_fail(sqlite3 *db, const char *what) {
    fprintf(stderr, "throughput: sqlite: %s: %s\n", what, sqlite3_errmsg(db));
    return 3;
}

/* Runs $THROUGHPUT_SQL on the connection, if set (experiments; see the top of the file). */
static bool experiment_sql(sqlite3 *db) {
    const char *sql = getenv("THROUGHPUT_SQL");
    if (sql == NULL || *sql == '\0')
        return true;
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return true;
    fprintf(stderr, "throughput: THROUGHPUT_SQL: %s\n", msg ? msg : "failed");
    sqlite3_free(msg);
    return false;
}

/* The same rows by hand: one transaction per batch, INSERT + two UPDATEs per transfer. */
/* The audit row huoshui's commit appends, written by hand: entry seq chained to prev_hash,
 * covering transfers first..last. */
static bool append_audit(sqlite3_stmt *q, int64_t seq, int64_t time_ns,
                         char prev_hash[AUDIT_HEX_LEN], int64_t first, int64_t last) {
    audit_entry e;
    memset(&e, 0, sizeof e);
    e.seq = seq;
    e.time_ns = time_ns;
    snprintf(e.actor, sizeof e.actor, "unattributed");
    snprintf(e.action, sizeof e.action, "book.commit");
    snprintf(e.body_sha256, sizeof e.body_sha256,
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    snprintf(e.result, sizeof e.result, "ok");
    memcpy(e.prev_hash, prev_hash, AUDIT_HEX_LEN);
    if (!audit_entry_hash(&e, e.hash))
        return false;
    sqlite3_bind_int64(q, 1, e.seq);
    sqlite3_bind_int64(q, 2, e.time_ns);
    const char *text[] = {e.actor,  e.action,    e.object, e.body_sha256,
                          e.result, e.prev_hash, e.hash};
    for (int i = 0; i < 7; i++)
        sqlite3_bind_text(q, 3 + i, text[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 10, first);
    sqlite3_bind_int64(q, 11, last);
    bool ok = sqlite3_step(q) == SQLITE_DONE;
    sqlite3_reset(q);
    memcpy(prev_hash, e.hash, AUDIT_HEX_LEN);
    return ok;
}

static int run_sqlite(const char *path, size_t batch, size_t count, uint32_t accounts,
                      const int64_t *ids, bool audit, double *seconds, int64_t *total_fen) {
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        return sql_fail(db, "open");
    sqlite3_stmt *ins, *deb, *cre, *aud;
    if (sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", NULL, NULL,
                     NULL) != SQLITE_OK ||
        !experiment_sql(db) ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO transfers(id, debit_id, credit_id, amount, pending_id, "
                           "flags, timeout, code, refs, date, ts, state, resolved_date, "
                           "expires_ts) VALUES (?1, ?2, ?3, ?4, NULL, 0, 0, '', '', ?5, ?6, 0, "
                           "NULL, NULL)",
                           -1, &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "UPDATE accounts SET debits_posted = debits_posted + ?2 WHERE id = ?1",
                           -1, &deb, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "UPDATE accounts SET credits_posted = credits_posted + ?2 "
                           "WHERE id = ?1",
                           -1, &cre, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(
            db,
            "INSERT INTO audit_log(seq, time_ns, actor, action, object, "
            "body_sha256, result, prev_hash, hash, first_transfer_seq, "
            "last_transfer_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            -1, &aud, NULL) != SQLITE_OK)
        return sql_fail(db, "prepare");
    /* the chain's tail: the entries the account setup appended */
    int64_t audit_seq = 0, transfer_seq = 0;
    char prev_hash[AUDIT_HEX_LEN];
    snprintf(prev_hash, sizeof prev_hash, "%s", audit_genesis_hash());
    sqlite3_stmt *tail;
    if (sqlite3_prepare_v2(db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", -1,
                           &tail, NULL) != SQLITE_OK)
        return sql_fail(db, "prepare");
    if (sqlite3_step(tail) == SQLITE_ROW) {
        audit_seq = sqlite3_column_int64(tail, 0);
        snprintf(prev_hash, sizeof prev_hash, "%s", (const char *)sqlite3_column_text(tail, 1));
    }
    sqlite3_finalize(tail);
    rng r = {.state = 20241125};
    hs_date base = date_from_ymd(2024, 1, 1);
    hs_clock clock = hs_clock_system();
    int64_t ts = hs_clock_now_ns(&clock);
    char id[TRANSFER_ID_MAX];
    move *moves = malloc(batch * sizeof *moves);
    if (moves == NULL)
        return 3;
    *seconds = 0;
    *total_fen = 0;
    for (size_t done = 0; done < count;) {
        size_t n = count - done < batch ? count - done : batch;
        for (size_t i = 0; i < n; i++) {
            moves[i] = next_move(&r, accounts, base);
            *total_fen += moves[i].amount_fen;
        }
        double t0 = now_s();
        if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
            return sql_fail(db, "begin");
        for (size_t i = 0; i < n; i++) {
            const move *m = &moves[i];
            snprintf(id, sizeof id, "t%09zu", done + i);
            sqlite3_bind_text(ins, 1, id, -1, SQLITE_STATIC);
            sqlite3_bind_int64(ins, 2, ids[m->debit]);
            sqlite3_bind_int64(ins, 3, ids[m->credit]);
            sqlite3_bind_int64(ins, 4, m->amount_fen);
            sqlite3_bind_int64(ins, 5, m->date);
            sqlite3_bind_int64(ins, 6, ++ts);
            sqlite3_bind_int64(deb, 1, ids[m->debit]);
            sqlite3_bind_int64(deb, 2, m->amount_fen);
            sqlite3_bind_int64(cre, 1, ids[m->credit]);
            sqlite3_bind_int64(cre, 2, m->amount_fen);
            if (sqlite3_step(ins) != SQLITE_DONE || sqlite3_step(deb) != SQLITE_DONE ||
                sqlite3_step(cre) != SQLITE_DONE)
                return sql_fail(db, "write");
            sqlite3_reset(ins);
            sqlite3_reset(deb);
            sqlite3_reset(cre);
        }
        if (audit && !append_audit(aud, ++audit_seq, ts, prev_hash, transfer_seq + 1,
                                   transfer_seq + (int64_t)n))
            return sql_fail(db, "audit");
        transfer_seq += (int64_t)n;
        if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
            return sql_fail(db, "commit");
        *seconds += now_s() - t0;
        done += n;
    }
    free(moves);
    sqlite3_finalize(ins);
    sqlite3_finalize(deb);
    sqlite3_finalize(cre);
    sqlite3_finalize(aud);
    sqlite3_close(db);
    return 0;
}

/* True if the book holds `count` transfers and the accounts' posted sums equal `total_fen`. */
/* Adds an account's posted debits and credits to the two sums of ctx. */
static hs_status add_posted(void *ctx, const hs_account *a, hs_error *err) {
    (void)err;
    int64_t *sums = ctx;
    sums[0] += a->debits_posted_fen;
    sums[1] += a->credits_posted_fen;
    return HS_OK;
}

/* book_consistent through the store, for a book that is no SQLite file (a PostgreSQL URL):
 * `check` passes, COUNT transfers, and the posted sums are the amounts generated. */
static bool store_consistent(const char *path, size_t count, int64_t total_fen) {
    hs_store *s;
    hs_error err = {0};
    store_check_report report;
    int64_t sums[2] = {0, 0};
    if (store_open(path, STORE_OPEN_EXISTING, &s, &err) != HS_OK)
        return false;
    bool ok = store_check(s, &report, &err) == HS_OK && report.ok &&
              (size_t)report.transfers == count &&
              store_accounts_each(s, "", add_posted, sums, &err) == HS_OK && sums[0] == total_fen &&
              sums[1] == total_fen;
    store_close(s);
    return ok;
}

static bool book_consistent(const char *path, size_t count, int64_t total_fen) {
    if (strncmp(path, "postgres", 8) == 0)
        return store_consistent(path, count, total_fen);
    sqlite3 *db;
    sqlite3_stmt *q;
    bool ok = false;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "SELECT (SELECT count(*) FROM transfers), sum(debits_posted), "
                           "sum(credits_posted) FROM accounts",
                           -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            ok = (size_t)sqlite3_column_int64(q, 0) == count &&
                 sqlite3_column_int64(q, 1) == total_fen && sqlite3_column_int64(q, 2) == total_fen;
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return ok;
}

int main(int argc, char **argv) {
    if (argc < 5 || argc > 6 ||
        (strcmp(argv[1], "huoshui") != 0 && strcmp(argv[1], "sqlite") != 0 &&
         strcmp(argv[1], "sqlite-audit") != 0)) {
        fprintf(stderr,
                "usage: throughput huoshui|sqlite|sqlite-audit BOOK BATCH COUNT [ACCOUNTS]\n");
        return 2;
    }
    const char *mode = argv[1], *path = argv[2];
    size_t batch = strtoull(argv[3], NULL, 10), count = strtoull(argv[4], NULL, 10);
    uint32_t accounts = argc > 5 ? (uint32_t)strtoul(argv[5], NULL, 10) : 300;
    if (batch == 0 || count == 0 || accounts < 2 || accounts > 9999) {
        fprintf(stderr, "throughput: BATCH and COUNT must be > 0, ACCOUNTS 2..9999\n");
        return 2;
    }
    int64_t *ids = malloc(accounts * sizeof *ids);
    hs_store *s;
    hs_error err = {0};
    if (ids == NULL)
        return 3;
    if (store_open(path, STORE_CREATE, &s, &err) != HS_OK)
        return fail("store_open", &err);
    for (uint32_t i = 0; i < accounts; i++) {
        char name[ACCOUNT_NAME_MAX];
        hs_account a;
        bool existed;
        account_name(i, name, sizeof name);
        if (book_account_create(s, name, "enterprise", 0, &a, &existed, &err) != HS_OK)
            return fail("book_account_create", &err);
        if (existed) {
            fprintf(stderr, "throughput: %s: the book must be fresh\n", path);
            return 2;
        }
        ids[i] = a.id;
    }
    double seconds = 0;
    int64_t total_fen = 0;
    int rc;
    if (strcmp(mode, "huoshui") == 0) {
        if (getenv("THROUGHPUT_SQL") != NULL && !experiment_sql(store_sqlite(s)))
            return 2;
        rc = run_huoshui(s, batch, count, accounts, &seconds, &total_fen);
        store_close(s);
    } else {
        store_close(s);
        rc = run_sqlite(path, batch, count, accounts, ids, strcmp(mode, "sqlite-audit") == 0,
                        &seconds, &total_fen);
    }
    free(ids);
    if (rc != 0)
        return rc;
    bool ok = book_consistent(path, count, total_fen);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%s %zu %zu %.3f %.0f %ld %s\n", mode, batch, count, seconds, (double)count / seconds,
           ru.ru_maxrss, ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
