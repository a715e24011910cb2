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

/* Creates a free account (no owner) in its own transaction; if one with the same name exists with
 * the same kind and flags, succeeds with *existed = true (idempotent); with another kind or flags,
 * HS_INPUT naming the difference. Must not be called inside an open hs_tx. */
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
/* A write transaction on the book. Every operation that reads, decides and writes does all three
 * inside one hs_tx, so what it decided on is what it commits (the store serializes writers: a
 * second hs_tx_begin waits). The clock is read once the lock is held, so timestamps follow commit
 * order; `now_ns` and `today` are the operation's "now". A transaction is owned by its caller and
 * must end in exactly one of hs_tx_commit or hs_tx_rollback. */
struct hs_tx;
/* Run inside a transaction just before it commits (see hs_tx.before_commit). */
typedef hs_status (*hs_tx_hook_fn)(void *arg, struct hs_tx *tx, hs_error *err);

typedef struct hs_tx {
    hs_store *store;
    int64_t now_ns;
    hs_date today;
    book_summary summary;
    size_t events_seen;
    bool free_accounts_only; /* a plain transfer: refuse accounts a module owns */
    /* The operations layer's commit hook (ops_begin installs hs_ctx.on_commit here, ops_end runs
     * it once, inside the transaction, when the operation succeeded): a failure rolls it back. */
    hs_tx_hook_fn before_commit;
    void *before_commit_arg;
} hs_tx;

/* Begins a write transaction on the book (waits for other writers), after releasing expired
 * pending transfers in a committed step of their own. On failure nothing is open. */
hs_status hs_tx_begin(hs_store *s, hs_tx *tx, hs_error *err);
/* Applies events within the transaction; results and tx->summary as for book_transfer (indices
 * in the summary count across calls). Chains must not be split across calls. Returns an error only
 * for storage failures; refusals are in `results`. */
hs_status hs_tx_transfer(hs_tx *tx, const hs_transfer *events, size_t n, transfer_result *results,
                         hs_error *err);
/* Commits: everything applied in the transaction becomes durable at once, with the audit entry of
 * the installed request appended first if the transaction changed anything (store/audit_log.h).
 * On failure it is rolled back. */
hs_status hs_tx_commit(hs_tx *tx, hs_error *err);
/* Rolls back: nothing applied in the transaction remains. */
void hs_tx_rollback(hs_tx *tx);

/* Inside the transaction, creates the account or confirms it exists with the same kind, flags and
 * owner (*existed true); another kind, flags or owner is HS_INPUT naming the difference. `owner`
 * is the module that will alone move it ("credit", "voucher", ...), or NULL/"" for a free account.
 * `out` may be NULL. */
hs_status hs_tx_account_ensure(hs_tx *tx, const char *name, const char *kind, uint32_t flags,
                               const char *owner, hs_account *out, bool *existed, hs_error *err);
/* Inside the transaction, reads an account by name (*found false if there is none). */
hs_status hs_tx_account_get(hs_tx *tx, const char *name, hs_account *out, bool *found,
                            hs_error *err);

#endif
