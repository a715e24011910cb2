/* cmd_project.c — `huoshui project run|compare`: the Monte Carlo projection of a programme from
 * the live book (src/ops/project_ops.h, src/project/mc_run.h). Parsing and printing only. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/money.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "ops/project_run.h"
#include "ops/project_view.h"
#include "project/mc_output.h"

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: huoshui [--book B] project run --programme P [--years 10] [--paths 10000]\n"
        "           [--seed S] [--on DATE] [--set POLICY.PARAM=VALUE]... [--threads N]\n"
        "           [--csv F] [--chart F.svg] [--policy FILE]... [--new-funds N\n"
        "           [--new-fund-size 10亿]] [--no-store] [--json]\n"
        "       huoshui [--book B] project compare --programme P --set POLICY.PARAM=VALUE...\n"
        "           [the same options]    # baseline vs the --set variant, same draws\n\n"
        "Starts from the book on --on (default today): registry firms, loans outstanding on\n"
        "the programme's pools, pool balances, budgets left, the programme's funds and their\n"
        "deals in registry firms; pays subsidies and vouchers through its policies\n"
        "(policies/*.policy drawing on budget/P/..., and --policy FILE; a city's policy pays\n"
        "only that city's firms). --set model.NAME=VALUE changes a model parameter\n"
        "(docs/projection.md lists them with their sources); --set ID.PARAM=VALUE a policy\n"
        "parameter, exactly as editing the file would (e.g. chengdu.compute_voucher.share=60%%);\n"
        "--set model.fund_recycling.FUND_ID=40%% (or fund_investment_years) one fund's term.\n"
        "Prints P10/P50/P90 per year, the pools' depletion and each target's probability; the\n"
        "probabilities are stored for `report targets` (not with --no-store or compare). The\n"
        "same --seed gives the same numbers for any --threads.\n");
}

enum {
    OPT_PROGRAMME,
    OPT_YEARS,
    OPT_PATHS,
    OPT_SEED,
    OPT_ON,
    OPT_SET,
    OPT_THREADS,
    OPT_CSV,
    OPT_CHART,
    OPT_POLICY,
    OPT_NEW_FUNDS,
    OPT_NEW_FUND_SIZE,
    OPT_NO_STORE,
    OPT_COUNT
};

static const struct option project_opts[] = {
    {"programme", required_argument, NULL, OPT_PROGRAMME},
    {"years", required_argument, NULL, OPT_YEARS},
    {"paths", required_argument, NULL, OPT_PATHS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"on", required_argument, NULL, OPT_ON},
    {"set", required_argument, NULL, OPT_SET},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"csv", required_argument, NULL, OPT_CSV},
    {"chart", required_argument, NULL, OPT_CHART},
    {"policy", required_argument, NULL, OPT_POLICY},
    {"new-funds", required_argument, NULL, OPT_NEW_FUNDS},
    {"new-fund-size", required_argument, NULL, OPT_NEW_FUND_SIZE},
    {"no-store", no_argument, NULL, OPT_NO_STORE},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

#define SETS_MAX PROJECTION_SETS_MAX
#define POLICY_FILES_MAX 8

typedef struct {
    const char *cmd;
    project_request req;
    const char *policy_files[POLICY_FILES_MAX];
    const char *sets[SETS_MAX];
    size_t n_sets;
    mc_run_options run;
    const char *csv, *chart;
    bool store;
} project_args;

static int parse(const hs_config *cfg, cli_opts *o, int argc, char **argv, project_args *a) {
    static const int allowed[] = {OPT_PROGRAMME, OPT_YEARS,  OPT_PATHS,     OPT_SEED,
                                  OPT_ON,        OPT_SET,    OPT_THREADS,   OPT_CSV,
                                  OPT_CHART,     OPT_POLICY, OPT_NEW_FUNDS, OPT_NEW_FUND_SIZE,
                                  OPT_NO_STORE};
    int rc = opts_parse(o, argc, argv, allowed, OPT_COUNT, OPTS_NO_ARG);
    if (rc != 0)
        return rc;
    if ((rc = opts_need(o, OPT_PROGRAMME)) != 0)
        return rc;
    a->req.programme = o->val[OPT_PROGRAMME];
    int32_t years = 10, paths = 10000, threads = (int32_t)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1)
        threads = 1;
    if ((o->given[OPT_YEARS] && !opts_int32(o, OPT_YEARS, &years)) ||
        (o->given[OPT_PATHS] && !opts_int32(o, OPT_PATHS, &paths)) ||
        (o->given[OPT_THREADS] && !opts_int32(o, OPT_THREADS, &threads)))
        return 2;
    if (years < 1 || years > MC_YEARS_MAX)
        return opts_fail(o, OPT_YEARS, "invalid_field", "--years: 1..%d", MC_YEARS_MAX);
    if (paths < 1)
        return opts_fail(o, OPT_PATHS, "invalid_field", "--paths: at least 1");
    if (threads < 1 || threads > 256)
        return opts_fail(o, OPT_THREADS, "invalid_field", "--threads: 1..256");
    uint64_t seed = 1;
    if (o->given[OPT_SEED]) {
        char *end = NULL;
        seed = strtoull(o->val[OPT_SEED], &end, 10);
        if (*o->val[OPT_SEED] == '\0' || *end != '\0' || o->val[OPT_SEED][0] == '-')
            return opts_fail(o, OPT_SEED, "invalid_field", "--seed: a non-negative integer");
    }
    if (o->given[OPT_ON] && !opts_date(o, OPT_ON, &a->req.on))
        return 2;
    int32_t new_funds = 0;
    if (o->given[OPT_NEW_FUNDS] && !opts_int32(o, OPT_NEW_FUNDS, &new_funds))
        return 2;
    a->req.new_funds = new_funds;
    a->req.new_fund_size_fen = 100000000000LL; /* 10亿 */
    if (o->given[OPT_NEW_FUND_SIZE] && !opts_money(o, OPT_NEW_FUND_SIZE, &a->req.new_fund_size_fen))
        return 2;
    a->n_sets = opts_each(o, argc, argv, OPT_SET, a->sets, SETS_MAX);
    if (a->n_sets > SETS_MAX)
        return opts_fail(o, OPT_SET, "invalid_field", "--set: at most %d", SETS_MAX);
    size_t np = opts_each(o, argc, argv, OPT_POLICY, a->policy_files, POLICY_FILES_MAX);
    if (np > POLICY_FILES_MAX)
        return opts_fail(o, OPT_POLICY, "invalid_field", "--policy: at most %d", POLICY_FILES_MAX);
    a->req.policy_files = a->policy_files;
    a->req.n_policy_files = np;
    a->run = (mc_run_options){.years = years, .paths = paths, .seed = seed, .threads = threads};
    a->csv = o->val[OPT_CSV];
    a->chart = o->val[OPT_CHART];
    a->store = !o->given[OPT_NO_STORE];
    (void)cfg;
    return 0;
}

