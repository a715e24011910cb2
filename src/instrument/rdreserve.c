/* rdreserve.c — enterprise R&D reserves (企业研发准备金): the filed R&D history, reserves and their
 * payment (see rdreserve.h). The module's rows go through rdreserve_repo.h; money only through
 * the ledger (instrument_apply). */
#include "instrument/rdreserve.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "instrument/credit_db.h"
#include "instrument/programme.h"
#include "instrument/rdreserve_repo.h"
#include "policy/policy.h"

static const char *const status_names[] = {"registered", "paid"};

const char *rdreserve_status_name(rdreserve_status s) {
    assert(s == RDRESERVE_REGISTERED || s == RDRESERVE_PAID);
    return status_names[s];
}

bool rdreserve_year_valid(int64_t year) {
    return year >= RDRESERVE_YEAR_MIN && year <= RDRESERVE_YEAR_MAX;
}

static hs_status require_year(int64_t year, const char *field, hs_error *err) {
    if (!rdreserve_year_valid(year))
        return hs_invalid_field(err, field, "field '%s': a year %d..%d, not %lld", field,
                                RDRESERVE_YEAR_MIN, RDRESERVE_YEAR_MAX, (long long)year);
    return HS_OK;
}

static hs_status require_firm(const char *firm, hs_error *err) {
    hs_status st = instrument_firm_check(firm, err);
    if (st != HS_OK) {
        snprintf(err->field, sizeof err->field, "firm");
        return st;
    }
    assert(strlen(firm) < RDRESERVE_FIRM_MAX);
    return HS_OK;
}

/* ---- filings ---- */

hs_status rdreserve_filing_add(hs_tx *tx, const rdreserve_filing *f, bool *existed, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && f != NULL);
    hs_status st = require_firm(f->firm, err);
    if (st != HS_OK || (st = require_year(f->tax_year, "tax_year", err)) != HS_OK)
        return st;
    if (f->rd_expense_fen < 0)
        return hs_invalid_field(err, "rd_expense", "field 'rd_expense': not negative");
    rdreserve_filing old;
    bool found = false;
    if ((st = rdreserve_repo_filing_get(tx->store, f->firm, f->tax_year, &old, &found, err)) !=
        HS_OK)
        return st;
    if (found) {
        if (old.rd_expense_fen != f->rd_expense_fen)
            return hs_fail_code(err, HS_REFUSED, "filing_exists", "rd_expense",
                                "firm %s filed %lld fen of R&D expense for %d already (%s): a "
                                "filing is not replaced",
                                f->firm, (long long)old.rd_expense_fen, (int)f->tax_year,
                                old.source);
        if (existed != NULL)
            *existed = true;
        return HS_OK;
    }
    rdreserve_filing row = *f;
    row.recorded_date = tx->today;
    if ((st = rdreserve_repo_filing_insert(tx, &row, err)) != HS_OK)
        return st;
    if (existed != NULL)
        *existed = false;
    return HS_OK;
}

hs_status rdreserve_filings_each(hs_store *s, const char *firm,
                                 hs_status (*fn)(void *ctx, const rdreserve_filing *f,
                                                 hs_error *err),
                                 void *ctx, hs_error *err) {
    return rdreserve_repo_filings_each(s, firm, fn, ctx, err);
}

/* ---- reserves ---- */

