/* credit_pool.c — risk-compensation pools: funding, the claim rule, claims, recoveries, report. */
#include "instrument/credit_pool.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "instrument/credit_repo.h"
#include "instrument/programme.h"
#include "store/book.h"

void credit_pool_params_default(credit_pool_params *p) {
    assert(p != NULL);
    p->base_share_bp = 5000;
    p->high_unsecured_min_bp = 7000;
    p->high_unsecured_share_bp = 7000;
    p->first_loan_share_bp = 9000;
    p->cap_per_loan_fen = INT64_C(300) * 10000 * MONEY_FEN_PER_YUAN; /* 300万 */
    p->cap_per_bank_year_fen = 0;
    p->required_multiple_x100 = 1000;
    assert(credit_pool_params_validate(p, NULL) == HS_OK); /* the defaults are valid parameters */
}

hs_status credit_pool_params_validate(const credit_pool_params *p, hs_error *err) {
    assert(p != NULL);
    const struct {
        const char *field;
        int64_t v;
    } shares[] = {{"share", p->base_share_bp},
                  {"unsecured-min", p->high_unsecured_min_bp},
                  {"share-unsecured", p->high_unsecured_share_bp},
                  {"share-first-loan", p->first_loan_share_bp}};
    for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++)
        if (shares[i].v < 0 || shares[i].v > MONEY_BP_ONE)
            return hs_invalid_field(err, shares[i].field,
                                    "field '%s': must be between 0%% and 100%%", shares[i].field);
    if (p->cap_per_loan_fen < 0 || p->cap_per_loan_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_invalid_field(err, "cap-per-loan",
                                "field 'cap-per-loan': must be 0 (none) or positive");
    if (p->cap_per_bank_year_fen < 0 || p->cap_per_bank_year_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_invalid_field(err, "cap-per-bank-year",
                                "field 'cap-per-bank-year': must be 0 (none) or positive");
    if (p->required_multiple_x100 <= 0 || p->required_multiple_x100 > 100000)
        return hs_invalid_field(err, "multiple",
                                "field 'multiple': must be above 0 and at most 1000");
    return HS_OK;
}

hs_status credit_claim_decide(const credit_pool_params *p, int64_t unsecured_bp, bool first_loan,
                              int64_t base_fen, int64_t bank_year_paid_fen,
                              int64_t pool_available_fen, bool allow_partial,
                              credit_claim_decision *out, hs_error *err) {
    memset(out, 0, sizeof *out);
    assert(pool_available_fen >= 0 && bank_year_paid_fen >= 0);
    if (base_fen <= 0)
        return hs_fail_code(err, HS_REFUSED, "no_loss", NULL,
                            "no principal loss left to compensate");
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
            return hs_fail_code(err, HS_REFUSED, "limit_used", NULL,
                                "the bank's annual cap of %s is used up for this year",
                                money_format(p->cap_per_bank_year_fen, c, sizeof c));
        }
        if (out->capped_fen > out->bank_year_room_fen) {
            out->capped_fen = out->bank_year_room_fen;
            strncat(out->rule, ", cap per bank and year", sizeof out->rule - strlen(out->rule) - 1);
        }
    }
    out->pool_available_fen = pool_available_fen;
    if (out->capped_fen == 0)
        return hs_fail_code(err, HS_REFUSED, "nothing_to_compensate", NULL,
                            "the compensation comes to 0 (share %s)", pct);
    if (pool_available_fen == 0)
        return hs_fail_code(err, HS_REFUSED, "pool_empty", NULL, "the pool is empty");
    out->paid_fen = out->capped_fen < pool_available_fen ? out->capped_fen : pool_available_fen;
    out->shortfall_fen = out->capped_fen - out->paid_fen;
    if (out->shortfall_fen > 0) {
        char a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX];
        if (!allow_partial)
            return hs_fail_code(err, HS_REFUSED, "exceeds_pool", NULL,
                                "the claim of %s exceeds the pool's %s (--no-partial)",
                                money_format(out->capped_fen, a, sizeof a),
                                money_format(pool_available_fen, b, sizeof b));
        strncat(out->rule, ", partial: pool balance", sizeof out->rule - strlen(out->rule) - 1);
    }
    /* postcondition: paid <= capped <= entitled <= base, never beyond the pool, shortfall exact */
    assert(out->paid_fen > 0 && out->paid_fen <= out->capped_fen &&
           out->capped_fen <= out->entitled_fen && out->entitled_fen <= base_fen);
    assert(out->paid_fen <= pool_available_fen &&
           out->shortfall_fen == out->capped_fen - out->paid_fen);
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
    if (returned_before_fen < 0 || cumulative < returned_before_fen)
        return false;
    *share_fen = cumulative - returned_before_fen;
    assert(*share_fen >= 0 && *share_fen <= paid_fen);
    return true;
}

