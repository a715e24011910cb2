/* subsidy.c — applications, awards within policy limits, instalments, rejection, clawback.
 * Every state change that moves money runs in one book transaction with the ledger transfers, so a
 * refusal leaves both the application and the book as they were. */
#include "instrument/subsidy.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "ledger/transfer_codec.h"
#include "store/book.h"

#define COLUMNS                                                                                    \
    "id, programme, budget, policy_path, policy_id, policy_label, policy_sha256, firm, product, "  \
    "applied_date, inputs, eligible, decided_fen, reason, status, award_fen, paid_fen, "           \
    "clawed_fen, reservation_seq, clawback_count, award_date, pay_by, note"

static void read_row(sqlite3_stmt *q, subsidy_app *a) {
    memset(a, 0, sizeof *a);
    store_column_text(q, 0, a->id, sizeof a->id);
    store_column_text(q, 1, a->programme, sizeof a->programme);
    store_column_text(q, 2, a->budget, sizeof a->budget);
    store_column_text(q, 3, a->policy_path, sizeof a->policy_path);
    store_column_text(q, 4, a->policy_id, sizeof a->policy_id);
    store_column_text(q, 5, a->policy_label, sizeof a->policy_label);
    store_column_text(q, 6, a->policy_sha256, sizeof a->policy_sha256);
    store_column_text(q, 7, a->firm, sizeof a->firm);
    store_column_text(q, 8, a->product, sizeof a->product);
    a->applied_date = (hs_date)sqlite3_column_int64(q, 9);
    store_column_text(q, 10, a->inputs, sizeof a->inputs);
    a->eligible = sqlite3_column_int(q, 11) != 0;
    a->decided_fen = sqlite3_column_int64(q, 12);
    store_column_text(q, 13, a->reason, sizeof a->reason);
    store_column_text(q, 14, a->status, sizeof a->status);
    a->award_fen = sqlite3_column_int64(q, 15);
    a->paid_fen = sqlite3_column_int64(q, 16);
    a->clawed_fen = sqlite3_column_int64(q, 17);
    a->reservation_seq = sqlite3_column_int(q, 18);
    a->clawback_count = sqlite3_column_int(q, 19);
    a->award_date = (hs_date)sqlite3_column_int64(q, 20);
    a->pay_by = (hs_date)sqlite3_column_int64(q, 21);
    store_column_text(q, 22, a->note, sizeof a->note);
}

static void read_row_any(sqlite3_stmt *q, void *out) {
    read_row(q, out);
}

hs_status subsidy_get(hs_store *s, const char *app_id, subsidy_app *out, bool *found,
                      hs_error *err) {
    return store_get_one(s, "SELECT " COLUMNS " FROM subsidy_applications WHERE id = ?1", app_id,
                         read_row_any, out, found, "reading an application", err);
}

