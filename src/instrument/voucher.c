/* voucher.c — issue, redeem, settle, expire compute vouchers (layout and flows in voucher.h). */
#include "instrument/voucher.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "ledger/transfer_codec.h"

static bool id_valid(const char *id, size_t max) {
    size_t n = strlen(id);
    if (n == 0 || n >= max)
        return false;
    for (const char *p = id; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
            return false;
    return true;
}

/* ---- providers ---- */

hs_status voucher_provider_add(hs_store *s, const voucher_provider *p, hs_error *err) {
    if (!id_valid(p->id, VOUCHER_ID_MAX))
        return hs_fail(err, HS_INPUT, "provider id '%s' must be 1-40 of A-Z a-z 0-9 . _ -", p->id);
    hs_status st = HS_OK;
    char account[ACCOUNT_NAME_MAX];
    snprintf(account, sizeof account, "provider/%s/cash", p->id);
    if (st == HS_OK)
        st = instrument_ensure_account(s, account, "provider", 0, err);
    if (st != HS_OK)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "INSERT INTO voucher_providers(id, name, city, registered_date) VALUES "
                           "(?1, ?2, ?3, ?4) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                           "city = excluded.city",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "registering a provider");
    sqlite3_bind_text(q, 1, p->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, p->city, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, p->registered_date);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? HS_OK : store_fail(s, err, "registering a provider");
}

hs_status voucher_provider_each(hs_store *s,
                                hs_status (*fn)(void *ctx, const voucher_provider *p,
                                                hs_error *err),
                                void *ctx, hs_error *err) {
    hs_status st = HS_OK;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT id, name, city, registered_date FROM voucher_providers "
                           "ORDER BY id",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "listing providers");
    while (st == HS_OK && sqlite3_step(q) == SQLITE_ROW) {
        voucher_provider p;
        store_column_text(q, 0, p.id, sizeof p.id);
        store_column_text(q, 1, p.name, sizeof p.name);
        store_column_text(q, 2, p.city, sizeof p.city);
        p.registered_date = (hs_date)sqlite3_column_int64(q, 3);
        st = fn(ctx, &p, err);
    }
    sqlite3_finalize(q);
    return st;
}

static hs_status provider_exists(hs_store *s, const char *id, bool *found, hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s), "SELECT 1 FROM voucher_providers WHERE id = ?1", -1, &q,
                           NULL) != SQLITE_OK)
        return store_fail(s, err, "reading providers");
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    *found = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    return HS_OK;
}

/* ---- vouchers ---- */

#define VCOLS                                                                                      \
    "id, programme, budget, policy_path, policy_id, policy_label, policy_sha256, firm, inputs, "   \
    "face_fen, redeemed_fen, issued_date, expires_date, status, reservation_seq"

static void read_voucher(sqlite3_stmt *q, voucher *v) {
    memset(v, 0, sizeof *v);
    store_column_text(q, 0, v->id, sizeof v->id);
    store_column_text(q, 1, v->programme, sizeof v->programme);
    store_column_text(q, 2, v->budget, sizeof v->budget);
    store_column_text(q, 3, v->policy_path, sizeof v->policy_path);
    store_column_text(q, 4, v->policy_id, sizeof v->policy_id);
    store_column_text(q, 5, v->policy_label, sizeof v->policy_label);
    store_column_text(q, 6, v->policy_sha256, sizeof v->policy_sha256);
    store_column_text(q, 7, v->firm, sizeof v->firm);
    store_column_text(q, 8, v->inputs, sizeof v->inputs);
    v->face_fen = sqlite3_column_int64(q, 9);
    v->redeemed_fen = sqlite3_column_int64(q, 10);
    v->issued_date = (hs_date)sqlite3_column_int64(q, 11);
    v->expires_date = (hs_date)sqlite3_column_int64(q, 12);
    store_column_text(q, 13, v->status, sizeof v->status);
    v->reservation_seq = sqlite3_column_int(q, 14);
}

static void read_voucher_any(sqlite3_stmt *q, void *out) {
    read_voucher(q, out);
}

