/* ops.h — the operations layer: what the CLI and the HTTP server both call.
 *
 * An operation takes an hs_ctx (the book, the process clock, who is acting), validates its
 * request, opens one transaction (hs_tx), calls the instrument, registry or report code that reads,
 * decides and writes inside it, and commits; on any error it rolls back so that nothing is left
 * behind. It returns a result struct (or a JSON view built by src/ops/<module>_view.c, the same
 * bytes for
 * `--json` and HTTP bodies) and a structured hs_error (code, field, message).
 *
 * Layering: cli and server call ops only; ops call instruments, registry, policy and reports;
 * those reach storage only through the store's interfaces. Ops never print. */
#ifndef HS_OPS_OPS_H
#define HS_OPS_OPS_H

#include <stdbool.h>

#include "base/clock.h"
#include "audit/audit_request.h"
#include "auth/principal.h"
#include "base/error.h"
#include "store/book.h"
#include "store/store.h"

/* Run inside an operation's transaction after its work succeeded and before the commit (the
 * server records an Idempotency-Key's answer this way, in the same transaction as the outcome): a
 * failure (any status) rolls the whole operation back. */
typedef struct {
    hs_tx_hook_fn fn;
    void *arg;
} ops_commit_hook;

typedef struct {
    hs_store *store;               /* borrowed: one connection per thread */
    hs_clock clock;                /* the process clock (--today, or the wall clock) */
    const char *actor;             /* who acts: principal->user ("cli:OS_USER", or a server user) */
    const char *data_dir;          /* where data/ and policies/ are found */
    const hs_principal *principal; /* borrowed: the authenticated user (role, scopes); never NULL */
    const audit_request *request;  /* borrowed: what is being served, for the audit entry (action,
                                      object, body hash); NULL: action "ops", no object */
    const ops_commit_hook *on_commit; /* borrowed; NULL: none. Run by ops_end inside the
                                         transaction of each operation that succeeds */
} hs_ctx;

/* A context over an open store with `clock`, acting as `principal` (borrowed; all must outlive
 * it; the actor is principal->user). Makes the clock the store's clock. No request is described
 * (ctx.request NULL); the CLI and the server set ctx.request to their request's description. */
hs_ctx ops_ctx(hs_store *store, const hs_clock *clock, const hs_principal *principal,
               const char *data_dir);

/* Begins the operation's transaction on ctx->store with ctx->clock. On failure nothing is open.
 *
 * The audit hook: before the transaction opens, installs the request on the store
 * (audit_log_set_request) with the actor always ctx->actor (whatever the request says), so that
 * if the transaction commits having changed anything, it appends exactly one audit entry for this
 * request in that same transaction (see store/audit_log.h); a rolled-back one appends none. */
hs_status ops_begin(const hs_ctx *ctx, hs_tx *tx, hs_error *err);

/* Installs ctx's request on ctx->store (actor forced to ctx->actor; no request: action "ops"), as
 * ops_begin does, so that commits on this connection by any path, even one that opens its own
 * transaction, are audited as this request. The CLI calls it when it opens the book; a server
 * calls it (or ops_begin does) for each request it serves on a connection. Outside any
 * transaction. HS_STORAGE only when out of memory. */
hs_status ops_attribute(const hs_ctx *ctx, hs_error *err);

/* Ends an operation: if st is HS_OK, runs the commit hook ops_begin installed from ctx->on_commit
 * (once; its failure becomes st) and commits, else rolls back; returns the final status (a failed
 * commit is HS_STORAGE, reported in err). */
hs_status ops_end(hs_tx *tx, hs_status st, hs_error *err);

#endif
