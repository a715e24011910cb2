/* store.h — the book: a backend-neutral interface over its storage.
 *
 * Nothing above src/store/ knows which database holds the book. This header names what every
 * backend provides: open and close, write transactions, the ledger's own storage (accounts and
 * transfers, private to the store: other modules read flows only through functions here), and the
 * book-wide check. Each module's own tables sit behind its repository header, implemented once in
 * src/store/sql/ against the statement interface store/db.h, which a driver per engine implements
 * (src/store/sqlite/db_sqlite.c: the embedded default).
 *
 * SQLite layout (schema version 3; PRAGMA user_version holds it):
 *   accounts(id INTEGER PK, name UNIQUE, kind, flags, debits_pending, debits_posted,
 *            credits_pending, credits_posted, created_ts, owner)    -- balances in fen; owner is
 *            the module that created the account ('' for `account create`)
 *   transfers(seq INTEGER PK = apply order, id UNIQUE (client's), debit_id, credit_id, amount,
 *             pending_id, flags, timeout, code, refs, date (days since 1970), ts (ns, strictly
 *             increasing with seq), state (pending lifecycle), resolved_date, expires_ts)
 *   module_versions(module PK, version)  -- schema versions of each module's tables
 * Indexes: transfers.id (unique), pending_id (resolutions), open pendings by expiry. There is no
 * per-account index (v2 dropped it for write speed): history scans the transfers.
 * Durability: WAL, synchronous=FULL (one fsync per batch), every batch in one BEGIN IMMEDIATE
 * transaction, so two processes on one book serialize instead of interleaving. Every module's
 * tables are created or migrated when the book is opened, never on a request path. Opening a book
 * whose schema is newer than this program's is a clear error, never a silent downgrade; opening a
 * file that is not a huoshui book is refused without writing to it.
 *
 * Threads: an hs_store is one connection; use one per thread (or worker), never share one. */
#ifndef HS_STORE_STORE_H
#define HS_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/clock.h"
#include "base/error.h"
#include "ledger/engine.h"

#define STORE_SCHEMA_VERSION 3

typedef struct hs_store hs_store;

typedef enum {
    STORE_OPEN_EXISTING = 0, /* the book must exist */
    STORE_CREATE = 1,        /* create if missing */
} store_open_mode;

/* Opens (or creates) the book at `path`, migrating an older schema; *out is owned by the caller
 * (store_close). HS_STORAGE if it can't be read, HS_INPUT if it is missing (STORE_OPEN_EXISTING),
 * not a huoshui book, or written by a newer huoshui. An existing book this user cannot write (the
 * file, its -wal/-shm, or the directory that must hold them) is opened read-only: every read
 * works (as an auditor's access should), and store_begin fails with HS_STORAGE, code
 * "book_read_only". If the directory can't hold the WAL index, the book file is read as it stands
 * (immutable) when no -wal file holds frames; otherwise HS_STORAGE says what to do. */
hs_status store_open(const char *path, store_open_mode mode, hs_store **out, hs_error *err);
/* True if a book exists at `path` (a file; for a PostgreSQL URL, a database holding a huoshui
 * schema). Opens nothing for writing. */
bool store_book_exists(const char *path);
/* What store_copy copied. */
typedef struct {
    int64_t tables, rows;
} store_copy_report;
/* Copies the whole book at `src` into `dst` (either backend each: a path or a PostgreSQL URL),
 * every table's rows as stored — accounts, transfers with their ids and sequence numbers, the
 * audit chain, every module's records — in one transaction, so `check`, `balance --json` and
 * `audit verify` on the copy agree with the original. `dst` is created (a file) or must be an
 * empty book or database; HS_INPUT "book_not_empty" if it holds accounts or transfers. */
hs_status store_copy(const char *src, const char *dst, store_copy_report *report, hs_error *err);
/* Closes the book (rolls back an open transaction). NULL is a no-op. */
void store_close(hs_store *s);
/* The path (or URL) the book was opened at. */
const char *store_path(const hs_store *s);
/* Makes `clock` the clock of every transaction begun on this store from now on (copied). A store
 * starts with the system clock. */
void store_use_clock(hs_store *s, const hs_clock *clock);
/* The store's clock (owned by the store, valid until store_close). */
const hs_clock *store_clock(const hs_store *s);
/* True while a write transaction is open on this store. */
bool store_in_txn(const hs_store *s);

/* Begins a write transaction (BEGIN IMMEDIATE; waits for other writers up to the busy timeout).
 * HS_STORAGE (code "book_read_only") on a book opened read-only. */
hs_status store_begin(hs_store *s, hs_error *err);
/* Commits the open transaction (durable on return). */
hs_status store_commit(hs_store *s, hs_error *err);
/* Rolls back the open transaction, if any. */
void store_rollback(hs_store *s);
/* A step inside the open write transaction that can be undone alone (SQLite: a savepoint).
 * With assume_new_ids the engine's id probe answers "not in the book" without reading it, and
 * writing a transfer whose id the book already holds fails with HS_STORAGE, code
 * "transfer_id_taken" — the caller then undoes the step and redoes it with the probe (book.c).
 * Steps do not nest. */
