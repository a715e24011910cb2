/* project.c — bench/project's driver: the Monte Carlo core (project/mc_run.h) on a synthetic
 * programme of FUNDS funds (no firms, loans or policies: the fund model alone, as the numpy peer
 * computes it), PATHS paths, YEARS years, THREADS threads, seed SEED. Prints one JSON line:
 * {"funds","paths","years","threads","seconds","mean_final_nav","mean_final_tvpi"}; with --write
 * DIR it also writes DIR/funds.csv and DIR/params.json (the funds and the model's fund parameters)
 * for the peer to read. With --deals, each fund also lists one deal (30% of its NAV) in a registry
 * firm of its own (aged 6 years), whose exit or failure on a path pays or writes it off: the cost
 * of linking firms to funds (the peer has no such model). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "project/mc_params.h"
#include "project/mc_policy.h"
#include "project/mc_run.h"
#include "project/mc_snapshot.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The synthetic funds: sizes 1亿..10亿 yuan, vintages 0..23 quarters old, lives 10..12 years,
 * paid in and NAV as a fund of that age would have them, 30% government money. */
static void make_funds(mc_fund0 *funds, size_t n) {
    for (size_t f = 0; f < n; f++) {
        mc_fund0 *x = &funds[f];
        memset(x, 0, sizeof *x);
        snprintf(x->id, sizeof x->id, "f%zu", f);
        x->committed = 1e8 * (double)(1 + (f * 7919) % 10);
        x->age_q = (int32_t)(f % 24);
        x->life_q = 40 + 4 * (int32_t)(f % 3);
        double called = x->age_q >= 12 ? 0.9 : 0.9 * x->age_q / 12.0;
        x->paid_in = x->committed * called;
        x->nav = x->paid_in * 0.95;
        x->invested = x->paid_in * 0.9;
        x->gov_share = 0.3;
    }
}

/* One registry firm per fund and one listed deal in it of 30% of the fund's NAV. */
static int add_deals(mc_snapshot *s) {
    size_t n = s->n_funds;
    s->firms = calloc(n, sizeof *s->firms);
    s->deals = calloc(n, sizeof *s->deals);
    s->cities = calloc(1, sizeof *s->cities);
    if (s->firms == NULL || s->deals == NULL || s->cities == NULL)
        return -1;
    s->n_firms = s->n_deals = n;
    s->n_cities = 1;
    for (size_t f = 0; f < n; f++) {
        s->firms[f] =
            (mc_firm0){.sector = FIRM_SECTOR_NLP, .age_q = 24, .stage = FIRM_STAGE_GROWTH};
        s->deals[f] = (mc_deal0){.fund = (int32_t)f,
                                 .firm = (int32_t)f,
                                 .value = 0.3 * s->funds[f].nav,
                                 .cost = 0.3 * s->funds[f].nav};
        s->funds[f].first_deal = (int32_t)f;
        s->funds[f].n_deals = 1;
    }
    return 0;
}

static int write_inputs(const char *dir, const mc_fund0 *funds, size_t n, const mc_params *p) {
    char path[4096];
    snprintf(path, sizeof path, "%s/funds.csv", dir);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    fprintf(f, "committed,paid_in,nav,distributed,age_q,life_q\n");
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%.17g,%.17g,%.17g,%.17g,%d,%d\n", funds[i].committed, funds[i].paid_in,
                funds[i].nav, funds[i].distributed, funds[i].age_q, funds[i].life_q);
    if (fclose(f) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/params.json", dir);
    if ((f = fopen(path, "w")) == NULL)
        return -1;
    fprintf(f,
            "{\"call_rate_1\":%.17g,\"call_rate_2\":%.17g,\"call_rate_3\":%.17g,\"growth\":%.17g,"
            "\"volatility\":%.17g,\"bow\":%.17g,\"yield\":%.17g}\n",
            p->fund_call_rate_1, p->fund_call_rate_2, p->fund_call_rate_3, p->fund_growth,
            p->fund_volatility, p->fund_bow, p->fund_yield);
    return fclose(f) == 0 ? 0 : -1;
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: project FUNDS PATHS YEARS THREADS SEED [--write DIR | --deals]\n");
        return 2;
    }
    size_t n_funds = strtoul(argv[1], NULL, 10);
    int64_t paths = strtoll(argv[2], NULL, 10);
    int years = atoi(argv[3]), threads = atoi(argv[4]);
    uint64_t seed = strtoull(argv[5], NULL, 10);
    if (n_funds < 1 || paths < 1 || years < 1 || years > MC_YEARS_MAX || threads < 1) {
        fprintf(stderr, "project: FUNDS, PATHS, THREADS >= 1; YEARS 1..%d\n", MC_YEARS_MAX);
        return 2;
    }
    mc_snapshot snap;
    memset(&snap, 0, sizeof snap);
    snap.on = 0;
    snprintf(snap.programme, sizeof snap.programme, "bench");
    if (!date_parse("2024-06-30", &snap.on) ||
        (snap.funds = calloc(n_funds, sizeof *snap.funds)) == NULL)
        return 3;
    snap.n_funds = n_funds;
    make_funds(snap.funds, n_funds);
    mc_params p;
    mc_params_default(&p);
    hs_error err = {0};
    if (argc >= 8 && strcmp(argv[6], "--write") == 0 &&
        write_inputs(argv[7], snap.funds, n_funds, &p) != 0) {
        fprintf(stderr, "project: cannot write into %s\n", argv[7]);
        return 3;
    }
    if (argc >= 7 && strcmp(argv[6], "--deals") == 0 && add_deals(&snap) != 0)
        return 3;
    if (mc_policy_tabulate(&snap.policies, snap.on, years * 4, p.application_median,
                           p.application_sigma, &err) != HS_OK) {
        fprintf(stderr, "project: %s\n", err.msg);
        return 3;
    }
    mc_run_options opt = {.years = years, .paths = paths, .seed = seed, .threads = threads};
    mc_result r = {0};
    double t0 = now_s();
    hs_status st = mc_run(&snap, &p, &opt, &r, &err);
    double t1 = now_s();
    if (st != HS_OK) {
        fprintf(stderr, "project: %s\n", err.msg);
        return 3;
    }
    double nav = 0, tvpi = 0;
    for (int64_t i = 0; i < paths; i++) {
        nav += mc_result_value(&r, MC_FUND_NAV, years, i);
        tvpi += mc_result_value(&r, MC_FUND_TVPI, years, i);
    }
    printf("{\"funds\":%zu,\"paths\":%lld,\"years\":%d,\"threads\":%d,\"seconds\":%.4f,"
           "\"mean_final_nav\":%.6e,\"mean_final_tvpi\":%.6f}\n",
           n_funds, (long long)paths, years, threads, t1 - t0, nav / (double)paths,
           tvpi / (double)paths);
    mc_result_free(&r);
    mc_snapshot_free(&snap);
    return 0;
}
