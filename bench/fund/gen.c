/* gen.c — builds the fund-group benchmark book through the fund module (the same calls the CLI
 * makes): a mother fund (government money from a programme budget) and N sub-funds of 10亿 (mother
 * 20%, state 20%, bank 20%, social 40%), each with D deals, over 10 years of quarterly events:
 * calls (5% a quarter for 5 years), fees, investments, marks, exits, write-offs, distributions.
 * Events go through src/ops (fund_ops_event_in) many to a transaction: BATCH events (default
 * 10,000; env FUND_BENCH_BATCH) are applied and committed at once, durably (one fsync each), and
 * the decisions the generator takes between events read inside the same transaction. Progress goes
 * to stderr only when it is a terminal.
 * usage: gen BOOK FUNDS DEALS_PER_FUND */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "instrument/fund.h"
#include "instrument/fund_deal.h"
#include "instrument/fund_dist.h"
#include "instrument/fund_lp.h"
#include "instrument/programme.h"
#include "ops/fund_ops.h"

static const hs_principal bench_principal = {.user = "bench", .role = HS_ROLE_OPERATOR};
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

/* The open batch: a transaction holding up to `batch_max` events. */
static hs_ctx ctx;
static hs_tx tx;
static long in_batch, batch_max = 10000;

static hs_tx *txn(void) {
    if (!store_in_txn(ctx.store))
        must(ops_begin(&ctx, &tx, &err), "begin");
    return &tx;
}

static void flush(void) {
    if (store_in_txn(ctx.store))
        must(ops_end(&tx, HS_OK, &err), "commit");
    in_batch = 0;
}

/* Applies one event in the open batch (committing it when full). */
static void event(const fund_event_req *q, const char *what) {
    fund_event_outcome o;
    must(fund_ops_event_in(txn(), q, &o, &err), what);
    if (++in_batch >= batch_max)
        flush();
}

static int64_t held(const char *name) {
    hs_account a;
    bool found;
    must(hs_tx_account_get(txn(), name, &a, &found, &err), "account");
    return found ? account_held_fen(&a) : 0;
}

