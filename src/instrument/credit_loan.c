/* credit_loan.c — loans: approval, disbursement, repayments, default; the 5-working-day check.
 * Every operation here runs inside the caller's hs_tx: it reads the loan, decides and writes the
 * ledger transfers and the loan's record in that one transaction. */
#include "instrument/credit_loan.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "instrument/credit_repo.h"
#include "ledger/transfer_codec.h"
#include "registry/uscc.h"
#include "store/book.h"

#define LOAN_ID_MAX_LEN 40 /* so that derived transfer ids stay within TRANSFER_ID_MAX */

static const char *const status_names[] = {"approved", "disbursed", "repaid", "defaulted"};

const char *credit_loan_status_name(credit_loan_status st) {
    assert(st >= LOAN_APPROVED && st <= LOAN_DEFAULTED);
    return status_names[st];
}

int64_t credit_loan_outstanding(const credit_loan *l) {
    assert(l != NULL);
    if (l->status == LOAN_APPROVED)
        return 0;
    int64_t out = l->amount_fen - l->principal_repaid_fen - l->written_off_fen;
    assert(out >= 0); /* the repository refuses rows where it is not */
    return out;
}

bool credit_firm_valid(const char *firm) {
    char why[160];
    return firm != NULL && uscc_valid(firm, why, sizeof why);
}

static void loan_account(const char *id, char *out, size_t len) {
    assert(strlen(id) <= LOAN_ID_MAX_LEN || strlen(id) < CREDIT_ID_MAX);
    snprintf(out, len, "loan/%s", id);
}

static void firm_account(const char *firm, char *out, size_t len) {
    assert(strlen(firm) < CREDIT_FIRM_MAX);
    snprintf(out, len, "firm/%s/cash", firm);
}

hs_status credit_loan_get(hs_store *s, const char *id, credit_loan *out, bool *found,
                          hs_error *err) {
    assert(s != NULL && id != NULL && out != NULL && found != NULL);
    return credit_repo_loan_read(s, id, out, found, err);
}

hs_status credit_loan_require(hs_tx *tx, const char *id, credit_loan *out, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && id != NULL && out != NULL);
    bool found;
    hs_status st = credit_repo_loan_get(tx, id, out, &found, err);
    if (st == HS_OK && !found)
        return hs_not_found(err, "loan",
                            "no loan '%s' (create it with `huoshui credit loan create`)", id);
    return st;
}

hs_status credit_loans_each(hs_store *s, const char *pool,
                            hs_status (*fn)(void *ctx, const credit_loan *l, hs_error *err),
                            void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    return credit_repo_loans_each(s, pool, fn, ctx, err);
}

hs_status credit_loans_page(hs_store *s, const char *pool, const char *after_id, size_t max_rows,
                            hs_status (*fn)(void *ctx, const credit_loan *l, hs_error *err),
                            void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    return credit_repo_loans_page(s, pool, after_id, max_rows, fn, ctx, err);
}

hs_status credit_loan_events_each(hs_store *s, const char *loan,
                                  hs_status (*fn)(void *ctx, const credit_event *e, hs_error *err),
                                  void *ctx, hs_error *err) {
    assert(s != NULL && loan != NULL && fn != NULL);
    return credit_repo_events_each(s, loan, fn, ctx, err);
}

hs_status credit_loan_schedule(const credit_loan *l, credit_instalment *out, size_t cap, size_t *n,
                               bool *from_disbursement, hs_error *err) {
    assert(l != NULL && out != NULL && n != NULL && from_disbursement != NULL);
    bool disbursed = l->status != LOAN_APPROVED;
    *from_disbursement = disbursed;
    hs_date start = disbursed ? l->disbursed_date : l->approved_date;
    return credit_schedule(l->amount_fen, l->rate_bp, start, l->term_months, l->period_months,
                           l->repayment, out, cap, n, err);
}

