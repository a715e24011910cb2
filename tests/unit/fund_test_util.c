/* fund_test_util.c — helpers for the fund unit tests. */
#include "fund_test_util.h"

#include <stdio.h>
#include <string.h>

hs_store *ft_book(void) {
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
    return s;
}

void ft_check_book(hs_store *s, int line) {
    store_check_report rep;
    hs_error err = {0};
    if (store_check(s, &rep, &err) != HS_OK)
        harness_fail(__FILE__, line, "check failed: %s", err.msg);
    else if (!rep.ok)
        harness_fail(__FILE__, line, "invariant violated: %s", rep.first_violation);
}

hs_date ft_day(const char *iso) {
    hs_date d = 0;
    if (!date_parse(iso, &d))
        harness_fail(__FILE__, __LINE__, "bad test date %s", iso);
    return d;
}

void ft_fund(hs_store *s, const char *id, int64_t size_fen, const char *vintage, const char *parent,
             int line) {
    fund_terms t;
    fund_terms_init(&t);
    snprintf(t.id, sizeof t.id, "%s", id);
    snprintf(t.name, sizeof t.name, "%s", id);
    snprintf(t.gp, sizeof t.gp, "gp-%s", id);
    snprintf(t.parent, sizeof t.parent, "%s", parent);
    t.size_fen = size_fen;
    t.first_phase_fen = size_fen;
    t.vintage = ft_day(vintage);
    hs_error err = {0};
    fund_event_result existed;
    if (ft_end(fund_create(ft_begin(s), &t, &existed.existed, &err)) != HS_OK)
        harness_fail(__FILE__, line, "fund_create %s: %s", id, err.msg);
}

int64_t ft_held(hs_store *s, const char *name) {
    hs_account a;
    bool found;
    hs_error err;
    if (store_account_by_name(s, name, &a, &found, &err) != HS_OK || !found)
        return 0;
    return account_held_fen(&a);
}

int64_t ft_credits(hs_store *s, const char *name) {
    hs_account a;
    bool found;
    hs_error err;
    if (store_account_by_name(s, name, &a, &found, &err) != HS_OK || !found)
        return 0;
    return a.credits_posted_fen;
}

static hs_tx ft_tx;

hs_tx *ft_begin(hs_store *s) {
    hs_error err = {0};
    if (hs_tx_begin(s, &ft_tx, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "hs_tx_begin: %s", err.msg);
    return &ft_tx;
}

hs_status ft_end(hs_status st) {
    hs_error err = {0};
    if (st != HS_OK) {
        hs_tx_rollback(&ft_tx);
        return st;
    }
    if (hs_tx_commit(&ft_tx, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "hs_tx_commit: %s", err.msg);
    return st;
}
