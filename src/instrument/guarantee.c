/* guarantee.c — financing guarantees (融资担保): guarantors and their capital, signing with the fee
 * and its subsidy, compensation (代偿) shared 4:3:2:1 by default, recoveries, leverage (see
 * guarantee.h). Loans, their defaults and claims are the credit module's, read through
 * credit_repo.h on the caller's transaction. */
#include "instrument/guarantee.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "instrument/credit_loan.h"
#include "instrument/credit_pool.h"
#include "instrument/credit_repo.h"
#include "instrument/guarantee_repo.h"
#include "instrument/programme.h"
#include "policy/policy.h"

static const char *const party_names[GUARANTEE_PARTIES] = {"national", "provincial", "bank",
                                                           "guarantor"};
static const char *const share_params[GUARANTEE_PARTIES] = {"national_share", "provincial_share",
                                                            "bank_share", "guarantor_share"};

const char *guarantee_party_name(guarantee_party p) {
    assert(p >= 0 && p < GUARANTEE_PARTIES);
    return party_names[p];
}

const char *guarantee_status_name(guarantee_status st) {
    return st == GUARANTEE_COMPENSATED ? "compensated" : "active";
}

static hs_status require_gid(const char *field, const char *id, hs_error *err) {
    if (id == NULL || strlen(id) >= GUARANTEE_ID_MAX || !credit_id_valid(id))
        return hs_invalid_field(err, field,
                                "field '%s': an id of 1-%d bytes without '/', spaces, commas or "
                                "quotes",
                                field, GUARANTEE_ID_MAX - 1);
    return HS_OK;
}

static void account_of(char *out, size_t len, const char *a, const char *b, const char *c) {
    assert(len >= ACCOUNT_NAME_MAX);
    if (c != NULL)
        snprintf(out, len, "%s/%s/%s", a, b, c);
    else
        snprintf(out, len, "%s/%s", a, b);
}

static hs_status owned(hs_tx *tx, const char *name, const char *kind, uint32_t flags,
                       hs_error *err) {
    bool existed;
    return hs_tx_account_ensure(tx, name, kind, flags, GUARANTEE_OWNER, NULL, &existed, err);
}

/* Applies one transfer unless a transfer with that id is already in the book (*fresh false: a
 * retry; a different body is the ledger's id_reused refusal). */
static hs_status apply_once(hs_tx *tx, const hs_transfer *t, const char *what, bool *fresh,
                            hs_error *err) {
    hs_transfer old;
    bool found = false;
    hs_status st = store_transfer_by_id(tx->store, t->id, &old, &found, err);
    if (st != HS_OK)
        return st;
    *fresh = !found;
    return instrument_apply(tx, t, 1, what, err);
}

