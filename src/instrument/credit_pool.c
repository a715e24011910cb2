/* credit_pool.c — risk-compensation pools: funding, the claim rule, claims, recoveries, report. */
#include "instrument/credit_pool.h"
#include "store/sqlite/sqlite_store.h" /* TRANSITIONAL: SQL moves below src/store/ */

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "instrument/programme.h"
#include "store/book.h"

void credit_pool_params_default(credit_pool_params *p) {
    p->base_share_bp = 5000;
    p->high_unsecured_min_bp = 7000;
    p->high_unsecured_share_bp = 7000;
    p->first_loan_share_bp = 9000;
    p->cap_per_loan_fen = INT64_C(300) * 10000 * MONEY_FEN_PER_YUAN; /* 300万 */
    p->cap_per_bank_year_fen = 0;
    p->required_multiple_x100 = 1000;
}

hs_status credit_pool_params_validate(const credit_pool_params *p, hs_error *err) {
    const struct {
        const char *field;
        int64_t v;
    } shares[] = {{"share", p->base_share_bp},
                  {"unsecured-min", p->high_unsecured_min_bp},
                  {"share-unsecured", p->high_unsecured_share_bp},
                  {"share-first-loan", p->first_loan_share_bp}};
    for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++)
        if (shares[i].v < 0 || shares[i].v > MONEY_BP_ONE)
            return hs_fail(err, HS_INPUT, "field '%s': must be between 0%% and 100%%",
                           shares[i].field);
    if (p->cap_per_loan_fen < 0 || p->cap_per_loan_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_fail(err, HS_INPUT, "field 'cap-per-loan': must be 0 (none) or positive");
    if (p->cap_per_bank_year_fen < 0 || p->cap_per_bank_year_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_fail(err, HS_INPUT, "field 'cap-per-bank-year': must be 0 (none) or positive");
    if (p->required_multiple_x100 <= 0 || p->required_multiple_x100 > 100000)
        return hs_fail(err, HS_INPUT, "field 'multiple': must be above 0 and at most 1000");
    return HS_OK;
}

hs_status credit_claim_decide(const credit_pool_params *p, int64_t unsecured_bp, bool first_loan,
                              int64_t base_fen, int64_t bank_year_paid_fen,
                              int64_t pool_available_fen, bool allow_partial,
                              credit_claim_decision *out, hs_error *err) {
    memset(out, 0, sizeof *out);
    assert(pool_available_fen >= 0 && bank_year_paid_fen >= 0);
    if (base_fen <= 0)
        return hs_fail(err, HS_REFUSED, "no principal loss left to compensate");
    out->base_fen = base_fen;
    out->share_bp = p->base_share_bp;
    const char *which = "base";
    if (unsecured_bp >= p->high_unsecured_min_bp && p->high_unsecured_share_bp > out->share_bp) {
        out->share_bp = p->high_unsecured_share_bp;
        which = "unsecured";
    }
    if (first_loan && p->first_loan_share_bp > out->share_bp) {
        out->share_bp = p->first_loan_share_bp;
        which = "first-loan";
    }
    char pct[32];
    snprintf(out->rule, sizeof out->rule, "%s %s", which,
             rate_format_bp(out->share_bp, pct, sizeof pct));
    if (!money_mul_bp(base_fen, out->share_bp, &out->entitled_fen))
        return hs_fail(err, HS_INPUT, "claim overflows");
    out->capped_fen = out->entitled_fen;
    if (p->cap_per_loan_fen > 0 && out->capped_fen > p->cap_per_loan_fen) {
        out->capped_fen = p->cap_per_loan_fen;
        strncat(out->rule, ", cap per loan", sizeof out->rule - strlen(out->rule) - 1);
    }
    out->bank_year_room_fen = -1;
    if (p->cap_per_bank_year_fen > 0) {
        int64_t room = p->cap_per_bank_year_fen - bank_year_paid_fen;
        out->bank_year_room_fen = room > 0 ? room : 0;
        if (out->bank_year_room_fen == 0) {
            char c[MONEY_TEXT_MAX];
            return hs_fail(err, HS_REFUSED, "the bank's annual cap of %s is used up for this year",
                           money_format(p->cap_per_bank_year_fen, c, sizeof c));
        }
        if (out->capped_fen > out->bank_year_room_fen) {
            out->capped_fen = out->bank_year_room_fen;
            strncat(out->rule, ", cap per bank and year", sizeof out->rule - strlen(out->rule) - 1);
        }
    }
    out->pool_available_fen = pool_available_fen;
    if (out->capped_fen == 0)
        return hs_fail(err, HS_REFUSED, "the compensation comes to 0 (share %s)", pct);
    if (pool_available_fen == 0)
        return hs_fail(err, HS_REFUSED, "the pool is empty");
    out->paid_fen = out->capped_fen < pool_available_fen ? out->capped_fen : pool_available_fen;
    out->shortfall_fen = out->capped_fen - out->paid_fen;
    if (out->shortfall_fen > 0) {
        char a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX];
        if (!allow_partial)
            return hs_fail(err, HS_REFUSED, "the claim of %s exceeds the pool's %s (--no-partial)",
                           money_format(out->capped_fen, a, sizeof a),
                           money_format(pool_available_fen, b, sizeof b));
        strncat(out->rule, ", partial: pool balance", sizeof out->rule - strlen(out->rule) - 1);
    }
    return HS_OK;
}