hs_status voucher_get(hs_store *s, const char *id, voucher *out, bool *found, hs_error *err) {
    return store_get_one(s, "SELECT " VCOLS " FROM vouchers WHERE id = ?1", id, read_voucher_any,
                         out, found, "reading a voucher", err);
}

static void base_transfer(hs_transfer *t, const voucher *v, const char *kind, int seq, hs_date on,
                          const char *code) {
    transfer_init(t);
    snprintf(t->id, sizeof t->id, "vch.%s.%s%d", v->id, kind, seq);
    t->date = on;
    t->date_given = true;
    snprintf(t->code, sizeof t->code, "%s", code);
    char why[128];
    transfer_add_ref(t, "voucher", v->id, why, sizeof why);
    transfer_add_ref(t, "policy", v->policy_label, why, sizeof why);
    transfer_add_ref(t, "firm", v->firm, why, sizeof why);
}

static void clearing_account(const char *programme, char *out, size_t len) {
    snprintf(out, len, "payable/%s/vouchers", programme);
}

/* Sum committed under a limit's scope: issued vouchers count their face, others what they paid. */
static hs_status limit_used(hs_store *s, const voucher *v, const hs_policy_limit *lim, int year,
                            int64_t *used, hs_error *err) {
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT COALESCE(SUM(CASE status WHEN 'issued' THEN face_fen ELSE redeemed_fen END), "
             "0) FROM vouchers WHERE policy_id = ?1%s%s",
             lim->per_firm ? " AND firm = ?2" : "", lim->per_year ? " AND issued_year = ?3" : "");
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s), sql, -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "checking voucher limits");
    sqlite3_bind_text(q, 1, v->policy_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, v->firm, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 3, year);
    *used = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    return HS_OK;
}

static hs_status check_limits(hs_store *s, const instrument_policy *ip, const voucher *v,
                              hs_error *err) {
    int year, m, d;
    date_to_ymd(v->issued_date, &year, &m, &d);
    for (size_t i = 0; i < policy_limit_count(ip->policy); i++) {
        hs_policy_limit lim;
        hs_status st = policy_limit(ip->policy, i, v->issued_date, &lim, err);
        if (st != HS_OK)
            return st;
        if (!lim.has_amount)
            continue;
        int64_t used = 0;
        if ((st = limit_used(s, v, &lim, year, &used, err)) != HS_OK)
            return st;
        if (used + v->face_fen > lim.amount_fen) {
            char u[MONEY_TEXT_MAX], c[MONEY_TEXT_MAX], f[MONEY_TEXT_MAX];
            return hs_fail(err, HS_REFUSED,
                           "voucher %s of %s would exceed limit%s%s <= %s (policy line %u): %s "
                           "already committed",
                           v->id, money_format(v->face_fen, f, sizeof f),
                           lim.per_firm ? " per firm" : " per programme",
                           lim.per_year ? " per year" : "",
                           money_format(lim.amount_fen, c, sizeof c), lim.line,
                           money_format(used, u, sizeof u));
        }
    }
    return HS_OK;
}

static hs_status insert_voucher(hs_store *s, const voucher *v, hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "INSERT INTO vouchers(id, programme, budget, policy_path, policy_id, "
                           "policy_label, policy_sha256, firm, inputs, face_fen, issued_date, "
                           "issued_year, expires_date, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                           "?7, ?8, ?9, ?10, ?11, ?12, ?13, 'issued')",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "issuing a voucher");
    const char *texts[] = {v->id,        v->programme,    v->budget,        v->policy_path,
                           v->policy_id, v->policy_label, v->policy_sha256, v->firm,
                           v->inputs};
    for (int i = 0; i < 9; i++)
        sqlite3_bind_text(q, i + 1, texts[i], -1, SQLITE_STATIC);
    int year, m, d;
    date_to_ymd(v->issued_date, &year, &m, &d);
    sqlite3_bind_int64(q, 10, v->face_fen);
    sqlite3_bind_int64(q, 11, v->issued_date);
    sqlite3_bind_int(q, 12, year);
    sqlite3_bind_int64(q, 13, v->expires_date);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? HS_OK : store_fail(s, err, "issuing a voucher");
}