/* Pays amount from budget/<programme>/<budget> into `to` under `code`. */
static hs_status from_budget(hs_tx *tx, const char *prog_id, const char *budget, const char *to,
                             int64_t amount_fen, const char *code, const char *tid, hs_date on,
                             const char *what, bool *fresh, hs_error *err) {
    if (amount_fen <= 0)
        return hs_invalid_field(err, "amount", "field 'amount': must be positive");
    hs_status st = programme_require_open(tx->store, prog_id, err);
    if (st != HS_OK)
        return st;
    char b[ACCOUNT_NAME_MAX];
    programme_budget_account(prog_id, budget, b, sizeof b);
    hs_account a;
    bool found = false;
    if ((st = hs_tx_account_get(tx, b, &a, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "budget", "no budget %s", b);
    hs_transfer t;
    credit_transfer_init(&t, tid, b, to, amount_fen, code, on, false);
    const char *refs[] = {"programme", prog_id, "budget", budget, NULL, NULL};
    if ((st = credit_transfer_refs(&t, refs, err)) != HS_OK)
        return st;
    return apply_once(tx, &t, what, fresh, err);
}

hs_status guarantor_add_capital(hs_tx *tx, const guarantor *g, int64_t capital_fen,
                                const char *transfer_id, hs_date on, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && g != NULL);
    hs_status st;
    if ((st = require_gid("guarantor", g->id, err)) != HS_OK ||
        (st = require_gid("reguarantor", g->reguarantor, err)) != HS_OK ||
        (st = credit_require_text("name", g->name, sizeof g->name, err)) != HS_OK ||
        (st = credit_require_id("programme", g->programme, err)) != HS_OK ||
        (st = credit_require_id("budget", g->budget, err)) != HS_OK)
        return st;
    if (strcmp(g->reguarantor, GUARANTEE_NATIONAL) == 0)
        return hs_invalid_field(err, "reguarantor",
                                "field 'reguarantor': 'national' is the national fund");
    guarantor cur;
    bool found = false;
    if ((st = guarantee_repo_guarantor_get(tx, g->id, &cur, &found, err)) != HS_OK)
        return st;
    if (found && (strcmp(cur.name, g->name) || strcmp(cur.reguarantor, g->reguarantor) ||
                  strcmp(cur.programme, g->programme) || strcmp(cur.budget, g->budget)))
        return hs_fail_code(err, HS_INPUT, "id_reused", "guarantor",
                            "guarantor '%s' exists with other terms (%s, re-guarantor %s, from "
                            "%s/%s)",
                            g->id, cur.name, cur.reguarantor, cur.programme, cur.budget);
    char capital[ACCOUNT_NAME_MAX], fees[ACCOUNT_NAME_MAX], tid[TRANSFER_ID_MAX];
    account_of(capital, sizeof capital, "guarantor", g->id, "capital");
    account_of(fees, sizeof fees, "guarantor", g->id, "fees");
    if ((st = owned(tx, capital, "equity", ACCOUNT_DEBITS_LE_CREDITS, err)) != HS_OK ||
        (st = owned(tx, fees, "income", 0, err)) != HS_OK)
        return st;
    if (transfer_id != NULL) {
        if ((st = credit_require_id("id", transfer_id, err)) != HS_OK)
            return st;
        snprintf(tid, sizeof tid, "%s", transfer_id);
    } else if ((st = credit_format_id(tid, sizeof tid, "guarantor", err, "gt.%s.capital.%lld",
                                      g->id, (long long)(found ? cur.contributed_fen : 0))) !=
               HS_OK) {
        return st;
    }
    bool fresh = false;
    if ((st = from_budget(tx, g->programme, g->budget, capital, capital_fen, "guarantee.capital",
                          tid, on, "guarantor capital", &fresh, err)) != HS_OK)
        return st;
    guarantor next = found ? cur : *g;
    if (!found)
        next.created_date = on;
    if (fresh && !money_add(found ? cur.contributed_fen : 0, capital_fen, &next.contributed_fen))
        return hs_fail(err, HS_INPUT, "guarantor %s: capital overflows", g->id);
    assert(next.contributed_fen > 0);
    return fresh ? guarantee_repo_guarantor_put(tx, &next, found, err) : HS_OK;
}

hs_status guarantee_party_fund(hs_tx *tx, const char *party, const char *prog_id,
                               const char *budget, int64_t amount_fen, const char *transfer_id,
                               hs_date on, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_status st;
    if ((st = require_gid("party", party, err)) != HS_OK ||
        (st = credit_require_id("programme", prog_id, err)) != HS_OK ||
        (st = credit_require_id("budget", budget, err)) != HS_OK)
        return st;
    char acct[ACCOUNT_NAME_MAX], tid[TRANSFER_ID_MAX];
    account_of(acct, sizeof acct, "reguarantee", party, NULL);
    if ((st = owned(tx, acct, "pool", ACCOUNT_DEBITS_LE_CREDITS, err)) != HS_OK)
        return st;
    if (transfer_id != NULL) {
        if ((st = credit_require_id("id", transfer_id, err)) != HS_OK)
            return st;
        snprintf(tid, sizeof tid, "%s", transfer_id);
    } else {
        hs_account a;
        bool found = false;
        if ((st = hs_tx_account_get(tx, acct, &a, &found, err)) != HS_OK)
            return st;
        if ((st = credit_format_id(tid, sizeof tid, "party", err, "gt.party.%s.%lld", party,
                                   (long long)a.credits_posted_fen)) != HS_OK)
            return st;
    }
    bool fresh;
    return from_budget(tx, prog_id, budget, acct, amount_fen, "guarantee.party.fund", tid, on,
                       "re-guarantee funding", &fresh, err);
}

/* ---- signing ---- */

/* In-force balance of guarantor g's active guarantees: each loan's principal outstanding (its
 * amount while only approved). */
typedef struct {
    hs_tx *tx;
    int64_t in_force_fen;
} in_force_acc;

static int64_t guaranteed_balance(const credit_loan *l) {
    return l->status == LOAN_APPROVED ? l->amount_fen : credit_loan_outstanding(l);
}

static hs_status in_force_add(void *ctx, const guarantee *gt, hs_error *err) {
    in_force_acc *acc = ctx;
    if (gt->status != GUARANTEE_ACTIVE)
        return HS_OK;
    credit_loan l;
    bool found = false;
    hs_status st = credit_repo_loan_get(acc->tx, gt->loan, &l, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_fail(err, HS_STORAGE, "guarantee on loan %s: no such loan", gt->loan);
    if (!money_add(acc->in_force_fen, guaranteed_balance(&l), &acc->in_force_fen))
        return hs_fail(err, HS_STORAGE, "in-force balance overflows");
    return HS_OK;
}

static hs_status param_rate(const hs_policy *p, const char *name, hs_date on, hs_ptype want,
                            int64_t *out, hs_error *err) {
    hs_ptype type;
    hs_status st = policy_param(p, name, on, &type, out, err);
    if (st != HS_OK)
        return hs_error_prefix(err, "%s: a guarantee policy needs parameter %s", policy_file(p),
                               name);
    if (type != want)
        return hs_fail_code(err, HS_INPUT, "invalid_field", "policy",
                            "%s: parameter %s must be a%s", policy_file(p), name,
                            want == HS_T_RATE ? " rate" : "n int");
    return HS_OK;
}

/* The fee and its subsidy over the guarantee's term; fills gt. */
static hs_status fees(const credit_loan *l, guarantee *gt, hs_error *err) {
    hs_date start = l->disbursed_date != 0 ? l->disbursed_date : l->approved_date;
    gt->term_days = date_diff_days(start, date_add_months(start, l->term_months));
    assert(gt->term_days > 0);
    if (!credit_interest_act365(gt->principal_fen, gt->fee_rate_bp, gt->term_days, &gt->fee_fen) ||
        !credit_interest_act365(gt->principal_fen, gt->subsidy_rate_bp, gt->term_days,
                                &gt->subsidy_fen))
        return hs_fail(err, HS_INPUT, "loan %s: the guarantee fee overflows", l->id);
    if (gt->subsidy_fen > gt->fee_fen)
        gt->subsidy_fen = gt->fee_fen; /* never more than the fee */
    gt->firm_fee_fen = gt->fee_fen - gt->subsidy_fen;
    assert(gt->firm_fee_fen >= 0 && gt->subsidy_fen >= 0);
    return HS_OK;
}

/* What the policy decides: eligibility, the subsidy rate, the shares and the leverage limit. */
static hs_status decide(const instrument_policy *ip, const credit_loan *l, int64_t fee_rate_bp,
                        hs_date on, guarantee_firm_inputs_fn fn, void *fn_ctx, guarantee *gt,
                        int64_t *max_leverage, hs_error *err) {
    char rate[32], fee[32], unsecured[32], amount[48];
    snprintf(rate, sizeof rate, "%lldbp", (long long)l->rate_bp);
    snprintf(fee, sizeof fee, "%lldbp", (long long)fee_rate_bp);
    snprintf(unsecured, sizeof unsecured, "%lldbp", (long long)l->unsecured_bp);
    snprintf(amount, sizeof amount, "%lld.%02lld", (long long)(l->amount_fen / 100),
             (long long)(l->amount_fen % 100));
    json_t *in =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "loan_rate", rate, "fee_rate", fee,
                  "unsecured_share", unsecured, "loan_amount", amount, "product", l->product,
                  "bank", l->bank, "first_loan", l->first_loan ? "true" : "false");
    if (in == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    hs_status st = fn ? fn(fn_ctx, l->firm, in, err) : HS_OK;
    hs_decision d;
    if (st == HS_OK)
        st = instrument_decide(ip, l->firm, in, on, &d, err);
    json_decref(in);
    if (st != HS_OK)
        return st;
    if (!d.eligible)
        return hs_fail_code(err, HS_REFUSED, "not_eligible", "policy", "loan %s: %s", l->id,
                            d.reason);
    if (d.amount_fen < 0 || d.amount_fen % 100 != 0 || d.amount_fen > 100 * MONEY_BP_ONE)
        return hs_fail_code(err, HS_INPUT, "invalid_field", "policy",
                            "%s: the amount for loan %s is %lld fen, not the yearly fee subsidy "
                            "on 1万元 in whole basis points",
                            ip->path, l->id, (long long)d.amount_fen);
    gt->subsidy_rate_bp = d.amount_fen / 100;
    snprintf(gt->clause, sizeof gt->clause, "%s", policy_amount_clause(ip->policy));
    int64_t total = 0;
    for (int i = 0; i < GUARANTEE_PARTIES; i++) {
        if ((st = param_rate(ip->policy, share_params[i], on, HS_T_RATE, &gt->share_bp[i], err)) !=
            HS_OK)
            return st;
        if (gt->share_bp[i] < 0)
            return hs_fail_code(err, HS_INPUT, "invalid_field", "policy", "%s: %s is negative",
                                ip->path, share_params[i]);
        total += gt->share_bp[i];
    }
    if (total != MONEY_BP_ONE)
        return hs_fail_code(err, HS_INPUT, "invalid_field", "policy",
                            "%s: the four risk shares add up to %lld bp, not 100%%", ip->path,
                            (long long)total);
    return param_rate(ip->policy, "max_leverage", on, HS_T_INT, max_leverage, err);
}

hs_status guarantee_sign(hs_tx *tx, const instrument_policy *ip, const char *loan, const char *g,
                         int64_t fee_rate_bp, hs_date on, guarantee_firm_inputs_fn fn, void *fn_ctx,
                         guarantee *out, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && ip != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    if (policy_instrument(ip->policy) != HS_INSTR_CREDIT)
        return hs_invalid_field(err, "policy", "%s feeds instrument %s, not credit", ip->path,
                                policy_instrument_name(policy_instrument(ip->policy)));
    if (fee_rate_bp < 0 || fee_rate_bp > MONEY_BP_ONE)
        return hs_invalid_field(err, "fee_rate", "field 'fee_rate': 0%%..100%% a year");
    credit_loan l;
    hs_status st = credit_loan_require(tx, loan, &l, err);
    if (st != HS_OK)
        return st;
    guarantor gr;
    bool found = false;
    if ((st = guarantee_repo_guarantor_get(tx, g ? g : "", &gr, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "guarantor", "no guarantor '%s'", g ? g : "");
    guarantee old;
    if ((st = guarantee_repo_get(tx, loan, &old, &found, err)) != HS_OK)
        return st;
    if (found)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "loan",
                            "loan %s is already guaranteed by %s", loan, old.guarantor);
    if (l.status != LOAN_APPROVED && l.status != LOAN_DISBURSED)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "loan",
                            "loan %s is %s: only an approved or disbursed loan can be guaranteed",
                            loan, credit_loan_status_name(l.status));
    guarantee gt;
    memset(&gt, 0, sizeof gt);
    snprintf(gt.loan, sizeof gt.loan, "%s", l.id);
    snprintf(gt.guarantor, sizeof gt.guarantor, "%s", gr.id);
    snprintf(gt.reguarantor, sizeof gt.reguarantor, "%s", gr.reguarantor);
    snprintf(gt.firm, sizeof gt.firm, "%s", l.firm);
    snprintf(gt.bank, sizeof gt.bank, "%s", l.bank);
    instrument_policy_ref_of(ip, &gt.policy);
    gt.signed_date = on;
    gt.principal_fen = l.amount_fen;
    gt.fee_rate_bp = fee_rate_bp;
    int64_t max_leverage = 0;
    if ((st = decide(ip, &l, fee_rate_bp, on, fn, fn_ctx, &gt, &max_leverage, err)) != HS_OK ||
        (st = fees(&l, &gt, err)) != HS_OK)
        return st;
    /* leverage: the in-force balance with this loan, against max_leverage x capital */
    in_force_acc acc = {tx, guaranteed_balance(&l)};
    if ((st = guarantee_repo_each(tx->store, gr.id, in_force_add, &acc, err)) != HS_OK)
        return st;
    char capital[ACCOUNT_NAME_MAX], feeacct[ACCOUNT_NAME_MAX];
    account_of(capital, sizeof capital, "guarantor", gr.id, "capital");
    account_of(feeacct, sizeof feeacct, "guarantor", gr.id, "fees");
    hs_account cap;
    if ((st = credit_account(tx, capital, "guarantor", &cap, err)) != HS_OK)
        return st;
    int64_t held = account_held_fen(&cap), room;
    if (!money_mul_int(held, max_leverage, &room) || acc.in_force_fen > room) {
        char a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX];
        return hs_fail_code(err, HS_REFUSED, "leverage_exceeded", "guarantor",
                            "guarantor %s would guarantee %s on %s of capital: more than the "
                            "policy's %lldx",
                            gr.id, money_format(acc.in_force_fen, a, sizeof a),
                            money_format(held, b, sizeof b), (long long)max_leverage);
    }
    /* the fee: the firm's part and the subsidy, from the policy's budget */
    char firm_cash[ACCOUNT_NAME_MAX];
    if ((st = instrument_firm_account(tx, l.firm, firm_cash, sizeof firm_cash, err)) != HS_OK ||
        (st = instrument_policy_record(tx, ip, "guarantee.sign", l.id, on, err)) != HS_OK)
        return st;
    const char *refs[] = {"loan", l.id,     "guarantor", gr.id,    "bank",          l.bank, "firm",
                          l.firm, "policy", ip->label,   "clause", "guarantee fee", NULL,   NULL};
    hs_transfer t[2];
    size_t n = 0;
    char tid[2][TRANSFER_ID_MAX];
    if ((st = credit_format_id(tid[0], sizeof tid[0], "loan", err, "gt.%s.fee", l.id)) != HS_OK ||
        (st = credit_format_id(tid[1], sizeof tid[1], "loan", err, "gt.%s.subsidy", l.id)) != HS_OK)
        return st;
    if (gt.firm_fee_fen > 0) {
        credit_transfer_init(&t[n], tid[0], firm_cash, feeacct, gt.firm_fee_fen, "guarantee.fee",
                             on, false);
        if ((st = credit_transfer_refs(&t[n++], refs, err)) != HS_OK)
            return st;
    }
    if (gt.subsidy_fen > 0) {
        credit_transfer_init(&t[n], tid[1], ip->budget, feeacct, gt.subsidy_fen,
                             "guarantee.fee_subsidy", on, false);
        if ((st = credit_transfer_refs(&t[n++], refs, err)) != HS_OK)
            return st;
    }
    if (n > 0 && (st = instrument_apply(tx, t, n, "guarantee fee", err)) != HS_OK)
        return st;
    if ((st = guarantee_repo_put(tx, &gt, false, err)) != HS_OK)
        return st;
    *out = gt;
    return HS_OK;
}

/* ---- compensation and recoveries ---- */

static hs_status party_account(const guarantee *gt, guarantee_party p, char *out, size_t len) {
    switch (p) {
    case GUARANTEE_SHARE_NATIONAL:
        account_of(out, len, "reguarantee", GUARANTEE_NATIONAL, NULL);
        break;
    case GUARANTEE_SHARE_PROVINCIAL:
        account_of(out, len, "reguarantee", gt->reguarantor, NULL);
        break;
    case GUARANTEE_SHARE_BANK:
        credit_bank_account(gt->bank, "losses", out, len);
        break;
    case GUARANTEE_SHARE_GUARANTOR:
        account_of(out, len, "guarantor", gt->guarantor, "capital");
        break;
    }
    return HS_OK;
}

hs_status guarantee_compensate(hs_tx *tx, const char *loan, hs_date on, guarantee *out,
                               hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && out != NULL);
    guarantee gt;
    bool found = false;
    hs_status st = guarantee_repo_get(tx, loan ? loan : "", &gt, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "loan", "loan '%s' has no guarantee", loan ? loan : "");
    if (gt.status == GUARANTEE_COMPENSATED)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "loan",
                            "loan %s was compensated already", loan);
    credit_loan l;
    if ((st = credit_loan_require(tx, loan, &l, err)) != HS_OK)
        return st;
    if (l.status != LOAN_DEFAULTED || l.written_off_fen <= 0)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "loan",
                            "loan %s is %s: compensation follows a default (huoshui credit "
                            "default)",
                            loan, credit_loan_status_name(l.status));
    credit_claim claim;
    if ((st = credit_repo_claim_get(tx, loan, &claim, &found, err)) != HS_OK)
        return st;
    if (found)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "loan",
                            "loan %s was compensated by pool %s already: a loss is paid once", loan,
                            claim.pool);
    if (on < l.defaulted_date) {
        char d[11];
        return hs_invalid_field(err, "date", "field 'date': before the default on %s",
                                date_format(l.defaulted_date, d));
    }
    /* the loss net of recoveries credit recorded before (they reduced it) */
    int64_t loss = l.written_off_fen - l.recovered_fen;
    if (loss <= 0)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "loan",
                            "loan %s has no loss left to compensate", loan);
    if (!money_allocate(loss, gt.share_bp, GUARANTEE_PARTIES, gt.borne_fen))
        return hs_fail(err, HS_INPUT, "loan %s: the loss can't be split", loan);
    gt.loss_fen = loss;
    int64_t paid_to_bank = loss - gt.borne_fen[GUARANTEE_SHARE_BANK];
    assert(paid_to_bank >= 0 && paid_to_bank <= loss);
    char capital[ACCOUNT_NAME_MAX], bank[ACCOUNT_NAME_MAX], nat[ACCOUNT_NAME_MAX],
        prov[ACCOUNT_NAME_MAX], tid[3][TRANSFER_ID_MAX];
    party_account(&gt, GUARANTEE_SHARE_GUARANTOR, capital, sizeof capital);
    party_account(&gt, GUARANTEE_SHARE_BANK, bank, sizeof bank);
    party_account(&gt, GUARANTEE_SHARE_NATIONAL, nat, sizeof nat);
    party_account(&gt, GUARANTEE_SHARE_PROVINCIAL, prov, sizeof prov);
    if ((st = credit_format_id(tid[0], sizeof tid[0], "loan", err, "gt.%s.comp", loan)) != HS_OK ||
        (st = credit_format_id(tid[1], sizeof tid[1], "loan", err, "gt.%s.nat", loan)) != HS_OK ||
        (st = credit_format_id(tid[2], sizeof tid[2], "loan", err, "gt.%s.prov", loan)) != HS_OK)
        return st;
    if ((st = owned(tx, nat, "pool", ACCOUNT_DEBITS_LE_CREDITS, err)) != HS_OK ||
        (st = owned(tx, prov, "pool", ACCOUNT_DEBITS_LE_CREDITS, err)) != HS_OK)
        return st;
    const char *refs[] = {"loan",      loan,
                          "guarantor", gt.guarantor,
                          "bank",      gt.bank,
                          "firm",      gt.firm,
                          "policy",    gt.policy.label,
                          "clause",    "risk sharing national:provincial:bank:guarantor",
                          NULL,        NULL};
    /* the re-guarantors reimburse first, so that the guarantor's capital never dips for them */
    hs_transfer t[3];
    size_t n = 0;
    if (gt.borne_fen[GUARANTEE_SHARE_NATIONAL] > 0)
        credit_transfer_init(&t[n++], tid[1], nat, capital, gt.borne_fen[GUARANTEE_SHARE_NATIONAL],
                             "guarantee.reguarantee", on, true);
    if (gt.borne_fen[GUARANTEE_SHARE_PROVINCIAL] > 0)
        credit_transfer_init(&t[n++], tid[2], prov, capital,
                             gt.borne_fen[GUARANTEE_SHARE_PROVINCIAL], "guarantee.reguarantee", on,
                             true);
    if (paid_to_bank > 0)
        credit_transfer_init(&t[n++], tid[0], capital, bank, paid_to_bank, "guarantee.compensate",
                             on, false);
    if (n > 0)
        t[n - 1].flags &= ~(uint32_t)TRANSFER_LINKED;
    for (size_t i = 0; i < n; i++)
        if ((st = credit_transfer_refs(&t[i], refs, err)) != HS_OK)
            return st;
    if (n > 0 && (st = instrument_apply(tx, t, n, "compensation", err)) != HS_OK)
        return st;
    gt.status = GUARANTEE_COMPENSATED;
    gt.compensated_date = on;
    if ((st = guarantee_repo_put(tx, &gt, true, err)) != HS_OK)
        return st;
    *out = gt;
    return HS_OK;
}

