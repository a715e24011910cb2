/* voucher.h — compute vouchers (算力券): issued to a firm against a programme budget, redeemed at a
 * registered provider for the policy's share of a bill, settled to providers in batches.
 *
 * Accounts (P = programme, from the policy's budget budget/P/<name>):
 *   budget/P/<name>            the voucher budget (never overspent)
 *   payable/P/vouchers         clearing: the reservations of issued vouchers point here
 *   payable/P/provider/<id>    redeemed, owed to the provider, not yet settled
 *   provider/<id>/cash         settled payments to the provider
 * issue   = pending budget -> payable/P/vouchers of the face value (vch.<V>.r1)
 * redeem  = one linked chain: post the current reservation for the amount paid, re-reserve the rest
 *           (vch.<V>.r<k+1>), and move the amount payable/P/vouchers -> payable/P/provider/<id>
 * settle  = payable/P/provider/<id> -> provider/<id>/cash for everything owed
 * expire  = void the current reservation of every voucher past its expiry date
 * A bill (provider, bill id) is redeemed at most once; redemptions of one voucher serialize on the
 * book's write lock, so no race can pay more than the face value. */
#ifndef HS_INSTRUMENT_VOUCHER_H
#define HS_INSTRUMENT_VOUCHER_H

#include <jansson.h>
#include <stdbool.h>

#include "instrument/decision.h"

#define VOUCHER_ID_MAX 41

typedef struct {
    char id[VOUCHER_ID_MAX];
    instrument_policy_ref policy; /* programme, budget, path, id, label, sha256 */
    char firm[40];
    char product[64]; /* the `product` input, if given ('' otherwise): limits per product */
    char inputs[INSTRUMENT_INPUTS_MAX];
    int64_t face_fen, redeemed_fen;
    hs_date issued_date, expires_date;
    char status[16]; /* issued | exhausted | expired */
    int reservation_seq;
} voucher;

typedef struct {
    char id[VOUCHER_ID_MAX];
    char name[128];
    char city[64];
    hs_date registered_date;
} voucher_provider;

/* One redemption of a bill at a provider. */
typedef struct {
    char voucher[VOUCHER_ID_MAX];
    char provider[VOUCHER_ID_MAX];
    char bill_id[128];
    int64_t bill_fen, paid_fen;
    hs_date date;
    bool settled;
} voucher_redemption;

/* Every operation below runs inside the caller's transaction `tx` (src/ops opens and ends it): it
 * reads, decides and writes there, so a refusal (any non-HS_OK status) is rolled back by the
 * caller and leaves nothing behind. Errors: HS_NOT_FOUND for an unknown voucher, HS_INPUT with the
 * field for bad input, HS_REFUSED with a stable code (limit_used, not_in_force, state_conflict,
 * exceeds_credits, ...) for a rule's no, HS_STORAGE when the book cannot be read or written. */

/* Registers (or re-registers with new name and city) a compute/data provider; its cash account
 * provider/<id>/cash is owned by the voucher module. */
hs_status voucher_provider_add(hs_tx *tx, const voucher_provider *p, hs_error *err);
/* Calls fn for each registered provider, in id order (read-only). */
hs_status voucher_provider_each(hs_store *s,
                                hs_status (*fn)(void *ctx, const voucher_provider *p,
                                                hs_error *err),
                                void *ctx, hs_error *err);
/* Issues voucher `id` to a firm: face_fen (0: the policy's `firm_cap` parameter on `on`), within
 * every limit of the policy (once, per firm / product / year / programme), reserving the budget
 * (vch.<V>.r1) to payable/P/vouchers (owned by "voucher"). The policy's text is stored in the book
 * at first use. Idempotent for the same id and fields. An invalid firm code is HS_INPUT (--firm),
 * inputs too long to store HS_INPUT (--input), a policy not in force on `on` HS_REFUSED naming the
 * date and the validity range, a missing budget HS_NOT_FOUND naming it. */
hs_status voucher_issue(hs_tx *tx, const instrument_policy *ip, const char *id, const char *uscc,
                        int64_t face_fen, hs_date on, hs_date expires, const json_t *inputs,
                        voucher *out, hs_error *err);
/* Redeems a bill at a provider: pays min(policy amount for the bill, what is left), the policy
 * being the one stored in the book under the voucher's hash. *paid_fen gets the amount; *existed is
 * true if this bill was already redeemed with this voucher and amount (nothing written then). */
hs_status voucher_redeem(hs_tx *tx, const char *id, const char *provider, const char *bill_id,
                         int64_t bill_fen, hs_date on, const json_t *inputs, int64_t *paid_fen,
                         bool *existed, voucher *out, hs_error *err);
/* Settles every provider's unsettled redemptions (or one provider's, if given): pays what each
 * payable/P/provider/<id> holds to provider/<id>/cash and marks exactly the redemptions read in
 * this transaction settled, so a redemption committed by another writer is never marked unpaid. */
hs_status voucher_settle(hs_tx *tx, const char *provider, hs_date on, int64_t *settled_fen,
                         size_t *providers, hs_error *err);
/* Which owed accounts payable/<programme>/provider/<provider> a settlement pays (NULL = any). */
typedef struct {
    const char *provider;
    const char *programme;
} voucher_settle_scope;
/* Asked before each owed account is paid (maker-checker): sets *hold to keep that payment back
 * (the gate records why, e.g. a pending approval, inside tx); an error stops the settlement. */
typedef hs_status (*voucher_settle_gate_fn)(void *ctx, hs_tx *tx, const char *programme,
                                            const char *provider, int64_t owed_fen, bool *hold,
                                            hs_error *err);
/* As voucher_settle within `scope`, asking `gate` (NULL: none) before each payment; *held gets
 * how many owed accounts the gate kept back (nothing of them is paid or marked settled). */
hs_status voucher_settle_gated(hs_tx *tx, const voucher_settle_scope *scope, hs_date on,
                               voucher_settle_gate_fn gate, void *gate_ctx, int64_t *settled_fen,
                               size_t *providers, size_t *held, hs_error *err);
/* Expires every issued voucher (of `programme`, or of every programme when NULL) whose expiry
 * date is before `on`, releasing the rest. */
hs_status voucher_expire(hs_tx *tx, hs_date on, const char *programme, size_t *count,
                         int64_t *released_fen, hs_error *err);
/* Loads one voucher inside tx (*found false if there is none). */
hs_status voucher_get(hs_tx *tx, const char *id, voucher *out, bool *found, hs_error *err);
/* Loads one voucher for a read-only view, outside any transaction. */
hs_status voucher_find(hs_store *s, const char *id, voucher *out, bool *found, hs_error *err);
/* Calls fn for each redemption of voucher `id`, in order (read-only). */
hs_status voucher_redemptions_each(hs_store *s, const char *id,
                                   hs_status (*fn)(void *ctx, const voucher_redemption *r,
                                                   hs_error *err),
                                   void *ctx, hs_error *err);

#endif
