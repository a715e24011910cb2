/* interest.c — interest subsidies (贴息): schemes and the accrual of one period (see interest.h).
 * The loans, their repayments and schedules are the credit module's (read through credit_repo.h
 * on the caller's transaction); the module's own rows go through interest_repo.h. */
#include "instrument/interest.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "instrument/credit_loan.h"
#include "instrument/credit_repo.h"
#include "instrument/interest_repo.h"
#include "instrument/programme.h"
#include "policy/policy.h"

#define INTEREST_LOANS_MAX 100000 /* loans one run may consider (a row each, ~3.6 KB) */
#define INTEREST_STEPS_MAX 100000 /* principal changes of one loan */

static const char *const payee_names[] = {"firm", "bank"};

const char *interest_payee_name(interest_payee p) {
    assert(p == INTEREST_PAY_FIRM || p == INTEREST_PAY_BANK);
    return payee_names[p];
}

bool interest_payee_parse(const char *text, interest_payee *out) {
    for (int i = 0; i <= INTEREST_PAY_BANK; i++)
        if (text != NULL && strcmp(text, payee_names[i]) == 0) {
            *out = (interest_payee)i;
            return true;
        }
    return false;
}

bool interest_period_parse(const char *text, interest_period *out) {
    assert(out != NULL);
    if (text == NULL)
        return false;
    size_t n = strlen(text);
    int year = 0, month = 0, quarter = 0;
    if (n < 6 || n > 7)
        return false;
    for (int i = 0; i < 4; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        year = year * 10 + (text[i] - '0');
    }
    if (n == 7 && text[4] == '-' && text[5] >= '0' && text[5] <= '1' && text[6] >= '0' &&
        text[6] <= '9')
        month = (text[5] - '0') * 10 + (text[6] - '0');
    else if (n == 6 && text[4] == 'Q' && text[5] >= '1' && text[5] <= '4')
        quarter = text[5] - '0';
    else
        return false;
    if (year < 1900 || year > 2998 || (quarter == 0 && (month < 1 || month > 12)))
        return false;
    int first_month = quarter ? 3 * quarter - 2 : month, last_month = quarter ? 3 * quarter : month;
    memset(out, 0, sizeof *out);
    snprintf(out->text, sizeof out->text, "%s", text);
    out->first = date_from_ymd(year, first_month, 1);
    out->last = date_from_ymd(year, last_month, date_days_in_month(year, last_month));
    assert(out->first <= out->last && date_diff_days(out->first, out->last) < 92);
    return true;
}

bool interest_principal_days(const interest_step *steps, size_t n, hs_date from, hs_date to,
                             hs_date stop, int64_t *principal_days_fen, int32_t *days,
                             hs_date *first_day, hs_date *last_day) {
    assert(from <= to && principal_days_fen && days && first_day && last_day);
    *principal_days_fen = 0;
    *days = 0;
    *first_day = *last_day = 0;
    int64_t balance = 0;
    size_t i = 0;
    /* a day loop over at most one quarter (92 days): every step dated on or before the day applies
     */
    for (hs_date d = from; d <= to; d++) {
        for (; i < n && steps[i].date <= d; i++) {
            assert(i == 0 || steps[i - 1].date <= steps[i].date); /* in date order */
            if (!money_add(balance, steps[i].delta_fen, &balance))
                return false;
        }
        if (balance < 0)
            return false;
        if (balance == 0 || (stop != 0 && d >= stop))
            continue;
        if (!money_add(*principal_days_fen, balance, principal_days_fen))
            return false;
        (*days)++;
        if (*first_day == 0)
            *first_day = d;
        *last_day = d;
    }
    assert(*days <= date_diff_days(from, to) + 1 && *principal_days_fen >= 0);
    return true;
}

bool interest_subsidy_fen(int64_t principal_days_fen, int64_t rate_bp, int64_t *out_fen) {
    if (principal_days_fen < 0 || rate_bp < 0)
        return false;
    bool ok = money_mul_ratio(principal_days_fen, rate_bp, MONEY_BP_ONE * INTEREST_DAYS_PER_YEAR,
                              out_fen);
    assert(!ok || *out_fen >= 0);
    return ok;
}

