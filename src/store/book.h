/* book.h — the operations every caller (CLI, instruments, server) uses to move money: create
 * accounts and apply batches of transfers atomically and durably. Nothing else writes balances.
 *
 * A batch is applied in one store transaction: expired pending transfers are released first, then
 * the events are applied in order by the ledger engine (src/ledger/engine.h), then every output is
 * written and committed with one fsync. With `all_or_nothing`, any refused event rolls back the
 * whole batch (the CLI's batch files use this); otherwise each event (or linked chain) stands on
 * its own and the refused ones are reported in `results`. */
#ifndef HS_STORE_BOOK_H
#define HS_STORE_BOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "ledger/account.h"
#include "ledger/transfer.h"
#include "store/store.h"

#define BOOK_CHUNK_EVENTS 8190 /* events handed to the engine at once (chains are never split) */

typedef struct {
    size_t applied, existed, refused;
    size_t first_refused; /* index of the first refused event, if refused > 0 */
} book_summary;

/* Creates an account; if one with the same name exists with the same kind and flags, succeeds with
 * *existed = true (idempotent); with another kind or flags, HS_INPUT naming the difference. */
hs_status book_account_create(hs_store *s, const char *name, const char *kind, uint32_t flags,
                              hs_account *out, bool *existed, hs_error *err);
typedef struct {
    const char *name, *kind;
    uint32_t flags;
} book_account_spec;

/* Creates many accounts in one transaction, all or nothing (each as book_account_create would);
 * *created counts the new ones; on failure *failed_at is the offending index. */
hs_status book_accounts_create(hs_store *s, const book_account_spec *specs, size_t n,
                               size_t *created, size_t *failed_at, hs_error *err);
/* Applies events[0..n) as described above; results[i] gets each event's result. Returns HS_OK if
 * nothing was refused, else the status of the first refusal (nothing applied if all_or_nothing),
 * or HS_STORAGE/HS_INPUT on failures to read or write. */
hs_status book_transfer(hs_store *s, const hs_transfer *events, size_t n, transfer_result *results,
                        bool all_or_nothing, book_summary *summary, hs_error *err);
/* A write transaction spanning several calls (for streaming large batch files all-or-nothing). */
typedef struct {
    hs_store *store;
    int64_t now_ns;
    hs_date today;
    book_summary summary;
    size_t events_seen;
} book_txn;

/* Begins a write transaction on the book (waits for other writers). */
hs_status book_txn_begin(hs_store *s, book_txn *txn, hs_error *err);
/* Applies events within the transaction; results and txn->summary as for book_transfer (indices
 * in the summary count across calls). Chains must not be split across calls. Returns an error only
 * for storage failures; refusals are in `results`. */
hs_status book_txn_apply(book_txn *txn, const hs_transfer *events, size_t n,
                         transfer_result *results, hs_error *err);
/* Commits: everything applied in the transaction becomes durable at once. */
hs_status book_txn_commit(book_txn *txn, hs_error *err);
/* Rolls back: nothing applied in the transaction remains. */
void book_txn_rollback(book_txn *txn);

/* The wall clock in ns since the epoch (HUOSHUI_NOW_NS overrides, for reproducible tests). */
int64_t book_now_ns(void);

#endif