hs_status rdreserve_register(hs_tx *tx, const instrument_policy *ip, const char *firm, int32_t year,
                             int64_t reserve_fen, hs_date on, rdreserve *out, bool *existed,
                             hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && ip != NULL && ip->policy != NULL);
    hs_status st = require_firm(firm, err);
    if (st != HS_OK || (st = require_year(year, "year", err)) != HS_OK)
        return st;
    if (reserve_fen <= 0)
        return hs_invalid_field(err, "reserve", "field 'reserve': a positive amount");
    if (policy_instrument(ip->policy) != HS_INSTR_SUBSIDY)
        return hs_invalid_field(err, "policy", "%s feeds instrument %s, not subsidy", ip->path,
                                policy_instrument_name(policy_instrument(ip->policy)));
    if ((st = instrument_policy_for_module(ip, "rdreserve", err)) != HS_OK)
        return st;
    rdreserve r;
    memset(&r, 0, sizeof r);
    snprintf(r.firm, sizeof r.firm, "%s", firm);
    r.year = year;
    instrument_policy_ref_of(ip, &r.policy);
    r.reserve_fen = reserve_fen;
    r.registered_date = on;
    r.status = RDRESERVE_REGISTERED;
    snprintf(r.inputs, sizeof r.inputs, "{}");
    rdreserve old;
    bool found = false;
    if ((st = rdreserve_repo_get(tx->store, firm, year, &old, &found, err)) != HS_OK)
        return st;
    if (found) {
        if (strcmp(old.policy.sha256, r.policy.sha256) != 0 || old.reserve_fen != reserve_fen)
            return hs_fail_code(err, HS_INPUT, "id_reused", "year",
                                "firm %s registered a reserve of %lld fen for %d under %s already",
                                firm, (long long)old.reserve_fen, (int)year, old.policy.label);
        if (existed != NULL)
            *existed = true;
        if (out != NULL)
            *out = old;
        return HS_OK;
    }
    if ((st = programme_require_open(tx->store, r.policy.programme, err)) != HS_OK)
        return st;
    hs_account budget;
    if ((st = hs_tx_account_get(tx, r.policy.budget, &budget, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "budget", "no budget %s (policy %s draws on it)", r.policy.budget,
                            ip->path);
    char subject[RDRESERVE_FIRM_MAX + 8];
    snprintf(subject, sizeof subject, "%s.%d", firm, (int)year);
    if ((st = instrument_policy_record(tx, ip, "rdreserve.register", subject, on, err)) != HS_OK ||
        (st = rdreserve_repo_insert(tx, &r, err)) != HS_OK)
        return st;
    if (existed != NULL)
        *existed = false;
    if (out != NULL)
        *out = r;
    return HS_OK;
}

hs_status rdreserve_get(hs_store *s, const char *firm, int32_t year, rdreserve *out, bool *found,
                        hs_error *err) {
    return rdreserve_repo_get(s, firm, year, out, found, err);
}

hs_status rdreserve_each(hs_store *s, const char *firm, int32_t year,
                         hs_status (*fn)(void *ctx, const rdreserve *r, hs_error *err), void *ctx,
                         hs_error *err) {
    return rdreserve_repo_each(s, firm, year, fn, ctx, err);
}

/* ---- the payment ---- */

static void money_text(int64_t fen, char *buf, size_t len) {
    assert(fen >= 0);
    snprintf(buf, len, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

hs_status rdreserve_inputs(hs_store *s, const rdreserve *r, rdreserve_firm_inputs_fn fn,
                           void *fn_ctx, json_t **out, hs_error *err) {
    assert(s != NULL && r != NULL && out != NULL);
    rdreserve_filing cur, prior;
    bool has_cur = false, has_prior = false;
    hs_status st = rdreserve_repo_filing_get(s, r->firm, r->year, &cur, &has_cur, err);
    if (st == HS_OK)
        st = rdreserve_repo_filing_get(s, r->firm, r->year - 1, &prior, &has_prior, err);
    if (st != HS_OK)
        return st;
    char rd[48], prior_rd[48], reserve[48];
    money_text(has_cur ? cur.rd_expense_fen : 0, rd, sizeof rd);
    money_text(has_prior ? prior.rd_expense_fen : 0, prior_rd, sizeof prior_rd);
    money_text(r->reserve_fen, reserve, sizeof reserve);
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s}", "rd_expense", rd, "prior_rd_expense",
                           prior_rd, "rd_filed", has_cur ? "true" : "false", "prior_filed",
                           has_prior ? "true" : "false", "reserve", reserve);
    if (in == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory building inputs");
    if (fn != NULL && (st = fn(fn_ctx, r->firm, in, err)) != HS_OK) {
        json_decref(in);
        return st;
    }
    *out = in;
    return HS_OK;
}

typedef struct {
    hs_tx *tx;
    int year; /* the reserve year: a per-year limit counts it, not the payment's year */
} usage_ctx;

static hs_status usage_sum(void *ctx, const instrument_limit_scope *scope,
                           instrument_limit_usage *out, hs_error *err) {
    usage_ctx *u = ctx;
    memset(out, 0, sizeof *out);
    return rdreserve_repo_paid_sum(u->tx, scope->policy_id, scope->firm,
                                   scope->year != 0 ? u->year : 0, &out->count, &out->used_fen,
                                   out->first_id, sizeof out->first_id, err);
}

/* Decides r's subsidy under `ip` on the transaction's today: fills computed, amount, clause,
 * note, rd figures and inputs; HS_REFUSED not_eligible when the policy refuses. */
static hs_status decide(hs_tx *tx, const instrument_policy *ip, rdreserve *r,
                        rdreserve_firm_inputs_fn fn, void *fn_ctx, hs_error *err) {
    json_t *inputs = NULL;
    hs_status st = rdreserve_inputs(tx->store, r, fn, fn_ctx, &inputs, err);
    if (st != HS_OK)
        return st;
    rdreserve_filing f;
    bool found = false;
    if ((st = rdreserve_repo_filing_get(tx->store, r->firm, r->year, &f, &found, err)) == HS_OK)
        r->rd_fen = found ? f.rd_expense_fen : 0;
    if (st == HS_OK &&
        (st = rdreserve_repo_filing_get(tx->store, r->firm, r->year - 1, &f, &found, err)) == HS_OK)
        r->prior_rd_fen = found ? f.rd_expense_fen : 0;
    if (st == HS_OK)
        st = instrument_inputs_text(inputs, r->inputs, sizeof r->inputs, err);
    hs_decision d;
    if (st == HS_OK)
        st = instrument_decide(ip, r->firm, inputs, tx->today, &d, err);
    json_decref(inputs);
    if (st != HS_OK)
        return st;
    if (!d.eligible)
        return hs_fail_code(err, HS_REFUSED, "not_eligible", "year",
                            "firm %s's reserve for %d is not subsidised under %s: %s", r->firm,
                            (int)r->year, ip->label, d.reason);
    if (d.amount_fen <= 0)
        return hs_fail_code(err, HS_REFUSED, "not_eligible", "year",
                            "firm %s's reserve for %d: %s gives nothing", r->firm, (int)r->year,
                            ip->label);
    r->computed_fen = r->amount_fen = d.amount_fen;
    snprintf(r->clause, sizeof r->clause, "%s", policy_amount_clause(ip->policy));
    usage_ctx u = {tx, r->year};
    instrument_limit_subject subject = {.kind = "R&D-reserve subsidy",
                                        .id = r->firm,
                                        .firm = r->firm,
                                        .product = "",
                                        .may_cap = true};
    st = instrument_limits_check(ip->policy, tx->today, &subject, usage_sum, &u, &r->amount_fen,
                                 r->note, sizeof r->note, err);
    assert(st != HS_OK || (r->amount_fen > 0 && r->amount_fen <= r->computed_fen));
    return st;
}

/* Pays r->amount_fen from the policy's budget to the firm, in the transaction. */
static hs_status pay(hs_tx *tx, const instrument_policy *ip, rdreserve *r, hs_error *err) {
    assert(r->amount_fen > 0 && r->amount_fen <= r->computed_fen);
    hs_status st =
        instrument_firm_account(tx, r->firm, r->payee_account, sizeof r->payee_account, err);
    if (st != HS_OK ||
        (st = instrument_transfer_id(r->transfer_id, "rdr", r->firm, "y", r->year, err)) != HS_OK)
        return st;
    hs_transfer t;
    credit_transfer_init(&t, r->transfer_id, r->policy.budget, r->payee_account, r->amount_fen,
                         RDRESERVE_CODE, tx->today, false);
    char clause[160], year[8];
    snprintf(clause, sizeof clause, "%.150s", r->clause);
    snprintf(year, sizeof year, "%d", (int)r->year);
    const char *refs[] = {"instrument", "rdreserve", "firm",   r->firm, "year", year,
                          "policy",     ip->label,   "clause", clause,  NULL,   NULL};
    if ((st = credit_transfer_refs(&t, refs, err)) != HS_OK)
        return st;
    return instrument_apply(tx, &t, 1, "R&D-reserve subsidy", err);
}

hs_status rdreserve_pay(hs_tx *tx, const char *firm, int32_t year, rdreserve_firm_inputs_fn fn,
                        void *fn_ctx, rdreserve *out, bool *existed, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && out != NULL && existed != NULL);
    *existed = false;
    hs_status st = require_firm(firm, err);
    if (st != HS_OK || (st = require_year(year, "year", err)) != HS_OK)
        return st;
    bool found = false;
    if ((st = rdreserve_repo_get(tx->store, firm, year, out, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "year", "firm %s registered no R&D reserve for %d", firm,
                            (int)year);
    if (out->status == RDRESERVE_PAID) { /* paid once: the record, nothing paid */
        *existed = true;
        return HS_OK;
    }
    char today[11];
    if (tx->today <= date_from_ymd(year, 12, 31))
        return hs_fail_code(err, HS_REFUSED, "year_open", "year",
                            "the reserve year %d is not over (today is %s): it can be paid from "
                            "%d-01-01, once its filing is in",
                            (int)year, date_format(tx->today, today), (int)year + 1);
    if ((st = programme_require_open(tx->store, out->policy.programme, err)) != HS_OK)
        return st;
    instrument_policy ip;
    if ((st = instrument_policy_stored(tx, &out->policy, HS_INSTR_SUBSIDY, &ip, err)) != HS_OK)
        return st;
    if ((st = decide(tx, &ip, out, fn, fn_ctx, err)) == HS_OK &&
        (st = pay(tx, &ip, out, err)) == HS_OK) {
        out->status = RDRESERVE_PAID;
        out->paid_date = tx->today;
        st = rdreserve_repo_mark_paid(tx, out, err);
    }
    instrument_policy_free(&ip);
    return st;
}