/* Writes the mutable columns of an application back (inside the caller's transaction). */
static hs_status save_state(hs_store *s, const subsidy_app *a, hs_error *err) {
    assert(a->paid_fen <= a->award_fen && a->clawed_fen <= a->paid_fen);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "UPDATE subsidy_applications SET status = ?2, award_fen = ?3, "
                           "paid_fen = ?4, clawed_fen = ?5, reservation_seq = ?6, "
                           "clawback_count = ?7, award_date = ?8, award_year = ?9, pay_by = ?10, "
                           "note = ?11 WHERE id = ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "updating an application");
    int y = 0, m, d;
    if (a->award_date != 0)
        date_to_ymd(a->award_date, &y, &m, &d);
    sqlite3_bind_text(q, 1, a->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, a->status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, a->award_fen);
    sqlite3_bind_int64(q, 4, a->paid_fen);
    sqlite3_bind_int64(q, 5, a->clawed_fen);
    sqlite3_bind_int(q, 6, a->reservation_seq);
    sqlite3_bind_int(q, 7, a->clawback_count);
    sqlite3_bind_int64(q, 8, a->award_date);
    sqlite3_bind_int(q, 9, y);
    sqlite3_bind_int64(q, 10, a->pay_by);
    sqlite3_bind_text(q, 11, a->note, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? HS_OK : store_fail(s, err, "updating an application");
}

static bool app_id_valid(const char *id) {
    size_t n = strlen(id);
    if (n == 0 || n >= SUBSIDY_ID_MAX)
        return false;
    for (const char *p = id; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
            return false;
    return true;
}

hs_status subsidy_apply(hs_store *s, const instrument_policy *ip, const char *app_id,
                        const char *uscc, const char *product, const json_t *inputs, hs_date on,
                        subsidy_app *out, hs_error *err) {
    if (!app_id_valid(app_id))
        return hs_fail(err, HS_INPUT,
                       "application id '%s' must be 1-40 characters of A-Z a-z 0-9 . _ -", app_id);
    char *inputs_text = json_dumps(inputs, JSON_COMPACT | JSON_SORT_KEYS);
    if (inputs_text == NULL || strlen(inputs_text) >= sizeof out->inputs) {
        free(inputs_text);
        return hs_fail(err, HS_INPUT, "application %s: inputs too long", app_id);
    }
    bool found;
    hs_status st = subsidy_get(s, app_id, out, &found, err);
    if (st == HS_OK && found) {
        bool same = !strcmp(out->firm, uscc) && !strcmp(out->product, product ? product : "") &&
                    !strcmp(out->inputs, inputs_text) && out->applied_date == on &&
                    !strcmp(out->policy_sha256, ip->sha256);
        free(inputs_text);
        return same ? HS_OK
                    : hs_fail(err, HS_INPUT,
                              "application %s exists with another firm, product, inputs, date or "
                              "policy",
                              app_id);
    }
    hs_decision dec;
    if (st == HS_OK)
        st = instrument_decide(ip, uscc, inputs, on, &dec, err);
    if (st != HS_OK) {
        free(inputs_text);
        return st;
    }
    subsidy_app a;
    memset(&a, 0, sizeof a);
    snprintf(a.id, sizeof a.id, "%s", app_id);
    snprintf(a.programme, sizeof a.programme, "%s", ip->programme);
    snprintf(a.budget, sizeof a.budget, "%s", ip->budget);
    snprintf(a.policy_path, sizeof a.policy_path, "%s", ip->path);
    snprintf(a.policy_id, sizeof a.policy_id, "%s", policy_id(ip->policy));
    snprintf(a.policy_label, sizeof a.policy_label, "%s", ip->label);
    snprintf(a.policy_sha256, sizeof a.policy_sha256, "%s", ip->sha256);
    snprintf(a.firm, sizeof a.firm, "%s", uscc);
    snprintf(a.product, sizeof a.product, "%s", product ? product : "");
    a.applied_date = on;
    snprintf(a.inputs, sizeof a.inputs, "%s", inputs_text);
    free(inputs_text);
    a.eligible = dec.eligible;
    a.decided_fen = dec.eligible ? dec.amount_fen : 0;
    snprintf(a.reason, sizeof a.reason, "%s", dec.reason);
    snprintf(a.status, sizeof a.status, "%s", dec.eligible ? "applied" : "ineligible");
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "INSERT INTO subsidy_applications(id, programme, budget, policy_path, "
                           "policy_id, policy_label, policy_sha256, firm, product, applied_date, "
                           "inputs, eligible, decided_fen, reason, status) VALUES (?1, ?2, ?3, ?4, "
                           "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "recording an application");
    const char *texts[] = {a.id,           a.programme,     a.budget, a.policy_path, a.policy_id,
                           a.policy_label, a.policy_sha256, a.firm,   a.product};
    for (int i = 0; i < 9; i++)
        sqlite3_bind_text(q, i + 1, texts[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 10, a.applied_date);
    sqlite3_bind_text(q, 11, a.inputs, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 12, a.eligible);
    sqlite3_bind_int64(q, 13, a.decided_fen);
    sqlite3_bind_text(q, 14, a.reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 15, a.status, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_fail(s, err, "recording an application");
    *out = a;
    return HS_OK;
}

/* ---- transfers ---- */

static void base_transfer(hs_transfer *t, const subsidy_app *a, const char *kind, int seq,
                          hs_date on, const char *code) {
    transfer_init(t);
    snprintf(t->id, sizeof t->id, "sub.%s.%s%d", a->id, kind, seq);
    t->date = on;
    t->date_given = true;
    snprintf(t->code, sizeof t->code, "%s", code);
    char why[128];
    transfer_add_ref(t, "app", a->id, why, sizeof why);
    transfer_add_ref(t, "policy", a->policy_label, why, sizeof why);
    transfer_add_ref(t, "firm", a->firm, why, sizeof why);
}

static void reservation_id(const subsidy_app *a, int seq, char *out, size_t len) {
    snprintf(out, len, "sub.%s.r%d", a->id, seq);
}

/* Opens a book transaction and loads the application inside it. */
static hs_status begin(hs_store *s, hs_tx *txn, const char *app_id, subsidy_app *a, hs_error *err) {
    hs_status st = HS_OK;
    if ((st = hs_tx_begin(s, txn, err)) != HS_OK)
        return st;
    bool found;
    if ((st = subsidy_get(s, app_id, a, &found, err)) == HS_OK && !found)
        st = hs_fail(err, HS_INPUT, "no subsidy application '%s'", app_id);
    if (st != HS_OK)
        hs_tx_rollback(txn);
    return st;
}

static hs_status finish(hs_tx *txn, hs_status st, const subsidy_app *a, subsidy_app *out,
                        hs_error *err) {
    if (st == HS_OK)
        st = save_state(txn->store, a, err);
    if (st == HS_OK)
        st = hs_tx_commit(txn, err);
    else
        hs_tx_rollback(txn);
    if (st == HS_OK && out != NULL)
        *out = *a;
    return st;
}

/* ---- limits ---- */

/* Applies one policy limit to the award: refuses (HS_REFUSED) or lowers *amount to the headroom. */
static hs_status apply_limit(hs_store *s, const subsidy_app *a, const hs_policy_limit *lim,
                             int year, int64_t *amount, char *note, size_t note_len,
                             hs_error *err) {
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*), COALESCE(SUM(award_fen - clawed_fen), 0), MIN(id) FROM "
             "subsidy_applications WHERE policy_id = ?1 AND status IN ('awarded', 'paid', "
             "'clawed_back') AND id != ?2%s%s%s",
             lim->per_firm ? " AND firm = ?3" : "", lim->per_product ? " AND product = ?4" : "",
             lim->per_year ? " AND award_year = ?5" : "");
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s), sql, -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "checking limits");
    sqlite3_bind_text(q, 1, a->policy_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, a->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, a->firm, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, a->product, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 5, year);
    int64_t count = 0, used = 0;
    char first[SUBSIDY_ID_MAX] = "";
    if (sqlite3_step(q) == SQLITE_ROW) {
        count = sqlite3_column_int64(q, 0);
        used = sqlite3_column_int64(q, 1);
        store_column_text(q, 2, first, sizeof first);
    }
    sqlite3_finalize(q);
    char scope[96];
    snprintf(scope, sizeof scope, "%s%s%s%s", lim->per_firm ? " per firm" : "",
             lim->per_product ? " per product" : "", lim->per_year ? " per year" : "",
             lim->per_programme ? " per programme" : "");
    if (lim->once && count > 0)
        return hs_fail(err, HS_REFUSED,
                       "limit once%s (policy line %u) already used by application %s", scope,
                       lim->line, first);
    if (lim->has_amount) {
        int64_t headroom = lim->amount_fen - used;
        char h[MONEY_TEXT_MAX], c[MONEY_TEXT_MAX];
        if (headroom <= 0)
            return hs_fail(err, HS_REFUSED, "limit%s <= %s (policy line %u) is used up", scope,
                           money_format(lim->amount_fen, c, sizeof c), lim->line);
        if (*amount > headroom) {
            *amount = headroom;
            snprintf(note, note_len, "capped to %s by limit%s <= %s (policy line %u)",
                     money_format(headroom, h, sizeof h), scope,
                     money_format(lim->amount_fen, c, sizeof c), lim->line);
        }
    }
    return HS_OK;
}

