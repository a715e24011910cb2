/* voucher.c — the rules of compute vouchers: issue, redeem, settle, expire (layout and flows in
 * voucher.h). Every function reads, decides and writes inside the caller's hs_tx; persistence is
 * behind voucher_repo.h. */
#include "instrument/voucher.h"

#include <assert.h>
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "instrument/voucher_repo.h"
#include "ledger/transfer_codec.h"

#define OWNER "voucher"

static bool id_valid(const char *id, size_t max) {
    assert(id != NULL && max > 1);
    size_t n = strlen(id);
    if (n == 0 || n >= max)
        return false;
    for (const char *p = id; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
            return false;
    return true;
}

static bool status_is(const voucher *v, const char *status) {
    assert(v != NULL && status != NULL);
    return strcmp(v->status, status) == 0;
}

/* A voucher's amounts fit its status (the table's CHECKs, and: issued means something is left). */
static bool state_ok(const voucher *v) {
    if (v->face_fen <= 0 || v->redeemed_fen < 0 || v->redeemed_fen > v->face_fen ||
        v->reservation_seq < 1)
        return false;
    if (status_is(v, "issued"))
        return v->redeemed_fen < v->face_fen;
    if (status_is(v, "exhausted"))
        return v->redeemed_fen == v->face_fen;
    return status_is(v, "expired");
}

/* ---- providers ---- */

hs_status voucher_provider_add(hs_tx *tx, const voucher_provider *p, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && p != NULL);
    if (!id_valid(p->id, VOUCHER_ID_MAX))
        return hs_invalid_field(err, "ID", "provider id '%s' must be 1-40 of A-Z a-z 0-9 . _ -",
                                p->id);
    char account[ACCOUNT_NAME_MAX];
    snprintf(account, sizeof account, "provider/%s/cash", p->id);
    hs_status st = instrument_module_account(tx, account, "provider", OWNER, err);
    if (st == HS_OK)
        st = voucher_repo_provider_put(tx, p, err);
    return st;
}

hs_status voucher_provider_each(hs_store *s,
                                hs_status (*fn)(void *ctx, const voucher_provider *p,
                                                hs_error *err),
                                void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    return voucher_repo_provider_each(s, fn, ctx, err);
}

/* ---- vouchers ---- */

hs_status voucher_get(hs_tx *tx, const char *id, voucher *out, bool *found, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && id != NULL && out != NULL && found != NULL);
    return voucher_repo_get(tx, id, out, found, err);
}

hs_status voucher_find(hs_store *s, const char *id, voucher *out, bool *found, hs_error *err) {
    assert(s != NULL && id != NULL && out != NULL && found != NULL);
    return voucher_repo_find(s, id, out, found, err);
}

hs_status voucher_redemptions_each(hs_store *s, const char *id,
                                   hs_status (*fn)(void *ctx, const voucher_redemption *r,
                                                   hs_error *err),
                                   void *ctx, hs_error *err) {
    assert(s != NULL && id != NULL && fn != NULL);
    return voucher_repo_redemptions_each(s, id, fn, ctx, err);
}

static hs_status base_transfer(hs_transfer *t, const voucher *v, const char *kind, int seq,
                               hs_date on, const char *code, hs_error *err) {
    assert(t != NULL && v != NULL && kind != NULL && seq >= 1 && code != NULL);
    return instrument_transfer(t, "vch", "voucher", v->id, v->policy.label, v->firm, kind, seq, on,
                               code, err);
}

static void clearing_account(const char *programme, char *out, size_t len) {
    assert(programme != NULL && out != NULL && len > 0);
    snprintf(out, len, "payable/%s/vouchers", programme);
}

static hs_status usage(void *ctx, const instrument_limit_scope *scope, instrument_limit_usage *out,
                       hs_error *err) {
    assert(ctx != NULL && scope != NULL && out != NULL);
    return voucher_repo_limit_usage(ctx, scope, out, err);
}

static hs_status default_face(const instrument_policy *ip, hs_date on, int64_t *face,
                              hs_error *err) {
    assert(ip != NULL && ip->policy != NULL && face != NULL);
    hs_ptype type;
    int64_t value;
    hs_status st = policy_param(ip->policy, "firm_cap", on, &type, &value, err);
    if (st != HS_OK || type != HS_T_MONEY)
        return hs_invalid_field(
            err, "--face", "--face is required: %s has no money parameter 'firm_cap' on that date",
            ip->path);
    *face = value;
    return HS_OK;
}

