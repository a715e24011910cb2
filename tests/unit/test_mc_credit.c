/* test_mc_credit.c — new pool-backed loans on a path: with new_loan_rate, banks lend to new
 * borrowers like the pool's loans (so outstanding credit grows instead of running off), never
 * against an empty pool; the loans drawn are the same for 1 and 3 threads. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "project/mc_policy.h"
#include "project/mc_run.h"

/* One pool holding `balance` yuan and 10 one-year loans of 500万 in it, none defaulting. */
static void snapshot(mc_snapshot *s, double balance) {
    memset(s, 0, sizeof *s);
    CHECK(date_parse("2024-06-30", &s->on));
    s->pools = calloc(1, sizeof *s->pools);
    s->pools[0].balance = balance;
    s->pools[0].params.base_share_bp = 5000;
    s->n_pools = 1;
    s->loans = calloc(10, sizeof *s->loans);
    for (size_t i = 0; i < 10; i++)
        s->loans[i] = (mc_loan0){.outstanding = 5e6,
                                 .amount = 5e6,
                                 .pool = 0,
                                 .bank = 0,
                                 .quarters_left = 4,
                                 .term_quarters = 4,
                                 .unsecured_bp = 10000};
    s->n_loans = 10;
    s->n_banks = 1;
}

static double mean_outstanding(const mc_snapshot *s, const char *rate, int threads,
                               mc_result *keep) {
    mc_params p;
    mc_params_default(&p);
    hs_error err = {0};
    CHECK_EQ_INT(mc_params_set(&p, "default_rate", "0", &err), HS_OK);
    CHECK_EQ_INT(mc_params_set(&p, "rollover_rate", "100%", &err), HS_OK);
    CHECK_EQ_INT(mc_params_set(&p, "new_loan_rate", rate, &err), HS_OK);
    mc_run_options o = {.years = 3, .paths = 80, .seed = 5, .threads = threads};
    mc_result r = {0};
    CHECK_EQ_INT(mc_run(s, &p, &o, &r, &err), HS_OK);
    double v = 0;
    for (int64_t i = 0; i < r.paths; i++)
        v += mc_result_value(&r, MC_LOANS_OUTSTANDING, 3, i);
    if (keep != NULL)
        *keep = r;
    else
        mc_result_free(&r);
    return v / 80.0;
}

TEST(mc_credit_new_loans_grow_the_book_but_not_against_an_empty_pool) {
    mc_snapshot s;
    snapshot(&s, 1e7);
    double none = mean_outstanding(&s, "0", 2, NULL);
    CHECK(none > 0 && none <= 10 * 5e6 + 1); /* renewed at maturity: never more than the start */
    mc_result one = {0}, three = {0};
    double grown = mean_outstanding(&s, "100%", 1, &one);
    CHECK(mean_outstanding(&s, "100%", 3, &three) == grown);
    CHECK(memcmp(one.values, three.values, (size_t)MC_METRICS * 3 * 80 * sizeof(double)) == 0);
    CHECK(grown > 2 * none); /* ~10 new loans a year on 10 */
    mc_result_free(&one);
    mc_result_free(&three);
    mc_snapshot_free(&s);
    snapshot(&s, 0); /* an empty pool: banks lend no more against it */
    CHECK(mean_outstanding(&s, "100%", 2, NULL) == mean_outstanding(&s, "0", 2, NULL));
    mc_snapshot_free(&s);
}