/* ---- schemes ---- */

static hs_status require_scheme_id(const char *id, hs_error *err) {
    if (id == NULL || strlen(id) >= INTEREST_SCHEME_ID_MAX || strchr(id, '.') != NULL ||
        !credit_id_valid(id))
        return hs_invalid_field(err, "scheme",
                                "field 'scheme': an id of 1-%d bytes without '/', '.', spaces, "
                                "commas or quotes",
                                INTEREST_SCHEME_ID_MAX - 1);
    return HS_OK;
}

hs_status interest_scheme_create(hs_tx *tx, const instrument_policy *ip, const char *id,
                                 interest_payee payee, hs_date on, interest_scheme *out,
                                 bool *existed, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && ip != NULL && ip->policy != NULL);
    hs_status st = require_scheme_id(id, err);
    if (st != HS_OK)
        return st;
    if (policy_instrument(ip->policy) != HS_INSTR_CREDIT)
        return hs_invalid_field(err, "policy", "%s feeds instrument %s, not credit", ip->path,
                                policy_instrument_name(policy_instrument(ip->policy)));
    interest_scheme sc;
    memset(&sc, 0, sizeof sc);
    snprintf(sc.id, sizeof sc.id, "%s", id);
    instrument_policy_ref_of(ip, &sc.policy);
    sc.payee = payee;
    sc.created_date = on;
    interest_scheme old;
    bool found = false;
    if ((st = interest_repo_scheme_get(tx, id, &old, &found, err)) != HS_OK)
        return st;
    if (found) {
        if (strcmp(old.policy.sha256, sc.policy.sha256) != 0 || old.payee != sc.payee)
            return hs_fail_code(err, HS_INPUT, "id_reused", "scheme",
                                "scheme '%s' exists with %s, paying the %s", id, old.policy.label,
                                interest_payee_name(old.payee));
        if (existed != NULL)
            *existed = true;
        if (out != NULL)
            *out = old;
        return HS_OK;
    }
    /* one scheme per policy: two schemes under one policy would pay the same loans twice */
    char other[INTEREST_SCHEME_ID_MAX];
    if ((st = interest_repo_scheme_of_policy(tx, sc.policy.id, other, sizeof other, &found, err)) !=
        HS_OK)
        return st;
    if (found)
        return hs_fail_code(err, HS_REFUSED, "policy_in_use", "policy",
                            "policy %s already runs as scheme '%s': one scheme per policy, so no "
                            "loan is subsidised twice",
                            sc.policy.id, other);
    if ((st = programme_require_open(tx->store, sc.policy.programme, err)) != HS_OK)
        return st;
    hs_account budget;
    if ((st = hs_tx_account_get(tx, sc.policy.budget, &budget, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "budget", "no budget %s (policy %s draws on it)", sc.policy.budget,
                            ip->path);
    if ((st = instrument_policy_record(tx, ip, "interest.scheme", id, on, err)) != HS_OK ||
        (st = interest_repo_scheme_insert(tx, &sc, err)) != HS_OK)
        return st;
    if (existed != NULL)
        *existed = false;
    if (out != NULL)
        *out = sc;
    return HS_OK;
}

hs_status interest_scheme_get(hs_store *s, const char *id, interest_scheme *out, bool *found,
                              hs_error *err) {
    return interest_repo_scheme_read(s, id, out, found, err);
}

hs_status interest_schemes_each(hs_store *s,
                                hs_status (*fn)(void *ctx, const interest_scheme *sc,
                                                hs_error *err),
                                void *ctx, hs_error *err) {
    return interest_repo_schemes_each(s, fn, ctx, err);
}

hs_status interest_runs_each(hs_store *s, const char *scheme,
                             hs_status (*fn)(void *ctx, const interest_run *r, hs_error *err),
                             void *ctx, hs_error *err) {
    return interest_repo_runs_each(s, scheme, fn, ctx, err);
}

/* ---- reading a recorded period ---- */

typedef struct {
    interest_result *r;
    size_t cap;
} rows_acc;

static hs_status row_add(void *ctx, const interest_accrual *a, hs_error *err) {
    rows_acc *acc = ctx;
    if (acc->r->n == acc->cap) {
        size_t cap = acc->cap ? acc->cap * 2 : 16;
        interest_accrual *grown = realloc(acc->r->rows, cap * sizeof *grown);
        if (grown == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory reading accruals");
        acc->r->rows = grown;
        acc->cap = cap;
    }
    acc->r->rows[acc->r->n++] = *a;
    return HS_OK;
}

hs_status interest_period_get(hs_store *s, const char *scheme_id, const char *period,
                              interest_result *out, bool *found, hs_error *err) {
    assert(s != NULL && out != NULL && found != NULL);
    memset(out, 0, sizeof *out);
    hs_status st = interest_repo_run_read(s, scheme_id, period, &out->run, found, err);
    if (st != HS_OK || !*found)
        return st;
    rows_acc acc = {out, 0};
    if ((st = interest_repo_accruals_each(s, scheme_id, period, row_add, &acc, err)) != HS_OK)
        return st;
    int64_t total = 0;
    int32_t paid = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (!money_add(total, out->rows[i].amount_fen, &total))
            return hs_fail(err, HS_STORAGE, "interest period %s: total overflows", period);
        paid += out->rows[i].amount_fen > 0;
    }
    if ((size_t)out->run.loans != out->n || out->run.paid != paid || out->run.total_fen != total)
        return hs_fail(err, HS_STORAGE,
                       "the book's interest period %s of %s does not add up to its accruals: "
                       "the book was altered",
                       period, scheme_id);
    return HS_OK;
}

void interest_result_free(interest_result *r) {
    if (r == NULL)
        return;
    free(r->rows);
    r->rows = NULL;
    r->n = 0;
}

/* ---- the accrual ---- */

typedef struct {
    credit_loan *loans;
    size_t n, cap;
    hs_date last;
} loans_acc;

/* Keeps the loans disbursed by the period's last day. */
static hs_status loan_keep(void *ctx, const credit_loan *l, hs_error *err) {
    loans_acc *acc = ctx;
    if (l->status == LOAN_APPROVED || l->disbursed_date == 0 || l->disbursed_date > acc->last)
        return HS_OK;
    if (acc->n == acc->cap) {
        size_t cap = acc->cap ? acc->cap * 2 : 64;
        if (cap > INTEREST_LOANS_MAX)
            return hs_fail(err, HS_REFUSED, "more than %d loans in one run", INTEREST_LOANS_MAX);
        credit_loan *grown = realloc(acc->loans, cap * sizeof *grown);
        if (grown == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory reading loans");
        acc->loans = grown;
        acc->cap = cap;
    }
    acc->loans[acc->n++] = *l;
    return HS_OK;
}

typedef struct {
    interest_step *steps;
    size_t n, cap;
    int64_t repaid_by_last_fen; /* principal repaid on or before the period's last day */
    hs_date last;
} steps_acc;

static hs_status step_push(steps_acc *acc, hs_date date, int64_t delta, hs_error *err) {
    if (acc->n == acc->cap) {
        size_t cap = acc->cap ? acc->cap * 2 : 16;
        if (cap > INTEREST_STEPS_MAX)
            return hs_fail(err, HS_REFUSED, "more than %d repayments on one loan",
                           INTEREST_STEPS_MAX);
        interest_step *grown = realloc(acc->steps, cap * sizeof *grown);
        if (grown == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory reading repayments");
        acc->steps = grown;
        acc->cap = cap;
    }
    /* insertion in date order, stable: events recorded on one day keep their order */
    size_t i = acc->n++;
    while (i > 0 && acc->steps[i - 1].date > date) {
        acc->steps[i] = acc->steps[i - 1];
        i--;
    }
    acc->steps[i] = (interest_step){date, delta};
    return HS_OK;
}

static hs_status event_step(void *ctx, const credit_event *e, hs_error *err) {
    steps_acc *acc = ctx;
    if (strcmp(e->kind, "repay") != 0 || e->principal_fen <= 0)
        return HS_OK;
    if (e->date <= acc->last &&
        !money_add(acc->repaid_by_last_fen, e->principal_fen, &acc->repaid_by_last_fen))
        return hs_fail(err, HS_STORAGE, "repayments of loan %s overflow", e->loan);
    return step_push(acc, e->date, -e->principal_fen, err);
}

/* True if the principal repaid by `last` covers every instalment the schedule had due by then. */
static hs_status on_schedule(const credit_loan *l, hs_date last, int64_t repaid_fen, bool *out,
                             hs_error *err) {
    credit_instalment *plan = malloc(CREDIT_INSTALMENTS_MAX * sizeof *plan);
    if (plan == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory building a schedule");
    size_t n = 0;
    bool from_disbursement = false;
    hs_status st =
        credit_loan_schedule(l, plan, CREDIT_INSTALMENTS_MAX, &n, &from_disbursement, err);
    int64_t due = 0;
    for (size_t i = 0; st == HS_OK && i < n && plan[i].date <= last; i++)
        if (!money_add(due, plan[i].principal_fen, &due))
            st = hs_fail(err, HS_STORAGE, "schedule of loan %s overflows", l->id);
    free(plan);
    if (st == HS_OK)
        *out = repaid_fen >= due;
    return st;
}

static void money_text(int64_t fen, char *buf, size_t len) {
    assert(fen >= 0);
    snprintf(buf, len, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

/* The policy's inputs for loan l: its terms, whether it is on schedule and in default as of the
 * period's end, then the registry's record of the firm. */
static hs_status loan_inputs(const credit_loan *l, bool scheduled, bool defaulted,
                             interest_firm_inputs_fn fn, void *fn_ctx, char *out, size_t len,
                             json_t **inputs_out, hs_error *err) {
    char rate[32], unsecured[32], amount[48];
    snprintf(rate, sizeof rate, "%lldbp", (long long)l->rate_bp);
    snprintf(unsecured, sizeof unsecured, "%lldbp", (long long)l->unsecured_bp);
    money_text(l->amount_fen, amount, sizeof amount);
    json_t *in =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "loan_rate", rate, "unsecured_share",
                  unsecured, "first_loan", l->first_loan ? "true" : "false", "product", l->product,
                  "bank", l->bank, "loan_amount", amount, "on_schedule",
                  scheduled ? "true" : "false", "defaulted", defaulted ? "true" : "false");
    if (in == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory building inputs");
    hs_status st = fn ? fn(fn_ctx, l->firm, in, err) : HS_OK;
    if (st == HS_OK)
        st = instrument_inputs_text(in, out, len, err);
    if (st != HS_OK) {
        json_decref(in);
        return st;
    }
    *inputs_out = in;
    return HS_OK;
}

typedef struct {
    hs_tx *tx;
} usage_ctx;

static hs_status usage_sum(void *ctx, const instrument_limit_scope *scope,
                           instrument_limit_usage *out, hs_error *err) {
    usage_ctx *u = ctx;
    memset(out, 0, sizeof *out);
    return interest_repo_paid_sum(u->tx, scope->policy_id, scope->firm, scope->year, &out->count,
                                  &out->used_fen, out->first_id, sizeof out->first_id, err);
}

/* Everything one run shares. */
typedef struct {
    hs_tx *tx;
    const interest_scheme *sc;
    const instrument_policy *ip;
    interest_period period;
    hs_date win_from,
        win_to; /* the period inside the policy's validity (win_from > win_to: none) */
    hs_date pay_date;
    interest_firm_inputs_fn firm_inputs;
    void *firm_ctx;
} run_ctx;

/* What the policy says of loan l (eligible, the rate as its yearly subsidy on 1万元), then the
 * rounding once and the policy's limits: fills a->eligible, rate_bp, computed, amount, clause,
 * note and inputs. */
static hs_status decide(const run_ctx *rc, const credit_loan *l, bool scheduled,
                        interest_accrual *a, hs_error *err) {
    json_t *inputs = NULL;
    /* in default by the period's end (a default after it does not reach back) */
    bool defaulted = l->status == LOAN_DEFAULTED && l->defaulted_date <= rc->period.last;
    hs_status st = loan_inputs(l, scheduled, defaulted, rc->firm_inputs, rc->firm_ctx, a->inputs,
                               sizeof a->inputs, &inputs, err);
    if (st != HS_OK)
        return st;
    hs_decision d;
    st = instrument_decide(rc->ip, l->firm, inputs, rc->win_from, &d, err);
    json_decref(inputs);
    if (st != HS_OK)
        return hs_error_prefix(err, "loan %s", l->id);
    if (!d.eligible) {
        snprintf(a->clause, sizeof a->clause, "%s", d.reason);
        return HS_OK;
    }
    /* the amount is the yearly subsidy on 1万元 (1,000,000 fen): rate_bp = amount / 100 exactly */
    if (d.amount_fen < 0 || d.amount_fen % 100 != 0 || d.amount_fen > 100 * MONEY_BP_ONE)
        return hs_fail_code(err, HS_INPUT, "invalid_field", "policy",
                            "%s: the amount for loan %s is %lld fen, not the yearly subsidy on "
                            "1万元 in whole basis points (0..10000bp)",
                            rc->ip->path, l->id, (long long)d.amount_fen);
    a->eligible = true;
    a->rate_bp = d.amount_fen / 100;
    snprintf(a->clause, sizeof a->clause, "%s", policy_amount_clause(rc->ip->policy));
    if (!interest_subsidy_fen(a->principal_days_fen, a->rate_bp, &a->computed_fen))
        return hs_fail(err, HS_INPUT, "loan %s: the subsidy overflows", l->id);
    a->amount_fen = a->computed_fen;
    if (a->amount_fen == 0)
        return HS_OK;
    usage_ctx u = {rc->tx};
    instrument_limit_subject subject = {.kind = "interest subsidy",
                                        .id = l->id,
                                        .firm = l->firm,
                                        .product = l->product,
                                        .may_cap = true};
    st = instrument_limits_check(rc->ip->policy, rc->win_from, &subject, usage_sum, &u,
                                 &a->amount_fen, a->note, sizeof a->note, err);
    if (st == HS_REFUSED && strcmp(err->code, "limit_used") == 0) {
        /* one firm's cap used up drops that loan's subsidy, never the whole period */
        snprintf(a->note, sizeof a->note, "nothing paid: %s", err->msg);
        hs_error_clear(err);
        a->amount_fen = 0;
        st = HS_OK;
    }
    assert(st != HS_OK || (a->amount_fen >= 0 && a->amount_fen <= a->computed_fen));
    return st;
}

/* Pays a->amount_fen from the budget to the scheme's payee for loan l, in the transaction. */
static hs_status pay(const run_ctx *rc, const credit_loan *l, interest_accrual *a, hs_error *err) {
    assert(a->eligible && a->amount_fen > 0 && a->amount_fen <= a->computed_fen);
    hs_status st;
    if (rc->sc->payee == INTEREST_PAY_FIRM) {
        st = instrument_firm_account(rc->tx, l->firm, a->payee_account, sizeof a->payee_account,
                                     err);
    } else {
        credit_bank_account(l->bank, "interest", a->payee_account, sizeof a->payee_account);
        hs_account acct;
        st = credit_account(rc->tx, a->payee_account, "bank", &acct, err);
    }
    if (st != HS_OK)
        return st;
    char object[INTEREST_SCHEME_ID_MAX + INTEREST_PERIOD_MAX + 1];
    snprintf(object, sizeof object, "%s.%s", rc->sc->id, rc->period.text);
    if ((st = instrument_transfer_id(a->transfer_id, "int", object, "l", a->seq, err)) != HS_OK)
        return st;
    hs_transfer t;
    credit_transfer_init(&t, a->transfer_id, rc->sc->policy.budget, a->payee_account, a->amount_fen,
                         INTEREST_CODE, rc->pay_date, false);
    char clause[160];
    snprintf(clause, sizeof clause, "%.150s", a->clause);
    const char *refs[] = {
        "scheme", rc->sc->id, "period", rc->period.text, "loan",   l->id,  "firm", l->firm,
        "bank",   l->bank,    "policy", rc->ip->label,   "clause", clause, NULL,   NULL};
    if ((st = credit_transfer_refs(&t, refs, err)) != HS_OK)
        return st;
    return instrument_apply(rc->tx, &t, 1, "interest subsidy", err);
}

/* Counts, decides, pays and records loan l's accrual; *a->seq is set by the caller. *counted
 * false (nothing recorded) if the loan had no principal in the period. */
static hs_status accrue_loan(const run_ctx *rc, const credit_loan *l, interest_accrual *a,
                             bool *counted, hs_error *err) {
    steps_acc acc = {.last = rc->period.last};
    hs_status st = step_push(&acc, l->disbursed_date, l->amount_fen, err);
    if (st == HS_OK)
        st = credit_repo_events_each(rc->tx->store, l->id, event_step, &acc, err);
    hs_date stop = l->status == LOAN_DEFAULTED ? l->defaulted_date : 0;
    int64_t whole_fen = 0;
    int32_t whole_days = 0;
    hs_date f = 0, t = 0;
    if (st == HS_OK && !interest_principal_days(acc.steps, acc.n, rc->period.first, rc->period.last,
                                                stop, &whole_fen, &whole_days, &f, &t))
        st = hs_fail(err, HS_STORAGE, "loan %s: its repayments exceed its principal", l->id);
    *counted = st == HS_OK && whole_days > 0;
    if (!*counted) {
        free(acc.steps);
        return st;
    }
    snprintf(a->scheme, sizeof a->scheme, "%s", rc->sc->id);
    snprintf(a->period, sizeof a->period, "%s", rc->period.text);
    snprintf(a->loan, sizeof a->loan, "%s", l->id);
    snprintf(a->firm, sizeof a->firm, "%s", l->firm);
    snprintf(a->bank, sizeof a->bank, "%s", l->bank);
    snprintf(a->product, sizeof a->product, "%s", l->product);
    a->loan_rate_bp = l->rate_bp;
    if (rc->win_from <= rc->win_to &&
        !interest_principal_days(acc.steps, acc.n, rc->win_from, rc->win_to, stop,
                                 &a->principal_days_fen, &a->days, &a->from, &a->to))
        st = hs_fail(err, HS_STORAGE, "loan %s: its repayments exceed its principal", l->id);
    free(acc.steps);
    if (st != HS_OK)
        return st;
    if (rc->win_from > rc->win_to || a->days == 0) {
        /* principal in the period, but none while the policy was in force */
        a->principal_days_fen = whole_fen;
        a->days = whole_days;
        a->from = f;
        a->to = t;
        hs_date vf, vt;
        bool open;
        policy_validity(rc->ip->policy, &vf, &vt, &open);
        char vfs[11], vts[11];
        snprintf(a->clause, sizeof a->clause, "not in force: policy %s is valid %s..%s",
                 rc->ip->label, date_format(vf, vfs), open ? "" : date_format(vt, vts));
        snprintf(a->inputs, sizeof a->inputs, "{}");
    } else {
        bool scheduled = false;
        if ((st = on_schedule(l, rc->period.last, acc.repaid_by_last_fen, &scheduled, err)) !=
                HS_OK ||
            (st = decide(rc, l, scheduled, a, err)) != HS_OK)
            return st;
        if (a->amount_fen > 0 && (st = pay(rc, l, a, err)) != HS_OK)
            return hs_error_prefix(err, "loan %s", l->id);
    }
    int year, m, d;
    date_to_ymd(rc->win_from <= rc->win_to ? rc->win_from : rc->period.first, &year, &m, &d);
    return interest_repo_accrual_insert(rc->tx, a, policy_id(rc->ip->policy), year, err);
}

/* The loans in creation order, then one accrual each, then the run; fills out. */
static hs_status accrue_all(run_ctx *rc, interest_result *out, hs_error *err) {
    loans_acc loans = {.last = rc->period.last};
    hs_status st = credit_repo_loans_each(rc->tx->store, NULL, loan_keep, &loans, err);
    size_t cap = loans.n ? loans.n : 1;
    if (st == HS_OK && (out->rows = calloc(cap, sizeof *out->rows)) == NULL)
        st = hs_fail(err, HS_STORAGE, "out of memory");
    interest_run *run = &out->run;
    for (size_t i = 0; st == HS_OK && i < loans.n; i++) {
        interest_accrual *a = &out->rows[out->n];
        memset(a, 0, sizeof *a);
        a->seq = (int32_t)out->n + 1;
        bool counted = false;
        if ((st = accrue_loan(rc, &loans.loans[i], a, &counted, err)) != HS_OK || !counted)
            continue;
        out->n++;
        run->paid += a->amount_fen > 0;
        if (!money_add(run->total_fen, a->amount_fen, &run->total_fen))
            st = hs_fail(err, HS_INPUT, "the period's total overflows");
    }
    free(loans.loans);
    if (st != HS_OK)
        return st;
    run->loans = (int32_t)out->n;
    assert(run->paid <= run->loans && run->total_fen >= 0);
    return interest_repo_run_insert(rc->tx, run, err);
}

hs_status interest_accrue(hs_tx *tx, const char *scheme_id, const char *period,
                          interest_firm_inputs_fn firm_inputs, void *firm_ctx, interest_result *out,
                          hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && out != NULL);
    memset(out, 0, sizeof *out);
    interest_scheme sc;
    bool found = false;
    hs_status st = interest_repo_scheme_get(tx, scheme_id ? scheme_id : "", &sc, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "scheme", "no interest-subsidy scheme '%s'",
                            scheme_id ? scheme_id : "");
    run_ctx rc = {.tx = tx,
                  .sc = &sc,
                  .pay_date = tx->today,
                  .firm_inputs = firm_inputs,
                  .firm_ctx = firm_ctx};
    if (!interest_period_parse(period, &rc.period))
        return hs_invalid_field(err, "period",
                                "field 'period': '%s' is not a month YYYY-MM or a quarter YYYYQN",
                                period ? period : "");
    if ((st = interest_repo_run_get(tx, sc.id, rc.period.text, &out->run, &found, err)) != HS_OK)
        return st;
    if (found) { /* paid once: answer with the record, pay nothing */
        st = interest_period_get(tx->store, sc.id, rc.period.text, out, &found, err);
        out->existed = true;
        return st;
    }
    /* a month and the quarter holding it must not both be paid */
    char other[INTEREST_PERIOD_MAX];
    if ((st = interest_repo_run_overlapping(tx, sc.id, rc.period.first, rc.period.last, other,
                                            sizeof other, &found, err)) != HS_OK)
        return st;
    if (found)
        return hs_fail_code(err, HS_REFUSED, "period_overlaps", "period",
                            "scheme %s paid %s already, which shares days with %s: a day is "
                            "subsidised once",
                            sc.id, other, rc.period.text);
    char last[11], today[11];
    if (tx->today <= rc.period.last)
        return hs_fail_code(err, HS_REFUSED, "period_open", "period",
                            "period %s runs to %s: it can be paid from the day after (today is %s)",
                            rc.period.text, date_format(rc.period.last, last),
                            date_format(tx->today, today));
    if ((st = programme_require_open(tx->store, sc.policy.programme, err)) != HS_OK)
        return st;
    instrument_policy ip;
    if ((st = instrument_policy_stored(tx, &sc.policy, HS_INSTR_CREDIT, &ip, err)) != HS_OK)
        return st;
    rc.ip = &ip;
    hs_date vf, vt;
    bool open;
    policy_validity(ip.policy, &vf, &vt, &open);
    rc.win_from = rc.period.first > vf ? rc.period.first : vf;
    rc.win_to = rc.period.last < vt ? rc.period.last : vt;
    interest_run *run = &out->run;
    snprintf(run->scheme, sizeof run->scheme, "%s", sc.id);
    snprintf(run->period, sizeof run->period, "%s", rc.period.text);
    run->first = rc.period.first;
    run->last = rc.period.last;
    run->run_date = tx->today;
    st = accrue_all(&rc, out, err);
    instrument_policy_free(&ip);
    return st;
}
