/* credit_loan.c — loans: approval, disbursement, repayments, default; the 5-working-day check. */
#include "instrument/credit_loan.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */
#include "registry/uscc.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "ledger/transfer_codec.h"
#include "store/book.h"

#define LOAN_ID_MAX_LEN 40 /* so that derived transfer ids stay within TRANSFER_ID_MAX */

static const char *const status_names[] = {"approved", "disbursed", "repaid", "defaulted"};

const char *credit_loan_status_name(credit_loan_status st) {
    assert(st >= LOAN_APPROVED && st <= LOAN_DEFAULTED);
    return status_names[st];
}

static bool status_parse(const char *text, credit_loan_status *out) {
    for (int i = 0; i <= LOAN_DEFAULTED; i++)
        if (strcmp(text, status_names[i]) == 0) {
            *out = (credit_loan_status)i;
            return true;
        }
    return false;
}

int64_t credit_loan_outstanding(const credit_loan *l) {
    if (l->status == LOAN_APPROVED)
        return 0;
    int64_t out = l->amount_fen - l->principal_repaid_fen - l->written_off_fen;
    assert(out >= 0);
    return out;
}

bool credit_firm_valid(const char *firm) {
    char why[160];
    return firm != NULL && uscc_valid(firm, why, sizeof why);
}

static void loan_account(const char *id, char *out, size_t len) {
    snprintf(out, len, "loan/%s", id);
}

static void firm_account(const char *firm, char *out, size_t len) {
    snprintf(out, len, "firm/%s/cash", firm);
}

static const char *const loan_cols =
    "SELECT id, product, bank, firm, pool, amount_fen, rate_bp, term_months, period_months,"
    " repayment, unsecured_bp, first_loan, approved_date, status, disbursed_date, defaulted_date,"
    " principal_repaid_fen, interest_paid_fen, interest_paid_to, repayments, written_off_fen,"
    " recovered_fen, recovered_before_claim_fen, returned_to_pool_fen, recoveries FROM "
    "credit_loans";

static void read_row(sqlite3_stmt *q, credit_loan *l) {
    memset(l, 0, sizeof *l);
    credit_column_text(q, 0, l->id, sizeof l->id);
    credit_column_text(q, 1, l->product, sizeof l->product);
    credit_column_text(q, 2, l->bank, sizeof l->bank);
    credit_column_text(q, 3, l->firm, sizeof l->firm);
    credit_column_text(q, 4, l->pool, sizeof l->pool);
    l->amount_fen = sqlite3_column_int64(q, 5);
    l->rate_bp = sqlite3_column_int64(q, 6);
    l->term_months = sqlite3_column_int(q, 7);
    l->period_months = sqlite3_column_int(q, 8);
    char text[32];
    credit_column_text(q, 9, text, sizeof text);
    if (!credit_repayment_parse(text, &l->repayment))
        l->repayment = CREDIT_EQUAL_PRINCIPAL;
    l->unsecured_bp = sqlite3_column_int64(q, 10);
    l->first_loan = sqlite3_column_int(q, 11) != 0;
    l->approved_date = (hs_date)sqlite3_column_int64(q, 12);
    credit_column_text(q, 13, text, sizeof text);
    if (!status_parse(text, &l->status))
        l->status = LOAN_APPROVED;
    l->disbursed_date = (hs_date)sqlite3_column_int64(q, 14);
    l->defaulted_date = (hs_date)sqlite3_column_int64(q, 15);
    l->principal_repaid_fen = sqlite3_column_int64(q, 16);
    l->interest_paid_fen = sqlite3_column_int64(q, 17);
    l->interest_paid_to = (hs_date)sqlite3_column_int64(q, 18);
    l->repayments = sqlite3_column_int(q, 19);
    l->written_off_fen = sqlite3_column_int64(q, 20);
    l->recovered_fen = sqlite3_column_int64(q, 21);
    l->recovered_before_claim_fen = sqlite3_column_int64(q, 22);
    l->returned_to_pool_fen = sqlite3_column_int64(q, 23);
    l->recoveries = sqlite3_column_int(q, 24);
}

static void read_row_any(sqlite3_stmt *q, void *out) {
    read_row(q, out);
}

hs_status credit_loan_get(hs_store *s, const char *id, credit_loan *out, bool *found,
                          hs_error *err) {
    char sql[1024];
    snprintf(sql, sizeof sql, "%s WHERE id = ?1", loan_cols);
    return store_get_one(s, sql, id, read_row_any, out, found, "reading a loan", err);
}