/* Resolves a request against its product into a full loan (status approved). */
static hs_status resolve_request(hs_tx *tx, const credit_loan_request *req, credit_loan *l,
                                 hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && req != NULL && l != NULL);
    hs_status st = credit_require_id("id", req->id, err);
    if (st != HS_OK)
        return st;
    if (strlen(req->id) > LOAN_ID_MAX_LEN)
        return hs_invalid_field(err, "id", "field 'id': loan ids are at most %d bytes",
                                LOAN_ID_MAX_LEN);
    if (req->firm != NULL && !credit_utf8_valid(req->firm))
        return hs_invalid_field(err, "firm", "field 'firm': not valid UTF-8");
    if (!credit_firm_valid(req->firm))
        return hs_invalid_field(err, "firm",
                                "field 'firm': '%s' is not a valid 统一社会信用代码 (GB 32100)",
                                req->firm ? req->firm : "");
    if (req->amount_fen <= 0)
        return hs_invalid_field(err, "amount", "field 'amount': must be positive");
    const char *product = req->product ? req->product : "";
    if ((st = credit_require_id("product", product, err)) != HS_OK)
        return st;
    credit_product p;
    bool found;
    if ((st = credit_repo_product_get(tx, product, &p, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "product", "field 'product': no product '%s'", product);
    memset(l, 0, sizeof *l);
    snprintf(l->id, sizeof l->id, "%s", req->id);
    snprintf(l->product, sizeof l->product, "%s", p.id);
    snprintf(l->bank, sizeof l->bank, "%s", p.bank);
    snprintf(l->firm, sizeof l->firm, "%s", req->firm);
    const char *pool = req->pool == NULL ? p.pool : req->pool;
    if (strcmp(pool, "none") == 0)
        pool = "";
    if (pool[0] != '\0') {
        if ((st = credit_require_id("pool", pool, err)) != HS_OK)
            return st;
        credit_pool have;
        if ((st = credit_repo_pool_get(tx, pool, &have, &found, err)) != HS_OK)
            return st;
        if (!found)
            return hs_not_found(err, "pool", "field 'pool': no pool '%s'", pool);
    }
    snprintf(l->pool, sizeof l->pool, "%s", pool);
    l->amount_fen = req->amount_fen;
    l->rate_bp = req->rate_bp >= 0 ? req->rate_bp : p.rate_bp;
    l->term_months = req->term_months > 0 ? req->term_months : p.term_months;
    l->period_months = p.period_months <= l->term_months ? p.period_months : l->term_months;
    l->repayment = p.repayment;
    l->unsecured_bp = req->unsecured_bp >= 0 ? req->unsecured_bp : (p.unsecured ? 10000 : 0);
    if (l->unsecured_bp > MONEY_BP_ONE)
        return hs_invalid_field(err, "unsecured", "field 'unsecured': at most 100%%");
    l->approved_date = req->approved_date;
    l->status = LOAN_APPROVED;
    credit_instalment probe[CREDIT_INSTALMENTS_MAX];
    size_t n;
    if ((st = credit_schedule(l->amount_fen, l->rate_bp, l->approved_date, l->term_months,
                              l->period_months, l->repayment, probe, CREDIT_INSTALMENTS_MAX, &n,
                              err)) != HS_OK)
        return st;
    if (l->amount_fen > p.ceiling_fen) {
        char a[MONEY_TEXT_MAX], c[MONEY_TEXT_MAX];
        return hs_fail_code(err, HS_REFUSED, "above_ceiling", "amount",
                            "loan %s: %s is above the ceiling of %s (%s)", l->id,
                            money_format(l->amount_fen, a, sizeof a),
                            money_format(p.ceiling_fen, c, sizeof c), p.id);
    }
    return HS_OK;
}

static const char *create_difference(const credit_loan *want, const credit_loan *have,
                                     const credit_loan_request *req) {
    if (strcmp(want->product, have->product))
        return "product";
    if (strcmp(want->firm, have->firm))
        return "firm";
    if (want->amount_fen != have->amount_fen)
        return "amount";
    if (want->approved_date != have->approved_date)
        return "approved";
    if (strcmp(want->pool, have->pool))
        return "pool";
    if (want->unsecured_bp != have->unsecured_bp)
        return "unsecured";
    if (want->rate_bp != have->rate_bp)
        return "rate";
    if (want->term_months != have->term_months)
        return "term-months";
    if (req->first_loan >= 0 && (req->first_loan != 0) != have->first_loan)
        return "first-loan";
    return NULL;
}

hs_status credit_loan_create(hs_tx *tx, const credit_loan_request *req, credit_loan *out,
                             hs_error *err) {
    assert(tx != NULL && req != NULL && store_in_txn(tx->store));
    credit_loan l;
    hs_status st = resolve_request(tx, req, &l, err);
    if (st != HS_OK)
        return st;
    credit_loan have;
    bool found;
    if ((st = credit_repo_loan_get(tx, l.id, &have, &found, err)) != HS_OK)
        return st;
    if (found) {
        const char *diff = create_difference(&l, &have, req);
        if (diff != NULL)
            return hs_fail_code(err, HS_INPUT, "exists_with_different_terms", diff,
                                "loan %s exists with another '%s'", l.id, diff);
        if (out != NULL)
            *out = have;
        return HS_OK;
    }
    if (req->first_loan >= 0) {
        l.first_loan = req->first_loan != 0;
    } else {
        bool any;
        if ((st = credit_repo_firm_has_loans(tx, l.firm, &any, err)) != HS_OK)
            return st;
        l.first_loan = !any;
    }
    char acct[ACCOUNT_NAME_MAX];
    bool existed;
    loan_account(l.id, acct, sizeof acct);
    if ((st = credit_owned_account(tx, acct, "loan", ACCOUNT_CREDITS_LE_DEBITS, err)) != HS_OK)
        return st;
    firm_account(l.firm, acct, sizeof acct);
    if ((st = hs_tx_account_ensure(tx, acct, "enterprise", 0, NULL, NULL, &existed, err)) !=
            HS_OK ||
        (st = credit_bank_ensure(tx, l.bank, err)) != HS_OK)
        return st;
    /* a new loan starts approved with nothing lent, repaid or written off */
    assert(l.status == LOAN_APPROVED && credit_loan_outstanding(&l) == 0 && l.repayments == 0);
    if ((st = credit_repo_loan_insert(tx, &l, err)) != HS_OK)
        return st;
    if (out != NULL)
        *out = l;
    return HS_OK;
}

/* Refs shared by every transfer of a loan. */
static hs_status loan_refs(hs_transfer *t, const credit_loan *l, const char *clause,
                           hs_error *err) {
    assert(t != NULL && l != NULL && clause != NULL);
    const char *pairs[] = {"loan",  l->id,    "bank", l->bank, "product", l->product, "firm",
                           l->firm, "clause", clause, "pool",  l->pool,   NULL,       NULL};
    return credit_transfer_refs(t, pairs, err);
}

static hs_status refuse_state(const credit_loan *l, const char *doing, hs_error *err) {
    assert(l != NULL && doing != NULL);
    char d[DATE_TEXT_LEN];
    switch (l->status) {
    case LOAN_APPROVED:
        return hs_fail_code(err, HS_REFUSED, "state_conflict", NULL,
                            "cannot %s loan %s: it has not been disbursed", doing, l->id);
    case LOAN_DISBURSED:
        return hs_fail_code(err, HS_REFUSED, "state_conflict", NULL,
                            "cannot %s loan %s: it was disbursed on %s", doing, l->id,
                            date_format(l->disbursed_date, d));
    case LOAN_REPAID:
        return hs_fail_code(err, HS_REFUSED, "state_conflict", NULL,
                            "cannot %s loan %s: it is repaid in full", doing, l->id);
    case LOAN_DEFAULTED:
        return hs_fail_code(err, HS_REFUSED, "state_conflict", NULL,
                            "cannot %s loan %s: it defaulted on %s", doing, l->id,
                            date_format(l->defaulted_date, d));
    }
    return hs_fail_code(err, HS_REFUSED, "state_conflict", NULL, "cannot %s loan %s", doing, l->id);
}

hs_status credit_loan_disburse(hs_tx *tx, const char *id, hs_date date, credit_loan *out,
                               hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    credit_loan lv, *l = &lv;
    hs_status st = credit_loan_require(tx, id, l, err);
    if (st != HS_OK)
        return st;
    if (l->status != LOAN_APPROVED)
        return refuse_state(l, "disburse", err);
    char d[DATE_TEXT_LEN];
    if (date < l->approved_date)
        return hs_invalid_field(err, "date", "field 'date': disbursement before approval (%s)",
                                date_format(l->approved_date, d));
    credit_instalment probe[CREDIT_INSTALMENTS_MAX];
    size_t n;
    if ((st = credit_schedule(l->amount_fen, l->rate_bp, date, l->term_months, l->period_months,
                              l->repayment, probe, CREDIT_INSTALMENTS_MAX, &n, err)) != HS_OK)
        return st;
    char lending[ACCOUNT_NAME_MAX], firm[ACCOUNT_NAME_MAX], loan[ACCOUNT_NAME_MAX];
    char id1[TRANSFER_ID_MAX], id2[TRANSFER_ID_MAX];
    credit_bank_account(l->bank, "lending", lending, sizeof lending);
    firm_account(l->firm, firm, sizeof firm);
    loan_account(l->id, loan, sizeof loan);
    if ((st = credit_format_id(id1, sizeof id1, "loan", err, "credit.%s.disburse.cash", l->id)) !=
            HS_OK ||
        (st = credit_format_id(id2, sizeof id2, "loan", err, "credit.%s.disburse.loan", l->id)) !=
            HS_OK)
        return st;
    hs_transfer ev[2];
    credit_transfer_init(&ev[0], id1, lending, firm, l->amount_fen, "credit.disburse", date, true);
    credit_transfer_init(&ev[1], id2, loan, lending, l->amount_fen, "credit.disburse", date, false);
    for (int i = 0; i < 2; i++)
        if ((st = loan_refs(&ev[i], l, "loan-contract", err)) != HS_OK)
            return st;
    if ((st = credit_apply(tx, ev, 2, "disbursement", err)) != HS_OK)
        return st;
    l->status = LOAN_DISBURSED;
    l->disbursed_date = date;
    l->interest_paid_to = date;
    /* postcondition: the whole principal is outstanding, nothing repaid yet */
    assert(credit_loan_outstanding(l) == l->amount_fen && l->principal_repaid_fen == 0);
    if ((st = credit_repo_loan_update(tx, l, err)) != HS_OK)
        return st;
    if (out != NULL)
        *out = *l;
    return HS_OK;
}

/* Principal the schedule asks for next: the first instalment falling after the date interest is
 * paid to (or the last one, past maturity), less whatever principal was repaid ahead of it (never
 * negative: an interest-only instalment of a bullet loan, or one already prepaid, asks 0). */
static hs_status next_scheduled_principal(const credit_loan *l, int64_t *out, hs_error *err) {
    assert(l != NULL && out != NULL && l->status != LOAN_APPROVED); /* only a disbursed loan */
    credit_instalment sched[CREDIT_INSTALMENTS_MAX];
    size_t n;
    hs_status st =
        credit_schedule(l->amount_fen, l->rate_bp, l->disbursed_date, l->term_months,
                        l->period_months, l->repayment, sched, CREDIT_INSTALMENTS_MAX, &n, err);
    if (st != HS_OK)
        return st;
    int64_t cumulative = 0;
    for (size_t i = 0; i < n; i++) {
        cumulative += sched[i].principal_fen;
        if (sched[i].date > l->interest_paid_to)
            break;
    }
    int64_t due = cumulative - l->principal_repaid_fen;
    *out = due > 0 ? due : 0;
    assert(*out >= 0 && *out <= cumulative);
    return HS_OK;
}

/* The id of a repayment or recovery: the client's (at most 40 bytes) or the next in sequence. */
hs_status credit_event_id(const credit_loan *l, const char *client_id, const char *kind, int seq,
                          char *out, size_t len, hs_error *err) {
    /* 2 bytes are kept for the ".i"/".c"/".p"/".b" suffixes of the event's transfers */
    assert(len == TRANSFER_ID_MAX);
    if (client_id == NULL)
        return credit_format_id(out, len - 2, "id", err, "credit.%s.%s.%d", l->id, kind, seq);
    if (!credit_utf8_valid(client_id))
        return hs_invalid_field(err, "id", "field 'id': not valid UTF-8");
    if (strlen(client_id) > LOAN_ID_MAX_LEN || !credit_id_valid(client_id))
        return hs_invalid_field(err, "id",
                                "field 'id': '%s' must be 1-%d bytes without '/' or spaces",
                                client_id, LOAN_ID_MAX_LEN);
    snprintf(out, len, "%s", client_id);
    return HS_OK;
}

/* Looks a client id up: *found false if new; if found for the same loan, kind, date and amount
 * (amount 0 matches any), *e is the recorded event; another body is HS_INPUT (id reused). */
hs_status credit_event_existing(hs_tx *tx, const char *id, const credit_loan *l, const char *kind,
                                int64_t amount_fen, hs_date date, credit_event *e, bool *found,
                                hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && id != NULL && l != NULL);
    assert(kind != NULL && e != NULL && found != NULL);
    hs_status st = credit_repo_event_get(tx, id, e, found, err);
    if (st != HS_OK || !*found)
        return st;
    if (strcmp(e->loan, l->id) || strcmp(e->kind, kind) || e->date != date ||
        (amount_fen != 0 && amount_fen != e->amount_fen))
        return hs_fail_code(err, HS_INPUT, "id_reused", "id",
                            "id '%s' was already used for another %s (loan %s)", id, e->kind,
                            e->loan);
    return HS_OK;
}

