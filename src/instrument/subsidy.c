/* subsidy.c — the rules of subsidy applications: decide, award within policy limits, instalments,
 * rejection, clawback, expiry. Every function reads, decides and writes inside the caller's hs_tx
 * (persistence behind subsidy_repo.h), so a refusal leaves both the application and the book as
 * they were once the caller rolls back. */
#include "instrument/notice.h"
#include "instrument/subsidy.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "instrument/subsidy_repo.h"
#include "ledger/transfer_codec.h"

static bool app_id_valid(const char *id) {
    size_t n = strlen(id);
    if (n == 0 || n >= SUBSIDY_ID_MAX)
        return false;
    for (const char *p = id; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
            return false;
    return true;
}

static bool status_is(const subsidy_app *a, const char *status) {
    return strcmp(a->status, status) == 0;
}

/* The amounts of an application are consistent (what the table's CHECK also holds). */
static bool amounts_ok(const subsidy_app *a) {
    return a->award_fen >= 0 && a->paid_fen >= 0 && a->clawed_fen >= 0 &&
           a->paid_fen <= a->award_fen && a->clawed_fen <= a->paid_fen;
}

/* The amounts fit the status: nothing awarded before an award, something reserved while awarded. */
static bool state_ok(const subsidy_app *a) {
    if (!amounts_ok(a))
        return false;
    if (status_is(a, "applied") || status_is(a, "ineligible"))
        return a->award_fen == 0 && a->reservation_seq == 0 &&
               (a->eligible == status_is(a, "applied"));
    if (status_is(a, "awarded"))
        return a->award_fen > a->paid_fen && a->reservation_seq >= 1;
    return true;
}

hs_status subsidy_get(hs_tx *tx, const char *app_id, subsidy_app *out, bool *found, hs_error *err) {
    return subsidy_repo_get(tx, app_id, out, found, err);
}

hs_status subsidy_find(hs_store *s, const char *app_id, subsidy_app *out, bool *found,
                       hs_error *err) {
    return subsidy_repo_find(s, app_id, out, found, err);
}

hs_status subsidy_each(hs_store *s, const char *programme, const char *firm, const char *status,
                       const char *after_id, size_t max_rows,
                       hs_status (*fn)(void *ctx, const subsidy_app *a, hs_error *err), void *ctx,
                       hs_error *err) {
    return subsidy_repo_each(s, programme, firm, status, after_id, max_rows, fn, ctx, err);
}

/* Loads the application inside tx, or HS_NOT_FOUND; a row whose amounts are inconsistent is a
 * damaged book (HS_STORAGE), never an assertion. */
static hs_status load(hs_tx *tx, const char *app_id, subsidy_app *a, hs_error *err) {
    bool found = false;
    hs_status st = subsidy_repo_get(tx, app_id, a, &found, err);
    if (st == HS_OK && !found)
        return hs_not_found(err, "application", "no subsidy application '%s'", app_id);
    if (st == HS_OK && !state_ok(a))
        return hs_fail(err, HS_STORAGE,
                       "application %s: the stored amounts do not fit its status '%s' (run "
                       "`huoshui check`)",
                       a->id, a->status);
    return st;
}

/* Writes the changed application back; the caller's transition must keep the amounts consistent. */
static hs_status save(hs_tx *tx, const subsidy_app *a, subsidy_app *out, hs_error *err) {
    assert(state_ok(a));
    hs_status st = subsidy_repo_save(tx, a, err);
    if (st == HS_OK && out != NULL)
        *out = *a;
    return st;
}

hs_status subsidy_apply(hs_tx *tx, const instrument_policy *ip, const char *app_id,
                        const char *uscc, const char *product, const json_t *inputs, hs_date on,
                        const char *operation, subsidy_app *out, hs_error *err) {
    assert(tx != NULL && ip != NULL && ip->policy != NULL);
    if (!app_id_valid(app_id))
        return hs_invalid_field(err, "--id",
                                "application id '%s' must be 1-40 characters of A-Z a-z 0-9 . _ -",
                                app_id);
    hs_status st = instrument_firm_check(uscc, err);
    if (st != HS_OK)
        return st;
    if (product != NULL && strlen(product) >= sizeof out->product)
        return hs_invalid_field(err, "--product", "product '%s' is longer than %zu bytes", product,
                                sizeof out->product - 1);
    subsidy_app a;
    memset(&a, 0, sizeof a);
    if ((st = instrument_inputs_text(inputs, a.inputs, sizeof a.inputs, err)) != HS_OK)
        return st;
    subsidy_app existing;
    bool found = false;
    if ((st = subsidy_repo_get(tx, app_id, &existing, &found, err)) != HS_OK)
        return st;
    if (found) {
        bool same = !strcmp(existing.firm, uscc) &&
                    !strcmp(existing.product, product ? product : "") &&
                    !strcmp(existing.inputs, a.inputs) && existing.applied_date == on &&
                    !strcmp(existing.policy.sha256, ip->sha256);
        if (!same)
            return hs_fail_code(err, HS_INPUT, "state_conflict", "--id",
                                "application %s exists with another firm, product, inputs, date or "
                                "policy",
                                app_id);
        *out = existing;
        return HS_OK;
    }
    hs_decision dec;
    if ((st = instrument_decide(ip, uscc, inputs, on, &dec, err)) != HS_OK)
        return st;
    snprintf(a.id, sizeof a.id, "%s", app_id);
    instrument_policy_ref_of(ip, &a.policy);
    snprintf(a.firm, sizeof a.firm, "%s", uscc);
    snprintf(a.product, sizeof a.product, "%s", product ? product : "");
    a.applied_date = on;
    a.eligible = dec.eligible;
    a.decided_fen = dec.eligible ? dec.amount_fen : 0;
    snprintf(a.reason, sizeof a.reason, "%s", dec.reason);
    snprintf(a.status, sizeof a.status, "%s", dec.eligible ? "applied" : "ineligible");
    assert(a.decided_fen >= 0 && amounts_ok(&a) && a.reservation_seq == 0);
    if ((st = instrument_policy_record(tx, ip, operation ? operation : "subsidy.apply", a.id, on,
                                       err)) != HS_OK)
        return st;
    if ((st = subsidy_repo_insert(tx, &a, err)) != HS_OK)
        return st;
    *out = a;
    return HS_OK;
}

/* ---- transfers ---- */

static hs_status base_transfer(hs_transfer *t, const subsidy_app *a, const char *kind, int seq,
                               hs_date on, const char *code, hs_error *err) {
    return instrument_transfer(t, "sub", "app", a->id, a->policy.label, a->firm, kind, seq, on,
                               code, err);
}

/* ---- limits ---- */

static hs_status usage(void *ctx, const instrument_limit_scope *scope, instrument_limit_usage *out,
                       hs_error *err) {
    return subsidy_repo_limit_usage(ctx, scope, out, err);
}

/* Checks the policy stored under the application's hash; lowers *amount to a limit's headroom. */
static hs_status check_limits(hs_tx *tx, const subsidy_app *a, hs_date on, int64_t *amount,
                              char *note, size_t note_len, hs_error *err) {
    instrument_policy ip;
    hs_status st = instrument_policy_stored(tx, &a->policy, HS_INSTR_SUBSIDY, &ip, err);
    if (st == HS_REFUSED)
        return hs_fail_code(err, HS_REFUSED, "policy_changed", NULL,
                            "%s changed since application %s was decided; apply again under the "
                            "new version",
                            a->policy.path, a->id);
    if (st != HS_OK)
        return st;
    instrument_limit_subject subject = {.kind = "application",
                                        .id = a->id,
                                        .firm = a->firm,
                                        .product = a->product,
                                        .may_cap = true};
    st = instrument_limits_check(ip.policy, on, &subject, usage, tx, amount, note, note_len, err);
    instrument_policy_free(&ip);
    return st;
}

hs_status subsidy_award_room(hs_tx *tx, const char *app_id, hs_date on, int64_t *room_fen,
                             hs_error *err) {
    assert(tx != NULL && room_fen != NULL);
    *room_fen = -1;
    subsidy_app a;
    hs_status st = load(tx, app_id, &a, err);
    if (st != HS_OK)
        return st;
    if (!status_is(&a, "applied"))
        return HS_OK; /* the award will say why not */
    int64_t amount = a.decided_fen;
    char note[256] = "";
    hs_error lerr = {0};
    st = check_limits(tx, &a, on, &amount, note, sizeof note, &lerr);
    if (st == HS_REFUSED)
        return HS_OK; /* a limit refuses it: the award will say which */
    if (st != HS_OK) {
        *err = lerr;
        return st;
    }
    assert(amount >= 0 && amount <= a.decided_fen);
    *room_fen = amount;
    return HS_OK;
}

hs_status subsidy_round_room(hs_tx *tx, const hs_policy *p, hs_date on, bool *limited,
                             int64_t *room_fen, hs_error *err) {
    assert(tx != NULL && p != NULL && limited != NULL && room_fen != NULL);
    *limited = false;
    *room_fen = 0;
    int year, m, d;
    date_to_ymd(on, &year, &m, &d);
    for (size_t i = 0; i < policy_limit_count(p); i++) {
        hs_policy_limit lim;
        hs_status st = policy_limit(p, i, on, &lim, err);
        if (st != HS_OK)
            return st;
        if (!lim.has_amount || lim.per_firm || lim.per_product)
            continue; /* a firm's or a product's ceiling: each application's own room */
        instrument_limit_scope scope = {.policy_id = policy_id(p), .year = lim.per_year ? year : 0};
        instrument_limit_usage u;
        memset(&u, 0, sizeof u);
        if ((st = usage(tx, &scope, &u, err)) != HS_OK)
            return st;
        int64_t room = lim.amount_fen > u.used_fen ? lim.amount_fen - u.used_fen : 0;
        if (!*limited || room < *room_fen)
            *room_fen = room;
        *limited = true;
    }
    assert(*room_fen >= 0);
    return HS_OK;
}

hs_status subsidy_award(hs_tx *tx, const char *app_id, hs_date on, hs_date pay_by, subsidy_app *out,
                        bool *already, hs_error *err) {
    return subsidy_award_share(tx, app_id, on, pay_by, -1, NULL, out, already, err);
}

hs_status subsidy_award_share(hs_tx *tx, const char *app_id, hs_date on, hs_date pay_by,
                              int64_t share_fen, const char *share_note, subsidy_app *out,
                              bool *already, hs_error *err) {
    assert(tx != NULL && already != NULL);
    assert(share_fen >= -1);
    *already = false;
    subsidy_app a;
    hs_status st = load(tx, app_id, &a, err);
    if (st != HS_OK)
        return st;
    if (status_is(&a, "awarded") || status_is(&a, "paid")) {
        *already = true; /* awarding twice is a harmless retry */
        *out = a;
        return HS_OK;
    }
    if (!status_is(&a, "applied"))
        return hs_fail_code(err, HS_REFUSED, "state_conflict", NULL,
                            "application %s is %s%s%s; only an applied one can be awarded", a.id,
                            a.status, a.eligible ? "" : ": ", a.eligible ? "" : a.reason);
    int64_t amount = a.decided_fen;
    if (share_fen >= 0 && share_fen < amount)
        amount = share_fen; /* an oversubscribed round's share: never more than decided */
    if (share_fen == 0 && a.decided_fen > 0)
        return hs_fail_code(err, HS_REFUSED, "oversubscribed", NULL, "application %s: %s", a.id,
                            share_note != NULL ? share_note : "no share of the round's budget");
    char note[256] = "";
    if ((st = check_limits(tx, &a, on, &amount, note, sizeof note, err)) != HS_OK)
        return st;
    if (amount <= 0)
        return hs_fail_code(err, HS_REFUSED, "nothing_decided", NULL,
                            "application %s: the policy decided 0.00 CNY", a.id);
    assert(amount <= a.decided_fen);
    char firm_account[ACCOUNT_NAME_MAX];
    if ((st = instrument_firm_account(tx, a.firm, firm_account, sizeof firm_account, err)) != HS_OK)
        return st;
    hs_transfer t;
    if ((st = base_transfer(&t, &a, "r", 1, on, "subsidy.award", err)) != HS_OK)
        return st;
    snprintf(t.debit, sizeof t.debit, "%s", a.policy.budget);
    snprintf(t.credit, sizeof t.credit, "%s", firm_account);
    t.amount_fen = amount;
    t.flags = TRANSFER_PENDING;
    if ((st = instrument_apply(tx, &t, 1, "the award", err)) != HS_OK)
        return st;
    a.award_fen = amount;
    a.reservation_seq = 1;
    a.award_date = on;
    a.pay_by = pay_by;
    snprintf(a.status, sizeof a.status, "awarded");
    snprintf(a.note, sizeof a.note, "%s%s%s", share_note != NULL ? share_note : "",
             share_note != NULL && note[0] ? "; " : "", note);
    assert(a.paid_fen == 0 && a.award_fen == amount);
    return save(tx, &a, out, err);
}

hs_status subsidy_pay_check(hs_tx *tx, const char *app_id, int64_t amount_fen, hs_date on,
                            subsidy_app *app, int64_t *pay_fen, hs_error *err) {
    assert(tx != NULL && app != NULL && pay_fen != NULL);
    subsidy_app a;
    hs_status st = load(tx, app_id, &a, err);
    if (st != HS_OK)
        return st;
    if (!status_is(&a, "awarded"))
        return hs_fail_code(err, HS_REFUSED, "state_conflict", NULL,
                            "application %s is %s; only an awarded one can be paid", a.id,
                            a.status);
    int64_t reserved = a.award_fen - a.paid_fen;
    assert(reserved > 0 && a.reservation_seq >= 1); /* state_ok held at load */
    if (amount_fen == 0)
        amount_fen = reserved;
    if (amount_fen < 0 || amount_fen > reserved) {
        char r[MONEY_TEXT_MAX];
        return hs_fail_code(err, HS_REFUSED, "exceeds_reserved", "--amount",
                            "application %s has %s left to pay", a.id,
                            money_format(reserved, r, sizeof r));
    }
    if ((st = notice_tx_payable(tx, a.id, on, err)) != HS_OK) /* 公示 */
        return st;
    *app = a;
    *pay_fen = amount_fen;
    return HS_OK;
}

hs_status subsidy_pay(hs_tx *tx, const char *app_id, int64_t amount_fen, hs_date on,
                      subsidy_app *out, hs_error *err) {
    subsidy_app a;
    hs_status st = subsidy_pay_check(tx, app_id, amount_fen, on, &a, &amount_fen, err);
    if (st != HS_OK)
        return st;
    int64_t reserved = a.award_fen - a.paid_fen;
    hs_transfer ev[2];
    size_t n = 1;
    if ((st = base_transfer(&ev[0], &a, "p", a.reservation_seq, on, "subsidy.pay", err)) != HS_OK ||
        (st = instrument_transfer_id(ev[0].pending_id, "sub", a.id, "r", a.reservation_seq, err)) !=
            HS_OK)
        return st;
    ev[0].flags = TRANSFER_POST_PENDING;
    ev[0].amount_fen = amount_fen;
    if (amount_fen < reserved) { /* an instalment: re-reserve the rest in the same chain */
        hs_transfer stored;
        bool found = false;
        if ((st = store_transfer_by_id(tx->store, ev[0].pending_id, &stored, &found, err)) != HS_OK)
            return st;
        if (!found)
            return hs_fail(err, HS_STORAGE, "application %s: reservation %s is missing", a.id,
                           ev[0].pending_id);
        ev[0].flags |= TRANSFER_LINKED;
        if ((st = base_transfer(&ev[1], &a, "r", a.reservation_seq + 1, on, "subsidy.award",
                                err)) != HS_OK)
            return st;
        snprintf(ev[1].debit, sizeof ev[1].debit, "%s", stored.debit);
        snprintf(ev[1].credit, sizeof ev[1].credit, "%s", stored.credit);
        ev[1].amount_fen = reserved - amount_fen;
        ev[1].flags = TRANSFER_PENDING;
        n = 2;
    }
    if ((st = instrument_apply(tx, ev, n, "the payment", err)) != HS_OK)
        return st;
    a.paid_fen += amount_fen;
    if (n == 2)
        a.reservation_seq++;
    else
        snprintf(a.status, sizeof a.status, "paid");
    assert(a.paid_fen <= a.award_fen && (n == 2) == (a.paid_fen < a.award_fen));
    return save(tx, &a, out, err);
}

hs_status subsidy_reject(hs_tx *tx, const char *app_id, const char *reason, hs_date on,
                         subsidy_app *out, hs_error *err) {
    subsidy_app a;
    hs_status st = load(tx, app_id, &a, err);
    if (st != HS_OK)
        return st;
    if (status_is(&a, "awarded")) {
        hs_transfer t;
        if ((st = base_transfer(&t, &a, "v", a.reservation_seq, on, "subsidy.reject", err)) !=
                HS_OK ||
            (st = instrument_transfer_id(t.pending_id, "sub", a.id, "r", a.reservation_seq, err)) !=
                HS_OK)
            return st;
        t.flags = TRANSFER_VOID_PENDING;
        if ((st = instrument_apply(tx, &t, 1, "voiding the award", err)) != HS_OK)
            return st;
        a.award_fen = a.paid_fen; /* what was paid stays paid */
    } else if (!status_is(&a, "applied") && !status_is(&a, "ineligible")) {
        return hs_fail_code(err, HS_REFUSED, "state_conflict", NULL,
                            "application %s is %s and cannot be rejected", a.id, a.status);
    }
    snprintf(a.status, sizeof a.status, "%s", a.paid_fen > 0 ? "paid" : "rejected");
    snprintf(a.note, sizeof a.note, "rejected: %s", reason ? reason : "");
    assert(a.award_fen == a.paid_fen);
    return save(tx, &a, out, err);
}

hs_status subsidy_clawback(hs_tx *tx, const char *app_id, int64_t amount_fen, const char *reason,
                           hs_date on, subsidy_app *out, hs_error *err) {
    if (reason == NULL || *reason == '\0')
        return hs_invalid_field(err, "--reason", "a clawback needs a reason");
    subsidy_app a;
    hs_status st = load(tx, app_id, &a, err);
    if (st != HS_OK)
        return st;
    int64_t held = a.paid_fen - a.clawed_fen;
    if (amount_fen == 0)
        amount_fen = held;
    if (amount_fen <= 0 || amount_fen > held) {
        char h[MONEY_TEXT_MAX];
        return hs_fail_code(err, HS_REFUSED, "exceeds_paid", "--amount",
                            "application %s: %s paid and not yet clawed back", a.id,
                            money_format(held, h, sizeof h));
    }
    hs_transfer t;
    if ((st = base_transfer(&t, &a, "c", a.clawback_count + 1, on, "subsidy.clawback", err)) !=
        HS_OK)
        return st;
    snprintf(t.debit, sizeof t.debit, "firm/%s/cash", a.firm);
    snprintf(t.credit, sizeof t.credit, "%s", a.policy.budget);
    t.amount_fen = amount_fen;
    char why[128];
    if (!transfer_add_ref(&t, "reason", reason, why, sizeof why))
        return hs_invalid_field(err, "--reason", "--reason: %s", why);
    if ((st = instrument_apply(tx, &t, 1, "the clawback", err)) != HS_OK)
        return st;
    a.clawed_fen += amount_fen;
    a.clawback_count++;
    if (a.clawed_fen == a.paid_fen && !status_is(&a, "awarded"))
        snprintf(a.status, sizeof a.status, "clawed_back");
    snprintf(a.note, sizeof a.note, "clawback: %s", reason);
    assert(a.clawed_fen <= a.paid_fen && a.clawback_count >= 1);
    return save(tx, &a, out, err);
}

hs_status subsidy_expire(hs_tx *tx, hs_date on, const char *programme, size_t *count,
                         hs_error *err) {
    *count = 0;
    char(*ids)[SUBSIDY_ID_MAX] = NULL;
    size_t n = 0;
    hs_status st = subsidy_repo_due(tx, on, programme, &ids, &n, err);
    for (size_t i = 0; st == HS_OK && i < n; i++) {
        subsidy_app a;
        st = subsidy_reject(tx, ids[i], "not paid by its pay-by date", on, &a, err);
        if (st == HS_OK && status_is(&a, "rejected")) {
            /* mark as expired rather than rejected (same money effect) */
            snprintf(a.status, sizeof a.status, "expired");
            st = save(tx, &a, NULL, err);
        }
        if (st == HS_OK)
            (*count)++;
    }
    free(ids);
    assert(st != HS_OK || *count == n);
    return st;
}
