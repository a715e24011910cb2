/* flows.h — the ledger's flows as reports and checks read them, backend-neutral.
 *
 * The ledger's tables are private to the store: code above src/store/ never reads `transfers` or
 * `accounts` directly, never decodes flag bits or the stored encoding of references. It asks for
 * transfers through these functions and classifies each with flow_kind_of / flow_moved /
 * flow_reservation_open, and reads references with flow_ref.
 *
 * Every reader runs on the store's connection: inside the caller's transaction if one is open,
 * else on the committed book (a read-only book can be read). Transfers are handed over in apply
 * order, with account names filled in; a callback's non-HS_OK status stops the walk and is
 * returned. A failed read is HS_STORAGE, never "nothing there". */
#ifndef HS_STORE_FLOWS_H
#define HS_STORE_FLOWS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "ledger/transfer.h"
#include "store/store.h"

/* What a transfer did with money. */
typedef enum {
    FLOW_MOVE,    /* a plain transfer: money moved when it was applied */
    FLOW_RESERVE, /* a pending reservation (its state says whether it is still open) */
    FLOW_POST,    /* posts a reservation: money moved */
    FLOW_RELEASE, /* voids a reservation: no money moved */
} flow_kind;

/* Which side of a transfer an account is on. */
typedef enum { FLOW_DEBIT_SIDE, FLOW_CREDIT_SIDE } flow_side;

/* The kind of a transfer, from its flags. Pure. */
flow_kind flow_kind_of(const hs_transfer *t);
/* True if the transfer moved posted money (a plain transfer or a post). Pure. */
bool flow_moved(const hs_transfer *t);
/* True if the transfer is a reservation still open. Pure. */
bool flow_reservation_open(const hs_transfer *t);
/* Copies the value of reference `key` into out (truncated to len; len > 0) and returns true; false
 * (out "") if the transfer has no such reference, or no references at all. Pure. */
bool flow_ref(const hs_transfer *t, const char *key, char *out, size_t len);

/* Calls fn once per leg touching an account whose name starts with `prefix` and whose kind is
 * `kind` (NULL: any kind): a transfer between two such accounts gives two legs, debit first.
 * `t` is valid only during the call. */
hs_status store_flows_by_account(hs_store *s, const char *prefix, const char *kind,
                                 hs_status (*fn)(void *ctx, const hs_transfer *t, flow_side side,
                                                 hs_error *err),
                                 void *ctx, hs_error *err);

/* Calls fn for each transfer whose reference `key` equals `value` (transfers without references
 * never match). `key` must be a valid reference key (letters, digits, '_', '.', '-'), else
 * HS_INPUT. `t` is valid only during the call. */
hs_status store_flows_with_ref(hs_store *s, const char *key, const char *value,
                               hs_status (*fn)(void *ctx, const hs_transfer *t, hs_error *err),
                               void *ctx, hs_error *err);

#endif