hs_status credit_loan_require(hs_store *s, const char *id, credit_loan *out, hs_error *err) {
    bool found;
    hs_status st = credit_loan_get(s, id, out, &found, err);
    if (st == HS_OK && !found)
        return hs_fail(err, HS_INPUT, "no loan '%s' (create it with `huoshui credit loan create`)",
                       id);
    return st;
}

hs_status credit_loans_each(hs_store *s, const char *pool,
                            hs_status (*fn)(void *ctx, const credit_loan *l, hs_error *err),
                            void *ctx, hs_error *err) {
    hs_status st = HS_OK;
    char sql[1024];
    snprintf(sql, sizeof sql, "%s %s ORDER BY seq", loan_cols,
             pool != NULL ? "WHERE pool = ?1" : "");
    sqlite3_stmt *q;
    if ((st = credit_prepare(s, sql, &q, err)) != HS_OK)
        return st;
    if (pool != NULL)
        sqlite3_bind_text(q, 1, pool, -1, SQLITE_STATIC);
    int rc = SQLITE_DONE;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        credit_loan l;
        read_row(q, &l);
        st = fn(ctx, &l, err);
    }
    sqlite3_finalize(q);
    if (st == HS_OK && rc != SQLITE_DONE)
        return credit_db_fail(s, err, "reading loans");
    return st;
}

static void bind_date_or_null(sqlite3_stmt *q, int col, hs_date d, bool present) {
    if (present)
        sqlite3_bind_int64(q, col, d);
    else
        sqlite3_bind_null(q, col);
}

hs_status credit_loan_save(hs_store *s, const credit_loan *l, hs_error *err) {
    sqlite3_stmt *q;
    hs_status st = credit_prepare(
        s,
        "UPDATE credit_loans SET status = ?2, disbursed_date = ?3, defaulted_date = ?4,"
        " principal_repaid_fen = ?5, interest_paid_fen = ?6, interest_paid_to = ?7,"
        " repayments = ?8, written_off_fen = ?9, recovered_fen = ?10,"
        " recovered_before_claim_fen = ?11, returned_to_pool_fen = ?12, recoveries = ?13"
        " WHERE id = ?1",
        &q, err);
    if (st != HS_OK)
        return st;
    bool disbursed = l->status != LOAN_APPROVED;
    sqlite3_bind_text(q, 1, l->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, credit_loan_status_name(l->status), -1, SQLITE_STATIC);
    bind_date_or_null(q, 3, l->disbursed_date, disbursed);
    bind_date_or_null(q, 4, l->defaulted_date, l->status == LOAN_DEFAULTED);
    sqlite3_bind_int64(q, 5, l->principal_repaid_fen);
    sqlite3_bind_int64(q, 6, l->interest_paid_fen);
    bind_date_or_null(q, 7, l->interest_paid_to, disbursed);
    sqlite3_bind_int(q, 8, l->repayments);
    sqlite3_bind_int64(q, 9, l->written_off_fen);
    sqlite3_bind_int64(q, 10, l->recovered_fen);
    sqlite3_bind_int64(q, 11, l->recovered_before_claim_fen);
    sqlite3_bind_int64(q, 12, l->returned_to_pool_fen);
    sqlite3_bind_int(q, 13, l->recoveries);
    return credit_step_done(s, q, "saving a loan", err);
}