typedef struct {
    atomic_llong done;
    atomic_bool finished;
    int64_t total;
} progress;

static void *show_progress(void *arg) {
    progress *p = arg;
    while (!atomic_load(&p->finished)) {
        fprintf(stderr, "\r  projecting: %lld / %lld paths", (long long)atomic_load(&p->done),
                (long long)p->total);
        struct timespec ts = {0, 200 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    fprintf(stderr, "\r%60s\r", "");
    return NULL;
}

/* The request of the parsed options. */
static ops_projection_req request_of(const project_args *a) {
    return (ops_projection_req){.req = a->req, .sets = a->sets, .n_sets = a->n_sets, .run = a->run};
}

/* Runs fn(ctx, r, arg) with a progress line on a TTY (the paths done, from the run's counter). */
static hs_status with_progress(const hs_config *cfg, ops_projection_req *r,
                               hs_status (*fn)(const hs_ctx *ctx, const ops_projection_req *r,
                                               void *arg, hs_error *err),
                               const hs_ctx *ctx, void *arg, hs_error *err) {
    progress pr = {.total = r->run.paths};
    pthread_t tid;
    bool shown = cli_show_progress(cfg) && pthread_create(&tid, NULL, show_progress, &pr) == 0;
    if (shown)
        r->run.progress = &pr.done;
    hs_status st = fn(ctx, r, arg, err);
    if (shown) {
        atomic_store(&pr.finished, true);
        pthread_join(tid, NULL);
    }
    r->run.progress = NULL;
    return st;
}

/* An amount in yuan (a projection's double) as money text: "12,345.67 CNY" ("+..." when
 * signed and not negative); "?" when not finite or beyond the int64 fen range. Returns buf. */
static const char *yuan_text(const hs_config *cfg, double yuan, bool sign, char *buf, size_t len) {
    if (!isfinite(yuan) || fabs(yuan) * 100.0 > 9.0e18) {
        snprintf(buf, len, "?");
        return buf;
    }
    int64_t fen = (int64_t)llround(yuan * 100.0);
    char x[MONEY_TEXT_MAX];
    snprintf(buf, len, "%s%s", sign && fen >= 0 ? "+" : "", cli_money_text(cfg, fen, x, sizeof x));
    return buf;
}

static void print_band(const char *label, const mc_band *b, bool money, const hs_config *cfg) {
    if (!money) {
        printf("  %-18s %14.2f %14.2f %14.2f\n", label, b->p10, b->p50, b->p90);
        return;
    }
    char x[3][MONEY_TEXT_MAX + 1];
    const double v[3] = {b->p10, b->p50, b->p90};
    for (int k = 0; k < 3; k++)
        yuan_text(cfg, v[k], false, x[k], sizeof x[k]);
    printf("  %-18s %24s %24s %24s\n", label, x[0], x[1], x[2]);
}

static bool metric_is_money(mc_metric m) {
    return m != MC_FIRMS_ALIVE && m != MC_UNICORNS && m != MC_EXITS && m != MC_FUND_TVPI &&
           m != MC_FUND_DPI;
}

static void print_summary(const hs_config *cfg, const mc_snapshot *snap, const mc_summary *s) {
    char d[16];
    printf("projection of %s from %s: %lld paths, %d years (start: %zu firms, %zu loans, %zu "
           "pools, %zu funds, %zu policies, %zu budgets)\n",
           snap->programme, date_format(snap->on, d), (long long)s->paths, s->years, snap->n_firms,
           snap->n_loans, snap->n_pools, snap->n_funds, snap->policies.n, snap->n_budgets);
    for (int y = 1; y <= s->years; y++) {
        printf("year %d (to %s)%*sP10 / P50 / P90\n", y,
               date_format(date_add_years(snap->on, y), d), 8, "");
        for (int m = 0; m < MC_METRICS; m++)
            print_band(mc_metric_name((mc_metric)m), &s->band[m][y - 1],
                       metric_is_money((mc_metric)m), cfg);
    }
    if (snap->n_pools > 0) {
        printf("risk pools run short on %.1f%% of paths", 100.0 * s->depletion_share);
        const char *lab[3] = {"P10", "P50", "P90"};
        for (int k = 0; k < 3; k++)
            printf("%s %s %s", k ? "," : ";", lab[k],
                   s->depletion_q[k] < 0
                       ? "not within the horizon"
                       : date_format(date_add_months(snap->on, 3 * (s->depletion_q[k] + 1)), d));
        printf("\n");
    }
    for (size_t t = 0; t < snap->n_targets; t++) {
        double p = s->target_probability[t];
        printf("target %-24s %-18s by %s: ", snap->targets[t].id,
               target_indicator_name(snap->targets[t].indicator),
               date_format(snap->targets[t].deadline, d));
        if (isfinite(p))
            printf("P(reach) %.1f%%\n", 100.0 * p);
        else
            printf("not projected (deadline outside the horizon, or no actual to start from)\n");
    }
}

static int outputs(const hs_config *cfg, const project_args *a, const mc_snapshot *snap,
                   const mc_summary *s) {
    hs_error err = {0};
    if (a->csv) {
        FILE *f = strcmp(a->csv, "-") == 0 ? stdout : fopen(a->csv, "w");
        if (f == NULL)
            return cli_fail(a->cmd, HS_INPUT, "--csv %s: cannot write", a->csv);
        mc_write_csv(s, snap->on, f);
        if (f != stdout && fclose(f) != 0)
            return cli_fail(a->cmd, HS_STORAGE, "--csv %s: write failed", a->csv);
    }
    char title[128];
    snprintf(title, sizeof title, "projection of %s", snap->programme);
    if (a->chart && mc_write_fan_chart(s, snap->on, title, a->chart, &err) != HS_OK)
        return cli_report(a->cmd, &err);
    if (cfg->json)
        cli_print_json(view_projection(snap, s, a->run.seed));
    else if (!a->csv || strcmp(a->csv, "-") != 0)
        print_summary(cfg, snap, s);
    return 0;
}

typedef struct {
    bool store;
    ops_projection *out;
} run_arg;

static hs_status run_op(const hs_ctx *ctx, const ops_projection_req *r, void *arg, hs_error *err) {
    run_arg *x = arg;
    return ops_project_run(ctx, r, x->store, x->out, err);
}

static int run(const hs_config *cfg, hs_store *store, project_args *a) {
    hs_ctx ctx = cli_ctx(cfg, store);
    hs_error err = {0};
    ops_projection p;
    ops_projection_req r = request_of(a);
    run_arg x = {a->store, &p};
    if (with_progress(cfg, &r, run_op, &ctx, &x, &err) != HS_OK)
        return cli_report(a->cmd, &err);
    int rc = outputs(cfg, a, &p.snap, &p.summary);
    ops_projection_free(&p);
    return rc;
}

static void print_diff(const hs_config *cfg, const char *label, mc_diff df, bool money, bool pct) {
    if (money) {
        char m[MONEY_TEXT_MAX + 2], lo[MONEY_TEXT_MAX + 2], hi[MONEY_TEXT_MAX + 2];
        printf(
            "  %-20s %24s   95%% CI [%s, %s]\n", label, yuan_text(cfg, df.mean, true, m, sizeof m),
            yuan_text(cfg, df.lo, true, lo, sizeof lo), yuan_text(cfg, df.hi, true, hi, sizeof hi));
        return;
    }
    double k = pct ? 100.0 : 1.0;
    printf("  %-20s %+16.4g   95%% CI [%+.4g, %+.4g]%s\n", label, df.mean * k, df.lo * k, df.hi * k,
           pct ? " points" : "");
}

static hs_status compare_op(const hs_ctx *ctx, const ops_projection_req *r, void *arg,
                            hs_error *err) {
    return ops_project_compare(ctx, r, arg, err);
}

static int compare(const hs_config *cfg, hs_store *store, project_args *a) {
    if (a->n_sets == 0)
        return cli_fail(a->cmd, HS_INPUT, "--set is required: the variant to compare");
    hs_ctx ctx = cli_ctx(cfg, store);
    hs_error err = {0};
    ops_comparison c;
    ops_projection_req r = request_of(a);
    if (with_progress(cfg, &r, compare_op, &ctx, &c, &err) != HS_OK)
        return cli_report(a->cmd, &err);
    const ops_projection *b = &c.base, *v = &c.variant;
    char set_text[1024] = "";
    for (size_t i = 0; i < a->n_sets; i++)
        snprintf(set_text + strlen(set_text), sizeof set_text - strlen(set_text), "%s%s",
                 i ? " " : "", a->sets[i]);
    if (cfg->json) {
        cli_print_json(view_comparison(&b->snap, &b->result, &v->result, &b->summary, &v->summary,
                                       a->run.seed, set_text));
    } else {
        printf("%s vs baseline: %lld paths on common random numbers (seed %llu), variant - "
               "baseline at the end of year %d\n",
               set_text, (long long)b->result.paths, (unsigned long long)a->run.seed,
               b->result.years);
        for (int m = 0; m < MC_METRICS; m++)
            print_diff(cfg, mc_metric_name((mc_metric)m),
                       mc_diff_metric(&b->result, &v->result, (mc_metric)m, b->result.years),
                       metric_is_money((mc_metric)m), false);
        for (size_t t = 0; t < b->snap.n_targets; t++) {
            mc_diff df = mc_diff_target(&b->result, &v->result, t);
            if (isfinite(df.mean))
                print_diff(cfg, b->snap.targets[t].id, df, false, true);
        }
    }
    ops_comparison_free(&c);
    return 0;
}

int cmd_project(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    bool is_run = !strcmp(argv[1], "run"), is_compare = !strcmp(argv[1], "compare");
    if (!is_run && !is_compare) {
        usage(stderr);
        return cli_fail("project", HS_INPUT, "unknown subcommand '%s'", argv[1]);
    }
    project_args a = {.cmd = is_run ? "project run" : "project compare"};
    cli_opts o = {.cfg = cfg, .cmd = a.cmd, .table = project_opts, .usage = usage};
    int rc = parse(cfg, &o, argc - 1, argv + 1, &a);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    hs_store *s;
    if ((rc = cli_open_book(cfg, a.cmd, false, &s)) != 0)
        return rc;
    rc = is_run ? run(cfg, s, &a) : compare(cfg, s, &a);
    store_close(s);
    return rc;
}