static hs_status default_face(const instrument_policy *ip, hs_date on, int64_t *face,
                              hs_error *err) {
    hs_ptype type;
    int64_t value;
    hs_status st = policy_param(ip->policy, "firm_cap", on, &type, &value, err);
    if (st != HS_OK || type != HS_T_MONEY)
        return hs_fail(err, HS_INPUT,
                       "--face is required: %s has no money parameter 'firm_cap' on that date",
                       ip->path);
    *face = value;
    return HS_OK;
}

hs_status voucher_issue(hs_store *s, const instrument_policy *ip, const char *id, const char *uscc,
                        int64_t face_fen, hs_date on, hs_date expires, const json_t *inputs,
                        voucher *out, hs_error *err) {
    if (!id_valid(id, VOUCHER_ID_MAX))
        return hs_fail(err, HS_INPUT, "voucher id '%s' must be 1-40 of A-Z a-z 0-9 . _ -", id);
    if (!policy_in_force(ip->policy, on))
        return hs_fail(err, HS_REFUSED, "%s is not in force on that date", ip->label);
    hs_status st = HS_OK;
    if (st == HS_OK && face_fen == 0)
        st = default_face(ip, on, &face_fen, err);
    if (st == HS_OK && face_fen <= 0)
        st = hs_fail(err, HS_INPUT, "field 'face': must be positive");
    if (st == HS_OK && expires < on)
        st = hs_fail(err, HS_INPUT, "field 'expires': before the issue date");
    char clearing[ACCOUNT_NAME_MAX];
    clearing_account(ip->programme, clearing, sizeof clearing);
    if (st == HS_OK)
        st = instrument_ensure_account(s, clearing, "payable", 0, err);
    if (st != HS_OK)
        return st;
    voucher v;
    memset(&v, 0, sizeof v);
    snprintf(v.id, sizeof v.id, "%s", id);
    snprintf(v.programme, sizeof v.programme, "%s", ip->programme);
    snprintf(v.budget, sizeof v.budget, "%s", ip->budget);
    snprintf(v.policy_path, sizeof v.policy_path, "%s", ip->path);
    snprintf(v.policy_id, sizeof v.policy_id, "%s", policy_id(ip->policy));
    snprintf(v.policy_label, sizeof v.policy_label, "%s", ip->label);
    snprintf(v.policy_sha256, sizeof v.policy_sha256, "%s", ip->sha256);
    snprintf(v.firm, sizeof v.firm, "%s", uscc);
    char *text = json_dumps(inputs, JSON_COMPACT | JSON_SORT_KEYS);
    snprintf(v.inputs, sizeof v.inputs, "%s", text ? text : "{}");
    free(text);
    v.face_fen = face_fen;
    v.issued_date = on;
    v.expires_date = expires;
    v.reservation_seq = 1;
    snprintf(v.status, sizeof v.status, "issued");
    hs_tx txn;
    if ((st = hs_tx_begin(s, &txn, err)) != HS_OK)
        return st;
    voucher existing;
    bool found;
    if ((st = voucher_get(s, id, &existing, &found, err)) == HS_OK && found) {
        hs_tx_rollback(&txn);
        bool same = !strcmp(existing.firm, v.firm) && existing.face_fen == v.face_fen &&
                    existing.issued_date == on && !strcmp(existing.policy_sha256, v.policy_sha256);
        if (same && out)
            *out = existing;
        return same ? HS_OK : hs_fail(err, HS_INPUT, "voucher %s exists with other fields", id);
    }
    if (st == HS_OK)
        st = check_limits(s, ip, &v, err);
    if (st == HS_OK) {
        hs_transfer t;
        base_transfer(&t, &v, "r", 1, on, "voucher.issue");
        snprintf(t.debit, sizeof t.debit, "%s", v.budget);
        snprintf(t.credit, sizeof t.credit, "%s", clearing);
        t.amount_fen = face_fen;
        t.flags = TRANSFER_PENDING;
        st = instrument_apply(&txn, &t, 1, "issuing the voucher", err);
    }
    if (st == HS_OK)
        st = insert_voucher(s, &v, err);
    if (st == HS_OK)
        st = hs_tx_commit(&txn, err);
    else
        hs_tx_rollback(&txn);
    if (st == HS_OK && out)
        *out = v;
    return st;
}

