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
    char programme[64];
    char budget[ACCOUNT_NAME_MAX];
    char policy_path[512];
    char policy_id[96];
    char policy_label[128];
    char policy_sha256[65];
    char firm[40];
    char inputs[1024];
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

/* Registers (or re-registers with the same fields) a compute/data provider. */
hs_status voucher_provider_add(hs_store *s, const voucher_provider *p, hs_error *err);
/* Calls fn for each registered provider. */
hs_status voucher_provider_each(hs_store *s,
                                hs_status (*fn)(void *ctx, const voucher_provider *p,
                                                hs_error *err),
                                void *ctx, hs_error *err);
/* Issues voucher `id` to a firm: face_fen (0: the policy's `firm_cap` parameter on `on`), within
 * the policy's money limits (per firm / per year / per programme), reserving the budget. Idempotent
 * for the same id and fields. */
hs_status voucher_issue(hs_store *s, const instrument_policy *ip, const char *id, const char *uscc,
                        int64_t face_fen, hs_date on, hs_date expires, const json_t *inputs,
                        voucher *out, hs_error *err);
/* Redeems a bill at a provider: pays min(policy amount for the bill, what is left). *paid_fen gets
 * the amount; *existed is true if this bill was already redeemed with this voucher and amount. */
hs_status voucher_redeem(hs_store *s, const char *id, const char *provider, const char *bill_id,
                         int64_t bill_fen, hs_date on, const json_t *inputs, int64_t *paid_fen,
                         bool *existed, voucher *out, hs_error *err);
/* Settles every provider's unsettled redemptions (or one provider's, if given). */
hs_status voucher_settle(hs_store *s, const char *provider, hs_date on, int64_t *settled_fen,
                         size_t *providers, hs_error *err);
/* Expires every issued voucher whose expiry date is before `on`, releasing the rest. */
hs_status voucher_expire(hs_store *s, hs_date on, size_t *count, int64_t *released_fen,
                         hs_error *err);
/* Loads one voucher. */
hs_status voucher_get(hs_store *s, const char *id, voucher *out, bool *found, hs_error *err);
/* JSON view of a voucher with its redemptions. */
hs_status voucher_to_json(hs_store *s, const voucher *v, json_t **out, hs_error *err);

#endif
