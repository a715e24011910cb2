/* voucher_view.h — the JSON views of vouchers, redemptions and providers: what `voucher ... --json`
 * prints and the HTTP API returns, byte for byte. Amounts in fen; each returns a new reference. */
#ifndef HS_OPS_VOUCHER_VIEW_H
#define HS_OPS_VOUCHER_VIEW_H

#include <jansson.h>

#include "instrument/voucher.h"

/* One voucher with its redemptions (n of them, in order): id, programme, budget, policy, firm,
 * product (when given), status, face_fen, redeemed_fen, remaining_fen, issued, expires,
 * redemptions [{provider, bill_id, bill_fen, paid_fen, date, settled}]. */
json_t *view_voucher(const voucher *v, const voucher_redemption *redemptions, size_t n);
/* The outcome of one redemption: voucher, bill_id, paid_fen, existed, remaining_fen. */
json_t *view_voucher_redeemed(const voucher *v, const char *bill_id, int64_t paid_fen,
                              bool existed);
/* One provider: id, name, city. */
json_t *view_voucher_provider(const voucher_provider *p);

#endif