static void pool_account(const char *id, char *out, size_t len) {
    assert(strlen(id) < CREDIT_ID_MAX && len >= ACCOUNT_NAME_MAX);
    snprintf(out, len, "pool/%s", id);
}

hs_status credit_pool_get(hs_store *s, const char *id, credit_pool *out, bool *found,
                          hs_error *err) {
    assert(s != NULL && id != NULL && out != NULL && found != NULL);
    return credit_repo_pool_read(s, id, out, found, err);
}

hs_status credit_pool_ids_each(hs_store *s,
                               hs_status (*fn)(void *ctx, const char *id, hs_error *err), void *ctx,
                               hs_error *err) {
    assert(s != NULL && fn != NULL);
    return credit_repo_pool_ids_each(s, fn, ctx, err);
}

hs_status credit_pool_create(hs_tx *tx, const credit_pool *p, hs_error *err) {
    assert(tx != NULL && p != NULL && store_in_txn(tx->store));
    hs_status st;
    if ((st = credit_require_id("id", p->id, err)) != HS_OK ||
        (st = credit_require_id("programme", p->programme, err)) != HS_OK ||
        (st = credit_require_id("budget", p->budget, err)) != HS_OK ||
        (st = credit_pool_params_validate(&p->params, err)) != HS_OK)
        return st;
    if (strlen(p->id) > CREDIT_POOL_ID_MAX_LEN)
        return hs_invalid_field(err, "id",
                                "field 'id': pool ids are at most %d bytes (its funding transfer "
                                "ids derive from it)",
                                CREDIT_POOL_ID_MAX_LEN);
    if ((st = programme_require_open(tx->store, p->programme, err)) != HS_OK)
        return st;
    credit_pool old;
    bool found;
    if ((st = credit_repo_pool_get(tx, p->id, &old, &found, err)) != HS_OK)
        return st;
    if (found) {
        if (strcmp(old.programme, p->programme) || strcmp(old.budget, p->budget) ||
            memcmp(&old.params, &p->params, sizeof p->params) != 0)
            return hs_fail_code(err, HS_INPUT, "exists_with_different_terms", "id",
                                "pool %s exists with other parameters", p->id);
        return HS_OK;
    }
    char acct[ACCOUNT_NAME_MAX];
    pool_account(p->id, acct, sizeof acct);
    if ((st = credit_owned_account(tx, acct, "pool", ACCOUNT_DEBITS_LE_CREDITS, err)) != HS_OK)
        return st;
    /* a new pool: its id derives funding ids that fit, its parameters were validated */
    assert(strlen(p->id) <= CREDIT_POOL_ID_MAX_LEN && p->params.required_multiple_x100 > 0);
    return credit_repo_pool_insert(tx, p, err);
}

