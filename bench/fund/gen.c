/* gen.c — builds the fund-group benchmark book through the fund module (the same calls the CLI
 * makes): a mother fund (government money from a programme budget) and N sub-funds of 10亿 (mother
 * 20%, state 20%, bank 20%, social 40%), each with D deals, over 10 years of quarterly events:
 * calls (5% a quarter for 5 years), fees, investments, marks, exits, write-offs, distributions.
 * usage: gen BOOK FUNDS DEALS_PER_FUND */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instrument/fund.h"
#include "instrument/fund_deal.h"
#include "instrument/fund_dist.h"
#include "instrument/fund_lp.h"
#include "instrument/programme.h"
#include "store/store.h"

#define YI INT64_C(10000000000)
#define WAN INT64_C(1000000)

static hs_error err;

static void must(hs_status st, const char *what) {
    if (st != HS_OK) {
        fprintf(stderr, "gen: %s: %s\n", what, err.msg);
        exit(1);
    }
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int64_t held(hs_store *s, const char *name) {
    hs_account a;
    bool found;
    must(store_account_by_name(s, name, &a, &found, &err), "account");
    return found ? account_held_fen(&a) : 0;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: gen BOOK FUNDS DEALS_PER_FUND\n");
        return 2;
    }
    int nf = atoi(argv[2]), nd = atoi(argv[3]);
    hs_store *s;
    must(store_open(argv[1], STORE_CREATE, &s, &err), "open");
    must(store_exec(s, "PRAGMA synchronous=OFF", &err), "pragma");
    hs_date start = date_from_ymd(2015, 1, 1);
    programme p = {.id = "bench", .created_date = start};
    must(programme_create(s, &p, &err), "programme");
    int64_t mother_size = (int64_t)nf * 2 * YI;
    must(programme_fund(s, "bench", "mother", mother_size, start, NULL, &err), "budget");
    fund_terms t;
    fund_terms_init(&t);
    snprintf(t.id, sizeof t.id, "mother");
    snprintf(t.gp, sizeof t.gp, "mother-gp");
    snprintf(t.group, sizeof t.group, "bench");
    t.size_fen = t.first_phase_fen = mother_size;
    t.vintage = start;
    t.fee_bp = 50;
    t.fee_exit_bp = 30;
    bool ex;
    must(fund_create(s, &t, &ex, &err), "mother");
    must(fund_commit(s, NULL, "mother", "gov", FUND_LP_GOV, "budget/bench/mother", mother_size, 1,
                     start, &ex, &err),
         "mother commit");
    static const char *sectors[] = {"ai",          "ai-chips",   "robotics",
                                    "biomedicine", "new-energy", "software"};
    static const char *stages[] = {"seed", "early", "growth", "late"};
    static const char *cities[] = {"hefei",   "suzhou", "shanghai", "shenzhen",
                                   "chengdu", "wuhu",   "beijing",  "hangzhou"};
    for (int f = 0; f < nf; f++) {
        fund_terms u = t;
        snprintf(u.id, sizeof u.id, "sub-%04d", f);
        snprintf(u.gp, sizeof u.gp, "gp-%04d", f % 200);
        snprintf(u.parent, sizeof u.parent, "mother");
        snprintf(u.region, sizeof u.region, "hefei");
        u.size_fen = u.first_phase_fen = 10 * YI;
        u.fee_bp = 200;
        u.fee_exit_bp = 150;
        u.reinvest_bp = f % 2 ? 10000 : 0;
        u.waterfall = f % 10 == 0 ? FUND_WATERFALL_AMERICAN : FUND_WATERFALL_EUROPEAN;
        must(fund_create(s, &u, &ex, &err), "sub");
        char lp[32];
        must(fund_commit(s, NULL, u.id, "mother", FUND_LP_FUND, NULL, 2 * YI, 1, start, &ex, &err),
             "c1");
        snprintf(lp, sizeof lp, "state-%03d", f % 50);
        must(fund_commit(s, NULL, u.id, lp, FUND_LP_STATE, NULL, 2 * YI, 1, start, &ex, &err),
             "c2");
        snprintf(lp, sizeof lp, "bank-%02d", f % 20);
        must(fund_commit(s, NULL, u.id, lp, FUND_LP_BANK, NULL, 2 * YI, 1, start, &ex, &err), "c3");
        snprintf(lp, sizeof lp, "social-%04d", f);
        must(fund_commit(s, NULL, u.id, lp, FUND_LP_SOCIAL, NULL, 4 * YI, 1, start, &ex, &err),
             "c4");
    }
    long events = 0;
    int per_q = (nd + 19) / 20; /* investments a quarter for 5 years */
    for (int q = 0; q < 40; q++) {
        hs_date d = date_add_months(start, 3 * q);
        char id[48];
        if (q < 20 && held(s, "fund/mother/commitment/gov") < 0) {
            snprintf(id, sizeof id, "m-call-%d", q);
            int64_t uncalled = -held(s, "fund/mother/commitment/gov");
            int64_t want = (int64_t)nf * 2 * YI / 20 * 11 / 10;
            must(fund_call(s, id, "mother", want < uncalled ? want : uncalled, d, NULL, &ex, &err),
                 "mother call");
            events++;
        }
        snprintf(id, sizeof id, "m-fee-%d", q);
        int64_t fee;
        must(fund_fee(s, id, "mother", d, 91, 0, &fee, &ex, &err), "mother fee");
        events++;
        for (int f = 0; f < nf; f++) {
            char fid[FUND_ID_MAX], cash[ACCOUNT_NAME_MAX];
            snprintf(fid, sizeof fid, "sub-%04d", f);
            snprintf(cash, sizeof cash, "fund/%s/cash", fid);
            if (q < 20) {
                snprintf(id, sizeof id, "%s-c%d", fid, q);
                must(fund_call(s, id, fid, 10 * YI / 20, d, NULL, &ex, &err), "call");
                events++;
            }
            if (held(s, cash) >= 1000 * WAN) { /* a fund short of cash defers its fee */
                snprintf(id, sizeof id, "%s-f%d", fid, q);
                must(fund_fee(s, id, fid, date_add_days(d, 1), 91, 0, &fee, &ex, &err), "fee");
                events++;
            }
            for (int k = q * per_q; q < 20 && k < (q + 1) * per_q && k < nd; k++) {
                fund_deal dl;
                memset(&dl, 0, sizeof dl);
                snprintf(dl.fund, sizeof dl.fund, "%s", fid);
                snprintf(dl.deal, sizeof dl.deal, "d%03d", k);
                snprintf(dl.firm, sizeof dl.firm, "firm-%04d-%03d", f, k);
                snprintf(dl.sector, sizeof dl.sector, "%s", sectors[next() % 6]);
                snprintf(dl.stage, sizeof dl.stage, "%s", stages[next() % 4]);
                snprintf(dl.city, sizeof dl.city, "%s", cities[next() % 8]);
                snprintf(dl.region, sizeof dl.region, "%s", dl.city);
                dl.share_bp = 500 + (int64_t)(next() % 1000);
                int64_t amount = 10 * YI / nd * 7 / 10; /* 70% of the fund over its deals */
                snprintf(id, sizeof id, "%s-i%d", fid, k);
                must(fund_invest(s, id, &dl, amount, date_add_days(d, 2), &ex, &err), "invest");
                events++;
            }
            /* marks: each held deal about once every four years */
            for (int k = q % 16; k < nd && k < (q + 1) * per_q; k += 16) {
                fund_deal dl;
                bool found;
                must(fund_deal_get(s, fid, (snprintf(id, sizeof id, "d%03d", k), id), &dl, &found,
                                   &err),
                     "deal");
                if (!found || dl.status != FUND_DEAL_HELD)
                    continue;
                int64_t value = dl.held_fen / 10 * (int64_t)(2 + next() % 30);
                char mid[48];
                snprintf(mid, sizeof mid, "%s-m%d-%d", fid, q, k);
                must(fund_mark(s, mid, fid, dl.deal, value, date_add_days(d, 3), &ex, &err),
                     "mark");
                events++;
            }
            /* exits and write-offs in years 5-10 */
            if (q >= 16)
                for (int k = q - 16; k < nd; k += 24) {
                    fund_deal dl;
                    bool found;
                    char did[16];
                    snprintf(did, sizeof did, "d%03d", k);
                    must(fund_deal_get(s, fid, did, &dl, &found, &err), "deal");
                    if (!found || dl.status != FUND_DEAL_HELD)
                        continue;
                    snprintf(id, sizeof id, "%s-x%d", fid, k);
                    if (k % 5 == 0) {
                        must(fund_writeoff(s, id, fid, did, date_add_days(d, 4), &ex, &err), "wo");
                    } else {
                        must(fund_exit(s, id, fid, did, dl.value_fen, 0, date_add_days(d, 4), &ex,
                                       &err),
                             "exit");
                        events++;
                        if (f % 10 == 0 && dl.value_fen > 0) {
                            snprintf(id, sizeof id, "%s-ad%d", fid, k);
                            must(fund_distribute(s, id, fid, 0, did, date_add_days(d, 5), NULL, &ex,
                                                 &err),
                                 "american distribution");
                        }
                    }
                    events++;
                }
            if (q >= 17 && f % 10 != 0) {
                int64_t c = held(s, cash) - 3000 * WAN;
                if (c > 0) {
                    snprintf(id, sizeof id, "%s-d%d", fid, q);
                    must(fund_distribute(s, id, fid, c, NULL, date_add_days(d, 6), NULL, &ex, &err),
                         "distribution");
                    events++;
                }
            }
        }
        fprintf(stderr, "\rgen: quarter %d/40, %ld events", q + 1, events);
    }
    fprintf(stderr, "\n");
    printf("%ld\n", events);
    store_close(s);
    return 0;
}