/* Looks up an earlier redemption of the same bill. */
static hs_status find_bill(hs_store *s, const char *provider, const char *bill_id, char *voucher_id,
                           int64_t *bill_fen, int64_t *paid_fen, bool *found, hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT voucher, bill_fen, paid_fen FROM voucher_redemptions WHERE "
                           "provider = ?1 AND bill_id = ?2",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "reading redemptions");
    sqlite3_bind_text(q, 1, provider, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, bill_id, -1, SQLITE_STATIC);
    *found = sqlite3_step(q) == SQLITE_ROW;
    if (*found) {
        store_column_text(q, 0, voucher_id, VOUCHER_ID_MAX);
        *bill_fen = sqlite3_column_int64(q, 1);
        *paid_fen = sqlite3_column_int64(q, 2);
    }
    sqlite3_finalize(q);
    return HS_OK;
}

/* The policy's amount for this bill (HS_REFUSED with the reason if not eligible). */
static hs_status bill_amount(const voucher *v, int64_t bill_fen, hs_date on, const json_t *extra,
                             int64_t *amount, hs_error *err) {
    instrument_policy ip;
    hs_status st = instrument_policy_load(v->policy_path, HS_INSTR_VOUCHER, &ip, err);
    if (st != HS_OK)
        return st;
    if (strcmp(ip.sha256, v->policy_sha256) != 0) {
        instrument_policy_free(&ip);
        return hs_fail(err, HS_REFUSED, "%s changed since voucher %s was issued", v->policy_path,
                       v->id);
    }
    json_t *inputs = json_loads(v->inputs, 0, NULL);
    if (inputs == NULL)
        inputs = json_object();
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
        st =
            hs_fail(err, HS_REFUSED, "bill not eligible under %s: %s", v->policy_label, dec.reason);
    if (st == HS_OK)
        *amount = dec.amount_fen;
    return st;
}

static hs_status record_redemption(hs_store *s, const voucher *v, const char *provider,
                                   const char *bill_id, int64_t bill_fen, int64_t paid_fen,
                                   hs_date on, hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "INSERT INTO voucher_redemptions(voucher, provider, bill_id, bill_fen, "
                           "paid_fen, date, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "recording a redemption");
    sqlite3_bind_text(q, 1, v->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, provider, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, bill_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, bill_fen);
    sqlite3_bind_int64(q, 5, paid_fen);
    sqlite3_bind_int64(q, 6, on);
    sqlite3_bind_int(q, 7, v->reservation_seq);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_fail(s, err, "recording a redemption");
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "UPDATE vouchers SET redeemed_fen = ?2, status = ?3, reservation_seq = "
                           "?4 WHERE id = ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "updating a voucher");
    sqlite3_bind_text(q, 1, v->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, v->redeemed_fen);
    sqlite3_bind_text(q, 3, v->status, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 4, v->reservation_seq);
    rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? HS_OK : store_fail(s, err, "updating a voucher");
}

/* Builds the redemption chain: post part of the reservation, re-reserve the rest, move the amount
 * from the clearing account to what is owed to the provider. Returns the number of events. */