hs_status guarantee_recover(hs_tx *tx, const char *loan, int64_t amount_fen, const char *from,
                            const char *client_id, hs_date on, guarantee *out, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && out != NULL);
    guarantee gt;
    bool found = false;
    hs_status st = guarantee_repo_get(tx, loan ? loan : "", &gt, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "loan", "loan '%s' has no guarantee", loan ? loan : "");
    if (amount_fen <= 0)
        return hs_invalid_field(err, "amount", "field 'amount': must be positive");
    char id[TRANSFER_ID_MAX];
    if (client_id != NULL) {
        if (strlen(client_id) > 40 || !credit_id_valid(client_id))
            return hs_invalid_field(err, "id", "field 'id': 1-40 bytes, no '/', spaces or quotes");
        snprintf(id, sizeof id, "%s", client_id);
    } else if ((st = credit_format_id(id, sizeof id, "loan", err, "gt.%s.rec%d", loan,
                                      gt.recoveries + 1)) != HS_OK) {
        return st;
    }
    char rloan[CREDIT_ID_MAX];
    hs_date rdate;
    int64_t ramount;
    if ((st = guarantee_repo_recovery_get(tx, id, rloan, sizeof rloan, &rdate, &ramount, &found,
                                          err)) != HS_OK)
        return st;
    if (found) {
        if (strcmp(rloan, loan) != 0 || rdate != on || ramount != amount_fen)
            return hs_fail_code(err, HS_INPUT, "id_reused", "id",
                                "id '%s' was already used for another recovery", id);
        *out = gt;
        return HS_OK;
    }
    if (gt.status != GUARANTEE_COMPENSATED)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "loan",
                            "loan %s was not compensated: recover it with `huoshui credit recover`",
                            loan);
    int64_t total;
    if (!money_add(gt.recovered_fen, amount_fen, &total) || total > gt.loss_fen) {
        char a[MONEY_TEXT_MAX];
        return hs_fail_code(err, HS_REFUSED, "exceeds_loss", "amount",
                            "loan %s: recoveries would pass the loss of %s", loan,
                            money_format(gt.loss_fen, a, sizeof a));
    }
    /* each party gets back its share of the cumulative recoveries, less what it had */
    int64_t cum[GUARANTEE_PARTIES];
    if (!money_allocate(total, gt.borne_fen, GUARANTEE_PARTIES, cum))
        return hs_fail(err, HS_INPUT, "loan %s: the recovery can't be split", loan);
    char src[ACCOUNT_NAME_MAX];
    if (from != NULL) {
        /* only a free account may pay a recovery: never a pool, budget or capital a module owns */
        hs_account a;
        if ((st = credit_require_text("from", from, sizeof src, err)) != HS_OK ||
            (st = credit_account(tx, from, "from", &a, err)) != HS_OK)
            return st;
        if (a.owner[0] != '\0')
            return hs_fail_code(err, HS_REFUSED, "account_owned_by_module", "from",
                                "field 'from': %s belongs to module %s", from, a.owner);
        snprintf(src, sizeof src, "%s", from);
    } else if ((st = instrument_firm_account(tx, gt.firm, src, sizeof src, err)) != HS_OK) {
        return st;
    }
    hs_transfer t[GUARANTEE_PARTIES];
    size_t n = 0;
    char tids[GUARANTEE_PARTIES][TRANSFER_ID_MAX], acct[GUARANTEE_PARTIES][ACCOUNT_NAME_MAX];
    const char *refs[] = {
        "loan",  loan,   "guarantor", gt.guarantor, "bank",
        gt.bank, "firm", gt.firm,     "clause",     "recovery pro rata of the loss borne",
        NULL,    NULL};
    for (int i = 0; i < GUARANTEE_PARTIES; i++) {
        int64_t part = cum[i] - gt.recovered_to_fen[i];
        assert(part >= 0);
        gt.recovered_to_fen[i] = cum[i];
        if (part == 0)
            continue;
        party_account(&gt, (guarantee_party)i, acct[i], sizeof acct[i]);
        if ((st = credit_format_id(tids[i], sizeof tids[i], "id", err, "%s.%s", id,
                                   party_names[i])) != HS_OK)
            return st;
        credit_transfer_init(&t[n], tids[i], src, acct[i], part, "guarantee.recover", on, true);
        if ((st = credit_transfer_refs(&t[n++], refs, err)) != HS_OK)
            return st;
    }
    assert(n > 0);
    t[n - 1].flags &= ~(uint32_t)TRANSFER_LINKED;
    if ((st = instrument_apply(tx, t, n, "recovery", err)) != HS_OK)
        return st;
    gt.recovered_fen = total;
    gt.recoveries++;
    if ((st = guarantee_repo_recovery_insert(tx, id, loan, on, amount_fen, err)) != HS_OK ||
        (st = guarantee_repo_put(tx, &gt, true, err)) != HS_OK)
        return st;
    *out = gt;
    return HS_OK;
}

