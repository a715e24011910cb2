/* test_fund_calls.c — commitments and capital calls: exact pro rata to the fen (odd fen too),
 * refusals (above uncalled, above the fund size, a budget that cannot pay), idempotent event ids,
 * LP default, and a random property run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fund_test_util.h"
#include "instrument/fund_lp.h"
#include "instrument/programme.h"

static void commit(hs_store *s, const char *fund, const char *lp, fund_lp_type type,
                   const char *from, int64_t fen, int line) {
    hs_error err = {0};
    fund_event_result existed;
    if (ft_end(fund_commit(ft_begin(s), NULL, fund, lp, type, from, fen, 1, ft_day("2024-01-10"),
                           &existed, &err)) != HS_OK)
        harness_fail(__FILE__, line, "commit %s: %s", lp, err.msg);
}

static int64_t called_of(hs_store *s, const char *fund, const char *lp) {
    char name[ACCOUNT_NAME_MAX];
    fund_commitment_account(fund, lp, name, sizeof name);
    return ft_credits(s, name);
}

TEST(fund_call_three_equal_lps_odd_fen) {
    hs_store *s = ft_book();
    ft_fund(s, "f", 300, "2024-01-01", "", __LINE__);
    commit(s, "f", "a", FUND_LP_SOCIAL, NULL, 100, __LINE__);
    commit(s, "f", "b", FUND_LP_SOCIAL, NULL, 100, __LINE__);
    commit(s, "f", "c", FUND_LP_SOCIAL, NULL, 100, __LINE__);
    hs_error err = {0};
    fund_event_result existed;
    CHECK_EQ_INT(
        ft_end(fund_call(ft_begin(s), "c1", "f", 100, ft_day("2024-02-01"), NULL, &existed, &err)),
        HS_OK);
    /* 100 fen over three equal weights: 34 + 33 + 33, the extra fen to the lowest index */
    CHECK_EQ_INT(called_of(s, "f", "a"), 34);
    CHECK_EQ_INT(called_of(s, "f", "b"), 33);
    CHECK_EQ_INT(called_of(s, "f", "c"), 33);
    CHECK_EQ_INT(ft_held(s, "fund/f/cash"), 100);
    /* the next call weighs by what is left uncalled: 66, 67, 67 -> 1 fen goes to b */
    CHECK_EQ_INT(
        ft_end(fund_call(ft_begin(s), "c2", "f", 1, ft_day("2024-02-02"), NULL, &existed, &err)),
        HS_OK);
    CHECK_EQ_INT(called_of(s, "f", "a") + called_of(s, "f", "b") + called_of(s, "f", "c"), 101);
    CHECK_EQ_INT(called_of(s, "f", "b"), 34);
    /* call the rest: every commitment is drawn exactly */
    CHECK_EQ_INT(
        ft_end(fund_call(ft_begin(s), "c3", "f", 199, ft_day("2024-02-03"), NULL, &existed, &err)),
        HS_OK);
    CHECK_EQ_INT(called_of(s, "f", "a"), 100);
    CHECK_EQ_INT(called_of(s, "f", "b"), 100);
    CHECK_EQ_INT(called_of(s, "f", "c"), 100);
    CHECK_EQ_INT(
        ft_end(fund_call(ft_begin(s), "c4", "f", 1, ft_day("2024-02-04"), NULL, &existed, &err)),
        HS_REFUSED);
    ft_check_book(s, __LINE__);
    store_close(s);
}