hs_status credit_loan_repay(hs_tx *tx, const char *loan_id, int64_t amount_fen, hs_date date,
                            const char *client_id, credit_repayment_result *out, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    if (amount_fen < 0)
        return hs_invalid_field(err, "amount", "field 'amount': must be positive");
    credit_repayment_result ignored;
    if (out == NULL)
        out = &ignored;
    credit_loan lv, *l = &lv;
    hs_status st = credit_loan_require(tx, loan_id, l, err);
    if (st != HS_OK)
        return st;
    char id[TRANSFER_ID_MAX];
    if ((st = credit_event_id(l, client_id, "repay", l->repayments + 1, id, sizeof id, err)) !=
        HS_OK)
        return st;
    credit_event have;
    bool found;
    if ((st = credit_event_existing(tx, id, l, "repay", amount_fen, date, &have, &found, err)) !=
        HS_OK)
        return st;
    if (found) {
        *out = (credit_repayment_result){have.amount_fen, have.interest_fen, have.principal_fen,
                                         credit_loan_outstanding(l), true};
        return HS_OK;
    }
    if (l->status != LOAN_DISBURSED)
        return refuse_state(l, "repay", err);
    char d[DATE_TEXT_LEN];
    if (date < l->interest_paid_to)
        return hs_invalid_field(err, "date",
                                "field 'date': before the last repayment or disbursement (%s)",
                                date_format(l->interest_paid_to, d));
    int64_t outstanding = credit_loan_outstanding(l), interest, principal;
    if (!credit_interest_act365(outstanding, l->rate_bp, date_diff_days(l->interest_paid_to, date),
                                &interest))
        return hs_fail(err, HS_INPUT, "interest overflows");
    int64_t amount = amount_fen;
    if (amount == 0) {
        if ((st = next_scheduled_principal(l, &principal, err)) != HS_OK)
            return st;
        amount = interest + principal;
    }
    char a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX];
    if (amount < interest)
        return hs_fail_code(err, HS_REFUSED, "below_interest", "amount",
                            "repayment of %s does not cover the interest accrued since %s (%s)",
                            money_format(amount, a, sizeof a), date_format(l->interest_paid_to, d),
                            money_format(interest, b, sizeof b));
    principal = amount - interest;
    if (principal > outstanding)
        return hs_fail_code(
            err, HS_REFUSED, "exceeds_owed", "amount", "repayment of %s is more than is owed (%s)",
            money_format(amount, a, sizeof a), money_format(interest + outstanding, b, sizeof b));
    char firm[ACCOUNT_NAME_MAX], lending[ACCOUNT_NAME_MAX], income[ACCOUNT_NAME_MAX],
        loan[ACCOUNT_NAME_MAX];
    firm_account(l->firm, firm, sizeof firm);
    credit_bank_account(l->bank, "lending", lending, sizeof lending);
    credit_bank_account(l->bank, "interest", income, sizeof income);
    loan_account(l->id, loan, sizeof loan);
    hs_transfer ev[3];
    size_t n = 0;
    char tid[TRANSFER_ID_MAX], clause[48];
    snprintf(clause, sizeof clause, "repayment %d", l->repayments + 1);
    /* event_id left room for the two-byte suffix */
    if (interest > 0) {
        snprintf(tid, sizeof tid, "%s.i", id);
        credit_transfer_init(&ev[n++], tid, firm, income, interest, "credit.repay", date,
                             principal > 0);
    }
    if (principal > 0) {
        snprintf(tid, sizeof tid, "%s.c", id);
        credit_transfer_init(&ev[n++], tid, firm, lending, principal, "credit.repay", date, true);
        snprintf(tid, sizeof tid, "%s.p", id);
        credit_transfer_init(&ev[n++], tid, lending, loan, principal, "credit.repay", date, false);
    }
    if (n == 0)
        return hs_fail_code(err, HS_REFUSED, "nothing_due", NULL, "nothing is due on %s",
                            date_format(date, d));
    for (size_t i = 0; i < n; i++)
        if ((st = loan_refs(&ev[i], l, clause, err)) != HS_OK)
            return st;
    if ((st = credit_apply(tx, ev, n, "repayment", err)) != HS_OK)
        return st;
    l->principal_repaid_fen += principal;
    l->interest_paid_fen += interest;
    l->interest_paid_to = date;
    l->repayments++;
    if (credit_loan_outstanding(l) == 0)
        l->status = LOAN_REPAID;
    /* postcondition: the principal repaid left the outstanding; repaid in full iff nothing left */
    assert(credit_loan_outstanding(l) == outstanding - principal);
    assert((l->status == LOAN_REPAID) == (outstanding == principal));
    credit_event rec = {
        .date = date, .amount_fen = amount, .principal_fen = principal, .interest_fen = interest};
    snprintf(rec.id, sizeof rec.id, "%s", id);
    snprintf(rec.loan, sizeof rec.loan, "%s", l->id);
    snprintf(rec.kind, sizeof rec.kind, "repay");
    if ((st = credit_repo_event_insert(tx, &rec, err)) != HS_OK)
        return st;
    *out =
        (credit_repayment_result){amount, interest, principal, credit_loan_outstanding(l), false};
    return credit_repo_loan_update(tx, l, err);
}

