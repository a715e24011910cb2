/* audit_log.h — the store's audit chain: where entries are appended and read (SQLite:
 * src/store/sql/audit_repo.c; tables audit_log, audit_meta, module "audit" of
 * migrations.c). What an entry is and how it is hashed: audit/audit_entry.h.
 *
 * When an entry is appended. The store's own transaction bracket does it, so that no write path
 * can forget: hs_tx_begin, book_account_create and book_accounts_create call audit_log_mark once
 * the write lock is held, and hs_tx_commit (and those two) call audit_log_append just before the
 * COMMIT. If the transaction changed any row since the mark, exactly one entry is appended in that
 * same transaction (result "ok"), describing the request last installed on this connection with
 * audit_log_set_request (ops_begin installs the caller's; a connection that never had one is
 * "unattributed", action "book.commit"); a transaction that changed nothing appends nothing, and a
 * rolled-back one leaves no entry either (refusals are not logged in the chain). The expiry of
 * pending transfers, which hs_tx_begin commits in a step of its own, appends its own entry, actor
 * "system", action "ledger.expire". Appends are serialized by the write lock: the last hash is read
 * inside the transaction.
 *
 * Transfers record the audit entry that caused them: each entry carries the range of transfer
 * sequence numbers its transaction wrote (audit_log.first_transfer_seq..last_transfer_seq; an entry
 * that wrote none has first = last + 1, last being every transfer covered before it), in the same
 * row, so a commit writes one audit row and no index. Transfers older than the audit module (old
 * books) are not covered: audit_meta holds the last transfer sequence at the migration
 * ("transfers_before").
 *
 * Per-connection state (the installed request and the mark) lives with the connection and is
 * freed when the store is closed; one hs_store per thread, as always. */
#ifndef HS_STORE_AUDIT_LOG_H
#define HS_STORE_AUDIT_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "audit/audit_entry.h"
#include "audit/audit_request.h"
#include "base/error.h"
#include "store/store.h"

/* Installs `req` (copied) as the description of the requests served on this connection from now
 * on; NULL installs the "unattributed" default. HS_STORAGE only if the connection cannot hold it
 * (out of memory). */
hs_status audit_log_set_request(hs_store *s, const audit_request *req, hs_error *err);

/* Remembers how many rows the connection has changed so far: called once the write lock is held
 * (inside the transaction). HS_STORAGE if the state cannot be kept. */
hs_status audit_log_mark(hs_store *s, hs_error *err);

/* Inside the open transaction, just before its commit: when rows changed since the mark, appends
 * one entry (the installed request's, or actor "system" with `system_action` when that is not
 * NULL) at time now_ns and the transfers mapping row; *seq (may be NULL) is its sequence, 0 when
 * nothing changed and nothing was appended. HS_STORAGE on a failed write or a chain whose last
 * hash is not 64 hex digits (the caller rolls back). */
hs_status audit_log_append(hs_store *s, int64_t now_ns, const char *system_action, int64_t *seq,
                           hs_error *err);

/* What audit_log_each lists: entries with seq > after_seq, in seq order, at most `limit` (0: all),
 * only those by `actor` / on `object` when not NULL or "". */
typedef struct {
    const char *actor;
    const char *object;
    int64_t after_seq;
    int64_t limit;
} audit_log_filter;

/* Calls fn for each entry as stored (fields as read; text too long for the struct is truncated,
 * which the verifier then reports as a hash mismatch). Read-only; stops at fn's first error. */
hs_status audit_log_each(hs_store *s, const audit_log_filter *filter,
                         hs_status (*fn)(void *ctx, const audit_entry *e, hs_error *err), void *ctx,
                         hs_error *err);

/* Calls fn with each entry's transfer range (first > last: it committed none), in seq order.
 * Read-only. */
hs_status audit_log_links_each(hs_store *s,
                               hs_status (*fn)(void *ctx, int64_t audit_seq, int64_t first_seq,
                                               int64_t last_seq, hs_error *err),
                               void *ctx, hs_error *err);

/* The transfers the chain must cover: *before = the last transfer sequence at the migration (0
 * for books created with the chain), *last = the book's last transfer sequence (0 if none). */
hs_status audit_log_transfer_span(hs_store *s, int64_t *before, int64_t *last, hs_error *err);

/* The transfers entry `audit_seq` committed: *first_seq..*last_seq (*linked false, and both 0,
 * when it committed none). Read-only. */
hs_status audit_log_transfers_of(hs_store *s, int64_t audit_seq, int64_t *first_seq,
                                 int64_t *last_seq, bool *linked, hs_error *err);

/* The audit entry that committed transfer `transfer_id`: *audit_seq, or 0 when the transfer is
 * older than the chain or attributed to none; *found false if there is no such transfer. */
hs_status audit_log_seq_of_transfer(hs_store *s, const char *transfer_id, int64_t *audit_seq,
                                    bool *found, hs_error *err);

#endif