TEST(fund_call_uneven_commitments_sum_exact) {
    hs_store *s = ft_book();
    ft_fund(s, "g", INT64_C(100000000000), "2024-01-01", "", __LINE__);
    commit(s, "g", "x", FUND_LP_SOCIAL, NULL, 3333333, __LINE__);
    commit(s, "g", "y", FUND_LP_BANK, NULL, 5000001, __LINE__);
    commit(s, "g", "z", FUND_LP_CORPORATE, NULL, 1666667, __LINE__);
    hs_error err = {0};
    fund_event_result existed;
    CHECK_EQ_INT(ft_end(fund_call(ft_begin(s), "k1", "g", 1234567, ft_day("2024-03-01"), NULL,
                                  &existed, &err)),
                 HS_OK);
    int64_t x = called_of(s, "g", "x"), y = called_of(s, "g", "y"), z = called_of(s, "g", "z");
    CHECK_EQ_INT(x + y + z, 1234567);
    /* each share is the exact pro-rata amount rounded to within one fen */
    CHECK(llabs(x * 10000001 - 1234567LL * 3333333) <= 10000001);
    CHECK(llabs(y * 10000001 - 1234567LL * 5000001) <= 10000001);
    CHECK_EQ_INT(ft_held(s, "fund/g/cash"), 1234567);
    CHECK_EQ_INT(ft_held(s, "lp/x/cash"), -x);
    ft_check_book(s, __LINE__);
    store_close(s);
}

TEST(fund_call_refusals_apply_nothing) {
    hs_store *s = ft_book();
    hs_error err = {0};
    programme p = {.id = "prog", .created_date = ft_day("2024-01-01")};
    CHECK_EQ_INT(programme_create(s, &p, &err), HS_OK);
    CHECK_EQ_INT(programme_fund(s, "prog", "mother", 5000, ft_day("2024-01-02"), NULL, &err),
                 HS_OK);
    ft_fund(s, "h", 20000, "2024-01-01", "", __LINE__);
    fund_event_result existed;
    /* above the fund size */
    CHECK_EQ_INT(ft_end(fund_commit(ft_begin(s), NULL, "h", "big", FUND_LP_SOCIAL, NULL, 20001, 1,
                                    ft_day("2024-01-10"), &existed, &err)),
                 HS_REFUSED);
    /* the government commits more than its budget holds: calls beyond it are refused */
    commit(s, "h", "gov", FUND_LP_GOV, "budget/prog/mother", 10000, __LINE__);
    commit(s, "h", "soc", FUND_LP_SOCIAL, NULL, 10000, __LINE__);
    CHECK_EQ_INT(
        ft_end(fund_call(ft_begin(s), "a", "h", 10000, ft_day("2024-02-01"), NULL, &existed, &err)),
        HS_OK);
    CHECK_EQ_INT(ft_held(s, "budget/prog/mother"), 0);
    CHECK_EQ_INT(
        ft_end(fund_call(ft_begin(s), "b", "h", 2, ft_day("2024-02-02"), NULL, &existed, &err)),
        HS_REFUSED);
    CHECK(strstr(err.msg, "exceeds_credits") != NULL);
    CHECK_EQ_INT(ft_held(s, "fund/h/cash"), 10000); /* nothing of the refused call applied */
    CHECK_EQ_INT(called_of(s, "h", "soc"), 5000);
    /* above the uncalled total */
    CHECK_EQ_INT(
        ft_end(fund_call(ft_begin(s), "c", "h", 10001, ft_day("2024-02-03"), NULL, &existed, &err)),
        HS_REFUSED);
    ft_check_book(s, __LINE__);
    store_close(s);
}

TEST(fund_events_are_idempotent) {
    hs_store *s = ft_book();
    ft_fund(s, "i", 1000, "2024-01-01", "", __LINE__);
    commit(s, "i", "a", FUND_LP_SOCIAL, NULL, 1000, __LINE__);
    commit(s, "i", "a", FUND_LP_SOCIAL, NULL, 1000, __LINE__); /* same derived id: nothing */
    hs_error err = {0};
    fund_event_result existed;
    CHECK_EQ_INT(ft_end(fund_call(ft_begin(s), "same", "i", 300, ft_day("2024-02-01"), NULL,
                                  &existed, &err)),
                 HS_OK);
    CHECK(!existed.existed);
    CHECK_EQ_INT(ft_end(fund_call(ft_begin(s), "same", "i", 300, ft_day("2024-02-01"), NULL,
                                  &existed, &err)),
                 HS_OK);
    CHECK(existed.existed);
    CHECK_EQ_INT(ft_end(fund_call(ft_begin(s), "same", "i", 301, ft_day("2024-02-01"), NULL,
                                  &existed, &err)),
                 HS_INPUT);
    CHECK_EQ_INT(ft_held(s, "fund/i/cash"), 300);
    CHECK_EQ_INT(ft_held(s, "fund/i/commitment/a"), -(1000 - 300));
    ft_check_book(s, __LINE__);
    store_close(s);
}