hs_status voucher_issue(hs_tx *tx, const instrument_policy *ip, const char *id, const char *uscc,
                        int64_t face_fen, hs_date on, hs_date expires, const json_t *inputs,
                        voucher *out, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && ip != NULL && ip->policy != NULL);
    assert(id != NULL && uscc != NULL && out != NULL);
    if (!id_valid(id, VOUCHER_ID_MAX))
        return hs_invalid_field(err, "--id", "voucher id '%s' must be 1-40 of A-Z a-z 0-9 . _ -",
                                id);
    hs_status st = instrument_firm_check(uscc, err);
    if (st != HS_OK)
        return st;
    voucher v;
    memset(&v, 0, sizeof v);
    if ((st = instrument_inputs_text(inputs, v.inputs, sizeof v.inputs, err)) != HS_OK)
        return st;
    json_t *prod = json_object_get(inputs, "product");
    if (prod != NULL &&
        (!json_is_string(prod) || strlen(json_string_value(prod)) >= sizeof v.product))
        return hs_invalid_field(err, "--input",
                                "--input product: must be text of at most %zu bytes",
                                sizeof v.product - 1);
    if ((st = instrument_in_force(ip, on, err)) != HS_OK)
        return st;
    if (face_fen == 0 && (st = default_face(ip, on, &face_fen, err)) != HS_OK)
        return st;
    if (face_fen <= 0)
        return hs_invalid_field(err, "--face", "field 'face': must be positive");
    if (expires < on)
        return hs_invalid_field(err, "--expires", "field 'expires': before the issue date");
    snprintf(v.id, sizeof v.id, "%s", id);
    instrument_policy_ref_of(ip, &v.policy);
    snprintf(v.firm, sizeof v.firm, "%s", uscc);
    snprintf(v.product, sizeof v.product, "%s", prod ? json_string_value(prod) : "");
    v.face_fen = face_fen;
    v.issued_date = on;
    v.expires_date = expires;
    v.reservation_seq = 1;
    snprintf(v.status, sizeof v.status, "issued");
    assert(state_ok(&v));

    voucher existing;
    bool found = false;
    if ((st = voucher_repo_get(tx, id, &existing, &found, err)) != HS_OK)
        return st;
    if (found) {
        bool same = !strcmp(existing.firm, v.firm) && existing.face_fen == v.face_fen &&
                    existing.issued_date == on && !strcmp(existing.policy.sha256, v.policy.sha256);
        if (!same)
            return hs_fail_code(err, HS_INPUT, "state_conflict", "--id",
                                "voucher %s exists with other fields", id);
        *out = existing;
        return HS_OK;
    }
    hs_account budget;
    if ((st = hs_tx_account_get(tx, v.policy.budget, &budget, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "budget",
                            "issuing the voucher refused: the budget %s does not exist (fund it: "
                            "huoshui programme fund %s --budget %s --amount A)",
                            v.policy.budget, v.policy.programme,
                            v.policy.budget + strlen("budget/") + strlen(v.policy.programme) + 1);
    instrument_limit_subject subject = {
        .kind = "voucher", .id = v.id, .firm = v.firm, .product = v.product, .may_cap = false};
    int64_t amount = face_fen;
    if ((st = instrument_limits_check(ip->policy, on, &subject, usage, tx, &amount, NULL, 0,
                                      err)) != HS_OK)
        return st;
    assert(amount == face_fen);
    char clearing[ACCOUNT_NAME_MAX];
    clearing_account(v.policy.programme, clearing, sizeof clearing);
    if ((st = instrument_module_account(tx, clearing, "payable", OWNER, err)) != HS_OK)
        return st;
    hs_transfer t;
    if ((st = base_transfer(&t, &v, "r", 1, on, "voucher.issue", err)) != HS_OK)
        return st;
    snprintf(t.debit, sizeof t.debit, "%s", v.policy.budget);
    snprintf(t.credit, sizeof t.credit, "%s", clearing);
    t.amount_fen = face_fen;
    t.flags = TRANSFER_PENDING;
    assert(t.amount_fen == v.face_fen && v.face_fen > 0 && v.redeemed_fen == 0);
    if ((st = instrument_apply(tx, &t, 1, "issuing the voucher", err)) != HS_OK)
        return st;
    if ((st = instrument_policy_record(tx, ip, "voucher.issue", v.id, on, err)) != HS_OK)
        return st;
    if ((st = voucher_repo_insert(tx, &v, err)) != HS_OK)
        return st;
    *out = v;
    return HS_OK;
}

/* The policy's amount for this bill (HS_REFUSED with the reason if not eligible), evaluated under
 * the text stored in the book for the voucher's hash. */
static hs_status bill_amount(hs_tx *tx, const voucher *v, int64_t bill_fen, hs_date on,
                             const json_t *extra, int64_t *amount, hs_error *err) {
    assert(tx != NULL && v != NULL && bill_fen > 0 && amount != NULL);
    instrument_policy ip;
    hs_status st = instrument_policy_stored(tx, &v->policy, HS_INSTR_VOUCHER, &ip, err);
    if (st == HS_REFUSED)
        return hs_fail_code(err, HS_REFUSED, "policy_changed", NULL,
                            "%s changed since voucher %s was issued", v->policy.path, v->id);
    if (st != HS_OK)
        return st;
    if (extra != NULL) {
        static const char *const also[] = {"product", NULL};
        if ((st = instrument_inputs_known(&ip, extra, also, err)) != HS_OK) {
            instrument_policy_free(&ip);
            return st;
        }
    }
    json_t *inputs = json_loads(v->inputs, 0, NULL);
    if (inputs == NULL || !json_is_object(inputs)) {
        json_decref(inputs);
        instrument_policy_free(&ip);
        return hs_fail(err, HS_STORAGE, "voucher %s: the stored inputs are not a JSON object",
                       v->id);
    }
    if (extra != NULL)
        json_object_update(inputs, (json_t *)extra);
    char bill[MONEY_TEXT_MAX];
    json_object_set_new(inputs, "bill",
                        json_string(money_format_decimal(bill_fen, bill, sizeof bill)));
    hs_decision dec;
    st = instrument_decide(&ip, v->firm, inputs, on, &dec, err);
    json_decref(inputs);
    instrument_policy_free(&ip);
    if (st == HS_OK && !dec.eligible)
        st = hs_fail_code(err, HS_REFUSED, "not_eligible", NULL, "bill not eligible under %s: %s",
                          v->policy.label, dec.reason);
    if (st == HS_OK)
        *amount = dec.amount_fen;
    return st;
}

/* Builds the redemption chain: post part of the reservation, re-reserve the rest, move the amount
 * from the clearing account to what is owed to the provider. *n gets the number of events. */
static hs_status redemption_chain(const voucher *v, const char *provider, int64_t amount,
                                  hs_date on, hs_transfer ev[3], size_t *n, hs_error *err) {
    assert(v != NULL && provider != NULL && ev != NULL && n != NULL && state_ok(v));
    int64_t left = v->face_fen - v->redeemed_fen;
    assert(amount > 0 && amount <= left);
    char clearing[ACCOUNT_NAME_MAX];
    clearing_account(v->policy.programme, clearing, sizeof clearing);
    hs_status st;
    *n = 0;
    if ((st = base_transfer(&ev[0], v, "p", v->reservation_seq, on, "voucher.redeem", err)) !=
            HS_OK ||
        (st = instrument_transfer_id(ev[0].pending_id, "vch", v->id, "r", v->reservation_seq,
                                     err)) != HS_OK)
        return st;
    ev[0].flags = TRANSFER_POST_PENDING | TRANSFER_LINKED;
    ev[0].amount_fen = amount;
    size_t k = 1;
    if (amount < left) {
        if ((st = base_transfer(&ev[k], v, "r", v->reservation_seq + 1, on, "voucher.issue",
                                err)) != HS_OK)
            return st;
        snprintf(ev[k].debit, sizeof ev[k].debit, "%s", v->policy.budget);
        snprintf(ev[k].credit, sizeof ev[k].credit, "%s", clearing);
        ev[k].amount_fen = left - amount;
        ev[k].flags = TRANSFER_PENDING | TRANSFER_LINKED;
        k++;
    }
    if ((st = base_transfer(&ev[k], v, "t", v->reservation_seq, on, "voucher.redeem", err)) !=
        HS_OK)
        return st;
    snprintf(ev[k].debit, sizeof ev[k].debit, "%s", clearing);
    snprintf(ev[k].credit, sizeof ev[k].credit, "payable/%s/provider/%s", v->policy.programme,
             provider);
    ev[k].amount_fen = amount;
    char why[128];
    if (!transfer_add_ref(&ev[k], "provider", provider, why, sizeof why))
        return hs_invalid_field(err, "--provider", "--provider: %s", why);
    *n = k + 1;
    assert(*n == 2 || *n == 3);
    /* the chain moves what is left exactly: posted now, plus re-reserved if any */
    assert(ev[0].amount_fen + (*n == 3 ? ev[1].amount_fen : 0) == left);
    assert(ev[k].amount_fen == ev[0].amount_fen);
    return HS_OK;
}

hs_status voucher_redeem(hs_tx *tx, const char *id, const char *provider, const char *bill_id,
                         int64_t bill_fen, hs_date on, const json_t *inputs, int64_t *paid_fen,
                         bool *existed, voucher *out, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && existed != NULL && paid_fen != NULL);
    assert(id != NULL && provider != NULL && out != NULL);
    *existed = false;
    if (bill_fen <= 0)
        return hs_invalid_field(err, "--bill", "field 'bill': must be positive");
    if (bill_id == NULL || *bill_id == '\0')
        return hs_invalid_field(err, "--bill-id", "field 'bill-id': required");
    if (strlen(bill_id) >= sizeof((voucher_redemption *)0)->bill_id)
        return hs_invalid_field(err, "--bill-id", "field 'bill-id': longer than %zu bytes",
                                sizeof((voucher_redemption *)0)->bill_id - 1);
    voucher v;
    bool found = false;
    hs_status st = voucher_repo_get(tx, id, &v, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "V", "no voucher '%s'", id);
    if (!state_ok(&v))
        return hs_fail(err, HS_STORAGE,
                       "voucher %s: the stored amounts do not fit its status '%s' (run `huoshui "
                       "check`)",
                       v.id, v.status);
    if ((st = voucher_repo_provider_exists(tx, provider, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_fail_code(err, HS_REFUSED, "provider_not_registered", "--provider",
                            "provider '%s' is not registered", provider);
    voucher_redemption prior;
    if ((st = voucher_repo_bill(tx, provider, bill_id, &prior, &found, err)) != HS_OK)
        return st;
    if (found) {
        if (strcmp(prior.voucher, id) != 0 || prior.bill_fen != bill_fen)
            return hs_fail_code(err, HS_REFUSED, "already_redeemed", "--bill-id",
                                "bill %s at %s was already redeemed (voucher %s)", bill_id,
                                provider, prior.voucher);
        *existed = true;
        *paid_fen = prior.paid_fen;
        *out = v;
        return HS_OK;
    }
    if (!status_is(&v, "issued"))
        return hs_fail_code(err, HS_REFUSED, "state_conflict", NULL, "voucher %s is %s", id,
                            v.status);
    if (on > v.expires_date) {
        char d[DATE_TEXT_LEN];
        return hs_fail_code(err, HS_REFUSED, "expired", "--on", "voucher %s expired on %s", id,
                            date_format(v.expires_date, d));
    }
    int64_t amount = 0;
    if ((st = bill_amount(tx, &v, bill_fen, on, inputs, &amount, err)) != HS_OK)
        return st;
    int64_t left = v.face_fen - v.redeemed_fen;
    if (amount > left)
        amount = left;
    assert(left > 0 && amount <= left);
    if (amount <= 0)
        return hs_fail_code(err, HS_REFUSED, "nothing_decided", NULL,
                            "the policy pays nothing for bill %s", bill_id);
    char owed[ACCOUNT_NAME_MAX];
    snprintf(owed, sizeof owed, "payable/%s/provider/%s", v.policy.programme, provider);
    if ((st = instrument_module_account(tx, owed, "payable", OWNER, err)) != HS_OK)
        return st;
    hs_transfer ev[3];
    size_t n = 0;
    if ((st = redemption_chain(&v, provider, amount, on, ev, &n, err)) != HS_OK ||
        (st = instrument_apply(tx, ev, n, "the redemption", err)) != HS_OK)
        return st;
    const int64_t before = v.redeemed_fen;
    v.redeemed_fen += amount;
    if (v.redeemed_fen == v.face_fen)
        snprintf(v.status, sizeof v.status, "exhausted");
    else
        v.reservation_seq++;
    assert(v.redeemed_fen == before + amount && state_ok(&v));
    voucher_redemption r = {.bill_fen = bill_fen, .paid_fen = amount, .date = on};
    snprintf(r.voucher, sizeof r.voucher, "%s", v.id);
    snprintf(r.provider, sizeof r.provider, "%s", provider);
    snprintf(r.bill_id, sizeof r.bill_id, "%s", bill_id);
    if ((st = voucher_repo_redemption_insert(tx, &r, v.reservation_seq, err)) != HS_OK ||
        (st = voucher_repo_save(tx, &v, err)) != HS_OK)
        return st;
    *paid_fen = amount;
    *out = v;
    return HS_OK;
}

/* ---- settlement ---- */

typedef struct {
    hs_tx *tx;
    const char *only;
    const char *only_programme;
    hs_date on;
    int64_t total;
    size_t paid, held;
    voucher_settle_gate_fn gate;
    void *gate_ctx;
} settle_ctx;

/* The settlement's transfer id: the owed account and everything ever owed on it (its credits), so
 * a later settlement (more redeemed) gets a new id. Names too long for an id use their hash. */
static void settle_id(const hs_account *a, char out[TRANSFER_ID_MAX]) {
    assert(a != NULL && strncmp(a->name, "payable/", strlen("payable/")) == 0);
    int n = snprintf(out, TRANSFER_ID_MAX, "vst.%s.%lld", a->name + strlen("payable/"),
                     (long long)a->credits_posted_fen);
    if (n > 0 && n < TRANSFER_ID_MAX)
        return;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)a->name, strlen(a->name));
    char hex[2 * 12 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, 12);
    snprintf(out, TRANSFER_ID_MAX, "vst.h%s.%lld", hex, (long long)a->credits_posted_fen);
}

static hs_status settle_account(void *vctx, const hs_account *a, hs_error *err) {
    settle_ctx *c = vctx;
    assert(c != NULL && c->tx != NULL && a != NULL);
    assert(strncmp(a->name, "payable/", strlen("payable/")) == 0); /* listed by that prefix */
    const char *rest = a->name + strlen("payable/");
    const char *p = strstr(rest, "/provider/");
    if (p == NULL || p == rest || strchr(p + 10, '/') != NULL || p[10] == '\0')
        return HS_OK;
    const char *provider = p + 10;
    if (c->only && strcmp(c->only, provider))
        return HS_OK;
    char programme[64];
    if ((size_t)(p - rest) >= sizeof programme)
        return HS_OK;
    memcpy(programme, rest, (size_t)(p - rest));
    programme[p - rest] = '\0';
    if (c->only_programme && strcmp(c->only_programme, programme))
        return HS_OK;
    int64_t owed = account_held_fen(a);
    int64_t unsettled = 0, rows = 0;
    hs_status st = voucher_repo_unsettled(c->tx, programme, provider, &unsettled, &rows, err);
    if (st != HS_OK)
        return st;
    /* everything read here is in this transaction: the redemptions unsettled now are exactly what
     * the account holds (a book from before this rule may hold more, paid out as before) */
    if (unsettled > owed)
        return hs_fail(err, HS_STORAGE,
                       "%s holds %lld fen but its unsettled redemptions sum to %lld fen (run "
                       "`huoshui check`)",
                       a->name, (long long)owed, (long long)unsettled);
    if (owed <= 0)
        return HS_OK;
    if (c->gate != NULL) { /* maker-checker: the gate may hold this payment for approval */
        bool hold = false;
        if ((st = c->gate(c->gate_ctx, c->tx, programme, provider, owed, &hold, err)) != HS_OK)
            return st;
        if (hold) {
            c->held++;
            return HS_OK;
        }
    }
    hs_transfer t;
    transfer_init(&t);
    settle_id(a, t.id);
    snprintf(t.debit, sizeof t.debit, "%s", a->name);
    snprintf(t.credit, sizeof t.credit, "provider/%s/cash", provider);
    t.amount_fen = owed;
    assert(t.amount_fen > 0 && unsettled <= owed);
    t.date = c->on;
    t.date_given = true;
    snprintf(t.code, sizeof t.code, "voucher.settle");
    char why[128];
    if (!transfer_add_ref(&t, "provider", provider, why, sizeof why))
        return hs_fail(err, HS_INPUT, "settling %s: %s", a->name, why);
    if ((st = instrument_module_account(c->tx, t.credit, "provider", OWNER, err)) != HS_OK)
        return st;
    char what[ACCOUNT_NAME_MAX + 16];
    snprintf(what, sizeof what, "settling %s", a->name);
    if ((st = instrument_apply(c->tx, &t, 1, what, err)) != HS_OK)
        return st;
    int64_t marked = 0;
    if ((st = voucher_repo_mark_settled(c->tx, programme, provider, &marked, err)) != HS_OK)
        return st;
    if (marked != rows)
        return hs_fail(err, HS_STORAGE, "settling %s: %lld redemptions read, %lld marked", a->name,
                       (long long)rows, (long long)marked);
    if (!money_add(c->total, owed, &c->total))
        return hs_fail(err, HS_STORAGE, "settled total overflows");
    c->paid++;
    return HS_OK;
}

typedef struct {
    hs_account *a;
    size_t n, cap;
} account_list;

static hs_status collect_account(void *vctx, const hs_account *a, hs_error *err) {
    account_list *l = vctx;
    assert(l != NULL && a != NULL && l->n <= l->cap);
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        hs_account *p = realloc(l->a, cap * sizeof *p);
        if (p == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory listing accounts");
        l->a = p;
        l->cap = cap;
    }
    l->a[l->n++] = *a;
    assert(l->n <= l->cap);
    return HS_OK;
}

hs_status voucher_settle(hs_tx *tx, const char *provider, hs_date on, int64_t *settled_fen,
                         size_t *providers, hs_error *err) {
    voucher_settle_scope scope = {.provider = provider};
    size_t held = 0;
    return voucher_settle_gated(tx, &scope, on, NULL, NULL, settled_fen, providers, &held, err);
}

hs_status voucher_settle_gated(hs_tx *tx, const voucher_settle_scope *scope, hs_date on,
                               voucher_settle_gate_fn gate, void *gate_ctx, int64_t *settled_fen,
                               size_t *providers, size_t *held, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && scope != NULL && held != NULL);
    assert(settled_fen != NULL && providers != NULL);
    *settled_fen = 0;
    *providers = 0;
    *held = 0;
    /* list the owed accounts first: the transfers below change the accounts being listed */
    account_list l = {0};
    hs_status st = store_accounts_each(tx->store, "payable/", collect_account, &l, err);
    settle_ctx c = {.tx = tx,
                    .only = scope->provider,
                    .only_programme = scope->programme,
                    .on = on,
                    .gate = gate,
                    .gate_ctx = gate_ctx};
    for (size_t i = 0; st == HS_OK && i < l.n; i++)
        st = settle_account(&c, &l.a[i], err);
    free(l.a);
    if (st == HS_OK) {
        assert(c.total >= 0 && c.paid <= l.n);
        *settled_fen = c.total;
        *providers = c.paid;
        *held = c.held;
    }
    return st;
}

