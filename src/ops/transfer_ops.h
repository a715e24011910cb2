/* transfer_ops.h — plain transfers, as `huoshui transfer` and `POST /transfers` make them: one
 * transfer, or a streamed batch applied all or nothing.
 *
 * A plain transfer never moves a module's money: the transaction refuses accounts a module owns
 * (result account_owned_by_module). Every refusal is explained with the figures that caused it
 * (`detail`: the balance that would overspend, the account that does not exist, ...), read inside
 * the same transaction that refused it.
 *
 * Batches stream: events are handed to the engine in chunks of BOOK_CHUNK_EVENTS (a linked chain
 * is never split), so a million lines need little memory, all inside one transaction that commits
 * only if no line was malformed and no event refused. Once a batch is doomed (a bad line or a
 * refusal), later chunks are still read and checked for bad lines but no longer applied. An id
 * given twice in one batch is a bad line naming both lines. */
#ifndef HS_OPS_TRANSFER_OPS_H
#define HS_OPS_TRANSFER_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "ledger/transfer.h"
#include "ops/ops.h"

#define OPS_DETAIL_MAX 512

/* What happened to one transfer. */
typedef struct {
    transfer_result result;      /* TR_OK, TR_EXISTS or the refusal */
    hs_transfer stored;          /* the transfer as the book holds it (ok and exists only) */
    bool stored_found;           /* stored is filled */
    char detail[OPS_DETAIL_MAX]; /* the refusal explained with figures, or "" */
} ops_transfer_outcome;

/* Applies one transfer in its own transaction (committed on ok/exists, else rolled back, so a
 * refused transfer leaves nothing behind). HS_OK with out->result TR_OK or TR_EXISTS; a refusal
 * returns transfer_result_status(result) with err->code the result's name (exceeds_credits, ...),
 * err->field the input at fault and the message "transfer ID refused: NAME: DETAIL"; HS_STORAGE
 * if the book failed. `out` is always filled with the result and detail. */
hs_status ops_transfer_one(const hs_ctx *ctx, const hs_transfer *t, ops_transfer_outcome *out,
                           hs_error *err);

/* The input field at fault for a refusal ("debit", "credit", "amount", "id", "post" or "void"),
 * or "" if none is. */
const char *ops_transfer_result_field(const hs_transfer *t, transfer_result r);

/* Inside tx (the transaction that refused it): explains refusal r of t with the figures that
 * caused it (the balance that would overspend, the account that does not exist, ...) into buf,
 * "" when there is nothing to add. HS_STORAGE if the figures cannot be read. */
hs_status ops_transfer_explain(hs_tx *tx, const hs_transfer *t, transfer_result r, char *buf,
                               size_t len, hs_error *err);

/* One problem in a batch, reported as it is found (pointers valid during the callback). */
typedef struct {
    bool refused;       /* false: a malformed line; true: the engine refused the event */
    long line;          /* the line of the batch file */
    const char *id;     /* the transfer id (refusals), else NULL */
    const char *field;  /* the field at fault, or "" */
    const char *why;    /* bad line: why; refusal: the result name (exceeds_credits, ...) */
    const char *detail; /* refusal: the explanation with figures, or "" */
    transfer_result result;
} ops_batch_problem;

typedef void (*ops_batch_problem_fn)(void *ctx, const ops_batch_problem *p);

typedef struct ops_batch ops_batch;

/* What a finished batch did. applied counts only if it committed. */
typedef struct {
    size_t applied, existed;
    long bad_lines, refusals;
    bool committed;
} ops_batch_summary;

/* Begins a batch on ctx->store: opens its transaction (a plain transfer's: free accounts only).
 * `label` names the input in messages; `on_problem` (may be NULL) hears of every problem in
 * order. On success *out is owned by the caller until ops_batch_finish. */
hs_status ops_batch_begin(const hs_ctx *ctx, const char *label, ops_batch_problem_fn on_problem,
                          void *problem_ctx, ops_batch **out, hs_error *err);
/* Records a malformed line: the batch is doomed (nothing will be applied). */
void ops_batch_bad_line(ops_batch *b, long line, const char *field, const char *why);
/* Adds one well-formed transfer read from `line`. Returns HS_STORAGE only (out of memory, the book
 * failed); refusals are problems, found when its chunk is applied. */
hs_status ops_batch_add(ops_batch *b, const hs_transfer *t, long line, hs_error *err);
/* Ends the batch and frees it. If `reading` is not HS_OK (the input failed; err already says why)
 * everything is rolled back and `reading` returned. Otherwise the last chunk is applied and the
 * transaction committed if there was no bad line and no refusal: HS_OK. Else it is rolled back
 * and err says "LABEL: nothing was applied (N bad lines, M refused)": HS_INPUT with the first bad
 * line's field if any line was bad, else the first refusal's status with its result name as code.
 * *summary is filled in every case. */
hs_status ops_batch_finish(ops_batch *b, hs_status reading, ops_batch_summary *summary,
                           hs_error *err);

#endif
