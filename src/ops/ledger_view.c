/* ledger_view.c — JSON views of transfers, accounts and batches (see ledger_view.h). */
#include "ops/ledger_view.h"

#include <assert.h>

#include "base/text.h"

#include "ledger/transfer_codec.h"

/* Text read from a book written before ids and names were checked may not be UTF-8, and jansson
 * refuses such strings (the key would vanish): show it repaired (U+FFFD) instead. */
static void keep_text(json_t *o, const char *key, const char *text) {
    if (o == NULL || json_object_get(o, key) != NULL)
        return;
    char fixed[4 * ACCOUNT_NAME_MAX];
    json_object_set_new(o, key, json_string(text_utf8_repair(text, fixed, sizeof fixed)));
}

json_t *view_transfer(const hs_transfer *t) {
    assert(t != NULL);
    json_t *o = transfer_to_json(t);
    /* only text that is not UTF-8 is missing; it is added (repaired) after the other keys */
    keep_text(o, "id", t->id);
    keep_text(o, "debit", t->debit);
    keep_text(o, "credit", t->credit);
    keep_text(o, "code", t->code);
    return o;
}

json_t *view_account(const hs_account *a) {
    assert(a != NULL);
    json_t *o = account_to_json(a);
    keep_text(o, "account", a->name);
    keep_text(o, "kind", a->kind);
    return o;
}

json_t *view_balance_row(const hs_account *a) {
    return view_account(a);
}

json_t *view_account_created(const hs_account *a, bool existed) {
    json_t *o = view_account(a);
    if (o != NULL)
        json_object_set_new(o, "created", json_boolean(!existed));
    return o;
}

json_t *view_transfer_outcome(const hs_transfer *given, const ops_transfer_outcome *o) {
    assert(given != NULL && o != NULL && o->result < TR_RESULT_COUNT);
    json_t *v = o->stored_found ? view_transfer(&o->stored) : json_object();
    if (v == NULL)
        return NULL;
    json_object_set_new(v, "id", json_string(given->id));
    json_object_set_new(v, "result", json_string(transfer_result_name(o->result)));
    if (o->detail[0])
        json_object_set_new(v, "detail", json_string(o->detail));
    return v;
}

json_t *view_batch_problem(const ops_batch_problem *p) {
    assert(p != NULL);
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "line", json_integer(p->line));
    if (p->id != NULL)
        json_object_set_new(o, "id", json_string(p->id));
    json_object_set_new(o, "field", json_string(p->refused ? "" : p->field));
    json_object_set_new(o, "error", json_string(p->why));
    return o;
}

json_t *view_batch_summary(const ops_batch_summary *s, json_t *problems) {
    assert(s != NULL);
    json_t *o = json_object();
    if (o == NULL) {
        json_decref(problems);
        return NULL;
    }
    json_object_set_new(o, "applied", json_integer((json_int_t)s->applied));
    json_object_set_new(o, "existed", json_integer((json_int_t)s->existed));
    json_object_set_new(o, "bad_lines", json_integer(s->bad_lines));
    json_object_set_new(o, "refused", json_integer(s->refusals));
    json_object_set_new(o, "problems", problems != NULL ? problems : json_array());
    return o;
}

json_t *view_history_row(const ops_history_row *r) {
    json_t *o = transfer_to_json(r->t);
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "side", json_string(r->is_debit ? "debit" : "credit"));
    json_object_set_new(o, "balance_fen", json_integer(r->balance_fen));
    /* the audit entry that committed it; null for transfers older than the chain */
    json_object_set_new(o, "audit_seq",
                        r->audit_seq > 0 ? json_integer(r->audit_seq) : json_null());
    return o;
}
