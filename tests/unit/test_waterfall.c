/* test_waterfall.c — the European, 让利 and deal-by-deal waterfalls against the hand-worked
 * examples in tests/waterfall-examples.md (every figure to the fen), and a random property test:
 * LP + GP == proceeds, every tier >= 0, over thousands of inputs. */
#include "harness.h"

#include "instrument/waterfall.h"

#define Y(yuan) ((int64_t)((yuan)*100.0 + ((yuan) >= 0 ? 0.5 : -0.5))) /* yuan literal -> fen */

static const waterfall_terms BASE = {.hurdle_bp = 800, .years = 1, .carry_bp = 2000};

static waterfall_result run(int64_t paid_in, int64_t proceeds, waterfall_terms t) {
    waterfall_result r;
    hs_error err;
    memset(&r, 0, sizeof r);
    if (waterfall_european(paid_in, proceeds, &t, &r, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "waterfall_european failed: %s", err.msg);
    return r;
}

/* Checks one tier's (LP, GP) in fen. */
#define CHECK_TIER(r, i, lp, gp)                                                                   \
    do {                                                                                           \
        CHECK_EQ_INT((r).tier[i].lp_fen, lp);                                                      \
        CHECK_EQ_INT((r).tier[i].gp_fen, gp);                                                      \
    } while (0)

/* Checks one tier's (government, social) split of the LP column in fen. */
#define CHECK_GOV_SOCIAL(c, i, gov, social)                                                        \
    do {                                                                                           \
        CHECK_EQ_INT((c).gov_social[i].lp_fen, gov);                                               \
        CHECK_EQ_INT((c).gov_social[i].gp_fen, social);                                            \
    } while (0)

TEST(waterfall_a_full_catch_up) {
    waterfall_terms t = BASE;
    t.catch_up_bp = 10000;
    waterfall_result r = run(Y(1000), Y(1500), t);
    CHECK_EQ_INT(r.preferred_fen, Y(80));
    CHECK_TIER(r, WATERFALL_CAPITAL, Y(1000), 0);
    CHECK_TIER(r, WATERFALL_PREFERRED, Y(80), 0);
    CHECK_TIER(r, WATERFALL_CATCH_UP, 0, Y(20));
    CHECK_TIER(r, WATERFALL_CARRY, Y(320), Y(80));
    CHECK_EQ_INT(r.lp_fen, Y(1400));
    CHECK_EQ_INT(r.gp_fen, Y(100));
}

TEST(waterfall_b_partial_catch_up) {
    waterfall_terms t = BASE;
    t.catch_up_bp = 8000;
    waterfall_result r = run(Y(1000), Y(1500), t);
    CHECK_TIER(r, WATERFALL_CAPITAL, Y(1000), 0);
    CHECK_TIER(r, WATERFALL_PREFERRED, Y(80), 0);
    CHECK_TIER(r, WATERFALL_CATCH_UP, Y(5.33), Y(21.34));
    CHECK_TIER(r, WATERFALL_CARRY, Y(314.66), Y(78.67));
    CHECK_EQ_INT(r.lp_fen, Y(1399.99));
    CHECK_EQ_INT(r.gp_fen, Y(100.01));
}

TEST(waterfall_c_no_catch_up) {
    waterfall_result r = run(Y(1000), Y(1500), BASE);
    CHECK_TIER(r, WATERFALL_CATCH_UP, 0, 0);
    CHECK_TIER(r, WATERFALL_CARRY, Y(336), Y(84));
    CHECK_EQ_INT(r.lp_fen, Y(1416));
    CHECK_EQ_INT(r.gp_fen, Y(84));
}

TEST(waterfall_d_proceeds_below_paid_in) {
    waterfall_terms t = BASE;
    t.catch_up_bp = 10000;
    waterfall_result r = run(Y(1000), Y(600), t);
    CHECK_TIER(r, WATERFALL_CAPITAL, Y(600), 0);
    CHECK_TIER(r, WATERFALL_PREFERRED, 0, 0);
    CHECK_TIER(r, WATERFALL_CATCH_UP, 0, 0);
    CHECK_TIER(r, WATERFALL_CARRY, 0, 0);
    CHECK_EQ_INT(r.lp_fen, Y(600));
    CHECK_EQ_INT(r.gp_fen, 0);
}

TEST(waterfall_e_between_capital_and_hurdle) {
    waterfall_terms t = BASE;
    t.catch_up_bp = 10000;
    waterfall_result r = run(Y(1000), Y(1050), t);
    CHECK_TIER(r, WATERFALL_CAPITAL, Y(1000), 0);
    CHECK_TIER(r, WATERFALL_PREFERRED, Y(50), 0);
    CHECK_EQ_INT(r.lp_fen, Y(1050));
    CHECK_EQ_INT(r.gp_fen, 0);
}

TEST(waterfall_f_runs_out_inside_catch_up) {
    waterfall_terms t = BASE;
    t.catch_up_bp = 10000;
    waterfall_result r = run(Y(1000), Y(1090), t);
    CHECK_TIER(r, WATERFALL_CATCH_UP, 0, Y(10));
    CHECK_TIER(r, WATERFALL_CARRY, 0, 0);
    CHECK_EQ_INT(r.lp_fen, Y(1080));
    CHECK_EQ_INT(r.gp_fen, Y(10));
}

TEST(waterfall_g_five_years_compounded) {
    waterfall_terms t = {.hurdle_bp = 800, .years = 5, .carry_bp = 2000, .catch_up_bp = 10000};
    waterfall_result r = run(Y(100000000), Y(200000000), t);
    CHECK_EQ_INT(r.preferred_fen, Y(46932807.68));
    CHECK_TIER(r, WATERFALL_CATCH_UP, 0, Y(11733201.92));
    CHECK_TIER(r, WATERFALL_CARRY, Y(33067192.32), Y(8266798.08));
    CHECK_EQ_INT(r.lp_fen, Y(180000000));
    CHECK_EQ_INT(r.gp_fen, Y(20000000));
    t.catch_up_bp = 8000;
    r = run(Y(100000000), Y(200000000), t);
    CHECK_TIER(r, WATERFALL_CATCH_UP, Y(3128853.85), Y(12515415.38));
    CHECK_TIER(r, WATERFALL_CARRY, Y(29938338.47), Y(7484584.62));
    CHECK_EQ_INT(r.lp_fen, Y(180000000));
    CHECK_EQ_INT(r.gp_fen, Y(20000000));
}

TEST(waterfall_h_preferred_return_rounds_once) {
    int64_t h = -1;
    hs_error err;
    CHECK_EQ_INT(waterfall_preferred_return(50, 100, 1, &h, &err), HS_OK);
    CHECK_EQ_INT(h, 1); /* 50.5 fen -> 51 */
    CHECK_EQ_INT(waterfall_preferred_return(50, 100, 2, &h, &err), HS_OK);
    CHECK_EQ_INT(h, 1); /* 51.005 -> 51, not 52 as yearly rounding would give */
    CHECK_EQ_INT(waterfall_preferred_return(Y(333.33), 700, 3, &h, &err), HS_OK);
    CHECK_EQ_INT(h, Y(75.01));
    CHECK_EQ_INT(waterfall_preferred_return(Y(1000), 0, 10, &h, &err), HS_OK);
    CHECK_EQ_INT(h, 0);
    CHECK_EQ_INT(waterfall_preferred_return(Y(1000), 800, 0, &h, &err), HS_OK);
    CHECK_EQ_INT(h, 0);
    /* 100 years at 10%: 1.1^100 = 13780.6123398222..., exact in integers */
    CHECK_EQ_INT(waterfall_preferred_return(100, 1000, 100, &h, &err), HS_OK);
    CHECK_EQ_INT(h, 1377961); /* 1378061.23... - 100 */
}

TEST(waterfall_rejects_bad_terms) {
    waterfall_result r;
    hs_error err;
    waterfall_terms t = BASE;
    CHECK_EQ_INT(waterfall_european(-1, 100, &t, &r, &err), HS_INPUT);
    CHECK_EQ_INT(waterfall_european(100, -1, &t, &r, &err), HS_INPUT);
    t.catch_up_bp = 2000; /* equal to the carry: never catches up */
    CHECK_EQ_INT(waterfall_european(100, 100, &t, &r, &err), HS_INPUT);
    CHECK(strstr(err.msg, "catch-up") != NULL);
    t = BASE;
    t.carry_bp = 10000;
    CHECK_EQ_INT(waterfall_european(100, 100, &t, &r, &err), HS_INPUT);
    t = BASE;
    t.years = WATERFALL_YEARS_MAX + 1;
    CHECK_EQ_INT(waterfall_european(100, 100, &t, &r, &err), HS_INPUT);
    t = BASE;
    t.hurdle_bp = -1;
    CHECK_EQ_INT(waterfall_european(100, 100, &t, &r, &err), HS_INPUT);
    /* a preferred return that cannot fit in int64 fen is an error, not a wrap */
    t = (waterfall_terms){.hurdle_bp = 100000, .years = 100, .carry_bp = 2000};
    CHECK_EQ_INT(waterfall_european(INT64_MAX / 2, 0, &t, &r, &err), HS_INPUT);
}

static waterfall_concession_result concede(int64_t gov, int64_t social, int64_t bp, int64_t to_gp) {
    waterfall_terms t = BASE;
    t.catch_up_bp = 10000;
    waterfall_result r = run(Y(1000), Y(1500), t);
    waterfall_concession_terms ct = {gov, social, bp, to_gp};
    waterfall_concession_result c;
    hs_error err;
    memset(&c, 0, sizeof c);
    if (waterfall_concession(&r, &ct, &c, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "waterfall_concession failed: %s", err.msg);
    return c;
}

TEST(waterfall_i_concession) {
    waterfall_concession_result c = concede(Y(300), Y(700), 5000, 0);
    CHECK_GOV_SOCIAL(c, WATERFALL_CAPITAL, Y(300), Y(700)); /* lp = government, gp = social */
    CHECK_GOV_SOCIAL(c, WATERFALL_PREFERRED, Y(24), Y(56));
    CHECK_GOV_SOCIAL(c, WATERFALL_CARRY, Y(96), Y(224));
    CHECK_EQ_INT(c.gov_before_fen, Y(420));
    CHECK_EQ_INT(c.social_before_fen, Y(980));
    CHECK_EQ_INT(c.gov_excess_fen, Y(96));
    CHECK_EQ_INT(c.ceded_fen, Y(48));
    CHECK_EQ_INT(c.gov_fen, Y(372));
    CHECK_EQ_INT(c.social_fen, Y(1028));
    CHECK_EQ_INT(c.gp_fen, Y(100));
    c = concede(Y(300), Y(700), 5000, 2500);
    CHECK_EQ_INT(c.ceded_to_social_fen, Y(36));
    CHECK_EQ_INT(c.ceded_to_gp_fen, Y(12));
    CHECK_EQ_INT(c.gov_fen, Y(372));
    CHECK_EQ_INT(c.social_fen, Y(1016));
    CHECK_EQ_INT(c.gp_fen, Y(112));
    c = concede(1, 2, 0, 0); /* 1 : 2, largest remainder */
    CHECK_GOV_SOCIAL(c, WATERFALL_CARRY, Y(106.67), Y(213.33));
    CHECK_EQ_INT(c.gov_fen + c.social_fen + c.gp_fen, Y(1500));
}

TEST(waterfall_concession_rejects_bad_terms) {
    waterfall_result r = run(Y(1000), Y(1500), BASE);
    waterfall_concession_result c;
    hs_error err;
    waterfall_concession_terms bad[] = {
        {0, 0, 5000, 0}, {-1, 5, 5000, 0}, {1, 1, 10001, 0}, {1, 1, 5000, -1}, {1, 1, -1, 0}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ_INT(waterfall_concession(&r, &bad[i], &c, &err), HS_INPUT);
}

TEST(waterfall_j_deal_by_deal) {
    waterfall_terms t = BASE;
    t.catch_up_bp = 10000;
    waterfall_deal deals[] = {{Y(1000), Y(1500), 1}, {Y(1000), Y(600), 1}};
    waterfall_result per[2];
    waterfall_american_result a;
    hs_error err;
    CHECK_EQ_INT(waterfall_american(deals, 2, &t, per, &a, &err), HS_OK);
    CHECK_EQ_INT(per[0].lp_fen, Y(1400));
    CHECK_EQ_INT(per[0].gp_fen, Y(100));
    CHECK_EQ_INT(per[1].lp_fen, Y(600));
    CHECK_EQ_INT(per[1].gp_fen, 0);
    CHECK_TIER(a, WATERFALL_CAPITAL, Y(1600), 0);
    CHECK_TIER(a, WATERFALL_PREFERRED, Y(80), 0);
    CHECK_TIER(a, WATERFALL_CATCH_UP, 0, Y(20));
    CHECK_TIER(a, WATERFALL_CARRY, Y(320), Y(80));
    CHECK_EQ_INT(a.lp_fen, Y(2000));
    CHECK_EQ_INT(a.gp_fen, Y(100));
    CHECK_EQ_INT(a.paid_in_fen, Y(2000));
    CHECK_EQ_INT(a.proceeds_fen, Y(2100));
    /* the same fund, European: the GP gets nothing */
    waterfall_result e = run(Y(2000), Y(2100), t);
    CHECK_EQ_INT(e.lp_fen, Y(2100));
    CHECK_EQ_INT(e.gp_fen, 0);
    CHECK_TIER(e, WATERFALL_PREFERRED, Y(100), 0);
    /* a bad deal is named */
    deals[1].years = -1;
    CHECK_EQ_INT(waterfall_american(deals, 2, &t, NULL, &a, &err), HS_INPUT);
    CHECK(strstr(err.msg, "deal 2") != NULL);
}

/* xorshift64*: a deterministic stream for the property test (local state, no globals). */
static uint64_t next_random(uint64_t *s) {
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * UINT64_C(2685821657736338717);
}

static int64_t random_below(uint64_t *s, int64_t n) {
    return n <= 0 ? 0 : (int64_t)(next_random(s) % (uint64_t)n);
}

TEST(waterfall_property_sums_exact_and_tiers_non_negative) {
    uint64_t s = UINT64_C(0x9E3779B97F4A7C15);
    int failures = 0;
    for (int i = 0; i < 20000 && failures < 5; i++) {
        int64_t paid_in = random_below(&s, 4) == 0 ? random_below(&s, 1000)
                                                   : random_below(&s, INT64_C(1000000000000000));
        int64_t proceeds = random_below(&s, paid_in * 4 + 1000);
        waterfall_terms t = {.hurdle_bp = random_below(&s, 3000),
                             .years = random_below(&s, 16),
                             .carry_bp = random_below(&s, 5000)};
        int64_t mode = random_below(&s, 3);
        t.catch_up_bp = mode == 0   ? 0
                        : mode == 1 ? 10000
                                    : t.carry_bp + 1 + random_below(&s, 10000 - t.carry_bp);
        waterfall_result r;
        hs_error err;
        if (waterfall_european(paid_in, proceeds, &t, &r, &err) != HS_OK) {
            harness_fail(__FILE__, __LINE__, "case %d rejected: %s", i, err.msg);
            failures++;
            continue;
        }
        int64_t lp = 0, gp = 0;
        for (int k = 0; k < WATERFALL_TIERS; k++) {
            if (r.tier[k].lp_fen < 0 || r.tier[k].gp_fen < 0)
                failures++, harness_fail(__FILE__, __LINE__, "case %d tier %d negative", i, k);
            lp += r.tier[k].lp_fen;
            gp += r.tier[k].gp_fen;
        }
        if (lp + gp != proceeds || lp != r.lp_fen || gp != r.gp_fen)
            failures++, harness_fail(__FILE__, __LINE__, "case %d: %lld + %lld != %lld", i,
                                     (long long)lp, (long long)gp, (long long)proceeds);
        /* the LPs get their capital and hurdle before the GP gets anything */
        if (gp > 0 && lp < paid_in + r.preferred_fen)
            failures++, harness_fail(__FILE__, __LINE__, "case %d: GP paid before the hurdle", i);
        /* once the catch-up is complete the GP holds the carry share of all profit (to 2 fen) */
        int64_t profit = proceeds - paid_in;
        if (t.catch_up_bp > 0 &&
            r.tier[WATERFALL_CARRY].lp_fen + r.tier[WATERFALL_CARRY].gp_fen > 0) {
            __int128 want = (__int128)profit * t.carry_bp;
            __int128 have = (__int128)gp * 10000;
            __int128 diff = want > have ? want - have : have - want;
            if (diff > 2 * 10000)
                failures++, harness_fail(__FILE__, __LINE__, "case %d: GP %lld off carry", i,
                                         (long long)gp);
        }
        waterfall_concession_terms ct = {random_below(&s, 1000000), 1 + random_below(&s, 1000000),
                                         random_below(&s, 10001), random_below(&s, 10001)};
        waterfall_concession_result c;
        if (waterfall_concession(&r, &ct, &c, &err) != HS_OK ||
            c.gov_fen + c.social_fen + c.gp_fen != proceeds || c.gov_fen < 0 ||
            c.ceded_fen > c.gov_excess_fen)
            failures++, harness_fail(__FILE__, __LINE__, "case %d: concession does not add up", i);
    }
    CHECK_EQ_INT(failures, 0);
}