static bool deal_get(const char *fund, const char *deal, fund_deal *d) {
    bool found;
    must(fund_deal_get_tx(txn(), fund, deal, d, &found, &err), "deal");
    return found;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: gen BOOK FUNDS DEALS_PER_FUND\n");
        return 2;
    }
    int nf = atoi(argv[2]), nd = atoi(argv[3]);
    hs_store *s;
    must(store_open(argv[1], STORE_CREATE, &s, &err), "open");
    const char *b = getenv("FUND_BENCH_BATCH");
    if (b != NULL && atol(b) > 0)
        batch_max = atol(b);
    bool progress = isatty(STDERR_FILENO);
    hs_clock clock = hs_clock_system();
    ctx = ops_ctx(s, &clock, &bench_principal, ".");
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
    must(fund_ops_create(&ctx, &t, &ex, &err), "mother");
    event(&(fund_event_req){.kind = FUND_EV_COMMIT,
                            .fund = "mother",
                            .lp = "gov",
                            .lp_type = FUND_LP_GOV,
                            .from = "budget/bench/mother",
                            .amount_fen = mother_size,
                            .phase = 1,
                            .date = start},
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
        must(fund_create(txn(), &u, &ex, &err), "sub");
        char lp[4][32];
        snprintf(lp[0], sizeof lp[0], "mother");
        snprintf(lp[1], sizeof lp[1], "state-%03d", f % 50);
        snprintf(lp[2], sizeof lp[2], "bank-%02d", f % 20);
        snprintf(lp[3], sizeof lp[3], "social-%04d", f);
        const fund_lp_type type[4] = {FUND_LP_FUND, FUND_LP_STATE, FUND_LP_BANK, FUND_LP_SOCIAL};
        const int64_t amount[4] = {2 * YI, 2 * YI, 2 * YI, 4 * YI};
        for (int i = 0; i < 4; i++)
            event(&(fund_event_req){.kind = FUND_EV_COMMIT,
                                    .fund = u.id,
                                    .lp = lp[i],
                                    .lp_type = type[i],
                                    .amount_fen = amount[i],
                                    .phase = 1,
                                    .date = start},
                  "commit");
    }
    long events = 0;
    int per_q = (nd + 19) / 20; /* investments a quarter for 5 years */
    for (int q = 0; q < 40; q++) {
        hs_date d = date_add_months(start, 3 * q);
        char id[48];
        if (q < 20 && held("fund/mother/commitment/gov") < 0) {
            snprintf(id, sizeof id, "m-call-%d", q);
            int64_t uncalled = -held("fund/mother/commitment/gov");
            int64_t want = (int64_t)nf * 2 * YI / 20 * 11 / 10;
            event(&(fund_event_req){.kind = FUND_EV_CALL,
                                    .id = id,
                                    .fund = "mother",
                                    .amount_fen = want < uncalled ? want : uncalled,
                                    .date = d},
                  "mother call");
            events++;
        }
        snprintf(id, sizeof id, "m-fee-%d", q);
        event(
            &(fund_event_req){
                .kind = FUND_EV_FEE, .id = id, .fund = "mother", .days = 91, .date = d},
            "mother fee");
        events++;
        for (int f = 0; f < nf; f++) {
            char fid[FUND_ID_MAX], cash[ACCOUNT_NAME_MAX];
            snprintf(fid, sizeof fid, "sub-%04d", f);
            snprintf(cash, sizeof cash, "fund/%s/cash", fid);
            if (q < 20) {
                snprintf(id, sizeof id, "%s-c%d", fid, q);
                event(&(fund_event_req){.kind = FUND_EV_CALL,
                                        .id = id,
                                        .fund = fid,
                                        .amount_fen = 10 * YI / 20,
                                        .date = d},
                      "call");
                events++;
            }
            if (held(cash) >= 1000 * WAN) { /* a fund short of cash defers its fee */
                snprintf(id, sizeof id, "%s-f%d", fid, q);
                event(&(fund_event_req){.kind = FUND_EV_FEE,
                                        .id = id,
                                        .fund = fid,
                                        .days = 91,
                                        .date = date_add_days(d, 1)},
                      "fee");
                events++;
            }
            for (int k = q * per_q; q < 20 && k < (q + 1) * per_q && k < nd; k++) {
                fund_event_req r = {.kind = FUND_EV_INVEST, .fund = fid};
                fund_deal *dl = &r.deal;
                snprintf(dl->deal, sizeof dl->deal, "d%03d", k);
                snprintf(dl->firm, sizeof dl->firm, "firm-%04d-%03d", f, k);
                snprintf(dl->sector, sizeof dl->sector, "%s", sectors[next() % 6]);
                snprintf(dl->stage, sizeof dl->stage, "%s", stages[next() % 4]);
                snprintf(dl->city, sizeof dl->city, "%s", cities[next() % 8]);
                snprintf(dl->region, sizeof dl->region, "%s", dl->city);
                dl->share_bp = 500 + (int64_t)(next() % 1000);
                r.amount_fen = 10 * YI / nd * 7 / 10; /* 70% of the fund over its deals */
                snprintf(id, sizeof id, "%s-i%d", fid, k);
                r.id = id;
                r.date = date_add_days(d, 2);
                event(&r, "invest");
                events++;
            }
            /* marks: each held deal about once every four years */
            for (int k = q % 16; k < nd && k < (q + 1) * per_q; k += 16) {
                fund_deal dl;
                char did[16];
                snprintf(did, sizeof did, "d%03d", k);
                if (!deal_get(fid, did, &dl) || dl.status != FUND_DEAL_HELD)
                    continue;
                int64_t value = dl.held_fen / 10 * (int64_t)(2 + next() % 30);
                char mid[48];
                snprintf(mid, sizeof mid, "%s-m%d-%d", fid, q, k);
                fund_event_req r = {.kind = FUND_EV_MARK,
                                    .id = mid,
                                    .fund = fid,
                                    .value_fen = value,
                                    .date = date_add_days(d, 3)};
                snprintf(r.deal.deal, sizeof r.deal.deal, "%s", did);
                event(&r, "mark");
                events++;
            }
            /* exits and write-offs in years 5-10 */
            if (q >= 16)
                for (int k = q - 16; k < nd; k += 24) {
                    fund_deal dl;
                    char did[16];
                    snprintf(did, sizeof did, "d%03d", k);
                    if (!deal_get(fid, did, &dl) || dl.status != FUND_DEAL_HELD)
                        continue;
                    snprintf(id, sizeof id, "%s-x%d", fid, k);
                    fund_event_req r = {.id = id, .fund = fid, .date = date_add_days(d, 4)};
                    snprintf(r.deal.deal, sizeof r.deal.deal, "%s", did);
                    if (k % 5 == 0) {
                        r.kind = FUND_EV_WRITEOFF;
                        event(&r, "wo");
                    } else {
                        r.kind = FUND_EV_EXIT;
                        r.proceeds_fen = dl.value_fen;
                        event(&r, "exit");
                        events++;
                        if (f % 10 == 0 && dl.value_fen > 0) {
                            snprintf(id, sizeof id, "%s-ad%d", fid, k);
                            r.kind = FUND_EV_DISTRIBUTE;
                            r.proceeds_fen = 0;
                            r.date = date_add_days(d, 5);
                            event(&r, "american distribution");
                        }
                    }
                    events++;
                }
            if (q >= 17 && f % 10 != 0) {
                int64_t c = held(cash) - 3000 * WAN;
                if (c > 0) {
                    snprintf(id, sizeof id, "%s-d%d", fid, q);
                    event(&(fund_event_req){.kind = FUND_EV_DISTRIBUTE,
                                            .id = id,
                                            .fund = fid,
                                            .amount_fen = c,
                                            .date = date_add_days(d, 6)},
                          "distribution");
                    events++;
                }
            }
        }
        if (progress)
            fprintf(stderr, "\rgen: quarter %d/40, %ld events", q + 1, events);
    }
    flush();
    if (progress)
        fprintf(stderr, "\n");
    printf("%ld\n", events);
    store_close(s);
    return 0;
}