TEST(fund_lp_default_shifts_the_call) {
    hs_store *s = ft_book();
    ft_fund(s, "j", 3000, "2024-01-01", "", __LINE__);
    commit(s, "j", "a", FUND_LP_SOCIAL, NULL, 1000, __LINE__);
    commit(s, "j", "b", FUND_LP_SOCIAL, NULL, 1000, __LINE__);
    commit(s, "j", "c", FUND_LP_SOCIAL, NULL, 1000, __LINE__);
    hs_error err = {0};
    fund_event_result existed;
    CHECK_EQ_INT(
        ft_end(fund_call(ft_begin(s), "d1", "j", 301, ft_day("2024-02-01"), "b", &existed, &err)),
        HS_OK);
    CHECK_EQ_INT(called_of(s, "j", "a"), 151);
    CHECK_EQ_INT(called_of(s, "j", "c"), 150);
    /* b's whole commitment is drawn down (cancelled), none of it paid */
    CHECK_EQ_INT(ft_held(s, "lp/b/cash"), 0);
    CHECK_EQ_INT(ft_held(s, "fund/j/commitment/b"), 0);
    fund_lp *lps;
    size_t n;
    CHECK_EQ_INT(fund_lps_load(s, "j", &lps, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 3);
    CHECK(lps[1].defaulted);
    CHECK_EQ_INT(lps[1].uncalled_fen, 0);
    free(lps);
    CHECK_EQ_INT(
        ft_end(fund_call(ft_begin(s), "d2", "j", 1699, ft_day("2024-03-01"), NULL, &existed, &err)),
        HS_OK);
    CHECK_EQ_INT(called_of(s, "j", "a") + called_of(s, "j", "c"), 2000);
    ft_check_book(s, __LINE__);
    store_close(s);
}

TEST(fund_call_property_random) {
    hs_store *s = ft_book();
    srand(12345);
    ft_fund(s, "p", INT64_C(1000000000000), "2024-01-01", "", __LINE__);
    int64_t total = 0;
    const char *names[] = {"l0", "l1", "l2", "l3", "l4", "l5", "l6"};
    for (int i = 0; i < 7; i++) {
        int64_t c = 1 + rand() % 9999991;
        commit(s, "p", names[i], FUND_LP_SOCIAL, NULL, c, __LINE__);
        total += c;
    }
    int64_t called = 0;
    hs_error err = {0};
    fund_event_result existed;
    for (int k = 0; k < 60 && called < total; k++) {
        int64_t left = total - called;
        int64_t amount = 1 + (int64_t)rand() % (left < 999983 ? left : 999983);
        char id[32];
        snprintf(id, sizeof id, "r%d", k);
        if (ft_end(fund_call(ft_begin(s), id, "p", amount, ft_day("2024-02-01"), NULL, &existed,
                             &err)) != HS_OK) {
            harness_fail(__FILE__, __LINE__, "call %d: %s", k, err.msg);
            break;
        }
        called += amount;
        int64_t sum = 0;
        for (int i = 0; i < 7; i++)
            sum += called_of(s, "p", names[i]);
        CHECK_EQ_INT(sum, called);
    }
    CHECK_EQ_INT(ft_held(s, "fund/p/cash"), called);
    CHECK_EQ_INT(ft_end(fund_call(ft_begin(s), "rest", "p", total - called, ft_day("2024-03-01"),
                                  NULL, &existed, &err)),
                 HS_OK);
    for (int i = 0; i < 7; i++) {
        char name[ACCOUNT_NAME_MAX];
        fund_commitment_account("p", names[i], name, sizeof name);
        CHECK_EQ_INT(ft_held(s, name), 0);
    }
    ft_check_book(s, __LINE__);
    store_close(s);
}