static hs_status pool_exists(hs_store *s, const char *pool, bool *found, hs_error *err) {
    sqlite3_stmt *q;
    hs_status st = credit_prepare(s, "SELECT 1 FROM credit_pools WHERE id = ?1", &q, err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, pool, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *found = rc == SQLITE_ROW;
    sqlite3_finalize(q);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? HS_OK
                                                   : credit_db_fail(s, err, "reading a pool");
}

static hs_status firm_has_loans(hs_store *s, const char *firm, bool *any, hs_error *err) {
    sqlite3_stmt *q;
    hs_status st = credit_prepare(s, "SELECT 1 FROM credit_loans WHERE firm = ?1 LIMIT 1", &q, err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, firm, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *any = rc == SQLITE_ROW;
    sqlite3_finalize(q);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? HS_OK
                                                   : credit_db_fail(s, err, "reading loans");
}

/* Resolves a request against its product into a full loan (status approved). */
static hs_status resolve_request(hs_store *s, const credit_loan_request *req, credit_loan *l,
                                 hs_error *err) {
    hs_status st = credit_require_id("id", req->id, err);
    if (st != HS_OK)
        return st;
    if (strlen(req->id) > LOAN_ID_MAX_LEN)
        return hs_fail(err, HS_INPUT, "field 'id': loan ids are at most %d bytes", LOAN_ID_MAX_LEN);
    if (!credit_firm_valid(req->firm))
        return hs_fail(err, HS_INPUT,
                       "field 'firm': '%s' is not a valid 统一社会信用代码 (GB 32100)",
                       req->firm ? req->firm : "");
    if (req->amount_fen <= 0)
        return hs_fail(err, HS_INPUT, "field 'amount': must be positive");
    credit_product p;
    bool found;
    if ((st = credit_product_get(s, req->product ? req->product : "", &p, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_fail(err, HS_INPUT, "field 'product': no product '%s'",
                       req->product ? req->product : "");
    memset(l, 0, sizeof *l);
    snprintf(l->id, sizeof l->id, "%s", req->id);
    snprintf(l->product, sizeof l->product, "%s", p.id);
    snprintf(l->bank, sizeof l->bank, "%s", p.bank);
    snprintf(l->firm, sizeof l->firm, "%s", req->firm);
    const char *pool = req->pool == NULL ? p.pool : req->pool;
    if (strcmp(pool, "none") == 0)
        pool = "";
    snprintf(l->pool, sizeof l->pool, "%s", pool);
    if (l->pool[0] != '\0') {
        if ((st = pool_exists(s, l->pool, &found, err)) != HS_OK)
            return st;
        if (!found)
            return hs_fail(err, HS_INPUT, "field 'pool': no pool '%s'", l->pool);
    }
    l->amount_fen = req->amount_fen;
    l->rate_bp = req->rate_bp >= 0 ? req->rate_bp : p.rate_bp;
    l->term_months = req->term_months > 0 ? req->term_months : p.term_months;
    l->period_months = p.period_months <= l->term_months ? p.period_months : l->term_months;
    l->repayment = p.repayment;
    l->unsecured_bp = req->unsecured_bp >= 0 ? req->unsecured_bp : (p.unsecured ? 10000 : 0);
    if (l->unsecured_bp > MONEY_BP_ONE)
        return hs_fail(err, HS_INPUT, "field 'unsecured': at most 100%%");
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
        return hs_fail(err, HS_REFUSED, "loan %s: %s is above the ceiling of %s (%s)", l->id,
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

static hs_status insert_loan(hs_store *s, const credit_loan *l, hs_error *err) {
    sqlite3_stmt *q;
    hs_status st = credit_prepare(
        s,
        "INSERT INTO credit_loans(id, product, bank, firm, pool, amount_fen, rate_bp, term_months,"
        " period_months, repayment, unsecured_bp, first_loan, approved_date, status)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'approved')",
        &q, err);
    if (st != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, l->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, l->product, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, l->bank, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, l->firm, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, l->pool, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 6, l->amount_fen);
    sqlite3_bind_int64(q, 7, l->rate_bp);
    sqlite3_bind_int(q, 8, l->term_months);
    sqlite3_bind_int(q, 9, l->period_months);
    sqlite3_bind_text(q, 10, credit_repayment_name(l->repayment), -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 11, l->unsecured_bp);
    sqlite3_bind_int(q, 12, l->first_loan ? 1 : 0);
    sqlite3_bind_int64(q, 13, l->approved_date);
    return credit_step_done(s, q, "creating a loan", err);
}

hs_status credit_loan_create(hs_store *s, const credit_loan_request *req, credit_loan *out,
                             hs_error *err) {
    credit_loan l;
    hs_status st = resolve_request(s, req, &l, err);
    if (st != HS_OK)
        return st;
    char acct[ACCOUNT_NAME_MAX];
    loan_account(l.id, acct, sizeof acct);
    if ((st = credit_ensure_account(s, acct, "loan", ACCOUNT_CREDITS_LE_DEBITS, err)) != HS_OK)
        return st;
    firm_account(l.firm, acct, sizeof acct);
    if ((st = credit_ensure_account(s, acct, "enterprise", 0, err)) != HS_OK ||
        (st = credit_bank_ensure(s, l.bank, err)) != HS_OK)
        return st;
    if ((st = store_begin(s, err)) != HS_OK)
        return st;
    credit_loan have;
    bool found;
    if ((st = credit_loan_get(s, l.id, &have, &found, err)) != HS_OK)
        goto fail;
    if (found) {
        store_rollback(s);
        const char *diff = create_difference(&l, &have, req);
        if (diff != NULL)
            return hs_fail(err, HS_INPUT, "loan %s exists with another '%s'", l.id, diff);
        if (out != NULL)
            *out = have;
        return HS_OK;
    }
    if (req->first_loan >= 0) {
        l.first_loan = req->first_loan != 0;
    } else {
        bool any;
        if ((st = firm_has_loans(s, l.firm, &any, err)) != HS_OK)
            goto fail;
        l.first_loan = !any;
    }
    if ((st = insert_loan(s, &l, err)) != HS_OK)
        goto fail;
    if ((st = store_commit(s, err)) != HS_OK)
        return st;
    if (out != NULL)
        *out = l;
    return HS_OK;
fail:
    store_rollback(s);
    return st;
}

/* Refs shared by every transfer of a loan. */
static hs_status loan_refs(hs_transfer *t, const credit_loan *l, const char *clause,
                           hs_error *err) {
    const char *pairs[] = {"loan",  l->id,    "bank", l->bank, "product", l->product, "firm",
                           l->firm, "clause", clause, "pool",  l->pool,   NULL,       NULL};
    return credit_transfer_refs(t, pairs, err);
}

/* Runs op(txn, loan) on a freshly read loan inside one book transaction; commits if it succeeds. */
typedef hs_status (*loan_op)(hs_tx *txn, credit_loan *l, void *ctx, hs_error *err);

static hs_status with_loan(hs_store *s, const char *id, loan_op op, void *ctx, hs_error *err) {
    hs_status st = HS_OK;
    hs_tx txn;
    if ((st = hs_tx_begin(s, &txn, err)) != HS_OK)
        return st;
    credit_loan l;
    if ((st = credit_loan_require(s, id, &l, err)) == HS_OK &&
        (st = op(&txn, &l, ctx, err)) == HS_OK)
        return hs_tx_commit(&txn, err);
    hs_tx_rollback(&txn);
    return st;
}

static hs_status refuse_state(const credit_loan *l, const char *doing, hs_error *err) {
    char d[DATE_TEXT_LEN];
    switch (l->status) {
    case LOAN_APPROVED:
        return hs_fail(err, HS_REFUSED, "cannot %s loan %s: it has not been disbursed", doing,
                       l->id);
    case LOAN_DISBURSED:
        return hs_fail(err, HS_REFUSED, "cannot %s loan %s: it was disbursed on %s", doing, l->id,
                       date_format(l->disbursed_date, d));
    case LOAN_REPAID:
        return hs_fail(err, HS_REFUSED, "cannot %s loan %s: it is repaid in full", doing, l->id);
    case LOAN_DEFAULTED:
        return hs_fail(err, HS_REFUSED, "cannot %s loan %s: it defaulted on %s", doing, l->id,
                       date_format(l->defaulted_date, d));
    }
    return HS_REFUSED;
}

static hs_status do_disburse(hs_tx *txn, credit_loan *l, void *ctx, hs_error *err) {
    hs_date date = *(const hs_date *)ctx;
    if (l->status != LOAN_APPROVED)
        return refuse_state(l, "disburse", err);
    char d[DATE_TEXT_LEN];
    if (date < l->approved_date)
        return hs_fail(err, HS_INPUT, "field 'date': disbursement before approval (%s)",
                       date_format(l->approved_date, d));
    credit_instalment probe[CREDIT_INSTALMENTS_MAX];
    size_t n;
    hs_status st =
        credit_schedule(l->amount_fen, l->rate_bp, date, l->term_months, l->period_months,
                        l->repayment, probe, CREDIT_INSTALMENTS_MAX, &n, err);
    if (st != HS_OK)
        return st;
    char lending[ACCOUNT_NAME_MAX], firm[ACCOUNT_NAME_MAX], loan[ACCOUNT_NAME_MAX];
    char id1[TRANSFER_ID_MAX], id2[TRANSFER_ID_MAX];
    credit_bank_account(l->bank, "lending", lending, sizeof lending);
    firm_account(l->firm, firm, sizeof firm);
    loan_account(l->id, loan, sizeof loan);
    snprintf(id1, sizeof id1, "credit.%s.disburse.cash", l->id);
    snprintf(id2, sizeof id2, "credit.%s.disburse.loan", l->id);
    hs_transfer ev[2];
    credit_transfer_init(&ev[0], id1, lending, firm, l->amount_fen, "credit.disburse", date, true);
    credit_transfer_init(&ev[1], id2, loan, lending, l->amount_fen, "credit.disburse", date, false);
    for (int i = 0; i < 2; i++)
        if ((st = loan_refs(&ev[i], l, "loan-contract", err)) != HS_OK)
            return st;
    if ((st = credit_apply(txn, ev, 2, "disbursement", err)) != HS_OK)
        return st;
    l->status = LOAN_DISBURSED;
    l->disbursed_date = date;
    l->interest_paid_to = date;
    return credit_loan_save(txn->store, l, err);
}

hs_status credit_loan_disburse(hs_store *s, const char *id, hs_date date, hs_error *err) {
    return with_loan(s, id, do_disburse, &date, err);
}

typedef struct {
    int64_t amount_fen;
    hs_date date;
    const char *client_id;
    credit_repayment_result *out;
} repay_ctx;

/* Principal the schedule asks for next: the first instalment falling after the date interest is
 * paid to (or the last one, past maturity), less whatever principal was repaid ahead of it (never
 * negative: an interest-only instalment of a bullet loan, or one already prepaid, asks 0). */
static hs_status next_scheduled_principal(const credit_loan *l, int64_t *out, hs_error *err) {
    credit_instalment sched[CREDIT_INSTALMENTS_MAX];
    size_t n;
    hs_status st =
        credit_schedule(l->amount_fen, l->rate_bp, l->disbursed_date, l->term_months,
                        l->period_months, l->repayment, sched, CREDIT_INSTALMENTS_MAX, &n, err);
    if (st != HS_OK)
        return st;
    int64_t cumulative = 0;
    size_t i = 0;
    for (; i < n; i++) {
        cumulative += sched[i].principal_fen;
        if (sched[i].date > l->interest_paid_to)
            break;
    }
    int64_t due = cumulative - l->principal_repaid_fen;
    *out = due > 0 ? due : 0;
    return HS_OK;
}

static hs_status do_repay(hs_tx *txn, credit_loan *l, void *vctx, hs_error *err) {
    repay_ctx *c = vctx;
    hs_store *s = txn->store;
    char id[TRANSFER_ID_MAX];
    if (c->client_id != NULL) {
        if (strlen(c->client_id) > LOAN_ID_MAX_LEN || !credit_id_valid(c->client_id))
            return hs_fail(err, HS_INPUT,
                           "field 'id': '%s' must be 1-%d bytes without '/' or spaces",
                           c->client_id, LOAN_ID_MAX_LEN);
        snprintf(id, sizeof id, "%s", c->client_id);
    } else {
        snprintf(id, sizeof id, "credit.%s.repay.%d", l->id, l->repayments + 1);
    }
    int64_t v[4];
    bool found;
    hs_status st =
        credit_event_existing(s, id, l->id, "repay", c->amount_fen, c->date, v, &found, err);
    if (st != HS_OK)
        return st;
    if (found) {
        *c->out = (credit_repayment_result){v[0], v[2], v[1], credit_loan_outstanding(l), true};
        return HS_OK;
    }
    if (l->status != LOAN_DISBURSED)
        return refuse_state(l, "repay", err);
    char d[DATE_TEXT_LEN];
    if (c->date < l->interest_paid_to)
        return hs_fail(err, HS_INPUT,
                       "field 'date': before the last repayment or disbursement (%s)",
                       date_format(l->interest_paid_to, d));
    int64_t outstanding = credit_loan_outstanding(l), interest, principal;
    if (!credit_interest_act365(outstanding, l->rate_bp,
                                date_diff_days(l->interest_paid_to, c->date), &interest))
        return hs_fail(err, HS_INPUT, "interest overflows");
    int64_t amount = c->amount_fen;
    if (amount == 0) {
        if ((st = next_scheduled_principal(l, &principal, err)) != HS_OK)
            return st;
        amount = interest + principal;
    }
    char a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX];
    if (amount < interest)
        return hs_fail(err, HS_REFUSED,
                       "repayment of %s does not cover the interest accrued since %s (%s)",
                       money_format(amount, a, sizeof a), date_format(l->interest_paid_to, d),
                       money_format(interest, b, sizeof b));
    principal = amount - interest;
    if (principal > outstanding)
        return hs_fail(err, HS_REFUSED, "repayment of %s is more than is owed (%s)",
                       money_format(amount, a, sizeof a),
                       money_format(interest + outstanding, b, sizeof b));
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
    if (interest > 0) {
        snprintf(tid, sizeof tid, "%s.i", id);
        credit_transfer_init(&ev[n++], tid, firm, income, interest, "credit.repay", c->date,
                             principal > 0);
    }
    if (principal > 0) {
        snprintf(tid, sizeof tid, "%s.c", id);
        credit_transfer_init(&ev[n++], tid, firm, lending, principal, "credit.repay", c->date,
                             true);
        snprintf(tid, sizeof tid, "%s.p", id);
        credit_transfer_init(&ev[n++], tid, lending, loan, principal, "credit.repay", c->date,
                             false);
    }
    if (n == 0)
        return hs_fail(err, HS_REFUSED, "nothing is due on %s", date_format(c->date, d));
    for (size_t i = 0; i < n; i++)
        if ((st = loan_refs(&ev[i], l, clause, err)) != HS_OK)
            return st;
    if ((st = credit_apply(txn, ev, n, "repayment", err)) != HS_OK)
        return st;
    l->principal_repaid_fen += principal;
    l->interest_paid_fen += interest;
    l->interest_paid_to = c->date;
    l->repayments++;
    if (credit_loan_outstanding(l) == 0)
        l->status = LOAN_REPAID;
    int64_t rec[4] = {amount, principal, interest, 0};
    if ((st = credit_event_insert(s, id, l->id, "repay", c->date, rec, err)) != HS_OK)
        return st;
    *c->out =
        (credit_repayment_result){amount, interest, principal, credit_loan_outstanding(l), false};
    return credit_loan_save(s, l, err);
}

hs_status credit_loan_repay(hs_store *s, const char *id, int64_t amount_fen, hs_date date,
                            const char *client_id, credit_repayment_result *out, hs_error *err) {
    if (amount_fen < 0)
        return hs_fail(err, HS_INPUT, "field 'amount': must be positive");
    credit_repayment_result ignored;
    repay_ctx c = {amount_fen, date, client_id, out ? out : &ignored};
    return with_loan(s, id, do_repay, &c, err);
}

typedef struct {
    hs_date date;
    int64_t written_off;
} default_ctx;

static hs_status do_default(hs_tx *txn, credit_loan *l, void *vctx, hs_error *err) {
    default_ctx *c = vctx;
    if (l->status != LOAN_DISBURSED)
        return refuse_state(l, "default", err);
    char d[DATE_TEXT_LEN];
    if (c->date < l->interest_paid_to)
        return hs_fail(err, HS_INPUT,
                       "field 'date': before the last repayment or disbursement (%s)",
                       date_format(l->interest_paid_to, d));
    int64_t outstanding = credit_loan_outstanding(l);
    assert(outstanding > 0); /* a disbursed loan with nothing outstanding is repaid */
    char losses[ACCOUNT_NAME_MAX], loan[ACCOUNT_NAME_MAX], tid[TRANSFER_ID_MAX];
    credit_bank_account(l->bank, "losses", losses, sizeof losses);
    loan_account(l->id, loan, sizeof loan);
    snprintf(tid, sizeof tid, "credit.%s.default", l->id);
    hs_transfer t;
    credit_transfer_init(&t, tid, losses, loan, outstanding, "credit.default", c->date, false);
    hs_status st = loan_refs(&t, l, "write-off", err);
    if (st != HS_OK || (st = credit_apply(txn, &t, 1, "default", err)) != HS_OK)
        return st;
    l->status = LOAN_DEFAULTED;
    l->defaulted_date = c->date;
    l->written_off_fen = outstanding;
    c->written_off = outstanding;
    return credit_loan_save(txn->store, l, err);
}

hs_status credit_loan_default(hs_store *s, const char *id, hs_date date, int64_t *written_off,
                              hs_error *err) {
    default_ctx c = {date, 0};
    hs_status st = with_loan(s, id, do_default, &c, err);
    if (written_off != NULL)
        *written_off = c.written_off;
    return st;
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
    if (workdays < 0)
        return hs_fail(err, HS_INPUT, "field 'workdays': must not be negative");
    overdue_ctx c = {cal, on, workdays, fn, ctx};
    return credit_loans_each(s, NULL, check_overdue, &c, err);
}