bool credit_recovery_pool_share(int64_t paid_fen, int64_t base_fen, int64_t recovered_before_fen,
                                int64_t amount_fen, int64_t returned_before_fen,
                                int64_t *share_fen) {
    int64_t total;
    if (base_fen <= 0 || paid_fen < 0 || paid_fen > base_fen || recovered_before_fen < 0 ||
        amount_fen <= 0 || !money_add(recovered_before_fen, amount_fen, &total) || total > base_fen)
        return false;
    int64_t cumulative;
    if (!money_mul_ratio(paid_fen, total, base_fen, &cumulative))
        return false;
    assert(cumulative <= paid_fen);
    if (cumulative < returned_before_fen)
        return false;
    *share_fen = cumulative - returned_before_fen;
    return true;
}

static void pool_account(const char *id, char *out, size_t len) {
    snprintf(out, len, "pool/%s", id);
}

static const char *const pool_cols =
    "SELECT id, programme, budget, base_share_bp, high_unsecured_min_bp, high_unsecured_share_bp,"
    " first_loan_share_bp, cap_per_loan_fen, cap_per_bank_year_fen, required_multiple_x100,"
    " created_date FROM credit_pools";

hs_status credit_pool_get(hs_store *s, const char *id, credit_pool *out, bool *found,
                          hs_error *err) {
    hs_status st = HS_OK;
    char sql[512];
    snprintf(sql, sizeof sql, "%s WHERE id = ?1", pool_cols);
    sqlite3_stmt *q;
    if ((st = credit_prepare(s, sql, &q, err)) != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *found = rc == SQLITE_ROW;
    if (*found) {
        memset(out, 0, sizeof *out);
        credit_column_text(q, 0, out->id, sizeof out->id);
        credit_column_text(q, 1, out->programme, sizeof out->programme);
        credit_column_text(q, 2, out->budget, sizeof out->budget);
        out->params.base_share_bp = sqlite3_column_int64(q, 3);
        out->params.high_unsecured_min_bp = sqlite3_column_int64(q, 4);
        out->params.high_unsecured_share_bp = sqlite3_column_int64(q, 5);
        out->params.first_loan_share_bp = sqlite3_column_int64(q, 6);
        out->params.cap_per_loan_fen = sqlite3_column_int64(q, 7);
        out->params.cap_per_bank_year_fen = sqlite3_column_int64(q, 8);
        out->params.required_multiple_x100 = sqlite3_column_int64(q, 9);
        out->created_date = (hs_date)sqlite3_column_int64(q, 10);
    }
    sqlite3_finalize(q);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? HS_OK
                                                   : credit_db_fail(s, err, "reading a pool");
}

hs_status credit_pool_create(hs_store *s, const credit_pool *p, hs_error *err) {
    hs_status st;
    if ((st = credit_require_id("id", p->id, err)) != HS_OK ||
        (st = credit_require_id("programme", p->programme, err)) != HS_OK ||
        (st = credit_require_id("budget", p->budget, err)) != HS_OK ||
        (st = credit_pool_params_validate(&p->params, err)) != HS_OK)
        return st;
    if ((st = programme_require_open(s, p->programme, err)) != HS_OK)
        return st;
    credit_pool old;
    bool found;
    if ((st = credit_pool_get(s, p->id, &old, &found, err)) != HS_OK)
        return st;
    if (found) {
        if (strcmp(old.programme, p->programme) || strcmp(old.budget, p->budget) ||
            memcmp(&old.params, &p->params, sizeof p->params) != 0)
            return hs_fail(err, HS_INPUT, "pool %s exists with other parameters", p->id);
        return HS_OK;
    }
    char acct[ACCOUNT_NAME_MAX];
    pool_account(p->id, acct, sizeof acct);
    if ((st = credit_ensure_account(s, acct, "pool", ACCOUNT_DEBITS_LE_CREDITS, err)) != HS_OK)
        return st;
    sqlite3_stmt *q;
    if ((st = credit_prepare(s,
                             "INSERT INTO credit_pools(id, programme, budget, base_share_bp,"
                             " high_unsecured_min_bp, high_unsecured_share_bp, first_loan_share_bp,"
                             " cap_per_loan_fen, cap_per_bank_year_fen, required_multiple_x100,"
                             " created_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                             &q, err)) != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, p->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, p->programme, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, p->budget, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, p->params.base_share_bp);
    sqlite3_bind_int64(q, 5, p->params.high_unsecured_min_bp);
    sqlite3_bind_int64(q, 6, p->params.high_unsecured_share_bp);
    sqlite3_bind_int64(q, 7, p->params.first_loan_share_bp);
    sqlite3_bind_int64(q, 8, p->params.cap_per_loan_fen);
    sqlite3_bind_int64(q, 9, p->params.cap_per_bank_year_fen);
    sqlite3_bind_int64(q, 10, p->params.required_multiple_x100);
    sqlite3_bind_int64(q, 11, p->created_date);
    return credit_step_done(s, q, "creating a pool", err);
}

/* One integer from a query with one optional text and one optional int parameter. */
static hs_status query_int(hs_store *s, const char *sql, const char *t1, const char *t2, int64_t i3,
                           int64_t *out, hs_error *err) {
    sqlite3_stmt *q;
    hs_status st = credit_prepare(s, sql, &q, err);
    if (st != HS_OK)
        return st;
    if (t1 != NULL)
        sqlite3_bind_text(q, 1, t1, -1, SQLITE_STATIC);
    if (t2 != NULL)
        sqlite3_bind_text(q, 2, t2, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, i3);
    int rc = sqlite3_step(q);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? HS_OK : credit_db_fail(s, err, "summing");
}

hs_status credit_pool_fund(hs_store *s, const char *id, int64_t amount_fen, hs_date date,
                           const char *transfer_id, bool *existed, hs_error *err) {
    credit_pool p;
    bool found;
    hs_status st = credit_pool_get(s, id, &p, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_fail(err, HS_INPUT, "no pool '%s'", id);
    if (amount_fen <= 0)
        return hs_fail(err, HS_INPUT, "field 'amount': must be positive");
    if (transfer_id != NULL && !credit_id_valid(transfer_id))
        return credit_require_id("id", transfer_id, err);
    if ((st = programme_require_open(s, p.programme, err)) != HS_OK)
        return st;
    char budget[ACCOUNT_NAME_MAX], pool[ACCOUNT_NAME_MAX];
    programme_budget_account(p.programme, p.budget, budget, sizeof budget);
    pool_account(p.id, pool, sizeof pool);
    hs_account a;
    if ((st = credit_account(s, budget, &a, err)) != HS_OK)
        return hs_fail(err, HS_INPUT,
                       "no budget %s (fund it with `huoshui programme fund %s "
                       "--budget %s`)",
                       budget, p.programme, p.budget);
    hs_tx txn;
    if ((st = hs_tx_begin(s, &txn, err)) != HS_OK)
        return st;
    char tid[TRANSFER_ID_MAX];
    int64_t count = 0;
    if ((st = query_int(s, "SELECT COUNT(*) FROM credit_pool_fundings WHERE pool = ?1", id, NULL, 0,
                        &count, err)) != HS_OK)
        goto fail;
    if (transfer_id != NULL)
        snprintf(tid, sizeof tid, "%s", transfer_id);
    else
        snprintf(tid, sizeof tid, "credit.pool.%.40s.fund.%lld", id, (long long)count + 1);
    sqlite3_stmt *q;
    if ((st = credit_prepare(
             s, "SELECT pool, date, amount_fen FROM credit_pool_fundings WHERE id = ?1", &q,
             err)) != HS_OK)
        goto fail;
    sqlite3_bind_text(q, 1, tid, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) {
        char have[CREDIT_ID_MAX];
        credit_column_text(q, 0, have, sizeof have);
        bool same = !strcmp(have, id) && sqlite3_column_int64(q, 1) == date &&
                    sqlite3_column_int64(q, 2) == amount_fen;
        sqlite3_finalize(q);
        hs_tx_rollback(&txn);
        if (!same)
            return hs_fail(err, HS_INPUT, "id '%s' was already used for another funding", tid);
        if (existed != NULL)
            *existed = true;
        return HS_OK;
    }
    sqlite3_finalize(q);
    hs_transfer t;
    credit_transfer_init(&t, tid, budget, pool, amount_fen, "credit.pool.fund", date, false);
    const char *refs[] = {"pool",   id,       "programme",    p.programme, "budget",
                          p.budget, "clause", "pool-funding", NULL,        NULL};
    if ((st = credit_transfer_refs(&t, refs, err)) != HS_OK ||
        (st = credit_apply(&txn, &t, 1, "pool funding", err)) != HS_OK)
        goto fail;
    if ((st = credit_prepare(s,
                             "INSERT INTO credit_pool_fundings(id, pool, date, amount_fen)"
                             " VALUES (?1, ?2, ?3, ?4)",
                             &q, err)) != HS_OK)
        goto fail;
    sqlite3_bind_text(q, 1, tid, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, date);
    sqlite3_bind_int64(q, 4, amount_fen);
    if ((st = credit_step_done(s, q, "recording a funding", err)) != HS_OK)
        goto fail;
    if (existed != NULL)
        *existed = false;
    return hs_tx_commit(&txn, err);
fail:
    hs_tx_rollback(&txn);
    return st;
}

hs_status credit_claim_get(hs_store *s, const char *loan_id, credit_claim *out, bool *found,
                           hs_error *err) {
    hs_status st = HS_OK;
    sqlite3_stmt *q;
    if ((st = credit_prepare(
             s,
             "SELECT loan, pool, bank, date, base_fen, share_bp, rule, entitled_fen,"
             " capped_fen, paid_fen, shortfall_fen FROM credit_claims WHERE loan = ?1",
             &q, err)) != HS_OK)
        return st;
    sqlite3_bind_text(q, 1, loan_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *found = rc == SQLITE_ROW;
    if (*found) {
        memset(out, 0, sizeof *out);
        credit_column_text(q, 0, out->loan, sizeof out->loan);
        credit_column_text(q, 1, out->pool, sizeof out->pool);
        credit_column_text(q, 2, out->bank, sizeof out->bank);
        out->date = (hs_date)sqlite3_column_int64(q, 3);
        out->d.base_fen = sqlite3_column_int64(q, 4);
        out->d.share_bp = sqlite3_column_int64(q, 5);
        credit_column_text(q, 6, out->d.rule, sizeof out->d.rule);
        out->d.entitled_fen = sqlite3_column_int64(q, 7);
        out->d.capped_fen = sqlite3_column_int64(q, 8);
        out->d.paid_fen = sqlite3_column_int64(q, 9);
        out->d.shortfall_fen = sqlite3_column_int64(q, 10);
        out->d.bank_year_room_fen = -1;
    }
    sqlite3_finalize(q);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? HS_OK
                                                   : credit_db_fail(s, err, "reading a claim");
}

static hs_status insert_claim(hs_store *s, const credit_claim *c, hs_error *err) {
    sqlite3_stmt *q;
    hs_status st = credit_prepare(
        s,
        "INSERT INTO credit_claims(loan, pool, bank, date, year, base_fen, share_bp, rule,"
        " entitled_fen, capped_fen, paid_fen, shortfall_fen)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        &q, err);
    if (st != HS_OK)
        return st;
    int y, m, d;
    date_to_ymd(c->date, &y, &m, &d);
    sqlite3_bind_text(q, 1, c->loan, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, c->pool, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, c->bank, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, c->date);
    sqlite3_bind_int(q, 5, y);
    sqlite3_bind_int64(q, 6, c->d.base_fen);
    sqlite3_bind_int64(q, 7, c->d.share_bp);
    sqlite3_bind_text(q, 8, c->d.rule, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 9, c->d.entitled_fen);
    sqlite3_bind_int64(q, 10, c->d.capped_fen);
    sqlite3_bind_int64(q, 11, c->d.paid_fen);
    sqlite3_bind_int64(q, 12, c->d.shortfall_fen);
    return credit_step_done(s, q, "recording a claim", err);
}

static hs_status do_claim(hs_tx *txn, const credit_loan *l, const char *pool_id, hs_date date,
                          bool allow_partial, credit_claim *out, hs_error *err) {
    hs_store *s = txn->store;
    if (l->pool[0] == '\0')
        return hs_fail(err, HS_REFUSED, "loan %s is not covered by a risk-compensation pool",
                       l->id);
    if (pool_id != NULL && strcmp(pool_id, l->pool) != 0)
        return hs_fail(err, HS_INPUT, "field 'pool': loan %s is covered by pool %s, not %s", l->id,
                       l->pool, pool_id);
    char d[DATE_TEXT_LEN], m[MONEY_TEXT_MAX];
    credit_claim have;
    bool found;
    hs_status st = credit_claim_get(s, l->id, &have, &found, err);
    if (st != HS_OK)
        return st;
    if (found)
        return hs_fail(err, HS_REFUSED, "loan %s was already claimed on %s (paid %s)", l->id,
                       date_format(have.date, d), money_format(have.d.paid_fen, m, sizeof m));
    if (l->status != LOAN_DEFAULTED)
        return hs_fail(err, HS_REFUSED, "cannot claim on loan %s: it has not defaulted (%s)", l->id,
                       credit_loan_status_name(l->status));
    if (date < l->defaulted_date)
        return hs_fail(err, HS_INPUT, "field 'date': before the default (%s)",
                       date_format(l->defaulted_date, d));
    credit_pool p;
    if ((st = credit_pool_get(s, l->pool, &p, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_fail(err, HS_INPUT, "no pool '%s'", l->pool);
    int y, mo, dd;
    date_to_ymd(date, &y, &mo, &dd);
    int64_t bank_year_paid;
    if ((st = query_int(s,
                        "SELECT COALESCE(SUM(paid_fen), 0) FROM credit_claims"
                        " WHERE pool = ?1 AND bank = ?2 AND year = ?3",
                        l->pool, l->bank, y, &bank_year_paid, err)) != HS_OK)
        return st;
    char pool_name[ACCOUNT_NAME_MAX], losses[ACCOUNT_NAME_MAX];
    pool_account(l->pool, pool_name, sizeof pool_name);
    credit_bank_account(l->bank, "losses", losses, sizeof losses);
    hs_account pa;
    if ((st = credit_account(s, pool_name, &pa, err)) != HS_OK)
        return st;
    int64_t available = pa.credits_posted_fen - pa.debits_posted_fen - pa.debits_pending_fen;
    assert(available >= 0); /* the ledger's limit */
    memset(out, 0, sizeof *out);
    snprintf(out->loan, sizeof out->loan, "%s", l->id);
    snprintf(out->pool, sizeof out->pool, "%s", l->pool);
    snprintf(out->bank, sizeof out->bank, "%s", l->bank);
    out->date = date;
    if ((st = credit_claim_decide(&p.params, l->unsecured_bp, l->first_loan,
                                  l->written_off_fen - l->recovered_before_claim_fen,
                                  bank_year_paid, available, allow_partial, &out->d, err)) != HS_OK)
        return hs_error_prefix(err, "claim on loan %s", l->id);
    char tid[TRANSFER_ID_MAX];
    snprintf(tid, sizeof tid, "credit.%s.claim", l->id);
    hs_transfer t;
    credit_transfer_init(&t, tid, pool_name, losses, out->d.paid_fen, "credit.claim", date, false);
    const char *refs[] = {"loan",  l->id,  "bank",  l->bank,  "product",   l->product, "firm",
                          l->firm, "pool", l->pool, "clause", out->d.rule, NULL,       NULL};
    if ((st = credit_transfer_refs(&t, refs, err)) != HS_OK ||
        (st = credit_apply(txn, &t, 1, "claim", err)) != HS_OK)
        return st;
    return insert_claim(s, out, err);
}

hs_status credit_claim_loan(hs_store *s, const char *loan_id, const char *pool_id, hs_date date,
                            bool allow_partial, credit_claim *out, hs_error *err) {
    hs_status st = HS_OK;
    credit_claim ignored;
    hs_tx txn;
    if ((st = hs_tx_begin(s, &txn, err)) != HS_OK)
        return st;
    credit_loan l;
    if ((st = credit_loan_require(s, loan_id, &l, err)) == HS_OK &&
        (st = do_claim(&txn, &l, pool_id, date, allow_partial, out ? out : &ignored, err)) == HS_OK)
        return hs_tx_commit(&txn, err);
    hs_tx_rollback(&txn);
    return st;
}

static hs_status do_recover(hs_tx *txn, credit_loan *l, int64_t amount, hs_date date,
                            const char *client_id, const char *from, credit_recovery_result *out,
                            hs_error *err) {
    hs_store *s = txn->store;
    char id[TRANSFER_ID_MAX];
    if (client_id != NULL) {
        if (strlen(client_id) > 40 || !credit_id_valid(client_id))
            return hs_fail(err, HS_INPUT,
                           "field 'id': '%s' must be 1-40 bytes without '/' or spaces", client_id);
        snprintf(id, sizeof id, "%s", client_id);
    } else {
        snprintf(id, sizeof id, "credit.%s.recover.%d", l->id, l->recoveries + 1);
    }
    int64_t v[4];
    bool found;
    hs_status st = credit_event_existing(s, id, l->id, "recover", amount, date, v, &found, err);
    if (st != HS_OK)
        return st;
    if (found) {
        *out = (credit_recovery_result){v[0], v[3], true};
        return HS_OK;
    }
    if (amount <= 0)
        return hs_fail(err, HS_INPUT, "field 'amount': must be positive");
    if (l->status != LOAN_DEFAULTED)
        return hs_fail(err, HS_REFUSED, "cannot record a recovery on loan %s: it has not defaulted",
                       l->id);
    char d[DATE_TEXT_LEN], a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX];
    if (date < l->defaulted_date)
        return hs_fail(err, HS_INPUT, "field 'date': before the default (%s)",
                       date_format(l->defaulted_date, d));
    if (amount > l->written_off_fen - l->recovered_fen)
        return hs_fail(err, HS_REFUSED,
                       "recovery of %s exceeds the principal still lost on loan %s (%s)",
                       money_format(amount, a, sizeof a), l->id,
                       money_format(l->written_off_fen - l->recovered_fen, b, sizeof b));
    credit_claim c;
    if ((st = credit_claim_get(s, l->id, &c, &found, err)) != HS_OK)
        return st;
    int64_t share = 0;
    char clause[96] = "recovery before claim";
    if (found) {
        int64_t after = l->recovered_fen - l->recovered_before_claim_fen;
        if (!credit_recovery_pool_share(c.d.paid_fen, c.d.base_fen, after, amount,
                                        l->returned_to_pool_fen, &share))
            return hs_fail(err, HS_INPUT, "recovery share cannot be computed");
        snprintf(clause, sizeof clause, "recovery pro rata %lld/%lld", (long long)c.d.paid_fen,
                 (long long)c.d.base_fen);
    }
    char source[ACCOUNT_NAME_MAX], losses[ACCOUNT_NAME_MAX], pool[ACCOUNT_NAME_MAX],
        tid[TRANSFER_ID_MAX];
    if (from != NULL)
        snprintf(source, sizeof source, "%s", from);
    else
        snprintf(source, sizeof source, "firm/%s/cash", l->firm);
    hs_account src;
    if ((st = credit_account(s, source, &src, err)) != HS_OK)
        return hs_error_prefix(err, "field 'from'");
    credit_bank_account(l->bank, "losses", losses, sizeof losses);
    pool_account(l->pool, pool, sizeof pool);
    hs_transfer ev[2];
    snprintf(tid, sizeof tid, "%s.b", id);
    credit_transfer_init(&ev[0], tid, source, losses, amount, "credit.recover", date, share > 0);
    size_t n = 1;
    if (share > 0) {
        snprintf(tid, sizeof tid, "%s.p", id);
        credit_transfer_init(&ev[n++], tid, losses, pool, share, "credit.recover", date, false);
    }
    const char *refs[] = {"loan",  l->id,    "bank", l->bank, "product", l->product, "firm",
                          l->firm, "clause", clause, "pool",  l->pool,   NULL,       NULL};
    for (size_t i = 0; i < n; i++)
        if ((st = credit_transfer_refs(&ev[i], refs, err)) != HS_OK)
            return st;
    if ((st = credit_apply(txn, ev, n, "recovery", err)) != HS_OK)
        return st;
    l->recovered_fen += amount;
    if (!found)
        l->recovered_before_claim_fen += amount;
    l->returned_to_pool_fen += share;
    l->recoveries++;
    int64_t rec[4] = {amount, 0, 0, share};
    if ((st = credit_event_insert(s, id, l->id, "recover", date, rec, err)) != HS_OK)
        return st;
    *out = (credit_recovery_result){amount, share, false};
    return credit_loan_save(s, l, err);
}

hs_status credit_recover(hs_store *s, const char *loan_id, int64_t amount_fen, hs_date date,
                         const char *client_id, const char *from, credit_recovery_result *out,
                         hs_error *err) {
    hs_status st = HS_OK;
    credit_recovery_result ignored;
    hs_tx txn;
    if ((st = hs_tx_begin(s, &txn, err)) != HS_OK)
        return st;
    credit_loan l;
    if ((st = credit_loan_require(s, loan_id, &l, err)) == HS_OK &&
        (st = do_recover(&txn, &l, amount_fen, date, client_id, from, out ? out : &ignored, err)) ==
            HS_OK)
        return hs_tx_commit(&txn, err);
    hs_tx_rollback(&txn);
    return st;
}

static credit_pool_bank_row *bank_row(credit_pool_report *r, const char *bank) {
    for (size_t i = 0; i < r->n_banks; i++)
        if (strcmp(r->banks[i].bank, bank) == 0)
            return &r->banks[i];
    if (r->n_banks == CREDIT_REPORT_BANKS_MAX)
        return NULL;
    credit_pool_bank_row *row = &r->banks[r->n_banks++];
    memset(row, 0, sizeof *row);
    snprintf(row->bank, sizeof row->bank, "%s", bank);
    return row;
}

typedef struct {
    hs_store *s;
    credit_pool_report *r;
} report_ctx;

static hs_status add_loan(void *vctx, const credit_loan *l, hs_error *err) {
    report_ctx *c = vctx;
    credit_pool_report *r = c->r;
    credit_pool_bank_row *row = bank_row(r, l->bank);
    if (row == NULL)
        return hs_fail(err, HS_INPUT, "more than %d banks in one pool", CREDIT_REPORT_BANKS_MAX);
    int64_t outstanding = credit_loan_outstanding(l);
    r->loans++;
    row->loans++;
    r->approved_fen += l->amount_fen;
    if (l->status != LOAN_APPROVED) {
        r->disbursed_loans++;
        r->disbursed_fen += l->amount_fen;
    }
    r->outstanding_fen += outstanding;
    row->outstanding_fen += outstanding;
    r->repaid_fen += l->principal_repaid_fen;
    r->interest_fen += l->interest_paid_fen;
    if (l->status == LOAN_DEFAULTED) {
        r->defaults++;
        r->written_off_fen += l->written_off_fen;
        row->written_off_fen += l->written_off_fen;
    }
    r->recovered_fen += l->recovered_fen;
    row->recovered_fen += l->recovered_fen;
    r->returned_fen += l->returned_to_pool_fen;
    row->returned_fen += l->returned_to_pool_fen;
    credit_claim claim;
    bool found;
    hs_status st = credit_claim_get(c->s, l->id, &claim, &found, err);
    if (st != HS_OK || !found)
        return st;
    r->claims++;
    r->claims_entitled_fen += claim.d.entitled_fen;
    r->claims_paid_fen += claim.d.paid_fen;
    r->claims_shortfall_fen += claim.d.shortfall_fen;
    row->claims_paid_fen += claim.d.paid_fen;
    return HS_OK;
}

hs_status credit_pool_report_build(hs_store *s, const char *id, credit_pool_report *out,
                                   hs_error *err) {
    memset(out, 0, sizeof *out);
    bool found;
    hs_status st = credit_pool_get(s, id, &out->pool, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_fail(err, HS_INPUT, "no pool '%s'", id);
    report_ctx c = {s, out};
    if ((st = credit_loans_each(s, id, add_loan, &c, err)) != HS_OK)
        return st;
    if ((st = query_int(s,
                        "SELECT COALESCE(SUM(amount_fen), 0) FROM credit_pool_fundings"
                        " WHERE pool = ?1",
                        id, NULL, 0, &out->funded_fen, err)) != HS_OK ||
        (st = query_int(s, "SELECT COUNT(*) FROM credit_pool_fundings WHERE pool = ?1", id, NULL, 0,
                        &out->fundings, err)) != HS_OK)
        return st;
    out->balance_fen = out->funded_fen - out->claims_paid_fen + out->returned_fen;
    char acct[ACCOUNT_NAME_MAX];
    pool_account(id, acct, sizeof acct);
    hs_account a;
    if ((st = credit_account(s, acct, &a, err)) != HS_OK)
        return st;
    out->ledger_balance_fen = account_held_fen(&a);
    out->reconciled = out->ledger_balance_fen == out->balance_fen &&
                      a.credits_posted_fen == out->funded_fen + out->returned_fen &&
                      a.debits_posted_fen == out->claims_paid_fen;
    int64_t bal = out->ledger_balance_fen;
    out->leverage_defined = bal > 0;
    if (bal > 0 && !money_mul_ratio(out->outstanding_fen, 100, bal, &out->leverage_x100))
        return hs_fail(err, HS_INPUT, "leverage overflows");
    out->meets_required = bal > 0 && out->leverage_x100 >= out->pool.params.required_multiple_x100;
    if (!money_mul_ratio(bal, out->pool.params.required_multiple_x100, 100, &out->capacity_fen))
        return hs_fail(err, HS_INPUT, "capacity overflows");
    return HS_OK;
}
