/* approval.h — maker-checker (四眼原则) for money-moving actions of a programme.
 *
 * A programme may carry an approval threshold (programme create --approval-threshold A). When it
 * does, every gated action whose amount is at or above the threshold (0: every amount) does not
 * move money: a pending approval is recorded instead, in the same transaction, holding the request
 * as JSON, the amount and the maker (the principal's user). A programme without a threshold (the
 * flag absent: every programme created before maker-checker existed) has no maker-checker.
 *
 * Gated actions: subsidy.pay (award -> firm), programme.fund (appropriation -> budget),
 * credit.pool.fund (budget -> risk-compensation pool), voucher.settle (what a programme owes a
 * provider for redeemed vouchers -> the provider's cash).
 *
 * A reviewer in the programme's scope (or the local operator) who is not the maker approves: the
 * stored request is re-validated and executed by src/ops/approval_ops.c inside the approval's own
 * transaction, and the approval becomes `executed`; if the rules now refuse it (the budget was
 * spent meanwhile) nothing commits and it stays `pending` (to be rejected or approved later).
 * Rejecting needs a reason; the maker may reject (withdraw) their own. A decided approval cannot
 * be decided again (state_conflict).
 *
 * States: pending -> executed (approved and carried out in one transaction) | rejected. */
#ifndef HS_APPROVAL_APPROVAL_H
#define HS_APPROVAL_APPROVAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/principal.h"
#include "base/date.h"
#include "base/error.h"
#include "store/book.h"
#include "store/store.h"

#define APPROVAL_ID_MAX 24        /* "A-<seq>" */
#define APPROVAL_REQUEST_MAX 1024 /* bytes of the request JSON, including NUL */
#define APPROVAL_REASON_MAX 512

typedef struct {
    int64_t seq;              /* 1, 2, ...; the id is "A-<seq>" */
    char id[APPROVAL_ID_MAX]; /* "A-<seq>" */
    char programme[64];
    char action[32];                    /* "subsidy.pay" | "programme.fund" | ... */
    char request[APPROVAL_REQUEST_MAX]; /* the action's request, compact JSON with sorted keys */
    int64_t amount_fen;
    char maker[HS_PRINCIPAL_NAME_MAX];
    hs_date created_date;
    char state[12]; /* pending | executed | rejected */
    char checker[HS_PRINCIPAL_NAME_MAX];
    char reason[APPROVAL_REASON_MAX];
    hs_date decided_date; /* 0 while pending */
} approval;

/* What a gated operation did: moved money (pending false) or recorded approval (pending true). */
typedef struct {
    bool pending;
    approval approval; /* filled when pending */
} approval_outcome;

/* Parses "A-12" (or "12") into *seq (> 0). HS_INPUT (invalid_field "ID") otherwise. */
hs_status approval_id_parse(const char *text, int64_t *seq, hs_error *err);

/* Inside tx: sets programme's threshold (>= 0 fen; HS_INPUT, field --approval-threshold, if
 * negative). The programme must exist (the caller creates it in the same tx). */
hs_status approval_tx_set_threshold(hs_tx *tx, const char *programme, int64_t threshold_fen,
                                    hs_error *err);
/* Reads programme's threshold: *set false when the programme has no maker-checker. Reads on the
 * store's connection (inside an open transaction, if any). */
hs_status approval_threshold(hs_store *s, const char *programme, int64_t *threshold_fen, bool *set,
                             hs_error *err);

/* Inside tx: the gate of a money-moving action of `programme` for amount_fen (> 0) by `maker`.
 * If the programme has a threshold and amount_fen >= threshold, records a pending approval of
 * `action` with `request` (a JSON object, serialised with sorted keys; HS_INPUT if too long) and
 * sets out->pending (out->approval filled); else out->pending is false and nothing is written.
 * The same request (action, request JSON, amount) by the same maker while one is pending is that
 * approval again (a retried command records nothing new).
 * The caller must validate the request before calling, and move no money when out->pending. */
hs_status approval_tx_gate(hs_tx *tx, const hs_principal *maker, const char *programme,
                           const char *action, const json_t *request, int64_t amount_fen,
                           hs_date on, approval_outcome *out, hs_error *err);

/* Loads approval seq inside tx (or on the store for reads): HS_NOT_FOUND if there is none. */
hs_status approval_load(hs_store *s, int64_t seq, approval *out, hs_error *err);

/* HS_OK if `who` may decide approval a now: a is pending (else HS_REFUSED state_conflict), who is
 * a reviewer or the local operator (else HS_REFUSED forbidden), in scope programme:<a.programme>
 * (else HS_REFUSED forbidden), and — when approving — not the maker (else HS_REFUSED
 * maker_cannot_approve). */
hs_status approval_may_decide(const approval *a, const hs_principal *who, bool approving,
                              hs_error *err);

/* Inside tx: records the decision of a pending approval (state "executed" or "rejected", checker,
 * reason, date). HS_REFUSED (state_conflict) if it was decided meanwhile. */
hs_status approval_tx_decide(hs_tx *tx, const approval *a, const char *state, const char *checker,
                             const char *reason, hs_date on, approval *out, hs_error *err);

/* Calls fn for each approval matching the filters (NULL = any) with seq > after_seq, in sequence
 * order, at most max_rows of them (0: all). HS_INPUT (field --state) for an unknown state.
 * Read-only. */
hs_status approval_each(hs_store *s, const char *programme, const char *state, int64_t after_seq,
                        size_t max_rows,
                        hs_status (*fn)(void *ctx, const approval *a, hs_error *err), void *ctx,
                        hs_error *err);

#endif