hs_status credit_pool_fund(hs_tx *tx, const char *id, int64_t amount_fen, hs_date date,
                           const char *transfer_id, bool *existed, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    credit_pool p;
    bool found;
    hs_status st = credit_repo_pool_get(tx, id, &p, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "pool", "no pool '%s'", id);
    if (amount_fen <= 0)
        return hs_invalid_field(err, "amount", "field 'amount': must be positive");
    if (transfer_id != NULL && !credit_id_valid(transfer_id))
        return credit_require_id("id", transfer_id, err);
    if ((st = programme_require_open(tx->store, p.programme, err)) != HS_OK)
        return st;
    char budget[ACCOUNT_NAME_MAX], pool[ACCOUNT_NAME_MAX];
    programme_budget_account(p.programme, p.budget, budget, sizeof budget);
    pool_account(p.id, pool, sizeof pool);
    hs_account a;
    if ((st = hs_tx_account_get(tx, budget, &a, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "budget",
                            "no budget %s (fund it with `huoshui programme fund %s --budget %s`)",
                            budget, p.programme, p.budget);
    int64_t count = 0, funded_fen = 0;
    if ((st = credit_repo_fundings_total(tx, id, &count, &funded_fen, err)) != HS_OK)
        return st;
    char tid[TRANSFER_ID_MAX];
    if (transfer_id != NULL)
        snprintf(tid, sizeof tid, "%s", transfer_id);
    else if ((st = credit_format_id(tid, sizeof tid, "pool", err, "credit.pool.%s.fund.%lld", id,
                                    (long long)count + 1)) != HS_OK)
        return hs_error_prefix(err, "pool %s: give the funding an --id", id);
    credit_funding have;
    if ((st = credit_repo_funding_get(tx, tid, &have, &found, err)) != HS_OK)
        return st;
    if (found) {
        if (strcmp(have.pool, id) != 0 || have.date != date || have.amount_fen != amount_fen)
            return hs_fail_code(err, HS_INPUT, "id_reused", "id",
                                "id '%s' was already used for another funding", tid);
        if (existed != NULL)
            *existed = true;
        return HS_OK;
    }
    hs_transfer t;
    credit_transfer_init(&t, tid, budget, pool, amount_fen, "credit.pool.fund", date, false);
    const char *refs[] = {"pool",   id,       "programme",    p.programme, "budget",
                          p.budget, "clause", "pool-funding", NULL,        NULL};
    if ((st = credit_transfer_refs(&t, refs, err)) != HS_OK ||
        (st = credit_apply(tx, &t, 1, "pool funding", err)) != HS_OK)
        return st;
    credit_funding f = {.date = date, .amount_fen = amount_fen};
    snprintf(f.id, sizeof f.id, "%s", tid);
    snprintf(f.pool, sizeof f.pool, "%s", id);
    /* the funding adds to what the pool was funded with, never beyond one transfer's limit */
    assert(f.amount_fen > 0 && f.amount_fen <= TRANSFER_AMOUNT_MAX_FEN && funded_fen >= 0);
    if ((st = credit_repo_funding_insert(tx, &f, err)) != HS_OK)
        return st;
    if (existed != NULL)
        *existed = false;
    return HS_OK;
}

hs_status credit_claim_get(hs_store *s, const char *loan_id, credit_claim *out, bool *found,
                           hs_error *err) {
    assert(s != NULL && loan_id != NULL && out != NULL && found != NULL);
    return credit_repo_claim_read(s, loan_id, out, found, err);
}

hs_status credit_claim_loan(hs_tx *tx, const char *loan_id, const char *pool_id, hs_date date,
                            bool allow_partial, credit_claim *out, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    credit_claim ignored;
    if (out == NULL)
        out = &ignored;
    credit_loan lv;
    const credit_loan *l = &lv;
    hs_status st = credit_loan_require(tx, loan_id, &lv, err);
    if (st != HS_OK)
        return st;
    if (l->pool[0] == '\0')
        return hs_fail_code(err, HS_REFUSED, "not_covered", NULL,
                            "loan %s is not covered by a risk-compensation pool", l->id);
    if (pool_id != NULL && (st = credit_require_id("pool", pool_id, err)) != HS_OK)
        return st;
    if (pool_id != NULL && strcmp(pool_id, l->pool) != 0)
        return hs_invalid_field(err, "pool", "field 'pool': loan %s is covered by pool %s, not %s",
                                l->id, l->pool, pool_id);
    char d[DATE_TEXT_LEN], m[MONEY_TEXT_MAX];
    credit_claim have;
    bool found;
    if ((st = credit_repo_claim_get(tx, l->id, &have, &found, err)) != HS_OK)
        return st;
    if (found)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", NULL,
                            "loan %s was already claimed on %s (paid %s)", l->id,
                            date_format(have.date, d), money_format(have.d.paid_fen, m, sizeof m));
    if (l->status != LOAN_DEFAULTED)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", NULL,
                            "cannot claim on loan %s: it has not defaulted (%s)", l->id,
                            credit_loan_status_name(l->status));
    if (date < l->defaulted_date)
        return hs_invalid_field(err, "date", "field 'date': before the default (%s)",
                                date_format(l->defaulted_date, d));
    credit_pool p;
    if ((st = credit_repo_pool_get(tx, l->pool, &p, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "pool", "no pool '%s'", l->pool);
    int y, mo, dd;
    date_to_ymd(date, &y, &mo, &dd);
    int64_t bank_year_paid;
    if ((st = credit_repo_claims_paid_in_year(tx, l->pool, l->bank, y, &bank_year_paid, err)) !=
        HS_OK)
        return st;
    char pool_name[ACCOUNT_NAME_MAX], losses[ACCOUNT_NAME_MAX];
    pool_account(l->pool, pool_name, sizeof pool_name);
    credit_bank_account(l->bank, "losses", losses, sizeof losses);
    hs_account pa;
    if ((st = credit_account(tx, pool_name, "pool", &pa, err)) != HS_OK)
        return st;
    int64_t available = pa.credits_posted_fen - pa.debits_posted_fen - pa.debits_pending_fen;
    if (available < 0) /* the ledger's limit: only a tampered book holds less than nothing */
        return hs_fail(err, HS_STORAGE, "the book's account %s holds less than nothing", pool_name);
    memset(out, 0, sizeof *out);
    snprintf(out->loan, sizeof out->loan, "%s", l->id);
    snprintf(out->pool, sizeof out->pool, "%s", l->pool);
    snprintf(out->bank, sizeof out->bank, "%s", l->bank);
    out->date = date;
    if ((st = credit_claim_decide(&p.params, l->unsecured_bp, l->first_loan,
                                  l->written_off_fen - l->recovered_before_claim_fen,
                                  bank_year_paid, available, allow_partial, &out->d, err)) != HS_OK)
        return hs_error_prefix(err, "claim on loan %s", l->id);
    /* the rule never pays more than the pool holds, the caps allow or the loss */
    assert(out->d.paid_fen > 0 && out->d.paid_fen <= available &&
           out->d.paid_fen <= out->d.capped_fen && out->d.capped_fen <= out->d.entitled_fen);
    char tid[TRANSFER_ID_MAX];
    if ((st = credit_format_id(tid, sizeof tid, "loan", err, "credit.%s.claim", l->id)) != HS_OK)
        return st;
    hs_transfer t;
    credit_transfer_init(&t, tid, pool_name, losses, out->d.paid_fen, "credit.claim", date, false);
    const char *refs[] = {"loan",  l->id,  "bank",  l->bank,  "product",   l->product, "firm",
                          l->firm, "pool", l->pool, "clause", out->d.rule, NULL,       NULL};
    if ((st = credit_transfer_refs(&t, refs, err)) != HS_OK ||
        (st = credit_apply(tx, &t, 1, "claim", err)) != HS_OK)
        return st;
    return credit_repo_claim_insert(tx, out, err);
}

hs_status credit_recover(hs_tx *tx, const char *loan_id, int64_t amount, hs_date date,
                         const char *client_id, const char *from, credit_recovery_result *out,
                         hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    credit_recovery_result ignored;
    if (out == NULL)
        out = &ignored;
    credit_loan lv, *l = &lv;
    hs_status st = credit_loan_require(tx, loan_id, l, err);
    if (st != HS_OK)
        return st;
    char id[TRANSFER_ID_MAX];
    if ((st = credit_event_id(l, client_id, "recover", l->recoveries + 1, id, sizeof id, err)) !=
        HS_OK)
        return st;
    credit_event have;
    bool found;
    if ((st = credit_event_existing(tx, id, l, "recover", amount, date, &have, &found, err)) !=
        HS_OK)
        return st;
    if (found) {
        *out = (credit_recovery_result){have.amount_fen, have.pool_fen, true};
        return HS_OK;
    }
    if (amount <= 0)
        return hs_invalid_field(err, "amount", "field 'amount': must be positive");
    if (l->status != LOAN_DEFAULTED)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", NULL,
                            "cannot record a recovery on loan %s: it has not defaulted", l->id);
    char d[DATE_TEXT_LEN], a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX];
    if (date < l->defaulted_date)
        return hs_invalid_field(err, "date", "field 'date': before the default (%s)",
                                date_format(l->defaulted_date, d));
    int64_t still_lost = l->written_off_fen - l->recovered_fen;
    if (amount > still_lost)
        return hs_fail_code(err, HS_REFUSED, "exceeds_loss", "amount",
                            "recovery of %s exceeds the principal still lost on loan %s (%s)",
                            money_format(amount, a, sizeof a), l->id,
                            money_format(still_lost, b, sizeof b));
    credit_claim c;
    bool claimed;
    if ((st = credit_repo_claim_get(tx, l->id, &c, &claimed, err)) != HS_OK)
        return st;
    int64_t share = 0;
    char clause[96] = "recovery before claim";
    if (claimed) {
        int64_t after = l->recovered_fen - l->recovered_before_claim_fen;
        if (!credit_recovery_pool_share(c.d.paid_fen, c.d.base_fen, after, amount,
                                        l->returned_to_pool_fen, &share))
            return hs_fail(err, HS_STORAGE,
                           "loan %s: the recovery share cannot be computed from its claim", l->id);
        snprintf(clause, sizeof clause, "recovery pro rata %lld/%lld", (long long)c.d.paid_fen,
                 (long long)c.d.base_fen);
    }
    char source[ACCOUNT_NAME_MAX], losses[ACCOUNT_NAME_MAX], pool[ACCOUNT_NAME_MAX],
        tid[TRANSFER_ID_MAX];
    if (from != NULL) {
        if ((st = credit_require_text("from", from, sizeof source, err)) != HS_OK)
            return st;
        snprintf(source, sizeof source, "%s", from);
    } else {
        snprintf(source, sizeof source, "firm/%s/cash", l->firm);
    }
    hs_account src;
    if ((st = credit_account(tx, source, "from", &src, err)) != HS_OK)
        return hs_error_prefix(err, "field 'from'");
    /* a recovery is money coming back from outside: never out of a pool, budget or fund cash a
     * module owns (that would move the module's money behind its back) */
    if (src.owner[0] != '\0')
        return hs_fail_code(err, HS_REFUSED, "account_owned_by_module", "from",
                            "field 'from': %s belongs to module %s", source, src.owner);
    credit_bank_account(l->bank, "losses", losses, sizeof losses);
    hs_transfer ev[2];
    snprintf(tid, sizeof tid, "%s.b", id);
    credit_transfer_init(&ev[0], tid, source, losses, amount, "credit.recover", date, share > 0);
    size_t n = 1;
    if (share > 0) {
        pool_account(l->pool, pool, sizeof pool);
        snprintf(tid, sizeof tid, "%s.p", id);
        credit_transfer_init(&ev[n++], tid, losses, pool, share, "credit.recover", date, false);
    }
    const char *refs[] = {"loan",  l->id,    "bank", l->bank, "product", l->product, "firm",
                          l->firm, "clause", clause, "pool",  l->pool,   NULL,       NULL};
    for (size_t i = 0; i < n; i++)
        if ((st = credit_transfer_refs(&ev[i], refs, err)) != HS_OK)
            return st;
    if ((st = credit_apply(tx, ev, n, "recovery", err)) != HS_OK)
        return st;
    int64_t returned_before = l->returned_to_pool_fen;
    l->recovered_fen += amount;
    if (!claimed)
        l->recovered_before_claim_fen += amount;
    l->returned_to_pool_fen += share;
    l->recoveries++;
    /* postcondition: never more recovered than written off, never more returned than paid */
    assert(l->recovered_fen <= l->written_off_fen);
    assert(!claimed ? share == 0 : l->returned_to_pool_fen <= c.d.paid_fen);
    assert(l->returned_to_pool_fen >= returned_before);
    credit_event rec = {.date = date, .amount_fen = amount, .pool_fen = share};
    snprintf(rec.id, sizeof rec.id, "%s", id);
    snprintf(rec.loan, sizeof rec.loan, "%s", l->id);
    snprintf(rec.kind, sizeof rec.kind, "recover");
    if ((st = credit_repo_event_insert(tx, &rec, err)) != HS_OK)
        return st;
    *out = (credit_recovery_result){amount, share, false};
    return credit_repo_loan_update(tx, l, err);
}

