/* voucher_repo.h — the persistence of vouchers, providers and redemptions (tables vouchers,
 * voucher_providers, voucher_redemptions), behind which each backend keeps its SQL
 * (src/store/sql/voucher_repo.c). Functions taking hs_tx run inside the caller's transaction;
 * those taking hs_store are read-only listings. Every read error is HS_STORAGE. */
#ifndef HS_INSTRUMENT_VOUCHER_REPO_H
#define HS_INSTRUMENT_VOUCHER_REPO_H

#include "instrument/voucher.h"

/* Inserts or updates (name, city) a provider. */
hs_status voucher_repo_provider_put(hs_tx *tx, const voucher_provider *p, hs_error *err);
/* *found true if provider `id` is registered. */
hs_status voucher_repo_provider_exists(hs_tx *tx, const char *id, bool *found, hs_error *err);
/* Each provider in id order. */
hs_status voucher_repo_provider_each(hs_store *s,
                                     hs_status (*fn)(void *ctx, const voucher_provider *p,
                                                     hs_error *err),
                                     void *ctx, hs_error *err);
/* One voucher by id (*found false if none). */
hs_status voucher_repo_get(hs_tx *tx, const char *id, voucher *out, bool *found, hs_error *err);
/* As voucher_repo_get, outside any transaction (read-only views). */
hs_status voucher_repo_find(hs_store *s, const char *id, voucher *out, bool *found, hs_error *err);
/* Calls fn for each voucher with status `status` (NULL = any) whose id is after `after_id` (NULL:
 * from the first), in id order, at most max_rows (0: all); a read-only listing outside any
 * transaction. Stops at (and returns) fn's first error. */
hs_status voucher_repo_each(hs_store *s, const char *status, const char *after_id, size_t max_rows,
                            hs_status (*fn)(void *ctx, const voucher *v, hs_error *err), void *ctx,
                            hs_error *err);
/* Inserts a new voucher (status issued). */
hs_status voucher_repo_insert(hs_tx *tx, const voucher *v, hs_error *err);
/* Writes redeemed_fen, status and reservation_seq of v back. */
hs_status voucher_repo_save(hs_tx *tx, const voucher *v, hs_error *err);
/* What vouchers in the scope commit: count (those issued or exhausted, or expired having paid
 * something), the money (face of issued vouchers, what others redeemed), the first id. */
hs_status voucher_repo_limit_usage(hs_tx *tx, const instrument_limit_scope *scope,
                                   instrument_limit_usage *out, hs_error *err);
/* Issued vouchers (of `programme`, or of every programme when NULL) whose expiry date is before
 * `on`, in id order (*out malloc'd, caller frees). */
hs_status voucher_repo_due(hs_tx *tx, hs_date on, const char *programme, voucher **out, size_t *n,
                           hs_error *err);
/* The earlier redemption of (provider, bill_id), if any. */
hs_status voucher_repo_bill(hs_tx *tx, const char *provider, const char *bill_id,
                            voucher_redemption *out, bool *found, hs_error *err);
/* Records a redemption; seq is the voucher's reservation sequence it posted. */
hs_status voucher_repo_redemption_insert(hs_tx *tx, const voucher_redemption *r, int seq,
                                         hs_error *err);
/* Sum and count of the unsettled redemptions owed by programme `programme` to `provider`. */
hs_status voucher_repo_unsettled(hs_tx *tx, const char *programme, const char *provider,
                                 int64_t *sum_fen, int64_t *count, hs_error *err);
/* Marks the unsettled redemptions owed by `programme` to `provider` settled; *count gets how many.
 */
hs_status voucher_repo_mark_settled(hs_tx *tx, const char *programme, const char *provider,
                                    int64_t *count, hs_error *err);
/* Each redemption of voucher `id`, in order. */
hs_status voucher_repo_redemptions_each(hs_store *s, const char *id,
                                        hs_status (*fn)(void *ctx, const voucher_redemption *r,
                                                        hs_error *err),
                                        void *ctx, hs_error *err);

#endif