/* ---- reads ---- */

hs_status guarantee_get(hs_store *s, const char *loan, guarantee *out, bool *found, hs_error *err) {
    return guarantee_repo_read(s, loan, out, found, err);
}

typedef struct {
    hs_store *s;
    guarantor_report *r;
} report_acc;

static hs_status report_add(void *ctx, const guarantee *gt, hs_error *err) {
    report_acc *acc = ctx;
    guarantor_report *r = acc->r;
    r->guarantees++;
    bool ok = money_add(r->fees_fen, gt->firm_fee_fen, &r->fees_fen) &&
              money_add(r->fee_subsidy_fen, gt->subsidy_fen, &r->fee_subsidy_fen) &&
              money_add(r->recovered_fen, gt->recovered_fen, &r->recovered_fen);
    if (gt->status == GUARANTEE_COMPENSATED) {
        r->defaults++;
        ok = ok &&
             money_add(r->compensated_fen, gt->loss_fen - gt->borne_fen[GUARANTEE_SHARE_BANK],
                       &r->compensated_fen) &&
             money_add(r->reguaranteed_fen,
                       gt->borne_fen[GUARANTEE_SHARE_NATIONAL] +
                           gt->borne_fen[GUARANTEE_SHARE_PROVINCIAL],
                       &r->reguaranteed_fen);
    } else {
        credit_loan l;
        bool found = false;
        hs_status st = credit_repo_loan_read(acc->s, gt->loan, &l, &found, err);
        if (st != HS_OK)
            return st;
        if (!found)
            return hs_fail(err, HS_STORAGE, "guarantee on loan %s: no such loan", gt->loan);
        ok = ok && money_add(r->in_force_fen, guaranteed_balance(&l), &r->in_force_fen);
    }
    return ok ? HS_OK : hs_fail(err, HS_STORAGE, "guarantor %s: totals overflow", r->g.id);
}