static hs_status check_limits(hs_store *s, const subsidy_app *a, hs_date on, int64_t *amount,
                              char *note, size_t note_len, hs_error *err) {
    instrument_policy ip;
    hs_status st = instrument_policy_load(a->policy_path, HS_INSTR_SUBSIDY, &ip, err);
    if (st != HS_OK)
        return st;
    if (strcmp(ip.sha256, a->policy_sha256) != 0) {
        instrument_policy_free(&ip);
        return hs_fail(err, HS_REFUSED,
                       "%s changed since application %s was decided; apply again under the new "
                       "version",
                       a->policy_path, a->id);
    }
    int year, m, d;
    date_to_ymd(on, &year, &m, &d);
    for (size_t i = 0; st == HS_OK && i < policy_limit_count(ip.policy); i++) {
        hs_policy_limit lim;
        if ((st = policy_limit(ip.policy, i, on, &lim, err)) == HS_OK)
            st = apply_limit(s, a, &lim, year, amount, note, note_len, err);
    }
    instrument_policy_free(&ip);
    return st;
}

hs_status subsidy_award(hs_store *s, const char *app_id, hs_date on, hs_date pay_by,
                        subsidy_app *out, hs_error *err) {
    subsidy_app a;
    bool found;
    hs_status st = subsidy_get(s, app_id, &a, &found, err);
    if (st == HS_OK && !found)
        st = hs_fail(err, HS_INPUT, "no subsidy application '%s'", app_id);
    char firm_account[ACCOUNT_NAME_MAX];
    if (st == HS_OK)
        st = instrument_firm_account(s, a.firm, firm_account, sizeof firm_account, err);
    if (st != HS_OK)
        return st;
    hs_tx txn;
    if ((st = begin(s, &txn, app_id, &a, err)) != HS_OK)
        return st;
    if (strcmp(a.status, "awarded") == 0 || strcmp(a.status, "paid") == 0) {
        hs_tx_rollback(&txn);
        if (out)
            *out = a;
        return HS_OK; /* awarding twice is a harmless retry */
    }
    if (strcmp(a.status, "applied") != 0) {
        hs_tx_rollback(&txn);
        return hs_fail(err, HS_REFUSED,
                       "application %s is %s%s%s; only an applied one can be "
                       "awarded",
                       a.id, a.status, a.eligible ? "" : ": ", a.eligible ? "" : a.reason);
    }
    int64_t amount = a.decided_fen;
    char note[256] = "";
    st = check_limits(s, &a, on, &amount, note, sizeof note, err);
    if (st == HS_OK && amount <= 0)
        st = hs_fail(err, HS_REFUSED, "application %s: the policy decided 0.00 CNY", a.id);
    hs_transfer t;
    if (st == HS_OK) {
        base_transfer(&t, &a, "r", 1, on, "subsidy.award");
        snprintf(t.debit, sizeof t.debit, "%s", a.budget);
        snprintf(t.credit, sizeof t.credit, "%s", firm_account);
        t.amount_fen = amount;
        t.flags = TRANSFER_PENDING;
        st = instrument_apply(&txn, &t, 1, "the award", err);
    }
    if (st == HS_OK) {
        a.award_fen = amount;
        a.reservation_seq = 1;
        a.award_date = on;
        a.pay_by = pay_by;
        snprintf(a.status, sizeof a.status, "awarded");
        snprintf(a.note, sizeof a.note, "%s", note);
    }
    return finish(&txn, st, &a, out, err);
}