hs_status voucher_expire(hs_tx *tx, hs_date on, const char *programme, size_t *count,
                         int64_t *released_fen, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    assert(count != NULL && released_fen != NULL);
    *count = 0;
    *released_fen = 0;
    voucher *due = NULL;
    size_t n = 0;
    hs_status st = voucher_repo_due(tx, on, programme, &due, &n, err);
    for (size_t i = 0; st == HS_OK && i < n; i++) {
        voucher *v = &due[i];
        if (!state_ok(v) || !status_is(v, "issued")) {
            st = hs_fail(err, HS_STORAGE, "voucher %s: the stored amounts do not fit its status",
                         v->id);
            break;
        }
        hs_transfer t;
        if ((st = base_transfer(&t, v, "v", v->reservation_seq, on, "voucher.expire", err)) !=
                HS_OK ||
            (st = instrument_transfer_id(t.pending_id, "vch", v->id, "r", v->reservation_seq,
                                         err)) != HS_OK)
            break;
        t.flags = TRANSFER_VOID_PENDING;
        if ((st = instrument_apply(tx, &t, 1, "expiring the voucher", err)) != HS_OK)
            break;
        snprintf(v->status, sizeof v->status, "expired");
        assert(state_ok(v) && t.amount_fen == 0 && (t.flags & TRANSFER_VOID_PENDING));
        if ((st = voucher_repo_save(tx, v, err)) != HS_OK)
            break;
        (*count)++;
        if (!money_add(*released_fen, v->face_fen - v->redeemed_fen, released_fen))
            st = hs_fail(err, HS_STORAGE, "released total overflows");
    }
    free(due);
    assert(st != HS_OK || (*count <= n && *released_fen >= 0));
    return st;
}