static size_t redemption_chain(const voucher *v, const char *provider, int64_t amount, hs_date on,
                               hs_transfer ev[3]) {
    int64_t left = v->face_fen - v->redeemed_fen;
    char clearing[ACCOUNT_NAME_MAX];
    clearing_account(v->programme, clearing, sizeof clearing);
    size_t n = 0;
    base_transfer(&ev[n], v, "p", v->reservation_seq, on, "voucher.redeem");
    snprintf(ev[n].pending_id, sizeof ev[n].pending_id, "vch.%s.r%d", v->id, v->reservation_seq);
    ev[n].flags = TRANSFER_POST_PENDING | TRANSFER_LINKED;
    ev[n].amount_fen = amount;
    n++;
    if (amount < left) {
        base_transfer(&ev[n], v, "r", v->reservation_seq + 1, on, "voucher.issue");
        snprintf(ev[n].debit, sizeof ev[n].debit, "%s", v->budget);
        snprintf(ev[n].credit, sizeof ev[n].credit, "%s", clearing);
        ev[n].amount_fen = left - amount;
        ev[n].flags = TRANSFER_PENDING | TRANSFER_LINKED;
        n++;
    }
    base_transfer(&ev[n], v, "t", v->reservation_seq, on, "voucher.redeem");
    snprintf(ev[n].debit, sizeof ev[n].debit, "%s", clearing);
    snprintf(ev[n].credit, sizeof ev[n].credit, "payable/%s/provider/%s", v->programme, provider);
    ev[n].amount_fen = amount;
    char why[128];
    transfer_add_ref(&ev[n], "provider", provider, why, sizeof why);
    n++;
    return n;
}

hs_status voucher_redeem(hs_store *s, const char *id, const char *provider, const char *bill_id,
                         int64_t bill_fen, hs_date on, const json_t *inputs, int64_t *paid_fen,
                         bool *existed, voucher *out, hs_error *err) {
    *existed = false;
    if (bill_fen <= 0)
        return hs_fail(err, HS_INPUT, "field 'bill': must be positive");
    if (bill_id == NULL || *bill_id == '\0')
        return hs_fail(err, HS_INPUT, "field 'bill-id': required");
    voucher v;
    bool found;
    hs_status st = voucher_get(s, id, &v, &found, err);
    if (st == HS_OK && !found)
        st = hs_fail(err, HS_INPUT, "no voucher '%s'", id);
    if (st == HS_OK && (st = provider_exists(s, provider, &found, err)) == HS_OK && !found)
        st = hs_fail(err, HS_REFUSED, "provider '%s' is not registered", provider);
    char owed[ACCOUNT_NAME_MAX];
    snprintf(owed, sizeof owed, "payable/%s/provider/%s", v.programme, provider);
    if (st == HS_OK)
        st = instrument_ensure_account(s, owed, "payable", 0, err);
    if (st != HS_OK)
        return st;
    hs_tx txn;
    if ((st = hs_tx_begin(s, &txn, err)) != HS_OK)
        return st;
    /* re-read inside the write lock: a racing redemption may have changed it */
    if ((st = voucher_get(s, id, &v, &found, err)) != HS_OK)
        goto done;
    char prior_voucher[VOUCHER_ID_MAX];
    int64_t prior_bill = 0, prior_paid = 0;
    if ((st = find_bill(s, provider, bill_id, prior_voucher, &prior_bill, &prior_paid, &found,
                        err)) != HS_OK)
        goto done;
    if (found) {
        if (!strcmp(prior_voucher, id) && prior_bill == bill_fen) {
            *existed = true;
            *paid_fen = prior_paid;
        } else {
            st = hs_fail(err, HS_REFUSED, "bill %s at %s was already redeemed (voucher %s)",
                         bill_id, provider, prior_voucher);
        }
        goto done;
    }
    if (strcmp(v.status, "issued") != 0) {
        st = hs_fail(err, HS_REFUSED, "voucher %s is %s", id, v.status);
        goto done;
    }
    if (on > v.expires_date) {
        char d[DATE_TEXT_LEN];
        st = hs_fail(err, HS_REFUSED, "voucher %s expired on %s", id,
                     date_format(v.expires_date, d));
        goto done;
    }
    int64_t amount = 0;
    if ((st = bill_amount(&v, bill_fen, on, inputs, &amount, err)) != HS_OK)
        goto done;
    int64_t left = v.face_fen - v.redeemed_fen;
    if (amount > left)
        amount = left;
    assert(amount > 0 && amount <= left);
    hs_transfer ev[3];
    size_t n = redemption_chain(&v, provider, amount, on, ev);
    if ((st = instrument_apply(&txn, ev, n, "the redemption", err)) != HS_OK)
        goto done;
    v.redeemed_fen += amount;
    if (v.redeemed_fen == v.face_fen)
        snprintf(v.status, sizeof v.status, "exhausted");
    else
        v.reservation_seq++;
    st = record_redemption(s, &v, provider, bill_id, bill_fen, amount, on, err);
    *paid_fen = amount;
done:
    if (st == HS_OK && !*existed)
        st = hs_tx_commit(&txn, err);
    else
        hs_tx_rollback(&txn);
    if (st == HS_OK && out)
        *out = v;
    return st;
}

