/* verify.c — runs the instrument checks (verify_repo.h) of the modules present in the book, then
 * reconciles every risk-compensation pool with the ledger. No SQL here. */
#include "instrument/verify.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "instrument/credit_pool.h"
#include "instrument/verify_repo.h"

hs_status instrument_module_present(hs_store *s, const char *module, bool *present, hs_error *err) {
    assert(s != NULL && module != NULL && present != NULL);
    return verify_repo_module_present(s, module, present, err);
}

typedef struct {
    hs_store *store;
    instrument_verify_report *out;
} pools_ctx;

/* Every risk-compensation pool's records (fundings, claims, returns) reconcile with pool/<id>. */
static hs_status verify_pool(void *vctx, const char *id, hs_error *err) {
    pools_ctx *c = vctx;
    if (!c->out->ok)
        return HS_OK;              /* the first violation is the one reported */
    static credit_pool_report rep; /* large; one at a time */
    hs_status st = credit_pool_report_build(c->store, id, &rep, err);
    if (st != HS_OK)
        return st;
    c->out->checks++;
    if (!rep.reconciled) {
        char a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX];
        c->out->ok = false;
        snprintf(c->out->first_violation, sizeof c->out->first_violation,
                 "each risk-compensation pool reconciles with the ledger: pool %s records %s, "
                 "the ledger holds %s",
                 id, money_format(rep.balance_fen, a, sizeof a),
                 money_format(rep.ledger_balance_fen, b, sizeof b));
    }
    return HS_OK;
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
    bool credit = false;
    if (st == HS_OK && out->ok)
        st = verify_repo_module_present(s, "credit", &credit, err);
    if (st == HS_OK && out->ok && credit) {
        pools_ctx c = {s, out};
        st = verify_repo_pools_each(s, verify_pool, &c, err);
    }
    assert(st != HS_OK || out->ok || out->first_violation[0] != '\0');
    return st;
}