static hs_status report_of(hs_store *s, const guarantor *g, guarantor_report *out, hs_error *err) {
    memset(out, 0, sizeof *out);
    out->g = *g;
    char capital[ACCOUNT_NAME_MAX];
    account_of(capital, sizeof capital, "guarantor", g->id, "capital");
    hs_account a;
    bool found = false;
    hs_status st = store_account_by_name(s, capital, &a, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_fail(err, HS_STORAGE, "guarantor %s has no capital account", g->id);
    out->capital_fen = account_held_fen(&a);
    report_acc acc = {s, out};
    if ((st = guarantee_repo_each(s, g->id, report_add, &acc, err)) != HS_OK)
        return st;
    if (out->capital_fen > 0 &&
        !money_mul_ratio(out->in_force_fen, 100, out->capital_fen, &out->leverage_x100))
        return hs_fail(err, HS_STORAGE, "guarantor %s: leverage overflows", g->id);
    return HS_OK;
}

hs_status guarantor_report_get(hs_store *s, const char *id, guarantor_report *out, hs_error *err) {
    guarantor g;
    bool found = false;
    hs_status st = guarantee_repo_guarantor_read(s, id, &g, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "guarantor", "no guarantor '%s'", id);
    return report_of(s, &g, out, err);
}

typedef struct {
    hs_store *s;
    hs_status (*fn)(void *ctx, const guarantor_report *r, hs_error *err);
    void *ctx;
} reports_acc;

static hs_status report_one(void *ctx, const guarantor *g, hs_error *err) {
    reports_acc *acc = ctx;
    guarantor_report r;
    hs_status st = report_of(acc->s, g, &r, err);
    return st == HS_OK ? acc->fn(acc->ctx, &r, err) : st;
}

hs_status guarantor_reports_each(hs_store *s,
                                 hs_status (*fn)(void *ctx, const guarantor_report *r,
                                                 hs_error *err),
                                 void *ctx, hs_error *err) {
    reports_acc acc = {s, fn, ctx};
    return guarantee_repo_guarantors_each(s, report_one, &acc, err);
}