typedef struct {
    hs_transfer *ev;
    size_t n, cap;
    const char *only;
    hs_date on;
} settle_ctx;

static hs_status collect_owed(void *vctx, const hs_account *a, hs_error *err) {
    settle_ctx *c = vctx;
    const char *p = strstr(a->name, "/provider/");
    int64_t owed = account_held_fen(a);
    if (p == NULL || strchr(p + 10, '/') != NULL || owed <= 0)
        return HS_OK;
    const char *provider = p + 10;
    if (c->only && strcmp(c->only, provider))
        return HS_OK;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        void *np = realloc(c->ev, cap * sizeof *c->ev);
        if (np == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory");
        c->ev = np;
        c->cap = cap;
    }
    hs_transfer *t = &c->ev[c->n++];
    transfer_init(t);
    /* The id names the account and everything ever owed on it (its credits): a retry of the same
     * settlement finds nothing owed, and a later settlement (more redeemed) gets a new id. */
    snprintf(t->id, sizeof t->id, "vst.%.36s.%lld", a->name + 8, (long long)a->credits_posted_fen);
    snprintf(t->debit, sizeof t->debit, "%s", a->name);
    snprintf(t->credit, sizeof t->credit, "provider/%s/cash", provider);
    t->amount_fen = owed;
    t->date = c->on;
    t->date_given = true;
    snprintf(t->code, sizeof t->code, "voucher.settle");
    char why[128];
    transfer_add_ref(t, "provider", provider, why, sizeof why);
    return HS_OK;
}

hs_status voucher_settle(hs_store *s, const char *provider, hs_date on, int64_t *settled_fen,
                         size_t *providers, hs_error *err) {
    *settled_fen = 0;
    *providers = 0;
    settle_ctx c = {.only = provider, .on = on};
    hs_status st = store_accounts_each(s, "payable/", collect_owed, &c, err);
    if (st == HS_OK && c.n > 0) {
        transfer_result *r = calloc(c.n, sizeof *r);
        st = r ? book_transfer(s, c.ev, c.n, r, true, NULL, err)
               : hs_fail(err, HS_STORAGE, "out of memory");
        for (size_t i = 0; st != HS_STORAGE && r && i < c.n; i++)
            if (r[i] != TR_OK && r[i] != TR_EXISTS) {
                st = hs_fail(err, transfer_result_status(r[i]), "settling %s refused: %s",
                             c.ev[i].debit, transfer_result_name(r[i]));
                break;
            }
        free(r);
        if (st == HS_OK) {
            for (size_t i = 0; i < c.n; i++)
                money_add(*settled_fen, c.ev[i].amount_fen, settled_fen);
            *providers = c.n;
            sqlite3_stmt *q;
            if (sqlite3_prepare_v2(store_sqlite(s),
                                   "UPDATE voucher_redemptions SET settled = 1 WHERE settled = 0 "
                                   "AND (?1 IS NULL OR provider = ?1)",
                                   -1, &q, NULL) == SQLITE_OK) {
                sqlite3_bind_text(q, 1, provider, -1, SQLITE_STATIC);
                sqlite3_step(q);
                sqlite3_finalize(q);
            }
        }
    }
    free(c.ev);
    return st;
}