hs_status subsidy_pay(hs_store *s, const char *app_id, int64_t amount_fen, hs_date on,
                      subsidy_app *out, hs_error *err) {
    hs_tx txn;
    subsidy_app a;
    hs_status st = begin(s, &txn, app_id, &a, err);
    if (st != HS_OK)
        return st;
    int64_t reserved = a.award_fen - a.paid_fen;
    if (strcmp(a.status, "awarded") != 0)
        st = hs_fail(err, HS_REFUSED, "application %s is %s; only an awarded one can be paid", a.id,
                     a.status);
    else if (amount_fen == 0)
        amount_fen = reserved;
    if (st == HS_OK && (amount_fen < 0 || amount_fen > reserved)) {
        char r[MONEY_TEXT_MAX];
        st = hs_fail(err, HS_REFUSED, "application %s has %s left to pay", a.id,
                     money_format(reserved, r, sizeof r));
    }
    if (st == HS_OK) {
        hs_transfer ev[2];
        size_t n = 1;
        base_transfer(&ev[0], &a, "p", a.reservation_seq, on, "subsidy.pay");
        reservation_id(&a, a.reservation_seq, ev[0].pending_id, sizeof ev[0].pending_id);
        ev[0].flags = TRANSFER_POST_PENDING;
        ev[0].amount_fen = amount_fen;
        if (amount_fen < reserved) { /* an instalment: re-reserve the rest in the same chain */
            hs_transfer stored;
            bool found;
            char rid[TRANSFER_ID_MAX];
            reservation_id(&a, a.reservation_seq, rid, sizeof rid);
            st = store_transfer_by_id(s, rid, &stored, &found, err);
            ev[0].flags |= TRANSFER_LINKED;
            base_transfer(&ev[1], &a, "r", a.reservation_seq + 1, on, "subsidy.award");
            snprintf(ev[1].debit, sizeof ev[1].debit, "%s", stored.debit);
            snprintf(ev[1].credit, sizeof ev[1].credit, "%s", stored.credit);
            ev[1].amount_fen = reserved - amount_fen;
            ev[1].flags = TRANSFER_PENDING;
            n = 2;
        }
        if (st == HS_OK)
            st = instrument_apply(&txn, ev, n, "the payment", err);
        if (st == HS_OK) {
            a.paid_fen += amount_fen;
            if (n == 2)
                a.reservation_seq++;
            else
                snprintf(a.status, sizeof a.status, "paid");
        }
    }
    return finish(&txn, st, &a, out, err);
}

