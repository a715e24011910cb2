/* fund_test_util.h — helpers shared by the tests/unit/test_fund_*.c files. */
#ifndef HS_TESTS_FUND_TEST_UTIL_H
#define HS_TESTS_FUND_TEST_UTIL_H

#include "harness.h"
#include "instrument/fund.h"
#include "store/book.h"
#include "store/store.h"

/* An empty in-memory book. */
hs_store *ft_book(void);
/* Fails the test (at line) unless store_check finds every invariant holding. */
void ft_check_book(hs_store *s, int line);
/* A date from ISO text. */
hs_date ft_day(const char *iso);
/* Creates fund id with size, GP "gp-<id>", vintage, European defaults, given parent ("" none). */
void ft_fund(hs_store *s, const char *id, int64_t size_fen, const char *vintage, const char *parent,
             int line);
/* The test's write transaction on s: ft_begin opens it (failing the test if it cannot), ft_end
 * commits it when st is HS_OK and rolls it back otherwise, returning st. One at a time. */
hs_tx *ft_begin(hs_store *s);
hs_status ft_end(hs_status st);
/* Held balance of an account (0 if missing). */
int64_t ft_held(hs_store *s, const char *name);
/* Credits posted of an account. */
int64_t ft_credits(hs_store *s, const char *name);

#endif