hs_status voucher_expire(hs_store *s, hs_date on, size_t *count, int64_t *released_fen,
                         hs_error *err) {
    *count = 0;
    *released_fen = 0;
    hs_status st = HS_OK;
    hs_tx txn;
    if ((st = hs_tx_begin(s, &txn, err)) != HS_OK)
        return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT " VCOLS " FROM vouchers WHERE status = 'issued' AND "
                           "expires_date < ?1 ORDER BY id",
                           -1, &q, NULL) != SQLITE_OK) {
        hs_tx_rollback(&txn);
        return store_fail(s, err, "listing vouchers");
    }
    sqlite3_bind_int64(q, 1, on);
    voucher *due = NULL;
    size_t n = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        voucher *p = realloc(due, (n + 1) * sizeof *due);
        if (p == NULL)
            break;
        due = p;
        read_voucher(q, &due[n++]);
    }
    sqlite3_finalize(q);
    for (size_t i = 0; st == HS_OK && i < n; i++) {
        hs_transfer t;
        base_transfer(&t, &due[i], "v", due[i].reservation_seq, on, "voucher.expire");
        snprintf(t.pending_id, sizeof t.pending_id, "vch.%s.r%d", due[i].id,
                 due[i].reservation_seq);
        t.flags = TRANSFER_VOID_PENDING;
        st = instrument_apply(&txn, &t, 1, "expiring the voucher", err);
        if (st == HS_OK &&
            sqlite3_prepare_v2(store_sqlite(s),
                               "UPDATE vouchers SET status = 'expired' WHERE id = ?1", -1, &q,
                               NULL) == SQLITE_OK) {
            sqlite3_bind_text(q, 1, due[i].id, -1, SQLITE_STATIC);
            if (sqlite3_step(q) != SQLITE_DONE)
                st = store_fail(s, err, "expiring a voucher");
            sqlite3_finalize(q);
        }
        if (st == HS_OK) {
            (*count)++;
            money_add(*released_fen, due[i].face_fen - due[i].redeemed_fen, released_fen);
        }
    }
    free(due);
    if (st == HS_OK)
        st = hs_tx_commit(&txn, err);
    else
        hs_tx_rollback(&txn);
    return st;
}

hs_status voucher_to_json(hs_store *s, const voucher *v, json_t **out, hs_error *err) {
    char d[DATE_TEXT_LEN];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(v->id));
    json_object_set_new(o, "programme", json_string(v->programme));
    json_object_set_new(o, "budget", json_string(v->budget));
    json_object_set_new(o, "policy", json_string(v->policy_label));
    json_object_set_new(o, "firm", json_string(v->firm));
    json_object_set_new(o, "status", json_string(v->status));
    json_object_set_new(o, "face_fen", json_integer(v->face_fen));
    json_object_set_new(o, "redeemed_fen", json_integer(v->redeemed_fen));
    json_object_set_new(
        o, "remaining_fen",
        json_integer(strcmp(v->status, "issued") ? 0 : v->face_fen - v->redeemed_fen));
    json_object_set_new(o, "issued", json_string(date_format(v->issued_date, d)));
    json_object_set_new(o, "expires", json_string(date_format(v->expires_date, d)));
    json_t *reds = json_array();
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT provider, bill_id, bill_fen, paid_fen, date, settled FROM "
                           "voucher_redemptions WHERE voucher = ?1 ORDER BY seq",
                           -1, &q, NULL) != SQLITE_OK) {
        json_decref(o);
        json_decref(reds);
        return store_fail(s, err, "reading redemptions");
    }
    sqlite3_bind_text(q, 1, v->id, -1, SQLITE_STATIC);
    while (sqlite3_step(q) == SQLITE_ROW) {
        json_t *r = json_object();
        json_object_set_new(r, "provider", json_string((const char *)sqlite3_column_text(q, 0)));
        json_object_set_new(r, "bill_id", json_string((const char *)sqlite3_column_text(q, 1)));
        json_object_set_new(r, "bill_fen", json_integer(sqlite3_column_int64(q, 2)));
        json_object_set_new(r, "paid_fen", json_integer(sqlite3_column_int64(q, 3)));
        json_object_set_new(r, "date",
                            json_string(date_format((hs_date)sqlite3_column_int64(q, 4), d)));
        json_object_set_new(r, "settled", json_boolean(sqlite3_column_int(q, 5)));
        json_array_append_new(reds, r);
    }
    sqlite3_finalize(q);
    json_object_set_new(o, "redemptions", reds);
    *out = o;
    return HS_OK;
}