hs_status subsidy_reject(hs_store *s, const char *app_id, const char *reason, hs_date on,
                         subsidy_app *out, hs_error *err) {
    hs_tx txn;
    subsidy_app a;
    hs_status st = begin(s, &txn, app_id, &a, err);
    if (st != HS_OK)
        return st;
    if (!strcmp(a.status, "awarded")) {
        hs_transfer t;
        base_transfer(&t, &a, "v", a.reservation_seq, on, "subsidy.reject");
        reservation_id(&a, a.reservation_seq, t.pending_id, sizeof t.pending_id);
        t.flags = TRANSFER_VOID_PENDING;
        st = instrument_apply(&txn, &t, 1, "voiding the award", err);
        if (st == HS_OK)
            a.award_fen = a.paid_fen; /* what was paid stays paid */
    } else if (strcmp(a.status, "applied") && strcmp(a.status, "ineligible")) {
        st =
            hs_fail(err, HS_REFUSED, "application %s is %s and cannot be rejected", a.id, a.status);
    }
    if (st == HS_OK) {
        snprintf(a.status, sizeof a.status, "%s", a.paid_fen > 0 ? "paid" : "rejected");
        snprintf(a.note, sizeof a.note, "rejected: %s", reason ? reason : "");
    }
    return finish(&txn, st, &a, out, err);
}

hs_status subsidy_clawback(hs_store *s, const char *app_id, int64_t amount_fen, const char *reason,
                           hs_date on, subsidy_app *out, hs_error *err) {
    if (reason == NULL || *reason == '\0')
        return hs_fail(err, HS_INPUT, "a clawback needs a reason");
    hs_tx txn;
    subsidy_app a;
    hs_status st = begin(s, &txn, app_id, &a, err);
    if (st != HS_OK)
        return st;
    int64_t held = a.paid_fen - a.clawed_fen;
    if (amount_fen == 0)
        amount_fen = held;
    if (amount_fen <= 0 || amount_fen > held) {
        char h[MONEY_TEXT_MAX];
        st = hs_fail(err, HS_REFUSED, "application %s: %s paid and not yet clawed back", a.id,
                     money_format(held, h, sizeof h));
    }
    if (st == HS_OK) {
        hs_transfer t;
        base_transfer(&t, &a, "c", a.clawback_count + 1, on, "subsidy.clawback");
        snprintf(t.debit, sizeof t.debit, "firm/%s/cash", a.firm);
        snprintf(t.credit, sizeof t.credit, "%s", a.budget);
        t.amount_fen = amount_fen;
        char why[128];
        transfer_add_ref(&t, "reason", reason, why, sizeof why);
        st = instrument_apply(&txn, &t, 1, "the clawback", err);
    }
    if (st == HS_OK) {
        a.clawed_fen += amount_fen;
        a.clawback_count++;
        if (a.clawed_fen == a.paid_fen && strcmp(a.status, "awarded") != 0)
            snprintf(a.status, sizeof a.status, "clawed_back");
        snprintf(a.note, sizeof a.note, "clawback: %s", reason);
    }
    return finish(&txn, st, &a, out, err);
}