hs_status credit_loan_default(hs_tx *tx, const char *id, hs_date date, int64_t *written_off,
                              hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    credit_loan lv, *l = &lv;
    hs_status st = credit_loan_require(tx, id, l, err);
    if (st != HS_OK)
        return st;
    if (l->status != LOAN_DISBURSED)
        return refuse_state(l, "default", err);
    char d[DATE_TEXT_LEN];
    if (date < l->interest_paid_to)
        return hs_invalid_field(err, "date",
                                "field 'date': before the last repayment or disbursement (%s)",
                                date_format(l->interest_paid_to, d));
    int64_t outstanding = credit_loan_outstanding(l);
    if (outstanding <= 0) /* a disbursed loan with nothing outstanding would be repaid */
        return hs_fail(err, HS_STORAGE,
                       "the book's loan '%s' is disbursed with nothing outstanding", l->id);
    char losses[ACCOUNT_NAME_MAX], loan[ACCOUNT_NAME_MAX], tid[TRANSFER_ID_MAX];
    credit_bank_account(l->bank, "losses", losses, sizeof losses);
    loan_account(l->id, loan, sizeof loan);
    if ((st = credit_format_id(tid, sizeof tid, "loan", err, "credit.%s.default", l->id)) != HS_OK)
        return st;
    hs_transfer t;
    credit_transfer_init(&t, tid, losses, loan, outstanding, "credit.default", date, false);
    if ((st = loan_refs(&t, l, "write-off", err)) != HS_OK ||
        (st = credit_apply(tx, &t, 1, "default", err)) != HS_OK)
        return st;
    l->status = LOAN_DEFAULTED;
    l->defaulted_date = date;
    l->written_off_fen = outstanding;
    /* postcondition: everything outstanding is written off, nothing left on the loan */
    assert(credit_loan_outstanding(l) == 0 && l->written_off_fen > 0);
    if (written_off != NULL)
        *written_off = outstanding;
    return credit_repo_loan_update(tx, l, err);
}