hs_status store_step_begin(hs_store *s, bool assume_new_ids, hs_error *err);
/* From now on in this step, the id probe reads the book again (for a second look at some ids). */
void store_step_probe_ids(hs_store *s);
/* Keeps what the step wrote (it commits with the transaction). */
hs_status store_step_end(hs_store *s, hs_error *err);
/* Undoes what the step wrote, and forgets what the store cached since; the transaction stays
 * open. */
hs_status store_step_undo(hs_store *s, hs_error *err);
/* Rows changed on this connection so far, not counting rows an undone step changed: the audit
 * chain's "did this transaction change anything" measure. */
int64_t store_changes(const hs_store *s);
/* The engine's reads (account by name/id, transfer by id), bound to this store. */
ledger_io store_ledger_io(hs_store *s);
/* Timestamp of the last transfer (0 if none). */
hs_status store_last_ts(hs_store *s, int64_t *ts, hs_error *err);
/* Ids of open pending transfers whose timeout has passed at now_ns, via callback. */
hs_status store_due_pendings(hs_store *s, int64_t now_ns,
                             hs_status (*fn)(void *ctx, const char *id, hs_error *err), void *ctx,
                             hs_error *err);
/* *any = true if some open pending transfer's timeout has passed at now_ns. */
hs_status store_any_due(hs_store *s, int64_t now_ns, bool *any, hs_error *err);
/* Persists a batch's outputs: inserts created transfers, updates resolved pendings and touched
 * accounts. Must run inside store_begin/commit. */
hs_status store_save_batch(hs_store *s, ledger_batch *b, hs_error *err);

/* Inserts a new account (id assigned into a->id). */
hs_status store_account_insert(hs_store *s, hs_account *a, hs_error *err);
/* Looks an account up by name. */
hs_status store_account_by_name(hs_store *s, const char *name, hs_account *out, bool *found,
                                hs_error *err);
/* Calls fn for every account in name order (or those whose name starts with `prefix`, if given). */
hs_status store_accounts_each(hs_store *s, const char *prefix,
                              hs_status (*fn)(void *ctx, const hs_account *a, hs_error *err),
                              void *ctx, hs_error *err);
/* As store_accounts_each over `prefix` (not NULL), leaving out every account whose name below the
 * prefix has `segment` (1..31 of a-z) as its second or a later path segment: with prefix "fund/"
 * and segment "investment", the deal holdings fund/F/investment/DEAL. The backend skips them
 * without reading their rows (a report over many funds reads the few accounts it needs). */
hs_status store_accounts_each_skip(hs_store *s, const char *prefix, const char *segment,
                                   hs_status (*fn)(void *ctx, const hs_account *a, hs_error *err),
                                   void *ctx, hs_error *err);
/* Balances as of the end of `date`, recomputed from transfers: posted amounts of transfers dated on
 * or before it, and pending reservations dated on or before it and not resolved by then. Accounts
 * are given with their current name/kind/flags. */
hs_status store_accounts_at(hs_store *s, hs_date date, const char *prefix,
                            hs_status (*fn)(void *ctx, const hs_account *a, hs_error *err),
                            void *ctx, hs_error *err);
/* Calls fn for each transfer touching account_id in value-date order (date, then apply order),
 * names filled in; a read-only listing outside any transaction. Stops at fn's first error. */
hs_status store_history(hs_store *s, int64_t account_id,
                        hs_status (*fn)(void *ctx, const hs_transfer *t, hs_error *err), void *ctx,
                        hs_error *err);
/* Calls fn for each transfer with first_seq <= seq <= last_seq, in seq order (the order applied),
 * names filled in; read-only. Stops at fn's first error. */
hs_status store_transfers_by_seq(hs_store *s, int64_t first_seq, int64_t last_seq,
                                 hs_status (*fn)(void *ctx, const hs_transfer *t, hs_error *err),
                                 void *ctx, hs_error *err);
/* Looks up one transfer by id (names filled in). */
hs_status store_transfer_by_id(hs_store *s, const char *id, hs_transfer *out, bool *found,
                               hs_error *err);

/* One violated invariant found by store_check. */
typedef struct {
    bool ok;
    char first_violation[512];
    int64_t accounts, transfers;
} store_check_report;
/* Recomputes every balance from the transfers and verifies every invariant of the book: stored
 * balances equal recomputed ones; total debits = total credits (posted and pending); no flagged
 * account crosses its limit; each account's owner is empty (free) or a module of the book; each
 * pending resolved at most once, consistent with its state; timestamps strictly increasing.
 * report->ok false with the first violation named; HS_STORAGE only for a failed read. */
hs_status store_check(hs_store *s, store_check_report *report, hs_error *err);

#endif