typedef struct {
    char (*ids)[SUBSIDY_ID_MAX];
    size_t n, cap;
    hs_date on;
} expire_ctx;

static hs_status collect_due(void *vctx, const subsidy_app *a, hs_error *err) {
    expire_ctx *c = vctx;
    if (strcmp(a->status, "awarded") != 0 || a->pay_by == 0 || a->pay_by >= c->on)
        return HS_OK;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        void *p = realloc(c->ids, cap * sizeof *c->ids);
        if (p == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory");
        c->ids = p;
        c->cap = cap;
    }
    snprintf(c->ids[c->n++], SUBSIDY_ID_MAX, "%s", a->id);
    return HS_OK;
}

hs_status subsidy_expire(hs_store *s, hs_date on, size_t *count, hs_error *err) {
    expire_ctx c = {.on = on};
    hs_status st = subsidy_each(s, NULL, NULL, "awarded", collect_due, &c, err);
    *count = 0;
    for (size_t i = 0; st == HS_OK && i < c.n; i++) {
        subsidy_app a;
        st = subsidy_reject(s, c.ids[i], "not paid by its pay-by date", on, &a, err);
        if (st == HS_OK && !strcmp(a.status, "rejected")) {
            /* mark as expired rather than rejected (same money effect) */
            hs_tx txn;
            if ((st = begin(s, &txn, a.id, &a, err)) == HS_OK) {
                snprintf(a.status, sizeof a.status, "expired");
                st = finish(&txn, HS_OK, &a, NULL, err);
            }
        }
        if (st == HS_OK)
            (*count)++;
    }
    free(c.ids);
    return st;
}

hs_status subsidy_each(hs_store *s, const char *programme, const char *firm, const char *status,
                       hs_status (*fn)(void *ctx, const subsidy_app *a, hs_error *err), void *ctx,
                       hs_error *err) {
    hs_status st = HS_OK;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT " COLUMNS " FROM subsidy_applications WHERE (?1 IS NULL OR "
                           "programme = ?1) AND (?2 IS NULL OR firm = ?2) AND (?3 IS NULL OR "
                           "status = ?3) ORDER BY id",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "listing applications");
    sqlite3_bind_text(q, 1, programme, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, firm, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, status, -1, SQLITE_STATIC);
    int rc;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        subsidy_app a;
        read_row(q, &a);
        st = fn(ctx, &a, err);
    }
    if (st == HS_OK && rc != SQLITE_DONE)
        st = store_fail(s, err, "listing applications");
    sqlite3_finalize(q);
    return st;
}

json_t *subsidy_to_json(const subsidy_app *a) {
    char d[DATE_TEXT_LEN];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(a->id));
    json_object_set_new(o, "programme", json_string(a->programme));
    json_object_set_new(o, "budget", json_string(a->budget));
    json_object_set_new(o, "policy", json_string(a->policy_label));
    json_object_set_new(o, "policy_file", json_string(a->policy_path));
    json_object_set_new(o, "policy_sha256", json_string(a->policy_sha256));
    json_object_set_new(o, "firm", json_string(a->firm));
    json_object_set_new(o, "product", json_string(a->product));
    json_object_set_new(o, "applied", json_string(date_format(a->applied_date, d)));
    json_t *inputs = json_loads(a->inputs, 0, NULL);
    json_object_set_new(o, "inputs", inputs ? inputs : json_object());
    json_object_set_new(o, "eligible", json_boolean(a->eligible));
    json_object_set_new(o, "decided_fen", json_integer(a->decided_fen));
    json_object_set_new(o, "reason", json_string(a->reason));
    json_object_set_new(o, "status", json_string(a->status));
    json_object_set_new(o, "award_fen", json_integer(a->award_fen));
    json_object_set_new(o, "paid_fen", json_integer(a->paid_fen));
    json_object_set_new(o, "clawed_back_fen", json_integer(a->clawed_fen));
    if (a->award_date)
        json_object_set_new(o, "awarded", json_string(date_format(a->award_date, d)));
    if (a->pay_by)
        json_object_set_new(o, "pay_by", json_string(date_format(a->pay_by, d)));
    json_object_set_new(o, "note", json_string(a->note));
    return o;
}