typedef struct {
    const hs_calendar *cal;
    hs_date on;
    int32_t workdays;
    hs_status (*fn)(void *ctx, const credit_overdue *o, hs_error *err);
    void *ctx;
} overdue_ctx;

static hs_status check_overdue(void *vctx, const credit_loan *l, hs_error *err) {
    overdue_ctx *c = vctx;
    assert(c != NULL && c->cal != NULL && c->fn != NULL && l != NULL && c->workdays >= 0);
    if (l->approved_date > c->on)
        return HS_OK;
    credit_overdue o = {.loan = *l};
    o.deadline = calendar_add_workdays(c->cal, l->approved_date, c->workdays);
    bool disbursed_by_on = l->status != LOAN_APPROVED && l->disbursed_date <= c->on;
    if (disbursed_by_on) {
        if (l->disbursed_date <= o.deadline)
            return HS_OK;
        o.disbursed_late = true;
        o.workdays_taken = calendar_workdays_between(c->cal, l->approved_date, l->disbursed_date);
    } else {
        if (c->on <= o.deadline)
            return HS_OK;
        o.workdays_taken = calendar_workdays_between(c->cal, l->approved_date, c->on);
    }
    return c->fn(c->ctx, &o, err);
}

hs_status
credit_overdue_approvals(hs_store *s, const hs_calendar *cal, hs_date on, int32_t workdays,
                         hs_status (*fn)(void *ctx, const credit_overdue *o, hs_error *err),
                         void *ctx, hs_error *err) {
    assert(s != NULL && cal != NULL && fn != NULL);
    if (workdays < 0)
        return hs_invalid_field(err, "workdays", "field 'workdays': must not be negative");
    overdue_ctx c = {cal, on, workdays, fn, ctx};
    return credit_repo_loans_each(s, NULL, check_overdue, &c, err);
}