static credit_pool_bank_row *bank_row(credit_pool_report *r, const char *bank) {
    assert(r != NULL && bank != NULL && r->n_banks <= CREDIT_REPORT_BANKS_MAX);
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
    assert(c != NULL && c->s != NULL && c->r != NULL && l != NULL);
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
    hs_status st = credit_repo_claim_read(c->s, l->id, &claim, &found, err);
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
    hs_status st = credit_repo_pool_read(s, id, &out->pool, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "pool", "no pool '%s'", id);
    report_ctx c = {s, out};
    if ((st = credit_repo_loans_each(s, id, add_loan, &c, err)) != HS_OK ||
        (st = credit_repo_fundings_total_read(s, id, &out->fundings, &out->funded_fen, err)) !=
            HS_OK)
        return st;
    /* every defaulted loan was disbursed, every disbursed one approved */
    assert(out->loans >= out->disbursed_loans && out->disbursed_loans >= out->defaults);
    assert(out->n_banks <= CREDIT_REPORT_BANKS_MAX);
    out->balance_fen = out->funded_fen - out->claims_paid_fen + out->returned_fen;
    char acct[ACCOUNT_NAME_MAX];
    pool_account(id, acct, sizeof acct);
    hs_account a;
    if ((st = store_account_by_name(s, acct, &a, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_fail(err, HS_STORAGE, "the book has pool %s but no account %s", id, acct);
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
