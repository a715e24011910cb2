/* voucher_view.c — JSON views of vouchers (see voucher_view.h). */
#include "ops/voucher_view.h"

#include <string.h>

json_t *view_voucher(const voucher *v, const voucher_redemption *redemptions, size_t n) {
    char d[DATE_TEXT_LEN];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(v->id));
    json_object_set_new(o, "programme", json_string(v->policy.programme));
    json_object_set_new(o, "budget", json_string(v->policy.budget));
    json_object_set_new(o, "policy", json_string(v->policy.label));
    json_object_set_new(o, "firm", json_string(v->firm));
    if (v->product[0])
        json_object_set_new(o, "product", json_string(v->product));
    json_object_set_new(o, "status", json_string(v->status));
    json_object_set_new(o, "face_fen", json_integer(v->face_fen));
    json_object_set_new(o, "redeemed_fen", json_integer(v->redeemed_fen));
    json_object_set_new(
        o, "remaining_fen",
        json_integer(strcmp(v->status, "issued") ? 0 : v->face_fen - v->redeemed_fen));
    json_object_set_new(o, "issued", json_string(date_format(v->issued_date, d)));
    json_object_set_new(o, "expires", json_string(date_format(v->expires_date, d)));
    json_t *reds = json_array();
    for (size_t i = 0; i < n; i++) {
        const voucher_redemption *r = &redemptions[i];
        json_t *j = json_object();
        json_object_set_new(j, "provider", json_string(r->provider));
        json_object_set_new(j, "bill_id", json_string(r->bill_id));
        json_object_set_new(j, "bill_fen", json_integer(r->bill_fen));
        json_object_set_new(j, "paid_fen", json_integer(r->paid_fen));
        json_object_set_new(j, "date", json_string(date_format(r->date, d)));
        json_object_set_new(j, "settled", json_boolean(r->settled));
        json_array_append_new(reds, j);
    }
    json_object_set_new(o, "redemptions", reds);
    return o;
}

json_t *view_voucher_redeemed(const voucher *v, const char *bill_id, int64_t paid_fen,
                              bool existed) {
    json_t *o = json_object();
    json_object_set_new(o, "voucher", json_string(v->id));
    json_object_set_new(o, "bill_id", json_string(bill_id));
    json_object_set_new(o, "paid_fen", json_integer(paid_fen));
    json_object_set_new(o, "existed", json_boolean(existed));
    json_object_set_new(o, "remaining_fen", json_integer(v->face_fen - v->redeemed_fen));
    return o;
}

json_t *view_voucher_provider(const voucher_provider *p) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(p->id));
    json_object_set_new(o, "name", json_string(p->name));
    json_object_set_new(o, "city", json_string(p->city));
    return o;
}
