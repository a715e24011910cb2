/* engine.h — applies a batch of transfers to a working set of accounts, enforcing every rule of the
 * book, without touching storage directly.
 *
 * The engine reads accounts and earlier transfers through `ledger_io` (implemented by the store, or
 * by an in-memory map in tests) and produces three outputs for the caller to persist in one
 * transaction: the new transfers (in timestamp order), the accounts whose balances changed, and the
 * stored pending transfers whose state changed (posted, voided, expired).
 *
 * Guarantees, asserted after every event: no account balance is negative; no flagged account
 * crosses its limit counting pending amounts; every transfer adds the same amount to one account's
 * debits and another's credits; a pending transfer is resolved at most once; a linked chain applies
 * wholly or not at all (its effects are undone on the first failure). */
#ifndef HS_LEDGER_ENGINE_H
#define HS_LEDGER_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "ledger/account.h"
#include "ledger/transfer.h"

/* Reads from the book. Each returns HS_OK with *found set, or an error (storage failure). */
typedef struct {
    void *ctx;
    hs_status (*account_by_name)(void *ctx, const char *name, hs_account *out, bool *found,
                                 hs_error *err);
    hs_status (*account_by_id)(void *ctx, int64_t id, hs_account *out, bool *found, hs_error *err);
    /* Fills the transfer with debit/credit names resolved. */
    hs_status (*transfer_by_id)(void *ctx, const char *id, hs_transfer *out, bool *found,
                                hs_error *err);
    /* Optional (NULL: the engine asks transfer_by_id for every event's id). Sets exists[i] for each
     * of ids[0..n): whether a transfer with that id is stored, so that a batch of new ids costs one
     * probe per many events instead of one read each. ids point into the caller's events. */
    hs_status (*transfers_exist)(void *ctx, const char *const *ids, size_t n, bool *exists,
                                 hs_error *err);
} ledger_io;

typedef struct ledger_batch ledger_batch;

/* A new working set reading through `io`. Timestamps given out are > last_ts and >= now_ns;
 * `today` is the value date for transfers without one. NULL if memory runs out. */
ledger_batch *ledger_batch_new(const ledger_io *io, int64_t now_ns, int64_t last_ts, hs_date today);
/* With `on`, every event touching an account that a module owns (hs_account.owner non-empty) is
 * refused with TR_ACCOUNT_OWNED_BY_MODULE: the rule for plain transfers, which must never move
 * money an instrument keeps records of. Off by default. */
void ledger_batch_free_accounts_only(ledger_batch *b, bool on);
/* Frees the working set and its outputs. */
void ledger_batch_free(ledger_batch *b);

/* Applies events[0..n) in order; results[i] says what happened to events[i] (TR_OK applied,
 * TR_EXISTS an idempotent retry, anything else refused with no effect). Returns an error only if a
 * read failed or memory ran out, in which case the working set must be discarded. */
hs_status ledger_batch_apply(ledger_batch *b, const hs_transfer *events, size_t n,
                             transfer_result *results, hs_error *err);
/* Expires the open pending transfer `pending_id` if its timeout has passed at now_ns (releasing its
 * reservation); a no-op if it is not open or not yet due. */
hs_status ledger_batch_expire(ledger_batch *b, const char *pending_id, hs_error *err);

/* The transfers created, in order (ts strictly increasing). */
size_t ledger_batch_created(const ledger_batch *b, const hs_transfer **out);
/* The number of accounts touched; ledger_batch_account(b, i) gives each, with its new balances. */
size_t ledger_batch_account_count(const ledger_batch *b);
/* The i-th touched account (i < ledger_batch_account_count), and whether its balances changed. */
const hs_account *ledger_batch_account(const ledger_batch *b, size_t i, bool *changed);
/* The stored (earlier-batch) pending transfers whose state changed: the count, and each by index
 * (linear when iterated in order). */
size_t ledger_batch_resolved_count(const ledger_batch *b);
const hs_transfer *ledger_batch_resolved(ledger_batch *b, size_t i);
/* The largest timestamp given out so far (or last_ts if none). */
int64_t ledger_batch_last_ts(const ledger_batch *b);

#endif
