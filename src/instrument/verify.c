/* verify.c — runs the instrument checks (verify_repo.h) of the modules present in the book, then
 * the checks that follow transfer ids built from records (each live award's and issued voucher's
 * open reservation, named as the modules name it: instrument_transfer_id), then reconciles every
 * risk-compensation pool with the ledger. No SQL here; everything read is data from disk, so a
 * disagreement is a violation reported, never an assertion. */
#include "instrument/verify.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "instrument/credit_pool.h"
#include "instrument/subsidy_repo.h"
#include "instrument/verify_repo.h"
#include "instrument/voucher_repo.h"

hs_status instrument_module_present(hs_store *s, const char *module, bool *present, hs_error *err) {
    assert(s != NULL && module != NULL && present != NULL);
    return verify_repo_module_present(s, module, present, err);
}

typedef struct {
    hs_store *store;
    instrument_verify_report *out;
    const char *what; /* the statement of the check running */
} walk_ctx;

/* Records the first violation ("what: detail"); later ones are not reported. */
static void violation(walk_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void violation(walk_ctx *c, const char *fmt, ...) {
    assert(c->what != NULL);
    if (!c->out->ok)
        return;
    char detail[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    c->out->ok = false;
    snprintf(c->out->first_violation, sizeof c->out->first_violation, "%s: %s", c->what, detail);
    assert(c->out->first_violation[0] != '\0');
}

/* The record described by `subject` (which has left_fen left) must hold its open reservation
 * <prefix>.<id>.r<seq> of exactly left_fen. */
static hs_status reservation_holds(walk_ctx *c, const char *subject, const char *prefix,
                                   const char *id, int seq, int64_t left_fen, hs_error *err) {
    assert(c != NULL && subject != NULL && prefix != NULL && id != NULL);
    char rid[TRANSFER_ID_MAX];
    hs_error why;
    if (seq < 1 || instrument_transfer_id(rid, prefix, id, "r", seq, &why) != HS_OK) {
        violation(c, "%s, but its reservation number %d names no transfer", subject, seq);
        return HS_OK;
    }
    hs_transfer t;
    bool found = false;
    hs_status st = store_transfer_by_id(c->store, rid, &t, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        violation(c, "%s, but reservation %s is missing", subject, rid);
    else if (t.state != PENDING_OPEN || t.amount_fen != left_fen)
        violation(c, "%s, but reservation %s is state %d of %lld", subject, rid, (int)t.state,
                  (long long)t.amount_fen);
    return HS_OK;
}

static hs_status award_holds(void *vctx, const subsidy_app *a, hs_error *err) {
    walk_ctx *c = vctx;
    assert(c != NULL && c->store != NULL && a != NULL);
    int64_t left_fen;
    if (!c->out->ok)
        return HS_OK; /* the first violation is the one reported */
    char subject[160];
    if (!money_sub(a->award_fen, a->paid_fen, &left_fen)) {
        violation(c, "application %s: award minus paid overflows", a->id);
        return HS_OK;
    }
    snprintf(subject, sizeof subject, "application %s is awarded with %lld fen left", a->id,
             (long long)left_fen);
    return reservation_holds(c, subject, "sub", a->id, a->reservation_seq, left_fen, err);
}

static hs_status voucher_holds(void *vctx, const voucher *v, hs_error *err) {
    walk_ctx *c = vctx;
    assert(c != NULL && c->store != NULL && v != NULL);
    int64_t left_fen;
    if (!c->out->ok)
        return HS_OK;
    char subject[160];
    if (!money_sub(v->face_fen, v->redeemed_fen, &left_fen)) {
        violation(c, "voucher %s: face minus redeemed overflows", v->id);
        return HS_OK;
    }
    snprintf(subject, sizeof subject, "voucher %s has %lld fen left", v->id, (long long)left_fen);
    return reservation_holds(c, subject, "vch", v->id, v->reservation_seq, left_fen, err);
}

/* Every risk-compensation pool's records (fundings, claims, returns) reconcile with pool/<id>. */
static hs_status pool_reconciles(void *vctx, const char *id, hs_error *err) {
    walk_ctx *c = vctx;
    assert(c != NULL && c->store != NULL && id != NULL);
    if (!c->out->ok)
        return HS_OK;
    static credit_pool_report rep; /* large; one at a time */
    hs_status st = credit_pool_report_build(c->store, id, &rep, err);
    if (st != HS_OK)
        return st;
    if (!rep.reconciled) {
        char a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX];
        violation(c, "pool %s records %s, the ledger holds %s", id,
                  money_format(rep.balance_fen, a, sizeof a),
                  money_format(rep.ledger_balance_fen, b, sizeof b));
    }
    return HS_OK;
}

/* The checks written in C, each walking one module's records. */
typedef enum { WALK_AWARDS, WALK_VOUCHERS, WALK_POOLS } walk_kind;

static const struct {
    const char *module;
    const char *what;
    walk_kind kind;
} walks[] = {
    {"subsidy", "each live award holds an open reservation of what is left to pay", WALK_AWARDS},
    {"voucher", "each issued voucher holds an open reservation of what is left on it",
     WALK_VOUCHERS},
    {"credit", "each risk-compensation pool reconciles with the ledger", WALK_POOLS},
};

static hs_status run_walk(walk_ctx *c, walk_kind kind, hs_error *err) {
    switch (kind) {
    case WALK_AWARDS:
        return subsidy_repo_each(c->store, NULL, NULL, "awarded", NULL, 0, award_holds, c, err);
    case WALK_VOUCHERS:
        return voucher_repo_each(c->store, "issued", NULL, 0, voucher_holds, c, err);
    case WALK_POOLS:
        return credit_pool_ids_each(c->store, pool_reconciles, c, err);
    }
    assert(!"unknown walk");
    return hs_fail(err, HS_STORAGE, "unknown check");
}

hs_status instrument_verify(hs_store *s, instrument_verify_report *out, hs_error *err) {
    assert(s != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    out->ok = true;
    hs_status st = HS_OK;
    for (size_t i = 0; st == HS_OK && out->ok && i < verify_repo_check_count(); i++) {
        bool present, violated;
        if ((st = verify_repo_module_present(s, verify_repo_check_module(i), &present, err)) !=
                HS_OK ||
            !present)
            continue;
        char detail[400];
        if ((st = verify_repo_run_check(s, i, &violated, detail, sizeof detail, err)) != HS_OK)
            break;
        out->checks++;
        if (violated) {
            out->ok = false;
            snprintf(out->first_violation, sizeof out->first_violation, "%s: %s",
                     verify_repo_check_what(i), detail);
        }
    }
    for (size_t i = 0; st == HS_OK && out->ok && i < sizeof walks / sizeof walks[0]; i++) {
        bool present;
        if ((st = verify_repo_module_present(s, walks[i].module, &present, err)) != HS_OK ||
            !present)
            continue;
        walk_ctx c = {.store = s, .out = out, .what = walks[i].what};
        st = run_walk(&c, walks[i].kind, err);
        out->checks++;
    }
    assert(st != HS_OK || out->ok || out->first_violation[0] != '\0');
    return st;
}
