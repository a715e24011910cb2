/* credit_product.c — loan products and their banks' accounts. */
#include "instrument/credit_product.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "instrument/credit_repo.h"

hs_status credit_bank_ensure(hs_tx *tx, const char *bank, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    hs_status st = credit_require_id("bank", bank, err);
    static const struct {
        const char *part, *kind;
    } parts[] = {{"lending", "bank"}, {"interest", "income"}, {"losses", "bank"}};
    for (size_t i = 0; st == HS_OK && i < sizeof parts / sizeof parts[0]; i++) {
        char name[ACCOUNT_NAME_MAX];
        credit_bank_account(bank, parts[i].part, name, sizeof name);
        st = credit_owned_account(tx, name, parts[i].kind, 0, err);
    }
    return st;
}

static hs_status validate(const credit_product *p, hs_error *err) {
    assert(p != NULL);
    hs_status st;
    if ((st = credit_require_id("id", p->id, err)) != HS_OK ||
        (st = credit_require_id("bank", p->bank, err)) != HS_OK)
        return st;
    if (p->name[0] == '\0')
        return hs_invalid_field(err, "name", "field 'name': must not be empty");
    if ((st = credit_require_text("name", p->name, sizeof p->name, err)) != HS_OK)
        return st;
    if (p->pool[0] != '\0' && (st = credit_require_id("pool", p->pool, err)) != HS_OK)
        return st;
    if (p->ceiling_fen <= 0 || p->ceiling_fen > TRANSFER_AMOUNT_MAX_FEN)
        return hs_invalid_field(err, "ceiling", "field 'ceiling': must be positive");
    credit_instalment probe[CREDIT_INSTALMENTS_MAX];
    size_t n;
    /* the schedule of a ceiling-sized loan validates rate, term and period together */
    return credit_schedule(p->ceiling_fen, p->rate_bp, 0, p->term_months, p->period_months,
                           p->repayment, probe, CREDIT_INSTALMENTS_MAX, &n, err);
}

static const char *first_difference(const credit_product *a, const credit_product *b) {
    assert(a != NULL && b != NULL);
    if (strcmp(a->bank, b->bank))
        return "bank";
    if (strcmp(a->name, b->name))
        return "name";
    if (a->rate_bp != b->rate_bp)
        return "rate";
    if (a->term_months != b->term_months)
        return "term-months";
    if (a->period_months != b->period_months)
        return "period-months";
    if (a->ceiling_fen != b->ceiling_fen)
        return "ceiling";
    if (a->unsecured != b->unsecured)
        return "unsecured";
    if (a->repayment != b->repayment)
        return "repayment";
    if (strcmp(a->pool, b->pool))
        return "pool";
    return NULL;
}

hs_status credit_product_create(hs_tx *tx, const credit_product *p, bool *existed, hs_error *err) {
    assert(tx != NULL && p != NULL);
    hs_status st = validate(p, err);
    if (st != HS_OK)
        return st;
    credit_product old;
    bool found;
    if ((st = credit_repo_product_get(tx, p->id, &old, &found, err)) != HS_OK)
        return st;
    if (existed != NULL)
        *existed = found;
    if (found) {
        const char *diff = first_difference(p, &old);
        if (diff != NULL)
            return hs_fail_code(err, HS_INPUT, "exists_with_different_terms", diff,
                                "product %s exists with another '%s'", p->id, diff);
        return HS_OK;
    }
    assert(first_difference(p, p) == NULL && credit_id_valid(p->bank));
    if ((st = credit_bank_ensure(tx, p->bank, err)) != HS_OK)
        return st;
    return credit_repo_product_insert(tx, p, err);
}

hs_status credit_product_get(hs_store *s, const char *id, credit_product *out, bool *found,
                             hs_error *err) {
    assert(s != NULL && id != NULL && out != NULL && found != NULL);
    return credit_repo_product_read(s, id, out, found, err);
}

hs_status credit_products_each(hs_store *s,
                               hs_status (*fn)(void *ctx, const credit_product *p, hs_error *err),
                               void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    return credit_repo_products_each(s, fn, ctx, err);
}
